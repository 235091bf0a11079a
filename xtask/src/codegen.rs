//! `regen` and `check`: the bundled spec -> `generated-client/`.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const SPEC: &str = "spec/whatsapp-business-api.yaml";
pub const OUT: &str = "generated-client";
pub const CRATE_NAME: &str = "whatsapp-business-api";

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The shared corpus of real-world specs: `../shared/corpus` beside the
/// repository, or beside a directory above it (a worktree's checkout).
pub fn shared_corpus() -> PathBuf {
    let root = root();
    root.ancestors()
        .map(|d| d.join("../shared/corpus"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| root.join("../shared/corpus"))
}

/// Generates the client in memory, exactly as `regen` writes it.
pub fn generate() -> Result<BTreeMap<String, String>> {
    let root = root();
    let spec = std::fs::read_to_string(root.join(SPEC)).with_context(|| format!("reading {SPEC}"))?;
    // The header names the spec relative to the generated crate.
    let config = oagen::Config::new(CRATE_NAME)
        .spec_label(format!("../{SPEC}"))
        .regen_command("cargo xtask regen");
    let generated = oagen::generate(&config, &spec).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            oagen::error::render("error", &e.to_string(), SPEC, &spec, e.pointer(), e.location())
        )
    })?;
    for w in &generated.warnings {
        eprintln!("warning[{}]: {SPEC}{}: {}", w.code, location(w), w.message);
    }
    Ok(generated.files)
}

fn location(w: &oagen::Warning) -> String {
    match w.location {
        Some(l) => format!(":{}:{} ({})", l.line, l.column, w.pointer),
        None => format!(" ({})", w.pointer),
    }
}

pub fn regen() -> Result<()> {
    let files = generate()?;
    let out = root().join(OUT);
    let report = oagen::write::write_crate(&out, &files).with_context(|| format!("writing {OUT}/"))?;
    for p in &report.written {
        eprintln!("wrote {OUT}/{}", p.display());
    }
    for p in &report.removed {
        eprintln!("removed {OUT}/{}", p.display());
    }
    eprintln!(
        "{OUT}/: {} written, {} unchanged, {} removed",
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    Ok(())
}

/// The stale generated files, if any.
pub fn stale() -> Result<Vec<PathBuf>> {
    let files = generate()?;
    oagen::write::stale_files(&root().join(OUT), &files).with_context(|| format!("reading {OUT}/"))
}

pub fn check() -> Result<()> {
    let stale = stale()?;
    if stale.is_empty() {
        eprintln!("{OUT}/ is up to date with {SPEC}");
        return Ok(());
    }
    let list: Vec<String> = stale.iter().map(|p| format!("  {OUT}/{}", p.display())).collect();
    bail!(
        "generated files are stale (they differ from what {SPEC} generates):\n{}\nrun `cargo xtask regen` and commit the result",
        list.join("\n")
    )
}

#[cfg(test)]
mod tests {
    /// Plain `cargo test` catches stale bindings too.
    #[test]
    fn generated_client_is_up_to_date() {
        if let Err(e) = super::check() {
            panic!("{e:#}");
        }
    }
}

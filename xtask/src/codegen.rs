//! `regen` and `check`: the bundled spec -> `generated-client/`.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const SPEC: &str = "spec/whatsapp-business-api.yaml";
pub const OUT: &str = "generated-client";
/// The settings of the run: spec, output, crate name, overlays.
pub const CONFIG: &str = "spec/oagen.toml";

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

/// The bundled spec's text and the generation settings of `spec/oagen.toml`
/// (its overlays read).
pub fn setup() -> Result<(String, oagen::Config)> {
    let root = root();
    let text = std::fs::read_to_string(root.join(CONFIG)).with_context(|| format!("reading {CONFIG}"))?;
    let file = oagen::config_file::ConfigFile::parse(&text, CONFIG).map_err(|e| anyhow::anyhow!("{e}"))?;
    let dir = Path::new(CONFIG).parent().unwrap_or(Path::new(""));
    let file = file.resolve(dir);
    let rel = |p: &Option<PathBuf>| p.as_ref().map(|p| normalize(p)).transpose();
    if rel(&file.spec)?.as_deref() != Some(SPEC) || rel(&file.out)?.as_deref() != Some(OUT) {
        bail!("{CONFIG} must name spec = {SPEC} and out = {OUT} (relative to spec/)");
    }
    let spec = std::fs::read_to_string(root.join(SPEC)).with_context(|| format!("reading {SPEC}"))?;
    let mut labels = Vec::new();
    let mut config = file.apply_to(oagen::Config::new("whatsapp-business-api"));
    for path in &file.overlays {
        let label = normalize(path)?;
        let text = std::fs::read_to_string(root.join(&label)).with_context(|| format!("reading {label}"))?;
        config = config.overlay(oagen::OverlayFile::new(&label, text));
        labels.push(label);
    }
    // The header names every input relative to the generated crate.
    let spec_label = if labels.is_empty() {
        format!("../{SPEC}")
    } else {
        let labels: Vec<String> = labels.iter().map(|l| format!("../{l}")).collect();
        format!("../{SPEC} with overlay {} (../{CONFIG})", labels.join(", "))
    };
    Ok((spec, config.spec_label(spec_label).regen_command("cargo xtask regen")))
}

/// `spec/../generated-client` -> `generated-client`: a path relative to the
/// workspace root, resolved as the library resolves the paths it writes.
fn normalize(path: &Path) -> Result<String> {
    let root = oagen::write::absolute(&root())?;
    Ok(oagen::write::relative(
        &root,
        &oagen::write::absolute(&root.join(path))?,
    ))
}

/// Generates the client in memory, exactly as `regen` writes it.
pub fn generate() -> Result<BTreeMap<String, String>> {
    let (spec, config) = setup()?;
    let generated =
        oagen::generate(&config, &spec).map_err(|e| anyhow::anyhow!("{}", render_error(&e, &spec, &config)))?;
    for w in &generated.warnings {
        let file = w.file.as_deref().unwrap_or(SPEC);
        eprintln!("warning[{}]: {file}{}: {}", w.code, location(w), w.message);
    }
    Ok(generated.files)
}

/// An error rendered against the file it is located in (spec or overlay).
pub fn render_error(e: &oagen::Error, spec: &str, config: &oagen::Config) -> String {
    let (file, text) = match e.file() {
        Some(f) => (
            f,
            config
                .edits
                .overlays
                .iter()
                .find(|o| o.label == f)
                .map_or("", |o| o.text.as_str()),
        ),
        None => (SPEC, spec),
    };
    oagen::error::render("error", &e.to_string(), file, text, e.pointer(), e.location())
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

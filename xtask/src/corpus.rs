//! `corpus`: generate a crate from every real-world document in
//! `../shared/corpus/public` (and `large/` with `--large`), check them all in
//! one scratch workspace with one target directory, and print a table.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Row {
    document: String,
    version: String,
    package: String,
    generated: Result<(), String>,
    gen_warnings: usize,
    millis: u128,
    lines: usize,
}

fn corpus_dirs(large: bool) -> Result<Vec<PathBuf>> {
    let shared = crate::codegen::root().join("../shared/corpus");
    let mut dirs = vec![shared.join("public")];
    if large {
        dirs.push(shared.join("large"));
    }
    for d in &dirs {
        if !d.is_dir() {
            bail!(
                "{} is missing: the corpus lives in ../shared/corpus beside the repository",
                d.display()
            );
        }
    }
    Ok(dirs)
}

fn package_name(stem: &str) -> String {
    let mut s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    format!("corpus-{}", s.trim_matches('-'))
}

pub fn run(args: &[String]) -> Result<()> {
    let large = args.iter().any(|a| a == "--large");
    let skip_check = args.iter().any(|a| a == "--no-check");
    let filter = args
        .iter()
        .position(|a| a == "--filter")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let root = crate::codegen::root();
    let work = root.join("target/corpus");
    let crates_dir = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates_dir);
    std::fs::create_dir_all(&crates_dir)?;

    let mut docs = Vec::new();
    for dir in corpus_dirs(large)? {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
            .collect();
        entries.sort();
        docs.extend(entries);
    }
    if let Some(f) = &filter {
        docs.retain(|p| p.to_string_lossy().contains(f.as_str()));
    }

    let mut rows = Vec::new();
    for path in &docs {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc").to_string();
        let package = package_name(&stem);
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let version = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("openapi").and_then(|o| o.as_str()).map(str::to_string))
            .unwrap_or_else(|| "?".into());
        let config = oagen::Config::new(&package)
            .spec_label(format!("../shared/corpus/{stem}"))
            .regen_command("cargo xtask corpus");
        let started = Instant::now();
        let result = oagen::generate(&config, &text);
        let millis = started.elapsed().as_millis();
        let row = match result {
            Ok(g) => {
                let lines = g.files.values().map(|c| c.lines().count()).sum();
                oagen::write::write_crate(&crates_dir.join(&package), &g.files)?;
                Row {
                    document: stem,
                    version,
                    package,
                    generated: Ok(()),
                    gen_warnings: g.warnings.len(),
                    millis,
                    lines,
                }
            }
            Err(e) => Row {
                document: stem,
                version,
                package,
                generated: Err(e.to_string()),
                gen_warnings: 0,
                millis,
                lines: 0,
            },
        };
        rows.push(row);
    }

    let generated: Vec<&Row> = rows.iter().filter(|r| r.generated.is_ok()).collect();
    let check_ran = !skip_check && !generated.is_empty();
    let check = if check_ran {
        let packages: Vec<&str> = generated.iter().map(|r| r.package.as_str()).collect();
        check_crates(&root, &work, &packages)?
    } else {
        BTreeMap::new()
    };

    println!("| document | openapi | generated | cargo clippy | generator warnings | rustc and clippy warnings | lines | generation ms |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut failures = 0;
    for r in &rows {
        let (errors, warnings) = check.get(&r.package).copied().unwrap_or_default();
        let gen = if r.generated.is_ok() { "yes" } else { "no" };
        let checked = match (&r.generated, check_ran) {
            (Err(_), _) => "-",
            (Ok(()), false) => "skipped",
            (Ok(()), true) if errors == 0 => "yes",
            _ => "no",
        };
        if r.generated.is_err() || (check_ran && (errors > 0 || warnings > 0)) {
            failures += 1;
        }
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.document, r.version, gen, checked, r.gen_warnings, warnings, r.lines, r.millis
        );
        if let Err(e) = &r.generated {
            println!("|   error: {} |||||||", e.replace('|', "\\|"));
        }
    }
    let ok_gen = rows.iter().filter(|r| r.generated.is_ok()).count();
    let ok_check = rows
        .iter()
        .filter(|r| r.generated.is_ok() && check.get(&r.package).is_none_or(|(e, w)| *e == 0 && *w == 0))
        .count();
    println!();
    println!(
        "{ok_gen}/{} generated, {}/{} compile without rustc or clippy warnings",
        rows.len(),
        if check_ran { ok_check } else { 0 },
        rows.len()
    );
    if failures > 0 {
        bail!("{failures} document(s) failed to generate or to compile cleanly");
    }
    Ok(())
}

/// `cargo clippy` of the generated crates `packages` (under `work/crates`)
/// as one workspace: errors and warnings (rustc's and clippy's) per package.
fn check_crates(root: &Path, work: &Path, packages: &[&str]) -> Result<BTreeMap<String, (usize, usize)>> {
    let mut check: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let members: Vec<String> = packages.iter().map(|p| format!("\"crates/{p}\"")).collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )?;
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock"))?;
    eprintln!(
        "checking {} generated crates (one target dir: {})",
        packages.len(),
        work.join("target").display()
    );
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(work)
        .args([
            "clippy",
            "--workspace",
            "--keep-going",
            "--offline",
            "--message-format",
            "json",
        ])
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .context("running cargo clippy")?;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if v["reason"] != "compiler-message" {
            continue;
        }
        let Some(name) = v["target"]["name"].as_str() else {
            continue;
        };
        let entry = check.entry(name.replace('_', "-")).or_default();
        match v["message"]["level"].as_str() {
            Some("error") => entry.0 += 1,
            Some("warning") => entry.1 += 1,
            _ => {}
        }
        if matches!(v["message"]["level"].as_str(), Some("error" | "warning")) {
            if let Some(rendered) = v["message"]["rendered"].as_str() {
                eprintln!("{name}: {}", rendered.lines().take(12).collect::<Vec<_>>().join("\n"));
            }
        }
    }
    if !output.status.success() && check.values().all(|(e, _)| *e == 0) {
        bail!(
            "cargo clippy failed outside the generated crates:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    eprintln!("cargo clippy took {:.1} s", started.elapsed().as_secs_f64());
    Ok(check)
}

//! `bench --compile`: how long the generated GitHub client takes to
//! compile, crate only (dependencies prebuilt), against openapi-generator's
//! `rust` output for the same document when its jar is given, measured in
//! the same run with the rounds interleaved.
//!
//! Everything lives under `target/bench-compile/`, one target dir per
//! crate, so the workspace build is left alone and reruns are warm.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Crate {
    label: String,
    dir: PathBuf,
    target: PathBuf,
    /// Extra `cargo` arguments (features).
    args: Vec<String>,
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run_quiet(cmd: &mut Command, what: &str) -> Result<Duration> {
    let t = Instant::now();
    let out = cmd.output().with_context(|| format!("{what}: could not start"))?;
    if !out.status.success() {
        bail!("{what} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(t.elapsed())
}

fn rust_lines(dir: &Path) -> usize {
    fn walk(dir: &Path, n: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, n);
            } else if p.extension().is_some_and(|x| x == "rs") {
                *n += std::fs::read_to_string(&p).map(|s| s.lines().count()).unwrap_or(0);
            }
        }
    }
    let mut n = 0;
    walk(&dir.join("src"), &mut n);
    n
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// `cargo <mode>` of the crate, timed.
fn cargo_run(c: &Crate, mode: &str) -> Result<Duration> {
    run_quiet(
        cargo()
            .current_dir(&c.dir)
            .arg(mode)
            .arg("--quiet")
            .args(&c.args)
            .env("CARGO_TARGET_DIR", &c.target),
        &format!("cargo {mode} of {}", c.label),
    )
}

/// Times `cargo <mode>` of the crate alone: its `src/lib.rs` is touched so
/// only the crate itself is rebuilt.
fn time_crate(c: &Crate, mode: &str) -> Result<Duration> {
    let lib = c.dir.join("src/lib.rs");
    let text = std::fs::read(&lib)?;
    std::fs::write(&lib, text)?;
    cargo_run(c, mode)
}

pub fn run(args: &[String]) -> Result<()> {
    let root = crate::codegen::root();
    let mut runs = 3;
    let mut jar: Option<PathBuf> = None;
    let mut build = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--compile" => {}
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .context("--runs takes a number")?
            }
            "--openapi-generator" => {
                jar = Some(
                    it.next()
                        .context("--openapi-generator takes the path of its jar")?
                        .into(),
                )
            }
            "--build" => build = true,
            other => bail!("bench --compile: unknown argument `{other}`"),
        }
    }
    let spec = root.join("../shared/corpus/large/github.com_api.github.com.json");
    if !spec.exists() {
        bail!("{} is missing", spec.display());
    }
    let work = root.join("target/bench-compile");
    std::fs::create_dir_all(&work)?;
    run_quiet(
        cargo()
            .current_dir(&root)
            .args(["build", "--quiet", "--release", "-p", "oagen"]),
        "building oagen",
    )?;
    // Each crate is the one member of a workspace of its own, outside ours.
    let ours = work.join("oagen/oagen-github");
    std::fs::create_dir_all(work.join("oagen"))?;
    std::fs::write(
        work.join("oagen/Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"oagen-github\"]\n",
    )?;
    let t = run_quiet(
        Command::new(root.join("target/release/oagen"))
            .args(["generate", "--force", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(&ours)
            .args(["--crate-name", "oagen-github"]),
        "oagen generate",
    )?;
    println!("oagen generated the GitHub crate in {:.2} s", t.as_secs_f64());
    // The workspace lock pins the same dependency versions for every run.
    std::fs::copy(root.join("Cargo.lock"), work.join("oagen/Cargo.lock"))?;
    let mut crates = vec![
        Crate {
            label: "oagen".into(),
            dir: ours.clone(),
            target: work.join("target-oagen"),
            args: Vec::new(),
        },
        Crate {
            label: "oagen, feature `repos` only".into(),
            dir: ours.clone(),
            target: work.join("target-oagen"),
            args: vec!["--no-default-features".into(), "--features".into(), "repos".into()],
        },
    ];
    if let Some(jar) = &jar {
        let theirs = work.join("openapi-generator/ogen-github");
        let _ = std::fs::remove_dir_all(&theirs);
        std::fs::create_dir_all(work.join("openapi-generator"))?;
        std::fs::write(
            work.join("openapi-generator/Cargo.toml"),
            "[workspace]\nresolver = \"2\"\nmembers = [\"ogen-github\"]\n",
        )?;
        let t = run_quiet(
            Command::new("java")
                .arg("-jar")
                .arg(jar)
                .args(["generate", "-g", "rust", "-i"])
                .arg(&spec)
                .arg("-o")
                .arg(&theirs)
                .args(["--package-name", "ogen_github"]),
            "openapi-generator generate",
        )?;
        println!(
            "openapi-generator generated the GitHub crate in {:.2} s",
            t.as_secs_f64()
        );
        crates.push(Crate {
            label: "openapi-generator rust".into(),
            dir: theirs,
            target: work.join("target-openapi-generator"),
            args: Vec::new(),
        });
    } else {
        println!("(no --openapi-generator JAR: the baseline is not measured)");
    }
    let modes: &[&str] = if build { &["check", "build"] } else { &["check"] };
    for mode in modes {
        // Warm-up: dependencies, once per target dir.
        for c in &crates {
            cargo_run(c, mode)?;
        }
    }
    println!();
    println!(
        "| crate | lines of Rust | {} |",
        modes
            .iter()
            .map(|m| format!("cargo {m}, crate only (median of {runs})"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|---|{}", "---|".repeat(modes.len()));
    let mut results: Vec<Vec<Vec<Duration>>> = vec![vec![Vec::new(); modes.len()]; crates.len()];
    for (m, mode) in modes.iter().enumerate() {
        for _ in 0..runs {
            // Interleaved, so every crate sees the same machine conditions.
            for (i, c) in crates.iter().enumerate() {
                results[i][m].push(time_crate(c, mode)?);
            }
        }
    }
    for (i, c) in crates.iter().enumerate() {
        let cells: Vec<String> = results[i]
            .iter()
            .map(|v| format!("{:.1} s", median(v.clone()).as_secs_f64()))
            .collect();
        println!("| {} | {} | {} |", c.label, rust_lines(&c.dir), cells.join(" | "));
    }
    if jar.is_some() {
        let ratio = median(results[0][0].clone()).as_secs_f64() / median(results[2][0].clone()).as_secs_f64();
        println!();
        println!("cargo check, crate only: oagen / openapi-generator = {ratio:.2}");
    }
    Ok(())
}

//! `bench`: how fast and how big `oagen` is, in a release build, for the
//! bundled spec and the large corpus documents.
//!
//! First the binary as users run it: `oagen generate` spawned as a process
//! (human diagnostics on, read from its stderr; files written into an empty
//! directory) against a whole-process parse floor (`examples/parse_floor`:
//! read the file, deserialize it into `openapiv3`), the two interleaved in
//! the same run, medians, and the peak resident memory of each process.
//! Then the library-level figures (`examples/bench`): generation in memory
//! against the in-process floor, and where the time goes.

use crate::process::measure;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub fn run(args: &[String]) -> Result<()> {
    let root = crate::codegen::root();
    let mut files = vec![root.join(crate::codegen::SPEC)];
    for name in ["github.com_api.github.com.json", "kubernetes.io.json"] {
        let p = crate::codegen::shared_corpus().join("large").join(name);
        if p.exists() {
            files.push(p);
        } else {
            eprintln!("note: {} is missing; skipped", p.display());
        }
    }
    let mut runs = 7;
    let mut oagen = None;
    let mut baseline = None;
    let mut library = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|n| n.parse().ok()).context("--runs N")?,
            "--oagen" => oagen = Some(PathBuf::from(it.next().context("--oagen PATH")?)),
            "--baseline" => baseline = Some(PathBuf::from(it.next().context("--baseline PATH")?)),
            "--binary-only" => library = false,
            other => bail!("unknown bench option `{other}`"),
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(&root)
        .args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "oagen",
            "--bin",
            "oagen",
            "--example",
            "parse_floor",
        ])
        .status()?;
    if !status.success() {
        bail!("building the release binaries failed");
    }
    let release = target_dir(&root).join("release");
    let oagen = oagen.unwrap_or_else(|| release.join("oagen"));
    let mut binaries = vec![oagen];
    binaries.extend(baseline);
    binary_table(&binaries, &release.join("examples/parse_floor"), &files, runs)?;
    if !library {
        return Ok(());
    }
    println!();
    let status = Command::new(&cargo)
        .current_dir(&root)
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "oagen",
            "--example",
            "bench",
            "--",
            "--runs",
        ])
        .arg(runs.to_string())
        .args(&files)
        .status()?;
    if !status.success() {
        bail!("the benchmark failed");
    }
    Ok(())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One process per binary and the floor per round, interleaved; medians of
/// wall time and of CPU time (the steadier figure on a busy machine).
fn binary_table(binaries: &[PathBuf], floor: &Path, files: &[PathBuf], runs: usize) -> Result<()> {
    let scratch = target_dir(&crate::codegen::root()).join("bench-binary");
    for (i, b) in binaries.iter().enumerate() {
        let role = if i == 0 { "oagen" } else { "baseline" };
        println!("{role}: `{}`", b.display());
    }
    println!("as processes vs a whole-process parse floor, interleaved, medians of {runs} (wall / CPU):");
    println!();
    let mut head = String::from("| document | floor wall / CPU |");
    let mut rule = String::from("|---|---|");
    for i in 0..binaries.len() {
        let n = if i == 0 { "oagen" } else { "baseline" };
        head.push_str(&format!(" {n} wall / CPU | ratio wall / CPU | peak MiB |"));
        rule.push_str("---|---|---|");
    }
    println!("{head} peak MiB floor | warnings |");
    println!("{rule}---|---|");
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let out = scratch.join(name);
        let (mut floor_t, mut floor_c) = (Vec::new(), Vec::new());
        let mut times: Vec<(Vec<Duration>, Vec<Duration>)> = vec![Default::default(); binaries.len()];
        let mut peaks = vec![0u64; binaries.len()];
        let (mut floor_peak, mut warnings) = (0, 0);
        // Interleaved, so all see the same machine conditions.
        for _ in 0..runs {
            let f = measure(Command::new(floor).arg(file), "the parse floor")?;
            floor_t.push(f.time);
            floor_c.push(f.cpu);
            floor_peak = floor_peak.max(f.peak_kib);
            for (i, binary) in binaries.iter().enumerate() {
                let _ = std::fs::remove_dir_all(&out);
                let g = measure(
                    Command::new(binary)
                        .args(["generate", "--crate-name", "bench-client", "--spec"])
                        .arg(file)
                        .arg("--out")
                        .arg(&out),
                    &format!("{} generate", binary.display()),
                )?;
                times[i].0.push(g.time);
                times[i].1.push(g.cpu);
                peaks[i] = peaks[i].max(g.peak_kib);
                if i == 0 {
                    warnings = g.stderr.lines().filter(|l| l.starts_with("warning")).count();
                }
            }
        }
        let (f, fc) = (median(floor_t), median(floor_c));
        let mut row = format!("| {name} | {:.1} / {:.1} ms |", ms(f), ms(fc));
        for ((t, c), peak) in times.into_iter().zip(&peaks) {
            let (g, gc) = (median(t), median(c));
            row.push_str(&format!(
                " {:.1} / {:.1} ms | {:.1}x / {:.1}x | {:.0} |",
                ms(g),
                ms(gc),
                ms(g) / ms(f),
                ms(gc) / ms(fc).max(0.001),
                *peak as f64 / 1024.0
            ));
        }
        println!("{row} {:.0} | {warnings} |", floor_peak as f64 / 1024.0);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

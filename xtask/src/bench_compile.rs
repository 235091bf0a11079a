//! `bench --compile`: how long generated crates take to compile from cold,
//! crate only, against openapi-generator's `rust` output for the same
//! document, measured in the same run with the rounds interleaved.
//!
//! Dependencies are prebuilt once in one shared target dir; before every
//! timed run the crate's own artefacts are removed (`cargo clean -p`), so a
//! run is what a fresh clone or a regenerated client costs. The peak memory
//! is the largest resident set of `cargo` and the `rustc` it ran (`wait4`).
//! The incremental figure (touch `src/lib.rs`, check again) is reported
//! beside it, labelled as such.
//!
//! openapi-generator is installed by the task from PyPI (the wheel of
//! `openapi-generator-cli` bundles its jar; Java 17 runs it) into
//! `target/bench-compile/`, and reused when present.

mod setup;

use crate::process::{measure, Measured};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The documents measured: (label, file under the shared corpus); a Stripe
/// document is added when the corpus has one.
const DOCUMENTS: &[(&str, &str)] = &[
    ("github", "large/github.com_api.github.com.json"),
    ("kubernetes", "large/kubernetes.io.json"),
];

/// One crate to measure.
pub(crate) struct Crate {
    /// Document label (`github`).
    doc: String,
    /// `oagen`, `oagen (baseline)` or `openapi-generator`.
    generator: String,
    /// The workspace directory (one member, the crate in `crate/`).
    workspace: PathBuf,
    /// The crate's package name, for `cargo clean -p`.
    package: String,
    /// Extra `cargo` arguments (features).
    args: Vec<String>,
    /// Lines of Rust in the crate's `src/`.
    lines: usize,
}

impl Crate {
    fn label(&self) -> String {
        let features = match self.args.iter().position(|a| a == "--features") {
            Some(i) => format!(", feature `{}` only", self.args[i + 1]),
            None => String::new(),
        };
        format!("{}{features}", self.generator)
    }
}

struct Options {
    runs: usize,
    build: bool,
    jar: Option<PathBuf>,
    oagen: Option<PathBuf>,
    baseline: Option<PathBuf>,
    only: Option<String>,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        runs: 3,
        build: false,
        jar: None,
        oagen: None,
        baseline: None,
        only: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| it.next().cloned().with_context(|| format!("{a} takes {what}"));
        match a.as_str() {
            "--compile" => {}
            "--build" => o.build = true,
            "--runs" => {
                o.runs = value("a number")?.parse().context("--runs takes a number")?;
                if o.runs == 0 {
                    bail!("--runs takes a number above 0");
                }
            }
            "--openapi-generator" => o.jar = Some(value("the path of its jar")?.into()),
            "--oagen" => o.oagen = Some(value("the path of an oagen binary")?.into()),
            "--baseline" => o.baseline = Some(value("the path of an oagen binary")?.into()),
            "--only" => o.only = Some(value("a document label (github, kubernetes)")?),
            other => bail!("bench --compile: unknown argument `{other}`"),
        }
    }
    Ok(o)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `cargo <mode>` of the crate in the shared target dir.
fn cargo_run(c: &Crate, target: &Path, mode: &str) -> Result<Measured> {
    measure(
        cargo()
            .current_dir(&c.workspace)
            .arg(mode)
            .args(&c.args)
            .env("CARGO_TARGET_DIR", target)
            .env_remove("RUSTFLAGS"),
        &format!("cargo {mode} of {} ({})", c.label(), c.doc),
    )
}

/// The crate's own artefacts removed, dependencies kept.
fn clean(c: &Crate, target: &Path) -> Result<()> {
    measure(
        cargo()
            .current_dir(&c.workspace)
            .args(["clean", "-p", &c.package])
            .env("CARGO_TARGET_DIR", target),
        &format!("cargo clean -p {}", c.package),
    )
    .map(|_| ())
}

/// Cold `cargo <mode>`: clean, then timed.
fn cold(c: &Crate, target: &Path, mode: &str) -> Result<Measured> {
    clean(c, target)?;
    cargo_run(c, target, mode)
}

/// Incremental: the crate checked, `src/lib.rs` touched, checked again.
fn incremental(c: &Crate, target: &Path) -> Result<Measured> {
    let lib = c.workspace.join("crate/src/lib.rs");
    let text = std::fs::read(&lib).with_context(|| format!("reading {}", lib.display()))?;
    std::fs::write(&lib, text)?;
    cargo_run(c, target, "check")
}

fn median_time(runs: &[Measured]) -> Duration {
    let mut v: Vec<Duration> = runs.iter().map(|r| r.time).collect();
    v.sort();
    v[v.len() / 2]
}

fn median_cpu(runs: &[Measured]) -> Duration {
    let mut v: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
    v.sort();
    v[v.len() / 2]
}

fn median_peak(runs: &[Measured]) -> u64 {
    let mut v: Vec<u64> = runs.iter().map(|r| r.peak_kib).collect();
    v.sort();
    v[v.len() / 2]
}

/// The measurements of one crate.
#[derive(Default)]
struct Figures {
    check: Vec<Measured>,
    build: Vec<Measured>,
    incremental: Vec<Measured>,
}

pub fn run(args: &[String]) -> Result<()> {
    let o = parse(args)?;
    let root = crate::codegen::root();
    let work = root.join("target/bench-compile");
    std::fs::create_dir_all(&work)?;
    let corpus = crate::codegen::shared_corpus();
    let oagen = match &o.oagen {
        Some(p) => p.clone(),
        None => setup::build_oagen(&root)?,
    };
    let jar = match &o.jar {
        Some(j) => j.clone(),
        None => setup::install_openapi_generator(&work)?,
    };
    println!("oagen: {}", oagen.display());
    if let Some(b) = &o.baseline {
        println!("baseline oagen: {}", b.display());
    }
    println!("openapi-generator: {}", jar.display());
    let stripe = setup::find_in_corpus(&corpus, "stripe");
    let mut documents: Vec<(String, PathBuf)> =
        DOCUMENTS.iter().map(|(d, f)| (d.to_string(), corpus.join(f))).collect();
    documents.extend(stripe.iter().map(|p| ("stripe".to_string(), p.clone())));
    let mut crates = Vec::new();
    for (doc, spec) in &documents {
        if o.only.as_deref().is_some_and(|only| only != doc) {
            continue;
        }
        if !spec.exists() {
            println!("{doc}: {} is missing, skipped", spec.display());
            continue;
        }
        let tools = setup::Generators {
            oagen: &oagen,
            baseline: o.baseline.as_deref(),
            jar: &jar,
        };
        crates.extend(setup::generate_all(&work, doc, spec, &tools)?);
    }
    if crates.is_empty() {
        bail!("no document to measure");
    }
    let target = work.join("target");
    // Dependencies (and the crate itself once) built before any timing.
    let modes: &[&str] = if o.build { &["check", "build"] } else { &["check"] };
    for mode in modes {
        for c in &crates {
            println!("prebuilding dependencies: cargo {mode} of {} ({})", c.label(), c.doc);
            cargo_run(c, &target, mode)?;
        }
    }
    let mut figures: Vec<Figures> = crates.iter().map(|_| Figures::default()).collect();
    for round in 0..o.runs {
        println!("round {} of {}", round + 1, o.runs);
        // Interleaved: every crate sees the same machine conditions.
        for (c, f) in crates.iter().zip(&mut figures) {
            let check = cold(c, &target, "check")?;
            let again = incremental(c, &target)?;
            // Each figure as it comes, so that a long run interrupted keeps them.
            println!(
                "  {} | {}: cold check {} wall / {} CPU, peak {:.2} GiB; incremental {} / {}",
                c.doc,
                c.label(),
                secs(check.time),
                secs(check.cpu),
                check.peak_kib as f64 / 1_048_576.0,
                secs(again.time),
                secs(again.cpu)
            );
            f.check.push(check);
            f.incremental.push(again);
            if o.build {
                let build = cold(c, &target, "build")?;
                println!(
                    "  {} | {}: cold build {} / {}",
                    c.doc,
                    c.label(),
                    secs(build.time),
                    secs(build.cpu)
                );
                f.build.push(build);
            }
        }
    }
    report(&crates, &figures, &o, stripe.is_some());
    Ok(())
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn report(crates: &[Crate], figures: &[Figures], o: &Options, stripe: bool) {
    let theirs = |doc: &str| {
        crates
            .iter()
            .position(|c| c.doc == doc && c.generator == "openapi-generator")
            .map(|i| (median_time(&figures[i].check), median_cpu(&figures[i].check)))
    };
    println!();
    println!(
        "Cold: dependencies prebuilt, the crate's own artefacts removed (`cargo clean -p`) before each run; \
         medians of {} interleaved runs; wall / CPU time (user + system of cargo and rustc); peak RSS of \
         cargo and rustc; ratio = cold check / openapi-generator's cold check of its (whole) crate for the \
         same document, wall / CPU. Incremental: `src/lib.rs` touched, checked again (warm cache).",
        o.runs
    );
    println!();
    let build_col = if o.build { " cold build median |" } else { "" };
    println!("| crate | generator | lines | cold check median | peak RSS | ratio |{build_col} incremental check |");
    println!("|---|---|---|---|---|---|{}---|", if o.build { "---|" } else { "" });
    let pair = |r: &[Measured]| format!("{} / {}", secs(median_time(r)), secs(median_cpu(r)));
    for (c, f) in crates.iter().zip(figures) {
        let ratio = theirs(&c.doc).map_or("n/a".to_string(), |(wall, cpu)| {
            let of = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
            format!(
                "{:.3} / {:.3}",
                of(median_time(&f.check), wall),
                of(median_cpu(&f.check), cpu)
            )
        });
        let build = if o.build {
            format!(" {} |", pair(&f.build))
        } else {
            String::new()
        };
        println!(
            "| {} | {} | {} | {} | {:.2} GiB | {ratio} |{build} {} |",
            c.doc,
            c.label(),
            c.lines,
            pair(&f.check),
            median_peak(&f.check) as f64 / 1_048_576.0,
            pair(&f.incremental),
        );
    }
    if !stripe {
        println!(
            "| stripe | - | - | not in corpus | - | - |{} - |",
            if o.build { " - |" } else { "" }
        );
    }
}

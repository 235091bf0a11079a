//! Runs files (or every file of directories) through `generate` and sorts
//! the outcomes: `ok`, `located` (pointer and line), `pointer-only`,
//! `syntax-unlocated`, `unlocated`, `internal`, `panic`. Prints every input
//! that is not `ok` or `located` and a summary, with the slowest input:
//!
//! ```text
//! cargo run --release --manifest-path generator/fuzz/Cargo.toml --example replay -- generator/fuzz/corpus/generate
//! ```
//!
//! `mutate` inputs are not documents; render them first (`--example render`).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        let path = PathBuf::from(arg);
        match std::fs::read_dir(&path) {
            Ok(entries) => files.extend(entries.filter_map(|e| e.ok().map(|e| e.path()))),
            Err(_) => files.push(path),
        }
    }
    files.sort();
    std::panic::set_hook(Box::new(|_| {}));
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else { continue };
        if bytes.len() > oagen_fuzz::MAX_INPUT {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let start = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| oagen::generate(&oagen::Config::new("fuzz"), &text)));
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        let (class, detail) = match &result {
            Err(_) => ("panic", String::new()),
            Ok(Ok(_)) => ("ok", String::new()),
            Ok(Err(e)) => {
                let message = e.to_string();
                let class = if message.contains("internal error") {
                    "internal"
                } else if e.pointer().is_some() && e.location().is_some() {
                    "located"
                } else if e.pointer().is_some() {
                    "pointer-only"
                } else if matches!(e, oagen::Error::Syntax { .. }) {
                    if e.location().is_some() { "located" } else { "syntax-unlocated" }
                } else {
                    "unlocated"
                };
                (class, format!("{}: {message}", e.code()))
            }
        };
        *counts.entry(class).or_default() += 1;
        if class != "ok" && class != "located" {
            println!("{class}\t{}\t{}", path.display(), detail.chars().take(200).collect::<String>());
        }
    }
    println!("{counts:?}");
    println!("slowest: {:?} {}", slowest.0, slowest.1.display());
}

//! `bench`: generation speed and peak memory against the parse floor, in a
//! release build, for the bundled spec and the large corpus documents.

use anyhow::{bail, Result};
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    let root = crate::codegen::root();
    let mut files = vec![root.join(crate::codegen::SPEC)];
    for name in ["github.com_api.github.com.json", "kubernetes.io.json"] {
        let p = root.join("../shared/corpus/large").join(name);
        if p.exists() {
            files.push(p);
        } else {
            eprintln!("note: {} is missing; skipped", p.display());
        }
    }
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(&root)
        .args(["run", "--quiet", "--release", "-p", "oagen", "--example", "bench", "--"])
        .args(args)
        .args(&files);
    let status = cmd.status()?;
    if !status.success() {
        bail!("the benchmark failed");
    }
    Ok(())
}

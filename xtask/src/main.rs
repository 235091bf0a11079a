//! Project automation: `cargo xtask <task>`.
//!
//! - `regen`: regenerate `generated-client/` from `spec/`.
//! - `check`: fail if the committed `generated-client/` is stale.

mod codegen;
mod corpus;

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  regen    regenerate generated-client/ from spec/whatsapp-business-api.yaml
  check    fail if generated-client/ differs from what regen would write
  corpus   generate and check a crate per document in ../shared/corpus/public
           [--large] also ../shared/corpus/large; [--no-check]; [--filter TEXT]
";

fn main() -> std::process::ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

fn run() -> Result<std::process::ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprint!("{USAGE}");
        return Ok(std::process::ExitCode::from(2));
    };
    match task.as_str() {
        "regen" => codegen::regen().map(|()| std::process::ExitCode::SUCCESS),
        "check" => codegen::check().map(|()| std::process::ExitCode::SUCCESS),
        "corpus" => corpus::run(&args[1..]).map(|()| std::process::ExitCode::SUCCESS),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(std::process::ExitCode::SUCCESS)
        }
        other => bail!("unknown task `{other}`\n\n{USAGE}"),
    }
}

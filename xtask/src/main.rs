//! Project automation: `cargo xtask <task>`.
//!
//! - `regen`: regenerate `generated-client/` from `spec/`.
//! - `check`: fail if the committed `generated-client/` is stale.

mod bench;
mod bench_compile;
mod codegen;
mod conformance;
mod corpus;
mod http;
mod process;
mod real_servers;
mod spec_diff;

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  regen    regenerate generated-client/ from spec/whatsapp-business-api.yaml
  check    fail if generated-client/ differs from what regen would write
  bench    the oagen binary end to end vs a whole-process parse floor, then the
           library vs the in-process floor (release build)
           [--runs N] [--oagen PATH] [--baseline PATH] [--binary-only]
           --compile: cold cargo check of the generated GitHub and Kubernetes crates,
           crate only, vs openapi-generator's (installed with pip into target/)
           [--runs N] [--build] [--only DOC] [--baseline OAGEN] [--oagen OAGEN]
           [--openapi-generator JAR]
  corpus   generate and check a crate per document in ../shared/corpus/public
           [--large] also ../shared/corpus/large; [--no-check]; [--filter TEXT]
  spec-diff  semantic diff of the spec with breaking changes for the generated client
           [--base FILE|GIT-REV] [--head FILE] [--format markdown|json] [--fail-on-breaking]
  conformance  run all 55 operations through the client against a Prism mock of the spec
           (Prism installed by npm into target/prism/) [--strict]
  real-servers  install real servers (chromadb, prefect; pinned, pip into target/real-servers/),
           run each on 127.0.0.1, generate a client from the OpenAPI 3.1 document it serves
           and run the workflow in tests/real-servers/<name> against it [--only NAME]
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
        "bench" if args.iter().any(|a| a == "--compile") => {
            bench_compile::run(&args[1..]).map(|()| std::process::ExitCode::SUCCESS)
        }
        "bench" => bench::run(&args[1..]).map(|()| std::process::ExitCode::SUCCESS),
        "corpus" => corpus::run(&args[1..]).map(|()| std::process::ExitCode::SUCCESS),
        "spec-diff" => Ok(spec_diff::run(&args[1..])),
        "conformance" => conformance::run(&args[1..]),
        "real-servers" => real_servers::run(&args[1..]),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(std::process::ExitCode::SUCCESS)
        }
        other => bail!("unknown task `{other}`\n\n{USAGE}"),
    }
}

//! `oagen diff`: the review command, kept apart from `generate` so the two
//! evolve independently.

use clap::{Args, ValueEnum};
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Grouped by operation and schema, for a pull request.
    Markdown,
    /// `{"base", "head", "changes": [{"pointer", "kind", "breaking", "wire", "level", "message", "rust", ...}], "summary"}`.
    Json,
}

/// Arguments of `oagen diff`.
#[derive(Args)]
pub struct DiffArgs {
    /// The old document: a file, or `REV:path` read with `git show` (`main:spec/api.yaml`).
    base: String,
    /// The new document, spelled the same way.
    head: String,
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
    /// Exit with status 1 when any change breaks callers of the generated client
    /// (`level: error`: it stops compiling, or the server rejects what it sends, or it cannot decode an answer).
    #[arg(long)]
    fail_on_breaking: bool,
    /// Package name of the generated crate: Rust items are printed as its users write them (`my_api::types::Pet`).
    /// Defaults to the config file's `crate-name`.
    #[arg(long)]
    crate_name: Option<String>,
    /// An OpenAPI Overlay applied to both sides before comparing, as `oagen generate --overlay` applies it
    /// (repeatable, in order; read from the working tree; replaces the config file's overlays).
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<String>,
    /// An `oagen.toml`: both sides are compared as the project generates from them (its overlays and its
    /// `[select]`ion of operations), and Rust items are named after its `crate-name`.
    #[arg(long, value_name = "oagen.toml")]
    config: Option<String>,
}

/// Runs `oagen diff`: exit status 0, 1 (a breaking change with
/// `--fail-on-breaking`) or 2 (bad input).
pub fn run(args: DiffArgs) -> ExitCode {
    let request = oagen::diff::command::Request {
        base: args.base,
        head: args.head,
        format: match args.format {
            Format::Markdown => oagen::diff::command::OutputFormat::Markdown,
            Format::Json => oagen::diff::command::OutputFormat::Json,
        },
        fail_on_breaking: args.fail_on_breaking,
        crate_name: args.crate_name,
        overlays: args.overlays,
        config: args.config,
    };
    let dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
    match oagen::diff::command::run(&request, &dir) {
        Ok(outcome) => {
            print!("{}", outcome.output);
            ExitCode::from(outcome.exit)
        }
        Err(message) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(2)
        }
    }
}

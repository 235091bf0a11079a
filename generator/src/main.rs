//! The `oagen` command line: a thin wrapper around the library.

use clap::{Parser, Subcommand, ValueEnum};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

mod diff_cli;

#[derive(Parser)]
#[command(
    name = "oagen",
    version,
    about = "Generate a typed async Rust client crate from an OpenAPI 3.0/3.1 document"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum MessageFormat {
    /// Readable diagnostics with the offending source line.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a complete, standalone crate (Cargo.toml and src/) into --out.
    ///
    /// Only files whose contents change are written, each atomically; nothing is
    /// written unless generation succeeds. Files it generated earlier and no longer
    /// produces are removed; files it did not generate are never touched.
    Generate {
        /// The OpenAPI document (YAML or JSON; OpenAPI 3.0.x or 3.1.x).
        #[arg(long)]
        spec: PathBuf,
        /// Directory of the generated crate (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Cargo package name of the generated crate.
        #[arg(long)]
        crate_name: String,
        /// Version of the generated crate (default: the API's version when it is
        /// semver-like, else 0.1.0).
        #[arg(long)]
        crate_version: Option<String>,
        /// Generate into a directory that holds files oagen did not generate
        /// (they are left alone).
        #[arg(long)]
        force: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Do not write; exit 1 if any generated file on disk is stale.
        #[arg(long)]
        check: bool,
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
    },
    /// Compare two versions of a document and judge each change for callers of the generated client.
    ///
    /// Prints "no changes" when the two documents describe the same API. Each change carries `breaking` (code
    /// written against the old client stops compiling, or stops working), `wire` (the server rejects a request
    /// the old client sent validly, or the old client cannot decode an answer) and `level` (error, warning, info);
    /// the rules are in docs/spec-diff-rules.md. Exit status: 0; 1 with --fail-on-breaking when any change has
    /// level error; 2 on bad input (an unreadable file, an unknown revision, a document that does not load).
    Diff(diff_cli::DiffArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Diff(args) => diff_cli::run(args),
        Command::Generate {
            spec,
            out,
            crate_name,
            crate_version,
            force,
            deny_warnings,
            check,
            message_format,
        } => {
            let text = match std::fs::read_to_string(&spec) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", spec.display());
                    return ExitCode::from(2);
                }
            };
            let label = spec.display().to_string();
            let mut config = oagen::Config::new(crate_name).spec_label(&label).regen_command(format!(
                "oagen generate --spec {label} --out {} --crate-name ...",
                out.display()
            ));
            if let Some(v) = crate_version {
                config = config.crate_version(v);
            }
            let report = oagen_cli::Reporter {
                format: message_format == MessageFormat::Json,
                file: &label,
                text: &text,
            };
            let generated = match oagen::generate(&config, &text) {
                Ok(g) => g,
                Err(e) => {
                    report.error(&e);
                    return ExitCode::from(1);
                }
            };
            for w in &generated.warnings {
                report.warning(w);
            }
            if deny_warnings && !generated.warnings.is_empty() {
                report.error(&oagen::Error::DeniedWarnings {
                    count: generated.warnings.len(),
                });
                return ExitCode::from(1);
            }
            if check {
                return match oagen::write::stale_files(&out, &generated.files) {
                    Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
                    Ok(stale) => {
                        for s in stale {
                            eprintln!("stale: {}", out.join(s).display());
                        }
                        ExitCode::from(1)
                    }
                    Err(e) => {
                        eprintln!("error: cannot read {}: {e}", out.display());
                        ExitCode::from(2)
                    }
                };
            }
            if !force {
                match oagen::write::foreign_files(&out) {
                    Ok(foreign) if !foreign.is_empty() => {
                        eprintln!(
                            "error: {} holds files oagen did not generate ({}); pass --force to generate into it anyway (they are left alone)",
                            out.display(),
                            foreign.iter().take(5).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                        );
                        return ExitCode::from(1);
                    }
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("error: cannot read {}: {e}", out.display());
                        return ExitCode::from(2);
                    }
                }
            }
            match oagen::write::write_crate(&out, &generated.files) {
                Ok(r) => {
                    if message_format == MessageFormat::Human {
                        eprintln!(
                            "generated {} files in {} ({} written, {} unchanged, {} removed, {} warnings)",
                            generated.files.len(),
                            out.display(),
                            r.written.len(),
                            r.unchanged.len(),
                            r.removed.len(),
                            generated.warnings.len()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write to {}: {e}", out.display());
                    ExitCode::from(2)
                }
            }
        }
    }
}

mod oagen_cli {
    use oagen::{Error, Location, Warning};

    pub struct Reporter<'a> {
        pub format: bool,
        pub file: &'a str,
        pub text: &'a str,
    }

    impl Reporter<'_> {
        fn emit(&self, level: &str, code: &str, message: &str, pointer: Option<&str>, location: Option<Location>) {
            if self.format {
                let v = serde_json::json!({
                    "level": level,
                    "code": code,
                    "message": message,
                    "file": self.file,
                    "pointer": pointer,
                    "line": location.map(|l| l.line),
                    "column": location.map(|l| l.column),
                });
                println!("{v}");
                return;
            }
            eprintln!(
                "{}",
                oagen::error::render(level, message, self.file, self.text, pointer, location)
            );
        }

        pub fn error(&self, e: &Error) {
            self.emit("error", e.code(), &e.to_string(), e.pointer(), e.location());
        }

        pub fn warning(&self, w: &Warning) {
            self.emit("warning", w.code.as_str(), &w.message, Some(&w.pointer), w.location);
        }
    }
}

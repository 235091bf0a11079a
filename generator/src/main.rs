//! The `oagen` command line: a thin wrapper around the library.

use clap::{Parser, Subcommand, ValueEnum};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    /// produces are removed; files it did not generate are never overwritten or
    /// removed, --force included. The header of each file names the spec relative
    /// to the crate and a command that regenerates it from the workspace root, so
    /// --check gives the same answer from any directory.
    Generate {
        /// The OpenAPI document (YAML or JSON; OpenAPI 3.0.x or 3.1.x).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Directory of the generated crate (created if missing).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Cargo package name of the generated crate.
        #[arg(long)]
        crate_name: Option<String>,
        /// Settings file (default: `oagen.toml` beside the spec, if any); the
        /// other flags override its settings.
        #[arg(long)]
        config: Option<PathBuf>,
        /// An OpenAPI Overlay (1.0) applied to the spec before generation;
        /// repeatable, applied in order; replaces the config file's overlays.
        #[arg(long = "overlay")]
        overlays: Vec<PathBuf>,
        /// Version of the generated crate, semver (default: the API's version when it
        /// is semver-like, else 0.1.0).
        #[arg(long, value_parser = crate_version)]
        crate_version: Option<String>,
        /// Generate into a directory that holds files oagen did not generate (they
        /// are left alone; a Cargo.toml of your own is kept and the dependencies it
        /// lacks are listed).
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
        #[command(flatten)]
        diagnostics: Diagnostics,
    },
    /// Compare two versions of a document and judge each change for callers of the generated client.
    ///
    /// Prints "no changes" when the two documents describe the same API. Each change carries `breaking` (code
    /// written against the old client stops compiling, or stops working), `wire` (the server rejects a request
    /// the old client sent validly, or the old client cannot decode an answer) and `level` (error, warning, info);
    /// the rules are in docs/spec-diff-rules.md. With --config oagen.toml (or --overlay FILE), both sides are
    /// compared as the project generates from them: its overlays and selection applied to each. Exit status: 0;
    /// 1 with --fail-on-breaking when any change has level error; 2 on bad input (an unreadable file, an unknown
    /// revision, a document that does not load).
    Diff(diff_cli::DiffArgs),
}

/// Which warnings are shown, and which fail the run.
#[derive(clap::Args)]
struct Diagnostics {
    /// Do not report warnings with this code (repeatable; codes in docs/warnings.md).
    #[arg(long, value_name = "CODE")]
    allow: Vec<oagen::error::WarningCode>,
    /// Make warnings with this code errors (repeatable).
    #[arg(long, value_name = "CODE")]
    deny: Vec<oagen::error::WarningCode>,
    /// Print errors only: no warnings, no summary, no progress line.
    #[arg(long, short)]
    quiet: bool,
}

fn crate_version(v: &str) -> Result<String, String> {
    oagen::config::check_semver(v).map(|()| v.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Diff(args) => diff_cli::run(args),
        Command::Generate {
            spec,
            out,
            crate_name,
            config,
            overlays,
            crate_version,
            force,
            deny_warnings,
            check,
            message_format,
            diagnostics,
        } => {
            let overrides = oagen::config_file::Overrides {
                config,
                spec,
                out,
                crate_name,
                crate_version,
                overlays,
                deny_warnings,
            };
            let run = match oagen::config_file::prepare(&overrides) {
                Ok(run) => run,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let (text, config, out) = (&run.spec_text, &run.config, run.out.clone());
            let label = run.spec.display().to_string();
            let report = oagen_cli::Reporter::new(
                message_format == MessageFormat::Json,
                &label,
                text,
                &config.edits.overlays,
            );
            let generated = match oagen::generate(config, text) {
                Ok(g) => g,
                Err(e) => {
                    report.error(&e);
                    return ExitCode::from(1);
                }
            };
            let tally = report.warnings(&generated.warnings, &diagnostics, config.deny_warnings);
            if tally.denied > 0 {
                report.error(&oagen::Error::DeniedWarnings { count: tally.denied });
                return ExitCode::from(1);
            }
            if check {
                return check_files(&out, &generated.files);
            }
            write_files(&out, &generated.files, force, &|written| {
                if message_format == MessageFormat::Human && !diagnostics.quiet {
                    eprintln!(
                        "generated {} files in {} ({written}, {} warnings)",
                        generated.files.len(),
                        out.display(),
                        tally.shown
                    );
                }
            })
        }
    }
}

fn check_files(out: &Path, files: &BTreeMap<String, String>) -> ExitCode {
    match oagen::write::stale_files(out, files) {
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
    }
}

/// Writes the crate unless that would replace a file oagen did not write:
/// such files are named and nothing is written; only a `Cargo.toml` of the
/// user's own is kept (with `--force`), and the dependencies it lacks listed.
fn write_files(out: &Path, files: &BTreeMap<String, String>, force: bool, done: &dyn Fn(String)) -> ExitCode {
    let listed = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (foreign, conflicts) = match (oagen::write::foreign_files(out), oagen::write::conflicts(out, files)) {
        (Ok(f), Ok(c)) => (f, c),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: cannot read {}: {e}", out.display());
            return ExitCode::from(2);
        }
    };
    let clashing: Vec<PathBuf> = conflicts
        .iter()
        .filter(|p| *p != Path::new("Cargo.toml"))
        .cloned()
        .collect();
    if !clashing.is_empty() {
        eprintln!(
            "error: {} holds files oagen did not generate where it would write its own: {}; move them away (oagen never overwrites them, --force included)",
            out.display(),
            listed(&clashing)
        );
        return ExitCode::from(1);
    }
    if !force && !foreign.is_empty() {
        eprintln!(
            "error: {} holds files oagen did not generate ({}); pass --force to generate into it anyway (they are left alone)",
            out.display(),
            listed(&foreign)
        );
        return ExitCode::from(1);
    }
    match oagen::write::write_crate(out, files) {
        Ok(r) => {
            if r.kept.iter().any(|p| p == Path::new("Cargo.toml")) {
                let user = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
                let missing = oagen::write::missing_dependencies(&user, &files["Cargo.toml"]);
                eprintln!("note: kept your {} as it is", out.join("Cargo.toml").display());
                if !missing.is_empty() {
                    eprintln!("note: the generated code needs these [dependencies] it lacks:");
                    for line in missing {
                        eprintln!("    {line}");
                    }
                }
            }
            done(format!(
                "{} written, {} unchanged, {} removed, {} kept",
                r.written.len(),
                r.unchanged.len(),
                r.removed.len(),
                r.kept.len()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}

mod oagen_cli {
    use oagen::error::Diagnostic;
    use oagen::internal::Locator;
    use oagen::{Error, Location, OverlayFile, Warning};
    use std::collections::BTreeMap;

    /// Prints diagnostics of one document; its line index is built once.
    pub struct Reporter<'a> {
        json: bool,
        file: &'a str,
        locator: Locator<'a>,
        /// Diagnostics about overlays, or nodes they wrote, are shown in them.
        overlays: &'a [OverlayFile],
    }

    /// What [`Reporter::warnings`] did.
    pub struct Tally {
        /// Warnings reported as warnings.
        pub shown: usize,
        /// Warnings reported as errors (`--deny CODE`, `--deny-warnings`).
        pub denied: usize,
    }

    impl<'a> Reporter<'a> {
        pub fn new(json: bool, file: &'a str, text: &'a str, overlays: &'a [OverlayFile]) -> Self {
            Reporter {
                json,
                file,
                locator: Locator::new(text, oagen::internal::detect_format(text)),
                overlays,
            }
        }

        fn emit(&self, d: &Diagnostic<'_>, file: Option<&str>) {
            let overlay = file.and_then(|f| self.overlays.iter().find(|o| o.label == f));
            let file = overlay.map_or(self.file, |o| o.label.as_str());
            use std::io::Write as _;
            if self.json {
                let v = serde_json::json!({
                    "level": d.level,
                    "code": d.code,
                    "message": d.message,
                    "file": file,
                    "pointer": d.pointer,
                    "line": d.location.map(|l| l.line),
                    "column": d.location.map(|l| l.column),
                });
                let _ = writeln!(std::io::stdout().lock(), "{v}");
                return;
            }
            let rendered = match overlay {
                Some(o) => {
                    oagen::error::render_at(&Locator::new(&o.text, oagen::internal::detect_format(&o.text)), file, d)
                }
                None => oagen::error::render_at(&self.locator, file, d),
            };
            let _ = writeln!(std::io::stderr().lock(), "{rendered}");
        }

        fn diagnostic<'d>(
            level: &'d str,
            code: &'d str,
            message: &'d str,
            pointer: Option<&'d str>,
            location: Option<Location>,
        ) -> Diagnostic<'d> {
            Diagnostic {
                level,
                code: Some(code),
                message,
                pointer,
                location,
            }
        }

        pub fn error(&self, e: &Error) {
            if let Error::Multiple { errors, omitted } = e {
                for e in errors {
                    self.error(e);
                }
                if !self.json {
                    let more = match omitted {
                        0 => String::new(),
                        n => format!(" ({} shown, {n} more not)", errors.len()),
                    };
                    eprintln!("error: {} errors{more}", errors.len() + omitted);
                }
                return;
            }
            let message = e.to_string();
            let mut d = Self::diagnostic("error", e.code(), &message, e.pointer(), e.location());
            if !self.json {
                d.code = None;
            }
            self.emit(&d, e.file());
        }

        /// Reports `warnings` as `diagnostics` says, then (in human output,
        /// unless quiet) one summary line with the count per code.
        pub fn warnings(&self, warnings: &[Warning], diagnostics: &super::Diagnostics, deny_all: bool) -> Tally {
            // Per code, in alphabetical order for the summary.
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            let (mut allowed, mut denied) = (0, 0);
            for w in warnings {
                if diagnostics.allow.contains(&w.code) && !diagnostics.deny.contains(&w.code) {
                    allowed += 1;
                    continue;
                }
                let deny = deny_all || diagnostics.deny.contains(&w.code);
                denied += usize::from(deny);
                *counts.entry(w.code.as_str()).or_default() += 1;
                if deny || !diagnostics.quiet {
                    let level = if deny { "error" } else { "warning" };
                    let d = Self::diagnostic(level, w.code.as_str(), &w.message, Some(&w.pointer), w.location);
                    self.emit(&d, w.file.as_deref());
                }
            }
            let shown = counts.values().sum::<usize>() - denied;
            if !self.json && !diagnostics.quiet && (!counts.is_empty() || allowed > 0) {
                let per_code: Vec<String> = counts.iter().map(|(c, n)| format!("{n} {c}")).collect();
                let allowed = if allowed > 0 {
                    format!(" ({allowed} allowed)")
                } else {
                    String::new()
                };
                eprintln!(
                    "summary: {} warning(s){allowed}{}{}",
                    shown + denied,
                    if per_code.is_empty() { "" } else { ": " },
                    per_code.join(", ")
                );
            }
            Tally { shown, denied }
        }
    }
}

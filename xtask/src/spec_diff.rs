//! `spec-diff`: what changed in the API between two versions of the spec,
//! and whether it breaks callers of the generated client.
//!
//! Exit status: 0, or 1 with `--fail-on-breaking` when a change is
//! breaking; 2 on bad input (arguments, an unreadable file, an unknown git
//! revision, a document that does not load), with a located message.

use crate::codegen::{root, SPEC};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub const USAGE: &str = "\
usage: cargo xtask spec-diff [--base FILE|GIT-REV] [--head FILE] [--format markdown|json] [--fail-on-breaking]

  --base FILE|GIT-REV  the old spec: a file, or the bundled spec at a git revision (default: HEAD)
  --head FILE          the new spec (default: the working tree's spec/whatsapp-business-api.yaml)
  --format FORMAT      markdown (default) or json
  --fail-on-breaking   exit with status 1 when any change is breaking
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
}

#[derive(Debug)]
struct Args {
    base: String,
    head: Option<String>,
    format: Format,
    fail_on_breaking: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args {
        base: "HEAD".to_string(),
        head: None,
        format: Format::Markdown,
        fail_on_breaking: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("error: `{name}` needs a value\n\n{USAGE}"))
        };
        match flag {
            "--base" => out.base = value("--base")?,
            "--head" => out.head = Some(value("--head")?),
            "--format" => {
                out.format = match value("--format")?.as_str() {
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "error: unknown format `{other}`; expected `markdown` or `json`\n\n{USAGE}"
                        ))
                    }
                }
            }
            "--fail-on-breaking" => out.fail_on_breaking = true,
            other => return Err(format!("error: unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(out)
}

/// A file given on the command line, relative to the current directory.
fn existing_file(arg: &str) -> Option<PathBuf> {
    let p = Path::new(arg);
    p.is_file().then(|| p.to_path_buf())
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))
}

/// The bundled spec as committed at `rev`.
fn read_at_revision(rev: &str) -> Result<String, String> {
    let root = root();
    let git = |args: &[&str]| Command::new("git").current_dir(&root).args(args).output();
    let verify = git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if !verify.status.success() {
        return Err(format!("error: `{rev}` is neither a file nor a known git revision"));
    }
    let show = git(&["show", &format!("{rev}:{SPEC}")]).map_err(|e| format!("error: cannot run git: {e}"))?;
    if !show.status.success() {
        return Err(format!(
            "error: {SPEC} does not exist at revision `{rev}`: {}",
            String::from_utf8_lossy(&show.stderr).trim()
        ));
    }
    String::from_utf8(show.stdout).map_err(|_| format!("error: {SPEC} at `{rev}` is not UTF-8"))
}

/// Loads one side, or the rendered diagnostic for it.
fn load<'a>(label: &str, text: &'a str) -> Result<oagen::diff::Document<'a>, String> {
    oagen::diff::Document::parse(text)
        .map_err(|e| oagen::error::render("error", &e.to_string(), label, text, e.pointer(), e.location()))
}

fn run_inner(args: &[String]) -> Result<ExitCode, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let args = parse_args(args)?;
    let (base_label, base_text) = match existing_file(&args.base) {
        Some(path) => (path.display().to_string(), read_file(&path)?),
        None => (format!("{}:{SPEC}", args.base), read_at_revision(&args.base)?),
    };
    let (head_label, head_path) = match &args.head {
        Some(h) => (h.clone(), PathBuf::from(h)),
        None => (SPEC.to_string(), root().join(SPEC)),
    };
    let head_text = read_file(&head_path)?;
    let base = load(&base_label, &base_text)?;
    let head = load(&head_label, &head_text)?;
    let report = oagen::diff::diff_documents(&base, &head).with_labels(base_label, head_label);
    let text = match args.format {
        Format::Markdown => oagen::diff::render::markdown(&report),
        Format::Json => oagen::diff::render::json(&report),
    };
    print!("{text}");
    if args.fail_on_breaking && report.has_breaking() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the task; never fails, bad input is exit status 2.
pub fn run(args: &[String]) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_arguments() {
        let a = args(&[]).unwrap();
        assert_eq!(
            (a.base.as_str(), a.head, a.format, a.fail_on_breaking),
            ("HEAD", None, Format::Markdown, false)
        );
        let a = args(&[
            "--base",
            "main~1",
            "--head=x.yaml",
            "--format",
            "json",
            "--fail-on-breaking",
        ])
        .unwrap();
        assert_eq!(
            (a.base.as_str(), a.head.as_deref(), a.format, a.fail_on_breaking),
            ("main~1", Some("x.yaml"), Format::Json, true)
        );
        assert!(args(&["--format", "xml"]).is_err());
        assert!(args(&["--base"]).is_err());
        assert!(args(&["--nope"]).is_err());
    }

    #[test]
    fn unknown_revision_is_bad_input() {
        let err = read_at_revision("no-such-revision-anywhere").unwrap_err();
        assert!(err.contains("neither a file nor a known git revision"), "{err}");
    }
}

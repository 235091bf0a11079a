//! `spec-diff`: what changed in the API between two versions of the spec,
//! and whether it breaks callers of the generated client.
//!
//! Exit status: 0, or 1 with `--fail-on-breaking` when a change is
//! breaking; 2 on bad input (arguments, an unreadable file, an unknown git
//! revision, a document that does not load), with a located message.

use crate::codegen::{root, SPEC};
use std::path::Path;
use std::process::ExitCode;

pub const USAGE: &str = "\
usage: cargo xtask spec-diff [--base FILE|GIT-REV] [--head FILE] [--format markdown|json] [--fail-on-breaking]

  --base FILE|GIT-REV  the old spec: a file, or the bundled spec at a git revision (default: HEAD)
  --head FILE          the new spec (default: the working tree's spec/whatsapp-business-api.yaml)
  --format FORMAT      markdown (default) or json
  --fail-on-breaking   exit with status 1 when any change is breaking
";

use oagen::diff::command::{OutputFormat as Format, Request};

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
                out.format = value("--format")?
                    .parse()
                    .map_err(|e| format!("error: {e}\n\n{USAGE}"))?
            }
            "--fail-on-breaking" => out.fail_on_breaking = true,
            other => return Err(format!("error: unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(out)
}

/// A side as `oagen diff` reads it: a file given on the command line
/// (relative to the current directory), or the bundled spec at a revision.
fn side(arg: &str) -> String {
    let p = Path::new(arg);
    if p.is_file() {
        return std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string();
    }
    format!("{arg}:{SPEC}")
}

fn run_inner(args: &[String]) -> Result<ExitCode, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let args = parse_args(args)?;
    let request = Request {
        base: side(&args.base),
        head: match &args.head {
            Some(h) => side(h),
            None => SPEC.to_string(),
        },
        format: args.format,
        fail_on_breaking: args.fail_on_breaking,
        ..Default::default()
    };
    let outcome = oagen::diff::command::run(&request, &root())?;
    print!("{}", outcome.output);
    Ok(ExitCode::from(outcome.exit))
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
        let err = oagen::diff::command::read_side("no-such-revision-anywhere:x.yaml", &root()).unwrap_err();
        assert!(err.contains("neither a file nor a known git revision"), "{err}");
    }
}

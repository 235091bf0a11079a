//! `oagen diff BASE HEAD`: reading the two sides (files, or `REV:path` through
//! `git show`), comparing them and rendering the report. Shared by the `oagen`
//! binary and `cargo xtask spec-diff`, which only choose defaults.
//!
//! With `--overlay FILE` (repeatable) or `--config oagen.toml`, both sides
//! are compared as the project generates from them: the overlays (read from
//! the working tree, the same files for both sides) and the config's
//! selection of operations are applied to each side before loading, so the
//! report speaks of the client the project commits. Nodes an overlay wrote
//! are located in the overlay file. Overlays given on the command line
//! replace the config's, as for `oagen generate`.
//!
//! Exit status: 0; 1 with `--fail-on-breaking` when any change is breaking
//! (`breaking` or `wire`, that is `level: error`); 2 on bad input (an
//! unreadable file, an unknown revision, a document that does not load), with
//! a located message.

use super::render;
use crate::config_file::ConfigFile;
use crate::overlay::Edits;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Grouped by operation and schema, for pull requests.
    #[default]
    Markdown,
    /// The documented JSON form (`docs/spec-diff-rules.md`).
    Json,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "markdown" | "md" => Ok(OutputFormat::Markdown),
            "json" => Ok(OutputFormat::Json),
            other => Err(format!("unknown format `{other}`; expected `markdown` or `json`")),
        }
    }
}

/// One run of the command.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The old document: a file, or `REV:path` (read with `git show`).
    pub base: String,
    /// The new document, spelled the same way.
    pub head: String,
    pub format: OutputFormat,
    /// Exit with status 1 when any change has `level: error`.
    pub fail_on_breaking: bool,
    /// The generated crate's package name: Rust items are printed as its
    /// users write them (`my_api::types::Pet` rather than `types::Pet`).
    pub crate_name: Option<String>,
    /// Overlay files applied, in order, to both sides (they replace the
    /// config file's overlays).
    pub overlays: Vec<String>,
    /// An `oagen.toml`: its overlays, its selection of operations and its
    /// crate name (unless given) apply.
    pub config: Option<String>,
}

/// What to print on standard output, and the exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub output: String,
    pub exit: u8,
}

/// Reads one side. A path that names a file is read as a file; otherwise
/// `REV:path` is read from git in `dir` (the path relative to the
/// repository root, as `git show` takes it).
pub fn read_side(arg: &str, dir: &Path) -> Result<String, String> {
    let path = dir.join(arg);
    if path.is_file() {
        return std::fs::read_to_string(&path).map_err(|e| format!("cannot read {arg}: {e}"));
    }
    let Some((rev, file)) = arg.split_once(':').filter(|(rev, _)| !rev.is_empty()) else {
        return Err(format!(
            "cannot read {arg}: no such file (a git revision is written `REV:path`)"
        ));
    };
    let git = |args: &[&str]| Command::new("git").current_dir(dir).args(args).output();
    let verify = git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !verify.status.success() {
        return Err(format!("`{arg}`: `{rev}` is neither a file nor a known git revision"));
    }
    // `git show` reads `REV:./path` relative to `dir`, `REV:path` from the root.
    let show = git(&["show", arg]).map_err(|e| format!("cannot run git: {e}"))?;
    if !show.status.success() {
        return Err(format!(
            "`{file}` does not exist at revision `{rev}`: {}",
            String::from_utf8_lossy(&show.stderr).trim()
        ));
    }
    String::from_utf8(show.stdout).map_err(|_| format!("`{arg}` is not UTF-8"))
}

/// Loads one side, or the rendered, located diagnostic for it.
fn load<'a>(label: &str, text: &'a str, edits: &Edits) -> Result<super::Document<'a>, String> {
    super::Document::parse_with(text, edits).map_err(|e| {
        // An error inside an overlay is shown in the overlay's text.
        if let Some(file) = e.file() {
            if let Some(o) = edits.overlays.iter().find(|o| o.label == file) {
                return crate::error::render("error", &e.to_string(), file, &o.text, e.pointer(), e.location());
            }
        }
        crate::error::render("error", &e.to_string(), label, text, e.pointer(), e.location())
    })
}

/// The edits both sides get (overlays, selection) and the crate name, from
/// `--config` and `--overlay`; paths in the config are relative to it.
fn edits(request: &Request, dir: &Path) -> Result<(Edits, Option<String>), String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("error: cannot read {}: {e}", p.display()));
    let file = match &request.config {
        Some(path) => {
            let path = dir.join(path);
            let parsed =
                ConfigFile::parse(&read(&path)?, &path.display().to_string()).map_err(|e| format!("error: {e}"))?;
            parsed.resolve(path.parent().unwrap_or(Path::new("")))
        }
        None => ConfigFile::default(),
    };
    let overlays: Vec<PathBuf> = if request.overlays.is_empty() {
        file.overlays.clone()
    } else {
        request.overlays.iter().map(|p| dir.join(p)).collect()
    };
    let mut edits = Edits::default();
    for path in &overlays {
        let label = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        edits.overlays.push(crate::OverlayFile::new(label, read(path)?));
    }
    edits.select = crate::Selection {
        tags: file.select.tags.clone(),
        operations: file.select.operations.clone(),
    };
    Ok((edits, request.crate_name.clone().or(file.crate_name)))
}

/// Runs the comparison. `Err` is a message for standard error (exit 2).
pub fn run(request: &Request, dir: &Path) -> Result<Outcome, String> {
    let (edits, crate_name) = edits(request, dir)?;
    let base_text = read_side(&request.base, dir).map_err(|e| format!("error: {e}"))?;
    let head_text = read_side(&request.head, dir).map_err(|e| format!("error: {e}"))?;
    let base = load(&request.base, &base_text, &edits)?;
    let head = load(&request.head, &head_text, &edits)?;
    let mut report = super::diff_documents(&base, &head).with_labels(&request.base, &request.head);
    if let Some(name) = &crate_name {
        report = report.with_crate_name(name);
    }
    let output = match request.format {
        OutputFormat::Markdown => render::markdown(&report),
        OutputFormat::Json => render::json(&report),
    };
    let exit = u8::from(request.fail_on_breaking && report.has_errors());
    Ok(Outcome { output, exit })
}

//! Semantic diff of two OpenAPI documents, with each change judged from the
//! side of the generated client's callers.
//!
//! Both documents are loaded and lowered to the IR as for generation. The
//! comparison walks the resolved documents (so a schema moved behind a
//! `$ref` is no change), and the IR supplies what the rules need: the Rust
//! items each node becomes, whether a type travels in requests, responses or
//! both, and the shape of each method's arguments and return type. The rules
//! are in `rules` and documented, one row each, in
//! `docs/spec-diff-rules.md`.
//!
//! ```
//! let base = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
//! let head = "openapi: 3.0.0\ninfo: {title: t, version: '2'}\npaths: {}\n";
//! let report = oagen::diff::diff(base, head).unwrap();
//! assert!(report.changes.is_empty());
//! ```

pub mod command;
mod index;
pub mod model;
mod origins;
pub mod render;
pub(crate) mod rules;
pub(crate) mod surface;
mod walk;

pub use model::{Change, Direction, Kind, Level, Report, Side, Summary, Verdict};

use crate::error::Error;
use crate::locate::Locator;

/// One document, loaded, lowered and ready to compare.
pub struct Document<'a> {
    locator: Locator<'a>,
    /// The document as written, to tell which nodes it spells out.
    source: serde_json::Value,
    /// The document as loaded (3.1 spellings rewritten, defaults implied).
    json: serde_json::Value,
    /// Nodes the loader moved, and where the text has them.
    origins: Vec<(String, String)>,
    index: index::Index,
}

impl<'a> Document<'a> {
    /// Loads and lowers a document; errors are located in `text`.
    pub fn parse(text: &'a str) -> Result<Document<'a>, Error> {
        Document::parse_with(text, &crate::overlay::Edits::default())
    }

    /// Loads and lowers a document with edits (overlays, then a selection of
    /// operations) applied as generation applies them: the document compared
    /// is the one the client is generated from, and a node an overlay wrote
    /// is located in that overlay ([`Change::file`]).
    pub fn parse_with(text: &'a str, edits: &crate::overlay::Edits) -> Result<Document<'a>, Error> {
        let loaded = crate::load::load_with(text, edits)?;
        let locator = loaded.locator;
        let mut warnings = loaded.warnings;
        let (mut api, _) = crate::lower::lower(&loaded.doc).map_err(|e| e.locate(&locator))?;
        crate::normalise::normalise(&mut api, &mut warnings);
        let json = serde_json::to_value(&loaded.doc).map_err(|e| Error::Invalid {
            pointer: String::new(),
            message: format!("the document cannot be represented as JSON: {e}"),
            location: None,
        })?;
        let mut source = crate::load::parse(text, crate::load::detect_format(text))?;
        if !edits.is_empty() {
            // Errors were reported by `load_with` already.
            let _ = crate::overlay::apply(&mut source, &edits.overlays, &mut Vec::new());
            let _ = crate::select::apply(&mut source, &edits.select);
        }
        Ok(Document {
            locator,
            origins: origins::origins(&source, &json),
            source,
            json,
            index: index::Index::new(api),
        })
    }

    fn line(&self, pointer: &str) -> Option<usize> {
        self.locator.locate(pointer).map(|l| l.line)
    }

    /// The overlay that wrote the node at `pointer`, if one did.
    fn file(&self, pointer: &str) -> Option<String> {
        self.locator.overlay_place(pointer).map(|(file, _)| file.to_string())
    }

    /// `pointer`, or its nearest ancestor the text spells out (a default
    /// such as `required: false` may be implied, or a 3.1 document may say
    /// `nullable` with `type: [T, "null"]`).
    fn written(&self, pointer: &str) -> String {
        let moved = origins::translate(&self.origins, pointer);
        let mut p = moved.as_deref().unwrap_or(pointer);
        while !p.is_empty() && self.source.pointer(p).is_none() {
            p = p.rfind('/').map(|i| &p[..i]).unwrap_or("");
        }
        p.to_string()
    }
}

/// Compares two documents given as text (YAML or JSON). The report's labels
/// are `base` and `head`; see [`Report::with_labels`].
pub fn diff(base_text: &str, head_text: &str) -> Result<Report, Error> {
    let base = Document::parse(base_text)?;
    let head = Document::parse(head_text)?;
    Ok(diff_documents(&base, &head))
}

/// Compares two loaded documents.
pub fn diff_documents(base: &Document<'_>, head: &Document<'_>) -> Report {
    let mut walker = walk::Walker::new(
        walk::Doc {
            json: &base.json,
            source: &base.source,
            index: &base.index,
        },
        walk::Doc {
            json: &head.json,
            source: &head.source,
            index: &head.index,
        },
    );
    walker.run();
    let mut changes = walker.changes;
    // The Rust surface: what the walk did not name.
    let explained: std::collections::BTreeSet<String> = changes.iter().flat_map(|c| c.rust.iter().cloned()).collect();
    let under: Vec<(Side, String)> = changes.iter().map(|c| (c.side, c.pointer.clone())).collect();
    changes.extend(surface::unexplained(
        &surface::items(&base.index.api, &base.json),
        &surface::items(&head.index.api, &head.json),
        &explained,
        &under,
    ));
    for c in &mut changes {
        let doc = match c.side {
            Side::Base => base,
            Side::Head => head,
        };
        c.pointer = doc.written(&c.pointer);
        c.line = doc.line(&c.pointer);
        c.file = doc.file(&c.pointer);
    }
    let changes = merge(changes);
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let count = |level: Level| changes.iter().filter(|c| c.level == level).count();
    Report {
        base: "base".to_string(),
        head: "head".to_string(),
        summary: Summary {
            breaking,
            non_breaking: changes.len() - breaking,
            wire: changes.iter().filter(|c| c.wire).count(),
            error: count(Level::Error),
            warning: count(Level::Warning),
            info: count(Level::Info),
        },
        changes,
    }
}

/// Sorts by pointer, then kind, and folds changes reported more than once at
/// the same node (a shared parameter, response or `allOf` member reached
/// from several places) into one: breaking if any report is, with every
/// affected Rust item.
fn merge(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by(|a, b| (&a.pointer, a.kind, a.side, !a.breaking).cmp(&(&b.pointer, b.kind, b.side, !b.breaking)));
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    for c in changes {
        match out.last_mut() {
            Some(last) if last.pointer == c.pointer && last.kind == c.kind && last.side == c.side => {
                // The first of a run is breaking if any is (sorted so), and
                // its message says why.
                last.rust.extend(c.rust);
                last.wire |= c.wire;
                last.level = last.level.min(c.level);
                last.direction = match (last.direction, c.direction) {
                    (Some(a), Some(b)) => Some(a.union(b)),
                    (a, b) => a.or(b),
                };
            }
            _ => out.push(c),
        }
    }
    for c in &mut out {
        c.rust.sort();
        c.rust.dedup();
    }
    out
}

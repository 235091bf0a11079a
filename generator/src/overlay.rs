//! OpenAPI Overlays (Overlay Specification 1.0): changes to a document kept
//! in separate files, applied to the parsed document before anything else
//! reads it.
//!
//! An overlay is a YAML or JSON document with `overlay: 1.0.x`, an `info`
//! (`title`, `version`) and a non-empty list of `actions`. Each action has a
//! `target`, an RFC 9535 JSONPath, and either `remove: true` (every selected
//! node is deleted from its object or array) or an `update`:
//!
//! - a selected object is merged with the update, which must be an object:
//!   objects merge recursively, arrays are appended to, anything else is
//!   replaced;
//! - a selected array is appended to: an array update appends its entries,
//!   any other update is appended as one entry;
//! - a selected string, number, boolean or null cannot be updated (select
//!   its parent instead), which is an error.
//!
//! Overlays are applied in order, actions in order; each action sees the
//! result of the previous one. An action that selects nothing is a warning
//! located at its `target`. An overlay that is not valid (bad syntax, a
//! missing or mistyped field, an unparsable JSONPath) is an error located in
//! the overlay file.
//!
//! # Where diagnostics point
//!
//! Later stages speak of pointers into the overlaid document. `Origins`
//! maps each one back to where its node was written: every node an action
//! writes is recorded (its pointer in the result and the pointer of the
//! value in the overlay file), and so is every array entry removed (later
//! entries move down by one). A pointer is resolved by walking the records
//! backwards: the first write that contains it names the overlay file and
//! the pointer inside it; a removal before it shifts its index back;
//! otherwise the node is the spec's own, at the pointer so recovered.

use crate::error::{push_index, push_segment, Error, Location, Warning, WarningCode};
use crate::locate::Locator;
use serde_json::{Map, Value};

/// One overlay document: how diagnostics name it, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayFile {
    /// How the file is named in diagnostics and headers (e.g. `spec/overlays/fixes.yaml`).
    pub label: String,
    pub text: String,
}

impl OverlayFile {
    pub fn new(label: impl Into<String>, text: impl Into<String>) -> Self {
        OverlayFile {
            label: label.into(),
            text: text.into(),
        }
    }
}

/// Where a node of the overlaid document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The spec itself, at this pointer of the original document.
    Spec(String),
    /// Overlay number `index` (in the order given), at this pointer of the overlay file.
    Overlay { index: usize, pointer: String },
}

#[derive(Debug, Clone)]
enum Record {
    /// The node at `at` (and all below it) was written from `source` of overlay `overlay`.
    Written { at: String, overlay: usize, source: String },
    /// Entry `index` of the array at `array` was removed.
    Removed { array: String, index: usize },
}

/// The provenance of an overlaid document's nodes, and the overlay files
/// to locate them in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    files: Vec<OverlayFile>,
    records: Vec<Record>,
}

impl Origins {
    /// Where the node at `pointer` of the overlaid document came from.
    pub fn origin(&self, pointer: &str) -> Origin {
        let mut p = pointer.to_string();
        for record in self.records.iter().rev() {
            match record {
                Record::Written { at, overlay, source } => {
                    if let Some(rest) = below(&p, at) {
                        return Origin::Overlay {
                            index: *overlay,
                            pointer: format!("{source}{rest}"),
                        };
                    }
                }
                Record::Removed { array, index } => {
                    if let Some(rest) = below(&p, array) {
                        let (first, tail) = split_first(rest);
                        if let Ok(i) = first.parse::<usize>() {
                            if i >= *index {
                                p = format!("{array}/{}{tail}", i + 1);
                            }
                        }
                    }
                }
            }
        }
        Origin::Spec(p)
    }

    /// For a node an overlay wrote: the overlay's label and the node's
    /// location in it. `None` for the spec's own nodes.
    pub fn place(&self, pointer: &str) -> Option<(&str, Option<Location>)> {
        match self.origin(pointer) {
            Origin::Spec(_) => None,
            Origin::Overlay { index, pointer } => {
                let file = self.files.get(index)?;
                let locator = Locator::new(&file.text, crate::load::detect_format(&file.text));
                Some((&file.label, locator.locate(&pointer)))
            }
        }
    }

    /// The pointer into the original spec for a node of the spec (after
    /// array removals), `None` for a node an overlay wrote.
    pub fn spec_pointer(&self, pointer: &str) -> Option<String> {
        match self.origin(pointer) {
            Origin::Spec(p) => Some(p),
            Origin::Overlay { .. } => None,
        }
    }
}

/// `rest` when `pointer` is `prefix` or below it (`""` or `/...`).
fn below<'p>(pointer: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = pointer.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// `/a/b/c` -> (`a`, `/b/c`).
fn split_first(rest: &str) -> (&str, &str) {
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    }
}

/// Applies `overlays` in order to a parsed document. Returns the provenance
/// of the result's nodes; warnings (actions that select nothing) are pushed
/// located in their overlay file. Errors are about an overlay, located in it.
pub(crate) fn apply(doc: &mut Value, overlays: &[OverlayFile], warnings: &mut Vec<Warning>) -> Result<Origins, Error> {
    let mut origins = Origins {
        files: Vec::with_capacity(overlays.len()),
        records: Vec::new(),
    };
    for (index, file) in overlays.iter().enumerate() {
        let format = crate::load::detect_format(&file.text);
        let locator = Locator::new(&file.text, format);
        let fail = |pointer: &str, message: String| Error::Overlay {
            file: file.label.clone(),
            pointer: pointer.to_string(),
            message,
            location: locator.locate(pointer),
        };
        let overlay = crate::load::parse(&file.text, format).map_err(|e| Error::Overlay {
            file: file.label.clone(),
            pointer: String::new(),
            message: e.to_string(),
            location: e.location(),
        })?;
        let actions = check(&overlay).map_err(|(p, m)| fail(&p, m))?;
        for (n, action) in actions.iter().enumerate() {
            let base = format!("/actions/{n}");
            let applied =
                apply_action(doc, action, &base, index, &mut origins.records).map_err(|(p, m)| fail(&p, m))?;
            if applied == 0 {
                let pointer = format!("{base}/target");
                warnings.push(Warning {
                    code: WarningCode::OverlayUnmatched,
                    location: locator.locate(&pointer),
                    file: Some(file.label.clone()),
                    message: format!(
                        "overlay action {n} (target `{}`) selects nothing in the document; it changes nothing",
                        action.target
                    ),
                    pointer,
                });
            }
        }
        origins.files.push(file.clone());
    }
    Ok(origins)
}

/// What is done to the parsed document before loading goes on: the
/// overlays, in order, then the selection of operations.
#[derive(Debug, Clone, Default)]
pub struct Edits {
    pub overlays: Vec<OverlayFile>,
    pub select: crate::select::Selection,
}

impl Edits {
    pub fn is_empty(&self) -> bool {
        self.overlays.is_empty() && self.select.is_all()
    }

    /// Applies the edits; from then on `locator` locates nodes in the file
    /// they came from.
    pub(crate) fn apply(
        &self,
        doc: &mut Value,
        locator: &Locator<'_>,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), Error> {
        if !self.overlays.is_empty() {
            locator.set_origins(apply(doc, &self.overlays, warnings)?);
        }
        crate::select::apply(doc, &self.select)
    }
}

/// Applies overlays to a document's text (YAML or JSON) and returns the
/// overlaid document as a JSON value, with the warnings about the overlays.
/// Errors are located in the spec (syntax) or in the overlay.
pub fn apply_to_text(spec: &str, overlays: &[OverlayFile]) -> Result<(Value, Vec<Warning>), Error> {
    let mut doc = crate::load::parse(spec, crate::load::detect_format(spec))?;
    let mut warnings = Vec::new();
    apply(&mut doc, overlays, &mut warnings)?;
    Ok((doc, warnings))
}

struct Action<'v> {
    target: &'v str,
    path: serde_json_path::JsonPath,
    update: Option<&'v Value>,
    remove: bool,
}

type Invalid = (String, String);

/// Checks the overlay's shape; returns its actions with parsed paths.
fn check(overlay: &Value) -> Result<Vec<Action<'_>>, Invalid> {
    let Value::Object(root) = overlay else {
        return Err((
            String::new(),
            "an overlay must be an object with `overlay`, `info` and `actions`".into(),
        ));
    };
    match root.get("overlay") {
        Some(Value::String(v)) if v.starts_with("1.0.") || v == "1.0" => {}
        Some(Value::String(v)) => {
            return Err((
                "/overlay".into(),
                format!("overlay version `{v}` is not supported (1.0.x is)"),
            ))
        }
        Some(_) => {
            return Err((
                "/overlay".into(),
                "`overlay` must be a version string such as `1.0.0`".into(),
            ))
        }
        None => {
            return Err((
                String::new(),
                "missing `overlay` (the Overlay Specification version, `1.0.0`)".into(),
            ))
        }
    }
    match root.get("info") {
        Some(Value::Object(info)) => {
            for key in ["title", "version"] {
                if !matches!(info.get(key), Some(Value::String(_))) {
                    return Err(("/info".into(), format!("`info.{key}` must be a string")));
                }
            }
        }
        Some(_) => {
            return Err((
                "/info".into(),
                "`info` must be an object with `title` and `version`".into(),
            ))
        }
        None => return Err((String::new(), "missing `info` (with `title` and `version`)".into())),
    }
    let actions = match root.get("actions") {
        Some(Value::Array(a)) if !a.is_empty() => a,
        Some(_) => return Err(("/actions".into(), "`actions` must be a non-empty list".into())),
        None => return Err((String::new(), "missing `actions`".into())),
    };
    actions.iter().enumerate().map(|(n, a)| check_action(n, a)).collect()
}

fn check_action(n: usize, action: &Value) -> Result<Action<'_>, Invalid> {
    let base = format!("/actions/{n}");
    let Value::Object(map) = action else {
        return Err((
            base,
            "an action must be an object with `target` and `update` or `remove`".into(),
        ));
    };
    let target = match map.get("target") {
        Some(Value::String(t)) => t.as_str(),
        Some(_) => return Err((format!("{base}/target"), "`target` must be a JSONPath string".into())),
        None => return Err((base, "missing `target`".into())),
    };
    let path = serde_json_path::JsonPath::parse(target).map_err(|e| {
        (
            format!("{base}/target"),
            format!(
                "`{target}` is not a valid JSONPath (RFC 9535): {} at character {}",
                e.message(),
                e.position() + 1
            ),
        )
    })?;
    let remove = match map.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err((format!("{base}/remove"), "`remove` must be true or false".into())),
    };
    if let Some(d) = map.get("description") {
        if !d.is_string() {
            return Err((format!("{base}/description"), "`description` must be a string".into()));
        }
    }
    let update = map.get("update");
    if update.is_none() && !remove {
        return Err((base, "an action needs an `update` or `remove: true`".into()));
    }
    Ok(Action {
        target,
        path,
        update,
        remove,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Index(usize),
    Key(String),
}

fn pointer_of(path: &[Seg]) -> String {
    let mut p = String::new();
    for s in path {
        match s {
            Seg::Key(k) => push_segment(&mut p, k),
            Seg::Index(i) => push_index(&mut p, *i),
        }
    }
    p
}

fn node_mut<'v>(doc: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |v, s| match (v, s) {
        (Value::Object(m), Seg::Key(k)) => m.get_mut(k),
        (Value::Array(a), Seg::Index(i)) => a.get_mut(*i),
        _ => None,
    })
}

/// Applies one action; returns how many nodes it selected.
fn apply_action(
    doc: &mut Value,
    action: &Action<'_>,
    base: &str,
    overlay: usize,
    records: &mut Vec<Record>,
) -> Result<usize, Invalid> {
    let mut selected: Vec<Vec<Seg>> = action
        .path
        .query_located(doc)
        .locations()
        .map(|loc| {
            loc.iter()
                .map(|e| match e.as_index() {
                    Some(i) => Seg::Index(i),
                    None => Seg::Key(e.as_name().unwrap_or_default().to_string()),
                })
                .collect()
        })
        .collect();
    let count = selected.len();
    if action.remove {
        // Deepest and last first, so the paths still selected stay valid.
        selected.sort();
        selected.dedup();
        for path in selected.iter().rev() {
            let Some((last, parent)) = path.split_last() else {
                return Err((format!("{base}/target"), "the document root cannot be removed".into()));
            };
            match (node_mut(doc, parent), last) {
                (Some(Value::Object(m)), Seg::Key(k)) => {
                    m.shift_remove(k);
                }
                (Some(Value::Array(a)), Seg::Index(i)) if *i < a.len() => {
                    a.remove(*i);
                    records.push(Record::Removed {
                        array: pointer_of(parent),
                        index: *i,
                    });
                }
                _ => {}
            }
        }
        return Ok(count);
    }
    let Some(update) = action.update else { return Ok(count) };
    let source = format!("{base}/update");
    for path in &selected {
        let at = pointer_of(path);
        let Some(node) = node_mut(doc, path) else { continue };
        match (node, update) {
            (Value::Object(target), Value::Object(update)) => merge(target, update, &at, &source, overlay, records),
            (Value::Object(_), _) => {
                return Err((
                    source,
                    format!(
                        "`target` selects an object ({}), so `update` must be an object",
                        show(&at)
                    ),
                ))
            }
            (Value::Array(target), value) => append(target, value, &at, &source, overlay, records),
            (other, _) => {
                return Err((
                    format!("{base}/target"),
                    format!(
                        "`target` selects {} ({}), which cannot be updated; select the object that holds it",
                        kind(other),
                        show(&at)
                    ),
                ))
            }
        }
    }
    Ok(count)
}

fn show(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the document root"
    } else {
        pointer
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn merge(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    at: &str,
    source: &str,
    overlay: usize,
    records: &mut Vec<Record>,
) {
    for (key, value) in update {
        let mut at = at.to_string();
        push_segment(&mut at, key);
        let mut source = source.to_string();
        push_segment(&mut source, key);
        match (target.get_mut(key), value) {
            (Some(Value::Object(t)), Value::Object(u)) => merge(t, u, &at, &source, overlay, records),
            (Some(Value::Array(t)), Value::Array(_)) => append(t, value, &at, &source, overlay, records),
            (_, value) => {
                target.insert(key.clone(), value.clone());
                records.push(Record::Written { at, overlay, source });
            }
        }
    }
}

fn append(target: &mut Vec<Value>, value: &Value, at: &str, source: &str, overlay: usize, records: &mut Vec<Record>) {
    let entries: Vec<(String, &Value)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{source}/{i}"), v))
            .collect(),
        other => vec![(source.to_string(), other)],
    };
    for (source, v) in entries {
        records.push(Record::Written {
            at: format!("{at}/{}", target.len()),
            overlay,
            source,
        });
        target.push(v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(doc: Value, overlay: &str) -> (Value, Vec<Warning>, Vec<Record>) {
        let mut doc = doc;
        let files = [OverlayFile::new("o.yaml", overlay)];
        let mut warnings = Vec::new();
        let origins = apply(&mut doc, &files, &mut warnings).unwrap();
        (doc, warnings, origins.records)
    }

    #[test]
    fn origins_follow_writes_and_removals() {
        let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a[0]\n    remove: true\n  - target: $.a\n    update: {x: 1}\n";
        let mut doc = json!({"a": [{"n": 0}, {"n": 1}, {"n": 2}]});
        let files = [OverlayFile::new("o.yaml", overlay)];
        let mut warnings = Vec::new();
        let origins = apply(&mut doc, &files, &mut warnings).unwrap();
        assert_eq!(doc, json!({"a": [{"n": 1}, {"n": 2}, {"x": 1}]}));
        assert_eq!(origins.origin("/a/0/n"), Origin::Spec("/a/1/n".into()));
        assert_eq!(origins.origin("/a/1"), Origin::Spec("/a/2".into()));
        assert_eq!(
            origins.origin("/a/2/x"),
            Origin::Overlay {
                index: 0,
                pointer: "/actions/1/update/x".into()
            }
        );
        let (label, loc) = origins.place("/a/2/x").unwrap();
        assert_eq!((label, loc.map(|l| l.line)), ("o.yaml", Some(7)));
    }

    #[test]
    fn merge_is_recursive_and_appends_arrays() {
        let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $\n    update: {o: {b: 2, l: [3]}, s: new}\n";
        let (doc, warnings, _) = run(json!({"o": {"a": 1, "l": [1, 2]}, "s": "old"}), overlay);
        assert_eq!(doc, json!({"o": {"a": 1, "l": [1, 2, 3], "b": 2}, "s": "new"}));
        assert!(warnings.is_empty());
    }
}

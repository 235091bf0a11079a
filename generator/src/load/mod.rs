//! Stage 1: text -> `openapiv3::OpenAPI`.
//!
//! Reads YAML or JSON into a JSON value, checks the version, rewrites the
//! constructs `openapiv3` cannot hold (integer enums written as strings,
//! OpenAPI 3.1 spellings) with a warning each, then deserializes, turning
//! serde's failures into located errors.

//!
//! One job per file: `text` (YAML/JSON into one JSON value, the only such
//! conversion in the crate, with `yaml` the conversion itself), `survey` (a read-only walk that finds what needs
//! rewriting and mistyped keywords), `tolerate` (repairs of harmless
//! deviations, each with a warning), `rewrite` (numeric enums, deep `$ref`s
//! hoisted into components), `deserialize` (parallel deserialization),
//! `drill` (finding the innermost malformed node), `fast` (the path for
//! clean JSON documents).

mod deserialize;
mod drill;
mod fast;
mod rewrite;
mod survey;
mod text;
mod tolerate;
mod wide;
mod yaml;

use crate::error::{Error, Location, Warning};
use crate::locate::{Format, Locator};
use serde_json::Value;

#[allow(unused_imports)] // The single YAML-to-JSON path for readers outside `load`.
pub(crate) use text::parse;
use text::parse_with_warnings;

pub struct Loaded<'a> {
    pub doc: openapiv3::OpenAPI,
    pub locator: Locator<'a>,
    pub warnings: Vec<Warning>,
    /// The document's `openapi` version as written.
    pub version: String,
}

/// JSON when the text starts with `{`, YAML otherwise (JSON is also YAML,
/// but the JSON parser is much faster on large documents).
pub fn detect_format(text: &str) -> Format {
    if text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    }
}

pub fn load(text: &str) -> Result<Loaded<'_>, Error> {
    load_with(text, &crate::overlay::Edits::default())
}

/// Loads a document with edits (overlays, a selection of operations)
/// applied to its parsed value.
pub fn load_with<'a>(text: &'a str, edits: &crate::overlay::Edits) -> Result<Loaded<'a>, Error> {
    let format = detect_format(text);
    let locator = Locator::new(text, format);
    let fast = if format == Format::Json && edits.is_empty() {
        fast::load(text)
    } else {
        None
    };
    let (doc, warnings, version) = match fast {
        Some((doc, version)) => (doc, Vec::new(), version),
        None => general(text, format, &locator, edits)?,
    };
    Ok(Loaded {
        doc,
        locator,
        warnings,
        version,
    })
}

/// Any document: the whole text into one JSON value, rewritten where
/// needed, then deserialized; failures located.
fn general<'a>(
    text: &'a str,
    format: Format,
    locator: &Locator<'a>,
    edits: &crate::overlay::Edits,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>, String), Error> {
    let mut warnings = Vec::new();
    let mut raw = parse_with_warnings(text, format, &mut warnings)?;
    edits.apply(&mut raw, locator, &mut warnings)?;
    let version = check_version(&raw).map_err(|e| e.locate(locator))?;
    if version.starts_with("3.1") {
        crate::downgrade::downgrade_31(&mut raw, &mut warnings);
    }
    tolerate::tolerate(&mut raw, &version, &mut warnings);
    let (refs, numeric_enums) = {
        let mut survey = survey::Survey::default();
        survey
            .walk(&raw, &mut Vec::new(), false)
            .map_err(|e| e.locate(locator))?;
        (rewrite::deep_refs(survey.refs), survey.numeric_enums)
    };
    for pointer in numeric_enums {
        if let Some(Value::Object(map)) = raw.pointer_mut(&pointer) {
            rewrite::fix_numeric_enum(map, &pointer, &mut warnings);
        }
    }
    rewrite::hoist_deep_refs(&mut raw, refs);
    let doc = deserialize::deserialize(&mut raw).map_err(|e| e.locate(locator))?;
    let mut warnings = fold_repeats(warnings);
    for w in &mut warnings {
        locator.place(w);
    }
    Ok((doc, warnings, version))
}

/// The same note about the same keywords, repeated across a document (a
/// vendor keyword beside every `$ref`, one misspelling pasted everywhere),
/// is reported once, at its first place, with the number and the first few
/// of the other places.
fn fold_repeats(warnings: Vec<Warning>) -> Vec<Warning> {
    use crate::error::WarningCode;
    const SHOWN: usize = 3;
    let folds = |w: &Warning| matches!(w.code, WarningCode::RefSiblingsIgnored | WarningCode::UnknownKeyword);
    let mut others: std::collections::BTreeMap<(WarningCode, String), Vec<String>> = std::collections::BTreeMap::new();
    let mut out: Vec<Warning> = Vec::with_capacity(warnings.len());
    for w in warnings {
        if !folds(&w) {
            out.push(w);
            continue;
        }
        match others.entry((w.code, w.message.clone())) {
            std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().push(w.pointer),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(Vec::new());
                out.push(w);
            }
        }
    }
    for w in out.iter_mut().filter(|w| folds(w)) {
        let Some(more) = others.get(&(w.code, w.message.clone())).filter(|m| !m.is_empty()) else {
            continue;
        };
        let shown: Vec<&str> = more.iter().take(SHOWN).map(String::as_str).collect();
        let etc = if more.len() > SHOWN { ", ..." } else { "" };
        w.message = format!(
            "{} (also at {} other place{}: {}{etc})",
            w.message,
            more.len(),
            if more.len() == 1 { "" } else { "s" },
            shown.join(", ")
        );
    }
    out
}

fn check_version(raw: &Value) -> Result<String, Error> {
    let Some(obj) = raw.as_object() else {
        return Err(Error::Invalid {
            pointer: String::new(),
            message: "an OpenAPI document must be a mapping at the top level".into(),
            location: Some(Location { line: 1, column: 1 }),
        });
    };
    if let Some(v) = obj.get("swagger") {
        return Err(Error::UnsupportedVersion {
            pointer: "/swagger".into(),
            message: format!(
                "Swagger {} documents are not supported; convert to OpenAPI 3 first (for example with swagger2openapi)",
                v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())
            ),
            location: None,
        });
    }
    match obj.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(v.clone()),
        Some(v) => Err(Error::UnsupportedVersion {
            pointer: "/openapi".into(),
            message: format!("OpenAPI version {v} is not supported; expected 3.0.x or 3.1.x"),
            location: None,
        }),
        None => Err(Error::Invalid {
            pointer: String::new(),
            message: "missing the `openapi` version field; is this an OpenAPI document?".into(),
            location: Some(Location { line: 1, column: 1 }),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general_path(text: &str) -> openapiv3::OpenAPI {
        general(
            text,
            Format::Json,
            &Locator::new(text, Format::Json),
            &crate::overlay::Edits::default(),
        )
        .expect("loads")
        .0
    }

    const BASE: &str = r##"{
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "x-top": {"a": 1},
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"operationId": "getItem", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}
            },
            "x-paths-note": {"b": [1, 2]}
        },
        "components": {
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            "schemas": {
                "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "enum": [1, 2]}, "tags": {"type": "array", "items": {"type": "string"}}}},
                "Other": {"$ref": "#/components/schemas/Item"}
            }
        }
    }"##;

    #[test]
    fn the_fast_path_gives_the_document_of_the_general_path() {
        // A duplicate key: the last one counts on both paths.
        let duplicate = BASE.replace(r#""required": ["id"],"#, r#""required": ["tags"], "required": ["id"],"#);
        for text in [BASE, duplicate.as_str()] {
            let (fast, version) = fast::load(text).expect("takes the fast path");
            assert_eq!(version, "3.0.3");
            let as_json = |doc: &openapiv3::OpenAPI| serde_json::to_string(doc).expect("serializes");
            assert_eq!(as_json(&fast), as_json(&general_path(text)));
        }
    }

    #[test]
    fn documents_needing_rewrites_take_the_general_path() {
        let cases = [
            // An integer enum written as strings.
            BASE.replace(r#""enum": [1, 2]"#, r#""enum": ["1", "2"]"#),
            // A reference into another node.
            BASE.replace(
                r##""$ref": "#/components/schemas/Item"}"##,
                r##""$ref": "#/components/schemas/Item/properties/tags"}"##,
            ),
            // OpenAPI 3.1.
            BASE.replace("3.0.3", "3.1.0"),
            // A mistyped schema keyword, which the general path locates.
            BASE.replace(r#""items": {"type": "string"}"#, r#""items": ["string"]"#),
        ];
        for case in cases {
            assert!(fast::load(&case).is_none(), "{case}");
        }
    }
}

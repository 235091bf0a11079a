//! The keywords of one schema: values of the wrong JSON type are ignored
//! (removed) and unknown keywords are reported, with the closest known
//! keyword when one is near.

use super::warn;
use crate::error::{Warning, WarningCode};
use serde_json::{Map, Value};

/// Every keyword of OpenAPI 3.0 and 3.1 schemas (JSON Schema 2020-12 and
/// the draft spellings vendors still use).
const KNOWN: &[&str] = &[
    "$anchor",
    "$comment",
    "$defs",
    "$dynamicAnchor",
    "$dynamicRef",
    "$id",
    "$recursiveAnchor",
    "$recursiveRef",
    "$ref",
    "$schema",
    "$vocabulary",
    "additionalItems",
    "additionalProperties",
    "allOf",
    "anyOf",
    "const",
    "contains",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "default",
    "definitions",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "deprecated",
    "description",
    "discriminator",
    "else",
    "enum",
    "example",
    "examples",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "externalDocs",
    "format",
    "if",
    "items",
    "maxContains",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minContains",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "nullable",
    "oneOf",
    "pattern",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyNames",
    "readOnly",
    "required",
    "summary",
    "then",
    "title",
    "type",
    "unevaluatedItems",
    "unevaluatedProperties",
    "uniqueItems",
    "writeOnly",
    "xml",
];

/// What a scalar keyword's value must be.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Text,
    Count,
    Number,
    Flag,
}

fn want(key: &str) -> Option<Want> {
    Some(match key {
        "pattern" | "format" | "title" | "description" | "contentEncoding" | "contentMediaType" => Want::Text,
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => Want::Count,
        "minimum" | "maximum" | "multipleOf" => Want::Number,
        "uniqueItems" | "nullable" | "readOnly" | "writeOnly" | "deprecated" => Want::Flag,
        _ => return None,
    })
}

fn fits(want: Want, v: &Value) -> bool {
    match want {
        Want::Text => v.is_string(),
        Want::Count => v.is_u64(),
        Want::Number => v.is_number(),
        Want::Flag => v.is_boolean(),
    }
}

fn described(want: Want) -> &'static str {
    match want {
        Want::Text => "a string",
        Want::Count => "a non-negative integer",
        Want::Number => "a number",
        Want::Flag => "a boolean",
    }
}

/// True when [`check`] would change or report anything in `map` (the fast
/// path then leaves the document to the general one).
pub(in crate::load) fn needs_repair(map: &Map<String, Value>) -> bool {
    !map.contains_key("$ref")
        && map.iter().any(|(k, v)| {
            want(k).is_some_and(|w| !fits(w, v))
                || (!k.starts_with("x-") && !KNOWN.contains(&k.as_str()))
                || (matches!(k.as_str(), "exclusiveMinimum" | "exclusiveMaximum") && v.is_number())
        })
}

pub(super) fn check(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if !needs_repair(map) {
        return;
    }
    let at = |k: &str| crate::error::join(pointer, &[k]);
    let keys: Vec<String> = map.keys().cloned().collect();
    for k in keys {
        let Some(v) = map.get(&k) else { continue };
        if let Some(w) = want(&k).filter(|w| !fits(*w, v)) {
            warn(
                warnings,
                WarningCode::MistypedKeyword,
                &at(&k),
                format!("`{k}` must be {}, found `{}`; it is ignored", described(w), short(v)),
            );
            map.shift_remove(&k);
        } else if matches!(k.as_str(), "exclusiveMinimum" | "exclusiveMaximum") && v.is_number() {
            // The OpenAPI 3.1 spelling: the bound itself.
            let bound = if k == "exclusiveMinimum" { "minimum" } else { "maximum" };
            let n = v.clone();
            warn(
                warnings,
                WarningCode::MistypedKeyword,
                &at(&k),
                format!("a numeric `{k}` is OpenAPI 3.1; read as `{bound}: {n}` with `{k}: true`"),
            );
            map.insert(bound.into(), n);
            map.insert(k.clone(), Value::Bool(true));
        } else if !k.starts_with("x-") && !KNOWN.contains(&k.as_str()) {
            let hint = closest(&k)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            warn(
                warnings,
                WarningCode::UnknownKeyword,
                &at(&k),
                format!("unknown schema keyword `{k}` is ignored{hint}"),
            );
        }
    }
}

/// A value in a message: short, one line.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

/// The known keyword nearest to `key`, compared without case, if it is
/// near enough to be a likely typo.
fn closest(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    let lowered: Vec<(String, &'static str)> = KNOWN.iter().map(|k| (k.to_ascii_lowercase(), *k)).collect();
    let near = crate::error::closest(&lower, lowered.iter().map(|(l, _)| l.as_str()))?;
    lowered.iter().find(|(l, _)| l == near).map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_named() {
        assert_eq!(closest("propertes"), Some("properties"));
        assert_eq!(closest("fromat"), Some("format"));
        assert_eq!(closest("additionalproperties"), Some("additionalProperties"));
        assert_eq!(closest("requird"), Some("required"));
        assert_eq!(closest("banana"), None);
        assert_eq!(closest("id"), Some("$id"));
        assert_eq!(closest("Enum"), Some("enum"));
    }

    #[test]
    fn mistyped_values_are_removed_with_a_warning() {
        let mut map = serde_json::json!({"type": "string", "pattern": 0, "maxLength": "10", "propertes": {}})
            .as_object()
            .cloned()
            .expect("object");
        let mut warnings = Vec::new();
        check(&mut map, "/components/schemas/A", &mut warnings);
        assert!(!map.contains_key("pattern") && !map.contains_key("maxLength"));
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/A/pattern",
                "/components/schemas/A/maxLength",
                "/components/schemas/A/propertes"
            ]
        );
        assert!(
            warnings[2].message.contains("did you mean `properties`"),
            "{}",
            warnings[2].message
        );
    }
}

//! OpenAPI 3.1 -> the 3.0 model, before deserializing into `openapiv3`.
//!
//! The route is an explicit rewrite of the JSON value, each rule a faithful
//! 3.0 spelling of the same schema where one exists, and a warning where
//! meaning is lost:
//!
//! | 3.1 (JSON Schema 2020-12)         | 3.0 spelling                          |
//! |-----------------------------------|---------------------------------------|
//! | `type: [T, "null"]`               | `type: T, nullable: true`             |
//! | `type: ["null"]`                  | no type, `nullable: true` (warning)   |
//! | `type: [T, U]` (several non-null) | `anyOf` of one schema per type        |
//! | `const: v`                        | `enum: [v]`                           |
//! | `examples: [a, ...]` in a schema  | `example: a`                          |
//! | `exclusiveMinimum: n` (number)    | `minimum: n, exclusiveMinimum: true`  |
//! | `$ref` with sibling keywords      | `$ref` kept, `description` kept in docs (siblings otherwise ignored, warning) |
//! | `oneOf`/`anyOf` with `{type: null}` | the `null` member dropped, `nullable: true` |
//! | no `paths` (webhooks-only)        | empty `paths`                         |
//!
//! Keywords with no 3.0 counterpart (`prefixItems`, `if`/`then`/`else`,
//! `dependentSchemas`, `unevaluatedProperties`, ...) are left for `openapiv3` to
//! ignore; `lower` warns where that loses structure.

use crate::error::Warning;
use serde_json::{Map, Value};

/// Keys whose values are maps of schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];
/// Keys whose values are single schemas.
const SCHEMA_KEYS: &[&str] = &["items", "additionalProperties", "not", "contains", "propertyNames", "schema"];
/// Keys whose values are arrays of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

pub fn downgrade_31(doc: &mut Value, warnings: &mut Vec<Warning>) {
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("openapi".into(), Value::String("3.0.3".into()));
        obj.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    }
    walk(doc, &mut String::new(), warnings, false);
}

/// Walks the whole document; `in_schema` is true when `v` is a schema.
fn walk(v: &mut Value, pointer: &mut String, warnings: &mut Vec<Warning>, in_schema: bool) {
    match v {
        Value::Object(map) => {
            if in_schema {
                rewrite_schema(map, pointer, warnings);
            }
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                let child_is_schema_map = in_schema && SCHEMA_MAPS.contains(&k.as_str())
                    || (k == "schemas" && pointer == "/components");
                let child_is_schema = (in_schema && SCHEMA_KEYS.contains(&k.as_str()))
                    || (!in_schema && k == "schema");
                let child_is_list = in_schema && SCHEMA_LISTS.contains(&k.as_str());
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::error::escape_segment(&k));
                let child = map.get_mut(&k).expect("key listed above");
                if child_is_schema_map {
                    if let Value::Object(m) = child {
                        for (name, s) in m.iter_mut() {
                            let l2 = pointer.len();
                            pointer.push('/');
                            pointer.push_str(&crate::error::escape_segment(name));
                            walk(s, pointer, warnings, true);
                            pointer.truncate(l2);
                        }
                    }
                } else if child_is_list {
                    if let Value::Array(items) = child {
                        for (i, s) in items.iter_mut().enumerate() {
                            let l2 = pointer.len();
                            pointer.push_str(&format!("/{i}"));
                            walk(s, pointer, warnings, true);
                            pointer.truncate(l2);
                        }
                    }
                } else if child_is_schema {
                    walk(child, pointer, warnings, true);
                } else if !in_schema || !matches!(k.as_str(), "example" | "examples" | "enum" | "const" | "default") {
                    walk(child, pointer, warnings, false);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(item, pointer, warnings, false);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn warn(warnings: &mut Vec<Warning>, pointer: &str, message: impl Into<String>) {
    warnings.push(Warning {
        pointer: pointer.to_string(),
        location: None,
        message: message.into(),
    });
}

fn rewrite_schema(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if map.contains_key("$ref") && map.len() > 1 {
        let extra: Vec<&String> = map
            .keys()
            .filter(|k| {
                !k.starts_with("x-")
                    && !matches!(
                        k.as_str(),
                        "$ref" | "description" | "summary" | "title" | "example" | "examples" | "deprecated" | "readOnly" | "writeOnly" | "default" | "$comment"
                    )
            })
            .collect();
        if !extra.is_empty() {
            warn(
                warnings,
                pointer,
                format!("keywords beside $ref are ignored: {}", extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
            );
        }
        return;
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        let has_null = non_null.len() != types.len();
        if has_null {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.len() {
            0 => {
                map.remove("type");
            }
            1 => {
                map.insert("type".into(), non_null[0].clone());
            }
            _ => {
                map.remove("type");
                let variants = non_null
                    .into_iter()
                    .map(|t| {
                        let mut m = Map::new();
                        m.insert("type".into(), t.clone());
                        if t.as_str() == Some("array") {
                            if let Some(items) = map.get("items") {
                                m.insert("items".into(), items.clone());
                            }
                        }
                        Value::Object(m)
                    })
                    .collect();
                map.insert("anyOf".into(), Value::Array(variants));
            }
        }
    }
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![c]));
    }
    if let Some(Value::Array(ex)) = map.remove("examples") {
        if let Some(first) = ex.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    for (key, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(key).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(key.into(), Value::Bool(true));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            let before = items.len();
            items.retain(|s| !(s.get("type").and_then(Value::as_str) == Some("null") && s.as_object().is_some_and(|o| o.len() == 1)));
            if items.len() != before {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    // `items: false`, `additionalProperties` as a schema with `false`: kept;
    // boolean schemas elsewhere mean "anything" / "nothing".
    for key in ["items", "not"] {
        if let Some(Value::Bool(b)) = map.get(key) {
            let b = *b;
            map.remove(key);
            if !b && key == "items" {
                warn(warnings, pointer, "`items: false` (an array with no items) is read as an array of any value");
            }
        }
    }
    for key in ["prefixItems", "if", "then", "else", "dependentSchemas", "unevaluatedProperties", "patternProperties"] {
        if map.contains_key(key) {
            warn(warnings, pointer, format!("`{key}` has no OpenAPI 3.0 form and is not enforced by the generated types"));
        }
    }
}

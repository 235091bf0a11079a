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
//! | `const: v`                        | `x-oagen-const: v` (a literal type of any value), and `enum: [v]` for a string, integer or boolean |
//! | `examples: [a, ...]` in a schema  | `example: a`                          |
//! | `exclusiveMinimum: n` (number)    | `minimum: n, exclusiveMinimum: true`  |
//! | `$ref` with `description`, `deprecated`, `nullable`... | `allOf: [{$ref}]` with those keywords beside it; other siblings ignored (warning) |
//! | `oneOf`/`anyOf` with `{type: null}` | the `null` member dropped, `nullable: true` |
//! | no `paths` (webhooks-only)        | empty `paths`                         |
//! | inline `webhooks` payload schemas | component schemas `<name>-<method>-payload` |
//! | `prefixItems` with no further items (`items: false`, or `maxItems` at most their number), 2 to 12 of them | `items: {anyOf: [...]}` with `x-oagen-tuple: n`, lowered to a tuple |
//! | other `prefixItems`               | items of any JSON (warning)           |
//! | `contentEncoding: base64` on a string | `format: byte`                    |
//! | `contentMediaType` of binary media on a string, no encoding | `format: binary` |
//! | `unevaluatedProperties` (no `additionalProperties`) | `additionalProperties` with its value |
//! | one `patternProperties` entry, no `additionalProperties` | `additionalProperties` with its schema (warning: the key pattern is not checked) |
//!
//! Keywords with no 3.0 counterpart (`if`/`then`/`else`, `dependentSchemas`,
//! `propertyNames`, several `patternProperties`, ...) are removed with a
//! warning that the generated types do not enforce them. The JSON Schema
//! keywords (`const` to `propertyNames`, [`json_schema_keywords`]) and
//! keywords beside `$ref` ([`ref_siblings`]) are read the same way in 3.0
//! documents, by `load`'s tolerance pass.

use crate::error::Warning;
use crate::error::WarningCode;
use serde_json::{Map, Value};

/// Keys whose values are maps of schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];
/// Keys whose values are single schemas.
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "schema",
];
/// Keys whose values are arrays of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

pub fn downgrade_31(doc: &mut Value, warnings: &mut Vec<Warning>) {
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("openapi".into(), Value::String("3.0.3".into()));
        obj.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    }
    hoist_webhook_payloads(doc, warnings);
    walk(doc, &mut String::new(), warnings, false);
}

/// The component schema a webhook's inline JSON payload becomes.
pub(crate) fn webhook_payload_name(webhook: &str, method: &str) -> String {
    format!("{webhook}-{method}-payload")
}

/// `webhooks` describe requests the API sends to you. Their JSON payload
/// schemas become component schemas (`<webhook>-<method>-payload`), so the
/// generated crate has a type to parse each into.
fn hoist_webhook_payloads(doc: &mut Value, warnings: &mut Vec<Warning>) {
    let Some(hooks) = doc.get("webhooks").and_then(Value::as_object).cloned() else {
        return;
    };
    let mut hoisted = Vec::new();
    for (name, item) in &hooks {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            let Some(content) = op.pointer("/requestBody/content").and_then(Value::as_object) else {
                continue;
            };
            for (media, mt) in content {
                let Some(schema) = mt.get("schema") else { continue };
                if schema.get("$ref").is_some() || !media.contains("json") {
                    continue;
                }
                hoisted.push((webhook_payload_name(name, method), schema.clone()));
            }
        }
    }
    let Some(obj) = doc.as_object_mut() else { return };
    let components = obj.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = components
        .as_object_mut()
        .map(|c| c.entry("schemas").or_insert_with(|| Value::Object(Map::new())))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, schema) in hoisted {
        if schemas.contains_key(&name) {
            warn(
                warnings,
                WarningCode::WebhookNameClash,
                "/webhooks",
                format!("webhook payload `{name}` clashes with a component schema and is not generated"),
            );
            continue;
        }
        schemas.insert(name, schema);
    }
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
                let child_is_schema_map =
                    in_schema && SCHEMA_MAPS.contains(&k.as_str()) || (k == "schemas" && pointer == "/components");
                let child_is_schema = (in_schema && SCHEMA_KEYS.contains(&k.as_str())) || (!in_schema && k == "schema");
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

fn warn(warnings: &mut Vec<Warning>, code: WarningCode, pointer: &str, message: impl Into<String>) {
    warnings.push(Warning::new(code, pointer, message));
}

fn rewrite_schema(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if map.contains_key("$ref") && map.len() > 1 {
        ref_siblings(map, pointer, warnings);
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
                // Keywords of one type go to that type's alternative.
                let variants = non_null
                    .into_iter()
                    .map(|t| {
                        let mut m = Map::new();
                        m.insert("type".into(), t.clone());
                        let owned: &[&str] = match t.as_str() {
                            Some("array") => &["items", "minItems", "maxItems", "uniqueItems"],
                            Some("object") => &[
                                "properties",
                                "required",
                                "additionalProperties",
                                "minProperties",
                                "maxProperties",
                            ],
                            Some("string") => &["format", "pattern", "minLength", "maxLength", "enum"],
                            Some("integer" | "number") => &["format", "minimum", "maximum", "multipleOf", "enum"],
                            _ => &[],
                        };
                        for k in owned {
                            if let Some(v) = map.get(*k) {
                                m.insert(k.to_string(), v.clone());
                            }
                        }
                        Value::Object(m)
                    })
                    .collect();
                for k in [
                    "items",
                    "properties",
                    "required",
                    "additionalProperties",
                    "format",
                    "pattern",
                    "enum",
                ] {
                    map.remove(k);
                }
                map.insert("anyOf".into(), Value::Array(variants));
            }
        }
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
            items.retain(|s| {
                !(s.get("type").and_then(Value::as_str) == Some("null") && s.as_object().is_some_and(|o| o.len() == 1))
            });
            if items.len() != before {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    json_schema_keywords(map, pointer, warnings);
    // `items: false`, `additionalProperties` as a schema with `false`: kept;
    // boolean schemas elsewhere mean "anything" / "nothing".
    for key in ["items", "not"] {
        if let Some(Value::Bool(b)) = map.get(key) {
            let b = *b;
            map.remove(key);
            if !b && key == "items" {
                warn(
                    warnings,
                    WarningCode::LossyArray,
                    pointer,
                    "`items: false` (an array with no items) is read as an array of any value",
                );
            }
        }
    }
}

/// JSON Schema keywords that OpenAPI 3.0 lacks.
const JSON_SCHEMA_ONLY: &[&str] = &[
    "const",
    "prefixItems",
    "contentEncoding",
    "contentMediaType",
    "unevaluatedProperties",
    "patternProperties",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "propertyNames",
];

/// Whether a schema uses a keyword [`json_schema_keywords`] rewrites.
pub(crate) fn has_json_schema_keywords(map: &Map<String, Value>) -> bool {
    JSON_SCHEMA_ONLY.iter().any(|k| map.contains_key(*k))
}

/// The JSON Schema keywords OpenAPI 3.0 lacks, in their 3.0 spelling where
/// one exists, else reported and removed (so a second pass changes and
/// reports nothing). Also applied to 3.0 documents that use them, which
/// mean the same there.
pub(crate) fn json_schema_keywords(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if let Some(c) = map.remove("const") {
        // Kept so that lowering makes a checked literal of any value, not
        // an open enum; a string, integer or boolean is also the one-value
        // `enum` of 3.0, which tags unions.
        if c.is_string() || c.is_i64() || c.is_boolean() {
            map.insert("enum".into(), Value::Array(vec![c.clone()]));
        }
        map.insert(crate::lower::CONST_MARK.into(), c);
    }
    prefix_items(map, pointer, warnings);
    content_keywords(map, pointer, warnings);
    maps_of_patterns(map, pointer, warnings);
    for key in [
        "if",
        "then",
        "else",
        "dependentSchemas",
        "patternProperties",
        "propertyNames",
    ] {
        if map.remove(key).is_some() {
            warn(
                warnings,
                WarningCode::UnenforcedKeyword,
                &crate::error::join(pointer, &[key]),
                format!("`{key}` has no OpenAPI 3.0 form and is not enforced by the generated types"),
            );
        }
    }
}

/// `contentEncoding` / `contentMediaType` on a string: the 3.0 formats for
/// base64 text and raw bytes.
fn content_keywords(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if map.contains_key("format") {
        return;
    }
    match map.get("contentEncoding").and_then(Value::as_str) {
        Some("base64") => {
            map.insert("format".into(), Value::String("byte".into()));
            return;
        }
        Some(other) => {
            warn(
                warnings,
                WarningCode::UnenforcedKeyword,
                &crate::error::join(pointer, &["contentEncoding"]),
                format!("`contentEncoding: {other}` has no OpenAPI 3.0 form; the value is the encoded text"),
            );
            map.remove("contentEncoding");
            return;
        }
        None => {}
    }
    let binary = map.get("contentMediaType").and_then(Value::as_str).is_some_and(|m| {
        let m = m.to_ascii_lowercase();
        !m.starts_with("text/") && !m.contains("json") && !m.contains("xml") && !m.contains("x-www-form-urlencoded")
    });
    if binary {
        map.insert("format".into(), Value::String("binary".into()));
    }
}

/// `unevaluatedProperties` where `additionalProperties` is absent says the
/// same of the properties no keyword names; one `patternProperties` entry
/// is a map whose keys follow a pattern that Rust types do not check.
fn maps_of_patterns(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if !map.contains_key("additionalProperties") {
        if let Some(v) = map.remove("unevaluatedProperties") {
            map.insert("additionalProperties".into(), v);
        }
    } else if map.remove("unevaluatedProperties").is_some() {
        warn(
            warnings,
            WarningCode::UnenforcedKeyword,
            &crate::error::join(pointer, &["unevaluatedProperties"]),
            "`unevaluatedProperties` beside `additionalProperties` is not enforced by the generated types",
        );
    }
    let single = match map.get("patternProperties") {
        Some(Value::Object(p)) if p.len() == 1 && !map.contains_key("additionalProperties") => {
            p.iter().next().map(|(k, v)| (k.clone(), v.clone()))
        }
        _ => None,
    };
    if let Some((pattern, schema)) = single {
        map.remove("patternProperties");
        map.insert("additionalProperties".into(), schema);
        warn(
            warnings,
            WarningCode::UnenforcedKeyword,
            &crate::error::join(pointer, &["patternProperties"]),
            format!("`patternProperties` is read as a map of its one schema; keys are not checked against `{pattern}`"),
        );
    }
}

/// Marks an array lowered as a tuple; its value is the number of members,
/// which are the `anyOf` members of its `items`.
pub(crate) const TUPLE: &str = "x-oagen-tuple";

/// `prefixItems`: a tuple when no item may follow the positional ones,
/// else an array of any JSON.
fn prefix_items(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    let Some(Value::Array(members)) = map.get("prefixItems") else {
        return;
    };
    let n = members.len();
    let closed = match map.get("items") {
        Some(Value::Bool(false)) => true,
        None => map
            .get("maxItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| m <= n as u64),
        _ => false,
    };
    let at = crate::error::join(pointer, &["prefixItems"]);
    let Some(Value::Array(members)) = map.remove("prefixItems") else {
        return;
    };
    if !closed || !(2..=12).contains(&n) {
        map.remove("items");
        let why = if closed {
            "a tuple of 2 to 12 members"
        } else {
            "closed (`items: false` or `maxItems`)"
        };
        warn(
            warnings,
            WarningCode::LossyArray,
            &at,
            format!("`prefixItems` is lowered to a tuple only when {why}; the items are any JSON (serde_json::Value)"),
        );
        return;
    }
    if map.get("minItems").and_then(Value::as_u64).is_none_or(|m| m < n as u64) {
        warn(
            warnings,
            WarningCode::LossyArray,
            &at,
            format!("`prefixItems` is read as a tuple of {n}; shorter arrays, which the schema allows, fail to decode"),
        );
    }
    let mut items = Map::new();
    items.insert("anyOf".into(), Value::Array(members));
    map.insert("items".into(), Value::Object(items));
    map.insert(TUPLE.into(), Value::from(n));
}

/// Keywords beside a `$ref` that say nothing about it: annotations with no
/// effect on the generated code, and a `type` that restates the target's.
fn inert_ref_sibling(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "$ref" | "type" | "summary" | "example" | "examples" | "$comment")
}

/// Whether [`ref_siblings`] changes or reports anything in this schema.
pub(crate) fn has_ref_siblings(map: &Map<String, Value>) -> bool {
    map.contains_key("$ref")
        && (map.keys().any(|k| !inert_ref_sibling(k)) || map.get("type").is_some_and(Value::is_array))
}

/// Keywords beside a `$ref`: documentation, `nullable`, `default`... apply
/// to this use, kept as `allOf: [{$ref}]` with them beside it; others are
/// ignored with a warning. Applied in OpenAPI 3.0 documents too, where
/// authors write them with the same intent.
pub(crate) fn ref_siblings(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    // Documentation and `nullable`/`deprecated` beside a $ref apply to
    // this use: `allOf: [{$ref}]` keeps them where 3.0 would drop them.
    let keep = [
        "description",
        "deprecated",
        "nullable",
        "readOnly",
        "writeOnly",
        "default",
        "title",
    ];
    let wrap = map.keys().any(|k| keep.contains(&k.as_str())) || map.get("type").is_some_and(Value::is_array);
    let extra: Vec<String> = map
        .keys()
        .filter(|k| !inert_ref_sibling(k) && !keep.contains(&k.as_str()))
        .cloned()
        .collect();
    if !extra.is_empty() {
        warn(
            warnings,
            WarningCode::RefSiblingsIgnored,
            pointer,
            format!("keywords beside $ref are ignored: {}", extra.join(", ")),
        );
    }
    for k in &extra {
        map.remove(k);
    }
    if !wrap {
        return;
    }
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    // A `type` beside the $ref only restates it (or adds `null`).
    let nullable = match map.remove("type") {
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    let mut inner = Map::new();
    inner.insert("$ref".into(), reference);
    map.insert("allOf".into(), Value::Array(vec![Value::Object(inner)]));
}

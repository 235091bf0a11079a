//! Repairs of documents that break the letter of OpenAPI in ways whose
//! meaning is clear, as well-known peers read them, each with a warning
//! naming the node (located once the document is parsed). Runs on the raw
//! JSON value after the 3.1 rewrites, before the survey and deserialization.
//!
//! | As written                                        | Read as                                         |
//! |---------------------------------------------------|-------------------------------------------------|
//! | boolean schema `true` / `false`                   | `{}` (any value) / never: property left out, member dropped, `not: {}` elsewhere |
//! | `items: true` / `items: false`, `not: false`      | no `items` (any item) / no items / no `not`     |
//! | operation without `responses`                     | no documented response (warning in 3.0 only)    |
//! | response without `description`                    | empty description                               |
//! | header with neither `schema` nor `content`        | `schema: {type: string}`                        |
//! | callback given as a `$ref`                        | left out (callbacks are not part of a client)   |
//! | server variable `default`/`enum` of numbers       | their text                                      |
//! | numeric `info.version`                            | its text                                        |
//! | `info` without `title` / `version`                | `"API"` / `"0.0.0"`                             |
//! | response `$ref` to `#/components/requestBodies/X` | a response with that body's content             |
//! | schema keyword value of the wrong JSON type       | keyword ignored                                 |
//! | unknown schema keyword (not `x-`)                 | kept, warned, with "did you mean" when close    |
//! | `content`, `headers` or `links` written as `null` | absent                                          |

use crate::error::{Warning, WarningCode};
use serde_json::{Map, Value};

pub(super) mod keywords;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub(super) fn tolerate(doc: &mut Value, version: &str, warnings: &mut Vec<Warning>) {
    let mut t = Tolerate {
        warnings,
        v30: version.starts_with("3.0"),
        body_refs: Vec::new(),
    };
    let Some(obj) = doc.as_object_mut() else { return };
    if let Some(info) = obj.get_mut("info").and_then(Value::as_object_mut) {
        if let Some(v @ (Value::Number(_) | Value::Bool(_))) = info.get_mut("version") {
            let text = v.to_string();
            t.warn(
                WarningCode::TextAsNumber,
                "/info/version",
                format!("`info.version` must be a string; the number is read as the text \"{text}\""),
            );
            *v = Value::String(text);
        }
        for (key, default) in [("title", "API"), ("version", "0.0.0")] {
            if !info.contains_key(key) {
                t.warn(
                    WarningCode::MissingRequiredField,
                    "/info",
                    format!("`info.{key}` is required; read as \"{default}\""),
                );
                info.insert(key.into(), Value::String(default.into()));
            }
        }
    }
    t.servers(obj.get_mut("servers"), "/servers");
    for section in ["paths", "webhooks"] {
        if let Some(paths) = obj.get_mut(section).and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                let ptr = crate::error::join(&format!("/{section}"), &[path]);
                t.path_item(item, &ptr);
            }
        }
    }
    if let Some(c) = obj.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(rs) = c.get_mut("responses").and_then(Value::as_object_mut) {
            for (name, r) in rs.iter_mut() {
                t.response(r, &crate::error::join("/components/responses", &[name]));
            }
        }
        if let Some(hs) = c.get_mut("headers").and_then(Value::as_object_mut) {
            for (name, h) in hs.iter_mut() {
                t.header(h, &crate::error::join("/components/headers", &[name]));
            }
        }
    }
    let body_refs = std::mem::take(&mut t.body_refs);
    responses_from_bodies(doc, body_refs, t.warnings);
    schemas(doc, &mut String::new(), false, t.warnings);
}

struct Tolerate<'w> {
    warnings: &'w mut Vec<Warning>,
    v30: bool,
    /// Pointers of response `$ref`s that name a request body.
    body_refs: Vec<String>,
}

fn warn(warnings: &mut Vec<Warning>, code: WarningCode, pointer: &str, message: impl Into<String>) {
    warnings.push(Warning::new(code, pointer, message));
}

impl Tolerate<'_> {
    fn warn(&mut self, code: WarningCode, pointer: &str, message: impl Into<String>) {
        warn(self.warnings, code, pointer, message);
    }

    fn servers(&mut self, servers: Option<&mut Value>, ptr: &str) {
        let Some(Value::Array(servers)) = servers else { return };
        for (i, server) in servers.iter_mut().enumerate() {
            let Some(vars) = server.get_mut("variables").and_then(Value::as_object_mut) else {
                continue;
            };
            for (name, var) in vars.iter_mut() {
                let Some(var) = var.as_object_mut() else { continue };
                let vptr = format!("{ptr}/{i}/variables/{}", crate::error::escape_segment(name));
                let mut changed = false;
                if let Some(d) = var.get_mut("default") {
                    changed |= to_text(d);
                }
                if let Some(Value::Array(values)) = var.get_mut("enum") {
                    for v in values.iter_mut() {
                        changed |= to_text(v);
                    }
                }
                if changed {
                    self.warn(
                        WarningCode::TextAsNumber,
                        &vptr,
                        "server variable values must be strings; numbers and booleans are read as their text",
                    );
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, ptr: &str) {
        let Some(item) = item.as_object_mut() else { return };
        self.servers(item.get_mut("servers"), &format!("{ptr}/servers"));
        for method in METHODS {
            let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                continue;
            };
            let optr = format!("{ptr}/{method}");
            self.operation(op, &optr);
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, ptr: &str) {
        self.servers(op.get_mut("servers"), &format!("{ptr}/servers"));
        if !op.contains_key("responses") {
            if self.v30 {
                self.warn(
                    WarningCode::MissingRequiredField,
                    ptr,
                    "`responses` is required in OpenAPI 3.0; the operation is read as documenting no response",
                );
            }
            op.insert("responses".into(), Value::Object(Map::new()));
        }
        if let Some(rs) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for (status, r) in rs.iter_mut() {
                if status.starts_with("x-") {
                    continue;
                }
                self.response(r, &crate::error::join(ptr, &["responses", status]));
            }
        }
        self.nulls(op, &["parameters", "callbacks", "security", "servers", "tags"], ptr);
        if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
            self.nulls(body, &["content"], &crate::error::join(ptr, &["requestBody"]));
        }
        if let Some(cbs) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
            let refs: Vec<String> = cbs
                .iter()
                .filter(|(_, cb)| cb.get("$ref").is_some())
                .map(|(k, _)| k.clone())
                .collect();
            for name in refs {
                cbs.shift_remove(&name);
                self.warn(
                    WarningCode::UnfollowedRef,
                    &crate::error::join(ptr, &["callbacks", &name]),
                    "a callback given as a `$ref` is not followed; callbacks are requests the API sends, not part of a client",
                );
            }
        }
    }

    fn response(&mut self, r: &mut Value, ptr: &str) {
        let Some(r) = r.as_object_mut() else { return };
        if let Some(Value::String(reference)) = r.get("$ref") {
            if crate::reference::component_of(reference).is_some_and(|(kind, _)| kind == "requestBodies") {
                self.body_refs.push(ptr.to_string());
            }
            return;
        }
        self.nulls(r, &["content", "headers", "links"], ptr);
        if !r.contains_key("description") {
            self.warn(
                WarningCode::MissingRequiredField,
                ptr,
                "a response must have a `description`; read as an empty one",
            );
            r.insert("description".into(), Value::String(String::new()));
        }
        if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
            event_item_schemas(content);
        }
        if let Some(hs) = r.get_mut("headers").and_then(Value::as_object_mut) {
            for (name, h) in hs.iter_mut() {
                self.header(h, &crate::error::join(ptr, &["headers", name]));
            }
        }
    }

    /// `key: null` where a map or list is expected is read as absent.
    fn nulls(&mut self, map: &mut Map<String, Value>, keys: &[&str], ptr: &str) {
        for key in keys {
            if map.get(*key).is_some_and(Value::is_null) {
                map.shift_remove(*key);
                self.warn(
                    WarningCode::NullAsAbsent,
                    &crate::error::join(ptr, &[key]),
                    format!("`{key}: null` is read as no `{key}`"),
                );
            }
        }
    }

    fn header(&mut self, h: &mut Value, ptr: &str) {
        let Some(h) = h.as_object_mut() else { return };
        if h.contains_key("$ref") || h.contains_key("schema") || h.contains_key("content") {
            return;
        }
        self.warn(
            WarningCode::HeaderWithoutSchema,
            ptr,
            "a header with neither `schema` nor `content` is read as a string",
        );
        h.insert("schema".into(), serde_json::json!({"type": "string"}));
    }
}

/// A number or boolean becomes its text; true when changed.
fn to_text(v: &mut Value) -> bool {
    match v {
        Value::Number(_) | Value::Bool(_) => {
            *v = Value::String(v.to_string());
            true
        }
        _ => false,
    }
}

/// Response `$ref`s that name a request body (`#/components/requestBodies/X`)
/// are pointed at a response component with that body's description and
/// content (`X`, or `X-response` when a response `X` exists).
fn responses_from_bodies(doc: &mut Value, refs: Vec<String>, warnings: &mut Vec<Warning>) {
    let mut made: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for ptr in refs {
        let Some(reference) = doc
            .pointer(&format!("{ptr}/$ref"))
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            continue;
        };
        let Some((_, body_name)) = crate::reference::component_of(&reference) else {
            continue;
        };
        let Some(body) = doc
            .pointer(&format!(
                "/components/requestBodies/{}",
                crate::error::escape_segment(&body_name)
            ))
            .cloned()
        else {
            continue; // Lowering reports the missing target.
        };
        let name = match made.get(&body_name) {
            Some(n) => n.clone(),
            None => {
                let taken = |n: &str| {
                    doc.pointer(&format!("/components/responses/{}", crate::error::escape_segment(n)))
                        .is_some()
                };
                let mut name = body_name.clone();
                let mut n = 1;
                while taken(&name) {
                    name = if n == 1 {
                        format!("{body_name}-response")
                    } else {
                        format!("{body_name}-response-{n}")
                    };
                    n += 1;
                }
                let mut response = Map::new();
                let description = body.get("description").cloned().unwrap_or(Value::String(String::new()));
                response.insert("description".into(), description);
                if let Some(content) = body.get("content") {
                    response.insert("content".into(), content.clone());
                }
                let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
                    continue;
                };
                let section = components
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(section) = section.as_object_mut() {
                    section.insert(name.clone(), Value::Object(response));
                }
                made.insert(body_name.clone(), name.clone());
                name
            }
        };
        if let Some(Value::Object(r)) = doc.pointer_mut(&ptr) {
            let target = format!("#/components/responses/{}", crate::error::escape_segment(&name));
            r.insert("$ref".into(), Value::String(target.clone()));
        }
        warn(
            warnings,
            WarningCode::ResponseRefToRequestBody,
            &format!("{ptr}/$ref"),
            format!("a response `$ref` must name a response; `{reference}` is a request body, read as a response with its content"),
        );
    }
}

/// Keys whose values are maps of schemas, inside a schema.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keys whose values are one schema, inside a schema.
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
/// Keys whose values are lists of schemas, inside a schema.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Finds every schema of the document and repairs it.
fn schemas(v: &mut Value, pointer: &mut String, in_schema: bool, warnings: &mut Vec<Warning>) {
    match v {
        Value::Object(map) if in_schema => schema(map, pointer, warnings),
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if matches!(k.as_str(), "example" | "examples" | "default") && !pointer.is_empty() {
                    continue;
                }
                let len = pointer.len();
                crate::error::push_segment(pointer, k);
                if pointer == "/components/schemas" {
                    schema_map(child, pointer, warnings, true);
                } else {
                    if k == "schema" && is_boolean(child, pointer, warnings) {
                        pointer.truncate(len);
                        continue;
                    }
                    schemas(child, pointer, k == "schema", warnings);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                crate::error::push_index(pointer, i);
                schemas(item, pointer, false, warnings);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// A boolean schema where an object is needed becomes `{}` (`true`) or a
/// schema no value matches (`false`); true when `v` was one.
fn is_boolean(v: &mut Value, pointer: &str, warnings: &mut Vec<Warning>) -> bool {
    let Value::Bool(b) = v else { return false };
    if *b {
        *v = Value::Object(Map::new());
    } else {
        warn(
            warnings,
            WarningCode::FalseSchema,
            pointer,
            "the schema `false` matches no value; read as `not: {}`",
        );
        *v = serde_json::json!({"not": {}});
    }
    true
}

/// Each schema of a map of schemas (`properties`, `components/schemas`).
/// In `properties` (not `top`), a `false` property can never be present and
/// is left out.
fn schema_map(v: &mut Value, pointer: &mut String, warnings: &mut Vec<Warning>, top: bool) {
    let Value::Object(map) = v else { return };
    if !top {
        let never: Vec<String> = map
            .iter()
            .filter(|(_, s)| **s == Value::Bool(false))
            .map(|(k, _)| k.clone())
            .collect();
        for k in never {
            map.shift_remove(&k);
            warn(
                warnings,
                WarningCode::FalseSchema,
                &crate::error::join(pointer, &[&k]),
                "the schema `false` means this property is never present; it is left out",
            );
        }
    }
    for (name, s) in map.iter_mut() {
        let len = pointer.len();
        crate::error::push_segment(pointer, name);
        if !is_boolean(s, pointer, warnings) {
            schemas(s, pointer, true, warnings);
        }
        pointer.truncate(len);
    }
}

/// One schema: boolean subschemas, mistyped and unknown keywords, then its
/// subschemas.
fn schema(map: &mut Map<String, Value>, pointer: &mut String, warnings: &mut Vec<Warning>) {
    if crate::downgrade::has_ref_siblings(map) {
        // In 3.0 as in 3.1 (where the downgrade already did it), keywords
        // beside a `$ref` apply to this use, or are reported.
        crate::downgrade::ref_siblings(map, pointer, warnings);
    }
    if map.contains_key("$ref") {
        // A reference: only its target is a schema to check.
        return;
    }
    keywords::check(map, pointer, warnings);
    // What 3.1 documents had rewritten by the downgrade, 3.0 ones that use
    // JSON Schema keywords get here (in 3.1 nothing is left to do).
    if crate::downgrade::has_json_schema_keywords(map) {
        crate::downgrade::json_schema_keywords(map, pointer, warnings);
    }
    for (key, b) in [("items", true), ("items", false), ("not", false)] {
        if map.get(key) == Some(&Value::Bool(b)) {
            map.shift_remove(key);
            if key == "items" && !b {
                warn(
                    warnings,
                    WarningCode::LossyArray,
                    &crate::error::join(pointer, &[key]),
                    "`items: false` (an array with no items) is read as an array of any value",
                );
            }
        }
    }
    if let Some(Value::Bool(true)) = map.get("not") {
        map.insert("not".into(), Value::Object(Map::new()));
    }
    let keys: Vec<String> = map.keys().cloned().collect();
    for k in keys {
        let Some(child) = map.get_mut(&k) else { continue };
        let len = pointer.len();
        crate::error::push_segment(pointer, &k);
        if SCHEMA_MAPS.contains(&k.as_str()) {
            schema_map(child, pointer, warnings, k != "properties");
        } else if SCHEMA_KEYS.contains(&k.as_str()) {
            if k != "additionalProperties" && k != "unevaluatedProperties" {
                is_boolean(child, pointer, warnings);
            }
            schemas(child, pointer, child.is_object(), warnings);
        } else if SCHEMA_LISTS.contains(&k.as_str()) {
            schema_list(&k, child, pointer, warnings);
        }
        pointer.truncate(len);
    }
}

/// `allOf`/`oneOf`/`anyOf`/`prefixItems` members: `true` is `{}`; `false`
/// in `oneOf`/`anyOf` never matches and is dropped.
fn schema_list(key: &str, v: &mut Value, pointer: &mut String, warnings: &mut Vec<Warning>) {
    let Value::Array(items) = v else { return };
    if matches!(key, "oneOf" | "anyOf") && items.contains(&Value::Bool(false)) {
        items.retain(|s| *s != Value::Bool(false));
        warn(
            warnings,
            WarningCode::FalseSchema,
            pointer,
            format!("a `false` member of `{key}` matches no value and is dropped"),
        );
    }
    for (i, s) in items.iter_mut().enumerate() {
        let len = pointer.len();
        crate::error::push_index(pointer, i);
        if !is_boolean(s, pointer, warnings) {
            schemas(s, pointer, true, warnings);
        }
        pointer.truncate(len);
    }
}

/// A `text/event-stream` answer's `itemSchema` (OpenAPI 3.2, the schema of
/// each event's data) is what the client decodes: it takes the place of the
/// media type's `schema` (which describes the stream as a whole, as text).
fn event_item_schemas(content: &mut Map<String, Value>) {
    for (media, mt) in content.iter_mut() {
        let base = media.split(';').next().unwrap_or("").trim();
        if !base.eq_ignore_ascii_case("text/event-stream") {
            continue;
        }
        if let Some(mt) = mt.as_object_mut() {
            if let Some(item) = mt.shift_remove("itemSchema") {
                mt.insert("schema".into(), item);
            }
        }
    }
}

//! One read-only walk over the raw document before anything is rewritten.

use super::rewrite::ref_kind;
use crate::error::Error;
use serde_json::{Map, Value};

/// One segment of the path to a node: an object key or an array index.
#[derive(Clone, Copy)]
pub(super) enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

pub(super) fn pointer_of(path: &[Seg<'_>]) -> String {
    let mut pointer = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => crate::error::push_segment(&mut pointer, k),
            Seg::Index(i) => crate::error::push_index(&mut pointer, *i),
        }
    }
    pointer
}

/// What one read-only walk over the raw document finds before anything is
/// rewritten or deserialized. Pointers are built only for what is reported.
#[derive(Default)]
pub(super) struct Survey<'v> {
    /// Every `$ref`, with the kind of component its position calls for.
    pub refs: std::collections::BTreeSet<(&'v str, &'static str)>,
    /// Pointers of `type: integer` / `number` schemas whose enum values
    /// include strings, in document order.
    pub numeric_enums: Vec<String>,
    /// A schema with a mistyped or unknown keyword, a JSON Schema keyword
    /// OpenAPI 3.0 lacks or keywords beside a `$ref`, or a response `$ref` naming a request body: something
    /// `tolerate` repairs or reports.
    pub to_tolerate: bool,
}

impl<'v> Survey<'v> {
    /// Walks `v`, failing on the first schema keyword of the wrong JSON type:
    /// `openapiv3` reports such nodes only after retrying every schema
    /// variant at every level above them, which takes time exponential in
    /// the depth. Values (`example`, `enum`, `default`, ...) are not entered.
    pub fn walk(&mut self, v: &'v Value, path: &mut Vec<Seg<'v>>, in_schema: bool) -> Result<(), Error> {
        let Value::Object(map) = v else { return Ok(()) };
        if let Some(Value::String(r)) = map.get("$ref") {
            let kind = ref_kind(path);
            self.refs.insert((r.as_str(), kind));
            if kind == "responses" && r.starts_with("#/components/requestBodies/") {
                self.to_tolerate = true;
            }
        }
        if in_schema {
            self.to_tolerate |= super::tolerate::keywords::needs_repair(map) || crate::downgrade::has_ref_siblings(map);
            check_keywords(map).map_err(|(key, message)| Error::Invalid {
                pointer: format!("{}/{}", pointer_of(path), crate::error::escape_segment(key)),
                message,
                location: None,
            })?;
        }
        if matches!(map.get("type").and_then(Value::as_str), Some("integer" | "number"))
            && map
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|values| values.iter().any(Value::is_string))
        {
            self.numeric_enums.push(pointer_of(path));
        }
        for (k, child) in map {
            let key = k.as_str();
            if matches!(key, "example" | "examples" | "enum" | "default" | "const")
                || !(child.is_object() || child.is_array())
            {
                continue;
            }
            path.push(Seg::Key(key));
            let schema_map = (in_schema && key == "properties")
                || matches!(path.as_slice(), [Seg::Key("components"), Seg::Key("schemas")]);
            let schema_list = in_schema && matches!(key, "allOf" | "oneOf" | "anyOf");
            if schema_map || schema_list {
                self.children(child, path, true)?;
            } else {
                match child {
                    Value::Array(_) => self.children(child, path, false)?,
                    other => self.walk(
                        other,
                        path,
                        matches!(key, "schema" | "items" | "not" | "additionalProperties"),
                    )?,
                }
            }
            path.pop();
        }
        Ok(())
    }

    /// [`Survey::walk`] on each entry of an object or item of an array.
    fn children(&mut self, v: &'v Value, path: &mut Vec<Seg<'v>>, in_schema: bool) -> Result<(), Error> {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    path.push(Seg::Key(k));
                    self.walk(c, path, in_schema)?;
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    path.push(Seg::Index(i));
                    self.walk(c, path, in_schema)?;
                    path.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The first schema keyword of `map` whose value has the wrong JSON type,
/// with what it must be. Keywords are checked in a fixed order, whatever
/// the order of the document.
fn check_keywords(map: &Map<String, Value>) -> Result<(), (&str, String)> {
    let schema_list = |x: &Value| x.as_array().is_some_and(|a| a.iter().all(Value::is_object));
    let mut first: Option<(usize, &str, &str)> = None;
    for (key, x) in map {
        let (rank, ok, what) = match key.as_str() {
            "type" => (0, x.is_string(), "a string in OpenAPI 3.0 (type lists are OpenAPI 3.1)"),
            "properties" => (1, x.is_object(), "a mapping of schemas"),
            "required" => (
                2,
                x.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
                "a list of property names",
            ),
            "enum" => (3, x.is_array(), "a list"),
            "allOf" => (4, schema_list(x), "a list of schemas"),
            "oneOf" => (5, schema_list(x), "a list of schemas"),
            "anyOf" => (6, schema_list(x), "a list of schemas"),
            "items" => (7, x.is_object(), "a schema"),
            "not" => (8, x.is_object(), "a schema"),
            "additionalProperties" => (9, x.is_object() || x.is_boolean(), "a schema or a boolean"),
            _ => continue,
        };
        if !ok && first.is_none_or(|(r, _, _)| rank < r) {
            first = Some((rank, key, what));
        }
    }
    match first {
        Some((_, key, what)) => Err((key, format!("`{key}` must be {what}"))),
        None => Ok(()),
    }
}

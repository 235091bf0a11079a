//! Which operations to generate: a subset chosen by tag or operationId
//! (`Config::select`, `[select]` in `oagen.toml`), applied to the document
//! right after the overlays, before anything else reads it.
//!
//! Operations not selected are removed, path items left without operations
//! with them. Then every component (schemas, responses, parameters, request
//! bodies, headers, examples, links, callbacks) that nothing outside
//! `components` reaches through `$ref`s, directly or through other
//! components, is removed too, so the crate holds no unused types. Security
//! schemes stay (they are named, not referenced). A tag or operationId that
//! matches no operation is an error, so a typo cannot silently empty the
//! crate.

use crate::error::{escape_segment, Error};
use serde_json::Value;
use std::collections::BTreeSet;

/// The operations to keep; both lists empty: all of them. An operation is
/// kept when it has one of `tags` or its operationId is in `operations`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub tags: Vec<String>,
    pub operations: Vec<String>,
}

impl Selection {
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PRUNED: [&str; 8] = [
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
];

/// Removes the operations `selection` leaves out and the components only
/// they used.
pub(crate) fn apply(doc: &mut Value, selection: &Selection) -> Result<(), Error> {
    if selection.is_all() {
        return Ok(());
    }
    let mut seen_tags = BTreeSet::new();
    let mut seen_ids = BTreeSet::new();
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            item.retain(|key, op| {
                if !METHODS.contains(&key.as_str()) {
                    return true;
                }
                let tags: Vec<&str> = op["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let id = op["operationId"].as_str();
                seen_tags.extend(tags.iter().map(|t| t.to_string()));
                seen_ids.extend(id.map(str::to_string));
                tags.iter().any(|t| selection.tags.iter().any(|s| s == t))
                    || id.is_some_and(|id| selection.operations.iter().any(|s| s == id))
            });
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_none_or(|item| item.keys().any(|k| METHODS.contains(&k.as_str())))
        });
    }
    let missing: Vec<String> = selection
        .tags
        .iter()
        .filter(|t| !seen_tags.contains(*t))
        .map(|t| format!("tag `{t}`"))
        .chain(
            selection
                .operations
                .iter()
                .filter(|o| !seen_ids.contains(*o))
                .map(|o| format!("operationId `{o}`")),
        )
        .collect();
    if !missing.is_empty() {
        return Err(Error::Config(format!(
            "the selection names {} that no operation of the document has",
            missing.join(", ")
        )));
    }
    prune_components(doc);
    Ok(())
}

/// `#/components/schemas/A/properties/b` -> `/components/schemas/A`.
fn component_of(reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    let mut parts = pointer.split('/').skip(1);
    match (parts.next(), parts.next(), parts.next()) {
        (Some("components"), Some(kind), Some(name)) => Some(format!("/components/{kind}/{name}")),
        _ => None,
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.extend(component_of(r));
            }
            // 3.1 discriminator mappings name schemas too.
            if let Some(Value::Object(mapping)) = m.get("mapping") {
                out.extend(mapping.values().filter_map(Value::as_str).filter_map(component_of));
            }
            m.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn prune_components(doc: &mut Value) {
    let mut queue = Vec::new();
    if let Value::Object(root) = &*doc {
        for (key, v) in root {
            if key != "components" {
                collect_refs(v, &mut queue);
            }
        }
    }
    let mut reached = BTreeSet::new();
    while let Some(pointer) = queue.pop() {
        if reached.insert(pointer.clone()) {
            if let Some(v) = doc.pointer(&pointer) {
                collect_refs(v, &mut queue);
            }
        }
    }
    let Some(Value::Object(components)) = doc.get_mut("components") else {
        return;
    };
    for kind in PRUNED {
        if let Some(Value::Object(entries)) = components.get_mut(kind) {
            entries.retain(|name, _| reached.contains(&format!("/components/{kind}/{}", escape_segment(name))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_selected_operations_and_what_they_use() {
        let mut doc = json!({
            "paths": {
                "/a": {"get": {"operationId": "getA", "tags": ["a"], "responses": {"200": {"$ref": "#/components/responses/A"}}}},
                "/b": {"parameters": [], "get": {"operationId": "getB", "tags": ["b"], "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}}
            },
            "components": {
                "responses": {"A": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}},
                "schemas": {"A": {"properties": {"c": {"$ref": "#/components/schemas/C"}}}, "B": {}, "C": {}, "D": {}},
                "securitySchemes": {"s": {"type": "http", "scheme": "bearer"}}
            }
        });
        let selection = Selection {
            tags: vec!["a".into()],
            operations: vec![],
        };
        apply(&mut doc, &selection).unwrap();
        assert_eq!(doc["paths"].as_object().unwrap().keys().collect::<Vec<_>>(), ["/a"]);
        let schemas: Vec<&String> = doc["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["A", "C"]);
        assert!(doc["components"]["securitySchemes"].get("s").is_some());
        let typo = Selection {
            tags: vec![],
            operations: vec!["getZ".into()],
        };
        let err = apply(&mut doc, &typo).unwrap_err();
        assert!(err.to_string().contains("operationId `getZ`"), "{err}");
    }
}

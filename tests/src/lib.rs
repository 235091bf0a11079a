//! Shared helpers for the integration tests.

pub mod e2e_cases;
pub mod mock;
pub mod raw_server;
pub mod sample_calls;
pub mod schemas;
pub mod tree;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The bundled spec's text.
pub fn spec_text() -> String {
    std::fs::read_to_string(root().join("spec/whatsapp-business-api.yaml"))
        .expect("spec/whatsapp-business-api.yaml is readable")
}

/// The bundled spec as JSON.
pub fn spec_json() -> serde_json::Value {
    serde_yaml::from_str(&spec_text()).expect("the spec is valid YAML")
}

/// Escapes one JSON pointer segment.
pub fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

/// Every `example` in the document: (pointer of the node holding it, the
/// schema it must satisfy as a pointer, the example value).
pub fn examples(doc: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut out = Vec::new();
    walk(doc, String::new(), &mut out);
    out
}

fn walk(v: &serde_json::Value, ptr: String, out: &mut Vec<(String, String, serde_json::Value)>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(example) = map.get("example") {
                // A media type or parameter holds `schema` beside `example`;
                // otherwise the node is itself a schema.
                let schema = if map.contains_key("schema") {
                    format!("{ptr}/schema")
                } else {
                    ptr.clone()
                };
                out.push((ptr.clone(), schema, example.clone()));
            }
            for (k, child) in map {
                if k == "example" || k == "examples" {
                    continue;
                }
                walk(child, format!("{ptr}/{}", escape(k)), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

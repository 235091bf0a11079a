//! Shared helpers for the integration tests.

pub mod e2e_cases;
pub mod mock;
pub mod raw_server;
pub mod sample_calls;
pub mod schemas;
pub mod stream;
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

/// The overlay `cargo xtask regen` applies to the bundled spec.
pub const FIXES: &str = "spec/overlays/fixes.yaml";

/// The bundled spec with spec/overlays/fixes.yaml applied, as JSON: the
/// document the generated client is generated from.
pub fn overlaid_json() -> serde_json::Value {
    let overlay = std::fs::read_to_string(root().join(FIXES)).expect("the overlay is readable");
    let (doc, warnings) = oagen::overlay::apply_to_text(&spec_text(), &[oagen::OverlayFile::new(FIXES, overlay)])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    doc
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

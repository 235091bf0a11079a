//! The restored WhatsApp spec: it parses, has everything the original had,
//! every `$ref` resolves and every example is an instance of its schema.

use oagen_tests::{examples, overlaid_json, spec_json, spec_text};
use serde_json::Value;

#[test]
fn parses_with_openapiv3_and_has_all_operations_and_schemas() {
    let doc: openapiv3::OpenAPI = serde_yaml::from_str(&spec_text()).expect("openapiv3 parses the spec");
    assert_eq!(doc.openapi, "3.0.0");
    assert_eq!(doc.operations().count(), 55, "operations");
    let components = doc.components.as_ref().expect("components");
    assert_eq!(components.schemas.len(), 113, "component schemas");
    let schemes: Vec<&String> = components.security_schemes.keys().collect();
    assert_eq!(schemes, ["httpBasic", "bearerAuth"]);
    let global = doc.security.as_ref().expect("global security");
    assert_eq!(global.len(), 1);
    assert!(global[0].contains_key("bearerAuth"));
    // The operations the damage had hit.
    let request_code = doc
        .operations()
        .find(|(_, _, op)| op.operation_id.as_deref() == Some("RequestCode"))
        .expect("RequestCode");
    assert_eq!(request_code.0, "/account");
    assert_eq!(request_code.2.tags, ["Registration"]);
    let codes: Vec<String> = request_code
        .2
        .responses
        .responses
        .keys()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(codes, ["201", "202"]);
    for name in ["Register-Account-Request-Body", "Text", "Hsm"] {
        assert!(components.schemas.contains_key(name), "{name} restored");
    }
}

fn refs(v: &Value, ptr: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((ptr.to_string(), r.clone()));
            }
            for (k, child) in map {
                refs(child, &format!("{ptr}/{}", oagen_tests::escape(k)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                refs(child, &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let doc = spec_json();
    let mut all = Vec::new();
    refs(&doc, "", &mut all);
    assert!(all.len() > 100, "found {} refs", all.len());
    let broken: Vec<_> = all
        .iter()
        .filter(|(_, target)| {
            let Some(pointer) = target.strip_prefix('#') else {
                return true;
            };
            doc.pointer(pointer).is_none()
        })
        .collect();
    assert!(broken.is_empty(), "unresolved $refs: {broken:#?}");
}

/// The document with OpenAPI 3.0 schema semantics spelled as JSON Schema
/// (draft 4): `nullable: true` adds `null` to `type`. Integer enums whose
/// values are written as strings are read as integers, as the generator
/// reads them (see `load::fix_numeric_enums`).
fn as_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), serde_json::json!([t, "null"]));
                }
            }
            if matches!(map.get("type").and_then(Value::as_str), Some("integer" | "number")) {
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    for x in values.iter_mut() {
                        if let Some(n) = x.as_str().and_then(|s| s.parse::<i64>().ok()) {
                            *x = Value::from(n);
                        }
                    }
                }
            }
            for (k, child) in map.iter_mut() {
                if k != "example" {
                    as_json_schema(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(as_json_schema),
        _ => {}
    }
}

/// Percent-encodes what a URI fragment cannot hold.
fn fragment(pointer: &str) -> String {
    let mut out = String::from("#");
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"/~-._".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Examples in the original document that contradict their schema. They are
/// original values (not damage) and stay as they are in the spec;
/// spec/overlays/fixes.yaml fixes them for generation (spec/README.md).
/// Each entry: (pointer of the node holding the example, why).
const CONTRADICTORY_ORIGINAL_EXAMPLES: &[(&str, &str)] = &[
    (
        "/components/schemas/Media-Provider-Settings",
        "bearer config matches both Config-Bearer and Config-Basic (oneOf)",
    ),
    (
        "/components/schemas/Get-Media-Providers-Response",
        "bearer config matches both Config branches (oneOf)",
    ),
    (
        "/components/schemas/Media-Provider",
        "bearer config matches both Config branches (oneOf)",
    ),
    (
        "/components/schemas/Media-Provider-Settings-Application",
        "bearer config matches both Config branches (oneOf)",
    ),
    (
        "/components/schemas/Media-Provider-Settings-Application-Media",
        "bearer config matches both Config branches (oneOf)",
    ),
    (
        "/paths/~1settings~1application~1media~1providers/post/requestBody/content/application~1json",
        "bearer config matches both Config branches (oneOf)",
    ),
    (
        "/components/schemas/Application-Settings",
        "`image` is not the enum's `image.`; callback delays are integers for string properties",
    ),
    ("/components/schemas/Media", "`image` is not the enum's `image.`"),
];

/// The examples of `doc` that its schemas reject, with the reasons.
fn invalid_examples(doc: &Value) -> Vec<(String, Vec<String>)> {
    let all = examples(doc);
    assert_eq!(all.len(), 128, "examples in the spec");
    let mut schemas = doc.clone();
    as_json_schema(&mut schemas);
    let mut invalid = Vec::new();
    for (at, schema_ptr, example) in &all {
        let mut root = schemas.clone();
        root.as_object_mut()
            .expect("object")
            .insert("$ref".into(), Value::String(fragment(schema_ptr)));
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            // `format` is an annotation in OpenAPI 3.0 (JSON Schema leaves its
            // assertion optional); the original's `expires_after` is not RFC 3339.
            .should_validate_formats(false)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema at {schema_ptr} compiles: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(example)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        if !errors.is_empty() {
            invalid.push((at.clone(), errors));
        }
    }
    invalid
}

/// spec/overlays/fixes.yaml resolves every contradiction listed above.
#[test]
fn every_example_of_the_overlaid_spec_is_valid() {
    let invalid = invalid_examples(&overlaid_json());
    assert!(invalid.is_empty(), "invalid examples after the overlay: {invalid:#?}");
}

#[test]
fn every_example_is_valid_against_its_schema() {
    let invalid = invalid_examples(&spec_json());
    let all_len = 128;
    let unexpected: Vec<_> = invalid
        .iter()
        .filter(|(at, _)| !CONTRADICTORY_ORIGINAL_EXAMPLES.iter().any(|(p, _)| p == at))
        .collect();
    assert!(unexpected.is_empty(), "invalid examples: {unexpected:#?}");
    let valid = all_len - invalid.len();
    eprintln!(
        "{valid} of {all_len} examples valid; {} known contradictions of the original",
        invalid.len()
    );
    // Every listed contradiction is still one (the list does not go stale).
    for (p, why) in CONTRADICTORY_ORIGINAL_EXAMPLES {
        assert!(
            invalid.iter().any(|(at, _)| at == p),
            "{p} is valid now ({why}); remove it from the list"
        );
    }
}

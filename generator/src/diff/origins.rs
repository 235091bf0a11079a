//! Where a node of the loaded document came from in the text: loading moves
//! some schemas into `components` (deep `$ref` targets, 3.1 webhook payloads),
//! and a change found there is reported where the author wrote it.

use crate::error::escape_segment;
use serde_json::Value;

/// Deepest nesting followed when pairing the two trees.
const MAX_DEPTH: usize = 128;

/// Pairs of (pointer prefix in the loaded document, the same node's pointer
/// in the text), longest first.
pub(crate) fn origins(source: &Value, loaded: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    moved_refs(source, loaded, &mut out, 0);
    webhook_payloads(source, loaded, &mut out);
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn local(reference: &str) -> Option<String> {
    reference.strip_prefix('#').map(crate::reference::percent_decode)
}

/// A `$ref` the loader redirected (to a component it hoisted): the new
/// target came from the old one.
fn moved_refs(source: &Value, loaded: &Value, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match (source, loaded) {
        (Value::Object(s), Value::Object(l)) => {
            if let (Some(Value::String(a)), Some(Value::String(b))) = (s.get("$ref"), l.get("$ref")) {
                if let (Some(from), Some(to)) = (local(a), local(b)) {
                    if from != to && to.starts_with("/components/") {
                        out.push((to, from));
                    }
                }
            }
            for (k, v) in s {
                if let Some(w) = l.get(k) {
                    moved_refs(v, w, out, depth + 1);
                }
            }
        }
        (Value::Array(s), Value::Array(l)) => {
            for (v, w) in s.iter().zip(l) {
                moved_refs(v, w, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// 3.1 webhook payloads hoisted into `components/schemas`.
fn webhook_payloads(source: &Value, loaded: &Value, out: &mut Vec<(String, String)>) {
    let Some(hooks) = source.get("webhooks").and_then(Value::as_object) else {
        return;
    };
    for (name, item) in hooks {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            let Some(content) = op.pointer("/requestBody/content").and_then(Value::as_object) else {
                continue;
            };
            for (media, mt) in content {
                if mt.get("schema").is_none() || !media.contains("json") {
                    continue;
                }
                let component = crate::downgrade::webhook_payload_name(name, method);
                let to = format!("/components/schemas/{}", escape_segment(&component));
                let written = source.pointer(&to).is_some();
                if !written && loaded.pointer(&to).is_some() {
                    let from = format!(
                        "/webhooks/{}/{}/requestBody/content/{}/schema",
                        escape_segment(name),
                        escape_segment(method),
                        escape_segment(media)
                    );
                    out.push((to, from));
                }
            }
        }
    }
}

/// `pointer` as written: its longest moved prefix replaced by its origin.
pub(crate) fn translate(origins: &[(String, String)], pointer: &str) -> Option<String> {
    origins.iter().find_map(|(to, from)| {
        let rest = pointer.strip_prefix(to.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{from}{rest}"))
    })
}

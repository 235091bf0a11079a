//! Every broken local `$ref` of a document at once, each with a "did you
//! mean". Lowering stops at the first `$ref` that does not resolve; when it
//! does, this pass walks the whole document so that one run reports all of
//! them (up to [`CAP`]), not one per run.

use crate::error::{closest, escape_segment, Error};
use crate::locate::{Format, Locator};
use serde_json::Value;

/// At most this many errors are reported in one run.
pub const CAP: usize = 50;

/// `first` (an error from lowering), widened to every broken local `$ref`
/// of the document when it is one, and located.
pub(crate) fn widen(first: Error, text: &str, locator: &Locator<'_>, format: Format) -> Error {
    if !matches!(first, Error::MissingRef { .. }) {
        return first.locate(locator);
    }
    let doc: Option<Value> = match format {
        Format::Json => serde_json::from_str(text).ok(),
        Format::Yaml => serde_yaml::from_str(text).ok(),
    };
    let Some(doc) = doc else {
        return first.locate(locator);
    };
    let mut found = Vec::new();
    let mut total = 0;
    let mut pointer = String::new();
    walk(&doc, &doc, &mut pointer, &mut |e| {
        total += 1;
        if found.len() < CAP {
            found.push(e.locate(locator));
        }
    });
    match found.len() {
        0 => first.locate(locator),
        1 => found.remove(0),
        _ => Error::Multiple {
            omitted: total - found.len(),
            errors: found,
        },
    }
}

fn walk(doc: &Value, v: &Value, pointer: &mut String, report: &mut dyn FnMut(Error)) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if let Some(e) = check(doc, target, pointer) {
                    report(e);
                }
            }
            for (k, child) in map {
                let len = pointer.len();
                crate::error::push_segment(pointer, k);
                walk(doc, child, pointer, report);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                crate::error::push_index(pointer, i);
                walk(doc, child, pointer, report);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The error for `target` written at `at`, if it is a local reference that
/// does not resolve.
fn check(doc: &Value, target: &str, at: &str) -> Option<Error> {
    let local = target.strip_prefix('#')?;
    let decoded = crate::reference::percent_decode(local);
    if doc.pointer(local).is_some() || doc.pointer(&decoded).is_some() {
        return None;
    }
    let (parent, last) = decoded.rsplit_once('/')?;
    let name = crate::reference::unescape(last);
    let mut reason = match parent.strip_prefix("/components/") {
        Some("schemas") => format!("there is no schema `{name}` under /components/schemas"),
        Some(kind) if !kind.contains('/') => format!("there is no `{name}` under /components/{kind}"),
        _ => format!("there is no node at `#{decoded}`"),
    };
    if let Some(Value::Object(siblings)) = doc.pointer(parent) {
        if let Some(near) = closest(&name, siblings.keys().map(String::as_str)) {
            reason.push_str(&format!("; did you mean `#{parent}/{}`?", escape_segment(near)));
        }
    }
    Some(Error::MissingRef {
        pointer: format!("{at}/$ref"),
        target: target.to_string(),
        reason,
        location: None,
    })
}

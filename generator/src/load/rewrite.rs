//! Rewrites of the raw document that `openapiv3` cannot hold as written.

use super::survey::Seg;
use crate::error::{Warning, WarningCode};
use serde_json::{Map, Value};

/// The references among `uses` that point inside other nodes rather than
/// at a component.
pub(super) fn deep_refs(uses: std::collections::BTreeSet<(&str, &'static str)>) -> Vec<(String, &'static str)> {
    uses.into_iter()
        .filter(|(r, _)| {
            let Some(segs) = crate::reference::segments(r) else {
                return false;
            };
            let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
            !matches!(segs.as_slice(), ["components", _, _]) && matches!(segs.first(), Some(&"paths" | &"components"))
        })
        .map(|(r, kind)| (r.to_string(), kind))
        .collect()
}

/// Local `$ref`s that point inside other nodes (`#/paths/.../schema`,
/// `#/components/schemas/A/properties/b`) are turned into references to a
/// copy of their target under `components`, in the section the referencing
/// position calls for (a `$ref` under `items` is a schema whatever it points
/// at), so that every reference downstream names a component.
pub(super) fn hoist_deep_refs(doc: &mut Value, deep: Vec<(String, &'static str)>) {
    if deep.is_empty() {
        return;
    }
    let mut taken: std::collections::BTreeSet<(String, String)> = std::collections::BTreeSet::new();
    if let Some(c) = doc.pointer("/components").and_then(Value::as_object) {
        for (kind, m) in c {
            if let Some(m) = m.as_object() {
                taken.extend(m.keys().map(|k| (kind.clone(), k.clone())));
            }
        }
    }
    let noise = [
        "paths",
        "components",
        "schemas",
        "content",
        "schema",
        "properties",
        "responses",
        "requestBody",
        "application~1json",
    ];
    let mut renames = std::collections::BTreeMap::new();
    let mut copies = Vec::new();
    for (r, kind) in &deep {
        let Some(ptr) = crate::reference::local_pointer(r) else {
            continue;
        };
        let Some(target) = doc.pointer(&ptr).cloned() else {
            continue;
        };
        let words: Vec<String> = ptr
            .split('/')
            .skip(1)
            .filter(|s| !noise.contains(s))
            .map(|s| s.replace("~1", "-").replace("~0", "~").replace('/', "-"))
            .filter(|s| !s.is_empty())
            .collect();
        let base = words.join("-").trim_matches('-').to_string();
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert((kind.to_string(), name.clone())) {
            name = format!("{base}-{n}");
            n += 1;
        }
        renames.insert(
            (r.clone(), *kind),
            format!("#/components/{kind}/{}", crate::error::escape_segment(&name)),
        );
        copies.push((*kind, name, target));
    }
    let Some(obj) = doc.as_object_mut() else { return };
    let components = obj.entry("components").or_insert_with(|| Value::Object(Map::new()));
    if let Some(c) = components.as_object_mut() {
        for (kind, name, target) in copies {
            let section = c.entry(kind.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if let Some(section) = section.as_object_mut() {
                section.insert(name, target);
            }
        }
    }
    rewrite_refs(doc, &mut Vec::new(), &renames);
}

/// What kind of component a `$ref` at this path (keys leading to the
/// object that holds it) must name.
pub(super) fn ref_kind(path: &[Seg<'_>]) -> &'static str {
    // Array indices never decide the kind of a reference.
    fn key<'a>(seg: Option<&Seg<'a>>) -> &'a str {
        match seg {
            Some(Seg::Key(k)) => k,
            Some(Seg::Index(_)) => "#",
            None => "",
        }
    }
    let last = key(path.last());
    let parent = key(path.len().checked_sub(2).and_then(|i| path.get(i)));
    match (parent, last) {
        ("parameters", _) => "parameters",
        ("responses", _) if key(path.first()) != "components" || path.len() > 3 => "responses",
        (_, "requestBody") => "requestBodies",
        ("headers", _) => "headers",
        _ => "schemas",
    }
}

fn rewrite_refs(
    v: &mut Value,
    path: &mut Vec<String>,
    renames: &std::collections::BTreeMap<(String, &'static str), String>,
) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let borrowed: Vec<Seg<'_>> = path.iter().map(|k| Seg::Key(k)).collect();
                if let Some(new) = renames.get(&(r.clone(), ref_kind(&borrowed))) {
                    map.insert("$ref".into(), Value::String(new.clone()));
                }
            }
            for (k, c) in map.iter_mut() {
                if matches!(c, Value::Object(_) | Value::Array(_)) {
                    path.push(k.clone());
                    rewrite_refs(c, path, renames);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for c in items.iter_mut() {
                path.push("#".into());
                rewrite_refs(c, path, renames);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `type: integer` / `number` with enum values written as strings (`'1'`):
/// the values are numbers on the wire, so read them as numbers.
pub(super) fn fix_numeric_enum(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        return;
    };
    let mut converted = 0;
    let mut bad = Vec::new();
    for item in values.iter_mut() {
        if let Value::String(s) = item {
            if let Ok(i) = s.trim().parse::<i64>() {
                *item = Value::from(i);
                converted += 1;
            } else if let Some(n) = s.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                *item = Value::Number(n);
                converted += 1;
            } else {
                bad.push(s.clone());
            }
        }
    }
    if !bad.is_empty() {
        values.retain(|x| !x.is_string());
        warnings.push(Warning::new(
            WarningCode::LossyEnum,
            format!("{pointer}/enum"),
            format!("numeric enum has non-numeric values {bad:?}; they are ignored"),
        ));
    } else if converted > 0 {
        warnings.push(Warning::new(
            WarningCode::NumericEnumStrings,
            format!("{pointer}/enum"),
            format!("{converted} numeric enum value(s) are written as strings; read as numbers"),
        ));
    }
}

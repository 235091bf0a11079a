//! The fast path for JSON documents that need no rewriting (OpenAPI 3.0, no
//! integer enums written as strings, no deep `$ref`s, no integer beyond 64 bits, nothing to tolerate), which is most large
//! ones. Paths and component schemas stay raw text until a parallel pass
//! reads each one into a JSON value, surveys it and deserializes it, so
//! that no stage over the whole document runs on one thread. Anything else (a rewrite, a malformed node, a
//! duplicate key) returns `None`, and [`super::load`] takes the general path,
//! which gives the same document, or the located error, from scratch.

use super::deserialize::par_filter_map;
use super::rewrite::deep_refs;
use super::survey::{Seg, Survey};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

type Raw = IndexMap<String, Box<RawValue>>;

pub fn load(text: &str) -> Option<(OpenAPI, String)> {
    // Integers beyond 64 bits get a warning, which the general path gives.
    if super::wide::any(text) {
        return None;
    }
    let top: Raw = serde_json::from_str(text).ok()?;
    let version = match serde_json::from_str::<Value>(top.get("openapi")?.get()).ok()? {
        Value::String(v) if v.starts_with("3.0") => v,
        _ => return None,
    };
    let object = |raw: Option<&Box<RawValue>>| -> Option<Raw> {
        match raw {
            Some(raw) => serde_json::from_str(raw.get()).ok(),
            None => Some(Raw::new()),
        }
    };
    let paths = object(top.get("paths"))?;
    let mut components = object(top.get("components"))?;
    let schemas = object(components.get("schemas"))?;
    // Everything else, as values, with empty paths and schemas keeping
    // their places.
    let mut rest = Map::new();
    for (key, raw) in &top {
        let value = match key.as_str() {
            "paths" => Value::Object(Map::new()),
            "components" => {
                let mut c = Map::new();
                for (k, raw) in components.drain(..) {
                    let v = if k == "schemas" {
                        Value::Object(Map::new())
                    } else {
                        serde_json::from_str(raw.get()).ok()?
                    };
                    c.insert(k, v);
                }
                Value::Object(c)
            }
            _ => serde_json::from_str(raw.get()).ok()?,
        };
        rest.insert(key.clone(), value);
    }
    let rest = Value::Object(rest);
    let (doc, (paths_de, schemas_de)) = rayon::join(
        || {
            let mut survey = Survey::default();
            survey.walk(&rest, &mut Vec::new(), false).ok()?;
            clean(survey)?;
            serde::Deserialize::deserialize(&rest).ok()
        },
        || {
            rayon::join(
                || entries::<ReferenceOr<PathItem>>(&paths, &["paths"], false, |k| k.starts_with('/')),
                || entries::<ReferenceOr<Schema>>(&schemas, &["components", "schemas"], true, |_| true),
            )
        },
    );
    let mut doc: OpenAPI = doc?;
    let extensions = paths
        .iter()
        .filter(|(k, _)| k.starts_with("x-"))
        .map(|(k, raw)| serde_json::from_str(raw.get()).ok().map(|v| (k.clone(), v)))
        .collect::<Option<IndexMap<String, Value>>>()?;
    doc.paths = openapiv3::Paths {
        paths: paths_de?,
        extensions,
    };
    if top.contains_key("components") {
        doc.components.get_or_insert_with(Default::default).schemas = schemas_de?;
    }
    Some((doc, version))
}

/// `None` unless the survey found nothing to rewrite.
fn clean(survey: Survey<'_>) -> Option<()> {
    (!survey.to_tolerate && survey.numeric_enums.is_empty() && deep_refs(survey.refs).is_empty()).then_some(())
}

/// Surveys every entry and deserializes those whose keys pass `keep`,
/// in parallel, keeping their order.
fn entries<T: serde::de::DeserializeOwned + Send>(
    raw: &Raw,
    at: &[&str],
    in_schema: bool,
    keep: fn(&str) -> bool,
) -> Option<IndexMap<String, T>> {
    let all: Vec<(&String, &Box<RawValue>)> = raw.iter().collect();
    let typed = par_filter_map(&all, |(key, raw)| {
        let value: Value = serde_json::from_str(raw.get()).ok()?;
        let mut survey = Survey::default();
        let mut path: Vec<Seg<'_>> = at.iter().map(|s| Seg::Key(s)).collect();
        path.push(Seg::Key(key));
        survey.walk(&value, &mut path, in_schema).ok()?;
        clean(survey)?;
        if !keep(key) {
            return Some(None);
        }
        // From the value, not the text: `openapiv3` panics on some
        // inputs (duplicate keys) read from text.
        Some(Some(((*key).clone(), T::deserialize(&value).ok()?)))
    })?;
    Some(typed.into_iter().collect())
}

//! Deserialization into `openapiv3`, in parallel where the document allows,
//! with failures located.

use crate::error::Error;
use serde_json::{Map, Value};

/// `f` on every item, in parallel chunks, keeping their order: `None` when
/// any call gives `None`; items that give `Some(None)` are left out.
pub(super) fn par_filter_map<I: Sync, T: Send>(
    items: &[I],
    f: impl Fn(&I) -> Option<Option<T>> + Sync,
) -> Option<Vec<T>> {
    use rayon::prelude::*;
    let chunks = items
        .par_chunks(16)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len());
            for item in chunk {
                out.extend(f(item)?);
            }
            Some(out)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(chunks.into_iter().flatten().collect())
}

/// Deserializes the entries of a JSON object whose keys pass `keep`, in
/// parallel, keeping their order; `None` when any entry fails.
fn par_entries<T: serde::de::DeserializeOwned + Send>(
    obj: &Map<String, Value>,
    keep: fn(&str) -> bool,
) -> Option<indexmap::IndexMap<String, T>> {
    let entries: Vec<(&String, &Value)> = obj.iter().filter(|(k, _)| keep(k)).collect();
    let typed = par_filter_map(&entries, |(k, v)| Some(Some(((*k).clone(), T::deserialize(*v).ok()?))))?;
    Some(typed.into_iter().collect())
}

/// The fast path: paths and component schemas, the bulk of large
/// documents, are deserialized entry by entry in parallel beside the rest
/// of the document; `None` when any part fails (the slow path then finds
/// and locates the error). Entries keep their order, so the result is the
/// same as in one pass.
fn deserialize_parts(raw: &mut Value) -> Option<openapiv3::OpenAPI> {
    use openapiv3::{PathItem, ReferenceOr, Schema};
    use serde::Deserialize as _;
    // Empty objects keep the keys' places while the values are away.
    let take = |v: Option<&mut Value>| {
        v.filter(|v| v.is_object())
            .map(|v| std::mem::replace(v, Value::Object(Map::new())))
    };
    let paths = take(raw.get_mut("paths"));
    let schemas = take(raw.get_mut("components").and_then(|c| c.get_mut("schemas")));
    let (rest, (paths_de, schemas_de)) = rayon::join(
        || openapiv3::OpenAPI::deserialize(&*raw).ok(),
        || {
            rayon::join(
                || {
                    paths
                        .as_ref()
                        .and_then(Value::as_object)
                        .map(|p| par_entries::<ReferenceOr<PathItem>>(p, |k| k.starts_with('/')))
                },
                || {
                    schemas
                        .as_ref()
                        .and_then(Value::as_object)
                        .map(|s| par_entries::<ReferenceOr<Schema>>(s, |_| true))
                },
            )
        },
    );
    let put_back = |v: Option<&mut Value>, old: Option<Value>| {
        if let (Some(slot), Some(old)) = (v, old) {
            *slot = old;
        }
    };
    let extensions: indexmap::IndexMap<String, Value> = paths
        .as_ref()
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(k, _)| k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    put_back(raw.get_mut("paths"), paths);
    put_back(raw.get_mut("components").and_then(|c| c.get_mut("schemas")), schemas);
    let mut doc = rest?;
    if let Some(p) = paths_de {
        doc.paths = openapiv3::Paths { paths: p?, extensions };
    }
    if let Some(s) = schemas_de {
        doc.components.get_or_insert_with(Default::default).schemas = s?;
    }
    Some(doc)
}

pub(super) fn deserialize(raw: &mut Value) -> Result<openapiv3::OpenAPI, Error> {
    if let Some(doc) = deserialize_parts(raw) {
        return Ok(doc);
    }
    let raw = &*raw;
    // Paths are tracked only to explain a failure.
    match try_as::<openapiv3::OpenAPI>(raw, "") {
        Ok(doc) => Ok(doc),
        Err((pointer, message)) => {
            // openapiv3 flattens several maps, which hides the path of the
            // failing node; look for it node by node.
            let (pointer, message) = super::drill::document(raw).unwrap_or((pointer, message));
            Err(Error::Invalid {
                pointer,
                message,
                location: None,
            })
        }
    }
}

/// Deserializes `v` as `T`, reporting the JSON pointer of the failing node.
pub(super) fn try_as<T: serde::de::DeserializeOwned>(v: &Value, base: &str) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let mut pointer = base.to_string();
        for seg in e.path().iter() {
            use serde_path_to_error::Segment;
            match seg {
                Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&crate::error::escape_segment(key));
                }
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let inner = e.into_inner().to_string();
        let message = if inner.contains("untagged enum") || inner.contains("did not match any variant") {
            "this node does not have the shape of an OpenAPI object valid here".to_string()
        } else {
            inner
        };
        (pointer, message)
    })
}

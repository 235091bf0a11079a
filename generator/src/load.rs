//! Stage 1: text -> `openapiv3::OpenAPI`.
//!
//! Reads YAML or JSON into a JSON value, checks the version, rewrites the
//! constructs `openapiv3` cannot hold (integer enums written as strings,
//! OpenAPI 3.1 spellings) with a warning each, then deserializes, turning
//! serde's failures into located errors.

use crate::error::WarningCode;
use crate::error::{Error, Location, Warning};
use crate::locate::{Format, Locator};
use serde_json::{Map, Value};

pub struct Loaded<'a> {
    pub doc: openapiv3::OpenAPI,
    pub locator: Locator<'a>,
    pub warnings: Vec<Warning>,
    /// The document's `openapi` version as written.
    pub version: String,
}

/// JSON when the text starts with `{`, YAML otherwise (JSON is also YAML,
/// but the JSON parser is much faster on large documents).
pub fn detect_format(text: &str) -> Format {
    if text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    }
}

pub fn load(text: &str) -> Result<Loaded<'_>, Error> {
    let format = detect_format(text);
    let locator = Locator::new(text, format);
    let fast = if format == Format::Json { fast::load(text) } else { None };
    let (doc, warnings, version) = match fast {
        Some((doc, version)) => (doc, Vec::new(), version),
        None => general(text, format, &locator)?,
    };
    Ok(Loaded {
        doc,
        locator,
        warnings,
        version,
    })
}

/// Any document: the whole text into one JSON value, rewritten where
/// needed, then deserialized; failures located.
fn general(
    text: &str,
    format: Format,
    locator: &Locator<'_>,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>, String), Error> {
    let mut raw = parse(text, format)?;
    let mut warnings = Vec::new();
    let version = check_version(&raw).map_err(|e| e.locate(locator))?;
    if version.starts_with("3.1") {
        crate::downgrade::downgrade_31(&mut raw, &mut warnings);
    }
    let (refs, numeric_enums) = {
        let mut survey = Survey::default();
        survey
            .walk(&raw, &mut Vec::new(), false)
            .map_err(|e| e.locate(locator))?;
        (deep_refs(survey.refs), survey.numeric_enums)
    };
    for pointer in numeric_enums {
        if let Some(Value::Object(map)) = raw.pointer_mut(&pointer) {
            fix_numeric_enum(map, &pointer, &mut warnings);
        }
    }
    hoist_deep_refs(&mut raw, refs);
    let doc = deserialize(&mut raw).map_err(|e| e.locate(locator))?;
    for w in &mut warnings {
        if w.location.is_none() {
            w.location = locator.locate(&w.pointer);
        }
    }
    Ok((doc, warnings, version))
}

/// The text as one JSON value, keys as written (YAML keys that are numbers
/// or booleans become their text); the one YAML->JSON path, also used by
/// `diff` to tell which nodes a document spells out.
pub(crate) fn parse(text: &str, format: Format) -> Result<Value, Error> {
    match format {
        Format::Json => serde_json::from_str(text).map_err(|e| Error::Syntax {
            format: "JSON",
            message: strip_position(&e.to_string()),
            location: Some(Location {
                line: e.line(),
                column: e.column(),
            }),
        }),
        Format::Yaml => {
            let v: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                let message = strip_position(&e.to_string());
                // Errors about the whole stream carry no position: point at
                // the second document's marker, or at the start.
                let location = e
                    .location()
                    .map(|l| Location {
                        line: l.line(),
                        column: l.column(),
                    })
                    .or_else(|| {
                        let second_doc = message
                            .contains("more than one document")
                            .then(|| {
                                text.lines()
                                    .enumerate()
                                    .filter(|(_, l)| l.starts_with("---"))
                                    .map(|(i, _)| i + 1)
                                    .find(|&n| n > 1)
                            })
                            .flatten();
                        Some(Location {
                            line: second_doc.unwrap_or(1),
                            column: 1,
                        })
                    });
                Error::Syntax {
                    format: "YAML",
                    message,
                    location,
                }
            })?;
            yaml_to_json(v, &mut String::new())
        }
    }
}

/// serde's messages embed "at line L column C"; the location is printed
/// separately, so it is cut out of the message.
fn strip_position(msg: &str) -> String {
    let Some(start) = msg.find(" at line ") else {
        return msg.to_string();
    };
    let rest = &msg[start + " at line ".len()..];
    let after_line = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let after = match after_line.strip_prefix(" column ") {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => after_line,
    };
    format!("{}{}", &msg[..start], after)
}

/// YAML allows non-string keys (`200:`), tags and NaN; JSON does not.
fn yaml_to_json(v: serde_yaml::Value, pointer: &mut String) -> Result<Value, Error> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| Error::Invalid {
                        pointer: pointer.clone(),
                        message: format!("number {f} has no JSON representation"),
                        location: None,
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                out.push(yaml_to_json(item, pointer)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        Y::Mapping(m) => {
            let mut out = Map::with_capacity(m.len());
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    other => {
                        return Err(Error::Invalid {
                            pointer: pointer.clone(),
                            message: format!("mapping key must be a scalar, found {other:?}"),
                            location: None,
                        })
                    }
                };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::error::escape_segment(&key));
                let value = yaml_to_json(v, pointer)?;
                pointer.truncate(len);
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value, pointer)?,
    })
}

fn check_version(raw: &Value) -> Result<String, Error> {
    let Some(obj) = raw.as_object() else {
        return Err(Error::Invalid {
            pointer: String::new(),
            message: "an OpenAPI document must be a mapping at the top level".into(),
            location: Some(Location { line: 1, column: 1 }),
        });
    };
    if let Some(v) = obj.get("swagger") {
        return Err(Error::UnsupportedVersion {
            pointer: "/swagger".into(),
            message: format!(
                "Swagger {} documents are not supported; convert to OpenAPI 3 first (for example with swagger2openapi)",
                v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())
            ),
            location: None,
        });
    }
    match obj.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(v.clone()),
        Some(v) => Err(Error::UnsupportedVersion {
            pointer: "/openapi".into(),
            message: format!("OpenAPI version {v} is not supported; expected 3.0.x or 3.1.x"),
            location: None,
        }),
        None => Err(Error::Invalid {
            pointer: String::new(),
            message: "missing the `openapi` version field; is this an OpenAPI document?".into(),
            location: Some(Location { line: 1, column: 1 }),
        }),
    }
}

/// The references among `uses` that point inside other nodes rather than
/// at a component.
fn deep_refs(uses: std::collections::BTreeSet<(&str, &'static str)>) -> Vec<(String, &'static str)> {
    uses.into_iter()
        .filter(|(r, _)| {
            let Some(ptr) = r.strip_prefix('#') else { return false };
            let ptr = percent_decode(ptr);
            let segs: Vec<&str> = ptr.split('/').skip(1).collect();
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
fn hoist_deep_refs(doc: &mut Value, deep: Vec<(String, &'static str)>) {
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
        let ptr = percent_decode(&r[1..]);
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
fn ref_kind(path: &[Seg<'_>]) -> &'static str {
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

/// Decodes `%XX` escapes (URI fragments may carry them).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One segment of the path to a node: an object key or an array index.
#[derive(Clone, Copy)]
enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer_of(path: &[Seg<'_>]) -> String {
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
struct Survey<'v> {
    /// Every `$ref`, with the kind of component its position calls for.
    refs: std::collections::BTreeSet<(&'v str, &'static str)>,
    /// Pointers of `type: integer` / `number` schemas whose enum values
    /// include strings, in document order.
    numeric_enums: Vec<String>,
}

impl<'v> Survey<'v> {
    /// Walks `v`, failing on the first schema keyword of the wrong JSON type:
    /// `openapiv3` reports such nodes only after retrying every schema
    /// variant at every level above them, which takes time exponential in
    /// the depth. Values (`example`, `enum`, `default`, ...) are not entered.
    fn walk(&mut self, v: &'v Value, path: &mut Vec<Seg<'v>>, in_schema: bool) -> Result<(), Error> {
        let Value::Object(map) = v else { return Ok(()) };
        if let Some(Value::String(r)) = map.get("$ref") {
            self.refs.insert((r.as_str(), ref_kind(path)));
        }
        if in_schema {
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

/// `type: integer` / `number` with enum values written as strings (`'1'`):
/// the values are numbers on the wire, so read them as numbers.
fn fix_numeric_enum(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
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
        warnings.push(Warning {
            code: WarningCode::LossyEnum,
            pointer: format!("{pointer}/enum"),
            location: None,
            message: format!("numeric enum has non-numeric values {bad:?}; they are ignored"),
        });
    } else if converted > 0 {
        warnings.push(Warning {
            code: WarningCode::NumericEnumStrings,
            pointer: format!("{pointer}/enum"),
            location: None,
            message: format!("{converted} numeric enum value(s) are written as strings; read as numbers"),
        });
    }
}

/// `f` on every item, in parallel chunks, keeping their order: `None` when
/// any call gives `None`; items that give `Some(None)` are left out.
fn par_filter_map<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> Option<Option<T>> + Sync) -> Option<Vec<T>> {
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

fn deserialize(raw: &mut Value) -> Result<openapiv3::OpenAPI, Error> {
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
            let (pointer, message) = drill::document(raw).unwrap_or((pointer, message));
            Err(Error::Invalid {
                pointer,
                message,
                location: None,
            })
        }
    }
}

/// Deserializes `v` as `T`, reporting the JSON pointer of the failing node.
fn try_as<T: serde::de::DeserializeOwned>(v: &Value, base: &str) -> Result<T, (String, String)> {
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

/// Node-by-node checks that find the innermost node of the wrong shape.
mod drill {
    use super::try_as;
    use crate::error::join;
    use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
    use serde_json::Value;

    type Found = Option<(String, String)>;
    type Check = fn(&Value, &str) -> Found;

    fn each(v: &Value, ptr: &str, f: impl Fn(&Value, &str) -> Found) -> Found {
        match v {
            Value::Object(map) => map.iter().find_map(|(k, child)| f(child, &join(ptr, &[k]))),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, child)| f(child, &format!("{ptr}/{i}"))),
            _ => None,
        }
    }

    fn leaf<T: serde::de::DeserializeOwned>(v: &Value, ptr: &str) -> Found {
        try_as::<T>(v, ptr).err()
    }

    pub fn document(raw: &Value) -> Found {
        if let Some(paths) = raw.get("paths") {
            if let Some(found) = each(paths, "/paths", path_item) {
                return Some(found);
            }
        }
        if let Some(c) = raw.get("components") {
            let kinds: [(&str, Check); 5] = [
                ("schemas", leaf::<ReferenceOr<Schema>>),
                ("parameters", leaf::<ReferenceOr<Parameter>>),
                ("responses", leaf::<ReferenceOr<Response>>),
                ("requestBodies", leaf::<ReferenceOr<RequestBody>>),
                ("securitySchemes", leaf::<ReferenceOr<SecurityScheme>>),
            ];
            for (key, check) in kinds {
                if let Some(map) = c.get(key) {
                    if let Some(found) = each(map, &format!("/components/{key}"), check) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    fn path_item(v: &Value, ptr: &str) -> Found {
        if let Some(params) = v.get("parameters").filter(|p| p.is_array()) {
            if let Some(found) = each(params, &join(ptr, &["parameters"]), leaf::<ReferenceOr<Parameter>>) {
                return Some(found);
            }
        }
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if let Some(op) = v.get(method) {
                if let Some(found) = operation(op, &join(ptr, &[method])) {
                    return Some(found);
                }
            }
        }
        leaf::<ReferenceOr<PathItem>>(v, ptr)
    }

    fn operation(v: &Value, ptr: &str) -> Found {
        if let Some(params) = v.get("parameters").filter(|p| p.is_array()) {
            if let Some(found) = each(params, &join(ptr, &["parameters"]), leaf::<ReferenceOr<Parameter>>) {
                return Some(found);
            }
        }
        if let Some(body) = v.get("requestBody") {
            if let Some(found) = leaf::<ReferenceOr<RequestBody>>(body, &join(ptr, &["requestBody"])) {
                return Some(found);
            }
        }
        if let Some(responses) = v.get("responses").filter(|r| r.is_object()) {
            if let Some(found) = each(responses, &join(ptr, &["responses"]), leaf::<ReferenceOr<Response>>) {
                return Some(found);
            }
        }
        leaf::<openapiv3::Operation>(v, ptr)
    }
}

/// The fast path for JSON documents that need no rewriting (OpenAPI 3.0, no
/// integer enums written as strings, no deep `$ref`s), which is most large
/// ones. Paths and component schemas stay raw text until a parallel pass
/// reads each one into a JSON value, surveys it and deserializes it, so
/// that no stage over the whole document runs on one thread. Anything else (a rewrite, a malformed node, a
/// duplicate key) returns `None`, and [`load`] takes the general path,
/// which gives the same document, or the located error, from scratch.
mod fast {
    use super::{deep_refs, par_filter_map, Seg, Survey};
    use indexmap::IndexMap;
    use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema};
    use serde_json::value::RawValue;
    use serde_json::{Map, Value};

    type Raw = IndexMap<String, Box<RawValue>>;

    pub fn load(text: &str) -> Option<(OpenAPI, String)> {
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
        (survey.numeric_enums.is_empty() && deep_refs(survey.refs).is_empty()).then_some(())
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general_path(text: &str) -> openapiv3::OpenAPI {
        general(text, Format::Json, &Locator::new(text, Format::Json))
            .expect("loads")
            .0
    }

    const BASE: &str = r##"{
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "x-top": {"a": 1},
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"operationId": "getItem", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}
            },
            "x-paths-note": {"b": [1, 2]}
        },
        "components": {
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            "schemas": {
                "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "enum": [1, 2]}, "tags": {"type": "array", "items": {"type": "string"}}}},
                "Other": {"$ref": "#/components/schemas/Item"}
            }
        }
    }"##;

    #[test]
    fn the_fast_path_gives_the_document_of_the_general_path() {
        // A duplicate key: the last one counts on both paths.
        let duplicate = BASE.replace(r#""required": ["id"],"#, r#""required": ["tags"], "required": ["id"],"#);
        for text in [BASE, duplicate.as_str()] {
            let (fast, version) = fast::load(text).expect("takes the fast path");
            assert_eq!(version, "3.0.3");
            let as_json = |doc: &openapiv3::OpenAPI| serde_json::to_string(doc).expect("serializes");
            assert_eq!(as_json(&fast), as_json(&general_path(text)));
        }
    }

    #[test]
    fn documents_needing_rewrites_take_the_general_path() {
        let cases = [
            // An integer enum written as strings.
            BASE.replace(r#""enum": [1, 2]"#, r#""enum": ["1", "2"]"#),
            // A reference into another node.
            BASE.replace(
                r##""$ref": "#/components/schemas/Item"}"##,
                r##""$ref": "#/components/schemas/Item/properties/tags"}"##,
            ),
            // OpenAPI 3.1.
            BASE.replace("3.0.3", "3.1.0"),
            // A mistyped schema keyword, which the general path locates.
            BASE.replace(r#""items": {"type": "string"}"#, r#""items": ["string"]"#),
        ];
        for case in cases {
            assert!(fast::load(&case).is_none(), "{case}");
        }
    }
}

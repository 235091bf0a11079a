//! No panics, ever: whatever document `oagen::generate` is given, it returns
//! `Ok` or an error that says where the problem is (a JSON pointer, or a
//! line and column for syntax errors), never a panic and never an
//! "internal error".
//!
//! The property test takes the fixture specs (`tests/fixtures/types`,
//! `tests/fixtures/compat`, `tests/fixtures/constructs` and the WhatsApp
//! spec), applies random structural edits (deleted keys, nodes of another
//! JSON type, duplicated subtrees, `$ref`s to missing, cyclic or odd
//! targets, other `type`s, odd names, other `openapi` versions, nested
//! `allOf`/`oneOf`/`anyOf`/`not`), writes the result as YAML or JSON and
//! checks the outcome. The run is deterministic (fixed RNG seed).
//!
//! Inputs the fuzzer found (`tests/fixtures/fuzz/`) are replayed as they are.
//! Every run must also finish in time: a hang is a finding too.

use oagen_tests::tree::{all_paths, get, get_mut, node_count, pointer, Seg};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use serde_json::{Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

/// A document, however broken, is handled in well under this (debug build).
const TIME_LIMIT: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `generate` and returns `Err(reason)` for a panic, an internal error
/// or an error with no location.
fn outcome(text: &str) -> Result<(), String> {
    let config = oagen::Config::new("no-panic");
    let result = catch_unwind(AssertUnwindSafe(|| oagen::generate(&config, text)));
    match result {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(no message)".to_string());
            Err(format!("generate panicked: {message}"))
        }
        Ok(Ok(_)) => Ok(()),
        Ok(Err(err)) => {
            let message = err.to_string();
            if message.contains("internal error") {
                return Err(format!("internal error: {message}"));
            }
            let located = match &err {
                oagen::Error::Syntax { .. } | oagen::Error::UnsupportedVersion { .. } => {
                    err.pointer().is_some() || err.location().is_some()
                }
                _ => err.pointer().is_some(),
            };
            if located {
                Ok(())
            } else {
                Err(format!("error without a location ({}): {message}", err.code()))
            }
        }
    }
}

/// `outcome`, failing when `generate` takes longer than `TIME_LIMIT` (the
/// stuck thread is left behind; the test fails anyway).
fn outcome_in_time(text: &str) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let text = text.to_string();
    std::thread::spawn(move || {
        let _ = tx.send(outcome(&text));
    });
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(result) => result,
        Err(_) => Err(format!("generate did not finish within {} s", TIME_LIMIT.as_secs())),
    }
}

// ---------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------

/// The fixture documents as JSON values, with their file names.
fn seeds() -> &'static [(String, Value)] {
    static SEEDS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = root();
        let mut files = Vec::new();
        for dir in [
            "tests/fixtures/types",
            "tests/fixtures/compat",
            "tests/fixtures/constructs",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("readable directory entry").path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files.push(root.join("spec/whatsapp-business-api.yaml"));
        files
            .into_iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).expect("readable fixture");
                // `serde_yaml::Value` cannot hold integers beyond 64 bits,
                // which one fixture has on purpose; it is not a seed.
                let Ok(yaml) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
                    assert!(
                        path.ends_with("tolerated-schema-keywords.yaml"),
                        "{} does not parse",
                        path.display()
                    );
                    return None;
                };
                let json = serde_json::to_value(yaml).expect("fixture converts to JSON");
                let name = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
                Some((name, json))
            })
            .collect()
    })
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

const KEYWORDS: &[&str] = &[
    "type", "self", "Self", "crate", "super", "fn", "async", "await", "gen", "try", "r#type", "_", "__", "Option",
    "String", "Vec", "Box", "Result", "Ok", "Err", "None", "Some", "Client", "Error", "new", "default", "builder",
    "std", "core", "serde", "Unknown", "Value",
];
const PUNCTUATION: &[&str] = &[
    "-", "+", "*", "/", ".", "=", "<", ">", "!", "@", "#", "$", "%", "&", "|", "~", "?", ":", ",", "_", " ", "{}",
    "{id}", "[]", "\"", "'", "\\", "`", "~0", "~1", "a/b", "a~b", "-1", "+1", "1.5", "0", "007", "1e3", "a-", "-a",
    "a--b", "A.B.C", "x-", "$ref",
];
const UNICODE: &[&str] = &[
    "é", "名前", "ß", "İ", "ǅ", "𝔘", "🦀", "\u{200b}", "\u{feff}", "a\u{301}", "Ⅻ", "٣", "ﬁ", "\t", "\n", "ʼn", "ΣΑΣ",
    "ꓘ",
];
const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "", "String",
];
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "nullable",
    "enum",
    "const",
    "required",
    "items",
    "properties",
    "additionalProperties",
    "discriminator",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "default",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
    "description",
    "in",
    "name",
    "style",
    "content",
    "schema",
    "responses",
    "requestBody",
    "parameters",
    "security",
    "servers",
    "operationId",
    "tags",
    "webhooks",
    "paths",
    "components",
    "schemas",
    "prefixItems",
    "minimum",
    "$ref",
    "x-oagen",
];

fn odd_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        select(KEYWORDS).prop_map(str::to_string),
        select(PUNCTUATION).prop_map(str::to_string),
        select(UNICODE).prop_map(str::to_string),
        "[a-zA-Z0-9_.{}/-]{1,10}",
        "\\PC{1,6}",
    ]
}

/// A value, often of another JSON type than the node it replaces.
#[derive(Debug, Clone)]
enum NewValue {
    Literal(Value),
    /// A copy of another node of the same document.
    CopyOf(Index),
}

fn new_value() -> impl Strategy<Value = NewValue> {
    prop_oneof![
        Just(NewValue::Literal(Value::Null)),
        any::<bool>().prop_map(|b| NewValue::Literal(Value::Bool(b))),
        any::<i64>().prop_map(|i| NewValue::Literal(Value::from(i))),
        Just(NewValue::Literal(Value::from(u64::MAX))),
        (-1e12f64..1e12).prop_map(|f| NewValue::Literal(Value::from(f))),
        odd_name().prop_map(|s| NewValue::Literal(Value::String(s))),
        Just(NewValue::Literal(Value::Array(Vec::new()))),
        Just(NewValue::Literal(Value::Object(Map::new()))),
        Just(NewValue::Literal(serde_json::json!(["string", "null"]))),
        Just(NewValue::Literal(serde_json::json!(["a", "b", "a"]))),
        any::<Index>().prop_map(NewValue::CopyOf),
    ]
}

#[derive(Debug, Clone)]
enum RefTarget {
    /// `#` + the pointer of some node of the document.
    Existing(Index),
    /// The object holding the `$ref` (a cycle).
    Itself,
    /// Its parent (a cycle through a container).
    Parent,
    Literal(Value),
}

fn ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        3 => any::<Index>().prop_map(RefTarget::Existing),
        1 => Just(RefTarget::Itself),
        1 => Just(RefTarget::Parent),
        2 => select(&[
            "#/components/schemas/DoesNotExist",
            "#",
            "",
            "other.yaml#/components/schemas/Thing",
            "https://example.com/schema.json",
            "#components/schemas/Thing",
            "#/components/schemas/a~2b",
            "#/components/schemas/%7Bx%7D",
            "#/components/schemas/",
            "#/paths/~1a~1{b}/get",
            "#/components/responses/Nope",
            "#/components/parameters/0",
        ][..])
        .prop_map(|s| RefTarget::Literal(Value::from(s))),
        1 => any::<i32>().prop_map(|i| RefTarget::Literal(Value::from(i))),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Removes a node from its parent.
    Delete(Index),
    /// Replaces a node.
    Replace(Index, NewValue),
    /// Copies a subtree into another object (under a name) or array.
    Duplicate { from: Index, to: Index, name: String },
    /// Points a `$ref` (or a new one) somewhere.
    Retarget(Index, RefTarget),
    /// Sets `type` on an object node.
    SetType(Index, Value),
    /// Renames an object key.
    Rename(Index, String),
    /// Sets an OpenAPI keyword on an object node.
    SetKeyword(Index, &'static str, NewValue),
    /// Sets (or removes) `openapi`.
    Version(Option<Value>),
    /// Wraps a node in `allOf`/`oneOf`/`anyOf`/`not`, `depth` times.
    Nest(Index, &'static str, u8),
}

fn type_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => select(TYPES).prop_map(Value::from),
        1 => proptest::collection::vec(select(TYPES), 0..4).prop_map(Value::from),
        1 => any::<i8>().prop_map(Value::from),
    ]
}

fn version() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        4 => select(&["3.0.0", "3.0.3", "3.1.0", "3.1.1", "3.0", "3.1", "3", "2.0", "4.0.0", "", "3.1.0-rc1", "3.0.x", " 3.0.3"][..])
            .prop_map(|v| Some(Value::from(v))),
        1 => Just(Some(serde_json::json!(3.1))),
        1 => Just(Some(Value::Null)),
        1 => Just(None),
        1 => odd_name().prop_map(|s| Some(Value::String(s))),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), new_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<Index>(), any::<Index>(), odd_name()).prop_map(|(from, to, name)| Mutation::Duplicate { from, to, name }),
        3 => (any::<Index>(), ref_target()).prop_map(|(i, t)| Mutation::Retarget(i, t)),
        2 => (any::<Index>(), type_value()).prop_map(|(i, t)| Mutation::SetType(i, t)),
        2 => (any::<Index>(), odd_name()).prop_map(|(i, n)| Mutation::Rename(i, n)),
        3 => (any::<Index>(), select(SCHEMA_KEYS), new_value()).prop_map(|(i, k, v)| Mutation::SetKeyword(i, k, v)),
        1 => version().prop_map(Mutation::Version),
        2 => (any::<Index>(), select(&["allOf", "oneOf", "anyOf", "not"][..]), 1u8..6)
            .prop_map(|(i, k, d)| Mutation::Nest(i, k, d)),
    ]
}

fn object_paths(doc: &Value) -> Vec<Vec<Seg>> {
    all_paths(doc)
        .into_iter()
        .filter(|p| matches!(get(doc, p), Some(Value::Object(_))))
        .collect()
}

fn pick(candidates: &[Vec<Seg>], index: &Index) -> Vec<Seg> {
    if candidates.is_empty() {
        Vec::new()
    } else {
        index.get(candidates).clone()
    }
}

fn resolve(value: &NewValue, doc: &Value) -> Value {
    match value {
        NewValue::Literal(v) => v.clone(),
        NewValue::CopyOf(i) => get(doc, &pick(&all_paths(doc), i)).cloned().unwrap_or(Value::Null),
    }
}

fn set_key(doc: &mut Value, at: &[Seg], key: &str, value: Value) {
    if let Some(Value::Object(m)) = get_mut(doc, at) {
        m.insert(key.to_string(), value);
    }
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Delete(i) => {
            let path = pick(&all_paths(doc), i);
            let Some((last, parent)) = path.split_last() else {
                *doc = Value::Null;
                return;
            };
            match (get_mut(doc, parent), last) {
                (Some(Value::Object(m)), Seg::Key(k)) => {
                    m.shift_remove(k);
                }
                (Some(Value::Array(a)), Seg::Index(i)) if *i < a.len() => {
                    a.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::Replace(i, v) => {
            let path = pick(&all_paths(doc), i);
            let v = resolve(v, doc);
            if let Some(slot) = get_mut(doc, &path) {
                *slot = v;
            }
        }
        Mutation::Duplicate { from, to, name } => {
            let all = all_paths(doc);
            let value = get(doc, &pick(&all, from)).cloned().unwrap_or(Value::Null);
            let to = pick(&all, to);
            match get_mut(doc, &to) {
                Some(Value::Object(m)) => {
                    m.insert(name.clone(), value);
                }
                Some(Value::Array(a)) => a.push(value),
                Some(other) => *other = value,
                None => {}
            }
        }
        Mutation::Retarget(i, target) => {
            let holders: Vec<Vec<Seg>> = object_paths(doc)
                .into_iter()
                .filter(|p| matches!(get(doc, p), Some(Value::Object(m)) if m.contains_key("$ref")))
                .collect();
            let holder = if holders.is_empty() {
                pick(&object_paths(doc), i)
            } else {
                pick(&holders, i)
            };
            let value = match target {
                RefTarget::Existing(j) => Value::String(format!("#{}", pointer(&pick(&all_paths(doc), j)))),
                RefTarget::Itself => Value::String(format!("#{}", pointer(&holder))),
                RefTarget::Parent => Value::String(format!("#{}", pointer(&holder[..holder.len().saturating_sub(1)]))),
                RefTarget::Literal(v) => v.clone(),
            };
            set_key(doc, &holder, "$ref", value);
        }
        Mutation::SetType(i, ty) => {
            let at = pick(&object_paths(doc), i);
            set_key(doc, &at, "type", ty.clone());
        }
        Mutation::Rename(i, name) => {
            let path = pick(&all_paths(doc), i);
            let Some((Seg::Key(old), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Object(m)) = get_mut(doc, parent) {
                // Rebuilt in order, so the renamed key keeps its place.
                for (k, v) in std::mem::take(m) {
                    m.insert(if k == *old { name.clone() } else { k }, v);
                }
            }
        }
        Mutation::SetKeyword(i, key, v) => {
            let at = pick(&object_paths(doc), i);
            let v = resolve(v, doc);
            set_key(doc, &at, key, v);
        }
        Mutation::Version(v) => {
            if let Value::Object(m) = doc {
                match v {
                    Some(v) => {
                        m.insert("openapi".to_string(), v.clone());
                    }
                    None => {
                        m.shift_remove("openapi");
                    }
                }
            }
        }
        Mutation::Nest(i, key, depth) => {
            let path = pick(&all_paths(doc), i);
            if let Some(slot) = get_mut(doc, &path) {
                for _ in 0..*depth {
                    let inner = std::mem::take(slot);
                    let wrapped = if *key == "not" {
                        inner
                    } else {
                        Value::Array(vec![inner])
                    };
                    let mut m = Map::new();
                    m.insert(key.to_string(), wrapped);
                    *slot = Value::Object(m);
                }
            }
        }
    }
}

/// Documents stop growing at this many nodes (duplicating a document into
/// itself doubles it), so that a case stays fast.
const MAX_NODES: usize = 20_000;

/// Most cases take a small fixture; about one in eight takes the WhatsApp
/// spec (the only seed with many operations), which is slower.
fn seed_index() -> impl Strategy<Value = usize> {
    let count = seeds().len();
    prop_oneof![
        7 => 0..count - 1,
        1 => Just(count - 1),
    ]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        // A failure that is a hang costs TIME_LIMIT per shrinking step.
        max_shrink_time: 120_000,
        rng_seed: RngSeed::Fixed(0x0a9e_2026),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_fixtures_give_ok_or_a_located_error(
        seed in seed_index(),
        mutations in proptest::collection::vec(mutation(), 1..6),
        as_json in any::<bool>(),
    ) {
        let (name, original) = &seeds()[seed];
        let mut doc = original.clone();
        for m in &mutations {
            let before = doc.clone();
            apply(&mut doc, m);
            if node_count(&doc) > MAX_NODES {
                doc = before;
            }
        }
        let text = if as_json {
            serde_json::to_string_pretty(&doc).expect("a JSON value serializes")
        } else {
            serde_yaml::to_string(&doc).expect("a JSON value serializes as YAML")
        };
        if let Err(reason) = outcome_in_time(&text) {
            let excerpt: String = text.chars().take(4000).collect();
            prop_assert!(false, "{reason}\nseed: {name}\nmutations: {mutations:#?}\ndocument:\n{excerpt}");
        }
    }
}

/// The unmutated seeds are in the same contract (and the harness can read
/// them all).
#[test]
fn seeds_give_ok_or_a_located_error() {
    assert!(seeds().len() > 20, "the fixture seeds are found");
    for (name, doc) in seeds() {
        let text = serde_yaml::to_string(doc).expect("serializes");
        if let Err(reason) = outcome_in_time(&text) {
            panic!("{name}: {reason}");
        }
    }
}

/// Every input the fuzzer found, replayed byte for byte.
#[test]
fn fuzz_findings_give_ok_or_a_located_error() {
    let dir = root().join("tests/fixtures/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("readable directory entry").path()).collect();
    files.sort();
    let mut failures = Vec::new();
    for path in files.iter().filter(|p| p.is_file()) {
        let bytes = std::fs::read(path).expect("readable fixture");
        let text = String::from_utf8_lossy(&bytes);
        if let Err(reason) = outcome_in_time(&text) {
            let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
            failures.push(format!("{name}: {reason}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

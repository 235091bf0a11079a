//! The Rust surface of both generated crates, computed from the IR (no
//! compilation): public types, their fields and variants, and the client's
//! methods with their argument lists. Items that disappear or change name
//! without a schema-level change naming them are reported here, at the
//! pointer of the node they come from.

use super::model::{Change, Kind, Side};
use super::rules;
use crate::ir::{Api, Ty, TypeKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One public item: its path as callers write it, the node it comes from,
/// and its signature (a method's arguments, a field's type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub path: String,
    pub pointer: String,
    pub signature: String,
    /// The path of the type or `Client` that owns it (`None` for types).
    pub owner: Option<String>,
}

/// Every public item, keyed by what identifies it across versions: the
/// pointer of its node (for a union variant, the union and the position of
/// its `oneOf`/`anyOf` member; for an enum variant, its value; for a
/// method, its HTTP method and path template).
pub fn items(api: &Api, json: &Value) -> BTreeMap<String, Item> {
    let mut out = BTreeMap::new();
    for def in &api.types {
        let path = format!("types::{}", def.name);
        let owner = Some(path.clone());
        out.insert(
            format!("type {}", def.pointer),
            Item {
                path: path.clone(),
                pointer: def.pointer.clone(),
                signature: String::new(),
                owner: None,
            },
        );
        // An alias names the fields and variants of the type it stands for.
        let kind = match def.same_as {
            Some(rep) => &api.ty(rep).kind,
            None => &def.kind,
        };
        match kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let item = Item {
                        path: format!("{path}::{}", f.name),
                        pointer: f.pointer.clone(),
                        signature: ty_text(api, &f.ty, f.required),
                        owner: owner.clone(),
                    };
                    out.insert(format!("field {} {}", def.pointer, f.json_name), item);
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.variants {
                    let item = Item {
                        path: format!("{path}::{}", v.name),
                        pointer: def.pointer.clone(),
                        signature: String::new(),
                        owner: owner.clone(),
                    };
                    out.insert(format!("value {} {}", def.pointer, v.value), item);
                }
            }
            TypeKind::Union(u) => {
                let members = member_positions(json, &def.pointer);
                for v in &u.variants {
                    let target = v.ty.named().map(|t| api.ty(t).pointer.clone());
                    let (key, pointer) = match target.as_ref().and_then(|t| members.get(t)) {
                        Some((k, p)) => (k.to_string(), p.clone()),
                        None => (v.name.clone(), def.pointer.clone()),
                    };
                    let item = Item {
                        path: format!("{path}::{}", v.name),
                        pointer,
                        signature: ty_text(api, &v.ty, true),
                        owner: owner.clone(),
                    };
                    out.insert(format!("variant {} {key}", def.pointer), item);
                }
            }
            _ => {}
        }
    }
    for op in &api.operations {
        let args: Vec<String> = op
            .params
            .iter()
            .map(|p| format!("{}: {}", p.rust_name, ty_text(api, &p.ty, p.required)))
            .collect();
        let item = Item {
            path: format!("Client::{}", op.fn_name),
            pointer: op.pointer.clone(),
            signature: format!("({})", args.join(", ")),
            owner: None,
        };
        out.insert(format!("method {:?} {}", op.method, template(&op.path)), item);
    }
    out
}

/// `/groups/{group_id}` -> `/groups/{}`.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in path.chars() {
        match c {
            '{' => {
                skip = true;
                out.push_str("{}");
            }
            '}' => skip = false,
            _ if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

/// For a union at `pointer`: the node each `oneOf`/`anyOf` member resolves
/// to -> (its position, the member's own pointer).
fn member_positions(json: &Value, pointer: &str) -> BTreeMap<String, (usize, String)> {
    let mut out = BTreeMap::new();
    let Some(node) = json.pointer(pointer) else { return out };
    for key in ["oneOf", "anyOf"] {
        let Some(list) = node.get(key).and_then(Value::as_array) else {
            continue;
        };
        for (k, m) in list.iter().enumerate() {
            let own = format!("{pointer}/{key}/{k}");
            let target = match m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(t) => crate::reference::percent_decode(t),
                None => own.clone(),
            };
            out.insert(target, (k, own));
        }
    }
    out
}

/// A type as the generated code spells it (`Option<T>` when not required).
pub(crate) fn ty_text(api: &Api, ty: &Ty, required: bool) -> String {
    fn inner(api: &Api, ty: &Ty) -> String {
        match ty {
            Ty::Named(t) => api.ty(*t).name.clone(),
            Ty::String => "String".into(),
            Ty::Bool => "bool".into(),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::F32 => "f32".into(),
            Ty::F64 => "f64".into(),
            Ty::Json => "serde_json::Value".into(),
            Ty::Vec(t) => format!("Vec<{}>", inner(api, t)),
            Ty::Map(t) => format!("Map<String, {}>", inner(api, t)),
            Ty::Option(t) => format!("Option<{}>", inner(api, t)),
            Ty::Box(t) => format!("Box<{}>", inner(api, t)),
            Ty::Tuple(ts) => format!("({})", ts.iter().map(|t| inner(api, t)).collect::<Vec<_>>().join(", ")),
            Ty::Format(f) => format!("formats::{}", f.type_name()),
            Ty::Bytes => "Base64Bytes".into(),
            Ty::RawJsonMap => "RawJsonMap".into(),
        }
    }
    let t = inner(api, ty);
    if required {
        t
    } else {
        format!("Option<{t}>")
    }
}

/// Items renamed or removed that no change of the schema walk names.
pub fn unexplained(
    base: &BTreeMap<String, Item>,
    head: &BTreeMap<String, Item>,
    explained: &BTreeSet<String>,
    under: &[(Side, String)],
) -> Vec<Change> {
    let covered = |side: Side, pointer: &str| {
        under.iter().any(|(s, p)| {
            *s == side
                && pointer
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.is_empty() || r.starts_with('/'))
        })
    };
    let head_paths: BTreeSet<&str> = head.values().map(|i| i.path.as_str()).collect();
    let base_paths: BTreeSet<&str> = base.values().map(|i| i.path.as_str()).collect();
    let mut out = Vec::new();
    for (key, old) in base {
        if explained.contains(&old.path) || covered(Side::Base, &old.pointer) {
            continue;
        }
        if head_paths.contains(old.path.as_str()) {
            if let Some(new) = head
                .get(key)
                .filter(|n| n.path == old.path && n.signature != old.signature)
            {
                if !covered(Side::Head, &new.pointer) {
                    out.push(with_verdict(Change {
                        pointer: new.pointer.clone(),
                        kind: Kind::RustSignatureChanged,
                        breaking: false,
                        wire: false,
                        level: crate::diff::Level::Error,
                        message: format!(
                            "`{}` changes from `{}` to `{}` although its schema did not change; a type it names was renamed.",
                            old.path, old.signature, new.signature
                        ),
                        rust: vec![old.path.clone()],
                        line: None,
                        file: None,
                        side: Side::Head,
                        direction: None,
                    }));
                }
            }
            continue;
        }
        // Items of a type that is itself gone or renamed are its business.
        if let Some(owner) = &old.owner {
            if !head_paths.contains(owner.as_str()) {
                continue;
            }
        }
        let change = match head.get(key) {
            Some(new) if !base_paths.contains(new.path.as_str()) => Change {
                pointer: new.pointer.clone(),
                kind: Kind::RustItemRenamed,
                breaking: false,
                wire: false,
                level: crate::diff::Level::Error,
                message: format!(
                    "`{}` is now `{}` (generated from the same node); code naming it stops compiling.",
                    old.path, new.path
                ),
                rust: vec![old.path.clone(), new.path.clone()],
                line: None,
                file: None,
                side: Side::Head,
                direction: None,
            },
            _ => Change {
                pointer: old.pointer.clone(),
                kind: Kind::RustItemRemoved,
                breaking: false,
                wire: false,
                level: crate::diff::Level::Error,
                message: format!("`{}` is no longer generated; code naming it stops compiling.", old.path),
                rust: vec![old.path.clone()],
                line: None,
                file: None,
                side: Side::Base,
                direction: None,
            },
        };
        out.push(with_verdict(change));
    }
    out
}

fn with_verdict(mut c: Change) -> Change {
    let v = rules::rust_item_changed();
    c.breaking = v.breaking;
    c.wire = v.wire;
    c.level = v.level;
    c
}

//! The comparison itself: operations, parameters, bodies, responses,
//! security and component schemas of two resolved documents, node by node.
//!
//! Schemas are compared after `$ref` resolution, so where a schema lives
//! (inline or under `components/schemas`) does not matter. When both sides
//! reference the same component, the walk stops there: each component is
//! compared once, on its own, and its changes are reported at its pointers.

use super::index::{body_sends, body_signature, return_signature, Index};
use super::model::{Change, Direction, Kind, Side, Verdict};
use super::rules;
use crate::error::join;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// Deepest schema nesting followed (recursive schemas stop on their own).
const MAX_DEPTH: usize = 64;
/// Longest chain of `$ref`s followed.
const MAX_REFS: usize = 32;

/// One document: its JSON form (after loading, so 3.1 spellings are already
/// rewritten) and its IR.
#[derive(Clone, Copy)]
pub(crate) struct Doc<'a> {
    pub json: &'a Value,
    pub index: &'a Index,
}

/// A node of one document and its pointer there.
#[derive(Clone)]
struct Node<'a> {
    v: &'a Value,
    ptr: String,
}

impl<'a> Node<'a> {
    fn new(v: &'a Value, ptr: impl Into<String>) -> Self {
        Node { v, ptr: ptr.into() }
    }

    /// A member of an object, or an item of an array (`key` is its index).
    fn child(&self, key: &str) -> Option<Node<'a>> {
        let v = match self.v {
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            other => other.get(key)?,
        };
        Some(Node::new(v, join(&self.ptr, &[key])))
    }
}

/// Where a schema sits, which decides what its `nullable` does in Rust.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    /// A property: its struct field carries the `Option` layers.
    Property,
    /// A component: fields that reference it carry its `nullable`.
    Component,
    Other,
}

#[derive(Clone, Copy)]
struct Ctx {
    dir: Direction,
    position: Position,
    /// The properties of this object are arguments of the method
    /// (`multipart/form-data` parts).
    args: bool,
}

impl Ctx {
    /// A compact key of everything that can change a verdict.
    fn key(self) -> u8 {
        let position = match self.position {
            Position::Property => 0,
            Position::Component => 1,
            Position::Other => 2,
        };
        u8::from(self.dir.request) | u8::from(self.dir.response) << 1 | position << 2 | u8::from(self.args) << 4
    }

    fn at(self, position: Position) -> Ctx {
        Ctx {
            position,
            args: false,
            ..self
        }
    }
}

pub(crate) struct Walker<'a> {
    b: Doc<'a>,
    h: Doc<'a>,
    pub changes: Vec<Change>,
    /// Pairs of schema pointers compared (or being compared) in a context:
    /// each pair is walked once per context, which ends cycles and keeps
    /// shared schemas from being walked once per path to them.
    seen: HashSet<(String, String, u8)>,
    /// Current nesting of schema comparisons.
    depth: usize,
}

fn as_object(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    v.as_object()
}

/// Upper-cases the first letter.
fn sentence(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// Follows local `$ref`s (any kind of component) to the node they name.
fn resolve<'a>(doc: &'a Value, node: Node<'a>) -> Option<Node<'a>> {
    let mut node = node;
    for _ in 0..MAX_REFS {
        match node.v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let target = r.strip_prefix('#')?;
                node = Node::new(doc.pointer(target)?, target);
            }
            None => return Some(node),
        }
    }
    None
}

/// A schema with references and single-member `allOf` wrappers followed.
struct Resolved<'a> {
    node: Node<'a>,
    /// A `$ref` was followed on the way.
    followed: bool,
    /// `nullable` seen on a wrapper on the way.
    wrapper_nullable: bool,
}

fn is_nullable(v: &Value) -> bool {
    v.get("nullable").and_then(Value::as_bool).unwrap_or(false)
}

fn resolve_schema<'a>(doc: &'a Value, node: &Node<'a>) -> Option<Resolved<'a>> {
    let mut node = node.clone();
    let mut followed = false;
    let mut wrapper_nullable = false;
    for _ in 0..MAX_REFS {
        if let Some(r) = node.v.get("$ref").and_then(Value::as_str) {
            let target = r.strip_prefix('#')?;
            node = Node::new(doc.pointer(target)?, target);
            followed = true;
            continue;
        }
        let own_props = node
            .v
            .get("properties")
            .and_then(as_object)
            .is_some_and(|p| !p.is_empty());
        if let Some([_]) = node.v.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            if !own_props {
                wrapper_nullable |= is_nullable(node.v);
                let member = node.child("allOf")?;
                node = Node::new(member.v.get(0)?, format!("{}/0", member.ptr));
                continue;
            }
        }
        return Some(Resolved {
            node,
            followed,
            wrapper_nullable,
        });
    }
    None
}

fn is_component_schema(ptr: &str) -> bool {
    ptr.strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
}

/// The canonical text of an enum value.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a schema is, as far as the generated type is concerned.
enum Shape<'a> {
    Object {
        props: Vec<(String, Node<'a>)>,
        required: BTreeSet<String>,
        additional: Option<Node<'a>>,
    },
    Map {
        additional: Option<Node<'a>>,
    },
    Array {
        items: Option<Node<'a>>,
    },
    Union {
        members: Vec<Node<'a>>,
        tagged: bool,
    },
    Enum {
        integer: bool,
        values: Vec<Value>,
    },
    Prim {
        typ: &'static str,
        format: Option<String>,
        values: Vec<Value>,
    },
    Any,
}

impl Shape<'_> {
    fn name(&self) -> &'static str {
        match self {
            Shape::Object { .. } => "object",
            Shape::Map { .. } => "map",
            Shape::Array { .. } => "array",
            Shape::Union { .. } => "union (oneOf/anyOf)",
            Shape::Enum { integer: false, .. } => "string enumeration",
            Shape::Enum { integer: true, .. } => "integer enumeration",
            Shape::Prim { typ, .. } => typ,
            Shape::Any => "any JSON value",
        }
    }
}

/// Collects the properties and required names of an `allOf`, members first
/// (depth first), then the schema's own.
fn collect_all_of<'a>(
    doc: &'a Value,
    node: &Node<'a>,
    props: &mut Vec<(String, Node<'a>)>,
    required: &mut BTreeSet<String>,
    budget: &mut usize,
) {
    // Members that include each other, or a tree of them too large to be
    // meant, stop here (the generator refuses such documents anyway).
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    if let Some(members) = node.child("allOf") {
        for i in 0..members.v.as_array().map_or(0, Vec::len) {
            let Some(m) = members.child(&i.to_string()) else {
                continue;
            };
            let Some(m) = resolve(doc, m) else { continue };
            collect_all_of(doc, &m, props, required, budget);
        }
    }
    if let Some(req) = node.v.get("required").and_then(Value::as_array) {
        required.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(p) = node.child("properties") {
        for (name, _) in p.v.as_object().into_iter().flatten() {
            if !props.iter().any(|(n, _)| n == name) {
                if let Some(child) = p.child(name) {
                    props.push((name.clone(), child));
                }
            }
        }
    }
}

fn shape<'a>(doc: &'a Value, node: &Node<'a>) -> Shape<'a> {
    let v = node.v;
    if v.get("allOf").and_then(Value::as_array).is_some_and(|a| !a.is_empty()) {
        let mut props = Vec::new();
        let mut required = BTreeSet::new();
        collect_all_of(doc, node, &mut props, &mut required, &mut 1024);
        let additional = node.child("additionalProperties").filter(|a| a.v.is_object());
        return Shape::Object {
            props,
            required,
            additional,
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = node
            .child(key)
            .filter(|l| l.v.as_array().is_some_and(|a| !a.is_empty()))
        {
            let n = list.v.as_array().map_or(0, Vec::len);
            return Shape::Union {
                members: (0..n).filter_map(|i| list.child(&i.to_string())).collect(),
                tagged: v.get("discriminator").is_some(),
            };
        }
    }
    if v.get("not").is_some() {
        return Shape::Any;
    }
    let typ = v.get("type").and_then(Value::as_str);
    let format = v.get("format").and_then(Value::as_str).map(str::to_string);
    let values: Vec<Value> = v
        .get("enum")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter(|x| !x.is_null()).cloned().collect())
        .unwrap_or_default();
    let prim = |t: &str| -> Option<&'static str> {
        match t {
            "string" => Some("string"),
            "integer" => Some("integer"),
            "number" => Some("number"),
            "boolean" => Some("boolean"),
            _ => None,
        }
    };
    if !values.is_empty() {
        if values.iter().all(Value::is_string) && matches!(typ, None | Some("string")) {
            return Shape::Enum { integer: false, values };
        }
        if values.iter().all(Value::is_i64) && matches!(typ, None | Some("integer")) {
            return Shape::Enum { integer: true, values };
        }
        if let Some(t @ ("boolean" | "number")) = typ {
            return Shape::Prim {
                typ: prim(t).unwrap_or("number"),
                format,
                values,
            };
        }
        return Shape::Any;
    }
    if let Some(t) = typ.and_then(prim) {
        return Shape::Prim {
            typ: t,
            format,
            values: Vec::new(),
        };
    }
    if typ == Some("array") {
        return Shape::Array {
            items: node.child("items"),
        };
    }
    let is_object = typ == Some("object")
        || (typ.is_none() && (v.get("properties").is_some() || v.get("additionalProperties").is_some()));
    if !is_object {
        return Shape::Any;
    }
    let additional = node.child("additionalProperties").filter(|a| a.v.is_object());
    let props: Vec<(String, Node<'a>)> = match node.child("properties") {
        Some(p) => {
            p.v.as_object()
                .into_iter()
                .flatten()
                .filter_map(|(name, _)| p.child(name).map(|c| (name.clone(), c)))
                .collect()
        }
        None => Vec::new(),
    };
    if props.is_empty() {
        return Shape::Map { additional };
    }
    let required = v
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    Shape::Object {
        props,
        required,
        additional,
    }
}

/// The Rust type a primitive schema lowers to.
fn rust_primitive(typ: &str, format: Option<&str>) -> &'static str {
    match (typ, format) {
        ("integer", Some("int32")) => "i32",
        ("integer", _) => "i64",
        ("number", _) => "f64",
        ("boolean", _) => "bool",
        _ => "String",
    }
}

/// A readable name for the node at `ptr`: "property `creator` of schema
/// `Group-Info`", "the request body of `POST /users`".
fn describe(doc: &Value, ptr: &str) -> String {
    let segs: Vec<String> = ptr.split('/').skip(1).map(unescape).collect();
    describe_segs(doc, &segs, 0)
}

fn parent_ptr(segs: &[String]) -> String {
    segs.iter().fold(String::new(), |acc, s| join(&acc, &[s]))
}

fn describe_segs(doc: &Value, segs: &[String], depth: usize) -> String {
    let n = segs.len();
    let s = |i: usize| segs.get(i).map(String::as_str).unwrap_or("");
    if depth > MAX_DEPTH {
        return format!("`{}`", parent_ptr(segs));
    }
    let up = |k: usize| describe_segs(doc, &segs[..n.saturating_sub(k)], depth + 1);
    match segs {
        [a, path] if a == "paths" => format!("`{path}`"),
        [a, path, method] if a == "paths" && METHODS.contains(&method.as_str()) => {
            format!("`{} {path}`", method.to_ascii_uppercase())
        }
        [a, kind, name] if a == "components" && kind == "schemas" => format!("schema `{name}`"),
        [a, kind, name] if a == "components" => format!("`components/{kind}/{name}`"),
        _ if n >= 2 && s(n - 2) == "properties" => format!("property `{}` of {}", s(n - 1), up(2)),
        _ if n >= 2 && (s(n - 2) == "oneOf" || s(n - 2) == "anyOf") => format!("alternative {} of {}", s(n - 1), up(2)),
        _ if n >= 2 && s(n - 2) == "allOf" => up(2),
        _ if n >= 2 && s(n - 2) == "content" => up(2),
        _ if n >= 2 && s(n - 2) == "responses" => format!("the `{}` response of {}", s(n - 1), up(2)),
        _ if n >= 2 && s(n - 2) == "parameters" => {
            let ptr = parent_ptr(segs);
            match doc.pointer(&ptr).and_then(|p| p.get("name")).and_then(Value::as_str) {
                Some(name) => format!("parameter `{name}` of {}", up(2)),
                None => format!("parameter {} of {}", s(n - 1), up(2)),
            }
        }
        _ if n >= 1 && s(n - 1) == "items" => format!("the items of {}", up(1)),
        _ if n >= 1 && s(n - 1) == "additionalProperties" => format!("the values of {}", up(1)),
        _ if n >= 1 && s(n - 1) == "schema" => up(1),
        _ if n >= 1 && s(n - 1) == "requestBody" => format!("the request body of {}", up(1)),
        _ => format!("`{}`", parent_ptr(segs)),
    }
}

/// One operation of a document.
struct Op<'a> {
    path: String,
    method: &'static str,
    node: Node<'a>,
    item: Node<'a>,
}

impl Op<'_> {
    fn label(&self) -> String {
        format!("`{} {}`", self.method.to_ascii_uppercase(), self.path)
    }
}

fn operations_of(doc: &Value) -> BTreeMap<(String, &'static str), Op<'_>> {
    let mut out = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(as_object) else {
        return out;
    };
    for (path, item) in paths {
        if item.get("$ref").is_some() {
            // Not followed by the generator either.
            continue;
        }
        let item = Node::new(item, join("/paths", &[path]));
        for method in METHODS {
            if let Some(node) = item.child(method).filter(|n| n.v.is_object()) {
                out.insert(
                    (path.clone(), method),
                    Op {
                        path: path.clone(),
                        method,
                        node,
                        item: item.clone(),
                    },
                );
            }
        }
    }
    out
}

/// A parameter after `$ref` resolution and path-level merging.
struct ParamRef<'a> {
    name: String,
    location: String,
    node: Node<'a>,
}

impl<'a> ParamRef<'a> {
    fn required(&self) -> bool {
        self.location == "path" || self.node.v.get("required").and_then(Value::as_bool).unwrap_or(false)
    }

    fn schema(&self) -> Option<Node<'a>> {
        if let Some(s) = self.node.child("schema") {
            return Some(s);
        }
        let content = self.node.child("content")?;
        let (media, _) = content.v.as_object()?.iter().next()?;
        content.child(media)?.child("schema")
    }
}

fn parameters_of<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<ParamRef<'a>> {
    let mut out: Vec<ParamRef<'a>> = Vec::new();
    for owner in [&op.item, &op.node] {
        let Some(list) = owner.child("parameters") else {
            continue;
        };
        for i in 0..list.v.as_array().map_or(0, Vec::len) {
            let Some(p) = list.child(&i.to_string()).and_then(|p| resolve(doc, p)) else {
                continue;
            };
            let (Some(name), Some(location)) = (
                p.v.get("name").and_then(Value::as_str),
                p.v.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let param = ParamRef {
                name: name.to_string(),
                location: location.to_string(),
                node: p,
            };
            // Operation-level parameters override path-level ones.
            match out
                .iter_mut()
                .find(|q| q.name == param.name && q.location == param.location)
            {
                Some(existing) => *existing = param,
                None => out.push(param),
            }
        }
    }
    out
}

/// The security alternatives that apply to an operation, and the pointer
/// of the list they come from.
fn security_of<'a>(doc: &'a Value, op: &Op<'a>) -> (Vec<BTreeSet<String>>, String) {
    let (list, ptr) = match op.node.child("security") {
        Some(s) => (s.v, s.ptr),
        None => match doc.get("security") {
            Some(s) => (s, "/security".to_string()),
            None => (&Value::Null, join(&op.node.ptr, &["security"])),
        },
    };
    let alternatives = list
        .as_array()
        .map(|alts| {
            alts.iter()
                .map(|a| a.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    (alternatives, ptr)
}

fn alternative_text(alt: &BTreeSet<String>) -> String {
    if alt.is_empty() {
        "anonymous access".to_string()
    } else {
        alt.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" + ")
    }
}

fn is_success(status: &str) -> bool {
    status.eq_ignore_ascii_case("2XX") || status.parse::<u16>().is_ok_and(|c| (200..300).contains(&c))
}

/// The statuses the generated method treats as success: the 2xx ones, or
/// `default` when there is none.
fn success_statuses(responses: Option<&Value>) -> BTreeSet<String> {
    let keys: Vec<&String> = responses
        .and_then(as_object)
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let mut out: BTreeSet<String> = keys.iter().filter(|k| is_success(k)).map(|k| k.to_string()).collect();
    if out.is_empty() && keys.iter().any(|k| *k == "default") {
        out.insert("default".to_string());
    }
    out
}

fn keys_of(v: Option<&Value>) -> Vec<String> {
    v.and_then(as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

impl<'a> Walker<'a> {
    pub fn new(b: Doc<'a>, h: Doc<'a>) -> Self {
        Walker {
            b,
            h,
            changes: Vec::new(),
            seen: HashSet::new(),
            depth: 0,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: Kind,
        side: Side,
        pointer: String,
        verdict: Verdict,
        message: String,
        rust: Vec<String>,
        direction: Option<Direction>,
    ) {
        self.changes.push(Change {
            pointer,
            kind,
            breaking: verdict.breaking,
            wire: verdict.wire,
            level: verdict.level,
            message: sentence(message),
            rust,
            line: None,
            side,
            direction,
        });
    }

    fn doc(&self, side: Side) -> Doc<'a> {
        match side {
            Side::Base => self.b,
            Side::Head => self.h,
        }
    }

    fn rust(&self, side: Side, ptr: &str) -> Vec<String> {
        self.doc(side).index.rust_for(ptr)
    }

    fn describe(&self, side: Side, ptr: &str) -> String {
        describe(self.doc(side).json, ptr)
    }

    pub fn run(&mut self) {
        self.operations();
        self.component_schemas();
        self.security_schemes();
    }

    // ---- operations --------------------------------------------------------

    fn operations(&mut self) {
        let base = operations_of(self.b.json);
        let head = operations_of(self.h.json);
        let keys: BTreeSet<&(String, &str)> = base.keys().chain(head.keys()).collect();
        for key in keys {
            match (base.get(key), head.get(key)) {
                (Some(b), None) => {
                    let id = b.node.v.get("operationId").and_then(Value::as_str);
                    let what = id.map(|id| format!(" (operation `{id}`)")).unwrap_or_default();
                    self.push(
                        Kind::OperationRemoved,
                        Side::Base,
                        b.node.ptr.clone(),
                        rules::operation_removed(),
                        format!("{}{what} was removed, and its method with it.", b.label()),
                        self.rust(Side::Base, &b.node.ptr),
                        None,
                    );
                }
                (None, Some(h)) => {
                    self.push(
                        Kind::OperationAdded,
                        Side::Head,
                        h.node.ptr.clone(),
                        rules::operation_added(),
                        format!("{} was added.", h.label()),
                        self.rust(Side::Head, &h.node.ptr),
                        None,
                    );
                }
                (Some(b), Some(h)) => self.operation(b, h),
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let bi = self.b.index;
        let hi = self.h.index;
        let bop = bi.operation(&b.node.ptr);
        let hop = hi.operation(&h.node.ptr);
        let method = self.rust(Side::Head, &h.node.ptr);
        if let (Some(bo), Some(ho)) = (bop, hop) {
            if bo.fn_name != ho.fn_name {
                let ptr = h
                    .node
                    .child("operationId")
                    .map(|n| n.ptr)
                    .unwrap_or_else(|| h.node.ptr.clone());
                let mut rust = vec![format!("Client::{}", bo.fn_name)];
                rust.extend(method.iter().cloned());
                self.push(
                    Kind::OperationRenamed,
                    Side::Head,
                    ptr,
                    rules::operation_renamed(),
                    format!(
                        "{} is now operation `{}`, so `Client::{}` is renamed `Client::{}`.",
                        h.label(),
                        ho.operation_id,
                        bo.fn_name,
                        ho.fn_name
                    ),
                    rust,
                    None,
                );
            }
        }
        self.parameters(b, h, &method);
        self.request_body(b, h, &method);
        self.responses(b, h, &method);
        self.security(b, h, &method);
    }

    fn parameters(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let bp = parameters_of(self.b.json, b);
        let hp = parameters_of(self.h.json, h);
        let mut pairs = Vec::new();
        let mut b_left: Vec<usize> = Vec::new();
        let mut h_used = vec![false; hp.len()];
        for (i, p) in bp.iter().enumerate() {
            match hp.iter().position(|q| q.name == p.name && q.location == p.location) {
                Some(j) => {
                    h_used[j] = true;
                    pairs.push((i, j));
                }
                None => b_left.push(i),
            }
        }
        let mut removed = Vec::new();
        for i in b_left {
            let moved = (0..hp.len()).find(|&j| !h_used[j] && hp[j].name == bp[i].name);
            match moved {
                Some(j) => {
                    h_used[j] = true;
                    let ptr = hp[j]
                        .node
                        .child("in")
                        .map(|n| n.ptr)
                        .unwrap_or_else(|| hp[j].node.ptr.clone());
                    self.push(
                        Kind::ParameterMoved,
                        Side::Head,
                        ptr,
                        rules::parameter_moved(),
                        format!(
                            "Parameter `{}` of {} moved from {} to {}; the old client sends it where the server no longer reads it.",
                            hp[j].name,
                            h.label(),
                            bp[i].location,
                            hp[j].location
                        ),
                        method.to_vec(),
                        Some(Direction::REQUEST),
                    );
                    pairs.push((i, j));
                }
                None => removed.push(i),
            }
        }
        for i in removed {
            let p = &bp[i];
            self.push(
                Kind::ParameterRemoved,
                Side::Base,
                p.node.ptr.clone(),
                rules::parameter_removed(),
                format!(
                    "The {} parameter `{}` of {} was removed; the method loses that argument.",
                    p.location,
                    p.name,
                    b.label()
                ),
                self.rust(Side::Base, &b.node.ptr),
                Some(Direction::REQUEST),
            );
        }
        for (j, p) in hp.iter().enumerate().filter(|(j, _)| !h_used[*j]) {
            let _ = j;
            let required = p.required();
            let (how, arg) = if required {
                ("Required", "")
            } else {
                ("Optional", " (an `Option`)")
            };
            self.push(
                Kind::ParameterAdded,
                Side::Head,
                p.node.ptr.clone(),
                rules::parameter_added(required),
                format!(
                    "{how} {} parameter `{}` was added to {}; the method takes one more argument{arg}.",
                    p.location,
                    p.name,
                    h.label()
                ),
                method.to_vec(),
                Some(Direction::REQUEST),
            );
        }
        for (i, j) in pairs {
            let (p, q) = (&bp[i], &hp[j]);
            if p.required() != q.required() {
                let ptr = join(&q.node.ptr, &["required"]);
                let (kind, breaking, message) = if q.required() {
                    (
                        Kind::ParameterBecameRequired,
                        rules::parameter_became_required(),
                        format!(
                            "Parameter `{}` of {} became required; its argument changes from `Option<T>` to `T`.",
                            q.name,
                            h.label()
                        ),
                    )
                } else {
                    (
                        Kind::ParameterBecameOptional,
                        rules::parameter_became_optional(),
                        format!(
                            "Parameter `{}` of {} became optional; its argument changes from `T` to `Option<T>`.",
                            q.name,
                            h.label()
                        ),
                    )
                };
                self.push(
                    kind,
                    Side::Head,
                    ptr,
                    breaking,
                    message,
                    method.to_vec(),
                    Some(Direction::REQUEST),
                );
            }
            if let (Some(bs), Some(hs)) = (p.schema(), q.schema()) {
                let ctx = Ctx {
                    dir: Direction::REQUEST,
                    position: Position::Other,
                    args: false,
                };
                self.schema(&bs, &hs, ctx);
            }
        }
        self.parameter_order(b, h, method);
    }

    /// Parameters both versions have, in the order the methods take them.
    fn parameter_order(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let (Some(bo), Some(ho)) = (self.b.index.operation(&b.node.ptr), self.h.index.operation(&h.node.ptr)) else {
            return;
        };
        let key = |p: &crate::ir::Param| (p.name.clone(), p.location);
        let in_head: BTreeSet<_> = ho.params.iter().map(key).collect();
        let in_base: BTreeSet<_> = bo.params.iter().map(key).collect();
        let old: Vec<&crate::ir::Param> = bo.params.iter().filter(|p| in_head.contains(&key(p))).collect();
        let new: Vec<&crate::ir::Param> = ho.params.iter().filter(|p| in_base.contains(&key(p))).collect();
        let old_keys: Vec<_> = old.iter().map(|p| key(p)).collect();
        let new_keys: Vec<_> = new.iter().map(|p| key(p)).collect();
        if old_keys == new_keys {
            return;
        }
        let names = |ps: &[&crate::ir::Param]| {
            ps.iter()
                .map(|p| format!("`{}`", p.rust_name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ptr = h
            .node
            .child("parameters")
            .or_else(|| h.item.child("parameters"))
            .map(|n| n.ptr)
            .unwrap_or_else(|| h.node.ptr.clone());
        self.push(
            Kind::ParameterReordered,
            Side::Head,
            ptr,
            rules::parameter_reordered(),
            format!(
                "The method for {} takes its parameters in a new order: {} (was {}).",
                h.label(),
                names(&new),
                names(&old)
            ),
            method.to_vec(),
            Some(Direction::REQUEST),
        );
    }

    fn request_body(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let bb = b.node.child("requestBody").and_then(|n| resolve(self.b.json, n));
        let hb = h.node.child("requestBody").and_then(|n| resolve(self.h.json, n));
        let required = |n: &Node| n.v.get("required").and_then(Value::as_bool).unwrap_or(false);
        let (bb, hb) = match (bb, hb) {
            (None, None) => return,
            (Some(bb), None) => {
                self.push(
                    Kind::RequestBodyRemoved,
                    Side::Base,
                    bb.ptr.clone(),
                    rules::request_body_removed(),
                    format!(
                        "{} no longer takes a request body; the method loses its `body` argument.",
                        b.label()
                    ),
                    self.rust(Side::Base, &b.node.ptr),
                    Some(Direction::REQUEST),
                );
                return;
            }
            (None, Some(hb)) => {
                let how = if required(&hb) { "a required" } else { "an optional" };
                self.push(
                    Kind::RequestBodyAdded,
                    Side::Head,
                    hb.ptr.clone(),
                    rules::request_body_added(required(&hb)),
                    format!(
                        "{} takes {how} request body; the method gains a `body` argument.",
                        h.label()
                    ),
                    method.to_vec(),
                    Some(Direction::REQUEST),
                );
                return;
            }
            (Some(bb), Some(hb)) => (bb, hb),
        };
        if required(&bb) != required(&hb) {
            let ptr = join(&hb.ptr, &["required"]);
            let (kind, message) = if required(&hb) {
                (
                    Kind::RequestBodyBecameRequired,
                    format!(
                        "The request body of {} became required; `body` changes from `Option<&T>` to `&T`.",
                        h.label()
                    ),
                )
            } else {
                (
                    Kind::RequestBodyBecameOptional,
                    format!(
                        "The request body of {} became optional; `body` changes from `&T` to `Option<&T>`.",
                        h.label()
                    ),
                )
            };
            self.push(
                kind,
                Side::Head,
                ptr,
                rules::request_body_required_changed(required(&hb)),
                message,
                method.to_vec(),
                Some(Direction::REQUEST),
            );
        }
        let bop = self.b.index.operation(&b.node.ptr);
        let hop = self.h.index.operation(&h.node.ptr);
        let signature_changed = match (bop, hop) {
            (Some(bo), Some(ho)) => body_signature(bo) != body_signature(ho),
            _ => false,
        };
        let bc = bb.child("content");
        let hc = hb.child("content");
        let b_media = keys_of(bc.as_ref().map(|n| n.v));
        let h_media = keys_of(hc.as_ref().map(|n| n.v));
        for m in &b_media {
            if h_media.contains(m) {
                continue;
            }
            let sent = bop.is_none_or(|o| body_sends(o, m));
            let why = if sent {
                "the old client sends it, and the server now rejects it"
            } else if signature_changed {
                "the method's body arguments change"
            } else {
                "the generated method never sent it"
            };
            self.push(
                Kind::RequestMediaTypeRemoved,
                Side::Base,
                join(&bb.ptr, &["content", m]),
                rules::request_media_type_removed(sent, signature_changed),
                format!("The request body of {} no longer accepts `{m}`; {why}.", b.label()),
                self.rust(Side::Base, &b.node.ptr),
                Some(Direction::REQUEST),
            );
        }
        for m in &h_media {
            if b_media.contains(m) {
                continue;
            }
            let why = if signature_changed {
                "the method's body arguments change"
            } else {
                "the method is unchanged"
            };
            self.push(
                Kind::RequestMediaTypeAdded,
                Side::Head,
                join(&hb.ptr, &["content", m]),
                rules::request_media_type_added(signature_changed),
                format!("The request body of {} also accepts `{m}`; {why}.", h.label()),
                method.to_vec(),
                Some(Direction::REQUEST),
            );
        }
        let (Some(bc), Some(hc)) = (bc, hc) else { return };
        for m in b_media.iter().filter(|m| h_media.contains(m)) {
            let bs = bc.child(m).and_then(|n| n.child("schema"));
            let hs = hc.child(m).and_then(|n| n.child("schema"));
            if let (Some(bs), Some(hs)) = (bs, hs) {
                let ctx = Ctx {
                    dir: Direction::REQUEST,
                    position: Position::Other,
                    args: m.starts_with("multipart/form-data"),
                };
                self.schema(&bs, &hs, ctx);
            }
        }
    }

    fn responses(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let br = b.node.child("responses");
        let hr = h.node.child("responses");
        let b_success = success_statuses(br.as_ref().map(|n| n.v));
        let h_success = success_statuses(hr.as_ref().map(|n| n.v));
        let b_codes = keys_of(br.as_ref().map(|n| n.v));
        let h_codes = keys_of(hr.as_ref().map(|n| n.v));
        for code in &b_codes {
            if h_codes.contains(code) {
                continue;
            }
            let Some(br) = &br else { continue };
            let success = b_success.contains(code);
            let why = if success {
                "the method's return type loses it"
            } else {
                "it only ever surfaced as `Error::Api`"
            };
            self.push(
                Kind::ResponseRemoved,
                Side::Base,
                join(&br.ptr, &[code]),
                rules::response_removed(success),
                format!("{} no longer answers `{code}`; {why}.", b.label()),
                self.rust(Side::Base, &b.node.ptr),
                Some(Direction::RESPONSE),
            );
        }
        for code in &h_codes {
            if b_codes.contains(code) {
                continue;
            }
            let Some(hr) = &hr else { continue };
            let success = h_success.contains(code);
            let why = if success {
                "a new success status changes what the method returns, and the old client rejects it as unexpected"
            } else {
                "the old client surfaces it as `Error::Api`"
            };
            self.push(
                Kind::ResponseAdded,
                Side::Head,
                join(&hr.ptr, &[code]),
                rules::response_added(success),
                format!("{} may answer `{code}`; {why}.", h.label()),
                method.to_vec(),
                Some(Direction::RESPONSE),
            );
        }
        let (Some(br), Some(hr)) = (br, hr) else { return };
        let return_changed = match (self.b.index.operation(&b.node.ptr), self.h.index.operation(&h.node.ptr)) {
            (Some(bo), Some(ho)) => return_signature(bo) != return_signature(ho),
            _ => false,
        };
        for code in b_codes.iter().filter(|c| h_codes.contains(c)) {
            let success = b_success.contains(code) || h_success.contains(code);
            let (Some(bn), Some(hn)) = (
                br.child(code).and_then(|n| resolve(self.b.json, n)),
                hr.child(code).and_then(|n| resolve(self.h.json, n)),
            ) else {
                continue;
            };
            let bc = bn.child("content");
            let hc = hn.child("content");
            let b_media = keys_of(bc.as_ref().map(|n| n.v));
            let h_media = keys_of(hc.as_ref().map(|n| n.v));
            let removed = rules::response_media_type_changed(success && return_changed, false);
            let added = rules::response_media_type_changed(success && return_changed, true);
            let why = if added.breaking {
                "the method's return type changes"
            } else {
                "the method's return type is unchanged"
            };
            for m in b_media.iter().filter(|m| !h_media.contains(m)) {
                self.push(
                    Kind::ResponseMediaTypeRemoved,
                    Side::Base,
                    join(&bn.ptr, &["content", m]),
                    removed,
                    format!(
                        "The `{code}` response of {} no longer has `{m}` content; {why}.",
                        b.label()
                    ),
                    self.rust(Side::Base, &b.node.ptr),
                    Some(Direction::RESPONSE),
                );
            }
            for m in h_media.iter().filter(|m| !b_media.contains(m)) {
                self.push(
                    Kind::ResponseMediaTypeAdded,
                    Side::Head,
                    join(&hn.ptr, &["content", m]),
                    added,
                    format!("The `{code}` response of {} may have `{m}` content; {why}.", h.label()),
                    method.to_vec(),
                    Some(Direction::RESPONSE),
                );
            }
            let (Some(bc), Some(hc)) = (bc, hc) else { continue };
            for m in b_media.iter().filter(|m| h_media.contains(m)) {
                let bs = bc.child(m).and_then(|n| n.child("schema"));
                let hs = hc.child(m).and_then(|n| n.child("schema"));
                if let (Some(bs), Some(hs)) = (bs, hs) {
                    let ctx = Ctx {
                        dir: Direction::RESPONSE,
                        position: Position::Other,
                        args: false,
                    };
                    self.schema(&bs, &hs, ctx);
                }
            }
        }
    }

    fn security(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let (b_alts, b_ptr) = security_of(self.b.json, b);
        let (h_alts, h_ptr) = security_of(self.h.json, h);
        let anonymous = |alts: &[BTreeSet<String>]| alts.is_empty() || alts.iter().any(BTreeSet::is_empty);
        let (was_anonymous, is_anonymous) = (anonymous(&b_alts), anonymous(&h_alts));
        // When an operation starts or stops overriding the document's
        // security, the change belongs to the operation, not to the
        // document-wide list.
        let (b_own, h_own) = (b.node.v.get("security").is_some(), h.node.v.get("security").is_some());
        for (j, alt) in h_alts.iter().enumerate() {
            if b_alts.contains(alt) || (alt.is_empty() && was_anonymous) {
                continue;
            }
            let breaking = rules::security_added(was_anonymous, is_anonymous);
            let why = if breaking.breaking {
                "no credentials were needed before, so the old client's requests without them are rejected"
            } else {
                "what was accepted before still is"
            };
            let ptr = if h_own || !b_own {
                format!("{h_ptr}/{j}")
            } else {
                h.node.ptr.clone()
            };
            let who = if ptr.starts_with("/security") {
                "Every operation without security of its own".to_string()
            } else {
                h.label()
            };
            self.push(
                Kind::SecurityAdded,
                Side::Head,
                ptr,
                breaking,
                format!("{who} accepts {}; {why}.", alternative_text(alt)),
                method.to_vec(),
                None,
            );
        }
        for (i, alt) in b_alts.iter().enumerate() {
            if h_alts.contains(alt) || (alt.is_empty() && is_anonymous) {
                continue;
            }
            let breaking = rules::security_removed(is_anonymous);
            let why = if breaking.breaking {
                "clients that authenticate that way are rejected"
            } else {
                "no credentials are needed any more"
            };
            let (side, ptr) = if b_own || !h_own {
                (Side::Base, format!("{b_ptr}/{i}"))
            } else {
                (Side::Head, h_ptr.clone())
            };
            let who = if ptr.starts_with("/security") {
                "Every operation without security of its own".to_string()
            } else {
                b.label()
            };
            self.push(
                Kind::SecurityRemoved,
                side,
                ptr,
                breaking,
                format!("{who} no longer accepts {}; {why}.", alternative_text(alt)),
                self.rust(Side::Base, &b.node.ptr),
                None,
            );
        }
    }

    // ---- documents ---------------------------------------------------------

    fn security_schemes(&mut self) {
        let path = "/components/securitySchemes";
        let bs = keys_of(self.b.json.pointer(path));
        let hs = keys_of(self.h.json.pointer(path));
        for name in &bs {
            let ptr = join(path, &[name]);
            if !hs.contains(name) {
                self.push(
                    Kind::SecuritySchemeRemoved,
                    Side::Base,
                    ptr,
                    rules::security_scheme_added_or_removed(),
                    format!("Security scheme `{name}` was removed."),
                    self.b.index.methods_using_scheme(name),
                    None,
                );
                continue;
            }
            // What the client sends: everything but documentation.
            let essence = |doc: &'a Value| -> Option<Value> {
                let node = resolve(doc, Node::new(doc.pointer(&ptr)?, ptr.clone()))?;
                let mut v = node.v.clone();
                if let Some(m) = v.as_object_mut() {
                    m.retain(|k, _| !matches!(k.as_str(), "description" | "bearerFormat") && !k.starts_with("x-"));
                }
                Some(v)
            };
            if essence(self.b.json) == essence(self.h.json) {
                continue;
            }
            let changed = self.b.index.scheme_kind(name) != self.h.index.scheme_kind(name);
            let why = if changed {
                "the client must send other credentials"
            } else {
                "the credentials the client sends are the same"
            };
            self.push(
                Kind::SecuritySchemeChanged,
                Side::Head,
                ptr,
                rules::security_scheme_changed(changed),
                format!("Security scheme `{name}` changed; {why}."),
                self.h.index.methods_using_scheme(name),
                None,
            );
        }
        for name in hs.iter().filter(|n| !bs.contains(n)) {
            self.push(
                Kind::SecuritySchemeAdded,
                Side::Head,
                join(path, &[name]),
                rules::security_scheme_added_or_removed(),
                format!("Security scheme `{name}` was added."),
                self.h.index.methods_using_scheme(name),
                None,
            );
        }
    }

    fn component_schemas(&mut self) {
        let path = "/components/schemas";
        let bs = keys_of(self.b.json.pointer(path));
        let hs = keys_of(self.h.json.pointer(path));
        for name in &bs {
            let ptr = join(path, &[name]);
            if !hs.contains(name) {
                self.push(
                    Kind::SchemaRemoved,
                    Side::Base,
                    ptr.clone(),
                    rules::schema_removed(),
                    format!("Schema `{name}` was removed, and its type with it."),
                    self.b.index.types_at(&ptr),
                    None,
                );
                continue;
            }
            let (Some(bv), Some(hv)) = (self.b.json.pointer(&ptr), self.h.json.pointer(&ptr)) else {
                continue;
            };
            let mut dir = Direction::default();
            for u in [self.b.index.usage(&ptr), self.h.index.usage(&ptr)]
                .into_iter()
                .flatten()
            {
                dir = dir.union(u);
            }
            if dir == Direction::default() {
                // Used by no operation: whoever uses it may do either.
                dir = Direction::BOTH;
            }
            let ctx = Ctx {
                dir,
                position: Position::Component,
                args: false,
            };
            self.schema(&Node::new(bv, ptr.clone()), &Node::new(hv, ptr), ctx);
        }
        for name in hs.iter().filter(|n| !bs.contains(n)) {
            let ptr = join(path, &[name]);
            self.push(
                Kind::SchemaAdded,
                Side::Head,
                ptr.clone(),
                rules::schema_added(),
                format!("Schema `{name}` was added."),
                self.h.index.types_at(&ptr),
                None,
            );
        }
    }

    // ---- schemas -----------------------------------------------------------

    fn schema(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let (Some(rb), Some(rh)) = (resolve_schema(self.b.json, b), resolve_schema(self.h.json, h)) else {
            return;
        };
        if rb.followed && rh.followed && rb.node.ptr == rh.node.ptr && is_component_schema(&rb.node.ptr) {
            // The same component on both sides: compared on its own. Only a
            // `nullable` on a wrapper around the reference belongs here.
            if rb.wrapper_nullable != rh.wrapper_nullable {
                self.nullable(b, h, rh.wrapper_nullable, ctx);
            }
            return;
        }
        if self.depth > MAX_DEPTH || !self.seen.insert((rb.node.ptr.clone(), rh.node.ptr.clone(), ctx.key())) {
            return;
        }
        self.depth += 1;
        let bn = rb.wrapper_nullable || is_nullable(rb.node.v);
        let hn = rh.wrapper_nullable || is_nullable(rh.node.v);
        if bn != hn {
            self.nullable(&rb.node, &rh.node, hn, ctx);
        }
        self.compare_shapes(&rb.node, &rh.node, ctx);
        self.depth -= 1;
    }

    fn nullable(&mut self, b: &Node<'a>, h: &Node<'a>, now: bool, ctx: Ctx) {
        let property = ctx.position != Position::Other;
        if now {
            let breaking = rules::nullable_added(property, ctx.dir);
            let why = if property {
                "its field gains an `Option` layer"
            } else if breaking.breaking {
                "the old client cannot decode `null`"
            } else {
                "only the client sends it"
            };
            self.push(
                Kind::NullableAdded,
                Side::Head,
                join(&h.ptr, &["nullable"]),
                breaking,
                format!(
                    "`null` is now allowed for {}; {why}.",
                    self.describe(Side::Head, &h.ptr)
                ),
                self.rust(Side::Head, &h.ptr),
                Some(ctx.dir),
            );
        } else {
            let breaking = rules::nullable_removed(property, ctx.dir);
            let why = if property {
                "its field loses an `Option` layer"
            } else if breaking.breaking {
                "the server now rejects the `null` the old client may send"
            } else {
                "only the server sends it"
            };
            self.push(
                Kind::NullableRemoved,
                Side::Base,
                join(&b.ptr, &["nullable"]),
                breaking,
                format!(
                    "`null` is no longer allowed for {}; {why}.",
                    self.describe(Side::Base, &b.ptr)
                ),
                self.rust(Side::Base, &b.ptr),
                Some(ctx.dir),
            );
        }
    }

    fn compare_shapes(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let bs = shape(self.b.json, b);
        let hs = shape(self.h.json, h);
        if bs.name() != hs.name() {
            self.type_changed(b, h, bs.name(), hs.name(), ctx);
            return;
        }
        match (bs, hs) {
            (
                Shape::Object {
                    props: bp,
                    required: br,
                    additional: ba,
                },
                Shape::Object {
                    props: hp,
                    required: hr,
                    additional: ha,
                },
            ) => {
                self.properties(b, h, (&bp, &br), (&hp, &hr), ctx);
                if let (Some(ba), Some(ha)) = (ba, ha) {
                    self.schema(&ba, &ha, ctx.at(Position::Other));
                }
            }
            (Shape::Map { additional: Some(ba) }, Shape::Map { additional: Some(ha) }) => {
                self.schema(&ba, &ha, ctx.at(Position::Other));
            }
            (Shape::Array { items: bi }, Shape::Array { items: hi }) => match (bi, hi) {
                (Some(bi), Some(hi)) => self.schema(&bi, &hi, ctx.at(Position::Other)),
                (None, Some(hi)) => self.type_changed(b, &hi, "array of any JSON value", "array of typed items", ctx),
                (Some(bi), None) => self.type_changed(&bi, h, "array of typed items", "array of any JSON value", ctx),
                (None, None) => {}
            },
            (Shape::Union { members: bm, .. }, Shape::Union { members: hm, tagged }) => {
                self.union(b, h, &bm, &hm, tagged, ctx);
            }
            (Shape::Enum { values: bv, .. }, Shape::Enum { values: hv, .. }) => {
                self.enum_values(b, h, &bv, &hv, ctx);
            }
            (
                Shape::Prim {
                    typ,
                    format: bf,
                    values: bv,
                },
                Shape::Prim {
                    format: hf, values: hv, ..
                },
            ) => {
                if bf != hf {
                    self.format(b, h, typ, bf.as_deref(), hf.as_deref(), ctx);
                }
                if !bv.is_empty() && !hv.is_empty() {
                    self.enum_values(b, h, &bv, &hv, ctx);
                }
            }
            _ => {}
        }
    }

    fn type_changed(&mut self, b: &Node<'a>, h: &Node<'a>, from: &str, to: &str, ctx: Ctx) {
        let ptr = match (b.v.get("type"), h.v.get("type")) {
            (Some(x), Some(y)) if x != y => join(&h.ptr, &["type"]),
            _ => h.ptr.clone(),
        };
        self.push(
            Kind::TypeChanged,
            Side::Head,
            ptr,
            rules::type_changed(),
            format!(
                "{} changed from {from} to {to}; its Rust type changes.",
                self.describe(Side::Head, &h.ptr)
            ),
            self.rust(Side::Head, &h.ptr),
            Some(ctx.dir),
        );
    }

    fn format(&mut self, b: &Node<'a>, h: &Node<'a>, typ: &str, from: Option<&str>, to: Option<&str>, ctx: Ctx) {
        let (rust_from, rust_to) = (rust_primitive(typ, from), rust_primitive(typ, to));
        let rust_changed = rust_from != rust_to;
        let breaking = rules::format_changed(rust_changed, ctx.dir, to.is_some());
        let what = match (from, to) {
            (Some(f), Some(t)) => format!("changed format from `{f}` to `{t}`"),
            (None, Some(t)) => format!("gained format `{t}`"),
            (Some(f), None) => format!("lost format `{f}`"),
            (None, None) => "changed format".to_string(),
        };
        let why = if rust_changed {
            format!("its Rust type changes from `{rust_from}` to `{rust_to}`")
        } else if breaking.breaking {
            "values the old client sends may now be rejected".to_string()
        } else {
            format!("its Rust type stays `{rust_to}`")
        };
        let (side, node) = if to.is_some() { (Side::Head, h) } else { (Side::Base, b) };
        self.push(
            Kind::FormatChanged,
            side,
            join(&node.ptr, &["format"]),
            breaking,
            format!("{} {what}; {why}.", self.describe(side, &node.ptr)),
            self.rust(side, &node.ptr),
            Some(ctx.dir),
        );
    }

    fn enum_values(&mut self, b: &Node<'a>, h: &Node<'a>, bv: &[Value], hv: &[Value], ctx: Ctx) {
        let old: Vec<String> = bv.iter().map(value_text).collect();
        let new: Vec<String> = hv.iter().map(value_text).collect();
        let index_of = |node: &Node, value: &Value| {
            node.v
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|a| a.iter().position(|x| x == value))
                .map(|i| format!("{}/enum/{i}", node.ptr))
                .unwrap_or_else(|| join(&node.ptr, &["enum"]))
        };
        for (v, text) in hv.iter().zip(&new) {
            if old.contains(text) {
                continue;
            }
            self.push(
                Kind::EnumValueAdded,
                Side::Head,
                index_of(h, v),
                rules::enum_value_added(ctx.dir),
                format!(
                    "{} has the new value `{text}`; {}.",
                    self.describe(Side::Head, &h.ptr),
                    if ctx.dir.response {
                        "old clients keep it in `Unknown`"
                    } else {
                        "the server accepts more than before"
                    }
                ),
                self.h.index.enum_variant(&h.ptr, text),
                Some(ctx.dir),
            );
        }
        for (v, text) in bv.iter().zip(&old) {
            if new.contains(text) {
                continue;
            }
            self.push(
                Kind::EnumValueRemoved,
                Side::Base,
                index_of(b, v),
                rules::enum_value_removed(ctx.dir),
                format!(
                    "{} no longer has the value `{text}`; its variant is gone.",
                    self.describe(Side::Base, &b.ptr)
                ),
                self.b.index.enum_variant(&b.ptr, text),
                Some(ctx.dir),
            );
        }
    }

    fn properties(
        &mut self,
        b: &Node<'a>,
        h: &Node<'a>,
        (bp, br): (&[(String, Node<'a>)], &BTreeSet<String>),
        (hp, hr): (&[(String, Node<'a>)], &BTreeSet<String>),
        ctx: Ctx,
    ) {
        for (name, bn) in bp {
            let Some((_, hn)) = hp.iter().find(|(n, _)| n == name) else {
                self.push(
                    Kind::PropertyRemoved,
                    Side::Base,
                    bn.ptr.clone(),
                    rules::property_removed(self.b.index.field_required(&bn.ptr).unwrap_or(false), ctx.dir),
                    format!("{} was removed; its field is gone.", self.describe(Side::Base, &bn.ptr)),
                    self.rust(Side::Base, &bn.ptr),
                    Some(ctx.dir),
                );
                continue;
            };
            let (was, is) = (br.contains(name), hr.contains(name));
            if was != is {
                let rust_changed = match (
                    self.b.index.field_required(&bn.ptr),
                    self.h.index.field_required(&hn.ptr),
                ) {
                    (Some(x), Some(y)) => x != y,
                    _ => true,
                };
                let (kind, breaking, field) = if is {
                    (
                        Kind::PropertyBecameRequired,
                        rules::property_became_required(rust_changed, ctx.dir),
                        "`Option<T>` to `T`",
                    )
                } else {
                    (
                        Kind::PropertyBecameOptional,
                        rules::property_became_optional(rust_changed, ctx.dir),
                        "`T` to `Option<T>`",
                    )
                };
                let why = match (rust_changed, is) {
                    (true, _) => format!("its field changes from {field}"),
                    (false, true) if breaking.breaking => {
                        "its field stays optional, but requests without it are now rejected".to_string()
                    }
                    (false, _) => "its field stays optional".to_string(),
                };
                let became = if is { "required" } else { "optional" };
                self.push(
                    kind,
                    Side::Head,
                    hn.ptr.clone(),
                    breaking,
                    format!("{} became {became}; {why}.", self.describe(Side::Head, &hn.ptr)),
                    self.rust(Side::Head, &hn.ptr),
                    Some(ctx.dir),
                );
            }
            self.schema(bn, hn, ctx.at(Position::Property));
        }
        for (name, hn) in hp {
            if bp.iter().any(|(n, _)| n == name) {
                continue;
            }
            let required = hr.contains(name);
            let breaking = rules::property_added(required, ctx.dir, ctx.args);
            let why = if ctx.args {
                "the method takes one more argument".to_string()
            } else if required && ctx.dir.request {
                "`new` takes it, and the old client's requests lack it".to_string()
            } else if required {
                "only the server sends it, and old clients keep undeclared properties".to_string()
            } else {
                "it gets a setter, and old clients keep undeclared properties".to_string()
            };
            let how = if required { "required" } else { "optional" };
            self.push(
                Kind::PropertyAdded,
                Side::Head,
                hn.ptr.clone(),
                breaking,
                format!("{} was added ({how}); {why}.", self.describe(Side::Head, &hn.ptr)),
                self.rust(Side::Head, &hn.ptr),
                Some(ctx.dir),
            );
        }
        // The order of `new`'s arguments follows the order of the required
        // properties.
        if let (Some((_, old)), Some((ctor, new))) = (
            self.b.index.constructor_order(&b.ptr),
            self.h.index.constructor_order(&h.ptr),
        ) {
            let old_common: Vec<&String> = old.iter().filter(|n| new.contains(n)).collect();
            let new_common: Vec<&String> = new.iter().filter(|n| old.contains(n)).collect();
            if old_common != new_common {
                let list = |names: &[&String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let breaking = rules::required_properties_reordered(ctx.dir);
                let why = if breaking.breaking {
                    format!("`{ctor}` takes its arguments in that order")
                } else {
                    format!("`{ctor}` takes its arguments in that order, but only the server sends this type")
                };
                let ptr = h.child("properties").map(|n| n.ptr).unwrap_or_else(|| h.ptr.clone());
                self.push(
                    Kind::RequiredPropertiesReordered,
                    Side::Head,
                    ptr,
                    breaking,
                    format!(
                        "The required properties of {} are in a new order: {} (was {}); {why}.",
                        self.describe(Side::Head, &h.ptr),
                        list(&new_common),
                        list(&old_common)
                    ),
                    vec![ctor],
                    Some(ctx.dir),
                );
            }
        }
    }

    /// A key that pairs up alternatives of two unions: the component
    /// referenced, else the title, else the kind of schema.
    fn member_key(&self, side: Side, node: &Node<'a>) -> String {
        let doc = self.doc(side).json;
        if let Some(r) = node.v.get("$ref").and_then(Value::as_str) {
            return format!("ref:{}", r.rsplit('/').next().map(unescape).unwrap_or_default());
        }
        if let Some(t) = node.v.get("title").and_then(Value::as_str) {
            return format!("title:{t}");
        }
        match resolve_schema(doc, node) {
            Some(r) => format!("kind:{}", shape(doc, &r.node).name()),
            None => "kind:?".to_string(),
        }
    }

    /// Whether two schemas compare equal (no change at all). Leaves no
    /// trace: what it walked is walked again if it is paired up after all.
    fn same(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) -> bool {
        let saved = std::mem::take(&mut self.changes);
        let seen = self.seen.clone();
        self.schema(b, h, ctx);
        let same = self.changes.is_empty();
        self.changes = saved;
        self.seen = seen;
        same
    }

    fn union(&mut self, b: &Node<'a>, h: &Node<'a>, bm: &[Node<'a>], hm: &[Node<'a>], tagged: bool, ctx: Ctx) {
        let bkeys: Vec<String> = bm.iter().map(|m| self.member_key(Side::Base, m)).collect();
        let hkeys: Vec<String> = hm.iter().map(|m| self.member_key(Side::Head, m)).collect();
        let mut h_used = vec![false; hm.len()];
        let mut pairs = Vec::new();
        let mut b_left = Vec::new();
        for (i, k) in bkeys.iter().enumerate() {
            match (0..hm.len()).find(|&j| !h_used[j] && &hkeys[j] == k) {
                Some(j) => {
                    h_used[j] = true;
                    pairs.push((i, j));
                }
                None => b_left.push(i),
            }
        }
        // Alternatives that only moved (inline <-> reference) pair up by content.
        let mut removed = Vec::new();
        for i in b_left {
            let inner = ctx.at(Position::Other);
            match (0..hm.len()).find(|&j| !h_used[j] && self.same(&bm[i], &hm[j], inner)) {
                Some(j) => {
                    h_used[j] = true;
                    pairs.push((i, j));
                }
                None => removed.push(i),
            }
        }
        for (i, j) in pairs {
            self.schema(&bm[i], &hm[j], ctx.at(Position::Other));
        }
        let member_ptr = |doc: &'a Value, n: &Node<'a>| {
            resolve_schema(doc, n)
                .map(|r| r.node.ptr)
                .unwrap_or_else(|| n.ptr.clone())
        };
        for i in removed {
            let target = member_ptr(self.b.json, &bm[i]);
            self.push(
                Kind::VariantRemoved,
                Side::Base,
                bm[i].ptr.clone(),
                rules::variant_removed(ctx.dir),
                format!(
                    "{} lost the alternative {}; its variant is gone.",
                    self.describe(Side::Base, &b.ptr),
                    bkeys[i]
                        .split_once(':')
                        .map(|(_, k)| format!("`{k}`"))
                        .unwrap_or_default()
                ),
                self.b.index.union_variant(&b.ptr, &target),
                Some(ctx.dir),
            );
        }
        for j in (0..hm.len()).filter(|&j| !h_used[j]) {
            let target = member_ptr(self.h.json, &hm[j]);
            let breaking = rules::variant_added(ctx.dir, tagged);
            let why = if breaking.breaking {
                "the old client cannot decode it in a response"
            } else if tagged {
                "old clients keep values with its tag in `Unknown`"
            } else {
                "only the client sends this union"
            };
            self.push(
                Kind::VariantAdded,
                Side::Head,
                hm[j].ptr.clone(),
                breaking,
                format!(
                    "{} has the new alternative {}; {why}.",
                    self.describe(Side::Head, &h.ptr),
                    hkeys[j]
                        .split_once(':')
                        .map(|(_, k)| format!("`{k}`"))
                        .unwrap_or_default()
                ),
                self.h.index.union_variant(&h.ptr, &target),
                Some(ctx.dir),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_nodes() {
        let doc = serde_json::json!({"paths": {"/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path"}]}}}});
        assert_eq!(
            describe(&doc, "/components/schemas/Group-Info/properties/creator"),
            "property `creator` of schema `Group-Info`"
        );
        assert_eq!(
            describe(&doc, "/paths/~1a~1{id}/get/parameters/0/schema"),
            "parameter `id` of `GET /a/{id}`"
        );
        assert_eq!(
            describe(
                &doc,
                "/paths/~1a/post/requestBody/content/application~1json/schema/properties/x/items"
            ),
            "the items of property `x` of the request body of `POST /a`"
        );
        assert_eq!(
            describe(&doc, "/paths/~1a/get/responses/200/content/application~1json/schema"),
            "the `200` response of `GET /a`"
        );
    }

    #[test]
    fn success_statuses_fall_back_to_default() {
        let r = serde_json::json!({"default": {}, "404": {}});
        assert_eq!(success_statuses(Some(&r)).into_iter().collect::<Vec<_>>(), ["default"]);
        let r = serde_json::json!({"default": {}, "201": {}, "2XX": {}});
        assert_eq!(success_statuses(Some(&r)).len(), 2);
    }
}

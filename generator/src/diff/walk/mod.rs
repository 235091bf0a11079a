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

mod constraints;
mod extras;
mod keywords;
mod operations;
mod pairing;
mod schemas;

use pairing::{keyed, keyed_by, Keyed, Pairing};

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
    /// The document as written (for keywords the loaded model drops).
    pub source: &'a Value,
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

/// One change as a rule finds it; `push` turns it into a report entry.
struct Found {
    kind: Kind,
    side: Side,
    pointer: String,
    verdict: Verdict,
    message: String,
    rust: Vec<String>,
    direction: Option<Direction>,
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

use crate::reference::unescape;

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
/// The Rust type lowering gives a primitive with this format.
fn rust_primitive(api: &crate::ir::Api, typ: &str, format: Option<&str>) -> String {
    let ty = crate::lower::primitive(typ, format).unwrap_or(crate::ir::Ty::Json);
    super::surface::ty_text(api, &ty, true)
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

/// A path with its variables' names left out: `/groups/{}/members`.
fn path_template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_var = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_var = true;
                out.push_str("{}");
            }
            '}' => in_var = false,
            _ if in_var => {}
            _ => out.push(c),
        }
    }
    out
}

/// The names of a path's variables, in order.
fn path_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(v, _)| v))
        .collect()
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
                let op = Op {
                    path: path.clone(),
                    method,
                    node,
                    item: item.clone(),
                };
                // Keyed by the template without variable names, so renaming
                // a path variable keeps the operation; two paths that only
                // differ in variable names keep their own keys.
                let key = (path_template(path), method);
                if out.contains_key(&key) {
                    out.insert((path.clone(), method), op);
                } else {
                    out.insert(key, op);
                }
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

    fn push(&mut self, found: Found) {
        let Found {
            kind,
            side,
            pointer,
            verdict,
            message,
            rust,
            direction,
        } = found;
        self.changes.push(Change {
            pointer,
            kind,
            breaking: verdict.breaking,
            wire: verdict.wire,
            level: verdict.level,
            message: sentence(message),
            rust,
            line: None,
            file: None,
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
        self.settle();
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

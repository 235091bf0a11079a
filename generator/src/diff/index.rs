//! Looks up the generated Rust items for a JSON pointer, and the facts about
//! them the rules need (usage, field presence, signatures), in one
//! document's IR.

use super::model::Direction;
use crate::ir::*;
use std::collections::HashMap;

/// The IR of one document, indexed by the pointers its nodes came from.
pub(crate) struct Index {
    pub api: Api,
    types: HashMap<String, Vec<usize>>,
    fields: HashMap<String, Vec<(usize, usize)>>,
    /// Operation, parameter and request body pointers -> operation indices.
    ops: HashMap<String, Vec<usize>>,
}

/// Everything above `pointer`, nearest first, ending with the pointer itself
/// at the front: `/a/b/c` -> `/a/b/c`, `/a/b`, `/a`.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(pointer);
    std::iter::from_fn(move || {
        let current = next?;
        next = current.rfind('/').map(|i| &current[..i]).filter(|p| !p.is_empty());
        Some(current)
    })
}

impl Index {
    pub fn new(api: Api) -> Self {
        let mut types: HashMap<String, Vec<usize>> = HashMap::new();
        let mut fields: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut ops: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, def) in api.types.iter().enumerate() {
            types.entry(def.pointer.clone()).or_default().push(i);
            if let TypeKind::Struct(s) = &def.kind {
                for (j, f) in s.fields.iter().enumerate() {
                    fields.entry(f.pointer.clone()).or_default().push((i, j));
                }
            }
            // A type shared with an identical one has that type's fields,
            // at the same places under its own pointer.
            if let Some(rep) = def.same_as {
                let rep = api.ty(rep);
                if let TypeKind::Struct(s) = &rep.kind {
                    for (j, f) in s.fields.iter().enumerate() {
                        if let Some(rest) = f.pointer.strip_prefix(rep.pointer.as_str()) {
                            fields.entry(format!("{}{rest}", def.pointer)).or_default().push((i, j));
                        }
                    }
                }
            }
        }
        for (i, op) in api.operations.iter().enumerate() {
            ops.entry(op.pointer.clone()).or_default().push(i);
            for p in &op.params {
                if p.pointer != op.pointer {
                    ops.entry(p.pointer.clone()).or_default().push(i);
                }
            }
            if let Some(b) = &op.body {
                ops.entry(b.pointer.clone()).or_default().push(i);
            }
        }
        for list in ops.values_mut() {
            list.dedup();
        }
        Index {
            api,
            types,
            fields,
            ops,
        }
    }

    fn type_path(&self, i: usize) -> String {
        format!("types::{}", self.api.types[i].name)
    }

    /// The definition that holds a type's fields and variants: its own, or
    /// that of the identical type it is an alias of.
    fn body(&self, i: usize) -> &TypeKind {
        let def = &self.api.types[i];
        match def.same_as {
            Some(rep) => &self.api.ty(rep).kind,
            None => &def.kind,
        }
    }

    fn field_path(&self, (i, j): (usize, usize)) -> Option<String> {
        match self.body(i) {
            TypeKind::Struct(s) => s
                .fields
                .get(j)
                .map(|f| format!("types::{}::{}", self.api.types[i].name, f.name)),
            _ => None,
        }
    }

    fn method_path(&self, i: usize) -> String {
        format!("Client::{}", self.api.operations[i].fn_name)
    }

    /// The generated items for the node at `pointer`, or for its nearest
    /// ancestor that has any.
    pub fn rust_for(&self, pointer: &str) -> Vec<String> {
        for p in ancestors(pointer) {
            let mut out = Vec::new();
            if let Some(fs) = self.fields.get(p) {
                out.extend(fs.iter().filter_map(|f| self.field_path(*f)));
            }
            if out.is_empty() {
                if let Some(ts) = self.types.get(p) {
                    out.extend(ts.iter().map(|t| self.type_path(*t)));
                }
            }
            if out.is_empty() {
                if let Some(os) = self.ops.get(p) {
                    out.extend(os.iter().map(|o| self.method_path(*o)));
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        Vec::new()
    }

    /// The types defined exactly at `pointer`.
    pub fn types_at(&self, pointer: &str) -> Vec<String> {
        self.types
            .get(pointer)
            .map(|ts| ts.iter().map(|t| self.type_path(*t)).collect())
            .unwrap_or_default()
    }

    /// Where the types defined at `pointer` travel, if any type is defined there.
    pub fn usage(&self, pointer: &str) -> Option<Direction> {
        let ts = self.types.get(pointer)?;
        let mut d = Direction::default();
        for t in ts {
            let u = self.api.types[*t].usage;
            d = d.union(Direction {
                request: u.request,
                response: u.response,
            });
        }
        Some(d)
    }

    /// The enum variants (or the enum types, when no variant has that value)
    /// for a value of the enumeration at `pointer`.
    pub fn enum_variant(&self, pointer: &str, value: &str) -> Vec<String> {
        let mut out = Vec::new();
        for t in self.types.get(pointer).into_iter().flatten() {
            let def = &self.api.types[*t];
            if let TypeKind::Enum(e) = self.body(*t) {
                match e.variants.iter().find(|v| v.value.to_string() == value) {
                    Some(v) => out.push(format!("types::{}::{}", def.name, v.name)),
                    None => out.push(format!("types::{}", def.name)),
                }
            }
        }
        if out.is_empty() {
            out = self.rust_for(pointer);
        }
        out
    }

    /// The union variants whose type is defined at `member` (the resolved
    /// pointer of a `oneOf`/`anyOf` member) in the union(s) at `pointer`.
    pub fn union_variant(&self, pointer: &str, member: &str) -> Vec<String> {
        let targets: Vec<usize> = self.types.get(member).cloned().unwrap_or_default();
        let mut out = Vec::new();
        for t in self.types.get(pointer).into_iter().flatten() {
            let def = &self.api.types[*t];
            if let TypeKind::Union(u) = self.body(*t) {
                let hit = u
                    .variants
                    .iter()
                    .find(|v| v.ty.named().is_some_and(|id| targets.contains(&id.0)));
                match hit {
                    Some(v) => out.push(format!("types::{}::{}", def.name, v.name)),
                    None => out.push(format!("types::{}", def.name)),
                }
            }
        }
        if out.is_empty() {
            out = self.rust_for(pointer);
        }
        out
    }

    /// Whether the struct field generated for the property at `pointer` is
    /// required (`T` rather than `Option<T>`), when there is one.
    pub fn field_required(&self, pointer: &str) -> Option<bool> {
        let (i, j) = *self.fields.get(pointer)?.first()?;
        match self.body(i) {
            TypeKind::Struct(s) => s.fields.get(j).map(|f| f.required),
            _ => None,
        }
    }

    /// Wire names of the required fields of the struct at `pointer`, in the
    /// order of the arguments of its `new`.
    pub fn constructor_order(&self, pointer: &str) -> Option<(String, Vec<String>)> {
        let t = *self.types.get(pointer)?.first()?;
        let def = &self.api.types[t];
        match self.body(t) {
            TypeKind::Struct(s) => Some((
                format!("types::{}::new", def.name),
                s.fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.json_name.clone())
                    .collect(),
            )),
            _ => None,
        }
    }

    /// The operation generated for the operation object at `pointer`.
    pub fn operation(&self, pointer: &str) -> Option<&Operation> {
        let i = *self.ops.get(pointer)?.first()?;
        self.api.operations.get(i).filter(|op| op.pointer == pointer)
    }

    /// Names of every method generated for the operation object at
    /// `pointer` (an operation answering JSON and other media types has one
    /// per media type).
    pub fn methods_at(&self, pointer: &str) -> Vec<&str> {
        let Some(list) = self.ops.get(pointer) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|&i| self.api.operations.get(i))
            .filter(|op| op.pointer == pointer)
            .map(|op| op.fn_name.as_str())
            .collect()
    }

    /// Methods whose security table names `scheme`.
    pub fn methods_using_scheme(&self, scheme: &str) -> Vec<String> {
        self.api
            .operations
            .iter()
            .filter(|op| op.security.iter().any(|set| set.iter().any(|s| s == scheme)))
            .map(|op| format!("Client::{}", op.fn_name))
            .collect()
    }

    pub fn scheme_kind(&self, name: &str) -> Option<&SchemeKind> {
        self.api
            .security_schemes
            .iter()
            .find(|s| s.name == name)
            .map(|s| &s.kind)
    }
}

/// What the generated method takes as its body argument(s), without the
/// body's type and optionality (reported on their own, as are multipart
/// parts, which are properties of the body's schema).
pub(crate) fn body_signature(op: &Operation) -> &'static str {
    let Some(b) = &op.body else { return "none" };
    match &b.kind {
        BodyKind::Json { .. } => "json",
        BodyKind::Form { .. } => "form",
        BodyKind::Text { .. } => "text",
        BodyKind::Binary { media } if media.types.len() > 1 => "binary with a content-type argument",
        BodyKind::Binary { .. } => "binary",
        BodyKind::Multipart { .. } => "multipart",
    }
}

/// Whether the generated method sends the media type `media` for this body.
pub(crate) fn body_sends(op: &Operation, media: &str) -> bool {
    let Some(b) = &op.body else { return false };
    match &b.kind {
        BodyKind::Json { media_type, .. } | BodyKind::Text { media_type } => media_type == media,
        BodyKind::Form { .. } => media.starts_with("application/x-www-form-urlencoded"),
        BodyKind::Multipart { .. } => media.starts_with("multipart/form-data"),
        BodyKind::Binary { media: choice } => choice.types.iter().any(|(_, m)| m == media),
    }
}

/// The shape of what the generated method returns: one type, or an enum
/// with one variant per success status and kind of body.
pub(crate) fn return_signature(op: &Operation) -> String {
    fn body(b: &ResponseBody) -> &'static str {
        match b {
            ResponseBody::Empty => "empty",
            ResponseBody::Json(_) => "json",
            ResponseBody::Text => "text",
            ResponseBody::Binary { .. } => "binary",
            ResponseBody::Events(_) => "events",
        }
    }
    match &op.response {
        ResponseShape::Single(c) => format!("single {}", body(&c.body)),
        ResponseShape::Many { cases, .. } => {
            let mut cases: Vec<String> = cases.iter().map(|c| format!("{}={}", c.name, body(&c.body))).collect();
            cases.sort();
            format!("enum {}", cases.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ancestors;

    #[test]
    fn ancestors_nearest_first() {
        let all: Vec<&str> = ancestors("/a/b~1c/d").collect();
        assert_eq!(all, ["/a/b~1c/d", "/a/b~1c", "/a"]);
        assert_eq!(ancestors("").count(), 1);
    }
}

//! Stage 3: decisions that need the whole IR at once.
//!
//! - recursion: a type that contains itself by value is boxed where the cycle
//!   closes, so every type has a finite size;
//! - untagged unions: variants ordered most specific first, so a value that
//!   only one alternative accepts is never taken by a laxer one before it;
//! - usage: whether each type travels in requests, responses or both;
//! - sharing: an inline schema with exactly the shape of another type (same
//!   fields, docs, wire names and field types) becomes an alias of it, so
//!   documents that repeat the same inline objects compile each shape once.

use crate::error::Warning;
use crate::error::WarningCode;
use crate::ir::*;
use std::collections::{BTreeSet, HashMap};

mod shape;
use shape::shape;

pub fn normalise(api: &mut Api, warnings: &mut Vec<Warning>) {
    merge_identical_types(api);
    break_alias_cycles(api, warnings);
    merge_same_rust_variants(api);
    constant_fields(api);
    name_setters(api);
    box_recursion(api);
    order_union_variants(api);
    compute_usage(api);
    one_option_per_field(api);
    api.login = find_login(api);
    api.prelude_shadowed = prelude_shadowed(api);
}

/// Whether a type the crate defines (schema types, response and media type
/// enums) takes the name of a std prelude item the generated code uses.
fn prelude_shadowed(api: &Api) -> bool {
    const PRELUDE: [&str; 9] = ["Option", "Some", "None", "String", "Vec", "Box", "Result", "Ok", "Err"];
    let types = api.types.iter().map(|t| t.name.as_str());
    let mut names = types.chain(api.operations.iter().flat_map(Operation::item_names));
    names.any(|n| PRELUDE.contains(&n))
}

/// A field path (depth-first, at most four levels) to a string field named like `names`.
fn find_field(api: &Api, ty: &Ty, names: &[&str], depth: usize) -> Option<Vec<Step>> {
    if depth > 4 {
        return None;
    }
    match ty {
        Ty::Box(t) => find_field(api, t, names, depth).map(|mut p| {
            p.insert(0, Step::Deref);
            p
        }),
        Ty::Vec(t) => find_field(api, t, names, depth + 1).map(|mut p| {
            p.insert(0, Step::First);
            p
        }),
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(t) => find_field(api, t, names, depth + 1),
            TypeKind::Struct(s) => {
                let optional = |f: &Field| !f.required || f.nullable;
                for f in &s.fields {
                    if names.contains(&f.json_name.as_str()) && f.ty == Ty::String && !(f.required && f.nullable) {
                        return Some(vec![Step::Field {
                            name: f.name.clone(),
                            optional: optional(f),
                        }]);
                    }
                }
                for f in &s.fields {
                    if f.nullable {
                        continue;
                    }
                    if let Some(mut p) = find_field(api, &f.ty, names, depth + 1) {
                        p.insert(
                            0,
                            Step::Field {
                                name: f.name.clone(),
                                optional: optional(f),
                            },
                        );
                        return Some(p);
                    }
                }
                None
            }
            _ => None,
        },
        _ => None,
    }
}

/// An operation secured by HTTP basic only, needing no arguments, whose
/// JSON answer carries a token.
fn find_login(api: &Api) -> Option<Login> {
    let basic: Vec<&str> = api
        .security_schemes
        .iter()
        .filter(|s| s.kind == SchemeKind::Basic)
        .map(|s| s.name.as_str())
        .collect();
    api.operations.iter().enumerate().find_map(|(i, op)| {
        let basic_only = !op.security.is_empty()
            && op
                .security
                .iter()
                .all(|set| set.len() == 1 && basic.contains(&set[0].as_str()));
        let no_args = op.params.iter().all(|p| !p.required) && op.body.as_ref().is_none_or(|b| !b.required);
        if !basic_only || !no_args || !op.params.is_empty() {
            return None;
        }
        let ResponseShape::Single(SuccessCase {
            body: ResponseBody::Json(ty),
            status,
            ..
        }) = &op.response
        else {
            return None;
        };
        let token = find_field(api, ty, &["token", "access_token", "bearer"], 0)?;
        let expires = find_field(
            api,
            ty,
            &["expires_after", "expires_at", "expires_in", "expiry", "expires"],
            0,
        );
        Some(Login {
            operation: i,
            status: status.unwrap_or(200),
            token,
            expires,
        })
    })
}

/// Named types a type holds by value (not behind `Vec`, a map or `Box`).
fn by_value(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(t) => by_value(t, out),
        Ty::Tuple(ts) => ts.iter().for_each(|t| by_value(t, out)),
        _ => {}
    }
}

fn all_named(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(t) | Ty::Vec(t) | Ty::Map(t) | Ty::Box(t) => all_named(t, out),
        Ty::Tuple(ts) => ts.iter().for_each(|t| all_named(t, out)),
        _ => {}
    }
}

fn edges(def: &TypeDef, f: fn(&Ty, &mut Vec<TypeId>)) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                f(&field.ty, &mut out);
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                f(&v.ty, &mut out);
            }
        }
        TypeKind::Alias(t) => f(t, &mut out),
        TypeKind::Enum(_) | TypeKind::Literal(_) => {}
    }
    out
}

fn reaches(api: &Api, from: TypeId, to: TypeId, f: fn(&Ty, &mut Vec<TypeId>), only_alias: bool) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        let def = api.ty(id);
        if only_alias && !matches!(def.kind, TypeKind::Alias(_)) {
            continue;
        }
        stack.extend(edges(def, f));
    }
    false
}

/// `type A = Vec<A>` cannot be written in Rust; the inner use becomes any JSON.
fn break_alias_cycles(api: &mut Api, warnings: &mut Vec<Warning>) {
    for i in 0..api.types.len() {
        let id = TypeId(i);
        let TypeKind::Alias(ty) = &api.types[i].kind else {
            continue;
        };
        let mut targets = Vec::new();
        all_named(ty, &mut targets);
        if targets.iter().any(|t| reaches(api, *t, id, all_named, true)) {
            let mut ty = ty.clone();
            replace_named(&mut ty, &|t| reaches(api, t, id, all_named, true));
            warnings.push(Warning {
                code: WarningCode::RecursiveAlias,
                pointer: api.types[i].pointer.clone(),
                location: None,
                file: None,
                message: "a schema that is only a reference to itself (through arrays or maps) has no Rust alias; the inner values are any JSON".into(),
            });
            api.types[i].kind = TypeKind::Alias(ty);
        }
    }
}

fn replace_named(ty: &mut Ty, pred: &dyn Fn(TypeId) -> bool) {
    match ty {
        Ty::Named(id) if pred(*id) => *ty = Ty::Json,
        Ty::Option(t) | Ty::Vec(t) | Ty::Map(t) | Ty::Box(t) => replace_named(t, pred),
        Ty::Tuple(ts) => ts.iter_mut().for_each(|t| replace_named(t, pred)),
        _ => {}
    }
}

fn box_ty(ty: &mut Ty, pred: &dyn Fn(TypeId) -> bool) {
    match ty {
        Ty::Named(id) if pred(*id) => *ty = Ty::Box(Box::new(Ty::Named(*id))),
        Ty::Option(t) => box_ty(t, pred),
        Ty::Tuple(ts) => ts.iter_mut().for_each(|t| box_ty(t, pred)),
        _ => {}
    }
}

fn box_recursion(api: &mut Api) {
    for i in 0..api.types.len() {
        let me = TypeId(i);
        let cyclic = |target: TypeId| reaches(api, target, me, by_value, false);
        let mut kind = api.types[i].kind.clone();
        match &mut kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    box_ty(&mut f.ty, &cyclic);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    box_ty(&mut v.ty, &cyclic);
                }
            }
            _ => {}
        }
        api.types[i].kind = kind;
    }
}

/// The Rust type a use prints as, with every alias followed: two uses with
/// the same canonical type are one type to rustc (one `From` impl).
fn canonical(api: &Api, ty: &Ty, depth: usize) -> Ty {
    if depth > 32 {
        return ty.clone();
    }
    match ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(t) => canonical(api, t, depth + 1),
            _ => ty.clone(),
        },
        Ty::Vec(t) => Ty::Vec(Box::new(canonical(api, t, depth + 1))),
        Ty::Map(t) => Ty::Map(Box::new(canonical(api, t, depth + 1))),
        Ty::Option(t) => Ty::Option(Box::new(canonical(api, t, depth + 1))),
        Ty::Box(t) => Ty::Box(Box::new(canonical(api, t, depth + 1))),
        _ => ty.clone(),
    }
}

/// Union alternatives that are the same Rust type (two string formats, an
/// inline shape equal to a component, a map `$ref` and the same map inline)
/// become one variant, which keeps the tags of all; an untagged union left
/// with one variant is that variant's type.
fn merge_same_rust_variants(api: &mut Api) {
    for i in 0..api.types.len() {
        let TypeKind::Union(u) = &api.types[i].kind else {
            continue;
        };
        let keys: Vec<Ty> = u.variants.iter().map(|v| canonical(api, &v.ty, 0)).collect();
        if (1..keys.len()).all(|j| !keys[..j].contains(&keys[j])) {
            continue;
        }
        let mut u = u.clone();
        let mut kept: Vec<UnionVariant> = Vec::new();
        let mut kept_keys: Vec<&Ty> = Vec::new();
        for (v, key) in u.variants.drain(..).zip(&keys) {
            match kept_keys.iter().position(|k| *k == key) {
                Some(at) => {
                    let first = &mut kept[at];
                    for tag in v.tags {
                        if !first.tags.contains(&tag) {
                            first.tags.push(tag);
                        }
                    }
                    first.docs.notes.push(format!(
                        "Also stands for the alternative `{}`, which has the same Rust type.",
                        v.name
                    ));
                }
                None => {
                    kept_keys.push(key);
                    kept.push(v);
                }
            }
        }
        api.types[i].kind = if kept.len() == 1 && u.tagging == Tagging::Untagged {
            TypeKind::Alias(kept.remove(0).ty)
        } else {
            u.variants = kept;
            TypeKind::Union(u)
        };
    }
}

/// Whether a use is a `const` type (through aliases).
fn is_literal(api: &Api, ty: &Ty, depth: usize) -> bool {
    match ty {
        Ty::Named(id) if depth < 32 => match &api.ty(*id).kind {
            TypeKind::Literal(_) => true,
            TypeKind::Alias(t) => is_literal(api, t, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

/// Required fields of a `const` type have one value: constructors fill them
/// in, and a struct whose other fields are optional derives `Default`.
fn constant_fields(api: &mut Api) {
    for i in 0..api.types.len() {
        let TypeKind::Struct(s) = &api.types[i].kind else {
            continue;
        };
        let constant: Vec<bool> = s
            .fields
            .iter()
            .map(|f| f.required && !f.nullable && is_literal(api, &f.ty, 0))
            .collect();
        if let TypeKind::Struct(s) = &mut api.types[i].kind {
            for (f, c) in s.fields.iter_mut().zip(constant) {
                f.constant = c;
            }
            s.all_optional = s.fields.iter().all(|f| !f.required || f.constant);
        }
    }
}

/// Each optional field's `with_*` setter, claimed in the struct's method
/// namespace (after `new`), so two fields never get one setter name.
fn name_setters(api: &mut Api) {
    for def in &mut api.types {
        if let TypeKind::Struct(s) = &mut def.kind {
            let mut methods = crate::naming::Namespace::with_reserved(&["new"]);
            for f in &mut s.fields {
                f.setter = (!f.required).then(|| methods.claim(&crate::naming::setter_name(&f.name)));
            }
        }
    }
}

/// An optional property that may also be `null` is one `Option`: absent and
/// `null` both read as `None`, and `None` is not sent. Only types sent in
/// `PATCH` bodies keep `Option<Option<T>>`, since a partial update is where
/// absent ("leave unchanged") and `null` ("clear") differ: `Some(None)` sends
/// an explicit `null` and `None` leaves the property out.
fn one_option_per_field(api: &mut Api) {
    let patched = patched_types(api);
    for (def, patched) in api.types.iter_mut().zip(patched) {
        if patched {
            continue;
        }
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in &mut s.fields {
                if !f.required && f.nullable {
                    f.nullable = false;
                }
            }
        }
    }
}

/// The types reachable from the body of a `PATCH` operation.
fn patched_types(api: &Api) -> Vec<bool> {
    let mut seen = vec![false; api.types.len()];
    let mut stack = Vec::new();
    for op in api.operations.iter().filter(|o| o.method == Method::Patch) {
        if let Some(RequestBody {
            kind: BodyKind::Json { ty, .. } | BodyKind::Form { ty },
            ..
        }) = &op.body
        {
            all_named(ty, &mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut seen[id.0], true) {
            stack.extend(edges(api.ty(id), all_named));
        }
    }
    seen
}

/// Lower ranks are tried first. Values of different JSON kinds never compete,
/// so the rank only orders alternatives of the same kind.
fn rank(api: &Api, ty: &Ty, depth: usize) -> (u8, i64) {
    if depth > 16 {
        return (9, 0);
    }
    match ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => {
                let required = s.fields.iter().filter(|f| f.required).count() as i64;
                if required > 0 {
                    (0, -required * 1000 - s.fields.len() as i64)
                } else {
                    (3, -(s.fields.len() as i64))
                }
            }
            TypeKind::Enum(e) => match e.repr {
                EnumRepr::String => (6, 0),
                EnumRepr::Integer => (4, 0),
            },
            TypeKind::Union(_) => (5, 0),
            TypeKind::Alias(t) => rank(api, t, depth + 1),
            // One exact value: tried before any open scalar of its kind.
            TypeKind::Literal(_) => (4, 0),
        },
        Ty::Box(t) | Ty::Option(t) => rank(api, t, depth + 1),
        Ty::Vec(t) => (1, rank(api, t, depth + 1).0 as i64),
        Ty::Tuple(ts) => (1, -(ts.len() as i64)),
        Ty::Map(t) if **t == Ty::Json => (4, 0),
        Ty::Map(_) => (2, 0),
        Ty::Bool | Ty::I32 | Ty::I64 => (4, 1),
        Ty::F32 | Ty::F64 => (5, 1),
        Ty::String => (7, 0),
        // A mapped format is a string: its wrapper accepts any string.
        Ty::Format(_) => (7, 0),
        Ty::Bytes => (6, 0), // Not every string is base64: tried before plain strings.
        Ty::Json | Ty::RawJsonMap => (9, 0),
    }
}

fn order_union_variants(api: &mut Api) {
    for i in 0..api.types.len() {
        let TypeKind::Union(u) = &api.types[i].kind else {
            continue;
        };
        if u.tagging != Tagging::Untagged {
            continue;
        }
        let mut variants = u.variants.clone();
        // Stable: equal ranks keep document order.
        variants.sort_by_key(|v| rank(api, &v.ty, 0));
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            u.variants = variants;
        }
    }
}

fn mark(api: &mut Api, ty: &Ty, request: bool) {
    let mut stack = Vec::new();
    all_named(ty, &mut stack);
    while let Some(id) = stack.pop() {
        let def = &mut api.types[id.0];
        let already = if request { def.usage.request } else { def.usage.response };
        if already {
            continue;
        }
        if request {
            def.usage.request = true;
        } else {
            def.usage.response = true;
        }
        stack.extend(edges(api.ty(id), all_named));
    }
}

fn compute_usage(api: &mut Api) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    for op in &api.operations {
        for p in &op.params {
            request.push(p.ty.clone());
        }
        if let Some(b) = &op.body {
            if let BodyKind::Json { ty, .. } | BodyKind::Form { ty } = &b.kind {
                request.push(ty.clone());
            }
        }
        let cases = match &op.response {
            ResponseShape::Single(c) => std::slice::from_ref(c),
            ResponseShape::Many { cases, .. } => cases.as_slice(),
        };
        for c in cases {
            if let Some(t) = c.body.json_ty() {
                response.push(t.clone());
            }
        }
    }
    if let Some(t) = api.error_body.clone() {
        response.push(t);
    }
    if let Some(id) = api.webhook_event {
        response.push(Ty::Named(id));
    }
    for t in request {
        mark(api, &t, true);
    }
    for t in response {
        mark(api, &t, false);
    }
}

/// Groups operations by their first tag into cargo features, and gates each
/// type behind the features of the operations that use it. Types used by an
/// untagged operation, by the error body or the webhook event, or by nothing
/// at all stay always compiled.
pub fn assign_features(api: &mut Api, split: crate::config::SplitByTag) {
    if !split.applies(api.operations.len()) {
        return;
    }
    // The crate's own features: `tracing`, and those of mapped formats.
    let mut reserved = vec!["default", "tracing"];
    if !api.formats.is_empty() {
        reserved.extend(["time", "chrono", "uuid", "base64"]);
    }
    let mut names = crate::naming::Namespace::with_reserved(&reserved);
    let mut modules = crate::naming::Namespace::new();
    let mut by_tag: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for op in &mut api.operations {
        let Some(tag) = op.tags.first() else { continue };
        let index = *by_tag.entry(tag.clone()).or_insert_with(|| {
            let kebab = heck::ToKebabCase::to_kebab_case(crate::naming::snake_name(tag).as_str());
            api.features.push(Feature {
                name: names.claim(&kebab),
                module: modules.claim(&format!("tag_{}", crate::naming::snake_name(tag).trim_end_matches('_'))),
                tag: tag.clone(),
            });
            api.features.len() - 1
        });
        op.feature = Some(index);
    }
    if api.features.is_empty() {
        return;
    }
    // Which features reach each type; `None` in the set: always needed.
    let mut needed: Vec<BTreeSet<Option<usize>>> = vec![BTreeSet::new(); api.types.len()];
    let mut roots: Vec<(Ty, Option<usize>)> = Vec::new();
    for op in &api.operations {
        for p in &op.params {
            roots.push((p.ty.clone(), op.feature));
        }
        if let Some(b) = &op.body {
            match &b.kind {
                BodyKind::Json { ty, .. } | BodyKind::Form { ty } => roots.push((ty.clone(), op.feature)),
                BodyKind::Multipart { parts } => {
                    for part in parts {
                        if let PartKind::Value(ty) | PartKind::Json(ty) = &part.kind {
                            roots.push((ty.clone(), op.feature));
                        }
                    }
                }
                _ => {}
            }
        }
        let cases = match &op.response {
            ResponseShape::Single(c) => std::slice::from_ref(c),
            ResponseShape::Many { cases, .. } => cases.as_slice(),
        };
        for c in cases {
            if let Some(t) = c.body.json_ty() {
                roots.push((t.clone(), op.feature));
            }
        }
    }
    if let Some(t) = &api.error_body {
        roots.push((t.clone(), None));
    }
    if let Some(id) = api.webhook_event {
        roots.push((Ty::Named(id), None));
    }
    for (ty, feature) in roots {
        let mut stack = Vec::new();
        all_named(&ty, &mut stack);
        while let Some(id) = stack.pop() {
            if needed[id.0].insert(feature) {
                stack.extend(edges(api.ty(id), all_named));
            }
        }
    }
    // Types no operation uses (webhook payloads, shared definitions) get a
    // feature of their own.
    let mut standalone = None;
    for (i, set) in needed.iter().enumerate() {
        if !set.is_empty() {
            continue;
        }
        let index = *standalone.get_or_insert_with(|| {
            api.features.push(Feature {
                name: names.claim("other-schemas"),
                module: modules.claim("other_schemas"),
                tag: String::new(),
            });
            api.features.len() - 1
        });
        api.types[i].features = vec![index];
    }
    for (def, set) in api.types.iter_mut().zip(needed) {
        if set.is_empty() {
            continue;
        }
        def.features = if set.contains(&None) {
            Vec::new()
        } else {
            set.into_iter().flatten().collect()
        };
    }
}

/// Turns inline schemas that print the same item as another type into
/// aliases of it (`same_as`).
///
/// Classes of identical types are found by partition refinement: start
/// with one class, split by shape and the classes of the types used, repeat
/// until nothing splits, so identical recursive shapes are found too.
/// Component schemas and aliases keep a class of their own, since their
/// names are part of the crate's interface; an inline class whose shape
/// equals a component schema's becomes an alias of that schema. The
/// representative of an inline class is its first member in definition
/// order, so the choice is deterministic.
fn merge_identical_types(api: &mut Api) {
    let n = api.types.len();
    let own_class = |def: &TypeDef| def.schema_name.is_some() || matches!(def.kind, TypeKind::Alias(_));
    // Each type's shape once, interned, with the types it uses.
    let mut interned: HashMap<String, usize> = HashMap::new();
    let mut shapes = Vec::with_capacity(n);
    let mut refs = Vec::with_capacity(n);
    for def in &api.types {
        let (mut text, mut used) = (String::new(), Vec::new());
        shape(def, &mut text, &mut used);
        let fresh = interned.len();
        shapes.push(*interned.entry(text).or_insert(fresh));
        refs.push(used);
    }
    let mut class = vec![0usize; n];
    let mut count = 1;
    loop {
        let mut ids: HashMap<(usize, usize, Vec<usize>), usize> = HashMap::with_capacity(n);
        let mut next = Vec::with_capacity(n);
        for (i, def) in api.types.iter().enumerate() {
            // Types that keep their own class get a key no other type has.
            let key = if own_class(def) {
                (usize::MAX, i, Vec::new())
            } else {
                (class[i], shapes[i], refs[i].iter().map(|r| class[r.0]).collect())
            };
            let fresh = ids.len();
            next.push(*ids.entry(key).or_insert(fresh));
        }
        class = next;
        if ids.len() == count {
            break;
        }
        count = ids.len();
    }
    let signature = |i: usize| (shapes[i], refs[i].iter().map(|r| class[r.0]).collect::<Vec<_>>());
    // Components by shape (first in document order wins).
    let mut components: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
    for (i, def) in api.types.iter().enumerate() {
        if def.schema_name.is_some() && !matches!(def.kind, TypeKind::Alias(_)) {
            components.entry(signature(i)).or_insert(i);
        }
    }
    let mut target: HashMap<usize, usize> = HashMap::new();
    for (i, &c) in class.iter().enumerate() {
        if own_class(&api.types[i]) {
            continue;
        }
        let rep = *target
            .entry(c)
            .or_insert_with(|| components.get(&signature(i)).copied().unwrap_or(i));
        if rep != i {
            api.types[i].kind = TypeKind::Alias(Ty::Named(TypeId(rep)));
            api.types[i].same_as = Some(TypeId(rep));
        }
    }
}

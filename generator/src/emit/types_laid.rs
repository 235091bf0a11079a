//! Object structs laid out as text (see `lay`): the struct, its `new` and
//! `with_*` setters, and its serde impls through the runtime's `object`
//! field table. `types::struct_def` prints the same items as tokens; it
//! serves the structs these rules do not decide (a field so long that
//! prettyplease breaks inside it, a line at the margin, a `Debug` that
//! hides secrets).

use super::lay::{self, Laid, Lay, Node, Unlaid};
use super::snippet::Snippets;
use super::{docs, ty_in, types_module, Prelude, Scope};
use crate::ir::*;

/// The text of a struct's items, each after `cfg` (a `#[cfg(..)]` line or
/// nothing).
pub(super) fn struct_laid(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    doc: &[String],
    cfg: &str,
    snippets: &mut Snippets,
) -> Laid<String> {
    if s.fields.is_empty() || s.fields.iter().any(|f| f.secret) {
        return Err(Unlaid);
    }
    let here = Scope::Types(types_module(def));
    let ty = |t: &Ty| lay::ty(&ty_in(api, t, here));
    let p = Prelude::of(api);
    let name = &def.name;
    let field_ty = |f: &Field| {
        let inner = ty(&f.ty);
        match (f.required, f.nullable) {
            (true, false) => inner,
            (true, true) | (false, false) => format!("{}<{inner}>", p.option),
            (false, true) => format!("{0}<{0}<{inner}>>", p.option),
        }
    };
    let extra = s.additional.as_ref().map(ty);
    let mut lay = Lay::new();
    let item = |lay: &mut Lay| cfg_line(lay, cfg);

    // The struct.
    item(&mut lay)?;
    lay.doc(0, doc);
    if def.deprecated {
        lay.line(0, "#[deprecated]")?;
    }
    let mut derives = vec!["Debug", "Clone", "PartialEq"];
    if s.all_optional {
        derives.push("Default");
    }
    lay.line(0, &format!("#[derive({})]", derives.join(", ")))?;
    lay.line(0, "#[non_exhaustive]")?;
    lay.fixed(0, &format!("pub struct {name} {{"));
    for f in &s.fields {
        lay.doc(4, &docs::lines(&f.docs));
        if f.deprecated {
            lay.line(4, "#[deprecated]")?;
        }
        lay.field(4, format!("pub {}: {},", f.name, field_ty(f)), snippets)?;
    }
    if let Some(extra) = &extra {
        lay.doc(4, &super::types::EXTRA_DOC.map(String::from));
        lay.field(4, format!("pub additional_properties: {extra},"), snippets)?;
    }
    lay.line(0, "}")?;
    lay.blank();

    // `new` and the setters.
    item(&mut lay)?;
    lay.fixed(0, &format!("impl {name} {{"));
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required && !f.constant).collect();
    lay.doc(4, &[super::types::ctor_doc(required.is_empty()).to_string()]);
    if required.len() > 7 {
        lay.line(4, "#[allow(clippy::too_many_arguments)]")?;
    }
    let args = required
        .iter()
        .map(|f| Node::Led(format!("{}: ", f.name), Box::new(Node::ty(&field_ty(f)))));
    let self_ty = || Some(("Self", Node::text("")));
    lay.signature(4, "pub fn new", &Node::parens(args.collect()), self_ty())?;
    let mut inits: Vec<Node> = s
        .fields
        .iter()
        .map(|f| {
            Node::text(if f.constant {
                format!("{}: <{} as ::std::default::Default>::default()", f.name, ty(&f.ty))
            } else if f.required {
                f.name.clone()
            } else {
                format!("{}: {}", f.name, p.none)
            })
        })
        .collect();
    if extra.is_some() {
        inits.push(Node::text("additional_properties: ::std::default::Default::default()"));
    }
    lay.node(8, "Self ", &Node::struct_expr(4, inits), "", "")?;
    lay.line(4, "}")?;
    for f in &s.fields {
        let Some(setter) = &f.setter else { continue };
        lay.blank();
        let mut lines = vec![format!("Sets {}.", docs::code(&f.json_name))];
        let value = if f.nullable {
            lines.extend([String::new(), "`None` sends an explicit `null`.".to_string()]);
            format!("{}<{}>", p.option, ty(&f.ty))
        } else {
            ty(&f.ty)
        };
        lay.doc(4, &lines);
        if f.deprecated {
            lay.line(4, "#[deprecated]")?;
        }
        lay.line(4, "#[must_use]")?;
        let value = Node::Led("value: ".to_string(), Box::new(Node::ty(&value)));
        let params = Node::parens(vec![Node::text("mut self"), value]);
        lay.signature(4, &format!("pub fn {setter}"), &params, self_ty())?;
        lay.line(8, &format!("self.{} = {}(value);", f.name, p.some))?;
        lay.line(8, "self")?;
        lay.line(4, "}")?;
    }
    lay.line(0, "}")?;
    lay.blank();
    serde_laid(&mut lay, api, def, s, extra.as_deref(), &item)?;
    Ok(lay.out)
}

/// `Serialize`, `Deserialize` and `object::FromObject`, as
/// `types::struct_serde` prints them.
fn serde_laid(
    lay: &mut Lay,
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    extra: Option<&str>,
    item: &dyn Fn(&mut Lay) -> Laid,
) -> Laid {
    let p = Prelude::of(api);
    let here = Scope::Types(types_module(def));
    let ty = |t: &Ty| lay::ty(&ty_in(api, t, here));
    let name = &def.name;
    let puts = s
        .fields
        .iter()
        .map(|f| {
            let put = if f.required { "Put" } else { "PutSome" };
            Node::text(format!("object::{put}(&self.{})", f.name))
        })
        .collect();
    item(lay)?;
    serialize_head(lay, name, &p.result.to_string())?;
    let extra_ref = if extra.is_some() {
        "&self.additional_properties"
    } else {
        "&object::Skip"
    };
    let args = Node::parens(vec![
        Node::text("serializer"),
        Node::text("<Self as object::FromObject>::FIELDS"),
        nest(puts),
        Node::text(extra_ref),
    ]);
    lay.node(8, "object::serialize", &args, "", "")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    item(lay)?;
    deserialize_head(lay, name, &p.result.to_string())?;
    lay.line(8, "object::deserialize(deserializer)")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    item(lay)?;
    impl_head(lay, "impl object::FromObject", name);
    let expecting = proc_macro2::Literal::string(&format!("a JSON object ({name})")).to_string();
    lay.fixed(4, &format!("const EXPECTING: &'static str = {expecting};"));
    lay.blank();
    let names = s
        .fields
        .iter()
        .map(|f| Node::text(proc_macro2::Literal::string(&f.json_name).to_string()))
        .collect();
    lay.node(
        4,
        "const FIELDS: &'static [&'static str] = &",
        &Node::brackets(names),
        ";",
        "",
    )?;
    lay.blank();
    let slots = s
        .fields
        .iter()
        .map(|f| {
            let inner = ty(&f.ty);
            Node::ty(&match (f.required, f.nullable) {
                (true, false) => format!("object::Req<{inner}>"),
                (true, true) | (false, false) => format!("object::Opt<{inner}>"),
                (false, true) => format!("object::Present<{}<{inner}>>", p.option),
            })
        })
        .collect();
    lay.node(4, "type Slots = ", &nest(slots), ";", "")?;
    lay.blank();
    lay.line(4, &format!("type Extra = {};", extra.unwrap_or("object::Skip")))?;
    lay.blank();
    let locals = locals(s);
    let pattern = Node::Suffixed(
        Box::new(nest(locals.iter().map(|l| Node::text(l.as_str())).collect())),
        ": <Self::Slots as object::Slots>::Out".to_string(),
    );
    let extra_param = if extra.is_some() { "extra" } else { "_" };
    let params = Node::parens(vec![pattern, Node::text(format!("{extra_param}: Self::Extra"))]);
    lay.signature(4, "fn build", &params, Some(("Self", Node::text(""))))?;
    let mut inits: Vec<Node> = s
        .fields
        .iter()
        .zip(&locals)
        .map(|(f, l)| Node::text(format!("{}: {l}", f.name)))
        .collect();
    if extra.is_some() {
        inits.push(Node::text("additional_properties: extra"));
    }
    lay.node(8, "Self ", &Node::struct_expr(4, inits), "", "")?;
    lay.line(4, "}")?;
    lay.line(0, "}")
}

/// A string enum with its `Unknown` variant, conversions and serde impls,
/// as `types::enum_def` prints it.
pub(super) fn string_enum_laid(api: &Api, def: &TypeDef, e: &Enum, doc: &[String], cfg: &str) -> Laid<String> {
    if e.repr != EnumRepr::String || e.variants.is_empty() {
        return Err(Unlaid);
    }
    let p = Prelude::of(api);
    let name = &def.name;
    let lit = |v: &EnumVariant| match &v.value {
        EnumValue::String(s) => Ok(proc_macro2::Literal::string(s).to_string()),
        EnumValue::Integer(_) => Err(Unlaid),
    };
    let mut lay = Lay::new();
    cfg_line(&mut lay, cfg)?;
    lay.doc(0, doc);
    if def.deprecated {
        lay.line(0, "#[deprecated]")?;
    }
    lay.line(0, "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]")?;
    lay.line(0, "#[non_exhaustive]")?;
    lay.fixed(0, &format!("pub enum {name} {{"));
    for v in &e.variants {
        lay.doc(4, &[docs::code(&v.value.to_string())]);
        lay.fixed(4, &format!("{},", v.name));
    }
    lay.doc(
        4,
        &["A value this version of the API does not list, kept as sent.".to_string()],
    );
    lay.line(4, &format!("Unknown({}),", p.string))?;
    lay.line(0, "}")?;
    lay.blank();

    cfg_line(&mut lay, cfg)?;
    lay.fixed(0, &format!("impl {name} {{"));
    lay.doc(4, &["The value on the wire.".to_string()]);
    lay.line(4, "pub fn as_str(&self) -> &str {")?;
    lay.line(8, "match self {")?;
    for v in &e.variants {
        lay.line(12, &format!("Self::{} => {},", v.name, lit(v)?))?;
    }
    lay.line(12, "Self::Unknown(value) => value.as_str(),")?;
    lay.line(8, "}")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    cfg_line(&mut lay, cfg)?;
    impl_head(&mut lay, "impl ::std::convert::From<&str>", name);
    lay.line(4, "fn from(value: &str) -> Self {")?;
    lay.line(8, "match value {")?;
    for v in &e.variants {
        lay.line(12, &format!("{} => Self::{},", lit(v)?, v.name))?;
    }
    lay.line(12, "other => Self::Unknown(other.to_owned()),")?;
    lay.line(8, "}")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    cfg_line(&mut lay, cfg)?;
    impl_head(&mut lay, &format!("impl ::std::convert::From<{}>", p.string), name);
    lay.line(4, &format!("fn from(value: {}) -> Self {{", p.string))?;
    lay.line(8, "Self::from(value.as_str())")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    cfg_line(&mut lay, cfg)?;
    impl_head(&mut lay, "impl ::std::fmt::Display", name);
    lay.line(
        4,
        "fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {",
    )?;
    lay.line(8, "f.write_str(self.as_str())")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    let result = p.result.to_string();
    cfg_line(&mut lay, cfg)?;
    serialize_head(&mut lay, name, &result)?;
    lay.line(8, "serializer.serialize_str(self.as_str())")?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    lay.blank();

    cfg_line(&mut lay, cfg)?;
    deserialize_head(&mut lay, name, &result)?;
    // The statement is the same in every enum: as prettyplease breaks it.
    lay.line(8, "let value = <::std::borrow::Cow<")?;
    lay.line(12, "'de,")?;
    lay.line(12, "str,")?;
    lay.line(8, "> as ::serde::Deserialize>::deserialize(deserializer)?;")?;
    lay.line(8, &format!("{}(Self::from(value.as_ref()))", p.ok))?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    Ok(lay.out)
}

/// A type alias.
pub(super) fn alias_laid(api: &Api, def: &TypeDef, ty: &Ty, doc: &[String], cfg: &str) -> Laid<String> {
    let mut lay = Lay::new();
    cfg_line(&mut lay, cfg)?;
    lay.doc(0, doc);
    if def.deprecated {
        lay.line(0, "#[deprecated]")?;
    }
    let t = lay::ty(&ty_in(api, ty, Scope::Types(types_module(def))));
    let line = format!("pub type {} = {t};", def.name);
    if t.contains('<') {
        lay.line(0, &line)?;
    } else {
        // A path without generic arguments has nowhere to break.
        lay.fixed(0, &line);
    }
    Ok(lay.out)
}

/// A `#[cfg(..)]` line (nothing when `cfg` is empty); a long one puts its
/// predicate on a line of its own.
fn cfg_line(lay: &mut Lay, cfg: &str) -> Laid {
    if cfg.is_empty() {
        return Ok(());
    }
    if lay.line(0, cfg).is_ok() {
        return Ok(());
    }
    let predicate = cfg
        .strip_prefix("#[cfg(")
        .and_then(|c| c.strip_suffix(")]"))
        .ok_or(Unlaid)?;
    lay.line(0, "#[cfg(")?;
    if lay.line(4, predicate).is_err() {
        // One feature per line, without a trailing comma (attribute tokens).
        let list = predicate
            .strip_prefix("any(")
            .and_then(|p| p.strip_suffix(')'))
            .ok_or(Unlaid)?;
        lay.line(4, "any(")?;
        let features: Vec<&str> = list.split(", ").collect();
        for (i, feature) in features.iter().enumerate() {
            let comma = if i + 1 < features.len() { "," } else { "" };
            lay.line(8, &format!("{feature}{comma}"))?;
        }
        lay.line(4, ")")?;
    }
    lay.line(0, ")]")
}

/// `impl ::serde::Serialize for Name {` and its `serialize` signature.
fn serialize_head(lay: &mut Lay, name: &str, result: &str) -> Laid {
    impl_head(lay, "impl ::serde::Serialize", name);
    let params = Node::parens(vec![Node::text("&self"), Node::text("serializer: S")]);
    let ret = Node::angle(vec![Node::text("S::Ok"), Node::text("S::Error")]);
    lay.signature(4, "fn serialize<S: ::serde::Serializer>", &params, Some((result, ret)))
}

/// `impl<'de> ::serde::Deserialize<'de> for Name {` and its `deserialize`
/// signature.
fn deserialize_head(lay: &mut Lay, name: &str, result: &str) -> Laid {
    impl_head(lay, "impl<'de> ::serde::Deserialize<'de>", name);
    let params = Node::parens(vec![Node::text("deserializer: D")]);
    let ret = Node::angle(vec![Node::text("Self"), Node::text("D::Error")]);
    lay.signature(
        4,
        "fn deserialize<D: ::serde::Deserializer<'de>>",
        &params,
        Some((result, ret)),
    )
}

/// `impl Trait for Name {`, with `for Name {` on a line of its own when
/// the whole does not fit.
fn impl_head(lay: &mut Lay, head: &str, name: &str) {
    let line = format!("{head} for {name} {{");
    if line.len() <= lay::MARGIN {
        lay.fixed(0, &line);
    } else {
        lay.fixed(0, head);
        lay.fixed(0, &format!("for {name} {{"));
    }
}

/// `v_<field>` for each field, as `types::struct_serde` names them.
pub(super) fn locals(s: &Struct) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    s.fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let base = format!("v_{}", f.name.trim_start_matches('_'));
            let name = if seen.contains(&base) {
                format!("{base}_{i}")
            } else {
                base
            };
            seen.insert(name.clone());
            name
        })
        .collect()
}

/// Items as one tuple, or tuples of tuples, as `types::nest` nests them.
fn nest(items: Vec<Node>) -> Node {
    if items.len() <= super::types::TUPLE {
        return Node::tuple(items);
    }
    let mut groups = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        groups.push(Node::tuple(items.by_ref().take(super::types::TUPLE).collect()));
    }
    nest(groups)
}

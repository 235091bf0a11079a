//! The shape of a type definition as text, for finding types that print
//! the same item (`merge_identical_types`): written for every field of every
//! type of a document, so it appends without the formatting machinery where
//! it can.

use crate::ir::*;
use std::fmt::Write as _;

/// Appends the spelling of a type use, with each named type written as `N`
/// and pushed to `refs`.
fn ty_shape(ty: &Ty, out: &mut String, refs: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => {
            out.push('N');
            refs.push(*id);
        }
        Ty::String => out.push('s'),
        Ty::Bool => out.push('b'),
        Ty::I32 => out.push_str("i32"),
        Ty::I64 => out.push_str("i64"),
        Ty::F32 => out.push_str("f32"),
        Ty::F64 => out.push_str("f64"),
        Ty::Json => out.push('j'),
        Ty::Tuple(ts) => {
            out.push_str("T<");
            for t in ts {
                ty_shape(t, out, refs);
                out.push(',');
            }
            out.push('>');
        }
        Ty::Format(f) => {
            out.push('F');
            out.push_str(f.name());
        }
        Ty::Bytes => out.push_str("b64"),
        Ty::RawJsonMap => out.push_str("rjm"),
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Box(t) => {
            out.push_str(match ty {
                Ty::Vec(_) => "V<",
                Ty::Map(_) => "M<",
                Ty::Option(_) => "O<",
                _ => "B<",
            });
            ty_shape(t, out, refs);
            out.push('>');
        }
    }
}

/// Appends docs unambiguously (each text prefixed with its length).
fn docs_shape(d: &Docs, out: &mut String) {
    for text in [&d.summary, &d.description].into_iter().flatten().chain(&d.notes) {
        push_number(out, text.len());
        out.push(':');
        out.push_str(text);
    }
    for flag in [d.summary.is_some(), d.description.is_some()] {
        out.push(if flag { '1' } else { '0' });
    }
    push_number(out, d.notes.len());
}

/// Appends `n` in decimal as `write!` does, without its machinery for the
/// usual one or two digits (this runs for every field of every type).
fn push_number(out: &mut String, n: usize) {
    match n {
        0..=9 => out.push(char::from(b'0' + n as u8)),
        10..=99 => out.extend([char::from(b'0' + (n / 10) as u8), char::from(b'0' + (n % 10) as u8)]),
        _ => {
            let _ = write!(out, "{n}");
        }
    }
}

/// Everything about a type definition that shows in its Rust item, except
/// its own name, docs and location, and the types it uses (pushed to
/// `refs` in order): two types with equal shapes whose used types are the
/// same print the same item.
pub(super) fn shape(def: &TypeDef, out: &mut String, refs: &mut Vec<TypeId>) {
    match &def.kind {
        TypeKind::Struct(s) => {
            out.push_str(if s.all_optional { "Strue" } else { "Sfalse" });
            for f in &s.fields {
                out.push('|');
                for text in [&f.name, &f.json_name] {
                    push_number(out, text.len());
                    out.push(':');
                    out.push_str(text);
                }
                for flag in [f.required, f.nullable, f.deprecated, f.secret] {
                    out.push(if flag { '1' } else { '0' });
                }
                out.push(':');
                docs_shape(&f.docs, out);
                ty_shape(&f.ty, out, refs);
            }
            if let Some(t) = &s.additional {
                out.push_str("|+");
                ty_shape(t, out, refs);
            }
        }
        TypeKind::Enum(e) => {
            let _ = write!(out, "E{:?}", e.repr);
            for v in &e.variants {
                let value = v.value.to_string();
                let _ = write!(out, "|{}:{}{}:{}", v.name.len(), v.name, value.len(), value);
                docs_shape(&v.docs, out);
            }
        }
        TypeKind::Union(u) => {
            let _ = write!(out, "U{:?}", u.tagging);
            for v in &u.variants {
                let _ = write!(out, "|{}:{}{:?}{:?}", v.name.len(), v.name, v.tags, v.checks);
                docs_shape(&v.docs, out);
                ty_shape(&v.ty, out, refs);
            }
        }
        TypeKind::Alias(t) => {
            out.push('A');
            ty_shape(t, out, refs);
        }
        TypeKind::Literal(l) => {
            let _ = write!(out, "L{l:?}");
        }
    }
}

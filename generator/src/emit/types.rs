//! Prints `src/types.rs`: one item per IR type definition.

use super::{docs, ident, ty_in, types_module, Prelude, Scope};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/types.rs`, plus `src/types/<module>.rs` per cargo feature when the
/// API is split by tag.
pub fn types_files(api: &Api) -> Vec<(String, super::Output<'_>)> {
    let allows = quote! {
        #![allow(deprecated)]
        #![allow(clippy::large_enum_variant, clippy::enum_variant_names, clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
    };
    // Types gated by exactly one feature live in that feature's module.
    let shared: Vec<usize> = (0..api.types.len())
        .filter(|&i| types_module(&api.types[i]).is_none())
        .collect();
    let mut modules = Vec::new();
    let mut files = Vec::new();
    for (fi, feature) in api.features.iter().enumerate() {
        let members: Vec<usize> = (0..api.types.len())
            .filter(|&i| types_module(&api.types[i]) == Some(fi))
            .collect();
        if members.is_empty() {
            continue;
        }
        let (name, module) = (&feature.name, super::ident(&feature.module));
        modules.push(quote! {
            #[cfg(feature = #name)]
            mod #module;
            #[cfg(feature = #name)]
            pub use #module::*;
        });
        let doc = if feature.tag.is_empty() {
            " Types of schemas no operation uses (feature `other-schemas`).".to_string()
        } else {
            format!(
                " Types used only by operations tagged {} (feature `{name}`).",
                docs::code(&feature.tag)
            )
        };
        let import = object_import(api, &members);
        let head = quote! { #![doc = #doc] #allows #import };
        files.push((
            format!("src/types/{}.rs", feature.module),
            super::Output::Rust(vec![
                super::Part::items(head),
                super::Part::Many {
                    count: members.len(),
                    item: Box::new(move |i, snippets| type_item(api, &api.types[members[i]], false, snippets)),
                },
            ]),
        ));
    }
    let shared_import = object_import(api, &shared);
    let head = quote! {
        //! Types for the schemas of the API: one item per component schema
        //! (named after it in UpperCamelCase) and per inline schema that needs
        //! a name (named after its parent).
        //!
        //! Structs and enums are `#[non_exhaustive]`: build structs with `new`
        //! (required fields) and the `with_*` setters (optional fields), so
        //! that properties added to the API later do not break your code.
        //! Enums keep values they do not list in an `Unknown` variant.
        #allows
        #shared_import

        #( #modules )*
    };
    let main = (
        "src/types.rs".to_string(),
        super::Output::Rust(vec![
            super::Part::items(head),
            super::Part::Many {
                count: shared.len(),
                item: Box::new(move |i, snippets| {
                    let def = &api.types[shared[i]];
                    type_item(api, def, true, snippets)
                }),
            },
        ]),
    );
    files.insert(0, main);
    files
}

/// `use crate::runtime::object;` when any of `members` is a struct (their
/// serde impls call it).
fn object_import(api: &Api, members: &[usize]) -> TokenStream {
    let structs = || {
        members
            .iter()
            .map(|&i| &api.types[i])
            .filter(|d| matches!(d.kind, TypeKind::Struct(_)))
    };
    if structs().any(|d| d.features.is_empty()) {
        quote!(
            use crate::runtime::object;
        )
    } else if structs().next().is_some() {
        // Every struct here is behind a feature that may be off.
        quote!(
            #[allow(unused_imports)]
            use crate::runtime::object;
        )
    } else {
        quote!()
    }
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

/// A type's items: laid out when the rules allow (structs), else tokens;
/// `gated`: behind the cfg of its features.
fn type_item(api: &Api, def: &TypeDef, gated: bool, snippets: &mut super::snippet::Snippets) -> super::Emitted {
    let cfg = if gated {
        super::cfg_any(api, &def.features)
    } else {
        TokenStream::new()
    };
    let cfg_line = if cfg.is_empty() {
        String::new()
    } else {
        cfg_text(api, &def.features)
    };
    let doc = type_doc_lines(api, def);
    let mark = snippets.mark();
    let laid = match &def.kind {
        TypeKind::Struct(s) => super::types_laid::struct_laid(api, def, s, &doc, &cfg_line, snippets),
        TypeKind::Alias(t) => super::types_laid::alias_laid(api, def, t, &doc, &cfg_line),
        TypeKind::Enum(e) => super::types_laid::string_enum_laid(api, def, e, &doc, &cfg_line),
        _ => Err(super::lay::Unlaid),
    };
    if laid.is_ok() {
        return super::Emitted::laid_or(laid, TokenStream::new);
    }
    snippets.reset(mark);
    super::gate(type_def(api, def), &cfg).into()
}

/// [`super::cfg_any`] as text.
fn cfg_text(api: &Api, features: &[usize]) -> String {
    let names: Vec<String> = features
        .iter()
        .map(|&f| format!("feature = {}", proc_macro2::Literal::string(&api.features[f].name)))
        .collect();
    match names.as_slice() {
        [one] => format!("#[cfg({one})]"),
        many => format!("#[cfg(any({}))]", many.join(", ")),
    }
}

/// The documentation lines of a type.
fn type_doc_lines(api: &Api, def: &TypeDef) -> Vec<String> {
    let mut doc_lines = docs::lines(&def.docs);
    if let Some(schema) = &def.schema_name {
        if !doc_lines.is_empty() {
            doc_lines.push(String::new());
        }
        doc_lines.push(format!("Schema `{}` (`{}`).", schema.replace('`', "'"), def.pointer));
    } else {
        if !doc_lines.is_empty() {
            doc_lines.push(String::new());
        }
        doc_lines.push(format!("Inline schema at `{}`.", def.pointer));
    }
    if let Some(rep) = def.same_as {
        let rep = &api.ty(rep).name;
        doc_lines.push(String::new());
        doc_lines.push(format!(
            "The schema has the same shape as [`{rep}`], so one Rust type serves both."
        ));
    }
    doc_lines
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let doc = docs::attrs(&type_doc_lines(api, def));
    let deprecated = deprecated_attr(def.deprecated);
    let name = ident(&def.name);
    let here = Scope::Types(types_module(def));
    match &def.kind {
        TypeKind::Alias(ty) => {
            let t = ty_in(api, ty, here);
            quote! { #doc #deprecated pub type #name = #t; }
        }
        TypeKind::Struct(s) => struct_def(api, def, s, doc, deprecated),
        TypeKind::Enum(e) => enum_def(api, e, &name, doc, deprecated),
        TypeKind::Union(u) => super::unions::union_def(api, u, &name, doc, deprecated, here),
        TypeKind::Literal(l) => super::literal::literal_def(api, l, &name, doc, deprecated),
    }
}

/// The Rust type of a field, with the `Option` layers its presence rules
/// need, as printed in `here`.
fn field_ty(api: &Api, f: &Field, here: Scope) -> TokenStream {
    let Prelude { option, .. } = Prelude::of(api);
    let inner = ty_in(api, &f.ty, here);
    match (f.required, f.nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(#option<#inner>),
        (false, true) => quote!(#option<#option<#inner>>),
    }
}

fn struct_def(api: &Api, def: &TypeDef, s: &Struct, doc: TokenStream, deprecated: TokenStream) -> TokenStream {
    let Prelude { none, .. } = Prelude::of(api);
    let name = ident(&def.name);
    let here = Scope::Types(types_module(def));
    let has_secret = s.fields.iter().any(|f| f.secret);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !has_secret {
        derives.insert(0, quote!(Debug));
    }
    if s.all_optional {
        derives.push(quote!(Default));
    }
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let fdoc = docs::doc_attrs(&f.docs);
        let fdep = deprecated_attr(f.deprecated);
        let t = field_ty(api, f, here);
        quote! { #fdoc #fdep pub #fname: #t, }
    });
    let additional = s.additional.as_ref().map(|t| {
        let t = ty_in(api, t, here);
        let doc = docs::attrs(&EXTRA_DOC.map(String::from));
        quote! {
            #doc
            pub additional_properties: #t,
        }
    });
    // Constructor: required fields in order; a `const` field has one value.
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required && !f.constant).collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let t = field_ty(api, f, here);
        quote!(#n: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.constant {
            let t = ty_in(api, &f.ty, here);
            quote!(#n: <#t as ::std::default::Default>::default())
        } else if f.required {
            quote!(#n)
        } else {
            quote!(#n: #none)
        }
    });
    let add_init = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: ::std::default::Default::default(),));
    let setters = setters(api, s, here);
    let ctor_doc = format!(" {}", ctor_doc(required.is_empty()));
    let debug_impl = has_secret.then(|| {
        let name_str = def.name.clone();
        let entries = s.fields.iter().map(|f| {
            let n = ident(&f.name);
            let label = &f.name;
            if f.secret {
                if f.required && !f.nullable {
                    quote!(.field(#label, &crate::runtime::Redacted))
                } else {
                    quote!(.field(#label, &self.#n.as_ref().map(|_| crate::runtime::Redacted)))
                }
            } else {
                quote!(.field(#label, &self.#n))
            }
        });
        let add = s
            .additional
            .as_ref()
            .map(|_| quote!(.field("additional_properties", &self.additional_properties)));
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#name_str) #( #entries )* #add .finish()
                }
            }
        }
    });
    let serde_impls = struct_serde(api, def, s);
    let new_attr = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #deprecated
        #[derive( #( #derives ),* )]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
            #additional
        }

        impl #name {
            #[doc = #ctor_doc]
            #new_attr
            pub fn new( #( #args ),* ) -> Self {
                Self { #( #inits, )* #add_init }
            }
            #( #setters )*
        }

        #debug_impl
        #serde_impls
    }
}

/// The documentation of a struct's `additional_properties`.
pub(super) const EXTRA_DOC: [&str; 2] = [
    "Properties the schema does not declare, kept as sent so that",
    "values round-trip unchanged.",
];

/// The documentation of a struct's `new`.
pub(super) fn ctor_doc(all_optional: bool) -> &'static str {
    if all_optional {
        "Creates a value with every (optional) field unset."
    } else {
        "Creates a value from the required fields; optional fields start unset."
    }
}

/// The `with_*` setter of each optional field.
fn setters(api: &Api, s: &Struct, here: Scope) -> Vec<TokenStream> {
    let Prelude { option, some, .. } = Prelude::of(api);
    s.fields
        .iter()
        .filter_map(|f| Some((f, f.setter.as_deref()?)))
        .map(|(f, setter)| {
            let n = ident(&f.name);
            let setter = ident(setter);
            let inner = ty_in(api, &f.ty, here);
            let doc = format!(" Sets {}.", docs::code(&f.json_name));
            let fdep = deprecated_attr(f.deprecated);
            if f.nullable {
                quote! {
                    #[doc = #doc]
                    #[doc = ""]
                    #[doc = " `None` sends an explicit `null`."]
                    #fdep
                    #[must_use]
                    pub fn #setter(mut self, value: #option<#inner>) -> Self {
                        self.#n = #some(value);
                        self
                    }
                }
            } else {
                quote! {
                    #[doc = #doc]
                    #fdep
                    #[must_use]
                    pub fn #setter(mut self, value: #inner) -> Self {
                        self.#n = #some(value);
                        self
                    }
                }
            }
        })
        .collect()
}

/// `Serialize` and `Deserialize` through the runtime's `object` field table:
/// the wire names, one slot type per field and a non-generic `build`; the
/// runtime's one visitor and one writer do the rest, where a derive would
/// print a visitor and per-field code for every struct.
fn struct_serde(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let Prelude { result, .. } = Prelude::of(api);
    let name = ident(&def.name);
    let here = Scope::Types(types_module(def));
    let expecting = format!("a JSON object ({})", def.name);
    // `v_<field>`, snake case even for fields named `_x`, and unique.
    let locals: Vec<_> = super::types_laid::locals(s)
        .iter()
        .map(|l| format_ident!("{l}"))
        .collect();
    let json_names = s.fields.iter().map(|f| f.json_name.as_str());
    let slots = s.fields.iter().map(|f| {
        let inner = ty_in(api, &f.ty, here);
        match (f.required, f.nullable) {
            (true, false) => quote!(object::Req<#inner>),
            // A required `Option<T>` and an optional `T`: `null` is `None`.
            (true, true) | (false, false) => quote!(object::Opt<#inner>),
            // `Option<Option<T>>`: `null` is `Some(None)`.
            (false, true) => {
                let Prelude { option, .. } = Prelude::of(api);
                quote!(object::Present<#option<#inner>>)
            }
        }
    });
    let puts = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.required {
            quote!(object::Put(&self.#n))
        } else {
            quote!(object::PutSome(&self.#n))
        }
    });
    let slots = nest(slots.collect());
    let puts = nest(puts.collect());
    let pattern = nest(locals.iter().map(|l| quote!(#l)).collect());
    let inits = s.fields.iter().zip(&locals).map(|(f, local)| {
        let n = ident(&f.name);
        quote!(#n: #local,)
    });
    let (extra_ty, extra_param, extra_init, extra_ref) = match &s.additional {
        Some(t) => {
            let t = ty_in(api, t, here);
            (
                quote!(#t),
                quote!(extra),
                quote!(additional_properties: extra,),
                quote!(&self.additional_properties),
            )
        }
        None => (quote!(object::Skip), quote!(_), quote!(), quote!(&object::Skip)),
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                object::serialize(serializer, <Self as object::FromObject>::FIELDS, #puts, #extra_ref)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        impl object::FromObject for #name {
            const EXPECTING: &'static str = #expecting;
            const FIELDS: &'static [&'static str] = &[ #( #json_names ),* ];
            type Slots = #slots;
            type Extra = #extra_ty;
            fn build(#pattern: <Self::Slots as object::Slots>::Out, #extra_param: Self::Extra) -> Self {
                Self { #( #inits )* #extra_init }
            }
        }
    }
}

/// The runtime's field traits are implemented for tuples of at most this
/// many elements (as std's `Default`).
pub(super) const TUPLE: usize = 12;

/// `items` as one tuple, or as tuples of tuples when there are more than
/// [`TUPLE`]: the same nesting for a struct's slot types, its pattern and
/// its fields written.
fn nest(items: Vec<TokenStream>) -> TokenStream {
    if items.len() <= TUPLE {
        return quote!(( #( #items, )* ));
    }
    let groups = items.chunks(TUPLE).map(|c| quote!(( #( #c, )* ))).collect();
    nest(groups)
}

fn enum_def(api: &Api, e: &Enum, name: &proc_macro2::Ident, doc: TokenStream, deprecated: TokenStream) -> TokenStream {
    let Prelude { string, result, ok, .. } = Prelude::of(api);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let value_docs = e
        .variants
        .iter()
        .map(|v| format!(" {}", docs::code(&v.value.to_string())));
    match e.repr {
        EnumRepr::String => {
            let values: Vec<&str> = e
                .variants
                .iter()
                .filter_map(|v| match &v.value {
                    EnumValue::String(s) => Some(s.as_str()),
                    EnumValue::Integer(_) => None,
                })
                .collect();
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #value_docs] #variants, )*
                    /// A value this version of the API does not list, kept as sent.
                    Unknown(#string),
                }

                impl #name {
                    /// The value on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::Unknown(value) => value.as_str(),
                        }
                    }
                }

                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #( #values => Self::#variants, )*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }

                impl ::std::convert::From<#string> for #name {
                    fn from(value: #string) -> Self {
                        Self::from(value.as_str())
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                        #ok(Self::from(value.as_ref()))
                    }
                }
            }
        }
        EnumRepr::Integer => {
            let values: Vec<proc_macro2::Literal> = e
                .variants
                .iter()
                .filter_map(|v| match v.value {
                    EnumValue::Integer(n) => Some(proc_macro2::Literal::i64_unsuffixed(n)),
                    EnumValue::String(_) => None,
                })
                .collect();
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #value_docs] #variants, )*
                    /// A value this version of the API does not list, kept as sent.
                    Unknown(i64),
                }

                impl #name {
                    /// The value on the wire.
                    pub fn as_i64(&self) -> i64 {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::Unknown(value) => *value,
                        }
                    }
                }

                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#variants, )*
                            other => Self::Unknown(other),
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.as_i64(), f)
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.as_i64())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn items(n: usize) -> Vec<TokenStream> {
        (0..n).map(|i| format_ident!("f{i}").into_token_stream()).collect()
    }

    #[test]
    fn fields_nest_twelve_to_a_tuple() {
        assert_eq!(nest(items(0)).to_string(), "()");
        assert_eq!(nest(items(1)).to_string(), "(f0 ,)");
        let twelve = nest(items(12)).to_string();
        assert!(twelve.starts_with("(f0 ,") && !twelve.contains("(("), "{twelve}");
        // 13 fields: a tuple of twelve and a tuple of one.
        assert!(nest(items(13)).to_string().ends_with("(f12 ,) ,)"));
        // 150 fields: 13 groups of at most twelve, grouped again; every
        // field once, in order.
        let deep = nest(items(150)).to_string();
        assert!(deep.starts_with("(((f0 ,"), "{deep}");
        let names: Vec<&str> = deep
            .split(|c: char| !c.is_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect();
        let expected: Vec<String> = (0..150).map(|i| format!("f{i}")).collect();
        assert_eq!(names, expected);
        // No tuple has more than twelve elements: at most 12 commas at one depth.
        let mut commas = vec![0usize];
        for c in deep.chars() {
            match c {
                '(' => commas.push(0),
                ')' => assert!(commas.pop().is_some_and(|n| n <= TUPLE), "{deep}"),
                ',' => *commas.last_mut().expect("inside a tuple") += 1,
                _ => {}
            }
        }
    }
}

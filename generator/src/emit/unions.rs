//! Prints `oneOf`/`anyOf` unions: untagged (derived, or with checks of the
//! properties each alternative fixes), or internally tagged with an
//! `Unknown` fallback.

use super::{docs, ident, ty_in, Prelude, Scope};
use crate::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `Deserialize` for an untagged union some of whose alternatives fix a
/// property to one value: an alternative is tried only when the value does
/// not carry another value there.
fn checked_untagged_de(api: &Api, u: &Union, name: &Ident, variants: &[Ident], tys: &[TokenStream]) -> TokenStream {
    let Prelude { result, ok, err, .. } = Prelude::of(api);
    let tries = u.variants.iter().enumerate().map(|(i, v)| {
        let (vn, t) = (&variants[i], &tys[i]);
        let attempt = quote! {
            if let #ok(inner) = <#t as ::serde::Deserialize>::deserialize(&value) {
                return #ok(Self::#vn(inner));
            }
        };
        if v.checks.is_empty() {
            return attempt;
        }
        let conds = v
            .checks
            .iter()
            .map(|(p, val)| quote!(value.get(#p).filter(|v| **v != #val).is_none()));
        quote! {
            if #( #conds )&&* {
                #attempt
            }
        }
    });
    let message = format!("data did not match any variant of untagged enum {name}");
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #( #tries )*
                #err(<D::Error as ::serde::de::Error>::custom(#message))
            }
        }
    }
}

pub(super) fn union_def(
    api: &Api,
    u: &Union,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: TokenStream,
    here: Scope,
) -> TokenStream {
    let Prelude { some, result, ok, .. } = Prelude::of(api);
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let tys: Vec<_> = u.variants.iter().map(|v| ty_in(api, &v.ty, here)).collect();
    let vdocs = u.variants.iter().map(|v| {
        let mut l = docs::lines(&Docs {
            summary: None,
            description: v.docs.description.clone(),
            notes: Vec::new(),
        });
        if !v.tags.is_empty() {
            if !l.is_empty() {
                l.push(String::new());
            }
            l.push(format!(
                "Selected by {}.",
                v.tags.iter().map(|t| docs::code(t)).collect::<Vec<_>>().join(", ")
            ));
        }
        docs::attrs(&l)
    });
    // `From` for each variant whose type no other variant shares.
    let froms = u.variants.iter().enumerate().filter_map(|(i, v)| {
        if u.variants.iter().filter(|w| w.ty == v.ty).count() > 1 {
            return None;
        }
        let (vn, t) = (&variants[i], &tys[i]);
        Some(quote! {
            impl ::std::convert::From<#t> for #name {
                fn from(value: #t) -> Self { Self::#vn(value) }
            }
        })
    });
    match &u.tagging {
        Tagging::Untagged if u.variants.iter().all(|v| v.checks.is_empty()) => quote! {
            #doc
            #deprecated
            ///
            /// Deserialization tries the alternatives in the order listed here
            /// (most specific first) and takes the first that accepts the value.
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #vdocs #variants(#tys), )*
            }
            #( #froms )*
        },
        Tagging::Untagged => {
            let de = checked_untagged_de(api, u, name, &variants, &tys);
            quote! {
                #doc
                #deprecated
                ///
                /// Deserialization tries the alternatives in the order listed here
                /// (most specific first) and takes the first whose fixed property
                /// values match and that accepts the value.
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #( #vdocs #variants(#tys), )*
                }
                #de
                #( #froms )*
            }
        }
        Tagging::Internal { property } => {
            let arms_de = u
                .variants
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.tags.is_empty())
                .map(|(i, v)| {
                    let tags = &v.tags;
                    let (vn, t) = (&variants[i], &tys[i]);
                    quote! {
                        #( #some(#tags) )|* => <#t as ::serde::Deserialize>::deserialize(value)
                            .map(Self::#vn)
                            .map_err(<D::Error as ::serde::de::Error>::custom),
                    }
                });
            let arms_ser = u.variants.iter().enumerate().map(|(i, v)| {
                let vn = &variants[i];
                let tag = v.tags.first().cloned().unwrap_or_default();
                quote! { Self::#vn(inner) => crate::runtime::serialize_tagged(inner, #property, #tag, serializer), }
            });
            let tag_doc = format!(
                " Tagged by the {} property; a tag this version does not list is kept in `Unknown`.",
                docs::code(property)
            );
            quote! {
                #doc
                #deprecated
                ///
                #[doc = #tag_doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #( #vdocs #variants(#tys), )*
                    /// A value whose tag this version of the API does not list, kept as sent.
                    Unknown(::serde_json::Value),
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        match self {
                            #( #arms_ser )*
                            Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                        }
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                        match tag.as_deref() {
                            #( #arms_de )*
                            _ => #ok(Self::Unknown(value)),
                        }
                    }
                }
                #( #froms )*
            }
        }
    }
}

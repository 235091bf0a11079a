//! `const` schemas: a unit struct that is exactly one JSON value, which
//! it serializes to and is the only value it deserializes from.

use super::Prelude;
use crate::ir::{Api, Literal};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

pub(super) fn literal_def(
    api: &Api,
    l: &Literal,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    dep: TokenStream,
) -> TokenStream {
    let Prelude { result, ok, err, .. } = Prelude::of(api);
    let (consts, write, check) = match l {
        Literal::Null => (
            // No constant: the type itself is the value.
            TokenStream::new(),
            quote!(serializer.serialize_unit()),
            // `()` deserializes from `null` and nothing else.
            quote! {
                <() as ::serde::Deserialize>::deserialize(deserializer)?;
                #ok(Self)
            },
        ),
        Literal::Json(text) => {
            let expected = format!("the JSON value {text}");
            (
                quote! {
                    impl #name {
                        /// The one value on the wire, as JSON text.
                        pub const JSON: &'static str = #text;

                        /// The one value on the wire.
                        pub fn value() -> ::serde_json::Value {
                            ::serde_json::from_str(Self::JSON).unwrap_or(::serde_json::Value::Null)
                        }
                    }
                },
                quote!(::serde::Serialize::serialize(&Self::value(), serializer)),
                quote! {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    if value == Self::value() {
                        #ok(Self)
                    } else {
                        #err(<D::Error as ::serde::de::Error>::invalid_value(
                            ::serde::de::Unexpected::Other("another value"),
                            &#expected,
                        ))
                    }
                },
            )
        }
        scalar => scalar_parts(api, scalar, name),
    };
    quote! {
        #doc
        #dep
        ///
        /// Exactly one value: decoding anything else is an error.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct #name;

        #consts

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                #write
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #check
            }
        }
    }
}

/// The `VALUE` constant, the serializer call and the checked read of a
/// string, number or boolean.
fn scalar_parts(api: &Api, l: &Literal, name: &proc_macro2::Ident) -> (TokenStream, TokenStream, TokenStream) {
    let Prelude { ok, err, .. } = Prelude::of(api);
    let (rust_ty, value, write, read, unexpected, expected) = match l {
        Literal::String(v) => (
            quote!(&'static str),
            quote!(#v),
            quote!(serializer.serialize_str(Self::VALUE)),
            quote!(<::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
                deserializer
            )?),
            quote!(::serde::de::Unexpected::Str(&value)),
            format!("the string {}", proc_macro2::Literal::string(v)),
        ),
        Literal::Integer(v) => (
            quote!(i64),
            proc_macro2::Literal::i64_unsuffixed(*v).into_token_stream(),
            quote!(serializer.serialize_i64(Self::VALUE)),
            quote!(<i64 as ::serde::Deserialize>::deserialize(deserializer)?),
            quote!(::serde::de::Unexpected::Signed(value)),
            format!("the integer {v}"),
        ),
        Literal::Unsigned(v) => (
            quote!(u64),
            proc_macro2::Literal::u64_unsuffixed(*v).into_token_stream(),
            quote!(serializer.serialize_u64(Self::VALUE)),
            quote!(<u64 as ::serde::Deserialize>::deserialize(deserializer)?),
            quote!(::serde::de::Unexpected::Unsigned(value)),
            format!("the integer {v}"),
        ),
        Literal::Float(bits) => {
            let v = f64::from_bits(*bits);
            (
                quote!(f64),
                proc_macro2::Literal::f64_unsuffixed(v).into_token_stream(),
                quote!(serializer.serialize_f64(Self::VALUE)),
                quote!(<f64 as ::serde::Deserialize>::deserialize(deserializer)?),
                quote!(::serde::de::Unexpected::Float(value)),
                format!("the number {v}"),
            )
        }
        Literal::Bool(v) => (
            quote!(bool),
            quote!(#v),
            quote!(serializer.serialize_bool(Self::VALUE)),
            quote!(<bool as ::serde::Deserialize>::deserialize(deserializer)?),
            quote!(::serde::de::Unexpected::Bool(value)),
            format!("the boolean {v}"),
        ),
        Literal::Null | Literal::Json(_) => return (TokenStream::new(), TokenStream::new(), TokenStream::new()),
    };
    let consts = quote! {
        impl #name {
            /// The one value on the wire.
            pub const VALUE: #rust_ty = #value;
        }
    };
    let check = quote! {
        let value = #read;
        if value == Self::VALUE {
            #ok(Self)
        } else {
            #err(<D::Error as ::serde::de::Error>::invalid_value(#unexpected, &#expected))
        }
    };
    (consts, write, check)
}

//! Prints one typed setter per security scheme, on `ClientBuilder` and on
//! `Client`, and the crate docs' list of schemes. Names and the operations
//! each scheme serves come from the IR.

use super::{ident, Prelude};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Where the scheme's credential goes, for docs.
fn carried(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Bearer => "a bearer token, sent as `Authorization: Bearer <token>`".into(),
        SchemeKind::Basic => "HTTP basic credentials, sent as `Authorization: Basic <base64>`".into(),
        SchemeKind::ApiKeyHeader(h) => format!("an API key, sent in the `{h}` header"),
        SchemeKind::ApiKeyQuery(q) => format!("an API key, sent as the `{q}` query parameter"),
        SchemeKind::ApiKeyCookie(c) => format!("an API key, sent as the `{c}` cookie"),
    }
}

/// "Used by N operations: `a`, `b` and 3 more." (at most 8 named).
fn used_by(scheme: &SecurityScheme) -> String {
    const NAMED: usize = 8;
    let names: Vec<String> = scheme
        .used_by
        .iter()
        .take(NAMED)
        .map(|n| format!("[`{n}`](crate::Client::{n})"))
        .collect();
    let more = scheme.used_by.len().saturating_sub(NAMED);
    match (scheme.used_by.len(), more) {
        (0, _) => "No operation uses it.".into(),
        (1, _) => format!("Used by {}.", names[0]),
        (n, 0) => format!("Used by {n} operations: {}.", names.join(", ")),
        (n, more) => format!("Used by {n} operations: {} and {more} more.", names.join(", ")),
    }
}

/// `impl ClientBuilder` and `impl Client` with a setter per scheme.
pub fn setters(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let Prelude { string, result, .. } = Prelude::of(api);
    let mut builder = Vec::new();
    let mut client = Vec::new();
    for s in &api.security_schemes {
        let (b, c, name) = (ident(&s.builder_setter), ident(&s.client_setter), &s.name);
        let doc = format!(" Security scheme `{name}`: {}.\n\n {}", carried(&s.kind), used_by(s));
        // Basic credentials travel base64-encoded and query keys
        // percent-encoded: only the others can hold a value a header refuses.
        let checked = !matches!(s.kind, SchemeKind::Basic | SchemeKind::ApiKeyQuery(_));
        let (bdoc, cdoc) = if checked {
            (
                format!("{doc}\n\n A value a header cannot carry (CR, LF, control characters) makes `build` fail."),
                format!(
                    "{doc}\n\n Shared by all clones of this client.\n\n # Errors\n\n [`Error::InvalidHeaderValue`](crate::Error::InvalidHeaderValue) when the credential holds characters a header cannot carry; the credentials are then left as they were."
                ),
            )
        } else {
            (doc.clone(), format!("{doc}\n\n Shared by all clones of this client."))
        };
        match &s.kind {
            SchemeKind::Bearer => {
                builder.push(quote! {
                    #[doc = #bdoc]
                    pub fn #b(self, token: impl Into<#string>) -> Self { self.bearer_token(token) }
                });
                client.push(quote! {
                    #[doc = #cdoc]
                    pub fn #c(&self, token: impl Into<#string>) -> #result<(), crate::Error> {
                        self.set_bearer_token(token, None)
                    }
                });
            }
            SchemeKind::Basic => {
                builder.push(quote! {
                    #[doc = #bdoc]
                    pub fn #b(self, username: impl Into<#string>, password: impl Into<#string>) -> Self {
                        self.basic_auth(username, password)
                    }
                });
                client.push(quote! {
                    #[doc = #cdoc]
                    pub fn #c(&self, username: impl Into<#string>, password: impl Into<#string>) {
                        self.set_basic_auth(username, password)
                    }
                });
            }
            SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) | SchemeKind::ApiKeyCookie(_) => {
                builder.push(quote! {
                    #[doc = #bdoc]
                    pub fn #b(self, key: impl Into<#string>) -> Self { self.scheme_key(#name, key) }
                });
                client.push(quote! {
                    #[doc = #cdoc]
                    pub fn #c(&self, key: impl Into<#string>) -> #result<(), crate::Error> {
                        self.set_scheme_key(#name, key)
                    }
                });
            }
        }
    }
    quote! {
        /// One setter per security scheme of the API.
        impl crate::ClientBuilder { #( #builder )* }

        /// One setter per security scheme of the API.
        impl crate::Client { #( #client )* }
    }
}

/// The crate docs' `# Authentication` section.
pub fn doc_lines(api: &Api) -> Vec<String> {
    let mut lines = vec!["# Authentication".to_string(), String::new()];
    if api.security_schemes.is_empty() {
        lines.push("The API describes no security scheme.".into());
        return lines;
    }
    lines.push(
        "One setter per security scheme, on [`ClientBuilder`] and (to change it later) on [`Client`]; \
         an operation sends the credentials of the first of its schemes (or scheme sets) that has them:"
            .into(),
    );
    lines.push(String::new());
    for s in &api.security_schemes {
        lines.push(format!(
            "- [`{b}`](ClientBuilder::{b}) / [`{c}`](Client::{c}) (`{name}`): {what}. {used}",
            b = s.builder_setter,
            c = s.client_setter,
            name = s.name,
            what = carried(&s.kind),
            used = used_by(s),
        ));
    }
    lines
}

/// The builder call of the quick start that sets the first scheme's
/// credential, e.g. `.bearer_auth("your-token")`.
pub fn quick_start_call(api: &Api) -> Option<String> {
    let s = api.security_schemes.iter().find(|s| !s.used_by.is_empty())?;
    Some(match s.kind {
        SchemeKind::Basic => format!("    .{}(\"your-username\", \"your-password\")", s.builder_setter),
        SchemeKind::Bearer => format!("    .{}(\"your-token\")", s.builder_setter),
        _ => format!("    .{}(\"your-api-key\")", s.builder_setter),
    })
}

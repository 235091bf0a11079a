//! Stage 4: IR -> token streams and file texts. The emitters only print what
//! the IR decided; they make no decisions about schemas.

mod client;
pub mod docs;
mod manifest;
mod types;

use crate::config::Config;
use crate::ir::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// One output file before formatting.
pub enum Output {
    /// Rust code to format with prettyplease.
    Rust(TokenStream),
    /// Text written as it is (templates, Cargo.toml).
    Text(String),
}

/// Every file of the generated crate, keyed by path relative to its root.
pub fn emit(api: &Api, config: &Config) -> Vec<(String, Output)> {
    let mut files = vec![
        ("Cargo.toml".to_string(), Output::Text(manifest::cargo_toml(api, config))),
        ("src/lib.rs".to_string(), Output::Rust(manifest::lib_rs(api, config))),
        ("src/types.rs".to_string(), Output::Rust(types::types_file(api))),
        ("src/client.rs".to_string(), Output::Rust(client::client_file(api))),
        ("src/runtime.rs".to_string(), Output::Text(include_str!("../../templates/runtime.rs").to_string())),
        ("src/error.rs".to_string(), Output::Text(error_rs(api))),
    ];
    if api.webhook_event.is_some() {
        files.push(("src/webhooks.rs".to_string(), Output::Rust(client::webhooks_file(api, &config.crate_name.replace('-', "_")))));
    }
    files
}

fn error_rs(api: &Api) -> String {
    let body = match &api.error_body {
        Some(ty) => ty_tokens(api, ty).to_string().replace(' ', ""),
        None => "::serde_json::Value".to_string(),
    };
    format!(
        "{}\n/// The body of error answers, as the API describes it.\npub type ApiErrorBody = {body};\n",
        include_str!("../../templates/error.rs")
    )
}

/// An identifier; raw identifiers are never produced because naming has
/// already suffixed keywords.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust spelling of a type use, with absolute paths so that schema
/// types named `Option` or `String` never shadow std.
pub fn ty_tokens(api: &Api, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Named(id) => {
            let n = ident(&api.ty(*id).name);
            quote!(crate::types::#n)
        }
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Vec(t) => {
            let t = ty_tokens(api, t);
            quote!(::std::vec::Vec<#t>)
        }
        Ty::Map(t) => {
            let t = ty_tokens(api, t);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        Ty::Option(t) => {
            let t = ty_tokens(api, t);
            quote!(::std::option::Option<#t>)
        }
        Ty::Box(t) => {
            let t = ty_tokens(api, t);
            quote!(::std::boxed::Box<#t>)
        }
    }
}

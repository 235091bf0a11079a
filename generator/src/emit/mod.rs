//! Stage 4: IR -> token streams and file texts. The emitters only print what
//! the IR decided; they make no decisions about schemas.

mod auth;
mod builder;
mod client;
mod client_laid;
pub mod docs;
pub mod lay;
mod literal;
pub mod manifest;
pub mod snippet;
mod types;
mod types_laid;
mod unions;

use crate::config::Config;
use crate::ir::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Makes item `i` of a part on demand, with the snippets its placeholders
/// stand for.
pub type ItemFn<'a> = Box<dyn Fn(usize, &mut snippet::Snippets) -> Emitted + Send + Sync + 'a>;

/// What an item function makes, in order: tokens that `format` lays out
/// with prettyplease, and text an emitter laid out itself ([`lay`]).
#[derive(Default)]
pub struct Emitted(pub Vec<Chunk>);

/// A piece of an [`Emitted`] item.
pub enum Chunk {
    /// Items (or, in a [`Part::Impl`], associated items) as tokens.
    Tokens(TokenStream),
    /// Final text: whole lines, indented as they are printed.
    Laid(String),
}

impl From<TokenStream> for Emitted {
    fn from(tokens: TokenStream) -> Emitted {
        Emitted(vec![Chunk::Tokens(tokens)])
    }
}

impl Emitted {
    /// Laid text, or the tokens when the text could not be laid out.
    pub fn laid_or(laid: lay::Laid<String>, tokens: impl FnOnce() -> TokenStream) -> Emitted {
        match laid {
            Ok(text) => Emitted(vec![Chunk::Laid(text)]),
            Err(lay::Unlaid) => tokens().into(),
        }
    }
}

/// A piece of a Rust file. Large parts make their items on demand, so each
/// item is printed and formatted on its own (in parallel) and only a few
/// token streams are alive at once.
pub enum Part<'a> {
    /// Items (and inner attributes) printed as they are, kept as source
    /// text so that files can be formatted on any thread.
    Items(String),
    /// `count` items.
    Many { count: usize, item: ItemFn<'a> },
    /// `count` associated items inside one `impl #self_ty { ... }` block.
    Impl {
        self_ty: &'static str,
        count: usize,
        item: ItemFn<'a>,
    },
}

impl Part<'_> {
    /// Items printed as they are.
    pub fn items(tokens: TokenStream) -> Self {
        Part::Items(tokens.to_string())
    }
}

/// One output file before formatting.
pub enum Output<'a> {
    /// Rust code to format with prettyplease, part by part.
    Rust(Vec<Part<'a>>),
    /// Text written as it is (templates, Cargo.toml).
    Text(String),
}

/// The hand-written runtime of every generated crate, one module per job
/// (see `templates/runtime/mod.rs`), copied as it is.
const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../../templates/runtime/mod.rs")),
    ("src/runtime/auth.rs", include_str!("../../templates/runtime/auth.rs")),
    (
        "src/runtime/events.rs",
        include_str!("../../templates/runtime/events.rs"),
    ),
    (
        "src/runtime/base64.rs",
        include_str!("../../templates/runtime/base64.rs"),
    ),
    (
        "src/runtime/client.rs",
        include_str!("../../templates/runtime/client.rs"),
    ),
    (
        "src/runtime/object.rs",
        include_str!("../../templates/runtime/object.rs"),
    ),
    (
        "src/runtime/request.rs",
        include_str!("../../templates/runtime/request.rs"),
    ),
    (
        "src/runtime/response.rs",
        include_str!("../../templates/runtime/response.rs"),
    ),
    (
        "src/runtime/raw_json.rs",
        include_str!("../../templates/runtime/raw_json.rs"),
    ),
    (
        "src/runtime/raw_map.rs",
        include_str!("../../templates/runtime/raw_map.rs"),
    ),
    ("src/runtime/retry.rs", include_str!("../../templates/runtime/retry.rs")),
    (
        "src/runtime/upload.rs",
        include_str!("../../templates/runtime/upload.rs"),
    ),
];

/// Every file of the generated crate, keyed by path relative to its root.
pub fn emit<'a>(api: &'a Api, config: &Config) -> Vec<(String, Output<'a>)> {
    let mut files = vec![
        (
            "Cargo.toml".to_string(),
            Output::Text(manifest::cargo_toml(api, config)),
        ),
        (
            "src/lib.rs".to_string(),
            Output::Rust(vec![Part::items(manifest::lib_rs(api, config))]),
        ),
        ("src/error.rs".to_string(), Output::Text(error_rs(api, config))),
    ];
    files.extend(
        RUNTIME
            .iter()
            .map(|(path, text)| (path.to_string(), Output::Text(text.to_string()))),
    );
    files.extend(types::types_files(api));
    files.extend(client::client_files(api));
    if !api.formats.is_empty() {
        files.push((
            "src/formats.rs".to_string(),
            Output::Text(include_str!("../../templates/formats.rs").to_string()),
        ));
    }
    if api.webhook_event.is_some() {
        let krate = config.crate_name.replace('-', "_");
        files.push((
            "src/webhooks.rs".to_string(),
            Output::Rust(vec![Part::items(client::webhooks_file(api, &krate))]),
        ));
    }
    files
}

fn error_rs(api: &Api, config: &Config) -> String {
    let body = match &api.error_body {
        Some(ty) => ty_text(api, ty),
        None => "::serde_json::Value".to_string(),
    };
    let example: String = manifest::error_match_example(&config.crate_name.replace('-', "_"))
        .iter()
        .map(|l| format!("/// {l}\n"))
        .collect();
    // The template is hand-written text, never formatted: the generated
    // example goes in at its marker line.
    let (before, after) = ERROR_TEMPLATE
        .split_once(EXAMPLE_MARKER)
        .unwrap_or((ERROR_TEMPLATE, ""));
    format!("{before}{example}{after}\n/// The body of error answers, as the API describes it.\npub type ApiErrorBody = {body};\n")
}

/// `templates/error.rs`, with [`EXAMPLE_MARKER`] once where the generated
/// `match` example goes (a test checks it is there).
const ERROR_TEMPLATE: &str = include_str!("../../templates/error.rs");
const EXAMPLE_MARKER: &str = "/// @example\n";

/// [`ty_tokens`] as compact text (no spaces, `BTreeMap<String,T>`), for
/// types printed into text that is not formatted (`error.rs`). A test
/// checks it against the tokens for every kind of type.
pub fn ty_text(api: &Api, ty: &Ty) -> String {
    let mut out = String::new();
    write_ty(api, ty, &mut out);
    out
}

fn write_ty(api: &Api, ty: &Ty, out: &mut String) {
    let p = Prelude::of(api);
    let wrapped = |out: &mut String, outer: &str, t: &Ty| {
        out.push_str(outer);
        out.push('<');
        write_ty(api, t, out);
        out.push('>');
    };
    match ty {
        Ty::Named(id) => {
            out.push_str("crate::types::");
            out.push_str(&api.ty(*id).name);
        }
        Ty::String => out.push_str(&p.string.to_string()),
        Ty::Bool => out.push_str("bool"),
        Ty::I32 => out.push_str("i32"),
        Ty::I64 => out.push_str("i64"),
        Ty::F32 => out.push_str("f32"),
        Ty::F64 => out.push_str("f64"),
        Ty::Json => out.push_str("::serde_json::Value"),
        Ty::Format(f) => {
            out.push_str("crate::formats::");
            out.push_str(f.type_name());
        }
        Ty::Bytes => out.push_str("crate::runtime::Base64Bytes"),
        Ty::RawJsonMap => out.push_str("crate::runtime::RawJsonMap"),
        Ty::Vec(t) => wrapped(out, &p.vec.to_string(), t),
        Ty::Map(t) => {
            out.push_str("::std::collections::BTreeMap<");
            out.push_str(&p.string.to_string());
            out.push(',');
            write_ty(api, t, out);
            out.push('>');
        }
        Ty::Option(t) => wrapped(out, &p.option.to_string(), t),
        Ty::Box(t) => wrapped(out, &p.boxed.to_string(), t),
        Ty::Tuple(ts) => {
            out.push('(');
            for (i, t) in ts.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_ty(api, t, out);
            }
            out.push(')');
        }
    }
}

/// How the emitters spell the std items they use: the prelude names
/// (`Option`, `String`, ...), or full paths (`::std::option::Option`) when
/// a type the crate defines has one of those names and would shadow it.
#[derive(Clone, Copy)]
pub struct Prelude {
    pub option: StdName,
    pub some: StdName,
    pub none: StdName,
    pub string: StdName,
    pub vec: StdName,
    pub boxed: StdName,
    pub result: StdName,
    pub ok: StdName,
    pub err: StdName,
}

/// One std item as [`Prelude`] spells it; interpolates into `quote!`.
#[derive(Clone, Copy)]
pub struct StdName {
    /// The module path under `std` and the item's name.
    path: [&'static str; 2],
    /// The variant, for `Some`, `None`, `Ok` and `Err`.
    variant: Option<&'static str>,
    full: bool,
}

impl quote::ToTokens for StdName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let [module, item] = self.path;
        if !self.full {
            tokens.extend(std::iter::once(proc_macro2::TokenTree::Ident(ident(
                self.variant.unwrap_or(item),
            ))));
            return;
        }
        let (module, item) = (ident(module), ident(item));
        tokens.extend(quote!(::std::#module::#item));
        if let Some(v) = self.variant {
            let v = ident(v);
            tokens.extend(quote!(::#v));
        }
    }
}

impl std::fmt::Display for StdName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [module, item] = self.path;
        match (self.full, self.variant) {
            (false, v) => f.write_str(v.unwrap_or(item)),
            (true, None) => write!(f, "::std::{module}::{item}"),
            (true, Some(v)) => write!(f, "::std::{module}::{item}::{v}"),
        }
    }
}

impl Prelude {
    pub fn of(api: &Api) -> Prelude {
        let full = api.prelude_shadowed;
        let name = |module, item, variant| StdName {
            path: [module, item],
            variant,
            full,
        };
        Prelude {
            option: name("option", "Option", None),
            some: name("option", "Option", Some("Some")),
            none: name("option", "Option", Some("None")),
            string: name("string", "String", None),
            vec: name("vec", "Vec", None),
            boxed: name("boxed", "Box", None),
            result: name("result", "Result", None),
            ok: name("result", "Result", Some("Ok")),
            err: name("result", "Result", Some("Err")),
        }
    }
}

/// An identifier; raw identifiers are never produced because naming has
/// already suffixed keywords.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust spelling of a type use outside the types modules: schema types
/// by their full path (`crate::types::X`), std types as [`Prelude`] spells
/// them.
pub fn ty_tokens(api: &Api, ty: &Ty) -> TokenStream {
    ty_in(api, ty, Scope::Crate)
}

/// Where a type use is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere but the types modules: schema types by their full path.
    Crate,
    /// Inside a types module (`None`: `types.rs`, `Some(f)`: the module of
    /// feature `f`, see [`types_module`]): the types printed in that same
    /// module are written by their name, the others by their full path.
    Types(Option<usize>),
}

/// The types module a type is printed in: that of its one feature, else
/// `types.rs` itself.
pub fn types_module(def: &TypeDef) -> Option<usize> {
    (def.features.len() == 1).then(|| def.features[0])
}

/// Names the types modules' own code gives to something else (generic
/// parameters of the serde impls): a type so named is always written by
/// its full path there.
const SHADOWED_IN_TYPES: &[&str] = &["A", "D", "S"];

/// [`ty_tokens`] as printed in `scope`.
pub fn ty_in(api: &Api, ty: &Ty, scope: Scope) -> TokenStream {
    let Prelude {
        option,
        string,
        vec,
        boxed,
        ..
    } = Prelude::of(api);
    match ty {
        Ty::Named(id) => {
            let def = api.ty(*id);
            let n = ident(&def.name);
            if scope == Scope::Types(types_module(def)) && !SHADOWED_IN_TYPES.contains(&def.name.as_str()) {
                quote!(#n)
            } else {
                quote!(crate::types::#n)
            }
        }
        Ty::String => quote!(#string),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Format(f) => {
            let n = ident(f.type_name());
            quote!(crate::formats::#n)
        }
        Ty::Bytes => quote!(crate::runtime::Base64Bytes),
        Ty::RawJsonMap => quote!(crate::runtime::RawJsonMap),
        Ty::Vec(t) => {
            let t = ty_in(api, t, scope);
            quote!(#vec<#t>)
        }
        Ty::Map(t) => {
            let t = ty_in(api, t, scope);
            quote!(::std::collections::BTreeMap<#string, #t>)
        }
        Ty::Option(t) => {
            let t = ty_in(api, t, scope);
            quote!(#option<#t>)
        }
        Ty::Box(t) => {
            let t = ty_in(api, t, scope);
            quote!(#boxed<#t>)
        }
        Ty::Tuple(ts) => {
            let ts = ts.iter().map(|t| ty_in(api, t, scope));
            quote!((#(#ts),*))
        }
    }
}

/// `#[cfg(...)]` for code needed by any of `features` (nothing when empty).
pub fn cfg_any(api: &Api, features: &[usize]) -> TokenStream {
    let names: Vec<&str> = features.iter().map(|&f| api.features[f].name.as_str()).collect();
    match names.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any( #( feature = #many ),* ))]),
    }
}

/// Puts `cfg` on every item of `tokens` (items the emitters print: an
/// item ends with a `;` or with a brace-delimited body not followed by
/// `;`), before the item's attributes.
pub fn gate(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if cfg.is_empty() {
        return tokens;
    }
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if at_start {
            out.extend(cfg.clone());
        }
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend(std::iter::once(token));
        at_start = ends;
    }
    out
}

/// Puts `cfg` on an associated function.
pub fn gate_fn(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        tokens
    } else {
        quote!(#cfg #tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_puts_the_cfg_before_every_item() {
        let cfg = quote!(#[cfg(feature = "x")]);
        let items = quote! {
            /// Docs.
            #[derive(Debug)]
            pub struct A { pub b: u8 }
            impl A { fn f() -> Self { Self { b: 1 } } }
            pub struct T(pub u8);
            pub type C = A;
            const D: A = A { b: 2 };
            pub enum E { One }
        };
        let gated = gate(items, &cfg).to_string();
        let cfg = cfg.to_string();
        assert_eq!(gated.matches(&cfg).count(), 6, "{gated}");
        let file: syn::File = syn::parse_str(&gated).expect("still parses");
        for item in &file.items {
            let first = item_attrs(item).first().map(|a| quote!(#a).to_string());
            assert_eq!(first.as_deref(), Some(cfg.as_str()), "{}", quote!(#item));
        }
    }

    fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
        match item {
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Type(i) => &i.attrs,
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            _ => &[],
        }
    }

    #[test]
    fn types_print_the_same_as_text_and_as_tokens() {
        for shadowed in [false, true] {
            let mut api = Api {
                prelude_shadowed: shadowed,
                ..Api::default()
            };
            api.types.push(TypeDef {
                name: "Pet".into(),
                schema_name: None,
                pointer: String::new(),
                docs: Docs::default(),
                deprecated: false,
                kind: TypeKind::Alias(Ty::Json),
                same_as: None,
                usage: Usage::default(),
                features: Vec::new(),
            });
            let named = Ty::Named(TypeId(0));
            let all = Ty::Tuple(vec![
                Ty::Vec(Box::new(Ty::Map(Box::new(Ty::Option(Box::new(Ty::Box(Box::new(
                    named.clone(),
                )))))))),
                Ty::String,
                Ty::Bool,
                Ty::I32,
                Ty::I64,
                Ty::F32,
                Ty::F64,
                Ty::Json,
                Ty::Format(Format::Date),
                Ty::Bytes,
                Ty::RawJsonMap,
            ]);
            for ty in [named, all] {
                assert_eq!(ty_text(&api, &ty), ty_tokens(&api, &ty).to_string().replace(' ', ""));
            }
        }
    }

    #[test]
    fn the_error_template_has_its_example_marker_once() {
        assert_eq!(ERROR_TEMPLATE.matches(EXAMPLE_MARKER).count(), 1);
        let text = error_rs(&Api::default(), &Config::new("my-api"));
        assert!(!text.contains("@example"), "{text}");
        assert!(
            text.contains("/// fn explain(err: &my_api::Error) -> String {\n"),
            "{text}"
        );
    }

    #[test]
    fn prelude_names_print_the_same_as_text_and_as_tokens() {
        for shadowed in [false, true] {
            let api = Api {
                prelude_shadowed: shadowed,
                ..Api::default()
            };
            let p = Prelude::of(&api);
            for name in [
                p.option, p.some, p.none, p.string, p.vec, p.boxed, p.result, p.ok, p.err,
            ] {
                assert_eq!(quote!(#name).to_string().replace(' ', ""), name.to_string());
            }
            assert_eq!(
                p.none.to_string(),
                if shadowed {
                    "::std::option::Option::None"
                } else {
                    "None"
                }
            );
        }
    }
}

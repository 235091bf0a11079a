//! Prints `src/client.rs` (one async method per operation, the per-operation
//! response and media-type enums, the security table) and `src/webhooks.rs`.

use super::lay;
use super::snippet::Snippets;
use super::{docs, ident, ty_tokens, Prelude};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/client.rs`, plus `src/client/<module>.rs` per cargo feature when
/// the API is split by tag.
pub fn client_files(api: &Api) -> Vec<(String, super::Output<'_>)> {
    let Prelude { none, option, some, .. } = Prelude::of(api);
    let schemes = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        let kind = match &s.kind {
            SchemeKind::Bearer => quote!(crate::runtime::Scheme::Bearer),
            SchemeKind::Basic => quote!(crate::runtime::Scheme::Basic),
            SchemeKind::ApiKeyHeader(h) => quote!(crate::runtime::Scheme::ApiKeyHeader(#h)),
            SchemeKind::ApiKeyQuery(q) => quote!(crate::runtime::Scheme::ApiKeyQuery(#q)),
            SchemeKind::ApiKeyCookie(c) => quote!(crate::runtime::Scheme::ApiKeyCookie(#c)),
        };
        quote!((#name, #kind))
    });
    let base = match api
        .default_server
        .as_deref()
        .filter(|u| u.starts_with("http") && !u.contains('{'))
    {
        Some(url) => quote!(#some(#url)),
        None => quote!(#none),
    };
    let setters = super::auth::setters(api);
    let head = quote! {
        //! One method per operation of the API, on [`Client`](crate::Client).
        #![allow(deprecated)]
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

        /// The first server the API description names.
        pub(crate) const DEFAULT_BASE_URL: #option<&str> = #base;

        /// Security schemes by name.
        pub(crate) const SECURITY_SCHEMES: &[(&str, crate::runtime::Scheme)] = &[ #( #schemes ),* ];

        #setters
    };
    let allows = quote! {
        #![allow(deprecated)]
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
    };
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for (fi, feature) in api.features.iter().enumerate() {
        let ops: Vec<usize> = (0..api.operations.len())
            .filter(|&i| api.operations[i].feature == Some(fi))
            .collect();
        if ops.is_empty() {
            continue;
        }
        let (name, module) = (&feature.name, super::ident(&feature.module));
        // Re-export the module's enums, when it has any.
        let has_items = ops.iter().any(|&i| !api.operations[i].item_names().is_empty());
        let reexport = has_items.then(|| quote!(#[cfg(feature = #name)] pub use #module::*;));
        modules.push(quote! {
            #[cfg(feature = #name)]
            mod #module;
            #reexport
        });
        let doc = format!(
            " Operations tagged `{}` (feature `{name}`).",
            feature.tag.replace('`', "'")
        );
        let head = quote! { #![doc = #doc] #allows };
        let ops_for_types = ops.clone();
        files.push((
            format!("src/client/{}.rs", feature.module),
            super::Output::Rust(vec![
                super::Part::items(head),
                super::Part::Many {
                    count: ops_for_types.len(),
                    item: Box::new(move |i, snippets| op_types(api, &api.operations[ops_for_types[i]], snippets)),
                },
                super::Part::Impl {
                    self_ty: "crate::Client",
                    count: ops.len(),
                    item: Box::new(move |i, snippets| method(api, &api.operations[ops[i]], snippets)),
                },
            ]),
        ));
    }
    let untagged: Vec<usize> = (0..api.operations.len())
        .filter(|&i| api.operations[i].feature.is_none())
        .collect();
    let untagged_types = untagged.clone();
    let login = usize::from(api.login.is_some());
    let main = vec![
        super::Part::items(quote! { #head #( #modules )* }),
        super::Part::Many {
            count: untagged_types.len(),
            item: Box::new(move |i, snippets| op_types(api, &api.operations[untagged_types[i]], snippets)),
        },
        super::Part::Impl {
            self_ty: "crate::Client",
            count: login + untagged.len(),
            item: Box::new(move |i, snippets| match (&api.login, i.checked_sub(login)) {
                (Some(l), None) => {
                    let feature: Vec<usize> = api.operations[l.operation].feature.into_iter().collect();
                    super::gate_fn(login_method(api, l), &super::cfg_any(api, &feature)).into()
                }
                (_, Some(j)) => method(api, &api.operations[untagged[j]], snippets),
                (None, None) => super::Emitted::default(),
            }),
        },
    ];
    files.insert(0, ("src/client.rs".to_string(), super::Output::Rust(main)));
    files
}

/// Response enums and media-type enums that belong to one operation.
fn op_types(api: &Api, op: &Operation, snippets: &mut Snippets) -> super::Emitted {
    let mut emitted = match &op.builder {
        Some(builder) => super::builder::builder_emitted(api, op, builder, snippets),
        None => super::Emitted::default(),
    };
    if let ResponseShape::Many { .. } = &op.response {
        emitted.0.push(match super::client_laid::response_enum_laid(api, op) {
            Ok(text) => super::Chunk::Laid(text),
            Err(lay::Unlaid) => super::Chunk::Tokens(response_enum(api, op)),
        });
    }
    let media = media_enum(api, op);
    if !media.is_empty() {
        emitted.0.push(super::Chunk::Tokens(media));
    }
    emitted
}

/// The documentation lines of an answer's variant.
pub(super) fn case_doc_lines(c: &SuccessCase) -> Vec<String> {
    let mut lines = docs::lines(&c.docs);
    let status = c.status.map(|s| s.to_string()).unwrap_or_else(|| "2XX".into());
    let media = c.media_type.as_deref().map(|m| format!(" (`{m}`)")).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Status {status}{media}."));
    lines
}

/// The documentation of an operation's response enum.
pub(super) fn response_enum_doc(op: &Operation) -> String {
    format!(
        "What [`Client::{0}`](crate::Client::{0}) returns, by status and media type.",
        op.fn_name
    )
}

/// Whether the answers include one that can be neither cloned nor compared
/// (a `Download` or an event stream).
pub(super) fn streams_answer(cases: &[SuccessCase]) -> bool {
    cases
        .iter()
        .any(|c| matches!(c.body, ResponseBody::Binary { .. } | ResponseBody::Events(_)))
}

/// The response enum of an operation with several kinds of answer.
fn response_enum(api: &Api, op: &Operation) -> TokenStream {
    let Prelude { string, .. } = Prelude::of(api);
    let mut out = TokenStream::new();
    if let ResponseShape::Many { enum_name, cases, .. } = &op.response {
        let name = ident(enum_name);
        let variants = cases.iter().map(|c| {
            let v = ident(&c.name);
            let d = docs::attrs(&case_doc_lines(c));
            match &c.body {
                ResponseBody::Empty => quote!(#d #v,),
                ResponseBody::Json(t) => {
                    let t = ty_tokens(api, t);
                    quote!(#d #v(#t),)
                }
                ResponseBody::Text => quote!(#d #v(#string),),
                ResponseBody::Binary { .. } => quote!(#d #v(crate::runtime::Download),),
                ResponseBody::Events(data) => {
                    let t = events_ty(api, data);
                    quote!(#d #v(#t),)
                }
            }
        });
        let doc = format!(" {}", response_enum_doc(op));
        let derives = if streams_answer(cases) {
            quote!(#[derive(Debug)])
        } else {
            quote!(#[derive(Debug, Clone, PartialEq)])
        };
        out.extend(quote! {
            #[doc = #doc]
            #derives
            #[non_exhaustive]
            pub enum #name { #( #variants )* }
        });
    }
    out
}

/// The media-type enum of an operation uploading one of several types.
fn media_enum(api: &Api, op: &Operation) -> TokenStream {
    let Prelude { string, .. } = Prelude::of(api);
    let mut out = TokenStream::new();
    if let Some(RequestBody {
        kind: BodyKind::Binary { media },
        ..
    }) = &op.body
    {
        if media.types.len() > 1 {
            let name = ident(&media.enum_name);
            let variants: Vec<_> = media.types.iter().map(|(v, _)| ident(v)).collect();
            let values: Vec<&str> = media.types.iter().map(|(_, m)| m.as_str()).collect();
            let vdocs = values.iter().map(|m| format!(" {}", docs::code(m)));
            let doc = format!(
                " The media types [`Client::{}`](crate::Client::{}) can upload.",
                op.fn_name, op.fn_name
            );
            out.extend(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #vdocs] #variants, )*
                    /// Any other media type, sent as given.
                    Other(#string),
                }

                impl #name {
                    /// The `Content-Type` header value.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::Other(value) => value.as_str(),
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            });
        }
    }
    out
}

/// The type of a parameter in a method signature; references carry `lt`
/// (empty, or `'a` in a request builder).
pub(super) fn param_ty(api: &Api, ty: &Ty, required: bool, lt: &TokenStream) -> TokenStream {
    let Prelude { option, .. } = Prelude::of(api);
    let base = match ty {
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => ty_tokens(api, ty),
        Ty::String => quote!(& #lt str),
        other => {
            let t = ty_tokens(api, other);
            quote!(& #lt #t)
        }
    };
    if required {
        base
    } else {
        quote!(#option<#base>)
    }
}

/// The `crate::runtime::Style` variant of a parameter style.
fn style_name(s: ParamStyle) -> &'static str {
    match s {
        ParamStyle::Form => "Form",
        ParamStyle::Simple => "Simple",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

/// The success type a method returns.
pub fn return_ty(api: &Api, op: &Operation) -> TokenStream {
    let Prelude { string, .. } = Prelude::of(api);
    match &op.response {
        ResponseShape::Single(c) => match &c.body {
            ResponseBody::Empty => quote!(()),
            ResponseBody::Json(t) => ty_tokens(api, t),
            ResponseBody::Text => quote!(#string),
            ResponseBody::Binary { .. } => quote!(crate::runtime::Download),
            ResponseBody::Events(data) => events_ty(api, data),
        },
        ResponseShape::Many { enum_name, .. } => {
            let n = ident(enum_name);
            quote!(crate::client::#n)
        }
    }
}

pub(super) fn decode(case: &SuccessCase) -> TokenStream {
    match &case.body {
        ResponseBody::Empty => quote!(response.empty()),
        ResponseBody::Json(_) => quote!(response.json()),
        ResponseBody::Text => {
            let m = case.media_type.as_deref().unwrap_or_default();
            quote!(response.text(#m))
        }
        ResponseBody::Binary { media_types } => quote!(response.binary(&[ #( #media_types ),* ])),
        ResponseBody::Events(EventData::Json(_)) => quote!(response.events_json()),
        ResponseBody::Events(EventData::Text) => quote!(response.events_text()),
    }
}

/// The stream of server-sent events an operation returns.
pub(super) fn events_ty(api: &Api, data: &EventData) -> TokenStream {
    let t = match data {
        EventData::Json(t) => ty_tokens(api, t),
        EventData::Text => {
            let Prelude { string, .. } = Prelude::of(api);
            quote!(#string)
        }
    };
    quote!(crate::runtime::EventStream<#t>)
}

/// The test of the answer's media type that picks a case.
fn media_guard(check: &MediaCheck) -> TokenStream {
    match check {
        MediaCheck::Any => quote!(true),
        MediaCheck::Json => quote!(response.is_json()),
        MediaCheck::Exactly(media) => quote!(response.media_is(&[ #( #media ),* ])),
    }
}

/// An operation's method documentation as attributes.
pub(super) fn method_docs(op: &Operation) -> TokenStream {
    docs::attrs(&docs::method_doc_lines(op))
}

fn method(api: &Api, op: &Operation, snippets: &mut Snippets) -> super::Emitted {
    if let Some(builder) = &op.builder {
        return super::builder::constructor_emitted(api, op, builder);
    }
    let mark = snippets.mark();
    let laid = super::client_laid::method_laid(api, op, snippets);
    if laid.is_err() {
        snippets.reset(mark);
    }
    super::Emitted::laid_or(laid, || method_tokens(api, op, snippets))
}

fn method_tokens(api: &Api, op: &Operation, snippets: &mut Snippets) -> TokenStream {
    let Prelude { result, .. } = Prelude::of(api);
    let fn_name = ident(&op.fn_name);
    let doc = method_docs(op);
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { quote!() };
    let (mut args, param_steps) = param_steps(api, op, &TokenStream::new());
    let mut steps = Vec::new();
    if !param_steps.is_empty() {
        steps.push(snippets.stmts(param_steps.into_iter().map(|s| (true, s))));
    }
    if let Some(b) = &op.body {
        body_steps(api, b, &TokenStream::new(), &mut args, &mut steps);
    }
    let ret = return_ty(api, op);
    let (answer, finish) = answer_match(api, op);
    let finish = snippets.stmt(finish.to_string());
    let op_static = op_static(op);
    let binding = if steps.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    quote! {
        #doc
        #deprecated
        pub async fn #fn_name(&self, #( #args ),*) -> #result<#ret, crate::Error> {
            #answer
            #op_static
            #binding = self.request(&OP);
            #( #steps )*
            let response = self.execute(request).await?;
            #finish
        }
    }
}

/// One input of an operation: an argument of its method, or a field of
/// its request builder.
pub(super) struct Arg {
    pub name: proc_macro2::Ident,
    /// As the method takes it (`Option<..>` when optional).
    pub ty: TokenStream,
    /// For an optional input counted by `Operation::optional_inputs`: the
    /// type its builder setter takes.
    pub setter: Option<TokenStream>,
}

impl quote::ToTokens for Arg {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let (n, t) = (&self.name, &self.ty);
        tokens.extend(quote!(#n: #t));
    }
}

/// The operation's static description for the runtime.
pub(super) fn op_static(op: &Operation) -> TokenStream {
    let (id, m, path, accept) = (&op.operation_id, op.method.as_str(), &op.path, &op.accept);
    let security = op.security.iter().map(|set| quote!(&[ #( #set ),* ]));
    let stream = op.streams_body();
    quote! {
        static OP: crate::runtime::Op = crate::runtime::Op {
            id: #id,
            method: #m,
            path: #path,
            accept: #accept,
            security: &[ #( #security ),* ],
            stream: #stream,
        };
    }
}

/// The parameters' arguments and the statements that add them to the request.
pub(super) fn param_steps(api: &Api, op: &Operation, lt: &TokenStream) -> (Vec<Arg>, Vec<String>) {
    let mut args = Vec::new();
    let mut steps = Vec::new();
    for p in &op.params {
        let n = ident(&p.rust_name);
        let t = param_ty(api, &p.ty, p.required, lt);
        let setter = (!p.required).then(|| param_ty(api, &p.ty, true, lt));
        args.push(Arg {
            name: n.clone(),
            ty: t,
            setter,
        });
        let name = proc_macro2::Literal::string(&p.name);
        steps.push(match p.location {
            ParamLocation::Path => format!("request.path_param({name}, &{n});"),
            // The default style (form, exploded) has a shorthand.
            ParamLocation::Query if p.style == ParamStyle::Form && p.explode => format!("request.query({name}, &{n});"),
            ParamLocation::Query => {
                let style = style_name(p.style);
                format!(
                    "request.query_param({name}, &{n}, crate::runtime::Style::{style}, {});",
                    p.explode
                )
            }
            ParamLocation::Header => format!("request.header_param({name}, &{n});"),
            ParamLocation::Cookie => format!("request.cookie_param({name}, &{n});"),
        });
    }
    (args, steps)
}

/// The request body's arguments and the statements that add it.
pub(super) fn body_steps(
    api: &Api,
    b: &RequestBody,
    lt: &TokenStream,
    args: &mut Vec<Arg>,
    steps: &mut Vec<TokenStream>,
) {
    let Prelude { option, some, vec, .. } = Prelude::of(api);
    let opt = |t: TokenStream| if b.required { t } else { quote!(#option<#t>) };
    // `call` adds `body`; optional bodies add it only when given.
    let mut push = |arg: TokenStream, call: TokenStream| {
        let setter = (!b.required).then(|| arg.clone());
        args.push(Arg {
            name: format_ident!("body"),
            ty: opt(arg),
            setter,
        });
        steps.push(if b.required {
            quote!(#call;)
        } else {
            quote!(if let #some(body) = body { #call; })
        });
    };
    match &b.kind {
        BodyKind::Json { media_type, ty } => {
            let t = ty_tokens(api, ty);
            push(quote!(& #lt #t), quote!(request.json_body(#media_type, body)));
        }
        BodyKind::Form { ty } => {
            let t = ty_tokens(api, ty);
            push(quote!(& #lt #t), quote!(request.form_body(body)));
        }
        BodyKind::Text { media_type } => {
            push(
                quote!(& #lt str),
                quote!(request.raw_body(#media_type, body.as_bytes().to_vec())),
            );
        }
        BodyKind::Binary { media } => {
            let (ct, content_type_arg) = if media.types.len() > 1 {
                let e = ident(&media.enum_name);
                let arg = Arg {
                    name: format_ident!("content_type"),
                    ty: quote!(crate::client::#e),
                    setter: None,
                };
                (quote!(content_type.as_str()), Some(arg))
            } else {
                let m = media
                    .types
                    .first()
                    .map(|(_, m)| m.as_str())
                    .unwrap_or("application/octet-stream");
                (quote!(#m), None)
            };
            // Bytes, a file or a stream; a method's required body takes
            // anything that converts (`Vec<u8>` included).
            let upload = if b.required && lt.is_empty() {
                quote!(impl Into<crate::runtime::Upload>)
            } else {
                quote!(crate::runtime::Upload)
            };
            push(upload, quote!(request.raw_body(#ct, body)));
            args.extend(content_type_arg);
        }
        BodyKind::Multipart { parts } => {
            for part in parts {
                let n = format_ident!("{}", part.rust_name);
                let name = &part.name;
                let required = part.required && b.required;
                let (arg_ty, step) = match &part.kind {
                    PartKind::File if required => (
                        quote!(crate::runtime::FilePart),
                        quote!(request.multipart_file(#name, #some(#n));),
                    ),
                    PartKind::File => (
                        quote!(#option<crate::runtime::FilePart>),
                        quote!(request.multipart_file(#name, #n);),
                    ),
                    PartKind::Files => (
                        quote!(#vec<crate::runtime::FilePart>),
                        quote!(for file in #n { request.multipart_file(#name, #some(file)); }),
                    ),
                    PartKind::Value(ty) => (
                        param_ty(api, ty, required, lt),
                        quote!(request.multipart_value(#name, &#n);),
                    ),
                    PartKind::Json(ty) => {
                        let t = ty_tokens(api, ty);
                        let arg = if required {
                            quote!(& #lt #t)
                        } else {
                            quote!(#option<& #lt #t>)
                        };
                        (arg, quote!(request.multipart_json(#name, &#n);))
                    }
                };
                args.push(Arg {
                    name: n,
                    ty: arg_ty,
                    setter: None,
                });
                steps.push(step);
            }
        }
    }
}

/// How the answer becomes the method's value: one decode, or a `match` on
/// the status (and media type) in the order the IR gives. The answer enum
/// goes by a local name (`Answer`), so that operations answering alike read
/// alike (and their `match` is formatted once).
pub(super) fn answer_match(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let Prelude { err, .. } = Prelude::of(api);
    let (enum_name, cases, arms) = match &op.response {
        ResponseShape::Single(c) => return (quote!(), decode(c)),
        ResponseShape::Many { enum_name, cases, arms } => (enum_name, cases, arms),
    };
    let e = ident(enum_name);
    let mut out = Vec::new();
    for arm in arms {
        let pat = match arm.status {
            Some(s) => {
                let lit = proc_macro2::Literal::u16_unsuffixed(s);
                quote!(#lit)
            }
            None => quote!(200..=299),
        };
        for (i, check) in &arm.cases {
            let c = &cases[*i];
            let v = ident(&c.name);
            let body = decode(c);
            let wrap = match &c.body {
                ResponseBody::Empty => quote!(#body.map(|()| Answer::#v)),
                _ => quote!(#body.map(Answer::#v)),
            };
            if *check == MediaCheck::Any {
                out.push(quote!(#pat => #wrap,));
            } else {
                let guard = media_guard(check);
                out.push(quote!(#pat if #guard => #wrap,));
            }
        }
        if let Some(expected) = &arm.expected {
            out.push(quote!(#pat => #err(response.unexpected_content_type(#expected)),));
        }
    }
    let finish = quote! {
        match response.status() {
            #( #out )*
            _ => #err(response.unexpected_status()),
        }
    };
    (quote!(use crate::client::#e as Answer;), finish)
}

fn login_method(api: &Api, login: &Login) -> TokenStream {
    let Prelude {
        err,
        none,
        ok,
        option,
        result,
        some,
        string,
        ..
    } = Prelude::of(api);
    let op = &api.operations[login.operation];
    let call = ident(&op.fn_name);
    let args = op.body.iter().map(|_| quote!(#none));
    let access = |steps: &[Step]| {
        let mut expr = quote!(#some(&response));
        for s in steps {
            expr = match s {
                Step::Field { name, optional: true } => {
                    let n = ident(name);
                    quote!(#expr.and_then(|v| v.#n.as_ref()))
                }
                Step::Field { name, optional: false } => {
                    let n = ident(name);
                    quote!(#expr.map(|v| &v.#n))
                }
                Step::First => quote!(#expr.and_then(|v| v.first())),
                Step::Deref => quote!(#expr.map(|v| &**v)),
            };
        }
        quote!(#expr.cloned())
    };
    let token = access(&login.token);
    let expires = match &login.expires {
        Some(e) => access(e),
        None => quote!(#none),
    };
    let ret = return_ty(api, op);
    let doc = format!(
        " Logs in with HTTP basic credentials through [`{0}`](Self::{0}) and keeps the returned token\n as the bearer token of this client and all its clones.\n\n # Errors\n\n Those of [`{0}`](Self::{0}); [`Error::Decode`](crate::Error::Decode) when the answer carries no token.",
        op.fn_name
    );
    let opid = &op.operation_id;
    let status = proc_macro2::Literal::u16_unsuffixed(login.status);
    quote! {
        #[doc = #doc]
        pub async fn login(&self, username: &str, password: &str) -> #result<#ret, crate::Error> {
            self.set_basic_auth(username, password);
            let response = self.#call(#( #args ),*).await?;
            let token: #option<#string> = #token;
            let expires: #option<#string> = #expires;
            match token {
                #some(token) => self.set_bearer_token(token, expires)?,
                #none => {
                    return #err(crate::Error::Decode {
                        operation: #opid,
                        status: #status,
                        path: ".".into(),
                        message: "the login answer carries no token".into(),
                        excerpt: crate::error::excerpt(&::serde_json::to_vec(&response).unwrap_or_default()),
                    })
                }
            }
            #ok(response)
        }
    }
}

pub fn webhooks_file(api: &Api, krate: &str) -> TokenStream {
    let Prelude { string, result, ok, .. } = Prelude::of(api);
    let Some(id) = api.webhook_event else {
        return TokenStream::new();
    };
    let def = api.ty(id);
    let name = ident(&def.name);
    let schema = def.schema_name.clone().unwrap_or_default();
    let doc = format!(
        " Parses the body of an inbound webhook request into [`{0}`](crate::types::{0}) (schema `{schema}`).\n\n # Errors\n\n [`WebhookError`] with the JSON path that failed and the start of the body.",
        def.name
    );
    let module_doc = [
        "Inbound webhooks: the server POSTs events to an HTTPS endpoint you run.".to_string(),
        "Hand the raw request body to [`parse_event`]; it never panics on bad".to_string(),
        "input and says where the body stopped fitting the schema.".to_string(),
        String::new(),
        "A minimal receiver, whatever HTTP server delivers the body:".to_string(),
        String::new(),
        "```no_run".to_string(),
        "fn on_webhook(body: &[u8]) -> u16 {".to_string(),
        format!("    match {krate}::webhooks::parse_event(body) {{"),
        "        Ok(event) => {".to_string(),
        "            println!(\"{event:?}\");".to_string(),
        "            200".to_string(),
        "        }".to_string(),
        "        Err(err) => {".to_string(),
        "            eprintln!(\"rejected webhook: {err}\");".to_string(),
        "            400".to_string(),
        "        }".to_string(),
        "    }".to_string(),
        "}".to_string(),
        "```".to_string(),
    ]
    .map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! {
        #( #![doc = #module_doc] )*

        /// A webhook body that does not fit the event schema.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("webhook body does not fit at `{path}`: {message}; body starts: {excerpt}")]
        #[non_exhaustive]
        pub struct WebhookError {
            /// Where in the body parsing failed.
            pub path: #string,
            pub message: #string,
            pub excerpt: #string,
        }

        #[doc = #doc]
        pub fn parse_event(body: &[u8]) -> #result<crate::types::#name, WebhookError> {
            let mut de = ::serde_json::Deserializer::from_slice(body);
            let event = ::serde_path_to_error::deserialize::<_, crate::types::#name>(&mut de).map_err(|e| WebhookError {
                path: e.path().to_string(),
                message: e.inner().to_string(),
                excerpt: crate::error::excerpt(body),
            })?;
            de.end().map_err(|e| WebhookError {
                path: ".".into(),
                message: e.to_string(),
                excerpt: crate::error::excerpt(body),
            })?;
            #ok(event)
        }
    }
}

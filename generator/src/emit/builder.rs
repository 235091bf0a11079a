//! Prints request builders: an operation with more optional inputs than
//! `ir::MAX_POSITIONAL_OPTIONAL` (the IR names its builder) gets a method
//! taking the required inputs that returns the builder, with one setter per
//! optional input and `send`.

use super::client::{answer_match, body_steps, method_docs, op_static, param_steps, return_ty, Arg};
use super::client_laid::{op_static_laid, request_steps};
use super::lay::{self, Laid, Lay, Node};
use super::snippet::Snippets;
use super::{ident, Emitted, Prelude};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Every input of `op` as builder fields (references live for `'a`), and
/// the statements adding them to the request.
fn inputs(api: &Api, op: &Operation) -> (Vec<Arg>, Vec<TokenStream>) {
    let lt = quote!('a);
    let (mut args, params) = param_steps(api, op, &lt);
    // Parameter statements are printed here as tokens (no snippets: the
    // builder's `send` is printed once per operation anyway).
    let mut steps: Vec<TokenStream> = params.iter().map(|s| s.parse().unwrap_or_default()).collect();
    if let Some(b) = &op.body {
        body_steps(api, b, &lt, &mut args, &mut steps);
    }
    (args, steps)
}

/// The method on `Client`, laid out when the rules allow.
pub(super) fn constructor_emitted(api: &Api, op: &Operation, builder: &str) -> Emitted {
    Emitted::laid_or(constructor_laid(api, op, builder), || constructor(api, op, builder))
}

fn constructor_note(op: &Operation, builder: &str, args: &[Arg]) -> String {
    format!(
        "Set optional inputs on the returned [`{builder}`](crate::client::{builder}), then `send` it: `client.{}(..).{}(..).send().await`.",
        op.fn_name,
        args.iter().find(|a| a.setter.is_some()).map(|a| a.name.to_string()).unwrap_or_default()
    )
}

fn constructor_laid(api: &Api, op: &Operation, builder: &str) -> Laid<String> {
    let Prelude { none, .. } = Prelude::of(api);
    let (args, _) = inputs(api, op);
    let mut lay = Lay::new();
    let mut lines = super::docs::method_doc_lines(op);
    lines.push(String::new());
    lines.push(constructor_note(op, builder, &args));
    lay.doc(4, &lines);
    if op.deprecated {
        lay.line(4, "#[deprecated]")?;
    }
    let mut params = vec![Node::text("&'a self")];
    let mut fields = vec![Node::text("client: self")];
    for a in args.iter().filter(|a| a.setter.is_none()) {
        params.push(Node::Led(format!("{}: ", a.name), Box::new(Node::ty(&lay::ty(&a.ty)))));
        fields.push(Node::text(a.name.to_string()));
    }
    for a in args.iter().filter(|a| a.setter.is_some()) {
        fields.push(Node::text(format!("{}: {none}", a.name)));
    }
    let ret = format!("crate::client::{builder}");
    let ret = Some((ret.as_str(), Node::angle(vec![Node::text("'a")])));
    lay.signature(4, &format!("pub fn {}<'a>", op.fn_name), &Node::parens(params), ret)?;
    let path = format!("crate::client::{builder}");
    lay.node(8, &format!("{path} "), &Node::struct_expr(path.len(), fields), "", "")?;
    lay.line(4, "}")?;
    Ok(lay.out)
}

/// The method on `Client`: required inputs in, the builder out.
pub(super) fn constructor(api: &Api, op: &Operation, builder: &str) -> TokenStream {
    let Prelude { none, .. } = Prelude::of(api);
    let (args, _) = inputs(api, op);
    let (fn_name, b) = (ident(&op.fn_name), ident(builder));
    let doc = method_docs(op);
    let note = format!(" {}", constructor_note(op, builder, &args));
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { quote!() };
    let required: Vec<&Arg> = args.iter().filter(|a| a.setter.is_none()).collect();
    let req_names = required.iter().map(|a| &a.name);
    let opt_names = args.iter().filter(|a| a.setter.is_some()).map(|a| &a.name);
    quote! {
        #doc
        #[doc = ""]
        #[doc = #note]
        #deprecated
        pub fn #fn_name<'a>(&'a self, #( #required ),*) -> crate::client::#b<'a> {
            crate::client::#b { client: self, #( #req_names, )* #( #opt_names: #none, )* }
        }
    }
}

/// The documentation of the builder type.
fn builder_doc(op: &Operation) -> String {
    format!(
        "The request of [`Client::{0}`](crate::Client::{0}): set its optional inputs, then [`send`](Self::send) it.",
        op.fn_name
    )
}

/// The documentation of the setter of optional input `n`.
fn setter_doc(op: &Operation, n: &str) -> String {
    format!(
        "Sets the optional input `{n}` (see [`Client::{0}`](crate::Client::{0})).",
        op.fn_name
    )
}

/// The documentation of `send`.
fn send_doc(op: &Operation) -> String {
    format!(
        "Sends the request; see [`Client::{0}`](crate::Client::{0}) for errors.",
        op.fn_name
    )
}

/// The builder type, its setters and `send`, laid out when the rules allow.
pub(super) fn builder_emitted(api: &Api, op: &Operation, builder: &str, snippets: &mut Snippets) -> Emitted {
    let mark = snippets.mark();
    let laid = builder_laid(api, op, builder, snippets);
    if laid.is_err() {
        snippets.reset(mark);
    }
    Emitted::laid_or(laid, || builder_type(api, op, builder))
}

fn builder_laid(api: &Api, op: &Operation, builder: &str, snippets: &mut Snippets) -> Laid<String> {
    let Prelude { result, some, .. } = Prelude::of(api);
    let lt = quote!('a);
    let (mut args, params) = param_steps(api, op, &lt);
    let mut body = Vec::new();
    if let Some(b) = &op.body {
        body_steps(api, b, &lt, &mut args, &mut body);
    }
    let mut lay = Lay::new();
    lay.doc(0, &[builder_doc(op)]);
    lay.line(0, "#[derive(Debug)]")?;
    lay.line(0, "#[must_use = \"nothing is sent until `send`\"]")?;
    let lifetime = || Node::angle(vec![Node::text("'a")]);
    lay.node(0, &format!("pub struct {builder}"), &lifetime(), " {", "")?;
    lay.line(4, "client: &'a crate::Client,")?;
    for a in &args {
        lay.field(4, format!("{}: {},", a.name, lay::ty(&a.ty)), snippets)?;
    }
    lay.line(0, "}")?;
    lay.blank();
    let head = format!("impl<'a> {builder}<'a> {{");
    if lay.line(0, &head).is_err() {
        // The impl's generic parameters break first.
        lay.line(0, "impl<")?;
        lay.line(4, "'a,")?;
        lay.node(0, &format!("> {builder}"), &lifetime(), " {", "")?;
    }
    for a in &args {
        let Some(t) = &a.setter else { continue };
        let n = &a.name;
        lay.doc(4, &[setter_doc(op, &n.to_string())]);
        let param = Node::Led(format!("{n}: "), Box::new(Node::ty(&lay::ty(t))));
        let params = Node::parens(vec![Node::text("mut self"), param]);
        lay.signature(4, &format!("pub fn {n}"), &params, Some(("Self", Node::text(""))))?;
        lay.line(8, &format!("self.{n} = {some}({n});"))?;
        lay.line(8, "self")?;
        lay.line(4, "}")?;
        lay.blank();
    }
    lay.doc(4, &[send_doc(op)]);
    let result = result.to_string();
    let ret = Node::angle(vec![
        Node::text(lay::ty(&return_ty(api, op))),
        Node::text("crate::Error"),
    ]);
    lay.signature(
        4,
        "pub async fn send",
        &Node::parens(vec![Node::text("self")]),
        Some((&result, ret)),
    )?;
    let (answer, finish) = answer_match(api, op);
    if !answer.is_empty() {
        lay.line(8, &snippets.stmt_line(answer.to_string()))?;
    }
    let mut names = vec![Node::text("client")];
    names.extend(args.iter().map(|a| Node::text(a.name.to_string())));
    lay.node(8, "let Self ", &Node::braces(names), " = ", "self;")?;
    op_static_laid(op, &mut lay, 8)?;
    request_steps(&mut lay, snippets, "client", params, body, finish)?;
    lay.line(4, "}")?;
    lay.line(0, "}")?;
    Ok(lay.out)
}

/// The builder type, its setters and `send`.
pub(super) fn builder_type(api: &Api, op: &Operation, builder: &str) -> TokenStream {
    let Prelude { result, some, .. } = Prelude::of(api);
    let (args, steps) = inputs(api, op);
    let b = ident(builder);
    let fields = args.iter();
    let names = args.iter().map(|a| &a.name);
    let setters = args.iter().filter_map(|a| {
        let (n, t) = (&a.name, a.setter.as_ref()?);
        let doc = format!(" {}", setter_doc(op, &n.to_string()));
        Some(quote! {
            #[doc = #doc]
            pub fn #n(mut self, #n: #t) -> Self {
                self.#n = #some(#n);
                self
            }
        })
    });
    let doc = format!(" {}", builder_doc(op));
    let send_doc = format!(" {}", send_doc(op));
    let ret = return_ty(api, op);
    let (answer, finish) = answer_match(api, op);
    let op_static = op_static(op);
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[must_use = "nothing is sent until `send`"]
        pub struct #b<'a> {
            client: &'a crate::Client,
            #( #fields, )*
        }

        impl<'a> #b<'a> {
            #( #setters )*

            #[doc = #send_doc]
            pub async fn send(self) -> #result<#ret, crate::Error> {
                #answer
                let Self { client, #( #names ),* } = self;
                #op_static
                let mut request = client.request(&OP);
                #( #steps )*
                let response = client.execute(request).await?;
                #finish
            }
        }
    }
}

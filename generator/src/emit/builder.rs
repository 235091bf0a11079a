//! Prints request builders: an operation with more optional inputs than
//! `ir::MAX_POSITIONAL_OPTIONAL` (the IR names its builder) gets a method
//! taking the required inputs that returns the builder, with one setter per
//! optional input and `send`.

use super::client::{answer_match, body_steps, method_docs, op_static, param_steps, return_ty, Arg};
use super::{ident, Prelude};
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

/// The method on `Client`: required inputs in, the builder out.
pub(super) fn constructor(api: &Api, op: &Operation, builder: &str) -> TokenStream {
    let Prelude { none, .. } = Prelude::of(api);
    let (args, _) = inputs(api, op);
    let (fn_name, b) = (ident(&op.fn_name), ident(builder));
    let doc = method_docs(op);
    let note = format!(
        " Set optional inputs on the returned [`{builder}`](crate::client::{builder}), then `send` it: `client.{}(..).{}(..).send().await`.",
        op.fn_name,
        args.iter().find(|a| a.setter.is_some()).map(|a| a.name.to_string()).unwrap_or_default()
    );
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

/// The builder type, its setters and `send`.
pub(super) fn builder_type(api: &Api, op: &Operation, builder: &str) -> TokenStream {
    let Prelude { result, some, .. } = Prelude::of(api);
    let (args, steps) = inputs(api, op);
    let b = ident(builder);
    let fields = args.iter();
    let names = args.iter().map(|a| &a.name);
    let setters = args.iter().filter_map(|a| {
        let (n, t) = (&a.name, a.setter.as_ref()?);
        let doc = format!(
            " Sets the optional input `{n}` (see [`Client::{0}`](crate::Client::{0})).",
            op.fn_name
        );
        Some(quote! {
            #[doc = #doc]
            pub fn #n(mut self, #n: #t) -> Self {
                self.#n = #some(#n);
                self
            }
        })
    });
    let doc = format!(
        " The request of [`Client::{0}`](crate::Client::{0}): set its optional inputs, then [`send`](Self::send) it.",
        op.fn_name
    );
    let send_doc = format!(
        " Sends the request; see [`Client::{0}`](crate::Client::{0}) for errors.",
        op.fn_name
    );
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

//! Client items laid out as text (see `lay`): the methods of operations
//! without a request builder, the static description of an operation, and
//! response enums. `client.rs` prints the same items as tokens where the
//! layout rules do not decide.

use super::client::{
    answer_match, body_steps, case_doc_lines, events_ty, param_steps, response_enum_doc, return_ty, streams_answer,
};
use super::lay::{self, Laid, Lay, Node};
use super::snippet::Snippets;
use super::{ty_tokens, Prelude};
use crate::ir::*;
use proc_macro2::TokenStream;

/// `client::op_static` laid out at `indent`: always broken, as the struct
/// expression is wider than prettyplease keeps on one line.
pub(super) fn op_static_laid(op: &Operation, lay: &mut Lay, indent: usize) -> Laid {
    let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
    let sets: Vec<String> = op
        .security
        .iter()
        .map(|set| format!("&[{}]", set.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")))
        .collect();
    lay.line(indent, "static OP: crate::runtime::Op = crate::runtime::Op {")?;
    let inner = indent + 4;
    // A field whose value is a literal has nowhere to break.
    lay.fixed(inner, &format!("id: {},", lit(&op.operation_id)));
    lay.fixed(inner, &format!("method: {},", lit(op.method.as_str())));
    lay.fixed(inner, &format!("path: {},", lit(&op.path)));
    lay.fixed(inner, &format!("accept: {},", lit(&op.accept)));
    lay.line(inner, &format!("security: &[{}],", sets.join(", ")))?;
    lay.fixed(inner, &format!("stream: {},", op.streams_body()));
    lay.line(indent, "};")
}

/// `client::method_tokens` laid out.
pub(super) fn method_laid(api: &Api, op: &Operation, snippets: &mut Snippets) -> Laid<String> {
    let Prelude { result, .. } = Prelude::of(api);
    let (mut args, params) = param_steps(api, op, &TokenStream::new());
    let mut body = Vec::new();
    if let Some(b) = &op.body {
        body_steps(api, b, &TokenStream::new(), &mut args, &mut body);
    }
    let mut lay = Lay::new();
    lay.doc(4, &super::docs::method_doc_lines(op));
    if op.deprecated {
        lay.line(4, "#[deprecated]")?;
    }
    let mut nodes = vec![Node::text("&self")];
    nodes.extend(
        args.iter()
            .map(|a| Node::Led(format!("{}: ", a.name), Box::new(Node::ty(&lay::ty(&a.ty))))),
    );
    let result = result.to_string();
    let ret = Node::angle(vec![
        Node::text(lay::ty(&return_ty(api, op))),
        Node::text("crate::Error"),
    ]);
    let lead = format!("pub async fn {}", op.fn_name);
    lay.signature(4, &lead, &Node::parens(nodes), Some((&result, ret)))?;
    let (answer, finish) = answer_match(api, op);
    if !answer.is_empty() {
        lay.line(8, &snippets.stmt_line(answer.to_string()))?;
    }
    op_static_laid(op, &mut lay, 8)?;
    request_steps(&mut lay, snippets, "self", params, body, finish)?;
    lay.line(4, "}")?;
    Ok(lay.out)
}

/// A method body from the request to the answer, at eight spaces:
/// `receiver` (`self`, or a builder's `client`) makes the request, the
/// parameter and body steps add to it, and `finish` decodes the answer.
pub(super) fn request_steps(
    lay: &mut Lay,
    snippets: &mut Snippets,
    receiver: &str,
    params: Vec<String>,
    body: Vec<TokenStream>,
    finish: TokenStream,
) -> Laid {
    let binding = if params.is_empty() && body.is_empty() {
        "let request"
    } else {
        "let mut request"
    };
    lay.line(8, &format!("{binding} = {receiver}.request(&OP);"))?;
    for step in params {
        if lay.line(8, &step).is_err() {
            lay.line(8, &snippets.stmt_line(step))?;
        }
    }
    for step in body {
        lay.line(8, &snippets.stmt_line(step.to_string()))?;
    }
    lay.line(8, &format!("let response = {receiver}.execute(request).await?;"))?;
    lay.line(8, &snippets.stmt_line(finish.to_string()))
}

/// `client::response_enum` laid out.
pub(super) fn response_enum_laid(api: &Api, op: &Operation) -> Laid<String> {
    let ResponseShape::Many { enum_name, cases, .. } = &op.response else {
        return Err(lay::Unlaid);
    };
    let Prelude { string, .. } = Prelude::of(api);
    let mut lay = Lay::new();
    lay.doc(0, &[response_enum_doc(op)]);
    lay.line(
        0,
        if streams_answer(cases) {
            "#[derive(Debug)]"
        } else {
            "#[derive(Debug, Clone, PartialEq)]"
        },
    )?;
    lay.line(0, "#[non_exhaustive]")?;
    lay.fixed(0, &format!("pub enum {enum_name} {{"));
    for c in cases {
        lay.doc(4, &case_doc_lines(c));
        let inner = match &c.body {
            ResponseBody::Empty => None,
            ResponseBody::Json(t) => Some(lay::ty(&ty_tokens(api, t))),
            ResponseBody::Text => Some(string.to_string()),
            ResponseBody::Binary { .. } => Some("crate::runtime::Download".to_string()),
            ResponseBody::Events(data) => Some(lay::ty(&events_ty(api, data))),
        };
        match inner {
            None => lay.fixed(4, &format!("{},", c.name)),
            Some(t) => lay.node(4, &c.name, &Node::parens(vec![Node::text(t)]), ",", "")?,
        }
    }
    lay.line(0, "}")?;
    Ok(lay.out)
}

//! Code that repeats across items, formatted once.
//!
//! Much of a large client is the same few lines again and again: a
//! parameter's `request.query("page", &page);` in hundreds of operations,
//! the same answer `match` in many. An emitter
//! writes such a statement (or match arm) into [`Snippets`]: its source text
//! goes into the item as a short placeholder, and after the item is
//! formatted each placeholder line is replaced by the snippet as
//! prettyplease formats it at that line's indentation, looked up in a
//! [`Memo`] shared by the whole run, so a distinct text is parsed and
//! formatted once per indentation.
//!
//! This is exact because prettyplease lays out each statement of a block and
//! each arm of a match on lines of its own: the layout of one depends only
//! on its text and its indentation.

use crate::Error;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a snippet stands for in its block.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    /// A statement, or a block's final expression.
    Stmt,
    /// An arm of a `match`.
    Arm,
    /// A field of a struct (at four spaces).
    Field,
}

/// The placeholders' identifiers: this prefix and the snippet's index.
/// Generated code never names anything so.
const PLACEHOLDER: &str = "__oagen_snippet_";

/// The snippets of one item: each placeholder stands for a run of
/// snippets of one kind, printed one after the other.
#[derive(Default)]
pub struct Snippets {
    list: Vec<(Kind, Vec<String>)>,
}

impl Snippets {
    fn placeholder(&mut self, kind: Kind, run: Vec<String>) -> proc_macro2::Ident {
        self.list.push((kind, run));
        quote::format_ident!("{PLACEHOLDER}{}", self.list.len() - 1)
    }

    /// One statement (ending in `;`) or a final expression.
    pub fn stmt(&mut self, text: String) -> TokenStream {
        self.stmts([(true, text)])
    }

    /// How many snippets there are, for [`Snippets::reset`].
    pub fn mark(&self) -> usize {
        self.list.len()
    }

    /// Drops the snippets added since `mark` (laid-out code that fell back
    /// to tokens prints none of them).
    pub fn reset(&mut self, mark: usize) {
        self.list.truncate(mark);
    }

    /// One statement as the placeholder line's text (without indentation),
    /// for laid-out code (`emit::lay`): the statement is formatted once per
    /// text and indentation and put in its place.
    pub fn stmt_line(&mut self, text: String) -> String {
        format!("{};", self.placeholder(Kind::Stmt, vec![text]))
    }

    /// A struct field (`pub a: T,`) as the placeholder line's text, as
    /// [`Snippets::stmt_line`].
    pub fn field_line(&mut self, text: String) -> String {
        format!("{};", self.placeholder(Kind::Field, vec![text]))
    }

    /// Consecutive statements, each a `(repeats, text)`. Code that repeats
    /// becomes a snippet; code that does not is put in place as it is
    /// (formatting a snippet on its own costs more than formatting it in
    /// place, which pays only when the text comes again).
    pub fn stmts(&mut self, run: impl IntoIterator<Item = (bool, String)>) -> TokenStream {
        self.run(Kind::Stmt, run)
    }

    /// Consecutive match arms (each ending in `,`), as [`Snippets::stmts`].
    #[cfg(test)]
    pub fn arms(&mut self, run: impl IntoIterator<Item = (bool, String)>) -> TokenStream {
        self.run(Kind::Arm, run)
    }

    fn run(&mut self, kind: Kind, run: impl IntoIterator<Item = (bool, String)>) -> TokenStream {
        let mut out = TokenStream::new();
        let mut pending = Vec::new();
        for (repeats, text) in run {
            if !repeats {
                // Code that does not lex is reported when the snippet is formatted.
                if let Ok(tokens) = text.parse::<TokenStream>() {
                    self.flush(kind, &mut pending, &mut out);
                    out.extend(tokens);
                    continue;
                }
            }
            pending.push(text);
        }
        self.flush(kind, &mut pending, &mut out);
        out
    }

    fn flush(&mut self, kind: Kind, pending: &mut Vec<String>, out: &mut TokenStream) {
        if pending.is_empty() {
            return;
        }
        let p = self.placeholder(kind, std::mem::take(pending));
        out.extend(match kind {
            // Fields are placeholders in laid-out text only.
            Kind::Stmt | Kind::Field => quote!(#p;),
            Kind::Arm => quote!(#p => {}),
        });
    }
}

/// Formatted snippets by text, for one kind and indentation.
type ByText = HashMap<String, Arc<str>>;

/// Formatted snippets by kind, indentation and text, shared across threads.
#[derive(Default)]
pub struct Memo {
    formatted: Mutex<HashMap<(Kind, usize), ByText>>,
}

impl Memo {
    fn get(&self, kind: Kind, indent: usize, text: &str) -> Result<Arc<str>, Error> {
        let cached = self
            .formatted
            .lock()
            .ok()
            .and_then(|m| m.get(&(kind, indent)).and_then(|m| m.get(text)).cloned());
        if let Some(hit) = cached {
            return Ok(hit);
        }
        let made: Arc<str> = format(kind, indent, text)?.into();
        if let Ok(mut m) = self.formatted.lock() {
            m.entry((kind, indent))
                .or_default()
                .insert(text.to_string(), made.clone());
        }
        Ok(made)
    }
}

/// Formats `text` alone at `indent` spaces: inside as many nested `fn`s
/// as that indentation takes (a `fn` body is always printed on lines of its
/// own, where a bare block may not be), the last one a `match` for an arm;
/// a field inside a `struct`.
fn format(kind: Kind, indent: usize, text: &str) -> Result<String, Error> {
    // The lines printed before (and after) the snippet: `fns` functions,
    // then the `match` an arm sits in; or the struct a field sits in.
    let depth = indent / 4;
    let (fns, inner, valid) = if kind == Kind::Field {
        // A field sits in a struct at the top level, at four spaces only.
        (0, "struct S {\n", indent == 4)
    } else if kind == Kind::Arm {
        (depth.saturating_sub(1), "match x {\n", indent % 4 == 0 && depth > 1)
    } else {
        (depth, "", indent % 4 == 0 && depth > 0)
    };
    if !valid {
        return Err(Error::internal(&format!("snippet at indentation {indent}")));
    }
    let mut source = String::with_capacity(text.len() + 16 * depth);
    source.push_str(&"fn f() {\n".repeat(fns));
    source.push_str(inner);
    source.push_str(text);
    source.push('\n');
    source.push_str(&"}\n".repeat(depth));
    let file: syn::File =
        syn::parse_str(&source).map_err(|e| Error::internal(&format!("snippet `{text}` does not parse ({e})")))?;
    let printed = prettyplease::unparse(&file);
    let lines: Vec<&str> = printed.lines().collect();
    if lines.len() <= 2 * depth {
        return Err(Error::internal(&format!("snippet `{text}` printed as {printed:?}")));
    }
    let mut out = String::with_capacity(printed.len());
    for line in &lines[depth..lines.len() - depth] {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// Replaces the placeholder lines of formatted `code` by their snippets.
pub fn resolve(code: String, snippets: Snippets, memo: &Memo) -> Result<String, Error> {
    if snippets.list.is_empty() {
        return Ok(code);
    }
    let mut out = String::with_capacity(code.len() + snippets.list.len() * 48);
    let mut used = 0;
    let mut done = 0;
    while let Some(found) = code[done..].find(PLACEHOLDER) {
        let at = done + found;
        let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = code[at..].find('\n').map_or(code.len(), |i| at + i + 1);
        let indent = &code[line_start..at];
        let rest = &code[at + PLACEHOLDER.len()..line_end];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let tail = rest[digits..].trim_end_matches('\n');
        let index = rest[..digits].parse::<usize>().ok();
        match index {
            Some(index) if indent.bytes().all(|b| b == b' ') && matches!(tail, ";" | " => {}") => {
                let (kind, run) = snippets
                    .list
                    .get(index)
                    .ok_or_else(|| Error::internal("a snippet placeholder without its snippet"))?;
                out.push_str(&code[done..line_start]);
                for text in run {
                    out.push_str(&memo.get(*kind, indent.len(), text)?);
                }
                used += 1;
            }
            _ => out.push_str(&code[done..line_end]),
        }
        done = line_end;
    }
    out.push_str(&code[done..]);
    if used != snippets.list.len() {
        return Err(Error::internal(
            "a snippet placeholder was not printed on a line of its own",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formats `tokens` as a file, the way the formatter does.
    fn print(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn snippets_print_as_the_code_they_stand_for() {
        let memo = Memo::default();
        let long = "a_rather_long_property_name_that_pushes_the_line_past_the_margin";
        let cases = [
            (
                "map.put(\"id\", &self.id)?;".to_string(),
                "\"id\" => map.take(&mut v_id, \"id\")?,".to_string(),
            ),
            (
                format!("map.put_some(\"{long}\", &self.{long})?;"),
                format!("\"{long}\" => map.take_opt(&mut v_{long}, \"{long}\")?,"),
            ),
        ];
        for (stmt, arm) in cases {
            let (s, a): (TokenStream, TokenStream) = (stmt.parse().expect("lexes"), arm.parse().expect("lexes"));
            let expected = print(quote! {
                impl S {
                    fn f() {
                        #s
                        match k { #a _ => {} }
                        #s
                        #s
                    }
                }
            });
            let mut snippets = Snippets::default();
            let ps = snippets.stmt(stmt.clone());
            let pa = snippets.arms([(true, arm.clone())]);
            // A run of two, one of them put in place.
            let ps2 = snippets.stmts([(false, stmt.clone()), (true, stmt.clone())]);
            let placeholders = print(quote! {
                impl S {
                    fn f() {
                        #ps
                        match k { #pa _ => {} }
                        #ps2
                    }
                }
            });
            assert_eq!(resolve(placeholders, snippets, &memo).expect("resolves"), expected);
        }
    }

    #[test]
    fn a_lost_placeholder_is_an_error_not_wrong_code() {
        let mut snippets = Snippets::default();
        let _ = snippets.stmt("x();".to_string());
        let err = resolve("fn f() {}\n".to_string(), snippets, &Memo::default()).expect_err("one snippet unused");
        assert!(err.to_string().contains("internal error"), "{err}");
    }
}

//! The one way spec prose reaches rustdoc.
//!
//! Spec descriptions are Markdown written for other renderers, so they are
//! made safe for rustdoc: brackets escaped (no broken intra-doc links), HTML
//! tags escaped, bare URLs wrapped in `<...>`, indented or fenced blocks
//! marked `text` (never compiled as doctests), tabs expanded.

use crate::ir::Docs;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Sanitises one paragraph of spec prose into rustdoc lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.replace("\r\n", "\n").replace('\t', "    ").lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push("```".to_string());
            } else {
                out.push("```text".to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.to_string());
            continue;
        }
        // Leading indentation would turn lines into (doctest) code blocks.
        out.push(escape_line(trimmed));
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push('&'),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of an http(s) URL starting at the beginning of `s`.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']' | '[' | '\''))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    Some(url.len())
}

/// Lines for an item's documentation.
pub fn lines(docs: &Docs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = &docs.summary {
        out.extend(sanitize(s));
    }
    if let Some(d) = &docs.description {
        if docs.summary.as_deref().map(str::trim) != Some(d.trim()) {
            if !out.is_empty() {
                out.push(String::new());
            }
            out.extend(sanitize(d));
        }
    }
    for note in &docs.notes {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(sanitize(note));
    }
    out
}

/// `#[doc = "..."]` attributes, one per line.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { literal("") } else { literal(&format!(" {l}")) });
    quote! { #( #[doc = #lines] )* }
}

/// A string literal for `text`, spelled raw (`r#"..."#`) when it can be.
///
/// Both spellings print the same `///` line, but a raw literal is made and
/// read back without escaping or unescaping every character, which is most
/// of the cost of documentation-heavy output.
pub fn literal(text: &str) -> Literal {
    // Raw strings cannot hold a bare carriage return.
    if text.contains('\r') {
        return Literal::string(text);
    }
    let mut hashes = 0;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    let repr = format!("r{fence}\"{text}\"{fence}");
    repr.parse().unwrap_or_else(|_| Literal::string(text))
}

pub fn doc_attrs(docs: &Docs) -> TokenStream {
    attrs(&lines(docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_rustdoc() {
        let table = [
            ("See [here] for more", "See \\[here\\] for more"),
            ("Visit https://example.com/x.", "Visit <https://example.com/x>."),
            ("<b>bold</b> text", "&lt;b&gt;bold&lt;/b&gt; text"),
            ("Already <https://a.b>", "Already &lt;<https://a.b>&gt;"),
            ("`code [x]`", "`code \\[x\\]`"),
        ];
        for (raw, want) in table {
            assert_eq!(sanitize(raw), vec![want.to_string()], "{raw:?}");
        }
    }

    #[test]
    fn raw_doc_literals_print_like_escaped_ones() {
        let texts = [" plain", " say \"hi\"", " r#\"x\"# and \"## too", " back\\slash \\n", " carriage\rreturn", "", " tab\tand unicode \u{e9}"];
        for text in texts {
            let raw = literal(text);
            let escaped = Literal::string(text);
            let print = |lit: &Literal| prettyplease::unparse(&syn::parse_quote!(#[doc = #lit] struct S;));
            assert_eq!(print(&raw), print(&escaped), "{text:?}");
            let value: syn::LitStr = syn::parse_quote!(#raw);
            assert_eq!(value.value(), text);
        }
    }

    #[test]
    fn blocks_never_become_doctests() {
        let got = sanitize("Example:\n\n    let x = 1;\n```\nfn main() {}\n```");
        assert_eq!(got, vec!["Example:", "", "let x = 1;", "```text", "fn main() {}", "```"]);
    }
}

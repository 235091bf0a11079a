//! The one way spec prose reaches rustdoc.
//!
//! Spec descriptions are Markdown written for other renderers, so they are
//! made safe for rustdoc: brackets escaped (no broken intra-doc links), HTML
//! tags escaped, bare URLs wrapped in `<...>`, indented or fenced blocks
//! marked `text` (never compiled as doctests), tabs expanded.

use crate::ir::{BodyKind, Docs, Operation, Param, ParamLocation, PartKind, RequestBody};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Sanitises one paragraph of spec prose into rustdoc lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // A lone carriage return ends a line too (and may not stay in a comment).
    for raw in text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .lines()
    {
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
    if !line.contains(['[', ']', '<', '>']) && !line.contains("http") {
        return line.to_string();
    }
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

/// Control characters (a bare `\r` breaks compilation inside a comment,
/// others garble it, clippy refuses tabs) spelled as Rust escapes.
pub fn escape_controls(line: &str) -> std::borrow::Cow<'_, str> {
    // Control characters are C0, DEL and C1 (UTF-8 `0xC2 0x80..=0x9F`):
    // a byte scan rules most lines out.
    if !line.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) || !line.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A spec value as inline code in a documentation line: backticks become
/// quotes and control characters escapes, so no value breaks the comment.
pub fn code(value: &str) -> String {
    format!("`{}`", escape_controls(&value.replace('`', "'")))
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

/// [`sanitize`], remembered per thread: large documents repeat the same
/// descriptions (a parameter's, in every operation that takes it).
fn sanitized(text: &str, out: &mut Vec<String>) {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static SEEN: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        match seen.get(text) {
            Some(lines) => out.extend(lines.iter().cloned()),
            None => {
                // A bound, for processes that generate many documents.
                if seen.len() >= 1 << 16 {
                    seen.clear();
                }
                let lines = sanitize(text);
                out.extend(lines.iter().cloned());
                seen.insert(text.to_string(), lines);
            }
        }
    });
}

/// Lines for an item's documentation.
pub fn lines(docs: &Docs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = &docs.summary {
        sanitized(s, &mut out);
    }
    if let Some(d) = &docs.description {
        if docs.summary.as_deref().map(str::trim) != Some(d.trim()) {
            if !out.is_empty() {
                out.push(String::new());
            }
            sanitized(d, &mut out);
        }
    }
    for note in &docs.notes {
        if !out.is_empty() {
            out.push(String::new());
        }
        sanitized(note, &mut out);
    }
    out
}

/// A documentation line as comment text: [`LINE_BREAK`] dropped, control
/// characters escaped.
pub fn comment_text(line: &str) -> std::borrow::Cow<'_, str> {
    if line.contains(LINE_BREAK) {
        std::borrow::Cow::Owned(escape_controls(&line.replace(LINE_BREAK, "")).into_owned())
    } else {
        escape_controls(line)
    }
}

/// Joins the lines of a documentation block inside one `#[doc]` attribute;
/// [`split_lines`] turns it back into one `///` line each once formatted.
/// Lines never contain it: [`attrs`] drops it from their text.
pub const LINE_BREAK: char = '\u{1}';

/// The `#[doc]` attribute of a documentation block.
///
/// A block of several lines is one attribute whose value joins the lines
/// with [`LINE_BREAK`], so that it goes through syn and prettyplease as a
/// single token; [`split_lines`] restores one `///` line per line.
pub fn attrs(lines: &[String]) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 2).sum());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            text.push(LINE_BREAK);
        }
        if !line.is_empty() {
            text.push(' ');
            text.push_str(&comment_text(line));
        }
    }
    let text = literal(&text);
    quote! { #[doc = #text] }
}

/// Splits the joined documentation lines of formatted code (see [`attrs`])
/// into one comment line each, with the indentation and comment marker of
/// the line they were joined on, trailing spaces trimmed.
pub fn split_lines(code: String) -> String {
    let Some(first) = code.find(LINE_BREAK) else {
        return code;
    };
    let mut out = String::with_capacity(code.len() + code.len() / 8);
    // Everything before the line of the first separator is copied as is.
    let mut done = code[..first].rfind('\n').map_or(0, |i| i + 1);
    out.push_str(&code[..done]);
    while done < code.len() {
        let rest = &code[done..];
        let Some(at) = rest.find(LINE_BREAK) else {
            out.push_str(rest);
            break;
        };
        // Lines without a separator before this one.
        let start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        out.push_str(&rest[..start]);
        let end = rest[at..].find('\n').map_or(rest.len(), |i| at + i + 1);
        let body = rest[start..end].trim_end_matches('\n');
        // `///` or `//!` after the indentation.
        let marker = (body.len() - body.trim_start().len() + 3).min(body.len());
        let (lead, text) = body.split_at(marker);
        for part in text.split(LINE_BREAK) {
            out.push_str(lead);
            out.push_str(part.trim_end_matches(' '));
            out.push('\n');
        }
        done += end;
    }
    out
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

/// The documentation lines of an operation's method.
pub fn method_doc_lines(op: &Operation) -> Vec<String> {
    let mut out = lines(&op.docs);
    if !out.is_empty() {
        out.push(String::new());
    }
    out.push(format!(
        "`{} {}` (operation `{}`)",
        op.method.as_str(),
        op.path,
        op.operation_id
    ));
    let documented: Vec<&Param> = op.params.iter().collect();
    if !documented.is_empty() || op.body.is_some() {
        out.push(String::new());
        out.push("# Arguments".into());
        out.push(String::new());
        for p in &documented {
            let loc = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let req = if p.required { "" } else { ", optional" };
            let desc = lines(&p.docs).join(" ");
            let sep = if desc.is_empty() { "" } else { ": " };
            out.push(format!(
                "- `{}`: {loc} parameter `{}`{req}{sep}{desc}",
                p.rust_name, p.name
            ));
        }
        if let Some(RequestBody {
            kind: BodyKind::Multipart { parts },
            required: body_required,
            ..
        }) = &op.body
        {
            for part in parts {
                let req = if part.required && *body_required {
                    ""
                } else {
                    ", optional"
                };
                let what = match part.kind {
                    PartKind::File => "file part",
                    PartKind::Files => "file parts",
                    PartKind::Value(_) => "part",
                    PartKind::Json(_) => "JSON part",
                };
                let desc = lines(&part.docs).join(" ");
                let sep = if desc.is_empty() { "" } else { ": " };
                out.push(format!(
                    "- `{}`: `multipart/form-data` {what} `{}`{req}{sep}{desc}",
                    part.rust_name, part.name
                ));
            }
        } else if let Some(b) = &op.body {
            let desc = lines(&b.docs).join(" ");
            let what = match &b.kind {
                BodyKind::Json { media_type, .. } => format!("`{media_type}` request body"),
                BodyKind::Text { media_type } => format!("`{media_type}` request body"),
                BodyKind::Form { .. } => "form request body".to_string(),
                BodyKind::Multipart { .. } => "parts of the `multipart/form-data` body".to_string(),
                BodyKind::Binary { media } => format!(
                    "raw request body ([`Upload`](crate::Upload): bytes, a file or a stream) in one of {}",
                    media
                        .types
                        .iter()
                        .map(|(_, m)| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let req = if b.required { "" } else { ", optional" };
            let sep = if desc.is_empty() { "" } else { ": " };
            out.push(format!("- `body`: {what}{req}{sep}{desc}"));
            if let BodyKind::Binary { media } = &b.kind {
                if media.types.len() > 1 {
                    out.push(format!(
                        "- `content_type`: the media type of `body` ([`{}`](crate::client::{}))",
                        media.enum_name, media.enum_name
                    ));
                }
            }
        }
    }
    out.push(String::new());
    out.push("# Errors".into());
    out.push(String::new());
    out.push(
        "[`Error::Api`](crate::Error::Api) when the server answers outside 2xx (with the API's error body when it parses); \
         [`Error::Decode`](crate::Error::Decode) or [`Error::UnexpectedContentType`](crate::Error::UnexpectedContentType) \
         when a 2xx answer does not fit; [`Error::Transport`](crate::Error::Transport) or \
         [`Error::Timeout`](crate::Error::Timeout) when no answer arrives."
            .into(),
    );
    out
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
        let texts = [
            " plain",
            " say \"hi\"",
            " r#\"x\"# and \"## too",
            " back\\slash \\n",
            " carriage\rreturn",
            "",
            " tab\tand unicode \u{e9}",
        ];
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
    fn joined_blocks_print_like_one_attribute_per_line() {
        let blocks: [&[&str]; 4] = [
            &["One line"],
            &[
                "Summary",
                "",
                "Body with \"quotes\" and r#\"raw\"#",
                "",
                "```text",
                "  indented   ",
                "```",
            ],
            &["", "starts empty", "ends with spaces   "],
            &["has a \u{1} separator", "and more"],
        ];
        for block in blocks {
            let lines: Vec<String> = block.iter().map(|l| l.to_string()).collect();
            let joined = attrs(&lines);
            let one_each: Vec<String> = lines
                .iter()
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", l.replace(LINE_BREAK, ""))
                    }
                })
                .collect();
            let expected = prettyplease::unparse(&syn::parse_quote! {
                impl S {
                    #( #[doc = #one_each] )*
                    fn f() {}
                }
            });
            let got = split_lines(prettyplease::unparse(&syn::parse_quote! {
                impl S {
                    #joined
                    fn f() {}
                }
            }));
            assert_eq!(got, expected, "{block:?}");
        }
    }

    #[test]
    fn control_characters_never_reach_a_comment() {
        assert_eq!(sanitize("one\rtwo\r\nthree"), vec!["one", "two", "three"]);
        assert_eq!(code("a\rb`c\u{7}"), "`a\\rb'c\\u{7}`");
        let lines = vec!["nul\u{0} esc\u{1b}".to_string(), "cr\rlf".to_string()];
        let doc = attrs(&lines);
        let printed = split_lines(prettyplease::unparse(&syn::parse_quote! {
            #doc
            struct S;
        }));
        assert!(printed.contains("/// cr\\rlf"), "{printed}");
        assert!(printed.contains("/// nul\\u{0} esc\\u{1b}"), "{printed}");
    }

    #[test]
    fn blocks_never_become_doctests() {
        let got = sanitize("Example:\n\n    let x = 1;\n```\nfn main() {}\n```");
        assert_eq!(
            got,
            vec!["Example:", "", "let x = 1;", "```text", "fn main() {}", "```"]
        );
    }
}

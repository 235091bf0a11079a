//! Laid-out text: code that an emitter writes as final text, in the layout
//! prettyplease would give it, instead of tokens that `format` parses back
//! with syn and prints. Parsing and printing were most of the time of a run
//! on large documents; the regular items (request builders and their
//! setters, client methods, structs with their constructors and serde
//! impls) are printed here directly.
//!
//! The rules are prettyplease's for the few constructs printed here, as
//! measured on its output: a delimited list (parameters, fields, tuple
//! elements) stays on one line when the whole line fits in [`MARGIN`]
//! columns and otherwise puts one element per line with a trailing comma;
//! a struct expression also breaks when it is wider than
//! [`STRUCT_EXPR_WIDTH`]. Where an element would not fit on its own line
//! (so prettyplease would break inside it) or a construct is not one these
//! rules cover, the emitter gets [`Unlaid`] and prints tokens instead: only
//! layouts the rules decide for certain are written as text.
//!
//! Debug builds (every test run) check each laid item against syn and
//! prettyplease (`format::check_laid`), so a rule that stopped holding
//! fails the tests on the fixtures, the WhatsApp client and the corpus.

/// The width prettyplease fills lines to.
pub const MARGIN: usize = 89;

/// The widest struct expression (`Path { a, b: c }`, from the path to the
/// space before `}`) that prettyplease prints on one line.
pub const STRUCT_EXPR_WIDTH: usize = 34;

/// The rules cannot decide this layout for certain; print tokens instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unlaid;

/// A laid-out result, or [`Unlaid`].
pub type Laid<T = ()> = Result<T, Unlaid>;

/// A part of a line: text, or a delimited list that may break.
pub enum Node {
    Text(String),
    List(List),
    /// A node followed by text (`(a, b): T` of a parameter).
    Suffixed(Box<Node>, String),
    /// Text followed by a node (`name: ` and a type that may break).
    Led(String, Box<Node>),
}

/// A delimited list: `open` elements separated by `, ` `close`.
pub struct List {
    open: &'static str,
    close: &'static str,
    items: Vec<Node>,
    /// Spaces inside the delimiters when on one line (`{ a, b }`).
    padded: bool,
    /// A one-element tuple keeps its comma on one line (`(a,)`).
    tuple: bool,
    /// The widest the list may be on one line, counted from the start of
    /// `lead` (a struct expression's path) to the space before `close`.
    max_width: Option<(usize, usize)>,
}

impl Node {
    pub fn text(text: impl Into<String>) -> Node {
        Node::Text(text.into())
    }

    /// A type as printed by [`ty`], whose generic arguments break as
    /// prettyplease breaks them (`Option<` / `T,` / `>`).
    pub fn ty(text: &str) -> Node {
        let Some(open) = text.find('<') else {
            return Node::text(text);
        };
        let Some(inner) = text.strip_suffix('>').map(|t| &t[open + 1..]) else {
            return Node::text(text);
        };
        // Top-level arguments: commas outside nested `<>` and `()`.
        let mut args = Vec::new();
        let (mut depth, mut start) = (0usize, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' | ')' | ']' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    args.push(Node::ty(inner[start..i].trim()));
                    start = i + 1;
                }
                _ => {}
            }
        }
        args.push(Node::ty(inner[start..].trim()));
        Node::Led(text[..open].to_string(), Box::new(Node::angle(args)))
    }

    fn list(
        open: &'static str,
        close: &'static str,
        items: Vec<Node>,
        padded: bool,
        tuple: bool,
        max_width: Option<(usize, usize)>,
    ) -> Node {
        Node::List(List {
            open,
            close,
            items,
            padded,
            tuple,
            max_width,
        })
    }

    /// `(a, b)` as a parameter list or a tuple pattern: no comma after a
    /// single element.
    pub fn parens(items: Vec<Node>) -> Node {
        Node::list("(", ")", items, false, false, None)
    }

    /// A tuple type or expression: `(a,)` for one element.
    pub fn tuple(items: Vec<Node>) -> Node {
        Node::list("(", ")", items, false, true, None)
    }

    /// `<a, b>` of generic arguments or parameters.
    pub fn angle(items: Vec<Node>) -> Node {
        Node::list("<", ">", items, false, false, None)
    }

    /// `[a, b]`.
    pub fn brackets(items: Vec<Node>) -> Node {
        Node::list("[", "]", items, false, false, None)
    }

    /// `{ a, b }` of a struct pattern.
    pub fn braces(items: Vec<Node>) -> Node {
        Node::list("{", "}", items, true, false, None)
    }

    /// `{ a, b }` of a struct expression whose path is `lead_len` bytes long.
    pub fn struct_expr(lead_len: usize, items: Vec<Node>) -> Node {
        Node::list("{", "}", items, true, false, Some((lead_len, STRUCT_EXPR_WIDTH)))
    }

    fn flat_len(&self) -> usize {
        match self {
            Node::Text(t) => t.len(),
            Node::List(l) => l.flat_len(),
            Node::Suffixed(n, s) => n.flat_len() + s.len(),
            Node::Led(s, n) => s.len() + n.flat_len(),
        }
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Node::Text(t) => out.push_str(t),
            Node::List(l) => l.write_flat(out),
            Node::Suffixed(n, s) => {
                n.write_flat(out);
                out.push_str(s);
            }
            Node::Led(s, n) => {
                out.push_str(s);
                n.write_flat(out);
            }
        }
    }
}

impl List {
    fn flat_len(&self) -> usize {
        if self.items.is_empty() {
            return self.open.len() + self.close.len();
        }
        let items: usize = self.items.iter().map(Node::flat_len).sum::<usize>() + 2 * (self.items.len() - 1);
        let pad = if self.padded { 2 } else { 0 };
        let comma = usize::from(self.tuple && self.items.len() == 1);
        self.open.len() + self.close.len() + items + pad + comma
    }

    fn write_flat(&self, out: &mut String) {
        out.push_str(self.open);
        if self.padded && !self.items.is_empty() {
            out.push(' ');
        }
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            item.write_flat(out);
        }
        if self.tuple && self.items.len() == 1 {
            out.push(',');
        }
        if self.padded && !self.items.is_empty() {
            out.push(' ');
        }
        out.push_str(self.close);
    }

    /// Whether the list stays on one line when its line is `line` bytes
    /// wide; an empty list has nowhere to break, so it must fit.
    fn flat(&self, line: usize) -> Laid<bool> {
        if self.items.is_empty() {
            return if line <= MARGIN { Ok(true) } else { Err(Unlaid) };
        }
        Ok(line <= MARGIN
            && self.max_width.is_none_or(|(lead, max)| {
                // From the path to the space before `}`.
                lead + self.flat_len() <= max
            }))
    }
}

/// Text laid out line by line.
#[derive(Default)]
pub struct Lay {
    pub out: String,
}

impl Lay {
    pub fn new() -> Lay {
        Lay { out: String::new() }
    }

    fn indent(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Documentation lines (as `docs::lines` gives them) as `///` comments.
    pub fn doc(&mut self, indent: usize, lines: &[String]) {
        for line in lines {
            self.indent(indent);
            self.out.push_str("///");
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(super::docs::comment_text(line).trim_end_matches(' '));
                // A line of spaces only leaves `/// ` trimmed to `///`.
                if self.out.ends_with("/// ") {
                    self.out.pop();
                }
            }
            self.out.push('\n');
        }
    }

    /// A line prettyplease cannot break (no break opportunity in it, such
    /// as `path: "..",`), whatever its width.
    pub fn fixed(&mut self, indent: usize, text: &str) {
        self.indent(indent);
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A function's signature up to its `{`: `lead(params) -> ret {`,
    /// where `ret` is `(path, generic arguments)` (`("Result", [T, E])`)
    /// or nothing. When the line does not fit, the parameters break, and
    /// then the return type's arguments if the last line does not fit.
    pub fn signature(&mut self, indent: usize, lead: &str, params: &Node, ret: Option<(&str, Node)>) -> Laid {
        let ret_flat = ret.as_ref().map(|(path, args)| {
            let mut t = format!(" -> {path}");
            args.write_flat(&mut t);
            t
        });
        let tail = format!("{} {{", ret_flat.as_deref().unwrap_or(""));
        let flat_len = indent + lead.len() + params.flat_len() + tail.len();
        if flat_len <= MARGIN {
            return self.node(indent, lead, params, &tail, "");
        }
        let Node::List(l) = params else { return Err(Unlaid) };
        let head = format!("{lead}{}", l.open);
        if indent + head.len() <= MARGIN {
            self.line(indent, &head)?;
        } else {
            // The generic parameters break first: `name<`, one per line, `>(`.
            let (name, generics) = lead.strip_suffix('>').and_then(|l| l.split_once('<')).ok_or(Unlaid)?;
            self.line(indent, &format!("{name}<"))?;
            let generics: Vec<Node> = generics.split(", ").map(Node::text).collect();
            self.items(indent + 4, &generics)?;
            self.line(indent, &format!(">{}", l.open))?;
        }
        self.items(indent + 4, &l.items)?;
        let close_len = indent + l.close.len() + tail.len();
        match (close_len <= MARGIN, ret) {
            (true, _) => self.line(indent, &format!("{}{tail}", l.close)),
            (false, Some((path, args))) => self.node(indent, &format!("{} -> {path}", l.close), &args, " {", ""),
            (false, None) => Err(Unlaid),
        }
    }

    /// A struct field (`a: T,`): as it is when it fits for certain, else
    /// as prettyplease prints it (formatted once per text, see `snippet`).
    pub fn field(&mut self, indent: usize, text: String, snippets: &mut super::snippet::Snippets) -> Laid {
        if indent + text.len() <= MARGIN {
            return self.line(indent, &text);
        }
        self.line(indent, &snippets.field_line(text))
    }

    /// A line that must fit as it is.
    pub fn line(&mut self, indent: usize, text: &str) -> Laid {
        if indent + text.len() > MARGIN {
            return Err(Unlaid);
        }
        self.indent(indent);
        self.out.push_str(text);
        self.out.push('\n');
        Ok(())
    }

    /// `lead`, `node` and `tail` on one line when it fits, else `node`
    /// broken over lines, one element per line. `after` follows `tail` but
    /// does not count towards the line's width (prettyplease decides before
    /// it: the trailing comma of a list's last element).
    pub fn node(&mut self, indent: usize, lead: &str, node: &Node, tail: &str, after: &str) -> Laid {
        if let Node::Suffixed(inner, suffix) = node {
            return self.node(indent, lead, inner, &format!("{suffix}{tail}"), after);
        }
        if let Node::Led(text, inner) = node {
            return self.node(indent, &format!("{lead}{text}"), inner, tail, after);
        }
        let flat_len = indent + lead.len() + node.flat_len() + tail.len();
        let flat = match node {
            // Text has nowhere to break.
            Node::Text(_) if flat_len > MARGIN => return Err(Unlaid),
            Node::Text(_) => true,
            Node::List(l) => l.flat(flat_len)?,
            Node::Suffixed(..) | Node::Led(..) => unreachable!("unwrapped above"),
        };
        if flat {
            self.indent(indent);
            self.out.push_str(lead);
            node.write_flat(&mut self.out);
            self.out.push_str(tail);
            self.out.push_str(after);
            self.out.push('\n');
            return Ok(());
        }
        let Node::List(l) = node else { return Err(Unlaid) };
        // The line before the first element has nowhere else to break: it
        // stays whole, however long (a long path before `<`).
        self.fixed(indent, &format!("{lead}{}", l.open));
        self.items(indent + 4, &l.items)?;
        self.line(indent, &format!("{}{tail}{after}", l.close))
    }

    /// The elements of a broken list, one per line with a comma; the last
    /// one's comma does not count towards its line.
    fn items(&mut self, indent: usize, items: &[Node]) -> Laid {
        for (i, item) in items.iter().enumerate() {
            if i + 1 == items.len() {
                self.node(indent, "", item, "", ",")?;
            } else {
                self.node(indent, "", item, ",", "")?;
            }
        }
        Ok(())
    }
}

/// Type tokens as prettyplease prints a type: no spaces but after a comma
/// and between words (`&'a str`, `BTreeMap<String, T>`, `(A, B)`).
pub fn ty(tokens: &proc_macro2::TokenStream) -> String {
    let mut out = String::new();
    write_ty(tokens.clone(), &mut out);
    out
}

fn write_ty(tokens: proc_macro2::TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut word_before = false;
    let mut lifetime = false;
    let mut after_lifetime = false;
    for token in tokens {
        let quote = matches!(&token, TokenTree::Punct(p) if p.as_char() == '\'');
        match token {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if word_before {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                word_before = true;
                after_lifetime = lifetime && matches!(token, TokenTree::Ident(_));
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                if after_lifetime && c == ':' {
                    // A path after a lifetime: `&'a ::serde_json::Value`.
                    out.push(' ');
                }
                if c == ',' {
                    out.push_str(", ");
                } else {
                    out.push(c);
                }
                word_before = false;
                after_lifetime = false;
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                let mut inner = String::new();
                write_ty(g.stream(), &mut inner);
                // A trailing comma stays only in a one-element tuple.
                if let Some(kept) = inner.strip_suffix(", ") {
                    let one = close == ")" && !kept.contains(", ");
                    inner = if one { format!("{kept},") } else { kept.to_string() };
                }
                if after_lifetime {
                    out.push(' ');
                }
                out.push_str(open);
                out.push_str(&inner);
                out.push_str(close);
                word_before = false;
                after_lifetime = false;
            }
        }
        lifetime = quote;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[&str]) -> Vec<Node> {
        items.iter().map(|t| Node::text(*t)).collect()
    }

    #[test]
    fn a_list_breaks_only_when_its_line_does_not_fit() {
        let mut lay = Lay::new();
        let params = Node::parens(texts(&["&self", "a: &str"]));
        lay.node(4, "pub fn f", &params, " -> Self {", "").unwrap();
        assert_eq!(lay.out, "    pub fn f(&self, a: &str) -> Self {\n");
        let long = "x".repeat(70);
        let params = Node::parens(texts(&["&self", &format!("a: {long}")]));
        let mut lay = Lay::new();
        lay.node(4, "pub fn f", &params, " -> Self {", "").unwrap();
        assert_eq!(
            lay.out,
            format!("    pub fn f(\n        &self,\n        a: {long},\n    ) -> Self {{\n")
        );
    }

    /// prettyplease's output for `source`, an item in an `impl`.
    fn printed_in_impl(source: &str) -> String {
        let file: syn::File = syn::parse_str(&format!("impl X {{ {source} }}")).expect("parses");
        let text = prettyplease::unparse(&file);
        text.strip_prefix("impl X {\n")
            .and_then(|t| t.strip_suffix("}\n"))
            .expect("one impl")
            .to_string()
    }

    /// Signatures, patterns and struct expressions of every width around
    /// the margin lay out as prettyplease prints them.
    #[test]
    fn layouts_match_prettyplease_across_the_margin() {
        let mut laid = 0;
        for n in 1..70 {
            let name = "n".repeat(n);
            let ty = format!("crate::types::{}", "T".repeat(n));
            // A signature with a breaking return type.
            let mut lay = Lay::new();
            let params = Node::parens(vec![Node::text("&self"), Node::text(format!("{name}: &str"))]);
            let ret = Node::angle(vec![Node::text(ty.clone()), Node::text("crate::Error")]);
            let source = format!("pub async fn f(&self, {name}: &str) -> Result<{ty}, crate::Error> {{ todo!() }}");
            // Where the rules do not decide (a type argument too long for
            // its own line), the emitters print tokens.
            if lay
                .signature(4, "pub async fn f", &params, Some(("Result", ret)))
                .is_ok()
            {
                lay.line(8, "todo!()").unwrap();
                lay.line(4, "}").unwrap();
                assert_eq!(lay.out, printed_in_impl(&source), "signature, {n}");
                laid += 1;
            }
            // A struct pattern, then a struct expression, as a fn body.
            let fields: Vec<String> = (0..n / 8 + 1)
                .map(|i| format!("{}{i}", "f".repeat(n % 8 + 1)))
                .collect();
            let mut lay = Lay::new();
            lay.line(4, "fn g(self) -> Self {").unwrap();
            let pattern = Node::braces(fields.iter().map(|f| Node::text(f.as_str())).collect());
            lay.node(8, "let Self ", &pattern, " = ", "self;").unwrap();
            let inits: Vec<Node> = fields.iter().map(|f| Node::text(format!("{f}: None"))).collect();
            lay.node(8, "Self ", &Node::struct_expr(4, inits), "", "").unwrap();
            lay.line(4, "}").unwrap();
            let list = fields.join(", ");
            let inits = fields
                .iter()
                .map(|f| format!("{f}: None"))
                .collect::<Vec<_>>()
                .join(", ");
            let source = format!("fn g(self) -> Self {{ let Self {{ {list} }} = self; Self {{ {inits} }} }}");
            assert_eq!(lay.out, printed_in_impl(&source), "pattern and expression, {n}");
        }
        assert!(laid > 60, "{laid} signatures laid out");
    }

    #[test]
    fn types_print_as_prettyplease_prints_them() {
        use quote::quote;
        for tokens in [
            quote!(Option<&'a str>),
            quote!(&'a crate::types::Pet),
            quote!(Option<&'a ::serde_json::Value>),
            quote!(::std::collections::BTreeMap<String, ::serde_json::Value>),
            quote!(Vec<(i64, crate::types::A)>),
            quote!(&'a [u8]),
            quote!(Option<Option<Box<crate::types::Node>>>),
        ] {
            let printed = prettyplease::unparse(&syn::parse_quote!(type T = #tokens;));
            assert_eq!(format!("type T = {};\n", ty(&tokens)), printed);
        }
    }

    #[test]
    fn struct_expressions_break_when_wider_than_prettyplease_allows() {
        let mut lay = Lay::new();
        lay.node(8, "", &Node::struct_expr(4, texts(&["a", "b: None"])), "", "")
            .unwrap();
        // `Self { a, b: None }`: lead `Self`.
        assert_eq!(lay.out, "        { a, b: None }\n");
        let mut lay = Lay::new();
        let many = texts(&["alpha", "beta", "gamma", "delta: None", "epsilon: None"]);
        lay.node(8, "Self ", &Node::struct_expr(4, many), "", "").unwrap();
        assert!(
            lay.out.starts_with("        Self {\n            alpha,\n"),
            "{}",
            lay.out
        );
    }
}

//! Maps JSON pointers back to lines and columns of the source text, so that
//! errors and warnings can say where in the file a node is.
//!
//! serde's value types do not keep positions, so this module re-scans the text:
//! a small JSON scanner, and for YAML a scanner of block-style keys and
//! sequence items by indentation. When a pointer leads into a construct the
//! scanner does not follow (flow collections, multi-line keys), the deepest
//! node it did find is reported.

use crate::error::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// Finds locations in one source text.
pub struct Locator<'a> {
    text: &'a str,
    format: Format,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Characters before each [`CHAR_BLOCK`]-byte block, so that a column
    /// (counted in characters) costs at most one block, even on a minified
    /// one-line document.
    char_marks: std::cell::OnceCell<Vec<usize>>,
    yaml_tokens: std::cell::OnceCell<Vec<YamlToken>>,
    /// The children of each YAML block searched so far, so that each block
    /// is scanned once however many pointers pass through it.
    yaml_scopes: std::cell::RefCell<ScopeCache>,
    json_index: std::cell::OnceCell<std::collections::HashMap<String, (usize, usize)>>,
    /// Set when overlays were applied: where each node of the overlaid
    /// document came from (`crate::overlay`).
    origins: std::cell::OnceCell<crate::overlay::Origins>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, format: Format) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            text,
            format,
            line_starts,
            char_marks: std::cell::OnceCell::new(),
            yaml_tokens: std::cell::OnceCell::new(),
            yaml_scopes: Default::default(),
            json_index: std::cell::OnceCell::new(),
            origins: std::cell::OnceCell::new(),
        }
    }

    pub fn location_of_offset(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let column = self.chars_before(offset) - self.chars_before(self.line_starts[line]) + 1;
        Location { line: line + 1, column }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).map_or(self.text.len(), |&next| next - 1);
        let text = self.text.get(start..end.max(start))?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    /// Byte offset, within its line, of 1-based `column` of 1-based `line`
    /// (clamped to the line's end).
    pub fn column_offset(&self, line: usize, column: usize) -> usize {
        let Some(text) = self.line(line) else { return 0 };
        let start = self.line_starts[line - 1];
        let target = self.chars_before(start) + column.saturating_sub(1);
        let marks = self.char_marks();
        let block = marks.partition_point(|&m| m <= target).saturating_sub(1);
        let mut at = (block * CHAR_BLOCK).max(start);
        let mut seen = self.chars_before(at);
        let b = self.text.as_bytes();
        while seen < target && at < start + text.len() {
            at += 1;
            while at < b.len() && (b[at] & 0xC0) == 0x80 {
                at += 1;
            }
            seen += 1;
        }
        (at - start).min(text.len())
    }

    fn char_marks(&self) -> &[usize] {
        self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(self.text.len() / CHAR_BLOCK + 1);
            let mut count = 0;
            for block in self.text.as_bytes().chunks(CHAR_BLOCK) {
                marks.push(count);
                count += char_starts(block);
            }
            marks.push(count);
            marks
        })
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        self.char_marks()[block] + char_starts(&self.text.as_bytes()[from..offset])
    }

    /// From now on, pointers are into the document these overlays produced:
    /// nodes the spec holds are located in the spec, the others in their
    /// overlay (see [`Locator::overlay_place`]).
    pub(crate) fn set_origins(&self, origins: crate::overlay::Origins) {
        let _ = self.origins.set(origins);
    }

    /// For a node an overlay wrote: the overlay's label and the node's
    /// location in that file.
    pub fn overlay_place(&self, pointer: &str) -> Option<(&str, Option<Location>)> {
        self.origins.get()?.place(pointer)
    }

    /// Location of the node at `pointer` (RFC 6901), or of its deepest
    /// ancestor the scanner could find. After overlays, this is a location in
    /// the spec only for the spec's own nodes (`overlay_place` for the rest).
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        match self.origins.get() {
            None => self.locate_own(pointer),
            Some(origins) => match origins.spec_pointer(pointer) {
                Some(p) => self.locate_own(&p),
                None => origins.place(pointer).and_then(|(_, l)| l),
            },
        }
    }

    /// Fills in a warning's location (and its overlay file) where unknown.
    pub fn place(&self, w: &mut crate::error::Warning) {
        if w.location.is_none() {
            w.location = self.locate(&w.pointer);
            w.file = self.overlay_place(&w.pointer).map(|(f, _)| f.to_string());
        }
    }

    fn locate_own(&self, pointer: &str) -> Option<Location> {
        let segments: Vec<String> = pointer.split('/').skip(1).map(crate::reference::unescape).collect();
        if pointer.is_empty() || pointer == "/" && segments.iter().all(|s| s.is_empty()) {
            return Some(Location { line: 1, column: 1 });
        }
        match self.format {
            Format::Json => {
                let b = self.text.as_bytes();
                let index = self.json_index.get_or_init(|| json::index(b));
                // Start from the deepest indexed ancestor.
                let mut start = (0, 0, 0usize);
                for depth in (1..=segments.len().min(3)).rev() {
                    let prefix: String = segments[..depth]
                        .iter()
                        .map(|s| format!("/{}", crate::error::escape_segment(s)))
                        .collect();
                    if let Some(&(key_at, value_at)) = index.get(&prefix) {
                        start = (value_at, key_at, depth);
                        break;
                    }
                }
                let (from, found, depth) = start;
                let from = if depth == 0 { 0 } else { from };
                let off = json::find(b, from, found, &segments[depth..])?;
                Some(self.location_of_offset(off))
            }
            Format::Yaml => {
                let tokens = self.yaml_tokens.get_or_init(|| yaml_tokens(self.text));
                find_yaml(tokens, &segments, &mut self.yaml_scopes.borrow_mut())
            }
        }
    }
}

/// Bytes per checkpoint of [`Locator::char_marks`].
const CHAR_BLOCK: usize = 4096;

/// Characters that start in `bytes` (bytes that are not UTF-8 continuations).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

mod json {
    //! Just enough of a JSON scanner to walk to a pointer.

    use std::collections::HashMap;

    fn ws(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    /// The raw bytes of a string starting at `i` (without quotes) and the
    /// index after its closing quote.
    fn string(b: &[u8], i: usize) -> Option<(&[u8], usize)> {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'"' => return Some((&b[i + 1..j], j + 1)),
                b'\\' => j += 2,
                _ => j += 1,
            }
        }
        None
    }

    /// Whether a raw (still escaped) key equals `seg`.
    fn key_is(raw: &[u8], seg: &str) -> bool {
        if !raw.contains(&b'\\') {
            return raw == seg.as_bytes();
        }
        let text = String::from_utf8_lossy(raw);
        serde_json::from_str::<String>(&format!("\"{text}\"")).is_ok_and(|k| k == seg)
    }

    fn skip_value(b: &[u8], i: usize) -> Option<usize> {
        let i = ws(b, i);
        match b.get(i)? {
            b'"' => string(b, i).map(|(_, j)| j),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut j = i;
                while j < b.len() {
                    match b[j] {
                        b'"' => {
                            j = string(b, j)?.1;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j + 1);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                None
            }
            _ => {
                let mut j = i;
                while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    j += 1;
                }
                Some(j)
            }
        }
    }

    /// Offsets of the first three levels of keys (`/paths/P/M`,
    /// `/components/schemas/S`), so lookups start close to their node.
    /// Maps a pointer to (offset of its key, offset of its value).
    pub fn index(b: &[u8]) -> HashMap<String, (usize, usize)> {
        let mut out = HashMap::new();
        index_object(b, ws(b, 0), String::new(), 3, &mut out);
        out
    }

    /// Indexes the object at `i` down to `depth` levels and returns the
    /// offset after it, so that the text is scanned once; `None` where the
    /// object is not one, not closed or malformed (the caller then skips the
    /// value by itself).
    fn index_object(
        b: &[u8],
        i: usize,
        ptr: String,
        depth: usize,
        out: &mut HashMap<String, (usize, usize)>,
    ) -> Option<usize> {
        if depth == 0 || b.get(i)? != &b'{' {
            return None;
        }
        let mut i = i + 1;
        loop {
            i = ws(b, i);
            if b.get(i)? == &b'}' {
                return Some(i + 1);
            }
            let key_at = i;
            let (raw, after) = string(b, i)?;
            i = ws(b, after);
            if b.get(i)? != &b':' {
                return None;
            }
            let value_at = ws(b, i + 1);
            let key = if raw.contains(&b'\\') {
                serde_json::from_str::<String>(&format!("\"{}\"", String::from_utf8_lossy(raw))).unwrap_or_default()
            } else {
                String::from_utf8_lossy(raw).into_owned()
            };
            let child = format!("{ptr}/{}", crate::error::escape_segment(&key));
            out.insert(child.clone(), (key_at, value_at));
            let end = match index_object(b, value_at, child, depth - 1, out) {
                Some(end) => end,
                None => skip_value(b, value_at)?,
            };
            i = ws(b, end);
            if b.get(i) == Some(&b',') {
                i += 1;
            }
        }
    }

    /// Byte offset of the value (or, for the last segment, of its key),
    /// walking from the value at `start` whose own offset is `found`.
    pub fn find(b: &[u8], start: usize, mut found: usize, segments: &[String]) -> Option<usize> {
        let mut i = start;
        for seg in segments {
            i = ws(b, i);
            match b.get(i)? {
                b'{' => {
                    i += 1;
                    loop {
                        i = ws(b, i);
                        if b.get(i)? == &b'}' {
                            return Some(found);
                        }
                        let key_at = i;
                        let (raw, after) = string(b, i)?;
                        i = ws(b, after);
                        if b.get(i)? != &b':' {
                            return Some(found);
                        }
                        i += 1;
                        if key_is(raw, seg) {
                            found = key_at;
                            break;
                        }
                        i = ws(b, skip_value(b, i)?);
                        if b.get(i) == Some(&b',') {
                            i += 1;
                        }
                    }
                }
                b'[' => {
                    let want: usize = seg.parse().ok()?;
                    i += 1;
                    let mut n = 0;
                    loop {
                        i = ws(b, i);
                        if b.get(i)? == &b']' {
                            return Some(found);
                        }
                        if n == want {
                            found = i;
                            break;
                        }
                        i = ws(b, skip_value(b, i)?);
                        if b.get(i) == Some(&b',') {
                            i += 1;
                        }
                        n += 1;
                    }
                }
                _ => return Some(found),
            }
        }
        Some(found)
    }
}

#[derive(Debug)]
struct YamlToken {
    line: usize,
    column: usize,
    kind: YamlKind,
}

#[derive(Debug)]
enum YamlKind {
    Key(String),
    Item,
}

/// Block-style keys and sequence items with their columns.
fn yaml_tokens(text: &str) -> Vec<YamlToken> {
    let mut out = Vec::new();
    let mut block_scalar_indent: Option<usize> = None;
    for (lineno, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(bi) = block_scalar_indent {
            if indent > bi {
                continue;
            }
            block_scalar_indent = None;
        }
        let mut col = indent;
        let mut rest = rest;
        while rest == "-" || rest.starts_with("- ") {
            out.push(YamlToken {
                line: lineno + 1,
                column: col + 1,
                kind: YamlKind::Item,
            });
            let after = &rest[1..];
            let skip = 1 + (after.len() - after.trim_start_matches(' ').len());
            col += skip;
            rest = &rest[skip.min(rest.len())..];
        }
        if let Some((key, value)) = split_key(rest) {
            let key_col = col;
            out.push(YamlToken {
                line: lineno + 1,
                column: key_col + 1,
                kind: YamlKind::Key(key),
            });
            let v = value.trim_start();
            if v.starts_with('|') || v.starts_with('>') {
                block_scalar_indent = Some(key_col);
            }
        }
    }
    out
}

/// Splits `key: value` (key possibly quoted) into the key and the rest.
fn split_key(s: &str) -> Option<(String, &str)> {
    if s.starts_with('{') || s.starts_with('[') {
        return None;
    }
    if let Some(q) = s.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let mut key = String::new();
        let mut chars = s.char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            if c == q {
                if q == '\'' && chars.peek().map(|(_, c)| *c) == Some('\'') {
                    chars.next();
                    key.push('\'');
                    continue;
                }
                let after = &s[i + 1..];
                let after = after.trim_start();
                return after.strip_prefix(':').map(|v| (key, v));
            }
            if q == '"' && c == '\\' {
                if let Some((_, e)) = chars.next() {
                    key.push(e);
                }
                continue;
            }
            key.push(c);
        }
        return None;
    }
    let idx = s.find(": ").or_else(|| s.strip_suffix(':').map(|k| k.len()))?;
    let key = s[..idx].trim_end();
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    Some((key.to_string(), &s[idx + 1..]))
}

/// The children of one block: tokens at the smallest column in it, each
/// with the end of its own block.
#[derive(Debug)]
struct Scope {
    /// (token index, end of its block), in document order.
    children: Vec<(usize, usize)>,
    all_items: bool,
    /// Key -> position in `children` (first occurrence).
    by_key: std::collections::HashMap<String, usize>,
}

/// Scopes by (start, end, parent column, parent line).
type ScopeCache = std::collections::HashMap<(usize, usize, usize, usize), std::sync::Arc<Scope>>;

fn scope(tokens: &[YamlToken], start: usize, end: usize, parent_col: usize, parent_line: usize) -> Option<Scope> {
    let in_scope = &tokens[start..end];
    // Children sit at the smallest column in scope (items may share the
    // parent key's column).
    let child_col = in_scope
        .iter()
        .filter(|t| t.column > parent_col || matches!(t.kind, YamlKind::Item) && t.line > parent_line)
        .map(|t| t.column)
        .min()?;
    let mut children = Vec::new();
    let mut by_key = std::collections::HashMap::new();
    for (i, t) in in_scope.iter().enumerate() {
        if t.column != child_col {
            continue;
        }
        let at = start + i;
        // A key's block ends at the next token left of it or at a sibling
        // key; sequence items at the key's own column still belong to it.
        let is_key = matches!(t.kind, YamlKind::Key(_));
        let block_end = tokens[at + 1..end]
            .iter()
            .position(|x| {
                x.line > t.line
                    && (x.column < t.column
                        || (x.column == t.column && (!is_key || matches!(x.kind, YamlKind::Key(_)))))
            })
            .map_or(end, |p| at + 1 + p);
        if let YamlKind::Key(k) = &t.kind {
            by_key.entry(k.clone()).or_insert(children.len());
        }
        children.push((at, block_end));
    }
    let all_items = children.iter().all(|&(i, _)| matches!(tokens[i].kind, YamlKind::Item));
    Some(Scope {
        children,
        all_items,
        by_key,
    })
}

fn find_yaml(tokens: &[YamlToken], segments: &[String], cache: &mut ScopeCache) -> Option<Location> {
    // The scope is tokens[start..end] with columns greater than `parent_col`.
    let mut start = 0;
    let mut end = tokens.len();
    let mut found: Option<Location> = None;
    let mut parent_col = 0usize;
    let mut parent_line = 0usize;
    for seg in segments {
        let key = (start, end, parent_col, parent_line);
        let scope = match cache.get(&key) {
            Some(s) => s.clone(),
            None => {
                let s = std::sync::Arc::new(scope(tokens, start, end, parent_col, parent_line)?);
                cache.insert(key, s.clone());
                s
            }
        };
        let hit = if scope.all_items {
            let n: usize = seg.parse().ok()?;
            scope.children.get(n).copied()
        } else {
            scope.by_key.get(seg.as_str()).map(|&k| scope.children[k])
        };
        let Some((hit, block_end)) = hit else {
            return found;
        };
        let t = &tokens[hit];
        found = Some(Location {
            line: t.line,
            column: t.column,
        });
        parent_col = t.column;
        parent_line = t.line;
        start = hit + 1;
        end = block_end;
        if start >= end {
            // Scalar or flow value: nothing deeper to find.
            if seg != segments.last().unwrap_or(seg) {
                return found;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      tags:\n      - x\n      - y\n      parameters:\n        - name: id\n          in: path\n        - name: q\n          in: query\ncomponents:\n  schemas:\n    'A-B':\n      description: >-\n        text: with colon\n      type: object\n";

    #[test]
    fn yaml_pointers() {
        let l = Locator::new(YAML, Format::Yaml);
        assert_eq!(l.locate("/paths/~1a/get").map(|l| l.line), Some(4));
        assert_eq!(l.locate("/paths/~1a/get/tags/1").map(|l| l.line), Some(7));
        assert_eq!(
            l.locate("/paths/~1a/get/parameters/1/in").map(|l| (l.line, l.column)),
            Some((12, 11))
        );
        assert_eq!(l.locate("/components/schemas/A-B/type").map(|l| l.line), Some(18));
        // Unknown leaf: deepest known ancestor.
        assert_eq!(l.locate("/components/schemas/A-B/nope").map(|l| l.line), Some(15));
    }

    #[test]
    fn columns_count_characters_on_long_lines() {
        // A minified document: one line, multi-byte characters before the node.
        let mut text = String::from("{\"a\":\"");
        text.push_str(&"é".repeat(10_000));
        text.push_str("\",\"b\":{\"c\":1}}");
        let l = Locator::new(&text, Format::Json);
        let loc = l.locate("/b/c").unwrap();
        assert_eq!(
            (loc.line, loc.column),
            (1, text.chars().position(|c| c == 'c').unwrap())
        );
        let off = l.column_offset(1, loc.column);
        assert_eq!(&text[off..off + 3], "\"c\"");
        assert_eq!(l.line(1), Some(text.as_str()));
        assert_eq!(l.line(2), None);
        let two = Locator::new("a\r\nbc\n", Format::Yaml);
        assert_eq!(
            (two.line(1), two.line(2), two.line(3)),
            (Some("a"), Some("bc"), Some(""))
        );
    }

    #[test]
    fn json_pointers() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"tags\": [\"x\", \"y\"]}}\n  },\n  \"b\": 1\n}";
        let l = Locator::new(text, Format::Json);
        assert_eq!(l.locate("/b").map(|l| l.line), Some(5));
        let t = l.locate("/paths/~1a/get/tags/1").unwrap();
        assert_eq!((t.line, t.column), (3, 34));
    }
}

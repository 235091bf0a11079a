//! The one error type of the generator, and the warnings it collects.
//!
//! Every variant that is about the document carries the JSON pointer of the
//! offending node and, where the loader could find it, its line and column.

use std::fmt;

/// A 1-based line and column in the source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Formats a JSON pointer, naming the root (the empty pointer) in words.
pub(crate) struct Ptr<'a>(pub &'a str);

impl fmt::Display for Ptr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("document root")
        } else {
            f.write_str(self.0)
        }
    }
}

/// Formats ` (line L:C)` when a location is known.
pub(crate) struct At<'a>(pub &'a Option<Location>);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(loc) => write!(f, " (line {loc})"),
            None => Ok(()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not YAML or JSON.
    #[error("{format} syntax error{}: {message}", At(location))]
    Syntax {
        format: &'static str,
        message: String,
        location: Option<Location>,
    },
    /// Not an OpenAPI 3.0/3.1 document.
    #[error("{}{}: {message}", Ptr(pointer), At(location))]
    UnsupportedVersion {
        pointer: String,
        message: String,
        location: Option<Location>,
    },
    /// A node has the wrong shape for its place in the document.
    #[error("{}{}: {message}", Ptr(pointer), At(location))]
    Invalid {
        pointer: String,
        message: String,
        location: Option<Location>,
    },
    /// A `$ref` names a node the document does not have.
    #[error("{pointer}{}: $ref `{target}` does not resolve: {reason}", At(location))]
    MissingRef {
        pointer: String,
        target: String,
        reason: String,
        location: Option<Location>,
    },
    /// A `$ref` into another file or URL.
    #[error("{pointer}{}: external $ref `{target}` is not supported; bundle the document first (only `#/...` references are followed)", At(location))]
    ExternalRef {
        pointer: String,
        target: String,
        location: Option<Location>,
    },
    /// A chain of `$ref`s that only points at itself.
    #[error("{pointer}{}: $ref cycle with no schema in it: {chain}", At(location))]
    RefCycle {
        pointer: String,
        chain: String,
        location: Option<Location>,
    },
    /// `--deny-warnings` turned warnings into a failure.
    #[error("{count} warning(s) and warnings are denied")]
    DeniedWarnings { count: usize },
    /// A configuration value the generator cannot use.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An overlay file that is not a valid overlay, or cannot apply.
    #[error("overlay {file}: {}{}: {message}", Ptr(pointer), At(location))]
    Overlay {
        file: String,
        pointer: String,
        message: String,
        location: Option<Location>,
    },
    /// An error about a node of the document that an overlay wrote: located
    /// in the overlay file `file`, its pointer still the document's.
    #[error("{error} (written by overlay {file}{})", At(location))]
    InOverlay {
        file: String,
        location: Option<Location>,
        error: Box<Error>,
    },
    /// Several independent errors found in one run (such as every broken
    /// `$ref`), at most 50, and how many more there are.
    #[error("{}", Many(errors, *omitted))]
    Multiple { errors: Vec<Error>, omitted: usize },
}

/// Formats a list of errors, one per line, and the count left out.
struct Many<'a>(&'a [Error], usize);

impl fmt::Display for Many<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} errors", self.0.len() + self.1)?;
        for e in self.0 {
            write!(f, "\n{e}")?;
        }
        if self.1 > 0 {
            write!(f, "\n... and {} more", self.1)?;
        }
        Ok(())
    }
}

impl Error {
    /// A bug in the generator rather than in the document: `what` went
    /// wrong, and the user is asked to report it.
    pub(crate) fn internal(what: &str) -> Error {
        Error::Invalid {
            pointer: String::new(),
            message: format!("internal error: {what}; please report this with the spec"),
            location: None,
        }
    }

    /// JSON pointer of the node the error is about, if any.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::UnsupportedVersion { pointer, .. }
            | Error::Invalid { pointer, .. }
            | Error::MissingRef { pointer, .. }
            | Error::ExternalRef { pointer, .. }
            | Error::RefCycle { pointer, .. }
            | Error::Overlay { pointer, .. } => Some(pointer),
            Error::InOverlay { error, .. } => error.pointer(),
            Error::Multiple { errors, .. } => errors.first().and_then(Error::pointer),
            Error::Syntax { .. } | Error::DeniedWarnings { .. } | Error::Config(_) => None,
        }
    }

    pub fn location(&self) -> Option<Location> {
        match self {
            Error::Syntax { location, .. }
            | Error::UnsupportedVersion { location, .. }
            | Error::Invalid { location, .. }
            | Error::MissingRef { location, .. }
            | Error::ExternalRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Overlay { location, .. }
            | Error::InOverlay { location, .. } => *location,
            Error::Multiple { errors, .. } => errors.first().and_then(Error::location),
            Error::DeniedWarnings { .. } | Error::Config(_) => None,
        }
    }

    /// The file the location is in, when it is not the spec: the overlay
    /// that is invalid or that wrote the node.
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::Overlay { file, .. } | Error::InOverlay { file, .. } => Some(file),
            _ => None,
        }
    }

    /// Fills in the line and column from the pointer, where still unknown.
    pub(crate) fn locate(mut self, source: &crate::locate::Locator) -> Self {
        let ptr = self.pointer().map(str::to_string);
        if let Some(ptr) = ptr {
            if self.location().is_none() && !matches!(self, Error::Overlay { .. } | Error::InOverlay { .. }) {
                if let Some((file, location)) = source.overlay_place(&ptr) {
                    return Error::InOverlay {
                        file: file.to_string(),
                        location,
                        error: Box::new(self),
                    };
                }
            }
            match &mut self {
                Error::UnsupportedVersion { location, .. }
                | Error::Invalid { location, .. }
                | Error::MissingRef { location, .. }
                | Error::ExternalRef { location, .. }
                | Error::RefCycle { location, .. }
                    if location.is_none() =>
                {
                    *location = source.locate(&ptr);
                }
                _ => {}
            }
        }
        self
    }

    /// Stable identifier of the error class, for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax { .. } => "syntax",
            Error::UnsupportedVersion { .. } => "unsupported-version",
            Error::Invalid { .. } => "invalid",
            Error::MissingRef { .. } => "missing-ref",
            Error::ExternalRef { .. } => "external-ref",
            Error::RefCycle { .. } => "ref-cycle",
            Error::DeniedWarnings { .. } => "denied-warnings",
            Error::Config(_) => "config",
            Error::Multiple { .. } => "multiple",
            Error::Overlay { .. } => "overlay",
            Error::InOverlay { error, .. } => error.code(),
        }
    }
}

/// Something the generator handled in a lossy or surprising way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// What kind of thing happened; stable across releases (`docs/warnings.md`).
    pub code: WarningCode,
    pub pointer: String,
    pub location: Option<Location>,
    /// The overlay file the location is in, when the node came from an
    /// overlay (`None`: the spec). The pointer is the document's, except
    /// for a warning about the overlay itself (an action that selects
    /// nothing), whose pointer is into the overlay.
    pub file: Option<String>,
    pub message: String,
}

impl Warning {
    /// A warning about the node at `pointer`, located later from the pointer.
    pub fn new(code: WarningCode, pointer: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            code,
            pointer: pointer.into(),
            location: None,
            file: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(
                f,
                "{} (overlay {file}{}): {}",
                self.pointer,
                At(&self.location),
                self.message
            ),
            None => write!(f, "{}{}: {}", self.pointer, At(&self.location), self.message),
        }
    }
}

macro_rules! warning_codes {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// The stable code of a [`Warning`]: one kebab-case name per kind of
        /// lossy or surprising handling, listed in `docs/warnings.md`. Codes
        /// are never renamed or reused; `--allow`/`--deny` take them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum WarningCode {
            $(#[doc = $doc] $variant,)*
        }

        impl WarningCode {
            /// Every code, in documentation order.
            pub const ALL: &'static [WarningCode] = &[$(WarningCode::$variant,)*];

            /// The kebab-case name (`lossy-union`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(WarningCode::$variant => $name,)*
                }
            }

            /// One sentence on what the code means.
            pub fn description(self) -> &'static str {
                match self {
                    $(WarningCode::$variant => $doc,)*
                }
            }
        }
    };
}

warning_codes! {
    NonstandardVersion = "nonstandard-version": "`info.version` is not semver, so the crate version falls back to 0.1.0.",
    RefSiblingsIgnored = "ref-siblings-ignored": "Keywords beside a `$ref` that Rust types cannot express for this use (constraints such as `maxLength`) are ignored; documentation, `nullable`, `default`, `deprecated`, `readOnly`/`writeOnly` apply.",
    IgnoredKeyword = "ignored-keyword": "A keyword the generated type cannot honour is ignored (e.g. `properties` beside a `oneOf` alternative that is not an object).",
    UnenforcedKeyword = "unenforced-keyword": "A JSON Schema keyword with no OpenAPI 3.0 form is accepted but not enforced by the types.",
    LossyArray = "lossy-array": "An array form without a Rust equivalent (`items: false`, `prefixItems`) is read loosely.",
    LossyType = "lossy-type": "A schema with no Rust type (only `null`, an unknown `type`) becomes `serde_json::Value`.",
    LossyNot = "lossy-not": "A `not` schema has no Rust type and becomes `serde_json::Value`.",
    LossyEnum = "lossy-enum": "Enum values that do not fit the enum's type are dropped, or the enum becomes `serde_json::Value`.",
    NumericEnumStrings = "numeric-enum-strings": "Numeric enum values written as strings are read as numbers.",
    DuplicateEnumValue = "duplicate-enum-value": "A repeated enum value is ignored.",
    LossyAllOf = "lossy-all-of": "An `allOf` member cannot be merged into the struct and is (partly) left out.",
    LossyUnion = "lossy-union": "A `oneOf`/`anyOf` alternative cannot be represented or selected exactly.",
    PropertyConflict = "property-conflict": "A property is defined twice with different types; the first definition is kept.",
    RecursiveAlias = "recursive-alias": "A schema that only refers to itself has no Rust alias; its inner values are any JSON.",
    UnfollowedRef = "unfollowed-ref": "A `$ref` the generator does not follow (path item, chained request body); the node is skipped or any JSON.",
    NameCollision = "name-collision": "Two items want the same Rust name; the later one gets a suffix.",
    WebhookNameClash = "webhook-name-clash": "A webhook payload has the name of a component schema and is not generated.",
    PathParameterMismatch = "path-parameter-mismatch": "Path template and declared path parameters disagree.",
    EmptyRequestBody = "empty-request-body": "A request body has no content, so no body is sent.",
    DroppedMediaType = "dropped-media-type": "Request body media types beside the chosen one are not offered by the method.",
    NoSuccessResponse = "no-success-response": "An operation describes no 2xx response; the method returns `()`.",
    WideInteger = "wide-integer": "An integer beyond 64 bits (YAML or JSON) is read as the nearest floating-point number.",
    FalseSchema = "false-schema": "A `false` schema (no value matches): the property is left out, the union member dropped, or the type is any JSON.",
    MissingRequiredField = "missing-required-field": "A field OpenAPI requires is missing (`responses`, a response `description`); it is read as empty.",
    HeaderWithoutSchema = "header-without-schema": "A header with neither `schema` nor `content` is read as a string.",
    TextAsNumber = "text-as-number": "A number or boolean where OpenAPI wants text (`info.version`, server variables) is read as its text.",
    ResponseRefToRequestBody = "response-ref-to-request-body": "A response `$ref` names a request body; its content is read as the response's.",
    MistypedKeyword = "mistyped-keyword": "A schema keyword's value has the wrong JSON type and is ignored (or, for a numeric exclusive bound, read as in 3.1).",
    UnknownKeyword = "unknown-keyword": "A schema keyword that no OpenAPI or JSON Schema version defines (and not `x-`) is ignored; a close known keyword is suggested.",
    NullAsAbsent = "null-as-absent": "A `null` where OpenAPI expects a map or list (`content: null`) is read as absent.",
    OverlayUnmatched = "overlay-unmatched": "An overlay action's `target` selects nothing in the document, so the action changes nothing.",
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for WarningCode {
    type Err = String;

    /// Parses a kebab-case code; the error names the closest code.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(code) = WarningCode::ALL.iter().find(|c| c.as_str() == s) {
            return Ok(*code);
        }
        let names = WarningCode::ALL.iter().map(|c| c.as_str());
        Err(match crate::error::closest(s, names) {
            Some(near) => format!("unknown warning code `{s}`; did you mean `{near}`?"),
            None => format!("unknown warning code `{s}` (see docs/warnings.md)"),
        })
    }
}

impl serde::Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The candidate nearest to `wanted` by edit distance, if it is near enough
/// to be a likely typo (at most a third of the longer name differs).
pub(crate) fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(wanted, c);
        if d * 3 <= wanted.chars().count().max(c.chars().count()) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over chars, in O(len(a) * len(b)) time and O(len(b)) memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Escapes one JSON pointer segment (RFC 6901).
pub(crate) fn escape_segment(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

/// Appends `/seg`, escaped, to a pointer (no allocation when the segment
/// needs no escaping, which is the common case).
pub(crate) fn push_segment(pointer: &mut String, seg: &str) {
    pointer.push('/');
    if seg.contains(['~', '/']) {
        pointer.push_str(&escape_segment(seg));
    } else {
        pointer.push_str(seg);
    }
}

/// Appends `/index` to a pointer.
pub(crate) fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write as _;
    let _ = write!(pointer, "/{index}");
}

/// Appends segments to a pointer.
pub(crate) fn join(pointer: &str, segments: &[&str]) -> String {
    let mut out = String::with_capacity(pointer.len() + segments.iter().map(|s| s.len() + 1).sum::<usize>());
    out.push_str(pointer);
    for s in segments {
        push_segment(&mut out, s);
    }
    out
}

/// Renders a diagnostic like rustc (with `annotate-snippets`): the message,
/// the file, line and column, the source line with the node underlined, and
/// the JSON pointer. Builds a line index of `text` on each call: to render
/// many diagnostics of one document, build a [`Locator`] once and call
/// [`render_at`].
///
/// [`Locator`]: crate::locate::Locator
pub fn render(
    level: &str,
    message: &str,
    file: &str,
    text: &str,
    pointer: Option<&str>,
    location: Option<Location>,
) -> String {
    let locator = crate::locate::Locator::new(text, crate::load::detect_format(text));
    render_at(
        &locator,
        file,
        &Diagnostic {
            level,
            code: None,
            message,
            pointer,
            location,
        },
    )
}

/// One diagnostic to render: `level` is `error` or `warning`; `code`, when
/// given, is shown as `warning[code]`.
#[derive(Debug, Clone, Copy)]
pub struct Diagnostic<'a> {
    pub level: &'a str,
    pub code: Option<&'a str>,
    pub message: &'a str,
    pub pointer: Option<&'a str>,
    pub location: Option<Location>,
}

/// Characters shown before and after the column on a long line.
const WINDOW: usize = 60;

/// Renders one diagnostic of the document `locator` indexes, in time
/// proportional to the excerpt (not to the document or the line): the
/// excerpt is a window around the column, and the `-->` line shows the real
/// column even when the line is cut.
pub fn render_at(locator: &crate::locate::Locator, file: &str, d: &Diagnostic<'_>) -> String {
    use annotate_snippets::{Level, Renderer, Snippet};
    let lvl = if d.level == "warning" {
        Level::Warning
    } else {
        Level::Error
    };
    let at = d.pointer.filter(|p| !p.is_empty()).map(|p| format!("at {p}"));
    let origin_note = format!("in {file}");
    let mut msg = lvl.title(d.message);
    if let Some(code) = d.code {
        msg = msg.id(code);
    }
    let excerpt = d
        .location
        .and_then(|loc| locator.line(loc.line).map(|line| (loc, window(locator, line, loc))));
    let shown;
    if let Some((loc, (text, start))) = &excerpt {
        shown = text;
        let token_len: usize = shown[*start..]
            .chars()
            .take_while(|c| !matches!(c, ':' | ',' | ' ' | '}' | ']'))
            .map(char::len_utf8)
            .sum::<usize>()
            .max(1);
        let end = (start + token_len).min(shown.len());
        msg = msg.snippet(
            Snippet::source(shown)
                .line_start(loc.line)
                .annotation(lvl.span(*start..end.max(*start))),
        );
    } else {
        msg = msg.footer(Level::Note.title(&origin_note));
    }
    if let Some(at) = &at {
        msg = msg.footer(Level::Note.title(at));
    }
    let rendered = Renderer::plain().render(msg).to_string();
    match excerpt {
        // The `-->` line, written here so that it names the real column.
        Some((loc, _)) => {
            let pad = " ".repeat(loc.line.to_string().len());
            match rendered.split_once('\n') {
                Some((title, rest)) => format!("{title}\n{pad}--> {file}:{}:{}\n{rest}\n", loc.line, loc.column),
                None => format!("{rendered}\n"),
            }
        }
        None => format!("{rendered}\n"),
    }
}

/// The part of `line` shown for a diagnostic at `loc`: at most [`WINDOW`]
/// characters either side of the column, marked with `...` where cut, and
/// the byte offset of the column in it.
fn window(locator: &crate::locate::Locator, line: &str, loc: Location) -> (String, usize) {
    let col = locator.column_offset(loc.line, loc.column);
    let back = |from: usize, n: usize| {
        line[..from]
            .char_indices()
            .rev()
            .take(n)
            .last()
            .map_or(from, |(i, _)| i)
    };
    let fwd = |from: usize, n: usize| line[from..].char_indices().nth(n).map_or(line.len(), |(i, _)| from + i);
    let (from, to) = (back(col, WINDOW), fwd(col, WINDOW * 2));
    let mut text = String::with_capacity(to - from + 6);
    if from > 0 {
        text.push_str("...");
    }
    let start = text.len() + col - from;
    text.push_str(&line[from..to]);
    if to < line.len() {
        text.push_str("...");
    }
    (text, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_warning_code_is_documented_once_and_parses_back() {
        let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/warnings.md"));
        for code in WarningCode::ALL {
            let row = format!("| `{}` |", code.as_str());
            assert_eq!(doc.matches(&row).count(), 1, "docs/warnings.md must list `{code}` once");
            assert_eq!(code.as_str().parse::<WarningCode>(), Ok(*code));
        }
        let rows = doc.lines().filter(|l| l.starts_with("| `")).count();
        assert_eq!(
            rows,
            WarningCode::ALL.len(),
            "docs/warnings.md lists a code that does not exist"
        );
    }

    #[test]
    fn minified_documents_show_the_real_column_and_a_window() {
        let mut text = String::from("{\"openapi\":\"3.0.0\",\"x\":\"");
        text.push_str(&"y".repeat(5000));
        text.push_str("\",\"paths\":{\"/a\":7}}");
        let locator = crate::locate::Locator::new(&text, crate::locate::Format::Json);
        let location = locator.locate("/paths/~1a");
        let column = text.find("\"/a\"").unwrap() + 1;
        assert_eq!(location, Some(Location { line: 1, column }));
        let out = render_at(
            &locator,
            "api.json",
            &Diagnostic {
                level: "warning",
                code: Some("lossy-type"),
                message: "bad",
                pointer: Some("/paths/~1a"),
                location,
            },
        );
        assert!(out.starts_with("warning[lossy-type]: bad\n"), "{out}");
        assert!(out.contains(&format!(" --> api.json:1:{column}\n")), "{out}");
        assert!(out.contains("...yyyy"), "{out}");
        assert!(out.len() < 600, "the excerpt is a window, not the line: {out}");
        let lines: Vec<&str> = out.lines().collect();
        let at = lines.iter().position(|l| l.contains("...yyyy")).unwrap();
        let (source_line, marks) = (lines[at], lines[at + 1]);
        let caret = marks.find(['^', '-']).unwrap();
        assert_eq!(&source_line[caret..caret + 4], "\"/a\"", "{out}");
    }

    #[test]
    fn unknown_codes_suggest_the_nearest() {
        let err = "lossy-unoin".parse::<WarningCode>().unwrap_err();
        assert_eq!(err, "unknown warning code `lossy-unoin`; did you mean `lossy-union`?");
        let err = "zzz".parse::<WarningCode>().unwrap_err();
        assert!(err.contains("docs/warnings.md"), "{err}");
        assert_eq!(closest("Pet", ["Pets", "Order"]), Some("Pets"));
        assert_eq!(closest("Pet", ["Order", "User"]), None);
    }
}

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
pub struct Ptr<'a>(pub &'a str);

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
pub struct At<'a>(pub &'a Option<Location>);

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
            | Error::RefCycle { pointer, .. } => Some(pointer),
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
            | Error::RefCycle { location, .. } => *location,
            Error::DeniedWarnings { .. } | Error::Config(_) => None,
        }
    }

    /// Fills in the line and column from the pointer, where still unknown.
    pub(crate) fn locate(mut self, source: &crate::locate::Locator) -> Self {
        let ptr = self.pointer().map(str::to_string);
        if let Some(ptr) = ptr {
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
        }
    }
}

/// Something the generator handled in a lossy or surprising way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub pointer: String,
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}: {}", self.pointer, At(&self.location), self.message)
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_segment(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

/// Appends `/seg`, escaped, to a pointer (no allocation when the segment
/// needs no escaping, which is the common case).
pub fn push_segment(pointer: &mut String, seg: &str) {
    pointer.push('/');
    if seg.contains(['~', '/']) {
        pointer.push_str(&escape_segment(seg));
    } else {
        pointer.push_str(seg);
    }
}

/// Appends `/index` to a pointer.
pub fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write as _;
    let _ = write!(pointer, "/{index}");
}

/// Appends segments to a pointer.
pub fn join(pointer: &str, segments: &[&str]) -> String {
    let mut out = pointer.to_string();
    for s in segments {
        out.push('/');
        out.push_str(&escape_segment(s));
    }
    out
}

/// Renders a diagnostic like rustc (with `annotate-snippets`): the message,
/// the file, line and column, the source line with the node underlined, and
/// the JSON pointer.
pub fn render(
    level: &str,
    message: &str,
    file: &str,
    text: &str,
    pointer: Option<&str>,
    location: Option<Location>,
) -> String {
    use annotate_snippets::{Level, Renderer, Snippet};
    let lvl = if level == "warning" {
        Level::Warning
    } else {
        Level::Error
    };
    let at = pointer.filter(|p| !p.is_empty()).map(|p| format!("at {p}"));
    let origin = file.to_string();
    let line_text = location.and_then(|loc| text.lines().nth(loc.line.saturating_sub(1)).map(|l| (loc, l)));
    let mut msg = lvl.title(message);
    let shown: String;
    let origin_note = format!("in {file}");
    if let Some((loc, line)) = line_text {
        // Long lines (minified JSON) are cut around the column.
        let chars: Vec<char> = line.chars().collect();
        let col = loc.column.saturating_sub(1).min(chars.len());
        let from = col.saturating_sub(60);
        let to = (col + 100).min(chars.len());
        shown = chars[from..to].iter().collect();
        let rel = col - from;
        let start: usize = shown.chars().take(rel).map(char::len_utf8).sum();
        let token_len: usize = shown[start..]
            .chars()
            .take_while(|c| !matches!(c, ':' | ',' | ' ' | '}' | ']'))
            .map(char::len_utf8)
            .sum::<usize>()
            .max(1)
            .min(shown.len().saturating_sub(start).max(1));
        let end = (start + token_len).min(shown.len());
        msg = msg.snippet(
            Snippet::source(&shown)
                .line_start(loc.line)
                .origin(&origin)
                .annotation(lvl.span(start..end.max(start))),
        );
    } else {
        msg = msg.footer(Level::Note.title(&origin_note));
    }
    if let Some(at) = &at {
        msg = msg.footer(Level::Note.title(at));
    }
    format!("{}\n", Renderer::plain().render(msg))
}

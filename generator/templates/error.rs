//! The error type of every operation. It never hides what happened: each
//! variant names the operation (its `operationId`) and, once the server has
//! answered, the status and the start of the body.

use std::time::Duration;

/// What went wrong in a call.
///
/// Every variant names the operation; [`Error::status`] and
/// [`Error::operation`] read them from any variant. A complete `match`:
///
/// @example
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the answer could not be read
    /// (connection refused, TLS failure, reset, a malformed answer). The
    /// message includes every cause down to the root one.
    #[error("{operation}: request failed: {}", crate::error::causes(source))]
    Transport {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// No complete answer within the client's timeout.
    #[error("{operation}: no answer within {elapsed:?}")]
    Timeout {
        operation: &'static str,
        elapsed: Duration,
    },
    /// The server answered with a status outside 2xx. `body` holds the
    /// API's error body when the answer parses as one.
    #[error("{operation}: the server answered {status}{}: {excerpt}", body.as_ref().map(crate::error::describe_api_error).unwrap_or_default())]
    Api {
        operation: &'static str,
        status: u16,
        body: Option<Box<ApiErrorBody>>,
        content_type: Option<String>,
        excerpt: String,
    },
    /// A 2xx answer whose body does not fit the operation's type.
    #[error("{operation}: cannot decode the {status} answer at `{path}`: {message}; body starts: {excerpt}")]
    Decode {
        operation: &'static str,
        status: u16,
        /// Where in the body decoding failed (e.g. `users[0].token`).
        path: String,
        message: String,
        excerpt: String,
    },
    /// A 2xx answer in a media type the operation does not describe.
    #[error("{operation}: expected {expected} but the {status} answer is `{content_type}`; body starts: {excerpt}")]
    UnexpectedContentType {
        operation: &'static str,
        status: u16,
        expected: &'static str,
        content_type: String,
        excerpt: String,
    },
    /// A 2xx status the operation does not describe.
    #[error("{operation}: unexpected status {status}; body starts: {excerpt}")]
    UnexpectedStatus {
        operation: &'static str,
        status: u16,
        excerpt: String,
    },
    /// The request could not be built from the arguments.
    #[error("{operation}: cannot build the request: {message}")]
    Request {
        operation: &'static str,
        message: String,
    },
    /// The answer's body is larger than the client's limit; reading stopped
    /// there. Raise the limit with `ClientBuilder::max_body_size` or, for one
    /// call, `Client::with_max_body_size`.
    #[error("{operation}: the {status} answer is larger than the body size limit of {limit} bytes")]
    BodyTooLarge {
        operation: &'static str,
        status: u16,
        /// The limit in bytes, counted after decompression.
        limit: usize,
    },
    /// A redirect could not be followed: too many, or to a location that is
    /// not an http(s) URL.
    #[error("{operation}: cannot follow the {status} redirect: {message}")]
    Redirect {
        operation: &'static str,
        status: u16,
        message: String,
    },
    /// A credential or header value holds characters an HTTP header cannot
    /// carry (CR, LF, other control characters, non-ASCII). Reported when
    /// the value is set, before anything is sent.
    #[error("the value for `{name}` cannot be sent in an HTTP header (it holds control or non-ASCII characters)")]
    InvalidHeaderValue {
        /// The header (or credential) the value was meant for.
        name: String,
    },
    /// Writing a downloaded body failed (`Download::write_to`, `Download::save`).
    #[error("{operation}: cannot write the answer: {source}")]
    Io {
        operation: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The client configuration is unusable.
    #[error("invalid client configuration: {message}")]
    Config { message: String },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::UnexpectedContentType { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `operationId` of the failed call.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Api { operation, .. }
            | Error::Decode { operation, .. }
            | Error::UnexpectedContentType { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Request { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::Io { operation, .. } => Some(operation),
            Error::Config { .. } | Error::InvalidHeaderValue { .. } => None,
        }
    }
}

/// An error and its causes, outermost first, joined by `: ` (each cause
/// once, even when a message repeats its source's).
pub(crate) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        let message = cause.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        next = cause.source();
    }
    text
}

/// At most 512 bytes of a body, as text, for error messages: cut at a
/// character boundary, invalid UTF-8 shown as U+FFFD, control characters
/// escaped (`\n`, `\u{1b}`) so that printing an error cannot move the cursor,
/// clear a terminal or forge log lines.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 512;
    if body.is_empty() {
        return "(empty body)".to_string();
    }
    let mut cut = &body[..body.len().min(MAX)];
    if let Err(e) = std::str::from_utf8(cut) {
        if e.error_len().is_none() {
            // A character split by the cut: drop its first bytes.
            cut = &cut[..e.valid_up_to()];
        }
    }
    let mut text = String::with_capacity(cut.len());
    for c in String::from_utf8_lossy(cut).chars() {
        if c.is_control() {
            text.extend(c.escape_default());
        } else {
            text.push(c);
        }
    }
    if body.len() > MAX {
        text.push_str("...");
    }
    text
}

/// ` (code 1005: Access denied)`-style summary of an API error body: the
/// entries of an `errors` array (code, title, details) or a `message`.
pub(crate) fn describe_api_error<T: serde::Serialize>(body: &T) -> String {
    let Ok(v) = serde_json::to_value(body) else {
        return String::new();
    };
    let describe = |e: &serde_json::Value| -> Option<String> {
        if let Some(s) = e.as_str() {
            return Some(s.to_string());
        }
        let field = |k: &str| e.get(k).filter(|x| !x.is_null()).map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()));
        let code = field("code");
        let text: Vec<String> = ["title", "message", "details", "detail"].iter().filter_map(|k| field(k)).collect();
        match (code, text.is_empty()) {
            (None, true) => None,
            (Some(c), true) => Some(format!("code {c}")),
            (None, false) => Some(text.join(": ")),
            (Some(c), false) => Some(format!("code {c}: {}", text.join(": "))),
        }
    };
    let parts: Vec<String> = match v.get("errors").or_else(|| v.get("error")) {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(describe).collect(),
        Some(other) => describe(other).into_iter().collect(),
        None => describe(&v).into_iter().collect(),
    };
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

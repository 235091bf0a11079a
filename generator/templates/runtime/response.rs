//! Reading an answer (within the size limit) and decoding it.

use super::client::{transport_error, Op};
use super::events::{json_data, text_data, EventStream, Source};
use crate::error::{excerpt, Error};
use std::time::Instant;

/// Most of an error answer's body that is read; the rest is dropped unread
/// (the excerpt and the API's error body need far less).
const ERROR_BODY_MAX: usize = 1024 * 1024;

/// Reads the answer's body, chunk by chunk, into one buffer of at most
/// `limit` bytes (counted after decompression). A success answer over the
/// limit is [`Error::BodyTooLarge`]; an error answer is cut at the smaller
/// of `limit` and [`ERROR_BODY_MAX`] and becomes [`Error::Api`].
pub(crate) async fn read_body(
    op: &'static Op,
    mut resp: reqwest::Response,
    limit: usize,
    started: Instant,
) -> Result<Response, Error> {
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let success = (200..300).contains(&status);
    let cap = if success { limit } else { limit.min(ERROR_BODY_MAX) };
    let too_large = || Error::BodyTooLarge { operation: op.id, status, limit };
    if success && op.stream {
        // The limit applies to a download's whole body, to each event of
        // an event stream: checked by each as it reads.
        let unread = Some((Box::new(resp), limit));
        return Ok(Response { op, status, content_type, body: Vec::new(), unread });
    }
    let announced = resp.content_length();
    if success && announced.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(announced.map_or(0, |n| n.min(cap as u64) as usize));
    while let Some(chunk) = resp.chunk().await.map_err(|e| transport_error(op, e, started))? {
        let room = cap - body.len();
        if chunk.len() > room {
            if success {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    let response = Response { op, status, content_type, body, unread: None };
    if success {
        Ok(response)
    } else {
        Err(response.api_error())
    }
}

/// A binary answer: the media type the server gave it and its body, read
/// on demand within the client's body size limit
/// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size),
/// or [`Client::with_max_body_size`](crate::Client::with_max_body_size) for one
/// call). An operation whose only answer is binary returns it before reading
/// the body, so it can be streamed: [`chunk`](Self::chunk) pulls it piece by
/// piece, [`write_to`](Self::write_to) and [`save`](Self::save) copy it to a
/// writer or a file, [`bytes`](Self::bytes) collects it. Going over the limit
/// is [`Error::BodyTooLarge`] in each of them.
pub struct Download {
    pub content_type: Option<String>,
    body: DownloadBody,
}

enum DownloadBody {
    /// Read already (an answer among several media types), or given.
    Read(Option<Vec<u8>>),
    /// Still on the connection.
    Unread {
        op: &'static Op,
        status: u16,
        resp: Box<reqwest::Response>,
        limit: usize,
        read: usize,
    },
}

impl Download {
    /// A download of bytes already in memory (e.g. for tests of code that
    /// takes a `Download`).
    pub fn new(content_type: Option<String>, bytes: Vec<u8>) -> Self {
        Download { content_type, body: DownloadBody::Read(Some(bytes)) }
    }

    /// The next piece of the body; `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::BodyTooLarge`] past the limit, [`Error::Transport`] or
    /// [`Error::Timeout`] when the connection fails.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        match &mut self.body {
            DownloadBody::Read(bytes) => Ok(bytes.take().map(bytes::Bytes::from)),
            DownloadBody::Unread { op, status, resp, limit, read } => {
                let started = Instant::now();
                let Some(chunk) = resp.chunk().await.map_err(|e| transport_error(op, e, started))? else {
                    return Ok(None);
                };
                *read += chunk.len();
                if *read > *limit {
                    return Err(Error::BodyTooLarge { operation: op.id, status: *status, limit: *limit });
                }
                Ok(Some(chunk))
            }
        }
    }

    /// The whole body.
    ///
    /// # Errors
    ///
    /// Those of [`chunk`](Self::chunk).
    pub async fn bytes(mut self) -> Result<Vec<u8>, Error> {
        if let DownloadBody::Read(bytes) = &mut self.body {
            return Ok(bytes.take().unwrap_or_default());
        }
        let mut out = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Copies the body to `out` piece by piece; returns the bytes written.
    ///
    /// # Errors
    ///
    /// Those of [`chunk`](Self::chunk); [`Error::Io`] when writing fails.
    pub async fn write_to<W: tokio::io::AsyncWrite + Unpin + ?Sized>(mut self, out: &mut W) -> Result<u64, Error> {
        use tokio::io::AsyncWriteExt;
        let operation = self.operation();
        let io = |source: std::io::Error| Error::Io { operation, source };
        let mut written = 0u64;
        while let Some(chunk) = self.chunk().await? {
            out.write_all(&chunk).await.map_err(io)?;
            written += chunk.len() as u64;
        }
        out.flush().await.map_err(io)?;
        Ok(written)
    }

    /// Writes the body to a new file at `path` (replacing one that exists);
    /// returns the bytes written. A body over the limit leaves a partial file.
    ///
    /// # Errors
    ///
    /// Those of [`write_to`](Self::write_to).
    pub async fn save(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        let operation = self.operation();
        let mut file = tokio::fs::File::create(path).await.map_err(|source| Error::Io { operation, source })?;
        self.write_to(&mut file).await
    }

    fn operation(&self) -> &'static str {
        match &self.body {
            DownloadBody::Unread { op, .. } => op.id,
            DownloadBody::Read(_) => "",
        }
    }
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = match &self.body {
            DownloadBody::Read(Some(bytes)) => format!("{} bytes", bytes.len()),
            DownloadBody::Read(None) => "taken".to_string(),
            DownloadBody::Unread { read, .. } => format!("streaming, {read} bytes read"),
        };
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("body", &format_args!("{body}"))
            .finish()
    }
}

/// A complete answer, body read.
#[doc(hidden)]
#[derive(Debug)]
pub struct Response {
    op: &'static Op,
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
    /// The unread body of a 2xx answer to an operation that streams
    /// (`Op::stream`), with the limit that applies to it.
    unread: Option<(Box<reqwest::Response>, usize)>,
}

fn is_json_type(ct: &str) -> bool {
    let m = media_base(ct);
    m == "application/json" || m.ends_with("+json") || m == "text/json"
}

impl Response {
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body is JSON, or has no content type at all.
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().map_or(true, is_json_type)
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's media type is one of `accepted` (which may hold `type/*`
    /// or `*/*`), or the answer has no content type at all.
    pub fn media_is(&self, accepted: &[&str]) -> bool {
        let Some(ct) = self.content_type.as_deref() else { return true };
        let actual = media_base(ct);
        accepted.iter().any(|a| {
            let a = media_base(a);
            a == actual
                || a == "*/*"
                || a.strip_suffix("/*").is_some_and(|family| actual.split('/').next() == Some(family))
        })
    }

    fn api_error(self) -> Error {
        let body = if self.is_json() {
            serde_json::from_slice::<crate::error::ApiErrorBody>(&self.body).ok()
        } else {
            None
        };
        Error::Api {
            operation: self.op.id,
            status: self.status,
            body: body.map(Box::new),
            content_type: self.content_type,
            excerpt: excerpt(&self.body),
        }
    }

    /// A 2xx status the operation does not describe.
    pub fn unexpected_status(self) -> Error {
        Error::UnexpectedStatus {
            operation: self.op.id,
            status: self.status,
            excerpt: excerpt(&self.body),
        }
    }

    /// A 2xx answer in a media type the operation does not describe.
    pub fn unexpected_content_type(self, expected: &'static str) -> Error {
        Error::UnexpectedContentType {
            operation: self.op.id,
            status: self.status,
            expected,
            content_type: self.content_type.unwrap_or_default(),
            excerpt: excerpt(&self.body),
        }
    }

    /// Decodes a JSON body.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        if !self.is_json() {
            return Err(self.unexpected_content_type("application/json"));
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            // No content: fine for types that accept `null` (`Value`, `Option`).
            if let Ok(v) = serde_json::from_value::<T>(serde_json::Value::Null) {
                return Ok(v);
            }
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let decoded = serde_path_to_error::deserialize::<_, T>(&mut de)
            .map_err(|e| (e.path().to_string(), e.inner().to_string()))
            .and_then(|v| de.end().map(|()| v).map_err(|e| (".".to_string(), e.to_string())));
        decoded.map_err(|(path, message)| Error::Decode {
            operation: self.op.id,
            status: self.status,
            path,
            message,
            excerpt: excerpt(&self.body),
        })
    }

    /// Ignores any body.
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    /// Decodes a text body in the `expected` media type.
    pub fn text(self, expected: &'static str) -> Result<String, Error> {
        if !self.media_is(&[expected]) {
            return Err(self.unexpected_content_type(expected));
        }
        match String::from_utf8(self.body) {
            Ok(s) => Ok(s),
            Err(e) => {
                let body = e.into_bytes();
                Err(Error::Decode {
                    operation: self.op.id,
                    status: self.status,
                    path: ".".into(),
                    message: "the text body is not valid UTF-8".into(),
                    excerpt: excerpt(&body),
                })
            }
        }
    }

    /// A binary body in one of the `accepted` media types.
    pub fn binary(self, accepted: &'static [&'static str]) -> Result<Download, Error> {
        if !self.media_is(accepted) {
            return Err(self.unexpected_content_type(accepted.first().copied().unwrap_or("application/octet-stream")));
        }
        let body = match self.unread {
            Some((resp, limit)) => {
                if resp.content_length().is_some_and(|n| n > limit as u64) {
                    return Err(Error::BodyTooLarge { operation: self.op.id, status: self.status, limit });
                }
                DownloadBody::Unread { op: self.op, status: self.status, resp, limit, read: 0 }
            }
            None => DownloadBody::Read(Some(self.body)),
        };
        Ok(Download { content_type: self.content_type, body })
    }

    /// A `text/event-stream` body whose events carry JSON of `T`.
    pub fn events_json<T: serde::de::DeserializeOwned>(self) -> Result<EventStream<T>, Error> {
        self.events(json_data::<T>)
    }

    /// A `text/event-stream` body whose events carry text.
    pub fn events_text(self) -> Result<EventStream<String>, Error> {
        self.events(text_data)
    }

    fn events<T>(self, decode: fn(&str) -> Result<T, (String, String)>) -> Result<EventStream<T>, Error> {
        if !self.media_is(&["text/event-stream"]) {
            return Err(self.unexpected_content_type("text/event-stream"));
        }
        let (source, limit) = match self.unread {
            Some((resp, limit)) => (Source::Stream(Box::pin((*resp).bytes_stream())), limit),
            None => (Source::Read(self.body), usize::MAX),
        };
        Ok(EventStream::new(self.op, self.status, source, limit, decode))
    }
}

fn media_base(ct: &str) -> String {
    ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

//! Server-sent events (`text/event-stream`): the answer's body parsed as it
//! arrives, by the WHATWG rules, into typed events.

use super::client::{transport_error, Op};
use crate::error::{excerpt, Error};
use bytes::Bytes;
use futures_core::Stream;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;

/// How an event's `data` becomes the item type: `Err((path, message))`.
type Decode<T> = fn(&str) -> Result<T, (String, String)>;

/// One event of an [`EventStream`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's name (its `event:` field), `message` when it has none.
    pub event: String,
    /// The last event ID the server set (an `id:` field in this event or an
    /// earlier one), `None` when none was set or it was set empty. Send it as
    /// `Last-Event-ID` when reconnecting.
    pub id: Option<String>,
    /// The reconnection time this event asked for (its `retry:` field).
    pub retry: Option<Duration>,
    /// The event's data: its `data:` lines joined by `\n`, decoded into the
    /// operation's event type.
    pub data: T,
}

/// A typed stream of server-sent events: implements
/// `futures_core::Stream<Item = Result<Event<T>, Error>>` (so `StreamExt`
/// of `futures` or `tokio-stream` applies), and [`next`](Self::next) reads
/// it without them:
///
/// ```ignore
/// while let Some(event) = stream.next().await {
///     let event = event?;
///     println!("{}: {:?}", event.event, event.data);
/// }
/// ```
///
/// The body is parsed as it arrives by the WHATWG rules (`field: value`
/// lines ending in LF, CR or CRLF, `data` lines joined by `\n`, `:` comments
/// skipped, a blank line ends an event, a leading byte order mark dropped,
/// an unfinished event at the end dropped).
///
/// - Each event's `data` is decoded into `T`: JSON of the event schema, or
///   the text itself when the schema is a string. Data that does not decode
///   (e.g. a closing `[DONE]` where `T` is JSON) is an [`Error::Decode`]
///   item holding the text in its excerpt, and the stream goes on after it;
///   [`into_raw`](Self::into_raw) gives the events' text undecoded instead.
/// - Memory is bounded per event: an event (or a line) longer than the
///   client's body size limit ends the stream with [`Error::BodyTooLarge`].
/// - The client's `timeout` bounds the whole call, stream included: build
///   the client with a longer one for long streams.
/// - Reconnecting is left to the caller: call again, sending
///   [`last_event_id`](Self::last_event_id) as `Last-Event-ID` where the API
///   takes it, after [`retry`](Self::retry) when the server asked for one.
pub struct EventStream<T> {
    op: &'static Op,
    status: u16,
    source: Option<ByteStream>,
    parser: Parser,
    decode: Decode<T>,
    limit: usize,
    started: Instant,
    done: bool,
}

impl<T> EventStream<T> {
    pub(crate) fn new(op: &'static Op, status: u16, source: Source, limit: usize, decode: Decode<T>) -> Self {
        let (source, parser) = match source {
            Source::Stream(stream) => (Some(stream), Parser::default()),
            Source::Read(bytes) => {
                let mut parser = Parser::default();
                // Already read within the limit: no event is longer than it.
                let _ = parser.feed(&bytes, usize::MAX);
                (None, parser)
            }
        };
        EventStream { op, status, source, parser, decode, limit, started: Instant::now(), done: false }
    }

    /// The next event; `None` once the server ends the stream (or after an
    /// error that ends it).
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    /// The last event ID the server set so far (see [`Event::id`]).
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.parser.last_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The last reconnection time the server asked for, if any.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.reconnect
    }

    /// The same stream, each event's data as text, undecoded.
    pub fn into_raw(self) -> EventStream<String> {
        EventStream {
            op: self.op,
            status: self.status,
            source: self.source,
            parser: self.parser,
            decode: text_data,
            limit: self.limit,
            started: self.started,
            done: self.done,
        }
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, Error>>> {
        loop {
            if let Some(raw) = self.parser.ready.pop_front() {
                return Poll::Ready(Some(self.finish(raw)));
            }
            let Some(source) = self.source.as_mut().filter(|_| !self.done) else {
                self.source = None;
                return Poll::Ready(None);
            };
            match source.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    if self.parser.feed(&chunk, self.limit).is_err() {
                        self.done = true;
                        let (operation, status, limit) = (self.op.id, self.status, self.limit);
                        return Poll::Ready(Some(Err(Error::BodyTooLarge { operation, status, limit })));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(transport_error(self.op, e, self.started))));
                }
                // An unfinished event at the end is dropped.
                Poll::Ready(None) => self.done = true,
            }
        }
    }

    fn finish(&self, raw: RawEvent) -> Result<Event<T>, Error> {
        match (self.decode)(&raw.data) {
            Ok(data) => Ok(Event { event: raw.event, id: raw.id, retry: raw.retry, data }),
            Err((path, message)) => Err(Error::Decode {
                operation: self.op.id,
                status: self.status,
                path,
                message,
                excerpt: excerpt(raw.data.as_bytes()),
            }),
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("operation", &self.op.id)
            .field("last_event_id", &self.last_event_id())
            .field("ended", &(self.done || self.source.is_none()))
            .finish()
    }
}

/// Where the events come from.
pub(crate) enum Source {
    /// The body, still on the connection.
    Stream(ByteStream),
    /// The body, read already (an answer among several cases).
    Read(Vec<u8>),
}

/// `data` decoded as JSON of `T`.
pub(crate) fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_str(data);
    serde_path_to_error::deserialize::<_, T>(&mut de)
        .map_err(|e| (e.path().to_string(), e.inner().to_string()))
        .and_then(|v| de.end().map(|()| v).map_err(|e| (".".to_string(), e.to_string())))
}

/// `data` as it is.
pub(crate) fn text_data(data: &str) -> Result<String, (String, String)> {
    Ok(data.to_string())
}

/// An event parsed but not yet decoded.
struct RawEvent {
    event: String,
    id: Option<String>,
    retry: Option<Duration>,
    data: String,
}

/// The WHATWG event stream parser, fed chunk by chunk.
#[derive(Default)]
struct Parser {
    /// The line being read (no line end yet).
    line: Vec<u8>,
    /// The last byte fed was a CR: a following LF belongs to that line end.
    after_cr: bool,
    /// A line has been completed (the byte order mark is only looked for
    /// in the first).
    started: bool,
    data: String,
    /// Some `data` line was seen in this event (its data may be empty).
    has_data: bool,
    event: String,
    /// The `retry` of the event being read.
    event_retry: Option<Duration>,
    last_id: String,
    reconnect: Option<Duration>,
    ready: VecDeque<RawEvent>,
}

impl Parser {
    /// Parses `chunk`; `Err` when the event being read grows past `limit`.
    fn feed(&mut self, mut chunk: &[u8], limit: usize) -> Result<(), ()> {
        if chunk.is_empty() {
            return Ok(());
        }
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            self.check(limit)?;
            let line = std::mem::take(&mut self.line);
            self.process(&line);
            self.line = line;
            self.line.clear();
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(chunk);
        self.check(limit)
    }

    fn check(&self, limit: usize) -> Result<(), ()> {
        if self.line.len() + self.data.len() + self.event.len() > limit {
            Err(())
        } else {
            Ok(())
        }
    }

    fn process(&mut self, line: &[u8]) {
        let mut line = String::from_utf8_lossy(line);
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_string().into();
            }
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = value.to_string(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                let retry = value.parse().ok().map(Duration::from_millis);
                self.event_retry = retry;
                self.reconnect = retry.or(self.reconnect);
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let retry = self.event_retry.take();
        let event = std::mem::take(&mut self.event);
        if !self.has_data {
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(RawEvent {
            event: if event.is_empty() { "message".to_string() } else { event },
            id: Some(self.last_id.clone()).filter(|id| !id.is_empty()),
            retry,
            data,
        });
    }
}

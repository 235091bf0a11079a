//! Request plumbing shared by every operation: the client and its builder,
//! credentials, parameter encoding, retries, tracing and response decoding.
//! Operations in `client.rs` only describe themselves and call into here.

use crate::error::{excerpt, Error};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    pub file_name: String,
    /// Media type of the part, e.g. `image/jpeg`.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl FilePart {
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// A binary answer: the bytes and the media type the server gave them.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// Static description of one operation.
#[doc(hidden)]
#[derive(Debug)]
pub struct Op {
    /// `operationId`.
    pub id: &'static str,
    pub method: &'static str,
    /// Path template, e.g. `/media/{MediaId}`.
    pub path: &'static str,
    /// `Accept` header: the media types of the success answers (may be empty).
    pub accept: &'static str,
    /// Alternatives of security scheme sets (any one suffices).
    pub security: &'static [&'static [&'static str]],
}

impl Op {
    fn idempotent(&self) -> bool {
        !matches!(self.method, "POST" | "PATCH")
    }
}

/// How a security scheme is applied.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Scheme {
    Bearer,
    Basic,
    ApiKeyHeader(&'static str),
    ApiKeyQuery(&'static str),
    ApiKeyCookie(&'static str),
}

/// A secret string: compared and cloned like a string, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Prints `"***"` in place of a secret field.
#[doc(hidden)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// The credentials the client holds. Printing them shows no secret.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub bearer: Option<Secret>,
    /// When the bearer token stops being valid, as the server wrote it.
    pub bearer_expires: Option<String>,
    pub basic: Option<(String, Secret)>,
    /// API keys by security scheme name.
    pub api_keys: std::collections::BTreeMap<String, Secret>,
}

/// When and how often failed requests are retried.
///
/// Off by default. When on, connection errors, `429 Too Many Requests` and
/// `503 Service Unavailable` are retried for idempotent methods (GET, PUT,
/// DELETE, HEAD, OPTIONS, TRACE) with exponential backoff and jitter,
/// waiting at least what a `Retry-After` header asks. POST and PATCH are
/// retried only for calls made through [`Client::allow_retry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// Delay before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// Upper bound of any single delay (also caps `Retry-After`).
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::from_millis(200),
        max_delay: Duration::from_secs(30),
    };

    /// `max_retries` retries with 200 ms base delay, 30 s cap.
    pub fn exponential(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..Self::NONE
        }
    }

    fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(16));
        let capped = exp.min(self.max_delay);
        // Full jitter over the upper half of the window.
        let jitter = jitter_fraction();
        let backoff = capped / 2 + capped.mul_f64(jitter / 2.0);
        match retry_after {
            Some(wait) => wait.min(self.max_delay).max(backoff.min(wait)),
            None => backoff,
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::NONE
    }
}

fn jitter_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (h.finish() % 10_000) as f64 / 10_000.0
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: RwLock<Credentials>,
    retry: RetryPolicy,
}

/// The API client. Cheap to clone (clones share the connection pool and the
/// credentials) and `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    retry_unsafe: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &*self.read_credentials())
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    headers: Vec<(String, Secret)>,
    root_certificates: Vec<Vec<u8>>,
    accept_invalid_certs: bool,
    retry: RetryPolicy,
    credentials: Credentials,
}

impl ClientBuilder {
    /// Base URL that operation paths are appended to (default: the first
    /// server of the API description).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses this `reqwest::Client` as it is; timeout, user agent, headers and
    /// certificates set on the builder are then not applied.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Total time allowed for each request (default: 30 seconds).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection (default: 10 seconds).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// A header sent with every request. Values are treated as secrets.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), Secret::new(value)));
        self
    }

    /// Trusts this PEM certificate, e.g. a self-signed one of an on-premises host.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Accepts any server certificate. Only for development against hosts
    /// whose certificate cannot be added with `add_root_certificate`.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials.bearer = Some(Secret::new(token));
        self
    }

    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.basic = Some((username.into(), Secret::new(password)));
        self
    }

    /// Sets the key for an API-key security scheme, by scheme name.
    pub fn api_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.credentials.api_keys.insert(scheme.into(), Secret::new(key));
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let config_error = |message: String| Error::Config { message };
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut b = reqwest::Client::builder()
                    .timeout(self.timeout.unwrap_or(Duration::from_secs(30)))
                    .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                    .user_agent(self.user_agent.unwrap_or_else(|| {
                        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string()
                    }))
                    .danger_accept_invalid_certs(self.accept_invalid_certs);
                let mut headers = reqwest::header::HeaderMap::new();
                for (name, value) in &self.headers {
                    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|e| config_error(format!("invalid header name `{name}`: {e}")))?;
                    let mut value = reqwest::header::HeaderValue::from_str(value.expose())
                        .map_err(|_| config_error(format!("invalid value for header `{name}`")))?;
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                b = b.default_headers(headers);
                for pem in &self.root_certificates {
                    let cert = reqwest::Certificate::from_pem(pem)
                        .map_err(|e| config_error(format!("invalid PEM root certificate: {e}")))?;
                    b = b.add_root_certificate(cert);
                }
                b.build().map_err(|e| config_error(format!("cannot build the HTTP client: {e}")))?
            }
        };
        let base_url = self
            .base_url
            .or_else(|| crate::client::DEFAULT_BASE_URL.map(str::to_string))
            .ok_or_else(|| config_error("no base URL: the API names no server, so call `base_url`".into()))?;
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| config_error(format!("invalid base URL `{base_url}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(config_error(format!("base URL `{base_url}` must be http or https")));
        }
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                credentials: RwLock::new(self.credentials),
                retry: self.retry,
            }),
            retry_unsafe: false,
        })
    }
}

impl Client {
    /// A client for `base_url` with default settings.
    pub fn new(base_url: impl Into<String>) -> Result<Self, Error> {
        Self::builder().base_url(base_url).build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A handle for calls that may be retried even though their method is
    /// not idempotent (POST, PATCH), under the client's retry policy.
    pub fn allow_retry(&self) -> Client {
        Client {
            inner: self.inner.clone(),
            retry_unsafe: true,
        }
    }

    fn read_credentials(&self) -> std::sync::RwLockReadGuard<'_, Credentials> {
        self.inner.credentials.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write_credentials(&self) -> std::sync::RwLockWriteGuard<'_, Credentials> {
        self.inner.credentials.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sets the bearer token used by operations that take bearer auth
    /// (shared by all clones of this client).
    pub fn set_bearer_token(&self, token: impl Into<String>, expires: Option<String>) {
        let mut c = self.write_credentials();
        c.bearer = Some(Secret::new(token));
        c.bearer_expires = expires;
    }

    /// The current bearer token, if any.
    pub fn bearer_token(&self) -> Option<Secret> {
        self.read_credentials().bearer.clone()
    }

    /// When the current bearer token expires, as the server wrote it.
    pub fn bearer_token_expires(&self) -> Option<String> {
        self.read_credentials().bearer_expires.clone()
    }

    pub fn set_basic_auth(&self, username: impl Into<String>, password: impl Into<String>) {
        self.write_credentials().basic = Some((username.into(), Secret::new(password)));
    }

    pub fn set_api_key(&self, scheme: impl Into<String>, key: impl Into<String>) {
        self.write_credentials().api_keys.insert(scheme.into(), Secret::new(key));
    }

    /// Forgets every credential.
    pub fn clear_credentials(&self) {
        *self.write_credentials() = Credentials::default();
    }

    #[doc(hidden)]
    pub fn request(&self, op: &'static Op) -> RequestParts {
        RequestParts {
            op,
            path: op.path.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::None,
            error: None,
        }
    }

    fn apply_auth(&self, op: &Op, mut rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let creds = self.read_credentials();
        let has = |name: &str| match scheme_of(name) {
            Some(Scheme::Bearer) => creds.bearer.is_some(),
            Some(Scheme::Basic) => creds.basic.is_some(),
            Some(Scheme::ApiKeyHeader(_) | Scheme::ApiKeyQuery(_) | Scheme::ApiKeyCookie(_)) => creds.api_keys.contains_key(name),
            None => false,
        };
        let Some(chosen) = op.security.iter().find(|set| set.iter().all(|s| has(s))) else {
            return rb;
        };
        for name in chosen.iter() {
            match scheme_of(name) {
                Some(Scheme::Bearer) => {
                    if let Some(t) = &creds.bearer {
                        rb = rb.bearer_auth(t.expose());
                    }
                }
                Some(Scheme::Basic) => {
                    if let Some((u, p)) = &creds.basic {
                        rb = rb.basic_auth(u, Some(p.expose()));
                    }
                }
                Some(Scheme::ApiKeyHeader(header)) => {
                    if let Some(k) = creds.api_keys.get(*name) {
                        rb = rb.header(header, k.expose());
                    }
                }
                Some(Scheme::ApiKeyQuery(param)) => {
                    if let Some(k) = creds.api_keys.get(*name) {
                        rb = rb.query(&[(param, k.expose())]);
                    }
                }
                Some(Scheme::ApiKeyCookie(cookie)) => {
                    if let Some(k) = creds.api_keys.get(*name) {
                        rb = rb.header(reqwest::header::COOKIE, format!("{cookie}={}", k.expose()));
                    }
                }
                None => {}
            }
        }
        rb
    }

    fn build_request(&self, parts: &RequestParts) -> Result<reqwest::RequestBuilder, Error> {
        let op = parts.op;
        let url = format!("{}{}", self.inner.base_url, parts.path);
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).map_err(|e| Error::Request {
            operation: op.id,
            message: e.to_string(),
        })?;
        let mut rb = self.inner.http.request(method, url);
        if !op.accept.is_empty() {
            rb = rb.header(reqwest::header::ACCEPT, op.accept);
        }
        if !parts.query.is_empty() {
            rb = rb.query(&parts.query);
        }
        for (name, value) in &parts.headers {
            rb = rb.header(name.as_str(), value.as_str());
        }
        if !parts.cookies.is_empty() {
            let cookie = parts.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            rb = rb.header(reqwest::header::COOKIE, cookie);
        }
        rb = self.apply_auth(op, rb);
        rb = match &parts.body {
            Body::None => rb,
            Body::Bytes { content_type, bytes } => rb.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(bytes.clone()),
            Body::Multipart(fields) => {
                let mut form = reqwest::multipart::Form::new();
                for field in fields {
                    form = match field {
                        MultipartField::Text { name, value } => form.text(name.clone(), value.clone()),
                        MultipartField::File { name, file_name, content_type, bytes } => {
                            let mut part = reqwest::multipart::Part::bytes(bytes.clone());
                            if !file_name.is_empty() {
                                part = part.file_name(file_name.clone());
                            }
                            if let Some(ct) = content_type {
                                part = part.mime_str(ct).map_err(|e| Error::Request {
                                    operation: op.id,
                                    message: format!("invalid content type `{ct}` for part `{name}`: {e}"),
                                })?;
                            }
                            form.part(name.clone(), part)
                        }
                    };
                }
                rb.multipart(form)
            }
        };
        Ok(rb)
    }

    /// Sends the request (retrying per the policy), reads the whole body and
    /// turns non-2xx answers into [`Error::Api`].
    #[doc(hidden)]
    pub async fn execute(&self, parts: RequestParts) -> Result<Response, Error> {
        let op = parts.op;
        if let Some(message) = parts.error {
            return Err(Error::Request { operation: op.id, message });
        }
        let policy = self.inner.retry;
        let may_retry = op.idempotent() || self.retry_unsafe;
        let started = Instant::now();
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!(
            "request",
            operation = op.id,
            method = op.method,
            path = op.path,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let mut attempt = 0u32;
        loop {
            let rb = self.build_request(&parts)?;
            let sent = rb.send();
            #[cfg(feature = "tracing")]
            let sent = tracing::Instrument::instrument(sent, span.clone());
            let outcome = sent.await;
            let retry_after = match &outcome {
                Ok(resp) if matches!(resp.status().as_u16(), 429 | 503) => Some(retry_after(resp.headers())),
                Err(e) if e.is_connect() => Some(None),
                _ => None,
            };
            if let Some(wait) = retry_after {
                if may_retry && attempt < policy.max_retries {
                    let delay = policy.delay(attempt, wait);
                    attempt += 1;
                    #[cfg(feature = "tracing")]
                    tracing::debug!(parent: &span, attempt, delay_ms = delay.as_millis() as u64, "retrying");
                    sleep(delay).await;
                    continue;
                }
            }
            #[cfg(feature = "tracing")]
            {
                span.record("latency_ms", started.elapsed().as_millis() as u64);
                span.record("attempts", attempt + 1);
            }
            let resp = outcome.map_err(|e| transport_error(op, e, started))?;
            let status = resp.status().as_u16();
            #[cfg(feature = "tracing")]
            span.record("status", status);
            let content_type = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = resp.bytes().await.map_err(|e| transport_error(op, e, started))?;
            let response = Response {
                op,
                status,
                content_type,
                body: body.to_vec(),
            };
            if (200..300).contains(&status) {
                return Ok(response);
            }
            return Err(response.api_error());
        }
    }
}

fn scheme_of(name: &str) -> Option<Scheme> {
    crate::client::SECURITY_SCHEMES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

fn transport_error(op: &Op, e: reqwest::Error, started: Instant) -> Error {
    if e.is_timeout() {
        Error::Timeout {
            operation: op.id,
            elapsed: started.elapsed(),
        }
    } else {
        Error::Transport {
            operation: op.id,
            source: e.without_url(),
        }
    }
}

/// `Retry-After` in seconds (HTTP dates are not honoured and fall back to backoff).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

async fn sleep(d: Duration) {
    tokio::time::sleep(d).await;
}

#[doc(hidden)]
#[derive(Debug)]
pub enum MultipartField {
    Text { name: String, value: String },
    File { name: String, file_name: String, content_type: Option<String>, bytes: Vec<u8> },
}

#[doc(hidden)]
#[derive(Debug)]
pub enum Body {
    None,
    Bytes { content_type: String, bytes: Vec<u8> },
    Multipart(Vec<MultipartField>),
}

/// A request being assembled by an operation.
#[doc(hidden)]
#[derive(Debug)]
pub struct RequestParts {
    op: &'static Op,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    body: Body,
    /// The first encoding failure, reported when the request is sent.
    error: Option<String>,
}

/// Parameter serialization style (OpenAPI `style`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Form,
    Simple,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl RequestParts {
    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    fn encode<T: serde::Serialize + ?Sized>(&mut self, what: &str, value: &T) -> Option<serde_json::Value> {
        match serde_json::to_value(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(format!("cannot encode {what}: {e}"));
                None
            }
        }
    }

    /// Replaces `{name}` in the path with the percent-encoded value.
    pub fn path_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        let text = match &v {
            serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
            other => scalar(other),
        };
        let encoded = percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
    }

    /// Adds a query parameter in the default style (form, exploded).
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.query_param(name, value, Style::Form, true);
    }

    /// Adds a query parameter per its style; `None` adds nothing.
    pub fn query_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let Some(v) = self.encode(name, value) else { return };
        match (&v, style) {
            (serde_json::Value::Null, _) => {}
            (serde_json::Value::Array(items), _) if explode => {
                for item in items {
                    self.query.push((name.to_string(), scalar(item)));
                }
            }
            (serde_json::Value::Array(items), _) => {
                let sep = match style {
                    Style::SpaceDelimited => " ",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                self.query.push((name.to_string(), items.iter().map(scalar).collect::<Vec<_>>().join(sep)));
            }
            (serde_json::Value::Object(map), Style::DeepObject) => {
                for (k, item) in map {
                    self.query.push((format!("{name}[{k}]"), scalar(item)));
                }
            }
            (serde_json::Value::Object(map), _) if explode => {
                for (k, item) in map {
                    self.query.push((k.clone(), scalar(item)));
                }
            }
            (serde_json::Value::Object(map), _) => {
                let joined = map.iter().flat_map(|(k, item)| [k.clone(), scalar(item)]).collect::<Vec<_>>().join(",");
                self.query.push((name.to_string(), joined));
            }
            (other, _) => self.query.push((name.to_string(), scalar(other))),
        }
    }

    /// Adds a header parameter (`simple` style); `None` adds nothing.
    pub fn header_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        let text = match &v {
            serde_json::Value::Null => return,
            serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
            serde_json::Value::Object(map) => map.iter().flat_map(|(k, item)| [k.clone(), scalar(item)]).collect::<Vec<_>>().join(","),
            other => scalar(other),
        };
        self.headers.push((name.to_string(), text));
    }

    /// Adds a cookie parameter; `None` adds nothing.
    pub fn cookie_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        if !v.is_null() {
            let text = percent_encoding::utf8_percent_encode(&scalar(&v), percent_encoding::NON_ALPHANUMERIC).to_string();
            self.cookies.push((name.to_string(), text));
        }
    }

    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, content_type: &str, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                self.body = Body::Bytes {
                    content_type: content_type.to_string(),
                    bytes,
                }
            }
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
    }

    pub fn form_body<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        let Some(v) = self.encode("the form body", value) else { return };
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        if let serde_json::Value::Object(map) = &v {
            for (k, item) in map {
                match item {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => {
                        for i in items {
                            ser.append_pair(k, &scalar(i));
                        }
                    }
                    other => {
                        ser.append_pair(k, &scalar(other));
                    }
                }
            }
        }
        self.body = Body::Bytes {
            content_type: "application/x-www-form-urlencoded".into(),
            bytes: ser.finish().into_bytes(),
        };
    }

    pub fn raw_body(&mut self, content_type: &str, bytes: Vec<u8>) {
        self.body = Body::Bytes {
            content_type: content_type.to_string(),
            bytes,
        };
    }

    pub fn multipart_text(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.multipart_push(MultipartField::Text {
                name: name.to_string(),
                value: value.to_string(),
            });
        }
    }

    pub fn multipart_file(&mut self, name: &str, file: Option<FilePart>) {
        if let Some(file) = file {
            self.multipart_push(MultipartField::File {
                name: name.to_string(),
                file_name: file.file_name,
                content_type: file.content_type,
                bytes: file.bytes,
            });
        }
    }

    /// A part per scalar (one per item for arrays); `None` adds nothing.
    pub fn multipart_value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        let items = match v {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            self.multipart_push(MultipartField::Text {
                name: name.to_string(),
                value: scalar(&item),
            });
        }
    }

    /// A part holding JSON (`application/json`); `None` adds nothing.
    pub fn multipart_json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        if v.is_null() {
            return;
        }
        self.multipart_push(MultipartField::File {
            name: name.to_string(),
            file_name: String::new(),
            content_type: Some("application/json".into()),
            bytes: v.to_string().into_bytes(),
        });
    }

    fn multipart_push(&mut self, field: MultipartField) {
        match &mut self.body {
            Body::Multipart(fields) => fields.push(field),
            _ => self.body = Body::Multipart(vec![field]),
        }
    }
}

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A complete answer, body read.
#[doc(hidden)]
#[derive(Debug)]
pub struct Response {
    op: &'static Op,
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
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
        Ok(Download {
            content_type: self.content_type,
            bytes: self.body,
        })
    }
}

fn media_base(ct: &str) -> String {
    ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Serializes a variant of a tagged union, adding the tag property when the
/// variant's own type does not carry it.
#[doc(hidden)]
pub fn serialize_tagged<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut v = serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?;
    if let serde_json::Value::Object(map) = &mut v {
        map.entry(property.to_string()).or_insert_with(|| serde_json::Value::String(tag.to_string()));
    }
    serde::Serialize::serialize(&v, serializer)
}

/// Serde support for the generated structs: each struct has a short
/// `FromObject` impl and a `Serialize` impl that call these shared helpers
/// (the `ReadObject` and `WriteObject` methods),
/// instead of a derived visitor per struct (far less code to compile).
///
/// Field rules, as the struct's types say:
/// - a required field must be present (a required `Option` field may be
///   missing or `null`, both `None`);
/// - an optional field may be missing or `null` (`None`), and is left out
///   when serialized as `None`;
/// - an optional nullable field is `Option<Option<T>>`: missing is `None`,
///   `null` is `Some(None)`;
/// - a property given twice is an error; properties the struct does not
///   declare go to `additional_properties` when it has that field, and are
///   skipped otherwise.
#[doc(hidden)]
pub mod object {
    use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap};
    use std::borrow::Cow;
    use std::collections::BTreeMap;
    use std::fmt;
    use std::marker::PhantomData;

    /// A struct read from a JSON object, property by property.
    pub trait FromObject: Sized {
        /// What the error says was expected when the value is not an object.
        const EXPECTING: &'static str;
        fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    /// `Deserialize::deserialize` for a [`FromObject`] struct.
    pub fn deserialize<'de, T: FromObject, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_object(map)
        }
    }

    /// A property name, borrowed from the input when it can be.
    #[derive(Debug)]
    pub struct Key<'de>(Cow<'de, str>);

    impl Key<'_> {
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(KeyVisitor)
        }
    }

    struct KeyVisitor;

    impl<'de> Visitor<'de> for KeyVisitor {
        type Value = Key<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a property name")
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
            Ok(Key(Cow::Borrowed(v)))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
            Ok(Key(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
            Ok(Key(Cow::Owned(v)))
        }
    }

    /// Reading a struct's properties: implemented for every `MapAccess`.
    pub trait ReadObject<'de>: MapAccess<'de> + Sized {
        /// The next property name, if any.
        fn key(&mut self) -> Result<Option<Key<'de>>, Self::Error> {
            self.next_key()
        }

        /// Reads the value of a property that may appear once.
        fn take<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, name: &'static str) -> Result<(), Self::Error> {
            if slot.is_some() {
                return Err(Self::Error::duplicate_field(name));
            }
            *slot = Some(self.next_value()?);
            Ok(())
        }

        /// Reads the value of an optional property; `null` leaves it unset.
        fn take_opt<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, name: &'static str) -> Result<(), Self::Error> {
            if slot.is_some() {
                return Err(Self::Error::duplicate_field(name));
            }
            *slot = self.next_value::<Option<T>>()?;
            Ok(())
        }

        /// Keeps the value of a property the struct does not declare.
        fn take_extra<V: Deserialize<'de>>(&mut self, extra: &mut BTreeMap<String, V>, key: Key<'de>) -> Result<(), Self::Error> {
            let value = self.next_value()?;
            extra.insert(key.0.into_owned(), value);
            Ok(())
        }

        /// Skips the value of a property the struct does not declare.
        fn skip(&mut self) -> Result<(), Self::Error> {
            self.next_value::<IgnoredAny>().map(|_| ())
        }

        /// The value of a required property, or a "missing field" error.
        fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, Self::Error> {
            slot.ok_or_else(|| Self::Error::missing_field(name))
        }
    }

    impl<'de, A: MapAccess<'de>> ReadObject<'de> for A {}

    /// Starts writing a struct as a JSON object.
    pub fn begin<S: serde::Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
        serializer.serialize_map(None)
    }

    /// Writing a struct's properties: implemented for every `SerializeMap`.
    pub trait WriteObject: SerializeMap + Sized {
        /// Writes a property.
        fn put<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Self::Error> {
            self.serialize_entry(name, value)
        }

        /// Writes an optional property when it is set.
        fn put_some<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), Self::Error> {
            match value {
                Some(v) => self.serialize_entry(name, v),
                None => Ok(()),
            }
        }

        /// Writes the properties the struct does not declare.
        fn put_extra<V: Serialize>(&mut self, extra: &BTreeMap<String, V>) -> Result<(), Self::Error> {
            for (k, v) in extra {
                self.serialize_entry(k, v)?;
            }
            Ok(())
        }

        /// Ends the object.
        fn finish(self) -> Result<Self::Ok, Self::Error> {
            self.end()
        }
    }

    impl<M: SerializeMap> WriteObject for M {}
}

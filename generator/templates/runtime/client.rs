//! The client, its builder, and sending a request: retries around one
//! attempt, redirects followed here (so credentials never leave the origin),
//! the answer read within the size limit.

use super::auth::{Credentials, Secret};
use super::request::{Body, RequestParts};
use super::response::{read_body, Response};
use super::retry::{retry_after, sleep, RetryPolicy};
use crate::error::Error;
use reqwest::header::{HeaderName, HeaderValue};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Default largest answer body read: 32 MiB (see [`ClientBuilder::max_body_size`]).
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// Default number of redirects followed per request (see [`ClientBuilder::max_redirects`]).
pub const DEFAULT_MAX_REDIRECTS: u32 = 10;

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
    /// The only success answer is binary or an event stream: its body is
    /// left on the connection for the caller to stream (see
    /// [`Download`](crate::Download), [`EventStream`](crate::EventStream)).
    pub stream: bool,
}

impl Op {
    fn idempotent(&self) -> bool {
        !matches!(self.method, "POST" | "PATCH")
    }
}

pub(crate) struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// Scheme, host and port of `base_url`: credentials go nowhere else.
    origin: reqwest::Url,
    headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) credentials: RwLock<Credentials>,
    retry: RetryPolicy,
    max_redirects: u32,
}

/// The API client. Cheap to clone (clones share the connection pool and the
/// credentials) and `Send + Sync`.
///
/// Answers are read up to a size limit ([`DEFAULT_MAX_BODY_SIZE`] unless set
/// with [`ClientBuilder::max_body_size`] or per call with
/// [`Client::with_max_body_size`]). Redirects are followed up to
/// [`ClientBuilder::max_redirects`]; once a redirect leaves the base URL's
/// origin (scheme, host and port), no credential is sent any more: no
/// `Authorization`, API key (header, query or cookie), cookie parameter or
/// default header.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    retry_unsafe: bool,
    max_body_size: usize,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &*self.read_credentials())
            .field("retry", &self.inner.retry)
            .field("max_body_size", &self.max_body_size)
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
    max_body_size: Option<usize>,
    max_redirects: Option<u32>,
    credentials: Credentials,
}

impl ClientBuilder {
    /// Base URL that operation paths are appended to (default: the first
    /// server of the API description).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses this `reqwest::Client` as it is: timeout, user agent and
    /// certificates set on the builder are then not applied (default headers,
    /// the body size limit and redirects still are). Build it with
    /// `redirect(reqwest::redirect::Policy::none())` so that this client
    /// follows redirects itself and drops credentials when they leave the origin.
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

    /// A header sent with every request. Values are treated as secrets: never
    /// printed, and not sent once a redirect leaves the base URL's origin.
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

    /// Largest answer body read, in bytes (default [`DEFAULT_MAX_BODY_SIZE`],
    /// 32 MiB), counted after any decompression; a larger answer stops
    /// reading there and is [`Error::BodyTooLarge`]. Raise it per call with
    /// [`Client::with_max_body_size`].
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// Redirects followed per request (default [`DEFAULT_MAX_REDIRECTS`], 10;
    /// 0 follows none). Going further is [`Error::Redirect`].
    pub fn max_redirects(mut self, redirects: u32) -> Self {
        self.max_redirects = Some(redirects);
        self
    }

    /// When failed requests are retried (default: never); see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The bearer token; one holding characters a header cannot carry (CR,
    /// LF, control characters) makes `build` fail with [`Error::InvalidHeaderValue`].
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials.bearer = Some(Secret::new(token));
        self
    }

    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.basic = Some((username.into(), Secret::new(password)));
        self
    }

    /// Sets the key of an API-key security scheme, by scheme name; the
    /// generated setter named after each scheme calls this. A key holding
    /// characters its header cannot carry makes `build` fail with
    /// [`Error::InvalidHeaderValue`].
    #[doc(hidden)]
    pub fn scheme_key(mut self, scheme: &str, key: impl Into<String>) -> Self {
        self.credentials.api_keys.insert(scheme.to_string(), Secret::new(key));
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let config_error = |message: String| Error::Config { message };
        self.credentials.check()?;
        let mut headers = Vec::new();
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| config_error(format!("invalid header name `{name}`: {e}")))?;
            let mut value = HeaderValue::from_str(value.expose())
                .map_err(|_| Error::InvalidHeaderValue { name: name.to_string() })?;
            value.set_sensitive(true);
            headers.push((name, value));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut b = reqwest::Client::builder()
                    .timeout(self.timeout.unwrap_or(Duration::from_secs(30)))
                    .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                    .user_agent(self.user_agent.unwrap_or_else(|| {
                        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string()
                    }))
                    .redirect(reqwest::redirect::Policy::none())
                    .danger_accept_invalid_certs(self.accept_invalid_certs);
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
        let origin = reqwest::Url::parse(&base_url).map_err(|e| config_error(format!("invalid base URL `{base_url}`: {e}")))?;
        if !matches!(origin.scheme(), "http" | "https") {
            return Err(config_error(format!("base URL `{base_url}` must be http or https")));
        }
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                origin,
                headers,
                credentials: RwLock::new(self.credentials),
                retry: self.retry,
                max_redirects: self.max_redirects.unwrap_or(DEFAULT_MAX_REDIRECTS),
            }),
            retry_unsafe: false,
            max_body_size: self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE),
        })
    }
}

/// One hop of a request: the first goes to the operation's URL with
/// everything, later ones to where the server redirected.
struct Hop {
    url: reqwest::Url,
    method: reqwest::Method,
    /// Still on the base URL's origin: credentials may be sent.
    trusted: bool,
    /// The body is sent (dropped when a redirect turns the request into GET).
    with_body: bool,
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
            retry_unsafe: true,
            ..self.clone()
        }
    }

    /// A handle whose calls read answers up to `bytes` (counted after any
    /// decompression), e.g. for one large download:
    /// `client.with_max_body_size(1 << 30).some_download(..)`.
    pub fn with_max_body_size(&self, bytes: usize) -> Client {
        Client {
            max_body_size: bytes,
            ..self.clone()
        }
    }

    #[doc(hidden)]
    pub fn request(&self, op: &'static Op) -> RequestParts {
        RequestParts::new(op)
    }

    fn first_hop(&self, parts: &RequestParts) -> Result<Hop, Error> {
        let op = parts.op;
        let request_error = |message: String| Error::Request { operation: op.id, message };
        let mut url = reqwest::Url::parse(&format!("{}{}", self.inner.base_url, parts.path))
            .map_err(|e| request_error(format!("invalid URL: {e}")))?;
        if !parts.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&parts.query);
        }
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).map_err(|e| request_error(e.to_string()))?;
        Ok(Hop { url, method, trusted: true, with_body: true })
    }

    async fn build_request(&self, parts: &RequestParts, hop: &Hop) -> Result<reqwest::RequestBuilder, Error> {
        let op = parts.op;
        let mut rb = self.inner.http.request(hop.method.clone(), hop.url.clone());
        if !op.accept.is_empty() {
            rb = rb.header(reqwest::header::ACCEPT, op.accept);
        }
        for (name, value) in &parts.headers {
            rb = rb.header(name.as_str(), value.as_str());
        }
        if hop.trusted {
            for (name, value) in &self.inner.headers {
                rb = rb.header(name, value);
            }
            // Cookie parameters and API keys in cookies: one `Cookie` header.
            let mut cookies: Vec<String> = parts.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            rb = self.apply_auth(op, rb, &mut cookies);
            if !cookies.is_empty() {
                rb = rb.header(reqwest::header::COOKIE, cookies.join("; "));
            }
        }
        if hop.with_body {
            rb = parts.body.attach(op, rb).await?;
        }
        Ok(rb)
    }

    /// Sends one attempt, following redirects. The outer `Err` ends the call;
    /// the inner result is what the retry policy looks at.
    async fn send(&self, parts: &RequestParts) -> Result<Result<reqwest::Response, reqwest::Error>, Error> {
        let op = parts.op;
        let mut hop = self.first_hop(parts)?;
        let mut redirects = 0u32;
        loop {
            let resp = match self.build_request(parts, &hop).await?.send().await {
                Ok(resp) => resp,
                Err(e) => return Ok(Err(e)),
            };
            let status = resp.status().as_u16();
            let location = match status {
                301 | 302 | 303 | 307 | 308 => resp.headers().get(reqwest::header::LOCATION),
                _ => None,
            };
            let Some(location) = location else { return Ok(Ok(resp)) };
            let redirect_error = |message: String| Error::Redirect { operation: op.id, status, message };
            if redirects >= self.inner.max_redirects {
                let limit = self.inner.max_redirects;
                return Err(redirect_error(format!("stopped after {limit} redirects (`ClientBuilder::max_redirects`)")));
            }
            let target = location
                .to_str()
                .ok()
                .and_then(|l| hop.url.join(l).ok())
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| redirect_error("the `Location` header is not an http(s) URL".into()))?;
            redirects += 1;
            let same_origin = target.origin() == self.inner.origin.origin();
            let to_get = status == 303 || (matches!(status, 301 | 302) && hop.method == reqwest::Method::POST);
            hop = Hop {
                trusted: hop.trusted && same_origin,
                with_body: hop.with_body && !to_get && !matches!(parts.body, Body::None),
                method: if to_get && hop.method != reqwest::Method::HEAD { reqwest::Method::GET } else { hop.method },
                url: target,
            };
        }
    }

    /// Sends the request (retrying per the policy, following redirects),
    /// reads the body within the size limit and turns non-2xx answers into
    /// [`Error::Api`].
    #[doc(hidden)]
    pub async fn execute(&self, parts: RequestParts) -> Result<Response, Error> {
        let op = parts.op;
        if let Some(message) = parts.error.clone() {
            return Err(Error::Request { operation: op.id, message });
        }
        let policy = self.inner.retry;
        // A streamed body is gone once sent: such a call is not retried.
        let may_retry = (op.idempotent() || self.retry_unsafe) && parts.body.replayable();
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
            let sent = self.send(&parts);
            #[cfg(feature = "tracing")]
            let sent = tracing::Instrument::instrument(sent, span.clone());
            let outcome = sent.await?;
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
            #[cfg(feature = "tracing")]
            span.record("status", resp.status().as_u16());
            return read_body(op, resp, self.max_body_size, started).await;
        }
    }
}

pub(crate) fn transport_error(op: &Op, e: reqwest::Error, started: Instant) -> Error {
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

//! Redirects never leak credentials, and retries follow `Retry-After`.
//!
//! Two loopback servers stand for two origins (same host, other port): the
//! first redirects, the second records what it receives. Every credential
//! the client holds must stay with the base URL's origin: bearer tokens and
//! basic credentials (`Authorization`), default headers (e.g. an API key),
//! cookies. Redirects within the origin keep them; the number followed is
//! limited. `Retry-After` is honoured as delta-seconds and as an HTTP date,
//! capped by the policy's `max_delay`.

use serde_json::json;
use std::time::{Duration, Instant, SystemTime};
use whatsapp_business_api::{Client, ClientBuilder, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "redirect-test-token";

fn groups() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"groups": [{"creation_time": 1530825318, "id": "g1"}]}))
}

fn login_answer() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"users": [{"token": "t", "expires_after": "2030"}]}))
}

async fn mount(server: &MockServer, verb: &str, at: &str, reply: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(reply)
        .mount(server)
        .await;
}

fn redirect_to(status: u16, location: String) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("Location", location.as_str())
}

fn builder_for(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .timeout(Duration::from_secs(5))
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

/// `GET /v1/groups` on `first` redirects to `second`, which answers; returns
/// the one request `second` received.
async fn follow_cross_origin(builder: impl FnOnce(&MockServer) -> ClientBuilder) -> Request {
    let (first, second) = (MockServer::start().await, MockServer::start().await);
    mount(
        &first,
        "GET",
        "/v1/groups",
        redirect_to(302, format!("{}/elsewhere/groups", second.uri())),
    )
    .await;
    mount(&second, "GET", "/elsewhere/groups", groups()).await;
    let client = builder(&first).build().expect("the client builds");
    let got = client.get_all_groups().await.expect("the redirect is followed");
    assert_eq!(got.groups.map(|g| g.len()), Some(1));
    let first_seen = requests(&first).await;
    assert_eq!(first_seen.len(), 1);
    let mut seen = requests(&second).await;
    assert_eq!(seen.len(), 1, "the other origin was asked once");
    seen.remove(0)
}

#[tokio::test]
async fn bearer_token_is_not_sent_to_another_origin() {
    let req = follow_cross_origin(|s| builder_for(s).bearer_token(TOKEN)).await;
    assert_eq!(header(&req, "authorization"), None, "{:?}", req.headers);
}

#[tokio::test]
async fn basic_credentials_are_not_sent_to_another_origin() {
    let (first, second) = (MockServer::start().await, MockServer::start().await);
    mount(
        &first,
        "POST",
        "/v1/users/login",
        redirect_to(307, format!("{}/v1/users/login", second.uri())),
    )
    .await;
    mount(&second, "POST", "/v1/users/login", login_answer()).await;
    let client = builder_for(&first)
        .basic_auth("admin", "basic-secret")
        .build()
        .expect("builds");
    client.login_user(None).await.expect("the redirect is followed");
    let at_first = requests(&first).await;
    assert!(
        header(&at_first[0], "authorization").is_some_and(|v| v.starts_with("Basic ")),
        "sent at home"
    );
    let at_second = requests(&second).await;
    assert_eq!(at_second.len(), 1);
    assert_eq!(at_second[0].method.as_str(), "POST", "307 keeps the method");
    assert_eq!(
        header(&at_second[0], "authorization"),
        None,
        "{:?}",
        at_second[0].headers
    );
}

#[tokio::test]
async fn secret_default_header_is_not_sent_to_another_origin() {
    let req = follow_cross_origin(|s| builder_for(s).bearer_token(TOKEN).default_header("X-Api-Key", "key-1")).await;
    assert_eq!(header(&req, "x-api-key"), None, "{:?}", req.headers);
    assert_eq!(header(&req, "authorization"), None);
}

#[tokio::test]
async fn cookies_are_not_sent_to_another_origin() {
    let req = follow_cross_origin(|s| builder_for(s).default_header("Cookie", "session=cookie-secret")).await;
    assert_eq!(header(&req, "cookie"), None, "{:?}", req.headers);
}

#[tokio::test]
async fn same_origin_redirect_keeps_the_credentials() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v1/groups",
        redirect_to(301, format!("{}/v2/groups", server.uri())),
    )
    .await;
    mount(&server, "GET", "/v2/groups", groups()).await;
    let client = builder_for(&server)
        .bearer_token(TOKEN)
        .default_header("X-Api-Key", "key-1")
        .build()
        .expect("builds");
    client.get_all_groups().await.expect("the redirect is followed");
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].url.path(), "/v2/groups");
    assert_eq!(header(&seen[1], "authorization"), Some(&*format!("Bearer {TOKEN}")));
    assert_eq!(header(&seen[1], "x-api-key"), Some("key-1"));
}

#[tokio::test]
async fn back_on_the_origin_after_leaving_it_still_sends_nothing() {
    let (first, second) = (MockServer::start().await, MockServer::start().await);
    mount(
        &first,
        "GET",
        "/v1/groups",
        redirect_to(302, format!("{}/bounce", second.uri())),
    )
    .await;
    mount(
        &second,
        "GET",
        "/bounce",
        redirect_to(302, format!("{}/v1/back", first.uri())),
    )
    .await;
    mount(&first, "GET", "/v1/back", groups()).await;
    let client = builder_for(&first).bearer_token(TOKEN).build().expect("builds");
    client.get_all_groups().await.expect("the redirects are followed");
    let seen = requests(&first).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(
        header(&seen[1], "authorization"),
        None,
        "a chain that left the origin carries no credential"
    );
}

#[tokio::test]
async fn redirects_are_limited() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v1/groups",
        redirect_to(302, format!("{}/v1/groups", server.uri())),
    )
    .await;
    let client = builder_for(&server).max_redirects(3).build().expect("builds");
    let err = client.get_all_groups().await.expect_err("a redirect loop");
    match &err {
        Error::Redirect {
            operation,
            status,
            message,
        } => {
            assert_eq!((*operation, *status), ("GetAllGroups", 302));
            assert!(message.contains('3'), "{message}");
        }
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 4, "the first request and 3 redirects");
}

#[tokio::test]
async fn redirect_to_a_non_http_location_is_an_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v1/groups",
        redirect_to(302, "file:///etc/passwd".into()),
    )
    .await;
    let err = builder_for(&server)
        .build()
        .expect("builds")
        .get_all_groups()
        .await
        .expect_err("not http");
    assert!(matches!(err, Error::Redirect { status: 302, .. }), "{err:?}");
}

// ---------------------------------------------------------------------------
// Retry-After
// ---------------------------------------------------------------------------

/// A server answering `GET /v1/groups` with `first` once, then with groups.
async fn overloaded_once(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/groups"))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, "GET", "/v1/groups", groups()).await;
    server
}

async fn time_retry(server: &MockServer, policy: RetryPolicy) -> Duration {
    let client = builder_for(server).retry(policy).build().expect("builds");
    let started = Instant::now();
    client.get_all_groups().await.expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(requests(server).await.len(), 2, "exactly one retry");
    elapsed
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_for() {
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
    let server = overloaded_once(ResponseTemplate::new(503).insert_header("Retry-After", at.as_str())).await;
    let elapsed = time_retry(&server, RetryPolicy::exponential(2)).await;
    // The date has whole seconds: 3 s ahead is between 2 and 3 s away.
    assert!(
        elapsed >= Duration::from_millis(1900),
        "waited until {at}, only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_millis(4500), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_in_the_past_retries_at_once() {
    let at = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    let server = overloaded_once(ResponseTemplate::new(429).insert_header("Retry-After", at.as_str())).await;
    let elapsed = time_retry(&server, RetryPolicy::exponential(2)).await;
    assert!(elapsed < Duration::from_millis(1000), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_capped_by_the_policy() {
    let policy = RetryPolicy {
        max_delay: Duration::from_millis(300),
        ..RetryPolicy::exponential(2)
    };
    let far = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for value in ["3600", far.as_str()] {
        let server = overloaded_once(ResponseTemplate::new(503).insert_header("Retry-After", value)).await;
        let elapsed = time_retry(&server, policy).await;
        assert!(
            elapsed >= Duration::from_millis(280),
            "{value}: waited the cap, not {elapsed:?}"
        );
        assert!(
            elapsed < Duration::from_millis(2000),
            "{value}: capped at 300 ms, waited {elapsed:?}"
        );
    }
}

#[tokio::test]
async fn retry_after_date_on_a_post_is_not_retried_by_default() {
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(1));
    let server = MockServer::start().await;
    let reply = ResponseTemplate::new(503).insert_header("Retry-After", at.as_str());
    mount(&server, "POST", "/v1/users/login", reply).await;
    let client = builder_for(&server)
        .basic_auth("a", "b")
        .retry(RetryPolicy::exponential(3))
        .build()
        .expect("builds");
    let err = client.login_user(None).await.expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "POST is not idempotent");
}

// ---------------------------------------------------------------------------
// One typed setter per security scheme
// ---------------------------------------------------------------------------

#[tokio::test]
async fn typed_scheme_setters_send_their_credentials() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/v1/groups", groups()).await;
    mount(&server, "POST", "/v1/users/login", login_answer()).await;
    // `bearerAuth` and `httpBasic` are the spec's scheme names.
    let client = builder_for(&server)
        .bearer_auth("typed-token")
        .http_basic("admin", "pw")
        .build()
        .expect("builds");
    client.get_all_groups().await.expect("bearer call");
    client.login_user(None).await.expect("basic call");
    client.set_bearer_auth("rotated-token").expect("a valid token");
    client.get_all_groups().await.expect("bearer call");
    let seen = requests(&server).await;
    assert_eq!(header(&seen[0], "authorization"), Some("Bearer typed-token"));
    assert_eq!(
        header(&seen[1], "authorization"),
        Some("Basic YWRtaW46cHc="),
        "base64 of admin:pw"
    );
    assert_eq!(header(&seen[2], "authorization"), Some("Bearer rotated-token"));
    let err = client.set_bearer_auth("a\r\nb").expect_err("CR/LF");
    assert!(matches!(err, Error::InvalidHeaderValue { .. }), "{err:?}");
}

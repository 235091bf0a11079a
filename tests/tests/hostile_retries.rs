//! The generated client's retries against a loopback server that fails:
//! overload (429, 503, with and without `Retry-After`), refused connections;
//! idempotent methods only unless `allow_retry`, never more than the policy
//! allows; a streamed upload, which cannot be sent twice, is never retried.
//! (`Retry-After` as an HTTP date: `redirects_retries.rs`.)

use oagen_tests::sample_calls::{text_message, CERTIFICATE_PEM, GROUP_ID};
use serde_json::json;
use std::time::{Duration, Instant};
use whatsapp_business_api::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use oagen_tests::mock::{check_names, client_for, requests_received, retrying_client_for, server_answering, TOKEN};

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

/// Answers `first` once at `verb at`, then `then` for every later request.
async fn server_failing_once(verb: &str, at: &str, first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    let full = format!("/v1{at}");
    Mock::given(method(verb))
        .and(path(full.clone()))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path(full))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn groups_answer() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"groups": [{"creation_time": 1530825318, "id": GROUP_ID}]}))
}

fn message_sent() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"messages": [{"id": "gBEGkYiEB1VXAglK1ZEqA1YKPrU"}]}))
}

#[tokio::test]
async fn get_answered_503_with_retry_after_is_retried_once_after_waiting() {
    let server = server_failing_once(
        "GET",
        "/groups",
        ResponseTemplate::new(503)
            .insert_header("Retry-After", "1")
            .set_body_string("overloaded"),
        groups_answer(),
    )
    .await;
    let client = retrying_client_for(&server, 3);
    let started = Instant::now();
    let got = client.get_all_groups().await.expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(got.groups.map(|g| g.len()), Some(1));
    assert_eq!(requests_received(&server).await, 2, "exactly one retry");
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited for Retry-After: 1, only {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_millis(2500),
        "waited about 1 s, not {elapsed:?}"
    );
}

#[tokio::test]
async fn post_answered_503_is_not_retried_by_default() {
    let server = server_failing_once(
        "POST",
        "/messages",
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        message_sent(),
    )
    .await;
    let client = retrying_client_for(&server, 3);
    let err = client
        .send_message(&text_message())
        .await
        .expect_err("a POST is not retried");
    check_names(&err, "SendMessage", Some(503));
    assert!(matches!(err, Error::Api { status: 503, .. }), "got {err:?}");
    assert_eq!(requests_received(&server).await, 1, "exactly one request");
}

#[tokio::test]
async fn post_answered_503_is_retried_through_allow_retry() {
    let server = server_failing_once(
        "POST",
        "/messages",
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        message_sent(),
    )
    .await;
    let client = retrying_client_for(&server, 3);
    let started = Instant::now();
    let got = client
        .allow_retry()
        .send_message(&text_message())
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(
        got.messages
            .and_then(|m| m.first().and_then(|m| m.id.clone()))
            .as_deref(),
        Some("gBEGkYiEB1VXAglK1ZEqA1YKPrU")
    );
    assert_eq!(requests_received(&server).await, 2, "exactly one retry");
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited for Retry-After: 1, only {elapsed:?}"
    );
    // The handle from allow_retry does not change the client it came from.
    let err = client.send_message(&text_message()).await;
    assert!(err.is_ok(), "the server now answers 200: {err:?}");
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn get_answered_429_is_retried() {
    let server = server_failing_once(
        "GET",
        "/groups",
        ResponseTemplate::new(429).set_body_json(json!({"errors": [{"code": 1015, "title": "Too many requests"}]})),
        groups_answer(),
    )
    .await;
    let client = retrying_client_for(&server, 2);
    let got = client.get_all_groups().await.expect("the retry succeeds");
    assert_eq!(got.groups.map(|g| g.len()), Some(1));
    assert_eq!(requests_received(&server).await, 2, "exactly one retry");
}

#[tokio::test]
async fn get_answered_429_with_retry_after_waits() {
    let server = server_failing_once(
        "GET",
        "/groups",
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        groups_answer(),
    )
    .await;
    let client = retrying_client_for(&server, 2);
    let started = Instant::now();
    client.get_all_groups().await.expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(requests_received(&server).await, 2, "exactly one retry");
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited for Retry-After: 1, only {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_millis(2500),
        "waited about 1 s, not {elapsed:?}"
    );
}

#[tokio::test]
async fn post_answered_429_is_not_retried_by_default() {
    let server = server_failing_once("POST", "/messages", ResponseTemplate::new(429), message_sent()).await;
    let client = retrying_client_for(&server, 3);
    let err = client
        .send_message(&text_message())
        .await
        .expect_err("a POST is not retried");
    check_names(&err, "SendMessage", Some(429));
    assert_eq!(requests_received(&server).await, 1, "exactly one request");
}

#[tokio::test]
async fn retries_stop_after_the_policy_limit() {
    let server = server_answering(
        "GET",
        "/groups",
        ResponseTemplate::new(503).set_body_string("still overloaded"),
    )
    .await;
    let client = retrying_client_for(&server, 2);
    let err = client.get_all_groups().await.expect_err("always 503");
    let text = check_names(&err, "GetAllGroups", Some(503));
    assert!(matches!(err, Error::Api { status: 503, .. }), "got {err:?}");
    assert!(text.contains("still overloaded"), "{text}");
    assert_eq!(requests_received(&server).await, 3, "the first attempt and 2 retries");
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let server = server_answering(
        "GET",
        "/groups",
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
    )
    .await;
    let err = client_for(&server).get_all_groups().await.expect_err("503");
    check_names(&err, "GetAllGroups", Some(503));
    assert_eq!(requests_received(&server).await, 1, "retries are off by default");
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    let server = server_answering("GET", "/groups", ResponseTemplate::new(500)).await;
    let err = retrying_client_for(&server, 3).get_all_groups().await.expect_err("500");
    check_names(&err, "GetAllGroups", Some(500));
    assert_eq!(requests_received(&server).await, 1, "a 500 is not retried");
}

#[tokio::test]
async fn refused_connection_is_retried_for_get_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(2))
        .retry(RetryPolicy::exponential(2))
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let err = client.get_all_groups().await.expect_err("nothing listens there");
    let elapsed = started.elapsed();
    check_names(&err, "GetAllGroups", None);
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "GetAllGroups",
                ..
            }
        ),
        "got {err:?}"
    );
    // Two backoffs of at least 100 ms and 200 ms (200 ms base, doubled, jitter over the upper half).
    assert!(
        elapsed >= Duration::from_millis(300),
        "two retries back off, only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(3), "bounded: {elapsed:?}");
}

#[tokio::test]
async fn text_upload_is_sent_once_when_not_allowed_to_retry() {
    let server = server_answering("POST", "/certificates/external", ResponseTemplate::new(503)).await;
    let err = retrying_client_for(&server, 3)
        .upload_certificate(Some(CERTIFICATE_PEM.as_bytes().into()))
        .await
        .expect_err("503");
    check_names(&err, "UploadCertificate", Some(503));
    assert_eq!(requests_received(&server).await, 1);
}

// ---------------------------------------------------------------------------
// Streamed uploads
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_streamed_upload_is_sent_once_while_bytes_are_retried() {
    use whatsapp_business_api::{client::UploadMediaContentType, Upload};
    let uploaded = || ResponseTemplate::new(200).set_body_json(json!({"media": [{"id": "m1"}]}));
    let overloaded = || ResponseTemplate::new(503).insert_header("Retry-After", "0");
    let server = server_failing_once("POST", "/media", overloaded(), uploaded()).await;
    let client = retrying_client_for(&server, 3).allow_retry();
    let pieces = vec![bytes::Bytes::from_static(b"jpeg "), bytes::Bytes::from_static(b"bytes")];
    let err = client
        .upload_media(
            Upload::stream(oagen_tests::stream::Pieces(pieces.into_iter())),
            UploadMediaContentType::ImageJpeg,
        )
        .await
        .expect_err("a stream cannot be sent again, so the 503 stands");
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(requests_received(&server).await, 1);
    let server = server_failing_once("POST", "/media", overloaded(), uploaded()).await;
    let client = retrying_client_for(&server, 3).allow_retry();
    let got = client
        .upload_media(b"jpeg bytes".to_vec(), UploadMediaContentType::ImageJpeg)
        .await
        .expect("bytes are sent again");
    assert_eq!(got.media.map(|m| m.len()), Some(1));
    let seen = server.received_requests().await.expect("recorded");
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].body, b"jpeg bytes", "the retry carries the whole body");
}

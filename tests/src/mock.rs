//! Helpers of the hostile-server tests: a wiremock server answering one
//! route, clients for it, and the check that an error names its operation
//! and status.

use std::time::Duration;
use whatsapp_business_api::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN: &str = "hostile-test-token";

pub async fn server_answering(verb: &str, at: &str, reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(format!("/v1{at}")))
        .respond_with(reply)
        .mount(&server)
        .await;
    server
}

pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("the client builds")
}

pub fn retrying_client_for(server: &MockServer, retries: u32) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::exponential(retries))
        .build()
        .expect("the client builds")
}

/// Checks the operation and status an error reports, through its accessors
/// and its Display text, and returns that text.
pub fn check_names(err: &Error, operation: &str, status: Option<u16>) -> String {
    let text = err.to_string();
    assert_eq!(err.operation(), Some(operation), "operation of {err:?}");
    assert_eq!(err.status(), status, "status of {err:?}");
    assert!(
        text.contains(operation),
        "Display names the operation `{operation}`: {text}"
    );
    if let Some(status) = status {
        assert!(
            text.contains(&status.to_string()),
            "Display names the status {status}: {text}"
        );
    }
    text
}

pub async fn requests_received(server: &MockServer) -> usize {
    server.received_requests().await.expect("request recording is on").len()
}

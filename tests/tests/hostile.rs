//! The generated client facing servers that misbehave: error pages, broken
//! or mistyped bodies, slow answers, refused connections, overload. Each
//! failure must come back as the right `Error` variant, naming the
//! operation and the status, never as a panic; values the spec does not
//! list must survive in `Unknown` variants. Retries: `hostile_retries.rs`.

use oagen_tests::sample_calls::{text_message, GROUP_ID, USER_USERNAME};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use whatsapp_business_api::{types, webhooks, Client, Error};
use wiremock::ResponseTemplate;

use oagen_tests::mock::{check_names, client_for, server_answering, TOKEN};

// ---------------------------------------------------------------------------
// Error statuses
// ---------------------------------------------------------------------------

const NGINX_500: &str = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n\
<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";

#[tokio::test]
async fn html_500_page_is_an_api_error_with_an_excerpt() {
    let server = server_answering(
        "GET",
        "/settings/application",
        ResponseTemplate::new(500).set_body_raw(NGINX_500, "text/html; charset=utf-8"),
    )
    .await;
    let err = client_for(&server)
        .get_application_settings()
        .await
        .expect_err("a 500 is an error");
    let text = check_names(&err, "GetApplicationSettings", Some(500));
    match &err {
        Error::Api {
            operation,
            status,
            body,
            content_type,
            excerpt,
        } => {
            assert_eq!((*operation, *status), ("GetApplicationSettings", 500));
            assert!(body.is_none(), "an HTML page is no API error body: {body:?}");
            assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert!(
                excerpt.contains("<h1>500 Internal Server Error</h1>"),
                "excerpt: {excerpt}"
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(
        text.contains("500 Internal Server Error"),
        "Display shows the start of the page: {text}"
    );
}

#[tokio::test]
async fn huge_error_page_is_cut_in_the_excerpt() {
    let page = format!("<html><body>{}</body></html>", "<p>upstream timed out</p>".repeat(2000));
    let server = server_answering(
        "DELETE",
        "/groups/{GroupId}/invite".replace("{GroupId}", GROUP_ID).as_str(),
        ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html"),
    )
    .await;
    let err = client_for(&server)
        .delete_group_invite(GROUP_ID)
        .await
        .expect_err("a 502 is an error");
    check_names(&err, "DeleteGroupInvite", Some(502));
    match &err {
        Error::Api { excerpt, .. } => {
            assert!(
                excerpt.starts_with("<html><body><p>upstream timed out</p>"),
                "excerpt: {excerpt}"
            );
            assert!(
                excerpt.len() < 1024,
                "the excerpt of a {} byte page is short, got {} bytes",
                page.len(),
                excerpt.len()
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn json_error_body_with_401_is_an_api_error_with_the_typed_body() {
    let body = json!({
        "meta": {"version": "v2.41.3", "api_status": "stable"},
        "errors": [{"code": 1005, "title": "Access denied", "details": "Invalid credentials or expired token."}]
    });
    let server = server_answering(
        "POST",
        "/messages",
        ResponseTemplate::new(401).set_body_json(body.clone()),
    )
    .await;
    let err = client_for(&server)
        .send_message(&text_message())
        .await
        .expect_err("a 401 is an error");
    let text = check_names(&err, "SendMessage", Some(401));
    match &err {
        Error::Api {
            operation,
            status,
            body: Some(api_body),
            content_type,
            ..
        } => {
            assert_eq!((*operation, *status), ("SendMessage", 401));
            assert_eq!(content_type.as_deref(), Some("application/json"));
            // The error body is the API's `Response` envelope: its `errors`
            // entries expose the code and the title.
            let typed: types::Response = serde_json::to_value(api_body)
                .and_then(serde_json::from_value)
                .expect("the API error body reads as the Response schema");
            let first = typed.errors.as_ref().and_then(|e| e.first()).expect("one error entry");
            assert_eq!(first.code, Some(1005));
            assert_eq!(first.title.as_deref(), Some("Access denied"));
            assert_eq!(first.details.as_deref(), Some("Invalid credentials or expired token."));
            assert_eq!(
                typed.meta.and_then(|m| m.api_status),
                Some(types::MetaApiStatus::Stable)
            );
        }
        other => panic!("expected Error::Api with a parsed body, got {other:?}"),
    }
    assert!(
        text.contains("code 1005: Access denied"),
        "Display summarises the API error: {text}"
    );
}

#[tokio::test]
async fn json_error_404_names_the_operation() {
    let body = json!({"errors": [{"code": 1006, "title": "Resource not found", "details": "unknown user"}]});
    let server = server_answering(
        "GET",
        &format!("/users/{USER_USERNAME}"),
        ResponseTemplate::new(404).set_body_json(body),
    )
    .await;
    let err = client_for(&server)
        .get_user(USER_USERNAME)
        .await
        .expect_err("a 404 is an error");
    let text = check_names(&err, "GetUser", Some(404));
    assert!(
        matches!(
            err,
            Error::Api {
                status: 404,
                body: Some(_),
                ..
            }
        ),
        "got {err:?}"
    );
    assert!(text.contains("code 1006: Resource not found"), "{text}");
}

#[tokio::test]
async fn undescribed_2xx_status_is_unexpected_status() {
    // Request-Code describes 201 and 202 only.
    let server = server_answering("POST", "/account", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let body = oagen_tests::sample_calls::request_code_body();
    let err = client_for(&server)
        .request_code(&body)
        .await
        .expect_err("200 is not described");
    check_names(&err, "RequestCode", Some(200));
    assert!(
        matches!(
            err,
            Error::UnexpectedStatus {
                operation: "RequestCode",
                status: 200,
                ..
            }
        ),
        "got {err:?}"
    );
}

// ---------------------------------------------------------------------------
// Bodies that do not decode
// ---------------------------------------------------------------------------

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = server_answering(
        "GET",
        "/groups",
        ResponseTemplate::new(200).set_body_raw(
            r#"{"groups":[{"creation_time":1530825318,"id":"16315558"#,
            "application/json",
        ),
    )
    .await;
    let err = client_for(&server)
        .get_all_groups()
        .await
        .expect_err("truncated JSON does not decode");
    let text = check_names(&err, "GetAllGroups", Some(200));
    match &err {
        Error::Decode {
            operation,
            status,
            excerpt,
            message,
            ..
        } => {
            assert_eq!((*operation, *status), ("GetAllGroups", 200));
            assert!(
                excerpt.starts_with(r#"{"groups":[{"creation_time""#),
                "excerpt: {excerpt}"
            );
            assert!(
                message.contains("EOF"),
                "the message says the body ended early: {message}"
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(text.contains("cannot decode"), "{text}");
}

#[tokio::test]
async fn wrong_shape_is_a_decode_error_naming_the_field() {
    let server = server_answering(
        "GET",
        &format!("/groups/{GROUP_ID}"),
        ResponseTemplate::new(200).set_body_json(json!({
            "groups": [{"admins": ["16315558032"], "creation_time": "yesterday", "subject": "Hikers"}]
        })),
    )
    .await;
    let err = client_for(&server)
        .get_group_info(GROUP_ID)
        .await
        .expect_err("a string is no int32");
    let text = check_names(&err, "GetGroupInfo", Some(200));
    match &err {
        Error::Decode { path, .. } => assert_eq!(path, "groups[0].creation_time"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(
        text.contains("groups[0].creation_time"),
        "Display names the field: {text}"
    );
}

#[tokio::test]
async fn wrong_shape_of_a_required_field_names_it() {
    // Business-Profile requires `websites` as an array of strings.
    let server = server_answering(
        "GET",
        "/settings/business/profile",
        ResponseTemplate::new(200).set_body_json(json!({"settings": {"business": {"profile": {
            "address": "1 Hacker Way", "description": "Flowers", "email": "support@example.com",
            "vertical": "Retail", "websites": "https://www.whatsapp.com"
        }}}})),
    )
    .await;
    let err = client_for(&server)
        .get_business_profile()
        .await
        .expect_err("a string is no array");
    check_names(&err, "GetBusinessProfile", Some(200));
    match &err {
        Error::Decode { path, .. } => assert_eq!(path, "settings.business.profile.websites"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn empty_body_where_json_was_promised_is_a_decode_error() {
    for (label, reply) in [
        (
            "with a JSON content type",
            ResponseTemplate::new(200).insert_header("content-type", "application/json"),
        ),
        ("without a content type", ResponseTemplate::new(200)),
    ] {
        let server = server_answering("GET", "/settings/profile/about", reply).await;
        let err = client_for(&server)
            .get_profile_about()
            .await
            .expect_err("an empty body is no JSON");
        let text = check_names(&err, "GetProfileAbout", Some(200));
        assert!(
            matches!(
                err,
                Error::Decode {
                    operation: "GetProfileAbout",
                    status: 200,
                    ..
                }
            ),
            "{label}: expected Error::Decode, got {err:?}"
        );
        assert!(
            text.contains("(empty body)"),
            "{label}: Display says the body was empty: {text}"
        );
    }
}

#[tokio::test]
async fn non_utf8_text_is_a_decode_error() {
    let server = server_answering(
        "GET",
        "/certificates/external/ca",
        ResponseTemplate::new(200).set_body_raw(vec![0x30, 0x82, 0x01, 0xff, 0xfe, 0x00], "text/plain"),
    )
    .await;
    let err = client_for(&server)
        .download_ca_certificate()
        .await
        .expect_err("not UTF-8");
    check_names(&err, "DownloadCaCertificate", Some(200));
    assert!(
        matches!(
            err,
            Error::Decode {
                operation: "DownloadCaCertificate",
                status: 200,
                ..
            }
        ),
        "got {err:?}"
    );
}

// ---------------------------------------------------------------------------
// Media types the operation does not describe
// ---------------------------------------------------------------------------

const CAPTIVE_PORTAL: &str = "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>\
<body><form action=\"/login\">Please sign in</form></body></html>";

#[tokio::test]
async fn html_where_json_was_promised_is_an_unexpected_content_type() {
    let server = server_answering(
        "GET",
        "/settings/application",
        ResponseTemplate::new(200).set_body_raw(CAPTIVE_PORTAL, "text/html; charset=utf-8"),
    )
    .await;
    let err = client_for(&server)
        .get_application_settings()
        .await
        .expect_err("HTML is not JSON");
    let text = check_names(&err, "GetApplicationSettings", Some(200));
    match &err {
        Error::UnexpectedContentType {
            operation,
            status,
            expected,
            content_type,
            excerpt,
        } => {
            assert_eq!((*operation, *status), ("GetApplicationSettings", 200));
            assert_eq!(*expected, "application/json");
            assert_eq!(content_type, "text/html; charset=utf-8");
            assert!(excerpt.contains("Sign in to the network"), "excerpt: {excerpt}");
        }
        other => panic!("expected Error::UnexpectedContentType, got {other:?}"),
    }
    assert!(
        text.contains("text/html"),
        "Display names the media type received: {text}"
    );
}

#[tokio::test]
async fn html_where_a_text_certificate_was_promised_is_an_unexpected_content_type() {
    // Download-CA-Certificate answers `text/plain` only.
    let server = server_answering(
        "GET",
        "/certificates/external/ca",
        ResponseTemplate::new(200).set_body_raw(CAPTIVE_PORTAL, "text/html; charset=utf-8"),
    )
    .await;
    let result = client_for(&server).download_ca_certificate().await;
    let err = result.expect_err("an HTML page is not the text/plain certificate");
    check_names(&err, "DownloadCaCertificate", Some(200));
    assert!(
        matches!(
            err,
            Error::UnexpectedContentType {
                operation: "DownloadCaCertificate",
                status: 200,
                ..
            }
        ),
        "expected Error::UnexpectedContentType, got {err:?}"
    );
}

#[tokio::test]
async fn html_where_json_or_jpeg_was_promised_is_an_unexpected_content_type() {
    // Get-Profile-Photo answers `application/json` or `image/jpeg`; the
    // method asks for JSON, `get_profile_photo_image_jpeg` for the image.
    let server = server_answering(
        "GET",
        "/settings/profile/photo",
        ResponseTemplate::new(200).set_body_raw(CAPTIVE_PORTAL, "text/html"),
    )
    .await;
    let err = client_for(&server)
        .get_profile_photo(None)
        .await
        .expect_err("an HTML page is not JSON");
    check_names(&err, "GetProfilePhoto", Some(200));
    assert!(matches!(err, Error::UnexpectedContentType { .. }), "got {err:?}");
    let result = client_for(&server).get_profile_photo_image_jpeg(None).await;
    if let Ok(download) = &result {
        panic!("an HTML page came back as a JPEG photo: {download:?}");
    }
    let err = result.expect_err("an HTML page is not a JPEG");
    check_names(&err, "GetProfilePhoto", Some(200));
    assert!(
        matches!(
            err,
            Error::UnexpectedContentType {
                operation: "GetProfilePhoto",
                status: 200,
                ..
            }
        ),
        "expected Error::UnexpectedContentType, got {err:?}"
    );
}

#[tokio::test]
async fn image_where_json_or_text_was_promised_is_an_unexpected_content_type() {
    // Get-Metrics answers `application/json` or `text/plain`; the status (200) is described.
    let server = server_answering(
        "GET",
        "/metrics",
        ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P', b'N', b'G'], "image/png"),
    )
    .await;
    let err = client_for(&server)
        .get_metrics(None)
        .await
        .expect_err("a PNG is not JSON");
    check_names(&err, "GetMetrics", Some(200));
    let result = client_for(&server).get_metrics_text(None).await;
    if let Ok(text) = &result {
        panic!("a PNG came back as metrics text: {text:?}");
    }
    let err = result.expect_err("a PNG is not text");
    check_names(&err, "GetMetrics", Some(200));
    assert!(
        matches!(
            err,
            Error::UnexpectedContentType {
                operation: "GetMetrics",
                status: 200,
                ..
            }
        ),
        "expected Error::UnexpectedContentType, got {err:?}"
    );
}

// ---------------------------------------------------------------------------
// No answer
// ---------------------------------------------------------------------------

#[tokio::test]
async fn slow_answer_is_a_timeout() {
    let server = server_answering(
        "GET",
        "/health",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let err = client.check_health().await.expect_err("no answer within 200 ms");
    let waited = started.elapsed();
    let text = check_names(&err, "CheckHealth", None);
    match &err {
        Error::Timeout { operation, elapsed } => {
            assert_eq!(*operation, "CheckHealth");
            assert!(*elapsed >= Duration::from_millis(150), "gave up after {elapsed:?}");
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(
        waited < Duration::from_secs(2),
        "the client gave up at its timeout, not after {waited:?}"
    );
    assert!(text.contains("no answer within"), "{text}");
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(2))
        .build()
        .expect("the client builds");
    let err = client.get_all_groups().await.expect_err("nothing listens there");
    let text = check_names(&err, "GetAllGroups", None);
    match &err {
        Error::Transport { operation, source } => {
            assert_eq!(*operation, "GetAllGroups");
            assert!(source.is_connect(), "a connect error: {source:?}");
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert!(text.contains("request failed"), "{text}");
    assert!(!text.contains(TOKEN), "Display does not leak the token: {text}");
}

// ---------------------------------------------------------------------------
// Values the spec does not list
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_contact_status_is_kept_and_written_back() {
    let answer = json!({"contacts": [
        {"input": "+16315551234", "status": "blocked", "wa_id": "16315551234"},
        {"input": "+16315551000", "status": "valid", "wa_id": "16315551000"}
    ]});
    let server = server_answering(
        "POST",
        "/contacts",
        ResponseTemplate::new(200).set_body_json(answer.clone()),
    )
    .await;
    let body = types::CheckContactRequestBody::new(vec!["+16315551234".into(), "+16315551000".into()]);
    let got = client_for(&server)
        .check_contact(&body)
        .await
        .expect("an unlisted status still decodes");
    let contacts = got.contacts.clone().expect("contacts");
    assert_eq!(
        contacts[0].status,
        Some(types::CheckContactStatus::Unknown("blocked".into()))
    );
    assert_eq!(contacts[1].status, Some(types::CheckContactStatus::Valid));
    assert_eq!(
        serde_json::to_value(&got).expect("serializes"),
        answer,
        "written back unchanged"
    );
}

#[tokio::test]
async fn unknown_user_role_and_api_status_are_kept_and_written_back() {
    let answer = json!({
        "meta": {"version": "v2.53.1", "api_status": "sunset"},
        "users": [{"ROLES": "ROLE_AUDITOR", "username": USER_USERNAME}]
    });
    let server = server_answering(
        "GET",
        &format!("/users/{USER_USERNAME}"),
        ResponseTemplate::new(200).set_body_json(answer.clone()),
    )
    .await;
    let got = client_for(&server)
        .get_user(USER_USERNAME)
        .await
        .expect("unlisted values still decode");
    let user = got.users.as_ref().and_then(|u| u.first()).expect("a user");
    assert_eq!(user.roles, Some(types::UserRole::Unknown("ROLE_AUDITOR".into())));
    assert_eq!(
        got.meta.as_ref().and_then(|m| m.api_status.clone()),
        Some(types::MetaApiStatus::Unknown("sunset".into()))
    );
    assert_eq!(
        serde_json::to_value(&got).expect("serializes"),
        answer,
        "written back unchanged"
    );
}

#[tokio::test]
async fn unknown_integer_enum_value_is_kept_and_written_back() {
    let answer = json!({"webhooks": {"url": "https://webhooks.example.com/whatsapp", "max_concurrent_requests": 48}});
    let server = server_answering(
        "GET",
        "/settings/application",
        ResponseTemplate::new(200).set_body_json(answer.clone()),
    )
    .await;
    let got = client_for(&server)
        .get_application_settings()
        .await
        .expect("an unlisted value still decodes");
    assert_eq!(
        got.webhooks.as_ref().and_then(|w| w.max_concurrent_requests),
        Some(types::WebhooksMaxConcurrentRequests::Unknown(48))
    );
    assert_eq!(
        serde_json::to_value(&got).expect("serializes"),
        answer,
        "written back unchanged"
    );
}

#[test]
fn unknown_health_status_is_kept_and_written_back() {
    let single: Value = json!({"health": "degraded"});
    let health: types::CheckHealthResponse = serde_json::from_value(single.clone()).expect("decodes");
    match &health.health {
        Some(types::CheckHealthResponseHealth::GatewayStatus(status)) => {
            assert_eq!(*status, types::GatewayStatus::Unknown("degraded".into()));
        }
        other => panic!("a bare status string is a GatewayStatus, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&health).expect("serializes"), single);

    let multi: Value = json!({"health": {
        "wa-master-1:3a1f9c0d7e22": {"gateway_status": "connected", "role": "primary_master"},
        "wa-core-1:c2d7a90e5b13": {"gateway_status": "rebalancing", "role": "arbiter"}
    }});
    let health: types::CheckHealthResponse = serde_json::from_value(multi.clone()).expect("decodes");
    match &health.health {
        Some(types::CheckHealthResponseHealth::Map(nodes)) => {
            let core = &nodes["wa-core-1:c2d7a90e5b13"];
            assert_eq!(core.role, Some(types::GatewayNodeStatusRole::Unknown("arbiter".into())));
            assert_eq!(core.gateway_status.as_deref(), Some("rebalancing"));
            let master = &nodes["wa-master-1:3a1f9c0d7e22"];
            assert_eq!(master.role, Some(types::GatewayNodeStatusRole::PrimaryMaster));
        }
        other => panic!("a node map is a Map, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&health).expect("serializes"), multi);
}

#[test]
fn unknown_webhook_message_type_and_status_are_kept_and_written_back() {
    let body = json!({
        "contacts": [{"profile": {"name": "Kerry Fisher"}, "wa_id": "16315551234"}],
        "messages": [
            {"from": "16315551234", "id": "ABGGFlA5FpafAgo6tHcNmNjXmuSf", "timestamp": "1518694235",
             "type": "reaction"},
            {"from": "16315551234", "id": "ABGGFlA5FpafAgo6tHcNmNjXmuSg", "timestamp": "1518694236",
             "type": "unknown", "errors": [{"code": 501, "title": "Unknown message type"}]}
        ],
        "statuses": [{"id": "gBGGEgZHMlEfAgkM1RBkhDRr7t8", "recipient_id": "16315551234",
                      "status": "played", "timestamp": "1518694237"}]
    });
    let bytes = serde_json::to_vec(&body).expect("serializes");
    let event = webhooks::parse_event(&bytes).expect("unlisted values still parse");
    let messages = event.messages.as_ref().expect("messages");
    assert_eq!(messages[0].type_, Some(types::MessageType::Unknown("reaction".into())));
    let listed = messages[1].type_.as_ref().expect("a type");
    assert!(
        !matches!(listed, types::MessageType::Unknown(_)),
        "`unknown` is a listed value, got {listed:?}"
    );
    assert_eq!(listed.as_str(), "unknown");
    let statuses = event.statuses.as_ref().expect("statuses");
    assert_eq!(
        statuses[0].status,
        Some(types::WebhookStatusStatus::Unknown("played".into()))
    );
    assert_eq!(
        serde_json::to_value(&event).expect("serializes"),
        body,
        "written back unchanged"
    );
}

#[test]
fn broken_webhook_body_is_an_error_naming_the_field() {
    let err = webhooks::parse_event(br#"{"messages":[{"id":"ABGG","timestamp":1518694235}]}"#)
        .expect_err("a number is no timestamp string");
    assert_eq!(err.path, "messages[0].timestamp");
    assert!(err.to_string().contains("messages[0].timestamp"), "{err}");
    let err = webhooks::parse_event(b"{\"messages\":[").expect_err("truncated");
    assert!(err.to_string().contains("webhook body"), "{err}");
}

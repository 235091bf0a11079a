//! End-to-end tests of the generated WhatsApp Business API client against a
//! local mock server.
//!
//! `cases()` describes, for each of the 55 operations, what the server must
//! receive when `sample_calls::call_all` (or the per-operation test) calls it
//! — method, path, query, `Authorization`, `Content-Type` and body — and what
//! it answers (from the spec's examples). Every operation has its own test
//! that also checks the typed value the client returns; `every_operation_*`
//! runs all 55 through `call_all` on one server and counts the coverage.

use oagen_tests::e2e_cases::*;
use oagen_tests::sample_calls::{self, *};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use whatsapp_business_api::{types, Client, Error, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request};

// ---------------------------------------------------------------------------
// The table itself and the shared sample calls
// ---------------------------------------------------------------------------

/// `(operationId, METHOD, path, security scheme, query parameter names)` of every operation of the spec.
fn spec_operations() -> Vec<(String, String, String, String, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/whatsapp-business-api.yaml"
    ))
    .expect("the spec is readable");
    let doc: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let global = doc["security"][0]
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .expect("global security");
    let mut out = Vec::new();
    for (p, item) in doc["paths"].as_object().expect("paths") {
        for (m, op) in item.as_object().expect("path item") {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let scheme = op["security"][0]
                .as_object()
                .and_then(|s| s.keys().next().cloned())
                .unwrap_or_else(|| global.clone());
            let query = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "query")
                        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default();
            out.push((id.to_string(), m.to_uppercase(), p.clone(), scheme, query));
        }
    }
    out
}

#[test]
fn the_table_and_the_sample_calls_cover_exactly_the_spec() {
    let spec = spec_operations();
    assert_eq!(spec.len(), 55, "the spec has 55 operations");
    let table = cases();
    assert_eq!(table.len(), 55, "one case per operation");

    let ids: Vec<&str> = table.iter().map(|c| c.id).collect();
    assert_eq!(ids, OPERATION_IDS.to_vec(), "the table follows OPERATION_IDS");
    let unique: BTreeSet<&str> = OPERATION_IDS.iter().copied().collect();
    assert_eq!(unique.len(), 55, "OPERATION_IDS has no duplicates");

    let spec_ids: BTreeSet<&str> = spec.iter().map(|(id, ..)| id.as_str()).collect();
    assert_eq!(spec_ids, unique, "OPERATION_IDS are the spec's operationIds");
    let spec_order: Vec<&str> = spec.iter().map(|(id, ..)| id.as_str()).collect();
    assert_eq!(
        spec_order,
        OPERATION_IDS.to_vec(),
        "OPERATION_IDS follow the spec's order"
    );

    for (id, m, p, scheme, query) in &spec {
        let c = case(id);
        assert_eq!(
            (c.method, c.template),
            (m.as_str(), p.as_str()),
            "{id}: method and path as in the spec"
        );
        let auth = if scheme == "httpBasic" {
            Auth::Basic
        } else {
            Auth::Bearer
        };
        assert_eq!(c.auth, auth, "{id}: security scheme {scheme}");
        for (name, _) in &c.query {
            assert!(
                query.iter().any(|q| q == name),
                "{id}: query parameter `{name}` is declared by the spec"
            );
        }
    }
}

#[tokio::test]
async fn every_operation_through_the_sample_calls() {
    let h = Harness::start().await;
    let table = cases();
    for c in &table {
        h.mount(c).await;
    }
    let outcomes = sample_calls::call_all(&h.client).await;
    let requests = h.server.received_requests().await.expect("request recording is on");

    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    assert_eq!(outcomes.len(), 55, "call_all makes one call per operation");
    for (c, outcome) in table.iter().zip(&outcomes) {
        if outcome.operation_id != c.id {
            failures.push(format!(
                "call_all reports {} where {} was expected",
                outcome.operation_id, c.id
            ));
            continue;
        }
        let mut ok = true;
        if let Err(e) = &outcome.result {
            failures.push(format!("{}: the call failed: {e}", c.id));
            ok = false;
        }
        let mine: Vec<&Request> = requests
            .iter()
            .filter(|r| r.method.as_str() == c.method && r.url.path() == c.full_path())
            .collect();
        if mine.len() != 1 {
            failures.push(format!(
                "{}: {} requests to {} {} instead of 1",
                c.id,
                mine.len(),
                c.method,
                c.full_path()
            ));
            ok = false;
        } else if let Err(problem) = verify(c, mine[0]) {
            failures.push(problem);
            ok = false;
        }
        if ok {
            covered.insert(c.id);
        }
    }
    assert_eq!(
        requests.len(),
        55,
        "one request per operation, no retries or extra calls"
    );

    // The login answer carries a token: its Debug text must not.
    let login = outcomes
        .iter()
        .find(|o| o.operation_id == "LoginUser")
        .expect("LoginUser was called");
    if let Ok(debug) = &login.result {
        assert!(
            !debug.contains(LOGIN_TOKEN),
            "LoginUser's Debug text shows the token: {debug}"
        );
    }

    println!(
        "e2e: {} of {} operations covered end to end",
        covered.len(),
        OPERATION_IDS.len()
    );
    assert!(
        failures.is_empty(),
        "{} operation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(covered.len(), 55, "all 55 operations are covered");
}

// ---------------------------------------------------------------------------
// Login and credentials
// ---------------------------------------------------------------------------

#[tokio::test]
async fn login_exchanges_basic_credentials_for_a_bearer_token() {
    let server = MockServer::start().await;
    let issued = "eyJhbGciOiJIUzI1NiJ9.bG9naW4tZmxvdw.aXNzdWVkLWJ5LWxvZ2lu";
    Mock::given(method("POST"))
        .and(path("/v1/users/login"))
        .respond_with(ok_json(
            json!({"users": [{"token": issued, "expires_after": "2024-05-27 10:30:00+00:00"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/settings/application"))
        .respond_with(ok_json(json!({"pass_through": false})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("the client builds");
    assert!(client.bearer_token().is_none(), "a new client holds no token");

    let answer = client.login(ADMIN_USER, ADMIN_PASSWORD).await.expect("login succeeds");
    let item = first(&answer.users, "user");
    assert_eq!(item.token.as_deref(), Some(issued));
    assert_eq!(item.expires_after.as_deref(), Some("2024-05-27 10:30:00+00:00"));
    assert!(
        !format!("{answer:?}").contains(issued),
        "the login answer's Debug text hides the token"
    );

    assert_eq!(
        client.bearer_token().map(|t| t.expose().to_string()).as_deref(),
        Some(issued)
    );
    assert_eq!(
        client.bearer_token_expires().as_deref(),
        Some("2024-05-27 10:30:00+00:00")
    );
    let clone = client.clone();
    assert_eq!(
        clone.bearer_token().map(|t| t.expose().to_string()).as_deref(),
        Some(issued),
        "clones share the token"
    );

    let settings = client
        .get_application_settings()
        .await
        .expect("a call after login succeeds");
    assert_eq!(settings.pass_through, Some(false));

    let requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 2);
    let login = &requests[0];
    assert_eq!((login.method.as_str(), login.url.path()), ("POST", "/v1/users/login"));
    assert_eq!(
        header(login, "authorization"),
        Some(ADMIN_BASIC),
        "login sends HTTP basic credentials"
    );
    let after = &requests[1];
    assert_eq!(
        (after.method.as_str(), after.url.path()),
        ("GET", "/v1/settings/application")
    );
    let want = format!("Bearer {issued}");
    assert_eq!(
        header(after, "authorization"),
        Some(want.as_str()),
        "the next call carries the new token"
    );

    let debug = format!("{client:?}");
    assert!(
        !debug.contains(issued),
        "the client's Debug text shows the token: {debug}"
    );
    assert!(
        !debug.contains(ADMIN_PASSWORD),
        "the client's Debug text shows the password: {debug}"
    );
}

#[tokio::test]
async fn login_answer_without_a_token_is_a_decode_error_and_stores_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/users/login"))
        .respond_with(ok_json(json!({"users": [{"expires_after": LOGIN_EXPIRES}]})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(format!("{}/v1", server.uri())).expect("the client builds");
    let err = client
        .login(ADMIN_USER, ADMIN_PASSWORD)
        .await
        .expect_err("no token, no login");
    assert!(client.bearer_token().is_none(), "no token is stored");
    assert_eq!((err.operation(), err.status()), (Some("LoginUser"), Some(200)));
    match &err {
        Error::Decode { excerpt, .. } => {
            // Like every other Decode error, it shows the start of the answer.
            assert!(
                excerpt.contains("expires_after"),
                "the error shows the answer that lacks the token: {err}"
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn set_bearer_token_is_used_by_the_next_calls_of_every_clone() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/groups"))
        .respond_with(ok_json(groups_reply()))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::new(format!("{}/v1", server.uri())).expect("the client builds");
    let clone = client.clone();

    client
        .get_all_groups()
        .await
        .expect("the call succeeds without a token");
    client
        .set_bearer_token("rotated-token-2", Some("2030-01-01 00:00:00+00:00".into()))
        .expect("a valid token");
    clone.get_all_groups().await.expect("the call succeeds with a token");

    let requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(
        header(&requests[0], "authorization"),
        None,
        "no token, no Authorization"
    );
    assert_eq!(header(&requests[1], "authorization"), Some("Bearer rotated-token-2"));
    assert!(
        !format!("{client:?}").contains("rotated-token-2"),
        "Debug hides the token"
    );
}

// ---------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------

#[tokio::test]
async fn login_user() {
    let (h, c) = harness("LoginUser").await;
    let got = h
        .client
        .login_user(Some(&types::LoginAdminRequestBody::new(NEW_ADMIN_PASSWORD.into())))
        .await
        .expect("LoginUser succeeds");
    h.assert_received(&c).await;
    let item = first(&got.users, "user");
    assert_eq!(item.token.as_deref(), Some(LOGIN_TOKEN));
    assert_eq!(item.expires_after.as_deref(), Some(LOGIN_EXPIRES));
    assert_eq!(
        h.client.bearer_token().map(|t| t.expose().to_string()).as_deref(),
        Some(TOKEN),
        "login_user itself leaves the client's token alone"
    );
}

#[tokio::test]
async fn create_user() {
    let (h, c) = harness("CreateUser").await;
    let got = h
        .client
        .create_user(&types::CreateUserRequestBody::new(
            USER_USERNAME.into(),
            USER_PASSWORD.into(),
        ))
        .await
        .expect("CreateUser succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.users, "user").username.as_deref(), Some(USER_USERNAME));
}

#[tokio::test]
async fn get_user() {
    let (h, c) = harness("GetUser").await;
    let got = h.client.get_user(USER_USERNAME).await.expect("GetUser succeeds");
    h.assert_received(&c).await;
    let user = first(&got.users, "user");
    assert_eq!(user.username.as_deref(), Some(USER_USERNAME));
    assert_eq!(user.roles, Some(types::UserRole::RoleUser));
}

#[tokio::test]
async fn get_user_percent_encodes_the_path_parameter() {
    let c = case("GetUser");
    let h = Harness::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/ops%20team%2Fnight%3Fshift"))
        .respond_with(ok_json(
            json!({"users": [{"ROLES": "ROLE_ADMIN", "username": "ops team/night?shift"}]}),
        ))
        .expect(1)
        .mount(&h.server)
        .await;
    let got = h
        .client
        .get_user("ops team/night?shift")
        .await
        .expect("GetUser succeeds");
    let user = first(&got.users, "user");
    assert_eq!(user.roles, Some(types::UserRole::RoleAdmin));
    let requests = h.server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "{}: one request", c.id);
    assert_eq!(requests[0].url.query(), None, "{}: `?` stays in the path segment", c.id);
}

#[tokio::test]
async fn update_user() {
    let (h, c) = harness("UpdateUser").await;
    let got = h
        .client
        .update_user(
            USER_USERNAME,
            &types::UpdateUserRequestBody::new(UPDATED_USER_PASSWORD.into()),
        )
        .await
        .expect("UpdateUser succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.users, "user").username.as_deref(), Some(USER_USERNAME));
}

#[tokio::test]
async fn delete_user() {
    let (h, c) = harness("DeleteUser").await;
    let got = h.client.delete_user(USER_USERNAME).await.expect("DeleteUser succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.users, "user").username.as_deref(), Some(USER_USERNAME));
}

#[tokio::test]
async fn logout_user() {
    let (h, c) = harness("LogoutUser").await;
    h.client.logout_user().await.expect("LogoutUser succeeds");
    h.assert_received(&c).await;
}

// ---------------------------------------------------------------------------
// Application settings
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_application_settings() {
    let (h, c) = harness("GetApplicationSettings").await;
    let got = h
        .client
        .get_application_settings()
        .await
        .expect("GetApplicationSettings succeeds");
    h.assert_received(&c).await;
    assert_eq!(got.callback_backoff_delay_ms, Some(3000));
    assert_eq!(got.max_callback_backoff_delay_ms, Some(900000));
    assert_eq!(got.callback_persist, Some(true));
    assert_eq!(got.pass_through, Some(false));
    assert_eq!(got.sent_status, Some(false));
    assert_eq!(got.on_call_pager.as_deref(), Some("16315558032-1530825318"));
    assert_eq!(got.unhealthy_interval, Some(30));
    assert_eq!(got.heartbeat_interval, Some(5));
    let webhooks = got.webhooks.as_ref().expect("webhooks");
    assert_eq!(webhooks.url.as_deref(), Some(WEBHOOK_URL));
    assert_eq!(
        webhooks.max_concurrent_requests,
        Some(types::WebhooksMaxConcurrentRequests::V12)
    );
    let media = got.media.as_ref().expect("media");
    let kinds: Vec<&str> = media.auto_download.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds, ["image", "document", "audio"]);
    assert_eq!(media.auto_download[1], types::MediaAutoDownloadItem::Document);
    assert_eq!(media.auto_download[2], types::MediaAutoDownloadItem::Audio);
    assert_eq!(
        serde_json::to_value(&got).expect("serializes"),
        application_settings_reply(),
        "written back unchanged"
    );
}

#[tokio::test]
async fn reset_application_settings() {
    let (h, c) = harness("ResetApplicationSettings").await;
    h.client
        .reset_application_settings()
        .await
        .expect("ResetApplicationSettings succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn update_application_settings() {
    let (h, c) = harness("UpdateApplicationSettings").await;
    let got = h
        .client
        .update_application_settings(
            &types::ApplicationSettings::new().with_webhooks(types::Webhooks::new().with_url(WEBHOOK_URL.into())),
        )
        .await
        .expect("UpdateApplicationSettings succeeds");
    h.assert_received(&c).await;
    let meta = got.meta.expect("meta");
    assert_eq!(meta.version.as_deref(), Some("v2.41.3"));
    assert_eq!(meta.api_status, Some(types::MetaApiStatus::Stable));
    assert_eq!(got.errors, None);
}

#[tokio::test]
async fn update_application_settings_sends_only_the_fields_set() {
    let c = case("UpdateApplicationSettings").json(json!({
        "callback_persist": false,
        "media": {"auto_download": ["document", "audio", "video"]},
        "webhooks": {"url": WEBHOOK_URL, "max_concurrent_requests": 24},
        "sent_status": true,
        "heartbeat_interval": 10
    }));
    let h = Harness::with(&c).await;
    h.client
        .update_application_settings(
            &types::ApplicationSettings::new()
                .with_callback_persist(false)
                .with_media(types::Media::new(vec![
                    types::MediaAutoDownloadItem::Document,
                    types::MediaAutoDownloadItem::Audio,
                    types::MediaAutoDownloadItem::Video,
                ]))
                .with_webhooks(
                    types::Webhooks::new()
                        .with_url(WEBHOOK_URL.into())
                        .with_max_concurrent_requests(types::WebhooksMaxConcurrentRequests::V24),
                )
                .with_sent_status(true)
                .with_heartbeat_interval(10),
        )
        .await
        .expect("UpdateApplicationSettings succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn set_shards() {
    let (h, c) = harness("SetShards").await;
    h.client
        .set_shards(&types::SetShardsRequestBody::new(
            COUNTRY_CODE.into(),
            PHONE_NUMBER.into(),
            types::SetShardsRequestBodyShards::V32,
            PIN.into(),
        ))
        .await
        .expect("SetShards succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn get_media_providers() {
    let (h, c) = harness("GetMediaProviders").await;
    let got = h
        .client
        .get_media_providers()
        .await
        .expect("GetMediaProviders succeeds");
    h.assert_received(&c).await;
    let providers = got
        .settings
        .as_ref()
        .and_then(|s| s.application.as_ref())
        .and_then(|a| a.media.as_ref())
        .and_then(|m| m.providers.clone())
        .expect("settings.application.media.providers");
    assert_eq!(providers.len(), 2);
    assert_eq!(providers[0].name.as_deref(), Some("your-first-provider"));
    assert_eq!(providers[0].type_.as_deref(), Some("www"));
    match &providers[0].config {
        Some(types::Config::ConfigBasic(config)) => {
            let basic = &config.basic;
            assert_eq!(basic.username.as_deref(), Some("your-username"));
            assert_eq!(basic.password.as_deref(), Some("your-password"));
        }
        other => panic!("the first provider uses basic auth, got {other:?}"),
    }
    assert_eq!(providers[1].name.as_deref(), Some("your-second-provider"));
    match &providers[1].config {
        Some(types::Config::ConfigBearer(config)) => assert_eq!(config.bearer, "your-bearer-token"),
        other => panic!("the second provider uses a bearer token, got {other:?}"),
    }
    let debug = format!("{got:?}");
    assert!(
        !debug.contains("your-password"),
        "Debug hides the provider password: {debug}"
    );
    assert!(
        !debug.contains("your-bearer-token"),
        "Debug hides the provider token: {debug}"
    );
}

#[tokio::test]
async fn update_media_providers() {
    let (h, c) = harness("UpdateMediaProviders").await;
    let basic = types::Basic::new()
        .with_username(PROVIDER_USERNAME.into())
        .with_password(PROVIDER_PASSWORD.into());
    h.client
        .update_media_providers(&vec![types::MediaProvider::new()
            .with_name(PROVIDER_NAME.into())
            .with_type("www".into())
            .with_config(types::ConfigBasic::new(basic).into())])
        .await
        .expect("UpdateMediaProviders succeeds");
    h.assert_received(&c).await;
}

/// The bearer config of the spec's examples is sent as written.
#[tokio::test]
async fn update_media_providers_with_a_bearer_token() {
    let c = case("UpdateMediaProviders")
        .json(json!([{"name": SECOND_PROVIDER, "type": "www", "config": {"bearer": PROVIDER_BEARER}}]));
    let h = Harness::with(&c).await;
    h.client
        .update_media_providers(&vec![types::MediaProvider::new()
            .with_name(SECOND_PROVIDER.into())
            .with_type("www".into())
            .with_config(types::ConfigBearer::new(PROVIDER_BEARER.into()).into())])
        .await
        .expect("UpdateMediaProviders succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn delete_media_providers() {
    let (h, c) = harness("DeleteMediaProviders").await;
    h.client
        .delete_media_providers(PROVIDER_NAME)
        .await
        .expect("DeleteMediaProviders succeeds");
    h.assert_received(&c).await;
}

// ---------------------------------------------------------------------------
// Backup and restore
// ---------------------------------------------------------------------------

#[tokio::test]
async fn backup_settings() {
    let (h, c) = harness("BackupSettings").await;
    let got = h
        .client
        .backup_settings(&types::BackupSettingsRequestBody::new(BACKUP_PASSWORD.into()))
        .await
        .expect("BackupSettings succeeds");
    h.assert_received(&c).await;
    assert_eq!(
        got.settings.and_then(|s| s.data).as_deref(),
        Some("encrypted-backup-data")
    );
}

#[tokio::test]
async fn restore_settings() {
    let (h, c) = harness("RestoreSettings").await;
    h.client
        .restore_settings(&types::RestoreSettingsRequestBody::new(
            BACKUP_PASSWORD.into(),
            BACKUP_DATA.into(),
        ))
        .await
        .expect("RestoreSettings succeeds");
    h.assert_received(&c).await;
}

// ---------------------------------------------------------------------------
// Business profile and profile
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_business_profile() {
    let (h, c) = harness("GetBusinessProfile").await;
    let got = h
        .client
        .get_business_profile()
        .await
        .expect("GetBusinessProfile succeeds");
    h.assert_received(&c).await;
    let profile = got
        .settings
        .and_then(|s| s.business)
        .and_then(|b| b.profile)
        .expect("settings.business.profile");
    assert_eq!(profile, business_profile());
    assert_eq!(profile.email, "support@example.com");
    assert_eq!(
        profile.websites,
        ["https://www.whatsapp.com", "https://www.facebook.com"]
    );
}

#[tokio::test]
async fn update_business_profile() {
    let (h, c) = harness("updateBusinessProfile").await;
    h.client
        .update_business_profile(&business_profile())
        .await
        .expect("updateBusinessProfile succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn get_profile_about() {
    let (h, c) = harness("GetProfileAbout").await;
    let got = h.client.get_profile_about().await.expect("GetProfileAbout succeeds");
    h.assert_received(&c).await;
    let about = got
        .settings
        .and_then(|s| s.profile)
        .and_then(|p| p.about)
        .expect("settings.profile.about");
    assert_eq!(about.text, ABOUT_TEXT);
}

#[tokio::test]
async fn update_profile_about() {
    let (h, c) = harness("UpdateProfileAbout").await;
    h.client
        .update_profile_about(&types::ProfileAbout::new(ABOUT_TEXT.into()))
        .await
        .expect("UpdateProfileAbout succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn get_profile_photo_as_link() {
    let (h, c) = harness("GetProfilePhoto").await;
    let got = h
        .client
        .get_profile_photo(Some(PHOTO_FORMAT))
        .await
        .expect("GetProfilePhoto succeeds");
    h.assert_received(&c).await;
    let link = got
        .settings
        .and_then(|s| s.profile)
        .and_then(|p| p.photo)
        .and_then(|p| p.link);
    assert_eq!(link.as_deref(), Some(PHOTO_LINK));
}

#[tokio::test]
async fn get_profile_photo_as_jpeg_is_a_download() {
    let c = case("GetProfilePhoto")
        .query(&[])
        .reply(ok_raw("image/jpeg", JPEG_BYTES));
    let h = Harness::with(&c).await;
    let got = h
        .client
        .get_profile_photo_image_jpeg(None)
        .await
        .expect("GetProfilePhoto succeeds");
    h.assert_received(&c).await;
    assert_eq!(got.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(got.bytes().await.expect("the body is read"), JPEG_BYTES);
}

#[tokio::test]
async fn update_profile_photo() {
    let (h, c) = harness("UpdateProfilePhoto").await;
    h.client
        .update_profile_photo(Some(
            FilePart::new(PROFILE_PHOTO_NAME, JPEG_BYTES).with_content_type("image/jpeg"),
        ))
        .await
        .expect("UpdateProfilePhoto succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn delete_profile_photo() {
    let (h, c) = harness("DeleteProfilePhoto").await;
    h.client
        .delete_profile_photo()
        .await
        .expect("DeleteProfilePhoto succeeds");
    h.assert_received(&c).await;
}

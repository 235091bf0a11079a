//! End-to-end tests of the generated WhatsApp Business API client against a
//! local mock server.
//!
//! `cases()` describes, for each of the 55 operations, what the server must
//! receive when `sample_calls::call_all` (or the per-operation test) calls it
//! — method, path, query, `Authorization`, `Content-Type` and body — and what
//! it answers (from the spec's examples). Every operation has its own test
//! that also checks the typed value the client returns; `every_operation_*`
//! runs all 55 through `call_all` on one server and counts the coverage.

use oagen_tests::sample_calls::{self, *};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use whatsapp_business_api::client::{
    GetAppStatsResponse, GetDbStatsResponse, GetMetricsResponse, GetProfilePhotoResponse, RequestCodeResponse,
    UploadMediaContentType,
};
use whatsapp_business_api::{types, Client, Download, Error, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Bearer token the clients are built with.
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.ZTJlLWNsaWVudA.c2lnbmVkLWJ5LXRoZS1zZXJ2ZXI";
const ADMIN_USER: &str = "admin";
const ADMIN_PASSWORD: &str = "Adm1n-Passw0rd!";
/// `Authorization` for `admin:Adm1n-Passw0rd!` (base64 of the pair).
const ADMIN_BASIC: &str = "Basic YWRtaW46QWRtMW4tUGFzc3cwcmQh";
/// The path prefix of the spec's server (`http://example.com/v1`).
const BASE_PATH: &str = "/v1";

/// Token of the spec's User-Login-Response example.
const LOGIN_TOKEN: &str = "eyJhbGciOHlXVCJ9.eyJ1c2VyIjoNTIzMDE2Nn0.mEoF0COaO00Z1cANo";
const LOGIN_EXPIRES: &str = "2018-03-01 15:29:26+00:00";
const INVITE_LINK: &str = "https://chat.whatsapp.com/KxRmW3fUeQp8LbH2yZcTn4";
const PHOTO_LINK: &str = "https://pps.whatsapp.net/v/t61.24694-24/profile-photo.jpg";
const VERIFIED_NAME: &str = "Acme Widgets";
const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

// ---------------------------------------------------------------------------
// What each operation sends and receives
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Auth {
    Bearer,
    Basic,
}

/// The request body the server must receive.
#[derive(Clone, Debug)]
enum Sends {
    Nothing,
    Json(Value),
    Raw {
        content_type: &'static str,
        bytes: Vec<u8>,
    },
    File {
        field: &'static str,
        file_name: &'static str,
        content_type: &'static str,
        bytes: Vec<u8>,
    },
}

#[derive(Clone, Debug)]
struct Case {
    id: &'static str,
    method: &'static str,
    /// Path template of the spec.
    template: &'static str,
    query: Vec<(&'static str, &'static str)>,
    auth: Auth,
    sends: Sends,
    reply: ResponseTemplate,
}

impl Case {
    fn new(id: &'static str, method: &'static str, template: &'static str) -> Self {
        Case {
            id,
            method,
            template,
            query: Vec::new(),
            auth: Auth::Bearer,
            sends: Sends::Nothing,
            reply: ResponseTemplate::new(200),
        }
    }

    fn basic(mut self) -> Self {
        self.auth = Auth::Basic;
        self
    }

    fn query(mut self, pairs: &[(&'static str, &'static str)]) -> Self {
        self.query = pairs.to_vec();
        self
    }

    fn json(mut self, body: Value) -> Self {
        self.sends = Sends::Json(body);
        self
    }

    fn raw(mut self, content_type: &'static str, bytes: &[u8]) -> Self {
        self.sends = Sends::Raw {
            content_type,
            bytes: bytes.to_vec(),
        };
        self
    }

    fn file(mut self, field: &'static str, file_name: &'static str, content_type: &'static str, bytes: &[u8]) -> Self {
        self.sends = Sends::File {
            field,
            file_name,
            content_type,
            bytes: bytes.to_vec(),
        };
        self
    }

    fn reply(mut self, reply: ResponseTemplate) -> Self {
        self.reply = reply;
        self
    }

    /// The concrete path (below the base URL) for the sample arguments.
    fn path(&self) -> String {
        self.template
            .replace("{UserUsername}", USER_USERNAME)
            .replace("{ProviderName}", PROVIDER_NAME)
            .replace("{MessageID}", MESSAGE_ID)
            .replace("{GroupId}", GROUP_ID)
            .replace("{MediaId}", MEDIA_ID)
    }

    fn full_path(&self) -> String {
        format!("{BASE_PATH}{}", self.path())
    }
}

fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn ok_raw(content_type: &str, body: &[u8]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_vec(), content_type)
}

fn login_reply() -> Value {
    json!({"users": [{"token": LOGIN_TOKEN, "expires_after": LOGIN_EXPIRES}]})
}

fn user_reply() -> Value {
    json!({"users": [{"username": USER_USERNAME}]})
}

fn application_settings_reply() -> Value {
    // The spec's example (the delays are integers, as spec/overlays/fixes.yaml types them).
    json!({
        "callback_backoff_delay_ms": 3000,
        "max_callback_backoff_delay_ms": 900000,
        "callback_persist": true,
        "media": {"auto_download": ["image", "document", "audio"]},
        "webhooks": {"url": WEBHOOK_URL, "max_concurrent_requests": 12},
        "on_call_pager": "16315558032-1530825318",
        "pass_through": false,
        "sent_status": false,
        "unhealthy_interval": 30,
        "heartbeat_interval": 5
    })
}

fn media_providers_reply() -> Value {
    json!({
        "settings": {"application": {"media": {"providers": [
            {"name": "your-first-provider", "type": "www",
             "config": {"basic": {"username": "your-username", "password": "your-password"}}},
            {"name": "your-second-provider", "type": "www", "config": {"bearer": "your-bearer-token"}}
        ]}}}
    })
}

fn business_profile_json() -> Value {
    json!({
        "address": "1 Hacker Way, Menlo Park, CA 94025",
        "description": "Fresh flowers delivered the same day",
        "email": "support@example.com",
        "vertical": "Retail",
        "websites": ["https://www.whatsapp.com", "https://www.facebook.com"]
    })
}

fn groups_reply() -> Value {
    json!({"groups": [{"creation_time": 1530825318, "id": GROUP_ID}]})
}

fn group_info_reply() -> Value {
    json!({"groups": [{
        "admins": ["16315558032", "16315551234"],
        "creation_time": 1530825318,
        "creator": "16315558032",
        "participants": ["16315551000", "16315551001", "16315551002"],
        "subject": GROUP_SUBJECT
    }]})
}

fn prometheus_text(metric: &str) -> String {
    format!("# HELP {metric} Total count.\n# TYPE {metric} counter\n{metric} 1027\n")
}

fn support_reply() -> Value {
    json!({"support": {"debug_info": "WhatsApp Business API client, web and core app", "version": "v2.41.3"}})
}

fn download_media_reply() -> Value {
    json!({"media": [{"id": MEDIA_ID, "mime_type": "image/jpeg"}]})
}

/// Every operation, in the order of `OPERATION_IDS` (the order `call_all` uses).
fn cases() -> Vec<Case> {
    let pem = CERTIFICATE_PEM.as_bytes();
    vec![
        Case::new("LoginUser", "POST", "/users/login")
            .basic()
            .json(json!({"new_password": NEW_ADMIN_PASSWORD}))
            .reply(ok_json(login_reply())),
        Case::new("CreateUser", "POST", "/users")
            .json(json!({"username": USER_USERNAME, "password": USER_PASSWORD}))
            .reply(ok_json(user_reply())),
        Case::new("GetUser", "GET", "/users/{UserUsername}").reply(ok_json(
            json!({"users": [{"ROLES": "ROLE_USER", "username": USER_USERNAME}]}),
        )),
        Case::new("UpdateUser", "PUT", "/users/{UserUsername}")
            .json(json!({"password": UPDATED_USER_PASSWORD}))
            .reply(ok_json(user_reply())),
        Case::new("DeleteUser", "DELETE", "/users/{UserUsername}").reply(ok_json(user_reply())),
        Case::new("LogoutUser", "POST", "/users/logout"),
        Case::new("GetApplicationSettings", "GET", "/settings/application")
            .reply(ok_json(application_settings_reply())),
        Case::new("ResetApplicationSettings", "DELETE", "/settings/application"),
        Case::new("UpdateApplicationSettings", "PATCH", "/settings/application")
            .json(json!({"webhooks": {"url": WEBHOOK_URL}}))
            .reply(ok_json(json!({"meta": {"version": "v2.41.3", "api_status": "stable"}}))),
        Case::new("SetShards", "POST", "/account/shards")
            .json(json!({"cc": COUNTRY_CODE, "phone_number": PHONE_NUMBER, "shards": 32, "pin": PIN})),
        Case::new("GetMediaProviders", "GET", "/settings/application/media/providers")
            .reply(ok_json(media_providers_reply())),
        Case::new("UpdateMediaProviders", "POST", "/settings/application/media/providers").json(json!([{
            "name": PROVIDER_NAME,
            "type": "www",
            "config": {"basic": {"username": PROVIDER_USERNAME, "password": PROVIDER_PASSWORD}}
        }])),
        Case::new(
            "DeleteMediaProviders",
            "DELETE",
            "/settings/application/media/providers/{ProviderName}",
        ),
        Case::new("BackupSettings", "POST", "/settings/backup")
            .json(json!({"password": BACKUP_PASSWORD}))
            .reply(ok_json(json!({"settings": {"data": "encrypted-backup-data"}}))),
        Case::new("RestoreSettings", "POST", "/settings/restore")
            .json(json!({"password": BACKUP_PASSWORD, "data": BACKUP_DATA})),
        Case::new("GetBusinessProfile", "GET", "/settings/business/profile").reply(ok_json(
            json!({"settings": {"business": {"profile": business_profile_json()}}}),
        )),
        Case::new("updateBusinessProfile", "POST", "/settings/business/profile").json(business_profile_json()),
        Case::new("GetProfileAbout", "GET", "/settings/profile/about").reply(ok_json(
            json!({"settings": {"profile": {"about": {"text": ABOUT_TEXT}}}}),
        )),
        Case::new("UpdateProfileAbout", "PATCH", "/settings/profile/about").json(json!({"text": ABOUT_TEXT})),
        Case::new("EnableTwoStep", "POST", "/settings/account/two-step").json(json!({"pin": PIN})),
        Case::new("DisableTwoStep", "DELETE", "/settings/account/two-step"),
        Case::new("RegisterAccount", "POST", "/account/verify").json(json!({"code": REGISTRATION_CODE})),
        Case::new("CheckContact", "POST", "/contacts")
            .json(json!({"blocking": "wait", "contacts": [RECIPIENT_PHONE]}))
            .reply(ok_json(json!({"contacts": [
                {"input": RECIPIENT_PHONE, "status": "valid", "wa_id": RECIPIENT_WA_ID}
            ]}))),
        Case::new("SendMessage", "POST", "/messages")
            .json(json!({
                "to": RECIPIENT_WA_ID,
                "type": "text",
                "recipient_type": "individual",
                "text": {"body": MESSAGE_TEXT}
            }))
            .reply(ok_json(json!({"messages": [{"id": MESSAGE_ID}]}))),
        Case::new("MarkMessageAsRead", "PUT", "/messages/{MessageID}").json(json!({"status": "read"})),
        Case::new("GetAllGroups", "GET", "/groups").reply(ok_json(groups_reply())),
        Case::new("CreateGroup", "POST", "/groups")
            .json(json!({"subject": GROUP_SUBJECT}))
            .reply(ok_json(groups_reply())),
        Case::new("GetGroupInfo", "GET", "/groups/{GroupId}").reply(ok_json(group_info_reply())),
        Case::new("UpdateGroupInfo", "PUT", "/groups/{GroupId}").json(json!({"subject": NEW_GROUP_SUBJECT})),
        Case::new("GetGroupInvite", "GET", "/groups/{GroupId}/invite")
            .reply(ok_json(json!({"groups": [{"link": INVITE_LINK}]}))),
        Case::new("DeleteGroupInvite", "DELETE", "/groups/{GroupId}/invite"),
        Case::new("RemoveGroupParticipant", "DELETE", "/groups/{GroupId}/participants")
            .json(json!({"wa_ids": [RECIPIENT_WA_ID]})),
        Case::new("LeaveGroup", "POST", "/groups/{GroupId}/leave"),
        Case::new("GetGroupIconBinary", "GET", "/groups/{GroupId}/icon"),
        Case::new("SetGroupIcon", "POST", "/groups/{GroupId}/icon").file(
            "File",
            GROUP_ICON_NAME,
            "image/jpeg",
            JPEG_BYTES,
        ),
        Case::new("DeleteGroupIcon", "DELETE", "/groups/{GroupId}/icon"),
        Case::new("DemoteGroupAdmin", "DELETE", "/groups/{GroupId}/admins").json(json!({"wa_ids": [RECIPIENT_WA_ID]})),
        Case::new("PromoteToGroupAdmin", "PATCH", "/groups/{GroupId}/admins")
            .json(json!({"wa_ids": [RECIPIENT_WA_ID]})),
        Case::new("CheckHealth", "GET", "/health"),
        Case::new("GetProfilePhoto", "GET", "/settings/profile/photo")
            .query(&[("format", PHOTO_FORMAT)])
            .reply(ok_json(
                json!({"settings": {"profile": {"photo": {"link": PHOTO_LINK}}}}),
            )),
        Case::new("UpdateProfilePhoto", "POST", "/settings/profile/photo").file(
            "File",
            PROFILE_PHOTO_NAME,
            "image/jpeg",
            JPEG_BYTES,
        ),
        Case::new("DeleteProfilePhoto", "DELETE", "/settings/profile/photo"),
        Case::new("RequestCode", "POST", "/account")
            .json(json!({
                "cc": COUNTRY_CODE,
                "phone_number": PHONE_NUMBER,
                "method": "sms",
                "cert": VERIFIED_NAME_CERT,
                "pin": PIN
            }))
            .reply(ResponseTemplate::new(202).set_body_json(json!({"account": [{"vname": VERIFIED_NAME}]}))),
        Case::new("UploadMedia", "POST", "/media")
            .raw("image/jpeg", JPEG_BYTES)
            .reply(ok_json(json!({"media": [{"id": MEDIA_ID}]}))),
        Case::new("DownloadMedia", "GET", "/media/{MediaId}").reply(ok_json(download_media_reply())),
        Case::new("DeleteMedia", "DELETE", "/media/{MediaId}"),
        Case::new("GetAppStats", "GET", "/stats/app")
            .query(&[("format", STATS_FORMAT)])
            .reply(ok_raw(
                PROMETHEUS_CONTENT_TYPE,
                prometheus_text("wa_app_messages_sent_total").as_bytes(),
            )),
        Case::new("GetDbStats", "GET", "/stats/db")
            .query(&[("format", STATS_FORMAT)])
            .reply(ok_raw(
                PROMETHEUS_CONTENT_TYPE,
                prometheus_text("wa_db_queries_total").as_bytes(),
            )),
        Case::new("GetMetrics", "GET", "/metrics")
            .query(&[("format", STATS_FORMAT)])
            .reply(ok_raw(
                PROMETHEUS_CONTENT_TYPE,
                prometheus_text("wa_web_requests_total").as_bytes(),
            )),
        Case::new("GetSupportInfo", "GET", "/support").reply(ok_json(support_reply())),
        Case::new("DownloadCaCertificate", "GET", "/certificates/external/ca").reply(ok_raw("text/plain", pem)),
        Case::new("UploadCertificate", "POST", "/certificates/external").raw("text/plain", pem),
        Case::new("DownloadWebhookCaCertificate", "GET", "/certificates/webhooks/ca").reply(ok_raw("text/plain", pem)),
        Case::new("UploadWebhookCaCertificate", "POST", "/certificates/webhooks/ca").raw("text/plain", pem),
        Case::new("DeleteWebhookCaCertificate", "DELETE", "/certificates/webhooks/ca"),
    ]
}

fn case(id: &str) -> Case {
    cases()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case for {id}"))
}

// ---------------------------------------------------------------------------
// Checking what the server received
// ---------------------------------------------------------------------------

fn header<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers.get(name).map(|v| v.to_str().unwrap_or("(not text)"))
}

fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct Part {
    name: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn disposition_param(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').map(str::trim).find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn multipart_parts(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    if media_type(content_type) != "multipart/form-data" {
        return Err(format!("Content-Type is `{content_type}`, not multipart/form-data"));
    }
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
        .ok_or_else(|| format!("no boundary in `{content_type}`"))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0).ok_or("no opening boundary")? + delimiter.len();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        let start = at + if body[at..].starts_with(b"\r\n") { 2 } else { 0 };
        let next = find(body, &delimiter, start).ok_or("a part is not closed by a boundary")?;
        let mut end = next;
        if end >= 2 && &body[end - 2..end] == b"\r\n" {
            end -= 2;
        }
        let raw = &body[start..end];
        let split = find(raw, b"\r\n\r\n", 0).ok_or("a part has no blank line after its headers")?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut part = Part {
            name: None,
            file_name: None,
            content_type: None,
            body: raw[split + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else { continue };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                part.name = disposition_param(v, "name");
                part.file_name = disposition_param(v, "filename");
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(v.trim().to_string());
            }
        }
        parts.push(part);
        at = next + delimiter.len();
    }
}

/// Everything wrong with `req` as the request of `case`.
fn verify(case: &Case, req: &Request) -> Result<(), String> {
    let mut problems = Vec::new();
    if req.method.as_str() != case.method {
        problems.push(format!("method {} instead of {}", req.method, case.method));
    }
    if req.url.path() != case.full_path() {
        problems.push(format!("path `{}` instead of `{}`", req.url.path(), case.full_path()));
    }
    let query: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
    let want_query: Vec<(String, String)> = case.query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    if query != want_query {
        problems.push(format!("query {query:?} instead of {want_query:?}"));
    }
    let want_auth = match case.auth {
        Auth::Bearer => format!("Bearer {TOKEN}"),
        Auth::Basic => ADMIN_BASIC.to_string(),
    };
    let auth_values: Vec<_> = req.headers.get_all("authorization").iter().collect();
    if auth_values.len() != 1 || auth_values[0].to_str().ok() != Some(want_auth.as_str()) {
        problems.push(format!("Authorization {auth_values:?} instead of [{want_auth:?}]"));
    }
    let content_type = header(req, "content-type");
    match &case.sends {
        Sends::Nothing => {
            if !req.body.is_empty() {
                problems.push(format!("a body of {} bytes where none is sent", req.body.len()));
            }
            if let Some(ct) = content_type {
                problems.push(format!("Content-Type `{ct}` without a body"));
            }
        }
        Sends::Json(want) => {
            if content_type.map(media_type).as_deref() != Some("application/json") {
                problems.push(format!("Content-Type {content_type:?} instead of application/json"));
            }
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(got) if &got == want => {}
                Ok(got) => problems.push(format!("JSON body {got} instead of {want}")),
                Err(e) => problems.push(format!(
                    "body is not JSON ({e}): {}",
                    String::from_utf8_lossy(&req.body)
                )),
            }
        }
        Sends::Raw {
            content_type: want_ct,
            bytes,
        } => {
            if content_type != Some(*want_ct) {
                problems.push(format!("Content-Type {content_type:?} instead of {want_ct}"));
            }
            if &req.body != bytes {
                problems.push(format!(
                    "body of {} bytes differs from the {} bytes sent",
                    req.body.len(),
                    bytes.len()
                ));
            }
        }
        Sends::File {
            field,
            file_name,
            content_type: want_ct,
            bytes,
        } => match multipart_parts(content_type.unwrap_or(""), &req.body) {
            Err(e) => problems.push(format!("multipart body: {e}")),
            Ok(parts) => {
                if parts.len() != 1 {
                    problems.push(format!("{} multipart parts instead of 1: {parts:?}", parts.len()));
                }
                match parts.iter().find(|p| p.name.as_deref() == Some(field)) {
                    None => problems.push(format!("no part named `{field}`")),
                    Some(p) => {
                        if p.file_name.as_deref() != Some(file_name) {
                            problems.push(format!(
                                "part `{field}` has file name {:?} instead of {file_name}",
                                p.file_name
                            ));
                        }
                        if p.content_type.as_deref() != Some(*want_ct) {
                            problems.push(format!(
                                "part `{field}` has Content-Type {:?} instead of {want_ct}",
                                p.content_type
                            ));
                        }
                        if &p.body != bytes {
                            problems.push(format!(
                                "part `{field}` holds {} bytes, not the {} sent",
                                p.body.len(),
                                bytes.len()
                            ));
                        }
                    }
                }
            }
        },
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} ({} {}): {}",
            case.id,
            case.method,
            case.template,
            problems.join("; ")
        ))
    }
}

// ---------------------------------------------------------------------------
// One mock server per test
// ---------------------------------------------------------------------------

struct Harness {
    server: MockServer,
    client: Client,
}

impl Harness {
    async fn start() -> Self {
        let server = MockServer::start().await;
        let client = Client::builder()
            .base_url(format!("{}{BASE_PATH}", server.uri()))
            .bearer_token(TOKEN)
            .basic_auth(ADMIN_USER, ADMIN_PASSWORD)
            .timeout(Duration::from_secs(5))
            .build()
            .expect("the client builds");
        Harness { server, client }
    }

    /// A server answering `case`, and a client for it.
    async fn with(case: &Case) -> Self {
        let h = Self::start().await;
        h.mount(case).await;
        h
    }

    async fn mount(&self, case: &Case) {
        Mock::given(method(case.method))
            .and(path(case.full_path()))
            .respond_with(case.reply.clone())
            .named(case.id)
            .mount(&self.server)
            .await;
    }

    /// Asserts the server received exactly one request, the one `case` describes.
    async fn assert_received(&self, case: &Case) {
        let requests = self.server.received_requests().await.expect("request recording is on");
        assert_eq!(
            requests.len(),
            1,
            "{}: expected exactly one request, got {}: {:?}",
            case.id,
            requests.len(),
            requests
                .iter()
                .map(|r| format!("{} {}", r.method, r.url))
                .collect::<Vec<_>>()
        );
        if let Err(problem) = verify(case, &requests[0]) {
            panic!("{problem}");
        }
    }
}

/// Mounts the standard case of `id`, for a test that calls it once.
async fn harness(id: &str) -> (Harness, Case) {
    let case = case(id);
    (Harness::with(&case).await, case)
}

fn first<T: Clone>(items: &Option<Vec<T>>, what: &str) -> T {
    items
        .as_ref()
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_else(|| panic!("the answer has at least one {what}"))
}

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
    client.set_bearer_token("rotated-token-2", Some("2030-01-01 00:00:00+00:00".into()));
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
    match got {
        GetProfilePhotoResponse::OkJson(body) => {
            let link = body
                .settings
                .and_then(|s| s.profile)
                .and_then(|p| p.photo)
                .and_then(|p| p.link);
            assert_eq!(link.as_deref(), Some(PHOTO_LINK));
        }
        other => panic!("format=link answers JSON, got {other:?}"),
    }
}

#[tokio::test]
async fn get_profile_photo_as_jpeg_is_a_download() {
    let c = case("GetProfilePhoto")
        .query(&[])
        .reply(ok_raw("image/jpeg", JPEG_BYTES));
    let h = Harness::with(&c).await;
    let got = h
        .client
        .get_profile_photo(None)
        .await
        .expect("GetProfilePhoto succeeds");
    h.assert_received(&c).await;
    match got {
        GetProfilePhotoResponse::OkImageJpeg(download) => {
            assert_eq!(
                download,
                Download {
                    content_type: Some("image/jpeg".into()),
                    bytes: JPEG_BYTES.to_vec(),
                }
            );
        }
        other => panic!("an image/jpeg answer is a Download, got {other:?}"),
    }
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

// ---------------------------------------------------------------------------
// Two-step verification and registration
// ---------------------------------------------------------------------------

#[tokio::test]
async fn enable_two_step() {
    let (h, c) = harness("EnableTwoStep").await;
    h.client
        .enable_two_step(&types::EnableTwoStepRequestBody::new(PIN.into()))
        .await
        .expect("EnableTwoStep succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn disable_two_step() {
    let (h, c) = harness("DisableTwoStep").await;
    h.client.disable_two_step().await.expect("DisableTwoStep succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn register_account() {
    let (h, c) = harness("RegisterAccount").await;
    h.client
        .register_account(&types::RegisterAccountRequestBody::new(REGISTRATION_CODE.into()))
        .await
        .expect("RegisterAccount succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn request_code_202_is_accepted_with_the_verified_name() {
    let (h, c) = harness("RequestCode").await;
    let got = h
        .client
        .request_code(&request_code_body())
        .await
        .expect("RequestCode succeeds");
    h.assert_received(&c).await;
    match got {
        RequestCodeResponse::Accepted(body) => {
            assert_eq!(first(&body.account, "account").vname.as_deref(), Some(VERIFIED_NAME));
        }
        other => panic!("202 is Accepted, got {other:?}"),
    }
}

#[tokio::test]
async fn request_code_201_is_created() {
    let c = case("RequestCode").reply(ResponseTemplate::new(201));
    let h = Harness::with(&c).await;
    let got = h
        .client
        .request_code(&request_code_body())
        .await
        .expect("RequestCode succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, RequestCodeResponse::Created);
}

#[tokio::test]
async fn request_code_by_voice_without_pin() {
    let c = case("RequestCode").json(json!({
        "cc": "44",
        "phone_number": "7700900123",
        "method": "voice",
        "cert": VERIFIED_NAME_CERT
    }));
    let h = Harness::with(&c).await;
    let body = types::RequestCodeRequestBody::new(
        "44".into(),
        "7700900123".into(),
        types::RequestCodeRequestBodyMethod::Voice,
        VERIFIED_NAME_CERT.into(),
    );
    let got = h.client.request_code(&body).await.expect("RequestCode succeeds");
    h.assert_received(&c).await;
    assert!(matches!(got, RequestCodeResponse::Accepted(_)), "got {got:?}");
    assert!(
        !format!("{body:?}").contains(VERIFIED_NAME_CERT),
        "Debug hides the certificate"
    );
}

// ---------------------------------------------------------------------------
// Contacts and messages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn check_contact() {
    let (h, c) = harness("CheckContact").await;
    let got = h
        .client
        .check_contact(
            &types::CheckContactRequestBody::new(vec![RECIPIENT_PHONE.into()])
                .with_blocking(types::CheckContactRequestBodyBlocking::Wait),
        )
        .await
        .expect("CheckContact succeeds");
    h.assert_received(&c).await;
    let contact = first(&got.contacts, "contact");
    assert_eq!(contact.input.as_deref(), Some(RECIPIENT_PHONE));
    assert_eq!(contact.status, Some(types::CheckContactStatus::Valid));
    assert_eq!(contact.wa_id.as_deref(), Some(RECIPIENT_WA_ID));
}

#[tokio::test]
async fn check_contact_while_processing() {
    let numbers = ["1-631-555-1002", "6315551003", "+54 9 11 5612-1008"];
    let c = case("CheckContact")
        .json(json!({"contacts": numbers}))
        .reply(ok_json(json!({"contacts": [
            {"input": numbers[0], "status": "processing"},
            {"input": numbers[1], "status": "invalid"},
            {"input": numbers[2], "status": "processing"}
        ]})));
    let h = Harness::with(&c).await;
    let got = h
        .client
        .check_contact(&types::CheckContactRequestBody::new(
            numbers.iter().map(|n| n.to_string()).collect(),
        ))
        .await
        .expect("CheckContact succeeds");
    h.assert_received(&c).await;
    let statuses: Vec<_> = got.contacts.expect("contacts").into_iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [
            Some(types::CheckContactStatus::Processing),
            Some(types::CheckContactStatus::Invalid),
            Some(types::CheckContactStatus::Processing)
        ]
    );
}

#[tokio::test]
async fn send_message() {
    let (h, c) = harness("SendMessage").await;
    let got = h
        .client
        .send_message(&text_message())
        .await
        .expect("SendMessage succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.messages, "message").id.as_deref(), Some(MESSAGE_ID));
}

/// Sends `body` and checks the server received `wire`.
async fn send_message_as(body: types::SendMessageRequestBody, wire: Value) {
    let c = case("SendMessage").json(wire);
    let h = Harness::with(&c).await;
    let got = h.client.send_message(&body).await.expect("SendMessage succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.messages, "message").id.as_deref(), Some(MESSAGE_ID));
}

#[tokio::test]
async fn send_message_with_an_image_by_provider() {
    let image = types::ImageByProvider::new(
        types::Provider::new("your-first-provider".into()),
        "https://cdn.example.com/media/product-photo.jpg".into(),
        "Our new summer collection is here!".into(),
    );
    send_message_as(
        types::SendMessageRequestBody::new(RECIPIENT_WA_ID.into())
            .with_type(types::MessageType::Image)
            .with_image(image.into()),
        json!({
            "to": RECIPIENT_WA_ID,
            "type": "image",
            "image": {
                "provider": {"name": "your-first-provider"},
                "link": "https://cdn.example.com/media/product-photo.jpg",
                "caption": "Our new summer collection is here!"
            }
        }),
    )
    .await;
}

#[tokio::test]
async fn send_message_with_a_document_by_id_to_a_group() {
    let document = types::DocumentById::new(
        "Your March 2024 invoice".into(),
        "c3b9e7d2-1f4a-4a8e-b6d0-9e2f7a5c1b38".into(),
        "invoice-2024-03.pdf".into(),
    );
    send_message_as(
        types::SendMessageRequestBody::new(GROUP_ID.into())
            .with_recipient_type(types::SendMessageRequestBodyRecipientType::Group)
            .with_type(types::MessageType::Document)
            .with_document(document.into()),
        json!({
            "to": GROUP_ID,
            "recipient_type": "group",
            "type": "document",
            "document": {
                "caption": "Your March 2024 invoice",
                "id": "c3b9e7d2-1f4a-4a8e-b6d0-9e2f7a5c1b38",
                "filename": "invoice-2024-03.pdf"
            }
        }),
    )
    .await;
}

#[tokio::test]
async fn send_message_with_an_hsm_template() {
    let hsm = types::Hsm::new(
        "business_a_namespace".into(),
        "hello_world".into(),
        types::Language::new(types::LanguagePolicy::Deterministic, "en".into()),
        vec![
            types::LocalizableParam::new("1234".into()),
            types::LocalizableParam::new("$100.99".into()).with_currency(types::Currency::new("USD".into(), 100990)),
            types::LocalizableParam::new("February 25, 1977".into()).with_date_time(
                types::DateTimeObject::new().with_component(
                    types::DateTimeComponent::new()
                        .with_day_of_week(types::DateTimeComponentDayOfWeek::V5)
                        .with_day_of_month(25)
                        .with_year(1977)
                        .with_month(2)
                        .with_hour(15)
                        .with_minute(33),
                ),
            ),
        ],
    );
    send_message_as(
        types::SendMessageRequestBody::new(RECIPIENT_WA_ID.into())
            .with_type(types::MessageType::Hsm)
            .with_hsm(hsm),
        json!({
            "to": RECIPIENT_WA_ID,
            "type": "hsm",
            "hsm": {
                "namespace": "business_a_namespace",
                "element_name": "hello_world",
                "language": {"policy": "deterministic", "code": "en"},
                "localizable_params": [
                    {"default": "1234"},
                    {"default": "$100.99", "currency": {"currency_code": "USD", "amount_1000": 100990}},
                    {"default": "February 25, 1977", "date_time": {"component": {
                        "day_of_week": 5, "day_of_month": 25, "year": 1977, "month": 2, "hour": 15, "minute": 33
                    }}}
                ]
            }
        }),
    )
    .await;
}

#[tokio::test]
async fn send_message_with_a_location_and_a_contact() {
    let location = types::Location::new(
        "-122.148981".into(),
        "37.483307".into(),
        "Meta Headquarters".into(),
        "1 Hacker Way, Menlo Park, CA 94025".into(),
    );
    send_message_as(
        types::SendMessageRequestBody::new(RECIPIENT_WA_ID.into())
            .with_type(types::MessageType::Location)
            .with_location(location),
        json!({
            "to": RECIPIENT_WA_ID,
            "type": "location",
            "location": {
                "longitude": "-122.148981",
                "latitude": "37.483307",
                "name": "Meta Headquarters",
                "address": "1 Hacker Way, Menlo Park, CA 94025"
            }
        }),
    )
    .await;

    let contact = types::Contact::new()
        .with_name(
            types::Name::new("John Smith".into())
                .with_first_name("John".into())
                .with_last_name("Smith".into()),
        )
        .with_phones(vec![types::Phone::new()
            .with_phone("+1 (650) 555-1234".into())
            .with_type("WORK".into())
            .with_wa_id("16505551234".into())])
        .with_emails(vec![types::Email::new("test@whatsapp.com".into(), "WORK".into())]);
    send_message_as(
        types::SendMessageRequestBody::new(RECIPIENT_WA_ID.into())
            .with_type(types::MessageType::Contacts)
            .with_contacts(vec![contact]),
        json!({
            "to": RECIPIENT_WA_ID,
            "type": "contacts",
            "contacts": [{
                "emails": [{"email": "test@whatsapp.com", "type": "WORK"}],
                "name": {"first_name": "John", "formatted_name": "John Smith", "last_name": "Smith"},
                "phones": [{"phone": "+1 (650) 555-1234", "type": "WORK", "wa_id": "16505551234"}]
            }]
        }),
    )
    .await;
}

#[tokio::test]
async fn mark_message_as_read() {
    let (h, c) = harness("MarkMessageAsRead").await;
    h.client
        .mark_message_as_read(MESSAGE_ID, &types::MarkMessageAsReadRequestBody::new("read".into()))
        .await
        .expect("MarkMessageAsRead succeeds");
    h.assert_received(&c).await;
}

// ---------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_all_groups() {
    let (h, c) = harness("GetAllGroups").await;
    let got = h.client.get_all_groups().await.expect("GetAllGroups succeeds");
    h.assert_received(&c).await;
    let group = first(&got.groups, "group");
    assert_eq!(group.id.as_deref(), Some(GROUP_ID));
    assert_eq!(group.creation_time, Some(1530825318));
}

#[tokio::test]
async fn create_group() {
    let (h, c) = harness("CreateGroup").await;
    let got = h
        .client
        .create_group(&types::CreateGroupRequestBody::new(GROUP_SUBJECT.into()))
        .await
        .expect("CreateGroup succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.groups, "group").id.as_deref(), Some(GROUP_ID));
}

#[tokio::test]
async fn get_group_info() {
    let (h, c) = harness("GetGroupInfo").await;
    let got = h.client.get_group_info(GROUP_ID).await.expect("GetGroupInfo succeeds");
    h.assert_received(&c).await;
    let info = first(&got.groups, "group");
    assert_eq!(info.subject.as_deref(), Some(GROUP_SUBJECT));
    assert_eq!(info.creator.as_deref(), Some("16315558032"));
    assert_eq!(info.creation_time, Some(1530825318));
    assert_eq!(
        info.admins.as_deref(),
        Some(&["16315558032".to_string(), "16315551234".to_string()][..])
    );
    assert_eq!(info.participants.as_ref().map(Vec::len), Some(3));
}

#[tokio::test]
async fn update_group_info() {
    let (h, c) = harness("UpdateGroupInfo").await;
    h.client
        .update_group_info(
            GROUP_ID,
            &types::UpdateGroupInfoRequestBody::new(NEW_GROUP_SUBJECT.into()),
        )
        .await
        .expect("UpdateGroupInfo succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn get_group_invite() {
    let (h, c) = harness("GetGroupInvite").await;
    let got = h
        .client
        .get_group_invite(GROUP_ID)
        .await
        .expect("GetGroupInvite succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.groups, "invite").link.as_deref(), Some(INVITE_LINK));
}

#[tokio::test]
async fn delete_group_invite() {
    let (h, c) = harness("DeleteGroupInvite").await;
    h.client
        .delete_group_invite(GROUP_ID)
        .await
        .expect("DeleteGroupInvite succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn remove_group_participant() {
    let (h, c) = harness("RemoveGroupParticipant").await;
    h.client
        .remove_group_participant(
            GROUP_ID,
            &types::RemoveGroupParticipantRequestBody::new(vec![RECIPIENT_WA_ID.into()]),
        )
        .await
        .expect("RemoveGroupParticipant succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn leave_group() {
    let (h, c) = harness("LeaveGroup").await;
    h.client.leave_group(GROUP_ID).await.expect("LeaveGroup succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn get_group_icon_binary() {
    let (h, c) = harness("GetGroupIconBinary").await;
    h.client
        .get_group_icon_binary(GROUP_ID)
        .await
        .expect("GetGroupIconBinary succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn set_group_icon() {
    let (h, c) = harness("SetGroupIcon").await;
    h.client
        .set_group_icon(
            GROUP_ID,
            Some(FilePart::new(GROUP_ICON_NAME, JPEG_BYTES).with_content_type("image/jpeg")),
        )
        .await
        .expect("SetGroupIcon succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn delete_group_icon() {
    let (h, c) = harness("DeleteGroupIcon").await;
    h.client
        .delete_group_icon(GROUP_ID, None)
        .await
        .expect("DeleteGroupIcon succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn delete_group_icon_with_the_file_part() {
    let c = case("DeleteGroupIcon").file("File", "old-icon.png", "image/png", b"\x89PNG\r\n\x1a\nicon");
    let h = Harness::with(&c).await;
    h.client
        .delete_group_icon(
            GROUP_ID,
            Some(FilePart::new("old-icon.png", b"\x89PNG\r\n\x1a\nicon".to_vec()).with_content_type("image/png")),
        )
        .await
        .expect("DeleteGroupIcon succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn demote_group_admin() {
    let (h, c) = harness("DemoteGroupAdmin").await;
    h.client
        .demote_group_admin(
            GROUP_ID,
            &types::GroupAdminRequestBody::new(vec![RECIPIENT_WA_ID.into()]),
        )
        .await
        .expect("DemoteGroupAdmin succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn promote_to_group_admin() {
    let (h, c) = harness("PromoteToGroupAdmin").await;
    h.client
        .promote_to_group_admin(
            GROUP_ID,
            &types::GroupAdminRequestBody::new(vec![RECIPIENT_WA_ID.into()]),
        )
        .await
        .expect("PromoteToGroupAdmin succeeds");
    h.assert_received(&c).await;
}

// ---------------------------------------------------------------------------
// Health, stats and support
// ---------------------------------------------------------------------------

#[tokio::test]
async fn check_health() {
    let (h, c) = harness("CheckHealth").await;
    h.client.check_health().await.expect("CheckHealth succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn get_app_stats_as_prometheus_text() {
    let (h, c) = harness("GetAppStats").await;
    let got = h
        .client
        .get_app_stats(Some(STATS_FORMAT))
        .await
        .expect("GetAppStats succeeds");
    h.assert_received(&c).await;
    assert_eq!(
        got,
        GetAppStatsResponse::OkText(prometheus_text("wa_app_messages_sent_total"))
    );
}

#[tokio::test]
async fn get_app_stats_as_json() {
    let stats = json!({"stats": {"core": {"message_stats": {"sent": 1027, "received": 311}}}});
    let c = case("GetAppStats").query(&[]).reply(ok_json(stats.clone()));
    let h = Harness::with(&c).await;
    let got = h.client.get_app_stats(None).await.expect("GetAppStats succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(stats).expect("an object");
    assert_eq!(got, GetAppStatsResponse::OkJson(want));
}

#[tokio::test]
async fn get_db_stats_as_prometheus_text() {
    let (h, c) = harness("GetDbStats").await;
    let got = h
        .client
        .get_db_stats(Some(STATS_FORMAT))
        .await
        .expect("GetDbStats succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, GetDbStatsResponse::OkText(prometheus_text("wa_db_queries_total")));
}

#[tokio::test]
async fn get_db_stats_as_json() {
    let stats = json!({"stats": {"db": {"tables": {"messages": 5120, "contacts": 92}}}});
    let c = case("GetDbStats").query(&[]).reply(ok_json(stats.clone()));
    let h = Harness::with(&c).await;
    let got = h.client.get_db_stats(None).await.expect("GetDbStats succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(stats).expect("an object");
    assert_eq!(got, GetDbStatsResponse::OkJson(want));
}

#[tokio::test]
async fn get_metrics_as_prometheus_text() {
    let (h, c) = harness("GetMetrics").await;
    let got = h
        .client
        .get_metrics(Some(STATS_FORMAT))
        .await
        .expect("GetMetrics succeeds");
    h.assert_received(&c).await;
    assert_eq!(
        got,
        GetMetricsResponse::OkText(prometheus_text("wa_web_requests_total"))
    );
}

#[tokio::test]
async fn get_metrics_as_json() {
    let metrics = json!({"metrics": {"web_requests_total": 88, "uptime_seconds": 86400}});
    let c = case("GetMetrics").query(&[]).reply(ok_json(metrics.clone()));
    let h = Harness::with(&c).await;
    let got = h.client.get_metrics(None).await.expect("GetMetrics succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(metrics).expect("an object");
    assert_eq!(got, GetMetricsResponse::OkJson(want));
}

#[tokio::test]
async fn get_support_info() {
    let (h, c) = harness("GetSupportInfo").await;
    let got = h.client.get_support_info().await.expect("GetSupportInfo succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(support_reply()).expect("an object");
    assert_eq!(got, want);
    assert_eq!(got["support"]["version"], "v2.41.3");
}

// ---------------------------------------------------------------------------
// Media
// ---------------------------------------------------------------------------

#[tokio::test]
async fn upload_media() {
    let (h, c) = harness("UploadMedia").await;
    let got = h
        .client
        .upload_media(JPEG_BYTES.to_vec(), UploadMediaContentType::ImageJpeg)
        .await
        .expect("UploadMedia succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.media, "media").id.as_deref(), Some(MEDIA_ID));
}

#[tokio::test]
async fn upload_media_as_pdf() {
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let c = case("UploadMedia").raw("application/pdf", pdf);
    let h = Harness::with(&c).await;
    let got = h
        .client
        .upload_media(pdf.to_vec(), UploadMediaContentType::ApplicationPdf)
        .await
        .expect("UploadMedia succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.media, "media").id.as_deref(), Some(MEDIA_ID));
}

#[tokio::test]
async fn download_media() {
    let (h, c) = harness("DownloadMedia").await;
    let got = h.client.download_media(MEDIA_ID).await.expect("DownloadMedia succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, download_media_reply());
}

#[tokio::test]
async fn delete_media() {
    let (h, c) = harness("DeleteMedia").await;
    h.client.delete_media(MEDIA_ID).await.expect("DeleteMedia succeeds");
    h.assert_received(&c).await;
}

// ---------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------

#[tokio::test]
async fn download_ca_certificate() {
    let (h, c) = harness("DownloadCaCertificate").await;
    let got = h
        .client
        .download_ca_certificate()
        .await
        .expect("DownloadCaCertificate succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, CERTIFICATE_PEM);
}

#[tokio::test]
async fn upload_certificate() {
    let (h, c) = harness("UploadCertificate").await;
    h.client
        .upload_certificate(Some(CERTIFICATE_PEM.as_bytes().to_vec()))
        .await
        .expect("UploadCertificate succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn download_webhook_ca_certificate() {
    let (h, c) = harness("DownloadWebhookCaCertificate").await;
    let got = h
        .client
        .download_webhook_ca_certificate()
        .await
        .expect("DownloadWebhookCaCertificate succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, CERTIFICATE_PEM);
}

#[tokio::test]
async fn upload_webhook_ca_certificate() {
    let (h, c) = harness("UploadWebhookCaCertificate").await;
    h.client
        .upload_webhook_ca_certificate(Some(CERTIFICATE_PEM.as_bytes().to_vec()))
        .await
        .expect("UploadWebhookCaCertificate succeeds");
    h.assert_received(&c).await;
}

#[tokio::test]
async fn delete_webhook_ca_certificate() {
    let (h, c) = harness("DeleteWebhookCaCertificate").await;
    h.client
        .delete_webhook_ca_certificate()
        .await
        .expect("DeleteWebhookCaCertificate succeeds");
    h.assert_received(&c).await;
}

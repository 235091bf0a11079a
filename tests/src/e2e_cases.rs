//! The table of the end-to-end tests: for each of the 55 operations of the
//! WhatsApp client, what the server must receive when `sample_calls::call_all`
//! (or the per-operation test) calls it and what it answers; checks of what a
//! loopback mock server received; one mock server and client per test.

use crate::sample_calls::*;
use serde_json::{json, Value};
use std::time::Duration;
use whatsapp_business_api::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Bearer token the clients are built with.
pub const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.ZTJlLWNsaWVudA.c2lnbmVkLWJ5LXRoZS1zZXJ2ZXI";
pub const ADMIN_USER: &str = "admin";
pub const ADMIN_PASSWORD: &str = "Adm1n-Passw0rd!";
/// `Authorization` for `admin:Adm1n-Passw0rd!` (base64 of the pair).
pub const ADMIN_BASIC: &str = "Basic YWRtaW46QWRtMW4tUGFzc3cwcmQh";
/// The path prefix of the spec's server (`http://example.com/v1`).
pub const BASE_PATH: &str = "/v1";

/// Token of the spec's User-Login-Response example.
pub const LOGIN_TOKEN: &str = "eyJhbGciOHlXVCJ9.eyJ1c2VyIjoNTIzMDE2Nn0.mEoF0COaO00Z1cANo";
pub const LOGIN_EXPIRES: &str = "2018-03-01 15:29:26+00:00";
pub const INVITE_LINK: &str = "https://chat.whatsapp.com/KxRmW3fUeQp8LbH2yZcTn4";
pub const PHOTO_LINK: &str = "https://pps.whatsapp.net/v/t61.24694-24/profile-photo.jpg";
pub const VERIFIED_NAME: &str = "Acme Widgets";
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

// ---------------------------------------------------------------------------
// What each operation sends and receives
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    Bearer,
    Basic,
}

/// The request body the server must receive.
#[derive(Clone, Debug)]
pub enum Sends {
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
pub struct Case {
    pub id: &'static str,
    pub method: &'static str,
    /// Path template of the spec.
    pub template: &'static str,
    pub query: Vec<(&'static str, &'static str)>,
    pub auth: Auth,
    pub sends: Sends,
    pub reply: ResponseTemplate,
}

impl Case {
    pub fn new(id: &'static str, method: &'static str, template: &'static str) -> Self {
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

    pub fn basic(mut self) -> Self {
        self.auth = Auth::Basic;
        self
    }

    pub fn query(mut self, pairs: &[(&'static str, &'static str)]) -> Self {
        self.query = pairs.to_vec();
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.sends = Sends::Json(body);
        self
    }

    pub fn raw(mut self, content_type: &'static str, bytes: &[u8]) -> Self {
        self.sends = Sends::Raw {
            content_type,
            bytes: bytes.to_vec(),
        };
        self
    }

    pub fn file(
        mut self,
        field: &'static str,
        file_name: &'static str,
        content_type: &'static str,
        bytes: &[u8],
    ) -> Self {
        self.sends = Sends::File {
            field,
            file_name,
            content_type,
            bytes: bytes.to_vec(),
        };
        self
    }

    pub fn reply(mut self, reply: ResponseTemplate) -> Self {
        self.reply = reply;
        self
    }

    /// The concrete path (below the base URL) for the sample arguments.
    pub fn path(&self) -> String {
        self.template
            .replace("{UserUsername}", USER_USERNAME)
            .replace("{ProviderName}", PROVIDER_NAME)
            .replace("{MessageID}", MESSAGE_ID)
            .replace("{GroupId}", GROUP_ID)
            .replace("{MediaId}", MEDIA_ID)
    }

    pub fn full_path(&self) -> String {
        format!("{BASE_PATH}{}", self.path())
    }
}

pub fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub fn ok_raw(content_type: &str, body: &[u8]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_vec(), content_type)
}

pub fn login_reply() -> Value {
    json!({"users": [{"token": LOGIN_TOKEN, "expires_after": LOGIN_EXPIRES}]})
}

pub fn user_reply() -> Value {
    json!({"users": [{"username": USER_USERNAME}]})
}

pub fn application_settings_reply() -> Value {
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

pub fn media_providers_reply() -> Value {
    json!({
        "settings": {"application": {"media": {"providers": [
            {"name": "your-first-provider", "type": "www",
             "config": {"basic": {"username": "your-username", "password": "your-password"}}},
            {"name": "your-second-provider", "type": "www", "config": {"bearer": "your-bearer-token"}}
        ]}}}
    })
}

pub fn business_profile_json() -> Value {
    json!({
        "address": "1 Hacker Way, Menlo Park, CA 94025",
        "description": "Fresh flowers delivered the same day",
        "email": "support@example.com",
        "vertical": "Retail",
        "websites": ["https://www.whatsapp.com", "https://www.facebook.com"]
    })
}

pub fn groups_reply() -> Value {
    json!({"groups": [{"creation_time": 1530825318, "id": GROUP_ID}]})
}

pub fn group_info_reply() -> Value {
    json!({"groups": [{
        "admins": ["16315558032", "16315551234"],
        "creation_time": 1530825318,
        "creator": "16315558032",
        "participants": ["16315551000", "16315551001", "16315551002"],
        "subject": GROUP_SUBJECT
    }]})
}

pub fn prometheus_text(metric: &str) -> String {
    format!("# HELP {metric} Total count.\n# TYPE {metric} counter\n{metric} 1027\n")
}

pub fn support_reply() -> Value {
    json!({"support": {"debug_info": "WhatsApp Business API client, web and core app", "version": "v2.41.3"}})
}

pub fn download_media_reply() -> Value {
    json!({"media": [{"id": MEDIA_ID, "mime_type": "image/jpeg"}]})
}

/// Every operation, in the order of `OPERATION_IDS` (the order `call_all` uses).
pub fn cases() -> Vec<Case> {
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

pub fn case(id: &str) -> Case {
    cases()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case for {id}"))
}

// ---------------------------------------------------------------------------
// Checking what the server received
// ---------------------------------------------------------------------------

pub fn header<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers.get(name).map(|v| v.to_str().unwrap_or("(not text)"))
}

pub fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
pub struct Part {
    pub name: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

pub fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

pub fn disposition_param(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').map(str::trim).find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

pub fn multipart_parts(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
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
pub fn verify(case: &Case, req: &Request) -> Result<(), String> {
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

pub struct Harness {
    pub server: MockServer,
    pub client: Client,
}

impl Harness {
    pub async fn start() -> Self {
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
    pub async fn with(case: &Case) -> Self {
        let h = Self::start().await;
        h.mount(case).await;
        h
    }

    pub async fn mount(&self, case: &Case) {
        Mock::given(method(case.method))
            .and(path(case.full_path()))
            .respond_with(case.reply.clone())
            .named(case.id)
            .mount(&self.server)
            .await;
    }

    /// Asserts the server received exactly one request, the one `case` describes.
    pub async fn assert_received(&self, case: &Case) {
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
pub async fn harness(id: &str) -> (Harness, Case) {
    let case = case(id);
    (Harness::with(&case).await, case)
}

pub fn first<T: Clone>(items: &Option<Vec<T>>, what: &str) -> T {
    items
        .as_ref()
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_else(|| panic!("the answer has at least one {what}"))
}

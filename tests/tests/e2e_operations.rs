//! End-to-end tests of the generated WhatsApp client, second half:
//! registration, messages, groups, stats, media and certificates (see `e2e.rs`).

use oagen_tests::e2e_cases::*;
use oagen_tests::sample_calls::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use whatsapp_business_api::client::{RequestCodeResponse, UploadMediaContentType};
use whatsapp_business_api::{types, FilePart, Upload};
use wiremock::ResponseTemplate;

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
        .get_app_stats_text(Some(STATS_FORMAT))
        .await
        .expect("GetAppStats succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, prometheus_text("wa_app_messages_sent_total"));
}

#[tokio::test]
async fn get_app_stats_as_json() {
    let stats = json!({"stats": {"core": {"message_stats": {"sent": 1027, "received": 311}}}});
    let c = case("GetAppStats").query(&[]).reply(ok_json(stats.clone()));
    let h = Harness::with(&c).await;
    let got = h.client.get_app_stats(None).await.expect("GetAppStats succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(stats).expect("an object");
    assert_eq!(got, want);
}

#[tokio::test]
async fn get_db_stats_as_prometheus_text() {
    let (h, c) = harness("GetDbStats").await;
    let got = h
        .client
        .get_db_stats_text(Some(STATS_FORMAT))
        .await
        .expect("GetDbStats succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, prometheus_text("wa_db_queries_total"));
}

#[tokio::test]
async fn get_db_stats_as_json() {
    let stats = json!({"stats": {"db": {"tables": {"messages": 5120, "contacts": 92}}}});
    let c = case("GetDbStats").query(&[]).reply(ok_json(stats.clone()));
    let h = Harness::with(&c).await;
    let got = h.client.get_db_stats(None).await.expect("GetDbStats succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(stats).expect("an object");
    assert_eq!(got, want);
}

#[tokio::test]
async fn get_metrics_as_prometheus_text() {
    let (h, c) = harness("GetMetrics").await;
    let got = h
        .client
        .get_metrics_text(Some(STATS_FORMAT))
        .await
        .expect("GetMetrics succeeds");
    h.assert_received(&c).await;
    assert_eq!(got, prometheus_text("wa_web_requests_total"));
}

#[tokio::test]
async fn get_metrics_as_json() {
    let metrics = json!({"metrics": {"web_requests_total": 88, "uptime_seconds": 86400}});
    let c = case("GetMetrics").query(&[]).reply(ok_json(metrics.clone()));
    let h = Harness::with(&c).await;
    let got = h.client.get_metrics(None).await.expect("GetMetrics succeeds");
    h.assert_received(&c).await;
    let want: BTreeMap<String, Value> = serde_json::from_value(metrics).expect("an object");
    assert_eq!(got, want);
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
async fn upload_media_from_a_stream_and_from_a_file() {
    let pieces: Vec<bytes::Bytes> = JPEG_BYTES.chunks(3).map(bytes::Bytes::copy_from_slice).collect();
    let (h, c) = harness("UploadMedia").await;
    let streamed = Upload::stream(oagen_tests::stream::Pieces(pieces.into_iter()));
    assert_eq!(streamed.len(), None, "a stream's length is unknown");
    let got = h
        .client
        .upload_media(streamed, UploadMediaContentType::ImageJpeg)
        .await
        .expect("UploadMedia succeeds");
    h.assert_received(&c).await;
    assert_eq!(first(&got.media, "media").id.as_deref(), Some(MEDIA_ID));
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-upload-media.jpg");
    std::fs::write(&path, JPEG_BYTES).expect("write the file");
    let (h, c) = harness("UploadMedia").await;
    let file = Upload::file(&path).await.expect("the file opens");
    assert_eq!(file.len(), Some(JPEG_BYTES.len() as u64));
    h.client
        .upload_media(file, UploadMediaContentType::ImageJpeg)
        .await
        .expect("UploadMedia from a file succeeds");
    h.assert_received(&c).await;
    let (h, c) = harness("SetGroupIcon").await;
    let part = FilePart::new(GROUP_ICON_NAME, Upload::file(&path).await.expect("opens"));
    h.client
        .set_group_icon(GROUP_ID, Some(part.with_content_type("image/jpeg")))
        .await
        .expect("SetGroupIcon from a file succeeds");
    h.assert_received(&c).await;
    let _ = std::fs::remove_file(&path);
    let missing = Upload::file(path.with_extension("missing")).await;
    assert_eq!(missing.expect_err("no such file").kind(), std::io::ErrorKind::NotFound);
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
        .upload_certificate(Some(CERTIFICATE_PEM.as_bytes().into()))
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
        .upload_webhook_ca_certificate(Some(CERTIFICATE_PEM.as_bytes().into()))
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

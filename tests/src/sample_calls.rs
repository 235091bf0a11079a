//! One valid call of every operation of the generated WhatsApp Business API
//! client, with arguments taken from the spec's examples (placeholders such
//! as `{{Recipient-WA-ID}}` replaced by realistic values).
//!
//! [`call_all`] is shared by the end-to-end tests, which check what a mock
//! server receives, and by conformance runs against a mock of the spec.
//! The constants below are the arguments it uses, so that tests can state
//! what the server must see.

use whatsapp_business_api::client::UploadMediaContentType;
use whatsapp_business_api::types;
use whatsapp_business_api::{Client, Error, FilePart};

/// The outcome of one call: the operation and the `Debug` text of what the
/// client returned, or its error.
#[derive(Debug)]
pub struct CallOutcome {
    pub operation_id: &'static str,
    pub result: Result<String, Error>,
}

/// Every `operationId` of the spec, in the order [`call_all`] calls them
/// (the order of the spec's paths).
pub const OPERATION_IDS: [&str; 55] = [
    "LoginUser",
    "CreateUser",
    "GetUser",
    "UpdateUser",
    "DeleteUser",
    "LogoutUser",
    "GetApplicationSettings",
    "ResetApplicationSettings",
    "UpdateApplicationSettings",
    "SetShards",
    "GetMediaProviders",
    "UpdateMediaProviders",
    "DeleteMediaProviders",
    "BackupSettings",
    "RestoreSettings",
    "GetBusinessProfile",
    "updateBusinessProfile",
    "GetProfileAbout",
    "UpdateProfileAbout",
    "EnableTwoStep",
    "DisableTwoStep",
    "RegisterAccount",
    "CheckContact",
    "SendMessage",
    "MarkMessageAsRead",
    "GetAllGroups",
    "CreateGroup",
    "GetGroupInfo",
    "UpdateGroupInfo",
    "GetGroupInvite",
    "DeleteGroupInvite",
    "RemoveGroupParticipant",
    "LeaveGroup",
    "GetGroupIconBinary",
    "SetGroupIcon",
    "DeleteGroupIcon",
    "DemoteGroupAdmin",
    "PromoteToGroupAdmin",
    "CheckHealth",
    "GetProfilePhoto",
    "UpdateProfilePhoto",
    "DeleteProfilePhoto",
    "RequestCode",
    "UploadMedia",
    "DownloadMedia",
    "DeleteMedia",
    "GetAppStats",
    "GetDbStats",
    "GetMetrics",
    "GetSupportInfo",
    "DownloadCaCertificate",
    "UploadCertificate",
    "DownloadWebhookCaCertificate",
    "UploadWebhookCaCertificate",
    "DeleteWebhookCaCertificate",
];

// Path parameters.

/// `UserUsername` of the user created, read, updated and deleted.
pub const USER_USERNAME: &str = "support-agent";
/// `GroupId`, in the `<creator>-<timestamp>` form group ids take.
pub const GROUP_ID: &str = "16315558032-1530825318";
/// `MessageID` of an inbound message (from the spec's Message example).
pub const MESSAGE_ID: &str = "gBEGkYiEB1VXAglK1ZEqA1YKPrU";
/// `MediaId` (the id the spec's Upload-Media example returns).
pub const MEDIA_ID: &str = "f043afd0-f0ae-4b9c-ab3d-696fb4c8cd68";
/// `ProviderName` (the provider the spec's provider settings configure).
pub const PROVIDER_NAME: &str = "your-first-provider";

// Query parameters.

/// `format` of Get-Profile-Photo (the parameter's example).
pub const PHOTO_FORMAT: &str = "link";
/// `format` of the stats and metrics operations (the parameters' example).
pub const STATS_FORMAT: &str = "prometheus";

// Body values.

/// The WhatsApp id messages, contact checks and group changes refer to.
pub const RECIPIENT_WA_ID: &str = "16315551234";
/// The phone number as a user would type it, for Check-Contact.
pub const RECIPIENT_PHONE: &str = "+16315551234";
pub const NEW_ADMIN_PASSWORD: &str = "N3w-Adm1n-Passw0rd";
pub const USER_PASSWORD: &str = "Str0ng-Us3r-Passw0rd";
pub const UPDATED_USER_PASSWORD: &str = "N3w-Str0ng-Passw0rd";
pub const WEBHOOK_URL: &str = "https://webhooks.example.com/whatsapp";
pub const COUNTRY_CODE: &str = "1";
pub const PHONE_NUMBER: &str = "6315551234";
pub const PIN: &str = "123456";
pub const REGISTRATION_CODE: &str = "123456";
pub const BACKUP_PASSWORD: &str = "Str0ng-Backup-Passw0rd";
pub const BACKUP_DATA: &str = "U2FsdGVkX1+3pXGrT0q9wH5YJ2Kx8m4vN6cB1dE7fQ0eZ9yW3sLq1uV5aR8tK2jH";
pub const VERIFIED_NAME_CERT: &str = "CkMKJgjN5ZmZtr3bAhIGZW50OndhIgxBY21lIFdpZGdldHNQ2p+Y6gUaQFVvxTmFsx854azeb1hwTRrTNQklvBRZx1h8fnM5nNyuNA98MnhmMaHL1PzGypbzBx+93y1bdfGgl3eEeTcs2gYSLm0l";
pub const MESSAGE_TEXT: &str = "Hello! Your order has shipped.";
pub const GROUP_SUBJECT: &str = "Weekend Hiking Club";
pub const NEW_GROUP_SUBJECT: &str = "Hiking Club Announcements";
pub const ABOUT_TEXT: &str = "Hey there! I am using WhatsApp.";
pub const SECOND_PROVIDER: &str = "your-second-provider";
pub const PROVIDER_BEARER: &str = "your-bearer-token";
/// Credentials of the basic-auth provider config sent to Update-Media-Providers
/// (the spec's Config-Basic example).
pub const PROVIDER_USERNAME: &str = "your-username";
pub const PROVIDER_PASSWORD: &str = "your-password";

/// File name of the group icon sent to Set-Group-Icon.
pub const GROUP_ICON_NAME: &str = "group-icon.jpg";
/// File name of the photo sent to Update-Profile-Photo.
pub const PROFILE_PHOTO_NAME: &str = "profile-photo.jpg";

/// A tiny JPEG (SOI, JFIF APP0 header, EOI): the icon, photo and media uploaded.
pub const JPEG_BYTES: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0xFF, 0xD9,
];

/// A PEM certificate, uploaded as the external and the webhook CA certificate.
pub const CERTIFICATE_PEM: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBszCCAVmgAwIBAgIUFz3kWbq0bVv1YtQ2xZ0e5mJt8WcwCgYIKoZIzj0EAwIw\n\
LzEtMCsGA1UEAwwkd2hhdHNhcHAtYnVzaW5lc3MtYXBpLmV4YW1wbGUuY29tIENB\n\
-----END CERTIFICATE-----\n";

/// Calls every operation once, in the order of [`OPERATION_IDS`], and
/// returns what each call gave. Bearer operations use whatever token the
/// client holds; `LoginUser` uses its HTTP basic credentials.
pub async fn call_all(client: &Client) -> Vec<CallOutcome> {
    let mut out = Vec::with_capacity(OPERATION_IDS.len());

    macro_rules! call {
        ($id:literal, $call:expr) => {
            out.push(CallOutcome {
                operation_id: $id,
                result: $call.await.map(|value| format!("{value:?}")),
            })
        };
    }

    // Users
    call!(
        "LoginUser",
        client.login_user(Some(&types::LoginAdminRequestBody::new(NEW_ADMIN_PASSWORD.into())))
    );
    call!(
        "CreateUser",
        client.create_user(&types::CreateUserRequestBody::new(
            USER_USERNAME.into(),
            USER_PASSWORD.into()
        ))
    );
    call!("GetUser", client.get_user(USER_USERNAME));
    call!(
        "UpdateUser",
        client.update_user(
            USER_USERNAME,
            &types::UpdateUserRequestBody::new(UPDATED_USER_PASSWORD.into())
        )
    );
    call!("DeleteUser", client.delete_user(USER_USERNAME));
    call!("LogoutUser", client.logout_user());

    // Application settings
    call!("GetApplicationSettings", client.get_application_settings());
    call!("ResetApplicationSettings", client.reset_application_settings());
    call!(
        "UpdateApplicationSettings",
        client.update_application_settings(
            &types::ApplicationSettings::new().with_webhooks(types::Webhooks::new().with_url(WEBHOOK_URL.into()))
        )
    );
    call!(
        "SetShards",
        client.set_shards(&types::SetShardsRequestBody::new(
            COUNTRY_CODE.into(),
            PHONE_NUMBER.into(),
            types::SetShardsRequestBodyShards::V32,
            PIN.into(),
        ))
    );
    call!("GetMediaProviders", client.get_media_providers());
    call!(
        "UpdateMediaProviders",
        client.update_media_providers(&media_providers())
    );
    call!("DeleteMediaProviders", client.delete_media_providers(PROVIDER_NAME));

    // Backup and restore
    call!(
        "BackupSettings",
        client.backup_settings(&types::BackupSettingsRequestBody::new(BACKUP_PASSWORD.into()))
    );
    call!(
        "RestoreSettings",
        client.restore_settings(&types::RestoreSettingsRequestBody::new(
            BACKUP_PASSWORD.into(),
            BACKUP_DATA.into()
        ))
    );

    // Business profile and profile
    call!("GetBusinessProfile", client.get_business_profile());
    call!(
        "updateBusinessProfile",
        client.update_business_profile(&business_profile())
    );
    call!("GetProfileAbout", client.get_profile_about());
    call!(
        "UpdateProfileAbout",
        client.update_profile_about(&types::ProfileAbout::new(ABOUT_TEXT.into()))
    );

    // Two-step verification and registration
    call!(
        "EnableTwoStep",
        client.enable_two_step(&types::EnableTwoStepRequestBody::new(PIN.into()))
    );
    call!("DisableTwoStep", client.disable_two_step());
    call!(
        "RegisterAccount",
        client.register_account(&types::RegisterAccountRequestBody::new(REGISTRATION_CODE.into()))
    );

    // Contacts and messages
    call!(
        "CheckContact",
        client.check_contact(
            &types::CheckContactRequestBody::new(vec![RECIPIENT_PHONE.into()])
                .with_blocking(types::CheckContactRequestBodyBlocking::Wait)
        )
    );
    call!("SendMessage", client.send_message(&text_message()));
    call!(
        "MarkMessageAsRead",
        client.mark_message_as_read(MESSAGE_ID, &types::MarkMessageAsReadRequestBody::new("read".into()))
    );

    // Groups
    call!("GetAllGroups", client.get_all_groups());
    call!(
        "CreateGroup",
        client.create_group(&types::CreateGroupRequestBody::new(GROUP_SUBJECT.into()))
    );
    call!("GetGroupInfo", client.get_group_info(GROUP_ID));
    call!(
        "UpdateGroupInfo",
        client.update_group_info(
            GROUP_ID,
            &types::UpdateGroupInfoRequestBody::new(NEW_GROUP_SUBJECT.into())
        )
    );
    call!("GetGroupInvite", client.get_group_invite(GROUP_ID));
    call!("DeleteGroupInvite", client.delete_group_invite(GROUP_ID));
    call!(
        "RemoveGroupParticipant",
        client.remove_group_participant(
            GROUP_ID,
            &types::RemoveGroupParticipantRequestBody::new(vec![RECIPIENT_WA_ID.into()])
        )
    );
    call!("LeaveGroup", client.leave_group(GROUP_ID));
    call!("GetGroupIconBinary", client.get_group_icon_binary(GROUP_ID));
    call!(
        "SetGroupIcon",
        client.set_group_icon(
            GROUP_ID,
            Some(FilePart::new(GROUP_ICON_NAME, JPEG_BYTES).with_content_type("image/jpeg"))
        )
    );
    // The multipart body of this DELETE is optional (`required: false`).
    call!("DeleteGroupIcon", client.delete_group_icon(GROUP_ID, None));
    call!(
        "DemoteGroupAdmin",
        client.demote_group_admin(
            GROUP_ID,
            &types::GroupAdminRequestBody::new(vec![RECIPIENT_WA_ID.into()])
        )
    );
    call!(
        "PromoteToGroupAdmin",
        client.promote_to_group_admin(
            GROUP_ID,
            &types::GroupAdminRequestBody::new(vec![RECIPIENT_WA_ID.into()])
        )
    );

    // Health
    call!("CheckHealth", client.check_health());

    // Profile photo
    call!("GetProfilePhoto", client.get_profile_photo(Some(PHOTO_FORMAT)));
    call!(
        "UpdateProfilePhoto",
        client.update_profile_photo(Some(
            FilePart::new(PROFILE_PHOTO_NAME, JPEG_BYTES).with_content_type("image/jpeg")
        ))
    );
    call!("DeleteProfilePhoto", client.delete_profile_photo());

    // Registration
    call!("RequestCode", client.request_code(&request_code_body()));

    // Media
    call!(
        "UploadMedia",
        client.upload_media(JPEG_BYTES.to_vec(), UploadMediaContentType::ImageJpeg)
    );
    call!("DownloadMedia", client.download_media(MEDIA_ID));
    call!("DeleteMedia", client.delete_media(MEDIA_ID));

    // Stats and support
    call!("GetAppStats", client.get_app_stats_text(Some(STATS_FORMAT)));
    call!("GetDbStats", client.get_db_stats_text(Some(STATS_FORMAT)));
    call!("GetMetrics", client.get_metrics_text(Some(STATS_FORMAT)));
    call!("GetSupportInfo", client.get_support_info());

    // Certificates
    call!("DownloadCaCertificate", client.download_ca_certificate());
    call!(
        "UploadCertificate",
        client.upload_certificate(Some(CERTIFICATE_PEM.as_bytes().into()))
    );
    call!("DownloadWebhookCaCertificate", client.download_webhook_ca_certificate());
    call!(
        "UploadWebhookCaCertificate",
        client.upload_webhook_ca_certificate(Some(CERTIFICATE_PEM.as_bytes().into()))
    );
    call!("DeleteWebhookCaCertificate", client.delete_webhook_ca_certificate());

    out
}

/// The business profile of the spec's Update-Business-Profile example.
pub fn business_profile() -> types::BusinessProfile {
    types::BusinessProfile::new(
        "1 Hacker Way, Menlo Park, CA 94025".into(),
        "Fresh flowers delivered the same day".into(),
        "support@example.com".into(),
        "Retail".into(),
        vec!["https://www.whatsapp.com".into(), "https://www.facebook.com".into()],
    )
}

/// The provider list sent to Update-Media-Providers: one provider with a
/// basic-auth config (Config-Basic requires `basic` once
/// spec/overlays/fixes.yaml is applied; Config-Bearer requires `bearer`).
pub fn media_providers() -> Vec<types::MediaProvider> {
    let basic = types::Basic::new()
        .with_username(PROVIDER_USERNAME.into())
        .with_password(PROVIDER_PASSWORD.into());
    vec![types::MediaProvider::new()
        .with_name(PROVIDER_NAME.into())
        .with_type("www".into())
        .with_config(types::ConfigBasic::new(basic).into())]
}

/// The text message of the spec's Send-Message example.
pub fn text_message() -> types::SendMessageRequestBody {
    types::SendMessageRequestBody::new(RECIPIENT_WA_ID.into())
        .with_type(types::MessageType::Text)
        .with_recipient_type(types::SendMessageRequestBodyRecipientType::Individual)
        .with_text(types::Text::new(MESSAGE_TEXT.into()))
}

/// The Request-Code body of the spec's example: by SMS, with the two-step PIN.
pub fn request_code_body() -> types::RequestCodeRequestBody {
    types::RequestCodeRequestBody::new(
        COUNTRY_CODE.into(),
        PHONE_NUMBER.into(),
        types::RequestCodeRequestBodyMethod::Sms,
        VERIFIED_NAME_CERT.into(),
    )
    .with_pin(PIN.into())
}

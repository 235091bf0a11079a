//! Every component schema of the bundled spec and its generated type, so
//! tests can decode a JSON value by schema name.

/// `(schema name, decoder)` pairs: the decoder deserializes a value into the
/// schema's generated type and serializes it back.
macro_rules! schema_table {
    ($($schema:literal => $ty:ident),* $(,)?) => {
        /// Every component schema name, in document order.
        pub const SCHEMAS: &[&str] = &[$($schema),*];

        /// Deserializes `value` as the generated type of `schema` and serializes it
        /// back; `None` when the schema is unknown.
        pub fn roundtrip(schema: &str, value: &serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match schema {
                $($schema => Some(roundtrip_as::<whatsapp_business_api::types::$ty>(value)),)*
                _ => None,
            }
        }

        /// [`decode_as`] the generated type of `schema`; `None` when the
        /// schema is unknown.
        pub fn decode(schema: &str, text: &str) -> Option<String> {
            match schema {
                $($schema => Some(decode_as::<whatsapp_business_api::types::$ty>(text)),)*
                _ => None,
            }
        }
    };
}

/// Deserializes into `T` (reporting the failing path) and serializes back.
pub fn roundtrip_as<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let typed: T = serde_path_to_error::deserialize(value).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

schema_table! {
    "Login-Admin-Request-Body" => LoginAdminRequestBody,
    "Create-User-Request-Body" => CreateUserRequestBody,
    "Update-User-Request-Body" => UpdateUserRequestBody,
    "Set-Shards-Request-Body" => SetShardsRequestBody,
    "Config" => Config,
    "Config-Bearer" => ConfigBearer,
    "Config-Basic" => ConfigBasic,
    "Backup-Settings-Request-Body" => BackupSettingsRequestBody,
    "Enable-Two-Step-Request-Body" => EnableTwoStepRequestBody,
    "Register-Account-Request-Body" => RegisterAccountRequestBody,
    "Request-Code-Request-Body" => RequestCodeRequestBody,
    "Image" => Image,
    "ImageById" => ImageById,
    "ImageByProvider" => ImageByProvider,
    "Audio" => Audio,
    "AudioById" => AudioById,
    "AudioByProvider" => AudioByProvider,
    "Video" => Video,
    "VideoById" => VideoById,
    "VideoByProvider" => VideoByProvider,
    "Document" => Document,
    "DocumentById" => DocumentById,
    "DocumentByProvider" => DocumentByProvider,
    "Provider" => Provider,
    "Text" => Text,
    "Hsm" => Hsm,
    "Contact" => Contact,
    "Address" => Address,
    "Email" => Email,
    "Name" => Name,
    "Org" => Org,
    "Location" => Location,
    "Create-Group-Request-Body" => CreateGroupRequestBody,
    "Update-Group-Info-Request-Body" => UpdateGroupInfoRequestBody,
    "Remove-Group-Participant-Request-Body" => RemoveGroupParticipantRequestBody,
    "User-Login-Response" => UserLoginResponse,
    "User-Login-Response-Item" => UserLoginResponseItem,
    "Groups-Response" => GroupsResponse,
    "Group-Response" => GroupResponse,
    "Group-Info" => GroupInfo,
    "Group" => Group,
    "Group-Invite-Response" => GroupInviteResponse,
    "Group-Invite" => GroupInvite,
    "Group-Admin-Request-Body" => GroupAdminRequestBody,
    "Check-Contact-Request-Body" => CheckContactRequestBody,
    "Check-Contact-Response" => CheckContactResponse,
    "Check-Contact" => CheckContact,
    "Send-Message-Request-Body" => SendMessageRequestBody,
    "Language" => Language,
    "Currency" => Currency,
    "Date-Time-Object" => DateTimeObject,
    "Date-Time-Unix-Epoch" => DateTimeUnixEpoch,
    "Date-Time-Component" => DateTimeComponent,
    "LocalizableParam" => LocalizableParam,
    "Message-Response" => MessageResponse,
    "Message" => Message,
    "Error" => Error,
    "Meta" => Meta,
    "Response" => Response,
    "Phone" => Phone,
    "Url" => Url,
    "User-Response" => UserResponse,
    "User-Response-Item" => UserResponseItem,
    "Detailed-User-Response-Item" => DetailedUserResponseItem,
    "Detailed-User-Response" => DetailedUserResponse,
    "User-Role" => UserRole,
    "Media" => Media,
    "Webhooks" => Webhooks,
    "Application-Settings" => ApplicationSettings,
    "Basic" => Basic,
    "Media-Provider" => MediaProvider,
    "Media-Provider-Settings" => MediaProviderSettings,
    "Media-Provider-Settings-Application" => MediaProviderSettingsApplication,
    "Media-Provider-Settings-Application-Media" => MediaProviderSettingsApplicationMedia,
    "Get-Media-Providers-Response" => GetMediaProvidersResponse,
    "Backup-Settings-Response" => BackupSettingsResponse,
    "Backup-Settings" => BackupSettings,
    "Restore-Settings-Request-Body" => RestoreSettingsRequestBody,
    "Business-Profile" => BusinessProfile,
    "Get-Business-Profile-Response" => GetBusinessProfileResponse,
    "Business-Settings" => BusinessSettings,
    "Business-Settings-Business" => BusinessSettingsBusiness,
    "Profile-About" => ProfileAbout,
    "Get-Profile-About-Response" => GetProfileAboutResponse,
    "Profile-About-Settings" => ProfileAboutSettings,
    "Profile-About-Settings-Profile" => ProfileAboutSettingsProfile,
    "Profile-Photo-Settings" => ProfilePhotoSettings,
    "Get-Profile-Photo-Response" => GetProfilePhotoResponse,
    "Profile-Photo-Settings-Profile-Photo" => ProfilePhotoSettingsProfilePhoto,
    "Profile-Photo-Settings-Profile" => ProfilePhotoSettingsProfile,
    "Request-Code-Response" => RequestCodeResponse,
    "Request-Code-Account" => RequestCodeAccount,
    "Mark-Message-As-Read-Request-Body" => MarkMessageAsReadRequestBody,
    "Upload-Media" => UploadMedia,
    "Upload-Media-Response" => UploadMediaResponse,
    "Gateway-Status" => GatewayStatus,
    "Gateway-Node-Status" => GatewayNodeStatus,
    "Check-Health-Response" => CheckHealthResponse,
    "Webhook-Contact-Profile" => WebhookContactProfile,
    "Webhook-Contact" => WebhookContact,
    "Webhook-Event" => WebhookEvent,
    "Message-Context" => MessageContext,
    "Webhook-Text" => WebhookText,
    "Webhook-Message" => WebhookMessage,
    "Webhook-Location" => WebhookLocation,
    "Message-Type" => MessageType,
    "Webhook-Image" => WebhookImage,
    "Webhook-Audio" => WebhookAudio,
    "Webhook-Document" => WebhookDocument,
    "Webhook-Video" => WebhookVideo,
    "Webhook-Voice" => WebhookVoice,
    "Webhook-System" => WebhookSystem,
    "Webhook-Status" => WebhookStatus,
}

/// Deserializes into `T` and reports what came out: the decoded value as
/// `Debug` prints it and the JSON text it serializes to (property order
/// included), or the error with its path.
pub fn decode_as<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(text: &str) -> String {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(typed) => format!(
            "{typed:?}\n{}",
            serde_json::to_string(&typed).unwrap_or_else(|e| format!("serialize error: {e}"))
        ),
        Err(e) => format!("error at `{}`: {}", e.path(), e.inner()),
    }
}

//! Strings with a format (`date-time`, `date`, `uuid`, `uri`, `byte`,
//! `binary`) as types of their own.
//!
//! Each type keeps the exact text it was given or received, so a value
//! read from the server is sent back byte for byte (a timestamp written
//! `2024-03-01T12:00:00.500+01:00` stays so, whatever a date library would
//! print). Decoding never fails on the text; converting it to a library
//! type (`time`, `chrono`, `uuid`, `url`, base64 bytes) checks it and
//! returns a [`FormatError`] when it is not valid. The conversions to
//! `time`, `chrono`, `uuid` and base64 are behind the cargo features of the
//! same names.

use std::fmt;

/// Text that is not valid for its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The OpenAPI format (`date-time`, ...).
    pub format: &'static str,
    pub text: String,
    pub reason: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}: {}", self.text, self.format, self.reason)
    }
}

impl std::error::Error for FormatError {}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $format:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The OpenAPI format of this type.
            pub const FORMAT: &'static str = $format;

            /// Wraps text as it is (not checked; the conversions check it).
            pub fn from_text(text: impl Into<String>) -> Self {
                $name(text.into())
            }

            /// The exact text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }

            #[allow(dead_code)]
            fn error(&self, reason: impl fmt::Display) -> FormatError {
                FormatError {
                    format: $format,
                    text: self.0.clone(),
                    reason: reason.to_string(),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name(text.to_string())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map($name)
            }
        }
    };
}

text_type!(
    /// A `date-time` (RFC 3339), as its exact text.
    DateTime,
    "date-time"
);
text_type!(
    /// A `date` (RFC 3339 `full-date`, `2024-03-01`), as its exact text.
    Date,
    "date"
);
text_type!(
    /// A `uuid`, as its exact text.
    Uuid,
    "uuid"
);
text_type!(
    /// A `uri`, as its exact text.
    Uri,
    "uri"
);
text_type!(
    /// A `byte` string: base64-encoded bytes, as the exact text.
    Base64,
    "byte"
);
text_type!(
    /// A `binary` string: its text's bytes.
    Binary,
    "binary"
);

#[cfg(feature = "time")]
impl DateTime {
    /// The instant, with the offset the text gives.
    pub fn to_time(&self) -> Result<time::OffsetDateTime, FormatError> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339).map_err(|e| self.error(e))
    }

    /// An instant in RFC 3339 form.
    pub fn from_time(value: time::OffsetDateTime) -> Result<Self, FormatError> {
        value
            .format(&time::format_description::well_known::Rfc3339)
            .map(DateTime)
            .map_err(|e| DateTime(value.to_string()).error(e))
    }
}

#[cfg(feature = "time")]
const TIME_DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

#[cfg(feature = "time")]
impl Date {
    pub fn to_time(&self) -> Result<time::Date, FormatError> {
        time::Date::parse(&self.0, TIME_DATE).map_err(|e| self.error(e))
    }

    pub fn from_time(value: time::Date) -> Result<Self, FormatError> {
        value.format(TIME_DATE).map(Date).map_err(|e| Date(value.to_string()).error(e))
    }
}

#[cfg(feature = "chrono")]
impl DateTime {
    /// The instant, with the offset the text gives.
    pub fn to_chrono(&self) -> Result<chrono::DateTime<chrono::FixedOffset>, FormatError> {
        chrono::DateTime::parse_from_rfc3339(&self.0).map_err(|e| self.error(e))
    }

    /// An instant in RFC 3339 form.
    pub fn from_chrono<Tz: chrono::TimeZone>(value: &chrono::DateTime<Tz>) -> Self
    where
        Tz::Offset: fmt::Display,
    {
        DateTime(value.to_rfc3339())
    }
}

#[cfg(feature = "chrono")]
impl Date {
    pub fn to_chrono(&self) -> Result<chrono::NaiveDate, FormatError> {
        chrono::NaiveDate::parse_from_str(&self.0, "%Y-%m-%d").map_err(|e| self.error(e))
    }

    pub fn from_chrono(value: chrono::NaiveDate) -> Self {
        Date(value.format("%Y-%m-%d").to_string())
    }
}

#[cfg(feature = "uuid")]
impl Uuid {
    pub fn to_uuid(&self) -> Result<uuid::Uuid, FormatError> {
        uuid::Uuid::parse_str(&self.0).map_err(|e| self.error(e))
    }

    /// The hyphenated lower-case form.
    pub fn from_uuid(value: uuid::Uuid) -> Self {
        Uuid(value.hyphenated().to_string())
    }
}

impl Uri {
    /// An absolute URL (a relative reference is an error).
    pub fn to_url(&self) -> Result<url::Url, FormatError> {
        url::Url::parse(&self.0).map_err(|e| self.error(e))
    }

    pub fn from_url(value: &url::Url) -> Self {
        Uri(value.as_str().to_string())
    }
}

#[cfg(feature = "base64")]
impl Base64 {
    /// The bytes (standard alphabet, padded, as OpenAPI's `byte` is).
    pub fn decode(&self) -> Result<Vec<u8>, FormatError> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(&self.0)
            .map_err(|e| self.error(e))
    }

    pub fn encode(bytes: impl AsRef<[u8]>) -> Self {
        use base64::Engine as _;
        Base64(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

impl Binary {
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

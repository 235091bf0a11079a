//! Request plumbing shared by every operation, one job per module:
//! `client` (the client, its builder, sending and redirects), `auth`
//! (credentials and security schemes), `request` (parameter and body
//! encoding), `response` (reading an answer within the size limit, decoding),
//! `retry` (policy, backoff, `Retry-After`), `upload` (request bodies that
//! stream from memory, a file or a stream), `events` (server-sent event
//! streams), `object` (serde helpers of the generated structs), `raw_json`
//! and `raw_map` (any JSON value, and the undeclared properties of a struct,
//! kept as compact JSON text) and `base64` (bytes sent as base64 text). Operations in `client.rs` only
//! describe themselves and call into here.

mod auth;
mod base64;
mod client;
mod events;
pub mod object;
mod raw_json;
mod raw_map;
mod request;
mod response;
mod retry;
mod upload;

pub use auth::{Credentials, Redacted, Scheme, Secret};
pub use base64::{Base64Bytes, InvalidBase64};
pub use client::{Client, ClientBuilder, Op, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_REDIRECTS};
pub use events::{Event, EventStream};
pub use raw_json::RawJson;
pub use raw_map::RawJsonMap;
pub use request::{Body, FilePart, MultipartField, RequestParts, Style};
pub use response::{Download, Response};
pub use retry::RetryPolicy;
pub use upload::Upload;

/// Serializes a variant of a tagged union, adding the tag property when the
/// variant's own type does not carry it.
#[doc(hidden)]
pub fn serialize_tagged<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut v = serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?;
    if let serde_json::Value::Object(map) = &mut v {
        map.entry(property.to_string()).or_insert_with(|| serde_json::Value::String(tag.to_string()));
    }
    serde::Serialize::serialize(&v, serializer)
}

//! Prints the generated crate's `Cargo.toml` and `src/lib.rs`.

use crate::config::Config;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// A version cargo accepts: the API's own when it is semver-like
/// (`1`, `1.2`, `1.2.3`), otherwise `0.1.0`.
pub fn crate_version(api: &Api, config: &Config) -> String {
    if let Some(v) = &config.crate_version {
        return v.clone();
    }
    semver(&api.version).unwrap_or_else(|| "0.1.0".to_string())
}

/// `1`, `v1.2` or `1.2.3` as a full semver version; `None` for anything
/// else (dates, words, pre-release tags).
pub fn semver(version: &str) -> Option<String> {
    let v = version.trim().trim_start_matches(['v', 'V']);
    let parts: Vec<&str> = v.split('.').collect();
    let numeric = |s: &&str| {
        !s.is_empty() && s.len() < 10 && s.chars().all(|c| c.is_ascii_digit()) && (s.len() == 1 || !s.starts_with('0'))
    };
    if !((1..=3).contains(&parts.len()) && parts.iter().all(numeric)) {
        return None;
    }
    let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
    while p.len() < 3 {
        p.push("0".into());
    }
    Some(p.join("."))
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The conversions of `crate::formats` types, each behind a feature (all
/// declared whenever the crate has a `formats` module).
const FORMAT_FEATURES: &str = "\
# Conversions of `formats::DateTime` and `formats::Date` to `time` types.
time = [\"dep:time\"]
# Conversions of `formats::DateTime` and `formats::Date` to `chrono` types.
chrono = [\"dep:chrono\"]
# Conversions of `formats::Uuid` to `uuid::Uuid`.
uuid = [\"dep:uuid\"]
# Decoding and encoding of `formats::Base64` (format `byte`).
base64 = [\"dep:base64\"]
";

const FORMAT_DEPS: &str = "\
time = { version = \"0.3\", optional = true, features = [\"parsing\", \"formatting\", \"macros\"] }
chrono = { version = \"0.4\", optional = true, default-features = false, features = [\"std\"] }
uuid = { version = \"1\", optional = true }
base64 = { version = \"0.22\", optional = true }
";

/// The features of the libraries the config chose for the formats used.
fn format_defaults(api: &Api) -> Vec<&'static str> {
    let mut features: Vec<&'static str> = api.formats.iter().filter_map(|(_, lib)| lib.feature()).collect();
    features.sort_unstable();
    features.dedup();
    features
}

pub fn cargo_toml(api: &Api, config: &Config) -> String {
    let description = format!(
        "Typed async client for {}, generated from its OpenAPI description",
        api.title.trim()
    );
    format!(
        r#"[package]
name = {name}
version = {version}
edition = "2021"
rust-version = "1.80"
description = {description}
publish = false

[features]
default = [{defaults}]
# A `tracing` span per request (operation, method, path template, status, latency).
tracing = ["dep:tracing"]
# Accept compressed answers; the body size limit applies after decompression.
gzip = ["reqwest/gzip"]
brotli = ["reqwest/brotli"]
deflate = ["reqwest/deflate"]
{format_features}{tag_features}
[dependencies]
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls", "json", "multipart", "http2", "stream"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
thiserror = "2"
tokio = {{ version = "1", features = ["time", "io-util", "fs"] }}
bytes = "1"
futures-core = "0.3"
percent-encoding = "2"
url = "2"
httpdate = "1"
tracing = {{ version = "0.1", optional = true }}
{format_deps}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }}
"#,
        defaults = std::iter::once("tracing")
            .chain(format_defaults(api))
            .map(str::to_string)
            .chain(api.features.iter().map(|f| f.name.clone()))
            .map(|s| toml_string(&s))
            .collect::<Vec<_>>()
            .join(", "),
        tag_features = api
            .features
            .iter()
            .map(|f| {
                let what = if f.tag.is_empty() {
                    "Schemas no operation uses (webhook payloads, shared definitions).".to_string()
                } else {
                    format!(
                        "Operations tagged `{}` and the types only they use.",
                        f.tag.replace('\n', " ")
                    )
                };
                format!("# {what}\n{} = []\n", f.name)
            })
            .collect::<String>(),
        format_features = if api.formats.is_empty() { "" } else { FORMAT_FEATURES },
        format_deps = if api.formats.is_empty() { "" } else { FORMAT_DEPS },
        name = toml_string(&config.crate_name),
        version = toml_string(&crate_version(api, config)),
        description = toml_string(&description),
    )
}

/// A doc example handling every kind of [`Error`]: the status with the
/// API's typed error body, the decode path, timeouts, the rest.
pub fn error_match_example(krate: &str) -> Vec<String> {
    [
        "```".to_string(),
        format!("fn explain(err: &{krate}::Error) -> String {{"),
        format!("    use {krate}::Error;"),
        "    match err {".into(),
        "        Error::Api { status, body: Some(body), .. } => format!(\"refused with {status}: {body:?}\"),".into(),
        "        Error::Api { status, excerpt, .. } => format!(\"status {status}: {excerpt}\"),".into(),
        "        Error::Decode { path, message, .. } => format!(\"unexpected answer at `{path}`: {message}\"),".into(),
        "        Error::Timeout { elapsed, .. } => format!(\"no answer within {elapsed:?}\"),".into(),
        "        Error::BodyTooLarge { limit, .. } => format!(\"answer over {limit} bytes\"),".into(),
        "        other => other.to_string(),".into(),
        "    }".into(),
        "}".into(),
        "```".into(),
    ]
    .to_vec()
}

pub fn lib_rs(api: &Api, config: &Config) -> TokenStream {
    let krate = config.crate_name.replace('-', "_");
    let mut lines = vec![format!(
        "Typed async client for **{}** (API version `{}`).",
        api.title.trim(),
        api.version.trim()
    )];
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.extend(super::docs::sanitize(d));
    }
    let ops = api.operations.len();
    let types = api.types.len();
    lines.push(String::new());
    lines.push(format!(
        "[`Client`] has one `async` method per operation ({ops} in all); [`types`] holds the {types} request and response types; every method returns [`Error`] on failure, naming the operation and the status."
    ));
    lines.push(String::new());
    lines.push("# Quick start".into());
    lines.push(String::new());
    lines.push("```no_run".into());
    lines.push(format!("# async fn demo() -> Result<(), {krate}::Error> {{"));
    let url = api
        .default_server
        .clone()
        .filter(|u| u.starts_with("http"))
        .unwrap_or_else(|| "https://api.example.com".into());
    lines.push(format!("let client = {krate}::Client::builder()"));
    lines.push(format!("    .base_url({url:?})"));
    lines.push("    .timeout(std::time::Duration::from_secs(20))".into());
    if api.login.is_none() {
        lines.extend(super::auth::quick_start_call(api));
    }
    lines.push("    .build()?;".into());
    if api.login.is_some() {
        lines.push("// Exchanges HTTP basic credentials for a bearer token kept by the client.".into());
        lines.push("client.login(\"admin\", \"your-password\").await?;".into());
    }
    if let Some(op) = api
        .operations
        .iter()
        .find(|o| o.params.is_empty() && o.body.is_none() && o.method == Method::Get)
    {
        lines.push(format!("let answer = client.{}().await?;", op.fn_name));
        lines.push("println!(\"{answer:?}\");".into());
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines.push(String::new());
    lines.push("# Errors".into());
    lines.push(String::new());
    lines.push("Failed calls never panic: [`Error`] says which operation failed and how (transport, timeout, an error status with the API's error body, a body that does not decode, with the JSON path and an excerpt).".into());
    lines.push(String::new());
    lines.extend(error_match_example(&krate));
    lines.push(String::new());
    lines.push("# Limits".into());
    lines.push(String::new());
    lines.push("Answers are read up to [`DEFAULT_MAX_BODY_SIZE`] (32 MiB, after decompression; [`ClientBuilder::max_body_size`], or [`Client::with_max_body_size`] for one call), else [`Error::BodyTooLarge`]. Redirects are followed up to [`DEFAULT_MAX_REDIRECTS`] ([`ClientBuilder::max_redirects`]); once a redirect leaves the base URL's origin, no credential or default header is sent. An operation whose only answer is binary returns a [`Download`] before reading the body, to stream it (`chunk`, `write_to`, `save`) within the same limit; a `text/event-stream` answer is an [`EventStream`] of typed [`Event`]s, each within the limit. Binary request bodies and file parts take an [`Upload`]: bytes, a file read as it is sent, or a stream. Properties a schema does not declare are kept in a struct's `additional_properties` as a [`RawJsonMap`]: their compact JSON text in the order received (values [`RawJson`], read with `get`, `iter` or `parse`), so that they cost about their size in memory.".into());
    lines.push(String::new());
    lines.extend(super::auth::doc_lines(api));
    if api.webhook_event.is_some() {
        lines.push(String::new());
        lines.push("# Webhooks".into());
        lines.push(String::new());
        lines.push("[`webhooks::parse_event`] turns an inbound webhook body into a typed event.".into());
    }
    lines.push(String::new());
    lines.push("# Features".into());
    lines.push(String::new());
    lines.push("- `tracing` (default): a `tracing` span per request with the operation, method, path template, status and latency.".into());
    lines.push("- `gzip`, `brotli`, `deflate`: accept compressed answers (`Accept-Encoding`); the body size limit applies to the decompressed bytes.".into());
    for (format, lib) in &api.formats {
        if let Some(feature) = lib.feature() {
            lines.push(format!(
                "- `{feature}` (default): conversions of [`formats::{}`] (format `{}`) to `{}` types.",
                format.type_name(),
                format.name(),
                lib.name()
            ));
        }
    }
    let doc_lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {}", super::docs::escape_controls(l))
        }
    });
    let webhooks = api.webhook_event.is_some().then(|| {
        quote!(
            pub mod webhooks;
        )
    });
    let formats = (!api.formats.is_empty()).then(|| {
        quote!(
            pub mod formats;
        )
    });
    quote! {
        #( #![doc = #doc_lines] )*
        #![forbid(unsafe_code)]
        #![warn(missing_debug_implementations)]
        // The crate docs quote the API's description, whose Markdown lists
        // need not follow rustdoc's indentation.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

        pub mod client;
        pub mod error;
        #formats
        #[doc(hidden)]
        pub mod runtime;
        pub mod types;
        #webhooks

        pub use error::Error;
        pub use runtime::{
            Base64Bytes, Client, ClientBuilder, Credentials, Download, Event, EventStream, FilePart, RawJson, RawJsonMap, RetryPolicy, Secret, Upload,
            DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_REDIRECTS,
        };
    }
}

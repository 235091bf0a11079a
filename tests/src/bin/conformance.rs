//! Calls all 55 operations of the generated client once (through
//! [`oagen_tests::sample_calls::call_all`]) against a server, normally a
//! Prism mock of the spec started by `cargo xtask conformance`, and prints
//! one JSON line per call, in call order:
//!
//! ```text
//! {"operation_id":"GetUser","parsed":true,"status":null,"kind":null,"detail":"UserGetResponse { .. }"}
//! {"operation_id":"SendMessage","parsed":false,"status":422,"kind":"Api","detail":"SendMessage: the server answered 422 ..."}
//! ```
//!
//! `parsed` is true when the client returned a value, i.e. the answer had a
//! status, media type and body the operation describes. `status` and `kind`
//! describe the error otherwise.
//!
//! Usage: `conformance --base-url http://127.0.0.1:4010`

use std::process::ExitCode;
use std::time::Duration;

use oagen_tests::sample_calls::{call_all, CallOutcome, OPERATION_IDS};
use whatsapp_business_api::{Client, Error};

/// Bearer token sent to every bearer-auth operation.
const BEARER_TOKEN: &str = "conformance-bearer-token";
/// HTTP basic credentials of `LoginUser`.
const ADMIN_USER: &str = "admin";
const ADMIN_PASSWORD: &str = "conformance-admin-password";
/// Longest text of a value or error kept in `detail`.
const DETAIL_MAX: usize = 600;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base_url = match args.as_slice() {
        [flag, url] if flag == "--base-url" => url.clone(),
        [arg] if arg.starts_with("--base-url=") => arg["--base-url=".len()..].to_string(),
        _ => {
            eprintln!("usage: conformance --base-url URL");
            return ExitCode::from(2);
        }
    };
    let client = match Client::builder()
        .base_url(base_url)
        .timeout(Duration::from_secs(15))
        .connect_timeout(Duration::from_secs(5))
        .bearer_token(BEARER_TOKEN)
        .basic_auth(ADMIN_USER, ADMIN_PASSWORD)
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let outcomes = runtime.block_on(call_all(&client));
    if outcomes.len() != OPERATION_IDS.len() {
        eprintln!(
            "error: {} outcomes for {} operations",
            outcomes.len(),
            OPERATION_IDS.len()
        );
        return ExitCode::from(1);
    }
    for outcome in &outcomes {
        println!("{}", line(outcome));
    }
    if outcomes.iter().all(|o| o.result.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The JSON line of one outcome.
fn line(outcome: &CallOutcome) -> serde_json::Value {
    match &outcome.result {
        Ok(value) => serde_json::json!({
            "operation_id": outcome.operation_id,
            "parsed": true,
            "status": null,
            "kind": null,
            "detail": shorten(value),
        }),
        Err(e) => serde_json::json!({
            "operation_id": outcome.operation_id,
            "parsed": false,
            "status": e.status(),
            "kind": kind(e),
            "detail": shorten(&e.to_string()),
        }),
    }
}

/// The variant of an error, by name.
fn kind(e: &Error) -> &'static str {
    match e {
        Error::Transport { .. } => "Transport",
        Error::Timeout { .. } => "Timeout",
        Error::Api { .. } => "Api",
        Error::Decode { .. } => "Decode",
        Error::UnexpectedContentType { .. } => "UnexpectedContentType",
        Error::UnexpectedStatus { .. } => "UnexpectedStatus",
        Error::Request { .. } => "Request",
        Error::Config { .. } => "Config",
        _ => "Other",
    }
}

/// At most [`DETAIL_MAX`] characters of `text`.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(DETAIL_MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

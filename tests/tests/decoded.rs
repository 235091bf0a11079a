//! What the generated types decode, exactly: for every example of the spec,
//! every payload in `tests/fixtures/payloads/` and a set of malformed
//! inputs, the decoded value (`Debug`), the JSON text it serializes back to
//! (property order included) or the decode error with its path, all in one
//! snapshot. A change to how the types (de)serialize must leave it as it is.

use oagen_tests::schemas::{decode, decode_as, SCHEMAS};
use oagen_tests::{examples, overlaid_json, root};
use std::fmt::Write as _;
use whatsapp_business_api::types;

/// The component schema an example's schema pointer names, if any.
fn schema_of(doc: &serde_json::Value, schema_ptr: &str) -> Option<String> {
    if let Some(name) = schema_ptr
        .strip_prefix("/components/schemas/")
        .filter(|n| !n.contains('/'))
    {
        return Some(name.replace("~1", "/").replace("~0", "~"));
    }
    let r = doc.pointer(schema_ptr)?.get("$ref")?.as_str()?;
    Some(r.trim_start_matches("#/components/schemas/").to_string())
}

/// Inputs that are not what the schema says, and corner cases of presence.
const MALFORMED: &[(&str, &str)] = &[
    ("Create-User-Request-Body", "{}"),
    ("Create-User-Request-Body", r#"{"username":"a"}"#),
    (
        "Create-User-Request-Body",
        r#"{"username":"a","username":"b","password":"p"}"#,
    ),
    ("Create-User-Request-Body", r#"{"username":null,"password":"p"}"#),
    ("Create-User-Request-Body", r#"{"username":7,"password":"p"}"#),
    ("Create-User-Request-Body", "[]"),
    ("Create-User-Request-Body", r#""text""#),
    ("Create-User-Request-Body", "null"),
    (
        "Create-User-Request-Body",
        r#"{"z":null,"password":"p","username":"u","a":{"y":1,"x":[true]}}"#,
    ),
    (
        "Create-User-Request-Body",
        r#"{"password":"p","username":"u","extra":1,"extra":2}"#,
    ),
    ("Basic", "{}"),
    ("Basic", r#"{"username":null,"password":null}"#),
    ("Basic", r#"{"username":"a","username":"b"}"#),
    ("Basic", r#"{"username":null,"username":"b"}"#),
    ("Basic", r#"{"password":"p","other":"kept"}"#),
    ("Webhook-Message", r#"{"voice":{"id":"v"},"voice":{"id":"w"}}"#),
    ("Webhook-Message", r#"{"type":"text","text":{"body":5}}"#),
    (
        "Webhook-Message",
        r#"{"video":null,"type":"unlisted","voice":{"id":"v","mime_type":"audio/ogg"},"context":{"from":"1","id":"2"}}"#,
    ),
    ("Send-Message-Request-Body", r#"{"to":"1"}"#),
    (
        "Send-Message-Request-Body",
        r#"{"to":"1","type":"text","text":{"body":"hi"},"preview_url":true,"recipient_type":"individual","ttl":"P1D"}"#,
    ),
    ("Check-Health-Response", r#"{"health":5}"#),
    ("Check-Health-Response", r#"{"health":{"gateway_status":"connected"}}"#),
    (
        "Check-Health-Response",
        r#"{"health":{"n1":{"gateway_status":"nope","role":"primary_master"}}}"#,
    ),
];

#[test]
fn decoded_values_are_unchanged() {
    let doc = overlaid_json();
    let mut out = String::new();
    for (at, schema_ptr, example) in examples(&doc) {
        let Some(schema) = schema_of(&doc, &schema_ptr).filter(|s| SCHEMAS.contains(&s.as_str())) else {
            continue;
        };
        let text = serde_json::to_string(&example).expect("serializes");
        let decoded = decode(&schema, &text).expect("known schema");
        writeln!(out, "== {at} as {schema}\n{decoded}\n").expect("string");
    }
    let dir = root().join("tests/fixtures/payloads");
    let mut payloads: Vec<_> = std::fs::read_dir(&dir)
        .expect("payload dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    payloads.sort();
    for path in &payloads {
        let file = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let schema = file.split("--").next().expect("<Schema>--<case>.json");
        let text = std::fs::read_to_string(path).expect("readable");
        writeln!(out, "== {file}\n{}\n", decode(schema, &text).expect("known schema")).expect("string");
    }
    for (schema, text) in MALFORMED {
        writeln!(
            out,
            "== {schema}: {text}\n{}\n",
            decode(schema, text).expect("known schema")
        )
        .expect("string");
    }
    // A list of structs: the path names the element.
    let list = r#"[{"name":"a","type":"www","config":{"basic":{"username":"u"}}},{"name":"b","type":5}]"#;
    writeln!(
        out,
        "== Vec<MediaProvider>: {list}\n{}\n",
        decode_as::<Vec<types::MediaProvider>>(list)
    )
    .expect("string");
    insta::assert_snapshot!(out);
}

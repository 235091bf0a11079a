//! The generated types accept what the API sends and write it back unchanged:
//! every example of the spec and every payload in `tests/fixtures/payloads/`
//! deserializes into its type and serializes back to equal JSON.

use oagen_tests::schemas::{roundtrip, roundtrip_as, SCHEMAS};
use oagen_tests::{examples, overlaid_json, root};
use serde_json::{json, Value};
use whatsapp_business_api::types;

/// The component schema an example belongs to, or the decoder for an inline schema.
enum Target {
    Schema(String),
    ProviderList,
    PlainString,
}

fn target(doc: &Value, schema_ptr: &str) -> Target {
    if let Some(name) = schema_ptr
        .strip_prefix("/components/schemas/")
        .filter(|n| !n.contains('/'))
    {
        return Target::Schema(name.replace("~1", "/").replace("~0", "~"));
    }
    let schema = doc.pointer(schema_ptr).unwrap_or_else(|| panic!("{schema_ptr} exists"));
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return Target::Schema(r.trim_start_matches("#/components/schemas/").to_string());
    }
    match (
        schema.get("type").and_then(Value::as_str),
        schema.pointer("/items/$ref").and_then(Value::as_str),
    ) {
        (Some("array"), Some("#/components/schemas/Media-Provider")) => Target::ProviderList,
        (Some("string"), None) => Target::PlainString,
        other => panic!("no decoder for the inline schema at {schema_ptr}: {other:?}"),
    }
}

#[test]
fn every_spec_example_round_trips() {
    // The document the client is generated from: the spec with its fixes.
    let doc = overlaid_json();
    let mut passed = 0;
    let mut strings = 0;
    let mut failures = Vec::new();
    for (at, schema_ptr, example) in examples(&doc) {
        let result = match target(&doc, &schema_ptr) {
            Target::Schema(name) => {
                roundtrip(&name, &example).unwrap_or_else(|| panic!("{name} is in the schema table"))
            }
            Target::ProviderList => roundtrip_as::<Vec<types::MediaProvider>>(&example),
            Target::PlainString => {
                assert!(example.is_string(), "{at}: parameter example is a string");
                strings += 1;
                continue;
            }
        };
        match result {
            Ok(back) if back == example => passed += 1,
            Ok(back) => failures.push(format!(
                "{at}: changed on the way back:\n  in:  {example}\n  out: {back}"
            )),
            Err(e) => failures.push(format!("{at}: {e}")),
        }
    }
    eprintln!("spec examples: {passed} round-trip exactly, {strings} string parameter examples");
    assert!(
        failures.is_empty(),
        "{} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(passed + strings, 128);
}

#[test]
fn every_payload_round_trips() {
    let dir = root().join("tests/fixtures/payloads");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("payload dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 40, "payload count {}", entries.len());
    let mut failures = Vec::new();
    for path in &entries {
        let file = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let schema = file.split("--").next().expect("<Schema>--<case>.json");
        assert!(SCHEMAS.contains(&schema), "{file}: no schema `{schema}`");
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("valid JSON");
        match roundtrip(schema, &value).expect("known schema") {
            Ok(back) if back == value => {}
            Ok(back) => failures.push(format!("{file}: changed:\n  in:  {value}\n  out: {back}")),
            Err(e) => failures.push(format!("{file}: {e}")),
        }
    }
    eprintln!(
        "payloads: {} of {} round-trip exactly",
        entries.len() - failures.len(),
        entries.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_enum_values_are_kept() {
    // A message type and a status this version of the spec does not list.
    let event = json!({
        "messages": [{
            "from": "16315551234",
            "id": "ABGGFlA5FpafAgo6EhueTg",
            "timestamp": "1518694235",
            "type": "reaction",
        }],
        "statuses": [{
            "id": "gBEGkYiEB1VXAglK1ZEqA1YKPrU",
            "recipient_id": "16315551234",
            "status": "played",
            "timestamp": "1518694700",
        }],
    });
    let parsed = whatsapp_business_api::webhooks::parse_event(event.to_string().as_bytes()).expect("parses");
    let message = &parsed.messages.as_ref().expect("messages")[0];
    assert_eq!(message.type_, Some(types::MessageType::Unknown("reaction".into())));
    let status = &parsed.statuses.as_ref().expect("statuses")[0];
    assert_eq!(
        status.status,
        Some(types::WebhookStatusStatus::Unknown("played".into()))
    );
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), event);
    // Known values land in their variants.
    let read: types::WebhookStatusStatus = serde_json::from_value(json!("read")).expect("known");
    assert_eq!(read, types::WebhookStatusStatus::Read);
    assert_eq!(read.as_str(), "read");
}

#[test]
fn odd_enum_values_round_trip() {
    for value in ["image", "audio", "document", "voice", "video"] {
        let v: types::MediaAutoDownloadItem = serde_json::from_value(json!(value)).expect("string");
        assert!(
            !matches!(v, types::MediaAutoDownloadItem::Unknown(_)),
            "{value} is listed"
        );
        assert_eq!(serde_json::to_value(&v).expect("ser"), json!(value));
    }
    assert_eq!(types::MediaAutoDownloadItem::Image.as_str(), "image");
    // The original's misspelt `image.` (fixed by spec/overlays/fixes.yaml) is kept as an unknown value.
    let odd: types::MediaAutoDownloadItem = serde_json::from_value(json!("image.")).expect("kept");
    assert_eq!(odd, types::MediaAutoDownloadItem::Unknown("image.".into()));
    assert_eq!(serde_json::to_value(&odd).expect("ser"), json!("image."));
    // Integer enums written as strings in the spec are integers on the wire.
    let shards: types::SetShardsRequestBodyShards = serde_json::from_value(json!(32)).expect("integer");
    assert_eq!(shards, types::SetShardsRequestBodyShards::V32);
    assert_eq!(serde_json::to_value(shards).expect("ser"), json!(32));
    assert!(
        serde_json::from_value::<types::SetShardsRequestBodyShards>(json!("32")).is_err(),
        "not a string on the wire"
    );
    let unknown: types::SetShardsRequestBodyShards = serde_json::from_value(json!(64)).expect("unknown kept");
    assert_eq!(unknown, types::SetShardsRequestBodyShards::Unknown(64));
}

#[test]
fn health_is_a_status_or_a_map_of_nodes() {
    let single: types::CheckHealthResponse = serde_json::from_value(json!({"health": "connected"})).expect("single");
    assert_eq!(
        single.health,
        Some(types::CheckHealthResponseHealth::GatewayStatus(
            types::GatewayStatus::Connected
        ))
    );
    let multi: types::CheckHealthResponse = serde_json::from_value(json!({
        "health": {"host1:c1": {"gateway_status": "connected", "role": "primary_master"}}
    }))
    .expect("multi");
    let Some(types::CheckHealthResponseHealth::Map(nodes)) = &multi.health else {
        panic!("a map: {multi:?}")
    };
    assert_eq!(
        nodes["host1:c1"].role,
        Some(types::GatewayNodeStatusRole::PrimaryMaster)
    );
}

#[test]
fn secrets_do_not_print() {
    let login = types::ConfigBasic::new(
        types::Basic::new()
            .with_username("user".into())
            .with_password("hunter2".into()),
    );
    let printed = format!("{login:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(printed.contains("***"), "{printed}");
    // Serialization is unchanged.
    assert_eq!(
        serde_json::to_value(&login).expect("ser"),
        json!({"basic": {"username": "user", "password": "hunter2"}})
    );
}

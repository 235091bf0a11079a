//! OpenAPI Overlays: what each kind of action does to the document and to
//! the generated code, and where diagnostics point (the spec's lines for its
//! own nodes, the overlay's for the nodes it wrote).

use oagen::{Config, Error, OverlayFile};
use oagen_tests::root;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/overlay").join(name)).expect("fixture is readable")
}

fn overlay(name: &str) -> OverlayFile {
    OverlayFile::new(name, fixture(name))
}

fn spec() -> String {
    fixture("pets.yaml")
}

/// The overlaid document and the overlays' warnings.
fn apply(names: &[&str]) -> (Value, Vec<oagen::Warning>) {
    let overlays: Vec<OverlayFile> = names.iter().map(|n| overlay(n)).collect();
    oagen::overlay::apply_to_text(&spec(), &overlays).unwrap_or_else(|e| panic!("{e}"))
}

fn generate(names: &[&str]) -> Result<oagen::Generated, Error> {
    let mut config = Config::new("pets");
    for n in names {
        config = config.overlay(overlay(n));
    }
    oagen::generate(&config, &spec())
}

#[test]
fn update_merges_into_objects() {
    let (doc, warnings) = apply(&["update.yaml"]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let props = &doc["components"]["schemas"]["Pet"]["properties"];
    // Existing properties stay, in order; new ones follow.
    let keys: Vec<&str> = props.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["name", "kind", "legs", "age", "paws"]);
    assert_eq!(props["age"], json!({"type": "integer", "description": "Age in years."}));
    assert_eq!(doc["paths"]["/pets"]["get"]["summary"], "Lists every pet.");
    assert_eq!(doc["paths"]["/pets"]["get"]["operationId"], "listPets");

    let out = generate(&["update.yaml"]).expect("generates");
    let types = &out.files["src/types.rs"];
    assert!(types.contains("pub age: Option<i64>"), "{types}");
    assert!(types.contains("/// Age in years."));
    assert!(out.files["src/client.rs"].contains("/// Lists every pet."));
}

#[test]
fn remove_deletes_the_targets() {
    let (doc, warnings) = apply(&["remove.yaml"]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(doc["paths"].get("/pets/{id}").is_none());
    assert!(doc["components"]["schemas"]["Pet"]["properties"]["legs"]
        .get("enum")
        .is_none());

    let out = generate(&["remove.yaml"]).expect("generates");
    let client = &out.files["src/client.rs"];
    assert!(!client.contains("fn delete_pet"), "the removed operation is gone");
    assert!(client.contains("fn list_pets") && client.contains("fn create_pet"));
    // The string enum that made a warning is gone, and so is the warning.
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let without = generate(&[]).expect("generates");
    assert_eq!(without.warnings.len(), 1, "{:?}", without.warnings);
}

#[test]
fn arrays_are_appended_to_and_their_entries_are_targets() {
    let (doc, warnings) = apply(&["array.yaml"]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let pet = &doc["components"]["schemas"]["Pet"];
    assert_eq!(pet["properties"]["kind"]["enum"], json!(["cat", "dog", "bird"]));
    assert_eq!(pet["required"], json!(["name", "kind"]));
    assert_eq!(
        doc["tags"],
        json!([{"name": "pets", "description": "Everything about pets."}])
    );
    let types = &generate(&["array.yaml"]).expect("generates").files["src/types.rs"];
    assert!(types.contains("Bird"), "the appended enum value has a variant");
    assert!(types.contains("pub kind: PetKind"), "kind is required now");
}

#[test]
fn filters_select_by_field_values() {
    let (doc, warnings) = apply(&["filter.yaml"]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(doc["paths"]["/pets"]["post"]["deprecated"], true);
    assert!(
        doc["paths"]["/pets"]["get"].get("deprecated").is_none(),
        "only the filtered operation"
    );
    assert_eq!(
        doc["paths"]["/pets/{id}"]["delete"]["parameters"][0]["description"],
        "The pet's id."
    );
    let client = &generate(&["filter.yaml"]).expect("generates").files["src/client.rs"];
    let create = client.find("fn create_pet").expect("create_pet");
    assert!(client[..create].rfind("#[deprecated]") > client[..create].rfind("pub async fn list_pets"));
}

#[test]
fn an_action_that_selects_nothing_is_a_located_warning() {
    let (doc, warnings) = apply(&["no-match.yaml"]);
    assert_eq!(doc["paths"]["/pets"]["get"]["description"], "Found.");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w.file.as_deref(), Some("no-match.yaml"));
    assert_eq!(w.pointer, "/actions/1/target");
    assert_eq!(w.location.map(|l| l.line), Some(9));
    assert!(w.message.contains("$.paths['/owners'].get"), "{}", w.message);
    // generate passes it on, and denies it when warnings are denied.
    let out = generate(&["no-match.yaml"]).expect("generates");
    assert!(out.warnings.iter().any(|w| w.file.as_deref() == Some("no-match.yaml")));
    let denied = oagen::generate(
        &Config::new("pets")
            .deny_warnings(true)
            .overlay(overlay("no-match.yaml")),
        &fixture("pets.yaml").replace("enum: ['2', '4']", "enum: [2, 4]"),
    );
    assert!(matches!(denied, Err(Error::DeniedWarnings { count: 1 })), "{denied:?}");
}

#[test]
fn an_invalid_jsonpath_is_an_error_at_its_line() {
    let err = generate(&["bad-jsonpath.yaml"]).expect_err("refused");
    assert_eq!(err.file(), Some("bad-jsonpath.yaml"));
    assert_eq!(err.pointer(), Some("/actions/1/target"));
    assert_eq!(err.location().map(|l| l.line), Some(9));
    assert_eq!(err.code(), "overlay");
    assert!(err.to_string().contains("not a valid JSONPath"), "{err}");
}

#[test]
fn a_malformed_overlay_is_an_error_in_the_overlay() {
    let err = generate(&["missing-actions.yaml"]).expect_err("refused");
    assert_eq!(err.file(), Some("missing-actions.yaml"));
    assert!(err.to_string().contains("missing `actions`"), "{err}");
    let cases = [
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
            "/actions",
            3,
        ),
        (
            "info: {title: t, version: '1'}\nactions: [{target: $, remove: true}]\n",
            "",
            1,
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $, remove: true}]\n",
            "/info",
            2,
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths\n    remove: yes please\n",
            "/actions/0/remove",
            5,
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: 42\n    remove: true\n",
            "/actions/0/target",
            4,
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info.title\n    update: x\n",
            "/actions/0/target",
            4,
        ),
        ("overlay: 1.0.0\ninfo: [\n", "", 3),
    ];
    for (text, pointer, line) in cases {
        let config = Config::new("pets").overlay(OverlayFile::new("o.yaml", text));
        let err = oagen::generate(&config, &spec()).expect_err(text);
        assert_eq!(
            (err.file(), err.pointer().unwrap_or("")),
            (Some("o.yaml"), pointer),
            "{text}: {err}"
        );
        assert_eq!(err.location().map(|l| l.line), Some(line), "{text}: {err}");
    }
}

#[test]
fn diagnostics_point_at_the_file_the_node_came_from() {
    // A warning about the overlay's `paws` (an integer enum written as
    // strings) is located in the overlay; the same warning about the spec's
    // own `legs` stays in the spec.
    let out = generate(&["update.yaml"]).expect("generates");
    let find = |p: &str| {
        out.warnings
            .iter()
            .find(|w| w.pointer == p)
            .unwrap_or_else(|| panic!("a warning at {p}: {:?}", out.warnings))
    };
    let paws = find("/components/schemas/Pet/properties/paws/enum");
    assert_eq!(paws.file.as_deref(), Some("update.yaml"));
    assert_eq!(paws.location.map(|l| l.line), Some(13));
    let legs = find("/components/schemas/Pet/properties/legs/enum");
    assert_eq!(legs.file, None);
    assert_eq!(legs.location.map(|l| l.line), Some(59));

    // An error about a node the overlay wrote is located in the overlay,
    // with the document's pointer.
    let err = generate(&["bad-ref.yaml"]).expect_err("the $ref does not resolve");
    assert_eq!(err.code(), "missing-ref", "{err}");
    assert_eq!(err.file(), Some("bad-ref.yaml"));
    assert_eq!(err.pointer(), Some("/components/schemas/Pet/properties/owner/$ref"));
    assert_eq!(err.location().map(|l| l.line), Some(9), "{err}");
}

#[test]
fn overlays_apply_in_order() {
    // `remove.yaml` drops the enum of `legs`; an overlay after it can give a new one.
    let second = OverlayFile::new(
        "legs.yaml",
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Pet.properties.legs\n    update: {enum: [2, 4]}\n",
    );
    let overlays = [overlay("remove.yaml"), second.clone()];
    let (doc, _) = oagen::overlay::apply_to_text(&spec(), &overlays).expect("applies");
    assert_eq!(
        doc["components"]["schemas"]["Pet"]["properties"]["legs"]["enum"],
        json!([2, 4])
    );
    // In the other order the enum is appended to, then removed.
    let (doc, _) = oagen::overlay::apply_to_text(&spec(), &[second, overlay("remove.yaml")]).expect("applies");
    assert!(doc["components"]["schemas"]["Pet"]["properties"]["legs"]
        .get("enum")
        .is_none());
}

#[test]
fn the_whatsapp_fixes_change_only_what_they_say() {
    let fixed = oagen_tests::overlaid_json();
    let original = oagen_tests::spec_json();
    let schemas = |d: &Value, name: &str| d["components"]["schemas"][name].clone();
    assert_eq!(
        schemas(&fixed, "Set-Shards-Request-Body")["properties"]["shards"]["enum"],
        json!([1, 2, 4, 8, 16, 32])
    );
    assert_eq!(
        schemas(&fixed, "Media")["properties"]["auto_download"]["items"]["enum"],
        json!(["audio", "document", "voice", "video", "image"])
    );
    assert_eq!(schemas(&fixed, "Config-Basic")["required"], json!(["basic"]));
    // Everything else is untouched: the paths, and all but the six schemas it fixes.
    assert_eq!(fixed["paths"], original["paths"]);
    let changed = [
        "Set-Shards-Request-Body",
        "Webhooks",
        "Date-Time-Component",
        "Application-Settings",
        "Media",
        "Config-Basic",
    ];
    for (name, schema) in original["components"]["schemas"].as_object().unwrap() {
        if !changed.contains(&name.as_str()) {
            assert_eq!(&schemas(&fixed, name), schema, "{name}");
        }
    }
}

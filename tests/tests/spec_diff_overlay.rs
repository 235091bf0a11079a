//! `oagen diff --overlay` and `--config`: both sides compared as the project
//! generates from them, with nodes an overlay wrote located in the overlay.

use oagen::diff::{self, command, Report};
use oagen::{Edits, OverlayFile};
use oagen_tests::{root, spec_json, spec_text};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const SPEC: &str = "spec/whatsapp-business-api.yaml";
const FIXES: &str = "spec/overlays/fixes.yaml";

fn fixes() -> Edits {
    let text = std::fs::read_to_string(root().join(FIXES)).expect("overlay");
    Edits {
        overlays: vec![OverlayFile::new(FIXES, text)],
        ..Default::default()
    }
}

fn run(edit: impl FnOnce(&mut command::Request)) -> command::Outcome {
    let mut request = command::Request {
        base: SPEC.into(),
        head: SPEC.into(),
        ..Default::default()
    };
    edit(&mut request);
    command::run(&request, &root()).unwrap_or_else(|e| panic!("{e}"))
}

fn diff_with(base: &str, head: &str, edits: &Edits) -> Report {
    let base = diff::Document::parse_with(base, edits).unwrap_or_else(|e| panic!("{e}"));
    let head = diff::Document::parse_with(head, edits).unwrap_or_else(|e| panic!("{e}"));
    diff::diff_documents(&base, &head)
}

fn verdicts(report: &Report) -> BTreeSet<(String, &'static str, bool, bool, &'static str)> {
    report
        .changes
        .iter()
        .map(|c| (c.pointer.clone(), c.kind.as_str(), c.breaking, c.wire, c.level.as_str()))
        .collect()
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("no node at {pointer}"))
}

#[test]
fn the_spec_against_itself_with_its_overlay_or_config_has_no_changes() {
    let out = run(|r| r.overlays = vec![FIXES.into()]);
    assert_eq!((out.output.as_str(), out.exit), ("no changes\n", 0));
    let out = run(|r| {
        r.config = Some("spec/oagen.toml".into());
        r.fail_on_breaking = true;
    });
    assert_eq!((out.output.as_str(), out.exit), ("no changes\n", 0));
}

/// The review edits give the same verdicts, at the same pointers and lines,
/// with the overlay as without it.
#[test]
fn an_edit_gives_the_same_verdicts_with_the_overlay() {
    let mut head = spec_json();
    at(&mut head, "/components/schemas/Group-Info/properties")
        .as_object_mut()
        .expect("properties")
        .remove("creator");
    at(&mut head, "/components/schemas/User-Role/enum")
        .as_array_mut()
        .expect("enum")
        .push(json!("ROLE_GUEST"));
    at(&mut head, "/paths/~1groups/get")["parameters"] =
        json!([{"name": "limit", "in": "query", "schema": {"type": "integer"}}]);
    let head = serde_yaml::to_string(&head).expect("yaml");
    let plain = diff_with(&spec_text(), &head, &Edits::default());
    let overlaid = diff_with(&spec_text(), &head, &fixes());
    assert_eq!(verdicts(&plain).len(), 3, "{:#?}", plain.changes);
    assert_eq!(verdicts(&plain), verdicts(&overlaid));
    let lines = |r: &Report| r.changes.iter().map(|c| (c.line, c.file.clone())).collect::<Vec<_>>();
    assert_eq!(lines(&plain), lines(&overlaid));
}

/// A change the overlay overrides is no change of the generated client; a
/// change under a node the overlay left alone still is.
#[test]
fn the_overlay_decides_what_is_compared() {
    let mut head = spec_json();
    *at(
        &mut head,
        "/components/schemas/Set-Shards-Request-Body/properties/shards/enum",
    ) = json!(["1", "2"]);
    let head = serde_yaml::to_string(&head).expect("yaml");
    let plain = diff_with(&spec_text(), &head, &Edits::default());
    assert!(
        plain.changes.iter().any(|c| c.kind == diff::Kind::EnumValueRemoved),
        "{:#?}",
        plain.changes
    );
    let overlaid = diff_with(&spec_text(), &head, &fixes());
    assert!(overlaid.changes.is_empty(), "{:#?}", overlaid.changes);
}

const BASE: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      parameters:
        - {name: a, in: query, schema: {type: string}}
        - {name: b, in: query, schema: {type: string}}
        - {name: c, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
";

const OVERLAY: &str = "overlay: 1.0.0
info: {title: t, version: '1'}
actions:
  - target: $.paths['/things'].get.parameters[0]
    remove: true
  - target: $.components.schemas[?@['x-extra']].properties
    update:
      extra:
        type: string
";

/// Pointers are into the overlaid document, as in generation's diagnostics;
/// lines are the spec's for its own nodes (an array entry the overlay
/// removed shifts the rest) and the overlay's for nodes it wrote.
#[test]
fn changes_are_located_in_the_file_that_wrote_them() {
    let head = BASE
        .replace(
            "{name: c, in: query, schema: {type: string}}",
            "{name: c, in: query, schema: {type: integer}}",
        )
        .replace(
            "    Thing:\n      type: object\n",
            "    Thing:\n      type: object\n      x-extra: true\n",
        );
    let edits = Edits {
        overlays: vec![OverlayFile::new("extra.yaml", OVERLAY)],
        ..Default::default()
    };
    let report = diff_with(BASE, &head, &edits);
    let find = |pointer: &str| {
        report
            .changes
            .iter()
            .find(|c| c.pointer == pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer}: {:#?}", report.changes))
    };
    // Parameter `c` is entry 1 of the overlaid list, entry 2 (line 9) of the spec's.
    let c = find("/paths/~1things/get/parameters/1/schema/type");
    assert_eq!(
        (c.kind, c.line, c.file.as_deref()),
        (diff::Kind::TypeChanged, Some(9), None)
    );
    // `extra` is written by the overlay into the head only.
    let extra = find("/components/schemas/Thing/properties/extra");
    assert_eq!(
        (extra.kind, extra.line, extra.file.as_deref()),
        (diff::Kind::PropertyAdded, Some(8), Some("extra.yaml"))
    );
    let markdown = diff::render::markdown(&report);
    assert!(markdown.contains("(head, overlay extra.yaml line 8)"), "{markdown}");
    let json: Value = serde_json::from_str(&diff::render::json(&report)).expect("json");
    assert!(json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .any(|c| c["file"] == "extra.yaml"));
}

#[test]
fn a_broken_overlay_is_a_located_error_in_the_overlay() {
    let dir = root().join("target/spec-diff-overlay-test");
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: '$[oops'\n    remove: true\n",
    )
    .expect("write");
    let request = command::Request {
        base: SPEC.into(),
        head: SPEC.into(),
        overlays: vec![bad.display().to_string()],
        ..Default::default()
    };
    let err = command::run(&request, &root()).unwrap_err();
    assert!(err.contains("bad.yaml") && err.contains(":4:"), "{err}");
    let request = command::Request {
        config: Some("no/such/oagen.toml".into()),
        ..request
    };
    let err = command::run(&request, &root()).unwrap_err();
    assert!(err.contains("no/such/oagen.toml"), "{err}");
}

/// The config's `[select]` applies to both sides: a change in an operation
/// the project does not generate is no change of its client.
#[test]
fn the_config_selection_applies_to_both_sides() {
    let dir = root().join("target/spec-diff-overlay-test/select");
    std::fs::create_dir_all(&dir).expect("dir");
    let case = "tests/fixtures/spec-diff/parameter-removed";
    let run_with = |operation: &str| {
        let config = dir.join(format!("{operation}.toml"));
        std::fs::write(
            &config,
            format!("crate-name = \"things\"\n[select]\noperations = [\"{operation}\"]\n"),
        )
        .expect("write");
        let request = command::Request {
            base: format!("{case}/base.yaml"),
            head: format!("{case}/head.yaml"),
            config: Some(config.display().to_string()),
            format: command::OutputFormat::Json,
            ..Default::default()
        };
        let out = command::run(&request, &root()).unwrap_or_else(|e| panic!("{e}"));
        serde_json::from_str::<Value>(&out.output).expect("json")
    };
    let other = run_with("CreateThing");
    assert_eq!(other["changes"], json!([]), "{other:#}");
    let same = run_with("GetThing");
    assert_eq!(same["changes"][0]["kind"], "parameter-removed", "{same:#}");
    assert_eq!(same["changes"][0]["rust"], json!(["things::Client::get_thing"]));
}

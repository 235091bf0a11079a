//! `oagen::diff`: one fixture pair per rule of `docs/spec-diff-rules.md`
//! with a reviewed JSON snapshot each, edits of the WhatsApp spec (made in
//! memory) reported at the right pointer with the right verdict, and
//! documents that only differ in form reporting nothing.

use oagen::diff::{self, Kind, Report};
use oagen_tests::{root, spec_json, spec_text};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `# key: value` header lines of a fixture.
fn header<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
        .unwrap_or_else(|| panic!("fixture header has no `{key}`"))
}

fn kind(name: &str) -> Kind {
    *Kind::ALL
        .iter()
        .find(|k| k.as_str() == name)
        .unwrap_or_else(|| panic!("unknown kind `{name}`"))
}

/// Checks the verdict a fixture's header promises.
fn check_expectation(case: &str, base: &str, report: &Report) {
    let expect = header(base, "expect");
    match expect {
        "no changes" => assert!(
            report.changes.is_empty(),
            "{case}: expected no changes, got {:#?}",
            report.changes
        ),
        "breaking" | "not breaking" => {
            let k = kind(header(base, "kind"));
            let want = expect == "breaking";
            assert!(
                report.changes.iter().any(|c| c.kind == k && c.breaking == want),
                "{case}: expected a {expect} `{k}`, got {:#?}",
                report.changes
            );
            if !want {
                assert_eq!(
                    report.summary.breaking, 0,
                    "{case}: expected nothing breaking, got {:#?}",
                    report.changes
                );
            }
        }
        "wire" => {
            let k = kind(header(base, "kind"));
            assert!(
                report.changes.iter().any(|c| c.kind == k && c.wire && !c.breaking),
                "{case}: expected a `{k}` that breaks the wire but not the Rust API, got {:#?}",
                report.changes
            );
        }
        other => panic!("{case}: unknown expectation `{other}`"),
    }
}

#[test]
fn fixtures() {
    insta::glob!("..", "fixtures/spec-diff/*/base.yaml", |path| {
        let dir = path.parent().expect("case directory");
        let case = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let base = read(path);
        let head = read(&dir.join("head.yaml"));
        let report = diff::diff(&base, &head)
            .unwrap_or_else(|e| panic!("{case}: {e}"))
            .with_labels(format!("{case}/base.yaml"), format!("{case}/head.yaml"));
        check_expectation(&case, &base, &report);
        insta::assert_snapshot!(diff::render::json(&report));
    });
}

/// The rows of the rule table: (kind, case directory, wire, level).
fn rule_rows() -> Vec<(String, String, bool, String)> {
    let doc = read(&root().join("docs/spec-diff-rules.md"));
    let table = doc
        .split("<!-- rules -->")
        .nth(1)
        .expect("docs/spec-diff-rules.md has a `<!-- rules -->` table");
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let kind = cells[1].trim_matches('`').to_string();
            let case = cells
                .last()
                .copied()
                .filter(|c| !c.is_empty())
                .or_else(|| cells.get(cells.len() - 2).copied());
            let wire = cells[5].contains("yes");
            let level = cells[6].to_string();
            (
                kind,
                case.expect("case column").trim_matches('`').to_string(),
                wire,
                level,
            )
        })
        .collect()
}

/// Every row of the table has its own fixture whose header names the same
/// kind, and every kind has at least one row.
#[test]
fn every_rule_is_documented_and_tested() {
    let rows = rule_rows();
    let dir = root().join("tests/fixtures/spec-diff");
    let mut cases = BTreeSet::new();
    for (kind_name, case, wire, level) in &rows {
        let base = read(&dir.join(case).join("base.yaml"));
        assert_eq!(
            header(&base, "kind"),
            kind_name,
            "row `{kind_name}` points at {case}, whose header names another kind"
        );
        let head = read(&dir.join(case).join("head.yaml"));
        let report = diff::diff(&base, &head).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert!(
            report
                .changes
                .iter()
                .any(|c| c.kind.as_str() == kind_name && c.wire == *wire && c.level.as_str() == level),
            "row `{kind_name}` ({case}) says wire {wire}, level {level}; the fixture gives {:#?}",
            report.changes
        );
        assert!(cases.insert(case.clone()), "{case} is used by two rows");
    }
    for k in Kind::ALL {
        assert!(
            rows.iter().any(|(name, ..)| name == k.as_str()),
            "kind `{k}` has no row in docs/spec-diff-rules.md"
        );
    }
    eprintln!(
        "{} rules over {} kinds, each with its own fixture",
        rows.len(),
        Kind::ALL.len()
    );
}

// ---- the WhatsApp spec --------------------------------------------------------

fn to_yaml(v: &Value) -> String {
    serde_yaml::to_string(v).expect("serializes")
}

fn diff_with(edit: impl FnOnce(&mut Value)) -> Report {
    let mut head = spec_json();
    edit(&mut head);
    diff::diff(&spec_text(), &to_yaml(&head)).expect("both documents load")
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("no node at {pointer}"))
}

fn changes(report: &Report) -> BTreeSet<(String, &'static str, bool)> {
    report
        .changes
        .iter()
        .map(|c| (c.pointer.clone(), c.kind.as_str(), c.breaking))
        .collect()
}

fn expect(report: &Report, want: &[(&str, &'static str, bool)]) {
    let want: BTreeSet<(String, &'static str, bool)> = want.iter().map(|(p, k, b)| (p.to_string(), *k, *b)).collect();
    assert_eq!(changes(report), want, "full report: {:#?}", report.changes);
    for c in &report.changes {
        assert!(c.line.is_some(), "{} has no line", c.pointer);
        assert!(!c.rust.is_empty(), "{} names no Rust item", c.pointer);
    }
}

fn rust_of<'a>(report: &'a Report, pointer: &str) -> &'a [String] {
    &report
        .changes
        .iter()
        .find(|c| c.pointer == pointer)
        .expect("reported")
        .rust
}

#[test]
fn whatsapp_operation_removed() {
    let r = diff_with(|d| {
        at(d, "/paths/~1media~1{MediaId}")
            .as_object_mut()
            .expect("path item")
            .remove("delete");
    });
    expect(&r, &[("/paths/~1media~1{MediaId}/delete", "operation-removed", true)]);
    assert_eq!(
        rust_of(&r, "/paths/~1media~1{MediaId}/delete"),
        ["Client::delete_media"]
    );
    assert_eq!(r.changes[0].line, Some(1019), "line of `delete:` in the base");
}

#[test]
fn whatsapp_operation_added() {
    let r = diff_with(|d| {
        at(d, "/paths/~1groups~1{GroupId}~1participants").as_object_mut().expect("path item").insert(
            "get".into(),
            json!({
                "operationId": "GetGroupParticipants",
                "parameters": [{"name": "GroupId", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Group-Response"}}}}}
            }),
        );
    });
    expect(
        &r,
        &[("/paths/~1groups~1{GroupId}~1participants/get", "operation-added", false)],
    );
    assert_eq!(
        rust_of(&r, "/paths/~1groups~1{GroupId}~1participants/get"),
        ["Client::get_group_participants"]
    );
}

#[test]
fn whatsapp_optional_parameter_added() {
    let r = diff_with(|d| {
        at(d, "/paths/~1groups/get").as_object_mut().expect("operation").insert(
            "parameters".into(),
            json!([{"name": "limit", "in": "query", "schema": {"type": "integer"}}]),
        );
    });
    expect(&r, &[("/paths/~1groups/get/parameters/0", "parameter-added", true)]);
    assert_eq!(
        rust_of(&r, "/paths/~1groups/get/parameters/0"),
        ["Client::get_all_groups"]
    );
}

#[test]
fn whatsapp_parameter_type_changed() {
    let r = diff_with(|d| *at(d, "/paths/~1users~1{UserUsername}/get/parameters/0/schema/type") = json!("integer"));
    expect(
        &r,
        &[(
            "/paths/~1users~1{UserUsername}/get/parameters/0/schema/type",
            "type-changed",
            true,
        )],
    );
    assert_eq!(r.changes[0].direction, Some(diff::Direction::REQUEST));
}

#[test]
fn whatsapp_required_property_added_to_request() {
    let r = diff_with(|d| {
        let s = at(d, "/components/schemas/Create-User-Request-Body");
        s["properties"]["email"] = json!({"type": "string"});
        s["required"].as_array_mut().expect("required").push(json!("email"));
    });
    expect(
        &r,
        &[(
            "/components/schemas/Create-User-Request-Body/properties/email",
            "property-added",
            true,
        )],
    );
    assert_eq!(
        rust_of(&r, "/components/schemas/Create-User-Request-Body/properties/email"),
        ["types::CreateUserRequestBody::email"]
    );
}

#[test]
fn whatsapp_required_property_added_to_response() {
    let r = diff_with(|d| {
        let s = at(d, "/components/schemas/Group-Info");
        s["properties"]["invite_link"] = json!({"type": "string"});
        s["required"] = json!(["invite_link"]);
    });
    expect(
        &r,
        &[(
            "/components/schemas/Group-Info/properties/invite_link",
            "property-added",
            false,
        )],
    );
    assert_eq!(r.changes[0].direction, Some(diff::Direction::RESPONSE));
}

#[test]
fn whatsapp_response_property_removed() {
    let r = diff_with(|d| {
        at(d, "/components/schemas/Group-Info/properties")
            .as_object_mut()
            .expect("properties")
            .remove("creator");
    });
    expect(
        &r,
        &[(
            "/components/schemas/Group-Info/properties/creator",
            "property-removed",
            true,
        )],
    );
    assert_eq!(
        rust_of(&r, "/components/schemas/Group-Info/properties/creator"),
        ["types::GroupInfo::creator"]
    );
}

#[test]
fn whatsapp_response_property_became_required() {
    let r = diff_with(|d| at(d, "/components/schemas/Group-Info")["required"] = json!(["subject"]));
    expect(
        &r,
        &[(
            "/components/schemas/Group-Info/properties/subject",
            "property-became-required",
            true,
        )],
    );
}

#[test]
fn whatsapp_enum_value_added_in_response() {
    let r = diff_with(|d| {
        at(d, "/components/schemas/User-Role/enum")
            .as_array_mut()
            .expect("enum")
            .push(json!("ROLE_GUEST"))
    });
    expect(
        &r,
        &[("/components/schemas/User-Role/enum/2", "enum-value-added", false)],
    );
    assert_eq!(
        rust_of(&r, "/components/schemas/User-Role/enum/2"),
        ["types::UserRole::RoleGuest"]
    );
    assert!(r.changes[0].direction.is_some_and(|d| d.response));
}

#[test]
fn whatsapp_enum_value_added_in_request() {
    let r = diff_with(|d| {
        at(
            d,
            "/components/schemas/Send-Message-Request-Body/properties/recipient_type/enum",
        )
        .as_array_mut()
        .expect("enum")
        .push(json!("broadcast"));
    });
    expect(
        &r,
        &[(
            "/components/schemas/Send-Message-Request-Body/properties/recipient_type/enum/2",
            "enum-value-added",
            false,
        )],
    );
    assert_eq!(r.changes[0].direction, Some(diff::Direction::REQUEST));
}

#[test]
fn whatsapp_enum_value_removed_in_request() {
    let r = diff_with(|d| {
        *at(
            d,
            "/components/schemas/Request-Code-Request-Body/properties/method/enum",
        ) = json!(["sms"])
    });
    expect(
        &r,
        &[(
            "/components/schemas/Request-Code-Request-Body/properties/method/enum/1",
            "enum-value-removed",
            true,
        )],
    );
    assert_eq!(
        rust_of(
            &r,
            "/components/schemas/Request-Code-Request-Body/properties/method/enum/1"
        ),
        ["types::RequestCodeRequestBodyMethod::Voice"]
    );
}

#[test]
fn whatsapp_integer_format_changed() {
    let r = diff_with(|d| *at(d, "/components/schemas/Group-Info/properties/creation_time/format") = json!("int64"));
    expect(
        &r,
        &[(
            "/components/schemas/Group-Info/properties/creation_time/format",
            "format-changed",
            true,
        )],
    );
}

#[test]
fn whatsapp_nullable_added_to_property() {
    let r = diff_with(|d| at(d, "/components/schemas/Webhooks/properties/url")["nullable"] = json!(true));
    expect(
        &r,
        &[(
            "/components/schemas/Webhooks/properties/url/nullable",
            "nullable-added",
            true,
        )],
    );
}

#[test]
fn whatsapp_request_body_became_optional() {
    let r = diff_with(|d| *at(d, "/paths/~1users/post/requestBody/required") = json!(false));
    expect(
        &r,
        &[(
            "/paths/~1users/post/requestBody/required",
            "request-body-became-optional",
            true,
        )],
    );
    assert_eq!(
        rust_of(&r, "/paths/~1users/post/requestBody/required"),
        ["Client::create_user"]
    );
}

#[test]
fn whatsapp_responses_added() {
    let r = diff_with(|d| {
        at(d, "/paths/~1groups/post/responses")["201"] = json!({"description": "created"});
        at(d, "/paths/~1groups/get/responses")["404"] = json!({"description": "no groups"});
    });
    expect(
        &r,
        &[
            ("/paths/~1groups/post/responses/201", "response-added", true),
            ("/paths/~1groups/get/responses/404", "response-added", false),
        ],
    );
}

#[test]
fn whatsapp_security_replaced_on_one_operation() {
    let r = diff_with(|d| at(d, "/paths/~1health/get")["security"] = json!([{"httpBasic": []}]));
    expect(
        &r,
        &[
            ("/paths/~1health/get/security", "security-removed", true),
            ("/paths/~1health/get/security/0", "security-added", false),
        ],
    );
    assert_eq!(rust_of(&r, "/paths/~1health/get/security"), ["Client::check_health"]);
}

#[test]
fn whatsapp_operation_made_public() {
    let r = diff_with(|d| at(d, "/paths/~1health/get")["security"] = json!([]));
    expect(&r, &[("/paths/~1health/get/security", "security-removed", false)]);
}

#[test]
fn whatsapp_security_scheme_changed() {
    let r = diff_with(|d| {
        *at(d, "/components/securitySchemes/bearerAuth") =
            json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"})
    });
    expect(
        &r,
        &[(
            "/components/securitySchemes/bearerAuth",
            "security-scheme-changed",
            true,
        )],
    );
    assert!(
        rust_of(&r, "/components/securitySchemes/bearerAuth").len() > 40,
        "every operation using it"
    );
}

/// Several edits at once, in both formats: the review page of a pull request.
#[test]
fn whatsapp_review_page() {
    let mut head = spec_json();
    at(&mut head, "/paths/~1media~1{MediaId}")
        .as_object_mut()
        .expect("path item")
        .remove("delete");
    at(&mut head, "/components/schemas/Group-Info/properties")
        .as_object_mut()
        .expect("properties")
        .remove("creator");
    at(&mut head, "/components/schemas/User-Role/enum")
        .as_array_mut()
        .expect("enum")
        .push(json!("ROLE_GUEST"));
    *at(
        &mut head,
        "/components/schemas/Request-Code-Request-Body/properties/method/enum",
    ) = json!(["sms"]);
    at(&mut head, "/paths/~1groups/get")["parameters"] =
        json!([{"name": "limit", "in": "query", "schema": {"type": "integer"}}]);
    let report = diff::diff(&spec_text(), &to_yaml(&head)).expect("loads").with_labels(
        "HEAD:spec/whatsapp-business-api.yaml",
        "spec/whatsapp-business-api.yaml",
    );
    assert_eq!((report.summary.breaking, report.summary.non_breaking), (4, 1));
    let markdown = diff::render::markdown(&report);
    let docs = read(&root().join("docs/spec-diff-rules.md"));
    assert!(
        docs.contains(&markdown),
        "the Markdown sample in docs/spec-diff-rules.md is out of date:\n{markdown}"
    );
    insta::assert_snapshot!("whatsapp_review_markdown", markdown);
    insta::assert_snapshot!("whatsapp_review_json", diff::render::json(&report));
}

// ---- documents that differ only in form ---------------------------------------

#[test]
fn whatsapp_identical() {
    let text = spec_text();
    let report = diff::diff(&text, &text).expect("loads");
    assert!(report.changes.is_empty());
    assert_eq!(diff::render::markdown(&report), "no changes\n");
}

#[test]
fn whatsapp_reformatted_as_json() {
    let json_text = serde_json::to_string_pretty(&spec_json()).expect("json");
    let report = diff::diff(&spec_text(), &json_text).expect("loads");
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

/// Rewrites every description, summary and title, and drops every example.
fn reword(v: &mut Value, parent: &str) {
    match v {
        Value::Object(map) => {
            if parent != "properties" {
                map.remove("example");
                map.remove("examples");
                for key in ["description", "summary", "title"] {
                    if let Some(Value::String(s)) = map.get_mut(key) {
                        *s = format!("Reworded: {s}");
                    }
                }
            }
            for (k, child) in map.iter_mut() {
                reword(child, k);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| reword(i, "")),
        _ => {}
    }
}

#[test]
fn whatsapp_descriptions_only() {
    let report = diff_with(|d| reword(d, ""));
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

/// Reverses the keys of every mapping but `properties`, whose order is the
/// order of the arguments of `new` (reordering those is a rule of its own).
fn reverse_keys(v: &Value, parent: &str) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if parent != "properties" {
                entries.reverse();
            }
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, c)| (k.clone(), reverse_keys(c, k)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| reverse_keys(i, "")).collect()),
        other => other.clone(),
    }
}

#[test]
fn whatsapp_key_order() {
    let reversed = reverse_keys(&spec_json(), "");
    assert_ne!(to_yaml(&reversed), to_yaml(&spec_json()));
    let report = diff::diff(&spec_text(), &to_yaml(&reversed)).expect("loads");
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

/// Replaces every reference to a component schema in request and response
/// bodies, and in the properties of components, with a copy of the
/// component it names.
fn inline_body_refs(doc: &mut Value) -> usize {
    let schemas = doc["components"]["schemas"].clone();
    let mut n = 0;
    for schema in doc["components"]["schemas"]
        .as_object_mut()
        .into_iter()
        .flat_map(|m| m.values_mut())
    {
        for prop in schema
            .get_mut("properties")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|p| p.values_mut())
        {
            let Some(name) = prop["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            else {
                continue;
            };
            *prop = schemas[name].clone();
            n += 1;
        }
    }
    let Some(paths) = doc["paths"].as_object_mut() else {
        return 0;
    };
    for item in paths.values_mut() {
        for op in item.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
            let Some(op) = op.as_object_mut() else { continue };
            let mut bodies = Vec::new();
            for (key, v) in op.iter_mut() {
                match key.as_str() {
                    "requestBody" => bodies.push(v),
                    "responses" => bodies.extend(v.as_object_mut().into_iter().flat_map(|r| r.values_mut())),
                    _ => {}
                }
            }
            for b in bodies {
                for media in b
                    .get_mut("content")
                    .and_then(Value::as_object_mut)
                    .into_iter()
                    .flat_map(|c| c.values_mut())
                {
                    let Some(schema) = media.get_mut("schema") else {
                        continue;
                    };
                    let Some(name) = schema["$ref"]
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    else {
                        continue;
                    };
                    *schema = schemas[name].clone();
                    n += 1;
                }
            }
        }
    }
    n
}

#[test]
fn whatsapp_inlined_schemas() {
    let mut head = spec_json();
    let n = inline_body_refs(&mut head);
    assert!(n > 80, "only {n} references inlined");
    let report = diff::diff(&spec_text(), &to_yaml(&head)).expect("loads");
    // The schemas are the same; only the names of the types generated for
    // the inlined ones change (they are named after where they now live),
    // which the Rust surface comparison reports on the fields naming them.
    assert!(!report.changes.is_empty());
    for c in &report.changes {
        assert_eq!(c.kind, Kind::RustSignatureChanged, "{c:#?}");
        assert!(!c.wire, "{c:#?}");
        assert!(c.pointer.contains("/properties/"), "{c:#?}");
        assert!(c.line.is_some(), "{c:#?}");
    }
    let media = report
        .changes
        .iter()
        .find(|c| c.pointer == "/components/schemas/Application-Settings/properties/media")
        .expect("the field naming the inlined Media schema");
    assert!(
        media
            .message
            .contains("`Option<Media>` to `Option<ApplicationSettingsMedia>`"),
        "{}",
        media.message
    );
}

/// An inline `allOf` member moved behind a `$ref`: the only change is the
/// new component (a new type), nothing breaking.
#[test]
fn whatsapp_schema_moved_behind_ref() {
    let r = diff_with(|d| {
        let member = at(d, "/components/schemas/Group-Invite-Response/allOf/1").take();
        d["components"]["schemas"]["Group-Invite-List"] = member;
        *at(d, "/components/schemas/Group-Invite-Response/allOf/1") =
            json!({"$ref": "#/components/schemas/Group-Invite-List"});
    });
    expect(&r, &[("/components/schemas/Group-Invite-List", "schema-added", false)]);
}

// ---- bad input -------------------------------------------------------------------

#[test]
fn bad_input_is_a_located_error() {
    let good = read(&root().join("tests/fixtures/spec-diff/no-change-identical/base.yaml"));
    let err = diff::diff("openapi: 3.0.0\ninfo: [oops\n", &good).expect_err("broken YAML");
    assert!(err.location().is_some(), "{err}");
    let err = diff::diff(&good, "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n").expect_err("missing ref");
    assert_eq!(
        err.pointer(),
        Some("/paths/~1a/get/responses/200/content/application~1json/schema/$ref")
    );
    assert!(err.location().is_some(), "{err}");
    let err = diff::diff("swagger: '2.0'\n", &good).expect_err("not OpenAPI 3");
    assert_eq!(err.pointer(), Some("/swagger"));
}

/// Whatever two documents differ in, the diff returns and never panics, and
/// finds changes in both directions or in neither.
#[test]
fn every_fixture_against_every_other() {
    let dir = root().join("tests/fixtures/spec-diff");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let case = entry.expect("entry").path();
        docs.push(read(&case.join("base.yaml")));
        docs.push(read(&case.join("head.yaml")));
    }
    docs.push(spec_text());
    let parsed: Vec<diff::Document> = docs.iter().map(|t| diff::Document::parse(t).expect("loads")).collect();
    // A fifth of all ordered pairs, each both ways.
    for (i, a) in parsed.iter().enumerate() {
        for b in parsed.iter().skip(i % 5).step_by(5) {
            let report = diff::diff_documents(a, b);
            let back = diff::diff_documents(b, a);
            assert_eq!(report.changes.is_empty(), back.changes.is_empty());
        }
    }
}

/// Every component renamed, each referencing the next twice: comparing by
/// content must not walk the 2^depth paths through them.
#[test]
fn renamed_shared_schemas_are_walked_once() {
    fn doc(prefix: &str, depth: usize) -> String {
        let mut schemas = serde_json::Map::new();
        for i in 0..depth {
            let next = json!({"$ref": format!("#/components/schemas/{prefix}{}", i + 1)});
            schemas.insert(
                format!("{prefix}{i}"),
                json!({"type": "object", "properties": {"left": next, "right": next}}),
            );
        }
        schemas.insert(format!("{prefix}{depth}"), json!({"type": "string"}));
        let root = json!({"$ref": format!("#/components/schemas/{prefix}0")});
        to_yaml(&json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {"application/json": {"schema": root}}}}}}},
            "components": {"schemas": schemas}
        }))
    }
    let started = std::time::Instant::now();
    let mut base = doc("A", 40);
    let head = doc("B", 40);
    let report = diff::diff(&base, &head).expect("loads");
    assert_eq!(report.summary.breaking, 41, "every old component removed");
    assert_eq!(report.summary.non_breaking, 41, "every new component added");
    // The leaf differs: reported once, however many paths lead to it.
    base = base.replace("type: string", "type: integer");
    let report = diff::diff(&base, &head).expect("loads");
    assert_eq!(report.changes.iter().filter(|c| c.kind == Kind::TypeChanged).count(), 1);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

// ---- `oagen diff` (the command shared by the CLI and `cargo xtask spec-diff`) ----

fn run_command(base: &str, head: &str, edit: impl FnOnce(&mut diff::command::Request)) -> diff::command::Outcome {
    let mut request = diff::command::Request {
        base: base.to_string(),
        head: head.to_string(),
        ..Default::default()
    };
    edit(&mut request);
    diff::command::run(&request, &root()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn command_identical_inputs_print_no_changes() {
    let spec = "spec/whatsapp-business-api.yaml";
    let out = run_command(spec, spec, |_| {});
    assert_eq!((out.output.as_str(), out.exit), ("no changes\n", 0));
    // The committed spec through git against the same file.
    let out = run_command(&format!("HEAD:{spec}"), spec, |r| r.fail_on_breaking = true);
    let committed = std::process::Command::new("git")
        .current_dir(root())
        .args(["diff", "--quiet", "HEAD", "--", spec])
        .status()
        .expect("git runs")
        .success();
    if committed {
        assert_eq!((out.output.as_str(), out.exit), ("no changes\n", 0));
    }
}

#[test]
fn command_json_crate_name_and_exit_status() {
    let dir = "tests/fixtures/spec-diff/property-removed";
    let out = run_command(&format!("{dir}/base.yaml"), &format!("{dir}/head.yaml"), |r| {
        r.format = diff::command::OutputFormat::Json;
        r.crate_name = Some("my-api".into());
        r.fail_on_breaking = true;
    });
    assert_eq!(out.exit, 1);
    let v: Value = serde_json::from_str(&out.output).expect("json");
    let change = &v["changes"][0];
    assert_eq!(change["kind"], "property-removed");
    assert_eq!(change["rust"], json!(["my_api::types::Thing::name"]));
    assert_eq!(change["level"], "error");
    // Not failing without the flag, nor on a change that breaks nothing.
    let out = run_command(&format!("{dir}/base.yaml"), &format!("{dir}/head.yaml"), |_| {});
    assert_eq!(out.exit, 0);
    assert!(out.output.starts_with("## API changes"), "{}", out.output);
    let dir = "tests/fixtures/spec-diff/operation-added";
    let out = run_command(&format!("{dir}/base.yaml"), &format!("{dir}/head.yaml"), |r| {
        r.fail_on_breaking = true
    });
    assert_eq!(out.exit, 0);
}

#[test]
fn command_bad_input_is_an_error_message() {
    let request = diff::command::Request {
        base: "no-such-revision-anywhere:spec/whatsapp-business-api.yaml".into(),
        head: "spec/whatsapp-business-api.yaml".into(),
        ..Default::default()
    };
    let err = diff::command::run(&request, &root()).unwrap_err();
    assert!(err.contains("neither a file nor a known git revision"), "{err}");
    let request = diff::command::Request {
        base: "tests/fixtures/spec-diff/property-removed/base.yaml".into(),
        head: "nope.yaml".into(),
        ..Default::default()
    };
    let err = diff::command::run(&request, &root()).unwrap_err();
    assert!(err.contains("nope.yaml"), "{err}");
}

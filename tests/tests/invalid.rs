//! Broken documents: each fails with a located diagnostic (JSON pointer and,
//! where it can be found, line and column), never a panic. One reviewed
//! snapshot per file in `tests/fixtures/invalid/`. Documents whose deviations
//! are harmless are generated instead, each deviation warned at its node.

#[test]
fn diagnostics() {
    insta::glob!("..", "fixtures/invalid/*", |path| {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let text = std::fs::read_to_string(path).expect("readable");
        let err = match oagen::generate(&oagen::Config::new("invalid"), &text) {
            Ok(_) => panic!("{name} generated, but it is broken"),
            Err(e) => e,
        };
        let rendered = oagen::error::render("error", &err.to_string(), &name, &text, err.pointer(), err.location());
        insta::assert_snapshot!(format!("code: {}\n{rendered}", err.code()));
    });
}

/// Documents that break the letter of OpenAPI in ways whose meaning is
/// clear are generated, each deviation with a warning that names its node
/// by JSON pointer and line:column.
#[test]
fn tolerated_deviations_are_warned_at_their_node() {
    let cases: &[(&str, &[(&str, usize, &str)])] = &[
        (
            "tolerated-responses",
            &[
                ("/info/version", 4, "must be a string"),
                ("/servers/0/variables/port", 10, "must be strings"),
                ("/paths/~1things/get/responses/200", 20, "`description`"),
                (
                    "/paths/~1things/get/responses/200/headers/X-Total-Count",
                    28,
                    "read as a string",
                ),
                ("/paths/~1things/post/callbacks/thingCreated", 35, "not followed"),
                ("/paths/~1things/post/responses/201/$ref", 39, "request body"),
                ("/paths/~1things~1{id}/delete", 41, "`responses` is required"),
            ],
        ),
        (
            "tolerated-schema-keywords",
            &[
                ("/components/schemas/Code/pattern", 11, "must be a string"),
                ("/components/schemas/Code/maxLength", 12, "non-negative integer"),
                ("/components/schemas/Typo/propertes", 16, "did you mean `properties`"),
                ("/components/schemas/Big/minimum", 23, "does not fit in 64 bits"),
                ("/components/schemas/Exclusive/exclusiveMinimum", 28, "OpenAPI 3.1"),
            ],
        ),
        (
            "openapi31-boolean-schemas",
            &[
                ("/components/schemas/Note/properties/legacy_id", 34, "never present"),
                ("/components/schemas/Note/properties/nothing", 39, "`items: false`"),
                ("/components/schemas/Nothing", 44, "matches no value"),
                ("/components/schemas/Choice/oneOf", 47, "dropped"),
            ],
        ),
        (
            "openapi31-json-schema-keywords",
            &[
                (
                    "/components/schemas/Labels/patternProperties",
                    26,
                    "keys are not checked",
                ),
                ("/components/schemas/Shipping/propertyNames", 43, "not enforced"),
                ("/components/schemas/Shipping/if", 45, "not enforced"),
                ("/components/schemas/Shipping/dependentSchemas", 51, "not enforced"),
            ],
        ),
        (
            "json-schema-keywords-30",
            &[
                (
                    "/components/schemas/Labels/patternProperties",
                    11,
                    "keys are not checked",
                ),
                ("/components/schemas/Shipping/propertyNames", 22, "not enforced"),
                ("/components/schemas/Shipping/if", 23, "not enforced"),
                ("/components/schemas/Shipping/then", 24, "not enforced"),
                ("/components/schemas/Shipping/else", 25, "not enforced"),
                ("/components/schemas/Shipping/dependentSchemas", 26, "not enforced"),
                ("/components/schemas/Tuple/prefixItems", 30, "tuple of 2"),
            ],
        ),
        (
            "ref-siblings-30",
            &[("/components/schemas/Person/properties/short", 49, "ignored: maxLength")],
        ),
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/constructs");
    for (name, expected) in cases {
        let text = std::fs::read_to_string(root.join(format!("{name}.yaml"))).expect("readable fixture");
        let out = oagen::generate(&oagen::Config::new("tolerated"), &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for w in &out.warnings {
            assert!(w.location.is_some(), "{name}: warning without a line: {w}");
        }
        for (pointer, line, text) in *expected {
            let found = out
                .warnings
                .iter()
                .find(|w| w.pointer == *pointer && w.message.contains(text));
            let w = found.unwrap_or_else(|| panic!("{name}: no warning `{text}` at {pointer} in {:#?}", out.warnings));
            assert_eq!(w.location.as_ref().map(|l| l.line), Some(*line), "{name}: {w}");
        }
        let codes: std::collections::BTreeSet<&str> = out.warnings.iter().map(|w| w.code.as_str()).collect();
        let expected_codes: &[&str] = match *name {
            "tolerated-responses" => &[
                "text-as-number",
                "missing-required-field",
                "header-without-schema",
                "unfollowed-ref",
                "response-ref-to-request-body",
            ],
            "tolerated-schema-keywords" => &["mistyped-keyword", "unknown-keyword", "wide-integer"],
            "openapi31-boolean-schemas" => &["false-schema", "lossy-array"],
            "json-schema-keywords-30" => &["unenforced-keyword", "lossy-array"],
            "ref-siblings-30" => &["ref-siblings-ignored"],
            _ => &["unenforced-keyword"],
        };
        for code in expected_codes {
            assert!(codes.contains(code), "{name}: no `{code}` among {codes:?}");
        }
    }
}

/// Inputs that used to be refused are read with their meaning: boolean
/// schemas, merge keys, escaped references and `$defs` targets.
#[test]
fn valid_inputs_once_refused_are_read_with_their_meaning() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/constructs");
    let generate = |name: &str| {
        let text = std::fs::read_to_string(root.join(format!("{name}.yaml"))).expect("readable fixture");
        oagen::generate(&oagen::Config::new("accepted"), &text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let merged = generate("yaml-merge-keys");
    let types = &merged.files["src/types.rs"];
    let document = &types[types.find("pub struct Document").expect("Document is a struct")..];
    let document = &document[..document.find('}').expect("end of struct")];
    for field in [
        "pub title: Option<String>",
        "pub created_at: String",
        "pub updated_at: Option<String>",
    ] {
        assert!(document.contains(field), "{field} in {document}");
    }
    let escapes = generate("ref-escapes");
    assert!(escapes.files["src/client.rs"].contains("page_size: Option<i64>"));
    assert!(escapes.files["src/types.rs"].contains("pub items: Option<Vec<PageListDefsEntry>>"));
    let booleans = generate("openapi31-boolean-schemas");
    let types = &booleans.files["src/types.rs"];
    assert!(types.contains("pub payload: Option<::serde_json::Value>"));
    assert!(!types.contains("legacy_id"), "a `false` property is left out");
    let no_responses = generate("openapi31-operation-without-responses");
    assert!(no_responses.files["src/client.rs"].contains("pub async fn ping(&self) -> Result<(), crate::Error>"));
}

/// Sloppy 3.0 that peers read (`content: null`, `info` without `version`
/// or `title`, a response without `description`) is generated with located
/// warnings, and spec-diff compares it instead of refusing it.
#[test]
fn sloppy_documents_are_generated_and_diffed_with_warnings() {
    let base = "openapi: 3.0.3\ninfo: {}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          content: null\n";
    let generated = oagen::generate(&oagen::Config::new("sloppy"), base).expect("generates");
    let codes: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.pointer.as_str()))
        .collect();
    for expected in [
        ("null-as-absent", "/paths/~1x/get/responses/200/content"),
        ("missing-required-field", "/paths/~1x/get/responses/200"),
        ("missing-required-field", "/info"),
    ] {
        assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
    }
    assert!(
        generated.warnings.iter().all(|w| w.location.is_some()),
        "every warning is located"
    );
    let head = base.replace("content: null", "content: {}");
    let report = oagen::diff::diff(base, &head).expect("both sides load");
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

/// An integer beyond 64 bits in a JSON document is read as the nearest
/// `f64` with the located warning YAML gets, on the path for plain 3.0
/// JSON documents and on the general one (3.1) alike.
#[test]
fn json_integers_beyond_64_bits_load_with_a_located_warning() {
    for version in ["3.0.3", "3.1.0"] {
        let text = format!(
            "{{\"openapi\": \"{version}\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\n\
             \"components\": {{\"schemas\": {{\"Amount\": {{\"type\": \"integer\",\n\
             \"minimum\": -9223372036854776000, \"maximum\": 18446744073709551616,\n\
             \"description\": \"not 99999999999999999999\"}}}}}}}}"
        );
        let out = oagen::generate(&oagen::Config::new("wide"), &text).unwrap_or_else(|e| panic!("{version}: {e}"));
        let found: Vec<(&str, usize, &str)> = out
            .warnings
            .iter()
            .filter(|w| w.code.as_str() == "wide-integer")
            .map(|w| {
                (
                    w.pointer.as_str(),
                    w.location.as_ref().map_or(0, |l| l.line),
                    w.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/components/schemas/Amount/minimum",
                    3,
                    "integer -9223372036854776000 does not fit in 64 bits; read as the number -9.223372036854776e18"
                ),
                (
                    "/components/schemas/Amount/maximum",
                    3,
                    "integer 18446744073709551616 does not fit in 64 bits; read as the number 1.8446744073709552e19"
                ),
            ],
            "{version}"
        );
        assert!(
            out.files["src/types.rs"].contains("pub type Amount = i64;"),
            "{version}"
        );
    }
}

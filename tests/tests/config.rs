//! Settings beyond overlays: the `oagen.toml` format (round trip, errors),
//! the selection of operations with unused types pruned, and warning codes
//! allowed or denied.

use oagen::config_file::ConfigFile;
use oagen::{Config, Error, Selection};
use oagen_tests::{root, spec_text};

fn pets() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/overlay/pets.yaml")).expect("fixture")
}

#[test]
fn the_config_file_round_trips() {
    let text = "\
spec = \"api.yaml\"
out = \"../client\"
crate-name = \"my-api\"
crate-version = \"2.0.0\"
overlays = [\"fixes.yaml\", \"more.yaml\"]
split-by-tag = \"always\"
deny-warnings = true

[select]
tags = [\"pets\"]
operations = [\"getStatus\"]

[warnings]
allow = [\"overlay-unmatched\"]
deny = [\"numeric-enum-strings\"]

[formats]
date-time = \"chrono\"
uuid = \"uuid\"
";
    let file = ConfigFile::parse(text, "oagen.toml").expect("parses");
    let again = ConfigFile::parse(&file.to_toml(), "again").expect("its own output parses");
    assert_eq!(again, file);
    let config = file.apply_to(Config::new("x"));
    assert_eq!(config.crate_name, "my-api");
    assert_eq!(config.crate_version.as_deref(), Some("2.0.0"));
    assert_eq!(config.split_by_tag, oagen::config::SplitByTag::Always);
    assert!(config.deny_warnings);
    assert_eq!(config.edits.select.tags, ["pets"]);
    assert_eq!(config.edits.select.operations, ["getStatus"]);
    assert_eq!(config.allow_warnings, ["overlay-unmatched"]);
    assert_eq!(config.deny_warning_codes, ["numeric-enum-strings"]);
    assert_eq!(config.formats.get("date-time").map(String::as_str), Some("chrono"));
    assert_eq!(config.formats.get("uuid").map(String::as_str), Some("uuid"));
    // Paths are relative to the file's directory.
    let resolved = file.resolve(std::path::Path::new("conf"));
    assert_eq!(resolved.spec.as_deref(), Some(std::path::Path::new("conf/api.yaml")));
    assert_eq!(resolved.overlays[1], std::path::Path::new("conf/more.yaml"));

    // The bundled one is what `cargo xtask regen` uses.
    let bundled = std::fs::read_to_string(root().join("spec/oagen.toml")).expect("spec/oagen.toml");
    let bundled = ConfigFile::parse(&bundled, "spec/oagen.toml").expect("parses");
    assert_eq!(bundled.overlays, [std::path::Path::new("overlays/fixes.yaml")]);
}

#[test]
fn config_file_errors_name_the_line() {
    for (text, at) in [
        ("spec = \"a\"\nsplit-by-tag = \"sometimes\"\n", "oagen.toml:2:"),
        ("spec = \"a\"\n[select]\ntag = [\"x\"]\n", "oagen.toml:3:"),
        ("overlays = \"fixes.yaml\"\n", "oagen.toml:1:"),
    ] {
        let err = ConfigFile::parse(text, "oagen.toml").expect_err(text);
        assert!(err.to_string().contains(at), "{text}: {err}");
    }
}

#[test]
fn a_selection_keeps_its_operations_and_only_the_types_they_use() {
    let spec = spec_text();
    let all = oagen::generate(&Config::new("wa"), &spec).expect("generates");
    let config = Config::new("wa").select(Selection {
        tags: vec!["Health".into()],
        operations: vec!["SendMessage".into()],
    });
    let some = oagen::generate(&config, &spec).expect("generates");
    let client = &some.files["src/client.rs"];
    let fns: Vec<&str> = client
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub async fn "))
        .map(|l| l.split(['(', '<']).next().unwrap_or(l))
        .collect();
    assert_eq!(
        fns,
        [
            "send_message",
            "check_health",
            "get_app_stats",
            "get_app_stats_text",
            "get_db_stats",
            "get_db_stats_text",
            "get_metrics",
            "get_metrics_text",
            "get_support_info",
        ],
        "the Health operations (with their text-media methods) and SendMessage, in document order"
    );
    let types = &some.files["src/types.rs"];
    assert!(
        types.contains("pub struct SendMessageRequestBody"),
        "used by SendMessage"
    );
    assert!(
        types.contains("pub struct Text "),
        "reached through SendMessageRequestBody"
    );
    assert!(!types.contains("pub struct GroupInfo"), "used only by group operations");
    let count = |t: &str| t.matches("\npub struct ").count() + t.matches("\npub enum ").count();
    assert!(
        count(types) * 2 < count(&all.files["src/types.rs"]),
        "most types are pruned"
    );

    let typo = Config::new("wa").select(Selection {
        tags: vec!["Helth".into()],
        operations: vec![],
    });
    let err = oagen::generate(&typo, &spec).expect_err("a tag no operation has");
    assert!(err.to_string().contains("tag `Helth`"), "{err}");
}

#[test]
fn warning_codes_are_allowed_or_denied() {
    let spec = pets();
    let plain = oagen::generate(&Config::new("pets"), &spec).expect("generates");
    assert_eq!(plain.warnings.len(), 1, "the string enum of `legs`");
    assert_eq!(plain.warnings[0].code.as_str(), "numeric-enum-strings");

    let allowed =
        oagen::generate(&Config::new("pets").allow_warning("numeric-enum-strings"), &spec).expect("generates");
    assert!(allowed.warnings.is_empty());
    let denied = oagen::generate(&Config::new("pets").deny_warning("numeric-enum-strings"), &spec);
    assert!(matches!(denied, Err(Error::DeniedWarnings { count: 1 })), "{denied:?}");
    // Denying another code leaves this warning a warning.
    let other = oagen::generate(&Config::new("pets").deny_warning("overlay-unmatched"), &spec).expect("generates");
    assert_eq!(other.warnings.len(), 1);
    let unknown = oagen::generate(&Config::new("pets").deny_warning("everything"), &spec);
    assert!(
        matches!(unknown, Err(Error::Config(ref m)) if m.contains("everything")),
        "{unknown:?}"
    );
}

#[test]
fn format_mappings_are_opt_in_and_checked() {
    let spec = std::fs::read_to_string(root().join("tests/fixtures/types/formats.yaml")).expect("fixture");
    let types = |config: Config| oagen::generate(&config, &spec).map(|g| g.files["src/types.rs"].clone());
    // Default: strings, base64 as its bytes, and no `formats` module.
    let plain = oagen::generate(&Config::new("f"), &spec).expect("generates");
    assert!(plain.files["src/types.rs"].contains("pub created_at: Option<String>"));
    assert!(plain.files["src/types.rs"].contains("pub thumbnail: Option<crate::runtime::Base64Bytes>"));
    assert!(!plain.files.contains_key("src/formats.rs"));
    assert!(!plain.files["Cargo.toml"].contains("chrono"));
    // `string` keeps the default.
    let same = types(Config::new("f").format("date-time", "string")).expect("generates");
    assert_eq!(same, plain.files["src/types.rs"]);
    // Base64 stays text as a `String`, or as the text-keeping `formats::Base64`.
    let text = types(Config::new("f").format("byte", "string")).expect("generates");
    assert_eq!(
        text,
        plain.files["src/types.rs"].replace("crate::runtime::Base64Bytes", "String")
    );
    let kept = types(Config::new("f").format("byte", "bytes")).expect("generates");
    assert!(kept.contains("pub thumbnail: Option<crate::formats::Base64>"), "{kept}");
    // A mapping changes only its format.
    let mapped = oagen::generate(&Config::new("f").format("date-time", "chrono"), &spec).expect("generates");
    let t = &mapped.files["src/types.rs"];
    assert!(t.contains("pub created_at: Option<crate::formats::DateTime>"), "{t}");
    assert!(t.contains("pub birthday: Option<String>"), "date is not mapped");
    assert!(mapped.files["src/lib.rs"].contains("pub mod formats;"));
    assert!(mapped.files["Cargo.toml"].contains("default = [\"tracing\", \"chrono\"]"));
    assert!(mapped.files["src/formats.rs"].contains("pub fn to_chrono"));
    for (format, lib, says) in [
        ("date-time", "moment", "maps to time or chrono or string, not `moment`"),
        ("email", "string", "format `email` cannot be mapped"),
        ("uuid", "time", "not `time`"),
    ] {
        let err = types(Config::new("f").format(format, lib)).expect_err(format);
        assert!(matches!(err, Error::Config(ref m) if m.contains(says)), "{err}");
    }
}

//! One small spec per feature in `tests/fixtures/types/` and per OpenAPI
//! construct in `tests/fixtures/constructs/`: a reviewed insta snapshot of
//! what each generates, and a check that every generated crate compiles and
//! passes clippy with warnings denied.

use oagen::Config;
use oagen_tests::root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_name(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 file name")
        .to_string()
}

/// A fixture's settings: defaults, plus `<name>.toml` beside it if present.
fn config(name: &str) -> Config {
    let config = Config::new(format!("fixture-{name}"))
        .spec_label(format!("tests/fixtures/types/{name}.yaml"))
        .regen_command("cargo test -p oagen-tests --test fixtures");
    let settings = root().join(format!("tests/fixtures/types/{name}.toml"));
    match std::fs::read_to_string(&settings) {
        Ok(text) => oagen::config_file::ConfigFile::parse(&text, &settings.display().to_string())
            .unwrap_or_else(|e| panic!("{e}"))
            .apply_to(config),
        Err(_) => config,
    }
}

fn construct_config(name: &str) -> Config {
    Config::new(format!("construct-{name}"))
        .spec_label(format!("tests/fixtures/constructs/{name}.yaml"))
        .regen_command("cargo test -p oagen-tests --test fixtures")
}

#[test]
fn snapshots() {
    insta::glob!("..", "fixtures/types/*.yaml", |path| {
        let name = fixture_name(path);
        let spec = std::fs::read_to_string(path).expect("readable fixture");
        let out = oagen::generate(&config(&name), &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut text = String::new();
        for w in &out.warnings {
            text.push_str(&format!("// warning: {w}\n"));
        }
        text.push_str(&out.files["src/types.rs"]);
        insta::assert_snapshot!(text);
    });
}

/// Warnings, then the schema types, then the client of each construct fixture.
#[test]
fn construct_snapshots() {
    insta::glob!("..", "fixtures/constructs/*.yaml", |path| {
        let name = fixture_name(path);
        let spec = std::fs::read_to_string(path).expect("readable fixture");
        let out = oagen::generate(&construct_config(&name), &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut text = String::new();
        for w in &out.warnings {
            text.push_str(&format!("// warning: {w}\n"));
        }
        text.push_str("// ---- src/types.rs ----\n");
        text.push_str(&out.files["src/types.rs"]);
        text.push_str("// ---- src/client.rs ----\n");
        text.push_str(&out.files["src/client.rs"]);
        insta::assert_snapshot!(text);
    });
}

/// The `.yaml` files of a fixture directory, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Runs cargo in the scratch workspace `work`, with its own target dir.
fn cargo_in(work: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(work)
        .args(args)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// Writes a crate's files under `dir`.
fn write_files(dir: &Path, files: &std::collections::BTreeMap<String, String>) {
    for (rel, contents) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }
}

/// Generates every fixture, every construct fixture (as `construct-<name>`)
/// and the compatibility pair into one scratch
/// workspace and runs clippy on it with warnings denied.
#[test]
fn generated_fixture_crates_compile_without_warnings() {
    let root = root();
    let work: PathBuf = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(work.join("crates"));
    let mut members = Vec::new();
    let mut behaviour_crates = Vec::new();
    let fixtures = yaml_files(&root.join("tests/fixtures/types"));
    for path in &fixtures {
        let name = fixture_name(path);
        let spec = std::fs::read_to_string(path).expect("readable");
        let out = oagen::generate(&config(&name), &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        write_files(&work.join("crates").join(&name), &out.files);
        members.push(format!("crates/{name}"));
        // `<name>.rs` beside the spec: tests of the generated crate's behaviour.
        let behaviour = path.with_extension("rs");
        if behaviour.exists() {
            let tests = work.join("crates").join(&name).join("tests");
            std::fs::create_dir_all(&tests).expect("mkdir");
            std::fs::copy(&behaviour, tests.join("behaviour.rs")).expect("copy behaviour tests");
            behaviour_crates.push(format!("fixture-{name}"));
        }
    }
    let constructs = yaml_files(&root.join("tests/fixtures/constructs"));
    for path in &constructs {
        let name = fixture_name(path);
        let spec = std::fs::read_to_string(path).expect("readable");
        let out = oagen::generate(&construct_config(&name), &spec).unwrap_or_else(|e| panic!("construct {name}: {e}"));
        let dir = format!("construct-{name}");
        write_files(&work.join("crates").join(&dir), &out.files);
        members.push(format!("crates/{dir}"));
        let behaviour = path.with_extension("rs");
        if behaviour.exists() {
            let tests = work.join("crates").join(&dir).join("tests");
            std::fs::create_dir_all(&tests).expect("mkdir");
            std::fs::copy(&behaviour, tests.join("behaviour.rs")).expect("copy behaviour tests");
            behaviour_crates.push(dir.clone());
        }
    }
    // The same user code against version 1 and version 2 of an API that
    // added an optional property and an enum value.
    let user = std::fs::read_to_string(root.join("tests/fixtures/compat/user.rs")).expect("user.rs");
    for v in ["v1", "v2"] {
        let spec = std::fs::read_to_string(root.join(format!("tests/fixtures/compat/{v}.yaml"))).expect("compat spec");
        let out = oagen::generate(&Config::new(format!("compat-{v}")), &spec).expect("compat generates");
        write_files(&work.join("crates").join(format!("compat-{v}")), &out.files);
        let user_dir = work.join("crates").join(format!("user-{v}"));
        std::fs::create_dir_all(user_dir.join("src")).expect("mkdir");
        std::fs::write(
            user_dir.join("Cargo.toml"),
            format!("[package]\nname = \"user-{v}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napi = {{ package = \"compat-{v}\", path = \"../compat-{v}\" }}\n"),
        )
        .expect("write");
        std::fs::write(user_dir.join("src/lib.rs"), &user).expect("write");
        members.push(format!("crates/compat-{v}"));
        members.push(format!("crates/user-{v}"));
    }
    add_split_crate(&work, &mut members);
    add_scheme_users(&work, &mut members);
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).expect("write manifest");
    // Same dependency versions as the main workspace, resolved offline.
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).expect("copy lock");
    let output = cargo_in(
        &work,
        &[
            "clippy",
            "--workspace",
            "--exclude",
            "user-unknown-scheme",
            "--all-targets",
            "--offline",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated fixture crates do not pass clippy:\n{stderr}"
    );
    // Behaviour tests shipped beside fixtures run against their crates.
    for krate in &behaviour_crates {
        let output = cargo_in(
            &work,
            &["test", "-p", krate, "--test", "behaviour", "--offline", "--quiet"],
        );
        assert!(
            output.status.success(),
            "behaviour tests of {krate} fail:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(!behaviour_crates.is_empty(), "the nullable fixture has behaviour tests");
    unknown_scheme_does_not_compile(&work);
    // Mapped formats compile without their conversion features too.
    let output = cargo_in(
        &work,
        &[
            "clippy",
            "-p",
            "fixture-formats-mapped",
            "--no-default-features",
            "--offline",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(
        output.status.success(),
        "formats-mapped without features:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The split crate also builds with only some of its features.
    for features in [
        &["--no-default-features"][..],
        &["--no-default-features", "--features", "pets"],
        &["--no-default-features", "--features", "stores,other-schemas"],
    ] {
        let args: Vec<&str> = ["clippy", "-p", "split-tags", "--offline", "--quiet"]
            .into_iter()
            .chain(features.iter().copied())
            .chain(["--", "-D", "warnings"])
            .collect();
        let output = cargo_in(&work, &args);
        assert!(
            output.status.success(),
            "split-tags with {features:?}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    eprintln!(
        "{} fixture crates, {} construct crates and the v1/v2 compatibility pair pass clippy -D warnings; behaviour tests pass for {behaviour_crates:?}",
        fixtures.len(),
        constructs.len()
    );
}

/// An API split into a module and a cargo feature per tag.
fn add_split_crate(work: &Path, members: &mut Vec<String>) {
    let root = root();
    let split_spec = std::fs::read_to_string(root.join("tests/fixtures/split/tags.yaml")).expect("split spec");
    let split = oagen::generate(
        &Config::new("split-tags").split_by_tag(oagen::config::SplitByTag::Always),
        &split_spec,
    )
    .expect("split fixture generates");
    for file in [
        "src/client/tag_pets.rs",
        "src/types/tag_pets.rs",
        "src/types/tag_stores.rs",
        "src/types/other_schemas.rs",
    ] {
        assert!(
            split.files.contains_key(file),
            "{file} in {:?}",
            split.files.keys().collect::<Vec<_>>()
        );
    }
    let types = &split.files["src/types.rs"];
    assert!(
        types.contains("#[cfg(any(feature = \"pets\", feature = \"stores\"))]"),
        "Address is shared by two tags:\n{types}"
    );
    write_files(&work.join("crates/split-tags"), &split.files);
    members.push("crates/split-tags".to_string());
}

/// Two users of the `credential-kinds` construct crate: one calls a setter
/// per security scheme (and must compile), the other asks for a scheme the
/// spec does not define (and must not).
fn add_scheme_users(work: &Path, members: &mut Vec<String>) {
    let calls = [
        (
            "user-schemes",
            ".bearer_auth(\"t\").http_basic(\"u\", \"p\").header_key(\"h\").query_key(\"q\").cookie_key(\"c\")",
        ),
        ("user-unknown-scheme", ".nonexistent_scheme(\"key\")"),
    ];
    for (name, call) in calls {
        let dir = work.join("crates").join(name);
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        std::fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napi = {{ package = \"construct-credential-kinds\", path = \"../construct-credential-kinds\" }}\n"),
        )
        .expect("write");
        let lib = format!(
            "/// A client with credentials.\npub fn client() -> Result<api::Client, api::Error> {{\n    api::Client::builder()\n        .base_url(\"http://127.0.0.1:9\")\n        {call}\n        .build()\n}}\n"
        );
        std::fs::write(dir.join("src/lib.rs"), lib).expect("write");
        members.push(format!("crates/{name}"));
    }
}

/// Asking for a security scheme the spec does not define is a compile
/// error naming the method, not a credential silently never sent.
fn unknown_scheme_does_not_compile(work: &Path) {
    let output = cargo_in(
        work,
        // The workspace's own arguments, so that everything else is fresh.
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--offline",
            "--message-format",
            "short",
            "--",
            "-D",
            "warnings",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "an undefined scheme compiled:\n{stderr}");
    assert!(
        stderr.contains(
            "user-unknown-scheme/src/lib.rs:5:10: error[E0599]: no method named `nonexistent_scheme` found for struct `construct_credential_kinds::ClientBuilder`"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("error[").count(),
        1,
        "the only error is the unknown scheme:\n{stderr}"
    );
}

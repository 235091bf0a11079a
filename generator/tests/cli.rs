//! The `oagen` binary: what it writes, what it refuses, and how it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn oagen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(args)
        .output()
        .expect("oagen runs")
}

fn generate(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "demo-client",
    ];
    args.extend_from_slice(extra);
    oagen(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((p.clone(), std::fs::read(&p).expect("read")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn writes_a_standalone_crate_and_is_idempotent() {
    let out = scratch("idempotent");
    let spec = root().join("spec/whatsapp-business-api.yaml");
    let first = generate(&spec, &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    for f in [
        "Cargo.toml",
        "src/lib.rs",
        "src/types.rs",
        "src/client.rs",
        "src/runtime/mod.rs",
        "src/runtime/client.rs",
        "src/error.rs",
        "src/webhooks.rs",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap_or_else(|_| panic!("{f} written"));
        assert!(
            text.lines().next().is_some_and(|l| l.contains("@generated")),
            "{f} starts with the header"
        );
        assert!(text.contains("Do not edit by hand"), "{f}");
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"demo-client\""), "{manifest}");
    let before = snapshot(&out);
    let second = generate(&spec, &out, &[]);
    assert!(second.status.success());
    assert!(stderr(&second).contains("0 written"), "{}", stderr(&second));
    assert_eq!(before, snapshot(&out), "a second run changes nothing");
}

#[test]
fn reads_json_documents() {
    let dir = scratch("json");
    let spec = dir.join("api.json");
    std::fs::write(
        &spec,
        r#"{"openapi":"3.0.3","info":{"title":"J","version":"2024-01-01"},"paths":{"/x":{"get":{"operationId":"getX","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"integer"}}}}}}}}}}}"#,
    )
    .expect("write");
    let out = dir.join("out");
    let o = generate(&spec, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("version = \"0.1.0\""),
        "a date is not a crate version: {manifest}"
    );
    assert!(std::fs::read_to_string(out.join("src/client.rs"))
        .expect("client")
        .contains("pub async fn get_x("));
}

#[test]
fn broken_input_fails_with_a_located_message_and_keeps_previous_output() {
    let out = scratch("broken");
    let good = root().join("tests/fixtures/compat/v1.yaml");
    assert!(generate(&good, &out, &[]).status.success());
    let before = snapshot(&out);
    for (file, pointer, line) in [
        (
            "missing-ref.yaml",
            "/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
            "missing-ref.yaml:15:17",
        ),
        ("bad-yaml.yaml", "", "bad-yaml.yaml:11:8"),
        ("swagger-2.yaml", "/swagger", "swagger-2.yaml:1:1"),
    ] {
        let spec = root().join("tests/fixtures/invalid").join(file);
        let o = generate(&spec, &out, &[]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{file}: {err}");
        assert!(err.contains(pointer), "{file}: names the pointer: {err}");
        assert!(err.contains(line), "{file}: names the line: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{file}: {err}"
        );
        assert_eq!(before, snapshot(&out), "{file}: previous output intact");
    }
}

#[test]
fn json_message_format() {
    let out = scratch("json-messages");
    let spec = root().join("tests/fixtures/invalid/missing-ref.yaml");
    let o = generate(&spec, &out, &["--message-format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let line = String::from_utf8_lossy(&o.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON object");
    assert_eq!(v["level"], "error");
    assert_eq!(v["code"], "missing-ref");
    assert_eq!(v["line"], 15);
    assert_eq!(
        v["pointer"],
        "/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
    );
}

#[test]
fn refuses_foreign_files_without_force_and_never_touches_them() {
    let out = scratch("foreign");
    std::fs::write(out.join("NOTES.md"), "mine").expect("write");
    let spec = root().join("tests/fixtures/compat/v1.yaml");
    let o = generate(&spec, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert!(!out.join("src").exists(), "nothing written");
    let o = generate(&spec, &out, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(out.join("NOTES.md")).expect("kept"), "mine");
}

#[test]
fn removes_generated_files_it_no_longer_produces() {
    let out = scratch("stale");
    let spec = root().join("spec/whatsapp-business-api.yaml");
    assert!(generate(&spec, &out, &[]).status.success());
    assert!(out.join("src/webhooks.rs").exists());
    // This API has no webhook event schema, so no webhooks module.
    let small = root().join("tests/fixtures/compat/v1.yaml");
    let o = generate(&small, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("src/webhooks.rs").exists(), "stale generated file removed");
}

#[test]
fn check_mode_reports_stale_files() {
    let out = scratch("check");
    let spec = root().join("tests/fixtures/compat/v1.yaml");
    assert!(generate(&spec, &out, &[]).status.success());
    assert!(generate(&spec, &out, &["--check"]).status.success());
    let types = out.join("src/types.rs");
    let edited = std::fs::read_to_string(&types).expect("read") + "\n// edited by hand\n";
    std::fs::write(&types, edited).expect("write");
    let o = generate(&spec, &out, &["--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("src/types.rs"), "{}", stderr(&o));
}

#[test]
fn help_explains_the_command() {
    let o = oagen(&["generate", "--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for flag in [
        "--spec",
        "--out",
        "--crate-name",
        "--force",
        "--deny-warnings",
        "--message-format",
    ] {
        assert!(text.contains(flag), "{flag} in help:\n{text}");
    }
}

#[test]
fn deny_warnings_makes_warnings_fatal() {
    let dir = scratch("deny");
    let spec = dir.join("api.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: W, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    N:\n      not: {type: string}\n",
    )
    .expect("write");
    let ok = generate(&spec, &dir.join("a"), &[]);
    assert!(ok.status.success());
    assert!(stderr(&ok).contains("warning[lossy-not]: "), "{}", stderr(&ok));
    assert!(stderr(&ok).contains("/components/schemas/N"), "{}", stderr(&ok));
    let denied = generate(&spec, &dir.join("b"), &["--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(!dir.join("b/src").exists());
}

//! `oagen diff` as a user runs it: `--config` and `--overlay` compare what the
//! project generates, exit statuses, and errors in an overlay located there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn oagen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oagen"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("oagen runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

const SPEC: &str = "spec/whatsapp-business-api.yaml";

#[test]
fn config_and_overlay_compare_what_the_project_generates() {
    for extra in [
        &["--config", "spec/oagen.toml"][..],
        &["--overlay", "spec/overlays/fixes.yaml"][..],
    ] {
        let out = oagen(&[&["diff", SPEC, SPEC, "--fail-on-breaking"][..], extra].concat());
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "no changes\n");
    }
    // A property removed: breaking, named after the config's crate.
    let spec = std::fs::read_to_string(root().join(SPEC)).expect("spec");
    let needle = "\n        creator:\n";
    let at = spec.find(needle).expect("the `creator` property of `Group-Info`");
    // The next line indented as a property, not deeper.
    let rest = &spec[at + needle.len()..];
    let end = rest
        .match_indices("\n        ")
        .find(|(i, m)| !rest[i + m.len()..].starts_with(' '))
        .map(|(i, _)| at + needle.len() + i)
        .expect("the next property");
    let head = scratch("edit").join("head.yaml");
    std::fs::write(&head, format!("{}{}", &spec[..at], &spec[end..])).expect("write");
    let head = head.display().to_string();
    let out = oagen(&[
        "diff",
        SPEC,
        &head,
        "--config",
        "spec/oagen.toml",
        "--format",
        "json",
        "--fail-on-breaking",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let change = &report["changes"][0];
    assert_eq!(change["kind"], "property-removed", "{report:#}");
    assert_eq!(
        change["rust"],
        serde_json::json!(["whatsapp_business_api::types::GroupInfo::creator"])
    );
}

#[test]
fn a_broken_overlay_is_exit_status_2_located_in_the_overlay() {
    let overlay = scratch("bad").join("bad.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: '$[oops'\n    remove: true\n",
    )
    .expect("write");
    let out = oagen(&["diff", SPEC, SPEC, "--overlay", &overlay.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.yaml:4:"), "{err}");
    let out = oagen(&["diff", SPEC, SPEC, "--config", "no/such/oagen.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

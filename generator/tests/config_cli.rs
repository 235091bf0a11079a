//! `oagen generate` with `--overlay` and `--config` (`oagen.toml`): the same
//! run is reproduced by `--check`, flags override the file, and diagnostics
//! about overlays name the overlay file and line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/overlay")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-cli").join(name);
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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A directory with the fixture spec and overlays copied in, so the test can
/// change them.
fn project(name: &str) -> PathBuf {
    let dir = scratch(name);
    for f in ["pets.yaml", "remove.yaml", "update.yaml", "bad-jsonpath.yaml"] {
        std::fs::copy(fixtures().join(f), dir.join(f)).expect("copy fixture");
    }
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn config_file_run_is_reproduced_by_check() {
    let dir = project("config");
    let config = dir.join("oagen.toml");
    std::fs::write(
        &config,
        "spec = \"pets.yaml\"\nout = \"client\"\ncrate-name = \"pets-client\"\noverlays = [\"remove.yaml\", \"update.yaml\"]\n",
    )
    .expect("write config");
    let o = oagen(&["generate", "--config", path(&config)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let client = std::fs::read_to_string(dir.join("client/src/client.rs")).expect("client.rs");
    assert!(!client.contains("fn delete_pet"), "remove.yaml applied");
    let types = std::fs::read_to_string(dir.join("client/src/types.rs")).expect("types.rs");
    assert!(types.contains("pub age: Option<i64>"), "update.yaml applied");
    let manifest = std::fs::read_to_string(dir.join("client/Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"pets-client\""), "{manifest}");
    // The header names the overlays, the config and the command.
    let header = client.lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(
        header.contains("remove.yaml, ") && header.contains("update.yaml"),
        "{header}"
    );
    assert!(header.contains("oagen.toml"), "{header}");
    // The command names the config relative to the workspace root, however it was typed.
    assert!(
        header.contains("oagen generate --config ") && header.contains("config-cli/config/oagen.toml`"),
        "{header}"
    );

    // The same run, checked: up to date.
    let o = oagen(&["generate", "--config", path(&config), "--check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // An overlay changes: stale.
    let update = std::fs::read_to_string(dir.join("update.yaml")).expect("read");
    std::fs::write(
        dir.join("update.yaml"),
        update.replace("Age in years.", "Age in months."),
    )
    .expect("write");
    let o = oagen(&["generate", "--config", path(&config), "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("stale: "), "{}", stderr(&o));
    // A flag overrides the file: only remove.yaml, another crate name.
    let o = oagen(&[
        "generate",
        "--config",
        path(&config),
        "--overlay",
        path(&dir.join("remove.yaml")),
        "--crate-name",
        "other",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let types = std::fs::read_to_string(dir.join("client/src/types.rs")).expect("types.rs");
    assert!(!types.contains("pub age"), "update.yaml no longer applied");
    let manifest = std::fs::read_to_string(dir.join("client/Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"other\""), "{manifest}");
}

#[test]
fn config_beside_the_spec_is_found() {
    let dir = project("beside");
    std::fs::write(
        dir.join("oagen.toml"),
        "crate-name = \"from-file\"\noverlays = [\"remove.yaml\"]\n",
    )
    .expect("write config");
    let out = dir.join("out");
    let o = oagen(&["generate", "--spec", path(&dir.join("pets.yaml")), "--out", path(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"from-file\""), "{manifest}");
    let client = std::fs::read_to_string(out.join("src/client.rs")).expect("client.rs");
    assert!(!client.contains("fn delete_pet"));
}

#[test]
fn repeated_overlay_flags_apply_in_order_and_check_reproduces_them() {
    let dir = project("flags");
    let out = dir.join("out");
    let spec = dir.join("pets.yaml");
    let (remove, update) = (dir.join("remove.yaml"), dir.join("update.yaml"));
    let base = [
        "generate",
        "--spec",
        path(&spec),
        "--out",
        path(&out),
        "--crate-name",
        "pets",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        oagen(&args)
    };
    let flags = ["--overlay", path(&remove), "--overlay", path(&update)];
    let o = with(&flags);
    assert!(o.status.success(), "{}", stderr(&o));
    let check: Vec<&str> = flags.iter().copied().chain(["--check"]).collect();
    assert!(with(&check).status.success());
    // Without the overlays the crate on disk is stale.
    assert_eq!(with(&["--check"]).status.code(), Some(1));
}

#[test]
fn overlay_errors_name_the_overlay_file_and_line() {
    let dir = project("errors");
    let bad = dir.join("bad-jsonpath.yaml");
    let o = oagen(&[
        "generate",
        "--spec",
        path(&dir.join("pets.yaml")),
        "--out",
        path(&dir.join("out")),
        "--crate-name",
        "pets",
        "--overlay",
        path(&bad),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:9:", bad.display())), "{err}");
    assert!(err.contains("not a valid JSONPath"), "{err}");
    assert!(!dir.join("out").exists(), "nothing written");

    let config = dir.join("oagen.toml");
    std::fs::write(&config, "spec = \"pets.yaml\"\nout = \"out\"\ncrate_name = \"x\"\n").expect("write");
    let o = oagen(&["generate", "--config", path(&config)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("oagen.toml:3:1"), "{}", stderr(&o));
}

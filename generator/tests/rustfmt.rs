//! Generated files stay as oagen printed them under rustfmt (and so under
//! `cargo fmt` and editors' format-on-save): each carries
//! `#![cfg_attr(rustfmt, rustfmt::skip)]`, which stable rustfmt honours.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The `.rs` files under `dir`, subdirectories included, as paths relative to `dir`.
fn rust_files_rel(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    rust_files_rel(dir).into_iter().map(|p| dir.join(p)).collect()
}

fn rustfmt(args: &[&str], files: &[PathBuf]) -> std::process::Output {
    Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2021", "--config", "max_width=120"])
        .args(args)
        .args(files)
        .output()
        .expect("rustfmt runs (rustup component add rustfmt)")
}

#[test]
fn rustfmt_leaves_the_generated_client_as_it_is() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rustfmt");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch");
    let src = root().join("generated-client/src");
    let mut copies = Vec::new();
    for rel in rust_files_rel(&src) {
        let copy = scratch.join(&rel);
        std::fs::create_dir_all(copy.parent().expect("parent")).expect("dir");
        std::fs::copy(src.join(&rel), &copy).expect("copy");
        copies.push(copy);
    }
    assert!(copies.len() >= 5, "the generated sources: {copies:?}");
    // Formatting in place (as format-on-save does) changes no byte.
    let o = rustfmt(&[], &copies);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (file, copy) in rust_files(&src).iter().zip(&copies) {
        assert_eq!(
            std::fs::read(file).unwrap(),
            std::fs::read(copy).unwrap(),
            "{} changed",
            file.display()
        );
    }
    // `--check` agrees, on the committed files and on the hand-written examples.
    let o = rustfmt(&["--check"], &rust_files(&src));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let o = rustfmt(&["--check"], &rust_files(&root().join("generated-client/examples")));
    assert!(
        o.status.success(),
        "examples are rustfmt-clean: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    // The marker is what keeps them: without it rustfmt would rewrite them.
    let types = scratch.join("types.rs");
    let text = std::fs::read_to_string(&types).expect("types.rs");
    assert!(
        text.contains("#![cfg_attr(rustfmt, rustfmt::skip)]\n"),
        "marker present"
    );
    std::fs::write(&types, text.replace("#![cfg_attr(rustfmt, rustfmt::skip)]\n", "")).expect("write");
    let o = rustfmt(&["--check"], &[types]);
    assert!(
        !o.status.success(),
        "without the marker rustfmt would reformat types.rs"
    );
}

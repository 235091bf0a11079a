//! The README's build.rs recipe is exactly what this crate does.

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn readme_recipe_is_this_crate() {
    let readme = read("../../README.md");
    let build = read("build.rs");
    assert!(
        readme.contains(&format!("```rust,ignore\n{build}```")),
        "README shows build.rs as it is"
    );
    let lib = read("src/lib.rs");
    let module = &lib[lib.find("pub mod petstore").expect("mount")..];
    assert!(
        readme.contains(&format!("```rust,ignore\n{module}```")),
        "README shows the mount as it is"
    );
    let cargo = read("Cargo.toml");
    let sections = &cargo[cargo.find("[features]").expect("features")..cargo.find("[dev-dependencies]").expect("dev")];
    assert!(
        readme.contains(&format!("```toml\n{}\n```", sections.trim_end())),
        "README shows the manifest sections as they are"
    );
}

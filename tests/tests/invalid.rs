//! Broken documents: each fails with a located diagnostic (JSON pointer and,
//! where it can be found, line and column), never a panic. One reviewed
//! snapshot per file in `tests/fixtures/invalid/`.

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

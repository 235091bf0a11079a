//! Output is deterministic: the same document gives the same bytes whatever
//! the number of threads formatting it, run after run, and whether it is
//! written as YAML or as JSON (JSON documents may take the loader's fast
//! path, which must agree with the general one).

use oagen_tests::root;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn documents() -> Vec<PathBuf> {
    let mut out = vec![root().join("spec/whatsapp-business-api.yaml")];
    for dir in ["types", "constructs", "split"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn generate(text: &str, threads: usize) -> BTreeMap<String, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let config = oagen::Config::new("determinism-client").spec_label("spec.yaml");
    pool.install(|| oagen::generate(&config, text))
        .expect("generates")
        .files
}

#[test]
fn same_document_same_bytes_on_any_number_of_threads() {
    for path in documents() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let one = generate(&text, 1);
        assert!(!one.is_empty());
        for threads in [1, 2, 4] {
            assert!(
                generate(&text, threads) == one,
                "{} differs on {threads} threads",
                path.display()
            );
        }
    }
}

#[test]
fn json_and_yaml_spellings_give_the_same_crate() {
    for path in documents() {
        let yaml = std::fs::read_to_string(&path).expect("readable");
        let value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("fixture parses");
        let json = serde_json::to_string_pretty(&serde_json::to_value(value).expect("fixture converts to JSON"))
            .expect("prints");
        assert!(
            generate(&json, 2) == generate(&yaml, 2),
            "{}: JSON and YAML differ",
            path.display()
        );
    }
}

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

/// YAML merge keys applied: the merged keys take the place of `<<`, the
/// mapping's own keys override them in place, earlier sources win.
fn merged(value: serde_yaml::Value) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Mapping(m) => {
            let mut out = serde_yaml::Mapping::new();
            for (k, v) in m {
                let v = merged(v);
                if k.as_str() == Some("<<") {
                    let sources = match v {
                        Y::Sequence(items) => items,
                        other => vec![other],
                    };
                    for source in sources {
                        if let Y::Mapping(source) = source {
                            for (sk, sv) in source {
                                if !out.contains_key(&sk) {
                                    out.insert(sk, sv);
                                }
                            }
                        }
                    }
                } else {
                    out.insert(k, v);
                }
            }
            Y::Mapping(out)
        }
        Y::Sequence(items) => Y::Sequence(items.into_iter().map(merged).collect()),
        other => other,
    }
}

#[test]
fn json_and_yaml_spellings_give_the_same_crate() {
    for path in documents() {
        let yaml = std::fs::read_to_string(&path).expect("readable");
        // `serde_yaml::Value` cannot hold integers beyond 64 bits, which
        // the generator reads; such documents have no JSON spelling here.
        let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&yaml) else {
            assert!(
                path.ends_with("tolerated-schema-keywords.yaml"),
                "{} does not parse",
                path.display()
            );
            continue;
        };
        // JSON has no merge keys (`<<`): the JSON spelling has them applied.
        let value = merged(value);
        let json = serde_json::to_string_pretty(&serde_json::to_value(value).expect("fixture converts to JSON"))
            .expect("prints");
        assert!(
            generate(&json, 2) == generate(&yaml, 2),
            "{}: JSON and YAML differ",
            path.display()
        );
    }
}

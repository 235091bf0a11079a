//! The two tables of `docs/spec-diff-rules.md` against the code: every kind
//! has a function in `rules.rs` naming it, and the table mapping oasdiff's
//! rule ids lists each id once, names only kinds that exist, and states its
//! counts truly.

use oagen::diff::Kind;
use oagen_tests::root;
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn is_kind(name: &str) -> bool {
    Kind::ALL.iter().any(|k| k.as_str() == name)
}

/// The backquoted names in `text`.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

fn kind_like(s: &str) -> bool {
    s.contains('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The rows of the oasdiff table: (id, what it maps to).
fn oasdiff_rows() -> Vec<(String, String)> {
    let doc = read("docs/spec-diff-rules.md");
    let table = doc
        .split("<!-- oasdiff -->")
        .nth(1)
        .expect("docs/spec-diff-rules.md has an `<!-- oasdiff -->` table");
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            assert_eq!(cells.len(), 2, "a row has two cells: {l}");
            let id = cells[0].trim_start_matches("| ").trim_matches('`').to_string();
            let here = cells[1].trim_end_matches(" |").trim().to_string();
            (id, here)
        })
        .collect()
}

/// The kinds a row maps to: the backquoted names before its note.
fn kinds_of(here: &str) -> Option<Vec<&str>> {
    if here.starts_with("n/a: ") {
        return None;
    }
    let head = here.split(" (").next().unwrap_or(here);
    Some(
        head.split(", ")
            .map(|k| {
                k.strip_prefix('`')
                    .and_then(|k| k.strip_suffix('`'))
                    .unwrap_or_else(|| panic!("`{here}`: kinds first, each in backquotes"))
            })
            .collect(),
    )
}

#[test]
fn oasdiff_table_lists_each_id_once_and_names_real_kinds() {
    let rows = oasdiff_rows();
    assert!(rows.len() > 500, "only {} rows", rows.len());
    let mut seen = BTreeSet::new();
    let mut named = BTreeSet::new();
    let mut not_applicable = 0;
    for (id, here) in &rows {
        assert!(kind_like(id), "`{id}` is not an oasdiff rule id");
        assert!(seen.insert(id.clone()), "`{id}` is listed twice");
        match kinds_of(here) {
            None => {
                not_applicable += 1;
                let reason = here.trim_start_matches("n/a: ");
                assert!(reason.split(' ').count() >= 4, "`{id}` says why in a few words: {here}");
            }
            Some(kinds) => {
                for k in kinds {
                    assert!(is_kind(k), "`{id}` maps to `{k}`, which is not a kind");
                    named.insert(k.to_string());
                }
            }
        }
    }
    // The counts stated above the table.
    let doc = read("docs/spec-diff-rules.md");
    let counts = format!(
        "Counts: {} ids; {} mapped to kinds here; {not_applicable} not applicable, with the reason.",
        rows.len(),
        rows.len() - not_applicable
    );
    assert!(doc.contains(&counts), "docs/spec-diff-rules.md should say: {counts}");
    let ours: Vec<String> = Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| !named.contains(*k))
        .map(|k| format!("`{k}`"))
        .collect();
    let line = format!(
        "{} kinds here have no oasdiff counterpart: {}.",
        ours.len(),
        ours.join(", ")
    );
    assert!(doc.contains(&line), "docs/spec-diff-rules.md should say: {line}");
    eprintln!("{counts} {line}");
}

/// Every kind is named by a function of `rules.rs`, and every kind a
/// function names exists (`a-b-added` / `-removed` names `a-b-removed` too).
#[test]
fn rules_rs_names_every_kind_and_only_kinds() {
    let rules = read("generator/src/diff/rules.rs");
    let mut named = BTreeSet::new();
    let mut doc = String::new();
    for line in rules.lines() {
        if let Some(text) = line.trim_start().strip_prefix("///") {
            doc.push_str(text);
            doc.push(' ');
            continue;
        }
        if line.starts_with("pub fn") {
            // The stem of the last full name: `a-b-added` / `-removed` / `-became-optional`.
            let mut stem: Option<String> = None;
            for token in quoted(&doc) {
                let name = match (token.strip_prefix('-'), &stem) {
                    (Some(suffix), Some(stem)) if kind_like(&format!("x-{suffix}")) => format!("{stem}-{suffix}"),
                    _ if is_kind(token) => {
                        stem = token.rsplit_once('-').map(|(b, _)| b.to_string());
                        token.to_string()
                    }
                    _ => continue,
                };
                if is_kind(&name) {
                    named.insert(name);
                }
            }
            let first = quoted(&doc).first().copied().unwrap_or_default();
            assert!(
                is_kind(first),
                "the docs of `{}` start with a kind, not `{first}`",
                line.trim()
            );
        }
        doc.clear();
    }
    for k in Kind::ALL {
        assert!(named.contains(k.as_str()), "no function of rules.rs names `{k}`");
    }
}

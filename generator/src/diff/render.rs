//! The two output formats: JSON for machines, Markdown for pull requests.

use super::model::{Change, Report, Side};

/// The documented JSON form: `{"base", "head", "changes": [...], "summary"}`,
/// pretty-printed, with a final newline.
pub fn json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// Which heading a change goes under: its operation, its schema, or the
/// document part it belongs to. The first element orders the groups:
/// operations, then schemas, then the rest.
fn group(pointer: &str) -> (u8, String) {
    let segs: Vec<String> = pointer.split('/').skip(1).map(crate::reference::unescape).collect();
    let s = |i: usize| segs.get(i).map(String::as_str);
    match (s(0), s(1), s(2)) {
        (Some("paths"), Some(path), Some("parameters")) => (0, format!("`{path}` (every operation)")),
        (Some("paths"), Some(path), Some(method)) => (0, format!("`{} {path}`", method.to_ascii_uppercase())),
        (Some("paths"), Some(path), None) => (0, format!("`{path}`")),
        (Some("components"), Some("schemas"), Some(name)) => (1, format!("Schema `{name}`")),
        (Some("webhooks"), Some(name), Some(method)) => {
            (0, format!("Webhook `{name}` ({})", method.to_ascii_uppercase()))
        }
        (Some("components"), Some(kind), Some(name)) => (2, format!("`components/{kind}/{name}`")),
        (Some("security"), _, _) => (2, "Security for every operation".to_string()),
        _ => (3, "Document".to_string()),
    }
}

fn item(c: &Change) -> String {
    let side = match c.side {
        Side::Base => "base",
        Side::Head => "head",
    };
    let side = match &c.file {
        Some(file) => format!("{side}, overlay {file}"),
        None => side.to_string(),
    };
    let at = match c.line {
        Some(l) => format!("{side} line {l}"),
        None => side,
    };
    let wire = if c.wire { ", wire" } else { "" };
    let mut out = format!(
        "- **{}** ({}{wire}) {}\n  `{}` ({at})",
        c.kind,
        c.level.as_str(),
        c.message,
        c.pointer
    );
    if !c.rust.is_empty() {
        let rust: Vec<String> = c.rust.iter().map(|r| format!("`{r}`")).collect();
        out.push_str(&format!(" → {}", rust.join(", ")));
    }
    out.push('\n');
    out
}

fn section(out: &mut String, title: &str, changes: &[&Change]) {
    if changes.is_empty() {
        return;
    }
    out.push_str(&format!("\n### {title}\n"));
    let mut groups: Vec<((u8, String), Vec<&Change>)> = Vec::new();
    for c in changes {
        let g = group(&c.pointer);
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, list)) => list.push(c),
            None => groups.push((g, vec![c])),
        }
    }
    groups.sort_by_key(|(key, _)| key.0);
    for ((_, heading), list) in groups {
        out.push_str(&format!("\n#### {heading}\n\n"));
        for c in list {
            out.push_str(&item(c));
        }
    }
}

/// A summary line, then breaking changes, then the others, each grouped by
/// operation and schema; `no changes` when there are none.
pub fn markdown(report: &Report) -> String {
    if report.changes.is_empty() {
        return "no changes\n".to_string();
    }
    let s = report.summary;
    let mut out = format!(
        "## API changes\n\n`{}` → `{}`: **{} breaking**, {} non-breaking ({} wire-breaking; {} error, {} warning, {} info).\n",
        report.base, report.head, s.breaking, s.non_breaking, s.wire, s.error, s.warning, s.info
    );
    let breaking: Vec<&Change> = report.breaking().collect();
    let other: Vec<&Change> = report.non_breaking().collect();
    section(&mut out, "Breaking changes", &breaking);
    section(&mut out, "Non-breaking changes", &other);
    out
}

#[cfg(test)]
mod tests {
    use super::group;

    #[test]
    fn groups() {
        assert_eq!(
            group("/paths/~1media~1{MediaId}/delete/parameters/0").1,
            "`DELETE /media/{MediaId}`"
        );
        assert_eq!(
            group("/paths/~1media~1{MediaId}/parameters/0").1,
            "`/media/{MediaId}` (every operation)"
        );
        assert_eq!(
            group("/components/schemas/Group-Info/properties/creator").1,
            "Schema `Group-Info`"
        );
        assert_eq!(group("/security/0").0, 2);
    }
}

//! The one reader of `$ref` values: local references (`#/...`) are URI
//! fragments holding a JSON pointer, so `%XX` escapes are decoded first,
//! then the pointer is split and each segment unescaped (`~1` is `/`, `~0`
//! is `~`, in that order). Every stage that follows a reference (`load`,
//! `lower`) reads it here, and every failure names the `$ref` it came from.

use crate::error::{join, Error};

/// The unescaped segments of a local reference (`#/components/schemas/a~1b`
/// -> `["components", "schemas", "a/b"]`); `None` for a reference into
/// another document.
pub(crate) fn segments(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let pointer = percent_decode(fragment);
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// The JSON pointer a local reference names, escaped as a pointer (`~1`
/// kept), `%XX` decoded: what `serde_json::Value::pointer` takes.
pub(crate) fn local_pointer(reference: &str) -> Option<String> {
    reference.strip_prefix('#').map(percent_decode)
}

/// One JSON pointer segment, unescaped.
pub(crate) fn unescape(segment: &str) -> String {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~")
    } else {
        segment.to_string()
    }
}

/// The name in `#/components/<kind>/<name>`, unescaped. `at` is the pointer
/// of the object holding the `$ref`; errors point at its `$ref` key.
pub(crate) fn component(reference: &str, kind: &str, at: &str) -> Result<String, Error> {
    let Some(segs) = segments(reference) else {
        return Err(Error::ExternalRef {
            pointer: join(at, &["$ref"]),
            target: reference.to_string(),
            location: None,
        });
    };
    match segs.as_slice() {
        [c, k, name] if c == "components" && k == kind => Ok(name.clone()),
        _ => Err(Error::MissingRef {
            pointer: join(at, &["$ref"]),
            target: reference.to_string(),
            reason: format!("expected a reference to `#/components/{kind}/<name>`"),
            location: None,
        }),
    }
}

/// The component kind and name a local reference names, if it names one
/// (`#/components/<kind>/<name>`).
pub(crate) fn component_of(reference: &str) -> Option<(String, String)> {
    let segs = segments(reference)?;
    match <[String; 3]>::try_from(segs) {
        Ok([c, kind, name]) if c == "components" => Some((kind, name)),
        _ => None,
    }
}

/// Decodes `%XX` escapes (URI fragments may carry them).
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/a%zz"), "/a%zz");
    }

    #[test]
    fn segments_are_percent_decoded_then_unescaped() {
        let cases: [(&str, Option<Vec<&str>>); 6] = [
            ("#/components/schemas/Pet", Some(vec!["components", "schemas", "Pet"])),
            (
                "#/components/parameters/page~1size",
                Some(vec!["components", "parameters", "page/size"]),
            ),
            ("#/components/schemas/a~0b", Some(vec!["components", "schemas", "a~b"])),
            // `~01` is `~1` unescaped, never `/`.
            ("#/components/schemas/a~01", Some(vec!["components", "schemas", "a~1"])),
            ("#/components/schemas/a%20b", Some(vec!["components", "schemas", "a b"])),
            ("other.yaml#/components/schemas/Pet", None),
        ];
        for (reference, expected) in cases {
            let expected = expected.map(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(segments(reference), expected, "{reference}");
        }
    }

    #[test]
    fn component_checks_the_kind_and_locates_failures() {
        assert_eq!(
            component(
                "#/components/parameters/page~1size",
                "parameters",
                "/paths/~1a/get/parameters/0"
            )
            .ok(),
            Some("page/size".to_string())
        );
        let wrong = component("#/components/schemas/X", "parameters", "/p").unwrap_err();
        assert_eq!(wrong.pointer(), Some("/p/$ref"));
        assert!(wrong.to_string().contains("#/components/parameters/<name>"), "{wrong}");
        let external = component("x.yaml#/components/schemas/X", "schemas", "/p").unwrap_err();
        assert_eq!(external.pointer(), Some("/p/$ref"));
        assert_eq!(
            component_of("#/components/requestBodies/A~1B"),
            Some(("requestBodies".into(), "A/B".into()))
        );
        assert_eq!(component_of("#/components/schemas/A/properties/b"), None);
    }
}

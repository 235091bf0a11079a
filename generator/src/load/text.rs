//! Text into one JSON value: JSON as is, YAML through a conversion that
//! applies merge keys; integers beyond 64 bits are read as `f64` with a
//! warning in both.

use super::yaml;
use crate::error::{Error, Location, Warning};
use crate::locate::Format;
use serde_json::Value;

/// The document as one JSON value; the single YAML-to-JSON conversion of
/// the crate (YAML merge keys applied). Warnings about the conversion are
/// dropped: [`parse_with_warnings`] keeps them. Meant for every reader of
/// documents outside `load` (the spec diff among them).
#[allow(dead_code)]
pub(crate) fn parse(text: &str, format: Format) -> Result<Value, Error> {
    parse_with_warnings(text, format, &mut Vec::new())
}

/// [`parse`], with a warning (pointer only) for each value that had to be
/// changed: integers beyond 64 bits, in YAML or JSON.
pub(crate) fn parse_with_warnings(text: &str, format: Format, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
    match format {
        Format::Json => {
            let value = serde_json::from_str(text).map_err(|e| Error::Syntax {
                format: "JSON",
                message: strip_position(&e.to_string()),
                location: Some(Location {
                    line: e.line(),
                    column: e.column(),
                }),
            })?;
            // `serde_json` reads them as the nearest `f64`, as YAML does here.
            if super::wide::any(text) {
                for (pointer, integer) in super::wide::find(text) {
                    let f = integer.parse().unwrap_or(f64::NAN);
                    warnings.push(yaml::wide_integer_warning(pointer, &integer, f));
                }
            }
            Ok(value)
        }
        Format::Yaml => {
            let sink = std::cell::RefCell::new(Vec::new());
            let de = serde_yaml::Deserializer::from_str(text);
            let node = yaml::Node {
                parent: None,
                seg: yaml::Seg::Root,
                sink: &sink,
            };
            let value = serde::de::DeserializeSeed::deserialize(node, de).map_err(|e| {
                let message = strip_position(&e.to_string());
                // Errors about the whole stream carry no position: point at
                // the second document's marker, or at the start.
                let location = e
                    .location()
                    .map(|l| Location {
                        line: l.line(),
                        column: l.column(),
                    })
                    .or_else(|| {
                        let second_doc = message
                            .contains("more than one document")
                            .then(|| {
                                text.lines()
                                    .enumerate()
                                    .filter(|(_, l)| l.starts_with("---"))
                                    .map(|(i, _)| i + 1)
                                    .find(|&n| n > 1)
                            })
                            .flatten();
                        Some(Location {
                            line: second_doc.unwrap_or(1),
                            column: 1,
                        })
                    });
                Error::Syntax {
                    format: "YAML",
                    message,
                    location,
                }
            })?;
            warnings.extend(sink.into_inner());
            Ok(value)
        }
    }
}

/// serde's messages embed "at line L column C"; the location is printed
/// separately, so it is cut out of the message.
fn strip_position(msg: &str) -> String {
    let Some(start) = msg.find(" at line ") else {
        return msg.to_string();
    };
    let rest = &msg[start + " at line ".len()..];
    let after_line = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let after = match after_line.strip_prefix(" column ") {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => after_line,
    };
    format!("{}{}", &msg[..start], after)
}

//! Integers written beyond 64 bits in JSON text. `serde_json` reads them as
//! the nearest `f64` without a word; this scan finds them so that JSON
//! documents get the same located `wide-integer` warning as YAML ones.
//! [`any`] is one cheap pass that most documents end with; [`find`] names
//! each such integer by its JSON pointer, for text that already parsed.

/// The number token starting at `at` (a `-` or a digit), and where it ends.
fn number_at(bytes: &[u8], at: usize) -> (usize, bool) {
    let mut end = at;
    let mut integer = true;
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' | b'-' => {}
            b'.' | b'e' | b'E' | b'+' => integer = false,
            _ => break,
        }
        end += 1;
    }
    (end, integer)
}

/// An integer token that fits neither `i64` nor `u64`.
fn is_wide(token: &str) -> bool {
    token.trim_start_matches('-').len() >= 19 && token.parse::<i64>().is_err() && token.parse::<u64>().is_err()
}

/// The end of the string token whose opening quote is at `at`.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether the JSON text writes an integer beyond 64 bits outside strings.
pub(super) fn any(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'-' | b'0'..=b'9' => {
                let (end, integer) = number_at(bytes, i);
                if integer && is_wide(&text[i..end]) {
                    return true;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    false
}

enum Frame {
    /// An object: the key of the member being read.
    Object {
        key: String,
        want_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Each integer beyond 64 bits in valid JSON text: its pointer and text.
pub(super) fn find(text: &str) -> Vec<(String, String)> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object {
                    key: String::new(),
                    want_key: true,
                });
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array { index }) => *index += 1,
                    Some(Frame::Object { want_key, .. }) => *want_key = true,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                if let Some(Frame::Object { key, want_key }) = stack.last_mut() {
                    if *want_key {
                        *key = serde_json::from_str(&text[i..end]).unwrap_or_default();
                        *want_key = false;
                    }
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let (end, integer) = number_at(bytes, i);
                if integer && is_wide(&text[i..end]) {
                    found.push((pointer(&stack), text[i..end].to_string()));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    found
}

fn pointer(stack: &[Frame]) -> String {
    let mut pointer = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key, .. } => crate::error::push_segment(&mut pointer, key),
            Frame::Array { index } => crate::error::push_index(&mut pointer, *index),
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_found_outside_strings() {
        let text = r#"{"a": {"minimum": -9223372036854776000, "maximum": 9223372036854775807},
            "b": [1, "18446744073709551616", {"c~/d": 18446744073709551616}],
            "e": 18446744073709551615, "f": 1e400, "g": 123456789012345678901.5}"#;
        assert!(any(text));
        assert_eq!(
            find(text),
            [
                ("/a/minimum".to_string(), "-9223372036854776000".to_string()),
                ("/b/2/c~0~1d".to_string(), "18446744073709551616".to_string()),
            ]
        );
        assert!(!any(
            r#"{"a": "-9223372036854776000", "b": -9223372036854775808, "c": 1.5e30}"#
        ));
    }
}

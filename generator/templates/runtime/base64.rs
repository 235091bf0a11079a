//! Bytes that travel as base64 text (OpenAPI `format: byte`, JSON Schema
//! `contentEncoding: base64`): decoded when a value is read, encoded when
//! it is sent.

use std::fmt;

/// Bytes sent as base64 text. Serializes to the standard alphabet with
/// padding (RFC 4648), as OpenAPI's `byte` asks; deserializes from either
/// alphabet (standard or URL-safe), with or without padding, line breaks
/// ignored, so that what servers actually send decodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Base64Bytes(pub Vec<u8>);

/// Text that is not base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBase64 {
    /// Byte offset of the first character that cannot be read.
    pub position: usize,
    pub reason: &'static str,
}

impl fmt::Display for InvalidBase64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base64 at byte {}: {}", self.position, self.reason)
    }
}

impl std::error::Error for InvalidBase64 {}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

impl Base64Bytes {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Base64Bytes(bytes.into())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The bytes as base64 text: standard alphabet, padded.
    pub fn to_base64(&self) -> String {
        let mut out = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Reads base64 text in either alphabet, padded or not; ASCII
    /// whitespace is skipped.
    pub fn from_base64(text: &str) -> Result<Self, InvalidBase64> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
        let (mut acc, mut bits, mut digits, mut padding) = (0u32, 0u32, 0usize, 0usize);
        for (position, c) in text.bytes().enumerate() {
            if c.is_ascii_whitespace() {
                continue;
            }
            if c == b'=' {
                padding += 1;
                if digits % 4 < 2 || (digits + padding) % 4 == 1 || padding > 2 {
                    return Err(InvalidBase64 { position, reason: "misplaced padding" });
                }
                continue;
            }
            let Some(v) = sextet(c).filter(|_| padding == 0) else {
                let reason = if padding > 0 { "text after padding" } else { "not a base64 character" };
                return Err(InvalidBase64 { position, reason });
            };
            acc = acc << 6 | v;
            bits += 6;
            digits += 1;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        if digits % 4 == 1 {
            return Err(InvalidBase64 { position: text.len(), reason: "one character too many" });
        }
        if padding > 0 && (digits + padding) % 4 != 0 {
            return Err(InvalidBase64 { position: text.len(), reason: "incomplete padding" });
        }
        Ok(Base64Bytes(out))
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Base64Bytes(bytes.to_vec())
    }
}

impl From<Base64Bytes> for Vec<u8> {
    fn from(bytes: Base64Bytes) -> Self {
        bytes.0
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl std::ops::Deref for Base64Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl serde::Serialize for Base64Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;

        impl serde::de::Visitor<'_> for Text {
            type Value = Base64Bytes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Base64Bytes, E> {
                Base64Bytes::from_base64(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Text)
    }
}

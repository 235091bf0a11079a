//! The undeclared properties of a struct whose schema allows any value
//! there ([`RawJsonMap`]): one JSON object kept as its compact text, one
//! allocation per struct, the properties in the order they were received.

use super::object::{Key, ReadExtra, WriteExtra};
use super::raw_json::{transcode, RawJson, Writer};
use serde::de::{self, Deserialize, Deserializer, MapAccess};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Properties a schema does not declare, kept as one JSON object in its
/// compact text (see [`RawJson`] for how values are written and read):
/// about the size of the properties as sent, where a map of
/// `serde_json::Value`s costs many times that.
///
/// Properties keep the order in which they were received (and written,
/// after the struct's declared fields). A property given twice keeps its
/// last value, in the place of that value, as in a `serde_json::Value`
/// (and as the map of values these properties once were). Lookups read the text: [`get`]
/// and [`insert`] cost the length of the object, which is small for
/// what a schema leaves undeclared; [`to_map`] reads it once.
///
/// Two maps are equal when their objects are equal as `serde_json::Value`s
/// (properties in any order).
///
/// [`get`]: RawJsonMap::get
/// [`insert`]: RawJsonMap::insert
/// [`to_map`]: RawJsonMap::to_map
#[derive(Clone)]
pub struct RawJsonMap(Box<str>);

impl RawJsonMap {
    /// No properties (`{}`).
    pub fn new() -> Self {
        RawJsonMap("{}".into())
    }

    /// The object as compact JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.len() <= 2
    }

    /// The number of properties (counted in the text).
    pub fn len(&self) -> usize {
        self.members().count()
    }

    /// The value of property `key`.
    pub fn get(&self, key: &str) -> Option<RawJson> {
        let quoted = quote(key);
        self.members().find(|(k, _)| *k == quoted).map(|(_, v)| text(v))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        let quoted = quote(key);
        self.members().any(|(k, _)| k == quoted)
    }

    /// The properties in order, each name with its value.
    pub fn iter(&self) -> impl Iterator<Item = (Cow<'_, str>, RawJson)> + '_ {
        self.members().map(|(k, v)| (unquote(k), text(v)))
    }

    /// The property names in order.
    pub fn keys(&self) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        self.members().map(|(k, _)| unquote(k))
    }

    /// Sets property `key` (in its place if present, else last) and
    /// returns its previous value.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<RawJson>) -> Option<RawJson> {
        let (key, value) = (key.into(), value.into());
        let quoted = quote(&key);
        let mut old = None;
        let mut out = String::with_capacity(self.0.len() + quoted.len() + value.as_str().len() + 2);
        for (k, v) in self.members() {
            if k == quoted {
                old = Some(text(v));
                push_member(&mut out, k, value.as_str());
            } else {
                push_member(&mut out, k, v);
            }
        }
        if old.is_none() {
            push_member(&mut out, &quoted, value.as_str());
        }
        self.0 = close(out);
        old
    }

    /// Removes property `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<RawJson> {
        let quoted = quote(key);
        let mut old = None;
        let mut out = String::with_capacity(self.0.len());
        for (k, v) in self.members() {
            if k == quoted {
                old = Some(text(v));
            } else {
                push_member(&mut out, k, v);
            }
        }
        if old.is_some() {
            self.0 = close(out);
        }
        old
    }

    /// The properties as a map (read once).
    pub fn to_map(&self) -> BTreeMap<String, RawJson> {
        self.iter().map(|(k, v)| (k.into_owned(), v)).collect()
    }

    /// The object as a `serde_json::Value` (see [`RawJson::to_value`]).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// Each property as its quoted name and its value, as written in the
    /// text (which this type always writes: a compact JSON object).
    fn members(&self) -> Members<'_> {
        Members { text: &self.0, at: 1 }
    }

    /// The map with only the last value of each name given more than once.
    fn last_wins(self) -> Self {
        let rebuilt = {
            let members: Vec<(&str, &str)> = self.members().collect();
            let mut names: Vec<(&str, usize)> = members.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
            names.sort_unstable();
            let mut keep = vec![true; members.len()];
            for pair in names.windows(2) {
                if pair[0].0 == pair[1].0 {
                    if let Some(k) = keep.get_mut(pair[0].1) {
                        *k = false;
                    }
                }
            }
            (!keep.iter().all(|k| *k)).then(|| {
                let mut out = String::with_capacity(self.0.len());
                for ((k, v), _) in members.iter().zip(&keep).filter(|(_, keep)| **keep) {
                    push_member(&mut out, k, v);
                }
                close(out)
            })
        };
        match rebuilt {
            Some(text) => RawJsonMap(text),
            None => self,
        }
    }
}

/// A value's text, which is JSON this crate wrote.
fn text(value: &str) -> RawJson {
    RawJson(value.into())
}

/// A property name as JSON text: the spelling this crate always writes, so
/// names compare as text.
fn quote(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

/// The name that quoted JSON text spells.
fn unquote(quoted: &str) -> Cow<'_, str> {
    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or("");
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    serde_json::from_str::<String>(quoted).map_or(Cow::Borrowed(inner), Cow::Owned)
}

fn push_member(out: &mut String, quoted: &str, value: &str) {
    out.push(if out.is_empty() { '{' } else { ',' });
    out.push_str(quoted);
    out.push(':');
    out.push_str(value);
}

fn close(mut out: String) -> Box<str> {
    if out.is_empty() {
        out.push('{');
    }
    out.push('}');
    out.into_boxed_str()
}

/// The members of a compact JSON object's text, each as its quoted name
/// and its value's text; `at` is where the next member starts.
struct Members<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, &'a str);
    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let name_end = end_of_string(bytes, self.at);
        let value_end = end_of_value(bytes, name_end + 1);
        let name = self.text.get(self.at..name_end)?;
        let value = self.text.get(name_end + 1..value_end)?;
        self.at = value_end + 1;
        Some((name, value))
    }
}

/// Where the string that starts at `at` (its opening quote) ends: just
/// after its closing quote.
fn end_of_string(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where the value that starts at `at` ends: at the `,` or `}` after it.
fn end_of_value(bytes: &[u8], at: usize) -> usize {
    let (mut i, mut depth) = (at, 0usize);
    while let Some(b) = bytes.get(i) {
        match b {
            b'"' => {
                i = end_of_string(bytes, i);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth == 0 => return i,
            b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

impl Default for RawJsonMap {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for RawJsonMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RawJsonMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (k, v) in self.members() {
            map.entry(&unquote(k), &format_args!("{v}"));
        }
        map.finish()
    }
}

impl PartialEq for RawJsonMap {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.to_value() == other.to_value()
    }
}

impl PartialEq<serde_json::Value> for RawJsonMap {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.to_value() == *other
    }
}

impl<K: Into<String>, V: Into<RawJson>> FromIterator<(K, V)> for RawJsonMap {
    /// A name given twice keeps its last value, in its first place.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = RawJsonMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for RawJsonMap {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        map.into_iter().collect()
    }
}

impl<V: Into<RawJson>> From<BTreeMap<String, V>> for RawJsonMap {
    fn from(map: BTreeMap<String, V>) -> Self {
        map.into_iter().collect()
    }
}

impl Serialize for RawJsonMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        transcode(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for RawJsonMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = RawJson::deserialize(deserializer)?;
        if !value.0.starts_with('{') {
            return Err(de::Error::invalid_type(de::Unexpected::Other(&value.0), &"a JSON object"));
        }
        Ok(RawJsonMap(value.0).last_wins())
    }
}

/// Undeclared properties read into one buffer of JSON text.
impl<'de> ReadExtra<'de> for RawJsonMap {
    type Reading = Vec<u8>;
    fn read<A: MapAccess<'de>>(out: &mut Vec<u8>, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        out.push(if out.is_empty() { b'{' } else { b',' });
        serde_json::to_writer(&mut *out, key.as_str()).map_err(de::Error::custom)?;
        out.push(b':');
        map.next_value_seed(Writer { out, depth: 1 })
    }
    fn finish<E: de::Error>(mut out: Vec<u8>) -> Result<Self, E> {
        if out.is_empty() {
            return Ok(RawJsonMap::new());
        }
        out.push(b'}');
        let text = String::from_utf8(out).map_err(E::custom)?;
        Ok(RawJsonMap(text.into_boxed_str()).last_wins())
    }
}

/// A value's JSON text, serialized as the value.
struct Text<'a>(&'a str);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        transcode(self.0, serializer)
    }
}

impl WriteExtra for RawJsonMap {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (k, v) in self.members() {
            map.serialize_entry(&unquote(k), &Text(v))?;
        }
        Ok(())
    }
}

//! Any JSON value kept as its compact text ([`RawJson`]): how generated
//! structs keep the properties their schema does not declare
//! (`additional_properties`), at about the size of their text instead of a
//! tree of `serde_json::Value`s.
//!
//! Reading writes the text while the deserializer visits the value (no
//! intermediate tree), from any self-describing deserializer: `serde_json`,
//! a `serde_json::Value`, or serde's buffer of an untagged enum. Writing
//! reads the text back and hands each element to the serializer as it is
//! read (no intermediate tree either), so `serde_json` writes the same text.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::io::Write as _;
use std::marker::PhantomData;

/// Any JSON value, kept as its compact JSON text (no whitespace; strings
/// escaped as `serde_json` escapes them; numbers as `serde_json` writes
/// them, so every float reads back as the same `f64`).
///
/// - Reading accepts what a JSON value can be: booleans, numbers (`i64`,
///   `u64`, `f64`; wider integers as their digits; a float that is not
///   finite, which JSON cannot carry, as `null`, as `serde_json` writes it),
///   strings, `null` (also a unit or `None`), sequences and maps (keys
///   that are numbers or booleans become their text). Bytes become an array
///   of numbers, as `serde_json` writes them. Values nested more than 127
///   levels deep are refused, as `serde_json` refuses them.
/// - Writing gives the serializer the same value, element by element; with
///   `serde_json`, the text itself.
/// - Two values are equal when their JSON values are equal, as
///   `serde_json::Value` compares them (object keys in any order, `1` and
///   `1.0` different); identical text is equal without parsing.
///
/// For example `{ "a": [1, 2.50, "\u00e9"] }` is kept as `{"a":[1,2.5,"é"]}`:
/// [`RawJson::as_str`] gives that text, [`RawJson::parse`] reads it as any
/// type, [`RawJson::to_value`] as a `serde_json::Value`, and
/// `RawJson::from(serde_json::json!(..))` makes one.
#[derive(Clone)]
pub struct RawJson(pub(super) Box<str>);

/// The deepest nesting read, as `serde_json`'s own limit.
const MAX_DEPTH: usize = 127;

/// The key `serde_json` gives a number when its `arbitrary_precision`
/// feature is on: the value is the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl RawJson {
    /// The JSON text, compact.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, compact.
    pub fn into_string(self) -> String {
        self.0.into()
    }

    /// The value read as `T` (which may borrow strings from the text).
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The value as a `serde_json::Value`. The text is always JSON this
    /// type wrote; only a value built with `From<serde_json::Value>` nested
    /// more than 127 levels deep does not read back (`serde_json`'s limit):
    /// it gives `Value::Null`, and [`RawJson::parse`] the error.
    pub fn to_value(&self) -> serde_json::Value {
        self.parse().unwrap_or(serde_json::Value::Null)
    }
}

impl Default for RawJson {
    /// `null`.
    fn default() -> Self {
        RawJson("null".into())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson").field(&format_args!("{}", self.0)).finish()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.to_value() == other.to_value()
    }
}

impl PartialEq<serde_json::Value> for RawJson {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.to_value() == *other
    }
}

impl PartialEq<RawJson> for serde_json::Value {
    fn eq(&self, other: &RawJson) -> bool {
        *other == *self
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        RawJson::from(&value)
    }
}

impl From<&serde_json::Value> for RawJson {
    fn from(value: &serde_json::Value) -> Self {
        // Writing a `Value` as text cannot fail: its keys are strings and
        // it holds no float that is not finite.
        RawJson(serde_json::to_string(value).unwrap_or_else(|_| "null".into()).into_boxed_str())
    }
}

impl From<RawJson> for serde_json::Value {
    fn from(value: RawJson) -> Self {
        value.to_value()
    }
}

impl std::str::FromStr for RawJson {
    type Err = serde_json::Error;
    /// Reads JSON text (one value, whitespace around it allowed) and keeps
    /// it compact.
    fn from_str(text: &str) -> Result<Self, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = RawJson::deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut out = Vec::new();
        deserializer.deserialize_any(Writer { out: &mut out, depth: 0 })?;
        let text = String::from_utf8(out).map_err(de::Error::custom)?;
        Ok(RawJson(text.into_boxed_str()))
    }
}

/// Writes the value it visits as compact JSON text onto `out`.
pub(super) struct Writer<'a> {
    pub(super) out: &'a mut Vec<u8>,
    /// Arrays and objects around the value.
    pub(super) depth: usize,
}

impl Writer<'_> {
    /// The depth inside the array or object that starts here.
    fn inner<E: de::Error>(&self) -> Result<usize, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format_args!("JSON nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(self.depth + 1)
    }

    fn number<E: de::Error>(self, n: impl fmt::Display) -> Result<(), E> {
        write!(self.out, "{n}").map_err(E::custom)
    }
}

impl<'de> DeserializeSeed<'de> for Writer<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Writer<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.number(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.number(v)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<(), E> {
        self.number(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<(), E> {
        self.number(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // `serde_json`'s own float formatting (shortest text that reads
        // back as the same `f64`; `null` when not finite).
        serde_json::to_writer(&mut *self.out, &v).map_err(E::custom)
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<(), E> {
        self.visit_str(v.encode_utf8(&mut [0; 4]))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        serde_json::to_writer(&mut *self.out, v).map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        serde_json::to_writer(&mut *self.out, v).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.inner()?;
        self.out.push(b'[');
        let mut first = true;
        loop {
            let mark = self.out.len();
            if !first {
                self.out.push(b',');
            }
            let out = &mut *self.out;
            if seq.next_element_seed(Writer { out, depth })?.is_none() {
                self.out.truncate(mark);
                break;
            }
            first = false;
        }
        self.out.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = self.inner()?;
        let mut first = true;
        while let Some(KeyText(key)) = map.next_key()? {
            if first && key == NUMBER_TOKEN {
                let digits: Cow<'de, str> = map.next_value::<CowStr<'de>>()?.0;
                self.out.extend_from_slice(digits.as_bytes());
                return Ok(());
            }
            self.out.push(if first { b'{' } else { b',' });
            first = false;
            serde_json::to_writer(&mut *self.out, key.as_ref()).map_err(de::Error::custom)?;
            self.out.push(b':');
            map.next_value_seed(Writer { out: &mut *self.out, depth })?;
        }
        self.out.extend_from_slice(if first { b"{}" } else { b"}" });
        Ok(())
    }
}

/// A property name as text: a string, or a number or boolean written as
/// its text (as `serde_json` writes such keys).
struct KeyText<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor).map(KeyText)
    }
}

/// A string, borrowed from the input when it can be.
struct CowStr<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor).map(CowStr)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        transcode(&self.0, serializer)
    }
}

/// Gives `serializer` the value of the JSON `text`, read as it is written.
pub(super) fn transcode<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    match de::Deserializer::deserialize_any(&mut de, Transcode(serializer)) {
        Ok(done) => done,
        Err(e) => Err(ser::Error::custom(e)),
    }
}

/// Hands the value it visits to the serializer: scalars at once, arrays
/// and objects element by element as they are read.
struct Transcode<S>(S);

impl<'de, S: Serializer> Visitor<'de> for Transcode<S> {
    type Value = Result<S::Ok, S::Error>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(self.0.serialize_bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.0.serialize_i64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.0.serialize_u64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self.0.serialize_f64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.serialize_str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.serialize_unit())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = match self.0.serialize_seq(seq.size_hint()) {
            Ok(out) => out,
            Err(e) => return Ok(Err(e)),
        };
        while let Some(done) = seq.next_element_seed(Element(&mut out))? {
            if let Err(e) = done {
                return Ok(Err(e));
            }
        }
        Ok(out.end())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = match self.0.serialize_map(map.size_hint()) {
            Ok(out) => out,
            Err(e) => return Ok(Err(e)),
        };
        while let Some(done) = map.next_key_seed(Key(&mut out))? {
            let done = match done {
                Ok(()) => map.next_value_seed(Value(&mut out))?,
                Err(e) => Err(e),
            };
            if let Err(e) = done {
                return Ok(Err(e));
            }
        }
        Ok(out.end())
    }
}

/// A value still to be read from `input`, serialized by reading it: the
/// one `Serialize` that [`Transcode`] gives the serializer's arrays and
/// objects. A read error is kept in `failed` and returned as it is.
struct Pending<'de, D: Deserializer<'de>> {
    input: RefCell<Option<D>>,
    failed: RefCell<Option<D::Error>>,
    de: PhantomData<&'de ()>,
}

impl<'de, D: Deserializer<'de>> Serialize for Pending<'de, D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(input) = self.input.borrow_mut().take() else {
            return Err(ser::Error::custom("a JSON value serialized twice"));
        };
        match input.deserialize_any(Transcode(serializer)) {
            Ok(done) => done,
            Err(e) => {
                let message = e.to_string();
                *self.failed.borrow_mut() = Some(e);
                Err(ser::Error::custom(message))
            }
        }
    }
}

/// A seed that passes the value it is given, as a [`Pending`], to one
/// method of a serializer's array or object.
macro_rules! feed {
    ($seed:ident, $compound:ident, $method:ident) => {
        struct $seed<'a, Q>(&'a mut Q);

        impl<'de, Q: $compound> DeserializeSeed<'de> for $seed<'_, Q> {
            type Value = Result<(), Q::Error>;
            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
                let value = Pending {
                    input: RefCell::new(Some(deserializer)),
                    failed: RefCell::new(None),
                    de: PhantomData,
                };
                let done = self.0.$method(&value);
                match value.failed.into_inner() {
                    Some(e) => Err(e),
                    None => Ok(done),
                }
            }
        }
    };
}

feed!(Element, SerializeSeq, serialize_element);
feed!(Key, SerializeMap, serialize_key);
feed!(Value, SerializeMap, serialize_value);

//! Serde support for the generated structs: each struct has a short
//! `FromObject` impl and a `Serialize` impl that call these shared helpers
//! (the `ReadObject` and `WriteObject` methods),
//! instead of a derived visitor per struct (far less code to compile).
//!
//! Field rules, as the struct's types say:
//! - a required field must be present (a required `Option` field may be
//!   missing or `null`, both `None`);
//! - an optional field may be missing or `null` (`None`), and is left out
//!   when serialized as `None`;
//! - an optional nullable field is `Option<Option<T>>`: missing is `None`,
//!   `null` is `Some(None)`;
//! - a property given twice is an error; properties the struct does not
//!   declare go to `additional_properties` when it has that field, and are
//!   skipped otherwise.

use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A struct read from a JSON object, property by property.
pub trait FromObject: Sized {
    /// What the error says was expected when the value is not an object.
    const EXPECTING: &'static str;
    fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for a [`FromObject`] struct.
pub fn deserialize<'de, T: FromObject, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// A property name, borrowed from the input when it can be.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// Reading a struct's properties: implemented for every `MapAccess`.
pub trait ReadObject<'de>: MapAccess<'de> + Sized {
    /// The next property name, if any.
    fn key(&mut self) -> Result<Option<Key<'de>>, Self::Error> {
        self.next_key()
    }

    /// Reads the value of a property that may appear once.
    fn take<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, name: &'static str) -> Result<(), Self::Error> {
        if slot.is_some() {
            return Err(Self::Error::duplicate_field(name));
        }
        *slot = Some(self.next_value()?);
        Ok(())
    }

    /// Reads the value of an optional property; `null` leaves it unset.
    fn take_opt<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, name: &'static str) -> Result<(), Self::Error> {
        if slot.is_some() {
            return Err(Self::Error::duplicate_field(name));
        }
        *slot = self.next_value::<Option<T>>()?;
        Ok(())
    }

    /// Keeps the value of a property the struct does not declare.
    fn take_extra<V: Deserialize<'de>>(&mut self, extra: &mut BTreeMap<String, V>, key: Key<'de>) -> Result<(), Self::Error> {
        let value = self.next_value()?;
        extra.insert(key.0.into_owned(), value);
        Ok(())
    }

    /// Skips the value of a property the struct does not declare.
    fn skip(&mut self) -> Result<(), Self::Error> {
        self.next_value::<IgnoredAny>().map(|_| ())
    }

    /// The value of a required property, or a "missing field" error.
    fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, Self::Error> {
        slot.ok_or_else(|| Self::Error::missing_field(name))
    }
}

impl<'de, A: MapAccess<'de>> ReadObject<'de> for A {}

/// Starts writing a struct as a JSON object.
pub fn begin<S: serde::Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
    serializer.serialize_map(None)
}

/// Writing a struct's properties: implemented for every `SerializeMap`.
pub trait WriteObject: SerializeMap + Sized {
    /// Writes a property.
    fn put<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Self::Error> {
        self.serialize_entry(name, value)
    }

    /// Writes an optional property when it is set.
    fn put_some<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), Self::Error> {
        match value {
            Some(v) => self.serialize_entry(name, v),
            None => Ok(()),
        }
    }

    /// Writes the properties the struct does not declare.
    fn put_extra<V: Serialize>(&mut self, extra: &BTreeMap<String, V>) -> Result<(), Self::Error> {
        for (k, v) in extra {
            self.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// Ends the object.
    fn finish(self) -> Result<Self::Ok, Self::Error> {
        self.end()
    }
}

impl<M: SerializeMap> WriteObject for M {}

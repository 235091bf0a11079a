//! Serde support for the generated structs, driven by a field table: each
//! struct lists its properties' wire names (`FromObject::FIELDS`), one slot
//! type per field (`FromObject::Slots`, tuples of [`Req`], [`Opt`] and
//! [`Present`], nested twelve at a time) and how the decoded values become
//! the struct (`FromObject::build`, not generic). One visitor here reads every
//! struct, property by property from the stream, and [`serialize`] writes
//! every struct from a tuple of [`Put`] and [`PutSome`]; a struct therefore
//! carries no visitor or per-field code of its own (far less to compile).
//!
//! Field rules, as the struct's types say:
//! - a required field must be present (a required `Option` field may be
//!   missing or `null`, both `None`);
//! - an optional field may be missing or `null` (`None`), and is left out
//!   when serialized as `None`;
//! - an optional nullable field is `Option<Option<T>>`: missing is `None`,
//!   `null` is `Some(None)`;
//! - a property given twice is an error; properties the struct does not
//!   declare go to `additional_properties` when it has that field (a
//!   [`RawJsonMap`](super::RawJsonMap), their compact JSON text in the order
//!   received, when any value is allowed; a `BTreeMap` of the values decoded
//!   when `additionalProperties` has a schema), and are skipped otherwise.

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A struct read from a JSON object through its field table.
pub trait FromObject: Sized {
    /// What the error says was expected when the value is not an object.
    const EXPECTING: &'static str;
    /// The wire names of the declared properties, in the order of `Slots`.
    const FIELDS: &'static [&'static str];
    /// One slot per declared property.
    type Slots: Slots;
    /// Where undeclared properties go: a `BTreeMap` of a typed value, a
    /// [`RawJsonMap`](super::RawJsonMap), or [`Skip`].
    type Extra;
    /// The struct from its decoded fields and undeclared properties.
    fn build(fields: <Self::Slots as Slots>::Out, extra: Self::Extra) -> Self;
}

/// `Deserialize::deserialize` for a [`FromObject`] struct.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FromObject,
    T::Slots: ReadSlots<'de>,
    T::Extra: ReadExtra<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for ObjectVisitor<T>
where
    T: FromObject,
    T::Slots: ReadSlots<'de>,
    T::Extra: ReadExtra<'de>,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::Slots::default();
        let mut extra = <T::Extra as ReadExtra<'de>>::Reading::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match T::FIELDS.iter().position(|name| *name == key.as_str()) {
                Some(i) => slots.read(i, &mut map, T::FIELDS)?,
                None => T::Extra::read(&mut extra, key, &mut map)?,
            }
        }
        let extra = T::Extra::finish(extra)?;
        Ok(T::build(slots.finish(T::FIELDS)?, extra))
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
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// The name of the first field of a slot (the table always has one per
/// field; an empty name never happens).
fn first(names: &[&'static str]) -> &'static str {
    names.first().copied().unwrap_or("")
}

/// The fields' slots while a struct is read: a leaf is one field, a tuple
/// holds `LEN` fields in table order.
pub trait Slots: Default {
    /// Fields in the slot.
    const LEN: usize;
    /// The decoded value(s).
    type Out;
    /// The values once the object ended, or a "missing field" error.
    fn finish<E: Error>(self, names: &[&'static str]) -> Result<Self::Out, E>;
}

/// Reading the value of field `i` (counted within the slot).
pub trait ReadSlots<'de>: Slots {
    fn read<A: MapAccess<'de>>(&mut self, i: usize, map: &mut A, names: &[&'static str]) -> Result<(), A::Error>;
}

/// A required field: present once, its value decoded as `T`.
#[derive(Debug)]
pub struct Req<T>(Option<T>);

/// An optional field (or a required one that may be `null`): `null` or
/// missing is `None`.
#[derive(Debug)]
pub struct Opt<T>(Option<T>);

/// An optional field whose value is `T` itself (`Option<_>` for an optional
/// nullable field, where `null` is `Some(None)`): missing is `None`.
#[derive(Debug)]
pub struct Present<T>(Option<T>);

macro_rules! leaf {
    ($slot:ident, $out:ty, |$done:ident, $name:ident| $finish:expr, |$map:ident| $read:expr) => {
        impl<T> Default for $slot<T> {
            fn default() -> Self {
                Self(None)
            }
        }

        impl<T> Slots for $slot<T> {
            const LEN: usize = 1;
            type Out = $out;
            fn finish<E: Error>(self, names: &[&'static str]) -> Result<$out, E> {
                let ($done, $name) = (self.0, first(names));
                $finish
            }
        }

        impl<'de, T: Deserialize<'de>> ReadSlots<'de> for $slot<T> {
            fn read<A: MapAccess<'de>>(&mut self, _: usize, $map: &mut A, names: &[&'static str]) -> Result<(), A::Error> {
                if self.0.is_some() {
                    return Err(A::Error::duplicate_field(first(names)));
                }
                self.0 = $read;
                Ok(())
            }
        }
    };
}

leaf!(Req, T, |v, name| v.ok_or_else(|| E::missing_field(name)), |map| Some(map.next_value()?));
leaf!(Opt, Option<T>, |v, _name| Ok(v), |map| map.next_value::<Option<T>>()?);
leaf!(Present, Option<T>, |v, _name| Ok(v), |map| Some(map.next_value()?));

impl Slots for () {
    const LEN: usize = 0;
    type Out = ();
    fn finish<E: Error>(self, _: &[&'static str]) -> Result<(), E> {
        Ok(())
    }
}

impl<'de> ReadSlots<'de> for () {
    fn read<A: MapAccess<'de>>(&mut self, _: usize, _: &mut A, _: &[&'static str]) -> Result<(), A::Error> {
        Ok(())
    }
}

/// The names of the slot that starts at `at`.
fn from<'n>(names: &'n [&'static str], at: usize) -> &'n [&'static str] {
    names.get(at..).unwrap_or(&[])
}

macro_rules! tuples {
    ($( ($($t:ident $i:tt),+) )+) => {$(
        impl<$($t: Slots),+> Slots for ($($t,)+) {
            const LEN: usize = 0 $(+ $t::LEN)+;
            type Out = ($($t::Out,)+);
            #[allow(unused_assignments)]
            fn finish<E: Error>(self, names: &[&'static str]) -> Result<Self::Out, E> {
                let mut at = 0;
                Ok(($({
                    let out = self.$i.finish(from(names, at))?;
                    at += $t::LEN;
                    out
                },)+))
            }
        }

        impl<'de, $($t: ReadSlots<'de>),+> ReadSlots<'de> for ($($t,)+) {
            #[allow(unused_assignments)]
            fn read<A: MapAccess<'de>>(&mut self, mut i: usize, map: &mut A, names: &[&'static str]) -> Result<(), A::Error> {
                let mut at = 0;
                $(
                    if i < $t::LEN {
                        return self.$i.read(i, map, from(names, at));
                    }
                    i -= $t::LEN;
                    at += $t::LEN;
                )+
                Ok(())
            }
        }

        impl<$($t: WriteSlots),+> WriteSlots for ($($t,)+) {
            const LEN: usize = 0 $(+ $t::LEN)+;
            #[allow(unused_assignments)]
            fn write<M: SerializeMap>(&self, map: &mut M, names: &[&'static str]) -> Result<(), M::Error> {
                let mut at = 0;
                $(
                    self.$i.write(map, from(names, at))?;
                    at += $t::LEN;
                )+
                Ok(())
            }
        }
    )+};
}

tuples! {
    (S0 0)
    (S0 0, S1 1)
    (S0 0, S1 1, S2 2)
    (S0 0, S1 1, S2 2, S3 3)
    (S0 0, S1 1, S2 2, S3 3, S4 4)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10)
    (S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11)
}

/// Undeclared properties while a struct is read: each is added to a
/// `Reading`, which becomes the struct's field once the object ended.
pub trait ReadExtra<'de>: Sized {
    /// The properties read so far.
    type Reading: Default;
    fn read<A: MapAccess<'de>>(reading: &mut Self::Reading, key: Key<'de>, map: &mut A) -> Result<(), A::Error>;
    fn finish<E: Error>(reading: Self::Reading) -> Result<Self, E>;
}

/// Keeps undeclared properties of a typed `additionalProperties` schema.
impl<'de, V: Deserialize<'de>> ReadExtra<'de> for BTreeMap<String, V> {
    type Reading = Self;
    fn read<A: MapAccess<'de>>(reading: &mut Self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        let value = map.next_value()?;
        reading.insert(key.0.into_owned(), value);
        Ok(())
    }
    fn finish<E: Error>(reading: Self) -> Result<Self, E> {
        Ok(reading)
    }
}

/// Undeclared properties of a struct that does not keep them: skipped.
#[derive(Debug, Default, Clone, Copy)]
pub struct Skip;

impl<'de> ReadExtra<'de> for Skip {
    type Reading = Self;
    fn read<A: MapAccess<'de>>(_: &mut Self, _: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }
    fn finish<E: Error>(reading: Self) -> Result<Self, E> {
        Ok(reading)
    }
}

/// The fields of a struct being written, in table order.
pub trait WriteSlots {
    /// Fields in the slot.
    const LEN: usize;
    fn write<M: SerializeMap>(&self, map: &mut M, names: &[&'static str]) -> Result<(), M::Error>;
}

/// A field always written.
#[derive(Debug)]
pub struct Put<'a, T: ?Sized>(pub &'a T);

/// An optional field, written when it is set.
#[derive(Debug)]
pub struct PutSome<'a, T>(pub &'a Option<T>);

impl<T: Serialize + ?Sized> WriteSlots for Put<'_, T> {
    const LEN: usize = 1;
    fn write<M: SerializeMap>(&self, map: &mut M, names: &[&'static str]) -> Result<(), M::Error> {
        map.serialize_entry(first(names), self.0)
    }
}

impl<T: Serialize> WriteSlots for PutSome<'_, T> {
    const LEN: usize = 1;
    fn write<M: SerializeMap>(&self, map: &mut M, names: &[&'static str]) -> Result<(), M::Error> {
        match self.0 {
            Some(v) => map.serialize_entry(first(names), v),
            None => Ok(()),
        }
    }
}

impl WriteSlots for () {
    const LEN: usize = 0;
    fn write<M: SerializeMap>(&self, _: &mut M, _: &[&'static str]) -> Result<(), M::Error> {
        Ok(())
    }
}

/// Undeclared properties while a struct is written.
pub trait WriteExtra {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

impl<V: Serialize> WriteExtra for BTreeMap<String, V> {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        Ok(())
    }
}

impl WriteExtra for Skip {
    fn write<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

/// `Serialize::serialize` of a struct: its fields (a tuple of [`Put`] and
/// [`PutSome`], named by `names`), then its undeclared properties.
pub fn serialize<S: Serializer, W: WriteSlots, X: WriteExtra>(
    serializer: S,
    names: &[&'static str],
    fields: W,
    extra: &X,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    fields.write(&mut map, names)?;
    extra.write(&mut map)?;
    map.end()
}

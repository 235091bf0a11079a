//! YAML into a JSON value in one pass over the parser's events: keys become
//! strings (`200:` is `"200"`), tags are dropped, YAML 1.1 merge keys
//! (`<<: *anchor` or a list of anchors) are applied with the mapping's own
//! keys winning, and integers beyond 64 bits become the nearest `f64` with a
//! warning. Failures are reported through the parser, which adds the
//! position.

use crate::error::{Warning, WarningCode};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Where a node sits: a key of its parent mapping or an index of its parent
/// sequence.
#[derive(Clone, Copy)]
pub(super) enum Seg<'k> {
    Root,
    Key(&'k str),
    Index(usize),
}

/// A node being read; the chain of parents gives its JSON pointer, which is
/// built only for a warning.
#[derive(Clone, Copy)]
pub(super) struct Node<'p> {
    pub parent: Option<&'p Node<'p>>,
    pub seg: Seg<'p>,
    pub sink: &'p RefCell<Vec<Warning>>,
}

impl Node<'_> {
    fn pointer(&self) -> String {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(node) = at {
            segs.push(node.seg);
            at = node.parent;
        }
        let mut pointer = String::new();
        for seg in segs.into_iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => crate::error::push_segment(&mut pointer, k),
                Seg::Index(i) => crate::error::push_index(&mut pointer, i),
            }
        }
        pointer
    }

    fn wide_integer<E: de::Error>(self, text: String) -> Result<Value, E> {
        let f: f64 = text
            .parse()
            .map_err(|_| E::custom(format!("integer {text} cannot be read")))?;
        self.sink
            .borrow_mut()
            .push(wide_integer_warning(self.pointer(), &text, f));
        number(f)
    }
}

/// The warning about an integer beyond 64 bits read as `f`.
pub(super) fn wide_integer_warning(pointer: String, text: &str, f: f64) -> Warning {
    Warning::new(
        WarningCode::WideInteger,
        pointer,
        format!("integer {text} does not fit in 64 bits; read as the number {f:e}"),
    )
}

fn number<E: de::Error>(f: f64) -> Result<Value, E> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format!("number {f} has no JSON representation")))
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => match u64::try_from(v) {
                Ok(u) => Ok(Value::from(u)),
                Err(_) => self.wide_integer(v.to_string()),
            },
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(u) => Ok(Value::from(u)),
            Err(_) => self.wide_integer(v.to_string()),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        number(v)
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(Node {
            parent: Some(&self),
            seg: Seg::Index(out.len()),
            sink: self.sink,
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::with_capacity(map.size_hint().unwrap_or(0));
        // Keys that came from a merge (`<<`): the mapping's own keys
        // override them in place; earlier merged mappings win over later.
        let mut merged: Vec<String> = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Node {
                parent: Some(&self),
                seg: Seg::Key(&key),
                sink: self.sink,
            })?;
            if key == "<<" {
                let sources = match value {
                    Value::Object(m) => vec![m],
                    Value::Array(items) if items.iter().all(Value::is_object) => items
                        .into_iter()
                        .filter_map(|v| match v {
                            Value::Object(m) => Some(m),
                            _ => None,
                        })
                        .collect(),
                    _ => {
                        return Err(de::Error::custom(
                            "a merge key (`<<`) takes a mapping or a list of mappings",
                        ))
                    }
                };
                for (k, v) in sources.into_iter().flatten() {
                    if !out.contains_key(&k) {
                        merged.push(k.clone());
                        out.insert(k, v);
                    }
                }
                continue;
            }
            if let Some(i) = merged.iter().position(|m| *m == key) {
                merged.swap_remove(i);
            } else if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate entry with key \"{key}\"")));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged node (`!tag value`): the tag is dropped.
        let (_tag, variant): (String, _) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// A mapping key: any scalar, as text.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(serde_yaml::Number::from(v).to_string())
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }

    fn visit_none<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        self.deserialize(d)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("mapping key must be a scalar, found a sequence"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("mapping key must be a scalar, found a mapping"))
    }
}

#[cfg(test)]
mod tests {
    use crate::locate::Format;
    use serde_json::json;

    fn parse(text: &str) -> (serde_json::Value, Vec<crate::error::Warning>) {
        let mut warnings = Vec::new();
        let v = super::super::text::parse_with_warnings(text, Format::Yaml, &mut warnings).expect("parses");
        (v, warnings)
    }

    #[test]
    fn merge_keys_are_applied_and_own_keys_win() {
        let (v, _) = parse("base: &b {a: 1, b: 2}\nother: &o {c: 3, a: 9}\nx:\n  <<: [*b, *o]\n  b: 5\n");
        assert_eq!(v["x"], json!({"a": 1, "b": 5, "c": 3}));
        let keys: Vec<&String> = v["x"].as_object().expect("mapping").keys().collect();
        assert_eq!(keys, ["a", "b", "c"], "merged keys take the place of `<<`");
    }

    #[test]
    fn wide_integers_become_numbers_with_a_warning() {
        let (v, w) = parse("s:\n  minimum: -9223372036854776000\n  maximum: 18446744073709551615\n");
        assert_eq!(v["s"]["maximum"], json!(18446744073709551615u64));
        assert_eq!(v["s"]["minimum"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pointer, "/s/minimum");
    }

    #[test]
    fn keys_and_tags() {
        let (v, _) = parse("200: {description: !!str ok}\ntrue: 1\n1.5: x\n");
        assert_eq!(v, json!({"200": {"description": "ok"}, "true": 1, "1.5": "x"}));
    }
}

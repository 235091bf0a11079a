//! `oneOf`/`anyOf` -> IR unions: variant names, one-member unions, and
//! tagging (an explicit `discriminator`, or a property that every member
//! fixes to its own value with `const` or a one-value enum).

use super::schema::{docs_of, view, Beside, Shape};
use super::Lowerer;
use crate::error::{join, Error, WarningCode};
use crate::ir::*;
use crate::naming;
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use std::collections::BTreeSet;

impl<'a> Lowerer<'a> {
    /// The one string value a schema allows for a property, through allOf.
    fn single_property_value(&self, s: &'a Schema, property: &str) -> Option<String> {
        self.single_value_at(s, property, 0)
    }

    fn single_value_at(&self, s: &'a Schema, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let v = view(&s.schema_kind);
        if let Some(p) = v.properties.and_then(|p| p.get(property)) {
            let (p, _) = self.resolve_boxed(p, "").ok()?;
            let pv = view(&p.schema_kind);
            if let [Value::String(only)] = pv.enumeration.as_slice() {
                return Some(only.clone());
            }
        }
        v.all_of.iter().find_map(|m| {
            let (m, _) = self.resolve(m, "").ok()?;
            self.single_value_at(m, property, depth + 1)
        })
    }

    /// Property names a schema declares, through allOf, in document order.
    fn property_names(&self, s: &'a Schema, out: &mut Vec<String>, depth: usize) {
        if depth > 16 {
            return;
        }
        let v = view(&s.schema_kind);
        for name in v.properties.into_iter().flat_map(|p| p.keys()) {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        for m in v.all_of {
            if let Ok((m, _)) = self.resolve(m, "") {
                self.property_names(m, out, depth + 1);
            }
        }
    }

    /// The first property (in the first member's order) that every member
    /// fixes to one string, each member to a different one: the union is
    /// tagged on it as if it had a `discriminator`.
    fn literal_tag(&self, members: &'a [ReferenceOr<Schema>], pointer: &str) -> Option<String> {
        let resolved = members
            .iter()
            .enumerate()
            .map(|(i, m)| self.resolve(m, &join(pointer, &[&i.to_string()])).ok().map(|r| r.0))
            .collect::<Option<Vec<&'a Schema>>>()?;
        let mut candidates = Vec::new();
        self.property_names(resolved.first()?, &mut candidates, 0);
        candidates.into_iter().find(|p| {
            let mut seen = BTreeSet::new();
            resolved
                .iter()
                .all(|s| self.single_property_value(s, p).is_some_and(|v| seen.insert(v)))
        })
    }

    /// Every property the member fixes to one string, with that string.
    fn literal_checks(&self, member: &'a Schema) -> Vec<(String, String)> {
        let mut names = Vec::new();
        self.property_names(member, &mut names, 0);
        names
            .into_iter()
            .filter_map(|p| self.single_property_value(member, &p).map(|v| (p, v)))
            .collect()
    }

    fn variant_base(&self, member: &'a ReferenceOr<Schema>, ptr: &str, i: usize) -> Result<String, Error> {
        Ok(match member {
            ReferenceOr::Reference { reference } => naming::type_name(&self.schema_ref_name(reference, ptr)?),
            ReferenceOr::Item(s) => {
                let sv = view(&s.schema_kind);
                match sv.typ {
                    // An array is named after its items (`StringArray`).
                    Some("array") if s.schema_data.title.is_none() => {
                        format!("{}Array", self.items_name(sv.items).unwrap_or_default())
                    }
                    Some(t) if s.schema_data.title.is_none() => naming::type_name(match t {
                        "object" if sv.properties.is_none_or(|p| p.is_empty()) => "Map",
                        other => other,
                    }),
                    _ => s
                        .schema_data
                        .title
                        .as_deref()
                        .map(naming::type_name)
                        .unwrap_or_else(|| format!("Variant{i}")),
                }
            }
        })
    }

    /// What an array's items are called in a variant name: the schema a
    /// `$ref` names, or the items' type.
    fn items_name(&self, items: Option<&'a ReferenceOr<Box<Schema>>>) -> Option<String> {
        match items? {
            ReferenceOr::Reference { reference } => {
                self.schema_ref_name(reference, "").ok().map(|n| naming::type_name(&n))
            }
            ReferenceOr::Item(s) => {
                let title = s.schema_data.title.as_deref().filter(|t| !t.trim().is_empty());
                title.or(view(&s.schema_kind).typ).map(naming::type_name)
            }
        }
    }

    pub(crate) fn lower_union(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        beside: Option<Beside<'a>>,
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Error> {
        if let (Some(beside), [only]) = (&beside, members) {
            // One alternative and properties beside it: one struct.
            let parts = vec![(only, join(pointer, &["0"]))];
            return self.merge_struct(
                parts,
                Some(beside.properties),
                &beside.pointer,
                beside.required,
                pointer,
                hint,
            );
        }
        if let [only] = members {
            // One alternative (often what is left once `null` is taken
            // out): the member itself.
            return Ok(Shape::Ty(self.lower_use(only, &join(pointer, &["0"]), hint)?));
        }
        let disc = schema.schema_data.discriminator.as_ref();
        let property = match disc {
            Some(d) => Some(d.property_name.clone()),
            None => self.literal_tag(members, pointer),
        };
        // A tagged union has an `Unknown` fallback variant: claimed first.
        let mut names = match property {
            Some(_) => naming::Namespace::with_reserved(&[naming::UNKNOWN_VARIANT]),
            None => naming::Namespace::new(),
        };
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let ptr = join(pointer, &[&i.to_string()]);
            let (resolved, _) = self.resolve(member, &ptr)?;
            let mut base = self.variant_base(member, &ptr, i)?;
            if property.is_some() && base == naming::UNKNOWN_VARIANT {
                // A member named `Unknown` next to the fallback variant.
                base = "UnknownValue".into();
            }
            let name = names.claim(&base);
            let ty = match &beside {
                Some(beside) => self.with_beside(member, resolved, beside, &ptr, &format!("{hint}{name}"))?,
                None => self.lower_use(member, &ptr, &format!("{hint}{name}"))?,
            };
            let tags = match (disc, &property) {
                (Some(d), _) => self.discriminator_tags(d, member, resolved, &ptr)?,
                (None, Some(p)) => self.single_property_value(resolved, p).into_iter().collect(),
                (None, None) => Vec::new(),
            };
            let checks = match property {
                Some(_) => Vec::new(),
                None => self.literal_checks(resolved),
            };
            variants.push(UnionVariant {
                name,
                ty,
                tags,
                checks,
                docs: docs_of(resolved),
            });
        }
        let tagging = match property {
            Some(property) => Tagging::Internal { property },
            None => Tagging::Untagged,
        };
        Ok(Shape::Def(TypeKind::Union(Union { tagging, variants })))
    }

    /// An alternative with the properties beside the union merged in (when
    /// it is an object; they do not apply to other kinds of values).
    fn with_beside(
        &mut self,
        member: &'a ReferenceOr<Schema>,
        resolved: &'a Schema,
        beside: &Beside<'a>,
        ptr: &str,
        hint: &str,
    ) -> Result<Ty, Error> {
        let mv = view(&resolved.schema_kind);
        let objectish = matches!(mv.typ, None | Some("object")) && mv.one_of.is_empty() && mv.any_of.is_empty();
        if !objectish {
            self.warn(
                WarningCode::IgnoredKeyword,
                ptr,
                format!(
                    "the properties beside this union (at {}) do not apply to this alternative, which is not an object",
                    beside.pointer
                ),
            );
            return self.lower_use(member, ptr, hint);
        }
        let parts = vec![(member, ptr.to_string())];
        // The member is the merge's first part, so the merged schema's own
        // pointer (for cycle reports) is the union's `properties`.
        let props = Some(beside.properties);
        match self.merge_struct(parts, props, &beside.pointer, beside.required, &beside.pointer, hint)? {
            Shape::Ty(ty) => Ok(ty),
            Shape::Def(kind) => {
                let name = self.type_names.claim(&naming::type_name(hint));
                Ok(Ty::Named(self.push_type(TypeDef {
                    name,
                    schema_name: None,
                    pointer: ptr.to_string(),
                    docs: docs_of(resolved),
                    deprecated: resolved.schema_data.deprecated,
                    kind,
                    same_as: None,
                    usage: Usage::default(),
                    features: Vec::new(),
                })))
            }
        }
    }

    /// The discriminator values that select `member`: from the mapping, else
    /// the one value the member allows for the property, else its schema name.
    fn discriminator_tags(
        &mut self,
        d: &'a openapiv3::Discriminator,
        member: &'a ReferenceOr<Schema>,
        resolved: &'a Schema,
        ptr: &str,
    ) -> Result<Vec<String>, Error> {
        let mut tags = Vec::new();
        if let ReferenceOr::Reference { reference } = member {
            for (value, target) in &d.mapping {
                let target_ref = if target.starts_with('#') {
                    target.clone()
                } else {
                    format!("#/components/schemas/{target}")
                };
                if &target_ref == reference {
                    tags.push(value.clone());
                }
            }
        }
        if tags.is_empty() {
            tags.extend(self.single_property_value(resolved, &d.property_name));
        }
        if tags.is_empty() {
            if let ReferenceOr::Reference { reference } = member {
                tags.push(self.schema_ref_name(reference, ptr)?);
            } else {
                self.warn(
                    WarningCode::LossyUnion,
                    ptr,
                    format!(
                        "inline oneOf member has no value for discriminator `{}`; it is never selected by the tag",
                        d.property_name
                    ),
                );
            }
        }
        Ok(tags)
    }
}

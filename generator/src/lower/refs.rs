//! Following schema `$ref`s (through `crate::reference`) and the tuples the
//! 3.1 rewrite marks.

use super::schema::{view, View};
use super::Lowerer;
use crate::error::{join, Error};
use crate::ir::Ty;
use openapiv3::{ReferenceOr, Schema};

impl<'a> Lowerer<'a> {
    /// The type of a `$ref` to a component schema.
    pub(crate) fn ref_ty(&mut self, reference: &str, pointer: &str) -> Result<Ty, Error> {
        let name = self.schema_ref_name(reference, pointer)?;
        match self.components.get(&name) {
            Some(id) => Ok(Ty::Named(*id)),
            None => Err(Error::MissingRef {
                pointer: join(pointer, &["$ref"]),
                target: reference.to_string(),
                reason: format!("there is no schema `{name}` under /components/schemas"),
                location: None,
            }),
        }
    }

    /// Resolves a schema `$ref` (following chains of references).
    pub(crate) fn resolve(
        &self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<(&'a Schema, String), Error> {
        let mut current = schema;
        let mut ptr = pointer.to_string();
        let mut seen = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(s) => return Ok((s, ptr)),
                ReferenceOr::Reference { reference } => {
                    if seen.contains(reference) {
                        seen.push(reference.clone());
                        return Err(Error::RefCycle {
                            pointer: join(pointer, &["$ref"]),
                            chain: seen.join(" -> "),
                            location: None,
                        });
                    }
                    seen.push(reference.clone());
                    let name = self.schema_ref_name(reference, &ptr)?;
                    current = self.doc_schemas.get(&name).ok_or_else(|| Error::MissingRef {
                        pointer: join(&ptr, &["$ref"]),
                        target: reference.clone(),
                        reason: format!("there is no schema `{name}` under /components/schemas"),
                        location: None,
                    })?;
                    ptr = join("/components/schemas", &[&name]);
                }
            }
        }
    }

    pub(crate) fn resolve_boxed(
        &self,
        schema: &'a ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> Result<(&'a Schema, String), Error> {
        match schema {
            ReferenceOr::Item(s) => Ok((s, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = self.schema_ref_name(reference, pointer)?;
                let target = self.doc_schemas.get(&name).ok_or_else(|| Error::MissingRef {
                    pointer: join(pointer, &["$ref"]),
                    target: reference.clone(),
                    reason: format!("there is no schema `{name}` under /components/schemas"),
                    location: None,
                })?;
                self.resolve(target, &join("/components/schemas", &[&name]))
            }
        }
    }

    /// An array marked as a tuple by the 3.1 rewrite (`prefixItems`): one
    /// type per member, in order.
    pub(super) fn tuple(
        &mut self,
        schema: &'a Schema,
        v: &View<'a>,
        pointer: &str,
        hint: &str,
    ) -> Result<Option<Ty>, Error> {
        if !schema.schema_data.extensions.contains_key(crate::downgrade::TUPLE) {
            return Ok(None);
        }
        let Some(ReferenceOr::Item(items)) = v.items else {
            return Ok(None);
        };
        let members = view(&items.schema_kind).any_of;
        let mut tys = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let at = join(pointer, &["prefixItems", &i.to_string()]);
            tys.push(self.lower_use(member, &at, &format!("{hint}{i}"))?);
        }
        Ok(Some(Ty::Tuple(tys)))
    }

    /// The component name in `#/components/schemas/<name>` (unescaped).
    pub(crate) fn schema_ref_name(&self, reference: &str, pointer: &str) -> Result<String, Error> {
        crate::reference::component(reference, "schemas", pointer)
    }
}

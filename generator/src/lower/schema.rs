//! Schemas -> IR types: objects, allOf merging, oneOf/anyOf unions, enums,
//! formats, maps and inline schemas.

use super::Lowerer;
use crate::error::WarningCode;
use crate::error::{join, Error};
use crate::ir::*;
use crate::naming;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

/// The parts of a schema the lowering looks at, whichever `SchemaKind` holds them.
#[derive(Default)]
pub(crate) struct View<'a> {
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub enumeration: Vec<Value>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub not: Option<&'a ReferenceOr<Schema>>,
}

fn fmt_string<T: std::fmt::Debug>(f: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    use openapiv3::VariantOrUnknownOrEmpty as V;
    match f {
        V::Item(i) => {
            // Debug of the format enums is the variant name: DateTime -> date-time.
            let s = format!("{i:?}");
            Some(heck::ToKebabCase::to_kebab_case(s.as_str()))
        }
        V::Unknown(s) => Some(s.clone()),
        V::Empty => None,
    }
}

pub(crate) fn view(kind: &SchemaKind) -> View<'_> {
    match kind {
        SchemaKind::Type(Type::String(s)) => View {
            typ: Some("string"),
            format: fmt_string(&s.format),
            enumeration: s
                .enumeration
                .iter()
                .map(|v| v.clone().map(Value::String).unwrap_or(Value::Null))
                .collect(),
            ..View::default()
        },
        SchemaKind::Type(Type::Number(n)) => View {
            typ: Some("number"),
            format: fmt_string(&n.format),
            enumeration: n
                .enumeration
                .iter()
                .map(|v| {
                    v.and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                        .unwrap_or(Value::Null)
                })
                .collect(),
            ..View::default()
        },
        SchemaKind::Type(Type::Integer(n)) => View {
            typ: Some("integer"),
            format: fmt_string(&n.format),
            enumeration: n
                .enumeration
                .iter()
                .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                .collect(),
            ..View::default()
        },
        SchemaKind::Type(Type::Boolean(b)) => View {
            typ: Some("boolean"),
            enumeration: b
                .enumeration
                .iter()
                .map(|v| v.map(Value::Bool).unwrap_or(Value::Null))
                .collect(),
            ..View::default()
        },
        SchemaKind::Type(Type::Object(o)) => View {
            typ: Some("object"),
            properties: Some(&o.properties),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
            ..View::default()
        },
        SchemaKind::Type(Type::Array(a)) => View {
            typ: Some("array"),
            items: a.items.as_ref(),
            ..View::default()
        },
        SchemaKind::OneOf { one_of } => View {
            one_of,
            ..View::default()
        },
        SchemaKind::AllOf { all_of } => View {
            all_of,
            ..View::default()
        },
        SchemaKind::AnyOf { any_of } => View {
            any_of,
            ..View::default()
        },
        SchemaKind::Not { not } => View {
            not: Some(not),
            ..View::default()
        },
        SchemaKind::Any(a) => View {
            typ: a.typ.as_deref(),
            format: a.format.clone(),
            properties: (!a.properties.is_empty()).then_some(&a.properties),
            required: &a.required,
            additional: a.additional_properties.as_ref(),
            items: a.items.as_ref(),
            enumeration: a.enumeration.clone(),
            one_of: &a.one_of,
            all_of: &a.all_of,
            any_of: &a.any_of,
            not: a.not.as_deref(),
        },
    }
}

/// A schema with no type, structure or constraint of its own (only
/// descriptions, examples, extensions).
pub(crate) fn is_annotation_only(s: &Schema) -> bool {
    let v = view(&s.schema_kind);
    v.typ.is_none()
        && !s.schema_data.extensions.contains_key(super::CONST_MARK)
        && v.properties.is_none_or(|p| p.is_empty())
        && v.additional.is_none()
        && v.items.is_none()
        && v.enumeration.is_empty()
        && v.one_of.is_empty()
        && v.all_of.is_empty()
        && v.any_of.is_empty()
        && v.not.is_none()
        && v.required.is_empty()
}

/// The value of a `const` (marked by the 3.1 downgrade): a literal type.
fn literal_of(schema: &Schema) -> Option<Literal> {
    Some(match schema.schema_data.extensions.get(super::CONST_MARK)? {
        Value::String(s) => Literal::String(s.clone()),
        Value::Bool(b) => Literal::Bool(*b),
        Value::Null => Literal::Null,
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Literal::Integer(i),
            (None, Some(u)) => Literal::Unsigned(u),
            (None, None) => Literal::Float(n.as_f64()?.to_bits()),
        },
        json => Literal::Json(json.to_string()),
    })
}

/// Properties written beside `oneOf`/`anyOf`: they apply to every
/// alternative, so each object alternative gets them merged in.
pub(crate) struct Beside<'a> {
    pub properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    /// Pointer of the `properties` object.
    pub pointer: String,
}

/// What a schema lowers to: a plain use of a type, or a definition that
/// needs a name.
pub(crate) enum Shape {
    Ty(Ty),
    Def(TypeKind),
}

pub(crate) fn docs_of(schema: &Schema) -> Docs {
    let d = &schema.schema_data;
    let mut notes = Vec::new();
    if let Some(default) = &d.default {
        notes.push(format!("Default: `{}`", compact(default)));
    }
    if d.read_only {
        notes.push("Read-only: sent by the server, ignored in requests.".to_string());
    }
    if d.write_only {
        notes.push("Write-only: sent in requests, not returned by the server.".to_string());
    }
    let v = view(&schema.schema_kind);
    if matches!(v.typ, Some("number" | "boolean")) && !v.enumeration.is_empty() {
        let listed: Vec<String> = v.enumeration.iter().map(|x| format!("`{x}`")).collect();
        notes.push(format!("Allowed values: {}.", listed.join(", ")));
    }
    if let Some(fmt) = v.format {
        if !matches!(fmt.as_str(), "int32" | "int64" | "double" | "float") {
            notes.push(format!("Format: `{fmt}`"));
        }
    }
    Docs {
        summary: d.title.clone().filter(|t| !t.trim().is_empty()),
        description: d.description.clone().filter(|t| !t.trim().is_empty()),
        notes,
    }
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 120 {
        format!(
            "{}...",
            &s[..s
                .char_indices()
                .take_while(|(i, _)| *i < 117)
                .last()
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0)]
        )
    } else {
        s
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema use. Inline definitions are named `hint`.
    pub(crate) fn lower_use(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        hint: &str,
    ) -> Result<Ty, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_ty(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(s, pointer, hint),
        }
    }

    pub(crate) fn lower_use_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Result<Ty, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_ty(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(s, pointer, hint),
        }
    }

    pub(crate) fn lower_inline(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> Result<Ty, Error> {
        match self.lower_schema(schema, pointer, hint)? {
            Shape::Ty(t) => Ok(t),
            Shape::Def(kind) => {
                let name = self.type_names.claim(&naming::type_name(hint));
                let id = self.push_type(TypeDef {
                    name,
                    schema_name: None,
                    pointer: pointer.to_string(),
                    docs: docs_of(schema),
                    deprecated: schema.schema_data.deprecated,
                    kind,
                    same_as: None,
                    usage: Usage::default(),
                    features: Vec::new(),
                });
                Ok(Ty::Named(id))
            }
        }
    }

    /// Decides what one schema becomes.
    pub(crate) fn lower_schema(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> Result<Shape, Error> {
        let v = view(&schema.schema_kind);
        if !v.all_of.is_empty() {
            return self.lower_all_of(schema, &v, pointer, hint);
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let (members, key) = if !v.one_of.is_empty() {
                (v.one_of, "oneOf")
            } else {
                (v.any_of, "anyOf")
            };
            let beside = v.properties.filter(|p| !p.is_empty()).map(|p| Beside {
                properties: p,
                required: v.required,
                pointer: join(pointer, &["properties"]),
            });
            return self.lower_union(schema, members, beside, &join(pointer, &[key]), hint);
        }
        if v.not.is_some() {
            self.warn(
                WarningCode::LossyNot,
                pointer,
                "`not` has no Rust type; this value is any JSON (serde_json::Value)",
            );
            return Ok(Shape::Ty(Ty::Json));
        }
        if let Some(literal) = literal_of(schema) {
            return Ok(Shape::Def(TypeKind::Literal(literal)));
        }
        if !v.enumeration.is_empty() {
            if let Some(shape) = self.lower_enum(&v, pointer)? {
                return Ok(shape);
            }
        }
        let is_object =
            v.typ == Some("object") || (v.typ.is_none() && (v.properties.is_some() || v.additional.is_some()));
        match v.typ {
            Some("string") => Ok(Shape::Ty(self.string_ty(v.format.as_deref()))),
            Some("integer") => Ok(Shape::Ty(match v.format.as_deref() {
                Some("int32") => Ty::I32,
                _ => Ty::I64,
            })),
            Some("number") => Ok(Shape::Ty(Ty::F64)),
            Some("boolean") => Ok(Shape::Ty(Ty::Bool)),
            Some("array") => {
                if let Some(tuple) = self.tuple(schema, &v, pointer, hint)? {
                    return Ok(Shape::Ty(tuple));
                }
                let item = match v.items {
                    Some(items) => {
                        let ty = self.lower_use_boxed(items, &join(pointer, &["items"]), &format!("{hint}Item"))?;
                        let nullable = matches!(items, ReferenceOr::Item(s) if s.schema_data.nullable);
                        if nullable && ty != Ty::Json {
                            Ty::Option(Box::new(ty))
                        } else {
                            ty
                        }
                    }
                    None => Ty::Json,
                };
                Ok(Shape::Ty(Ty::Vec(Box::new(item))))
            }
            _ if is_object => self.lower_object(schema, &v, pointer, hint),
            Some("null") => {
                self.warn(
                    WarningCode::LossyType,
                    pointer,
                    "a schema that only allows `null` is any JSON (serde_json::Value)",
                );
                Ok(Shape::Ty(Ty::Json))
            }
            Some(other) if other != "object" => {
                self.warn(
                    WarningCode::LossyType,
                    pointer,
                    format!("unknown type `{other}`; this value is any JSON (serde_json::Value)"),
                );
                Ok(Shape::Ty(Ty::Json))
            }
            _ => Ok(Shape::Ty(Ty::Json)),
        }
    }

    fn lower_enum(&mut self, v: &View<'a>, pointer: &str) -> Result<Option<Shape>, Error> {
        let values: Vec<&Value> = v.enumeration.iter().filter(|x| !x.is_null()).collect();
        let all_strings = values.iter().all(|x| x.is_string());
        let all_ints = values.iter().all(|x| x.is_i64());
        let (repr, raw): (EnumRepr, Vec<EnumValue>) = if all_strings && matches!(v.typ, None | Some("string")) {
            (
                EnumRepr::String,
                values
                    .iter()
                    .filter_map(|x| x.as_str().map(|s| EnumValue::String(s.to_string())))
                    .collect(),
            )
        } else if all_ints && matches!(v.typ, None | Some("integer")) {
            (
                EnumRepr::Integer,
                values
                    .iter()
                    .filter_map(|x| x.as_i64().map(EnumValue::Integer))
                    .collect(),
            )
        } else if v.typ == Some("boolean") || v.typ == Some("number") {
            // A closed set of booleans or floats: the plain type; the
            // allowed values go into the docs (see `docs_of`).
            return Ok(None);
        } else {
            self.warn(
                WarningCode::LossyEnum,
                &join(pointer, &["enum"]),
                "enum mixes value types; this value is any JSON (serde_json::Value)",
            );
            return Ok(Some(Shape::Ty(Ty::Json)));
        };
        if raw.is_empty() {
            return Ok(None);
        }
        let mut names = naming::Namespace::with_reserved(&[naming::UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for value in raw {
            if !seen.insert(value.clone()) {
                self.warn(
                    WarningCode::DuplicateEnumValue,
                    &join(pointer, &["enum"]),
                    format!("duplicate enum value `{value}` ignored"),
                );
                continue;
            }
            let mut wanted = naming::variant_name(&value.to_string());
            if wanted == naming::UNKNOWN_VARIANT {
                // `Unknown(String)` is the fallback for unlisted values.
                wanted = "UnknownValue".into();
            }
            let name = names.claim(&wanted);
            variants.push(EnumVariant {
                name,
                value,
                docs: Docs::default(),
            });
        }
        Ok(Some(Shape::Def(TypeKind::Enum(Enum { repr, variants }))))
    }

    fn lower_object(&mut self, schema: &'a Schema, v: &View<'a>, pointer: &str, hint: &str) -> Result<Shape, Error> {
        let props = v.properties.filter(|p| !p.is_empty());
        let additional = match v.additional {
            Some(AdditionalProperties::Schema(s)) => {
                Some(self.lower_use(s, &join(pointer, &["additionalProperties"]), &format!("{hint}Value"))?)
            }
            // Undeclared properties are allowed unless `additionalProperties:
            // false`; keeping them lets every value round-trip unchanged.
            Some(AdditionalProperties::Any(true)) | None => Some(Ty::Json),
            Some(AdditionalProperties::Any(false)) => None,
        };
        let Some(props) = props else {
            if matches!(v.additional, Some(AdditionalProperties::Any(false))) {
                // No properties and nothing else allowed: the empty object.
                return Ok(Shape::Def(TypeKind::Struct(Struct {
                    fields: Vec::new(),
                    additional: None,
                    all_optional: true,
                })));
            }
            // Only additionalProperties (or nothing): a map.
            return Ok(Shape::Ty(Ty::Map(Box::new(additional.unwrap_or(Ty::Json)))));
        };
        let _ = schema;
        let additional = additional.map(undeclared);
        let mut fields = Vec::new();
        let mut names = naming::Namespace::with_reserved(if additional.is_some() {
            &["additional_properties"]
        } else {
            &[]
        });
        self.add_properties(
            props,
            v.required,
            &join(pointer, &["properties"]),
            hint,
            &mut names,
            &mut fields,
        )?;
        let all_optional = fields.iter().all(|f| !f.required);
        Ok(Shape::Def(TypeKind::Struct(Struct {
            fields,
            additional,
            all_optional,
        })))
    }

    /// Appends one field per property; a property already present (same
    /// wire name) is left as it is and reported if it differs.
    pub(crate) fn add_properties(
        &mut self,
        props: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
        hint: &str,
        names: &mut naming::Namespace,
        fields: &mut Vec<Field>,
    ) -> Result<(), Error> {
        for (json_name, prop) in props {
            let ptr = join(pointer, &[json_name]);
            naming::check_name(json_name, pointer)?;
            let prop_hint = format!("{hint}{}", naming::type_name(json_name));
            let (resolved, _) = self.resolve_boxed(prop, &ptr)?;
            let ty = self.lower_use_boxed(prop, &ptr, &prop_hint)?;
            let d = &resolved.schema_data;
            let own = match prop {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let mut docs = docs_of(resolved);
            if own.is_none() {
                // A $ref'd type documents itself; keep only the field's own notes.
                docs = Docs::default();
            }
            let mut is_required = required.iter().any(|r| r == json_name);
            if is_required && (d.read_only || d.write_only) {
                is_required = false;
                docs.notes
                    .push("Required by the schema in one direction only, so optional here.".into());
            }
            if let Some(existing) = fields.iter_mut().find(|f| f.json_name == *json_name) {
                if existing.ty != ty {
                    self.warn(
                        WarningCode::PropertyConflict,
                        &ptr,
                        format!(
                            "property `{json_name}` is also defined at {} with a different type; the first definition is kept",
                            existing.pointer
                        ),
                    );
                }
                existing.required |= is_required;
                continue;
            }
            let nullable = d.nullable;
            let secret = matches!(ty, Ty::String | Ty::Bytes) && naming::is_secret(json_name);
            fields.push(Field {
                name: names.claim(&naming::snake_name(json_name)),
                json_name: json_name.clone(),
                pointer: ptr,
                ty,
                required: is_required,
                nullable,
                docs,
                deprecated: d.deprecated,
                secret,
                constant: false,
                setter: None,
            });
        }
        Ok(())
    }

    fn lower_all_of(&mut self, schema: &'a Schema, v: &View<'a>, pointer: &str, hint: &str) -> Result<Shape, Error> {
        let members = v.all_of;
        let own_props = v.properties.filter(|p| !p.is_empty());
        // Members that only annotate (description, xml, ...) add no structure.
        let substantive: Vec<(usize, &'a ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| match m {
                ReferenceOr::Reference { .. } => true,
                ReferenceOr::Item(s) => !is_annotation_only(s),
            })
            .collect();
        // `allOf: [X]` alone is a way to attach docs or `nullable` to a $ref.
        if substantive.len() == 1 && own_props.is_none() {
            let (i, member) = substantive[0];
            let ty = self.lower_use(member, &join(pointer, &["allOf", &i.to_string()]), hint)?;
            return Ok(Shape::Ty(ty));
        }
        // Several non-object members that agree on one type (e.g. a string
        // and a string with a pattern) are that type.
        let all_scalar = !substantive.is_empty()
            && own_props.is_none()
            && substantive.iter().all(|(i, m)| {
                self.resolve(m, &join(pointer, &["allOf", &i.to_string()]))
                    .map(|(s, _)| {
                        matches!(
                            view(&s.schema_kind).typ,
                            Some("string" | "integer" | "number" | "boolean")
                        )
                    })
                    .unwrap_or(false)
            });
        if all_scalar {
            let mut tys = Vec::new();
            for (i, m) in &substantive {
                tys.push(self.lower_use(m, &join(pointer, &["allOf", &i.to_string()]), hint)?);
            }
            if tys.windows(2).all(|w| w[0] == w[1]) {
                return Ok(Shape::Ty(tys.remove(0)));
            }
        }
        let _ = schema;
        let parts = members
            .iter()
            .enumerate()
            .map(|(i, m)| (m, join(pointer, &["allOf", &i.to_string()])))
            .collect();
        let props_ptr = join(pointer, &["properties"]);
        self.merge_struct(parts, own_props, &props_ptr, v.required, pointer, hint)
    }

    /// One struct with the properties of every part (through nested allOf)
    /// and `own_props` (at `props_ptr`) after them; required anywhere is
    /// required. `pointer` is the merged schema's, for cycle reports.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn merge_struct(
        &mut self,
        parts: Vec<(&'a ReferenceOr<Schema>, String)>,
        own_props: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
        props_ptr: &str,
        own_required: &[String],
        pointer: &str,
        hint: &str,
    ) -> Result<Shape, Error> {
        let mut fields = Vec::new();
        let mut names = naming::Namespace::with_reserved(&["additional_properties"]);
        let mut additional = None;
        let mut closed = false;
        let mut required: Vec<String> = own_required.to_vec();
        let mut object_members = Vec::new();
        // Collect every member's properties, depth first, so nested allOf
        // work. A schema reached twice (a diamond: two members that both
        // extend a third) is merged once; one that includes itself is a
        // cycle.
        let mut stack: Vec<(&'a ReferenceOr<Schema>, String, usize)> =
            parts.into_iter().rev().map(|(m, ptr)| (m, ptr, 0)).collect();
        let mut ancestors: Vec<String> = Vec::new();
        let mut merged = std::collections::BTreeSet::new();
        while let Some((member, ptr, depth)) = stack.pop() {
            let (m, mptr) = self.resolve(member, &ptr)?;
            ancestors.truncate(depth);
            if mptr == pointer || ancestors.contains(&mptr) {
                let mut chain: Vec<&str> = std::iter::once(pointer)
                    .chain(ancestors.iter().map(String::as_str))
                    .collect();
                chain.push(&mptr);
                return Err(Error::Invalid {
                    pointer: ptr,
                    message: format!(
                        "allOf members include themselves ({}), so the merged type would be infinite",
                        chain.join(" -> ")
                    ),
                    location: None,
                });
            }
            if !merged.insert(mptr.clone()) {
                continue;
            }
            ancestors.push(mptr.clone());
            let mv = view(&m.schema_kind);
            for (i, sub) in mv.all_of.iter().enumerate().rev() {
                stack.push((sub, join(&mptr, &["allOf", &i.to_string()]), depth + 1));
            }
            if !mv.one_of.is_empty() || !mv.any_of.is_empty() {
                self.warn(WarningCode::LossyAllOf, &mptr, "an allOf member with oneOf/anyOf cannot be flattened; its alternatives are not represented in the merged struct");
            }
            required.extend(mv.required.iter().cloned());
            if let Some(props) = mv.properties {
                object_members.push((props, mv.required, mptr.clone()));
            }
            match mv.additional {
                Some(AdditionalProperties::Schema(s)) if additional.is_none() => {
                    additional =
                        Some(self.lower_use(s, &join(&mptr, &["additionalProperties"]), &format!("{hint}Value"))?);
                }
                Some(AdditionalProperties::Any(false)) => closed = true,
                _ => {}
            }
            let is_objectish = mv.properties.is_some()
                || mv.typ == Some("object")
                || !mv.all_of.is_empty()
                || mv.typ.is_none()
                || is_annotation_only(m);
            if !is_objectish {
                self.warn(
                    WarningCode::LossyAllOf,
                    &mptr,
                    format!(
                        "allOf member of type `{}` cannot be merged into a struct and is ignored",
                        mv.typ.unwrap_or("?")
                    ),
                );
            }
        }
        for (props, _req, ptr) in object_members {
            self.add_properties(
                props,
                &required,
                &join(&ptr, &["properties"]),
                hint,
                &mut names,
                &mut fields,
            )?;
        }
        if let Some(props) = own_props {
            self.add_properties(props, &required, props_ptr, hint, &mut names, &mut fields)?;
        }
        // Required anywhere means required in the merged struct.
        for f in &mut fields {
            if required.contains(&f.json_name)
                && !f
                    .docs
                    .notes
                    .iter()
                    .any(|n| n.starts_with("Required by the schema in one direction"))
            {
                f.required = true;
            }
        }
        if additional.is_none() && !closed {
            additional = Some(Ty::Json);
        }
        let additional = additional.map(undeclared);
        let all_optional = fields.iter().all(|f| !f.required);
        Ok(Shape::Def(TypeKind::Struct(Struct {
            fields,
            additional,
            all_optional,
        })))
    }
}

/// The Rust type of a primitive `type` and its `format` (`None` for arrays,
/// objects and `null`): the one rule, also used by `diff` to tell whether a
/// format change changes the Rust type.
pub(crate) fn primitive(typ: &str, format: Option<&str>) -> Option<Ty> {
    match typ {
        "string" if format == Some("byte") => Some(Ty::Bytes),
        "string" => Some(Ty::String),
        "integer" => Some(match format {
            Some("int32") => Ty::I32,
            _ => Ty::I64,
        }),
        "number" => Some(Ty::F64),
        "boolean" => Some(Ty::Bool),
        _ => None,
    }
}

/// The type of the field keeping a struct's undeclared properties, from the
/// type of their values: any JSON (no schema, `true`, `{}`) is one object
/// kept as its compact text (`Ty::RawJsonMap`), which costs about the size
/// of that text where a map of `serde_json::Value` trees costs many times
/// it; a schema that says more is a map of its type.
pub(crate) fn undeclared(values: Ty) -> Ty {
    match values {
        Ty::Json => Ty::RawJsonMap,
        ty => Ty::Map(Box::new(ty)),
    }
}

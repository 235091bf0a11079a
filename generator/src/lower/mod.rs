//! Stage 2: `openapiv3::OpenAPI` -> [`ir::Api`](crate::ir::Api).
//!
//! The only stage besides `load` that knows `openapiv3`. Component schemas
//! get their type ids first (so `$ref`s and recursion resolve), then every
//! schema and operation is lowered in document order, which makes names and
//! output deterministic.

mod answer;
mod operation;
mod refs;
mod schema;
mod union;

pub(crate) use schema::primitive;

use crate::error::WarningCode;
use crate::error::{join, Error, Warning};
use crate::ir::*;
use crate::naming::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

pub(crate) struct Lowerer<'a> {
    pub(crate) doc: &'a OpenAPI,
    pub(crate) doc_schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    pub(crate) components: IndexMap<String, TypeId>,
    pub(crate) types: Vec<Option<TypeDef>>,
    pub(crate) type_names: Namespace,
    /// Items of the `client` module (per-operation enums).
    pub(crate) client_names: Namespace,
    pub(crate) warnings: Vec<Warning>,
    /// String formats mapped to `crate::formats` types (from the config).
    pub(crate) formats: std::collections::BTreeMap<Format, FormatLib>,
    /// The mapped formats a schema used.
    pub(crate) formats_used: std::collections::BTreeSet<Format>,
    /// `format: byte` is a `String` (config `byte = "string"`), not bytes.
    pub(crate) byte_as_string: bool,
}

/// Set by the 3.1 downgrade on a schema that was a `const`, with its value,
/// so that it lowers to a literal type rather than an open enum.
pub(crate) const CONST_MARK: &str = "x-oagen-const";

static EMPTY: std::sync::OnceLock<IndexMap<String, ReferenceOr<Schema>>> = std::sync::OnceLock::new();

pub fn lower(doc: &OpenAPI) -> Result<(Api, Vec<Warning>), Error> {
    lower_with(doc, &Default::default(), false)
}

/// [`lower`] with string formats mapped to `crate::formats` types, and
/// base64 strings (`format: byte`) kept as `String` when `byte_as_string`
/// (the config says `byte = "string"`) rather than decoded bytes.
pub fn lower_with(
    doc: &OpenAPI,
    formats: &std::collections::BTreeMap<Format, FormatLib>,
    byte_as_string: bool,
) -> Result<(Api, Vec<Warning>), Error> {
    let schemas = doc
        .components
        .as_ref()
        .map(|c| &c.schemas)
        .unwrap_or_else(|| EMPTY.get_or_init(IndexMap::new));
    let mut l = Lowerer {
        doc,
        doc_schemas: schemas,
        components: IndexMap::new(),
        types: Vec::new(),
        type_names: Namespace::with_reserved(naming::STD_TYPE_NAMES),
        client_names: Namespace::with_reserved(&["Client", "DEFAULT_BASE_URL", "SECURITY_SCHEMES", "Style"]),
        warnings: Vec::new(),
        formats: formats.clone(),
        formats_used: Default::default(),
        byte_as_string,
    };
    // Reserve ids and names for components, in document order, before any
    // inline type can claim a name.
    // A schema whose name is already the identifier keeps it; the others
    // claim theirs after (`UserName` stays `UserName` even after `user_name`).
    let mut component_names = vec![String::new(); schemas.len()];
    for exact in [true, false] {
        for (i, name) in schemas.keys().enumerate() {
            let wanted = naming::type_name(name);
            if (wanted == *name) == exact {
                let renamed = naming::std_clash_rename(&wanted);
                if let Some(new) = &renamed {
                    l.warn(
                        WarningCode::NameCollision,
                        &join("/components/schemas", &[name]),
                        format!("schema `{name}` is named like the std type `{wanted}`; its Rust type is `{new}` so that it shadows nothing"),
                    );
                }
                component_names[i] = l.type_names.claim(renamed.as_deref().unwrap_or(&wanted));
            }
        }
    }
    for name in schemas.keys() {
        naming::check_name(name, "/components/schemas")?;
        let id = TypeId(l.types.len());
        l.types.push(None);
        l.components.insert(name.clone(), id);
    }
    for ((name, schema), type_name) in schemas.iter().zip(component_names) {
        let pointer = join("/components/schemas", &[name]);
        let id = l.components[name];
        let def = l.lower_component(name, schema, &pointer, type_name)?;
        l.types[id.0] = Some(def);
    }
    let mut security_schemes = l_security_schemes(doc);
    let operations = l.lower_operations(&mut security_schemes)?;
    let error_body = l.find_error_body();
    let webhook_event = ["Webhook-Event", "WebhookEvent", "Webhook", "webhook-event"]
        .iter()
        .find_map(|n| l.components.get(*n).copied());
    let types = l
        .types
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            t.ok_or_else(|| Error::Invalid {
                pointer: String::new(),
                message: format!("internal: type {i} was reserved but never defined"),
                location: None,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let info = &doc.info;
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        default_server: doc.servers.first().map(server_url),
        types,
        operations,
        error_body,
        webhook_event,
        security_schemes,
        login: None,
        prelude_shadowed: false,
        features: Vec::new(),
        formats: l.formats_used.iter().map(|f| (*f, l.formats[f])).collect(),
    };
    Ok((api, l.warnings))
}

/// A server URL with its variables replaced by their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url
}

/// Methods of the generated `ClientBuilder`; scheme setters take other names.
const BUILDER_RESERVED: &[&str] = &[
    "default",
    "base_url",
    "http_client",
    "timeout",
    "connect_timeout",
    "user_agent",
    "default_header",
    "add_root_certificate",
    "danger_accept_invalid_certs",
    "max_body_size",
    "max_redirects",
    "retry",
    "bearer_token",
    "basic_auth",
    "scheme_key",
    "build",
    "fmt",
];

/// The security schemes with their builder setters; the client setters are
/// claimed with the operation names, and `used_by` filled, by
/// `lower_operations`.
fn l_security_schemes(doc: &OpenAPI) -> Vec<SecurityScheme> {
    let mut out = Vec::new();
    let mut setters = crate::naming::Namespace::with_reserved(BUILDER_RESERVED);
    let Some(c) = &doc.components else { return out };
    for (name, scheme) in &c.security_schemes {
        let ReferenceOr::Item(s) = scheme else { continue };
        use openapiv3::{APIKeyLocation, SecurityScheme as S};
        let kind = match s {
            S::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => SchemeKind::Basic,
            S::HTTP { .. } | S::OAuth2 { .. } | S::OpenIDConnect { .. } => SchemeKind::Bearer,
            S::APIKey { location, name, .. } => match location {
                APIKeyLocation::Header => SchemeKind::ApiKeyHeader(name.clone()),
                APIKeyLocation::Query => SchemeKind::ApiKeyQuery(name.clone()),
                APIKeyLocation::Cookie => SchemeKind::ApiKeyCookie(name.clone()),
            },
        };
        out.push(SecurityScheme {
            name: name.clone(),
            kind,
            builder_setter: setters.claim(&naming::snake_name(name)),
            client_setter: String::new(),
            used_by: Vec::new(),
        });
    }
    out
}

impl<'a> Lowerer<'a> {
    pub(crate) fn warn(&mut self, code: WarningCode, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning::new(code, pointer, message));
    }

    pub(crate) fn push_type(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(Some(def));
        id
    }

    fn lower_component(
        &mut self,
        name: &str,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        type_name: String,
    ) -> Result<TypeDef, Error> {
        let (kind, docs, deprecated) = match schema {
            ReferenceOr::Reference { reference } => {
                // A component that is only a $ref: an alias, unless the chain
                // of references never reaches a schema.
                self.resolve(schema, pointer)?;
                let ty = self.ref_ty(reference, pointer)?;
                if ty == Ty::Named(self.components[name]) {
                    return Err(Error::RefCycle {
                        pointer: join(pointer, &["$ref"]),
                        chain: format!("{reference} -> {reference}"),
                        location: None,
                    });
                }
                (TypeKind::Alias(ty), Docs::default(), false)
            }
            ReferenceOr::Item(s) => {
                let kind = match self.lower_schema(s, pointer, &type_name)? {
                    schema::Shape::Def(kind) => kind,
                    schema::Shape::Ty(ty) => TypeKind::Alias(ty),
                };
                (kind, schema::docs_of(s), s.schema_data.deprecated)
            }
        };
        Ok(TypeDef {
            name: type_name,
            schema_name: Some(name.to_string()),
            pointer: pointer.to_string(),
            docs,
            deprecated,
            kind,
            same_as: None,
            usage: Usage::default(),
            features: Vec::new(),
        })
    }

    /// The schema most non-2xx responses use, when there is one.
    fn find_error_body(&self) -> Option<Ty> {
        let mut counts: IndexMap<String, usize> = IndexMap::new();
        for (_, _, op) in self.doc.operations() {
            let responses = op.responses.responses.iter().filter(|(s, _)| match s {
                openapiv3::StatusCode::Code(c) => *c >= 400,
                openapiv3::StatusCode::Range(r) => *r >= 4,
            });
            let default = op.responses.default.iter();
            for r in responses.map(|(_, r)| r).chain(default) {
                let r = match r {
                    ReferenceOr::Item(r) => r,
                    ReferenceOr::Reference { reference } => {
                        let Ok(name) = crate::reference::component(reference, "responses", "") else {
                            continue;
                        };
                        match self.doc.components.as_ref().and_then(|c| c.responses.get(&name)) {
                            Some(ReferenceOr::Item(r)) => r,
                            _ => continue,
                        }
                    }
                };
                for media in r.content.values() {
                    if let Some(ReferenceOr::Reference { reference }) = &media.schema {
                        *counts.entry(reference.clone()).or_default() += 1;
                    }
                }
            }
        }
        if let Some((best, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
            let name = crate::reference::component(&best, "schemas", "").ok()?;
            return self.components.get(&name).map(|id| Ty::Named(*id));
        }
        // No error response is described: a component that carries an
        // `errors` list (or is named like an error body) is the best guess.
        let carries = |name: &str, keys: &[&str]| {
            let Some(ReferenceOr::Item(s)) = self.doc_schemas.get(name) else {
                return false;
            };
            let v = schema::view(&s.schema_kind);
            v.properties.is_some_and(|p| keys.iter().any(|k| p.contains_key(*k)))
        };
        let by_errors_list = self.doc_schemas.keys().find(|n| carries(n, &["errors"]));
        let by_name = self.doc_schemas.keys().find(|n| {
            let lower = n.to_ascii_lowercase();
            matches!(
                lower.as_str(),
                "error" | "errorresponse" | "error-response" | "error_response" | "apierror" | "problem"
            ) && carries(n, &["message", "error", "detail", "title", "code"])
        });
        let name = by_errors_list.or(by_name)?;
        self.components.get(name).map(|id| Ty::Named(*id))
    }
}

impl Lowerer<'_> {
    /// The `crate::formats` type the config maps `format` to; else
    /// decoded bytes for base64 text (`byte`) unless the config keeps it a
    /// string; else `String`.
    pub(crate) fn string_ty(&mut self, format: Option<&str>) -> Ty {
        let mapped = format
            .and_then(|f| Format::ALL.into_iter().find(|x| x.name() == f))
            .filter(|f| self.formats.contains_key(f));
        match mapped {
            Some(f) => {
                self.formats_used.insert(f);
                Ty::Format(f)
            }
            None if self.byte_as_string => Ty::String,
            None => schema::primitive("string", format).unwrap_or(Ty::String),
        }
    }
}

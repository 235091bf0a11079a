//! Operations -> IR: names, parameters, request bodies, success responses
//! and security.

use super::Lowerer;
use crate::error::WarningCode;
use crate::error::{join, Error};
use crate::ir::*;
use crate::naming::{self, Namespace};
use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody as OaBody, Response, StatusCode,
};

/// Method names the generated `Client` defines itself.
const CLIENT_RESERVED: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "login",
    "set_bearer_token",
    "bearer_token",
    "clear_credentials",
    "set_basic_auth",
    "set_scheme_key",
    "allow_retry",
    "with_max_body_size",
    "bearer_token_expires",
    "request",
    "execute",
    "http_client",
    "clone",
    "fmt",
];

pub(crate) fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "text/json"
}

impl<'a> Lowerer<'a> {
    pub(crate) fn lower_operations(&mut self, schemes: &mut [SecurityScheme]) -> Result<Vec<Operation>, Error> {
        let mut fn_names = Namespace::with_reserved(CLIENT_RESERVED);
        for s in schemes.iter_mut() {
            s.client_setter = fn_names.claim(&naming::snake_name(&format!("set_{}", s.name)));
        }
        let mut op_names: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        let mut ops = Vec::new();
        let global: Vec<Vec<String>> = self
            .doc
            .security
            .as_ref()
            .map(|reqs| reqs.iter().map(|r| r.keys().cloned().collect()).collect())
            .unwrap_or_default();
        for (path, item) in self.doc.paths.paths.iter() {
            let path_ptr = join("/paths", &[path]);
            let item: &'a PathItem = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { reference } => {
                    self.warn(
                        WarningCode::UnfollowedRef,
                        &path_ptr,
                        format!("path item $ref `{reference}` is not followed; its operations are skipped"),
                    );
                    continue;
                }
            };
            let methods: [(Method, &str, &'a Option<openapiv3::Operation>); 8] = [
                (Method::Get, "get", &item.get),
                (Method::Put, "put", &item.put),
                (Method::Post, "post", &item.post),
                (Method::Delete, "delete", &item.delete),
                (Method::Options, "options", &item.options),
                (Method::Head, "head", &item.head),
                (Method::Patch, "patch", &item.patch),
                (Method::Trace, "trace", &item.trace),
            ];
            for (method, key, op) in methods {
                let Some(op) = op else { continue };
                let pointer = join(&path_ptr, &[key]);
                let derived = derive_operation_id(key, path);
                let mut op_id = match &op.operation_id {
                    Some(id) if !id.trim().is_empty() => id.clone(),
                    _ => derived.clone(),
                };
                let wanted = naming::snake_name(&op_id);
                let fn_name = if !fn_names.contains(&wanted) {
                    fn_names.claim(&wanted)
                } else {
                    // Taken by another operation or a client method: the
                    // method + path name, else a numbered one.
                    let fallback = naming::snake_name(&derived);
                    let unique = if fn_names.contains(&fallback) {
                        fn_names.claim(&wanted)
                    } else {
                        fn_names.claim(&fallback)
                    };
                    let holder = op_names
                        .get(&wanted)
                        .map(|p: &String| format!("operation at {p}"))
                        .unwrap_or_else(|| "a method of the generated client".into());
                    self.warn(
                        WarningCode::NameCollision,
                        &pointer,
                        format!("operation name `{wanted}` is already used by {holder}; this operation is `{unique}`"),
                    );
                    op_id = unique.clone();
                    unique
                };
                op_names.insert(fn_name.clone(), pointer.clone());
                let type_base = naming::type_name(&op_id);
                let params =
                    self.lower_params(&item.parameters, &op.parameters, &path_ptr, &pointer, &type_base, path)?;
                let body = match &op.request_body {
                    Some(b) => self.lower_body(b, &join(&pointer, &["requestBody"]), &type_base, &params)?,
                    None => None,
                };
                let response = self.lower_responses(op, &join(&pointer, &["responses"]), &type_base)?;
                let security = match &op.security {
                    Some(reqs) => reqs.iter().map(|r| r.keys().cloned().collect()).collect(),
                    None => global.clone(),
                };
                let mut docs = Docs {
                    summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
                    description: op.description.clone().filter(|s| !s.trim().is_empty()),
                    notes: Vec::new(),
                };
                if docs.summary.as_deref() == Some(op_id.as_str()) {
                    docs.summary = None;
                }
                let op = Operation {
                    builder: None,
                    accept: super::answer::accept(&response),
                    operation_id: op_id,
                    fn_name,
                    method,
                    path: path.clone(),
                    pointer,
                    docs,
                    tags: op.tags.clone(),
                    deprecated: op.deprecated,
                    params,
                    body,
                    response,
                    security,
                    feature: None,
                };
                for (k, mut op) in super::answer::json_first(op, &mut fn_names).into_iter().enumerate() {
                    if op.optional_inputs() > MAX_POSITIONAL_OPTIONAL {
                        let base = if k == 0 {
                            type_base.clone()
                        } else {
                            naming::type_name(&op.fn_name)
                        };
                        op.builder = Some(self.client_names.claim(&format!("{base}Request")));
                    }
                    ops.push(op);
                }
            }
        }
        for s in schemes.iter_mut() {
            s.used_by = ops
                .iter()
                .filter(|o: &&Operation| o.security.iter().any(|set| set.contains(&s.name)))
                .map(|o| o.fn_name.clone())
                .collect();
        }
        Ok(ops)
    }

    fn lower_params(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        op_level: &'a [ReferenceOr<Parameter>],
        path_ptr: &str,
        op_ptr: &str,
        type_base: &str,
        path: &str,
    ) -> Result<Vec<Param>, Error> {
        let mut resolved: Vec<(&'a Parameter, String)> = Vec::new();
        let sources = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, join(path_ptr, &["parameters", &i.to_string()])))
            .chain(
                op_level
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, join(op_ptr, &["parameters", &i.to_string()]))),
            );
        for (p, ptr) in sources {
            let (param, ptr) = self.resolve_param(p, &ptr)?;
            let data = param.parameter_data_ref();
            // Operation-level parameters override path-level ones.
            let key = (data.name.clone(), location_of(param));
            if let Some(i) = resolved
                .iter()
                .position(|(q, _)| (q.parameter_data_ref().name.clone(), location_of(q)) == key)
            {
                resolved[i] = (param, ptr);
            } else {
                resolved.push((param, ptr));
            }
        }
        // `client` and `send` are taken in request builders.
        let mut names =
            Namespace::with_reserved(&["body", "content_type", "request", "response", "self_", "client", "send"]);
        let mut out = Vec::new();
        for (param, ptr) in resolved {
            let data = param.parameter_data_ref();
            let location = location_of(param);
            let (style, explode) = match param {
                Parameter::Query { style, .. } => {
                    let s = match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    };
                    (
                        s,
                        data.explode
                            .unwrap_or(matches!(s, ParamStyle::Form | ParamStyle::DeepObject)),
                    )
                }
                Parameter::Cookie { .. } => (ParamStyle::Form, data.explode.unwrap_or(true)),
                _ => (ParamStyle::Simple, data.explode.unwrap_or(false)),
            };
            let hint = format!("{type_base}{}", naming::type_name(&data.name));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.lower_use(s, &join(&ptr, &["schema"]), &hint)?,
                ParameterSchemaOrContent::Content(content) => {
                    let schema = content.values().next().and_then(|m| m.schema.as_ref());
                    match schema {
                        Some(s) => self.lower_use(s, &join(&ptr, &["content"]), &hint)?,
                        None => Ty::String,
                    }
                }
            };
            let required = data.required || location == ParamLocation::Path;
            if location == ParamLocation::Path && !path.contains(&format!("{{{}}}", data.name)) {
                self.warn(
                    WarningCode::PathParameterMismatch,
                    &ptr,
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`",
                        data.name
                    ),
                );
            }
            let mut docs = Docs {
                summary: None,
                description: data.description.clone().filter(|d| !d.trim().is_empty()),
                notes: Vec::new(),
            };
            if data.deprecated == Some(true) {
                docs.notes.push("Deprecated.".into());
            }
            out.push(Param {
                rust_name: names.claim(&naming::snake_name(&data.name)),
                name: data.name.clone(),
                location,
                required,
                ty,
                style,
                explode,
                docs,
                pointer: ptr,
            });
        }
        // Path parameters the template names but no parameter declares.
        for seg in path.split('{').skip(1) {
            if let Some(name) = seg.split('}').next() {
                if !out.iter().any(|p| p.location == ParamLocation::Path && p.name == name) {
                    self.warn(WarningCode::PathParameterMismatch, op_ptr, format!("path template names `{{{name}}}` but no parameter declares it; it is taken as a required string"));
                    out.push(Param {
                        rust_name: names.claim(&naming::snake_name(name)),
                        name: name.to_string(),
                        location: ParamLocation::Path,
                        required: true,
                        ty: Ty::String,
                        style: ParamStyle::Simple,
                        explode: false,
                        docs: Docs::default(),
                        pointer: op_ptr.to_string(),
                    });
                }
            }
        }
        // Path parameters first (in template order), then the rest in document order.
        let order = |p: &Param| match p.location {
            ParamLocation::Path => path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        out.sort_by_key(|p| (p.location != ParamLocation::Path, order(p)));
        Ok(out)
    }

    fn resolve_param(&self, p: &'a ReferenceOr<Parameter>, ptr: &str) -> Result<(&'a Parameter, String), Error> {
        let mut current = p;
        let mut ptr = ptr.to_string();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(param) => return Ok((param, ptr)),
                ReferenceOr::Reference { reference } => {
                    let name = self.component_ref(reference, "parameters", &ptr)?;
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(&name))
                        .ok_or_else(|| missing(reference, &ptr, "parameters", &name))?;
                    ptr = join("/components/parameters", &[&name]);
                }
            }
        }
        Err(Error::RefCycle {
            pointer: ptr,
            chain: "parameter references".into(),
            location: None,
        })
    }

    /// `#/components/<kind>/<name>` -> `name` (unescaped).
    pub(crate) fn component_ref(&self, reference: &str, kind: &str, ptr: &str) -> Result<String, Error> {
        crate::reference::component(reference, kind, ptr)
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<OaBody>,
        ptr: &str,
        type_base: &str,
        params: &[Param],
    ) -> Result<Option<RequestBody>, Error> {
        let (body, ptr) = match body {
            ReferenceOr::Item(b) => (b, ptr.to_string()),
            ReferenceOr::Reference { reference } => {
                let name = self.component_ref(reference, "requestBodies", ptr)?;
                match self.doc.components.as_ref().and_then(|c| c.request_bodies.get(&name)) {
                    Some(ReferenceOr::Item(b)) => (b, join("/components/requestBodies", &[&name])),
                    Some(ReferenceOr::Reference { .. }) => {
                        self.warn(
                            WarningCode::UnfollowedRef,
                            ptr,
                            "a requestBody $ref that points at another $ref is not followed; the body is any JSON",
                        );
                        return Ok(None);
                    }
                    None => return Err(missing(reference, ptr, "requestBodies", &name)),
                }
            }
        };
        let docs = Docs {
            summary: None,
            description: body.description.clone().filter(|d| !d.trim().is_empty()),
            notes: Vec::new(),
        };
        let content_ptr = join(&ptr, &["content"]);
        let pick = |pred: &dyn Fn(&str) -> bool| body.content.iter().find(|(m, _)| pred(m));
        let kind = if let Some((media, mt)) = pick(&|m| is_json(m)) {
            let ty = match &mt.schema {
                Some(s) => self.lower_use(s, &join(&content_ptr, &[media, "schema"]), &format!("{type_base}Body"))?,
                None => crate::ir::Ty::Json,
            };
            BodyKind::Json {
                media_type: media.clone(),
                ty,
            }
        } else if let Some((media, mt)) = pick(&|m| m.starts_with("multipart/form-data")) {
            let sptr = join(&content_ptr, &[media, "schema"]);
            let parts = self.multipart_parts(mt.schema.as_ref(), &sptr, type_base, params)?;
            BodyKind::Multipart { parts }
        } else if let Some((media, mt)) = pick(&|m| m.starts_with("application/x-www-form-urlencoded")) {
            let ty = match &mt.schema {
                Some(s) => self.lower_use(s, &join(&content_ptr, &[media, "schema"]), &format!("{type_base}Form"))?,
                None => crate::ir::Ty::Map(Box::new(crate::ir::Ty::String)),
            };
            BodyKind::Form { ty }
        } else if let Some((media, _)) = pick(&|m| m.starts_with("text/")).filter(|_| {
            body.content
                .iter()
                .all(|(m, mt)| m.starts_with("text/") && !schema_is_binary(mt))
        }) {
            BodyKind::Text {
                media_type: media.clone(),
            }
        } else if !body.content.is_empty() {
            let mut names = Namespace::new();
            let types = body
                .content
                .keys()
                .map(|m| (names.claim(&naming::variant_name(m)), m.clone()))
                .collect();
            BodyKind::Binary {
                media: MediaChoice {
                    enum_name: self.client_names.claim(&format!("{type_base}ContentType")),
                    types,
                },
            }
        } else {
            self.warn(
                WarningCode::EmptyRequestBody,
                &ptr,
                "request body has no content; no body is sent",
            );
            return Ok(None);
        };
        let kept = match &kind {
            BodyKind::Json { media_type, .. } | BodyKind::Text { media_type } => vec![media_type.as_str()],
            BodyKind::Binary { media } => media.types.iter().map(|(_, m)| m.as_str()).collect(),
            BodyKind::Multipart { .. } => vec!["multipart/form-data"],
            BodyKind::Form { .. } => vec!["application/x-www-form-urlencoded"],
        };
        let dropped: Vec<&str> = body
            .content
            .keys()
            .map(String::as_str)
            .filter(|m| !kept.iter().any(|k| m.starts_with(k)) && !is_json(m))
            .collect();
        if !dropped.is_empty() && !matches!(kind, BodyKind::Binary { .. }) {
            self.warn(
                WarningCode::DroppedMediaType,
                &content_ptr,
                format!("request body media types {dropped:?} are not offered by the generated method"),
            );
        }
        Ok(Some(RequestBody {
            required: body.required,
            docs,
            kind,
            pointer: ptr,
        }))
    }

    /// The parts of a `multipart/form-data` body: one per property of its
    /// schema, a file part where the property is `format: binary` (or an
    /// array of such), a text part for scalars and JSON for the rest.
    fn multipart_parts(
        &mut self,
        schema: Option<&'a ReferenceOr<openapiv3::Schema>>,
        sptr: &str,
        type_base: &str,
        params: &[Param],
    ) -> Result<Vec<MultipartPart>, Error> {
        let mut parts = Vec::new();
        if let Some(s) = schema {
            let (schema, _) = self.resolve(s, sptr)?;
            let v = super::schema::view(&schema.schema_kind);
            let mut names = Namespace::with_reserved(&["request", "response", "body", "content_type"]);
            for p in params {
                names.claim(&p.rust_name);
            }
            if let Some(props) = v.properties {
                for (name, prop) in props {
                    let pptr = join(sptr, &["properties", name]);
                    let (p, _) = self.resolve_boxed(prop, &pptr)?;
                    let pv = super::schema::view(&p.schema_kind);
                    let is_binary = |s: &openapiv3::Schema| {
                        matches!(super::schema::view(&s.schema_kind).format.as_deref(), Some("binary"))
                    };
                    let kind = if is_binary(p) {
                        PartKind::File
                    } else if let Some(items) = pv.items.filter(|_| pv.typ == Some("array")) {
                        let (item, _) = self.resolve_boxed(items, &join(&pptr, &["items"]))?;
                        if is_binary(item) {
                            PartKind::Files
                        } else {
                            let ty =
                                self.lower_use_boxed(prop, &pptr, &format!("{type_base}{}", naming::type_name(name)))?;
                            match super::schema::view(&item.schema_kind).typ {
                                Some("object" | "array") | None => PartKind::Json(ty),
                                _ => PartKind::Value(ty),
                            }
                        }
                    } else {
                        let ty =
                            self.lower_use_boxed(prop, &pptr, &format!("{type_base}{}", naming::type_name(name)))?;
                        match pv.typ {
                            Some("string" | "integer" | "number" | "boolean") => PartKind::Value(ty),
                            _ if !pv.enumeration.is_empty() => PartKind::Value(ty),
                            _ => PartKind::Json(ty),
                        }
                    };
                    parts.push(MultipartPart {
                        name: name.clone(),
                        rust_name: names.claim(&naming::snake_name(name)),
                        required: v.required.contains(name),
                        kind,
                        docs: super::schema::docs_of(p),
                    });
                }
            }
        }
        Ok(parts)
    }

    fn resolve_response(&self, r: &'a ReferenceOr<Response>, ptr: &str) -> Result<(&'a Response, String), Error> {
        match r {
            ReferenceOr::Item(r) => Ok((r, ptr.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = self.component_ref(reference, "responses", ptr)?;
                match self.doc.components.as_ref().and_then(|c| c.responses.get(&name)) {
                    Some(ReferenceOr::Item(r)) => Ok((r, join("/components/responses", &[&name]))),
                    Some(ReferenceOr::Reference { .. }) => Err(Error::Invalid {
                        pointer: join(ptr, &["$ref"]),
                        message: "a response $ref that points at another $ref is not supported".into(),
                        location: None,
                    }),
                    None => Err(missing(reference, ptr, "responses", &name)),
                }
            }
        }
    }

    fn lower_responses(
        &mut self,
        op: &'a openapiv3::Operation,
        ptr: &str,
        type_base: &str,
    ) -> Result<ResponseShape, Error> {
        let mut success: Vec<(Option<u16>, &'a ReferenceOr<Response>, String)> = Vec::new();
        for (status, r) in &op.responses.responses {
            let key = status.to_string();
            match status {
                StatusCode::Code(c) if (200..300).contains(c) => success.push((Some(*c), r, join(ptr, &[&key]))),
                StatusCode::Range(2) => success.push((None, r, join(ptr, &[&key]))),
                _ => {}
            }
        }
        if success.is_empty() {
            if let Some(d) = &op.responses.default {
                success.push((None, d, join(ptr, &["default"])));
            }
        }
        let many = success.len() > 1;
        let mut cases = Vec::new();
        let mut names = Namespace::new();
        for (status, r, rptr) in success {
            let (resp, rptr) = self.resolve_response(r, &rptr)?;
            let status_word = status.map(status_name).unwrap_or_else(|| "Success".to_string());
            let docs = Docs {
                summary: None,
                description: Some(resp.description.clone()).filter(|d| !d.trim().is_empty()),
                notes: Vec::new(),
            };
            if resp.content.is_empty() {
                cases.push(SuccessCase {
                    name: names.claim(&status_word),
                    status,
                    media_type: None,
                    body: ResponseBody::Empty,
                    docs,
                });
                continue;
            }
            // One case per distinct kind of body; several JSON media types
            // with the same schema collapse into one.
            let mut json_schemas: Vec<Option<&'a ReferenceOr<openapiv3::Schema>>> = Vec::new();
            let binary_count = resp
                .content
                .keys()
                .filter(|m| !is_json(m) && !m.starts_with("text/"))
                .count();
            let several_media = resp.content.len() > 1;
            for (media, mt) in &resp.content {
                let hint = if many {
                    format!("{type_base}{status_word}Body")
                } else {
                    format!("{type_base}Response")
                };
                let body = if is_json(media) {
                    // JSON media types with the same schema are one case.
                    if json_schemas.contains(&mt.schema.as_ref()) {
                        continue;
                    }
                    json_schemas.push(mt.schema.as_ref());
                    match &mt.schema {
                        Some(s) => {
                            ResponseBody::Json(self.lower_use(s, &join(&rptr, &["content", media, "schema"]), &hint)?)
                        }
                        None => ResponseBody::Json(Ty::Json),
                    }
                } else if is_event_stream(media) {
                    // The schema of each event's data (`itemSchema`, moved
                    // here by `load`); text when it is a string or absent.
                    let item = match &mt.schema {
                        Some(s) => {
                            self.lower_use(s, &join(&rptr, &["content", media, "schema"]), &format!("{hint}Event"))?
                        }
                        None => Ty::String,
                    };
                    ResponseBody::Events(match item {
                        Ty::String => EventData::Text,
                        ty => EventData::Json(ty),
                    })
                } else if media.starts_with("text/") {
                    ResponseBody::Text
                } else {
                    ResponseBody::Binary {
                        media_types: vec![media.clone()],
                    }
                };
                let name = if several_media {
                    let suffix = match &body {
                        ResponseBody::Json(_) if json_schemas.len() == 1 => "Json".to_string(),
                        ResponseBody::Json(_) => naming::variant_name(media),
                        ResponseBody::Text => "Text".to_string(),
                        ResponseBody::Events(_) => "Events".to_string(),
                        _ if binary_count > 1 => "Binary".to_string(),
                        _ => naming::variant_name(media),
                    };
                    names.claim(&format!("{status_word}{suffix}"))
                } else {
                    names.claim(&status_word)
                };
                cases.push(SuccessCase {
                    name,
                    status,
                    media_type: Some(media.clone()),
                    body,
                    docs: docs.clone(),
                });
            }
        }
        if cases.is_empty() {
            self.warn(
                WarningCode::NoSuccessResponse,
                ptr,
                "the operation describes no success (2xx) response; the method returns `()` for any 2xx answer",
            );
            cases.push(SuccessCase {
                name: "Success".into(),
                status: None,
                media_type: None,
                body: ResponseBody::Empty,
                docs: Docs::default(),
            });
        }
        // Binary responses with several media types: one case per status,
        // accepting each of them; the content type comes back with the bytes.
        let mut merged: Vec<SuccessCase> = Vec::with_capacity(cases.len());
        for case in cases {
            if let ResponseBody::Binary { media_types } = &case.body {
                if let Some(ResponseBody::Binary { media_types: into }) = merged
                    .iter_mut()
                    .find(|c| c.status == case.status && matches!(c.body, ResponseBody::Binary { .. }))
                    .map(|c| &mut c.body)
                {
                    into.extend(media_types.iter().cloned());
                    continue;
                }
            }
            merged.push(case);
        }
        let mut cases = merged;
        if cases.len() == 1 {
            return Ok(ResponseShape::Single(cases.remove(0)));
        }
        Ok(ResponseShape::Many {
            enum_name: self.client_names.claim(&format!("{type_base}Response")),
            arms: super::answer::arms(&cases),
            cases,
        })
    }
}

/// `text/event-stream`, parameters and case aside.
fn is_event_stream(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("text/event-stream")
}

/// `type: string, format: binary` (raw octets rather than text).
fn schema_is_binary(mt: &openapiv3::MediaType) -> bool {
    match &mt.schema {
        Some(ReferenceOr::Item(s)) => super::schema::view(&s.schema_kind).format.as_deref() == Some("binary"),
        _ => false,
    }
}

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn missing(reference: &str, ptr: &str, kind: &str, name: &str) -> Error {
    Error::MissingRef {
        pointer: join(ptr, &["$ref"]),
        target: reference.to_string(),
        reason: format!("there is no `{name}` under /components/{kind}"),
        location: None,
    }
}

/// `get /users/{id}/posts` -> `get_users_by_id_posts`.
fn derive_operation_id(method: &str, path: &str) -> String {
    let mut s = method.to_string();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        s.push('_');
        match seg.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            Some(param) => {
                s.push_str("by_");
                s.push_str(param);
            }
            None => s.push_str(seg),
        }
    }
    if s == method {
        s.push_str("_root");
    }
    naming::snake_name(&s)
}

/// Readable variant names for status codes.
fn status_name(code: u16) -> String {
    match code {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritative".into(),
        204 => "NoContent".into(),
        206 => "PartialContent".into(),
        other => format!("Status{other}"),
    }
}

//! The intermediate representation: our own plain data, built by `lower`,
//! refined by `normalise`, printed by `emit`.
//!
//! Nothing here knows about `openapiv3`. Every decision about how a schema or
//! an operation becomes Rust (names, field types, boxing, variant order,
//! tagging, fallbacks) is recorded in these types, so the emitters only print.
//! Every node keeps the JSON pointer it came from.

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The whole API, ready to print.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// First server URL, if the document names one.
    pub default_server: Option<String>,
    /// Named types in definition order (component schemas first, in document
    /// order, then inline types in the order they were met).
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The schema used to decode error bodies, when one is recognisable.
    pub error_body: Option<Ty>,
    pub webhook_event: Option<TypeId>,
    pub security_schemes: Vec<SecurityScheme>,
    /// A basic-auth operation that returns a bearer token, for `Client::login`.
    pub login: Option<Login>,
    /// A type the crate defines is named like a std prelude item the
    /// generated code uses (`Option`, `Some`, `None`, `String`, `Vec`,
    /// `Box`, `Result`, `Ok`, `Err`), so std paths are written in full.
    pub prelude_shadowed: bool,
    /// Cargo features, one per tag, when the API is split by tag (empty
    /// otherwise). Every feature is on by default.
    pub features: Vec<Feature>,
    /// String formats printed as `crate::formats` types (opt-in per
    /// config), each with the library its conversions use by default.
    pub formats: Vec<(Format, FormatLib)>,
}

/// A string format that can be printed as a `crate::formats` type, which
/// keeps the exact text and converts it to a library type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    DateTime,
    Date,
    Uuid,
    Uri,
    /// `byte`: base64-encoded bytes.
    Byte,
    Binary,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::DateTime,
        Format::Date,
        Format::Uuid,
        Format::Uri,
        Format::Byte,
        Format::Binary,
    ];

    /// The OpenAPI `format` value.
    pub fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Uuid => "uuid",
            Format::Uri => "uri",
            Format::Byte => "byte",
            Format::Binary => "binary",
        }
    }

    /// The type in the generated `formats` module.
    pub fn type_name(self) -> &'static str {
        match self {
            Format::DateTime => "DateTime",
            Format::Date => "Date",
            Format::Uuid => "Uuid",
            Format::Uri => "Uri",
            Format::Byte => "Base64",
            Format::Binary => "Binary",
        }
    }

    /// The libraries a format may map to.
    pub fn libraries(self) -> &'static [FormatLib] {
        match self {
            Format::DateTime | Format::Date => &[FormatLib::Time, FormatLib::Chrono],
            Format::Uuid => &[FormatLib::Uuid],
            Format::Uri => &[FormatLib::Url],
            Format::Byte | Format::Binary => &[FormatLib::Bytes],
        }
    }
}

/// The library a mapped format converts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormatLib {
    Time,
    Chrono,
    Uuid,
    Url,
    Bytes,
}

impl FormatLib {
    /// How the config names it (`date-time = "time"`).
    pub fn name(self) -> &'static str {
        match self {
            FormatLib::Time => "time",
            FormatLib::Chrono => "chrono",
            FormatLib::Uuid => "uuid",
            FormatLib::Url => "url",
            FormatLib::Bytes => "bytes",
        }
    }

    /// The cargo feature of the generated crate that enables it (`None`:
    /// no optional dependency needed).
    pub fn feature(self) -> Option<&'static str> {
        match self {
            FormatLib::Time => Some("time"),
            FormatLib::Chrono => Some("chrono"),
            FormatLib::Uuid => Some("uuid"),
            FormatLib::Bytes => Some("base64"),
            FormatLib::Url => None,
        }
    }
}

/// A cargo feature that enables the operations of one tag and the types
/// only they use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// Cargo feature name (kebab-case).
    pub name: String,
    /// Rust module holding the feature's operations and types (`tag_<snake>`).
    pub module: String,
    /// The tag as the spec writes it.
    pub tag: String,
}

/// How to log in: call `operation` with HTTP basic credentials and keep the
/// token found at `token` (and its expiry at `expires`) as the bearer token.
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    /// Index into [`Api::operations`].
    pub operation: usize,
    /// The status a token-less answer is reported with: the documented
    /// success status (200 for a `2XX` range).
    pub status: u16,
    pub token: Vec<Step>,
    pub expires: Option<Vec<Step>>,
}

/// One step from a response value towards a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A struct field (Rust name), optional or not.
    Field { name: String, optional: bool },
    /// The first element of a `Vec`.
    First,
    /// Through a `Box`.
    Deref,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Name under `components/securitySchemes`.
    pub name: String,
    pub kind: SchemeKind,
    /// Its setter on `ClientBuilder` (snake_case of the name, unique among
    /// the builder's methods).
    pub builder_setter: String,
    /// Its setter on `Client` (`set_` + the name, unique among the client's
    /// methods and operations).
    pub client_setter: String,
    /// Method names of the operations that accept this scheme, in order.
    pub used_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (http bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    ApiKeyHeader(String),
    ApiKeyQuery(String),
    ApiKeyCookie(String),
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Documentation gathered from `title`, `summary`, `description`, defaults
/// and examples. Raw spec prose; the emitter sanitises it for rustdoc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Extra lines (defaults, formats, constraints) in display form.
    pub notes: Vec<String>,
}

impl Docs {
    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.description.is_none() && self.notes.is_empty()
    }
}

/// A named Rust item.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust identifier (UpperCamelCase, unique in the crate).
    pub name: String,
    /// The component schema name when this came from `components/schemas`.
    pub schema_name: Option<String>,
    pub pointer: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Set when this inline schema has exactly the shape (fields, docs,
    /// variants, wire names) of another type: `kind` is then an alias of
    /// that type, so one Rust type serves both and the crate compiles once.
    pub same_as: Option<TypeId>,
    /// Whether the type appears in request bodies/parameters and/or responses.
    pub usage: Usage,
    /// Indices into [`Api::features`] of the features that need this type;
    /// empty: always compiled.
    pub features: Vec<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string (or integer) enumeration with a fallback variant that keeps
    /// unlisted values.
    Enum(Enum),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// `type X = <ty>;`
    Alias(Ty),
    /// A `const`: a unit type that serializes to `value` and deserializes
    /// from exactly that value, nothing else.
    Literal(Literal),
}

/// The one value a `const` schema allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Literal {
    String(String),
    Integer(i64),
    Bool(bool),
    /// `null`: the unit type of JSON.
    Null,
    /// An integer above `i64::MAX`.
    Unsigned(u64),
    /// A number that is not an integer, as the bits of its `f64`.
    Float(u64),
    /// An object or an array, as its compact JSON text.
    Json(String),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The type of the `additional_properties` field that keeps undeclared
    /// properties, if any: `Ty::RawJsonMap` when the schema allows any value
    /// there (`additionalProperties` absent, `true` or `{}`), else
    /// `Ty::Map` of its schema's type.
    pub additional: Option<Ty>,
    /// Every field is optional or constant, so the struct can derive `Default`.
    pub all_optional: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// snake_case Rust identifier, unique in the struct.
    pub name: String,
    /// Property name on the wire.
    pub json_name: String,
    pub pointer: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub docs: Docs,
    pub deprecated: bool,
    /// Printed as `***` by `Debug`.
    pub secret: bool,
    /// Required, not nullable, and of a `const` type: it has one possible
    /// value, which constructors fill in (decided in `normalise`).
    pub constant: bool,
    /// Name of the `with_*` setter of an optional field, unique among the
    /// struct's methods (decided in `normalise`); `None` when required.
    pub setter: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    /// The wire value, of the enum's [`EnumRepr`].
    pub value: EnumValue,
    pub docs: Docs,
}

/// One value of an enumeration, as the spec gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EnumValue {
    String(String),
    Integer(i64),
}

impl std::fmt::Display for EnumValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumValue::String(s) => f.write_str(s),
            EnumValue::Integer(n) => write!(f, "{n}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Union {
    pub tagging: Tagging,
    /// In the order the deserializer tries them (most specific first).
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tagging {
    /// No discriminator: the first variant (in order) that accepts the value wins.
    Untagged,
    /// `discriminator.propertyName`: the property's value picks the variant.
    Internal { property: String },
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// Discriminator values that select this variant (tagged unions only).
    pub tags: Vec<String>,
    /// Untagged unions: (property, value) pairs the member fixes with a
    /// one-value enum or `const`; a value with another value there is
    /// never this variant.
    pub checks: Vec<(String, String)>,
    pub docs: Docs,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Named(TypeId),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Option(Box<Ty>),
    /// Heap indirection for recursive types (decided in `normalise`).
    Box(Box<Ty>),
    /// A fixed-length array whose items have one type each (JSON Schema
    /// `prefixItems` with no further items): a Rust tuple, 2 to 12 members.
    Tuple(Vec<Ty>),
    /// A string with a mapped format (`crate::formats::X`).
    Format(Format),
    /// Base64 text (`format: byte`, `contentEncoding: base64`) unless the
    /// config maps `byte`: its decoded bytes (`crate::runtime::Base64Bytes`).
    Bytes,
    /// A JSON object kept as its compact text (`crate::runtime::RawJsonMap`,
    /// values `crate::runtime::RawJson`): a struct's undeclared properties
    /// when any value is allowed there (`lower::schema::undeclared`).
    RawJsonMap,
}

impl Ty {
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Box(t) => t.named(),
            // A tuple is built around no one type.
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Safe to repeat without changing the outcome (RFC 9110 section 9.2.2).
    pub fn idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or a name derived from method and path.
    pub operation_id: String,
    /// snake_case method name, unique on the client.
    pub fn_name: String,
    pub method: Method,
    pub path: String,
    pub pointer: String,
    pub docs: Docs,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub response: ResponseShape,
    /// The request builder the method returns (its type name in the
    /// `client` module) when the operation has more than
    /// [`MAX_POSITIONAL_OPTIONAL`] optional inputs; `None`: the method takes
    /// every argument itself.
    pub builder: Option<String>,
    /// The `Accept` header: every media type of the success answers, in
    /// document order, without repeats (empty: no header).
    pub accept: String,
    /// Alternatives (any one suffices), each a set of scheme names that
    /// apply together. Empty: no authentication.
    pub security: Vec<Vec<String>>,
    /// Index into [`Api::features`] of the feature that enables this
    /// operation; `None`: always compiled.
    pub feature: Option<usize>,
}

/// The most optional inputs (optional parameters, an optional non-multipart
/// body) an operation's method takes as `Option` arguments; with more, the
/// method takes the required ones and returns a builder with one setter per
/// optional input and `send`.
pub const MAX_POSITIONAL_OPTIONAL: usize = 2;

impl Operation {
    /// Its only success answer is binary or an event stream, so its body is
    /// left unread for the caller to stream.
    pub fn streams_body(&self) -> bool {
        matches!(
            &self.response,
            ResponseShape::Single(SuccessCase {
                body: ResponseBody::Binary { .. } | ResponseBody::Events(_),
                ..
            })
        )
    }

    /// Its optional inputs: optional parameters, then an optional body that
    /// is not multipart (multipart parts are arguments of their own).
    pub fn optional_inputs(&self) -> usize {
        let body = self
            .body
            .as_ref()
            .is_some_and(|b| !b.required && !matches!(b.kind, BodyKind::Multipart { .. }));
        self.params.iter().filter(|p| !p.required).count() + usize::from(body)
    }

    /// Names of the enums the operation gets besides its method: the
    /// response enum when there are several success cases, and the media
    /// type enum when a raw body takes more than one media type.
    pub fn item_names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        if let Some(builder) = &self.builder {
            names.push(builder.as_str());
        }
        if let ResponseShape::Many { enum_name, .. } = &self.response {
            names.push(enum_name.as_str());
        }
        if let Some(RequestBody {
            kind: BodyKind::Binary { media },
            ..
        }) = &self.body
        {
            if media.types.len() > 1 {
                names.push(media.enum_name.as_str());
            }
        }
        names
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query default): `a=1&a=2` when exploded, `a=1,2` otherwise.
    Form,
    /// `simple` (path/header default): `1,2`.
    Simple,
    SpaceDelimited,
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    pub style: ParamStyle,
    pub explode: bool,
    pub docs: Docs,
    pub pointer: String,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Docs,
    pub kind: BodyKind,
    pub pointer: String,
}

#[derive(Debug, Clone)]
pub enum BodyKind {
    /// `application/json` (or `+json`) with this type.
    Json { media_type: String, ty: Ty },
    /// `text/*`: a string.
    Text { media_type: String },
    /// `multipart/form-data`: one part per field.
    Multipart { parts: Vec<MultipartPart> },
    /// `application/x-www-form-urlencoded` with this type.
    Form { ty: Ty },
    /// Raw bytes with one of these media types.
    Binary { media: MediaChoice },
}

/// The media types an operation accepts for a raw body, as an enum when
/// there is more than one.
#[derive(Debug, Clone)]
pub struct MediaChoice {
    /// Name of the generated enum (when `types.len() > 1`).
    pub enum_name: String,
    /// (variant name, media type), in document order.
    pub types: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct MultipartPart {
    pub name: String,
    pub rust_name: String,
    pub required: bool,
    pub kind: PartKind,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// One file (`format: binary`).
    File,
    /// Several files under one name (an array of `format: binary`).
    Files,
    /// A scalar (or array of scalars, one part each) sent as text.
    Value(Ty),
    /// An object sent as a JSON part.
    Json(Ty),
}

/// What a successful call returns.
#[derive(Debug, Clone)]
pub enum ResponseShape {
    /// One success case.
    Single(SuccessCase),
    /// Several success statuses or media types: a per-operation enum.
    /// `arms` says how an answer is matched to a case.
    Many {
        enum_name: String,
        cases: Vec<SuccessCase>,
        arms: Vec<StatusArm>,
    },
}

/// The cases of one success status, in the order an answer is matched:
/// statuses in document order, ranges (`2XX`, `default`) last.
#[derive(Debug, Clone)]
pub struct StatusArm {
    /// `None`: any 2xx status not matched before.
    pub status: Option<u16>,
    /// Indexes into the `Many` cases, each with the media check that picks it
    /// (`MediaCheck::Any` when the status has a single case).
    pub cases: Vec<(usize, MediaCheck)>,
    /// When the status has several media types: the media types listed in
    /// the error for an answer that matches none of them.
    pub expected: Option<String>,
}

/// How the answer's `Content-Type` picks a case among a status's cases.
#[derive(Debug, Clone, PartialEq)]
pub enum MediaCheck {
    /// No check (the status has one case).
    Any,
    /// Any JSON media type (or none).
    Json,
    /// One of these media types (`type/*` and `*/*` allowed); used for JSON
    /// too when one status has several JSON media types of different types.
    Exactly(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct SuccessCase {
    /// Variant name when in a `Many` enum.
    pub name: String,
    /// `Some(200)` or `None` for a `2XX` range or `default`.
    pub status: Option<u16>,
    pub media_type: Option<String>,
    pub body: ResponseBody,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No content.
    Empty,
    Json(Ty),
    /// Text in the case's media type (`SuccessCase::media_type`, always set).
    Text,
    /// Raw bytes and their content type, in one of these media types.
    Binary {
        media_types: Vec<String>,
    },
    /// `text/event-stream`: a stream of server-sent events whose data is
    /// this item type (the media type's `itemSchema`, else its `schema`).
    Events(EventData),
}

impl ResponseBody {
    /// The type decoded from JSON in this body: a JSON body's, or the data
    /// of each event of an event stream.
    pub fn json_ty(&self) -> Option<&Ty> {
        match self {
            ResponseBody::Json(t) | ResponseBody::Events(EventData::Json(t)) => Some(t),
            _ => None,
        }
    }
}

/// What the data of each server-sent event is decoded into.
#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    /// The text itself (a string schema, or no schema).
    Text,
    /// JSON of this type.
    Json(Ty),
}

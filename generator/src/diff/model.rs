//! The report: one [`Change`] per semantic difference, with its verdict.
//!
//! The JSON form of these types is a stable, documented format
//! (`docs/spec-diff-rules.md`); fields are only ever added to it.

use serde::Serialize;

/// Which of the two documents a change's pointer and line refer to: the head
/// for everything that exists there, the base for removals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Base,
    Head,
}

/// Which way the changed schema travels between client and server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Direction {
    /// Sent by the client (request bodies, parameters).
    pub request: bool,
    /// Sent by the server (response bodies, webhook events, error bodies).
    pub response: bool,
}

impl Direction {
    pub const REQUEST: Direction = Direction {
        request: true,
        response: false,
    };
    pub const RESPONSE: Direction = Direction {
        request: false,
        response: true,
    };
    pub const BOTH: Direction = Direction {
        request: true,
        response: true,
    };

    pub fn union(self, other: Direction) -> Direction {
        Direction {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// `request`, `response` or `both` (`none` is never reported: a type
    /// used nowhere is treated as travelling both ways).
    pub fn as_str(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "both",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "none",
        }
    }
}

impl Serialize for Direction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How much a reviewer should care about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Breaks callers: `breaking` or `wire`.
    Error,
    /// Breaks nothing, but the old client behaves differently or the change
    /// deserves a look (a new value kept in `Unknown`, a changed default).
    Warning,
    /// Nothing to do.
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// The verdicts of one rule on one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub breaking: bool,
    pub wire: bool,
    pub level: Level,
}

impl Verdict {
    /// `error` when either verdict is breaking, `info` otherwise.
    pub fn new(breaking: bool, wire: bool) -> Verdict {
        let level = if breaking || wire { Level::Error } else { Level::Info };
        Verdict { breaking, wire, level }
    }

    /// Raises `info` to `warning`.
    #[must_use]
    pub fn warning(mut self) -> Verdict {
        if self.level == Level::Info {
            self.level = Level::Warning;
        }
        self
    }
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// What changed: a stable identifier per rule of
        /// `docs/spec-diff-rules.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $( $(#[$doc])* $variant, )*
        }

        impl Kind {
            /// Every kind, in the order of the rule table.
            pub const ALL: &'static [Kind] = &[ $( Kind::$variant, )* ];

            /// The identifier used in the JSON and Markdown output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Kind::$variant => $name, )*
                }
            }
        }
    };
}

kinds! {
    /// A new operation (path and method).
    OperationAdded = "operation-added",
    /// An operation is gone.
    OperationRemoved = "operation-removed",
    /// The `operationId` changed so that the generated method has a new name.
    OperationRenamed = "operation-renamed",
    /// A new parameter.
    ParameterAdded = "parameter-added",
    /// A parameter is gone.
    ParameterRemoved = "parameter-removed",
    /// A path variable has a new name at the same place in the path.
    PathParameterRenamed = "path-parameter-renamed",
    /// A parameter kept its name but moved to another location (`in`).
    ParameterMoved = "parameter-moved",
    /// The generated method takes its parameters in another order.
    ParameterReordered = "parameter-reordered",
    /// An optional parameter became required.
    ParameterBecameRequired = "parameter-became-required",
    /// A required parameter became optional.
    ParameterBecameOptional = "parameter-became-optional",
    /// An operation that took no body takes one.
    RequestBodyAdded = "request-body-added",
    /// An operation no longer takes a body.
    RequestBodyRemoved = "request-body-removed",
    /// An optional request body became required.
    RequestBodyBecameRequired = "request-body-became-required",
    /// A required request body became optional.
    RequestBodyBecameOptional = "request-body-became-optional",
    /// The request body accepts a new media type.
    RequestMediaTypeAdded = "request-media-type-added",
    /// The request body no longer accepts a media type.
    RequestMediaTypeRemoved = "request-media-type-removed",
    /// A new response status (or `default`).
    ResponseAdded = "response-added",
    /// A response status is gone.
    ResponseRemoved = "response-removed",
    /// A response has a new media type.
    ResponseMediaTypeAdded = "response-media-type-added",
    /// A response lost a media type.
    ResponseMediaTypeRemoved = "response-media-type-removed",
    /// A new schema under `components/schemas`.
    SchemaAdded = "schema-added",
    /// A schema under `components/schemas` is gone.
    SchemaRemoved = "schema-removed",
    /// An object schema has a new property.
    PropertyAdded = "property-added",
    /// An object schema lost a property.
    PropertyRemoved = "property-removed",
    /// An optional property became required.
    PropertyBecameRequired = "property-became-required",
    /// A required property became optional.
    PropertyBecameOptional = "property-became-optional",
    /// Required properties are declared in another order.
    RequiredPropertiesReordered = "required-properties-reordered",
    /// A schema's type changed (including to or from an enumeration, a map, a union).
    TypeChanged = "type-changed",
    /// A schema's `format` changed, appeared or went away.
    FormatChanged = "format-changed",
    /// An enumeration has a new value.
    EnumValueAdded = "enum-value-added",
    /// An enumeration lost a value.
    EnumValueRemoved = "enum-value-removed",
    /// A `oneOf`/`anyOf` has a new alternative.
    VariantAdded = "variant-added",
    /// A `oneOf`/`anyOf` lost an alternative.
    VariantRemoved = "variant-removed",
    /// A schema became `nullable`.
    NullableAdded = "nullable-added",
    /// A schema is no longer `nullable`.
    NullableRemoved = "nullable-removed",
    /// An operation accepts a new security alternative.
    SecurityAdded = "security-added",
    /// An operation no longer accepts a security alternative.
    SecurityRemoved = "security-removed",
    /// A new security scheme.
    SecuritySchemeAdded = "security-scheme-added",
    /// A security scheme is gone.
    SecuritySchemeRemoved = "security-scheme-removed",
    /// A security scheme's definition changed.
    SecuritySchemeChanged = "security-scheme-changed",
    /// A bound (`minimum`, `maxLength`, `maxItems`, `exclusive*`, `multipleOf`, ...) admits fewer values.
    ConstraintTightened = "constraint-tightened",
    /// A bound admits more values.
    ConstraintLoosened = "constraint-loosened",
    /// A `pattern` appeared, changed or went away.
    PatternChanged = "pattern-changed",
    /// A `default` appeared, changed or went away.
    DefaultChanged = "default-changed",
    /// An `x-extensible-enum` lists a new value.
    ExtensibleEnumValueAdded = "extensible-enum-value-added",
    /// An `x-extensible-enum` lost a value.
    ExtensibleEnumValueRemoved = "extensible-enum-value-removed",
    /// An OpenAPI 3.1 validation keyword the Rust type does not express appeared.
    KeywordAdded = "keyword-added",
    /// Such a keyword went away.
    KeywordRemoved = "keyword-removed",
    /// Such a keyword changed.
    KeywordChanged = "keyword-changed",
    /// A property became required inside `then` or `else`.
    ConditionalRequiredAdded = "conditional-required-added",
    /// A schema became a `const` (a literal type in Rust).
    ConstAdded = "const-added",
    /// A schema is no longer a `const`.
    ConstRemoved = "const-removed",
    /// A `const` has another value.
    ConstChanged = "const-changed",
    /// A tuple (`prefixItems`) has a new position.
    PrefixItemsAdded = "prefix-items-added",
    /// A tuple lost its last position(s).
    PrefixItemsRemoved = "prefix-items-removed",
    /// `dependentRequired` requires more names when a property is present.
    DependentRequiredAdded = "dependent-required-added",
    /// `dependentRequired` requires fewer names.
    DependentRequiredRemoved = "dependent-required-removed",
    /// A `dependentSchemas` entry appeared.
    DependentSchemaAdded = "dependent-schema-added",
    /// A `dependentSchemas` entry went away.
    DependentSchemaRemoved = "dependent-schema-removed",
    /// A `dependentSchemas` entry changed.
    DependentSchemaChanged = "dependent-schema-changed",
    /// A `patternProperties` entry appeared.
    PatternPropertyAdded = "pattern-property-added",
    /// A `patternProperties` entry went away.
    PatternPropertyRemoved = "pattern-property-removed",
    /// A `patternProperties` entry changed.
    PatternPropertyChanged = "pattern-property-changed",
    /// A schema became a `oneOf`/`anyOf` that keeps it as one alternative.
    WrappedInUnion = "wrapped-in-union",
    /// A media type of a body gained a `schema`.
    MediaTypeSchemaAdded = "media-type-schema-added",
    /// A media type of a body lost its `schema`.
    MediaTypeSchemaRemoved = "media-type-schema-removed",
    /// A union gained a `discriminator`.
    DiscriminatorAdded = "discriminator-added",
    /// A union lost its `discriminator`.
    DiscriminatorRemoved = "discriminator-removed",
    /// A `discriminator`'s property name or mapping changed.
    DiscriminatorChanged = "discriminator-changed",
    /// A property became `readOnly`.
    PropertyBecameReadOnly = "property-became-read-only",
    /// A property is no longer `readOnly`.
    PropertyBecameNotReadOnly = "property-became-not-read-only",
    /// A property became `writeOnly`.
    PropertyBecameWriteOnly = "property-became-write-only",
    /// A property is no longer `writeOnly`.
    PropertyBecameNotWriteOnly = "property-became-not-write-only",
    /// An operation, parameter or schema became deprecated.
    Deprecated = "deprecated",
    /// An operation, parameter or schema is no longer deprecated.
    Reactivated = "reactivated",
    /// The `x-sunset` date of a deprecated operation changed.
    SunsetChanged = "sunset-changed",
    /// The `x-stability-level` changed.
    StabilityChanged = "stability-changed",
    /// A response declares a new header.
    ResponseHeaderAdded = "response-header-added",
    /// A response no longer declares a header.
    ResponseHeaderRemoved = "response-header-removed",
    /// A required response header became optional.
    ResponseHeaderBecameOptional = "response-header-became-optional",
    /// An optional response header became required.
    ResponseHeaderBecameRequired = "response-header-became-required",
    /// A security requirement asks for a new OAuth2/OpenID scope.
    SecurityScopeAdded = "security-scope-added",
    /// A security requirement no longer asks for a scope.
    SecurityScopeRemoved = "security-scope-removed",
    /// An operation has a new callback.
    CallbackAdded = "callback-added",
    /// An operation lost a callback.
    CallbackRemoved = "callback-removed",
    /// A callback changed.
    CallbackChanged = "callback-changed",
    /// A generated item has a new name, with no schema-level change explaining it.
    RustItemRenamed = "rust-item-renamed",
    /// A generated item is gone, with no schema-level change explaining it.
    RustItemRemoved = "rust-item-removed",
    /// A generated method's arguments, a field's or a variant's type changed, with no schema-level change explaining it.
    RustSignatureChanged = "rust-signature-changed",
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One semantic difference between the two documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// RFC 6901 pointer to the most specific node that changed, in the
    /// document named by `side`.
    pub pointer: String,
    pub kind: Kind,
    /// Whether code or requests that worked with the client generated from
    /// the base stop working with the client generated from the head.
    pub breaking: bool,
    /// Whether, on the wire alone, a request the old client sent validly is
    /// now rejected, or a response it accepted may now fail to decode.
    pub wire: bool,
    /// `error` (breaking or wire), `warning` or `info`.
    pub level: Level,
    /// One sentence.
    pub message: String,
    /// The generated items affected (`types::GroupInfo::creator`,
    /// `Client::delete_media`), sorted.
    pub rust: Vec<String>,
    /// 1-based line of `pointer` in the document named by `side`, or in
    /// `file` when an overlay wrote the node.
    pub line: Option<usize>,
    /// The overlay file that wrote the node at `pointer` (`oagen diff
    /// --overlay`); absent for the spec's own nodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `head`, or `base` for removals.
    pub side: Side,
    /// For schema, parameter and body changes: which way the value travels.
    pub direction: Option<Direction>,
}

/// Counts of changes by verdict and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub non_breaking: usize,
    /// Changes with `wire: true`.
    pub wire: usize,
    /// Changes per `level`.
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

/// Everything one comparison found, sorted by pointer, then kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// A label for the base document (a file name or `REV:path`).
    pub base: String,
    /// A label for the head document.
    pub head: String,
    pub changes: Vec<Change>,
    pub summary: Summary,
}

impl Report {
    /// Sets the labels printed for the two documents.
    #[must_use]
    pub fn with_labels(mut self, base: impl Into<String>, head: impl Into<String>) -> Self {
        self.base = base.into();
        self.head = head.into();
        self
    }

    /// Prints Rust items as users of the crate `crate_name` write them:
    /// `types::Pet` becomes `my_api::types::Pet`.
    #[must_use]
    pub fn with_crate_name(mut self, crate_name: &str) -> Self {
        let prefix = crate_name.replace('-', "_");
        for c in &mut self.changes {
            for r in &mut c.rust {
                *r = format!("{prefix}::{r}");
            }
        }
        self
    }

    /// Whether any change has `level: error` (`--fail-on-breaking`).
    pub fn has_errors(&self) -> bool {
        self.changes.iter().any(|c| c.level == Level::Error)
    }

    pub fn has_breaking(&self) -> bool {
        self.summary.breaking > 0
    }

    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    pub fn non_breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.breaking)
    }
}

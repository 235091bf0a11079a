//! The verdicts: whether a change breaks callers of the generated client.
//!
//! Each rule gives two verdicts and a level ([`Verdict`]):
//! - `breaking`, the Rust caller's view: code that compiled against the
//!   client generated from the base no longer compiles against the one
//!   generated from the head, or stops working (a request the old client
//!   sends validly is now rejected, or it cannot decode a valid new response);
//! - `wire`, the HTTP view alone: a request the old client sent validly is
//!   now rejected, or a response the old client accepted may now fail to
//!   decode;
//! - `level`: `error` when either is true, `warning` for changes a reviewer
//!   should look at although nothing breaks (an old client keeps a new enum
//!   value in `Unknown`, a default changes), `info` otherwise.
//!
//! Each function here is one or more rows of the table in
//! `docs/spec-diff-rules.md`; keep the two in step.
//!
//! Facts about the generated API that the rules rely on:
//! - every parameter is a positional argument of the method (`T` when
//!   required, `Option<T>` when optional), so any change to the set, order or
//!   optionality of parameters changes the method's signature;
//! - the body is one argument (`&T` or `Option<&T>`), or one argument per
//!   part for `multipart/form-data`;
//! - structs are `#[non_exhaustive]` with `new(required fields...)`, `with_*`
//!   setters for optional fields, and keep undeclared properties, so new
//!   optional properties are invisible to old code;
//! - enums are `#[non_exhaustive]` and keep unlisted values in `Unknown`;
//!   tagged unions keep unlisted tags in `Unknown`, untagged ones do not;
//! - a method with several success statuses (or media types) returns an
//!   enum, and answers with an unlisted 2xx status as an error.

use super::model::{Direction, Verdict};

fn v(breaking: bool, wire: bool) -> Verdict {
    Verdict::new(breaking, wire)
}

/// `operation-added`: a new method; nothing existing changes.
pub fn operation_added() -> Verdict {
    v(false, false)
}

/// `operation-removed`: the method is gone.
pub fn operation_removed() -> Verdict {
    v(true, true)
}

/// `operation-renamed`: the method has a new name.
pub fn operation_renamed() -> Verdict {
    v(true, false)
}

/// `parameter-added`: a new argument, `T` or `Option<T>`, in the signature.
pub fn parameter_added(required: bool) -> Verdict {
    v(true, required)
}

/// `parameter-removed`: an argument disappears from the signature.
pub fn parameter_removed() -> Verdict {
    v(true, false)
}

/// `parameter-moved`: the old client sends the value where the server no
/// longer reads it.
pub fn parameter_moved() -> Verdict {
    v(true, true)
}

/// `parameter-reordered`: positional arguments change places.
pub fn parameter_reordered() -> Verdict {
    v(true, false)
}

/// `parameter-became-required`: `Option<T>` becomes `T`, and requests
/// without the value are rejected.
pub fn parameter_became_required() -> Verdict {
    v(true, true)
}

/// `parameter-became-optional`: `T` becomes `Option<T>`.
pub fn parameter_became_optional() -> Verdict {
    v(true, false)
}

/// `request-body-added`: a new `body` argument.
pub fn request_body_added(required: bool) -> Verdict {
    v(true, required)
}

/// `request-body-removed`: the `body` argument disappears.
pub fn request_body_removed() -> Verdict {
    v(true, false)
}

/// `request-body-became-required` / `-optional`: `Option<&T>` <-> `&T`.
pub fn request_body_required_changed(now_required: bool) -> Verdict {
    v(true, now_required)
}

/// `request-media-type-added`: breaking only when the method's body
/// arguments change (a second raw media type adds a `content_type` argument).
pub fn request_media_type_added(signature_changed: bool) -> Verdict {
    v(signature_changed, false)
}

/// `request-media-type-removed`: breaking when the method sent that media
/// type (the server now rejects it) or its body arguments change.
pub fn request_media_type_removed(sent_by_client: bool, signature_changed: bool) -> Verdict {
    v(sent_by_client || signature_changed, sent_by_client)
}

/// `response-added`: a success status changes the return type (one type
/// becomes an enum) or, for an enum, arrives as an unexpected-status error
/// in the old client. Other statuses surface as `Error::Api` as before.
pub fn response_added(success: bool) -> Verdict {
    v(success, success)
}

/// `response-removed`: a success status takes a variant (or the whole
/// return type) away. Other statuses only ever surfaced as errors.
pub fn response_removed(success: bool) -> Verdict {
    v(success, false)
}

/// `response-media-type-added` / `-removed`: breaking when, in a success
/// response, the method's return type changes shape. Several JSON media
/// types share one case, and error bodies are decoded leniently.
pub fn response_media_type_changed(return_type_changed: bool, added: bool) -> Verdict {
    v(return_type_changed, return_type_changed && added)
}

/// `schema-added`: a new type.
pub fn schema_added() -> Verdict {
    v(false, false)
}

/// `schema-removed`: the type is gone.
pub fn schema_removed() -> Verdict {
    v(true, false)
}

/// `property-added`: a required property sent by the client changes `new`
/// and the old client's requests lack it; a multipart part is a new method
/// argument. Optional properties get a setter only, and response structs
/// keep what they do not know.
pub fn property_added(required: bool, dir: Direction, method_argument: bool) -> Verdict {
    v(method_argument || (required && dir.request), required && dir.request)
}

/// `property-removed`: the field is gone.
pub fn property_removed(rust_required: bool, dir: Direction) -> Verdict {
    v(true, rust_required && dir.response)
}

/// `property-became-required`: the field changes from `Option<T>` to `T`;
/// when it does not (read-only and write-only properties stay optional in
/// Rust), breaking only for requests, which may now lack it.
pub fn property_became_required(rust_field_changed: bool, dir: Direction) -> Verdict {
    v(rust_field_changed || dir.request, dir.request)
}

/// `property-became-optional`: the field changes from `T` to `Option<T>`
/// (and the old client's `T` cannot decode a response without it); when the
/// field was optional already, old clients handle its absence.
pub fn property_became_optional(rust_field_changed: bool, dir: Direction) -> Verdict {
    v(rust_field_changed, rust_field_changed && dir.response)
}

/// `required-properties-reordered`: the arguments of `new` change places;
/// callers construct request types, not response types.
pub fn required_properties_reordered(dir: Direction) -> Verdict {
    v(dir.request, false)
}

/// `type-changed`: the Rust type changes, and old values do not fit.
pub fn type_changed() -> Verdict {
    v(true, true)
}

/// `format-changed`: breaking when the Rust type changes (`i32` <-> `i64`);
/// otherwise only when values the client sends may now be rejected (a
/// format added or changed in a request).
pub fn format_changed(rust_type_changed: bool, dir: Direction, head_has_format: bool) -> Verdict {
    let wire = (dir.request && head_has_format) || (dir.response && rust_type_changed);
    v(rust_type_changed || (dir.request && head_has_format), wire)
}

/// `enum-value-added`: a new variant of a `#[non_exhaustive]` enum; old
/// clients keep the new value in `Unknown`.
pub fn enum_value_added(dir: Direction) -> Verdict {
    let verdict = v(false, false);
    if dir.response {
        verdict.warning()
    } else {
        verdict
    }
}

/// `enum-value-removed`: the variant is gone, and requests with it are
/// rejected.
pub fn enum_value_removed(dir: Direction) -> Verdict {
    v(true, dir.request)
}

/// `variant-added`: a new alternative of a `#[non_exhaustive]` union; the
/// old client cannot decode it in a response unless the union is tagged
/// (unlisted tags are kept in `Unknown`).
pub fn variant_added(dir: Direction, tagged: bool) -> Verdict {
    let verdict = v(dir.response && !tagged, dir.response && !tagged);
    if dir.response {
        verdict.warning()
    } else {
        verdict
    }
}

/// `variant-removed`: the variant is gone.
pub fn variant_removed(dir: Direction) -> Verdict {
    v(true, dir.request)
}

/// `nullable-added`: a property's field gains an `Option` layer; elsewhere
/// the old client cannot decode `null` in a response.
pub fn nullable_added(property: bool, dir: Direction) -> Verdict {
    v(property || dir.response, dir.response)
}

/// `nullable-removed`: a property's field loses an `Option` layer;
/// elsewhere the server now rejects the `null` the old client may send.
pub fn nullable_removed(property: bool, dir: Direction) -> Verdict {
    v(property || dir.request, dir.request)
}

/// `security-added`: an extra alternative never rejects what was accepted,
/// unless the operation needed no credentials before and does now.
pub fn security_added(was_anonymous: bool, is_anonymous: bool) -> Verdict {
    v(was_anonymous && !is_anonymous, was_anonymous && !is_anonymous)
}

/// `security-removed`: clients using that alternative are rejected, unless
/// the operation now needs no credentials at all.
pub fn security_removed(is_anonymous: bool) -> Verdict {
    v(!is_anonymous, !is_anonymous)
}

/// `security-scheme-added` / `-removed`: on their own, nothing the client
/// sends changes (operations that start or stop using a scheme report it).
pub fn security_scheme_added_or_removed() -> Verdict {
    v(false, false)
}

/// `security-scheme-changed`: breaking when the client must send other
/// credentials (another kind of scheme, header, query parameter or cookie).
pub fn security_scheme_changed(credentials_changed: bool) -> Verdict {
    v(credentials_changed, credentials_changed)
}

/// `constraint-tightened`: a bound (`minimum`, `maxLength`, `maxItems`,
/// `exclusive*`, `multipleOf`, ...) admits fewer values. No Rust type
/// changes; in a request the server may reject what the old client sent.
pub fn constraint_tightened(dir: Direction) -> Verdict {
    v(false, dir.request)
}

/// `constraint-loosened`: a bound admits more values. Requests: the server
/// accepts more. Responses: the client does not check bounds, but code that
/// relies on the documented range may meet values outside it.
pub fn constraint_loosened(dir: Direction) -> Verdict {
    let verdict = v(false, false);
    if dir.response {
        verdict.warning()
    } else {
        verdict
    }
}

/// `pattern-changed`: a `pattern` added or changed in a request may reject
/// strings the old client sent; removed, or in a response, nothing breaks.
pub fn pattern_changed(dir: Direction, head_has_pattern: bool) -> Verdict {
    let verdict = v(false, dir.request && head_has_pattern);
    if dir.response {
        verdict.warning()
    } else {
        verdict
    }
}

/// `default-changed`: no Rust type changes (the client sends what the
/// caller sets), but the meaning of leaving a value out does.
pub fn default_changed() -> Verdict {
    v(false, false).warning()
}

/// `extensible-enum-value-added`: `x-extensible-enum` is a string in Rust;
/// a new value the server sends is one callers may not handle.
pub fn extensible_enum_value_added(dir: Direction) -> Verdict {
    let verdict = v(false, false);
    if dir.response {
        verdict.warning()
    } else {
        verdict
    }
}

/// `extensible-enum-value-removed`: requests with the value may now be
/// rejected.
pub fn extensible_enum_value_removed(dir: Direction) -> Verdict {
    v(false, dir.request)
}

/// `keyword-added` / `keyword-changed`, and per entry
/// `dependent-schema-added` / `dependent-schema-changed` and
/// `pattern-property-added` / `pattern-property-changed`: a 3.1 validation
/// keyword the Rust type does not express (`if`/`then`/`else`, `contains`,
/// `unevaluatedProperties`, `propertyNames`, `contentSchema`,
/// `dependentSchemas`, `patternProperties`, ...); in a request it may reject
/// what the old client sent.
pub fn keyword_added_or_changed(dir: Direction) -> Verdict {
    v(false, dir.request)
}

/// `keyword-removed`, `dependent-schema-removed`, `pattern-property-removed`:
/// the server accepts more.
pub fn keyword_removed() -> Verdict {
    v(false, false)
}

/// `conditional-required-added`: a property required inside `then`/`else`;
/// the struct's field stays optional, but requests without it may be
/// rejected when the condition holds.
pub fn conditional_required_added(dir: Direction) -> Verdict {
    v(false, dir.request)
}

/// `const-added`: the Rust type becomes a literal that (de)serializes one
/// value; requests with other values are rejected.
pub fn const_added(dir: Direction) -> Verdict {
    v(true, dir.request)
}

/// `const-removed`: the literal becomes an ordinary type; the old client's
/// literal cannot decode the other values the server may now send.
pub fn const_removed(dir: Direction) -> Verdict {
    v(true, dir.response)
}

/// `const-changed`: the old client sends the old value, which is rejected,
/// and cannot decode the new one.
pub fn const_changed() -> Verdict {
    v(true, true)
}

/// `prefix-items-added`: the Rust tuple gains an element; the old client's
/// shorter tuple cannot decode the longer arrays the server may send.
pub fn prefix_items_added(dir: Direction) -> Verdict {
    v(true, dir.response)
}

/// `prefix-items-removed`: the Rust tuple loses an element; the server
/// rejects the longer arrays the old client sends, and the old client
/// cannot decode the shorter ones.
pub fn prefix_items_removed() -> Verdict {
    v(true, true)
}

/// `dependent-required-added`: requests with the property but without the
/// names it now requires may be rejected; the Rust type does not change.
pub fn dependent_required_added(dir: Direction) -> Verdict {
    v(false, dir.request)
}

/// `dependent-required-removed`: the server accepts more.
pub fn dependent_required_removed() -> Verdict {
    v(false, false)
}

/// `wrapped-in-union`: the Rust type becomes a union; what the old client
/// sent still matches the kept alternative, but in a response the old client
/// cannot decode the others.
pub fn wrapped_in_union(dir: Direction) -> Verdict {
    v(true, dir.response)
}

/// `media-type-schema-added`: the body argument or return type changes
/// from any value (or bytes) to a typed value; in a request the server may
/// reject what the old client sent.
pub fn media_type_schema_added(dir: Direction) -> Verdict {
    v(true, dir.request)
}

/// `media-type-schema-removed`: the typed value becomes any value; in a
/// response the old client's type may not decode what the server now sends.
pub fn media_type_schema_removed(dir: Direction) -> Verdict {
    v(true, dir.response)
}

/// `discriminator-added` / `discriminator-removed`: the union is decoded by
/// its tag (unlisted tags kept in `Unknown`) or by trying its alternatives;
/// the JSON is the same, the decoding differs.
pub fn discriminator_added_or_removed() -> Verdict {
    v(false, false).warning()
}

/// `discriminator-changed`: another tag property or other tag values; the
/// old client writes the old tag, which the server no longer reads, and
/// cannot tell the alternatives apart in the new answers.
pub fn discriminator_changed() -> Verdict {
    v(false, true)
}

/// `property-became-read-only`: a required field becomes `Option<T>`
/// (read-only properties are optional in Rust); the server should ignore
/// what the old client still sends.
pub fn property_became_read_only(required: bool) -> Verdict {
    v(required, false)
}

/// `property-became-not-read-only`: a required field becomes `T`, and
/// requests without it (the old client left the read-only field out) are
/// rejected.
pub fn property_became_not_read_only(required: bool, dir: Direction) -> Verdict {
    v(required, required && dir.request)
}

/// `property-became-write-only`: a required field becomes `Option<T>`, and
/// the old client's `T` cannot decode a response that leaves it out.
pub fn property_became_write_only(required: bool, dir: Direction) -> Verdict {
    v(required, required && dir.response)
}

/// `property-became-not-write-only`: a required field becomes `T`; the
/// server now sends it.
pub fn property_became_not_write_only(required: bool) -> Verdict {
    v(required, false)
}

/// `deprecated`: the method (or item) is marked; calls still work, and the
/// method gains `#[deprecated]` (a compiler warning, not an error).
pub fn deprecated() -> Verdict {
    v(false, false)
}

/// `reactivated`: no longer deprecated.
pub fn reactivated() -> Verdict {
    v(false, false)
}

/// `sunset-changed`: the announced removal date moved; earlier is worth a
/// look.
pub fn sunset_changed(earlier: bool) -> Verdict {
    let verdict = v(false, false);
    if earlier {
        verdict.warning()
    } else {
        verdict
    }
}

/// `stability-changed` (`x-stability-level`): less stable is worth a look.
pub fn stability_changed(decreased: bool) -> Verdict {
    let verdict = v(false, false);
    if decreased {
        verdict.warning()
    } else {
        verdict
    }
}

/// `response-header-added` / `-removed` / `-became-optional` /
/// `-became-required`: the generated client does not read response headers
/// into its types, so nothing breaks in Rust or in decoding; a required
/// header going away is worth a look for code that reads it from the raw
/// response.
pub fn response_header_changed(weaker: bool) -> Verdict {
    let verdict = v(false, false);
    if weaker {
        verdict.warning()
    } else {
        verdict
    }
}

/// `security-scope-added`: a token without the new scope is rejected; the
/// client's code is unchanged.
pub fn security_scope_added() -> Verdict {
    v(false, true)
}

/// `security-scope-removed`: fewer scopes are needed.
pub fn security_scope_removed() -> Verdict {
    v(false, false)
}

/// `callback-added` / `-removed` / `-changed`: the generated client has no
/// items for callbacks (the caller's own server receives them); a removed
/// or changed callback is worth a look on that side.
pub fn callback_changed(needs_a_look: bool) -> Verdict {
    let verdict = v(false, false);
    if needs_a_look {
        verdict.warning()
    } else {
        verdict
    }
}

/// `path-parameter-renamed`: `{group_id}` becomes `{groupId}` at the same
/// place in the path: the URL the client builds and the method's positional
/// argument are unchanged (only the argument's name in the docs changes).
pub fn path_parameter_renamed() -> Verdict {
    v(false, false)
}

/// `rust-item-renamed` / `rust-item-removed` / `rust-signature-changed`: a
/// public item of the generated crate changes name, disappears, or its
/// signature changes, with no schema-level change explaining it (a `$ref`
/// swapped for another schema of the same shape renames a union variant;
/// a type renamed changes the signatures that name it). Code naming it stops
/// compiling; on the wire nothing changes.
pub fn rust_item_changed() -> Verdict {
    v(true, false)
}

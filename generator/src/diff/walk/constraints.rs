//! Validation keywords that leave the Rust type alone but change what the
//! server accepts or sends: numeric, length, item and property bounds,
//! `multipleOf`, `pattern`, `default`, `deprecated`, `x-extensible-enum`, and
//! the OpenAPI 3.1 keywords the 3.0 model cannot hold (read from the text as
//! written): `if`/`then`/`else`, `contains`, `dependentRequired`,
//! `unevaluatedProperties`, `propertyNames`, `patternProperties`,
//! `contentSchema` and their kin.

use super::*;

/// Which way a bound limits values.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Limit {
    Lower,
    Upper,
}

/// Bounds and the `exclusive*` flag that sharpens them (3.0 form: 3.1's
/// numeric `exclusiveMinimum` is rewritten so by `load`).
const BOUNDS: &[(&str, Limit, Option<&str>)] = &[
    ("minimum", Limit::Lower, Some("exclusiveMinimum")),
    ("maximum", Limit::Upper, Some("exclusiveMaximum")),
    ("minLength", Limit::Lower, None),
    ("maxLength", Limit::Upper, None),
    ("minItems", Limit::Lower, None),
    ("maxItems", Limit::Upper, None),
    ("minProperties", Limit::Lower, None),
    ("maxProperties", Limit::Upper, None),
];

/// OpenAPI 3.1 (JSON Schema 2020-12) keywords compared as written, as a
/// whole (`keywords.rs` compares `prefixItems`, `dependentRequired`,
/// `dependentSchemas`, `patternProperties`, `minContains` and `maxContains`
/// entry by entry).
const KEYWORDS_31: &[&str] = &[
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contentSchema",
    "contentMediaType",
    "contentEncoding",
];

/// A bound as written: its value and whether it is exclusive.
pub(super) fn bound(node: &Value, key: &str, exclusive: Option<&str>) -> Option<(f64, bool)> {
    let v = node.get(key)?.as_f64()?;
    let ex = exclusive
        .and_then(|k| node.get(k))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Some((v, ex))
}

/// Whether the head's bound admits fewer values than the base's (`Some(true)`),
/// more (`Some(false)`) or the same (`None`).
pub(super) fn tighter(limit: Limit, old: Option<(f64, bool)>, new: Option<(f64, bool)>) -> Option<bool> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some((a, ax)), Some((b, bx))) => {
            if a == b {
                (ax != bx).then_some(bx)
            } else {
                Some(match limit {
                    Limit::Lower => b > a,
                    Limit::Upper => b < a,
                })
            }
        }
    }
}

pub(super) fn bound_text((v, exclusive): (f64, bool)) -> String {
    let n = serde_json::Number::from_f64(v)
        .map(|n| n.to_string())
        .unwrap_or_default();
    let n = n.strip_suffix(".0").map(str::to_string).unwrap_or(n);
    if exclusive {
        format!("{n} (exclusive)")
    } else {
        n
    }
}

/// Whether every multiple of `new` is a multiple of `old` (so `new` admits
/// no value `old` did not).
fn divides(old: f64, new: f64) -> bool {
    old != 0.0 && (new / old).fract() == 0.0
}

impl<'a> Walker<'a> {
    /// Records a change of a keyword of the schema at `node`.
    fn keyword(
        &mut self,
        kind: Kind,
        (side, node): (Side, &Node<'a>),
        key: &str,
        verdict: Verdict,
        message: String,
        ctx: Ctx,
    ) {
        let rust = self.rust(side, &node.ptr);
        self.push(Found {
            kind,
            side,
            pointer: join(&node.ptr, &[key]),
            verdict,
            message,
            rust,
            direction: Some(ctx.dir),
        });
    }

    /// Every keyword of this module, for one pair of resolved schemas.
    pub(super) fn constraints(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        self.bounds(b, h, ctx);
        self.multiple_of(b, h, ctx);
        self.pattern(b, h, ctx);
        self.default_value(b, h, ctx);
        self.deprecation(b, h, Some(ctx));
        self.extensible_enum(b, h, ctx);
        self.keywords_31(b, h, ctx);
        self.keywords(b, h, ctx);
    }

    fn bounds(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        for &(key, limit, exclusive) in BOUNDS {
            let (old, new) = (bound(b.v, key, exclusive), bound(h.v, key, exclusive));
            let Some(tightened) = tighter(limit, old, new) else {
                continue;
            };
            let what = match (old, new) {
                (Some(o), Some(n)) => format!("`{key}` changed from {} to {}", bound_text(o), bound_text(n)),
                (None, Some(n)) => format!("`{key}: {}` added", bound_text(n)),
                (Some(o), None) => format!("`{key}: {}` removed", bound_text(o)),
                (None, None) => continue,
            };
            self.constraint((b, h), key, tightened, &what, new.is_some(), ctx);
        }
    }

    fn multiple_of(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let get = |n: &Node| n.v.get("multipleOf").and_then(Value::as_f64);
        let (old, new) = (get(b), get(h));
        let (tightened, what) = match (old, new) {
            (Some(o), Some(n)) if o == n => return,
            (Some(o), Some(n)) => (
                !divides(n, o),
                format!(
                    "`multipleOf` changed from {} to {}",
                    bound_text((o, false)),
                    bound_text((n, false))
                ),
            ),
            (None, Some(n)) => (true, format!("`multipleOf: {}` added", bound_text((n, false)))),
            (Some(o), None) => (false, format!("`multipleOf: {}` removed", bound_text((o, false)))),
            (None, None) => return,
        };
        self.constraint((b, h), "multipleOf", tightened, &what, new.is_some(), ctx);
    }

    pub(super) fn constraint(
        &mut self,
        (b, h): (&Node<'a>, &Node<'a>),
        key: &str,
        tightened: bool,
        what: &str,
        in_head: bool,
        ctx: Ctx,
    ) {
        let (side, node) = if in_head { (Side::Head, h) } else { (Side::Base, b) };
        let (kind, verdict, why) = if tightened {
            let v = rules::constraint_tightened(ctx.dir);
            let why = if v.wire {
                "values the old client sent validly may now be rejected"
            } else {
                "the server sends within narrower limits"
            };
            (Kind::ConstraintTightened, v, why)
        } else {
            let v = rules::constraint_loosened(ctx.dir);
            let why = if ctx.dir.response {
                "the server may send values outside the old limits (the client does not check them)"
            } else {
                "the server accepts more"
            };
            (Kind::ConstraintLoosened, v, why)
        };
        let message = format!("{}: {what}; {why}.", self.describe(side, &node.ptr));
        self.keyword(kind, (side, node), key, verdict, message, ctx);
    }

    fn pattern(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let get = |n: &Node<'a>| n.v.get("pattern").and_then(Value::as_str);
        let (old, new) = (get(b), get(h));
        if old == new {
            return;
        }
        let verdict = rules::pattern_changed(ctx.dir, new.is_some());
        let what = match (old, new) {
            (Some(o), Some(n)) => format!("`pattern` changed from `{o}` to `{n}`"),
            (None, Some(n)) => format!("`pattern: {n}` added"),
            (Some(o), None) => format!("`pattern: {o}` removed"),
            (None, None) => return,
        };
        let why = if verdict.wire {
            "strings the old client sent validly may now be rejected"
        } else {
            "the Rust type stays `String`"
        };
        let (side, node) = if new.is_some() {
            (Side::Head, h)
        } else {
            (Side::Base, b)
        };
        let message = format!("{}: {what}; {why}.", self.describe(side, &node.ptr));
        self.keyword(Kind::PatternChanged, (side, node), "pattern", verdict, message, ctx);
    }

    fn default_value(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let (old, new) = (b.v.get("default"), h.v.get("default"));
        if old == new {
            return;
        }
        let text = |v: Option<&Value>| v.map(|v| format!("`{v}`")).unwrap_or_else(|| "none".to_string());
        let why = if ctx.dir.request {
            "when the client leaves the value out, the server now assumes another"
        } else {
            "an absent value now means another"
        };
        let (side, node) = if new.is_some() {
            (Side::Head, h)
        } else {
            (Side::Base, b)
        };
        let message = format!(
            "The default of {} changed from {} to {}; {why}.",
            self.describe(side, &node.ptr),
            text(old),
            text(new)
        );
        self.keyword(
            Kind::DefaultChanged,
            (side, node),
            "default",
            rules::default_changed(),
            message,
            ctx,
        );
    }

    fn extensible_enum(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        const KEY: &str = "x-extensible-enum";
        let values =
            |n: &Node<'a>| -> Vec<Value> { n.v.get(KEY).and_then(Value::as_array).cloned().unwrap_or_default() };
        let (old, new) = (values(b), values(h));
        for v in new.iter().filter(|v| !old.contains(v)) {
            let verdict = rules::extensible_enum_value_added(ctx.dir);
            let message = format!(
                "{} lists the new value `{}` in `{KEY}`; the Rust type stays a string.",
                self.describe(Side::Head, &h.ptr),
                value_text(v)
            );
            self.keyword(
                Kind::ExtensibleEnumValueAdded,
                (Side::Head, h),
                KEY,
                verdict,
                message,
                ctx,
            );
        }
        for v in old.iter().filter(|v| !new.contains(v)) {
            let verdict = rules::extensible_enum_value_removed(ctx.dir);
            let why = if verdict.wire {
                "requests with it may now be rejected"
            } else {
                "the server no longer sends it"
            };
            let message = format!(
                "{} no longer lists the value `{}` in `{KEY}`; {why}.",
                self.describe(Side::Base, &b.ptr),
                value_text(v)
            );
            self.keyword(
                Kind::ExtensibleEnumValueRemoved,
                (Side::Base, b),
                KEY,
                verdict,
                message,
                ctx,
            );
        }
    }

    /// The 3.1 keywords, from the documents as written (the loaded model
    /// does not keep them).
    fn keywords_31(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let (Some(bs), Some(hs)) = (self.b.source.pointer(&b.ptr), self.h.source.pointer(&h.ptr)) else {
            return;
        };
        let (bs, hs) = (Node::new(bs, b.ptr.clone()), Node::new(hs, h.ptr.clone()));
        for key in KEYWORDS_31 {
            let (old, new) = (bs.v.get(*key), hs.v.get(*key));
            if old == new {
                continue;
            }
            if matches!(*key, "then" | "else") {
                if let (Some(o), Some(n)) = (old, new) {
                    if self.conditional_required(&hs, key, o, n, ctx) {
                        continue;
                    }
                }
            }
            let (kind, side, node, verdict, what) = match (old, new) {
                (None, Some(_)) => (
                    Kind::KeywordAdded,
                    Side::Head,
                    &hs,
                    rules::keyword_added_or_changed(ctx.dir),
                    "added",
                ),
                (Some(_), None) => (
                    Kind::KeywordRemoved,
                    Side::Base,
                    &bs,
                    rules::keyword_removed(),
                    "removed",
                ),
                _ => (
                    Kind::KeywordChanged,
                    Side::Head,
                    &hs,
                    rules::keyword_added_or_changed(ctx.dir),
                    "changed",
                ),
            };
            let why = if verdict.wire {
                "values the old client sent validly may now be rejected; the Rust type does not change"
            } else {
                "the Rust type does not change"
            };
            let message = format!("{}: `{key}` {what}; {why}.", self.describe(side, &node.ptr));
            self.keyword(kind, (side, node), key, verdict, message, ctx);
        }
    }

    /// A `then`/`else` whose only difference is more `required` names:
    /// reported per property. Returns whether it was.
    fn conditional_required(&mut self, hs: &Node<'a>, key: &str, o: &Value, n: &Value, ctx: Ctx) -> bool {
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(m) = v.as_object_mut() {
                m.remove("required");
            }
            v
        };
        if strip(o) != strip(n) {
            return false;
        }
        let names = |v: &Value| -> Vec<String> {
            v.get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let (old, new) = (names(o), names(n));
        if old.iter().any(|x| !new.contains(x)) {
            return false;
        }
        let ptr = join(&hs.ptr, &[key, "required"]);
        for name in new.iter().filter(|x| !old.contains(x)) {
            let verdict = rules::conditional_required_added(ctx.dir);
            let message = format!(
                "Property `{name}` of {} is required in `{key}`; requests the old client built when the condition holds may lack it.",
                self.describe(Side::Head, &hs.ptr)
            );
            let rust = self.rust(Side::Head, &hs.ptr);
            let kind = Kind::ConditionalRequiredAdded;
            self.push(Found {
                kind,
                side: Side::Head,
                pointer: ptr.clone(),
                verdict,
                message,
                rust,
                direction: Some(ctx.dir),
            });
        }
        true
    }

    /// `deprecated` on a schema (with `ctx`) or on an operation or parameter
    /// (without), and on operations `x-sunset` and `x-stability-level`.
    pub(super) fn deprecation(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Option<Ctx>) {
        let flag = |n: &Node<'a>| n.v.get("deprecated").and_then(Value::as_bool).unwrap_or(false);
        let sunset = |n: &Node<'a>| n.v.get("x-sunset").and_then(Value::as_str).map(str::to_string);
        let dir = ctx.map(|c| c.dir);
        let (was, is) = (flag(b), flag(h));
        if was != is {
            let (kind, verdict, what) = if is {
                let date = sunset(h).map(|d| format!(", to be removed on {d}")).unwrap_or_default();
                (Kind::Deprecated, rules::deprecated(), format!("is deprecated{date}"))
            } else {
                (
                    Kind::Reactivated,
                    rules::reactivated(),
                    "is no longer deprecated".to_string(),
                )
            };
            let message = format!("{} {what}.", self.describe(Side::Head, &h.ptr));
            let rust = self.rust(Side::Head, &h.ptr);
            let ptr = if is || h.v.get("deprecated").is_some() {
                join(&h.ptr, &["deprecated"])
            } else {
                h.ptr.clone()
            };
            self.push(Found {
                kind,
                side: Side::Head,
                pointer: ptr,
                verdict,
                message,
                rust,
                direction: dir,
            });
        }
        let (old, new) = (sunset(b), sunset(h));
        if old != new && was && is {
            let text = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".to_string());
            let earlier = matches!((&old, &new), (Some(o), Some(n)) if n < o) || (old.is_none() && new.is_some());
            let message = format!(
                "The sunset date of {} changed from {} to {}.",
                self.describe(Side::Head, &h.ptr),
                text(&old),
                text(&new)
            );
            let rust = self.rust(Side::Head, &h.ptr);
            let ptr = join(&h.ptr, &["x-sunset"]);
            self.push(Found {
                kind: Kind::SunsetChanged,
                side: Side::Head,
                pointer: ptr,
                verdict: rules::sunset_changed(earlier),
                message,
                rust,
                direction: dir,
            });
        }
        let stability = |n: &Node<'a>| n.v.get("x-stability-level").and_then(Value::as_str).map(str::to_string);
        let (old, new) = (stability(b), stability(h));
        if old != new {
            let rank = |s: &Option<String>| match s.as_deref() {
                Some("draft") => 0,
                Some("alpha") => 1,
                Some("beta") => 2,
                _ => 3,
            };
            let decreased = rank(&new) < rank(&old);
            let text = |d: &Option<String>| d.clone().unwrap_or_else(|| "stable (unset)".to_string());
            let message = format!(
                "The stability of {} changed from {} to {}.",
                self.describe(Side::Head, &h.ptr),
                text(&old),
                text(&new)
            );
            let rust = self.rust(Side::Head, &h.ptr);
            let ptr = join(&h.ptr, &["x-stability-level"]);
            self.push(Found {
                kind: Kind::StabilityChanged,
                side: Side::Head,
                pointer: ptr,
                verdict: rules::stability_changed(decreased),
                message,
                rust,
                direction: dir,
            });
        }
    }
}

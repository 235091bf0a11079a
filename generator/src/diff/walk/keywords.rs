//! Keywords compared entry by entry, each with verdicts of its own: `const`,
//! `prefixItems` (the positions of a tuple), `dependentRequired`,
//! `dependentSchemas` and `patternProperties` (per key), `minContains` and
//! `maxContains` (bounds), `uniqueItems`, a schema wrapped in a `oneOf`/
//! `anyOf` that keeps it as an alternative, and `readOnly`/`writeOnly` on
//! properties. The 3.1 keywords are read from the documents as written (the
//! loaded model does not keep them).
//!
//! Some of these changes also change the shape the walk compares (a `const`
//! is a literal type, a tuple is a union of its positions, a wrapped schema
//! is a union): [`Walker::settle`] drops the walk's `type-changed`,
//! `enum-value-*` and `variant-*` that one of them explains, so each change
//! is reported once, by its most precise rule.

use super::constraints::{bound, bound_text, tighter, Limit};
use super::*;

/// A keyed 3.1 keyword compared key by key: (keyword, added, removed, changed).
type KeyedKinds = (&'static str, Kind, Kind, Option<Kind>);

const KEYED: &[KeyedKinds] = &[
    (
        "dependentSchemas",
        Kind::DependentSchemaAdded,
        Kind::DependentSchemaRemoved,
        Some(Kind::DependentSchemaChanged),
    ),
    (
        "patternProperties",
        Kind::PatternPropertyAdded,
        Kind::PatternPropertyRemoved,
        Some(Kind::PatternPropertyChanged),
    ),
];

/// `minContains`/`maxContains` as bounds on the matching items.
const CONTAINS_BOUNDS: &[(&str, Limit)] = &[("minContains", Limit::Lower), ("maxContains", Limit::Upper)];

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn names(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn object_keys(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

impl<'a> Walker<'a> {
    /// Every keyword of this module, for one pair of resolved schemas.
    pub(super) fn keywords(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        self.wrapped_in_union(b, h, ctx);
        self.read_write_only(b, h, ctx);
        self.discriminator(b, h, ctx);
        let (Some(bs), Some(hs)) = (self.b.source.pointer(&b.ptr), self.h.source.pointer(&h.ptr)) else {
            return;
        };
        let (bs, hs) = (Node::new(bs, b.ptr.clone()), Node::new(hs, h.ptr.clone()));
        self.const_value(&bs, &hs, ctx);
        self.prefix_items(&bs, &hs, ctx);
        self.dependent_required(&bs, &hs, ctx);
        for &(key, added, removed, changed) in KEYED {
            self.keyed_keyword(&bs, &hs, key, (added, removed, changed), ctx);
        }
        for &(key, limit) in CONTAINS_BOUNDS {
            // `minContains` is 1 where `contains` is and it is not written
            // (`contains` itself added or removed is `keyword-*`).
            let both = bs.v.get("contains").is_some() && hs.v.get("contains").is_some();
            let implied = |v: &Value| bound(v, key, None).or((key == "minContains" && both).then_some((1.0, false)));
            let (old, new) = (implied(bs.v), implied(hs.v));
            let Some(tightened) = tighter(limit, old, new) else {
                continue;
            };
            let what = match (old, new) {
                (Some(o), Some(n)) => format!("`{key}` changed from {} to {}", bound_text(o), bound_text(n)),
                (None, Some(n)) => format!("`{key}: {}` added", bound_text(n)),
                (Some(o), None) => format!("`{key}: {}` removed", bound_text(o)),
                (None, None) => continue,
            };
            self.constraint((&bs, &hs), key, tightened, &what, new.is_some(), ctx);
        }
        let (old, new) = (flag(bs.v, "uniqueItems"), flag(hs.v, "uniqueItems"));
        if old != new {
            let what = if new {
                "`uniqueItems: true` added"
            } else {
                "`uniqueItems: true` removed"
            };
            self.constraint((&bs, &hs), "uniqueItems", new, what, new, ctx);
        }
    }

    /// Records one finding about `node`.
    fn found(
        &mut self,
        kind: Kind,
        (side, node): (Side, &Node<'a>),
        pointer: String,
        verdict: Verdict,
        message: String,
        ctx: Ctx,
    ) {
        let rust = self.rust(side, &node.ptr);
        self.push(Found {
            kind,
            side,
            pointer,
            verdict,
            message,
            rust,
            direction: Some(ctx.dir),
        });
    }

    fn const_value(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let (old, new) = (b.v.get("const"), h.v.get("const"));
        let (kind, side, node, verdict, what) = match (old, new) {
            (Some(o), Some(n)) if o == n => return,
            (None, None) => return,
            (None, Some(n)) => (
                Kind::ConstAdded,
                Side::Head,
                h,
                rules::const_added(ctx.dir),
                format!(
                    "is now the constant `{}`; its Rust type becomes a literal",
                    value_text(n)
                ),
            ),
            (Some(o), None) => (
                Kind::ConstRemoved,
                Side::Base,
                b,
                rules::const_removed(ctx.dir),
                format!(
                    "is no longer the constant `{}`; its Rust type is no longer a literal",
                    value_text(o)
                ),
            ),
            (Some(o), Some(n)) => (
                Kind::ConstChanged,
                Side::Head,
                h,
                rules::const_changed(),
                format!(
                    "is now the constant `{}` instead of `{}`; the old client sends and accepts only the old value",
                    value_text(n),
                    value_text(o)
                ),
            ),
        };
        let message = format!("{} {what}.", self.describe(side, &node.ptr));
        let mut rust = self.rust(side, &node.ptr);
        // The literal type itself.
        rust.extend(self.doc(side).index.types_at(&node.ptr));
        self.push(Found {
            kind,
            side,
            pointer: join(&node.ptr, &["const"]),
            verdict,
            message,
            rust,
            direction: Some(ctx.dir),
        });
    }

    /// Positions added to or removed from the end of a tuple (`prefixItems`).
    fn prefix_items(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let len = |n: &Node<'a>| n.v.get("prefixItems").and_then(Value::as_array).map(Vec::len);
        let (Some(old), Some(new)) = (len(b), len(h)) else {
            return;
        };
        for i in new..old {
            let message = format!(
                "Position {i} of the tuple {} was removed; its Rust tuple loses an element.",
                self.describe(Side::Base, &b.ptr)
            );
            let ptr = join(&b.ptr, &["prefixItems", &i.to_string()]);
            let verdict = rules::prefix_items_removed();
            self.found(Kind::PrefixItemsRemoved, (Side::Base, b), ptr, verdict, message, ctx);
        }
        for i in old..new {
            let message = format!(
                "Position {i} was added to the tuple {}; its Rust tuple gains an element.",
                self.describe(Side::Head, &h.ptr)
            );
            let ptr = join(&h.ptr, &["prefixItems", &i.to_string()]);
            let verdict = rules::prefix_items_added(ctx.dir);
            self.found(Kind::PrefixItemsAdded, (Side::Head, h), ptr, verdict, message, ctx);
        }
    }

    /// `dependentRequired`, per property and per name it requires.
    fn dependent_required(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        const KEY: &str = "dependentRequired";
        let (bd, hd) = (b.v.get(KEY), h.v.get(KEY));
        if bd == hd {
            return;
        }
        let mut keys = object_keys(bd);
        keys.extend(object_keys(hd).into_iter().filter(|k| !object_keys(bd).contains(k)));
        for key in keys {
            let old = names(bd.and_then(|d| d.get(&key)));
            let new = names(hd.and_then(|d| d.get(&key)));
            let added: Vec<&String> = new.iter().filter(|n| !old.contains(n)).collect();
            let removed: Vec<&String> = old.iter().filter(|n| !new.contains(n)).collect();
            let list = |v: &[&String]| v.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            if !added.is_empty() {
                let verdict = rules::dependent_required_added(ctx.dir);
                let message = format!(
                    "{}: when `{key}` is present, {} must be too; {}.",
                    self.describe(Side::Head, &h.ptr),
                    list(&added),
                    if verdict.wire {
                        "requests the old client built without them may now be rejected"
                    } else {
                        "the Rust type does not change"
                    }
                );
                let ptr = join(&h.ptr, &[KEY, &key]);
                self.found(
                    Kind::DependentRequiredAdded,
                    (Side::Head, h),
                    ptr,
                    verdict,
                    message,
                    ctx,
                );
            }
            if !removed.is_empty() {
                let message = format!(
                    "{}: when `{key}` is present, {} no longer must be; the server accepts more.",
                    self.describe(Side::Base, &b.ptr),
                    list(&removed)
                );
                let ptr = join(&b.ptr, &[KEY, &key]);
                let verdict = rules::dependent_required_removed();
                self.found(
                    Kind::DependentRequiredRemoved,
                    (Side::Base, b),
                    ptr,
                    verdict,
                    message,
                    ctx,
                );
            }
        }
    }

    /// A keyword holding schemas by key (`dependentSchemas`,
    /// `patternProperties`), compared key by key as written.
    fn keyed_keyword(
        &mut self,
        b: &Node<'a>,
        h: &Node<'a>,
        key: &str,
        (added, removed, changed): (Kind, Kind, Option<Kind>),
        ctx: Ctx,
    ) {
        let (bd, hd) = (b.v.get(key), h.v.get(key));
        if bd == hd {
            return;
        }
        let (bk, hk) = (object_keys(bd), object_keys(hd));
        for entry in keyed(&bk, &hk) {
            let (kind, side, node, name) = match entry {
                Keyed::Added(n) => (added, Side::Head, h, n),
                Keyed::Removed(n) => (removed, Side::Base, b, n),
                Keyed::Kept(n, _) => {
                    let same = bd.and_then(|d| d.get(n)) == hd.and_then(|d| d.get(n));
                    match changed {
                        Some(kind) if !same => (kind, Side::Head, h, n),
                        _ => continue,
                    }
                }
            };
            let verdict = if kind == removed {
                rules::keyword_removed()
            } else {
                rules::keyword_added_or_changed(ctx.dir)
            };
            let what = match entry {
                Keyed::Added(_) => "added",
                Keyed::Removed(_) => "removed",
                Keyed::Kept(..) => "changed",
            };
            let why = if verdict.wire {
                "values the old client sent validly may now be rejected; the Rust type does not change"
            } else {
                "the Rust type does not change"
            };
            let message = format!(
                "{}: `{key}` entry `{name}` {what}; {why}.",
                self.describe(side, &node.ptr)
            );
            let ptr = join(&node.ptr, &[key, name]);
            self.found(kind, (side, node), ptr, verdict, message, ctx);
        }
    }

    /// A schema that became a `oneOf`/`anyOf` keeping the old schema as one
    /// of its alternatives.
    fn wrapped_in_union(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let union = |v: &Value| ["oneOf", "anyOf"].into_iter().find(|k| v.get(*k).is_some());
        if union(b.v).is_some() {
            return;
        }
        let Some(key) = union(h.v) else { return };
        let Some(members) = h.v.get(key).and_then(Value::as_array) else {
            return;
        };
        let keeps = members.iter().enumerate().any(|(i, m)| {
            let member = Node::new(m, join(&h.ptr, &[key, &i.to_string()]));
            resolve_schema(self.h.json, &member)
                .is_some_and(|r| (r.followed && r.node.ptr == b.ptr) || (!r.followed && r.node.v == b.v))
        });
        if !keeps {
            return;
        }
        let verdict = rules::wrapped_in_union(ctx.dir);
        let why = if ctx.dir.response {
            "the old client cannot decode the other alternatives the server may now send"
        } else {
            "what the old client sent still matches one alternative"
        };
        let message = format!(
            "{} became a `{key}` that keeps the old schema as one alternative; its Rust type becomes a union, and {why}.",
            self.describe(Side::Head, &h.ptr)
        );
        let ptr = join(&h.ptr, &[key]);
        self.found(Kind::WrappedInUnion, (Side::Head, h), ptr, verdict, message, ctx);
    }

    /// `readOnly`/`writeOnly` of each property both objects have.
    fn read_write_only(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let (Some(bp), Some(hp)) = (b.child("properties"), h.child("properties")) else {
            return;
        };
        let (Some(bm), Some(hm)) = (bp.v.as_object(), hp.v.as_object()) else {
            return;
        };
        let (br, hr) = (names(b.v.get("required")), names(h.v.get("required")));
        for name in bm.keys().filter(|n| hm.contains_key(*n)) {
            let (Some(bn), Some(hn)) = (bp.child(name), hp.child(name)) else {
                continue;
            };
            let (Some(bn), Some(hn)) = (resolve_schema(self.b.json, &bn), resolve_schema(self.h.json, &hn)) else {
                continue;
            };
            let required = br.contains(name) && hr.contains(name);
            for key in ["readOnly", "writeOnly"] {
                let (was, is) = (flag(bn.node.v, key), flag(hn.node.v, key));
                if was == is {
                    continue;
                }
                let (kind, verdict) = match (key, is) {
                    ("readOnly", true) => (Kind::PropertyBecameReadOnly, rules::property_became_read_only(required)),
                    ("readOnly", false) => (
                        Kind::PropertyBecameNotReadOnly,
                        rules::property_became_not_read_only(required, ctx.dir),
                    ),
                    (_, true) => (
                        Kind::PropertyBecameWriteOnly,
                        rules::property_became_write_only(required, ctx.dir),
                    ),
                    (_, false) => (
                        Kind::PropertyBecameNotWriteOnly,
                        rules::property_became_not_write_only(required),
                    ),
                };
                let field = if required {
                    if is {
                        "its field becomes an `Option`"
                    } else {
                        "its field is no longer an `Option`"
                    }
                } else {
                    "its field stays an `Option`"
                };
                let what = if is { "became" } else { "is no longer" };
                let message = format!(
                    "Property `{name}` of {} {what} `{key}`; {field}.",
                    self.describe(Side::Head, &h.ptr)
                );
                let prop = join(&hp.ptr, &[name]);
                let pointer = if is || hn.node.v.get(key).is_some() {
                    join(&hn.node.ptr, &[key])
                } else {
                    hn.node.ptr.clone()
                };
                let rust = self.rust(Side::Head, &prop);
                self.push(Found {
                    kind,
                    side: Side::Head,
                    pointer,
                    verdict,
                    message,
                    rust,
                    direction: Some(ctx.dir),
                });
            }
        }
    }

    /// A media type of a body that gained or lost its `schema` (any value or
    /// raw bytes on one side, a typed value on the other).
    pub(super) fn media_schema(
        &mut self,
        (bc, had): (&Node<'a>, bool),
        (hc, has): (&Node<'a>, bool),
        media: &str,
        ctx: Ctx,
    ) {
        if had == has {
            return;
        }
        let (side, content, kind, verdict) = if has {
            (
                Side::Head,
                hc,
                Kind::MediaTypeSchemaAdded,
                rules::media_type_schema_added(ctx.dir),
            )
        } else {
            (
                Side::Base,
                bc,
                Kind::MediaTypeSchemaRemoved,
                rules::media_type_schema_removed(ctx.dir),
            )
        };
        let media_ptr = join(&content.ptr, &[media]);
        let operation = ["/requestBody", "/responses/"]
            .iter()
            .find_map(|k| content.ptr.split_once(k).map(|(op, _)| op.to_string()))
            .unwrap_or_else(|| content.ptr.clone());
        let what = if has {
            "now has a schema"
        } else {
            "no longer has a schema"
        };
        let body = content.ptr.strip_suffix("/content").unwrap_or(&content.ptr);
        let message = format!(
            "Media type `{media}` of {} {what}; the method's {} type changes.",
            self.describe(side, body),
            if ctx.dir.request { "body argument" } else { "return" }
        );
        let schema = join(&media_ptr, &["schema"]);
        let mut rust = self.rust(side, &operation);
        rust.extend(self.rust(Side::Base, &schema));
        rust.extend(self.rust(Side::Head, &schema));
        let pointer = if has { schema } else { media_ptr };
        self.push(Found {
            kind,
            side,
            pointer,
            verdict,
            message,
            rust,
            direction: Some(ctx.dir),
        });
    }

    /// The `discriminator` of a union: added, removed, or another property
    /// name or mapping.
    fn discriminator(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let union = |v: &Value| v.get("oneOf").is_some() || v.get("anyOf").is_some();
        if !union(b.v) || !union(h.v) {
            return;
        }
        let (old, new) = (b.v.get("discriminator"), h.v.get("discriminator"));
        let strip = |v: Option<&Value>| {
            v.cloned().map(|mut v| {
                if let Some(m) = v.as_object_mut() {
                    m.retain(|k, _| k == "propertyName" || k == "mapping");
                }
                v
            })
        };
        if strip(old) == strip(new) {
            return;
        }
        let name = |v: Option<&Value>| {
            v.and_then(|d| d.get("propertyName"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let (kind, side, node, verdict, what) = match (old, new) {
            (None, Some(_)) => (
                Kind::DiscriminatorAdded,
                Side::Head,
                h,
                rules::discriminator_added_or_removed(),
                format!(
                    "is now tagged by `{}`; values with an unlisted tag are kept in `Unknown`",
                    name(new)
                ),
            ),
            (Some(_), None) => (
                Kind::DiscriminatorRemoved,
                Side::Base,
                b,
                rules::discriminator_added_or_removed(),
                format!(
                    "is no longer tagged by `{}`; its alternatives are tried in turn",
                    name(old)
                ),
            ),
            _ => (
                Kind::DiscriminatorChanged,
                Side::Head,
                h,
                rules::discriminator_changed(),
                if name(old) != name(new) {
                    format!(
                        "is now tagged by `{}` instead of `{}`; the old client writes and reads the old tag",
                        name(new),
                        name(old)
                    )
                } else {
                    "maps its tags to other alternatives; the old client writes and reads the old tag values"
                        .to_string()
                },
            ),
        };
        let message = format!("{} {what}.", self.describe(side, &node.ptr));
        let pointer = join(&node.ptr, &["discriminator"]);
        self.found(kind, (side, node), pointer, verdict, message, ctx);
    }

    /// Drops the walk's shape changes that a change of this module explains
    /// (see the module docs).
    pub(super) fn settle(&mut self) {
        const SHAPE: &[Kind] = &[Kind::TypeChanged, Kind::EnumValueAdded, Kind::EnumValueRemoved];
        const TUPLE: &[Kind] = &[Kind::TypeChanged, Kind::VariantAdded, Kind::VariantRemoved];
        // (node, kinds explained there, and below it too)
        let mut explained: Vec<(String, &'static [Kind], bool)> = Vec::new();
        for c in &self.changes {
            let parent = |suffix: &str| c.pointer.rsplit_once(suffix).map(|(p, _)| p.to_string());
            match c.kind {
                Kind::ConstAdded | Kind::ConstRemoved | Kind::ConstChanged => {
                    explained.extend(parent("/const").map(|p| (p, SHAPE, false)));
                }
                Kind::PrefixItemsAdded | Kind::PrefixItemsRemoved => {
                    explained.extend(parent("/prefixItems/").map(|p| (p, TUPLE, true)));
                }
                Kind::WrappedInUnion => {
                    let p = parent("/oneOf").or_else(|| parent("/anyOf"));
                    explained.extend(p.map(|p| (p, &[Kind::TypeChanged][..], false)));
                }
                _ => {}
            }
        }
        if explained.is_empty() {
            return;
        }
        self.changes.retain(|c| {
            !explained.iter().any(|(at, kinds, deep)| {
                let below = c.pointer.strip_prefix(at.as_str());
                kinds.contains(&c.kind)
                    && below.is_some_and(|rest| {
                        rest.is_empty()
                            || (*deep && rest.starts_with('/'))
                            || rest == "/type"
                            || rest.starts_with("/enum/")
                    })
            })
        });
    }
}

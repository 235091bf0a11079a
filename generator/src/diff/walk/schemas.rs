//! Document-level parts (security schemes, component schemas) and the schema
//! comparison itself: nullability, shapes, formats, enumerations, properties
//! and unions.

use super::*;

impl<'a> Walker<'a> {
    // ---- documents ---------------------------------------------------------

    pub(super) fn security_schemes(&mut self) {
        let path = "/components/securitySchemes";
        let bs = keys_of(self.b.json.pointer(path));
        let hs = keys_of(self.h.json.pointer(path));
        for name in &bs {
            let ptr = join(path, &[name]);
            if !hs.contains(name) {
                self.push(Found {
                    kind: Kind::SecuritySchemeRemoved,
                    side: Side::Base,
                    pointer: ptr,
                    verdict: rules::security_scheme_added_or_removed(),
                    message: format!("Security scheme `{name}` was removed."),
                    rust: self.b.index.methods_using_scheme(name),
                    direction: None,
                });
                continue;
            }
            // What the client sends: everything but documentation.
            let essence = |doc: &'a Value| -> Option<Value> {
                let node = resolve(doc, Node::new(doc.pointer(&ptr)?, ptr.clone()))?;
                let mut v = node.v.clone();
                if let Some(m) = v.as_object_mut() {
                    m.retain(|k, _| !matches!(k.as_str(), "description" | "bearerFormat") && !k.starts_with("x-"));
                }
                Some(v)
            };
            if essence(self.b.json) == essence(self.h.json) {
                continue;
            }
            let changed = self.b.index.scheme_kind(name) != self.h.index.scheme_kind(name);
            let why = if changed {
                "the client must send other credentials"
            } else {
                "the credentials the client sends are the same"
            };
            self.push(Found {
                kind: Kind::SecuritySchemeChanged,
                side: Side::Head,
                pointer: ptr,
                verdict: rules::security_scheme_changed(changed),
                message: format!("Security scheme `{name}` changed; {why}."),
                rust: self.h.index.methods_using_scheme(name),
                direction: None,
            });
        }
        for name in hs.iter().filter(|n| !bs.contains(n)) {
            self.push(Found {
                kind: Kind::SecuritySchemeAdded,
                side: Side::Head,
                pointer: join(path, &[name]),
                verdict: rules::security_scheme_added_or_removed(),
                message: format!("Security scheme `{name}` was added."),
                rust: self.h.index.methods_using_scheme(name),
                direction: None,
            });
        }
    }

    pub(super) fn component_schemas(&mut self) {
        let path = "/components/schemas";
        let bs = keys_of(self.b.json.pointer(path));
        let hs = keys_of(self.h.json.pointer(path));
        for key in keyed(&bs, &hs) {
            let name = match key {
                Keyed::Kept(name, _) => name,
                Keyed::Removed(name) => {
                    self.schema_added_or_removed(path, name, false);
                    continue;
                }
                Keyed::Added(name) => {
                    self.schema_added_or_removed(path, name, true);
                    continue;
                }
            };
            let ptr = join(path, &[name]);
            let (Some(bv), Some(hv)) = (self.b.json.pointer(&ptr), self.h.json.pointer(&ptr)) else {
                continue;
            };
            let mut dir = Direction::default();
            for u in [self.b.index.usage(&ptr), self.h.index.usage(&ptr)]
                .into_iter()
                .flatten()
            {
                dir = dir.union(u);
            }
            if dir == Direction::default() {
                // Used by no operation: whoever uses it may do either.
                dir = Direction::BOTH;
            }
            let ctx = Ctx {
                dir,
                position: Position::Component,
                args: false,
            };
            self.schema(&Node::new(bv, ptr.clone()), &Node::new(hv, ptr), ctx);
        }
    }

    /// A component schema only one side has: the head's is added, the
    /// base's removed with its type.
    fn schema_added_or_removed(&mut self, path: &str, name: &str, added: bool) {
        let ptr = join(path, &[name]);
        let (doc, side) = if added {
            (self.h, Side::Head)
        } else {
            (self.b, Side::Base)
        };
        let (kind, verdict, message) = if added {
            (
                Kind::SchemaAdded,
                rules::schema_added(),
                format!("Schema `{name}` was added."),
            )
        } else {
            (
                Kind::SchemaRemoved,
                rules::schema_removed(),
                format!("Schema `{name}` was removed, and its type with it."),
            )
        };
        self.push(Found {
            kind,
            side,
            pointer: ptr.clone(),
            verdict,
            message,
            rust: doc.index.types_at(&ptr),
            direction: None,
        });
    }

    // ---- schemas -----------------------------------------------------------

    pub(super) fn schema(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let (Some(rb), Some(rh)) = (resolve_schema(self.b.json, b), resolve_schema(self.h.json, h)) else {
            return;
        };
        if rb.followed && rh.followed && rb.node.ptr == rh.node.ptr && is_component_schema(&rb.node.ptr) {
            // The same component on both sides: compared on its own. Only a
            // `nullable` on a wrapper around the reference belongs here.
            if rb.wrapper_nullable != rh.wrapper_nullable {
                self.nullable(b, h, rh.wrapper_nullable, ctx);
            }
            return;
        }
        if self.depth > MAX_DEPTH || !self.seen.insert((rb.node.ptr.clone(), rh.node.ptr.clone(), ctx.key())) {
            return;
        }
        self.depth += 1;
        let bn = rb.wrapper_nullable || is_nullable(rb.node.v);
        let hn = rh.wrapper_nullable || is_nullable(rh.node.v);
        if bn != hn {
            self.nullable(&rb.node, &rh.node, hn, ctx);
        }
        self.compare_shapes(&rb.node, &rh.node, ctx);
        self.constraints(&rb.node, &rh.node, ctx);
        self.depth -= 1;
    }

    pub(super) fn nullable(&mut self, b: &Node<'a>, h: &Node<'a>, now: bool, ctx: Ctx) {
        let property = ctx.position != Position::Other;
        // Added (the head's node) or removed (the base's): what the field
        // gains or loses, why else it breaks or not, and how to say it.
        let (kind, side, node, verdict, [field, breaks, safe, said]) = if now {
            (
                Kind::NullableAdded,
                Side::Head,
                h,
                rules::nullable_added(property, ctx.dir),
                [
                    "its field gains an `Option` layer",
                    "the old client cannot decode `null`",
                    "only the client sends it",
                    "is now allowed",
                ],
            )
        } else {
            (
                Kind::NullableRemoved,
                Side::Base,
                b,
                rules::nullable_removed(property, ctx.dir),
                [
                    "its field loses an `Option` layer",
                    "the server now rejects the `null` the old client may send",
                    "only the server sends it",
                    "is no longer allowed",
                ],
            )
        };
        let why = if property {
            field
        } else if verdict.breaking {
            breaks
        } else {
            safe
        };
        self.push(Found {
            kind,
            side,
            pointer: join(&node.ptr, &["nullable"]),
            verdict,
            message: format!("`null` {said} for {}; {why}.", self.describe(side, &node.ptr)),
            rust: self.rust(side, &node.ptr),
            direction: Some(ctx.dir),
        });
    }

    pub(super) fn compare_shapes(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) {
        let bs = shape(self.b.json, b);
        let hs = shape(self.h.json, h);
        if bs.name() != hs.name() {
            self.type_changed(b, h, bs.name(), hs.name(), ctx);
            return;
        }
        match (bs, hs) {
            (
                Shape::Object {
                    props: bp,
                    required: br,
                    additional: ba,
                },
                Shape::Object {
                    props: hp,
                    required: hr,
                    additional: ha,
                },
            ) => {
                self.properties(b, h, (&bp, &br), (&hp, &hr), ctx);
                if let (Some(ba), Some(ha)) = (ba, ha) {
                    self.schema(&ba, &ha, ctx.at(Position::Other));
                }
            }
            (Shape::Map { additional: Some(ba) }, Shape::Map { additional: Some(ha) }) => {
                self.schema(&ba, &ha, ctx.at(Position::Other));
            }
            (Shape::Array { items: bi }, Shape::Array { items: hi }) => match (bi, hi) {
                (Some(bi), Some(hi)) => self.schema(&bi, &hi, ctx.at(Position::Other)),
                (None, Some(hi)) => self.type_changed(b, &hi, "array of any JSON value", "array of typed items", ctx),
                (Some(bi), None) => self.type_changed(&bi, h, "array of typed items", "array of any JSON value", ctx),
                (None, None) => {}
            },
            (Shape::Union { members: bm, .. }, Shape::Union { members: hm, tagged }) => {
                self.union(b, h, &bm, &hm, tagged, ctx);
            }
            (Shape::Enum { values: bv, .. }, Shape::Enum { values: hv, .. }) => {
                self.enum_values(b, h, &bv, &hv, ctx);
            }
            (
                Shape::Prim {
                    typ,
                    format: bf,
                    values: bv,
                },
                Shape::Prim {
                    format: hf, values: hv, ..
                },
            ) => {
                if bf != hf {
                    self.format(b, h, typ, bf.as_deref(), hf.as_deref(), ctx);
                }
                if !bv.is_empty() && !hv.is_empty() {
                    self.enum_values(b, h, &bv, &hv, ctx);
                }
            }
            _ => {}
        }
    }

    pub(super) fn type_changed(&mut self, b: &Node<'a>, h: &Node<'a>, from: &str, to: &str, ctx: Ctx) {
        let ptr = match (b.v.get("type"), h.v.get("type")) {
            (Some(x), Some(y)) if x != y => join(&h.ptr, &["type"]),
            _ => h.ptr.clone(),
        };
        self.push(Found {
            kind: Kind::TypeChanged,
            side: Side::Head,
            pointer: ptr,
            verdict: rules::type_changed(),
            message: format!(
                "{} changed from {from} to {to}; its Rust type changes.",
                self.describe(Side::Head, &h.ptr)
            ),
            rust: self.rust(Side::Head, &h.ptr),
            direction: Some(ctx.dir),
        });
    }

    pub(super) fn format(
        &mut self,
        b: &Node<'a>,
        h: &Node<'a>,
        typ: &str,
        from: Option<&str>,
        to: Option<&str>,
        ctx: Ctx,
    ) {
        let (rust_from, rust_to) = (
            rust_primitive(&self.b.index.api, typ, from),
            rust_primitive(&self.h.index.api, typ, to),
        );
        let rust_changed = rust_from != rust_to;
        let breaking = rules::format_changed(rust_changed, ctx.dir, to.is_some());
        let what = match (from, to) {
            (Some(f), Some(t)) => format!("changed format from `{f}` to `{t}`"),
            (None, Some(t)) => format!("gained format `{t}`"),
            (Some(f), None) => format!("lost format `{f}`"),
            (None, None) => "changed format".to_string(),
        };
        let why = if rust_changed {
            format!("its Rust type changes from `{rust_from}` to `{rust_to}`")
        } else if breaking.breaking {
            "values the old client sends may now be rejected".to_string()
        } else {
            format!("its Rust type stays `{rust_to}`")
        };
        let (side, node) = if to.is_some() { (Side::Head, h) } else { (Side::Base, b) };
        self.push(Found {
            kind: Kind::FormatChanged,
            side,
            pointer: join(&node.ptr, &["format"]),
            verdict: breaking,
            message: format!("{} {what}; {why}.", self.describe(side, &node.ptr)),
            rust: self.rust(side, &node.ptr),
            direction: Some(ctx.dir),
        });
    }

    pub(super) fn enum_values(&mut self, b: &Node<'a>, h: &Node<'a>, bv: &[Value], hv: &[Value], ctx: Ctx) {
        let old: Vec<(&Value, String)> = bv.iter().map(|v| (v, value_text(v))).collect();
        let new: Vec<(&Value, String)> = hv.iter().map(|v| (v, value_text(v))).collect();
        let index_of = |node: &Node, value: &Value| {
            node.v
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|a| a.iter().position(|x| x == value))
                .map(|i| format!("{}/enum/{i}", node.ptr))
                .unwrap_or_else(|| join(&node.ptr, &["enum"]))
        };
        for key in keyed_by(&old, &new, |(_, text)| text.clone()) {
            match key {
                Keyed::Added((v, text)) => {
                    self.push(Found {
                        kind: Kind::EnumValueAdded,
                        side: Side::Head,
                        pointer: index_of(h, v),
                        verdict: rules::enum_value_added(ctx.dir),
                        message: format!(
                            "{} has the new value `{text}`; {}.",
                            self.describe(Side::Head, &h.ptr),
                            if ctx.dir.response {
                                "old clients keep it in `Unknown`"
                            } else {
                                "the server accepts more than before"
                            }
                        ),
                        rust: self.h.index.enum_variant(&h.ptr, text),
                        direction: Some(ctx.dir),
                    });
                }
                Keyed::Removed((v, text)) => {
                    self.push(Found {
                        kind: Kind::EnumValueRemoved,
                        side: Side::Base,
                        pointer: index_of(b, v),
                        verdict: rules::enum_value_removed(ctx.dir),
                        message: format!(
                            "{} no longer has the value `{text}`; its variant is gone.",
                            self.describe(Side::Base, &b.ptr)
                        ),
                        rust: self.b.index.enum_variant(&b.ptr, text),
                        direction: Some(ctx.dir),
                    });
                }
                Keyed::Kept(..) => {}
            }
        }
    }

    pub(super) fn properties(
        &mut self,
        b: &Node<'a>,
        h: &Node<'a>,
        (bp, br): (&[(String, Node<'a>)], &BTreeSet<String>),
        (hp, hr): (&[(String, Node<'a>)], &BTreeSet<String>),
        ctx: Ctx,
    ) {
        for key in keyed_by(bp, hp, |(name, _)| name.clone()) {
            let ((name, bn), (_, hn)) = match key {
                Keyed::Kept(b, h) => (b, h),
                Keyed::Removed((_, bn)) => {
                    let required = self.b.index.field_required(&bn.ptr).unwrap_or(false);
                    self.push(Found {
                        kind: Kind::PropertyRemoved,
                        side: Side::Base,
                        pointer: bn.ptr.clone(),
                        verdict: rules::property_removed(required, ctx.dir),
                        message: format!("{} was removed; its field is gone.", self.describe(Side::Base, &bn.ptr)),
                        rust: self.rust(Side::Base, &bn.ptr),
                        direction: Some(ctx.dir),
                    });
                    continue;
                }
                Keyed::Added((name, hn)) => {
                    self.property_added(hn, hr.contains(name), ctx);
                    continue;
                }
            };
            let (was, is) = (br.contains(name), hr.contains(name));
            if was != is {
                let rust_changed = match (
                    self.b.index.field_required(&bn.ptr),
                    self.h.index.field_required(&hn.ptr),
                ) {
                    (Some(x), Some(y)) => x != y,
                    _ => true,
                };
                let (kind, breaking, field) = if is {
                    (
                        Kind::PropertyBecameRequired,
                        rules::property_became_required(rust_changed, ctx.dir),
                        "`Option<T>` to `T`",
                    )
                } else {
                    (
                        Kind::PropertyBecameOptional,
                        rules::property_became_optional(rust_changed, ctx.dir),
                        "`T` to `Option<T>`",
                    )
                };
                let why = match (rust_changed, is) {
                    (true, _) => format!("its field changes from {field}"),
                    (false, true) if breaking.breaking => {
                        "its field stays optional, but requests without it are now rejected".to_string()
                    }
                    (false, _) => "its field stays optional".to_string(),
                };
                let became = if is { "required" } else { "optional" };
                self.push(Found {
                    kind,
                    side: Side::Head,
                    pointer: hn.ptr.clone(),
                    verdict: breaking,
                    message: format!("{} became {became}; {why}.", self.describe(Side::Head, &hn.ptr)),
                    rust: self.rust(Side::Head, &hn.ptr),
                    direction: Some(ctx.dir),
                });
            }
            self.schema(bn, hn, ctx.at(Position::Property));
        }
        // The order of `new`'s arguments follows the order of the required
        // properties.
        if let (Some((_, old)), Some((ctor, new))) = (
            self.b.index.constructor_order(&b.ptr),
            self.h.index.constructor_order(&h.ptr),
        ) {
            let old_common: Vec<&String> = old.iter().filter(|n| new.contains(n)).collect();
            let new_common: Vec<&String> = new.iter().filter(|n| old.contains(n)).collect();
            if old_common != new_common {
                let list = |names: &[&String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let breaking = rules::required_properties_reordered(ctx.dir);
                let why = if breaking.breaking {
                    format!("`{ctor}` takes its arguments in that order")
                } else {
                    format!("`{ctor}` takes its arguments in that order, but only the server sends this type")
                };
                let ptr = h.child("properties").map(|n| n.ptr).unwrap_or_else(|| h.ptr.clone());
                self.push(Found {
                    kind: Kind::RequiredPropertiesReordered,
                    side: Side::Head,
                    pointer: ptr,
                    verdict: breaking,
                    message: format!(
                        "The required properties of {} are in a new order: {} (was {}); {why}.",
                        self.describe(Side::Head, &h.ptr),
                        list(&new_common),
                        list(&old_common)
                    ),
                    rust: vec![ctor],
                    direction: Some(ctx.dir),
                });
            }
        }
    }

    /// A key that pairs up alternatives of two unions: the component
    /// referenced, else the title, else the kind of schema.
    pub(super) fn member_key(&self, side: Side, node: &Node<'a>) -> String {
        let doc = self.doc(side).json;
        if let Some(r) = node.v.get("$ref").and_then(Value::as_str) {
            return format!("ref:{}", r.rsplit('/').next().map(unescape).unwrap_or_default());
        }
        if let Some(t) = node.v.get("title").and_then(Value::as_str) {
            return format!("title:{t}");
        }
        match resolve_schema(doc, node) {
            Some(r) => format!("kind:{}", shape(doc, &r.node).name()),
            None => "kind:?".to_string(),
        }
    }

    /// Whether two schemas compare equal (no change at all). Leaves no
    /// trace: what it walked is walked again if it is paired up after all.
    pub(super) fn same(&mut self, b: &Node<'a>, h: &Node<'a>, ctx: Ctx) -> bool {
        let saved = std::mem::take(&mut self.changes);
        let seen = self.seen.clone();
        self.schema(b, h, ctx);
        let same = self.changes.is_empty();
        self.changes = saved;
        self.seen = seen;
        same
    }

    fn property_added(&mut self, hn: &Node<'a>, required: bool, ctx: Ctx) {
        let breaking = rules::property_added(required, ctx.dir, ctx.args);
        let why = if ctx.args {
            "the method takes one more argument".to_string()
        } else if required && ctx.dir.request {
            "`new` takes it, and the old client's requests lack it".to_string()
        } else if required {
            "only the server sends it, and old clients keep undeclared properties".to_string()
        } else {
            "it gets a setter, and old clients keep undeclared properties".to_string()
        };
        let how = if required { "required" } else { "optional" };
        self.push(Found {
            kind: Kind::PropertyAdded,
            side: Side::Head,
            pointer: hn.ptr.clone(),
            verdict: breaking,
            message: format!("{} was added ({how}); {why}.", self.describe(Side::Head, &hn.ptr)),
            rust: self.rust(Side::Head, &hn.ptr),
            direction: Some(ctx.dir),
        });
    }

    pub(super) fn union(
        &mut self,
        b: &Node<'a>,
        h: &Node<'a>,
        bm: &[Node<'a>],
        hm: &[Node<'a>],
        tagged: bool,
        ctx: Ctx,
    ) {
        let bkeys: Vec<String> = bm.iter().map(|m| self.member_key(Side::Base, m)).collect();
        let hkeys: Vec<String> = hm.iter().map(|m| self.member_key(Side::Head, m)).collect();
        let mut pairing = Pairing::new(bm.len(), hm.len());
        pairing.pass(|i, j| hkeys[j] == bkeys[i]);
        // Alternatives that only moved (inline <-> reference) pair up by content.
        let inner = ctx.at(Position::Other);
        pairing.pass(|i, j| self.same(&bm[i], &hm[j], inner));
        let removed = std::mem::take(&mut pairing.left);
        let h_used = pairing.used;
        for (i, j) in pairing.pairs {
            self.schema(&bm[i], &hm[j], ctx.at(Position::Other));
        }
        let member_ptr = |doc: &'a Value, n: &Node<'a>| {
            resolve_schema(doc, n)
                .map(|r| r.node.ptr)
                .unwrap_or_else(|| n.ptr.clone())
        };
        for i in removed {
            let target = member_ptr(self.b.json, &bm[i]);
            self.push(Found {
                kind: Kind::VariantRemoved,
                side: Side::Base,
                pointer: bm[i].ptr.clone(),
                verdict: rules::variant_removed(ctx.dir),
                message: format!(
                    "{} lost the alternative {}; its variant is gone.",
                    self.describe(Side::Base, &b.ptr),
                    bkeys[i]
                        .split_once(':')
                        .map(|(_, k)| format!("`{k}`"))
                        .unwrap_or_default()
                ),
                rust: self.b.index.union_variant(&b.ptr, &target),
                direction: Some(ctx.dir),
            });
        }
        for j in (0..hm.len()).filter(|&j| !h_used[j]) {
            let target = member_ptr(self.h.json, &hm[j]);
            let breaking = rules::variant_added(ctx.dir, tagged);
            let why = if breaking.breaking {
                "the old client cannot decode it in a response"
            } else if tagged {
                "old clients keep values with its tag in `Unknown`"
            } else {
                "only the client sends this union"
            };
            self.push(Found {
                kind: Kind::VariantAdded,
                side: Side::Head,
                pointer: hm[j].ptr.clone(),
                verdict: breaking,
                message: format!(
                    "{} has the new alternative {}; {why}.",
                    self.describe(Side::Head, &h.ptr),
                    hkeys[j]
                        .split_once(':')
                        .map(|(_, k)| format!("`{k}`"))
                        .unwrap_or_default()
                ),
                rust: self.h.index.union_variant(&h.ptr, &target),
                direction: Some(ctx.dir),
            });
        }
    }
}

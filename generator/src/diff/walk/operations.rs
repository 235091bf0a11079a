//! Operations: parameters, request bodies, responses and security requirements.

use super::*;

impl<'a> Walker<'a> {
    // ---- operations --------------------------------------------------------

    pub(super) fn operations(&mut self) {
        let base = operations_of(self.b.json);
        let head = operations_of(self.h.json);
        let keys: BTreeSet<&(String, &str)> = base.keys().chain(head.keys()).collect();
        for key in keys {
            match (base.get(key), head.get(key)) {
                (Some(b), None) => {
                    let id = b.node.v.get("operationId").and_then(Value::as_str);
                    let what = id.map(|id| format!(" (operation `{id}`)")).unwrap_or_default();
                    self.push(Found {
                        kind: Kind::OperationRemoved,
                        side: Side::Base,
                        pointer: b.node.ptr.clone(),
                        verdict: rules::operation_removed(),
                        message: format!("{}{what} was removed, and its method with it.", b.label()),
                        rust: self.rust(Side::Base, &b.node.ptr),
                        direction: None,
                    });
                }
                (None, Some(h)) => {
                    self.push(Found {
                        kind: Kind::OperationAdded,
                        side: Side::Head,
                        pointer: h.node.ptr.clone(),
                        verdict: rules::operation_added(),
                        message: format!("{} was added.", h.label()),
                        rust: self.rust(Side::Head, &h.node.ptr),
                        direction: None,
                    });
                }
                (Some(b), Some(h)) => self.operation(b, h),
                (None, None) => {}
            }
        }
    }

    pub(super) fn operation(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let bi = self.b.index;
        let hi = self.h.index;
        let bop = bi.operation(&b.node.ptr);
        let hop = hi.operation(&h.node.ptr);
        let method = self.rust(Side::Head, &h.node.ptr);
        if let (Some(bo), Some(ho)) = (bop, hop) {
            if bo.fn_name != ho.fn_name {
                let ptr = h
                    .node
                    .child("operationId")
                    .map(|n| n.ptr)
                    .unwrap_or_else(|| h.node.ptr.clone());
                let mut rust = vec![format!("Client::{}", bo.fn_name)];
                rust.extend(method.iter().cloned());
                self.push(Found {
                    kind: Kind::OperationRenamed,
                    side: Side::Head,
                    pointer: ptr,
                    verdict: rules::operation_renamed(),
                    message: format!(
                        "{} is now operation `{}`, so `Client::{}` is renamed `Client::{}`.",
                        h.label(),
                        ho.operation_id,
                        bo.fn_name,
                        ho.fn_name
                    ),
                    rust,
                    direction: None,
                });
            }
        }
        self.parameters(b, h, &method);
        self.request_body(b, h, &method);
        self.responses(b, h, &method);
        self.security(b, h, &method);
        self.operation_extras(b, h, &method);
    }

    pub(super) fn parameters(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let bp = parameters_of(self.b.json, b);
        let hp = parameters_of(self.h.json, h);
        let mut pairing = Pairing::new(bp.len(), hp.len());
        pairing.pass(|i, j| hp[j].name == bp[i].name && hp[j].location == bp[i].location);
        // A path variable renamed at the same place is the same argument.
        for i in std::mem::take(&mut pairing.left) {
            match self.path_variable_renamed(b, h, (&bp, &hp), i, &pairing.used) {
                Some(j) => pairing.pair(i, j),
                None => pairing.left.push(i),
            }
        }
        let before = pairing.pass(|i, j| hp[j].name == bp[i].name);
        for &(i, j) in &pairing.pairs[before..] {
            let ptr = hp[j]
                .node
                .child("in")
                .map(|n| n.ptr)
                .unwrap_or_else(|| hp[j].node.ptr.clone());
            self.push(Found {
                kind: Kind::ParameterMoved,
                side: Side::Head,
                pointer: ptr,
                verdict: rules::parameter_moved(),
                message: format!(
                    "Parameter `{}` of {} moved from {} to {}; the old client sends it where the server no longer reads it.",
                    hp[j].name,
                    h.label(),
                    bp[i].location,
                    hp[j].location
                ),
                rust: method.to_vec(),
                direction: Some(Direction::REQUEST),
            });
        }
        let removed = std::mem::take(&mut pairing.left);
        for i in removed {
            let p = &bp[i];
            self.push(Found {
                kind: Kind::ParameterRemoved,
                side: Side::Base,
                pointer: p.node.ptr.clone(),
                verdict: rules::parameter_removed(),
                message: format!(
                    "The {} parameter `{}` of {} was removed; the method loses that argument.",
                    p.location,
                    p.name,
                    b.label()
                ),
                rust: self.rust(Side::Base, &b.node.ptr),
                direction: Some(Direction::REQUEST),
            });
        }
        for p in pairing.unpaired_head().map(|j| &hp[j]) {
            let required = p.required();
            let (how, arg) = if required {
                ("Required", "")
            } else {
                ("Optional", " (an `Option`)")
            };
            self.push(Found {
                kind: Kind::ParameterAdded,
                side: Side::Head,
                pointer: p.node.ptr.clone(),
                verdict: rules::parameter_added(required),
                message: format!(
                    "{how} {} parameter `{}` was added to {}; the method takes one more argument{arg}.",
                    p.location,
                    p.name,
                    h.label()
                ),
                rust: method.to_vec(),
                direction: Some(Direction::REQUEST),
            });
        }
        for (i, j) in pairing.pairs {
            let (p, q) = (&bp[i], &hp[j]);
            if p.required() != q.required() {
                let ptr = join(&q.node.ptr, &["required"]);
                let (kind, breaking, message) = if q.required() {
                    (
                        Kind::ParameterBecameRequired,
                        rules::parameter_became_required(),
                        format!(
                            "Parameter `{}` of {} became required; its argument changes from `Option<T>` to `T`.",
                            q.name,
                            h.label()
                        ),
                    )
                } else {
                    (
                        Kind::ParameterBecameOptional,
                        rules::parameter_became_optional(),
                        format!(
                            "Parameter `{}` of {} became optional; its argument changes from `T` to `Option<T>`.",
                            q.name,
                            h.label()
                        ),
                    )
                };
                self.push(Found {
                    kind,
                    side: Side::Head,
                    pointer: ptr,
                    verdict: breaking,
                    message,
                    rust: method.to_vec(),
                    direction: Some(Direction::REQUEST),
                });
            }
            if let (Some(bs), Some(hs)) = (p.schema(), q.schema()) {
                let ctx = Ctx {
                    dir: Direction::REQUEST,
                    position: Position::Other,
                    args: false,
                };
                self.schema(&bs, &hs, ctx);
            }
        }
        self.parameter_order(b, h, method);
    }

    /// Parameters both versions have, in the order the methods take them.
    pub(super) fn parameter_order(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let (Some(bo), Some(ho)) = (self.b.index.operation(&b.node.ptr), self.h.index.operation(&h.node.ptr)) else {
            return;
        };
        let key = |p: &crate::ir::Param| (p.name.clone(), p.location);
        let in_head: BTreeSet<_> = ho.params.iter().map(key).collect();
        let in_base: BTreeSet<_> = bo.params.iter().map(key).collect();
        let old: Vec<&crate::ir::Param> = bo.params.iter().filter(|p| in_head.contains(&key(p))).collect();
        let new: Vec<&crate::ir::Param> = ho.params.iter().filter(|p| in_base.contains(&key(p))).collect();
        let old_keys: Vec<_> = old.iter().map(|p| key(p)).collect();
        let new_keys: Vec<_> = new.iter().map(|p| key(p)).collect();
        if old_keys == new_keys {
            return;
        }
        let names = |ps: &[&crate::ir::Param]| {
            ps.iter()
                .map(|p| format!("`{}`", p.rust_name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ptr = h
            .node
            .child("parameters")
            .or_else(|| h.item.child("parameters"))
            .map(|n| n.ptr)
            .unwrap_or_else(|| h.node.ptr.clone());
        self.push(Found {
            kind: Kind::ParameterReordered,
            side: Side::Head,
            pointer: ptr,
            verdict: rules::parameter_reordered(),
            message: format!(
                "The method for {} takes its parameters in a new order: {} (was {}).",
                h.label(),
                names(&new),
                names(&old)
            ),
            rust: method.to_vec(),
            direction: Some(Direction::REQUEST),
        });
    }

    pub(super) fn request_body(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let bb = b.node.child("requestBody").and_then(|n| resolve(self.b.json, n));
        let hb = h.node.child("requestBody").and_then(|n| resolve(self.h.json, n));
        let required = |n: &Node| n.v.get("required").and_then(Value::as_bool).unwrap_or(false);
        let (bb, hb) = match (bb, hb) {
            (None, None) => return,
            (Some(bb), None) => {
                self.push(Found {
                    kind: Kind::RequestBodyRemoved,
                    side: Side::Base,
                    pointer: bb.ptr.clone(),
                    verdict: rules::request_body_removed(),
                    message: format!(
                        "{} no longer takes a request body; the method loses its `body` argument.",
                        b.label()
                    ),
                    rust: self.rust(Side::Base, &b.node.ptr),
                    direction: Some(Direction::REQUEST),
                });
                return;
            }
            (None, Some(hb)) => {
                let how = if required(&hb) { "a required" } else { "an optional" };
                self.push(Found {
                    kind: Kind::RequestBodyAdded,
                    side: Side::Head,
                    pointer: hb.ptr.clone(),
                    verdict: rules::request_body_added(required(&hb)),
                    message: format!(
                        "{} takes {how} request body; the method gains a `body` argument.",
                        h.label()
                    ),
                    rust: method.to_vec(),
                    direction: Some(Direction::REQUEST),
                });
                return;
            }
            (Some(bb), Some(hb)) => (bb, hb),
        };
        if required(&bb) != required(&hb) {
            let ptr = join(&hb.ptr, &["required"]);
            let (kind, message) = if required(&hb) {
                (
                    Kind::RequestBodyBecameRequired,
                    format!(
                        "The request body of {} became required; `body` changes from `Option<&T>` to `&T`.",
                        h.label()
                    ),
                )
            } else {
                (
                    Kind::RequestBodyBecameOptional,
                    format!(
                        "The request body of {} became optional; `body` changes from `&T` to `Option<&T>`.",
                        h.label()
                    ),
                )
            };
            self.push(Found {
                kind,
                side: Side::Head,
                pointer: ptr,
                verdict: rules::request_body_required_changed(required(&hb)),
                message,
                rust: method.to_vec(),
                direction: Some(Direction::REQUEST),
            });
        }
        let bop = self.b.index.operation(&b.node.ptr);
        let hop = self.h.index.operation(&h.node.ptr);
        let signature_changed = match (bop, hop) {
            (Some(bo), Some(ho)) => body_signature(bo) != body_signature(ho),
            _ => false,
        };
        let bc = bb.child("content");
        let hc = hb.child("content");
        let b_media = keys_of(bc.as_ref().map(|n| n.v));
        let h_media = keys_of(hc.as_ref().map(|n| n.v));
        for key in keyed(&b_media, &h_media) {
            match key {
                Keyed::Removed(m) => self.request_media_removed((b, &bb), bop, m, signature_changed),
                Keyed::Added(m) => self.request_media_added(h, &hb, m, signature_changed, method),
                Keyed::Kept(..) => {}
            }
        }
        let (Some(bc), Some(hc)) = (bc, hc) else { return };
        for m in b_media.iter().filter(|m| h_media.contains(m)) {
            let bs = bc.child(m).and_then(|n| n.child("schema"));
            let hs = hc.child(m).and_then(|n| n.child("schema"));
            let ctx = Ctx {
                dir: Direction::REQUEST,
                position: Position::Other,
                args: m.starts_with("multipart/form-data"),
            };
            match (bs, hs) {
                (Some(bs), Some(hs)) => self.schema(&bs, &hs, ctx),
                (bs, hs) => self.media_schema((&bc, bs.is_some()), (&hc, hs.is_some()), m, ctx),
            }
        }
    }

    fn request_media_removed(
        &mut self,
        (b, bb): (&Op<'a>, &Node<'a>),
        bop: Option<&crate::ir::Operation>,
        m: &str,
        signature_changed: bool,
    ) {
        let sent = bop.is_none_or(|o| body_sends(o, m));
        let why = if sent {
            "the old client sends it, and the server now rejects it"
        } else if signature_changed {
            "the method's body arguments change"
        } else {
            "the generated method never sent it"
        };
        self.push(Found {
            kind: Kind::RequestMediaTypeRemoved,
            side: Side::Base,
            pointer: join(&bb.ptr, &["content", m]),
            verdict: rules::request_media_type_removed(sent, signature_changed),
            message: format!("The request body of {} no longer accepts `{m}`; {why}.", b.label()),
            rust: self.rust(Side::Base, &b.node.ptr),
            direction: Some(Direction::REQUEST),
        });
    }

    fn request_media_added(&mut self, h: &Op<'a>, hb: &Node<'a>, m: &str, signature_changed: bool, method: &[String]) {
        let why = if signature_changed {
            "the method's body arguments change"
        } else {
            "the method is unchanged"
        };
        self.push(Found {
            kind: Kind::RequestMediaTypeAdded,
            side: Side::Head,
            pointer: join(&hb.ptr, &["content", m]),
            verdict: rules::request_media_type_added(signature_changed),
            message: format!("The request body of {} also accepts `{m}`; {why}.", h.label()),
            rust: method.to_vec(),
            direction: Some(Direction::REQUEST),
        });
    }

    pub(super) fn responses(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let br = b.node.child("responses");
        let hr = h.node.child("responses");
        let b_success = success_statuses(br.as_ref().map(|n| n.v));
        let h_success = success_statuses(hr.as_ref().map(|n| n.v));
        let b_codes = keys_of(br.as_ref().map(|n| n.v));
        let h_codes = keys_of(hr.as_ref().map(|n| n.v));
        for key in keyed(&b_codes, &h_codes) {
            match key {
                Keyed::Removed(code) => self.response_removed(b, &br, code, b_success.contains(code)),
                Keyed::Added(code) => self.response_added(h, &hr, code, h_success.contains(code), method),
                Keyed::Kept(..) => {}
            }
        }
        let (Some(br), Some(hr)) = (br, hr) else { return };
        self.response_contents(
            (b, h),
            (&br, &hr),
            (&b_codes, &h_codes),
            (&b_success, &h_success),
            method,
        );
    }

    fn response_removed(&mut self, b: &Op<'a>, br: &Option<Node<'a>>, code: &str, success: bool) {
        let Some(br) = br else { return };
        let why = if success {
            "the method's return type loses it"
        } else {
            "it only ever surfaced as `Error::Api`"
        };
        self.push(Found {
            kind: Kind::ResponseRemoved,
            side: Side::Base,
            pointer: join(&br.ptr, &[code]),
            verdict: rules::response_removed(success),
            message: format!("{} no longer answers `{code}`; {why}.", b.label()),
            rust: self.rust(Side::Base, &b.node.ptr),
            direction: Some(Direction::RESPONSE),
        });
    }

    fn response_added(&mut self, h: &Op<'a>, hr: &Option<Node<'a>>, code: &str, success: bool, method: &[String]) {
        let Some(hr) = hr else { return };
        let why = if success {
            "a new success status changes what the method returns, and the old client rejects it as unexpected"
        } else {
            "the old client surfaces it as `Error::Api`"
        };
        self.push(Found {
            kind: Kind::ResponseAdded,
            side: Side::Head,
            pointer: join(&hr.ptr, &[code]),
            verdict: rules::response_added(success),
            message: format!("{} may answer `{code}`; {why}.", h.label()),
            rust: method.to_vec(),
            direction: Some(Direction::RESPONSE),
        });
    }

    /// Media types and schemas of the statuses both versions answer.
    fn response_contents(
        &mut self,
        (b, h): (&Op<'a>, &Op<'a>),
        (br, hr): (&Node<'a>, &Node<'a>),
        (b_codes, h_codes): (&[String], &[String]),
        (b_success, h_success): (&BTreeSet<String>, &BTreeSet<String>),
        method: &[String],
    ) {
        let return_changed = match (self.b.index.operation(&b.node.ptr), self.h.index.operation(&h.node.ptr)) {
            (Some(bo), Some(ho)) => return_signature(bo) != return_signature(ho),
            _ => false,
        };
        // A method of another media type (`get_thing_text`) that goes away
        // breaks its callers like a changed return type.
        let h_methods = self.h.index.methods_at(&h.node.ptr);
        let method_removed = self
            .b
            .index
            .methods_at(&b.node.ptr)
            .iter()
            .any(|m| !h_methods.contains(m));
        let return_changed = return_changed || method_removed;
        for code in b_codes.iter().filter(|c| h_codes.contains(c)) {
            let success = b_success.contains(code) || h_success.contains(code);
            let (Some(bn), Some(hn)) = (
                br.child(code).and_then(|n| resolve(self.b.json, n)),
                hr.child(code).and_then(|n| resolve(self.h.json, n)),
            ) else {
                continue;
            };
            let bc = bn.child("content");
            let hc = hn.child("content");
            let b_media = keys_of(bc.as_ref().map(|n| n.v));
            let h_media = keys_of(hc.as_ref().map(|n| n.v));
            let removed = rules::response_media_type_changed(success && return_changed, false);
            let added = rules::response_media_type_changed(success && return_changed, true);
            let why = if added.breaking {
                "the method's return type changes"
            } else {
                "the method's return type is unchanged"
            };
            for key in keyed(&b_media, &h_media) {
                let (kind, side, node, verdict, message, rust) = match key {
                    Keyed::Removed(m) => (
                        Kind::ResponseMediaTypeRemoved,
                        Side::Base,
                        &bn,
                        removed,
                        format!(
                            "The `{code}` response of {} no longer has `{m}` content; {why}.",
                            b.label()
                        ),
                        self.rust(Side::Base, &b.node.ptr),
                    ),
                    Keyed::Added(m) => (
                        Kind::ResponseMediaTypeAdded,
                        Side::Head,
                        &hn,
                        added,
                        format!("The `{code}` response of {} may have `{m}` content; {why}.", h.label()),
                        method.to_vec(),
                    ),
                    Keyed::Kept(..) => continue,
                };
                let (Keyed::Removed(m) | Keyed::Added(m) | Keyed::Kept(m, _)) = key;
                let pointer = join(&node.ptr, &["content", m]);
                let direction = Some(Direction::RESPONSE);
                self.push(Found {
                    kind,
                    side,
                    pointer,
                    verdict,
                    message,
                    rust,
                    direction,
                });
            }
            let (Some(bc), Some(hc)) = (bc, hc) else { continue };
            for m in b_media.iter().filter(|m| h_media.contains(m)) {
                let bs = bc.child(m).and_then(|n| n.child("schema"));
                let hs = hc.child(m).and_then(|n| n.child("schema"));
                let ctx = Ctx {
                    dir: Direction::RESPONSE,
                    position: Position::Other,
                    args: false,
                };
                match (bs, hs) {
                    (Some(bs), Some(hs)) => self.schema(&bs, &hs, ctx),
                    (bs, hs) => self.media_schema((&bc, bs.is_some()), (&hc, hs.is_some()), m, ctx),
                }
            }
        }
    }

    pub(super) fn security(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let (b_alts, b_ptr) = security_of(self.b.json, b);
        let (h_alts, h_ptr) = security_of(self.h.json, h);
        let anonymous = |alts: &[BTreeSet<String>]| alts.is_empty() || alts.iter().any(BTreeSet::is_empty);
        let (was_anonymous, is_anonymous) = (anonymous(&b_alts), anonymous(&h_alts));
        // When an operation starts or stops overriding the document's
        // security, the change belongs to the operation, not to the
        // document-wide list.
        let (b_own, h_own) = (b.node.v.get("security").is_some(), h.node.v.get("security").is_some());
        for (j, alt) in h_alts.iter().enumerate() {
            if b_alts.contains(alt) || (alt.is_empty() && was_anonymous) {
                continue;
            }
            let breaking = rules::security_added(was_anonymous, is_anonymous);
            let why = if breaking.breaking {
                "no credentials were needed before, so the old client's requests without them are rejected"
            } else {
                "what was accepted before still is"
            };
            let ptr = if h_own || !b_own {
                format!("{h_ptr}/{j}")
            } else {
                h.node.ptr.clone()
            };
            let who = if ptr.starts_with("/security") {
                "Every operation without security of its own".to_string()
            } else {
                h.label()
            };
            self.push(Found {
                kind: Kind::SecurityAdded,
                side: Side::Head,
                pointer: ptr,
                verdict: breaking,
                message: format!("{who} accepts {}; {why}.", alternative_text(alt)),
                rust: method.to_vec(),
                direction: None,
            });
        }
        for (i, alt) in b_alts.iter().enumerate() {
            if h_alts.contains(alt) || (alt.is_empty() && is_anonymous) {
                continue;
            }
            let breaking = rules::security_removed(is_anonymous);
            let why = if breaking.breaking {
                "clients that authenticate that way are rejected"
            } else {
                "no credentials are needed any more"
            };
            let (side, ptr) = if b_own || !h_own {
                (Side::Base, format!("{b_ptr}/{i}"))
            } else {
                (Side::Head, h_ptr.clone())
            };
            let who = if ptr.starts_with("/security") {
                "Every operation without security of its own".to_string()
            } else {
                b.label()
            };
            self.push(Found {
                kind: Kind::SecurityRemoved,
                side,
                pointer: ptr,
                verdict: breaking,
                message: format!("{who} no longer accepts {}; {why}.", alternative_text(alt)),
                rust: self.rust(Side::Base, &b.node.ptr),
                direction: None,
            });
        }
    }

    /// A path parameter whose variable was renamed in the template (same
    /// position): the same positional argument, reported as a rename.
    fn path_variable_renamed(
        &mut self,
        b: &Op<'a>,
        h: &Op<'a>,
        (bp, hp): (&[ParamRef<'a>], &[ParamRef<'a>]),
        i: usize,
        h_used: &[bool],
    ) -> Option<usize> {
        let p = &bp[i];
        if p.location != "path" {
            return None;
        }
        let position = path_variables(&b.path).iter().position(|v| *v == p.name)?;
        let new_name = *path_variables(&h.path).get(position)?;
        if path_variables(&b.path).contains(&new_name) {
            return None;
        }
        let j = (0..hp.len()).find(|&j| !h_used[j] && hp[j].location == "path" && hp[j].name == new_name)?;
        let ptr = hp[j]
            .node
            .child("name")
            .map(|n| n.ptr)
            .unwrap_or_else(|| hp[j].node.ptr.clone());
        let message = format!(
            "Path variable `{}` of {} is now `{new_name}` (`{}`); the URL and the method's positional argument stay the same.",
            p.name,
            b.label(),
            h.path
        );
        let rust = self.rust(Side::Head, &h.node.ptr);
        let verdict = rules::path_parameter_renamed();
        let dir = Some(Direction::REQUEST);
        self.push(Found {
            kind: Kind::PathParameterRenamed,
            side: Side::Head,
            pointer: ptr,
            verdict,
            message,
            rust,
            direction: dir,
        });
        Some(j)
    }
}

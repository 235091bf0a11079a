//! What an operation says beside its parameters, bodies and schemas:
//! deprecation and sunset of the operation and its parameters, response
//! headers, and the scopes of its security requirements.

use super::*;

/// The security requirement list that applies to an operation, as a node.
fn security_node<'a>(doc: &'a Value, op: &Op<'a>) -> Option<Node<'a>> {
    op.node
        .child("security")
        .or_else(|| doc.get("security").map(|s| Node::new(s, "/security")))
}

/// The scopes of each alternative, keyed by its set of scheme names.
fn scopes_of<'a>(list: &Node<'a>) -> Vec<(BTreeSet<String>, Node<'a>)> {
    let n = list.v.as_array().map_or(0, Vec::len);
    (0..n)
        .filter_map(|i| list.child(&i.to_string()))
        .filter_map(|alt| {
            let names: BTreeSet<String> = alt.v.as_object()?.keys().cloned().collect();
            Some((names, alt))
        })
        .collect()
}

/// A node without what does not change the API (descriptions, summaries,
/// titles, examples), for comparing parts the walk does not follow.
fn meaning(v: &Value) -> Value {
    fn strip(v: &Value, under_properties: bool, depth: usize) -> Value {
        match v {
            Value::Object(m) if depth < MAX_DEPTH => Value::Object(
                m.iter()
                    .filter(|(k, _)| {
                        under_properties
                            || !matches!(k.as_str(), "description" | "summary" | "title" | "example" | "examples")
                    })
                    .map(|(k, v)| (k.clone(), strip(v, !under_properties && k == "properties", depth + 1)))
                    .collect(),
            ),
            Value::Array(items) if depth < MAX_DEPTH => {
                Value::Array(items.iter().map(|i| strip(i, false, depth + 1)).collect())
            }
            other => other.clone(),
        }
    }
    strip(v, false, 0)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

impl<'a> Walker<'a> {
    pub(super) fn operation_extras(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        self.deprecation(&b.node, &h.node, None);
        let (bp, hp) = (parameters_of(self.b.json, b), parameters_of(self.h.json, h));
        for q in &hp {
            if let Some(p) = bp.iter().find(|p| p.name == q.name && p.location == q.location) {
                self.deprecation(&p.node, &q.node, None);
            }
        }
        self.response_headers(b, h, method);
        self.security_scopes(b, h, method);
        self.callbacks(b, h);
    }

    /// Callbacks: requests the API sends to a URL the caller gives. The
    /// generated client has no items for them, so they are compared as
    /// written, one callback at a time.
    fn callbacks(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let (bc, hc) = (b.node.child("callbacks"), h.node.child("callbacks"));
        let (bk, hk) = (keys_of(bc.as_ref().map(|n| n.v)), keys_of(hc.as_ref().map(|n| n.v)));
        for key in keyed(&bk, &hk) {
            let (Keyed::Removed(name) | Keyed::Added(name) | Keyed::Kept(name, _)) = key;
            let old = bc.as_ref().and_then(|n| n.child(name));
            let new = hc.as_ref().and_then(|n| n.child(name));
            let (kind, side, ptr, message) = match (old, new) {
                (None, Some(n)) => (
                    Kind::CallbackAdded,
                    Side::Head,
                    n.ptr,
                    format!("{} has the new callback `{name}`.", h.label()),
                ),
                (Some(o), None) => (
                    Kind::CallbackRemoved,
                    Side::Base,
                    o.ptr,
                    format!("{} no longer has the callback `{name}`.", b.label()),
                ),
                (Some(o), Some(n)) if meaning(o.v) != meaning(n.v) => (
                    Kind::CallbackChanged,
                    Side::Head,
                    n.ptr,
                    format!(
                        "The callback `{name}` of {} changed; the generated client does not handle callbacks, so check the receiving side.",
                        h.label()
                    ),
                ),
                _ => continue,
            };
            let verdict = rules::callback_changed(kind != Kind::CallbackAdded);
            self.push(Found {
                kind,
                side,
                pointer: ptr,
                verdict,
                message,
                rust: Vec::new(),
                direction: None,
            });
        }
    }

    fn response_headers(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let (Some(br), Some(hr)) = (b.node.child("responses"), h.node.child("responses")) else {
            return;
        };
        for code in keys_of(Some(hr.v)) {
            let (Some(bn), Some(hn)) = (
                br.child(&code).and_then(|n| resolve(self.b.json, n)),
                hr.child(&code).and_then(|n| resolve(self.h.json, n)),
            ) else {
                continue;
            };
            let (bh, hh) = (bn.child("headers"), hn.child("headers"));
            let names: BTreeSet<String> = keys_of(bh.as_ref().map(|n| n.v))
                .into_iter()
                .chain(keys_of(hh.as_ref().map(|n| n.v)))
                .collect();
            for name in names {
                let header = |doc: &'a Value, list: &Option<Node<'a>>| {
                    list.as_ref().and_then(|l| l.child(&name)).and_then(|n| resolve(doc, n))
                };
                let (old, new) = (header(self.b.json, &bh), header(self.h.json, &hh));
                self.response_header(&name, &code, old, new, (b, h), method);
            }
        }
    }

    fn response_header(
        &mut self,
        name: &str,
        code: &str,
        old: Option<Node<'a>>,
        new: Option<Node<'a>>,
        (b, h): (&Op<'a>, &Op<'a>),
        method: &[String],
    ) {
        let required = |n: &Node<'a>| n.v.get("required").and_then(Value::as_bool).unwrap_or(false);
        let how = |r: bool| if r { "required" } else { "optional" };
        let (kind, side, ptr, weaker, message) = match (&old, &new) {
            (None, Some(n)) => (
                Kind::ResponseHeaderAdded,
                Side::Head,
                n.ptr.clone(),
                false,
                format!(
                    "The `{code}` response of {} has the new {} header `{name}`.",
                    h.label(),
                    how(required(n))
                ),
            ),
            (Some(o), None) => (
                Kind::ResponseHeaderRemoved,
                Side::Base,
                o.ptr.clone(),
                required(o),
                format!(
                    "The `{code}` response of {} no longer has the {} header `{name}`; the generated client does not read it.",
                    b.label(),
                    how(required(o))
                ),
            ),
            (Some(o), Some(n)) if required(o) && !required(n) => (
                Kind::ResponseHeaderBecameOptional,
                Side::Head,
                n.ptr.clone(),
                true,
                format!(
                    "Header `{name}` of the `{code}` response of {} became optional; the generated client does not read it.",
                    h.label()
                ),
            ),
            (Some(o), Some(n)) if !required(o) && required(n) => (
                Kind::ResponseHeaderBecameRequired,
                Side::Head,
                join(&n.ptr, &["required"]),
                false,
                format!(
                    "Header `{name}` of the `{code}` response of {} became required.",
                    h.label()
                ),
            ),
            _ => return,
        };
        let verdict = rules::response_header_changed(weaker);
        self.push(Found {
            kind,
            side,
            pointer: ptr,
            verdict,
            message,
            rust: method.to_vec(),
            direction: Some(Direction::RESPONSE),
        });
    }

    fn security_scopes(&mut self, b: &Op<'a>, h: &Op<'a>, method: &[String]) {
        let (Some(bl), Some(hl)) = (security_node(self.b.json, b), security_node(self.h.json, h)) else {
            return;
        };
        let old = scopes_of(&bl);
        let new = scopes_of(&hl);
        // Alternatives written identically on both sides pair up first;
        // the rest pair when their set of schemes appears once on each side.
        let unmatched = |list: &[(BTreeSet<String>, Node<'a>)], other: &[(BTreeSet<String>, Node<'a>)]| {
            list.iter()
                .filter(|(_, a)| !other.iter().any(|(_, b)| a.v == b.v))
                .cloned()
                .collect::<Vec<_>>()
        };
        let (old, new) = (unmatched(&old, &new), unmatched(&new, &old));
        for (names, alt) in &new {
            let mut candidates = old.iter().filter(|(n, _)| n == names);
            let (Some((_, before)), None) = (candidates.next(), candidates.next()) else {
                continue;
            };
            if new.iter().filter(|(n, _)| n == names).count() != 1 {
                continue;
            }
            let names = names.clone();
            let alt = alt.clone();
            for scheme in &names {
                let (was, is) = (strings(before.v.get(scheme)), strings(alt.v.get(scheme)));
                let who = if alt.ptr.starts_with("/security") {
                    "every operation without security of its own".to_string()
                } else {
                    h.label()
                };
                for scope in is.iter().filter(|s| !was.contains(s)) {
                    let message =
                        format!("`{scheme}` for {who} also needs scope `{scope}`; tokens without it are rejected.");
                    let ptr = join(&alt.ptr, &[scheme]);
                    let verdict = rules::security_scope_added();
                    self.push(Found {
                        kind: Kind::SecurityScopeAdded,
                        side: Side::Head,
                        pointer: ptr,
                        verdict,
                        message,
                        rust: method.to_vec(),
                        direction: None,
                    });
                }
                for scope in was.iter().filter(|s| !is.contains(s)) {
                    let message = format!("`{scheme}` for {who} no longer needs scope `{scope}`.");
                    let ptr = join(&before.ptr, &[scheme]);
                    let verdict = rules::security_scope_removed();
                    self.push(Found {
                        kind: Kind::SecurityScopeRemoved,
                        side: Side::Base,
                        pointer: ptr,
                        verdict,
                        message,
                        rust: method.to_vec(),
                        direction: None,
                    });
                }
            }
        }
    }
}

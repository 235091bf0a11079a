//! Node-by-node checks that find the innermost node of the wrong shape.

use super::deserialize::try_as;
use crate::error::join;
use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
use serde_json::Value;

type Found = Option<(String, String)>;
type Check = fn(&Value, &str) -> Found;

fn each(v: &Value, ptr: &str, f: impl Fn(&Value, &str) -> Found) -> Found {
    match v {
        Value::Object(map) => map.iter().find_map(|(k, child)| f(child, &join(ptr, &[k]))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, child)| f(child, &format!("{ptr}/{i}"))),
        _ => None,
    }
}

fn leaf<T: serde::de::DeserializeOwned>(v: &Value, ptr: &str) -> Found {
    try_as::<T>(v, ptr).err()
}

pub fn document(raw: &Value) -> Found {
    if let Some(paths) = raw.get("paths") {
        if let Some(found) = each(paths, "/paths", path_item) {
            return Some(found);
        }
    }
    if let Some(c) = raw.get("components") {
        let kinds: [(&str, Check); 5] = [
            ("schemas", leaf::<ReferenceOr<Schema>>),
            ("parameters", leaf::<ReferenceOr<Parameter>>),
            ("responses", leaf::<ReferenceOr<Response>>),
            ("requestBodies", leaf::<ReferenceOr<RequestBody>>),
            ("securitySchemes", leaf::<ReferenceOr<SecurityScheme>>),
        ];
        for (key, check) in kinds {
            if let Some(map) = c.get(key) {
                if let Some(found) = each(map, &format!("/components/{key}"), check) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn path_item(v: &Value, ptr: &str) -> Found {
    if let Some(params) = v.get("parameters").filter(|p| p.is_array()) {
        if let Some(found) = each(params, &join(ptr, &["parameters"]), leaf::<ReferenceOr<Parameter>>) {
            return Some(found);
        }
    }
    for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
        if let Some(op) = v.get(method) {
            if let Some(found) = operation(op, &join(ptr, &[method])) {
                return Some(found);
            }
        }
    }
    leaf::<ReferenceOr<PathItem>>(v, ptr)
}

fn operation(v: &Value, ptr: &str) -> Found {
    if let Some(params) = v.get("parameters").filter(|p| p.is_array()) {
        if let Some(found) = each(params, &join(ptr, &["parameters"]), leaf::<ReferenceOr<Parameter>>) {
            return Some(found);
        }
    }
    if let Some(body) = v.get("requestBody") {
        if let Some(found) = leaf::<ReferenceOr<RequestBody>>(body, &join(ptr, &["requestBody"])) {
            return Some(found);
        }
    }
    if let Some(responses) = v.get("responses").filter(|r| r.is_object()) {
        if let Some(found) = each(responses, &join(ptr, &["responses"]), leaf::<ReferenceOr<Response>>) {
            return Some(found);
        }
    }
    leaf::<openapiv3::Operation>(v, ptr)
}

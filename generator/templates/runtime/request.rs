//! Assembling a request: parameters in their styles, bodies in their media types.

use super::client::Op;
use super::upload::Upload;
use crate::error::Error;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug)]
pub struct FilePart {
    pub file_name: String,
    /// Media type of the part, e.g. `image/jpeg`.
    pub content_type: Option<String>,
    /// The contents: bytes, a file read as it is sent, or a stream.
    pub body: Upload,
}

impl FilePart {
    /// A part named `file_name` holding `body` (`Vec<u8>`, `bytes::Bytes`,
    /// text, or an [`Upload`] of a file or stream).
    pub fn new(file_name: impl Into<String>, body: impl Into<Upload>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            body: body.into(),
        }
    }

    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

#[doc(hidden)]
#[derive(Debug)]
pub enum MultipartField {
    Text { name: String, value: String },
    File { name: String, file_name: String, content_type: Option<String>, body: Upload },
}

#[doc(hidden)]
#[derive(Debug)]
pub enum Body {
    None,
    Data { content_type: String, data: Upload },
    Multipart(Vec<MultipartField>),
}

/// A request being assembled by an operation.
#[doc(hidden)]
#[derive(Debug)]
pub struct RequestParts {
    pub(crate) op: &'static Op,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) body: Body,
    /// The first encoding failure, reported when the request is sent.
    pub(crate) error: Option<String>,
}

impl Body {
    /// Can be sent again (on a retry or a redirect that keeps the body).
    pub(crate) fn replayable(&self) -> bool {
        match self {
            Body::None => true,
            Body::Data { data, .. } => data.replayable(),
            Body::Multipart(fields) => fields.iter().all(|f| match f {
                MultipartField::Text { .. } => true,
                MultipartField::File { body, .. } => body.replayable(),
            }),
        }
    }

    /// Adds the body (and its `Content-Type`) to a request.
    pub(crate) async fn attach(&self, op: &Op, rb: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        let request_error = |message: String| Error::Request { operation: op.id, message };
        Ok(match self {
            Body::None => rb,
            Body::Data { content_type, data } => {
                let (body, len) = data.to_body().await.map_err(request_error)?;
                let rb = rb.header(reqwest::header::CONTENT_TYPE, content_type.as_str());
                match len {
                    Some(len) => rb.header(reqwest::header::CONTENT_LENGTH, len),
                    None => rb,
                }
                .body(body)
            }
            Body::Multipart(fields) => {
                let mut form = reqwest::multipart::Form::new();
                for field in fields {
                    form = match field {
                        MultipartField::Text { name, value } => form.text(name.clone(), value.clone()),
                        MultipartField::File { name, file_name, content_type, body } => {
                            let (body, len) = body.to_body().await.map_err(request_error)?;
                            let mut part = match len {
                                Some(len) => reqwest::multipart::Part::stream_with_length(body, len),
                                None => reqwest::multipart::Part::stream(body),
                            };
                            if !file_name.is_empty() {
                                part = part.file_name(file_name.clone());
                            }
                            if let Some(ct) = content_type {
                                part = part.mime_str(ct).map_err(|e| {
                                    request_error(format!("invalid content type `{ct}` for part `{name}`: {e}"))
                                })?;
                            }
                            form.part(name.clone(), part)
                        }
                    };
                }
                rb.multipart(form)
            }
        })
    }
}

/// Parameter serialization style (OpenAPI `style`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Form,
    Simple,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl RequestParts {
    pub(crate) fn new(op: &'static Op) -> Self {
        RequestParts {
            op,
            path: op.path.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::None,
            error: None,
        }
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    fn encode<T: serde::Serialize + ?Sized>(&mut self, what: &str, value: &T) -> Option<serde_json::Value> {
        match serde_json::to_value(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(format!("cannot encode {what}: {e}"));
                None
            }
        }
    }

    /// Replaces `{name}` in the path with the percent-encoded value.
    pub fn path_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        let text = match &v {
            serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
            other => scalar(other),
        };
        let encoded = percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
    }

    /// Adds a query parameter in the default style (form, exploded).
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.query_param(name, value, Style::Form, true);
    }

    /// Adds a query parameter per its style; `None` adds nothing.
    pub fn query_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let Some(v) = self.encode(name, value) else { return };
        match (&v, style) {
            (serde_json::Value::Null, _) => {}
            (serde_json::Value::Array(items), _) if explode => {
                for item in items {
                    self.query.push((name.to_string(), scalar(item)));
                }
            }
            (serde_json::Value::Array(items), _) => {
                let sep = match style {
                    Style::SpaceDelimited => " ",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                self.query.push((name.to_string(), items.iter().map(scalar).collect::<Vec<_>>().join(sep)));
            }
            (serde_json::Value::Object(map), Style::DeepObject) => {
                for (k, item) in map {
                    self.query.push((format!("{name}[{k}]"), scalar(item)));
                }
            }
            (serde_json::Value::Object(map), _) if explode => {
                for (k, item) in map {
                    self.query.push((k.clone(), scalar(item)));
                }
            }
            (serde_json::Value::Object(map), _) => {
                let joined = map.iter().flat_map(|(k, item)| [k.clone(), scalar(item)]).collect::<Vec<_>>().join(",");
                self.query.push((name.to_string(), joined));
            }
            (other, _) => self.query.push((name.to_string(), scalar(other))),
        }
    }

    /// Adds a header parameter (`simple` style); `None` adds nothing.
    pub fn header_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        let text = match &v {
            serde_json::Value::Null => return,
            serde_json::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
            serde_json::Value::Object(map) => map.iter().flat_map(|(k, item)| [k.clone(), scalar(item)]).collect::<Vec<_>>().join(","),
            other => scalar(other),
        };
        self.headers.push((name.to_string(), text));
    }

    /// Adds a cookie parameter; `None` adds nothing.
    pub fn cookie_param<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        if !v.is_null() {
            let text = percent_encoding::utf8_percent_encode(&scalar(&v), percent_encoding::NON_ALPHANUMERIC).to_string();
            self.cookies.push((name.to_string(), text));
        }
    }

    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, content_type: &str, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                self.body = Body::Data {
                    content_type: content_type.to_string(),
                    data: bytes.into(),
                }
            }
            Err(e) => self.fail(format!("cannot encode the request body: {e}")),
        }
    }

    pub fn form_body<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        let Some(v) = self.encode("the form body", value) else { return };
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        if let serde_json::Value::Object(map) = &v {
            for (k, item) in map {
                match item {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => {
                        for i in items {
                            ser.append_pair(k, &scalar(i));
                        }
                    }
                    other => {
                        ser.append_pair(k, &scalar(other));
                    }
                }
            }
        }
        self.body = Body::Data {
            content_type: "application/x-www-form-urlencoded".into(),
            data: ser.finish().into(),
        };
    }

    /// A body sent as it is: bytes, or a file or stream read as it is sent.
    pub fn raw_body(&mut self, content_type: &str, body: impl Into<Upload>) {
        self.body = Body::Data {
            content_type: content_type.to_string(),
            data: body.into(),
        };
    }

    pub fn multipart_text(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.multipart_push(MultipartField::Text {
                name: name.to_string(),
                value: value.to_string(),
            });
        }
    }

    pub fn multipart_file(&mut self, name: &str, file: Option<FilePart>) {
        if let Some(file) = file {
            self.multipart_push(MultipartField::File {
                name: name.to_string(),
                file_name: file.file_name,
                content_type: file.content_type,
                body: file.body,
            });
        }
    }

    /// A part per scalar (one per item for arrays); `None` adds nothing.
    pub fn multipart_value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        let items = match v {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            self.multipart_push(MultipartField::Text {
                name: name.to_string(),
                value: scalar(&item),
            });
        }
    }

    /// A part holding JSON (`application/json`); `None` adds nothing.
    pub fn multipart_json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(v) = self.encode(name, value) else { return };
        if v.is_null() {
            return;
        }
        self.multipart_push(MultipartField::File {
            name: name.to_string(),
            file_name: String::new(),
            content_type: Some("application/json".into()),
            body: v.to_string().into(),
        });
    }

    fn multipart_push(&mut self, field: MultipartField) {
        match &mut self.body {
            Body::Multipart(fields) => fields.push(field),
            _ => self.body = Body::Multipart(vec![field]),
        }
    }
}

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');


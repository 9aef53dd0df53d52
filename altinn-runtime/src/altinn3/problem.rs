//! Errors of Altinn 3 calls. An error answer keeps its method, URL, status, content type and raw
//! body, with the RFC 7807/9457 problem document parsed when the body is one (all four Altinn
//! dialects: plain ASP.NET Core, app-lib's extensions, Altinn.Authorization's codes,
//! Dialogporten's) and the text when it is text.

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::model::ValidationIssue;

/// A problem document. Every field is optional; whatever else the producer added (`code`,
/// `errors`, `validationErrors`, `validationIssues`, `uploadValidationIssues`, `traceId`, …) is
/// kept in [`ProblemDetails::extensions`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProblemDetails {
    /// `type`: a URI (`urn:altinn:error:RR-00001`, an RFC 9110 link).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::model::lenient_string")]
    pub kind: Option<String>,
    /// `title`: the short summary (app-lib: `Validation failed for task`, `Max Count Exceeded`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::model::lenient_string")]
    pub title: Option<String>,
    /// `status`: the HTTP status the producer meant (a number; a numeric string is read too).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_status")]
    pub status: Option<u16>,
    /// `detail`: the explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::model::lenient_string")]
    pub detail: Option<String>,
    /// `instance`: a URI of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::model::lenient_string")]
    pub instance: Option<String>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl ProblemDetails {
    /// Reads a problem document from JSON; `None` when the body is not a JSON object.
    pub fn from_json(body: &[u8]) -> Option<ProblemDetails> {
        let v: Value = serde_json::from_slice(super::model::strip_bom(body)).ok()?;
        if !v.is_object() {
            return None;
        }
        serde_json::from_value(v).ok()
    }

    /// An extension member.
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.extensions.get(name)
    }

    /// `code` (Altinn.Authorization: `RR-00001`, `AUTH-00003`; Correspondence `CORR-0NNNN`).
    pub fn code(&self) -> Option<&str> {
        self.extensions.get("code").and_then(Value::as_str)
    }

    /// `traceId`.
    pub fn trace_id(&self) -> Option<&str> {
        self.extensions.get("traceId").and_then(Value::as_str)
    }

    /// `validationIssues` (app-lib, process/next 409), typed; also `uploadValidationIssues`.
    pub fn validation_issues(&self) -> Vec<ValidationIssue> {
        ["validationIssues", "uploadValidationIssues"]
            .iter()
            .filter_map(|k| self.extensions.get(*k))
            .filter_map(|v| v.as_array())
            .flatten()
            .filter_map(|v| serde_json::from_value(v.clone()).ok())
            .collect()
    }

    /// `errors` (ASP.NET model binding, Dialogporten): field → messages.
    pub fn errors(&self) -> Vec<(String, Vec<String>)> {
        let Some(Value::Object(m)) = self.extensions.get("errors") else { return Vec::new() };
        m.iter()
            .map(|(k, v)| {
                let msgs = match v {
                    Value::Array(a) => a.iter().map(|m| m.as_str().map(str::to_string).unwrap_or_else(|| m.to_string())).collect(),
                    Value::String(s) => vec![s.clone()],
                    other => vec![other.to_string()],
                };
                (k.clone(), msgs)
            })
            .collect()
    }

    /// `validationErrors` (Altinn.Authorization, Dialogporten).
    pub fn validation_errors(&self) -> Vec<ValidationError> {
        match self.extensions.get("validationErrors") {
            Some(Value::Array(a)) => a.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect(),
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for ProblemDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(t) = &self.title {
            parts.push(t.clone());
        }
        if let Some(d) = &self.detail {
            parts.push(d.clone());
        }
        if let Some(c) = self.code() {
            parts.push(format!("({c})"));
        }
        if parts.is_empty() { f.write_str("problem without title or detail") } else { f.write_str(&parts.join(": ")) }
    }
}

/// One entry of `validationErrors`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    /// `code` (`STD-00000`).
    #[serde(default)]
    pub code: Option<String>,
    /// `title`.
    #[serde(default)]
    pub title: Option<String>,
    /// `detail` (Dialogporten).
    #[serde(default)]
    pub detail: Option<String>,
    /// `paths`: JSON pointers.
    #[serde(default)]
    pub paths: Vec<String>,
}

fn lenient_status<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// An answer outside 2xx, with everything that came.
#[derive(Debug, Clone)]
pub struct HttpError {
    /// Request method.
    pub method: String,
    /// Request URL (no secrets: tokens travel in headers).
    pub url: String,
    /// The status.
    pub status: u16,
    /// `Content-Type` of the answer.
    pub content_type: Option<String>,
    /// The problem document, when the body is one (`application/problem+json`, or any JSON
    /// object).
    pub problem: Option<ProblemDetails>,
    /// The body as text, when it is text (plain-text errors, a bare JSON string).
    pub text: Option<String>,
    /// The raw body.
    pub body: Bytes,
    /// `Retry-After` in seconds, when sent.
    pub retry_after: Option<u64>,
}

impl HttpError {
    /// Builds the error from an answer, reading `Content-Type` first: JSON bodies are parsed as
    /// a problem document (a bare JSON string becomes text), others are kept as text.
    pub fn new(method: &str, url: &str, status: u16, content_type: Option<String>, body: Bytes, retry_after: Option<u64>) -> Self {
        let ct = content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        let looks_json = ct.contains("json")
            || (ct.is_empty() && body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b == b'{' || *b == b'"'));
        let mut problem = None;
        let mut text = None;
        if looks_json {
            match serde_json::from_slice::<Value>(super::model::strip_bom(&body)) {
                Ok(Value::Object(_)) => problem = ProblemDetails::from_json(&body),
                Ok(Value::String(s)) => text = Some(s),
                _ => {}
            }
        }
        if problem.is_none()
            && text.is_none()
            && !body.is_empty()
            && (ct.is_empty() || ct.starts_with("text/") || ct.contains("json") || ct.contains("xml"))
        {
            text = std::str::from_utf8(&body).ok().map(str::to_string);
        }
        HttpError { method: method.to_string(), url: url.to_string(), status, content_type, problem, text, body, retry_after }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.method, self.url, self.status)?;
        if let Some(p) = &self.problem {
            write!(f, " {p}")?;
        } else if let Some(t) = self.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let t = t.trim();
            let short: String = t.chars().take(300).collect();
            write!(f, " {short}{}", if short.len() < t.len() { "…" } else { "" })?;
        }
        Ok(())
    }
}

/// One rule an upload or a submission breaks, found before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBreak {
    /// The data type.
    pub data_type: String,
    /// The file name, for attachments.
    pub file_name: Option<String>,
    /// Which rule.
    pub rule: Rule,
    /// What is wrong, readable.
    pub message: String,
    /// For [`Rule::Schema`]: every violation of the form's schema, with its path.
    pub violations: Vec<crate::xml::Violation>,
}

impl fmt::Display for RuleBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file_name {
            Some(n) => write!(f, "{} ({n}): {}", self.data_type, self.message),
            None => write!(f, "{}: {}", self.data_type, self.message),
        }?;
        for v in &self.violations {
            write!(f, "; {v}")?;
        }
        Ok(())
    }
}

/// The rule of a [`RuleBreak`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The app has no such data type.
    UnknownDataType,
    /// A form given as an attachment or an attachment given as a form.
    WrongKind,
    /// The content type is not in `allowedContentTypes`.
    ContentType,
    /// The file name's extension means another MIME type than the content type sent.
    ExtensionMismatch,
    /// The file name is missing or has no extension.
    FileName,
    /// Larger than `maxSize`.
    MaxSize,
    /// More elements than `maxCount`.
    MaxCount,
    /// Zero bytes.
    Empty,
    /// Form data that breaks its data model's schema (see [`RuleBreak::violations`]).
    Schema,
}

/// Everything a call broke before it was sent; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Every broken rule.
    pub breaks: Vec<RuleBreak>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rejected before sending ({} problem{})", self.breaks.len(), if self.breaks.len() == 1 { "" } else { "s" })?;
        for b in &self.breaks {
            write!(f, "; {b}")?;
        }
        Ok(())
    }
}

/// What went wrong in an Altinn 3 call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered outside 2xx.
    #[error("{0}")]
    Http(Box<HttpError>),
    /// The answer was larger than the client reads (`ClientBuilder::max_body_bytes`).
    #[error("{method} {url}: the answer is larger than the {limit} bytes this client reads")]
    TooLarge {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// The request could not be sent or the answer not received.
    #[error("{method} {url}: {source}")]
    Transport {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// Cause.
        #[source]
        source: reqwest::Error,
    },
    /// The answer came but did not decode as expected.
    #[error("{method} {url}: cannot decode the answer: {message}")]
    Decode {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// What did not fit.
        message: String,
        /// The raw body.
        body: Bytes,
    },
    /// Checked before sending: the upload or submission breaks the app's data type rules.
    #[error("{0}")]
    Rejected(Rejection),
    /// The app's validation found errors (severity Error); `submit` stops there.
    #[error("the app's validation found {} error(s): {}", .0.iter().filter(|i| i.severity.is_error()).count(), .0.iter().filter(|i| i.severity.is_error()).map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
    ValidationFailed(Vec<ValidationIssue>),
    /// The process did not reach its end within the bounded number of `process/next` steps.
    #[error("the process did not end after {steps} process/next steps (now at {task})")]
    ProcessDidNotEnd {
        /// Steps taken.
        steps: usize,
        /// The task it stands at.
        task: String,
    },
    /// Authentication failed (Maskinporten, the token exchange, a bad key).
    #[error("authentication: {0}")]
    Auth(#[from] super::auth::AuthError),
    /// A bad argument or configuration, found before sending.
    #[error("{0}")]
    Usage(String),
    /// A local file to upload or save to could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http(h) => Some(h.status),
            Error::Auth(a) => a.status(),
            _ => None,
        }
    }

    /// The problem document of an error answer.
    pub fn problem(&self) -> Option<&ProblemDetails> {
        match self {
            Error::Http(h) => h.problem.as_ref(),
            _ => None,
        }
    }

    /// The error answer.
    pub fn http(&self) -> Option<&HttpError> {
        match self {
            Error::Http(h) => Some(h),
            _ => None,
        }
    }

    /// The rule breaks, when the call was rejected before sending.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            Error::Rejected(r) => Some(r),
            _ => None,
        }
    }

    /// Validation issues carried by the error: the app's validation in `submit`, or a problem
    /// document's `validationIssues` (process/next 409).
    pub fn validation_issues(&self) -> Vec<ValidationIssue> {
        match self {
            Error::ValidationFailed(v) => v.clone(),
            Error::Http(h) => h.problem.as_ref().map(|p| p.validation_issues()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// Results of Altinn 3 calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_dialects() {
        let b = br#"{"type":"urn:altinn:error:RR-00001","title":"Bad","status":400,"detail":"d","code":"RR-00001","validationErrors":[{"code":"STD-00000","title":"t","paths":["/a"]}],"traceId":"00-x"}"#;
        let p = ProblemDetails::from_json(b).unwrap();
        assert_eq!(p.kind.as_deref(), Some("urn:altinn:error:RR-00001"));
        assert_eq!(p.status, Some(400));
        assert_eq!(p.code(), Some("RR-00001"));
        assert_eq!(p.trace_id(), Some("00-x"));
        assert_eq!(p.validation_errors()[0].paths, vec!["/a"]);
        let b = br#"{"title":"One or more validation errors occurred.","status":"400","errors":{"x":["m1","m2"]}}"#;
        let p = ProblemDetails::from_json(b).unwrap();
        assert_eq!(p.status, Some(400));
        assert_eq!(p.errors(), vec![("x".to_string(), vec!["m1".to_string(), "m2".to_string()])]);
    }

    #[test]
    fn content_type_first() {
        let e =
            HttpError::new("GET", "u", 404, Some("text/plain; charset=utf-8".into()), Bytes::from_static(b"Cannot lookup party: 1"), None);
        assert!(e.problem.is_none());
        assert_eq!(e.text.as_deref(), Some("Cannot lookup party: 1"));
        let e = HttpError::new("GET", "u", 401, Some("application/json".into()), Bytes::from_static(br#""Not authorized""#), None);
        assert_eq!(e.text.as_deref(), Some("Not authorized"));
        let e = HttpError::new("GET", "u", 401, None, Bytes::new(), None);
        assert!(e.problem.is_none() && e.text.is_none());
        let e = HttpError::new("GET", "u", 500, Some("application/problem+json".into()), Bytes::from_static(b"{not json"), None);
        assert!(e.problem.is_none());
        assert_eq!(e.text.as_deref(), Some("{not json"));
    }
}

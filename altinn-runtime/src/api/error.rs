//! Errors of API calls. An unexpected answer is an error value that keeps everything the server
//! sent (status, reason phrase, headers' content type, raw body), never a panic.

use bytes::Bytes;
use serde::Deserialize;

/// What went wrong in a call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with a status outside 2xx.
    #[error("{method} {url}: {status}{}", reason.as_deref().map(|r| format!(" {r}")).unwrap_or_default())]
    Status {
        /// Request method.
        method: String,
        /// Request URL (without secrets: keys travel in headers).
        url: String,
        /// The status code.
        status: u16,
        /// The reason phrase, when the server wrote its own (Altinn puts its message there).
        reason: Option<String>,
        /// `Content-Type` of the body.
        content_type: Option<String>,
        /// The raw body.
        body: Bytes,
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
    /// The answer came but could not be decoded as the expected type.
    #[error("{url}: cannot decode the {media} answer: {message}")]
    Decode {
        /// Request URL.
        url: String,
        /// The media type it was decoded as.
        media: String,
        /// What did not fit.
        message: String,
        /// The raw body.
        body: Bytes,
    },
    /// Checked before sending: a submission breaks its forms' schemas or its attachment rules;
    /// every problem, typed, and nothing was sent.
    #[error("{0}")]
    Rejected(Box<super::submit::Rejection>),
    /// Checked before sending: the request would break a rule (a missing credential, an invalid
    /// argument).
    #[error("{0}")]
    Invalid(String),
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
    /// Logging in failed.
    #[error("login failed: {0}")]
    Login(String),
}

/// The error body newer Altinn endpoints send with a status ≥ 400 (`ErrorCode`, `ErrorMessage`;
/// also the camelCase and `errorDescription` variants some documents use).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorBody {
    /// The code (a number or a string on the wire).
    #[serde(alias = "errorCode", default, deserialize_with = "super::lenient::opt_string")]
    #[serde(rename = "ErrorCode")]
    pub code: Option<String>,
    /// The message.
    #[serde(rename = "ErrorMessage", alias = "errorMessage", alias = "errorDescription", alias = "ErrorDescription", default)]
    pub message: Option<String>,
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The reason phrase Altinn wrote, when it did.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Error::Status { reason, .. } => reason.as_deref(),
            _ => None,
        }
    }

    /// The raw body of an error answer or an undecodable one.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Status { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The error bodies in the answer (one object, or an array as consent requests send).
    pub fn error_bodies(&self) -> Vec<ErrorBody> {
        let Some(body) = self.body() else { return Vec::new() };
        if let Ok(one) = serde_json::from_slice::<ErrorBody>(body) {
            return vec![one];
        }
        serde_json::from_slice::<Vec<ErrorBody>>(body).unwrap_or_default()
    }
}

/// Results of API calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! HTTP for `fetch`: bounded concurrency, a per-request timeout, and retries with exponential
//! backoff on 429, 5xx, timeouts, broken connections and truncated bodies.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use tokio::sync::Semaphore;
use url::Url;

use super::progress::Progress;

/// Knobs of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff delay; doubled on each retry, capped at [`HttpOptions::max_backoff`].
    pub backoff: Duration,
    /// Longest wait between two attempts (also caps `Retry-After`).
    pub max_backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            concurrency: 8,
            timeout: Duration::from_secs(60),
            retries: 5,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Body {
    /// The URL asked for.
    pub url: Url,
    /// `Content-Type` as sent.
    pub content_type: Option<String>,
    /// The bytes, exactly as received.
    pub bytes: Bytes,
}

/// What a route answered.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 2xx with a complete body.
    Found(Body),
    /// 404 or 410: the server does not have it.
    Missing(u16),
}

/// A request that failed for good.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The server refused with a status that retrying will not change.
    #[error("GET {url}: {status} {reason}")]
    Status {
        /// URL.
        url: Url,
        /// Status code.
        status: u16,
        /// Reason phrase (Altinn puts its message there).
        reason: String,
    },
    /// Retries were used up.
    #[error("GET {url}: gave up after {attempts} attempts; last failure: {last}")]
    GaveUp {
        /// URL.
        url: Url,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// Nothing listens at the address (connection refused): retrying will not help, so this
    /// fails at once instead of backing off.
    #[error("GET {url}: cannot connect: {reason}")]
    Refused {
        /// URL.
        url: Url,
        /// What the connection attempt said.
        reason: String,
    },
    /// The client could not be built.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

/// The shared HTTP client of one fetch.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    options: HttpOptions,
    permits: Arc<Semaphore>,
    progress: Progress,
}

enum Attempt {
    Done(Answer),
    Retry { reason: String, wait: Option<Duration> },
    Fatal(HttpError),
}

impl Http {
    /// A client with these options.
    pub fn new(options: HttpOptions, progress: Progress) -> Result<Self, HttpError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("altinn-codegen/", env!("CARGO_PKG_VERSION")))
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .build()
            .map_err(|e| HttpError::Client(e.to_string()))?;
        let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
        Ok(Http { client, options, permits, progress })
    }

    /// GETs `url` with `Accept: accept`, retrying transient failures.
    pub async fn get(&self, url: &Url, accept: &str) -> Result<Answer, HttpError> {
        let attempts = self.options.retries + 1;
        let mut last = String::new();
        for attempt in 1..=attempts {
            let outcome = {
                let _permit = self.permits.acquire().await.expect("semaphore is never closed");
                self.attempt(url, accept).await
            };
            match outcome {
                Attempt::Done(answer) => return Ok(answer),
                Attempt::Fatal(e) => return Err(e),
                Attempt::Retry { reason, wait } => {
                    last = reason;
                    if attempt < attempts {
                        let backoff = self.options.backoff.saturating_mul(1 << (attempt - 1).min(16)).min(self.options.max_backoff);
                        let wait = wait.map(|w| w.min(self.options.max_backoff)).unwrap_or(backoff);
                        self.progress.log(&format!("retry {attempt}/{} for {url} in {} ms: {last}", attempts - 1, wait.as_millis()));
                        tokio::time::sleep(wait).await;
                    }
                }
            }
        }
        Err(HttpError::GaveUp { url: url.clone(), attempts, last })
    }

    async fn attempt(&self, url: &Url, accept: &str) -> Attempt {
        let response = match self.client.get(url.clone()).header("Accept", accept).send().await {
            Ok(r) => r,
            Err(e) if refused(&e) => {
                return Attempt::Fatal(HttpError::Refused { url: url.clone(), reason: describe(&e) });
            }
            Err(e) => return Attempt::Retry { reason: describe(&e), wait: None },
        };
        let status = response.status();
        if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            return Attempt::Done(Answer::Missing(status.as_u16()));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Attempt::Retry { reason: format!("{} {}", status.as_u16(), reason(&response)), wait };
        }
        if !status.is_success() {
            return Attempt::Fatal(HttpError::Status { url: url.clone(), status: status.as_u16(), reason: reason(&response) });
        }
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        let expected_len = response.content_length();
        match response.bytes().await {
            Ok(bytes) => {
                if let Some(n) = expected_len
                    && n != bytes.len() as u64
                {
                    return Attempt::Retry { reason: format!("truncated body: {} of {n} bytes", bytes.len()), wait: None };
                }
                Attempt::Done(Answer::Found(Body { url: url.clone(), content_type, bytes }))
            }
            Err(e) => Attempt::Retry { reason: format!("body not received whole: {}", describe(&e)), wait: None },
        }
    }
}

/// The reason phrase as sent when it differs from the standard one (Altinn's messages), else the
/// standard one.
fn reason(response: &reqwest::Response) -> String {
    response
        .extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
        .or_else(|| response.status().canonical_reason().map(str::to_string))
        .unwrap_or_default()
}

/// Whether the connection was refused (nothing listens there).
fn refused(e: &reqwest::Error) -> bool {
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        src = s.source();
    }
    false
}

/// What went wrong, without the URL (the caller names it once).
fn describe(e: &reqwest::Error) -> String {
    let closed = {
        let mut src = std::error::Error::source(e);
        let mut found = false;
        while let Some(s) = src {
            if let Some(h) = s.downcast_ref::<hyper::Error>() {
                found |= h.is_incomplete_message() || h.is_closed() || h.is_canceled();
            }
            src = s.source();
        }
        found
    };
    let kind = if e.is_timeout() {
        "timed out"
    } else if closed {
        "connection closed early (body cut short)"
    } else if e.is_connect() {
        "cannot connect"
    } else if e.is_body() || e.is_decode() {
        "broken body"
    } else {
        "request failed"
    };
    // reqwest's own message repeats the URL ("error sending request for url (…)"), and its
    // sources say what happened: keep only those.
    let mut msg = kind.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}

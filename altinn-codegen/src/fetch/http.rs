//! HTTP for `fetch`: bounded concurrency, a per-request timeout, and the runtime's retry policy
//! and loop ([`altinn_runtime::http`]): 429 and 5xx, timeouts, broken connections and truncated
//! bodies are retried with backoff (or after `Retry-After` in seconds); a refused connection is
//! fatal at once.

use std::sync::Arc;
use std::time::Duration;

/// The runtime clients' retry policy, which `fetch` follows too.
pub use altinn_runtime::http::RetryPolicy;
use altinn_runtime::http::{self as retry, Attempt, StopKind};
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
    /// Attempts, waits and `Retry-After` (the runtime clients' policy; default 6 attempts, a
    /// first wait of 500 ms doubling up to 30 s).
    pub retry: RetryPolicy,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            concurrency: 8,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy { max_attempts: 6, default_delay: Duration::from_millis(500), max_delay: Duration::from_secs(30) },
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

    /// GETs `url` with `Accept: accept`, retrying transient failures as the policy allows.
    pub async fn get(&self, url: &Url, accept: &str) -> Result<Answer, HttpError> {
        let policy = self.options.retry;
        let attempt = |_| async {
            let _permit = self.permits.acquire().await.expect("semaphore is never closed");
            self.attempt(url, accept).await
        };
        let log = |r: &retry::Retrying<'_, Failure>| {
            let Failure::Transient(reason) = r.error else { return };
            self.progress.log(&format!("retry {}/{} for {url} in {} ms: {reason}", r.attempt, r.max_attempts - 1, r.wait.as_millis()));
        };
        match retry::run(policy, attempt, log).await {
            Ok(answer) => Ok(answer),
            Err(retry::Stop { error: Failure::Fatal(e), .. }) => Err(e),
            Err(retry::Stop { error: Failure::Transient(last), attempts, kind }) => {
                let last = match kind {
                    StopKind::WaitTooLong(asked) => {
                        format!("{last} (Retry-After asked for {asked:?}, longer than the longest wait, {:?})", policy.max_delay)
                    }
                    StopKind::Fatal | StopKind::Exhausted => last,
                };
                Err(HttpError::GaveUp { url: url.clone(), attempts, last })
            }
        }
    }

    async fn attempt(&self, url: &Url, accept: &str) -> Attempt<Answer, Failure> {
        let transient = |reason: String| Attempt::Retry { error: Failure::Transient(reason), retry_after: None };
        let response = match self.client.get(url.clone()).header("Accept", accept).send().await {
            Ok(r) => r,
            Err(e) if !retry::transient(&e) => {
                return Attempt::Fatal(Failure::Fatal(HttpError::Refused { url: url.clone(), reason: retry::describe(&e) }));
            }
            Err(e) => return transient(retry::describe(&e)),
        };
        let status = response.status();
        if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            return Attempt::Done(Answer::Missing(status.as_u16()));
        }
        if retry::retryable_status(status.as_u16(), true) {
            let reason = format!("{} {}", status.as_u16(), retry::reason_phrase(&response).unwrap_or_default());
            return Attempt::Retry { error: Failure::Transient(reason), retry_after: retry::retry_after(response.headers()) };
        }
        if !status.is_success() {
            let e = HttpError::Status {
                url: url.clone(),
                status: status.as_u16(),
                reason: retry::reason_phrase(&response).unwrap_or_default(),
            };
            return Attempt::Fatal(Failure::Fatal(e));
        }
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        let expected_len = response.content_length();
        match response.bytes().await {
            Ok(bytes) => {
                if let Some(n) = expected_len
                    && n != bytes.len() as u64
                {
                    return transient(format!("truncated body: {} of {n} bytes", bytes.len()));
                }
                Attempt::Done(Answer::Found(Body { url: url.clone(), content_type, bytes }))
            }
            Err(e) => transient(format!("body not received whole: {}", retry::describe(&e))),
        }
    }
}

/// Why an attempt failed: transiently (the reason, for the log and the final error), or for good.
enum Failure {
    Transient(String),
    Fatal(HttpError),
}

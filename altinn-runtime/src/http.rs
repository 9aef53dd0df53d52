//! The HTTP pieces every client here shares: the Altinn 2 client ([`crate::api::Client`]), the
//! Altinn 3 client ([`crate::altinn3::Client`]) and the generator's `fetch`. One retry policy
//! ([`RetryPolicy`]) and loop ([`run`]), `Retry-After`, what a transport failure was
//! ([`describe`]), and the reason phrase a server wrote ([`reason_phrase`]).
//!
//! An answer of 429 or 503 is retried, after its `Retry-After` in seconds when it sends one;
//! a `Retry-After` longer than [`RetryPolicy::max_delay`] is not waited for (the answer is the
//! error). Without one, and after a transient transport failure (a timeout, a connection or body
//! cut short, but never a refused connection or a TLS failure), the wait is
//! [`RetryPolicy::default_delay`], doubled on each further attempt up to `max_delay`. Requests
//! that may be repeated safely (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`) are also retried on
//! any other 5xx and on transient transport failures ([`retryable_status`], [`transient`]);
//! others only on 429 and 503, which say the request was not handled. Attempts are bounded by
//! [`RetryPolicy::max_attempts`]. The Altinn 3 client retries 429 and 503 only.

use std::future::Future;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderMap;

/// How often and how long to wait when a request fails transiently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry). Default 3.
    pub max_attempts: u32,
    /// The longest wait; a `Retry-After` asking for more is not waited for (the error is
    /// returned with it). Default 30 s.
    pub max_delay: Duration,
    /// The first wait when the server says nothing (no `Retry-After` in seconds, or a transport
    /// failure); doubled on each further attempt, up to `max_delay`. Default 1 s.
    pub default_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, max_delay: Duration::from_secs(30), default_delay: Duration::from_secs(1) }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..Default::default() }
    }

    /// The wait before the attempt after `attempt` (1-based) when the server said nothing:
    /// `default_delay` doubled `attempt - 1` times, at most `max_delay`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.default_delay.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(self.max_delay)
    }

    /// How long to wait after failed attempt number `attempt` (1-based) before the next, or
    /// `None` to stop: the attempts are used up, or `retry_after` (seconds) asks for more than
    /// `max_delay`.
    pub fn wait(&self, attempt: u32, retry_after: Option<u64>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match retry_after.map(Duration::from_secs) {
            Some(asked) if asked > self.max_delay => None,
            Some(asked) => Some(asked),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// `Retry-After` in seconds, when the headers carry it in that form (an HTTP date is ignored).
pub fn retry_after(headers: &HeaderMap) -> Option<u64> {
    headers.get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok())
}

/// Whether a request with this method may be sent again without changing what it did.
pub fn idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
}

/// Whether an answer with `status` is worth another attempt: 429 and 503 always, any other 5xx
/// only for an idempotent request.
pub fn retryable_status(status: u16, idempotent: bool) -> bool {
    status == 429 || status == 503 || (idempotent && (500..600).contains(&status))
}

/// Whether the connection was refused (nothing listens there): retrying will not help.
pub fn connection_refused(e: &reqwest::Error) -> bool {
    sources(e).any(|s| s.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused))
}

/// Whether a transport failure is worth another attempt: anything but a refused connection or
/// a TLS failure (a certificate refused either way, which the next attempt meets again):
/// timeouts, connections and bodies cut short, resets, name lookups.
pub fn transient(e: &reqwest::Error) -> bool {
    !connection_refused(e) && !tls_failure(e)
}

/// Whether TLS failed (rustls reports its errors as I/O errors of kind `InvalidData`).
fn tls_failure(e: &reqwest::Error) -> bool {
    sources(e).any(|s| s.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData))
}

/// What went wrong, without the URL (the caller names it once): a short kind ("timed out",
/// "connection closed early (body cut short)", "cannot connect", …) and the causes.
pub fn describe(e: &reqwest::Error) -> String {
    let closed =
        sources(e).any(|s| s.downcast_ref::<hyper::Error>().is_some_and(|h| h.is_incomplete_message() || h.is_closed() || h.is_canceled()));
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
    for s in sources(e) {
        msg.push_str(&format!(": {s}"));
    }
    msg
}

/// The reason phrase as the server wrote it (Altinn puts its messages there), else the standard
/// one for the status.
pub fn reason_phrase(response: &reqwest::Response) -> Option<String> {
    response
        .extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
        .or_else(|| response.status().canonical_reason().map(str::to_string))
}

fn sources(e: &reqwest::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    std::iter::successors(std::error::Error::source(e), |s| s.source())
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Attempt<T, E> {
    /// Done: the answer.
    Done(T),
    /// A transient failure, with the `Retry-After` (seconds) the answer sent, if any.
    Retry {
        /// The failure.
        error: E,
        /// `Retry-After` in seconds.
        retry_after: Option<u64>,
    },
    /// A failure another attempt will not change.
    Fatal(E),
}

/// Why [`run`] stopped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopKind {
    /// The attempt's failure was fatal.
    Fatal,
    /// The attempts were used up.
    Exhausted,
    /// The server asked to wait longer than the policy's `max_delay` (the wait asked for).
    WaitTooLong(Duration),
}

/// The failure [`run`] stopped on, after how many attempts, and why.
#[derive(Debug)]
pub struct Stop<E> {
    /// The last failure.
    pub error: E,
    /// Attempts made.
    pub attempts: u32,
    /// Why no further attempt was made.
    pub kind: StopKind,
}

/// A retry about to happen (for logging).
#[derive(Debug)]
pub struct Retrying<'a, E> {
    /// The attempt that failed (1-based).
    pub attempt: u32,
    /// Attempts the policy allows in all.
    pub max_attempts: u32,
    /// The wait before the next attempt.
    pub wait: Duration,
    /// The failure.
    pub error: &'a E,
}

/// Runs `attempt` (given the 1-based attempt number) until it is done, fails fatally, or the
/// policy says stop; `on_retry` hears of each retry before its wait.
pub async fn run<T, E, F, Fut>(policy: RetryPolicy, mut attempt: F, mut on_retry: impl FnMut(&Retrying<'_, E>)) -> Result<T, Stop<E>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Attempt<T, E>>,
{
    let mut n = 0u32;
    loop {
        n += 1;
        match attempt(n).await {
            Attempt::Done(t) => return Ok(t),
            Attempt::Fatal(error) => return Err(Stop { error, attempts: n, kind: StopKind::Fatal }),
            Attempt::Retry { error, retry_after } => match policy.wait(n, retry_after) {
                Some(wait) => {
                    on_retry(&Retrying { attempt: n, max_attempts: policy.max_attempts, wait, error: &error });
                    tokio::time::sleep(wait).await;
                }
                None => {
                    let kind = match retry_after.map(Duration::from_secs) {
                        Some(asked) if asked > policy.max_delay && n < policy.max_attempts => StopKind::WaitTooLong(asked),
                        _ => StopKind::Exhausted,
                    };
                    return Err(Stop { error, attempts: n, kind });
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy { max_attempts: 4, max_delay: Duration::from_millis(300), default_delay: Duration::from_millis(100) }
    }

    #[test]
    fn waits_double_up_to_the_longest_and_stop_with_the_attempts() {
        let p = policy();
        assert_eq!(p.wait(1, None), Some(Duration::from_millis(100)));
        assert_eq!(p.wait(2, None), Some(Duration::from_millis(200)));
        assert_eq!(p.wait(3, None), Some(Duration::from_millis(300)));
        assert_eq!(p.wait(4, None), None);
        assert_eq!(RetryPolicy::never().wait(1, None), None);
    }

    #[test]
    fn retry_after_is_honoured_within_the_longest_wait() {
        let p = RetryPolicy { max_delay: Duration::from_secs(5), ..policy() };
        assert_eq!(p.wait(1, Some(2)), Some(Duration::from_secs(2)));
        assert_eq!(p.wait(1, Some(0)), Some(Duration::ZERO));
        assert_eq!(p.wait(1, Some(6)), None);
    }

    #[test]
    fn retry_after_in_seconds_only() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", " 7 ".parse().unwrap());
        assert_eq!(retry_after(&h), Some(7));
        h.insert("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn statuses_worth_retrying() {
        assert!(retryable_status(429, false) && retryable_status(503, false));
        assert!(!retryable_status(500, false) && retryable_status(500, true) && retryable_status(502, true));
        assert!(!retryable_status(404, true) && !retryable_status(400, true));
        assert!(idempotent(&Method::GET) && idempotent(&Method::PUT) && !idempotent(&Method::POST));
    }

    #[tokio::test]
    async fn run_retries_until_done_and_reports_each_retry() {
        let p = RetryPolicy { default_delay: Duration::from_millis(1), max_delay: Duration::from_millis(5), ..policy() };
        let mut seen = Vec::new();
        let got = run(
            p,
            |n| async move { if n < 3 { Attempt::Retry { error: format!("fail {n}"), retry_after: None } } else { Attempt::Done(n) } },
            |r| seen.push((r.attempt, r.error.clone())),
        )
        .await
        .unwrap();
        assert_eq!(got, 3);
        assert_eq!(seen, vec![(1, "fail 1".to_string()), (2, "fail 2".to_string())]);
    }

    #[tokio::test]
    async fn run_stops_on_fatal_exhaustion_and_too_long_a_wait() {
        let p = RetryPolicy { default_delay: Duration::from_millis(1), max_delay: Duration::from_secs(1), max_attempts: 2 };
        let stop = run(p, |_| async { Attempt::<(), _>::Fatal("no") }, |_| {}).await.unwrap_err();
        assert_eq!((stop.error, stop.attempts, stop.kind), ("no", 1, StopKind::Fatal));
        let stop = run(p, |_| async { Attempt::<(), _>::Retry { error: "busy", retry_after: None } }, |_| {}).await.unwrap_err();
        assert_eq!((stop.attempts, stop.kind), (2, StopKind::Exhausted));
        let stop = run(p, |_| async { Attempt::<(), _>::Retry { error: "busy", retry_after: Some(60) } }, |_| {}).await.unwrap_err();
        assert_eq!((stop.attempts, stop.kind), (1, StopKind::WaitTooLong(Duration::from_secs(60))));
    }
}

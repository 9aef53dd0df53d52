//! The Altinn 3 client: an [`Environment`], one way to authenticate ([`Auth`]), an optional
//! `Ocp-Apim-Subscription-Key`, timeouts and a bounded retry policy for 429/503 with
//! `Retry-After`. Cheap to clone; clones share connections and the token cache.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use url::Url;

use super::app::App;
use super::auth::{Auth, TokenSource};
use super::env::Environment;
use super::lifecycle::AppClient;
use super::problem::{Error, HttpError, Result};
use crate::api::Secret;
pub use crate::http::RetryPolicy;

/// The header that carries an API Management subscription key.
pub const SUBSCRIPTION_KEY_HEADER: &str = "Ocp-Apim-Subscription-Key";

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    environment: Environment,
    auth: Auth,
    subscription_key: Option<Secret>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    refresh_margin: Duration,
    root_certificates: Vec<Vec<u8>>,
    max_body: usize,
}

impl ClientBuilder {
    /// The largest answer read, in bytes (default [`crate::api::body::DEFAULT_MAX_BODY`]); a
    /// larger one is [`Error::TooLarge`], refused before it is buffered.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// How calls authenticate (default: anonymous).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Sends `Ocp-Apim-Subscription-Key` on every call to Altinn (the platform and the apps;
    /// never to Maskinporten).
    pub fn subscription_key(mut self, key: impl Into<Secret>) -> Self {
        self.subscription_key = Some(key.into());
        self
    }

    /// The whole-request timeout (default 100 s; uploads may be large).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// The retry policy for 429/503 (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Renew a cached token this long before it expires (default 30 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Trusts another root certificate (PEM), e.g. a test server's.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Self {
        self.root_certificates.push(pem.to_vec());
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client> {
        let mut b = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("altinn-runtime/", env!("CARGO_PKG_VERSION")));
        for pem in &self.root_certificates {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| Error::Usage(format!("root certificate: {e}")))?;
            b = b.add_root_certificate(cert);
        }
        let http = b.build().map_err(|e| Error::Usage(format!("cannot build the HTTP client: {e}")))?;
        let tokens =
            TokenSource::new(self.auth, http.clone(), self.environment.clone(), self.subscription_key.clone(), self.refresh_margin);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                environment: self.environment,
                subscription_key: self.subscription_key,
                retry: self.retry,
                tokens,
                max_body: self.max_body,
            }),
        })
    }
}

struct Inner {
    http: reqwest::Client,
    environment: Environment,
    subscription_key: Option<Secret>,
    retry: RetryPolicy,
    tokens: TokenSource,
    max_body: usize,
}

/// The Altinn 3 client. Clones share connections and the token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.inner.environment)
            .field("auth", self.inner.tokens.auth())
            .field("subscription_key", &self.inner.subscription_key)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// A request body.
pub enum RequestBody {
    /// Bytes with their content type (re-sent on a retry).
    Bytes {
        /// The bytes.
        data: Bytes,
        /// `Content-Type`.
        content_type: String,
    },
    /// A stream (never retried: it can be read once).
    Stream {
        /// The body.
        body: reqwest::Body,
        /// `Content-Type`.
        content_type: String,
        /// `Content-Length`; unknown lengths are sent chunked.
        length: Option<u64>,
    },
    /// A `multipart/form-data` form (never retried: its files are streams).
    Multipart(reqwest::multipart::Form),
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestBody::Bytes { data, content_type } => write!(f, "Bytes({} bytes, {content_type})", data.len()),
            RequestBody::Stream { content_type, length: Some(length), .. } => write!(f, "Stream({length} bytes, {content_type})"),
            RequestBody::Stream { content_type, length: None, .. } => write!(f, "Stream(chunked, {content_type})"),
            RequestBody::Multipart(form) => write!(f, "Multipart(boundary {})", form.boundary()),
        }
    }
}

/// A body as one attempt sends it.
enum OneBody {
    Plain((reqwest::Body, String, Option<u64>)),
    Multipart(reqwest::multipart::Form),
}

/// One request to Altinn 3, before it is sent.
#[derive(Debug)]
pub struct Request {
    method: Method,
    url: Url,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<RequestBody>,
    anonymous: bool,
    accept: String,
}

impl Request {
    /// A request to an absolute URL, answered in JSON by default.
    pub fn new(method: Method, url: Url) -> Self {
        Request { method, url, headers: Vec::new(), body: None, anonymous: false, accept: "application/json".into() }
    }

    /// Sent without a token (metadata, schemas).
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Usage(format!("not a header name: {name:?}")))?;
        let v = HeaderValue::from_str(value).map_err(|_| Error::Usage(format!("not a valid value for header {name}")))?;
        self.headers.push((n, v));
        Ok(self)
    }

    /// `Accept` (default `application/json`).
    pub fn accept(mut self, accept: &str) -> Self {
        self.accept = accept.to_string();
        self
    }

    /// A body of bytes.
    pub fn bytes(mut self, data: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some(RequestBody::Bytes { data: data.into(), content_type: content_type.to_string() });
        self
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize>(self, body: &T) -> Result<Self> {
        let data = serde_json::to_vec(body).map_err(|e| Error::Usage(format!("cannot encode the body: {e}")))?;
        Ok(self.bytes(data, "application/json"))
    }

    /// A streamed body of `length` bytes (`None`: sent chunked).
    pub fn stream(mut self, body: reqwest::Body, content_type: &str, length: impl Into<Option<u64>>) -> Self {
        self.body = Some(RequestBody::Stream { body, content_type: content_type.to_string(), length: length.into() });
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, form: reqwest::multipart::Form) -> Self {
        self.body = Some(RequestBody::Multipart(form));
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL.
    pub fn url(&self) -> &Url {
        &self.url
    }
}

/// A 2xx answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// The request method.
    pub method: String,
    /// The URL that answered.
    pub url: String,
    /// The status.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl Response {
    /// The body as JSON of type `T` (leniently: a byte-order mark skipped, repeated keys taking
    /// their last value).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        super::model::from_json(&self.body).map_err(|e| Error::Decode {
            method: self.method.clone(),
            url: self.url.clone(),
            message: e.to_string(),
            body: self.body.clone(),
        })
    }

    /// `Location`.
    pub fn location(&self) -> Option<&str> {
        self.headers.get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok())
    }
}

impl Client {
    /// A builder for `environment`.
    pub fn builder(environment: Environment) -> ClientBuilder {
        ClientBuilder {
            environment,
            auth: Auth::Anonymous,
            subscription_key: None,
            timeout: Duration::from_secs(100),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            refresh_margin: Duration::from_secs(30),
            root_certificates: Vec::new(),
            max_body: crate::api::body::DEFAULT_MAX_BODY,
        }
    }

    /// The environment.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The API of one app.
    pub fn app(&self, app: &'static App) -> AppClient {
        AppClient::new(self.clone(), app)
    }

    /// The Altinn token calls send now (fetched or renewed when needed), for other platform
    /// APIs; `None` when anonymous.
    pub async fn token(&self) -> Result<Option<Secret>> {
        Ok(self.inner.tokens.token().await?)
    }

    /// How many tokens this client and its clones have fetched (each a Maskinporten grant
    /// and/or an exchange).
    pub fn token_fetches(&self) -> usize {
        self.inner.tokens.fetches()
    }

    /// Sends a request: the token as bearer (renewed once if the answer is 401 and the mode can
    /// renew it), the subscription key, and retries of 429/503 as the policy allows. An answer
    /// outside 2xx is [`Error::Http`]; a 2xx answer is read whole, up to the client's limit.
    pub async fn send(&self, req: Request) -> Result<Response> {
        let method = req.method.to_string();
        let shown = req.url.to_string();
        let resp = self.send_streaming(req).await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = self.read_body(resp, &method, &shown).await?;
        Ok(Response { method, url: shown, status, headers, body })
    }

    /// [`Client::send`] without reading a 2xx answer: its body is left to the caller to
    /// stream (downloads of any size). Answers outside 2xx are read (up to the limit) into
    /// [`Error::Http`] as by `send`.
    pub async fn send_streaming(&self, mut req: Request) -> Result<reqwest::Response> {
        let policy = self.inner.retry;
        let mut attempt = 0u32;
        let mut renewed = false;
        loop {
            attempt += 1;
            let resendable = matches!(req.body, None | Some(RequestBody::Bytes { .. }));
            let body = match req.body.take() {
                Some(RequestBody::Bytes { data, content_type }) => {
                    let part = (reqwest::Body::from(data.clone()), content_type.clone(), Some(data.len() as u64));
                    req.body = Some(RequestBody::Bytes { data, content_type });
                    Some(OneBody::Plain(part))
                }
                Some(RequestBody::Stream { body, content_type, length }) => Some(OneBody::Plain((body, content_type, length))),
                Some(RequestBody::Multipart(form)) => Some(OneBody::Multipart(form)),
                None => None,
            };
            let token = if req.anonymous { None } else { self.inner.tokens.token().await? };
            match self.send_once(&req, token.as_ref(), body).await {
                Err(Error::Http(h)) if h.status == 401 && !renewed && resendable && self.inner.tokens.renewable() => {
                    if let Some(t) = &token {
                        self.inner.tokens.invalidate(t).await;
                    }
                    renewed = true;
                    attempt -= 1;
                }
                Err(Error::Http(h)) if (h.status == 429 || h.status == 503) && attempt < policy.max_attempts && resendable => {
                    let Some(wait) = policy.wait(attempt, h.retry_after) else { return Err(Error::Http(h)) };
                    tokio::time::sleep(wait).await;
                }
                other => return other,
            }
        }
    }

    /// Reads an answer's body up to the client's limit.
    async fn read_body(&self, resp: reqwest::Response, method: &str, shown: &str) -> Result<Bytes> {
        match crate::api::body::read_limited(resp, self.inner.max_body).await {
            Ok(b) => Ok(b),
            Err(crate::api::body::BodyError::Transport(e)) => {
                Err(Error::Transport { method: method.to_string(), url: shown.to_string(), source: e.without_url() })
            }
            Err(crate::api::body::BodyError::TooLarge { limit, .. }) => {
                Err(Error::TooLarge { method: method.to_string(), url: shown.to_string(), limit })
            }
        }
    }

    async fn send_once(&self, req: &Request, token: Option<&Secret>, body: Option<OneBody>) -> Result<reqwest::Response> {
        let method = req.method.to_string();
        let shown = req.url.to_string();
        let mut rb = self.inner.http.request(req.method.clone(), req.url.clone()).header(reqwest::header::ACCEPT, req.accept.as_str());
        if let Some(t) = token {
            let mut v = HeaderValue::from_str(&format!("Bearer {}", t.expose()))
                .map_err(|_| Error::Usage("the token is not a valid header value".into()))?;
            v.set_sensitive(true);
            rb = rb.header(reqwest::header::AUTHORIZATION, v);
        }
        if let Some(k) = &self.inner.subscription_key {
            let mut v =
                HeaderValue::from_str(k.expose()).map_err(|_| Error::Usage("the subscription key is not a valid header value".into()))?;
            v.set_sensitive(true);
            rb = rb.header(SUBSCRIPTION_KEY_HEADER, v);
        }
        for (n, v) in &req.headers {
            rb = rb.header(n, v);
        }
        match body {
            Some(OneBody::Plain((b, content_type, length))) => {
                rb = rb.header(reqwest::header::CONTENT_TYPE, content_type);
                if let Some(length) = length {
                    rb = rb.header(reqwest::header::CONTENT_LENGTH, length);
                }
                rb = rb.body(b);
            }
            Some(OneBody::Multipart(form)) => rb = rb.multipart(form),
            None if matches!(req.method, Method::POST | Method::PUT) => rb = rb.header(reqwest::header::CONTENT_LENGTH, 0),
            None => {}
        }
        let transport =
            |source: reqwest::Error| Error::Transport { method: method.clone(), url: shown.clone(), source: source.without_url() };
        let resp = rb.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(resp);
        }
        let headers = resp.headers().clone();
        let body = self.read_body(resp, &method, &shown).await?;
        let content_type = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let retry_after = crate::http::retry_after(&headers);
        // A server that echoes what it was sent must not put the token in the error.
        let body = crate::api::scrub(body, &[token, self.inner.subscription_key.as_ref()].into_iter().flatten().collect::<Vec<_>>());
        Err(Error::Http(Box::new(HttpError::new(&method, &shown, status, content_type, body, retry_after))))
    }
}

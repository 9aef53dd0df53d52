//! The client: a base URL (prod and tt02 presets), an `ApiKey`, timeouts, one way to
//! authenticate, a media type, and the retry policy of [`crate::http`] (429 and 503 with
//! `Retry-After`, backoff after transient failures). Cheap to clone; clones share connections
//! and the session.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use futures::Stream;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::error::{Error, Result};
use super::hal::Page;
use super::media::{self, MediaType};
use super::odata::OData;
use super::secret::{ApiKey, Secret};
use crate::http::{self as retry, Attempt, RetryPolicy};

/// The Altinn 2 REST API in production (the one definition; `fetch` uses it too).
pub const PRODUCTION_URL: &str = "https://www.altinn.no/api/";
/// The Altinn 2 REST API in the public test environment.
pub const TT02_URL: &str = "https://tt02.altinn.no/api/";

/// Where the API lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://www.altinn.no/api/`.
    Production,
    /// `https://tt02.altinn.no/api/` (the public test environment; its own API keys).
    Tt02,
    /// Any other base URL (a test server, an internal environment). Must end with `/api/` or
    /// whatever prefix the routes hang under.
    Custom(Url),
}

impl Environment {
    /// The base URL routes are joined to.
    pub fn base_url(&self) -> Url {
        match self {
            Environment::Production => Url::parse(PRODUCTION_URL).expect("valid URL"),
            Environment::Tt02 => Url::parse(TT02_URL).expect("valid URL"),
            Environment::Custom(u) => {
                let mut u = u.clone();
                if !u.path().ends_with('/') {
                    let p = format!("{}/", u.path());
                    u.set_path(&p);
                }
                u
            }
        }
    }

    /// The Altinn 3 platform host that exchanges Maskinporten tokens.
    pub fn platform_url(&self) -> Url {
        match self {
            Environment::Tt02 => Url::parse("https://platform.tt02.altinn.no/").expect("valid URL"),
            Environment::Custom(u) => u.join("/").unwrap_or_else(|_| u.clone()),
            Environment::Production => Url::parse("https://platform.altinn.no/").expect("valid URL"),
        }
    }
}

/// How calls authenticate (besides the `ApiKey`). Secrets never appear in `Debug`.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// The API key alone (the metadata resource needs nothing more).
    #[default]
    ApiKeyOnly,
    /// A session from `authentication/authenticatewithpassword` (user name or national identity
    /// number, and the Altinn password). The `.ASPXAUTH` cookie is kept and renewed from any
    /// answer; an expired session logs in again once.
    Password {
        /// User name or national identity number.
        user_name: String,
        /// The password.
        password: Secret,
    },
    /// An enterprise user logging in over TLS with the organisation's certificate (set with
    /// [`ClientBuilder::identity`]): the same login with `ForceEIAuthentication`, then the
    /// session cookie.
    EnterpriseCertificate {
        /// The enterprise user's name.
        user_name: String,
        /// Its password.
        password: Secret,
    },
    /// The organisation's certificate on every call, with `ForceEIAuthentication` on every URL
    /// (organisation-level APIs only).
    CertificateOnly,
    /// `Authorization: Bearer …`: an ID-porten token, or an Altinn token exchanged from
    /// Maskinporten (see [`Client::exchange_maskinporten`]).
    Bearer(Secret),
}

impl Auth {
    fn uses_session(&self) -> bool {
        matches!(self, Auth::Password { .. } | Auth::EnterpriseCertificate { .. })
    }
}

/// A TLS client identity (PEM certificate chain and key). Its `Debug` shows nothing.
#[derive(Clone)]
pub struct Identity(reqwest::Identity);

impl Identity {
    /// From PEM text holding the certificate chain and the private key.
    pub fn from_pem(pem: &[u8]) -> Result<Self> {
        reqwest::Identity::from_pem(pem).map(Identity).map_err(|e| Error::Invalid(format!("client certificate: {e}")))
    }
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Identity(***)")
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    environment: Environment,
    api_key: Option<ApiKey>,
    auth: Auth,
    media: MediaType,
    timeout: Duration,
    connect_timeout: Duration,
    language: Option<u32>,
    identity: Option<Identity>,
    root_certificates: Vec<Vec<u8>>,
    max_body: usize,
    retry: RetryPolicy,
}

impl ClientBuilder {
    /// The retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::never`] turns retries
    /// off): 429 and 503 wait for their `Retry-After` in seconds, and idempotent requests are
    /// also retried, with backoff, on other 5xx and transient transport failures.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest answer read, in bytes (default [`super::body::DEFAULT_MAX_BODY`]); a larger
    /// one is [`Error::TooLarge`], refused before it is buffered.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// The API key.
    pub fn api_key(mut self, key: ApiKey) -> Self {
        self.api_key = Some(key);
        self
    }

    /// How to authenticate.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The default media type of answers.
    pub fn media(mut self, media: MediaType) -> Self {
        self.media = media;
        self
    }

    /// The whole-request timeout (default 30 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// `language` sent on calls that take one: 1044 Bokmål, 2068 Nynorsk, 1033 English.
    pub fn language(mut self, code: u32) -> Self {
        self.language = Some(code);
        self
    }

    /// The TLS client certificate (enterprise certificate modes).
    pub fn identity(mut self, identity: Identity) -> Self {
        self.identity = Some(identity);
        self
    }

    /// Trusts another root certificate (PEM), e.g. a test server's.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Self {
        self.root_certificates.push(pem.to_vec());
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client> {
        let needs_identity = matches!(self.auth, Auth::EnterpriseCertificate { .. } | Auth::CertificateOnly);
        if needs_identity && self.identity.is_none() {
            return Err(Error::Invalid("this authentication needs a client certificate: call .identity(…)".into()));
        }
        let mut b = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("altinn-generated/", env!("CARGO_PKG_VERSION")));
        if let Some(id) = &self.identity {
            b = b.identity(id.0.clone());
        }
        for pem in &self.root_certificates {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| Error::Invalid(format!("root certificate: {e}")))?;
            b = b.add_root_certificate(cert);
        }
        let http = b.build().map_err(|e| Error::Invalid(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                environment: self.environment.clone(),
                base: self.environment.base_url(),
                api_key: self.api_key,
                auth: self.auth,
                language: self.language,
                session: Mutex::new(None),
                max_body: self.max_body,
                retry: self.retry,
            }),
            media: self.media,
        })
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    environment: Environment,
    base: Url,
    api_key: Option<ApiKey>,
    auth: Auth,
    language: Option<u32>,
    session: Mutex<Option<Secret>>,
    max_body: usize,
    retry: RetryPolicy,
}

/// The client every generated function takes.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    media: MediaType,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// JSON, sent as `application/hal+json` (Altinn's documented request type).
    Json(Value),
    /// Raw bytes with their content type (streamed attachments, broker uploads).
    Bytes {
        /// The bytes.
        data: Bytes,
        /// Their `Content-Type`.
        content_type: String,
    },
}

/// One request, before it is sent. Generated functions fill these in.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    /// Relative to the base URL, or absolute (a followed link).
    path: String,
    query: Vec<(String, String)>,
    body: Option<Body>,
    public: bool,
    accept: Option<String>,
    headers: Vec<(String, String)>,
    localized: bool,
}

impl Request {
    /// A request to `path` (relative to the base URL, each segment already encoded).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            public: false,
            accept: None,
            headers: Vec::new(),
            localized: false,
        }
    }

    /// Adds a header (an operation's header parameter: `If-Match`, `Accept-Language`, …).
    pub fn header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds a header when there is a value.
    pub fn header_opt<T: ToString>(self, name: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    /// An operation that takes `language`: when the request gives none, the client's default
    /// language ([`ClientBuilder::language`]) is sent.
    pub fn localized(mut self) -> Self {
        self.localized = true;
        self
    }

    /// A request needing no login (metadata, authentication).
    pub fn public(mut self) -> Self {
        self.public = true;
        self
    }

    /// Adds a query pair.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Adds a query pair when there is a value.
    pub fn query_opt<T: ToString>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Adds a query pair for each value (`?id=1&id=2`).
    pub fn query_each<T: ToString>(self, key: &str, values: impl IntoIterator<Item = T>) -> Self {
        values.into_iter().fold(self, |req, v| req.query(key, v))
    }

    /// Adds a flag that is present without a value (`?ForceEIAuthentication`).
    pub fn flag(mut self, key: &str, on: bool) -> Self {
        if on {
            self.query.push((key.to_string(), String::new()));
        }
        self
    }

    /// Adds OData options.
    pub fn odata(mut self, o: &OData) -> Self {
        self.query.extend(o.pairs());
        self
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let v = serde_json::to_value(body).map_err(|e| Error::Invalid(format!("cannot encode the body: {e}")))?;
        self.body = Some(Body::Json(v));
        Ok(self)
    }

    /// A raw body.
    pub fn bytes(mut self, data: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some(Body::Bytes { data: data.into(), content_type: content_type.to_string() });
        self
    }

    /// Overrides `Accept` (downloads ask for `application/octet-stream`, XSDs for XML).
    pub fn accept(mut self, accept: &str) -> Self {
        self.accept = Some(accept.to_string());
        self
    }

    fn set_query(&mut self, key: &str, value: String) {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_string(), value));
    }
}

/// Percent-encodes a value into one path segment.
pub fn segment(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>().replace('+', "%20")
}

/// An answer with a 2xx status.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status.
    pub status: u16,
    /// The URL that answered.
    pub url: String,
    /// Headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// The media type the body is in (from `Content-Type`, else the one asked for).
    pub media: MediaType,
}

impl Response {
    /// The body decoded as `T`, whatever media type it came in.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let v = media::to_value(&self.body, self.media).map_err(|m| self.decode_error(m))?;
        super::lenient::from_value(v).map_err(|e| self.decode_error(e.to_string()))
    }

    /// The body as one page of a list.
    pub fn page<T: DeserializeOwned>(&self) -> Result<Page<T>> {
        let v = media::to_value(&self.body, self.media).map_err(|m| self.decode_error(m))?;
        Page::from_value(v).map_err(|m| self.decode_error(m))
    }

    /// `Location` (created messages, attachments, archived elements).
    pub fn location(&self) -> Option<String> {
        self.headers.get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string)
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Nothing expected: the answer is accepted whatever it holds.
    pub fn empty(&self) -> Result<()> {
        Ok(())
    }

    /// `X-Warning-LimitReached`: the list was cut short before OData applied.
    pub fn limit_reached(&self) -> bool {
        self.headers.contains_key("x-warning-limitreached")
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode { url: self.url.clone(), media: self.media.as_str().into(), message, body: self.body.clone() }
    }
}

/// What [`Client::cors_check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsVerdict {
    /// The origin asked about.
    pub origin: String,
    /// `Access-Control-Allow-Origin` as answered.
    pub allow_origin: Option<String>,
    /// Whether it grants the origin (equal, or `*`).
    pub granted: bool,
    /// The status of the metadata request.
    pub status: u16,
}

impl Client {
    /// A builder for `environment`.
    pub fn builder(environment: Environment) -> ClientBuilder {
        ClientBuilder {
            environment,
            api_key: None,
            auth: Auth::ApiKeyOnly,
            media: MediaType::HalJson,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            language: None,
            identity: None,
            root_certificates: Vec::new(),
            max_body: super::body::DEFAULT_MAX_BODY,
            retry: RetryPolicy::default(),
        }
    }

    /// The same client asking for another media type.
    pub fn with_media(&self, media: MediaType) -> Client {
        Client { inner: self.inner.clone(), media }
    }

    /// The media type answers are asked in.
    pub fn media(&self) -> MediaType {
        self.media
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The environment.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The default `language`, if set.
    pub fn language(&self) -> Option<u32> {
        self.inner.language
    }

    /// Whether a session cookie is held.
    pub fn has_session(&self) -> bool {
        self.inner.session.lock().map(|s| s.is_some()).unwrap_or(false)
    }

    fn url(&self, req: &Request) -> Result<Url> {
        let mut url = if req.path.starts_with("http://") || req.path.starts_with("https://") {
            let u = Url::parse(&req.path).map_err(|e| Error::Invalid(format!("bad link {}: {e}", req.path)))?;
            // Links are followed only on the API's own host: keys and cookies go nowhere else.
            if u.origin() != self.inner.base.origin() {
                return Err(Error::Invalid(format!("refusing to follow a link to another host: {u}")));
            }
            u
        } else {
            self.inner.base.join(req.path.trim_start_matches('/')).map_err(|e| Error::Invalid(format!("bad path {}: {e}", req.path)))?
        };
        if !req.query.is_empty() || matches!(self.inner.auth, Auth::CertificateOnly) {
            let existing: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            let mut q = String::new();
            let mut add = |k: &str, v: &str| {
                if !q.is_empty() {
                    q.push('&');
                }
                q.push_str(&url::form_urlencoded::byte_serialize(k.as_bytes()).collect::<String>());
                if !v.is_empty() {
                    q.push('=');
                    q.push_str(&url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>());
                }
            };
            for (k, v) in existing.iter().filter(|(k, _)| !req.query.iter().any(|(q, _)| q == k)) {
                add(k, v);
            }
            for (k, v) in &req.query {
                add(k, v);
            }
            if matches!(self.inner.auth, Auth::CertificateOnly) && !req.query.iter().any(|(k, _)| k == "ForceEIAuthentication") {
                add("ForceEIAuthentication", "");
            }
            url.set_query(Some(&q));
        }
        Ok(url)
    }

    fn remember_cookie(&self, headers: &HeaderMap) {
        for v in headers.get_all(reqwest::header::SET_COOKIE) {
            let Ok(v) = v.to_str() else { continue };
            let pair = v.split(';').next().unwrap_or("");
            if let Some(value) = pair.trim().strip_prefix(".ASPXAUTH=")
                && let Ok(mut s) = self.inner.session.lock()
            {
                *s = if value.is_empty() { None } else { Some(Secret::new(value)) };
            }
        }
    }

    /// Sends a request once as far as authentication goes, retrying as the policy allows.
    async fn send_once(&self, req: &Request) -> Result<Response> {
        retry::run(self.inner.retry, |_| self.attempt(req), |_| {}).await.map_err(|stop| stop.error)
    }

    /// One attempt, and whether a failure is worth another (see [`crate::http`]).
    async fn attempt(&self, req: &Request) -> Attempt<Response, Error> {
        let idempotent = retry::idempotent(&req.method);
        let transient = |error: Error| match &error {
            Error::Transport { source, .. } if idempotent && retry::transient(source) => Attempt::Retry { error, retry_after: None },
            _ => Attempt::Fatal(error),
        };
        let mut retry_after = None;
        match self.attempt_inner(req, &mut retry_after).await {
            Ok(response) => Attempt::Done(response),
            Err(error @ Error::Status { status, .. }) if retry::retryable_status(status, idempotent) => {
                Attempt::Retry { error, retry_after }
            }
            Err(error) => transient(error),
        }
    }

    /// One attempt; an answer's `Retry-After` in seconds goes to `retry_after`.
    async fn attempt_inner(&self, req: &Request, retry_after: &mut Option<u64>) -> Result<Response> {
        let url = self.url(req)?;
        let accept = req.accept.clone().unwrap_or_else(|| self.media.as_str().to_string());
        let mut rb = self.inner.http.request(req.method.clone(), url.clone()).header(reqwest::header::ACCEPT, accept);
        for (name, value) in &req.headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::Invalid(format!("the value of header `{name}` is not a valid header value")))?;
            rb = rb.header(name.as_str(), value);
        }
        if let Some(k) = &self.inner.api_key {
            let mut v =
                HeaderValue::from_str(k.0.expose()).map_err(|_| Error::Invalid("the API key is not a valid header value".into()))?;
            v.set_sensitive(true);
            rb = rb.header("ApiKey", v);
        }
        if let Auth::Bearer(token) = &self.inner.auth {
            let mut v = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| Error::Invalid("the token is not a valid header value".into()))?;
            v.set_sensitive(true);
            rb = rb.header(reqwest::header::AUTHORIZATION, v);
        }
        let cookie = self.inner.session.lock().ok().and_then(|s| s.clone());
        if let Some(c) = &cookie {
            let mut v =
                HeaderValue::from_str(&format!(".ASPXAUTH={}", c.expose())).map_err(|_| Error::Invalid("bad session cookie".into()))?;
            v.set_sensitive(true);
            rb = rb.header(reqwest::header::COOKIE, v);
        }
        match &req.body {
            Some(Body::Json(v)) => {
                rb = rb.header(reqwest::header::CONTENT_TYPE, "application/hal+json").body(serde_json::to_vec(v).unwrap_or_default());
            }
            Some(Body::Bytes { data, content_type }) => {
                rb = rb.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(data.clone());
            }
            None => {}
        }
        let method = req.method.to_string();
        let shown = url.to_string();
        let transport = |source| Error::Transport { method: method.clone(), url: shown.clone(), source };
        let resp = rb.send().await.map_err(transport)?;
        let status = resp.status();
        let mut headers = resp.headers().clone();
        self.remember_cookie(&headers);
        // The session cookie never shows in a `Response`'s `Debug`.
        headers.iter_mut().filter(|(n, _)| *n == reqwest::header::SET_COOKIE).for_each(|(_, v)| v.set_sensitive(true));
        *retry_after = retry::retry_after(&headers);
        let reason = retry::reason_phrase(&resp);
        let content_type = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let body = match super::body::read_limited(resp, self.inner.max_body).await {
            Ok(b) => b,
            Err(super::body::BodyError::Transport(e)) => return Err(transport(e)),
            Err(super::body::BodyError::TooLarge { limit, .. }) => return Err(Error::TooLarge { method, url: shown, limit }),
        };
        if !status.is_success() {
            // An answer that echoes what was sent (key, token, cookie, password) keeps it out.
            let session = self.inner.session.lock().ok().and_then(|s| s.clone());
            let auth = match &self.inner.auth {
                Auth::Password { password: s, .. } | Auth::EnterpriseCertificate { password: s, .. } | Auth::Bearer(s) => Some(s),
                Auth::ApiKeyOnly | Auth::CertificateOnly => None,
            };
            let sent = [self.inner.api_key.as_ref().map(|k| &k.0), auth, cookie.as_ref(), session.as_ref()];
            let secrets: Vec<&Secret> = sent.into_iter().flatten().collect();
            let (body, reason) = (super::scrub(body, &secrets), reason.map(|r| super::scrub_text(&r, &secrets)));
            return Err(Error::Status { method, url: shown, status: status.as_u16(), reason, content_type, body });
        }
        let media = content_type.as_deref().and_then(MediaType::from_content_type).unwrap_or(self.media);
        Ok(Response { status: status.as_u16(), url: shown, headers, body, media })
    }

    /// Sends a request: logs in first when the authentication needs a session and none is
    /// held, and once more when the session has expired (401).
    pub async fn send(&self, mut req: Request) -> Result<Response> {
        if req.localized
            && !req.query.iter().any(|(k, _)| k == "language")
            && let Some(code) = self.language()
        {
            req.query.push(("language".into(), code.to_string()));
        }
        let session = self.inner.auth.uses_session() && !req.public;
        if session && !self.has_session() {
            self.login().await?;
        }
        match self.send_once(&req).await {
            Err(Error::Status { status: 401, .. }) if session => {
                if let Ok(mut s) = self.inner.session.lock() {
                    *s = None;
                }
                self.login().await?;
                self.send_once(&req).await
            }
            other => other,
        }
    }

    /// Logs in with the configured user name and password (with `ForceEIAuthentication` for an
    /// enterprise certificate) and keeps the `.ASPXAUTH` cookie.
    pub async fn login(&self) -> Result<()> {
        let (user_name, password, force_ei) = match &self.inner.auth {
            Auth::Password { user_name, password } => (user_name, password, false),
            Auth::EnterpriseCertificate { user_name, password } => (user_name, password, true),
            _ => return Err(Error::Login("this client has no user name and password".into())),
        };
        let body = serde_json::json!({ "UserName": user_name, "UserPassword": password.expose() });
        let req = Request::new(Method::POST, "authentication/authenticatewithpassword")
            .public()
            .flag("ForceEIAuthentication", force_ei)
            .json(&body)?;
        match self.send_once(&req).await {
            Ok(_) if self.has_session() => Ok(()),
            Ok(_) => Err(Error::Login("the answer set no .ASPXAUTH cookie".into())),
            Err(Error::Status { status, reason, .. }) => {
                Err(Error::Login(format!("{status}{}", reason.map(|r| format!(" {r}")).unwrap_or_default())))
            }
            Err(e) => Err(e),
        }
    }

    /// Exchanges a Maskinporten token for an Altinn token at the platform
    /// (`authentication/api/v1/exchange/maskinporten`), optionally as an enterprise user, and
    /// returns a client that sends it as `Bearer`.
    pub async fn exchange_maskinporten(&self, maskinporten_token: &Secret, enterprise_user: Option<(&str, &Secret)>) -> Result<Client> {
        let url = self
            .inner
            .environment
            .platform_url()
            .join("authentication/api/v1/exchange/maskinporten")
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let mut rb = self.inner.http.get(url.clone()).bearer_auth(maskinporten_token.expose());
        let mut secrets = vec![maskinporten_token.clone()];
        if let Some((user, pass)) = enterprise_user {
            let v = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", pass.expose()));
            secrets.extend([pass.clone(), Secret::new(v.clone())]);
            rb = rb.header("X-Altinn-EnterpriseUser-Authentication", v);
        }
        let transport = |source| Error::Transport { method: "GET".into(), url: url.to_string(), source };
        let resp = rb.send().await.map_err(transport)?;
        let status = resp.status();
        let reason = retry::reason_phrase(&resp);
        let body = resp.bytes().await.map_err(transport)?;
        if !status.is_success() {
            // An answer that echoes the token or the enterprise user's credentials keeps them out.
            let secrets: Vec<&Secret> = secrets.iter().collect();
            return Err(Error::Status {
                method: "GET".into(),
                url: url.to_string(),
                status: status.as_u16(),
                reason: reason.map(|r| super::scrub_text(&r, &secrets)),
                content_type: None,
                body: super::scrub(body, &secrets),
            });
        }
        let token: String = serde_json::from_slice(&body)
            .or_else(|_| String::from_utf8(body.to_vec()).map(|s| s.trim().to_string()))
            .map_err(|_| Error::Decode {
                url: url.to_string(),
                media: "application/json".into(),
                message: "expected a token".into(),
                body: body.clone(),
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                environment: self.inner.environment.clone(),
                base: self.inner.base.clone(),
                api_key: self.inner.api_key.clone(),
                auth: Auth::Bearer(Secret::new(token)),
                language: self.inner.language,
                session: Mutex::new(None),
                max_body: self.inner.max_body,
                retry: self.inner.retry,
            }),
            media: self.media,
        })
    }

    /// Every page of a list, following `next` links, else paging with `$skip` until a page
    /// comes back empty (or shorter than `$top`). Stops if a server repeats a page.
    pub fn pages<T: DeserializeOwned + 'static>(&self, first: Request) -> impl Stream<Item = Result<Page<T>>> + 'static {
        let client = self.clone();
        let top = first.query.iter().find(|(k, _)| k == "$top").and_then(|(_, v)| v.parse::<usize>().ok());
        let skip = first.query.iter().find(|(k, _)| k == "$skip").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
        futures::stream::unfold(Some((first, skip, None::<Bytes>)), move |state| {
            let client = client.clone();
            async move {
                let (req, skip, previous) = state?;
                let resp = match client.send(req.clone()).await {
                    Ok(r) => r,
                    Err(e) => return Some((Err(e), None)),
                };
                if previous.as_ref() == Some(&resp.body) {
                    return None;
                }
                let page: Page<T> = match resp.page() {
                    Ok(p) => p,
                    Err(e) => return Some((Err(e), None)),
                };
                let n = page.items.len();
                let next = if let Some(link) = page.links.next() {
                    // The next page in the same language: a link without `language` gets the
                    // client's default, as the first request did.
                    let mut r = Request::new(Method::GET, link.href.clone());
                    r.localized = req.localized;
                    Some((r, skip + n, Some(resp.body.clone())))
                } else if n == 0 || top.is_some_and(|t| n < t) || page.continuation.is_some() && page.links.next().is_none() {
                    None
                } else {
                    let mut r = req;
                    r.set_query("$skip", (skip + n).to_string());
                    Some((r, skip + n, Some(resp.body.clone())))
                };
                if n == 0 {
                    return None;
                }
                Some((Ok(page), next))
            }
        })
    }

    /// Every item of a list, page after page (see [`Client::pages`]).
    pub fn items<T: DeserializeOwned + 'static>(&self, first: Request) -> impl Stream<Item = Result<T>> + 'static {
        use futures::StreamExt;
        self.pages::<T>(first).flat_map(|p| {
            let items: Vec<Result<T>> = match p {
                Ok(p) => p.items.into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            futures::stream::iter(items)
        })
    }

    /// Sends the metadata request with `Origin: origin` and reports whether
    /// `Access-Control-Allow-Origin` grants it (the check Altinn tells browser integrators to run).
    pub async fn cors_check(&self, origin: &str) -> Result<CorsVerdict> {
        let url = self.inner.base.join("metadata").map_err(|e| Error::Invalid(e.to_string()))?;
        let mut rb =
            self.inner.http.get(url.clone()).header(reqwest::header::ORIGIN, origin).header(reqwest::header::ACCEPT, "application/json");
        if let Some(k) = &self.inner.api_key {
            rb = rb.header("ApiKey", k.0.expose());
        }
        let resp = rb.send().await.map_err(|source| Error::Transport { method: "GET".into(), url: url.to_string(), source })?;
        let allow = resp.headers().get(reqwest::header::ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_string);
        let granted = allow.as_deref().is_some_and(|a| a == "*" || a.trim_end_matches('/') == origin.trim_end_matches('/'));
        Ok(CorsVerdict { origin: origin.to_string(), allow_origin: allow, granted, status: resp.status().as_u16() })
    }
}

//! Authentication for Altinn 3: every mode ends in an Altinn token sent as `Bearer`.
//!
//! - [`Auth::Maskinporten`]: a JWT grant (RFC 7523) signed with the client's RSA key, named by
//!   `kid` or carried with the enterprise certificate chain in `x5c` ([`GrantKey`]); scopes, an
//!   optional `resource`, `consumer_org` and a system user's `authorization_details`. The grant
//!   is posted to Maskinporten's token endpoint, and the Maskinporten token exchanged at
//!   `GET {platform}/authentication/api/v1/exchange/maskinporten`.
//! - [`Auth::MaskinportenToken`], [`Auth::IdPorten`]: a token got elsewhere, exchanged the same
//!   way (`exchange/maskinporten`, `exchange/id-porten`).
//! - [`Auth::AltinnToken`]: a ready Altinn token, sent as it is.
//!
//! Altinn tokens are cached (their `exp` read from the JWT without verifying it) and renewed a
//! margin (30 s by default) before they expire; clones of a client share the cache, and callers
//! that need a token at the same time wait for one renewal. Keys and tokens never appear in
//! `Debug`, `Display` or errors.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::env::Environment;
use crate::api::Secret;

/// The longest lifetime Maskinporten accepts for a grant (`exp - iat`).
pub const MAX_GRANT_LIFETIME: Duration = Duration::from_secs(120);

/// How calls authenticate.
#[derive(Clone, Default)]
pub enum Auth {
    /// No token: only anonymous routes (application metadata, schemas) work.
    #[default]
    Anonymous,
    /// A ready Altinn token, sent as it is (never renewed).
    AltinnToken(Secret),
    /// An ID-porten access token (not the ID token), exchanged at `exchange/id-porten`.
    IdPorten(Secret),
    /// A Maskinporten access token got elsewhere, exchanged at `exchange/maskinporten`.
    MaskinportenToken(Secret),
    /// A Maskinporten grant this client signs, then the exchange.
    Maskinporten(Box<MaskinportenGrant>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Anonymous => f.write_str("Anonymous"),
            Auth::AltinnToken(_) => f.write_str("AltinnToken(***)"),
            Auth::IdPorten(_) => f.write_str("IdPorten(***)"),
            Auth::MaskinportenToken(_) => f.write_str("MaskinportenToken(***)"),
            Auth::Maskinporten(g) => f.debug_tuple("Maskinporten").field(g).finish(),
        }
    }
}

impl From<MaskinportenGrant> for Auth {
    fn from(grant: MaskinportenGrant) -> Self {
        Auth::Maskinporten(Box::new(grant))
    }
}

/// The key that signs a grant.
#[derive(Clone)]
pub struct GrantKey {
    key: EncodingKey,
    kind: GrantKeyKind,
}

#[derive(Clone)]
enum GrantKeyKind {
    Kid(String),
    Certificate(Vec<String>),
}

impl GrantKey {
    /// A key registered on the Maskinporten client under `kid`; `private_key_pem` is the RSA
    /// private key (PKCS#1 or PKCS#8 PEM).
    pub fn kid(kid: impl Into<String>, private_key_pem: &[u8]) -> Result<GrantKey, AuthError> {
        let kid = kid.into();
        if kid.is_empty() {
            return Err(AuthError::Key("the kid is empty".into()));
        }
        Ok(GrantKey { key: rsa_key(private_key_pem)?, kind: GrantKeyKind::Kid(kid) })
    }

    /// The enterprise certificate: its RSA private key and the certificate chain (PEM, the
    /// enterprise certificate first), sent in `x5c`.
    pub fn certificate(private_key_pem: &[u8], chain_pem: &[u8]) -> Result<GrantKey, AuthError> {
        let chain = pem_certificates(chain_pem)?;
        if chain.is_empty() {
            return Err(AuthError::Key("the certificate chain holds no CERTIFICATE block".into()));
        }
        Ok(GrantKey { key: rsa_key(private_key_pem)?, kind: GrantKeyKind::Certificate(chain) })
    }

    /// The `kid`, for a registered key.
    pub fn kid_value(&self) -> Option<&str> {
        match &self.kind {
            GrantKeyKind::Kid(k) => Some(k),
            GrantKeyKind::Certificate(_) => None,
        }
    }

    /// The `x5c` chain (base64 DER), for a certificate.
    pub fn x5c(&self) -> Option<&[String]> {
        match &self.kind {
            GrantKeyKind::Kid(_) => None,
            GrantKeyKind::Certificate(c) => Some(c),
        }
    }
}

impl fmt::Debug for GrantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            GrantKeyKind::Kid(k) => write!(f, "GrantKey {{ kid: {k:?}, key: *** }}"),
            GrantKeyKind::Certificate(c) => write!(f, "GrantKey {{ x5c: {} certificate(s), key: *** }}", c.len()),
        }
    }
}

/// The RSA private key of a PEM text that may also hold certificates (a key and its chain in
/// one file): only the `PRIVATE KEY` / `RSA PRIVATE KEY` block is read.
fn rsa_key(pem: &[u8]) -> Result<EncodingKey, AuthError> {
    let text = std::str::from_utf8(pem).map_err(|_| AuthError::Key("the private key is not PEM text".into()))?;
    let mut block: Option<String> = None;
    let mut found = None;
    for line in text.lines().map(str::trim) {
        if let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
            if label == "ENCRYPTED PRIVATE KEY" {
                return Err(AuthError::Key(
                    "the private key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)".into(),
                ));
            }
            if label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" {
                block = Some(format!("{line}\n"));
            }
        } else if let Some(b) = block.as_mut() {
            b.push_str(line);
            b.push('\n');
            if line.starts_with("-----END ") {
                found = block.take();
                break;
            }
        }
    }
    let key = found.ok_or_else(|| AuthError::Key("no PRIVATE KEY or RSA PRIVATE KEY block in the PEM text".into()))?;
    // The key's bytes never reach the message.
    EncodingKey::from_rsa_pem(key.as_bytes()).map_err(|e| AuthError::Key(format!("not an RSA private key in PEM: {}", e.kind_name())))
}

trait KindName {
    fn kind_name(&self) -> String;
}

impl KindName for jsonwebtoken::errors::Error {
    fn kind_name(&self) -> String {
        format!("{:?}", self.kind()).chars().take(80).collect()
    }
}

/// The `CERTIFICATE` blocks of a PEM text, as standard base64 DER (the `x5c` form).
fn pem_certificates(pem: &[u8]) -> Result<Vec<String>, AuthError> {
    let text = std::str::from_utf8(pem).map_err(|_| AuthError::Key("the certificate chain is not PEM text".into()))?;
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line == "-----BEGIN CERTIFICATE-----" {
            current = Some(String::new());
        } else if line == "-----END CERTIFICATE-----" {
            let b64 = current.take().ok_or_else(|| AuthError::Key("END CERTIFICATE without BEGIN".into()))?;
            let der = base64::engine::general_purpose::STANDARD
                .decode(&b64)
                .map_err(|_| AuthError::Key(format!("certificate {} is not valid base64", out.len() + 1)))?;
            out.push(base64::engine::general_purpose::STANDARD.encode(der));
        } else if let Some(c) = current.as_mut() {
            c.push_str(line);
        }
    }
    if current.is_some() {
        return Err(AuthError::Key("a CERTIFICATE block is not closed".into()));
    }
    Ok(out)
}

/// A Maskinporten JWT grant: who the client is, what it asks for, and the key that signs it.
#[derive(Clone)]
pub struct MaskinportenGrant {
    /// The client id (`iss`).
    pub client_id: String,
    /// The signing key.
    pub key: GrantKey,
    /// The scopes (`scope`, space-separated on the wire).
    pub scopes: Vec<String>,
    /// Audience restrictions (`resource`), when the API owner gave one.
    pub resource: Vec<String>,
    /// Act for another organisation that delegated the scope (`consumer_org`).
    pub consumer_org: Option<String>,
    /// `authorization_details` entries (a system user: [`MaskinportenGrant::system_user`]).
    pub authorization_details: Vec<Value>,
    /// `exp - iat`; at most [`MAX_GRANT_LIFETIME`] (longer is cut to it).
    pub lifetime: Duration,
}

impl fmt::Debug for MaskinportenGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MaskinportenGrant")
            .field("client_id", &self.client_id)
            .field("key", &self.key)
            .field("scopes", &self.scopes)
            .field("resource", &self.resource)
            .field("consumer_org", &self.consumer_org)
            .field("authorization_details", &self.authorization_details)
            .field("lifetime", &self.lifetime)
            .finish()
    }
}

/// The claims of a grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrantClaims {
    /// Maskinporten's issuer identifier.
    pub aud: String,
    /// The client id.
    pub iss: String,
    /// Space-separated scopes.
    pub scope: String,
    /// Issued at (seconds since the epoch).
    pub iat: u64,
    /// Expires (seconds since the epoch).
    pub exp: u64,
    /// A unique id.
    pub jti: String,
    /// Audience restrictions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<String>>,
    /// The organisation acted for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_org: Option<String>,
    /// System user and other authorization details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<Vec<Value>>,
}

impl MaskinportenGrant {
    /// A grant for `client_id` signed with `key`, lifetime 120 s, no scopes yet.
    pub fn new(client_id: impl Into<String>, key: GrantKey) -> Self {
        MaskinportenGrant {
            client_id: client_id.into(),
            key,
            scopes: Vec::new(),
            resource: Vec::new(),
            consumer_org: None,
            authorization_details: Vec::new(),
            lifetime: MAX_GRANT_LIFETIME,
        }
    }

    /// Adds a scope (`altinn:instances.write`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Adds an audience restriction (`resource`).
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resource.push(resource.into());
        self
    }

    /// Acts for an organisation that delegated the scope (`consumer_org`).
    pub fn consumer_org(mut self, org_number: impl Into<String>) -> Self {
        self.consumer_org = Some(org_number.into());
        self
    }

    /// Acts as the system user of the customer `org_number`: an `authorization_details` entry
    /// `{"type": "urn:altinn:systemuser", "systemuser_org": {"authority":
    /// "iso6523-actorid-upis", "ID": "0192:<org_number>"}}`.
    pub fn system_user(mut self, org_number: &str) -> Self {
        self.authorization_details.push(json!({
            "type": "urn:altinn:systemuser",
            "systemuser_org": { "authority": "iso6523-actorid-upis", "ID": format!("0192:{org_number}") }
        }));
        self
    }

    /// Another grant lifetime (cut to [`MAX_GRANT_LIFETIME`]).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The claims of a grant issued now for `audience`, with a fresh `jti`.
    pub fn claims(&self, audience: &str) -> Result<GrantClaims, AuthError> {
        if self.client_id.is_empty() {
            return Err(AuthError::Key("the Maskinporten client id is empty".into()));
        }
        if self.scopes.is_empty() {
            return Err(AuthError::Key("a Maskinporten grant needs at least one scope".into()));
        }
        let now = unix_now();
        let lifetime = self.lifetime.min(MAX_GRANT_LIFETIME).as_secs().max(1);
        Ok(GrantClaims {
            aud: audience.to_string(),
            iss: self.client_id.clone(),
            scope: self.scopes.join(" "),
            iat: now,
            exp: now + lifetime,
            jti: random_id()?,
            resource: (!self.resource.is_empty()).then(|| self.resource.clone()),
            consumer_org: self.consumer_org.clone(),
            authorization_details: (!self.authorization_details.is_empty()).then(|| self.authorization_details.clone()),
        })
    }

    /// A signed grant (RS256) for Maskinporten's issuer `audience`.
    pub fn sign(&self, audience: &str) -> Result<Secret, AuthError> {
        let claims = self.claims(audience)?;
        let mut header = Header::new(Algorithm::RS256);
        match &self.key.kind {
            GrantKeyKind::Kid(k) => header.kid = Some(k.clone()),
            GrantKeyKind::Certificate(chain) => header.x5c = Some(chain.clone()),
        }
        jsonwebtoken::encode(&header, &claims, &self.key.key)
            .map(Secret::new)
            .map_err(|e| AuthError::Key(format!("cannot sign the grant: {}", e.kind_name())))
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// 128 random bits as hex (a multipart boundary).
pub(crate) fn random_boundary() -> Result<String, AuthError> {
    random_id()
}

/// 128 random bits as hex.
fn random_id() -> Result<String, AuthError> {
    use aws_lc_rs::rand::SecureRandom as _;
    let mut b = [0u8; 16];
    aws_lc_rs::rand::SystemRandom::new().fill(&mut b).map_err(|_| AuthError::Key("no random numbers for the grant's jti".into()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// What went wrong while getting a token. Never holds a key or a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// A bad key, certificate or grant setting.
    #[error("{0}")]
    Key(String),
    /// Maskinporten refused the grant (OAuth `error`, `error_description`).
    #[error("Maskinporten {url}: {status}{}{}", error.as_deref().map(|e| format!(" {e}")).unwrap_or_default(), description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Maskinporten {
        /// The token endpoint.
        url: String,
        /// The status.
        status: u16,
        /// OAuth `error` (`invalid_grant`, `invalid_scope`, …).
        error: Option<String>,
        /// OAuth `error_description`.
        description: Option<String>,
        /// The body as text (an error answer holds no token).
        body: String,
    },
    /// The token exchange refused the token (401 with an empty body, 403, 410 …).
    #[error("token exchange {url}: {status}{}", if body.trim().is_empty() { String::new() } else { format!(" {}", body.trim().chars().take(300).collect::<String>()) })]
    Exchange {
        /// The exchange URL.
        url: String,
        /// The status.
        status: u16,
        /// The body as text.
        body: String,
    },
    /// The request could not be sent or the answer not read.
    #[error("{url}: {message}")]
    Transport {
        /// The URL.
        url: String,
        /// What failed.
        message: String,
    },
    /// A 2xx answer without a usable token.
    #[error("{url}: {message}")]
    NoToken {
        /// The URL.
        url: String,
        /// What was wrong.
        message: String,
    },
}

impl AuthError {
    /// The status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            AuthError::Maskinporten { status, .. } | AuthError::Exchange { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// The `exp` of a JWT (seconds since the epoch), read without verifying it.
pub fn jwt_expiry(token: &str) -> Option<u64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    match v.get("exp")? {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Maskinporten's answer.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
}

#[derive(Deserialize, Default)]
struct OAuthError {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Clone)]
struct Cached {
    token: Secret,
    /// `None`: the token's expiry is unknown; it is kept until a call is refused with 401.
    expires: Option<u64>,
}

/// Gets, caches and renews the Altinn token of one [`Auth`]; shared by clones of a client.
#[derive(Clone)]
pub(crate) struct TokenSource {
    auth: Auth,
    http: reqwest::Client,
    environment: Environment,
    subscription_key: Option<Secret>,
    margin: Duration,
    cache: Arc<tokio::sync::Mutex<Option<Cached>>>,
    fetches: Arc<AtomicUsize>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource").field("auth", &self.auth).field("margin", &self.margin).finish_non_exhaustive()
    }
}

impl TokenSource {
    pub(crate) fn new(
        auth: Auth,
        http: reqwest::Client,
        environment: Environment,
        subscription_key: Option<Secret>,
        margin: Duration,
    ) -> Self {
        TokenSource { auth, http, environment, subscription_key, margin, cache: Arc::default(), fetches: Arc::default() }
    }

    pub(crate) fn auth(&self) -> &Auth {
        &self.auth
    }

    /// How many tokens were fetched (grants and exchanges) so far, by this source and its clones.
    pub(crate) fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    /// Whether a refused token can be replaced by fetching another.
    pub(crate) fn renewable(&self) -> bool {
        matches!(self.auth, Auth::IdPorten(_) | Auth::MaskinportenToken(_) | Auth::Maskinporten(_))
    }

    /// The token to send, if any: the cached one while it is valid beyond the margin, else a new
    /// one (one fetch however many callers wait).
    pub(crate) async fn token(&self) -> Result<Option<Secret>, AuthError> {
        match &self.auth {
            Auth::Anonymous => return Ok(None),
            Auth::AltinnToken(t) => return Ok(Some(t.clone())),
            _ => {}
        }
        let mut cache = self.cache.lock().await;
        let now = unix_now();
        if let Some(c) = cache.as_ref()
            && c.expires.is_none_or(|exp| exp > now + self.margin.as_secs())
        {
            return Ok(Some(c.token.clone()));
        }
        let token = self.fetch().await?;
        let expires = jwt_expiry(token.expose());
        *cache = Some(Cached { token: token.clone(), expires });
        Ok(Some(token))
    }

    /// Forgets `refused` (a call answered 401 with it); a newer token is kept.
    pub(crate) async fn invalidate(&self, refused: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|c| &c.token == refused) {
            *cache = None;
        }
    }

    async fn fetch(&self) -> Result<Secret, AuthError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        match &self.auth {
            Auth::Anonymous | Auth::AltinnToken(_) => Err(AuthError::Key("nothing to fetch".into())),
            Auth::IdPorten(t) => self.exchange("id-porten", t).await,
            Auth::MaskinportenToken(t) => self.exchange("maskinporten", t).await,
            Auth::Maskinporten(grant) => {
                let mp = self.maskinporten_token(grant).await?;
                self.exchange("maskinporten", &mp).await
            }
        }
    }

    /// Posts a signed grant to Maskinporten and returns its access token.
    async fn maskinporten_token(&self, grant: &MaskinportenGrant) -> Result<Secret, AuthError> {
        let endpoint = self.environment.maskinporten();
        let assertion = grant.sign(&endpoint.issuer)?;
        let url = endpoint.token_url.to_string();
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
            .append_pair("assertion", assertion.expose())
            .finish();
        let transport = |e: reqwest::Error| AuthError::Transport { url: url.clone(), message: e.without_url().to_string() };
        let resp = self
            .http
            .post(endpoint.token_url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            // An answer that echoes the grant must not carry it into the error.
            let bytes = crate::api::scrub(bytes, &[&assertion]);
            let e: OAuthError = serde_json::from_slice(&bytes).unwrap_or_default();
            let scrub = |t: Option<String>| t.map(|t| crate::api::scrub_text(&t, &[&assertion]));
            return Err(AuthError::Maskinporten {
                url,
                status,
                error: scrub(e.error),
                description: scrub(e.error_description),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        // serde's message may quote a value of the answer (a token in the wrong place): only
        // its category and place are kept.
        let answer: TokenAnswer = serde_json::from_slice(&bytes).map_err(|e| AuthError::NoToken {
            url: url.clone(),
            message: format!("the answer has no access_token ({:?} error at line {} column {})", e.classify(), e.line(), e.column()),
        })?;
        Ok(Secret::new(answer.access_token))
    }

    /// `GET {platform}/authentication/api/v1/exchange/{provider}` with `token` as bearer.
    async fn exchange(&self, provider: &str, token: &Secret) -> Result<Secret, AuthError> {
        let url = self.environment.exchange_url(provider).map_err(|e| AuthError::Key(format!("the exchange URL: {e}")))?;
        let shown = url.to_string();
        let transport = |e: reqwest::Error| AuthError::Transport { url: shown.clone(), message: e.without_url().to_string() };
        let mut bearer = reqwest::header::HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| AuthError::Key("the token is not a valid header value".into()))?;
        bearer.set_sensitive(true);
        let mut rb = self
            .http
            .get(url.clone())
            .header(reqwest::header::AUTHORIZATION, bearer)
            .header(reqwest::header::ACCEPT, "text/plain, application/json");
        if let Some(k) = &self.subscription_key {
            let mut v = reqwest::header::HeaderValue::from_str(k.expose())
                .map_err(|_| AuthError::Key("the subscription key is not a valid header value".into()))?;
            v.set_sensitive(true);
            rb = rb.header(super::client::SUBSCRIPTION_KEY_HEADER, v);
        }
        let resp = rb.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            // An answer that echoes the token or the key must not carry it into the error.
            let bytes = crate::api::scrub(bytes, &[Some(token), self.subscription_key.as_ref()].into_iter().flatten().collect::<Vec<_>>());
            return Err(AuthError::Exchange { url: shown, status, body: String::from_utf8_lossy(&bytes).into_owned() });
        }
        let text =
            std::str::from_utf8(&bytes).map_err(|_| AuthError::NoToken { url: shown.clone(), message: "the answer is not text".into() })?;
        let text = text.trim();
        // Asked for JSON, the exchange may wrap the token in quotes.
        let token = if text.starts_with('"') {
            serde_json::from_str::<String>(text)
                .map_err(|_| AuthError::NoToken { url: shown.clone(), message: "a quoted answer that is not a JSON string".into() })?
        } else {
            text.to_string()
        };
        if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AuthError::NoToken { url: shown, message: "the answer is not a token".into() });
        }
        Ok(Secret::new(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_and_pem() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"exp":1700000000,"sub":"x"}"#);
        assert_eq!(jwt_expiry(&format!("h.{payload}.s")), Some(1_700_000_000));
        assert_eq!(jwt_expiry("not a jwt"), None);
        assert!(pem_certificates(b"-----BEGIN CERTIFICATE-----\nAAEC\n").is_err());
        assert_eq!(pem_certificates(b"-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n").unwrap(), vec!["AAEC"]);
        assert!(matches!(GrantKey::kid("k", b"nonsense"), Err(AuthError::Key(_))));
    }

    #[test]
    fn ids_are_unique() {
        assert_ne!(random_id().unwrap(), random_id().unwrap());
    }
}

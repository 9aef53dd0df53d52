//! A loopback stand-in for Altinn 3, on one port: Maskinporten's token endpoint
//! (`/maskinporten/token`, issuer `{base}/maskinporten/`), the platform's token exchange
//! (`/authentication/api/v1/exchange/{provider}`) and any app at `/{org}/{app}/…` (the app
//! rules come from the `&'static App` constants it is started with).
//!
//! Maskinporten checks a grant as the real one does (docs §5.1): RS256/384/512, a `kid` that is
//! registered (with its client) or an `x5c` chain issued by the test CA, the signature, `aud` =
//! the issuer, `iss` = the client, every scope granted to the client, `iat` within 10 s, `exp`
//! after now and at most 120 s after `iat`, a `jti` never seen before, no claim outside
//! Maskinporten's list, and system-user `authorization_details`. It refuses with OAuth errors
//! (`{"error","error_description"}`, 400). The exchange takes a Maskinporten token it issued or
//! the ID-porten token [`IDPORTEN_TOKEN`] and answers a fresh Altinn JWT (HS256 with a stand-in
//! secret, `exp` = now + the configured lifetime) as text, or JSON-quoted when asked. Apps take
//! only Altinn tokens it issued (401 with an empty body otherwise).
//!
//! The apps serve the instance lifecycle with the answer shapes of Storage's samples and
//! app-lib: instantiate (query, JSON template, multipart with prefill), data elements (forms as
//! XML or JSON, attachments with app-lib's checks and messages), validation (numeric
//! severities), `process/next` through `Task_1` (data) and `Task_2` (confirmation) to the end
//! (409 ProblemDetails with `validationIssues` when the data task has errors), `complete`, and
//! the instance. Form content drives validation: a form holding `INVALID` gets an error issue,
//! `WARN` a warning. JSON forms pass a "data processor" and are answered 200 with
//! `changedFields`. [`Altinn3StandIn::fail_next`] answers the next app requests 429 or 503 with
//! `Retry-After`. Every request is recorded.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use altinn_runtime::altinn3::App;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Map, Value, json};

/// The Maskinporten client whose key is registered under [`KID`].
pub const CLIENT_ID: &str = "standin-client";
/// The kid of `fixtures/maskinporten/client-key.pem`.
pub const KID: &str = "standin-kid-1";
/// The client that authenticates with the enterprise certificate (`x5c`).
pub const CERT_CLIENT_ID: &str = "standin-cert-client";
/// Scopes granted to both clients.
pub const SCOPES: &[&str] = &[
    "altinn:instances.read",
    "altinn:instances.write",
    "altinn:serviceowner/instances.read",
    "altinn:serviceowner/instances.write",
    "altinn:correspondence.read",
    "altinn:correspondence.write",
    "altinn:broker.read",
    "altinn:broker.write",
    "digdir:dialogporten.serviceprovider",
    "digdir:dialogporten.serviceprovider.search",
];
/// The ID-porten access token the exchange accepts.
pub const IDPORTEN_TOKEN: &str = "idporten-access-token-for-01017012345";
/// The party of organisation 310000001; others are 50000000 + a counter.
pub const ORG_PARTY: u64 = 50001337;
/// The organisation number of [`ORG_PARTY`].
pub const ORG_NUMBER: &str = "310000001";
/// A party id the register does not know (404 `Cannot lookup party`).
pub const UNKNOWN_PARTY: u64 = 404;
const ALTINN_SECRET: &[u8] = b"standin-altinn-token-signing-secret";
const MP_CLAIMS: &[&str] = &["aud", "iss", "scope", "iat", "exp", "jti", "resource", "consumer_org", "authorization_details", "nbf", "sub"];

/// One request as the stand-in saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path (no host).
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-Disposition`.
    pub content_disposition: Option<String>,
    /// `Ocp-Apim-Subscription-Key`.
    pub subscription_key: Option<String>,
    /// Whether it carried `Authorization`.
    pub authorized: bool,
    /// The body's length.
    pub body_len: usize,
}

impl Seen {
    /// `METHOD path` (and `?query`).
    pub fn line(&self) -> String {
        match &self.query {
            Some(q) => format!("{} {}?{q}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// A grant Maskinporten accepted: its header and claims.
#[derive(Debug, Clone)]
pub struct AcceptedGrant {
    /// The JOSE header as JSON.
    pub header: Value,
    /// The claims.
    pub claims: Value,
}

#[derive(Default)]
struct Inner {
    apps: HashMap<String, &'static App>,
    seen: Vec<Seen>,
    grants: Vec<AcceptedGrant>,
    refused_grants: Vec<String>,
    jtis: HashSet<String>,
    mp_tokens: HashMap<String, Value>,
    exchanges: Vec<String>,
    altinn_lifetime: u64,
    quote_exchange: bool,
    fail_next: Vec<(u16, u64)>,
    revoked_before: u64,
    instances: HashMap<String, Value>,
    contents: HashMap<String, Bytes>,
    next_party: u64,
    counter: u64,
}

/// A running stand-in.
pub struct Altinn3StandIn {
    /// `http://127.0.0.1:PORT/` (platform and apps).
    pub base: String,
    /// Maskinporten's issuer, `{base}maskinporten/` (its token endpoint is `{issuer}token`).
    pub maskinporten_issuer: String,
    inner: Arc<Mutex<Inner>>,
    /// The platform APIs' state ([`crate::platform_standin`]).
    pub platform: crate::platform_standin::Platform,
    _task: tokio::task::JoinHandle<()>,
}

type S = State<Arc<Mutex<Inner>>>;

impl Altinn3StandIn {
    /// Starts on a free loopback port, serving `apps`.
    pub async fn start(apps: &[&'static App]) -> Altinn3StandIn {
        let inner = Arc::new(Mutex::new(Inner {
            apps: apps.iter().map(|a| (a.id(), *a)).collect(),
            altinn_lifetime: 1800,
            next_party: 50_000_000,
            ..Default::default()
        }));
        let platform = crate::platform_standin::Platform::default();
        let router = Router::new()
            .route("/maskinporten/token", post(maskinporten_token))
            .route("/authentication/api/v1/exchange/{provider}", get(exchange))
            .fallback(app_route)
            .with_state(inner.clone())
            .merge(crate::platform_standin::router(platform.clone(), TokenCheck { inner: inner.clone() }));
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        let base = format!("http://{addr}/");
        Altinn3StandIn { maskinporten_issuer: format!("{base}maskinporten/"), base, inner, platform, _task: task }
    }

    /// The environment that points everything here.
    pub fn environment(&self) -> altinn_runtime::altinn3::Environment {
        let u = url::Url::parse(&self.base).expect("the base is a URL");
        altinn_runtime::altinn3::Environment::custom(u.clone(), u, &self.maskinporten_issuer).expect("a valid environment")
    }

    /// Altinn tokens from now on live `secs` seconds (default 1800).
    pub fn set_altinn_token_lifetime(&self, secs: u64) {
        self.inner.lock().unwrap().altinn_lifetime = secs;
    }

    /// The exchange answers the token JSON-quoted (`"eyJ…"`) from now on.
    pub fn quote_exchange_answers(&self, on: bool) {
        self.inner.lock().unwrap().quote_exchange = on;
    }

    /// The next `times` app requests are answered `status` (429 or 503) with
    /// `Retry-After: retry_after` seconds.
    pub fn fail_next(&self, times: usize, status: u16, retry_after: u64) {
        let mut g = self.inner.lock().unwrap();
        for _ in 0..times {
            g.fail_next.push((status, retry_after));
        }
    }

    /// Apps refuse (401) every Altinn token issued so far, as if the signing key had rolled
    /// over; tokens issued from the next second on are accepted.
    pub fn revoke_altinn_tokens(&self) {
        self.inner.lock().unwrap().revoked_before = now() + 1;
    }

    /// An Altinn token as the exchange would issue it, valid `secs` seconds (a "ready" token).
    pub fn mint_altinn_token(&self, secs: u64) -> String {
        altinn_token(&json!({"urn:altinn:orgNumber": ORG_NUMBER, "scope": SCOPES.join(" ")}), secs)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.inner.lock().unwrap().seen.clone()
    }

    /// `METHOD path?query` of every request to an app (`/{org}/{app}/…`), in order.
    pub fn app_requests(&self) -> Vec<String> {
        self.requests()
            .iter()
            .filter(|s| !s.path.starts_with("/maskinporten/") && !s.path.starts_with("/authentication/"))
            .map(Seen::line)
            .collect()
    }

    /// The grants Maskinporten accepted.
    pub fn grants(&self) -> Vec<AcceptedGrant> {
        self.inner.lock().unwrap().grants.clone()
    }

    /// The reasons Maskinporten gave for grants it refused.
    pub fn refused_grants(&self) -> Vec<String> {
        self.inner.lock().unwrap().refused_grants.clone()
    }

    /// The providers of successful exchanges, in order.
    pub fn exchanges(&self) -> Vec<String> {
        self.inner.lock().unwrap().exchanges.clone()
    }

    /// A stored data element's content.
    pub fn content(&self, data_guid: &str) -> Option<Bytes> {
        self.inner.lock().unwrap().contents.get(data_guid).cloned()
    }

    /// The stored instance (JSON).
    pub fn stored_instance(&self, guid: &str) -> Option<Value> {
        self.inner.lock().unwrap().instances.get(guid).cloned()
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn timestamp() -> String {
    // ISO 8601 UTC from the unix time, without a date crate.
    let secs = now();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.0000000Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn record(inner: &Arc<Mutex<Inner>>, method: &Method, uri: &Uri, headers: &HeaderMap, body_len: usize) {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
    inner.lock().unwrap().seen.push(Seen {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        content_type: h("content-type"),
        content_disposition: h("content-disposition"),
        subscription_key: h("ocp-apim-subscription-key"),
        authorized: headers.contains_key("authorization"),
        body_len,
    });
}

fn oauth_error(inner: &Arc<Mutex<Inner>>, error: &str, description: String) -> Response {
    inner.lock().unwrap().refused_grants.push(format!("{error}: {description}"));
    (StatusCode::BAD_REQUEST, [("content-type", "application/json")], json!({"error": error, "error_description": description}).to_string())
        .into_response()
}

fn guid(inner: &mut Inner) -> String {
    inner.counter += 1;
    let n = inner.counter;
    format!("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}", 0x5eed_0000u32 as u64 + n, n & 0xffff, n & 0xfff, (n * 7) & 0xfff, n * 1_000_003)
}

// ---------------------------------------------------------------------------------------------
// Maskinporten

async fn maskinporten_token(State(inner): S, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    record(&inner, &method, &uri, &headers, body.len());
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    if form.get("grant_type").map(String::as_str) != Some("urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return oauth_error(&inner, "unsupported_grant_type", "Invalid grant type".into());
    }
    let Some(assertion) = form.get("assertion") else {
        return oauth_error(&inner, "invalid_request", "Missing assertion".into());
    };
    let host = headers.get("host").and_then(|v| v.to_str().ok()).unwrap_or("");
    let issuer = format!("http://{host}/maskinporten/");
    match check_grant(&inner, assertion, &issuer) {
        Ok((header, claims)) => {
            let token = format!("mp-{}", {
                let mut g = inner.lock().unwrap();
                guid(&mut g)
            });
            let scope = claims["scope"].as_str().unwrap_or("").to_string();
            let mut g = inner.lock().unwrap();
            g.mp_tokens.insert(token.clone(), claims.clone());
            g.grants.push(AcceptedGrant { header, claims });
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                json!({"access_token": token, "token_type": "Bearer", "expires_in": 119, "scope": scope}).to_string(),
            )
                .into_response()
        }
        Err((error, description)) => oauth_error(&inner, error, description),
    }
}

type GrantCheck = Result<(Value, Value), (&'static str, String)>;

fn check_grant(inner: &Arc<Mutex<Inner>>, assertion: &str, issuer: &str) -> GrantCheck {
    let invalid = |d: &str| ("invalid_grant", format!("Invalid assertion. {d}"));
    let header = jsonwebtoken::decode_header(assertion).map_err(|e| invalid(&format!("Cannot read the JWT header: {e}")))?;
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512) {
        return Err(invalid(&format!("Unsupported alg {:?}", header.alg)));
    }
    let (client, key) = match (&header.kid, &header.x5c) {
        (Some(kid), None) if kid == KID => (
            CLIENT_ID,
            DecodingKey::from_rsa_pem(include_bytes!("../tests/fixtures/maskinporten/client-key.pub.pem"))
                .map_err(|e| invalid(&e.to_string()))?,
        ),
        (Some(kid), None) => return Err(invalid(&format!("Unknown kid {kid}"))),
        (None, Some(chain)) => (CERT_CLIENT_ID, certificate_key(chain).map_err(|e| invalid(&e))?),
        (Some(_), Some(_)) => return Err(invalid("Both kid and x5c")),
        (None, None) => return Err(invalid("Client authentication failed: neither kid nor x5c in the header")),
    };
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data =
        jsonwebtoken::decode::<Value>(assertion, &key, &validation).map_err(|e| invalid(&format!("Signature validation failed: {e}")))?;
    let claims = data.claims;
    let Some(map) = claims.as_object() else { return Err(invalid("The claims are not an object")) };
    if let Some(extra) = map.keys().find(|k| !MP_CLAIMS.contains(&k.as_str())) {
        return Err(invalid(&format!("Unknown claim {extra}")));
    }
    if map.get("aud").and_then(Value::as_str) != Some(issuer) {
        return Err(invalid(&format!("Invalid audience {}; expected {issuer}", map.get("aud").unwrap_or(&Value::Null))));
    }
    if map.get("iss").and_then(Value::as_str) != Some(client) {
        return Err(("invalid_client", format!("Unknown client {}", map.get("iss").unwrap_or(&Value::Null))));
    }
    let iat = map.get("iat").and_then(Value::as_u64).ok_or_else(|| invalid("Missing iat"))?;
    let exp = map.get("exp").and_then(Value::as_u64).ok_or_else(|| invalid("Missing exp"))?;
    let t = now();
    if iat.abs_diff(t) > 10 {
        return Err(invalid("iat is more than 10 seconds from the server's clock"));
    }
    if exp <= t {
        return Err(invalid("The assertion has expired"));
    }
    if exp.saturating_sub(iat) > 120 {
        return Err(invalid("The assertion lives longer than 120 seconds"));
    }
    let jti = map.get("jti").and_then(Value::as_str).ok_or_else(|| invalid("Missing jti"))?;
    if !inner.lock().unwrap().jtis.insert(jti.to_string()) {
        return Err(invalid("The jti has been used before"));
    }
    let scope = map.get("scope").and_then(Value::as_str).unwrap_or("");
    if scope.trim().is_empty() {
        return Err(("invalid_scope", "Missing scope".into()));
    }
    if let Some(s) = scope.split(' ').find(|s| !SCOPES.contains(s)) {
        return Err(("invalid_scope", format!("Scope {s} is not granted to the client")));
    }
    if let Some(r) = map.get("resource")
        && !(r.is_string() || r.as_array().is_some_and(|a| a.iter().all(Value::is_string)))
    {
        return Err(invalid("resource must be a string or an array of strings"));
    }
    if let Some(details) = map.get("authorization_details") {
        let list =
            details.as_array().ok_or_else(|| ("invalid_authorization_details", "authorization_details must be an array".to_string()))?;
        for d in list {
            let org = d.pointer("/systemuser_org/ID").and_then(Value::as_str).unwrap_or("");
            let ok = d.get("type").and_then(Value::as_str) == Some("urn:altinn:systemuser")
                && d.pointer("/systemuser_org/authority").and_then(Value::as_str) == Some("iso6523-actorid-upis")
                && org.strip_prefix("0192:").is_some_and(|n| n.len() == 9 && n.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(("invalid_authorization_details", format!("Not a system user request: {d}")));
            }
        }
    }
    let header_json = serde_json::to_value(&header).unwrap_or(Value::Null);
    Ok((header_json, claims))
}

/// The public key of the first certificate of an `x5c` chain that the test CA issued.
fn certificate_key(chain: &[String]) -> Result<DecodingKey, String> {
    use rustls::pki_types::{CertificateDer, UnixTime, pem::PemObject};
    let ders: Vec<Vec<u8>> = chain
        .iter()
        .map(|c| base64::engine::general_purpose::STANDARD.decode(c).map_err(|_| "x5c holds a certificate that is not base64".to_string()))
        .collect::<Result<_, _>>()?;
    let Some((leaf, rest)) = ders.split_first() else { return Err("x5c is empty".into()) };
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(include_bytes!("../tests/fixtures/tls/ca.pem")) {
        roots.add(ca.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots)).build().map_err(|e| e.to_string())?;
    let intermediates: Vec<CertificateDer<'_>> = rest.iter().map(|d| CertificateDer::from(d.as_slice())).collect();
    verifier
        .verify_client_cert(&CertificateDer::from(leaf.as_slice()), &intermediates, UnixTime::now())
        .map_err(|e| format!("The certificate is not trusted: {e}"))?;
    let pem =
        format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", base64::engine::general_purpose::STANDARD.encode(leaf));
    DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| format!("The certificate's key: {e}"))
}

// ---------------------------------------------------------------------------------------------
// The token exchange

fn altinn_token(extra: &Value, lifetime: u64) -> String {
    let t = now();
    let mut claims = Map::new();
    claims.insert("iss".into(), json!("https://platform.standin/authentication/api/v1/openid/"));
    claims.insert("iat".into(), json!(t));
    claims.insert("nbf".into(), json!(t));
    claims.insert("exp".into(), json!(t + lifetime));
    claims.insert("jti".into(), json!(format!("{t}-{}", rand_suffix())));
    if let Value::Object(m) = extra {
        for (k, v) in m {
            claims.insert(k.clone(), v.clone());
        }
    }
    let key = EncodingKey::from_secret(ALTINN_SECRET).expect("an HMAC key");
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap_or_default()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get("authorization")?.to_str().ok()?.strip_prefix("Bearer ")
}

async fn exchange(State(inner): S, Path(provider): Path<String>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    record(&inner, &method, &uri, &headers, 0);
    let unauthorized = StatusCode::UNAUTHORIZED.into_response();
    let Some(token) = bearer(&headers) else { return unauthorized };
    let mut g = inner.lock().unwrap();
    let claims = match provider.to_ascii_lowercase().as_str() {
        "maskinporten" => {
            let Some(mp) = g.mp_tokens.get(token) else { return unauthorized };
            let mut c = json!({
                "scope": mp["scope"],
                "client_id": mp["iss"],
                "urn:altinn:orgNumber": ORG_NUMBER,
                "urn:altinn:authenticatemethod": "maskinporten",
                "urn:altinn:authlevel": 3,
                "consumer": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{ORG_NUMBER}")},
            });
            if mp["scope"].as_str().unwrap_or("").contains("altinn:serviceowner") {
                c["urn:altinn:org"] = json!("ttd");
            }
            if let Some(details) = mp.get("authorization_details").and_then(Value::as_array) {
                c["authorization_details"] = Value::Array(
                    details
                        .iter()
                        .map(|d| {
                            json!({
                                "type": "urn:altinn:systemuser",
                                "systemuser_id": ["a3b1c2d4-0000-4000-8000-000000000001"],
                                "system_id": format!("{ORG_NUMBER}_standin"),
                                "systemuser_org": {"authority": "iso6523-actorid-upis", "id": d.pointer("/systemuser_org/ID").cloned().unwrap_or(Value::Null)},
                            })
                        })
                        .collect(),
                );
            }
            if let Some(c2) = mp.get("consumer_org") {
                c["urn:altinn:consumer_org"] = c2.clone();
            }
            c
        }
        "id-porten" => {
            if token != IDPORTEN_TOKEN {
                return unauthorized;
            }
            json!({"scope": "altinn:instances.read altinn:instances.write", "urn:altinn:userid": 20000001, "urn:altinn:partyid": 50002001, "urn:altinn:authenticatemethod": "IDporten", "urn:altinn:authlevel": 3})
        }
        _ => return (StatusCode::BAD_REQUEST, [("content-type", "text/plain; charset=utf-8")], "Invalid token provider").into_response(),
    };
    let jwt = altinn_token(&claims, g.altinn_lifetime);
    g.exchanges.push(provider.to_ascii_lowercase());
    if g.quote_exchange {
        (StatusCode::OK, [("content-type", "application/json; charset=utf-8")], Value::String(jwt).to_string()).into_response()
    } else {
        (StatusCode::OK, [("content-type", "text/plain; charset=utf-8")], jwt).into_response()
    }
}

/// The claims of a valid Altinn token this stand-in issued.
fn altinn_claims(headers: &HeaderMap) -> Option<Value> {
    let token = bearer(headers)?;
    let mut v = Validation::new(Algorithm::HS256);
    v.validate_aud = false;
    v.leeway = 0;
    let key = DecodingKey::from_secret(ALTINN_SECRET).ok()?;
    jsonwebtoken::decode::<Value>(token, &key, &v).ok().map(|d| d.claims)
}

// ---------------------------------------------------------------------------------------------
// Apps

fn problem(status: StatusCode, title: &str, detail: Option<String>, instance: &str, extra: Value) -> Response {
    let mut body = json!({
        "type": format!("https://tools.ietf.org/html/rfc9110#section-15.{}", if status.as_u16() >= 500 { format!("6.{}", status.as_u16() - 499) } else { format!("5.{}", status.as_u16() - 399) }),
        "title": title,
        "status": status.as_u16(),
        "instance": instance,
        "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    if let Some(d) = detail {
        body["detail"] = json!(d);
    }
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    (status, [("content-type", "application/problem+json; charset=utf-8")], body.to_string()).into_response()
}

fn text(status: StatusCode, msg: &str) -> Response {
    (status, [("content-type", "text/plain; charset=utf-8")], msg.to_string()).into_response()
}

fn json_answer(status: StatusCode, v: &Value) -> Response {
    (status, [("content-type", "application/json; charset=utf-8")], v.to_string()).into_response()
}

async fn app_route(State(inner): S, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    record(&inner, &method, &uri, &headers, body.len());
    let path = uri.path().to_string();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    if segs.len() < 3 {
        return text(StatusCode::NOT_FOUND, "Not found");
    }
    let app_id = format!("{}/{}", segs[0], segs[1]);
    let Some(app) = inner.lock().unwrap().apps.get(&app_id).copied() else {
        return text(StatusCode::NOT_FOUND, &format!("No app {app_id}"));
    };
    let rest: Vec<&str> = segs[2..].to_vec();
    if rest == ["api", "v1", "applicationmetadata"] && method == Method::GET {
        return json_answer(StatusCode::OK, &metadata(app));
    }
    if let Some((status, secs)) = {
        let mut g = inner.lock().unwrap();
        if g.fail_next.is_empty() { None } else { Some(g.fail_next.remove(0)) }
    } {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        return (code, [("retry-after", secs.to_string()), ("content-type", "text/plain".to_string())], "Slow down").into_response();
    }
    let revoked_before = inner.lock().unwrap().revoked_before;
    let Some(claims) = altinn_claims(&headers).filter(|c| c["iat"].as_u64().unwrap_or(0) >= revoked_before) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let query: HashMap<String, String> = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let ct = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let mut g = inner.lock().unwrap();
    let g = &mut *g;
    match (method.clone(), rest.as_slice()) {
        (Method::POST, ["instances"]) => instantiate(g, app, &query, &ct, &body, &claims, &path),
        (m, ["instances", party, guid, tail @ ..]) => {
            let Some(stored) = g.instances.get(*guid).cloned() else {
                return problem(StatusCode::NOT_FOUND, "Not Found", Some(format!("Instance {party}/{guid} not found")), &path, json!({}));
            };
            if stored["instanceOwner"]["partyId"].as_str() != Some(*party) {
                return problem(StatusCode::NOT_FOUND, "Not Found", Some(format!("Instance {party}/{guid} not found")), &path, json!({}));
            }
            let headers_disp = headers.get("content-disposition").and_then(|v| v.to_str().ok()).map(str::to_string);
            match (m, tail) {
                (Method::GET, []) => json_answer(StatusCode::OK, &stored),
                (Method::POST, ["data"]) => add_data(g, app, guid, &query, &ct, headers_disp.as_deref(), &body, &path),
                (Method::PUT, ["data", data_guid]) => put_data(g, guid, data_guid, &ct, &body, &path),
                (Method::GET, ["validate"]) => json_answer(StatusCode::OK, &Value::Array(validate(g, app, guid))),
                (Method::PUT, ["process", "next"]) => process_next(g, app, guid, &body, &path),
                (Method::POST, ["complete"]) => complete(g, guid, &claims),
                _ => text(StatusCode::NOT_FOUND, "No such route"),
            }
        }
        _ => text(StatusCode::NOT_FOUND, "No such route"),
    }
}

fn metadata(app: &App) -> Value {
    json!({
        "id": app.id(),
        "org": app.org,
        "title": {"nb": app.title_nb.unwrap_or(app.app)},
        "dataTypes": app.data_types.iter().map(|d| {
            let mut v = json!({"id": d.id, "allowedContentTypes": d.allowed_content_types, "maxCount": d.max_count, "minCount": d.min_count, "taskId": d.task_id});
            if let Some(m) = d.max_size_mb { v["maxSize"] = json!(m); }
            if let Some(c) = d.class_ref { v["appLogic"] = json!({"classRef": c, "autoCreate": d.auto_create}); }
            v
        }).collect::<Vec<_>>(),
        "partyTypesAllowed": {"bankruptcyEstate": app.party_types.bankruptcy_estate, "organisation": app.party_types.organisation, "person": app.party_types.person, "subUnit": app.party_types.sub_unit},
    })
}

#[allow(clippy::too_many_arguments)]
fn data_element(
    g: &mut Inner,
    app: &App,
    instance_guid: &str,
    party: &str,
    data_type: &str,
    content_type: &str,
    filename: Option<&str>,
    content: Bytes,
    by: &str,
) -> Value {
    let id = guid(g);
    let t = timestamp();
    let mut e = json!({
        "id": id,
        "instanceGuid": instance_guid,
        "dataType": data_type,
        "contentType": content_type,
        "blobStoragePath": format!("{}/{}/{instance_guid}/data/{id}", app.org, app.app),
        "selfLinks": {
            "apps": format!("https://{}.apps.standin/{}/instances/{party}/{instance_guid}/data/{id}", app.org, app.id()),
            "platform": format!("https://platform.standin/storage/api/v1/instances/{party}/{instance_guid}/data/{id}"),
        },
        "size": content.len(),
        "locked": false,
        "refs": [],
        "isRead": true,
        "tags": [],
        "fileScanResult": "NotApplicable",
        "created": t,
        "createdBy": by,
        "lastChanged": t,
        "lastChangedBy": by,
    });
    if let Some(f) = filename {
        e["filename"] = json!(f);
    }
    g.contents.insert(id, content);
    e
}

fn party_of(g: &mut Inner, owner: &Value) -> Result<(String, Value), (StatusCode, String)> {
    if let Some(p) = owner.get("partyId").and_then(|p| p.as_str().map(str::to_string).or_else(|| p.as_u64().map(|n| n.to_string()))) {
        if p == UNKNOWN_PARTY.to_string() {
            return Err((
                StatusCode::NOT_FOUND,
                format!("Cannot lookup party: Failed to lookup party by partyId: {p}. The exception was: Not Found"),
            ));
        }
        let org = if p == ORG_PARTY.to_string() { Some(ORG_NUMBER) } else { None };
        return Ok((p.clone(), json!({"partyId": p, "organisationNumber": org})));
    }
    if let Some(o) = owner.get("organisationNumber").and_then(Value::as_str) {
        let p = if o == ORG_NUMBER {
            ORG_PARTY
        } else {
            g.next_party += 1;
            g.next_party
        };
        return Ok((p.to_string(), json!({"partyId": p.to_string(), "organisationNumber": o})));
    }
    if let Some(n) = owner.get("personNumber").and_then(Value::as_str) {
        g.next_party += 1;
        return Ok((g.next_party.to_string(), json!({"partyId": g.next_party.to_string(), "personNumber": n})));
    }
    Err((
        StatusCode::BAD_REQUEST,
        "Error: instanceOwnerPartyId query parameter or instanceOwner in the instance template is required".into(),
    ))
}

/// The parts of a multipart body: (name, content type, bytes).
fn multipart_parts(content_type: &str, body: &[u8]) -> Option<Vec<(String, String, Bytes)>> {
    Some(multipart_parts_of(content_type, body)?.into_iter().map(|p| (p.name, p.content_type.unwrap_or_default(), p.body)).collect())
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its field name.
    pub name: String,
    /// Its file name, for a file.
    pub file_name: Option<String>,
    /// Its `Content-Type`, when given.
    pub content_type: Option<String>,
    /// Its bytes.
    pub body: Bytes,
}

/// The parts of a `multipart/form-data` body; `None` when it is not one.
pub fn multipart_parts_of(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?.trim_matches('"');
    let delim = format!("--{boundary}");
    let text = body;
    let mut parts = Vec::new();
    let mut pos = find(text, delim.as_bytes(), 0)?;
    loop {
        let after = pos + delim.len();
        if text.get(after..after + 2) == Some(b"--") {
            break;
        }
        let head_start = after + 2;
        let head_end = find(text, b"\r\n\r\n", head_start)?;
        let head = std::str::from_utf8(&text[head_start..head_end]).ok()?;
        let next = find(text, format!("\r\n{delim}").as_bytes(), head_end + 4)?;
        let data = Bytes::copy_from_slice(&text[head_end + 4..next]);
        let mut part = Part { name: String::new(), file_name: None, content_type: None, body: data };
        for line in head.split("\r\n") {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                let param = |key: &str| line.split(';').find_map(|p| p.trim().strip_prefix(key)).map(|v| v.trim_matches('"').to_string());
                part.name = param("name=").unwrap_or_default();
                part.file_name = param("filename=");
            } else if let Some(v) = lower.strip_prefix("content-type:") {
                part.content_type = Some(v.trim().to_string());
            }
        }
        parts.push(part);
        pos = next + 2;
    }
    Some(parts)
}

/// Checks the Altinn tokens the stand-in issued (for the platform routes).
#[derive(Clone)]
pub struct TokenCheck {
    inner: Arc<Mutex<Inner>>,
}

impl TokenCheck {
    /// Whether `Authorization` carries a valid Altinn token of this stand-in, not revoked.
    pub fn valid(&self, headers: &HeaderMap) -> bool {
        let revoked_before = self.inner.lock().unwrap().revoked_before;
        altinn_claims(headers).is_some_and(|c| c["iat"].as_u64().unwrap_or(0) >= revoked_before)
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn instantiate(g: &mut Inner, app: &App, query: &HashMap<String, String>, ct: &str, body: &Bytes, claims: &Value, path: &str) -> Response {
    let mut template = json!({});
    let mut prefill: Vec<(String, String, Bytes)> = Vec::new();
    if ct.starts_with("multipart/form-data") {
        let Some(parts) = multipart_parts(ct, body) else {
            return problem(StatusCode::BAD_REQUEST, "Error reading request", None, path, json!({}));
        };
        for (i, (name, pct, data)) in parts.into_iter().enumerate() {
            if i == 0 && name == "instance" {
                if !pct.starts_with("application/json") {
                    return text(
                        StatusCode::BAD_REQUEST,
                        "Error when comparing content to application metadata: The instance part must be application/json",
                    );
                }
                template = serde_json::from_slice(&data).unwrap_or(json!({}));
                continue;
            }
            let Some(dt) = app.data_type(&name) else {
                return text(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "Error when comparing content to application metadata: Multipart section named, '{name}' does not correspond to an element type in application metadata"
                    ),
                );
            };
            if !dt.allows(&pct) {
                return text(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "Error when comparing content to application metadata: The multipart section named {name} has a Content-Type '{pct}' which is invalid for element type '{name}'"
                    ),
                );
            }
            if data.is_empty() {
                return text(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "Error when comparing content to application metadata: The multipart section named {name} has no data. Cannot process empty part."
                    ),
                );
            }
            prefill.push((name, pct, data));
        }
    } else if ct.starts_with("application/json") {
        template = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return problem(StatusCode::BAD_REQUEST, "Error reading request", Some(e.to_string()), path, json!({})),
        };
    }
    let owner = match query.get("instanceOwnerPartyId") {
        Some(p) if template.pointer("/instanceOwner/partyId").is_some() => {
            let _ = p;
            return text(StatusCode::BAD_REQUEST, "Cannot have both an instance owner party id in the query and in the instance template");
        }
        Some(p) => json!({"partyId": p}),
        None => template.get("instanceOwner").cloned().unwrap_or(json!({})),
    };
    let (party, mut owner) = match party_of(g, &owner) {
        Ok(x) => x,
        Err((status, message)) => return text(status, &message),
    };
    if let Value::Object(o) = &mut owner {
        o.retain(|_, v| !v.is_null());
        o.insert("party".into(), json!({"partyId": party.parse::<u64>().unwrap_or(0), "partyTypeName": if o.contains_key("organisationNumber") { 2 } else { 1 }, "name": "STANDIN PARTY"}));
    }
    let instance_guid = guid(g);
    let by = claims["urn:altinn:userid"].as_u64().map(|u| u.to_string()).unwrap_or_else(|| ORG_NUMBER.to_string());
    let mut data = Vec::new();
    for dt in app.data_types.iter().filter(|d| d.is_form() && d.auto_create) {
        let pre = prefill.iter().position(|(n, _, _)| n == dt.id).map(|i| prefill.remove(i));
        let (pct, content) = pre.map(|(_, c, d)| (c, d)).unwrap_or(("application/xml".into(), Bytes::new()));
        data.push(data_element(g, app, &instance_guid, &party, dt.id, &pct, None, content, &by));
    }
    for (name, pct, content) in prefill {
        data.push(data_element(g, app, &instance_guid, &party, &name, &pct, None, content, &by));
    }
    let t = timestamp();
    let id = format!("{party}/{instance_guid}");
    let instance = json!({
        "id": id,
        "instanceOwner": owner,
        "appId": app.id(),
        "org": app.org,
        "selfLinks": {
            "apps": format!("https://{}.apps.standin/{}/instances/{id}", app.org, app.id()),
            "platform": format!("https://platform.standin/storage/api/v1/instances/{id}"),
        },
        "dueBefore": template.get("dueBefore").cloned().unwrap_or(Value::Null),
        "visibleAfter": t,
        "title": {"nb": app.title_nb.unwrap_or(app.app)},
        "process": {
            "started": t,
            "startEvent": "StartEvent_1",
            "currentTask": {"flow": 2, "started": t, "elementId": "Task_1", "name": "Utfylling", "altinnTaskType": "data", "flowType": "CompleteCurrentMoveToNext"},
        },
        "status": {"isArchived": false, "isSoftDeleted": false, "isHardDeleted": false, "readStatus": 1},
        "completeConfirmations": [],
        "data": data,
        "presentationTexts": null,
        "dataValues": null,
        "created": t,
        "createdBy": by,
        "lastChanged": t,
        "lastChangedBy": by,
    });
    g.instances.insert(instance_guid, instance.clone());
    let mut r = json_answer(StatusCode::CREATED, &instance);
    if let Ok(v) = format!("https://{}.apps.standin/{}/instances/{id}", app.org, app.id()).parse() {
        r.headers_mut().insert("location", v);
    }
    r
}

fn current_task(instance: &Value) -> Option<String> {
    instance.pointer("/process/currentTask/elementId").and_then(Value::as_str).map(str::to_string)
}

#[allow(clippy::too_many_arguments)]
fn add_data(
    g: &mut Inner,
    app: &App,
    guid_: &str,
    query: &HashMap<String, String>,
    ct: &str,
    disposition: Option<&str>,
    body: &Bytes,
    path: &str,
) -> Response {
    let Some(dt_id) = query.get("dataType") else { return text(StatusCode::BAD_REQUEST, "Element type must be provided.") };
    let Some(dt) = app.data_type(dt_id) else {
        return text(StatusCode::BAD_REQUEST, &format!("Element type {dt_id} not allowed for instance {guid_}."));
    };
    let instance = g.instances.get(guid_).cloned().unwrap_or(Value::Null);
    if current_task(&instance).is_none() {
        return problem(StatusCode::CONFLICT, "No current task", Some("The process has no current task".into()), path, json!({}));
    }
    let existing = instance["data"].as_array().map(|a| a.iter().filter(|d| d["dataType"] == json!(dt_id)).count()).unwrap_or(0);
    if dt.max_count > 0 && existing as i64 >= dt.max_count {
        return problem(
            StatusCode::CONFLICT,
            "Max Count Exceeded",
            Some(format!("Cannot upload another data element of type {dt_id}: the max count of {} is reached", dt.max_count)),
            path,
            json!({}),
        );
    }
    let bare = ct.split(';').next().unwrap_or("").trim().to_string();
    let filename =
        disposition.and_then(|d| d.split(';').find_map(|p| p.trim().strip_prefix("filename=").map(|f| f.trim_matches('"').to_string())));
    if dt.is_form() {
        if !(bare.contains("application/xml") || bare.contains("application/json") || bare.is_empty()) {
            return problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported content type",
                Some(format!("{bare} is not supported")),
                path,
                json!({}),
            );
        }
    } else {
        let mut errors = Vec::new();
        if disposition.is_none() {
            errors.push(
                "Invalid data provided. Error: Conent-Disposition header containing 'filename' must be included in request.".to_string(),
            );
        } else if filename.as_deref().unwrap_or("").is_empty() {
            errors.push("Invalid data provided. Error: The request must include a Content-Disposition header with a filename.".to_string());
        }
        if let Some(max) = dt.max_bytes()
            && body.len() as u64 > max
        {
            errors.push(format!("Invalid data provided. Error: Binary attachment exceeds limit of {max}"));
        }
        if !dt.allowed_content_types.is_empty() && !dt.allows(&bare) {
            errors.push(format!(
                "Invalid data provided. Error: Invalid content type: {bare}. Please try another file. Permitted content types include: {}",
                dt.allowed_content_types.join(", ")
            ));
        }
        if body.is_empty() {
            errors.push("Invalid data provided. Error: The file is zero bytes.".into());
        }
        if !errors.is_empty() {
            return text(StatusCode::BAD_REQUEST, &errors.join(";"));
        }
    }
    let party = instance["instanceOwner"]["partyId"].as_str().unwrap_or("").to_string();
    let element = data_element(g, app, guid_, &party, dt_id, &bare, filename.as_deref(), body.clone(), ORG_NUMBER);
    if let Some(inst) = g.instances.get_mut(guid_)
        && let Some(list) = inst["data"].as_array_mut()
    {
        list.push(element.clone());
    }
    json_answer(StatusCode::CREATED, &element)
}

fn put_data(g: &mut Inner, guid_: &str, data_guid: &str, ct: &str, body: &Bytes, path: &str) -> Response {
    let instance = g.instances.get(guid_).cloned().unwrap_or(Value::Null);
    let Some(index) = instance["data"].as_array().and_then(|a| a.iter().position(|d| d["id"] == json!(data_guid))) else {
        return problem(StatusCode::NOT_FOUND, "Not Found", Some(format!("Data element {data_guid} not found")), path, json!({}));
    };
    if current_task(&instance).is_none() {
        return problem(StatusCode::CONFLICT, "No current task", Some("The process has ended".into()), path, json!({}));
    }
    let (is_json, ok) = if ct.contains("application/json") {
        (true, serde_json::from_slice::<Value>(body).is_ok())
    } else if ct.contains("application/xml") || ct.is_empty() {
        (false, body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<'))
    } else {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported content type",
            Some(format!("Content type {ct} is not supported; use application/xml or application/json")),
            path,
            json!({}),
        );
    };
    if !ok {
        let title = if is_json { "Failed to deserialize JSON" } else { "Failed to deserialize XML" };
        return problem(StatusCode::BAD_REQUEST, title, Some("The body could not be read as the data model".into()), path, json!({}));
    }
    g.contents.insert(data_guid.to_string(), body.clone());
    let t = timestamp();
    let element = {
        let Some(inst) = g.instances.get_mut(guid_) else { return StatusCode::NOT_FOUND.into_response() };
        let e = &mut inst["data"][index];
        e["size"] = json!(body.len());
        e["contentType"] = json!("application/xml");
        e["lastChanged"] = json!(t);
        e.clone()
    };
    if is_json {
        let mut v = element;
        v["changedFields"] = json!({"behandlet": true});
        json_answer(StatusCode::OK, &v)
    } else {
        json_answer(StatusCode::CREATED, &element)
    }
}

fn validate(g: &Inner, app: &App, guid_: &str) -> Vec<Value> {
    let Some(instance) = g.instances.get(guid_) else { return Vec::new() };
    let data = instance["data"].as_array().cloned().unwrap_or_default();
    let mut issues = Vec::new();
    for dt in app.data_types {
        let of_type: Vec<&Value> = data.iter().filter(|d| d["dataType"] == json!(dt.id)).collect();
        if (of_type.len() as i64) < dt.min_count {
            issues.push(json!({"severity": 1, "dataElementId": null, "field": null, "code": "TooFewDataElementsOfType", "description": "TooFewDataElementsOfType", "source": "Required", "noIncrementalUpdates": false, "customTextKey": null, "customTextParams": null}));
        }
        for e in of_type.iter().filter(|_| dt.is_form()) {
            let id = e["id"].as_str().unwrap_or("");
            let content = g.contents.get(id).cloned().unwrap_or_default();
            let text = String::from_utf8_lossy(&content);
            if content.is_empty() {
                issues.push(json!({"severity": 1, "dataElementId": id, "field": null, "code": "required", "description": "The form is empty", "source": "Required", "customTextKey": "form.empty"}));
            } else if text.contains("INVALID") {
                issues.push(json!({"severity": 1, "dataElementId": id, "field": "melding.navn", "code": "required", "description": "Feltet er påkrevd", "source": "Required", "customTextKey": "backend.validation_errors.required", "customTextParams": null}));
            } else if text.contains("WARN") {
                issues.push(json!({"severity": 2, "dataElementId": id, "field": "melding.beskrivelse", "code": "short", "description": "Beskrivelsen er kort", "source": "Expression"}));
            }
        }
    }
    issues
}

fn process_next(g: &mut Inner, app: &App, guid_: &str, body: &Bytes, path: &str) -> Response {
    let Some(instance) = g.instances.get(guid_).cloned() else { return StatusCode::NOT_FOUND.into_response() };
    let action = serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("action").and_then(Value::as_str).map(str::to_string));
    let t = timestamp();
    let task_list = json!([{"altinnTaskType": "data", "elementId": "Task_1"}, {"altinnTaskType": "confirmation", "elementId": "Task_2"}]);
    let new_process = match current_task(&instance).as_deref() {
        Some("Task_1") => {
            if action.as_deref().is_some_and(|a| a != "write") {
                return problem(
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    Some(format!("User is not authorized to perform action {}", action.unwrap_or_default())),
                    path,
                    json!({}),
                );
            }
            let errors: Vec<Value> = validate(g, app, guid_).into_iter().filter(|i| i["severity"] == json!(1)).collect();
            if !errors.is_empty() {
                return problem(
                    StatusCode::CONFLICT,
                    "Validation failed for task",
                    Some(format!("{} validation errors found for task Task_1", errors.len())),
                    path,
                    json!({"validationIssues": errors}),
                );
            }
            json!({
                "started": instance["process"]["started"], "startEvent": "StartEvent_1",
                "currentTask": {"flow": 3, "started": t, "elementId": "Task_2", "name": "Bekreftelse", "altinnTaskType": "confirmation", "flowType": "CompleteCurrentMoveToNext",
                    "validated": {"timestamp": t, "canCompleteTask": true}},
            })
        }
        Some(_) => json!({"started": instance["process"]["started"], "startEvent": "StartEvent_1", "ended": t, "endEvent": "EndEvent_1"}),
        None => return problem(StatusCode::CONFLICT, "Process is not started. Use start!", None, path, json!({})),
    };
    let Some(inst) = g.instances.get_mut(guid_) else { return StatusCode::NOT_FOUND.into_response() };
    inst["process"] = new_process.clone();
    inst["lastChanged"] = json!(t);
    if let Some(list) = inst["data"].as_array_mut() {
        for d in list {
            d["locked"] = json!(true);
        }
    }
    if new_process.get("ended").is_some() {
        inst["status"]["isArchived"] = json!(true);
        inst["status"]["archived"] = json!(t);
    }
    let mut answer = new_process;
    answer["processTasks"] = task_list;
    if let Some(task) = answer.get_mut("currentTask") {
        task["actions"] = json!({"read": true, "write": true, "confirm": true, "complete": true});
        task["userActions"] = json!([{"id": "read", "authorized": true, "type": "ProcessAction"}, {"id": "confirm", "authorized": true, "type": "ProcessAction"}]);
        task["read"] = json!(true);
        task["write"] = json!(true);
        task["elementType"] = json!("Task");
    }
    json_answer(StatusCode::OK, &answer)
}

fn complete(g: &mut Inner, guid_: &str, claims: &Value) -> Response {
    let Some(org) = claims.get("urn:altinn:org").and_then(Value::as_str).map(str::to_string) else {
        return problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            Some("Only the service owner may confirm an instance as complete".into()),
            &format!("/instances/{guid_}/complete"),
            json!({}),
        );
    };
    let Some(inst) = g.instances.get_mut(guid_) else { return StatusCode::NOT_FOUND.into_response() };
    let confirmations = inst["completeConfirmations"].as_array_mut();
    let entry = json!({"stakeholderId": org, "confirmedOn": timestamp()});
    match confirmations {
        Some(list) => list.push(entry),
        None => inst["completeConfirmations"] = json!([entry]),
    }
    let v = inst.clone();
    json_answer(StatusCode::OK, &v)
}

/// Used by the tests to give Maskinporten's rules a clock: seconds since the epoch.
pub fn unix_now() -> u64 {
    now()
}

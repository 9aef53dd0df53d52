//! A loopback stand-in for the Altinn REST API routes the client calls, with their documented
//! behaviour: the `ApiKey` check (400 "Required header 'ApiKey' is missing."), password login
//! setting (and renewing) `.ASPXAUTH`, enterprise login and certificate calls with
//! `ForceEIAuthentication`, bearer tokens, media types by `Accept` (HAL+JSON, JSON, XML,
//! HAL+XML), HAL `next` links and `$top`/`$skip` paging, the created message's `Location`,
//! streamed attachments, error statuses with Altinn's reason phrases, CORS on metadata, and
//! injected 429/5xx answers with `Retry-After` ([`ApiStandIn::fail_next`]).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

/// The API key the stand-in accepts.
pub const API_KEY: &str = "test-api-key";
/// A user and password for password login.
pub const USER: (&str, &str) = ("01017012345", "hunter2");
/// An enterprise user (login with `ForceEIAuthentication`).
pub const ENTERPRISE_USER: (&str, &str) = ("ent-user", "ent-pass");
/// The bearer token accepted.
pub const TOKEN: &str = "token-abc";
/// The origin metadata grants (CORS).
pub const ALLOWED_ORIGIN: &str = "https://example.no";

/// What the stand-in saw.
#[derive(Debug, Default)]
pub struct Seen {
    /// `METHOD path?query` of every request.
    pub requests: Vec<String>,
    /// Logins that succeeded (user name, enterprise flag).
    pub logins: Vec<(String, bool)>,
    /// Cookies presented, in order.
    pub cookies: Vec<String>,
    /// Created messages (their JSON bodies).
    pub messages: Vec<Value>,
    /// Bodies of `PUT {who}/messages/{id}` (completing a message).
    pub updates: Vec<Value>,
    /// Uploaded attachments: (message id, file name, attachment type, size).
    pub attachments: Vec<(String, String, String, usize)>,
    /// Over TLS: the leaf certificate (DER) each client connection presented.
    pub client_certificates: Vec<Vec<u8>>,
    /// Over TLS: handshakes the server refused, with the reason.
    pub refused_handshakes: Vec<String>,
    /// `METHOD path` of every request answered with an injected failure
    /// ([`ApiStandIn::fail_next`]).
    pub failed: Vec<String>,
}

#[derive(Default)]
struct Inner {
    seen: Seen,
    sessions: Vec<String>,
    next_session: usize,
    /// Injected answers (status, `Retry-After` seconds), used one per request.
    fail_next: std::collections::VecDeque<(u16, Option<u64>)>,
}

/// A running stand-in.
pub struct ApiStandIn {
    /// `http://127.0.0.1:PORT/api/`.
    pub base: String,
    inner: Arc<Mutex<Inner>>,
    _task: tokio::task::JoinHandle<()>,
}

impl ApiStandIn {
    /// Starts on a free loopback port.
    pub async fn start() -> ApiStandIn {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Self::router(inner.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        ApiStandIn { base: format!("http://{addr}/api/"), inner, _task: task }
    }

    /// Starts over HTTPS on a free loopback port, as Altinn's enterprise-certificate login is
    /// served: `server_pem` is the server's certificate chain and key, and every client must
    /// present a certificate issued by `client_ca_pem` (the handshake fails otherwise). The
    /// certificates clients presented are recorded in [`Seen::client_certificates`].
    pub async fn start_tls(server_pem: &[u8], client_ca_pem: &[u8]) -> ApiStandIn {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(server_pem).map(|c| c.unwrap()).collect();
        let key = PrivateKeyDer::from_pem_slice(server_pem).expect("server key");
        let mut roots = rustls::RootCertStore::empty();
        for ca in CertificateDer::pem_slice_iter(client_ca_pem) {
            roots.add(ca.unwrap()).unwrap();
        }
        let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots)).build().expect("client verifier");
        let config =
            rustls::ServerConfig::builder().with_client_cert_verifier(verifier).with_single_cert(certs, key).expect("server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Self::router(inner.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = inner.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                let (acceptor, app, state) = (acceptor.clone(), app.clone(), state.clone());
                tokio::spawn(async move {
                    let tls = match acceptor.accept(tcp).await {
                        Ok(t) => t,
                        Err(e) => {
                            state.lock().unwrap().seen.refused_handshakes.push(e.to_string());
                            return;
                        }
                    };
                    if let Some(certs) = tls.get_ref().1.peer_certificates() {
                        state.lock().unwrap().seen.client_certificates.push(certs.first().map(|c| c.to_vec()).unwrap_or_default());
                    }
                    let service = hyper_util::service::TowerToHyperService::new(app);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(tls), service).await;
                });
            }
        });
        ApiStandIn { base: format!("https://127.0.0.1:{}/api/", addr.port()), inner, _task: task }
    }

    fn router(inner: Arc<Mutex<Inner>>) -> Router {
        Router::new()
            .route("/api/authentication/authenticatewithpassword", post(login))
            .route("/api/metadata", get(metadata))
            .route("/api/{who}/messages", get(list_messages).post(create_message))
            .route("/api/{who}/messages/{id}", get(one_message).put(update_message))
            .route("/api/{who}/messages/{id}/confirm", axum::routing::put(confirm_message))
            .route("/api/{who}/lookup/{code}/{edition}", get(lookup))
            .route("/api/{who}/messages/{id}/attachments/streamedattachment", post(upload))
            .route("/api/{who}/messages/{id}/attachments", get(list_attachments))
            .route("/api/{who}/messages/{id}/attachments/{attachment}", get(attachment_data))
            .layer(axum::middleware::from_fn_with_state(inner.clone(), inject_failures))
            .with_state(inner)
    }

    /// The next `times` requests, whatever their route, are answered `status` with
    /// `Retry-After: retry_after` seconds when given (and recorded in [`Seen::failed`]).
    pub fn fail_next(&self, times: usize, status: u16, retry_after: Option<u64>) {
        self.inner.lock().unwrap().fail_next.extend(std::iter::repeat_n((status, retry_after), times));
    }

    /// What it saw so far.
    pub fn seen<T>(&self, f: impl FnOnce(&Seen) -> T) -> T {
        f(&self.inner.lock().unwrap().seen)
    }
}

type S = State<Arc<Mutex<Inner>>>;

fn reason(status: StatusCode, phrase: &'static str) -> Response {
    let mut r = status.into_response();
    r.extensions_mut().insert(hyper::ext::ReasonPhrase::from_static(phrase.as_bytes()));
    r
}

async fn inject_failures(State(inner): S, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let failure = {
        let mut g = inner.lock().unwrap();
        let failure = g.fail_next.pop_front();
        if failure.is_some() {
            let path = req.uri().path().trim_start_matches("/api/").to_string();
            g.seen.failed.push(format!("{} {path}", req.method()));
        }
        failure
    };
    let Some((status, retry_after)) = failure else { return next.run(req).await };
    let mut r = (StatusCode::from_u16(status).unwrap_or(StatusCode::TOO_MANY_REQUESTS), "Slow down").into_response();
    if let Some(secs) = retry_after {
        r.headers_mut().insert("retry-after", HeaderValue::from(secs));
    }
    r
}

fn record(inner: &Arc<Mutex<Inner>>, method: &str, path: &str, q: &HashMap<String, String>) {
    let mut keys: Vec<String> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
    keys.sort();
    inner.lock().unwrap().seen.requests.push(format!("{method} {path}?{}", keys.join("&")));
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers.get("cookie")?.to_str().ok()?.split(';').find_map(|c| c.trim().strip_prefix(".ASPXAUTH=").map(str::to_string))
}

/// The identity of a request to a `{who}` route, or the answer that refuses it.
#[allow(clippy::result_large_err)]
fn authorize(inner: &Arc<Mutex<Inner>>, headers: &HeaderMap, q: &HashMap<String, String>) -> Result<Option<String>, Response> {
    if !headers.keys().any(|k| k.as_str().eq_ignore_ascii_case("apikey")) {
        return Err(reason(StatusCode::BAD_REQUEST, "Required header 'ApiKey' is missing."));
    }
    if headers.get("apikey").and_then(|v| v.to_str().ok()) != Some(API_KEY) {
        return Err(reason(StatusCode::FORBIDDEN, "Forbidden - The API key is not authorized for this operation"));
    }
    if let Some(a) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
        return if a == format!("Bearer {TOKEN}") {
            Ok(None)
        } else {
            Err(reason(StatusCode::UNAUTHORIZED, "IDX10223: Lifetime validation failed. The token is expired."))
        };
    }
    if q.contains_key("ForceEIAuthentication") {
        return Ok(None); // the certificate came with the TLS connection
    }
    let mut g = inner.lock().unwrap();
    match cookie(headers) {
        Some(c) if g.sessions.contains(&c) => {
            g.seen.cookies.push(c.clone());
            // Renew the session on the answer, as Altinn may.
            g.next_session += 1;
            let renewed = format!("renewed-{}", g.next_session);
            g.sessions.push(renewed.clone());
            Ok(Some(renewed))
        }
        _ => Err(reason(StatusCode::UNAUTHORIZED, "Authorization failed: There is no authenticated user on this request.")),
    }
}

async fn login(State(inner): S, Query(q): Query<HashMap<String, String>>, body: Bytes) -> Response {
    record(&inner, "POST", "authentication/authenticatewithpassword", &q);
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (user, pass) = (v["UserName"].as_str().unwrap_or(""), v["UserPassword"].as_str().unwrap_or(""));
    let enterprise = q.contains_key("ForceEIAuthentication");
    let ok = if enterprise { (user, pass) == ENTERPRISE_USER } else { (user, pass) == USER };
    if !ok {
        return reason(StatusCode::UNAUTHORIZED, "Invalid user name or password");
    }
    let mut g = inner.lock().unwrap();
    g.next_session += 1;
    let session = format!("session-{}", g.next_session);
    g.sessions.push(session.clone());
    g.seen.logins.push((user.to_string(), enterprise));
    let mut r = StatusCode::OK.into_response();
    r.headers_mut()
        .insert("set-cookie", HeaderValue::from_str(&format!(".ASPXAUTH={session}; path=/; secure; HttpOnly; SameSite=None")).unwrap());
    r
}

fn accept(headers: &HeaderMap) -> &'static str {
    let a = headers.get("accept").and_then(|v| v.to_str().ok()).unwrap_or("");
    if a.contains("application/hal+xml") {
        "application/hal+xml"
    } else if a.contains("application/xml") {
        "application/xml"
    } else if a.contains("application/json") {
        "application/json"
    } else {
        "application/hal+json"
    }
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    altinn_runtime::xml::escape_attr(s, &mut out);
    out
}

fn xml_fields(v: &Value) -> String {
    let mut out = String::new();
    if let Value::Object(m) = v {
        for (k, x) in m {
            if k.starts_with('_') {
                continue;
            }
            match x {
                Value::Null => out.push_str(&format!("<{k} />")),
                Value::String(s) => out.push_str(&format!("<{k}>{}</{k}>", esc(s))),
                other => out.push_str(&format!("<{k}>{other}</{k}>")),
            }
        }
    }
    out
}

/// A list answer in the asked media type: items, `self` link, and `next` when there is more.
fn list_answer(media: &str, rel: &str, item_name: &str, items: &[Value], self_href: &str, next: Option<String>) -> Response {
    let body = match media {
        "application/json" => serde_json::to_string(items).unwrap(),
        "application/xml" => {
            let inner: String = items.iter().map(|i| format!("<{item_name}>{}</{item_name}>", xml_fields(i))).collect();
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><ArrayOf{item_name} xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">{inner}</ArrayOf{item_name}>"
            )
        }
        "application/hal+xml" => {
            let inner: String = items
                .iter()
                .map(|i| {
                    format!(
                        "<resource rel=\"{rel}\" href=\"{}\">{}</resource>",
                        esc(i["_links"]["self"]["href"].as_str().unwrap_or("")),
                        xml_fields(i)
                    )
                })
                .collect();
            let next = next.as_deref().map(|n| format!("<link rel=\"next\" href=\"{}\" />", esc(n))).unwrap_or_default();
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><resource href=\"{}\">{next}<resource rel=\"{rel}\">{inner}</resource></resource>",
                esc(self_href)
            )
        }
        _ => {
            let mut links = json!({ "self": { "href": self_href } });
            if let Some(n) = next {
                links["next"] = json!({ "href": n });
            }
            json!({ "_links": links, "_embedded": { rel: items } }).to_string()
        }
    };
    ([("content-type", format!("{media}; charset=utf-8"))], body).into_response()
}

fn one_answer(media: &str, item_name: &str, item: &Value) -> Response {
    let body = match media {
        "application/json" => {
            let mut v = item.clone();
            if let Value::Object(m) = &mut v {
                m.remove("_links");
            }
            v.to_string()
        }
        "application/xml" => format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><{item_name}>{}</{item_name}>", xml_fields(item)),
        "application/hal+xml" => format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><resource rel=\"{}\" href=\"{}\">{}</resource>",
            item_name.to_lowercase(),
            esc(item["_links"]["self"]["href"].as_str().unwrap_or("")),
            xml_fields(item)
        ),
        _ => item.to_string(),
    };
    ([("content-type", format!("{media}; charset=utf-8"))], body).into_response()
}

fn with_cookie(mut r: Response, renewed: Option<String>) -> Response {
    if let Some(c) = renewed {
        r.headers_mut().insert("set-cookie", HeaderValue::from_str(&format!(".ASPXAUTH={c}; path=/; HttpOnly")).unwrap());
    }
    r
}

/// Five fixed messages in the message box.
fn messages(base: &str, who: &str) -> Vec<Value> {
    (1..=5)
        .map(|i| {
            json!({
                "MessageId": format!("a{i}"),
                "Subject": format!("Melding {i}"),
                "Status": "Ulest",
                "ServiceCode": "5002",
                "ServiceEdition": 2,
                "Type": "Correspondence",
                "LastChangedDateTime": "2024-01-31T12:00:00.607",
                "_links": { "self": { "href": format!("{base}{who}/messages/a{i}") } }
            })
        })
        .collect()
}

fn base_of(headers: &HeaderMap) -> String {
    format!("http://{}/api/", headers.get("host").and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1"))
}

async fn list_messages(State(inner): S, Path(who): Path<String>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    record(&inner, "GET", &format!("{who}/messages"), &q);
    let renewed = match authorize(&inner, &headers, &q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let base = base_of(&headers);
    let all = messages(&base, &who);
    // Two a page unless `$top` says fewer (Altinn's cap is 50).
    let top: usize = q.get("$top").and_then(|t| t.parse().ok()).unwrap_or(2).min(2);
    let skip: usize = q.get("$skip").and_then(|t| t.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = all.iter().skip(skip).take(top).cloned().collect();
    let next = (skip + top < all.len()).then(|| format!("{base}{who}/messages?$top={top}&$skip={}", skip + top));
    let media = accept(&headers);
    with_cookie(list_answer(media, "messages", "Message", &page, &format!("{base}{who}/messages"), next), renewed)
}

async fn one_message(
    State(inner): S,
    Path((who, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    record(&inner, "GET", &format!("{who}/messages/{id}"), &q);
    let renewed = match authorize(&inner, &headers, &q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    match messages(&base_of(&headers), &who).into_iter().find(|m| m["MessageId"] == id.as_str()) {
        Some(m) => with_cookie(one_answer(accept(&headers), "Message", &m), renewed),
        None => {
            let mut r = reason(StatusCode::NOT_FOUND, "Message not found");
            *r.body_mut() = axum::body::Body::from(json!({ "ErrorCode": 404, "ErrorMessage": "No message with that id" }).to_string());
            r
        }
    }
}

/// `PUT {who}/messages/{id}/confirm`: 204 with Altinn's reason phrase.
async fn confirm_message(
    State(inner): S,
    Path((who, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    record(&inner, "PUT", &format!("{who}/messages/{id}/confirm"), &q);
    if let Err(r) = authorize(&inner, &headers, &q) {
        return r;
    }
    reason(StatusCode::NO_CONTENT, "Message has been confirmed")
}

/// `GET {who}/lookup/{code}/{edition}`: the service owner's answer, as XML (opaque to the API).
async fn lookup(
    State(inner): S,
    Path((who, code, edition)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    record(&inner, "GET", &format!("{who}/lookup/{code}/{edition}"), &q);
    if let Err(r) = authorize(&inner, &headers, &q) {
        return r;
    }
    let body = format!(
        "<Svar><Tjeneste>{code}/{edition}</Tjeneste><Spurt>{}</Spurt></Svar>",
        esc(q.get("queryOptions").map(String::as_str).unwrap_or(""))
    );
    Response::builder().status(StatusCode::OK).header("content-type", "application/xml").body(axum::body::Body::from(body)).unwrap()
}

async fn create_message(
    State(inner): S,
    Path(who): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&inner, "POST", &format!("{who}/messages"), &q);
    let renewed = match authorize(&inner, &headers, &q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return reason(StatusCode::BAD_REQUEST, "The request body is not JSON") };
    let forms = v["_embedded"]["forms"].as_array().cloned().unwrap_or_default();
    if forms.iter().filter(|f| f["Type"] == "MainForm").count() != 1 {
        return reason(StatusCode::BAD_REQUEST, "Form validation failed, see the attached validation details");
    }
    let n = {
        let mut g = inner.lock().unwrap();
        g.seen.messages.push(v);
        g.seen.messages.len()
    };
    let mut r = StatusCode::CREATED.into_response();
    r.headers_mut().insert("location", HeaderValue::from_str(&format!("{}{who}/messages/a{}", base_of(&headers), 100 + n)).unwrap());
    with_cookie(r, renewed)
}

/// `GET {who}/messages/{id}/attachments`: two attachments, their ids only in their `self` links
/// (as Altinn sends them); honours `$top`.
async fn list_attachments(
    State(inner): S,
    Path((who, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    record(&inner, "GET", &format!("{who}/messages/{id}/attachments"), &q);
    let renewed = match authorize(&inner, &headers, &q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let base = base_of(&headers);
    let top: usize = q.get("$top").and_then(|t| t.parse().ok()).unwrap_or(usize::MAX);
    let items: Vec<Value> = [("7", "regnskap.xml", "Regnskapsdata"), ("8", "vedlegg.pdf", "Vedlegg")]
        .iter()
        .take(top)
        .map(|(n, file, kind)| {
            json!({
                "FileName": file, "Name": file.split('.').next().unwrap(), "AttachmentType": kind, "FileSize": 11,
                "_links": { "self": { "href": format!("{base}{who}/messages/{id}/attachments/{n}") } }
            })
        })
        .collect();
    let self_href = format!("{who}/messages/{id}/attachments");
    with_cookie(list_answer(accept(&headers), "attachments", "Attachment", &items, &self_href, None), renewed)
}

/// `GET {who}/messages/{id}/attachments/{attachment}`: the bytes.
async fn attachment_data(
    State(inner): S,
    Path((who, id, n)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    record(&inner, "GET", &format!("{who}/messages/{id}/attachments/{n}"), &q);
    if let Err(r) = authorize(&inner, &headers, &q) {
        return r;
    }
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/octet-stream")
        .body(axum::body::Body::from(format!("attachment {n} of {id}")))
        .unwrap()
}

/// `PUT {who}/messages/{id}`: completes (and signs) a message; answers 200 with the archived
/// element's `Location` when it was completed and signed.
async fn update_message(
    State(inner): S,
    Path((who, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&inner, "PUT", &format!("{who}/messages/{id}"), &q);
    let renewed = match authorize(&inner, &headers, &q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return reason(StatusCode::BAD_REQUEST, "The request body is not JSON") };
    inner.lock().unwrap().seen.updates.push(v);
    let mut r = StatusCode::OK.into_response();
    if q.get("complete").map(String::as_str) == Some("true") && q.get("sign").map(String::as_str) == Some("true") {
        r.headers_mut().insert(
            "location",
            HeaderValue::from_str(&format!("{}{who}/messages/b{}", base_of(&headers), id.trim_start_matches('a'))).unwrap(),
        );
    }
    with_cookie(r, renewed)
}

async fn upload(
    State(inner): S,
    Path((who, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&inner, "POST", &format!("{who}/messages/{id}/attachments/streamedattachment"), &q);
    let renewed = match authorize(&inner, &headers, &q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let (Some(name), Some(kind)) = (q.get("fileName"), q.get("attachmentType")) else {
        return reason(StatusCode::BAD_REQUEST, "fileName and attachmentType are required");
    };
    let n = {
        let mut g = inner.lock().unwrap();
        g.seen.attachments.push((id.clone(), name.clone(), kind.clone(), body.len()));
        g.seen.attachments.len()
    };
    let mut r = StatusCode::CREATED.into_response();
    r.headers_mut()
        .insert("location", HeaderValue::from_str(&format!("{}{who}/messages/{id}/attachments/{n}", base_of(&headers))).unwrap());
    with_cookie(r, renewed)
}

async fn metadata(State(inner): S, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    record(&inner, "GET", "metadata", &q);
    let items = vec![json!({ "ServiceOwnerCode": "TTD", "ServiceCode": "5001", "ServiceEditionCode": "1", "ServiceType": "FormTask" })];
    let mut r = list_answer(accept(&headers), "metadata", "ServiceMetadata", &items, "metadata", None);
    if headers.get("origin").and_then(|v| v.to_str().ok()) == Some(ALLOWED_ORIGIN) {
        r.headers_mut().insert("access-control-allow-origin", HeaderValue::from_static(ALLOWED_ORIGIN));
    }
    r
}

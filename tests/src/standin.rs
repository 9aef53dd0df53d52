//! A loopback stand-in for Altinn's metadata API.
//!
//! It serves recorded responses (the `api-mirror` of `../shared`, or a snapshot folder through its
//! lock file) and can be switched, while running, into modes that real servers show: HAL+JSON
//! answers with `_links` built from the documented shape, a service list that honours `$top` and
//! `$skip` with a page cap, and injected faults (429/5xx with reason phrases, bodies cut short,
//! stalls, invalid JSON). Every request is logged.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};

/// One recorded answer.
#[derive(Debug, Clone)]
pub struct Route {
    /// Status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: String,
    /// Body bytes.
    pub body: Bytes,
}

/// A fault served instead of the route's answer (each is used once, in order).
#[derive(Debug, Clone)]
pub enum Fault {
    /// A status with a custom reason phrase and no body.
    Status(u16, &'static str),
    /// A status with `Retry-After` in seconds (429, 503).
    RetryAfter(u16, u64),
    /// The right headers (full `Content-Length`) but only half the body, then the connection drops.
    Truncate,
    /// Wait this long before answering normally.
    Stall(Duration),
    /// 200 with a body that is not JSON.
    InvalidJson,
}

/// A logged request.
#[derive(Debug, Clone)]
pub struct Logged {
    /// Method.
    pub method: String,
    /// Path and query as sent.
    pub uri: String,
    /// `Accept` header.
    pub accept: Option<String>,
}

#[derive(Default)]
struct Modes {
    hal: bool,
    page_cap: Option<usize>,
}

/// Answers at one path: each with the query pairs a request must carry.
type Candidates = Vec<(Vec<(String, String)>, Route)>;

struct Inner {
    routes: Mutex<BTreeMap<String, Candidates>>,
    modes: Mutex<Modes>,
    faults: Mutex<HashMap<String, VecDeque<Fault>>>,
    log: Mutex<Vec<Logged>>,
    base: Mutex<String>,
}

/// A running stand-in; stops when dropped.
pub struct StandIn {
    inner: Arc<Inner>,
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn split_uri(uri: &str) -> (String, Vec<(String, String)>) {
    match uri.split_once('?') {
        Some((p, q)) => (p.to_string(), url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()),
        None => (uri.to_string(), Vec::new()),
    }
}

impl StandIn {
    /// Serves the recorded mirror: `routes.tsv` (method, path, status, content type, body file).
    pub fn from_mirror(mirror: &Path) -> Self {
        let tsv = std::fs::read_to_string(mirror.join("routes.tsv")).expect("routes.tsv");
        let server = StandIn::empty();
        for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "routes.tsv row: {line}");
            let body = std::fs::read(mirror.join(cols[4])).expect("recorded body");
            server.set_route(cols[1], Route { status: cols[2].parse().expect("status"), content_type: cols[3].into(), body: body.into() });
        }
        server
    }

    /// Serves a snapshot folder through its lock file: each stored row answers at its URL's path
    /// (and the query parameters it names), each 404 row answers 404.
    pub fn from_snapshot(dir: &Path) -> Self {
        let lock = std::fs::read_to_string(dir.join("altinn.lock")).expect("altinn.lock");
        let server = StandIn::empty();
        for line in lock.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let url = url::Url::parse(cols[2]).expect("lock URL");
            let status: u16 = cols[1].parse().expect("status");
            let body = if status == 200 { std::fs::read(dir.join(cols[0])).expect("snapshot file") } else { Vec::new() };
            let content_type = if cols[5] == "-" { "text/plain".to_string() } else { cols[5].to_string() };
            let mut uri = url.path().to_string();
            if let Some(q) = url.query() {
                // The service list is served for any paging parameters.
                if url.path() != "/api/metadata" {
                    uri = format!("{uri}?{q}");
                }
            }
            let (path, mut query) = split_uri(&uri);
            query.retain(|(k, _)| k != "language");
            server.add_route(&path, query, Route { status, content_type, body: body.into() });
        }
        server
    }

    /// A server with no routes (every request answers 404).
    pub fn empty() -> Self {
        let inner = Arc::new(Inner {
            routes: Mutex::default(),
            modes: Mutex::default(),
            faults: Mutex::default(),
            log: Mutex::default(),
            base: Mutex::default(),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        *inner.base.lock().unwrap() = format!("http://{addr}/api");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = inner.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                let app = Router::new().fallback(handle).with_state(state);
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await
                    .expect("serve");
            });
            rt.shutdown_timeout(Duration::from_millis(100));
        });
        StandIn { inner, addr, shutdown: Some(tx), thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT/api`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Sets (replaces) the answer at a path, for any query.
    pub fn set_route(&self, path: &str, route: Route) {
        self.inner.routes.lock().unwrap().insert(path.to_string(), vec![(Vec::new(), route)]);
    }

    /// Adds an answer at a path for requests carrying these query pairs.
    pub fn add_route(&self, path: &str, query: Vec<(String, String)>, route: Route) {
        self.inner.routes.lock().unwrap().entry(path.to_string()).or_default().push((query, route));
    }

    /// The body served at a path (for tests that derive new routes from recorded ones).
    pub fn body(&self, path: &str) -> Option<Bytes> {
        self.inner.routes.lock().unwrap().get(path).and_then(|v| v.first()).map(|(_, r)| r.body.clone())
    }

    /// Answers in HAL+JSON (with `_links`/`_embedded`) instead of the recorded plain JSON.
    pub fn set_hal(&self, on: bool) {
        self.inner.modes.lock().unwrap().hal = on;
    }

    /// Makes the service list honour `$top`/`$skip`, never answering more than `cap` items.
    pub fn set_page_cap(&self, cap: Option<usize>) {
        self.inner.modes.lock().unwrap().page_cap = cap;
    }

    /// Queues faults for a path (used one per request, before the normal answer resumes).
    pub fn inject(&self, path: &str, faults: impl IntoIterator<Item = Fault>) {
        self.inner.faults.lock().unwrap().entry(path.to_string()).or_default().extend(faults);
    }

    /// Forgets the requests logged so far.
    pub fn clear_log(&self) {
        self.inner.log.lock().unwrap().clear();
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Logged> {
        self.inner.log.lock().unwrap().clone()
    }

    /// How many requests went to a path (any query).
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| split_uri(&r.uri).0 == path).count()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn plain(status: u16, reason: &'static str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::from_u16(status).expect("status");
    r.extensions_mut().insert(hyper::ext::ReasonPhrase::from_static(reason.as_bytes()));
    r
}

fn answer(status: u16, content_type: &str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).expect("status");
    r.headers_mut().insert("content-type", HeaderValue::from_str(content_type).expect("content type"));
    r
}

async fn handle(State(s): State<Arc<Inner>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let uri_text = uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    s.log.lock().unwrap().push(Logged {
        method: method.to_string(),
        uri: uri_text.clone(),
        accept: headers.get("accept").and_then(|v| v.to_str().ok()).map(str::to_string),
    });
    let (path, query) = split_uri(&uri_text);
    let fault = s.faults.lock().unwrap().get_mut(&path).and_then(|q| q.pop_front());
    let mut truncate = false;
    match fault {
        Some(Fault::Status(code, reason)) => return plain(code, reason),
        Some(Fault::RetryAfter(code, secs)) => {
            let mut r = plain(code, "Slow down");
            r.headers_mut().insert("retry-after", HeaderValue::from(secs));
            return r;
        }
        Some(Fault::Stall(d)) => tokio::time::sleep(d).await,
        Some(Fault::InvalidJson) => {
            return answer(200, "application/json; charset=utf-8", Bytes::from_static(b"{\"ServiceOwnerCode\": \"SKD\", "));
        }
        Some(Fault::Truncate) => truncate = true,
        None => {}
    }
    let route = {
        let routes = s.routes.lock().unwrap();
        routes.get(&path).and_then(|candidates| {
            candidates
                .iter()
                .filter(|(need, _)| need.iter().all(|p| query.contains(p)))
                .max_by_key(|(need, _)| need.len())
                .map(|(_, r)| r.clone())
        })
    };
    let Some(route) = route else {
        return plain(404, "Not Found");
    };
    if route.status != 200 {
        return plain(route.status, "Recorded status");
    }
    let (hal, cap) = {
        let m = s.modes.lock().unwrap();
        (m.hal, m.page_cap)
    };
    let base = s.base.lock().unwrap().clone();
    let mut body = route.body.clone();
    let mut content_type = route.content_type.clone();
    if route.content_type.contains("json")
        && (hal || (cap.is_some() && path == "/api/metadata"))
        && let Ok(value) = serde_json::from_slice::<Value>(&body)
    {
        let value = transform(&path, &query, value, hal, cap, &base);
        body = serde_json::to_vec(&value).expect("json").into();
        if hal {
            content_type = "application/hal+json; charset=utf-8".into();
        }
    }
    if truncate {
        let full = body.len();
        let half = body.slice(..full / 2);
        // Send the headers and half the body, give them time to arrive, then drop the connection.
        let stream = futures::stream::unfold(0u8, move |step| {
            let half = half.clone();
            async move {
                match step {
                    0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Some((Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut short by the stand-in")), 2))
                    }
                    _ => None,
                }
            }
        });
        let mut r = Response::new(Body::from_stream(stream));
        r.headers_mut().insert("content-type", HeaderValue::from_str(&content_type).expect("ct"));
        r.headers_mut().insert("content-length", HeaderValue::from(full));
        return r;
    }
    answer(200, &content_type, body)
}

fn seg(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

fn get_str(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn service_links(item: &Value, base: &str) -> Value {
    let code = get_str(item, "ServiceCode");
    let edition = get_str(item, "ServiceEditionCode");
    let kind = match get_str(item, "ServiceType").to_ascii_lowercase().as_str() {
        "formtask" => Some("formtask"),
        "correspondence" => Some("correspondence"),
        "lookup" => Some("lookup"),
        _ => None,
    };
    let mut links = serde_json::Map::new();
    if let Some(kind) = kind {
        links.insert("self".into(), json!({"href": format!("{base}/metadata/{kind}/{}/{edition}", seg(&code))}));
    }
    links.insert(
        "rolerequirements".into(),
        json!({"href": format!("{base}/metadata/rolerequirements?serviceCode={}&serviceEditionCode={edition}", seg(&code))}),
    );
    Value::Object(links)
}

/// Plain JSON → the documented HAL shape, and paging of the service list.
fn transform(path: &str, query: &[(String, String)], value: Value, hal: bool, cap: Option<usize>, base: &str) -> Value {
    let q = |k: &str| query.iter().find(|(n, _)| n == k).and_then(|(_, v)| v.parse::<usize>().ok());
    if path == "/api/metadata" {
        let Value::Array(mut items) = value else { return value };
        let total = items.len();
        let mut next = None;
        if let Some(cap) = cap {
            let skip = q("$skip").unwrap_or(0);
            let top = q("$top").unwrap_or(usize::MAX).min(cap);
            items = items.into_iter().skip(skip).take(top).collect();
            if skip + items.len() < total {
                next = Some(format!("{base}/metadata?$top={top}&$skip={}", skip + items.len()));
            }
        }
        if !hal {
            return Value::Array(items);
        }
        let items: Vec<Value> = items
            .into_iter()
            .map(|mut it| {
                let links = service_links(&it, base);
                it["_links"] = links;
                it
            })
            .collect();
        let mut links = json!({"self": {"href": format!("{base}/metadata")}});
        if let Some(n) = next {
            links["next"] = json!({"href": n});
        }
        return json!({"_links": links, "_embedded": {"metadata": items}});
    }
    if path.starts_with("/api/metadata/") && value.is_object() && value.get("ServiceCode").is_some() {
        let mut v = value;
        let code = get_str(&v, "ServiceCode");
        let edition = get_str(&v, "ServiceEditionCode");
        v["_links"] = service_links(&v, base);
        if let Some(Value::Array(forms)) = v.get_mut("FormsMetaData") {
            for f in forms {
                let href = format!(
                    "{base}/metadata/formtask/{}/{edition}/forms/{}/{}/xsd",
                    seg(&code),
                    seg(&get_str(f, "DataFormatID")),
                    get_str(f, "DataFormatVersion")
                );
                f["_links"] = json!({"schema": {"href": href}});
            }
        }
        return v;
    }
    value
}

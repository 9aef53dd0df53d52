//! The platform APIs of the Altinn 3 stand-in ([`crate::altinn3_standin`]), with the routes and
//! answer shapes of the sample documents in `schemas/altinn3/openapi/` (themselves in the shape of
//! the published ones): Correspondence (attachments uploaded raw, correspondences as JSON or
//! multipart, their status), Broker (file transfers uploaded and downloaded as streams through a
//! file on disk, never held in memory; checked with SHA-256), Dialogporten (dialogs page by page
//! with continuation tokens) and the Resource Registry (public list and search). Every route but
//! the registry's takes only Altinn tokens the stand-in issued; unknown ids are 404
//! ProblemDetails; [`Platform::fail_next`] answers the next calls 429 with `Retry-After`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures::StreamExt;
use serde_json::{Value, json};
use sha2::Digest;
use tokio::io::AsyncWriteExt;

/// The party whose dialogs the stand-in holds.
pub const DIALOG_PARTY: &str = "urn:altinn:organization:identifier-no:310000001";
/// How many dialogs it holds for [`DIALOG_PARTY`].
pub const DIALOGS: usize = 7;

/// An uploaded file: its size and SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// Bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

#[derive(Default)]
struct Inner {
    attachments: BTreeMap<String, (Value, Option<Received>)>,
    correspondences: BTreeMap<String, Value>,
    multipart_parts: Vec<(String, Option<String>, Option<String>, usize)>,
    transfers: BTreeMap<String, (Value, Option<Received>, u32)>,
    fail_next: Vec<u64>,
    dialog_queries: Vec<String>,
    largest_chunk: usize,
    counter: u64,
    dir: Option<tempfile::TempDir>,
}

/// The platform part's state, shared with the tests.
#[derive(Clone, Default)]
pub struct Platform {
    inner: Arc<Mutex<Inner>>,
}

impl Platform {
    /// Answers the next `times` platform calls 429 with `Retry-After: retry_after`.
    pub fn fail_next(&self, times: usize, retry_after: u64) {
        let mut g = self.inner.lock().unwrap();
        g.fail_next.extend(std::iter::repeat_n(retry_after, times));
    }

    /// What a Broker file transfer received.
    pub fn transfer(&self, id: &str) -> Option<(Value, Option<Received>)> {
        self.inner.lock().unwrap().transfers.get(id).map(|(v, r, _)| (v.clone(), r.clone()))
    }

    /// The Broker file transfers, by id.
    pub fn transfer_ids(&self) -> Vec<String> {
        self.inner.lock().unwrap().transfers.keys().cloned().collect()
    }

    /// The correspondences sent.
    pub fn correspondences(&self) -> Vec<Value> {
        self.inner.lock().unwrap().correspondences.values().cloned().collect()
    }

    /// The attachments uploaded, with what they received.
    pub fn attachments(&self) -> Vec<(Value, Option<Received>)> {
        self.inner.lock().unwrap().attachments.values().cloned().collect()
    }

    /// The parts of multipart correspondences: (name, file name, content type, length).
    pub fn multipart_parts(&self) -> Vec<(String, Option<String>, Option<String>, usize)> {
        self.inner.lock().unwrap().multipart_parts.clone()
    }

    /// The query string of each dialog search, answered or refused, in order.
    pub fn dialog_queries(&self) -> Vec<String> {
        self.inner.lock().unwrap().dialog_queries.clone()
    }

    /// The largest chunk of a streamed upload the stand-in saw (it never gathers a whole body).
    pub fn largest_chunk(&self) -> usize {
        self.inner.lock().unwrap().largest_chunk
    }
}

type S = State<(Platform, crate::altinn3_standin::TokenCheck)>;

/// The platform routes, on the state `platform` and the stand-in's token check.
pub fn router(platform: Platform, tokens: crate::altinn3_standin::TokenCheck) -> Router {
    platform.inner.lock().unwrap().dir = Some(tempfile::tempdir().expect("a temporary folder"));
    Router::new()
        .route("/correspondence/api/v1/attachment", post(init_attachment))
        .route("/correspondence/api/v1/attachment/{id}", get(get_attachment))
        .route("/correspondence/api/v1/attachment/{id}/upload", post(upload_attachment))
        .route("/correspondence/api/v1/correspondence", post(init_correspondence))
        .route("/correspondence/api/v1/correspondence/upload", post(upload_correspondence))
        .route("/correspondence/api/v1/correspondence/{id}", get(get_correspondence))
        .route("/broker/api/v1/filetransfer", post(init_transfer))
        .route("/broker/api/v1/filetransfer/{id}", get(get_transfer))
        .route("/broker/api/v1/filetransfer/{id}/upload", post(upload_transfer))
        .route("/broker/api/v1/filetransfer/{id}/download", get(download_transfer))
        .route("/broker/api/v1/filetransfer/{id}/confirmdownload", post(confirm_transfer))
        .route("/dialogporten/api/v1/serviceowner/dialogs", get(dialogs))
        .route("/resourceregistry/api/v1/resource/resourcelist", get(resource_list))
        .route("/resourceregistry/api/v1/resource/Search", get(resource_search))
        .with_state((platform, tokens))
}

fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    let body = json!({"type": "https://tools.ietf.org/html/rfc9110", "title": title, "status": status.as_u16(), "detail": detail});
    (status, [("content-type", "application/problem+json")], body.to_string()).into_response()
}

fn json_ok(v: &Value) -> Response {
    (StatusCode::OK, [("content-type", "application/json; charset=utf-8")], v.to_string()).into_response()
}

/// The refusal every authorised route starts with: 429 when asked to fail, 401 without a valid
/// Altinn token.
fn refuse(p: &Platform, tokens: &crate::altinn3_standin::TokenCheck, headers: &HeaderMap) -> Option<Response> {
    if let Some(wait) = {
        let mut g = p.inner.lock().unwrap();
        if g.fail_next.is_empty() { None } else { Some(g.fail_next.remove(0)) }
    } {
        return Some(
            (StatusCode::TOO_MANY_REQUESTS, [("retry-after", wait.to_string()), ("content-type", "text/plain".into())], "slow down")
                .into_response(),
        );
    }
    if !tokens.valid(headers) {
        return Some(StatusCode::UNAUTHORIZED.into_response());
    }
    None
}

fn next_id(p: &Platform, prefix: u32) -> String {
    let mut g = p.inner.lock().unwrap();
    g.counter += 1;
    format!("{prefix:08x}-0000-4000-8000-{:012x}", g.counter)
}

/// Reads a body as a stream into a file, hashing it; never more than one chunk in memory.
async fn receive(p: &Platform, body: Body, file: &std::path::Path) -> std::io::Result<Received> {
    let mut out = tokio::fs::File::create(file).await?;
    let mut hash = sha2::Sha256::new();
    let mut size = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(std::io::Error::other)?;
        {
            let mut g = p.inner.lock().unwrap();
            g.largest_chunk = g.largest_chunk.max(chunk.len());
        }
        hash.update(&chunk);
        size += chunk.len() as u64;
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    Ok(Received { size, sha256: hex(&hash.finalize()) })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_of(p: &Platform, id: &str) -> std::path::PathBuf {
    p.inner.lock().unwrap().dir.as_ref().expect("started").path().join(id)
}

// --- Correspondence --------------------------------------------------------------------------

async fn init_attachment(State((p, t)): S, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return problem(StatusCode::BAD_REQUEST, "Bad request", "not JSON") };
    for k in ["resourceId", "sender", "sendersReference"] {
        if v.get(k).and_then(Value::as_str).is_none_or(str::is_empty) {
            return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", &format!("{k} is required"));
        }
    }
    let id = next_id(&p, 0xa77a);
    let overview = json!({
        "attachmentId": id, "fileName": v["fileName"], "status": "Initialized", "statusText": "Initialized",
        "statusChanged": "2026-12-02T10:00:00+00:00", "resourceId": v["resourceId"], "sender": v["sender"], "sendersReference": v["sendersReference"],
    });
    p.inner.lock().unwrap().attachments.insert(id.clone(), (overview, None));
    json_ok(&json!(id))
}

async fn get_attachment(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    match p.inner.lock().unwrap().attachments.get(&id) {
        Some((v, _)) => json_ok(v),
        None => problem(StatusCode::NOT_FOUND, "Not Found", "2001: The requested attachment was not found"),
    }
}

async fn upload_attachment(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap, body: Body) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    if !p.inner.lock().unwrap().attachments.contains_key(&id) {
        return problem(StatusCode::NOT_FOUND, "Not Found", "2001: The requested attachment was not found");
    }
    if headers.get("content-type").and_then(|v| v.to_str().ok()) != Some("application/octet-stream") {
        return problem(StatusCode::BAD_REQUEST, "Bad request", "the attachment's bytes are sent as application/octet-stream");
    }
    let received = match receive(&p, body, &file_of(&p, &id)).await {
        Ok(r) => r,
        Err(e) => return problem(StatusCode::BAD_REQUEST, "Bad request", &e.to_string()),
    };
    let mut g = p.inner.lock().unwrap();
    let entry = g.attachments.get_mut(&id).expect("checked");
    entry.0["status"] = json!("Published");
    entry.0["statusText"] = json!("Published");
    entry.1 = Some(received);
    json_ok(&entry.0)
}

fn correspondence_answer(p: &Platform, v: &Value, attachments: Vec<String>) -> Response {
    let mut made = Vec::new();
    for r in v["recipients"].as_array().into_iter().flatten() {
        let id = next_id(p, 0xc0de);
        let overview = json!({
            "correspondenceId": id, "resourceId": v.pointer("/correspondence/resourceId"), "sendersReference": v.pointer("/correspondence/sendersReference"),
            "recipient": r, "status": "Published", "statusText": "Published", "statusChanged": "2026-12-02T10:00:00+00:00",
            "created": "2026-12-02T10:00:00+00:00", "kind": "correspondence",
        });
        p.inner.lock().unwrap().correspondences.insert(id.clone(), overview);
        made.push(json!({"correspondenceId": id, "status": "Initialized", "recipient": r}));
    }
    json_ok(&json!({"correspondences": made, "attachmentIds": attachments}))
}

async fn init_correspondence(State((p, t)): S, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return problem(StatusCode::BAD_REQUEST, "Bad request", "not JSON") };
    if v["recipients"].as_array().is_none_or(Vec::is_empty) {
        return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", "recipients is required");
    }
    let mut attachments = Vec::new();
    for a in v["existingAttachments"].as_array().into_iter().flatten() {
        let id = a.as_str().unwrap_or_default().to_string();
        match p.inner.lock().unwrap().attachments.get(&id) {
            Some((o, _)) if o["status"] == "Published" => attachments.push(id),
            Some(_) => return problem(StatusCode::BAD_REQUEST, "Bad request", "2009: attachment is not published"),
            None => return problem(StatusCode::NOT_FOUND, "Not Found", "2001: The requested attachment was not found"),
        }
    }
    correspondence_answer(&p, &v, attachments)
}

async fn upload_correspondence(State((p, t)): S, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let ct = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let Some(parts) = crate::altinn3_standin::multipart_parts_of(&ct, &body) else {
        return problem(StatusCode::BAD_REQUEST, "Bad request", "not multipart/form-data");
    };
    let mut v = json!({"correspondence": {}, "recipients": []});
    let mut attachments = Vec::new();
    for part in &parts {
        p.inner.lock().unwrap().multipart_parts.push((
            part.name.clone(),
            part.file_name.clone(),
            part.content_type.clone(),
            part.body.len(),
        ));
        let text = String::from_utf8_lossy(&part.body).into_owned();
        match part.name.as_str() {
            "Correspondence.ResourceId" => v["correspondence"]["resourceId"] = json!(text),
            "Correspondence.SendersReference" => v["correspondence"]["sendersReference"] = json!(text),
            "Recipients" => v["recipients"].as_array_mut().expect("an array").push(json!(text)),
            "Attachments" => attachments.push(next_id(&p, 0xa77a)),
            _ => {}
        }
    }
    if v["recipients"].as_array().is_none_or(Vec::is_empty) {
        return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", "Recipients is required");
    }
    correspondence_answer(&p, &v, attachments)
}

async fn get_correspondence(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    match p.inner.lock().unwrap().correspondences.get(&id) {
        Some(v) => json_ok(v),
        None => problem(StatusCode::NOT_FOUND, "Not Found", "1001: The requested correspondence was not found"),
    }
}

// --- Broker ----------------------------------------------------------------------------------

async fn init_transfer(State((p, t)): S, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return problem(StatusCode::BAD_REQUEST, "Bad request", "not JSON") };
    let sender = v["sender"].as_str().unwrap_or_default();
    let well_formed =
        sender.len() == 14 && sender.as_bytes()[4] == b':' && sender.bytes().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit());
    if !well_formed {
        return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", "sender must match ^\\d{4}:\\d{9}$");
    }
    let id = next_id(&p, 0xb40c);
    let overview = json!({
        "fileTransferId": id, "resourceId": v["resourceId"], "fileName": v["fileName"], "sender": v["sender"],
        "fileTransferStatus": "Initialized", "fileTransferStatusText": "Initialized", "fileTransferStatusChanged": "2026-12-02T10:00:00+00:00",
    });
    p.inner.lock().unwrap().transfers.insert(id.clone(), (overview, None, 0));
    json_ok(&json!({"fileTransferId": id}))
}

async fn upload_transfer(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap, body: Body) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    if !p.inner.lock().unwrap().transfers.contains_key(&id) {
        return problem(StatusCode::NOT_FOUND, "Not Found", "The requested file transfer was not found");
    }
    let received = match receive(&p, body, &file_of(&p, &id)).await {
        Ok(r) => r,
        Err(e) => return problem(StatusCode::BAD_REQUEST, "Bad request", &e.to_string()),
    };
    let mut g = p.inner.lock().unwrap();
    let entry = g.transfers.get_mut(&id).expect("checked");
    entry.0["fileTransferStatus"] = json!("UploadProcessing");
    entry.0["fileTransferSize"] = json!(received.size);
    entry.1 = Some(received);
    json_ok(&json!({"fileTransferId": id}))
}

async fn get_transfer(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let mut g = p.inner.lock().unwrap();
    let Some(entry) = g.transfers.get_mut(&id) else {
        return problem(StatusCode::NOT_FOUND, "Not Found", "The requested file transfer was not found");
    };
    // The virus scan takes one poll.
    entry.2 += 1;
    if entry.0["fileTransferStatus"] == "UploadProcessing" && entry.2 > 1 {
        entry.0["fileTransferStatus"] = json!("Published");
        entry.0["fileTransferStatusText"] = json!("Published");
    }
    json_ok(&entry.0)
}

async fn download_transfer(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let (status, name) = match p.inner.lock().unwrap().transfers.get(&id) {
        Some((v, _, _)) => (v["fileTransferStatus"].clone(), v["fileName"].as_str().unwrap_or("file").to_string()),
        None => return problem(StatusCode::NOT_FOUND, "Not Found", "The requested file transfer was not found"),
    };
    if status != "Published" {
        return problem(StatusCode::BAD_REQUEST, "Bad request", "the file is not published yet");
    }
    let file = match tokio::fs::File::open(file_of(&p, &id)).await {
        Ok(f) => f,
        Err(e) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "Internal error", &e.to_string()),
    };
    let len = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    (
        StatusCode::OK,
        [
            ("content-type", "application/octet-stream".to_string()),
            ("content-length", len.to_string()),
            ("content-disposition", format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

async fn confirm_transfer(State((p, t)): S, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let mut g = p.inner.lock().unwrap();
    let Some(entry) = g.transfers.get_mut(&id) else {
        return problem(StatusCode::NOT_FOUND, "Not Found", "The requested file transfer was not found");
    };
    entry.0["fileTransferStatus"] = json!("AllConfirmedDownloaded");
    entry.0["fileTransferStatusText"] = json!("AllConfirmedDownloaded");
    StatusCode::OK.into_response()
}

// --- Dialogporten ----------------------------------------------------------------------------

fn dialog(i: usize) -> Value {
    let status = ["InProgress", "Completed", "RequiresAttention", "Awaiting"][i % 4];
    json!({
        "id": format!("0194a6c2-0000-7000-8000-{i:012x}"), "org": "ttd", "serviceResource": "urn:altinn:resource:ttd-codegen-sample",
        "party": DIALOG_PARTY, "status": status, "createdAt": format!("2026-11-{:02}T08:00:00.0000000+00:00", i + 1),
        "updatedAt": format!("2026-11-{:02}T09:00:00.0000000+00:00", i + 1), "seenSinceLastUpdate": [],
    })
}

async fn dialogs(State((p, t)): S, uri: axum::http::Uri, headers: HeaderMap, Query(q): Query<Vec<(String, String)>>) -> Response {
    p.inner.lock().unwrap().dialog_queries.push(uri.query().unwrap_or_default().to_string());
    if let Some(r) = refuse(&p, &t, &headers) {
        return r;
    }
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let limit: usize = match get("limit").map(str::parse) {
        None => 100,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        _ => return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", "limit must be between 1 and 1000"),
    };
    let parties: Vec<&str> = q.iter().filter(|(n, _)| n == "party").map(|(_, v)| v.as_str()).collect();
    let all: Vec<Value> =
        if parties.is_empty() || parties.contains(&DIALOG_PARTY) { (0..DIALOGS).map(dialog).collect() } else { Vec::new() };
    let start: usize = match get("continuationToken") {
        None => 0,
        Some(t) => match t.strip_prefix("after:").and_then(|n| n.parse().ok()) {
            Some(n) => n,
            None => return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", "invalid continuationToken"),
        },
    };
    let end = (start + limit).min(all.len());
    let more = end < all.len();
    json_ok(&json!({
        "items": all[start.min(all.len())..end],
        "hasNextPage": more,
        "continuationToken": if more { json!(format!("after:{end}")) } else { Value::Null },
        "orderBy": "createdAt_desc,id_desc",
    }))
}

// --- Resource Registry ------------------------------------------------------------------------

fn resources() -> Vec<Value> {
    let r = |id: &str, nb: &str, org: &str, kind: &str| {
        json!({
            "identifier": id, "title": {"nb": nb, "en": nb}, "status": "Completed",
            "hasCompetentAuthority": {"organization": "991825827", "orgcode": org, "name": {"nb": org.to_uppercase()}},
            "resourceType": kind, "delegable": true, "visible": true,
        })
    };
    vec![
        r("app_ttd_codegen-sample", "Melding om prøvedrift", "ttd", "AltinnApp"),
        r("ttd-broker-files", "Filoverføring for prøver", "ttd", "BrokerService"),
        r("ttd-correspondence", "Meldinger fra Testdepartementet", "ttd", "CorrespondenceService"),
        r("skd-mva-melding", "MVA-melding", "skd", "AltinnApp"),
        r("nav-a-melding", "A-melding", "nav", "GenericAccessResource"),
    ]
}

async fn resource_list() -> Response {
    json_ok(&Value::Array(resources()))
}

async fn resource_search(Query(q): Query<BTreeMap<String, String>>) -> Response {
    let title = q.get("Title").map(|t| t.to_lowercase());
    let kind = q.get("ResourceType");
    let found: Vec<Value> = resources()
        .into_iter()
        .filter(|r| title.as_ref().is_none_or(|t| r["title"]["nb"].as_str().unwrap_or("").to_lowercase().contains(t.as_str())))
        .filter(|r| kind.is_none_or(|k| r["resourceType"] == k.as_str()))
        .collect();
    json_ok(&Value::Array(found))
}

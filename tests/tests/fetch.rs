//! `cargo xtask fetch` against loopback stand-ins of Altinn's metadata API: the recorded mirror
//! byte for byte, HAL+JSON, paging, retries, timeouts, truncated bodies, invalid JSON, hostile
//! values, and the old snapshot surviving every failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use altinn_codegen::fetch::http::RetryPolicy;
use altinn_codegen::fetch::{self, FetchOptions, FetchReport, Media, progress::ProgressMode};
use altinn_codegen::snapshot::lock::Lock;
use altinn_tests::shared::{require_shared, workspace_root};
use altinn_tests::standin::{Fault, Route, StandIn};

fn mirror() -> Option<(PathBuf, StandIn)> {
    let shared = require_shared("fetch over the recorded mirror")?;
    let dir = shared.join("altinn/api-mirror");
    let server = StandIn::from_mirror(&dir);
    Some((dir, server))
}

fn options(server: &StandIn, out: &Path) -> FetchOptions {
    let mut o = FetchOptions::new(server.base_url(), out);
    o.progress = ProgressMode::Quiet;
    o.http.retry = RetryPolicy { max_attempts: 4, default_delay: Duration::from_millis(5), max_delay: Duration::from_millis(50) };
    o.http.timeout = Duration::from_secs(5);
    o
}

fn run(o: &FetchOptions) -> anyhow::Result<FetchReport> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap().block_on(fetch::fetch(o))
}

/// A folder standing for the previous snapshot, to prove failures leave it alone.
fn old_snapshot(root: &Path) -> PathBuf {
    let out = root.join("schemas");
    std::fs::create_dir_all(out.join("services")).unwrap();
    std::fs::write(out.join("altinn.lock"), "the old lock").unwrap();
    std::fs::write(out.join("services/old.xsd"), "<old/>").unwrap();
    out
}

fn assert_old_intact(root: &Path, out: &Path) {
    assert_eq!(std::fs::read_to_string(out.join("altinn.lock")).unwrap(), "the old lock");
    assert_eq!(std::fs::read_to_string(out.join("services/old.xsd")).unwrap(), "<old/>");
    let names: Vec<_> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no staging folder left beside the snapshot: {names:?}");
}

/// Recorded routes: (path, status, body file).
fn recorded(dir: &Path) -> Vec<(String, u16, PathBuf)> {
    std::fs::read_to_string(dir.join("routes.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[1].to_string(), c[2].parse().unwrap(), dir.join(c[4]))
        })
        .collect()
}

fn stored_by_url_path(out: &Path) -> Vec<(String, String, u16)> {
    Lock::read(out).unwrap().entries.into_iter().map(|e| (url::Url::parse(&e.url).unwrap().path().to_string(), e.path, e.status)).collect()
}

#[test]
fn mirror_snapshot_is_byte_identical_and_reports_the_missing_detail() {
    let Some((dir, server)) = mirror() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("snap");
    let out_text = out.to_str().unwrap();
    // The published OpenAPI documents, served beside the API (all but one, which is missing);
    // our own document and the patch list are in the snapshot folder already and must survive.
    let published = dir.parent().unwrap().join("openapi");
    let served: Vec<&str> = fetch::PUBLISHED_OPENAPI_DOCUMENTS.iter().copied().filter(|d| *d != "altinn-serviceowner-srr-v0").collect();
    for name in &served {
        let body = std::fs::read(published.join(format!("{name}.json"))).unwrap();
        server
            .set_route(&format!("/swagger/{name}.json"), Route { status: 200, content_type: "application/json".into(), body: body.into() });
    }
    std::fs::create_dir_all(out.join("openapi")).unwrap();
    // The Altinn 3 part is fetched on its own: an Altinn 2 fetch keeps it.
    std::fs::create_dir_all(out.join("altinn3/apps/ttd/a")).unwrap();
    std::fs::write(out.join("altinn3/apps/ttd/a/applicationmetadata.json"), "{\"id\": \"ttd/a\"}").unwrap();
    for own in altinn_codegen::snapshot::layout::OWN_OPENAPI_FILES {
        std::fs::copy(workspace_root().join("schemas").join(own), out.join(own)).unwrap();
    }
    let openapi_base = server.base_url().replace("/api", "/swagger/");
    let code = xtask::run([
        "xtask",
        "fetch",
        "--base-url",
        &server.base_url(),
        "--out",
        out_text,
        "--progress",
        "quiet",
        "--backoff-ms",
        "5",
        "--openapi-base",
        &openapi_base,
    ])
    .unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    for name in &served {
        let got = std::fs::read(out.join(format!("openapi/{name}.json"))).unwrap_or_else(|_| panic!("{name} was fetched"));
        assert_eq!(got, std::fs::read(published.join(format!("{name}.json"))).unwrap(), "{name}: bytes as published");
    }
    assert!(out.join("openapi/altinn-enduser-v0.json").is_file() && out.join("openapi/patches.toml").is_file(), "own files kept");
    assert_eq!(
        std::fs::read_to_string(out.join("altinn3/apps/ttd/a/applicationmetadata.json")).unwrap(),
        "{\"id\": \"ttd/a\"}",
        "the Altinn 3 part kept"
    );

    let stored = stored_by_url_path(&out);
    let routes = recorded(&dir);
    assert!(routes.len() >= 11, "the mirror lists its routes");
    for (path, status, body) in &routes {
        assert_eq!(*status, 200);
        let (_, file, st) = stored.iter().find(|(p, _, _)| p == path).unwrap_or_else(|| panic!("{path} was not fetched"));
        assert_eq!(*st, 200);
        let got = std::fs::read(out.join(file)).unwrap();
        let want = std::fs::read(body).unwrap();
        assert!(got == want, "{file}: stored bytes differ from the recorded body {}", body.display());
    }
    // The list names a correspondence service whose detail the mirror does not have.
    let lock = Lock::read(&out).unwrap();
    let missing: Vec<_> = lock.missing().map(|e| e.url.clone()).collect();
    assert!(
        missing.iter().any(|u| u.contains("/api/metadata/correspondence/3476/130314")),
        "missing detail recorded in the lock: {missing:?}"
    );
    assert!(missing.iter().any(|u| u.ends_with("/swagger/altinn-serviceowner-srr-v0.json")), "a missing document is recorded: {missing:?}");
    assert!(
        lock.entries.iter().any(|e| e.path == "openapi/altinn-enduser-metadata-v0.json" && e.status == 200),
        "published documents are in the lock"
    );
    assert!(!lock.entries.iter().any(|e| e.path == "openapi/patches.toml"), "our own files stay out of the lock");
    assert!(lock.verify(&out).is_empty(), "lock matches the files");
    // The XSD files are in the layout regen reads.
    assert!(out.join("services/4942/2017/forms/sofus-17091115.xsd").is_file());
    assert!(out.join("README.md").is_file());

    // And regen reads it: five form tasks with their forms, one correspondence without detail.
    let generated = altinn_codegen::regen::generate(&out).unwrap();
    let cat = &generated.files["catalogue.rs"];
    assert!(cat.contains("pub const SKD_3906_141205"), "{cat}");
    assert!(cat.contains("data_format_id: \"sofus\""));
    assert!(cat.contains("The snapshot has no detail for this service"));
    // regen emits the endpoints of what was fetched: the published documents beside our own.
    let api: Vec<&String> = generated.files.keys().filter(|k| k.starts_with("api/")).collect();
    assert!(api.iter().any(|k| k.contains("metadata")), "the published metadata document is emitted: {api:?}");
    assert!(api.iter().any(|k| k.contains("enduser")), "{api:?}");
}

#[test]
fn an_openapi_document_that_is_not_json_fails_the_fetch_and_names_its_url() {
    let Some((_, server)) = mirror() else { return };
    server.set_route(
        "/swagger/altinn-api-common.json",
        Route { status: 200, content_type: "text/html".into(), body: "<html>moved</html>".into() },
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    let mut o = options(&server, &out);
    o.openapi =
        Some(fetch::OpenApiSource { base: server.base_url().replace("/api", "/swagger/"), documents: vec!["altinn-api-common".into()] });
    let err = format!("{:#}", run(&o).unwrap_err());
    assert!(err.contains("/swagger/altinn-api-common.json") && err.contains("not JSON"), "{err}");
    assert_old_intact(tmp.path(), &out);
}

#[test]
fn library_report_lists_missing_routes() {
    let Some((_, server)) = mirror() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let report = run(&options(&server, &tmp.path().join("s"))).unwrap();
    assert_eq!(report.listed, 6);
    assert_eq!(report.selected, 6);
    assert!(report.missing.iter().any(|(s, u, _)| *s == 404 && u.contains("correspondence/3476/130314")));
    assert!(report.log.iter().any(|l| l.contains("missing: detail of SKD 3476/130314")), "{:?}", report.log);
    // The mirror ignores $skip: the second page repeats the first and ends the list.
    assert_eq!(server.hits("/api/metadata"), 2);
}

#[test]
fn hal_answers_are_followed_by_their_links() {
    let Some((dir, server)) = mirror() else { return };
    server.set_hal(true);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let mut o = options(&server, &out);
    o.media = Media::HalJson;
    let report = run(&o).unwrap();
    assert_eq!(report.listed, 6);
    assert!(server.requests().iter().any(|r| r.accept.as_deref() == Some("application/hal+json")));
    // Detail links carry no `language`: seeing them without it proves the links were followed.
    assert!(server.requests().iter().any(|r| r.uri == "/api/metadata/formtask/3906/141205"));
    // XSDs are stored byte for byte whatever the JSON shape.
    for (path, _, body) in recorded(&dir).into_iter().filter(|(p, _, _)| p.ends_with("/xsd")) {
        let stored = stored_by_url_path(&out);
        let (_, file, _) = stored.iter().find(|(p, _, _)| *p == path).unwrap();
        assert_eq!(std::fs::read(out.join(file)).unwrap(), std::fs::read(body).unwrap());
    }
    let page = std::fs::read_to_string(out.join("metadata/services/page-0000.json")).unwrap();
    assert!(page.contains("_embedded"), "the HAL page is stored as received");
    let generated = altinn_codegen::regen::generate(&out).unwrap();
    assert!(generated.files["catalogue.rs"].contains("pub const KRT_2365_6"));
}

#[test]
fn small_pages_are_followed_to_the_end() {
    let Some((_, server)) = mirror() else { return };
    server.set_page_cap(Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let mut o = options(&server, &out);
    o.media = Media::Json;
    o.page_size = 4; // the server caps below what we ask for
    let report = run(&o).unwrap();
    assert_eq!(report.listed, 6);
    let skips: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.uri.starts_with("/api/metadata?"))
        .map(|r| r.uri.split("%24skip=").nth(1).unwrap_or("?").to_string())
        .collect();
    assert_eq!(skips, ["0", "2", "4", "6"], "paged by what was received until an empty page");
    for n in 0..3 {
        assert!(out.join(format!("metadata/services/page-{n:04}.json")).is_file());
    }
    assert!(!out.join("metadata/services/page-0003.json").exists());
}

#[test]
fn hal_next_links_page_the_list() {
    let Some((_, server)) = mirror() else { return };
    server.set_hal(true);
    server.set_page_cap(Some(4));
    let tmp = tempfile::tempdir().unwrap();
    let report = run(&options(&server, &tmp.path().join("s"))).unwrap();
    assert_eq!(report.listed, 6);
    assert!(server.requests().iter().any(|r| r.uri == "/api/metadata?$top=4&$skip=4"), "next link followed");
}

#[test]
fn rate_limits_and_server_errors_are_retried() {
    let Some((_, server)) = mirror() else { return };
    server.inject("/api/metadata", [Fault::Status(429, "Too many requests"), Fault::Status(500, "Internal error")]);
    server.inject(
        "/api/metadata/formtask/2365/6",
        [Fault::Status(503, "Service unavailable"), Fault::Status(502, "Bad gateway"), Fault::Status(500, "Oops")],
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let report = run(&options(&server, &out)).unwrap();
    assert_eq!(server.hits("/api/metadata/formtask/2365/6"), 4);
    assert!(report.log.iter().any(|l| l.contains("429 Too many requests")), "{:?}", report.log);
    assert!(report.log.iter().any(|l| l.contains("503 Service unavailable")));
    assert!(out.join("services/2365/6/detail.json").is_file());
}

/// `Retry-After` in seconds is the wait before the next attempt; one longer than the policy's
/// longest wait ends the retries at once (the runtime clients' policy).
#[test]
fn retry_after_is_honoured_within_the_longest_wait() {
    let Some((_, server)) = mirror() else { return };
    let detail = "/api/metadata/formtask/2365/6";
    server.inject(detail, [Fault::RetryAfter(429, 0), Fault::RetryAfter(503, 0)]);
    let tmp = tempfile::tempdir().unwrap();
    let report = run(&options(&server, &tmp.path().join("s"))).unwrap();
    assert_eq!(server.hits(detail), 3);
    assert!(report.log.iter().any(|l| l.contains(detail) && l.contains("in 0 ms: 429 Slow down")), "{:?}", report.log);

    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    server.inject(detail, [Fault::RetryAfter(429, 1)]);
    let err = format!("{:#}", run(&options(&server, &out)).unwrap_err());
    assert!(
        err.contains("gave up after 1 attempts") && err.contains("Retry-After asked for 1s, longer than the longest wait, 50ms"),
        "{err}"
    );
    assert_eq!(server.hits(detail), 4, "not asked again");
    assert_old_intact(tmp.path(), &out);
}

#[test]
fn truncated_bodies_are_fetched_again() {
    let Some((dir, server)) = mirror() else { return };
    let xsd = "/api/metadata/formtask/2365/6/forms/3442/45350/xsd";
    server.inject(xsd, [Fault::Truncate, Fault::Truncate]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let report = run(&options(&server, &out)).unwrap();
    assert_eq!(server.hits(xsd), 3);
    assert!(report.log.iter().any(|l| l.contains(xsd) && (l.contains("body") || l.contains("cut short"))), "{:?}", report.log);
    assert_eq!(
        std::fs::read(out.join("services/2365/6/forms/3442-45350.xsd")).unwrap(),
        std::fs::read(dir.join("bodies/api_metadata_formtask_2365_6_forms_3442_45350_xsd.xsd")).unwrap()
    );
}

#[test]
fn a_stall_past_the_timeout_is_retried() {
    let Some((_, server)) = mirror() else { return };
    server.inject("/api/metadata/formtask/4711/1", [Fault::Stall(Duration::from_secs(3))]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let mut o = options(&server, &out);
    o.http.timeout = Duration::from_millis(400);
    let report = run(&o).unwrap();
    assert_eq!(server.hits("/api/metadata/formtask/4711/1"), 2);
    assert!(report.log.iter().any(|l| l.contains("timed out")), "{:?}", report.log);
    assert!(out.join("services/4711/1/detail.json").is_file());
}

#[test]
fn failures_leave_the_old_snapshot_untouched() {
    let Some((_, server)) = mirror() else { return };
    let cases: Vec<(&str, Vec<Fault>, &str)> = vec![
        ("/api/metadata/formtask/3906/141205", vec![Fault::Status(500, "Boom"); 4], "gave up after 4 attempts"),
        ("/api/metadata/formtask/4711/1/forms/5466/41779/xsd", vec![Fault::Truncate; 4], "gave up"),
        ("/api/metadata/formtask/4942/2017", vec![Fault::Stall(Duration::from_secs(2)); 4], "timed out"),
        (
            "/api/metadata/formtask/3314/1212",
            vec![Fault::Status(403, "Forbidden - The API key is not authorized")],
            "403 Forbidden - The API key",
        ),
    ];
    for (path, faults, expect) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let out = old_snapshot(tmp.path());
        server.inject(path, faults);
        let mut o = options(&server, &out);
        o.http.timeout = Duration::from_millis(300);
        let err = format!("{:#}", run(&o).unwrap_err());
        assert!(err.contains(path) && err.contains(expect), "{path}: {err}");
        assert_old_intact(tmp.path(), &out);
    }
}

#[test]
fn invalid_json_is_a_clear_error_naming_the_url() {
    let Some((_, server)) = mirror() else { return };
    for path in ["/api/metadata", "/api/metadata/formtask/4942/2017"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = old_snapshot(tmp.path());
        server.inject(path, [Fault::InvalidJson]);
        let err = format!("{:#}", run(&options(&server, &out)).unwrap_err());
        assert!(err.contains(&format!("{}{}", server.base_url().trim_end_matches("/api"), path)), "{err}");
        assert!(err.contains("invalid JSON at line 1"), "{err}");
        assert_old_intact(tmp.path(), &out);
    }
}

#[test]
fn hostile_data_format_ids_stay_inside_the_snapshot() {
    let Some((_, server)) = mirror() else { return };
    let detail = "/api/metadata/formtask/4942/2017";
    let text = String::from_utf8(server.body(detail).unwrap().to_vec()).unwrap();
    let hostile = text.replace("\"DataFormatID\":\"sofus\"", "\"DataFormatID\":\"../../../../x\"");
    assert_ne!(text, hostile);
    server.set_route(detail, Route { status: 200, content_type: "application/json".into(), body: hostile.into() });
    server.set_route(
        "/api/metadata/formtask/4942/2017/forms/..%2F..%2F..%2F..%2Fx/17091115/xsd",
        Route { status: 200, content_type: "application/xml".into(), body: "<x/>".into() },
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("a/b/snap");
    run(&options(&server, &out)).unwrap();
    let file = out.join("services/4942/2017/forms/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fx-17091115.xsd");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "<x/>");
    // Nothing was written anywhere else.
    let mut all = Vec::new();
    fn walk(d: &Path, all: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { walk(&p, all) } else { all.push(p) }
        }
    }
    walk(tmp.path(), &mut all);
    assert!(all.iter().all(|p| p.starts_with(&out)), "{all:?}");
}

#[test]
fn selection_file_and_filter_narrow_the_fetch() {
    let Some((_, server)) = mirror() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("selection.toml"), "service_owners = [\"skd\"]\nservices = [\"2365/6\"]\n").unwrap();
    let mut o = options(&server, &out);
    o.filter = Some("ServiceOwnerCode eq 'SKD'".into());
    let report = run(&o).unwrap();
    assert_eq!(report.selected, 4, "three SKD services and KRT 2365/6");
    assert!(server.requests().iter().any(|r| r.uri.contains("%24filter=ServiceOwnerCode+eq+%27SKD%27")));
    assert_eq!(server.hits("/api/metadata/formtask/3314/1212"), 0, "not selected, not fetched");
    assert!(out.join("services/2365/6/detail.json").is_file());
    assert!(out.join("selection.toml").is_file(), "the selection travels with the snapshot");
}

#[test]
fn the_committed_sample_is_exactly_what_fetch_writes() {
    let sample = workspace_root().join("schemas");
    let server = StandIn::from_snapshot(&sample);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::copy(sample.join("selection.toml"), out.join("selection.toml")).unwrap();
    std::fs::copy(sample.join("names.toml"), out.join("names.toml")).unwrap();
    let report = run(&options(&server, &out)).unwrap();
    assert_eq!(report.listed, 5);
    let want = Lock::read(&sample).unwrap();
    let got = Lock::read(&out).unwrap();
    let paths = |l: &Lock| l.entries.iter().map(|e| (e.path.clone(), e.status, e.sha256.clone())).collect::<Vec<_>>();
    assert_eq!(paths(&got), paths(&want), "same files, statuses and hashes as the committed sample");
    for e in want.entries.iter().filter(|e| e.status == 200) {
        assert_eq!(std::fs::read(out.join(&e.path)).unwrap(), std::fs::read(sample.join(&e.path)).unwrap(), "{}", e.path);
    }
    assert!(out.join("names.toml").is_file(), "the name overrides survive a fetch");
}

#[test]
fn an_unreachable_openapi_source_says_what_is_missing_and_how_to_go_without() {
    let Some((_, server)) = mirror() else { return };
    // A port that was just free: nothing serves the documents there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("fresh");
    let mut o = options(&server, &out);
    o.openapi =
        Some(fetch::OpenApiSource { base: format!("http://127.0.0.1:{port}/swagger/"), documents: vec!["altinn-api-common".into()] });
    let err = format!("{:#}", run(&o).unwrap_err());
    assert!(err.contains("cannot download the published OpenAPI documents"), "{err}");
    assert!(err.contains("--no-openapi"), "it says how to go without them: {err}");
    assert!(!out.exists(), "nothing is written to the fresh folder");
}

//! `cargo xtask fetch --altinn3` against a loopback stand-in serving the shared Altinn 3
//! catalogue: every app's metadata and every model byte for byte, the models an app does not serve
//! recorded as missing, the Altinn 2 part untouched, and faults (429, 5xx, a cut body, a stall,
//! invalid JSON, hostile ids) handled as the Altinn 2 fetch handles them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use altinn_codegen::fetch::altinn3::{self, Altinn3Options};
use altinn_codegen::fetch::http::RetryPolicy;
use altinn_codegen::fetch::progress::ProgressMode;
use altinn_codegen::snapshot::layout;
use altinn_codegen::snapshot::lock::Lock;
use altinn_codegen::snapshot::selection::Altinn3Selection;
use altinn_tests::altinn3_catalogue::{self as catalogue, ServedApp, path_of, platform_url};
use altinn_tests::shared::require_shared;
use altinn_tests::standin::{Fault, Route, StandIn};

fn served() -> Option<(StandIn, Vec<ServedApp>)> {
    let shared = require_shared("fetch --altinn3 over the shared catalogue")?;
    Some(catalogue::serve(&shared))
}

fn options(server: &StandIn, out: &Path, choose: Altinn3Selection) -> Altinn3Options {
    let mut o = Altinn3Options::new(out);
    o.platform_url = Some(platform_url(server));
    o.apps_url = Some(format!("{}/apps", platform_url(server)));
    o.choose = Some(choose);
    o.progress = ProgressMode::Quiet;
    o.http.retry = RetryPolicy { max_attempts: 4, default_delay: Duration::from_millis(5), max_delay: Duration::from_millis(50) };
    o.http.timeout = Duration::from_secs(5);
    o
}

fn all() -> Altinn3Selection {
    Altinn3Selection { all_apps: true, ..Altinn3Selection::default() }
}

fn run(o: &Altinn3Options) -> anyhow::Result<altinn3::Altinn3Report> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap().block_on(altinn3::fetch(o))
}

/// A snapshot with an Altinn 2 part and an old Altinn 3 part, to prove what a fetch leaves alone.
fn old_snapshot(root: &Path) -> PathBuf {
    let out = root.join("schemas");
    std::fs::create_dir_all(out.join("altinn3")).unwrap();
    std::fs::write(out.join("altinn.lock"), "the Altinn 2 lock").unwrap();
    std::fs::write(out.join("altinn3/altinn.lock"), "the old Altinn 3 lock").unwrap();
    std::fs::create_dir_all(out.join("altinn3/openapi")).unwrap();
    std::fs::write(out.join("altinn3/openapi/patches.toml"), "# our own patch list\n").unwrap();
    out
}

fn a3(out: &Path) -> PathBuf {
    out.join(layout::ALTINN3_DIR)
}

#[test]
fn every_app_and_model_is_stored_byte_for_byte_and_the_altinn2_part_is_untouched() {
    let Some((server, apps)) = served() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    let code = xtask::run([
        "xtask",
        "fetch",
        "--altinn3",
        "--all-apps",
        "--out",
        out.to_str().unwrap(),
        "--platform-url",
        &platform_url(&server),
        "--apps-url",
        &format!("{}/apps", platform_url(&server)),
        "--progress",
        "quiet",
        "--backoff-ms",
        "5",
    ])
    .unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(std::fs::read_to_string(out.join("altinn.lock")).unwrap(), "the Altinn 2 lock", "the Altinn 2 part is untouched");
    let part = a3(&out);
    let lock = Lock::read(&part).unwrap();
    assert!(lock.verify(&part).is_empty(), "the Altinn 3 lock matches its files");
    assert_eq!(apps.len(), 13 + 86, "the 13 folders and the 86 applications");
    let mut models = 0;
    for a in &apps {
        let (org, app) = a.id.split_once('/').unwrap();
        let stored = std::fs::read(part.join(layout::a3_app_metadata(org, app))).unwrap_or_else(|_| panic!("{} stored", a.id));
        assert_eq!(stored, a.metadata.to_vec(), "{}: metadata as served", a.id);
        for (dt, (xsd, js)) in &a.models {
            assert_eq!(std::fs::read(part.join(layout::a3_model_xsd(org, app, dt))).unwrap(), std::fs::read(xsd).unwrap(), "{} {dt}", a.id);
            if js.is_file() {
                assert_eq!(std::fs::read(part.join(layout::a3_model_json_schema(org, app, dt))).unwrap(), std::fs::read(js).unwrap());
            }
            models += 1;
        }
    }
    assert!(models >= 20, "the shared apps' models: {models}");
    // The 86 applications of the listing have form data types but no models here: recorded.
    let missing: Vec<&str> = lock.missing().map(|e| e.path.as_str()).collect();
    assert!(missing.iter().any(|p| p.starts_with("apps/ssb/") && p.ends_with(".xsd")), "{missing:?}");
    // Server-chosen names stay inside the folder (`[ORG]/[APP]` of the template app).
    assert!(part.join(layout::a3_app_metadata("[ORG]", "[APP]")).is_file());
    assert!(layout::a3_app_metadata("[ORG]", "[APP]").starts_with("apps/%5BORG%5D/"));
    assert!(part.join("README.md").is_file());
    assert_eq!(std::fs::read_to_string(part.join("openapi/patches.toml")).unwrap(), "# our own patch list\n", "our own patch list is kept");
}

#[test]
fn nothing_selected_fetches_only_the_resource_list() {
    let Some((server, _)) = served() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    let report = run(&options(&server, &out, Altinn3Selection::default())).unwrap();
    assert_eq!(report.apps, 0);
    assert!(report.resources > 90);
    assert!(a3(&out).join(layout::A3_RESOURCE_LIST).is_file());
    assert_eq!(server.requests().len(), 1, "one request: the list");
}

#[test]
fn transient_faults_are_retried_and_missing_apps_recorded() {
    let Some((server, _)) = served() else { return };
    let meta = path_of("/apps", &["ttd", "stateless-app", "api", "v1", "applicationmetadata"]);
    let xsd_path = path_of("/apps", &["ttd", "multiple-datamodels-test", "api", "xsdschema", "modell1"]);
    server.inject(
        "/resourceregistry/api/v1/resource/resourcelist",
        [Fault::Status(429, "Too Many Requests"), Fault::Status(503, "Unavailable")],
    );
    server.inject(&meta, [Fault::Truncate, Fault::Stall(Duration::from_secs(6))]);
    server.inject(&xsd_path, [Fault::Status(500, "Boom")]);
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    let choose = Altinn3Selection {
        apps: vec!["ttd/stateless-app".into(), "ttd/multiple-datamodels-test".into(), "ttd/no-such-app".into()],
        ..Altinn3Selection::default()
    };
    let report = run(&options(&server, &out, choose)).unwrap();
    assert_eq!(report.apps, 2, "{report:?}");
    assert!(report.missing.iter().any(|(s, u, _)| *s == 404 && u.contains("no-such-app")), "{:?}", report.missing);
    assert!(a3(&out).join(layout::a3_model_xsd("ttd", "multiple-datamodels-test", "modell1")).is_file());
}

#[test]
fn a_failed_fetch_leaves_the_old_altinn3_part_as_it_was() {
    let Some((server, _)) = served() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    let meta = path_of("/apps", &["ttd", "stateless-app", "api", "v1", "applicationmetadata"]);
    server.set_route(&meta, Route { status: 200, content_type: "application/json".into(), body: "{\"id\": ".into() });
    let choose = Altinn3Selection { apps: vec!["ttd/stateless-app".into()], ..Altinn3Selection::default() };
    let err = format!("{:#}", run(&options(&server, &out, choose)).unwrap_err());
    assert!(err.contains("applicationmetadata") && err.contains("invalid JSON"), "the error names the URL and the fault: {err}");
    assert_eq!(std::fs::read_to_string(out.join("altinn3/altinn.lock")).unwrap(), "the old Altinn 3 lock");
    assert_eq!(std::fs::read_to_string(out.join("altinn.lock")).unwrap(), "the Altinn 2 lock");
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|n| !n.contains("staging")), "no staging folder is left: {left:?}");

    server.inject("/resourceregistry/api/v1/resource/resourcelist", [Fault::InvalidJson]);
    let err = format!("{:#}", run(&options(&server, &out, all())).unwrap_err());
    assert!(err.contains("resourcelist"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("altinn3/altinn.lock")).unwrap(), "the old Altinn 3 lock");
}

#[test]
fn hostile_ids_stay_inside_the_snapshot_and_never_choose_a_host() {
    let Some((server, _)) = served() else { return };
    let hostile = serde_json::json!([{
        "identifier": "app_x", "resourceType": "AltinnApp",
        "resourceReferences": [{"referenceSource": "Altinn3", "referenceType": "ApplicationId", "reference": "../x"}]
    }, {
        "identifier": "app_y", "resourceType": "AltinnApp",
        "resourceReferences": [{"referenceSource": "Altinn3", "referenceType": "ApplicationId", "reference": "evil.example.com/x"}]
    }]);
    server.set_route(
        "/resourceregistry/api/v1/resource/resourcelist",
        Route { status: 200, content_type: "application/json".into(), body: serde_json::to_vec(&hostile).unwrap().into() },
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    // Without --apps-url the org code would choose the host: a value that is not a DNS label is
    // refused, so nothing but the platform is contacted.
    let mut o = options(&server, &out, all());
    o.apps_url = None;
    let report = run(&o).unwrap();
    assert_eq!(report.apps, 0);
    assert_eq!(report.skipped.len(), 2, "{report:?}");
    assert!(report.skipped.iter().any(|s| s.contains("evil.example.com")), "{report:?}");
    assert_eq!(server.requests().len(), 1, "only the list was requested");
    // With one apps URL, ids are path segments that cannot climb out.
    let report = run(&options(&server, &out, all())).unwrap();
    assert_eq!(report.missing.len(), 2, "{report:?}");
    for (_, url, path) in &report.missing {
        assert!(url.starts_with(&platform_url(&server)), "{url}");
        assert!(!path.contains("..") || path.contains("%2E"), "{path}");
        assert!(std::path::Path::new(path).components().all(|c| matches!(c, std::path::Component::Normal(_))), "{path}");
    }
}

#[test]
fn the_shared_apps_regenerate_into_a_crate_with_a_module_per_app_that_builds() {
    let Some((server, apps)) = served() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    let report = run(&options(&server, &schemas, all())).unwrap();
    assert_eq!(report.apps, apps.len());
    let krate = tmp.path().join("apps-crate");
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["xtask", "regen", "--schemas", schemas.to_str().unwrap(), "--crate", krate.to_str().unwrap()])
        .current_dir(altinn_tests::shared::workspace_root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "regen over the shared apps:\n{stderr}");
    let modules: Vec<String> = std::fs::read_dir(krate.join("src/generated/apps"))
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.file_type().unwrap().is_dir().then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    assert_eq!(modules.len(), apps.len(), "a module per app: {modules:?}");
    let root = altinn_tests::shared::workspace_root();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let build = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--offline", "--quiet", "--features", "all_apps", "--target-dir"])
        .arg(root.join("target/corpus-target"))
        .current_dir(&krate)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "the apps crate builds with all_apps under the generated crate's attributes:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

/// Every platform module the fetch knows.
fn every_document() -> Altinn3Selection {
    let platform = altinn3::PLATFORM_DOCUMENTS.iter().map(|(m, _, _)| m.to_string()).collect();
    Altinn3Selection { platform, ..Altinn3Selection::default() }
}

#[test]
fn the_platform_documents_are_stored_as_published_and_regen_emits_a_module_for_each() {
    let Some((server, _)) = served() else { return };
    let shared = require_shared("platform documents").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    // The real patch list: it repairs the published documents' defects.
    let patches = altinn_tests::shared::workspace_root().join("schemas/altinn3/openapi/patches.toml");
    std::fs::copy(&patches, out.join("altinn3/openapi/patches.toml")).unwrap();
    let mut o = options(&server, &out, every_document());
    o.openapi_source = Some(format!("{}/openapi", platform_url(&server)));
    let report = run(&o).unwrap();
    assert_eq!(report.documents, 6, "{:?}", report.documents_failed);
    assert!(report.documents_failed.is_empty());
    let part = a3(&out);
    for (_, document, _) in altinn3::PLATFORM_DOCUMENTS {
        let published = std::fs::read(shared.join(format!("altinn3/openapi/{document}.json"))).unwrap();
        assert_eq!(std::fs::read(part.join(format!("openapi/{document}.json"))).unwrap(), published, "{document} as published");
    }
    let lock = Lock::read(&part).unwrap();
    assert!(lock.verify(&part).is_empty());
    assert_eq!(lock.entries.iter().filter(|e| e.path.starts_with("openapi/")).count(), 6);

    // regen reads them: a platform module per document, every operation, no warning but the
    // Broker document's webhooks (not calls a client makes).
    let (project, diagnostics) = altinn_codegen::regen::resolve_project(&out).unwrap();
    let platform = project.platform.as_ref().expect("platform modules");
    let modules: Vec<&str> = platform.modules.iter().map(|m| m.module.as_str()).collect();
    assert_eq!(modules, ["authentication", "broker", "correspondence", "dialogporten_serviceowner", "resource_registry", "storage"]);
    let ops: usize = platform.modules.iter().map(|m| m.operations.len()).sum();
    assert_eq!(ops, 31 + 12 + 15 + 28 + 32 + 33, "every operation of the six documents");
    let warnings: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == altinn_codegen::diagnostic::Severity::Warning && d.to_string().contains("broker"))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let files = altinn_codegen::emit::emit(&project).unwrap();
    assert!(files.contains_key("platform/correspondence.rs") && files.contains_key("platform/storage.rs"));
    assert!(files["services/features.toml"].contains("all_platform = [\"platform_authentication\""));
}

#[test]
fn a_platform_document_that_cannot_be_fetched_keeps_its_old_copy() {
    let Some((server, _)) = served() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = old_snapshot(tmp.path());
    let mut o = options(&server, &out, every_document());
    o.openapi_source = Some(format!("{}/openapi", platform_url(&server)));
    run(&o).unwrap();
    let part = a3(&out);
    let before = std::fs::read(part.join("openapi/altinn-broker-v1.json")).unwrap();
    // The Broker document now answers 404, the rest are served: its old copy and lock line stay.
    server.set_route(
        "/openapi/altinn-broker-v1.json",
        altinn_tests::standin::Route { status: 404, content_type: "text/plain".into(), body: "gone".into() },
    );
    let report = run(&o).unwrap();
    assert_eq!(report.documents, 5);
    assert_eq!(report.documents_failed.len(), 1);
    assert!(report.documents_failed[0].contains("altinn-broker-v1") && report.documents_failed[0].contains("old copy stays"), "{report:?}");
    assert_eq!(std::fs::read(part.join("openapi/altinn-broker-v1.json")).unwrap(), before);
    let lock = Lock::read(&part).unwrap();
    assert!(lock.verify(&part).is_empty(), "the kept copy keeps its lock line");
    // A source that cannot be reached at all: reported per document, old copies kept, the
    // rest of the fetch done.
    o.openapi_source = Some("http://127.0.0.1:9/openapi".into());
    let report = run(&o).unwrap();
    assert_eq!(report.documents, 0);
    assert_eq!(report.documents_failed.len(), 6);
    assert!(report.apps == 0 && report.resources > 90);
    assert_eq!(std::fs::read(part.join("openapi/altinn-broker-v1.json")).unwrap(), before);
    assert!(Lock::read(&part).unwrap().verify(&part).is_empty());
}

//! `cargo bench -p altinn-tests --bench fetch_catalogue`: `cargo xtask fetch` against the loopback
//! stand-in serving a synthetic catalogue of thousands of form-task services, made from the
//! recorded shapes of `$ALTINN_SHARED/altinn/api-mirror` (a service summary, its form-task detail
//! and its form's XSD, each copied under new service codes). Wall time and peak memory of the real
//! command (a release build of xtask), for two catalogue sizes: memory that does not grow with the
//! catalogue is what "constant memory" means here. Numbers are printed, never asserted.

use std::path::PathBuf;
use std::process::Command;

use altinn_tests::shared::workspace_root;
use altinn_tests::standin::{Route, StandIn};
use serde_json::Value;
use xtask::bench::measure::{cargo, measure_ok};

const SIZES: [usize; 2] = [1000, 5000];
const CONCURRENCY: usize = 8;

fn main() {
    let root = workspace_root();
    let shared = std::env::var_os("ALTINN_SHARED").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    let mirror = shared.join("altinn/api-mirror");
    if !mirror.join("routes.tsv").is_file() {
        eprintln!("fetch_catalogue bench: {} not found (set ALTINN_SHARED); nothing measured", mirror.display());
        return;
    }
    measure_ok(cargo().args(["build", "--release", "--quiet", "-p", "xtask"]).current_dir(&root)).expect("release xtask builds");
    let xtask = root.join("target/release/xtask");

    // The template: the recorded form-task service with the smallest XSD.
    let server = StandIn::from_mirror(&mirror);
    let list: Vec<Value> = serde_json::from_slice(&server.body("/api/metadata").expect("recorded service list")).expect("JSON list");
    let mut best: Option<(usize, Value, Value, String, bytes::Bytes)> = None;
    for s in list.iter().filter(|s| s["ServiceType"] == "FormTask") {
        let (code, edition) = (s["ServiceCode"].as_str().unwrap_or(""), s["ServiceEditionCode"].as_i64().unwrap_or(0));
        let Some(detail) = server.body(&format!("/api/metadata/formtask/{code}/{edition}")) else { continue };
        let detail: Value = serde_json::from_slice(&detail).expect("detail JSON");
        let Some(form) = detail["FormsMetaData"].as_array().and_then(|f| f.first()).cloned() else { continue };
        let form_path = format!("forms/{}/{}/xsd", form["DataFormatID"].as_str().unwrap_or(""), form["DataFormatVersion"]);
        let Some(xsd) = server.body(&format!("/api/metadata/formtask/{code}/{edition}/{form_path}")) else { continue };
        if best.as_ref().is_none_or(|b| xsd.len() < b.0) {
            best = Some((xsd.len(), s.clone(), detail, form_path, xsd));
        }
    }
    let (_, summary, detail, form_path, xsd) = best.expect("a recorded form task with its XSD");

    println!("| services | files written | wall | peak memory | requests/s |");
    println!("|---:|---:|---:|---:|---:|");
    for n in SIZES {
        let mut services = Vec::with_capacity(n);
        for i in 0..n {
            let code = format!("9{i:05}");
            let mut s = summary.clone();
            s["ServiceCode"] = Value::from(code.clone());
            s["ServiceEditionCode"] = Value::from(1);
            s["ServiceOwnerCode"] = Value::from(format!("S{:02}", i % 50));
            s["ServiceName"] = Value::from(format!("Syntetisk tjeneste {i}"));
            let mut d = detail.clone();
            d["ServiceCode"] = s["ServiceCode"].clone();
            d["ServiceEditionCode"] = Value::from(1);
            d["ServiceOwnerCode"] = s["ServiceOwnerCode"].clone();
            let json = |v: &Value| Route {
                status: 200,
                content_type: "application/json; charset=utf-8".into(),
                body: serde_json::to_vec(v).unwrap().into(),
            };
            server.set_route(&format!("/api/metadata/formtask/{code}/1"), json(&d));
            server.set_route(
                &format!("/api/metadata/formtask/{code}/1/{form_path}"),
                Route { status: 200, content_type: "application/xml".into(), body: xsd.clone() },
            );
            server.add_route(
                "/api/metadata/rolerequirements",
                vec![("serviceCode".into(), code.clone()), ("serviceEditionCode".into(), "1".into())],
                json(&Value::Array(Vec::new())),
            );
            services.push(s);
        }
        server.set_route(
            "/api/metadata",
            Route {
                status: 200,
                content_type: "application/json; charset=utf-8".into(),
                body: serde_json::to_vec(&services).unwrap().into(),
            },
        );
        server.set_page_cap(Some(1000));
        let out = tempfile::tempdir().expect("temp dir");
        let snapshot = out.path().join("schemas");
        let m = measure_ok(
            Command::new(&xtask)
                .args(["fetch", "--no-openapi", "--progress", "quiet", "--concurrency", &CONCURRENCY.to_string(), "--base-url"])
                .arg(server.base_url())
                .arg("--out")
                .arg(&snapshot),
        )
        .expect("fetch succeeds");
        let files = std::fs::read_to_string(snapshot.join("altinn.lock"))
            .map(|t| t.lines().filter(|l| !l.starts_with('#')).count().saturating_sub(1))
            .unwrap_or(0);
        let requests = server.requests().len();
        println!("| {n} | {files} | {:.2} s | {:.0} MB | {:.0} |", m.seconds, m.max_rss_mb(), requests as f64 / m.seconds);
        server.clear_log();
    }
    println!("fetch: concurrency {CONCURRENCY}, one form XSD of {} bytes per service, release build of xtask", xsd.len());
}

//! A user's own generated crate, as a user makes it: a real selection (`SKD` and `NAV`) fetched
//! over the recorded mirror with the published OpenAPI documents, `regen --crate DIR` into a
//! folder of their own, and a build of that crate with every service on, under the crate
//! attributes every generated crate has. The tool itself never needs a generated crate to build.

use std::path::Path;
use std::process::{Command, ExitCode};

use altinn_codegen::fetch;
use altinn_tests::shared::{require_shared, workspace_root};
use altinn_tests::standin::{Route, StandIn};

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

#[test]
fn a_real_selection_regenerates_into_a_crate_of_its_own_that_builds() {
    let Some(shared) = require_shared("a_real_selection_regenerates_into_a_crate_of_its_own_that_builds") else { return };
    let server = StandIn::from_mirror(&shared.join("altinn/api-mirror"));
    for name in fetch::PUBLISHED_OPENAPI_DOCUMENTS {
        let path = shared.join(format!("altinn/openapi/{name}.json"));
        if let Ok(body) = std::fs::read(&path) {
            server.set_route(
                &format!("/swagger/{name}.json"),
                Route { status: 200, content_type: "application/json".into(), body: body.into() },
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let schemas = tmp.path().join("schemas");
    std::fs::create_dir_all(schemas.join("openapi")).unwrap();
    std::fs::write(schemas.join("selection.toml"), "service_owners = [\"SKD\", \"NAV\"]\nservices = []\n").unwrap();
    for own in altinn_codegen::snapshot::layout::OWN_OPENAPI_FILES {
        std::fs::copy(workspace_root().join("schemas").join(own), schemas.join(own)).unwrap();
    }
    let openapi_base = server.base_url().replace("/api", "/swagger/");
    let code = xtask::run([
        "xtask",
        "fetch",
        "--base-url",
        &server.base_url(),
        "--out",
        schemas.to_str().unwrap(),
        "--progress",
        "quiet",
        "--backoff-ms",
        "5",
        "--openapi-base",
        &openapi_base,
    ])
    .unwrap();
    assert_eq!(code, ExitCode::SUCCESS);

    let krate = tmp.path().join("my-altinn");
    let code = xtask::run(["xtask", "regen", "--schemas", schemas.to_str().unwrap(), "--crate", krate.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS, "the real selection regenerates without warnings");
    let lib = std::fs::read_to_string(krate.join("src/lib.rs")).unwrap();
    assert!(lib.contains("#![deny(warnings)]") && lib.contains("#![warn(missing_docs)]"), "{lib}");
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("owner_skd = [") && manifest.contains("all_services = ["), "{manifest}");
    let services = std::fs::read_dir(krate.join("src/generated/services")).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert!(services >= 4, "a module per selected service with forms: {services}");

    // Built as the user builds it: every service on, the crate's own attributes, warnings denied.
    std::fs::copy(workspace_root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let out = cargo()
        .args(["build", "--offline", "--quiet", "--features", "all_services", "--target-dir"])
        .arg(workspace_root().join("target/corpus-target"))
        .current_dir(&krate)
        .env("RUSTFLAGS", "")
        .output()
        .unwrap();
    assert!(out.status.success(), "the user's crate builds:\n{}", String::from_utf8_lossy(&out.stderr));

    // And regen --check holds for it, as in the user's CI.
    let code =
        xtask::run(["xtask", "regen", "--schemas", schemas.to_str().unwrap(), "--crate", krate.to_str().unwrap(), "--check"]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
}

#[test]
fn the_tool_does_not_depend_on_any_generated_crate() {
    // `cargo xtask` must build whatever state a generated crate is in (broken, half-written,
    // stale features), so no generated crate may be in its dependency graph.
    let out = cargo()
        .args(["tree", "--offline", "-p", "xtask", "--edges", "normal,build", "--prefix", "none", "--format", "{p}"])
        .current_dir(workspace_root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.lines().any(|l| l.starts_with("altinn-runtime ")), "xtask uses the runtime crate: {tree}");
    assert!(!tree.lines().any(|l| l.starts_with("altinn-generated ")), "xtask depends on altinn-generated:\n{tree}");
}

#[test]
fn a_broken_generated_crate_does_not_stop_regen_from_repairing_it() {
    // The state seen by a user: generated sources reverted, features stale. regen into a copy
    // of the crate repairs it (the tool is built without it).
    let tmp = tempfile::tempdir().unwrap();
    let krate = tmp.path().join("altinn-generated");
    std::fs::create_dir_all(krate.join("src/generated")).unwrap();
    std::fs::write(krate.join("src/generated/mod.rs"), "this is not rust").unwrap();
    std::fs::write(krate.join("src/lib.rs"), "pub mod generated;").unwrap();
    let code = xtask::run(["xtask", "regen", "--crate", krate.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(Path::new(&krate.join("Cargo.toml")).is_file());
    assert_eq!(std::fs::read_to_string(krate.join("src/lib.rs")).unwrap(), altinn_codegen::emit::crate_root::lib_rs());
    let code = xtask::run(["xtask", "regen", "--crate", krate.to_str().unwrap(), "--check"]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
}

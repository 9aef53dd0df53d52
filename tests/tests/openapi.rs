//! Every operation of Altinn's published OpenAPI documents (`../shared/altinn/openapi`) and of
//! our own document (`schemas/openapi/`) generates Rust that compiles. Each defect of the
//! published documents is repaired by an entry of `schemas/openapi/patches.toml`, and every
//! entry is used.

use std::path::PathBuf;
use std::process::Command;

use altinn_tests::shared::{require_shared, workspace_root};

#[test]
fn every_published_and_own_operation_generates_and_compiles() {
    let Some(shared) = require_shared("every_published_and_own_operation_generates_and_compiles") else { return };
    let root = workspace_root();
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("altinn/openapi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    let own: Vec<PathBuf> = std::fs::read_dir(root.join("schemas/openapi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    assert!(!own.is_empty(), "schemas/openapi holds our own document");
    files.extend(own);
    files.sort();
    let patches = root.join("schemas/openapi/patches.toml");
    let (model, notes) = altinn_codegen::resolve::openapi::read_api_files(
        &altinn_codegen::snapshot::Disk,
        &files,
        &patches,
        altinn_codegen::parse::openapi::Api::Altinn2,
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    let listed = altinn_codegen::resolve::openapi::read_patches(&altinn_codegen::snapshot::Disk, &patches).unwrap().len();
    let applied = notes.iter().filter(|n| n.contains(": patched: ")).count();
    assert_eq!(applied, listed, "every patch applies: {notes:#?}");

    let ops: usize = model.modules.iter().map(|m| m.operations.len()).sum();
    let published: usize = model.modules.iter().filter(|m| m.document != "altinn-enduser-v0").map(|m| m.operations.len()).sum();
    let per: Vec<(String, usize)> = model.modules.iter().map(|m| (m.document.clone(), m.operations.len())).collect();
    assert_eq!(published, 67, "all operations of the eight published documents with paths: {per:?}");
    assert!(ops > published + 30, "our own document adds the rest of the API: {ops}");

    // One crate holding every module, built with the runtime under the generated crates' own
    // attributes.
    let work = root.join("target/openapi-test");
    let src = work.join("src/api");
    let _ = std::fs::remove_dir_all(work.join("src"));
    std::fs::create_dir_all(&src).unwrap();
    let mut out = altinn_codegen::emit::Files::new();
    altinn_codegen::emit::api::emit_api(&model, &mut out).unwrap();
    for (path, text) in &out {
        std::fs::write(work.join("src").join(path), text).unwrap();
    }
    std::fs::write(
        work.join("src/lib.rs"),
        // The crate attributes users get, not a laxer set.
        format!(
            "//! Every operation of the published documents.\n{}pub use altinn_runtime as runtime;\npub use altinn_runtime::string_enum;\npub mod api;\n",
            altinn_codegen::emit::crate_root::CRATE_ATTRIBUTES
        ),
    )
    .unwrap();
    let runtime = root.join("altinn-runtime");
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[package]\nname = \"altinn-openapi-test\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
             altinn-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\nfutures = \"0.3\"\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--offline", "--quiet", "--target-dir"])
        .arg(root.join("target/corpus-target"))
        .current_dir(&work)
        .status()
        .unwrap();
    assert!(status.success(), "the generated API modules compile (see target/openapi-test)");
}

/// `cargo xtask corpus --openapi-root` over `dir` with `patches`; the report's JSON.
fn openapi_corpus(name: &str, dir: &std::path::Path, patches: &std::path::Path, api: &str) -> serde_json::Value {
    let root = workspace_root();
    let report = root.join(format!("target/{name}/report.json"));
    let work = root.join(format!("target/{name}/crate"));
    let code = xtask::run([
        "xtask",
        "corpus",
        "--openapi-root",
        dir.to_str().unwrap(),
        "--patches",
        patches.to_str().unwrap(),
        "--api",
        api,
        "--report",
        report.to_str().unwrap(),
        "--work",
        work.to_str().unwrap(),
    ])
    .unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap()
}

#[test]
fn every_operation_of_the_altinn3_platform_documents_generates_and_compiles() {
    let Some(shared) = require_shared("every_operation_of_the_altinn3_platform_documents_generates_and_compiles") else { return };
    let r = openapi_corpus(
        "openapi-altinn3",
        &shared.join("altinn3/openapi"),
        &workspace_root().join("schemas/altinn3/openapi/patches.toml"),
        "altinn3",
    );
    let t = &r["totals"];
    assert_eq!(t["documents"], 9, "{t}");
    assert_eq!(t["operations_generated"], t["operations"], "every operation generates: {t}");
    assert!(t["operations"].as_u64().unwrap() >= 270, "{t}");
    assert_eq!(t["compiled"], t["documents"], "every module compiles under the generated crates' attributes: {r:#}");
    assert_eq!(t["patches"], 11, "every patch of the Altinn 3 list applies: {t}");
    for d in r["documents"].as_array().unwrap() {
        assert!(d["error"].is_null(), "{d:#}");
    }
    // The two documents that declare OpenAPI 3.1.0 are among them.
    let v31 = r["documents"].as_array().unwrap().iter().filter(|d| d["openapi"] == "3.1.0").count();
    assert_eq!(v31, 2);
}

#[test]
fn the_harness_reports_the_altinn2_documents_as_today() {
    let Some(shared) = require_shared("the_harness_reports_the_altinn2_documents_as_today") else { return };
    let r = openapi_corpus(
        "openapi-altinn2",
        &shared.join("altinn/openapi"),
        &workspace_root().join("schemas/openapi/patches.toml"),
        "altinn2",
    );
    let t = &r["totals"];
    assert_eq!(t["operations_generated"], 67, "{t}");
    assert_eq!(t["compiled"], t["documents"], "{r:#}");
}

/// A 3.1 document with what neither 3.0 nor a Rust type can say: every such construct is
/// named in a warning with its document, JSON pointer and construct, and becomes a JSON value;
/// the rest generates as typed code on the Altinn 3 client. (A reference to nothing is a
/// defect the lint stops at, to be patched.)
#[test]
fn constructs_that_cannot_be_typed_are_named_by_document_pointer_and_construct() {
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "servers": [{ "url": "https://platform.altinn.no/things/api/v1" }],
        "paths": { "/things/{id}": { "get": {
            "operationId": "GetThing",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } }
        } } },
        "components": { "schemas": { "Thing": { "type": "object", "properties": {
            "either": { "oneOf": [ { "type": "object", "properties": { "a": { "type": "string" } } }, { "type": "object", "properties": { "b": { "type": "integer" } } } ] },
            "several": { "type": ["string", "integer"] },
            "name": { "type": ["string", "null"] },
            "kind": { "const": "thing" }
        } } } }
    });
    let (model, notes) = resolve_altinn3(&doc);
    let mut notes = notes;
    notes.sort();
    assert_eq!(
        notes,
        [
            "things: /components/schemas/Thing/properties/either/oneOf: ThingEither: a oneOf of several schemas is kept as a JSON value",
            "things: /components/schemas/Thing/properties/several: `type: [string, integer]` (several types) is kept as a JSON value",
        ]
    );
    let m = &model.modules[0];
    assert_eq!(m.module, "things");
    assert_eq!(m.operations[0].path, "things/api/v1/things/{id}", "the server's base path comes first");
    let text = altinn_codegen::emit::api::module_file(m).unwrap();
    assert!(text.contains("use crate::runtime::altinn3::platform as rt;"), "{text}");
    assert!(text.contains("pub name: Option<String>"), "a nullable string is an optional string");
    assert!(text.contains("pub either: Option<::serde_json::Value>"));
    assert!(text.contains("ThingKind"), "a const is an enumeration of one value: {text}");
}

/// A defect no patch repairs names the patch list that was read, not a default one.
#[test]
fn an_unrepaired_defect_names_the_patch_list_that_was_read() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "servers": [{ "url": "https://platform.altinn.no/things" }],
        "paths": { "/x": { "get": { "responses": { "200": { "description": "ok", "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Nowhere" } } } } } } } }
    });
    let file = tmp.path().join("things.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let list = tmp.path().join("my-patches.toml");
    std::fs::write(&list, "").unwrap();
    let err = altinn_codegen::resolve::openapi::read_api_files(
        &altinn_codegen::snapshot::files::Disk,
        &[file],
        &list,
        altinn_codegen::parse::openapi::Api::Altinn3,
    )
    .unwrap_err();
    let text = format!("{err:#}");
    assert!(text.contains(&format!("patch list {}", list.display())), "{text}");
    assert!(text.contains("things.json#/paths/~1x/get/responses/200/content/application~1json/schema"), "{text}");
    assert!(!text.contains("schemas/altinn3/openapi/patches.toml"), "{text}");
}

/// Generated endpoint modules name `Option`, `String`, `Vec` and `Box` unqualified: a schema
/// named like one of them takes another name, so it cannot shadow the prelude.
#[test]
fn schemas_named_like_the_prelude_do_not_shadow_it() {
    let doc = serde_json::json!({
        "openapi": "3.0.1",
        "info": { "title": "t", "version": "1" },
        "servers": [{ "url": "https://platform.altinn.no/things/api/v1" }],
        "paths": { "/things": { "get": {
            "operationId": "GetThings",
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Option" } } } } }
        } } },
        "components": { "schemas": {
            "Option": { "type": "object", "properties": { "value": { "$ref": "#/components/schemas/String" } } },
            "String": { "type": "object", "properties": { "text": { "type": "string" } } }
        } }
    });
    let (model, _) = resolve_altinn3(&doc);
    let text = altinn_codegen::emit::api::module_file(&model.modules[0]).unwrap();
    for shadow in ["pub struct Option ", "pub struct String ", "pub struct Option{", "pub struct String{"] {
        assert!(!text.contains(shadow), "{shadow}: {text}");
    }
    assert!(text.contains("pub text: Option<String>"), "{text}");
    assert!(text.contains("From `components/schemas/String`"), "the schema keeps a type of its own: {text}");
}

/// An Altinn 3 document `things.json` resolved on its own (no patches): its model and notes.
fn resolve_altinn3(doc: &serde_json::Value) -> (altinn_codegen::model::api::ApiModel, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("things.json");
    std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
    altinn_codegen::resolve::openapi::read_api_files(
        &altinn_codegen::snapshot::Disk,
        &[file],
        &tmp.path().join("patches.toml"),
        altinn_codegen::parse::openapi::Api::Altinn3,
    )
    .unwrap()
}

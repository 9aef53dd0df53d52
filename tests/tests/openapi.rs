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
    let (model, notes) = altinn_codegen::resolve::openapi::read_api_files(&files, &patches).unwrap_or_else(|e| panic!("{e:#}"));
    let listed = altinn_codegen::parse::openapi::read_patches(&patches).unwrap().len();
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

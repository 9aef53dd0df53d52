//! The W3C suite's invalid-schema sample (`../shared/w3c-invalid`, 838 tests) through the
//! generator: none panics or times out, each rejection or warning names its file and line, and
//! `docs/w3c-invalid-results.md` is what the run produces.

use std::process::ExitCode;

use altinn_tests::shared::{require_shared, workspace_root};

#[test]
fn no_invalid_schema_crashes_or_hangs_the_generator() {
    let Some(shared) = require_shared("no_invalid_schema_crashes_or_hangs_the_generator") else { return };
    let root = workspace_root();
    let report = root.join("target/w3c-invalid/report.json");
    let summary = root.join("target/w3c-invalid/summary.md");
    let tsv = shared.join("w3c-invalid/invalid.tsv");
    let code = xtask::run([
        "xtask",
        "corpus",
        "--invalid",
        tsv.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--summary",
        summary.to_str().unwrap(),
    ])
    .unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let t = &r["totals"];
    assert_eq!(t["tests"], 838, "{t}");
    assert_eq!(t["panicked"], 0, "no panic: {t}");
    assert_eq!(t["timed_out"], 0, "no hang: {t}");
    let refused = t["rejected"].as_u64().unwrap() + t["warned"].as_u64().unwrap();
    assert!(t["names_place"].as_u64().unwrap() * 100 >= refused * 98, "errors and warnings name file and line: {t}");
    let committed = std::fs::read_to_string(root.join("docs/w3c-invalid-results.md")).unwrap();
    assert_eq!(committed, std::fs::read_to_string(&summary).unwrap(), "run `{}` and commit the result", xtask::INVALID_COMMAND);
}

//! Finding `../shared` (the real Altinn corpus), which is never copied into the repository.
//!
//! `ALTINN_SHARED` may point elsewhere. A test that needs the corpus and cannot find it fails when
//! `CI=true` and skips loudly otherwise.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_path_buf()
}

/// The shared corpus folder, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ALTINN_SHARED") {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("../shared"),
    };
    dir.join("altinn/README.md").is_file().then(|| dir.canonicalize().unwrap_or(dir))
}

/// True when running under CI.
pub fn in_ci() -> bool {
    std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false)
}

/// The shared corpus, or `None` after a loud skip message (a panic under `CI=true`).
pub fn require_shared(test: &str) -> Option<PathBuf> {
    match shared_dir() {
        Some(d) => Some(d),
        None if in_ci() => {
            panic!("{test}: the shared corpus is missing (looked in $ALTINN_SHARED or ../shared beside the workspace) and CI=true")
        }
        None => {
            eprintln!(
                "\n*** SKIPPED {test}: the shared corpus was not found (set ALTINN_SHARED or put ../shared beside the workspace) ***\n"
            );
            None
        }
    }
}

/// Runs `cargo xtask corpus` over `xsd_root` (with a pairs file, and the `oracles.tsv` beside it
/// for the JSON checks) into `target/<name>/` and returns the JSON report.
pub fn run_corpus(name: &str, xsd_root: &Path, pairs: &Path) -> serde_json::Value {
    let report = workspace_root().join(format!("target/{name}/report.json"));
    let summary = workspace_root().join(format!("target/{name}/samples.md"));
    let json_summary = workspace_root().join(format!("target/{name}/json.md"));
    let oracles = pairs.with_file_name("oracles.tsv");
    let work = workspace_root().join(format!("target/{name}/crate"));
    let code = xtask::run(
        [
            "xtask",
            "corpus",
            "--xsd-root",
            xsd_root.to_str().unwrap(),
            "--pairs",
            pairs.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--work",
            work.to_str().unwrap(),
            "--summary",
            summary.to_str().unwrap(),
        ]
        .into_iter()
        .map(str::to_string)
        .chain(
            oracles
                .is_file()
                .then(|| {
                    [
                        "--json-oracles".to_string(),
                        oracles.display().to_string(),
                        "--json-summary".into(),
                        json_summary.display().to_string(),
                    ]
                })
                .into_iter()
                .flatten(),
        ),
    )
    .expect("cargo xtask corpus runs");
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    serde_json::from_slice(&std::fs::read(&report).expect("report written")).expect("report is JSON")
}

/// Copies the folder `from` to `to` (created), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

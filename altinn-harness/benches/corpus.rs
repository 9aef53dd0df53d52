//! `cargo bench -p altinn-codegen --bench corpus`: whole-corpus generation throughput, and the
//! build time of the crate it generates. Medians of several runs on this machine; no timed tests.
//!
//! - generation: parse, resolve, emit and print every `.xsd` under `$ALTINN_SHARED/altinn/xsd`
//!   (default `../shared`), 5 runs after a warm-up; MB/s over the schema bytes.
//! - build: `cargo build` of the generated corpus crate (dependencies already built), 3 runs,
//!   each after `cargo clean -p altinn-corpus`. Skipped with `ALTINN_BENCH_SKIP_BUILD=1`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use altinn_harness::corpus::{self, CorpusOptions, find_xsds, generate_module};
use altinn_harness::process::{Limits, cargo, output_within};

/// Runs a cargo step within its limit; a failure or a time-out ends the bench.
fn succeeds(mut cmd: Command, limit: Duration) {
    let shown = format!("{cmd:?}");
    match output_within(&mut cmd, None, limit, &shown).unwrap() {
        Ok(out) => assert!(out.status.success(), "{shown} failed:\n{}", String::from_utf8_lossy(&out.stderr)),
        Err(t) => panic!("{t}"),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let shared = std::env::var_os("ALTINN_SHARED").map(PathBuf::from).unwrap_or_else(|| workspace.join("../shared"));
    let root = shared.join("altinn/xsd");
    if !root.is_dir() {
        eprintln!("corpus bench: {} not found (set ALTINN_SHARED); nothing measured", root.display());
        return;
    }
    let files = find_xsds(&root).unwrap();
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    let run = || {
        let started = Instant::now();
        let mut lines = 0;
        for f in &files {
            let (text, _, _) = generate_module(f, "altinn_runtime::xml").unwrap();
            lines += text.lines().count();
        }
        (started.elapsed().as_secs_f64(), lines)
    };
    let (_, lines) = run(); // warm-up
    let times: Vec<f64> = (0..5).map(|_| run().0).collect();
    let t = median(times.clone());
    println!(
        "generation: {} schemas, {:.2} MB in, {lines} lines out; median {:.3} s of 5 ({:.2} MB/s; runs {:?})",
        files.len(),
        bytes as f64 / 1e6,
        t,
        bytes as f64 / 1e6 / t,
        times.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>()
    );

    if std::env::var_os("ALTINN_BENCH_SKIP_BUILD").is_some() {
        return;
    }
    let work = workspace.join("target/bench-corpus");
    let target = workspace.join("target/corpus-target");
    std::fs::create_dir_all(&work).unwrap();
    let options = CorpusOptions {
        xsd_root: root.clone(),
        work: work.clone(),
        runtime_crate: workspace.join("altinn-runtime"),
        lockfile: Some(workspace.join("Cargo.lock")),
        target_dir: Some(target.clone()),
        build: true,
        pairs: None,
        by_namespace: true,
        samples: false,
        jobs: 0,
        json_oracles: None,
        limits: Limits::default(),
        xmllint: "xmllint".into(),
    };
    // The first build compiles dependencies and checks everything builds.
    let report = corpus::run(&options).unwrap();
    assert_eq!(report.totals()["compiled"], report.totals()["schemas"], "the corpus crate must build");
    let mut builds = Vec::new();
    for _ in 0..3 {
        let mut clean = cargo();
        clean.args(["clean", "--quiet", "-p", "altinn-corpus", "--target-dir"]).arg(&target).current_dir(&work);
        succeeds(clean, Limits::PROGRAM);
        let started = Instant::now();
        let mut build = cargo();
        build.args(["build", "--quiet", "--offline", "--target-dir"]).arg(&target).current_dir(&work);
        succeeds(build, Limits::BUILD);
        builds.push(started.elapsed().as_secs_f64());
    }
    println!(
        "generated crate build (debug, dependencies built): median {:.1} s of 3 (runs {:?})",
        median(builds.clone()),
        builds.iter().map(|x| format!("{x:.1}")).collect::<Vec<_>>()
    );
}

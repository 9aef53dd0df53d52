//! `cargo bench -p altinn-harness --bench xml`: read and write throughput (MB/s) of the generated
//! types on the largest real instances of `$ALTINN_SHARED/altinn/pairs.tsv` (default
//! `../shared`), beside a bare quick-xml event loop over the same bytes. Medians of 9 samples.
//! No timed tests: numbers are printed, never asserted.

use std::path::{Path, PathBuf};

use altinn_harness::speed::{self, SpeedOptions};

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let shared = std::env::var_os("ALTINN_SHARED").map(PathBuf::from).unwrap_or_else(|| workspace.join("../shared"));
    let pairs = shared.join("altinn/pairs.tsv");
    if !pairs.is_file() {
        eprintln!("xml bench: {} not found (set ALTINN_SHARED); nothing measured", pairs.display());
        return;
    }
    let cases = speed::largest_instances(&pairs, 3).unwrap();
    let options = SpeedOptions {
        work: workspace.join("target/bench-xml"),
        runtime_crate: workspace.join("altinn-runtime"),
        lockfile: Some(workspace.join("Cargo.lock")),
        target_dir: Some(workspace.join("target/corpus-target")),
        limits: Default::default(),
    };
    std::fs::create_dir_all(&options.work).unwrap();
    let results = speed::run(&cases, &options).unwrap();
    print!("{}", speed::markdown_table(&results));
}

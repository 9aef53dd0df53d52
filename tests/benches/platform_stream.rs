//! `cargo bench -p altinn-tests --bench platform_stream`: a 1 GiB Broker file transfer through the
//! generated `platform::broker` module, streamed both ways, against the loopback stand-in: the
//! `broker_transfer` example (a release build) uploads the file from disk and downloads it to disk,
//! comparing SHA-256. Wall time (median of three runs), throughput (2 GiB moved per run) and the
//! example's peak memory. Numbers are printed, never asserted.

use altinn_tests::altinn3_standin::{self as a3, Altinn3StandIn};
use altinn_tests::shared::workspace_root;
use xtask::bench::measure::{cargo, measure_ok, median};

const SIZE_MIB: u64 = 1024;
const RUNS: usize = 3;

fn main() {
    let root = workspace_root();
    measure_ok(
        cargo()
            .args([
                "build",
                "--release",
                "--quiet",
                "-p",
                "altinn-generated",
                "--example",
                "broker_transfer",
                "--features",
                "platform_broker",
            ])
            .current_dir(&root),
    )
    .expect("the example builds");
    let exe = root.join("target/release/examples/broker_transfer");
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let s = rt.block_on(Altinn3StandIn::start(&[]));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let key = root.join("tests/tests/fixtures/maskinporten/client-key.pem");
    let mut seconds = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..RUNS {
        let m = measure_ok(
            std::process::Command::new(&exe)
                .args(["--resource", "ttd-broker-files", "--sender", "310000001", "--recipient", "910000000"])
                .args(["--size-mb", &SIZE_MIB.to_string(), "--dir", dir.path().to_str().expect("a UTF-8 path")])
                .args(["--platform-url", &s.base, "--maskinporten-url", &s.maskinporten_issuer])
                .env("MASKINPORTEN_CLIENT_ID", a3::CLIENT_ID)
                .env("MASKINPORTEN_KID", a3::KID)
                .env("MASKINPORTEN_KEY_FILE", &key),
        )
        .expect("the transfer succeeds");
        seconds.push(m.seconds);
        peaks.push(m.max_rss_mb());
    }
    let wall = median(&seconds);
    println!(
        "| file | runs | median wall (write, upload, download, compare) | 2 × file / wall (a lower bound of the transfer rate) | peak memory (max of runs) |"
    );
    println!("|---:|---:|---:|---:|---:|");
    println!(
        "| {SIZE_MIB} MiB | {RUNS} | {wall:.1} s | {:.0} MiB/s | {:.0} MB |",
        (2 * SIZE_MIB) as f64 / wall,
        peaks.iter().cloned().fold(0.0, f64::max)
    );
    println!("largest chunk the stand-in received: {} bytes", s.platform.largest_chunk());
}

//! The examples of the generated crate (`altinn-generated/examples/`) run as a user runs them:
//! `cargo run --example NAME`, `--help` on standard output, and the real task against the
//! loopback stand-in.

use std::process::{Command, Output};

use altinn_tests::api_standin::{self as standin, ApiStandIn};
use altinn_tests::shared::workspace_root;

/// `cargo run -p altinn-generated --example NAME --features FEATURES -- ARGS`.
fn example(name: &str, features: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["run", "--quiet", "-p", "altinn-generated", "--example", name, "--features", features, "--"])
        .args(args)
        .current_dir(workspace_root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("cargo runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn submit_form_submits_against_the_stand_in() {
    let help = example("submit_form", "ttd_5001_1", &["--help"], &[]);
    assert!(help.status.success() && text(&help.stdout).contains("Usage: submit_form"), "{}", text(&help.stderr));

    let s = ApiStandIn::start().await;
    let env = [("ALTINN_API_KEY", standin::API_KEY), ("ALTINN_USER", standin::USER.0), ("ALTINN_PASSWORD", standin::USER.1)];
    let base = s.base.clone();
    let out = tokio::task::spawn_blocking(move || example("submit_form", "ttd_5001_1", &["--base-url", &base, "--sign"], &env)).await.unwrap();
    assert!(out.status.success(), "submit_form failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("created a101") && text(&out.stdout).contains("Completed"), "{}", text(&out.stdout));
    s.seen(|seen| {
        assert_eq!(seen.attachments.len(), 1);
        assert!(seen.requests.iter().any(|r| r == "PUT 910000000/messages/a101?complete=true&sign=true"), "{:?}", seen.requests);
    });
}

#[test]
fn form_by_hand_builds_validates_writes_and_reads_back() {
    let help = example("form_by_hand", "ttd_5001_1", &["--help"], &[]);
    assert!(help.status.success() && !help.stdout.is_empty(), "{}", text(&help.stderr));
    let out = example("form_by_hand", "ttd_5001_1", &[], &[]);
    assert!(out.status.success(), "form_by_hand failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("<melding"), "it prints the XML it wrote: {}", text(&out.stdout));
}

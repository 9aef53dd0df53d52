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
    let out =
        tokio::task::spawn_blocking(move || example("submit_form", "ttd_5001_1", &["--base-url", &base, "--sign"], &env)).await.unwrap();
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

#[tokio::test(flavor = "multi_thread")]
async fn submit_app_submits_to_the_sample_app_with_a_maskinporten_system_user() {
    use altinn_tests::altinn3_standin::{self as a3, Altinn3StandIn};
    let help = example("submit_app", "app_ttd_codegen_sample", &["--help"], &[]);
    assert!(help.status.success() && text(&help.stdout).contains("Usage: submit_app"), "{}", text(&help.stderr));

    let s = Altinn3StandIn::start(&[altinn_generated::generated::apps::ttd_codegen_sample::APP]).await;
    let key = workspace_root().join("tests/tests/fixtures/maskinporten/client-key.pem");
    let (base, issuer) = (s.base.clone(), s.maskinporten_issuer.clone());
    let key = key.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking(move || {
        example(
            "submit_app",
            "app_ttd_codegen_sample",
            &["--org-number", a3::ORG_NUMBER, "--platform-url", &base, "--apps-url", &base, "--maskinporten-url", &issuer],
            &[("MASKINPORTEN_CLIENT_ID", a3::CLIENT_ID), ("MASKINPORTEN_KID", a3::KID), ("MASKINPORTEN_KEY_FILE", &key)],
        )
    })
    .await
    .unwrap();
    assert!(out.status.success(), "submit_app failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).starts_with("submitted "), "{}", text(&out.stdout));
    // A system user's grant, exchanged for an Altinn token, then the lifecycle in order.
    let grants = s.grants();
    assert_eq!(grants.len(), 1, "one grant, cached for every call");
    assert_eq!(grants[0].claims["authorization_details"][0]["type"], "urn:altinn:systemuser", "{:?}", grants[0].claims);
    assert_eq!(grants[0].claims["authorization_details"][0]["systemuser_org"]["ID"], format!("0192:{}", a3::ORG_NUMBER));
    assert_eq!(s.exchanges().len(), 1);
    let calls = s.app_requests();
    assert!(calls.iter().any(|c| c.starts_with("POST /ttd/codegen-sample/instances")), "{calls:?}");
    assert!(calls.iter().any(|c| c.contains("/process/next")), "{calls:?}");
}

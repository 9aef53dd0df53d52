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

/// Maskinporten's environment variables for the stand-in's client.
fn maskinporten_env() -> Vec<(&'static str, String)> {
    use altinn_tests::altinn3_standin as a3;
    let key = workspace_root().join("tests/tests/fixtures/maskinporten/client-key.pem");
    vec![
        ("MASKINPORTEN_CLIENT_ID", a3::CLIENT_ID.to_string()),
        ("MASKINPORTEN_KID", a3::KID.to_string()),
        ("MASKINPORTEN_KEY_FILE", key.to_str().unwrap().to_string()),
    ]
}

/// Runs a platform example against the stand-in `s` with Maskinporten's variables.
async fn platform_example(
    s: &altinn_tests::altinn3_standin::Altinn3StandIn,
    name: &'static str,
    feature: &'static str,
    args: Vec<String>,
) -> Output {
    let mut all = vec!["--platform-url".to_string(), s.base.clone(), "--maskinporten-url".into(), s.maskinporten_issuer.clone()];
    all.extend(args);
    tokio::task::spawn_blocking(move || {
        let env = maskinporten_env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        example(name, feature, &args, &env)
    })
    .await
    .unwrap()
}

fn help_works(name: &str, feature: &str) {
    let help = example(name, feature, &["--help"], &[]);
    assert!(help.status.success() && text(&help.stdout).contains(&format!("Usage: {name}")), "{name} --help: {}", text(&help.stderr));
    assert!(text(&help.stdout).contains("MASKINPORTEN_KEY_FILE") || name == "search_resources", "{name} --help names its credentials");
}

#[tokio::test(flavor = "multi_thread")]
async fn send_correspondence_sends_with_a_streamed_attachment_and_reads_the_status() {
    use altinn_tests::altinn3_standin::Altinn3StandIn;
    help_works("send_correspondence", "platform_correspondence");
    let s = Altinn3StandIn::start(&[]).await;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("rapport.pdf");
    std::fs::write(&file, b"%PDF-1.4 a report\n").unwrap();
    let args = vec![
        "--resource".into(),
        "ttd-correspondence".into(),
        "--sender".into(),
        "310000001".into(),
        "--recipient".into(),
        "urn:altinn:organization:identifier-no:910000000".into(),
        "--recipient".into(),
        "urn:altinn:person:identifier-no:01017012345".into(),
        "--file".into(),
        file.to_str().unwrap().into(),
    ];
    let out = platform_example(&s, "send_correspondence", "platform_correspondence", args).await;
    assert!(out.status.success(), "send_correspondence failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("18 bytes, Published"), "{stdout}");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("correspondence ") && l.ends_with(": Published")).count(), 2, "{stdout}");
    let attachments = s.platform.attachments();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].1.as_ref().unwrap().size, 18, "the file's bytes reached the service");
    assert_eq!(s.platform.correspondences().len(), 2);
    // One grant with the correspondence scopes, exchanged once for every call.
    assert_eq!(s.grants().len(), 1);
    assert_eq!(s.grants()[0].claims["scope"], "altinn:correspondence.write altinn:correspondence.read");
}

#[tokio::test(flavor = "multi_thread")]
async fn broker_transfer_streams_100_mib_both_ways() {
    use altinn_tests::altinn3_standin::Altinn3StandIn;
    help_works("broker_transfer", "platform_broker");
    let s = Altinn3StandIn::start(&[]).await;
    let tmp = tempfile::tempdir().unwrap();
    let args = vec![
        "--resource".into(),
        "ttd-broker-files".into(),
        "--sender".into(),
        "310000001".into(),
        "--recipient".into(),
        "910000000".into(),
        "--size-mb".into(),
        "100".into(),
        "--dir".into(),
        tmp.path().to_str().unwrap().into(),
    ];
    let out = platform_example(&s, "broker_transfer", "platform_broker", args).await;
    assert!(out.status.success(), "broker_transfer failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("downloaded 104857600 bytes") && stdout.contains("AllConfirmedDownloaded"), "{stdout}");
    // What the service received is the file sent, and neither side held it whole.
    let ids = s.platform.transfer_ids();
    assert_eq!(ids.len(), 1);
    let (overview, received) = s.platform.transfer(&ids[0]).unwrap();
    let received = received.unwrap();
    assert_eq!(received.size, 100 << 20);
    assert!(stdout.contains(&received.sha256), "the sha256 the service computed is the one the example checked: {stdout}");
    assert_eq!(overview["fileTransferStatus"], "AllConfirmedDownloaded");
    assert!(s.platform.largest_chunk() <= 1 << 20, "streamed in chunks: {}", s.platform.largest_chunk());
    let peak: u64 =
        stdout.lines().find_map(|l| l.strip_prefix("peak memory: ")).and_then(|m| m.trim_end_matches(" MiB").parse().ok()).unwrap();
    assert!(peak < 64, "a 100 MiB file went up and down without being held in memory: peak {peak} MiB");
}

#[tokio::test(flavor = "multi_thread")]
async fn list_dialogs_reads_every_page_and_waits_out_a_429() {
    use altinn_tests::altinn3_standin::Altinn3StandIn;
    use altinn_tests::platform_standin::{DIALOG_PARTY, DIALOGS};
    help_works("list_dialogs", "platform_dialogporten_serviceowner");
    let s = Altinn3StandIn::start(&[]).await;
    s.platform.fail_next(1, 1);
    let args = vec!["--party".into(), DIALOG_PARTY.into(), "--page-size".into(), "3".into()];
    let started = std::time::Instant::now();
    let out = platform_example(&s, "list_dialogs", "platform_dialogporten_serviceowner", args).await;
    assert!(out.status.success(), "list_dialogs failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.ends_with(&format!("{DIALOGS} dialogs\n")), "{stdout}");
    let queries = s.platform.dialog_queries();
    // The 429, its retry, then the pages after it: 3 + 3 + 1.
    assert_eq!(queries.len(), 4, "{queries:?}");
    assert_eq!(queries[0], queries[1], "the refused call was sent again as it was");
    assert!(queries[2].ends_with("continuationToken=after%3A3") && queries[3].ends_with("continuationToken=after%3A6"), "{queries:?}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "Retry-After: 1 was waited for");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_resources_prints_an_organisations_resources_without_logging_in() {
    use altinn_tests::altinn3_standin::Altinn3StandIn;
    help_works("search_resources", "platform_resource_registry");
    let s = Altinn3StandIn::start(&[]).await;
    let base = s.base.clone();
    let out = tokio::task::spawn_blocking(move || {
        example("search_resources", "platform_resource_registry", &["--org", "ttd", "--platform-url", &base], &[])
    })
    .await
    .unwrap();
    assert!(out.status.success(), "search_resources failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ttd-broker-files") && stdout.contains("BrokerService") && stdout.contains("Filoverføring for prøver"),
        "{stdout}"
    );
    assert!(!stdout.contains("skd-mva-melding"), "other organisations' resources are left out: {stdout}");
    assert!(stdout.ends_with("3 resources of ttd\n"), "{stdout}");
    assert!(s.grants().is_empty(), "the registry is public: no token was fetched");
}

#[tokio::test(flavor = "multi_thread")]
async fn read_message_box_lists_the_legacy_message_box() {
    let help = example("read_message_box", "ttd_5001_1", &["--help"], &[]);
    assert!(help.status.success() && text(&help.stdout).contains("Usage: read_message_box"), "{}", text(&help.stderr));
    let s = ApiStandIn::start().await;
    let env = [("ALTINN_API_KEY", standin::API_KEY), ("ALTINN_USER", standin::USER.0), ("ALTINN_PASSWORD", standin::USER.1)];
    let base = s.base.clone();
    let out =
        tokio::task::spawn_blocking(move || example("read_message_box", "ttd_5001_1", &["--base-url", &base, "--who", "910000000"], &env))
            .await
            .unwrap();
    assert!(out.status.success(), "read_message_box failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Melding 1") && stdout.contains("Correspondence"), "{stdout}");
    assert!(stdout.ends_with("5 messages\n"), "{stdout}");
}

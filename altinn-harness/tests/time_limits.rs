//! The harness's outside programs run under time limits: an xmllint call that never ends is
//! killed at its limit, reported as timed out in the typed report, and the run goes on.

use std::path::Path;
use std::time::{Duration, Instant};

use altinn_harness::corpus::{self, CorpusOptions, SampleStatus};
use altinn_harness::process::Limits;

const SCHEMA: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="root"><xs:complexType><xs:sequence>
    <xs:element name="a" type="xs:string"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"#;

/// A stand-in for xmllint that answers `--version` and accepts every instance at once, except
/// for the schema named `takes_forever`, where it sleeps far past any limit.
#[cfg(unix)]
fn fake_xmllint(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-xmllint");
    std::fs::write(&path, "#!/bin/sh\ncase \"$*\" in\n  *--version*) echo fake; exit 0;;\n  *takes_forever*) sleep 60;;\nesac\nexit 0\n")
        .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn an_xmllint_call_past_its_limit_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let xsds = dir.path().join("xsd");
    std::fs::create_dir_all(&xsds).unwrap();
    for name in ["first", "takes_forever", "third"] {
        std::fs::write(xsds.join(format!("{name}.xsd")), SCHEMA).unwrap();
    }
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let options = CorpusOptions {
        xsd_root: xsds,
        work,
        runtime_crate: Path::new(env!("CARGO_MANIFEST_DIR")).join("../altinn-runtime"),
        lockfile: None,
        target_dir: None,
        build: false,
        pairs: None,
        by_namespace: false,
        samples: true,
        jobs: 1,
        json_oracles: None,
        limits: Limits { xmllint: Duration::from_secs(1), ..Limits::default() },
        xmllint: fake_xmllint(dir.path()),
    };
    let started = Instant::now();
    let report = corpus::run(&options).unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "the run took {:?}", started.elapsed());

    let status: Vec<(&str, SampleStatus)> = report.schemas.iter().map(|s| (s.path.as_str(), s.sample_status)).collect();
    assert_eq!(
        status,
        [("first.xsd", SampleStatus::Valid), ("takes_forever.xsd", SampleStatus::TimedOut), ("third.xsd", SampleStatus::Valid)],
        "the schemas after the slow one are judged too"
    );
    let slow = &report.schemas[1];
    assert!(slow.sample_error.as_deref().is_some_and(|e| e.contains("timed out")), "{:?}", slow.sample_error);

    // The typed report and its JSON both count it, once (no second call probing the schema).
    let json = report.to_json();
    assert_eq!(json["totals"]["timed_out"], 1, "{json:#}");
    assert_eq!(json["totals"]["samples_timed_out"], 1);
    assert_eq!(json["totals"]["samples_valid"], 2);
    assert_eq!(json["timed_out"][0]["what"], "xmllint of the sample of takes_forever.xsd");
    assert_eq!(json["timed_out"][0]["limit_seconds"], 1);
    assert_eq!(json["schemas"][1]["sample_status"], "timed_out");
}

//! `cargo xtask migration-report`: every Altinn 2 service of a snapshot with its Altinn 3
//! successor from the Resource Registry's references, over the sample and over the shared
//! resources.

use std::process::ExitCode;

use altinn_tests::shared::{copy_dir, require_shared, workspace_root};

#[test]
fn the_sample_maps_its_services_both_ways() {
    let report = xtask::migration_report(&workspace_root().join("schemas")).unwrap();
    assert!(report.contains("| TTD 5001/1 | RF-9001 Årsoppgave for prøvetjenester | `app_ttd_codegen-sample` |"), "{report}");
    assert!(report.contains("| TTD 5004/3 |") && report.contains("`ttd-migrert-5004-3`"), "{report}");
    assert!(report.contains("| TTD 5002/2 | Kvittering for innsendt årsoppgave | none found |"), "{report}");
    // The other way: the app's constant names the service it replaced.
    let app = std::fs::read_to_string(workspace_root().join("altinn-generated/src/generated/apps/ttd_codegen_sample/mod.rs")).unwrap();
    assert!(app.contains("replaces: &[(\"5001\", 1)]"), "{app}");
    let catalogue = std::fs::read_to_string(workspace_root().join("altinn-generated/src/generated/catalogue.rs")).unwrap();
    assert!(catalogue.contains("successors: &[\"app_ttd_codegen-sample\"]"));
}

#[test]
fn the_shared_resources_give_their_successors() {
    let Some(shared) = require_shared("the_shared_resources_give_their_successors") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("schemas");
    copy_dir(&workspace_root().join("schemas"), &snap);
    let mut resources = Vec::new();
    for e in std::fs::read_dir(shared.join("altinn3/resourceregistry/resources")).unwrap() {
        let b = std::fs::read(e.unwrap().path()).unwrap();
        resources.push(serde_json::from_slice::<serde_json::Value>(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b)).unwrap());
    }
    std::fs::write(snap.join("altinn3/resourceregistry/resourcelist.json"), serde_json::to_vec_pretty(&resources).unwrap()).unwrap();
    assert_eq!(xtask::run(["xtask", "relock", "--schemas", snap.join("altinn3").to_str().unwrap()]).unwrap(), ExitCode::SUCCESS);
    let out = tmp.path().join("migration.md");
    let code = xtask::run(["xtask", "migration-report", "--schemas", snap.to_str().unwrap(), "--out", out.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(report.contains("11 Resource Registry resources"), "{report}");
    // The migrated SKD service is not in the sample's Altinn 2 part: listed apart, with both
    // resources that name it.
    assert!(report.contains("| 4628/1 | `skd-migrert-4628-1`"), "{report}");
    // The sample's services lost their sample successors with the sample's list.
    assert!(report.contains("| TTD 5001/1 | RF-9001 Årsoppgave for prøvetjenester | none found |"), "{report}");
}

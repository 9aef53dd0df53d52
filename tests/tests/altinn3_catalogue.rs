//! Altinn 3's catalogue as Altinn serves it: every shared app's metadata, Storage's 86 real
//! applications and the Resource Registry's resources read, leniently, with what the generator
//! needs (ids, data types, models, the app of a resource, the Altinn 2 service it replaced).

use altinn_codegen::parse::altinn3;
use altinn_tests::shared::require_shared;

#[test]
fn every_shared_app_application_and_resource_reads() {
    let Some(shared) = require_shared("every_shared_app_application_and_resource_reads") else { return };
    let apps = shared.join("altinn3/apps");
    let mut read = 0;
    for e in std::fs::read_dir(&apps).unwrap() {
        let dir = e.unwrap().path();
        let meta = dir.join("applicationmetadata.json");
        if !meta.is_file() {
            continue;
        }
        let a = altinn3::read_application(&std::fs::read(&meta).unwrap(), &meta.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!a.data_types.is_empty(), "{}", a.id);
        for d in a.data_types.iter().filter(|d| d.is_form()) {
            // The model of every form data type is in the folder, as the app serves it.
            assert!(dir.join(format!("models/{}.xsd", d.id)).is_file() || dir.join("models").is_dir(), "{}: {}", a.id, d.id);
        }
        read += 1;
    }
    assert_eq!(read, 13, "the 13 app folders");

    let listing = shared.join("altinn3/apps/storage-applications.json");
    let all = altinn3::read_applications(&std::fs::read(&listing).unwrap(), "storage-applications.json").unwrap();
    assert_eq!(all.len(), 86);
    assert!(all.iter().all(|a| a.org_app().is_some()), "every id is org/app");
    let forms: usize = all.iter().map(|a| a.data_types.iter().filter(|d| d.is_form()).count()).sum();
    assert!(forms >= 80, "most apps have a form data type: {forms}");

    let mut resources = Vec::new();
    for e in std::fs::read_dir(shared.join("altinn3/resourceregistry/resources")).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let list = format!("[{}]", String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)));
        resources.extend(altinn3::read_resource_list(list.as_bytes(), &p.display().to_string()).unwrap());
    }
    assert_eq!(resources.len(), 11);
    let app = resources.iter().find(|r| r.identifier == "app_ttd_bli-tjenesteeier").unwrap();
    assert_eq!(app.app(), Some(("ttd", "bli-tjenesteeier")));
    let migrated = resources.iter().find(|r| r.identifier == "skd-migrert-4628-1").unwrap();
    assert_eq!(migrated.altinn2_service(), Some(("4628".to_string(), 1)));
}

//! `cargo xtask regen` and `regen --check` over the committed sample snapshot: deterministic
//! output, snapshots of the generated catalogue, hand edits caught, bad snapshots reported with
//! file and line.

use std::path::Path;
use std::process::ExitCode;

use altinn_codegen::regen::{self, Difference};
use altinn_codegen::snapshot::lock::Lock;
use altinn_tests::shared::{copy_dir, workspace_root};

fn sample() -> std::path::PathBuf {
    workspace_root().join("schemas")
}

#[test]
fn the_sample_generates_these_files_and_nothing_else() {
    let generated = regen::generate(&sample()).unwrap();
    assert!(generated.diagnostics.is_empty(), "{:?}", generated.diagnostics);
    assert_eq!(
        generated.files.keys().collect::<Vec<_>>(),
        [
            "api/enduser.rs",
            "api/mod.rs",
            "apps/mod.rs",
            "apps/ttd_codegen_sample/melding.rs",
            "apps/ttd_codegen_sample/mod.rs",
            "apps/ttd_codegen_sample/tillegg.rs",
            "catalogue.rs",
            "code_lists.rs",
            "mod.rs",
            "platform/broker.rs",
            "platform/correspondence.rs",
            "platform/dialogporten_serviceowner.rs",
            "platform/mod.rs",
            "platform/resource_registry.rs",
            "roles.rs",
            "services/features.toml",
            "services/mod.rs",
            "services/renames.tsv",
            "services/ttd_5001_1/attachment_902.rs",
            "services/ttd_5001_1/form_9001_47001.rs",
            "services/ttd_5001_1/form_9002_47002.rs",
            "services/ttd_5001_1/mod.rs",
            "services/ttd_5002_2/mod.rs",
            "services/ttd_5003_1/mod.rs",
            "services/ttd_5004_3/form_endring_12042.rs",
            "services/ttd_5004_3/mod.rs",
        ]
    );
    // No insta copy of these files: the committed crate is the one reviewable copy, and
    // `the_committed_generated_sources_are_current` (regen --check) guards it.
}

#[test]
fn regen_is_byte_identical_on_a_second_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let code = xtask::run(["xtask", "regen", "--schemas", sample().to_str().unwrap(), "--out", out.to_str().unwrap()]).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
    }
    let files_a = regen::generate(&sample()).unwrap().files;
    assert!(!files_a.is_empty());
    for name in files_a.keys() {
        assert_eq!(std::fs::read(a.join(name)).unwrap(), std::fs::read(b.join(name)).unwrap(), "{name}");
    }
    assert!(regen::check(&files_a, &a).unwrap().is_empty());
}

#[test]
fn output_does_not_depend_on_list_order() {
    // The same services in another order (and a page split differently) give the same files.
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    let page = snap.join("metadata/services/page-0000.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&page).unwrap()).unwrap();
    let items = value["_embedded"]["metadata"].as_array_mut().unwrap();
    items.reverse();
    let tail = items.split_off(2);
    std::fs::write(&page, serde_json::to_vec(&value).unwrap()).unwrap();
    std::fs::write(snap.join("metadata/services/page-0001.json"), serde_json::to_vec(&tail).unwrap()).unwrap();
    assert_eq!(regen::generate(&snap).unwrap().files, regen::generate(&sample()).unwrap().files);
}

#[test]
fn the_committed_generated_sources_are_current() {
    let code = xtask::run(["xtask", "regen", "--check"]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS, "run `cargo xtask regen` and commit the result");
}

#[test]
fn check_catches_hand_edits_extra_and_missing_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let files = regen::generate(&sample()).unwrap().files;
    regen::write(&files, &out).unwrap();
    assert!(regen::check(&files, &out).unwrap().is_empty());

    let cat = out.join("catalogue.rs");
    assert!(out.join("services/ttd_5001_1/form_9001_47001.rs").is_file());
    let edited = std::fs::read_to_string(&cat).unwrap().replace("edition: 1,", "edition: 2,");
    std::fs::write(&cat, edited).unwrap();
    std::fs::write(out.join("stray.rs"), "// someone's file\n").unwrap();
    std::fs::remove_file(out.join("roles.rs")).unwrap();

    let diffs = regen::check(&files, &out).unwrap();
    assert_eq!(diffs.len(), 3, "{diffs:#?}");
    assert!(diffs.contains(&Difference::Missing("roles.rs".into())));
    assert!(diffs.contains(&Difference::Extra("stray.rs".into())));
    let changed = diffs.iter().find_map(|d| match d {
        Difference::Changed { path, diff } if path == "catalogue.rs" => Some(diff.clone()),
        _ => None,
    });
    let diff = changed.expect("catalogue.rs reported as changed");
    assert!(diff.contains("-    edition: 2,") && diff.contains("+    edition: 1,"), "{diff}");

    let code = xtask::run(["xtask", "regen", "--check", "--out", out.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::FAILURE);
    // A regen puts it right.
    regen::write(&files, &out).unwrap();
    assert!(regen::check(&files, &out).unwrap().is_empty());
}

#[test]
fn sample_lock_matches_its_files() {
    let dir = sample();
    let lock = Lock::read(&dir).unwrap();
    assert_eq!(lock.verify(&dir), Vec::<String>::new());
    // Every data file of the snapshot is listed in the lock.
    let mut files = Vec::new();
    fn walk(root: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { walk(root, &p, out) } else { out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned()) }
        }
    }
    walk(&dir, &dir, &mut files);
    // The Altinn 3 part has a lock of its own, which lists its files.
    let a3 = dir.join("altinn3");
    let a3_lock = Lock::read(&a3).unwrap();
    assert!(a3_lock.verify(&a3).is_empty(), "{:?}", a3_lock.verify(&a3));
    for f in files {
        if ["README.md", "altinn.lock", "selection.toml", "names.toml", "altinn3/README.md", "altinn3/altinn.lock"].contains(&f.as_str())
            || altinn_codegen::snapshot::layout::OWN_OPENAPI_FILES.contains(&f.as_str())
        {
            continue;
        }
        if f.strip_prefix("altinn3/").is_some_and(|rel| altinn_codegen::snapshot::layout::A3_OWN_FILES.contains(&rel)) {
            continue;
        }
        match f.strip_prefix("altinn3/") {
            Some(rel) => assert!(a3_lock.entries.iter().any(|e| e.path == rel && e.status == 200), "{f} is not in altinn3/altinn.lock"),
            None => assert!(lock.entries.iter().any(|e| e.path == f && e.status == 200), "{f} is not in altinn.lock"),
        }
    }
}

#[test]
fn broken_snapshot_files_are_reported_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    std::fs::write(snap.join("services/5001/1/detail.json"), "{\n  \"ServiceCode\": \"5001\",\n  oops\n}").unwrap();
    let err = format!("{:#}", regen::generate(&snap).unwrap_err());
    assert!(err.contains("services/5001/1/detail.json: invalid JSON at line 3"), "{err}");

    copy_dir(&sample(), &snap);
    std::fs::write(snap.join("selection.toml"), "owners = [\"TTD\"]\n").unwrap();
    let err = format!("{:#}", regen::generate(&snap).unwrap_err());
    assert!(err.contains("selection.toml: invalid selection file") && err.contains("owners"), "{err}");

    let err = format!("{:#}", regen::generate(&tmp.path().join("nope")).unwrap_err());
    assert!(err.contains("no snapshot folder here"), "{err}");
}

#[test]
fn regen_reads_the_snapshot_once_and_never_the_disk_after() {
    let from_disk = regen::generate(&sample()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    let snapshot = altinn_codegen::snapshot::Snapshot::load(&snap).unwrap();
    std::fs::remove_dir_all(&snap).unwrap();
    assert!(!snap.exists());
    let from_memory = regen::generate_from(&snapshot).unwrap();
    assert_eq!(from_memory.files, from_disk.files, "the same files from memory as from the folder");
    assert_eq!(from_memory.diagnostics, from_disk.diagnostics);
    assert!(from_memory.files.contains_key("apps/ttd_codegen_sample/melding.rs") && from_memory.files.contains_key("api/enduser.rs"));
    let (project, _) = regen::resolve_snapshot(&snapshot).unwrap();
    assert!(!project.services.modules.is_empty() && project.api.is_some() && !project.apps.modules.is_empty());
}

const XS_NS: &str = "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"";

#[test]
fn schema_includes_and_imports_resolve_the_same_from_memory_as_from_the_disk() {
    use altinn_codegen::resolve::xsd::{NameOverrides, resolve_file, resolve_file_with};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    std::fs::create_dir_all(root.join("forms")).unwrap();
    std::fs::create_dir_all(root.join("common")).unwrap();
    let main = root.join("forms/main.xsd");
    std::fs::write(
        &main,
        format!(
            "<xs:schema {XS_NS} xmlns:c=\"urn:c\">\n<xs:include schemaLocation=\"../common/./part.xsd\"/>\n\
             <xs:import namespace=\"urn:c\" schemaLocation=\"../common/c.xsd\"/>\n\
             <xs:include schemaLocation=\"gone.xsd\"/>\n\
             <xs:element name=\"Root\"><xs:complexType><xs:sequence><xs:element name=\"p\" type=\"Part\"/>\
             <xs:element name=\"c\" type=\"c:C\"/></xs:sequence></xs:complexType></xs:element>\n</xs:schema>"
        ),
    )
    .unwrap();
    std::fs::write(root.join("common/part.xsd"), format!("<xs:schema {XS_NS}><xs:complexType name=\"Part\"><xs:sequence><xs:element name=\"x\" type=\"xs:string\"/></xs:sequence></xs:complexType></xs:schema>")).unwrap();
    std::fs::write(
        root.join("common/c.xsd"),
        format!("<xs:schema {XS_NS} targetNamespace=\"urn:c\"><xs:complexType name=\"C\"><xs:sequence><xs:element name=\"y\" type=\"xs:int\"/></xs:sequence></xs:complexType></xs:schema>"),
    )
    .unwrap();
    let on_disk = resolve_file(&main).unwrap();
    let snapshot = altinn_codegen::snapshot::Snapshot::load(&root).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    let in_memory = resolve_file_with(&snapshot, &main, &NameOverrides::default()).unwrap();
    assert_eq!(format!("{in_memory:?}"), format!("{on_disk:?}"));
    assert!(in_memory.items.contains_key("Part") && in_memory.items.contains_key("C"), "{:?}", in_memory.items.keys());
    assert_eq!(in_memory.missing.len(), 1, "{:?}", in_memory.missing);
    assert_eq!(in_memory.missing[0].location, "gone.xsd");
    let err = resolve_file_with(&snapshot, &root.join("forms/none.xsd"), &NameOverrides::default()).unwrap_err().to_string();
    assert!(err.contains("none.xsd:0: file: cannot read"), "{err}");
}

#[test]
fn name_overrides_apply_and_are_reported() {
    let generated = regen::generate(&sample()).unwrap();
    let form = &generated.files["services/ttd_5001_1/form_9001_47001.rs"];
    assert!(form.contains("pub struct Arsoppgave {"), "{form}");
    assert!(form.contains("pub aar: rt::GYear"), "{form}");
    let report = &generated.files["services/renames.tsv"];
    assert!(report.contains("services::ttd_5001_1::form_9001_47001\ttype\tRF9001_M\tArsoppgave"), "{report}");
    assert!(report.contains("\tRegnskapsaar\taar"), "{report}");
    let err = altinn_codegen::resolve::xsd::NameOverrides::parse("[types]\nA = \"lower\"\n", "names.toml").unwrap_err();
    assert!(err.to_string().contains("upper-case"), "{err}");
}

#[test]
fn the_generated_crate_answers_lookups() {
    let s = altinn_generated::service("5001", 1).expect("sample service");
    assert_eq!(s.owner_code, "TTD");
    assert_eq!(s.main_form().unwrap().data_format_id, "9001");
    assert_eq!(s.attachment_rules.len(), 2);
    assert_eq!(altinn_generated::role_definition(11).unwrap().code, "UTINN");
    assert_eq!(altinn_generated::generated::code_lists::TTD_LANDKODER_7.get("SVERIGE").unwrap().values[1], Some("SE"));
    assert!(
        altinn_generated::SERVICES
            .windows(2)
            .all(|w| (w[0].owner_code, w[0].code, w[0].edition) <= (w[1].owner_code, w[1].code, w[1].edition))
    );
}

#[test]
fn manifest_features_follow_the_services_and_stale_ones_are_reported() {
    let generated = regen::generate(&sample()).unwrap();
    let manifest = workspace_root().join("altinn-generated/Cargo.toml");
    assert_eq!(regen::check_manifest_features(&manifest, &generated.files).unwrap(), None, "the committed features are current");
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&copy, text.replace("ttd_5004_3 = []\n", "")).unwrap();
    let diff = regen::check_manifest_features(&copy, &generated.files).unwrap().expect("a dropped feature is a difference");
    assert!(diff.to_string().contains("+ttd_5004_3 = []"), "{diff}");
    regen::write_manifest_features(&copy, &generated.files).unwrap();
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), text, "writing restores the committed manifest");
    std::fs::write(&copy, "[package]\nname = \"x\"\n").unwrap();
    let err = regen::check_manifest_features(&copy, &generated.files).unwrap_err().to_string();
    assert!(err.contains("BEGIN features generated"), "a manifest without the markers names them: {err}");
}

/// Runs `cargo xtask regen` over `snap` into `out` with extra flags; returns the exit code.
fn regen_into(snap: &Path, out: &Path, flags: &[&str]) -> ExitCode {
    let mut args = vec!["xtask", "regen", "--schemas", snap.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(flags);
    xtask::run(args).unwrap()
}

/// A generated folder from the sample, and a fingerprint of every file in it.
fn generated_out(dir: &Path) -> (std::path::PathBuf, Vec<(String, Vec<u8>)>) {
    let out = dir.join("generated");
    assert_eq!(regen_into(&sample(), &out, &[]), ExitCode::SUCCESS);
    let files = regen::generate(&sample()).unwrap().files.keys().map(|k| (k.clone(), std::fs::read(out.join(k)).unwrap())).collect();
    (out, files)
}

fn unchanged(out: &Path, before: &[(String, Vec<u8>)]) {
    for (k, bytes) in before {
        assert_eq!(&std::fs::read(out.join(k)).unwrap_or_default(), bytes, "{k} was left as it was");
    }
}

#[test]
fn a_form_that_does_not_generate_fails_regen_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, before) = generated_out(tmp.path());
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    // A truncated form XSD, the lock refreshed so that only the schema itself is at fault.
    let xsd = snap.join("services/5004/3/forms/endring-12042.xsd");
    let text = std::fs::read_to_string(&xsd).unwrap();
    std::fs::write(&xsd, &text[..text.len() / 2]).unwrap();
    assert_eq!(xtask::run(["xtask", "relock", "--schemas", snap.to_str().unwrap()]).unwrap(), ExitCode::SUCCESS);

    let generated = regen::generate(&snap).unwrap();
    let errors: Vec<_> = generated.of(altinn_codegen::diagnostic::Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].place, "services/5004/3/forms/endring-12042.xsd");
    assert!(errors[0].message.contains("not generated"), "{}", errors[0]);
    assert_eq!(regen_into(&snap, &out, &[]), ExitCode::FAILURE, "an error fails regen");
    unchanged(&out, &before);
    // Skipping broken inputs is explicit, and then the rest is written.
    assert_eq!(regen_into(&snap, &out, &["--skip-broken"]), ExitCode::SUCCESS);
    assert!(!out.join("services/ttd_5004_3/form_endring_12042.rs").exists());
    assert!(out.join("services/ttd_5001_1/form_9001_47001.rs").is_file());
}

#[test]
fn a_folder_that_is_not_a_snapshot_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, before) = generated_out(tmp.path());
    // One level too deep.
    let err = format!(
        "{:#}",
        xtask::run(["xtask", "regen", "--schemas", sample().join("services").to_str().unwrap(), "--out", out.to_str().unwrap()])
            .unwrap_err()
    );
    assert!(err.contains("not a snapshot folder") && err.contains("altinn.lock"), "{err}");
    unchanged(&out, &before);
}

#[test]
fn a_file_that_differs_from_the_lock_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, before) = generated_out(tmp.path());
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    let detail = snap.join("services/5001/1/detail.json");
    let text = std::fs::read_to_string(&detail).unwrap();
    std::fs::write(&detail, format!("{text}\n")).unwrap();
    let generated = regen::generate(&snap).unwrap();
    let errors: Vec<String> = generated.of(altinn_codegen::diagnostic::Severity::Error).map(|d| d.to_string()).collect();
    assert_eq!(errors, ["error: services/5001/1/detail.json: content differs from the lock (edited by hand? run `cargo xtask relock`)"]);
    assert_eq!(regen_into(&snap, &out, &[]), ExitCode::FAILURE);
    unchanged(&out, &before);
}

#[test]
fn a_file_of_the_altinn3_part_that_differs_from_its_lock_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, before) = generated_out(tmp.path());
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    let doc = snap.join("altinn3/openapi/broker.json");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("Initialize a file transfer", "Start a file transfer")).unwrap();
    let generated = regen::generate(&snap).unwrap();
    let errors: Vec<String> = generated.of(altinn_codegen::diagnostic::Severity::Error).map(|d| d.to_string()).collect();
    assert_eq!(errors, ["error: altinn3/openapi/broker.json: content differs from the lock (edited by hand? run `cargo xtask relock`)"]);
    assert_eq!(regen_into(&snap, &out, &[]), ExitCode::FAILURE);
    unchanged(&out, &before);
    // relock takes the edit into both parts' locks; then it generates.
    let code = xtask::run(["xtask", "relock", "--schemas", snap.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(regen::generate(&snap).unwrap().of(altinn_codegen::diagnostic::Severity::Error).next().is_none());
}

#[test]
fn an_undefined_type_is_a_warning_that_fails_regen_unless_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, before) = generated_out(tmp.path());
    let snap = tmp.path().join("s");
    copy_dir(&sample(), &snap);
    let xsd = snap.join("services/5004/3/forms/endring-12042.xsd");
    let text = std::fs::read_to_string(&xsd).unwrap();
    let broken = text.replacen("type=\"xs:string\" use=\"optional\" fixed=\"TTD-0042\"", "type=\"NoSuchType\" use=\"optional\"", 1);
    assert_ne!(broken, text);
    std::fs::write(&xsd, broken).unwrap();
    assert_eq!(xtask::run(["xtask", "relock", "--schemas", snap.to_str().unwrap()]).unwrap(), ExitCode::SUCCESS);
    let generated = regen::generate(&snap).unwrap();
    let warnings: Vec<String> = generated.of(altinn_codegen::diagnostic::Severity::Warning).map(|d| d.to_string()).collect();
    assert!(
        warnings.len() == 1
            && warnings[0].starts_with("warning: services/5004/3/forms/endring-12042.xsd:12: ")
            && warnings[0].contains("NoSuchType"),
        "the warning names file, line and construct: {warnings:?}"
    );
    assert_eq!(regen_into(&snap, &out, &[]), ExitCode::FAILURE, "a warning fails regen by default");
    unchanged(&out, &before);
    assert_eq!(regen_into(&snap, &out, &["--allow-warnings"]), ExitCode::SUCCESS);
}

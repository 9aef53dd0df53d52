//! Stage 1 over real data: every XSD of the shared Altinn corpus and of the W3C sample parses
//! into the object model, or fails with a file, a line and a construct (never a panic).

use std::path::{Path, PathBuf};

use altinn_codegen::resolve::xsd::read_schema;
use altinn_codegen::snapshot::Disk;
use altinn_tests::shared::require_shared;

fn xsds(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            xsds(&p, out);
        } else if p.extension().is_some_and(|e| e == "xsd") {
            out.push(p);
        }
    }
}

#[test]
fn every_altinn_corpus_schema_parses() {
    let Some(shared) = require_shared("every_altinn_corpus_schema_parses") else { return };
    let mut files = Vec::new();
    xsds(&shared.join("altinn/xsd"), &mut files);
    assert_eq!(files.len(), 214, "the corpus README promises 214 XSDs");
    let failures: Vec<String> = files.iter().filter_map(|f| read_schema(&Disk, f).err().map(|e| e.to_string())).collect();
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn every_w3c_sample_schema_parses() {
    let Some(shared) = require_shared("every_w3c_sample_schema_parses") else { return };
    let mut files = Vec::new();
    xsds(&shared.join("w3c/suite"), &mut files);
    assert!(files.len() > 800);
    let failures: Vec<String> = files.iter().filter_map(|f| read_schema(&Disk, f).err().map(|e| e.to_string())).collect();
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn errors_name_file_line_and_construct() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.xsd");
    std::fs::write(&f, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:element name=\"a\" type=\"q:T\"/>\n</xs:schema>")
        .unwrap();
    let e = read_schema(&Disk, &f).unwrap_err().to_string();
    assert!(e.ends_with("bad.xsd:2: <xs:element name=\"a\" type=\"q:T\">: `type`: the prefix `q` of `q:T` is not declared"), "{e}");
    std::fs::write(
        &f,
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element name=\"a\" maxOccurs=\"lots\"/></xs:schema>",
    )
    .unwrap();
    let e = read_schema(&Disk, &f).unwrap_err().to_string();
    assert!(e.contains("bad.xsd:2:") && e.contains("bad maxOccurs `lots`"), "{e}");
    std::fs::write(&f, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element name=\"a\">\n</xs:schema>").unwrap();
    let e = read_schema(&Disk, &f).unwrap_err().to_string();
    assert!(e.contains("bad.xsd:3: XML: malformed XML"), "{e}");
}

#[test]
fn every_altinn_corpus_schema_resolves_and_names_missing_dependencies() {
    use altinn_codegen::resolve::xsd::resolve_file;
    let Some(shared) = require_shared("every_altinn_corpus_schema_resolves") else { return };
    let mut files = Vec::new();
    xsds(&shared.join("altinn/xsd"), &mut files);
    let mut missing = std::collections::BTreeSet::new();
    let mut with_missing = 0;
    for f in &files {
        let m = resolve_file(f).unwrap_or_else(|e| panic!("{e}"));
        assert!(!m.items.is_empty() || !m.roots.is_empty(), "{}: nothing generated", f.display());
        if !m.missing.is_empty() {
            with_missing += 1;
        }
        for d in &m.missing {
            missing.insert(d.missing.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    // Some SERES schemas import an unpublished seres.xsd; one e-Formidling schema imports a
    // metadata catalogue that is not in the corpus; one imports a Brreg code library.
    assert_eq!(missing.into_iter().collect::<Vec<_>>(), ["kodebibliotek.xsd", "metadatakatalog.xsd", "seres.xsd"]);
    assert_eq!(with_missing, 7);
}

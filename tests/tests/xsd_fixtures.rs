//! Our own fixture schemas (`tests/fixtures/xsd`), one per group of XSD constructs: the
//! generated module of each is guarded by a snapshot, generation is deterministic, every module
//! compiles under `#![deny(warnings)]`, and every fixture instance round-trips (xmllint checks
//! what we write).

use std::path::PathBuf;

use altinn_harness::corpus::{find_xsds, generate_module};
use altinn_tests::shared::workspace_root;

fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures/xsd")
}

#[test]
fn generated_modules_snapshots() {
    let root = fixtures();
    for f in find_xsds(&root).unwrap() {
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace(['/', '.'], "_");
        let (text, _warnings, missing) = generate_module(&f, "altinn_runtime::xml").unwrap();
        assert!(missing.is_empty(), "{}: {missing:?}", f.display());
        insta::assert_snapshot!(format!("fixture__{rel}"), text);
    }
}

#[test]
fn generation_is_deterministic() {
    for f in find_xsds(&fixtures()).unwrap() {
        let a = generate_module(&f, "rt").unwrap().0;
        let b = generate_module(&f, "rt").unwrap().0;
        assert_eq!(a, b, "{}", f.display());
    }
}

#[test]
fn names_are_valid_readable_and_collision_free() {
    let (text, _, _) = generate_module(&fixtures().join("names.xsd"), "rt").unwrap();
    for expected in [
        "pub struct Type {",
        "pub type_: String",
        "pub self_: String",
        "pub dotted_name: String",
        "pub fodselsnummer: String",
        "pub struct Geek {",
        "pub enum GeekType {",
        // Schema types named like the standard prelude's types take their fallback names, so
        // the bare `String` and `Option` the generated code uses stay the standard ones.
        "pub type StringValue(String)",
        "pub struct OptionElement {",
        "pub box_: String",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    // Case-only clashes (`fooType`/`FooType`, `Value`/`value`) get stable suffixes.
    assert_eq!(text.matches("pub struct FooTypeTypeX").count(), 2, "{text}");
    assert!(text.contains("pub value_element_"), "{text}");
    assert!(text.contains("pub type_attr:"), "{text}");
}

#[test]
fn every_fixture_compiles_and_round_trips() {
    let json = altinn_tests::shared::run_corpus("fixtures-test", &fixtures(), &fixtures().join("pairs.tsv"));
    let totals = &json["totals"];
    let problems: Vec<String> = json["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["compiled"] != true)
        .map(|s| format!("{}: {} {}", s["path"], s["error"], s["build_errors"]))
        .chain(
            json["pairs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| {
                    !(p["read"] == true
                        && p["reread_equal"] == true
                        && p["data_equal"] == true
                        && (p["written_valid"] == true || json["xmllint"] != true))
                })
                .map(|p| format!("{}: {}", p["instance"], p["message"])),
        )
        .collect();
    assert!(problems.is_empty(), "{totals}\n{}", problems.join("\n"));
    assert_eq!(totals["generated"], totals["schemas"]);
    assert_eq!(totals["pairs"], 16);
    // Every fixture with a global element gets a sample instance xmllint accepts (facets,
    // patterns, nillable, substitution groups, namespaces and encodings included).
    if json["xmllint"] == true {
        assert_eq!(totals["samples_valid"], 17, "{totals}");
    }
}

/// A wildcard found however deep the groups around it nest: the element that starts the outer
/// group may be any element its siblings do not take. (The walk used to stop after 16 nested
/// groups, silently reading such a wildcard's elements as unknown.)
#[test]
fn wildcards_are_found_below_any_number_of_nested_groups() {
    for depth in [3, 20] {
        let mut groups = String::from("<xs:any processContents=\"lax\"/>");
        for i in (0..depth).rev() {
            groups = format!(
                "<xs:choice><xs:element name=\"e{i}\" type=\"xs:string\"/><xs:sequence maxOccurs=\"2\"><xs:element name=\"s{i}\" \
                 type=\"xs:string\" minOccurs=\"0\"/>{groups}</xs:sequence></xs:choice>"
            );
        }
        let xsd = format!(
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"Root\"><xs:complexType><xs:sequence>\
             <xs:element name=\"head\" type=\"xs:string\"/>{groups}</xs:sequence></xs:complexType></xs:element></xs:schema>"
        );
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("deep.xsd");
        std::fs::write(&path, xsd).unwrap();
        let (text, _, _) = generate_module(&path, "rt").unwrap();
        let root = text.split("impl rt::XmlRead for Root").nth(1).unwrap_or_else(|| panic!("no reader of Root:\n{text}"));
        let root = root.split("\nimpl ").next().unwrap();
        assert!(root.contains("next_in_or_other("), "depth {depth}: the outer group starts on a wildcard's element:\n{root}");
        assert!(root.contains("rt::Known::open("), "depth {depth}: unknown children are left to the wildcard:\n{root}");
    }
}

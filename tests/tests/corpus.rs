//! The corpus harness over the real Altinn schemas (`../shared/altinn/xsd`): every schema
//! generates, and the one crate holding all of them compiles under `#![deny(warnings)]`.
//! Schemas whose imports are missing (an unpublished `seres.xsd`, …) still generate, with the
//! missing files named in the report.

use altinn_tests::shared::require_shared;

#[test]
fn the_whole_altinn_corpus_generates_and_compiles() {
    let Some(shared) = require_shared("the_whole_altinn_corpus_generates_and_compiles") else { return };
    let json = altinn_tests::shared::run_corpus("corpus-test", &shared.join("altinn/xsd"), &shared.join("altinn/pairs.tsv"));
    let totals = &json["totals"];
    let failures: Vec<String> = json["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["compiled"] != true)
        .map(|s| format!("{}: {} {}", s["path"], s["error"], s["build_errors"]))
        .collect();
    assert_eq!(totals["schemas"], 214, "{totals}");
    assert_eq!(totals["generated"], 214, "{failures:#?}");
    assert_eq!(totals["compiled"], 214, "{failures:#?}");
    // Six schemas import files nobody publishes (seres.xsd, kodebibliotek.xsd); the import of
    // `metadatakatalog.xsd` is satisfied by namespace from `Eformidling__metadatakatalog.xsd`.
    assert_eq!(totals["missing_dependency"], 6, "{totals}");
    assert_eq!(totals["resolved_by_namespace"], 1, "{totals}");
    // Missing files are named.
    let named: std::collections::BTreeSet<String> = json["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["missing_dependencies"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().rsplit('/').next().unwrap().to_string())
        })
        .collect();
    assert_eq!(named.into_iter().collect::<Vec<_>>(), ["kodebibliotek.xsd", "seres.xsd"]);

    // Round trips of the real instances (pairs.tsv): every pair xmllint accepts reads, writes
    // XML that xmllint accepts, rereads to an equal value and carries the same data; our strict
    // verdict agrees with the `expected` column on every row.
    let pair_failures: Vec<String> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["original_valid"] == true
                && !(p["read"] == true && p["written_valid"] == true && p["reread_equal"] == true && p["data_equal"] == true)
        })
        .map(|p| format!("{} {}: {}", p["schema"], p["instance"], p["message"]))
        .collect();
    if json["xmllint"] == true {
        assert_eq!(totals["pairs_valid"], 19, "{totals}");
        assert_eq!(totals["round_trip"], 19, "{pair_failures:#?}");
    } else {
        assert!(!altinn_tests::shared::in_ci(), "CI must have xmllint (.ci/run installs libxml2-utils)");
        eprintln!("*** xmllint is not installed: round-trip validity checks were not run ***");
    }
    assert_eq!(totals["with_expected"], 26, "{totals}");

    // Sample instances built from the model: xmllint accepts them for nearly every schema it can
    // compile. The rest are listed with their status and reason in docs/corpus-samples.md, which
    // must be what this run produces.
    if json["xmllint"] == true {
        assert_eq!(totals["samples"], 214, "{totals}");
        let valid = totals["samples_valid"].as_u64().unwrap();
        let checkable = totals["samples_checkable"].as_u64().unwrap();
        assert!(valid >= 200, "{totals}");
        // Schemas that admit no valid document are few and named; they may not grow.
        assert!(checkable >= 204 && valid * 100 >= checkable * 95, "{totals}");
        for s in json["schemas"].as_array().unwrap() {
            if s["sample_valid"] == false {
                assert!(s["sample_error"].as_str().is_some_and(|e| !e.is_empty()), "{s}");
                assert_ne!(s["sample_status"], "not_tried", "{s}");
            }
        }
        let produced = std::fs::read_to_string(altinn_tests::shared::workspace_root().join("target/corpus-test/samples.md")).unwrap();
        let committed = std::fs::read_to_string(altinn_tests::shared::workspace_root().join("docs/corpus-samples.md")).unwrap_or_default();
        assert!(
            committed == produced,
            "docs/corpus-samples.md is not current: run `{}` and commit it.\n--- produced ---\n{produced}",
            xtask::CORPUS_SAMPLES_COMMAND
        );
    }
    assert_eq!(totals["verdict_agree"], 26, "{:#?}", json["pairs"]);

    // JSON against Altinn Studio's JSON Schemas (oracles.tsv, `oracle-jsonschema`): every XSD
    // with an oracle compiles; its sample and every valid instance, written as JSON, validate
    // against the oracle and read back to the same model. An oracle that does not pass is
    // explained (a pattern Studio copied verbatim from the XSD, an oracle of another model or
    // version, a schema with no global element), and docs/corpus-json.md lists each.
    let unexplained: Vec<String> = json["json_oracles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["passed"] != true && j["explanation"].is_null())
        .map(|j| format!("{} with {}: {}", j["schema"], j["oracle"], j["errors"]))
        .collect();
    assert_eq!(totals["json_oracles"], 97, "{totals}");
    assert_eq!(totals["json_oracles_compiled"], 97, "{totals}");
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    assert!(totals["json_oracles_passed"].as_u64().unwrap() >= 84, "{totals}");
    assert!(totals["json_sample_valid"].as_u64().unwrap() >= 84, "{totals}");
    assert_eq!(totals["json_sample_round_trip"], 96, "{totals}");
    if json["xmllint"] == true {
        assert!(totals["json_pairs"].as_u64().unwrap() >= 10, "{totals}");
        assert_eq!(totals["json_pairs"], totals["json_round_trip"], "{:#?}", json["json_oracles"]);
    }
    let produced = std::fs::read_to_string(altinn_tests::shared::workspace_root().join("target/corpus-test/json.md")).unwrap();
    let committed = std::fs::read_to_string(altinn_tests::shared::workspace_root().join("docs/corpus-json.md")).unwrap_or_default();
    assert!(
        committed == produced,
        "docs/corpus-json.md is not current: run `{}` and commit it.\n--- produced ---\n{produced}",
        xtask::CORPUS_JSON_COMMAND
    );
}

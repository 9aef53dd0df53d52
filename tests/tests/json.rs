//! JSON for the generated model types (feature `json`): the shape Altinn 3 apps use, checked
//! against the app's own JSON Schema, and round trips back to the same model.

use altinn_generated::generated::apps::ttd_codegen_sample::melding;
use altinn_generated::generated::services::ttd_5001_1::form_9001_47001 as form;
use altinn_generated::runtime::xml::{AnyDocument, JsonDocument, Mode};
use altinn_harness::json_oracle::Oracle;
use serde_json::json;

fn sample_xml(xsd: &str) -> String {
    let root = altinn_tests::shared::workspace_root();
    let model = altinn_codegen::resolve::xsd::resolve_file(&root.join(xsd)).unwrap();
    altinn_harness::sample::sample(&model, &model.roots[0]).unwrap()
}

#[test]
fn the_app_model_writes_what_its_json_schema_describes_and_reads_it_back() {
    let xml = sample_xml("schemas/altinn3/apps/ttd/codegen-sample/models/melding.xsd");
    let doc = melding::Document::from_xml_with(xml.as_bytes(), Mode::Strict).unwrap();
    let value = doc.to_json();
    let oracle =
        Oracle::load(&altinn_tests::shared::workspace_root().join("schemas/altinn3/apps/ttd/codegen-sample/models/melding.schema.json"))
            .unwrap();
    assert_eq!(oracle.check(doc.json_root(), &value), Vec::<String>::new(), "{value:#}");
    // Fixed attributes are properties with their constant; elements keep their XML names.
    assert_eq!(value["dataFormatProvider"], "SERES");
    assert_eq!(value["dataFormatId"], "8801");
    assert!(value["Innsender"]["Organisasjonsnummer"].is_string());
    // Back from the text and from the value: the same model.
    let again = melding::Document::from_json(doc.to_json_string().as_bytes()).unwrap();
    assert_eq!(again, doc);
    assert_eq!(melding::Document::from_json_value("Melding", &value).unwrap(), doc);
    assert_eq!(again.to_xml().unwrap(), doc.to_xml().unwrap());
}

#[test]
fn a_hand_built_app_form_is_valid_json_and_numbers_are_numbers() {
    let innsender = melding::Innsender::new("310000001".parse().unwrap(), "Prøvebedrift AS".parse().unwrap());
    let provedrift = melding::Provedrift::new("2026-12-01".parse().unwrap(), melding::Omfang::Lokal)
        .with_antall_deltakere(melding::Antall::new(12).unwrap());
    let doc = melding::Document::Melding(melding::Melding::new(innsender, provedrift));
    let value = doc.to_json();
    assert_eq!(
        value,
        json!({
            "dataFormatProvider": "SERES", "dataFormatId": "8801", "dataFormatVersion": "48801",
            "Innsender": {"Organisasjonsnummer": "310000001", "Navn": "Prøvebedrift AS"},
            "Provedrift": {"Start": "2026-12-01", "Omfang": "lokal", "AntallDeltakere": 12},
        })
    );
    let oracle =
        Oracle::load(&altinn_tests::shared::workspace_root().join("schemas/altinn3/apps/ttd/codegen-sample/models/melding.schema.json"))
            .unwrap();
    assert!(oracle.check("Melding", &value).is_empty());
    // Input as the apps take it: property names in any case, unknown ones ignored, numbers as
    // strings accepted.
    let input = r#"{"innsender": {"organisasjonsnummer": "310000001", "navn": "Prøvebedrift AS"},
        "PROVEDRIFT": {"Start": "2026-12-01", "Omfang": "lokal", "AntallDeltakere": "12"}, "extra": [1, 2]}"#;
    assert_eq!(melding::Document::from_json(input.as_bytes()).unwrap(), doc);
    // A missing required part is named with its path.
    let err = melding::Document::from_json(br#"{"Provedrift": {"Start": "2026-12-01", "Omfang": "lokal"}}"#).unwrap_err();
    assert!(err.to_string().contains("/Melding/Innsender"), "{err}");
}

#[test]
fn an_altinn2_form_round_trips_through_json() {
    let xml = sample_xml("schemas/services/5001/1/forms/9001-47001.xsd");
    let doc = form::Document::from_xml_with(xml.as_bytes(), Mode::Strict).unwrap();
    let text = doc.to_json_string();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value.is_object(), "{text}");
    let again = form::Document::from_json_as(doc.json_root(), text.as_bytes()).unwrap();
    assert_eq!(again, doc, "{text}");
    assert_eq!(again.to_xml().unwrap(), doc.to_xml().unwrap());
}

#[test]
fn every_studio_json_schema_oracle_loads_after_its_listed_repairs() {
    let Some(shared) = altinn_tests::shared::require_shared("every_studio_json_schema_oracle_loads_after_its_listed_repairs") else {
        return;
    };
    let file = shared.join("altinn/oracles.tsv");
    let rows = altinn_harness::json_oracle::read_oracles(&file).unwrap();
    assert_eq!(rows.len(), 97);
    let mut repairs = 0;
    for (_, oracle) in &rows {
        let o = Oracle::load(&shared.join("altinn").join(oracle)).unwrap_or_else(|e| panic!("{oracle}: {e}"));
        repairs += o.repairs.len();
    }
    assert!(repairs > 0);
}

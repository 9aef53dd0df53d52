//! `validate()` on generated types: facets (patterns, lengths, ranges, digits) and occurrence
//! bounds, each violation with an XPath-like path. Uses the sample snapshot's form 9001.

use altinn_generated::generated::services::ttd_5001_1::form_9001_47001 as form;
use altinn_generated::runtime::xml::{AnyDocument, Mode, Validate};

const VALID: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<melding xmlns="http://seres.no/xsd/TTD/RF9001_M/2021" dataFormatProvider="SERES" dataFormatId="9001" dataFormatVersion="47001">
  <Innsender><Organisasjonsnummer>910000001</Organisasjonsnummer><Navn>Firma AS</Navn><Epost>post@firma.no</Epost></Innsender>
  <Regnskap><Regnskapsaar>2024</Regnskapsaar><Driftsinntekter>1000.50</Driftsinntekter><Driftskostnader>200</Driftskostnader><Valuta>NOK</Valuta><Avsluttet>2024-12-31</Avsluttet></Regnskap>
  <Filial><Navn>Bergen</Navn><AntallAnsatte>12</AntallAnsatte></Filial>
</melding>"#;

#[test]
fn a_valid_document_has_no_violations() {
    let doc = form::Document::from_xml(VALID.as_bytes()).unwrap();
    let form::Document::Melding(m) = &doc;
    assert_eq!(m.innsender.organisasjonsnummer.value(), "910000001");
    assert_eq!(m.regnskap.driftsinntekter.value().as_str(), "1000.50");
    assert_eq!(doc_violations(&doc), Vec::<String>::new());
    // The same document reads in strict mode too.
    form::Document::from_xml_with(VALID.as_bytes(), Mode::Strict).unwrap();
}

fn doc_violations(doc: &form::Document) -> Vec<String> {
    let form::Document::Melding(m) = doc;
    let mut out = Vec::new();
    m.validate_at("/melding", &mut out);
    out.into_iter().map(|v| format!("{} [{}]", v.path, v.rule)).collect()
}

#[test]
fn every_violation_is_reported_with_its_path_and_rule() {
    let bad = VALID
        .replace("910000001", "12AB")
        .replace("1000.50", "1000.505")
        .replace("<Navn>Bergen</Navn>", &format!("<Navn>{}</Navn>", "x".repeat(200)))
        .replace("<AntallAnsatte>12</AntallAnsatte>", "<AntallAnsatte>1000000</AntallAnsatte>")
        .replace("post@firma.no", "not an address");
    // Lenient reading keeps values that break facets, so that validate can list them all.
    let doc = form::Document::from_xml(bad.as_bytes()).unwrap();
    assert_eq!(
        doc_violations(&doc),
        [
            "/melding/Innsender/Organisasjonsnummer [pattern]",
            "/melding/Innsender/Epost [pattern]",
            "/melding/Regnskap/Driftsinntekter [digits]",
            "/melding/Filial[1]/Navn [length]",
            "/melding/Filial[1]/AntallAnsatte [range]",
        ]
    );
}

#[test]
fn constructors_refuse_values_that_break_facets() {
    assert!(form::Organisasjonsnummer::new("123").is_err());
    assert!(form::Organisasjonsnummer::new("123456789").is_ok());
    assert!(form::Antall::new(999_999).is_ok() && form::Antall::new(1_000_000).is_err());
    let err = form::Tekst175::new("").unwrap_err();
    assert!(err.0.contains("at least 1"), "{err}");
}

#[test]
fn written_documents_carry_the_fixed_attributes() {
    let doc = form::Document::from_xml(VALID.as_bytes()).unwrap();
    let xml = doc.to_xml().unwrap();
    assert!(xml.contains(r#"dataFormatProvider="SERES" dataFormatId="9001" dataFormatVersion="47001""#), "{xml}");
    assert_eq!(form::Document::from_xml(xml.as_bytes()).unwrap(), doc);
}

//! Building a form by hand (issue 17): the sample snapshot's form 9001 through the API a new
//! user meets first — constructors with the required parts, setters, conversions, error
//! messages, calendar dates, fixed attributes and missing elements.

use altinn_generated::generated::services::ttd_5001_1::form_9001_47001 as form;
use altinn_generated::runtime::xml::{AnyDocument, Mode, Validate};

const VALID: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<melding xmlns="http://seres.no/xsd/TTD/RF9001_M/2021" dataFormatProvider="SERES" dataFormatId="9001" dataFormatVersion="47001">
  <Innsender><Organisasjonsnummer>910000001</Organisasjonsnummer><Navn>Firma AS</Navn></Innsender>
  <Regnskap><Regnskapsaar>2024</Regnskapsaar><Driftsinntekter>1000.50</Driftsinntekter><Driftskostnader>200</Driftskostnader><Avsluttet>2024-12-31</Avsluttet></Regnskap>
</melding>"#;

/// `path [rule]: message` of every violation.
fn violations(doc: &form::Document) -> Vec<String> {
    doc.validate().into_iter().map(|v| format!("{} [{}]: {}", v.path, v.rule, v.message)).collect()
}

#[test]
fn impossible_dates_are_refused_strictly_and_reported_by_validate() {
    let bad = VALID.replace("2024-12-31", "2024-02-30");
    let err = form::Document::from_xml_with(bad.as_bytes(), Mode::Strict).unwrap_err();
    assert_eq!(err.path, "/melding/Regnskap/Avsluttet/text()", "{err}");
    assert_eq!(err.message, "`2024-02-30` is not a date: February 2024 has 29 days");
    // Lenient reading keeps the value, and validate() names it.
    let doc = form::Document::from_xml(bad.as_bytes()).unwrap();
    assert_eq!(
        violations(&doc),
        ["/melding/Regnskap/Avsluttet [date]: `2024-02-30` is not a date: February 2024 has 29 days"]
    );
    assert!(altinn_generated::runtime::xml::Date::new("2023-02-29").is_err());
    assert!(form::Document::from_xml_with(VALID.replace("2024-12-31", "2024-02-29").as_bytes(), Mode::Strict).is_ok());
}

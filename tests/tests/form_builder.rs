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
    assert_eq!(violations(&doc), ["/melding/Regnskap/Avsluttet [date]: `2024-02-30` is not a date: February 2024 has 29 days"]);
    assert!(altinn_generated::runtime::xml::Date::new("2023-02-29").is_err());
    assert!(form::Document::from_xml_with(VALID.replace("2024-12-31", "2024-02-29").as_bytes(), Mode::Strict).is_ok());
}

#[test]
fn newtypes_take_anything_that_converts_into_their_base() {
    // `&str`, `String`, whole numbers for decimals; primitive numbers as they are.
    assert_eq!(form::Tekst175::new("Firma AS").unwrap().value(), "Firma AS");
    assert_eq!(form::Tekst175::new(String::from("Firma AS")).unwrap().value(), "Firma AS");
    assert_eq!(form::Belop::new(1000).unwrap().value().as_str(), "1000");
    assert!(form::Antall::new(12).is_ok());
}

#[test]
fn simple_types_and_enumerations_parse_and_display_their_xml_form() {
    let belop: form::Belop = "1000.50".parse().unwrap();
    assert_eq!(belop.to_string(), "1000.50");
    assert!("1000.505".parse::<form::Belop>().is_err(), "parsing checks the facets");
    assert!("12x".parse::<form::Antall>().is_err());
    assert_eq!("12".parse::<form::Antall>().unwrap().to_string(), "12");
    assert_eq!(format!("{}", "910000001".parse::<form::Organisasjonsnummer>().unwrap()), "910000001");
    let valuta: form::Valuta = "SEK".parse().unwrap();
    assert_eq!((valuta, valuta.to_string().as_str()), (form::Valuta::Sek, "SEK"));
    assert!("sek".parse::<form::Valuta>().is_err());
}

#[test]
fn errors_name_the_type_and_show_the_pattern_as_the_schema_writes_it() {
    let err = form::Organisasjonsnummer::new("12345").unwrap_err();
    assert_eq!(err.to_string(), "`12345` is not a valid Organisasjonsnummer: it does not match the pattern `[0-9]{9}`");
    assert_eq!(form::Tekst175::new("").unwrap_err().0, "`` is not a valid Tekst175: it has 0 characters (at least 1)");
    assert_eq!(form::Antall::new(1_000_000).unwrap_err().0, "`1000000` is not a valid Antall: it is above the maximum 999999");
    assert_eq!("DKK".parse::<form::Valuta>().unwrap_err().0, "`DKK` is not a valid Valuta: it must be one of `NOK`, `SEK`, `EUR`");
    // validate() says where: the path names the field.
    let doc = form::Document::from_xml(VALID.replace("910000001", "12AB").replace("1000.50", "1000.505").as_bytes()).unwrap();
    assert_eq!(
        violations(&doc),
        [
            "/melding/Innsender/Organisasjonsnummer [pattern]: `12AB` is not a valid Organisasjonsnummer: it does not match the pattern `[0-9]{9}`",
            "/melding/Regnskap/Driftsinntekter [digits]: `1000.505` is not a valid Belop: it has 3 fraction digits (at most 2)",
        ]
    );
    // Long values are shortened in messages.
    let long = form::Tekst175::new("x".repeat(200)).unwrap_err().0;
    assert!(long.starts_with(&format!("`{}…` is not a valid Tekst175: it has 200 characters (at most 175)", "x".repeat(60))), "{long}");
}

#[test]
fn a_fixed_attribute_read_with_another_value_is_a_violation() {
    let other = VALID.replace(r#"dataFormatVersion="47001""#, r#"dataFormatVersion="47000""#);
    // Strict reading refuses it; lenient reading keeps it for validate().
    let err = form::Document::from_xml_with(other.as_bytes(), Mode::Strict).unwrap_err();
    assert_eq!(err.to_string(), "line 2: /melding: attribute dataFormatVersion must be `47001`, found `47000`");
    let doc = form::Document::from_xml(other.as_bytes()).unwrap();
    assert_eq!(violations(&doc), ["/melding/@dataFormatVersion [fixed]: must be `47001` (fixed by the schema), found `47000`"]);
    // Whitespace around the value does not matter; writing writes the schema's value.
    let spaced = VALID.replace(r#"dataFormatVersion="47001""#, r#"dataFormatVersion=" 47001 ""#);
    assert_eq!(violations(&form::Document::from_xml(spaced.as_bytes()).unwrap()), Vec::<String>::new());
    assert!(doc.to_xml().unwrap().contains(r#"dataFormatVersion="47001""#));
}

#[test]
fn a_missing_required_element_is_reported_at_its_path() {
    // Strict and lenient reading both name the element's path and its XML name.
    let without = VALID.replace("<Innsender><Organisasjonsnummer>910000001</Organisasjonsnummer><Navn>Firma AS</Navn></Innsender>", "");
    for mode in [Mode::Strict, Mode::Lenient] {
        let err = form::Document::from_xml_with(without.as_bytes(), mode).unwrap_err();
        assert_eq!((err.path.as_str(), err.message.as_str()), ("/melding/Innsender", "required element Innsender is missing"), "{mode:?}");
    }
    let err = form::Document::from_xml_with(VALID.replace("<Navn>Firma AS</Navn>", "").as_bytes(), Mode::Strict).unwrap_err();
    assert_eq!(err.to_string(), "line 3: /melding/Innsender/Navn: required element Navn is missing");
    // An element out of place is still named as unexpected in strict mode.
    let swapped = VALID.replace(
        "<Organisasjonsnummer>910000001</Organisasjonsnummer><Navn>Firma AS</Navn>",
        "<Navn>Firma AS</Navn><Organisasjonsnummer>910000001</Organisasjonsnummer>",
    );
    let err = form::Document::from_xml_with(swapped.as_bytes(), Mode::Strict).unwrap_err();
    assert_eq!(err.message, "unexpected element {http://seres.no/xsd/TTD/RF9001_M/2021}Organisasjonsnummer", "{err}");
    // A missing required attribute, and validate() on a repeated element below its minimum.
    use altinn_generated::generated::services::ttd_5001_1::attachment_902 as vedlegg;
    let xml = r#"<Regnskapsdata xmlns="urn:ttd:regnskapsdata:v1" versjon="1.0"><Post>1</Post></Regnskapsdata>"#;
    let err = vedlegg::Document::from_xml(xml.as_bytes()).unwrap_err();
    assert_eq!((err.path.as_str(), err.message.as_str()), ("/Regnskapsdata/Post/@konto", "required attribute konto is missing"));
    let empty = vedlegg::Document::from_xml(br#"<Regnskapsdata xmlns="urn:ttd:regnskapsdata:v1" versjon="1.0"/>"#).unwrap();
    let v = empty.validate();
    assert_eq!((v[0].path.as_str(), v[0].rule), ("/Regnskapsdata/Post", "minOccurs"), "{v:?}");
}

const FULL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<melding xmlns="http://seres.no/xsd/TTD/RF9001_M/2021" dataFormatProvider="SERES" dataFormatId="9001" dataFormatVersion="47001">
  <Innsender><Organisasjonsnummer>910000001</Organisasjonsnummer><Navn>Firma AS</Navn><Epost>post@firma.no</Epost></Innsender>
  <Regnskap><Regnskapsaar>2024</Regnskapsaar><Driftsinntekter>1000.50</Driftsinntekter><Driftskostnader>200</Driftskostnader><Valuta>NOK</Valuta><Avsluttet>2024-12-31</Avsluttet></Regnskap>
  <Filial><Navn>Bergen</Navn><AntallAnsatte>12</AntallAnsatte></Filial>
  <Filial><Navn>Tromsø</Navn></Filial>
  <Merknad>Ingen</Merknad>
</melding>"#;

#[test]
fn a_form_is_built_from_its_required_parts_and_setters() -> Result<(), Box<dyn std::error::Error>> {
    // `new` takes the required parts; `with_*` sets the optional ones (a nillable element takes
    // its plain value) and adds to the repeated ones. No field is named that a later version of
    // the schema could add to.
    let melding = form::Arsoppgave::new(
        form::Innsender::new(form::Organisasjonsnummer::new("910000001")?, form::Tekst175::new("Firma AS")?)
            .with_epost(form::Epost::new("post@firma.no")?),
        form::Regnskap::new("2024".parse()?, "1000.50".parse()?, form::Belop::new(200)?, "2024-12-31".parse()?)
            .with_valuta(form::Valuta::Nok),
    )
    .with_filial(form::Filial::new(form::Tekst175::new("Bergen")?).with_antall_ansatte(form::Antall::new(12)?))
    .with_filial(form::Filial::new(form::Tekst175::new("Tromsø")?))
    .with_merknad(form::Tekst1000::new("Ingen")?);
    let doc = form::Document::Melding(melding);
    assert_eq!(violations(&doc), Vec::<String>::new());
    assert_eq!(doc, form::Document::from_xml(FULL.as_bytes())?);
    assert_eq!(form::Document::from_xml_with(doc.to_xml()?.as_bytes(), Mode::Strict)?, doc);
    // Fields stay public: assigning works too, and Nil is still a value of a nillable element.
    let form::Document::Melding(mut m) = doc;
    m.merknad = Some(altinn_generated::runtime::xml::Nillable::Nil);
    assert!(form::Document::Melding(m).to_xml()?.contains("xsi:nil=\"true\""));
    Ok(())
}

#[test]
fn structs_with_nothing_required_have_a_default() -> Result<(), Box<dyn std::error::Error>> {
    use altinn_generated::generated::services::ttd_5001_1::attachment_902 as vedlegg;
    use altinn_generated::generated::services::ttd_5004_3::form_endring_12042 as endring;
    use altinn_generated::runtime::xml::Date;
    // Every part of an endring group is optional: it has a Default, and setters take the value of
    // a SERES text element directly.
    let tom = endring::EndringGrp9102::default();
    assert_eq!(tom.validate(), vec![]);
    let endret = endring::EndringGrp9102::default().with_endring_dato_datadef_2001(Date::new("2024-05-17")?);
    assert_eq!(endret.endring_dato_datadef_2001.as_ref().map(|d| d.value.as_str()), Some("2024-05-17"));
    let skjema = endring::Skjema::new(endring::GenerellInformasjonGrp9101::new(endring::Tekst9SifferRepformat1::new("910000001")?))
        .with_endring_grp_9102(endret);
    let doc = endring::Document::Skjema(skjema);
    assert_eq!(doc.validate(), vec![]);
    assert_eq!(endring::Document::from_xml(doc.to_xml()?.as_bytes())?, doc);
    // An element that must occur at least once is a parameter of `new` (no Default then).
    let data = vedlegg::Regnskapsdata::new([vedlegg::Post::new("3000", 1500)]).with_post(vedlegg::Post::new("4000", 700));
    assert_eq!(data.post.len(), 2);
    assert_eq!(vedlegg::Document::Regnskapsdata(data).validate(), vec![]);
    Ok(())
}

#[test]
fn a_new_optional_element_leaves_new_unchanged() {
    // Two versions of a schema; the second adds an optional element and an optional attribute.
    // `new` is the same in both, so code written against the first compiles against the second.
    let v1 = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="Melding"><xs:complexType><xs:sequence>
        <xs:element name="Navn" type="xs:string"/>
        <xs:element name="Alder" type="xs:int" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>"#;
    let v2 = v1
        .replace(r#"<xs:element name="Alder""#, r#"<xs:element name="Epost" type="xs:string" minOccurs="0"/><xs:element name="Alder""#)
        .replace("</xs:sequence>", r#"</xs:sequence><xs:attribute name="id" type="xs:string"/>"#);
    let dir = tempfile::tempdir().unwrap();
    let new_of = |xsd: &str, file: &str| {
        let path = dir.path().join(file);
        std::fs::write(&path, xsd).unwrap();
        let (text, _, _) = altinn_harness::corpus::generate_module(&path, "rt").unwrap();
        // `rt::new!(parameters; fields that start empty)`: the parameters are `new`'s.
        let start = text.find("    rt::new!(").expect("a constructor");
        let end = start + text[start..].find([';', ')']).unwrap();
        (text[start..end].to_string(), text)
    };
    let ((new1, _), (new2, text2)) = (new_of(v1, "v1.xsd"), new_of(&v2, "v2.xsd"));
    assert_eq!(new1, new2);
    assert!(new1.contains("navn: impl Into<String>"), "{new1}");
    assert!(text2.contains("rt::setter!(with_epost, epost, set into, String);"), "{text2}");
    assert!(text2.contains("rt::setter!(with_alder, alder, set, i32);"), "{text2}");
}

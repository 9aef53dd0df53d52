//! Building a form by hand: the sample form RF-9001 (service TTD 5001/1) from its parts, checked
//! against its schema, written as XML and read back.
//!
//! ```sh
//! cargo run -p altinn-generated --example form_by_hand --features ttd_5001_1
//! ```

use std::process::ExitCode;

use altinn_generated::generated::services::ttd_5001_1::form_9001_47001 as form;
use altinn_generated::runtime::xml::{AnyDocument, Mode, Validate};

const USAGE: &str = "\
form_by_hand: builds the sample form RF-9001 by hand, validates it, writes it as XML and reads it back.

Usage: cargo run -p altinn-generated --example form_by_hand --features ttd_5001_1 [-- --help]

Prints the form's XML; exits with 1 if the form breaks its schema or does not read back the same.";

fn build() -> Result<form::Document, Box<dyn std::error::Error>> {
    // `new` takes the required parts, `with_*` sets optional ones: code written like this keeps
    // compiling when a later version of the schema adds optional elements.
    let innsender = form::Innsender::new(form::Organisasjonsnummer::new("910000001")?, form::Tekst175::new("Firma AS")?)
        .with_epost(form::Epost::new("post@firma.no")?);
    let regnskap = form::Regnskap::new(
        "2024".parse()?,    // xs:gYear
        "1000.50".parse()?, // Belop: at most 15 digits, 2 after the point
        form::Belop::new(200)?,
        "2024-12-31".parse()?, // xs:date, checked against the calendar
    )
    .with_valuta(form::Valuta::Nok);
    let melding = form::Arsoppgave::new(innsender, regnskap)
        .with_filial(form::Filial::new(form::Tekst175::new("Bergen")?).with_antall_ansatte(form::Antall::new(12)?))
        .with_merknad(form::Tekst1000::new("Ingen merknader")?); // nillable: a plain value
    Ok(form::Document::Melding(melding))
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let doc = build()?;
    let violations = doc.validate();
    for v in &violations {
        eprintln!("violation: {v}");
    }
    if !violations.is_empty() {
        return Err(format!("the form breaks its schema in {} places", violations.len()).into());
    }
    let xml = doc.to_xml()?;
    println!("{xml}");
    let again = form::Document::from_xml_with(xml.as_bytes(), Mode::Strict)?;
    if again != doc {
        return Err("the form read back differs from the one written".into());
    }
    Ok(())
}

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("form_by_hand: {e}");
            ExitCode::FAILURE
        }
    }
}

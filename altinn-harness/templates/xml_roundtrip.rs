//! Round trip of the corpus pairs (written by `cargo xtask corpus --pairs`).
use altinn_runtime::xml as rt;
use std::io::BufRead;

/// How a line of a pair that could not be tried starts (its fields left empty or 0).
const FAILED: &str = "0\t0\t0\t0\t";

fn one<D: rt::AnyDocument + rt::Validate + PartialEq>(input: &[u8], output: &str) -> String {
    // Our verdict: a strict read, then validate().
    let strict = match D::from_xml_with(input, rt::Mode::Strict) {
        Ok(d) => match d.validate().first() {
            None => "1".to_string(),
            Some(v) => format!("0 {}", clean(&v.to_string())),
        },
        Err(e) => format!("0 {}", clean(&e.to_string())),
    };
    let doc = match D::from_xml_with(input, rt::Mode::Lenient) {
        Ok(d) => d,
        Err(e) => return format!("0\t0\t0\t{strict}\tread: {}", clean(&e.to_string())),
    };
    let xml = match doc.to_xml() {
        Ok(x) => x,
        Err(e) => return format!("1\t0\t0\t{strict}\twrite: {}", clean(&e.to_string())),
    };
    if let Err(e) = std::fs::write(output, &xml) {
        return format!("1\t0\t0\t{strict}\tcannot write {output}: {e}");
    }
    match D::from_xml_with(xml.as_bytes(), rt::Mode::Lenient) {
        Ok(again) if again == doc => format!("1\t1\t1\t{strict}\t"),
        Ok(_) => format!("1\t1\t0\t{strict}\treread differs"),
        Err(e) => format!("1\t1\t0\t{strict}\treread: {}", clean(&e.to_string())),
    }
}

// @insert main

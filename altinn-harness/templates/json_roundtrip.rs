//! XML to JSON and back for the corpus's JSON oracles (written by `cargo xtask corpus --json-oracles`).
use altinn_runtime::xml as rt;
use rt::{AnyDocument, JsonDocument};
use std::io::BufRead;

/// How a line of a pair that could not be tried starts (its fields left empty or 0).
const FAILED: &str = "0\t0\t\t";

fn one<D: AnyDocument + JsonDocument + PartialEq>(input: &[u8], output: &str) -> String {
    let doc = match D::from_xml_with(input, rt::Mode::Lenient) {
        Ok(d) => d,
        Err(e) => return format!("0\t0\t\tread: {}", clean(&e.to_string())),
    };
    let root = doc.json_root();
    let text = doc.to_json_string();
    if let Err(e) = std::fs::write(output, &text) {
        return format!("1\t0\t{root}\tcannot write {output}: {e}");
    }
    match D::from_json_as(root, text.as_bytes()) {
        Ok(again) if again == doc => format!("1\t1\t{root}\t"),
        Ok(again) => {
            let (a, b) = (doc.to_xml().unwrap_or_default(), again.to_xml().unwrap_or_default());
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let from = at.saturating_sub(60);
            format!("1\t0\t{root}\tread back from JSON differs: XML `{}` became `{}`",
                clean(a.get(from..(at + 60).min(a.len())).unwrap_or("")), clean(b.get(from..(at + 60).min(b.len())).unwrap_or("")))
        }
        Err(e) => format!("1\t0\t{root}\tread back from JSON: {}", clean(&e.to_string())),
    }
}

// @insert main

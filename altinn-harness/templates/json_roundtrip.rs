//! XML to JSON and back for the corpus's JSON oracles (written by `cargo xtask corpus --json-oracles`).
use altinn_runtime::xml as rt;
use rt::{AnyDocument, JsonDocument};
use std::io::BufRead;

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

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

fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let cols: Vec<&str> = line.split('\t').collect();
        let (module, input, output) = (cols[0], cols[1], cols[2]);
        let input = match std::fs::read(input) {
            Ok(b) => b,
            Err(e) => {
                println!("0\t0\t\tcannot read {input}: {e}");
                continue;
            }
        };
        let result = match module {
            "MODULE" => one::<altinn_corpus::MODULE::Document>(&input, output), // @each module
            other => format!("0\t0\t\tno module {other}"),
        };
        println!("{result}");
    }
}

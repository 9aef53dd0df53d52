//! Times the generated types against a bare quick-xml loop (written by altinn-codegen's speed module).
#[allow(dead_code, missing_docs)] // @each module
mod MODULE; // @each module

use altinn_runtime::xml as rt;
use std::hint::black_box;
use std::time::{Duration, Instant};

// @insert per_call

fn floor(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(e) => {
                black_box(&e);
                n += 1;
            }
            Err(e) => panic!("{e}"),
        }
    }
    n
}

fn time<D: rt::AnyDocument>(bytes: &[u8]) -> (f64, f64, f64) {
    let doc = D::from_xml_with(bytes, rt::Mode::Lenient).expect("the instance reads");
    let mb = bytes.len() as f64 / 1e6;
    // The floor and the read in turns: their ratio is the measure.
    let (floor, read) = per_call_pair(
        || {
            black_box(floor(black_box(bytes)));
        },
        || {
            black_box(D::from_xml_with(black_box(bytes), rt::Mode::Lenient).unwrap());
        },
    );
    let write = per_call(|| {
        black_box(black_box(&doc).to_xml().unwrap());
    });
    (mb / floor, mb / read, mb / write)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let bytes = std::fs::read(&pair[1]).expect("instance");
        let (floor, read, write) = match pair[0].as_str() {
            "MODULE" => time::<MODULE::Document>(&bytes), // @each module
            other => panic!("unknown module {other}"),
        };
        println!("{}\t{floor:.3}\t{read:.3}\t{write:.3}", bytes.len());
    }
}

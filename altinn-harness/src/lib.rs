//! The test and benchmark harness beside the generator: runs the generator over a folder of
//! schemas into a scratch crate, builds it, and checks what it generated against outside
//! judges (xmllint, the W3C suite, the real Altinn instances), timing what it is asked to.
//!
//! - [`corpus`]: generate one crate from every XSD under a folder, build it, isolate failing
//!   modules, and report per schema (the `cargo xtask corpus` and `w3c` commands);
//! - [`roundtrip`]: read, write, validate and reread real instances through the generated code;
//! - [`sample`]: sample instances built from a resolved schema;
//! - [`lexical`]: the order of lexical values (exact decimals, dates and times, durations);
//! - [`speed`]: read/write throughput of generated code beside a bare quick-xml loop;
//! - [`conformance`]: the Markdown summaries of a corpus run;
//! - [`parallel`]: work on every core, results in input order;
//! - [`process`]: outside programs under a time limit.
//! - [`scratch`]: the scratch crates all of them build, and the programs (`templates/*.rs`) they run.
//!
//! Used by `xtask` and the tests; the generator library does not depend on it.

pub mod conformance;
pub mod corpus;
pub mod invalid;
pub mod json_corpus;
pub mod json_oracle;
pub mod lexical;
pub mod openapi_corpus;
pub mod parallel;
pub mod process;
pub mod roundtrip;
pub mod sample;
pub mod scratch;
pub mod speed;

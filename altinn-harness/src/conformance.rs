//! A readable summary of a corpus run over a conformance sample (the W3C XML Schema test suite):
//! totals, the pass rate, and the failures grouped by cause. Deterministic (no timings), so a
//! test can keep the committed copy current.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::corpus::{CorpusReport, PairResult};

/// The cause of a failed pair, as a short stable category.
pub fn cause(p: &PairResult) -> String {
    let m = &p.message;
    if m.contains("not in the corpus or did not compile") {
        return "schema did not generate or compile".into();
    }
    if !p.read {
        if m.contains("is missing") {
            return "read: a required element or attribute was not found (content model not matched)".into();
        }
        if m.contains("is not a") || m.contains("is not one of") {
            return "read: a value outside the mapped type (e.g. an empty number)".into();
        }
        return "read: other".into();
    }
    if m.contains("abstract") || m.contains("XMLSchema-instance\"), local: \"type\"") || m.contains("XMLSchema}type") {
        return "data: xsi:type (derived types in instances) is not kept".into();
    }
    if m.contains("QName value") || m.contains("QName") && m.contains("namespace warning") {
        return "write: QName values in a union (read as text) lose their namespace bindings".into();
    }
    if m.contains("XMLSchema-instance\"), local: \"nil\"") {
        return "data: xsi:nil=\"false\" is not kept".into();
    }
    if m.contains("written XML invalid") {
        return "write: output rejected by xmllint (other)".into();
    }
    if m.contains("children") {
        return "data: elements dropped (unknown or out-of-model children)".into();
    }
    if m.contains("attributes") {
        return "data: attributes differ".into();
    }
    if m.contains("reread differs") {
        return "reread: value differs after a round trip".into();
    }
    if m.contains("text") {
        return "data: text differs".into();
    }
    "other".into()
}

/// Keeps only file names of absolute paths, so the summary is the same on every machine.
fn without_paths(m: &str) -> String {
    m.split(' ')
        .map(|tok| {
            let quoted = tok.strip_prefix('"');
            match quoted.unwrap_or(tok) {
                p if p.starts_with('/') && p.contains('.') => {
                    let name = p.rsplit('/').next().unwrap_or(p);
                    if quoted.is_some() { format!("\"{name}") } else { name.to_string() }
                }
                _ => tok.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Markdown summary.
pub fn markdown(title: &str, command: &str, report: &CorpusReport) -> String {
    let t = report.totals();
    let n = |k: &str| t[k].as_u64().unwrap_or(0);
    let valid = n("pairs_valid");
    let rate = |x: u64| if valid == 0 { 0.0 } else { 100.0 * x as f64 / valid as f64 };
    let mut out = String::new();
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(out, "Written by `{command}`; a test checks it is current. Counts are over the pairs xmllint accepts as given.\n");
    let _ = writeln!(out, "| measure | count | of | rate |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    let _ = writeln!(out, "| schemas that generate | {} | {} | |", n("generated"), n("schemas"));
    let _ = writeln!(out, "| schemas that compile (`#![deny(warnings)]`) | {} | {} | |", n("compiled"), n("schemas"));
    let _ = writeln!(out, "| pairs (valid per xmllint) | {valid} | {} | |", n("pairs"));
    for (label, key) in [
        ("read", "read"),
        ("written XML valid (xmllint)", "written_valid"),
        ("reread equal", "reread_equal"),
        ("same data", "data_equal"),
        ("**round trip (all three)**", "round_trip"),
    ] {
        let _ = writeln!(out, "| {label} | {} | {valid} | {:.1}% |", n(key), rate(n(key)));
    }
    let mut groups: BTreeMap<String, Vec<&PairResult>> = BTreeMap::new();
    for p in report.pairs.iter().filter(|p| p.original_valid == Some(true)) {
        if !(p.read && p.written_valid && p.reread_equal && p.data_equal) {
            groups.entry(cause(p)).or_default().push(p);
        }
    }
    let mut ordered: Vec<_> = groups.into_iter().collect();
    ordered.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let _ = writeln!(out, "\n## Failures by cause\n");
    if ordered.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for (cause, pairs) in ordered {
        let _ = writeln!(out, "### {cause} ({})\n", pairs.len());
        for p in pairs.iter().take(12) {
            let inst = p.instance.rsplit("suite/").next().unwrap_or(&p.instance);
            let msg: String = without_paths(&p.message).chars().take(160).collect();
            let _ = writeln!(out, "- `{inst}`: {}", msg.replace('|', "\\|").replace('`', "'"));
        }
        if pairs.len() > 12 {
            let _ = writeln!(out, "- … and {} more", pairs.len() - 12);
        }
        let _ = writeln!(out);
    }
    out
}

/// The Markdown summary of a corpus run's sample instances: totals, and every schema without a
/// valid sample with its status and libxml2's (or our) first message. Paths are cut to file
/// names so the text is the same on every machine.
pub fn samples_markdown(title: &str, command: &str, report: &CorpusReport) -> String {
    use crate::corpus::SampleStatus;
    let t = report.totals();
    let n = |k: &str| t[k].as_u64().unwrap_or(0);
    let pct = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 * 100.0 / b as f64 };
    let mut out = String::new();
    let _ = writeln!(out, "# {title}\n\nWritten by `{command}`; a test keeps it current.\n");
    let _ = writeln!(
        out,
        "A sample instance is built from each schema's model (required parts present, facets met) and \
         judged by `xmllint --schema`. A schema that libxml2 cannot compile, or that declares no global \
         element, admits no valid document at all; the rest are *checkable*.\n"
    );
    let _ = writeln!(out, "| | schemas | share |\n|---|---:|---:|");
    let _ = writeln!(out, "| schemas | {} | |", n("schemas"));
    let _ = writeln!(out, "| samples valid | {} | {:.1}% of all |", n("samples_valid"), pct(n("samples_valid"), n("schemas")));
    let _ = writeln!(out, "| checkable | {} | {:.1}% valid |", n("samples_checkable"), pct(n("samples_valid"), n("samples_checkable")));
    let _ = writeln!(out, "| libxml2 cannot compile the schema | {} | |", n("samples_schema_rejected"));
    let _ = writeln!(out, "| no global element | {} | |", n("samples_no_global_element"));
    let _ = writeln!(out, "| imports resolved by namespace | {} | |\n", n("resolved_by_namespace"));
    let _ = writeln!(out, "## Schemas without a valid sample\n\n| schema | status | why | first message |\n|---|---|---|---|");
    let mut rows: Vec<(SampleStatus, &str, &str, String)> = report
        .schemas
        .iter()
        .filter(|s| s.sample_status != SampleStatus::Valid)
        .map(|s| {
            let msg = s.sample_error.as_deref().unwrap_or("").lines().next().unwrap_or("").to_string();
            let msg = without_paths(&msg).replace('|', "\\|");
            let msg: String = msg.chars().take(220).collect();
            let why = explain(s.sample_status, s.sample_error.as_deref().unwrap_or(""));
            (s.sample_status, s.path.as_str(), why, msg)
        })
        .collect();
    rows.sort();
    for (status, path, why, msg) in rows {
        let _ = writeln!(out, "| `{path}` | {} | {why} | {msg} |", status.as_str());
    }
    out
}

/// Why a sample could not pass, for the causes we know.
fn explain(status: crate::corpus::SampleStatus, message: &str) -> &'static str {
    use crate::corpus::SampleStatus;
    match status {
        SampleStatus::SchemaRejected if message.contains("seres.xsd") || message.contains("is not a valid URI") => {
            "imports an unpublished seres.xsd (and libxml2 rejects non-ASCII namespace URIs)"
        }
        SampleStatus::SchemaRejected if message.contains("facets of") => {
            "its patterns use lookahead and ^/$ anchors, which XSD regular expressions do not have"
        }
        SampleStatus::SchemaRejected => "libxml2 cannot compile the schema (the message says why)",
        SampleStatus::NoGlobalElement => "no global element: no document can be written",
        SampleStatus::TimedOut => "xmllint passed its time limit judging it (and was killed): not judged",
        _ if message.contains("xs:ENTITY") => {
            "a required xs:ENTITY element: libxml2 accepts no value there, not even a declared unparsed entity"
        }
        _ if message.contains("strict wildcard") => {
            "the only global element requires a strict wildcard only itself can fill: every valid document is infinite"
        }
        _ if message.contains("name with surrounding spaces") => {
            "an element name written with spaces: the schema means the trimmed name, libxml2 keeps the spaces"
        }
        _ => "",
    }
}

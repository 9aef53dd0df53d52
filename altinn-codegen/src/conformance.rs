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
        return "write: QName values lose their namespace prefixes".into();
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
        .map(|tok| if tok.starts_with('/') && tok.contains(['.']) { tok.rsplit('/').next().unwrap_or(tok) } else { tok })
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

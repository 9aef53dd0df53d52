//! The JSON stage of a corpus run (`cargo xtask corpus --json-oracles oracles.tsv`): for each XSD
//! with an Altinn Studio JSON Schema, a sample document (of the root the oracle describes) and
//! every instance of the XSD that xmllint accepts are read from XML, written as JSON by the
//! generated code, checked against the oracle, and read back from the JSON to the same model.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::Value;

use altinn_codegen::model::xsd::{Root, SchemaModel};

use crate::corpus::{CorpusOptions, CorpusReport, JsonOracleResult};
use crate::json_oracle::{Oracle, read_oracles};

/// The program that converts XML documents to JSON and back (one line per document on stdin:
/// module, XML input, JSON output; one line out: read, same model after the JSON round trip,
/// root, message).
pub fn program(modules: &[String]) -> String {
    crate::scratch::pairs_program(crate::scratch::JSON_ROUNDTRIP, modules)
}

/// One document to convert: which oracle row, and whether it is the sample.
struct Job {
    row: usize,
    sample: bool,
    module: String,
    input: PathBuf,
    output: PathBuf,
}

/// The root the oracle describes, among the model's global elements (else the sample's usual
/// choice: the first with a complex type).
fn oracle_root<'m>(model: &'m SchemaModel, oracle: &Oracle) -> Option<&'m Root> {
    let by_name = |n: &str| model.roots.iter().find(|r| r.name.local == n);
    if let Some(r) = oracle.root_element.as_deref().and_then(by_name) {
        return Some(r);
    }
    // Old-shape oracles name the roots they allow as properties; the generated code's main root
    // (the global element nothing refers to) first.
    let named = |r: &&Root| oracle.instance(&r.name.local, &Value::Null) != Value::Null;
    if let Some(main) = altinn_codegen::emit::xsd::json_main_root(model)
        && (named(&main) || !model.roots.iter().any(|r| named(&r)))
    {
        return Some(main);
    }
    model
        .roots
        .iter()
        .find(named)
        .or_else(|| model.roots.iter().find(|r| matches!(r.ty, altinn_codegen::model::xsd::TypeRef::Complex(_))))
        .or(model.roots.first())
}

/// Runs the JSON stage into `report.json`.
pub fn check(
    options: &CorpusOptions,
    oracles_file: &Path,
    files: &[PathBuf],
    models: &[Option<SchemaModel>],
    report: &mut CorpusReport,
) -> Result<()> {
    let base = oracles_file.parent().unwrap_or(Path::new("."));
    let xsd_root = options.xsd_root.canonicalize().unwrap_or_else(|_| options.xsd_root.clone());
    let index: BTreeMap<PathBuf, usize> =
        files.iter().enumerate().map(|(i, f)| (f.canonicalize().unwrap_or_else(|_| f.clone()), i)).collect();
    let dir = options.work.join("json");
    std::fs::create_dir_all(&dir)?;
    let mut oracles: Vec<Option<Oracle>> = Vec::new();
    let mut xsd_files: Vec<PathBuf> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    for (row, (xsd, oracle_path)) in read_oracles(oracles_file)?.into_iter().enumerate() {
        let abs = base.join(&xsd).canonicalize().unwrap_or_else(|_| base.join(&xsd));
        xsd_files.push(abs.clone());
        let rel = abs.strip_prefix(&xsd_root).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_else(|_| xsd.clone());
        let mut r = JsonOracleResult { schema: rel.clone(), oracle: oracle_path.clone(), ..JsonOracleResult::default() };
        let i = index.get(&abs).copied();
        let schema = i.map(|i| &report.schemas[i]);
        r.compiled = schema.is_some_and(|s| s.compiled);
        let oracle = match Oracle::load(&base.join(&oracle_path)) {
            Ok(o) => {
                r.repairs = o.repairs.clone();
                Some(o)
            }
            Err(e) => {
                r.errors.push(e);
                None
            }
        };
        match (schema, &oracle) {
            (None, _) => r.errors.push("the XSD is not in the corpus".into()),
            (Some(s), _) if !s.compiled => {
                r.errors.push(format!("the XSD's module did not compile ({})", s.error.clone().unwrap_or_default()))
            }
            (Some(s), Some(o)) => {
                let module = s.module.clone();
                // The sample, of the root the oracle describes.
                match models[i.unwrap_or_default()].as_ref().map(|m| (m, oracle_root(m, o))) {
                    Some((m, Some(root))) => match crate::sample::sample(m, root) {
                        Ok(xml) => {
                            let input = dir.join(format!("{row:03}-sample.xml"));
                            std::fs::write(&input, xml)?;
                            let output = dir.join(format!("{row:03}-sample.json"));
                            jobs.push(Job { row, sample: true, module: module.clone(), input, output });
                        }
                        Err(e) => r.errors.push(format!("no sample: {e}")),
                    },
                    Some((_, None)) => {
                        r.errors.push("the schema has no global element".into());
                        r.explanation = Some("the schema declares no global element: there is no document to write".into());
                    }
                    None => r.errors.push("no model kept (samples are off)".into()),
                }
                // Every instance of the XSD that xmllint accepts.
                for (k, p) in report.pairs.iter().enumerate() {
                    if p.schema == rel && p.original_valid == Some(true) {
                        let output = dir.join(format!("{row:03}-pair{k:03}.json"));
                        jobs.push(Job { row, sample: false, module: module.clone(), input: PathBuf::from(&p.instance), output });
                    }
                }
            }
            (Some(_), None) => {}
        }
        report.json.push(r);
        oracles.push(oracle);
    }
    if jobs.is_empty() {
        return Ok(());
    }
    let mut modules: Vec<String> = jobs.iter().map(|j| j.module.clone()).collect();
    modules.sort();
    modules.dedup();
    std::fs::create_dir_all(options.work.join("src/bin"))?;
    std::fs::write(options.work.join("src/bin/corpus_json.rs"), program(&modules))?;
    let mut input = String::new();
    for j in &jobs {
        input.push_str(&format!("{}\t{}\t{}\n", j.module, j.input.display(), j.output.display()));
    }
    // A program that timed out answers nothing: each of its documents says so.
    let text = match crate::corpus::run_bin(options, "corpus_json", input, "the JSON program")? {
        Ok(text) => text,
        Err(t) => {
            report.timed_out.push(t.clone());
            jobs.iter().map(|_| format!("0\t0\t\t{t}\n")).collect()
        }
    };
    for (j, line) in jobs.iter().zip(text.lines().chain(std::iter::repeat("0\t0\t\tno result"))) {
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        let read = cols.first() == Some(&"1");
        let same = cols.get(1) == Some(&"1");
        let root = cols.get(2).copied().unwrap_or("").to_string();
        let msg = cols.get(3).copied().unwrap_or("");
        let what = if j.sample { "sample".to_string() } else { j.input.display().to_string() };
        let r = &mut report.json[j.row];
        let mut errors = Vec::new();
        if !msg.is_empty() {
            errors.push(msg.to_string());
        }
        let mut valid = false;
        let mut explained = None;
        if read && let Some(oracle) = &oracles[j.row] {
            if j.sample {
                r.root = Some(root.clone());
            }
            match std::fs::read(&j.output).ok().and_then(|b| serde_json::from_slice::<Value>(&b).ok()) {
                Some(doc) => {
                    let problems = oracle.check(&root, &doc);
                    valid = problems.is_empty();
                    if !valid {
                        explained = oracle.explain(&root, &doc).or_else(|| {
                            let xsd =
                                std::fs::read(&xsd_files[j.row]).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
                            crate::json_oracle::explain_mismatch(&r.oracle, &problems, &xsd)
                        });
                        if let Some(m) = oracle.root_mismatch(&root) {
                            explained =
                                Some(format!("{m}: oracles.tsv pairs the XSD with another model's JSON Schema (matched by file stem)"));
                        }
                    }

                    errors.extend(problems);
                }
                None => errors.push("the written JSON does not parse".into()),
            }
        }
        if j.sample {
            r.sample_valid = Some(valid);
            r.sample_round_trip = same;
        } else {
            r.pairs += 1;
            r.pairs_valid += usize::from(valid);
            r.pairs_round_trip += usize::from(valid && same);
        }
        r.errors.extend(errors.into_iter().map(|e| format!("{what}: {e}")));
        if r.explanation.is_none() {
            r.explanation = explained;
        }
    }
    Ok(())
}

/// A Markdown summary of the JSON oracle checks: the totals, and every oracle that does not pass
/// with its reasons.
pub fn markdown(report: &CorpusReport, command: &str) -> String {
    let t = report.totals();
    let mut out = format!(
        "# JSON against Altinn Studio's JSON Schemas\n\n\
         Written by `{command}`. For each XSD of the corpus with a JSON Schema from Altinn Studio \
         (`oracles.tsv`, relation `oracle-jsonschema`), the sample document and every instance xmllint \
         accepts are written as JSON by the generated code (feature `json`), validated against the oracle, \
         and read back to the same model.\n\n\
         | | |\n|---|---|\n\
         | oracles | {} |\n| their XSD compiled | {} |\n| passed (sample and every instance) | {} |\n\
         | not passed, explained (oracle defect, no document) | {} |\n\
         | sample valid | {} |\n| sample read back equal | {} |\n| instances | {} |\n| instances valid | {} |\n\
         | instances valid and read back equal | {} |\n| oracle repairs (string `const` of a numeric type) | {} |\n\n",
        t["json_oracles"],
        t["json_oracles_compiled"],
        t["json_oracles_passed"],
        t["json_oracles_explained"],
        t["json_sample_valid"],
        t["json_sample_round_trip"],
        t["json_pairs"],
        t["json_pairs_valid"],
        t["json_round_trip"],
        t["json_oracle_repairs"],
    );
    let failing: Vec<&JsonOracleResult> = report.json.iter().filter(|j| !j.passed()).collect();
    if failing.is_empty() {
        out.push_str("Every oracle passes.\n");
    } else {
        out.push_str("## Oracles that do not pass\n\n");
        for j in failing {
            out.push_str(&format!("- `{}` with `{}`:\n", j.schema, j.oracle));
            if let Some(why) = &j.explanation {
                out.push_str(&format!("  - **explained:** {why}\n"));
            }
            for e in j.errors.iter().take(6) {
                out.push_str(&format!("  - {}\n", e.replace('\n', " ")));
            }
        }
    }
    out
}

//! The corpus harness: one crate from every `.xsd` under a folder (each schema its own module),
//! built, with a JSON report of what generated, what compiled, and why not.
//!
//! A module that fails to compile is isolated: it is left out and the crate is built again, so
//! one broken schema never hides the others. The report's `totals` are the numbers to track.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::scratch::Scratch;
use serde_json::{Value, json};

use altinn_codegen::emit::xsd::{EmitOptions, emit_schema_items};
use altinn_codegen::model::xsd::SchemaModel;
use altinn_codegen::resolve::names::{Case, NameRequest, assign_layered, ident};
use altinn_codegen::resolve::xsd::{NameOverrides, NamespaceMatch, SchemaCatalog, resolve_file_in};
use altinn_codegen::snapshot::Disk;

use crate::process::{Limits, TimedOut, output_within};
use crate::roundtrip::{Judged, Xmllint};

/// What to run.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// Folder searched (recursively) for `.xsd` files.
    pub xsd_root: PathBuf,
    /// Where the crate is written and built.
    pub work: PathBuf,
    /// Path of the `altinn-runtime` crate.
    pub runtime_crate: PathBuf,
    /// A `Cargo.lock` to pin dependency versions (the workspace's).
    pub lockfile: Option<PathBuf>,
    /// Cargo's target folder (shared with the workspace so dependencies build once).
    pub target_dir: Option<PathBuf>,
    /// Build the crate (off: generate only).
    pub build: bool,
    /// Pairs file (consumed by the round-trip stage; accepted here).
    pub pairs: Option<PathBuf>,
    /// Satisfy imports whose files are missing with the one schema of the corpus that declares
    /// the namespace (each use is a warning; xmllint gets the same mapping as an XML catalogue).
    pub by_namespace: bool,
    /// Build and check a sample instance per schema (needs every model kept in memory).
    pub samples: bool,
    /// Schemas generated at once (0: one per core).
    pub jobs: usize,
    /// An `oracles.tsv` file: the XSDs with an Altinn Studio JSON Schema (`oracle-jsonschema`
    /// rows) have their sample and every valid instance written as JSON and checked against it
    /// (needs `build` and `samples`; the instances come from `pairs`).
    pub json_oracles: Option<PathBuf>,
    /// The time limits of xmllint, the builds and the built programs.
    pub limits: Limits,
    /// The xmllint program (`xmllint`, found on `PATH`).
    pub xmllint: PathBuf,
}

impl CorpusOptions {
    /// xmllint as these options name and limit it.
    pub fn xmllint(&self) -> Xmllint {
        Xmllint { program: self.xmllint.clone(), limit: self.limits.xmllint }
    }
}

impl CorpusOptions {
    /// The scratch crate in `work`.
    pub fn scratch(&self) -> Scratch<'_> {
        Scratch { dir: &self.work, lockfile: self.lockfile.as_deref(), target_dir: self.target_dir.as_deref() }
    }
}

/// One schema's outcome.
#[derive(Debug, Clone, Default)]
pub struct SchemaResult {
    /// Path relative to the root.
    pub path: String,
    /// Module name in the crate.
    pub module: String,
    /// Whether a module was generated.
    pub generated: bool,
    /// Why not.
    pub error: Option<String>,
    /// Warnings from resolving.
    pub warnings: Vec<String>,
    /// Files it includes or imports that are not there.
    pub missing: Vec<String>,
    /// Whether its module is in the crate that built.
    pub compiled: bool,
    /// Compiler messages that pointed into its module.
    pub build_errors: Vec<String>,
    /// Lines of generated Rust.
    pub lines: usize,
    /// xmllint accepts the generated sample instance (`None`: not tried).
    pub sample_valid: Option<bool>,
    /// What became of the sample.
    pub sample_status: SampleStatus,
    /// Why there is no valid sample.
    pub sample_error: Option<String>,
    /// Imports satisfied by namespace.
    pub by_namespace: Vec<NamespaceMatch>,
}

/// What became of a schema's sample instance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum SampleStatus {
    /// Not tried (no xmllint, or the schema did not generate).
    #[default]
    NotTried,
    /// xmllint accepts it.
    Valid,
    /// xmllint rejects it, though it loads the schema: ours to explain.
    Invalid,
    /// We could not build one (facets no value meets).
    NotBuilt,
    /// xmllint cannot compile the schema itself, so no instance can pass.
    SchemaRejected,
    /// The schema has no global element, so there is no document to write.
    NoGlobalElement,
    /// xmllint passed its time limit judging it (and was killed).
    TimedOut,
}

impl SampleStatus {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SampleStatus::NotTried => "not_tried",
            SampleStatus::Valid => "valid",
            SampleStatus::Invalid => "invalid",
            SampleStatus::NotBuilt => "not_built",
            SampleStatus::SchemaRejected => "schema_rejected",
            SampleStatus::NoGlobalElement => "no_global_element",
            SampleStatus::TimedOut => "timed_out",
        }
    }

    /// Whether a valid instance could be judged at all: xmllint loads the schema and it has a
    /// global element.
    pub fn checkable(self) -> bool {
        matches!(self, SampleStatus::Valid | SampleStatus::Invalid | SampleStatus::NotBuilt)
    }
}

/// One pair's round trip.
#[derive(Debug, Clone, Default)]
pub struct PairResult {
    /// Schema path (relative to the xsd root when inside it).
    pub schema: String,
    /// Instance path as given.
    pub instance: String,
    /// `expected` column.
    pub expected: Option<String>,
    /// xmllint accepts the original (`None`: not run).
    pub original_valid: Option<bool>,
    /// The generated type read it.
    pub read: bool,
    /// xmllint accepts what we wrote.
    pub written_valid: bool,
    /// Reading what we wrote gives an equal value.
    pub reread_equal: bool,
    /// The written XML carries the same data.
    pub data_equal: bool,
    /// Our verdict: strict read succeeded.
    pub strict_valid: bool,
    /// What went wrong, if anything.
    pub message: String,
    /// An xmllint call for this pair (the original or what we wrote) passed its time limit.
    pub timed_out: bool,
}

/// One JSON Schema oracle's check: the sample and the valid instances of its XSD as JSON.
#[derive(Debug, Clone, Default)]
pub struct JsonOracleResult {
    /// The XSD (relative to the xsd root when inside it).
    pub schema: String,
    /// The oracle file as the oracles file names it.
    pub oracle: String,
    /// The XSD's module compiled.
    pub compiled: bool,
    /// The root element the JSON documents are of.
    pub root: Option<String>,
    /// The sample written as JSON validates against the oracle (`None`: not checked).
    pub sample_valid: Option<bool>,
    /// The sample's JSON converts back to the same model.
    pub sample_round_trip: bool,
    /// Valid XML instances of the XSD checked.
    pub pairs: usize,
    /// Of those, the ones whose JSON validates against the oracle.
    pub pairs_valid: usize,
    /// Of those, the ones whose JSON also converts back to the same model.
    pub pairs_round_trip: usize,
    /// Repairs made to the oracle (see `json_oracle`).
    pub repairs: Vec<String>,
    /// What went wrong, per document.
    pub errors: Vec<String>,
    /// Why a check that does not pass is not ours to fix (an oracle defect, a schema with no
    /// document), when that is known.
    pub explanation: Option<String>,
}

impl JsonOracleResult {
    /// Whether everything checked passed.
    pub fn passed(&self) -> bool {
        self.compiled && self.sample_valid == Some(true) && self.sample_round_trip && self.pairs_round_trip == self.pairs
    }
}

/// The whole run.
#[derive(Debug, Clone, Default)]
pub struct CorpusReport {
    /// JSON Schema oracle checks, when an oracles file was given.
    pub json: Vec<JsonOracleResult>,
    /// Round trips, when a pairs file was given.
    pub pairs: Vec<PairResult>,
    /// Whether xmllint was available for the checks.
    pub xmllint: bool,
    /// Per schema, sorted by path.
    pub schemas: Vec<SchemaResult>,
    /// Seconds spent generating.
    pub generate_seconds: f64,
    /// Seconds spent building (all attempts).
    pub build_seconds: f64,
    /// Builds run (1 + isolation rounds).
    pub build_attempts: usize,
    /// Whether the final crate built.
    pub built: bool,
    /// Every outside program that passed its time limit and was killed (the run went on).
    pub timed_out: Vec<TimedOut>,
}

impl CorpusReport {
    /// The `totals` object.
    pub fn totals(&self) -> Value {
        let count = |f: &dyn Fn(&SchemaResult) -> bool| self.schemas.iter().filter(|s| f(s)).count();
        // Round-trip counts are over the pairs xmllint accepts as given.
        let valid: Vec<&PairResult> = self.pairs.iter().filter(|p| p.original_valid == Some(true)).collect();
        let pc = |f: &dyn Fn(&PairResult) -> bool| valid.iter().filter(|p| f(p)).count();
        let agree = self.pairs.iter().filter(|p| p.expected.as_deref().is_some_and(|e| (e == "valid") == p.strict_valid)).count();
        json!({
            "schemas": self.schemas.len(),
            "generated": count(&|s| s.generated),
            "compiled": count(&|s| s.compiled),
            "missing_dependency": count(&|s| !s.missing.is_empty()),
            "warnings": self.schemas.iter().map(|s| s.warnings.len()).sum::<usize>(),
            "generated_lines": self.schemas.iter().map(|s| s.lines).sum::<usize>(),
            "samples": count(&|s| s.sample_valid.is_some()),
            "samples_valid": count(&|s| s.sample_valid == Some(true)),
            "samples_checkable": count(&|s| s.sample_status.checkable()),
            "samples_schema_rejected": count(&|s| s.sample_status == SampleStatus::SchemaRejected),
            "samples_no_global_element": count(&|s| s.sample_status == SampleStatus::NoGlobalElement),
            "resolved_by_namespace": self.schemas.iter().map(|s| s.by_namespace.len()).sum::<usize>(),
            "pairs": self.pairs.len(),
            "pairs_valid": valid.len(),
            "read": pc(&|p| p.read),
            "written_valid": pc(&|p| p.written_valid),
            "reread_equal": pc(&|p| p.reread_equal),
            "data_equal": pc(&|p| p.data_equal),
            "round_trip": pc(&|p| p.written_valid && p.reread_equal && p.data_equal),
            "verdict_agree": agree,
            "with_expected": self.pairs.iter().filter(|p| p.expected.is_some()).count(),
            "json_oracles": self.json.len(),
            "json_oracles_compiled": self.json.iter().filter(|j| j.compiled).count(),
            "json_oracles_passed": self.json.iter().filter(|j| j.passed()).count(),
            "json_oracles_explained": self.json.iter().filter(|j| !j.passed() && j.explanation.is_some()).count(),
            "json_sample_valid": self.json.iter().filter(|j| j.sample_valid == Some(true)).count(),
            "json_sample_round_trip": self.json.iter().filter(|j| j.sample_round_trip).count(),
            "json_pairs": self.json.iter().map(|j| j.pairs).sum::<usize>(),
            "json_pairs_valid": self.json.iter().map(|j| j.pairs_valid).sum::<usize>(),
            "json_round_trip": self.json.iter().map(|j| j.pairs_round_trip).sum::<usize>(),
            "json_oracle_repairs": self.json.iter().map(|j| j.repairs.len()).sum::<usize>(),
            "samples_timed_out": count(&|s| s.sample_status == SampleStatus::TimedOut),
            "pairs_timed_out": self.pairs.iter().filter(|p| p.timed_out).count(),
            "timed_out": self.timed_out.len(),
        })
    }

    /// The whole report as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "totals": self.totals(),
            "build": {
                "built": self.built,
                "attempts": self.build_attempts,
                "generate_seconds": (self.generate_seconds * 1000.0).round() / 1000.0,
                "build_seconds": (self.build_seconds * 1000.0).round() / 1000.0,
            },
            "xmllint": self.xmllint,
            "timed_out": timed_out_json(&self.timed_out),
            "json_oracles": self.json.iter().map(|j| json!({
                "schema": j.schema,
                "oracle": j.oracle,
                "compiled": j.compiled,
                "root": j.root,
                "passed": j.passed(),
                "sample_valid": j.sample_valid,
                "sample_round_trip": j.sample_round_trip,
                "pairs": j.pairs,
                "pairs_valid": j.pairs_valid,
                "pairs_round_trip": j.pairs_round_trip,
                "repairs": j.repairs,
                "errors": j.errors,
                "explanation": j.explanation,
            })).collect::<Vec<_>>(),
            "pairs": self.pairs.iter().map(|p| json!({
                "schema": p.schema,
                "instance": p.instance,
                "expected": p.expected,
                "original_valid": p.original_valid,
                "read": p.read,
                "written_valid": p.written_valid,
                "reread_equal": p.reread_equal,
                "data_equal": p.data_equal,
                "strict_valid": p.strict_valid,
                "message": p.message,
                "timed_out": p.timed_out,
            })).collect::<Vec<_>>(),
            "schemas": self.schemas.iter().map(|s| json!({
                "path": s.path,
                "module": s.module,
                "generated": s.generated,
                "error": s.error,
                "missing_dependencies": s.missing,
                "compiled": s.compiled,
                "build_errors": s.build_errors,
                "warnings": s.warnings,
                "lines": s.lines,
                "sample_valid": s.sample_valid,
                "sample_status": s.sample_status.as_str(),
                "sample_error": s.sample_error,
                "by_namespace": s.by_namespace.iter().map(|m| m.used.display().to_string()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// The programs that timed out, as a report lists them.
pub fn timed_out_json(timed_out: &[TimedOut]) -> Value {
    timed_out.iter().map(|t| json!({ "what": t.what, "limit_seconds": t.after.as_secs() })).collect()
}

/// Every `.xsd` under `root`, sorted.
pub fn find_xsds(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xsd")) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Module names for schema paths (relative, `/`-separated): readable, unique, stable.
pub fn module_names(paths: &[String]) -> BTreeMap<String, String> {
    let requests: Vec<NameRequest> = paths
        .iter()
        .map(|p| {
            let stem = p.rsplit('/').next().unwrap_or(p).trim_end_matches(".xsd");
            let primary = ident(stem, Case::Snake);
            let full = ident(p.trim_end_matches(".xsd"), Case::Snake);
            NameRequest { key: p.clone(), primary, fallback: full, priority: 0 }
        })
        .collect();
    assign_layered(&requests, &["lib", "rt", "main"])
}

/// Generates one schema's module file.
pub fn generate_module(path: &Path, runtime: &str) -> Result<(String, Vec<String>, Vec<String>)> {
    let (text, model) = generate_module_in(path, runtime, &SchemaCatalog::default())?;
    let missing = model.missing.iter().map(|m| m.missing.display().to_string()).collect();
    Ok((text, model.warnings, missing))
}

/// [`generate_module`] with missing imports looked up by namespace in `catalog`; returns the
/// module's text and the model it came from.
pub fn generate_module_in(path: &Path, runtime: &str, catalog: &SchemaCatalog) -> Result<(String, SchemaModel)> {
    let model = resolve_file_in(&Disk, path, &NameOverrides::default(), catalog).map_err(|e| anyhow::anyhow!("{e}"))?;
    let chunks = emit_schema_items(&model, &EmitOptions { runtime: runtime.to_string() })?;
    let text = altinn_codegen::emit::file::print_items(chunks, &path.display().to_string())?;
    Ok((text, model))
}

/// An OASIS XML catalogue that points xmllint at the files used for imports resolved by
/// namespace, so that it judges instances against the same schema set we generated from.
pub fn xml_catalog(matches: &[&NamespaceMatch]) -> String {
    let mut entries = BTreeSet::new();
    for m in matches {
        let Some(missing) = &m.missing else { continue };
        let used = m.used.canonicalize().unwrap_or_else(|_| m.used.clone());
        let uri = format!("file://{}", used.display());
        // libxml2 asks for the location as it joined it, sometimes with the folder resolved.
        let mut ids = vec![missing.display().to_string()];
        if let Some(dir) = missing.parent().and_then(|d| d.canonicalize().ok())
            && let Some(name) = missing.file_name()
        {
            ids.push(dir.join(name).display().to_string());
        }
        for id in ids {
            entries.insert((id, uri.clone()));
        }
    }
    let mut out = String::from("<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n");
    for (id, uri) in entries {
        let (id, uri) = (xml_attr(&id), xml_attr(&uri));
        out.push_str(&format!("  <system systemId=\"{id}\" uri=\"{uri}\"/>\n  <uri name=\"{id}\" uri=\"{uri}\"/>\n"));
    }
    out.push_str("</catalog>\n");
    out
}

fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Runs the harness.
pub fn run(options: &CorpusOptions) -> Result<CorpusReport> {
    let files = find_xsds(&options.xsd_root)?;
    if files.is_empty() {
        bail!("no .xsd files under {}", options.xsd_root.display());
    }
    let rel: Vec<String> =
        files.iter().map(|f| f.strip_prefix(&options.xsd_root).unwrap_or(f).to_string_lossy().replace('\\', "/")).collect();
    let modules = module_names(&rel);
    let src = options.work.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).with_context(|| format!("cannot clear {}", src.display()))?;
    }
    std::fs::create_dir_all(&src)?;
    let started = Instant::now();
    let catalog = if options.by_namespace { SchemaCatalog::from_files(&files) } else { SchemaCatalog::default() };
    let mut report = CorpusReport::default();
    // One schema per task, on every core; results land in their file's slot, so the report and
    // the written files do not depend on which thread finished first.
    let generate_one = |i: usize| -> Result<(SchemaResult, Option<SchemaModel>)> {
        let (file, rel) = (&files[i], &rel[i]);
        let module = modules[rel].clone();
        let mut r = SchemaResult { path: rel.clone(), module: module.clone(), ..SchemaResult::default() };
        // A panic in the generator is a bug, but it must not end the run: it is reported.
        let outcome = std::panic::catch_unwind(|| generate_module_in(file, "altinn_runtime::xml", &catalog));
        let mut kept = None;
        match outcome {
            Ok(Ok((text, model))) => {
                r.lines = text.lines().count();
                std::fs::write(src.join(format!("{module}.rs")), text)?;
                r.generated = true;
                r.warnings = model.warnings.clone();
                r.missing = model.missing.iter().map(|m| m.missing.display().to_string()).collect();
                r.by_namespace = model.by_namespace.clone();
                // Models are kept only for the samples; a generate-only run drops each at once.
                kept = options.samples.then_some(model);
            }
            Ok(Err(e)) => r.error = Some(format!("{e:#}")),
            Err(p) => {
                let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
                r.error = Some(format!("generator panicked: {}", msg.unwrap_or_default()));
            }
        }
        Ok((r, kept))
    };
    let mut models: Vec<Option<SchemaModel>> = Vec::with_capacity(files.len());
    for outcome in crate::parallel::map_indexed(files.len(), options.jobs, generate_one) {
        let (r, kept) = outcome?;
        report.schemas.push(r);
        models.push(kept);
    }
    report.generate_seconds = started.elapsed().as_secs_f64();
    let matches: Vec<&NamespaceMatch> = report.schemas.iter().flat_map(|s| &s.by_namespace).collect();
    let catalog_file = options.work.join("xml-catalog.xml");
    std::fs::write(&catalog_file, xml_catalog(&matches))?;
    if options.samples && options.xmllint().available() {
        samples(options, &files, &models, &catalog_file, &mut report)?;
    }
    // A build that timed out is reported; nothing after it can run.
    if options.build && build(options, &mut report)? {
        if let Some(pairs) = &options.pairs {
            round_trips(options, pairs, &mut report)?;
        }
        if let Some(oracles) = &options.json_oracles {
            crate::json_corpus::check(options, oracles, &files, &models, &mut report)?;
        }
    }
    Ok(report)
}

/// A sample instance per schema (from its first global element with a complex type, else its
/// first global element), checked by xmllint.
fn samples(
    options: &CorpusOptions,
    files: &[PathBuf],
    models: &[Option<SchemaModel>],
    catalog: &Path,
    report: &mut CorpusReport,
) -> Result<()> {
    let dir = options.work.join("samples");
    std::fs::create_dir_all(&dir)?;
    let xmllint = options.xmllint();
    let report_timed_out = &mut report.timed_out;
    for ((file, model), r) in files.iter().zip(models).zip(report.schemas.iter_mut()) {
        let Some(model) = model else { continue };
        let root = model.roots.iter().find(|x| matches!(x.ty, altinn_codegen::model::xsd::TypeRef::Complex(_))).or(model.roots.first());
        let Some(root) = root else {
            r.sample_valid = Some(false);
            r.sample_status = SampleStatus::NoGlobalElement;
            r.sample_error = Some("the schema declares no global element".into());
            continue;
        };
        let (status, error) = match crate::sample::sample(model, root) {
            Ok(xml) => {
                let path = dir.join(format!("{}.xml", r.module));
                std::fs::write(&path, xml)?;
                let declared = crate::sample::declared_namespaces(model);
                match xmllint.judge_written(file, &path, Some(catalog), &|uri| declared.contains(uri)) {
                    Judged::Valid => (SampleStatus::Valid, None),
                    Judged::TimedOut(after) => {
                        let t = TimedOut { what: format!("xmllint of the sample of {}", r.path), after };
                        let e = t.to_string();
                        report_timed_out.push(t);
                        (SampleStatus::TimedOut, Some(e))
                    }
                    Judged::Invalid(e) => {
                        let mut e = e.replace(&dir.display().to_string(), "samples");
                        if declares_spaced_name(file) {
                            e.push_str(" (the schema declares an element name with surrounding spaces)");
                        }
                        (SampleStatus::Invalid, Some(e))
                    }
                }
            }
            Err(e) => (SampleStatus::NotBuilt, Some(e)),
        };
        // Whether libxml2 can load the schema at all decides if any instance could pass (not
        // asked after a time-out: the probe would load the same schema again).
        let status = if matches!(status, SampleStatus::Invalid | SampleStatus::NotBuilt) {
            match xmllint.rejects_schema(file, Some(catalog)) {
                Some(true) => SampleStatus::SchemaRejected,
                Some(false) => status,
                None => {
                    report_timed_out.push(TimedOut { what: format!("xmllint of the schema {}", r.path), after: xmllint.limit });
                    SampleStatus::TimedOut
                }
            }
        } else {
            status
        };
        r.sample_valid = Some(status == SampleStatus::Valid);
        r.sample_status = status;
        r.sample_error = error;
    }
    Ok(())
}

/// Whether a schema writes an element name with leading or trailing spaces (`name="  x"`): the
/// name is an NCName, so the schema means the trimmed name, but libxml2 keeps the spaces.
fn declares_spaced_name(file: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(file) else { return false };
    text.split("name=\"").skip(1).any(|rest| {
        let value = rest.split('"').next().unwrap_or("");
        !value.is_empty() && value.trim() != value
    })
}

/// Runs the round trips of a pairs file through the built crate.
fn round_trips(options: &CorpusOptions, pairs_file: &Path, report: &mut CorpusReport) -> Result<()> {
    use crate::roundtrip;
    let pairs = roundtrip::read_pairs(pairs_file)?;
    let root = options.xsd_root.canonicalize().unwrap_or_else(|_| options.xsd_root.clone());
    let compiled: BTreeMap<String, String> =
        report.schemas.iter().filter(|s| s.compiled).map(|s| (s.path.clone(), s.module.clone())).collect();
    let modules: Vec<String> = compiled.values().cloned().collect();
    std::fs::create_dir_all(options.work.join("src/bin"))?;
    std::fs::write(options.work.join("src/bin/corpus_roundtrip.rs"), roundtrip::program(&modules))?;
    let out_dir = options.work.join("roundtrip");
    std::fs::create_dir_all(&out_dir)?;
    // Run the program over every pair whose schema compiled.
    let mut input = String::new();
    let mut rows = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let schema_abs = p.schema.canonicalize().unwrap_or_else(|_| p.schema.clone());
        let rel = schema_abs.strip_prefix(&root).map(|r| r.to_string_lossy().replace('\\', "/")).ok();
        let module = rel.as_ref().and_then(|r| compiled.get(r)).cloned();
        let output = out_dir.join(format!("{i:05}.xml"));
        if let Some(m) = &module {
            input.push_str(&format!("{m}\t{}\t{}\n", p.instance.display(), output.display()));
        }
        rows.push((p, rel, module, output));
    }
    // A program that timed out answers nothing: every pair says so, and xmllint still judges
    // the originals.
    let text = match run_bin(options, "corpus_roundtrip", input, "the round-trip program")? {
        Ok(text) => text,
        Err(t) => {
            report.timed_out.push(t.clone());
            rows.iter().map(|_| format!("0\t0\t0\t0\t{t}\n")).collect()
        }
    };
    let mut results = text.lines();
    let xmllint = options.xmllint();
    report.xmllint = xmllint.available();
    for (p, rel, module, output) in rows {
        let mut r = PairResult {
            schema: rel.clone().unwrap_or_else(|| p.schema.display().to_string()),
            instance: p.instance.display().to_string(),
            expected: p.expected.clone(),
            ..PairResult::default()
        };
        let mut timed_out = |what: &str, after| {
            r.timed_out = true;
            report.timed_out.push(TimedOut { what: format!("xmllint of {what} {}", p.instance.display()), after });
        };
        if report.xmllint {
            r.original_valid = match xmllint.judge(&p.schema, &p.instance, None) {
                Judged::Valid => Some(true),
                Judged::Invalid(_) => Some(false),
                Judged::TimedOut(after) => {
                    timed_out("the instance", after);
                    None
                }
            };
        }
        if module.is_none() {
            r.message = "the schema is not in the corpus or did not compile".into();
            report.pairs.push(r);
            continue;
        }
        let line = results.next().unwrap_or("0\t0\t0\t0\tno result");
        let cols: Vec<&str> = line.splitn(5, '\t').collect();
        let flag = |i: usize| cols.get(i).is_some_and(|c| *c == "1");
        r.read = flag(0);
        let written = flag(1);
        r.reread_equal = flag(2);
        r.strict_valid = cols.get(3).is_some_and(|c| c.starts_with('1'));
        let mut msg = cols.get(4).copied().unwrap_or("").to_string();
        if let Some(strict) = cols.get(3).and_then(|c| c.strip_prefix("0 ")) {
            msg = if msg.is_empty() { format!("strict: {strict}") } else { format!("{msg}; strict: {strict}") };
        }
        if written {
            if report.xmllint {
                match xmllint.judge(&p.schema, &output, None) {
                    Judged::Valid => r.written_valid = true,
                    Judged::Invalid(e) => msg = format!("{msg}; written XML invalid: {e}"),
                    Judged::TimedOut(after) => {
                        timed_out("what we wrote of", after);
                        msg = format!("{msg}; written XML not judged: xmllint timed out after {} s", after.as_secs());
                    }
                }
            }
            let original = std::fs::read(&p.instance).unwrap_or_default();
            let written = std::fs::read(&output).unwrap_or_default();
            match roundtrip::data_difference(&original, &written, &roundtrip::fixed_attributes(&p.schema)) {
                None => r.data_equal = true,
                Some(d) => msg = format!("{msg}; data differs: {d}"),
            }
        }
        r.message = msg.trim_start_matches("; ").to_string();
        report.pairs.push(r);
    }
    Ok(())
}

/// Builds (within the build limit) and runs (within the program limit) a program of the corpus
/// crate, feeding it `input`: its standard output, or which step timed out. A program that fails
/// is an error.
pub(crate) fn run_bin(options: &CorpusOptions, bin: &str, input: String, what: &str) -> Result<Result<String, TimedOut>> {
    let command = |verb: &str| options.scratch().cargo_offline(&[verb, "--quiet", "--bin", bin]);
    let built = match output_within(&mut command("build"), None, options.limits.build, &format!("the build of {what}"))? {
        Ok(out) => out,
        Err(t) => return Ok(Err(t)),
    };
    if !built.status.success() {
        bail!("{what} does not build:\n{}", String::from_utf8_lossy(&built.stderr));
    }
    let out = match output_within(&mut command("run"), Some(input.into_bytes()), options.limits.program, what)? {
        Ok(out) => out,
        Err(t) => return Ok(Err(t)),
    };
    if !out.status.success() {
        bail!("{what} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(Ok(String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn write_crate(options: &CorpusOptions, modules: &BTreeSet<String>) -> Result<()> {
    // JSON is built only when JSON is checked (the W3C sample has constructs whose JSON code
    // does not compile yet; the XML round trip must not depend on it).
    let default = if options.json_oracles.is_some() { "\"json\"" } else { "" };
    options.scratch().write_manifest(
        "altinn-corpus",
        &options.runtime_crate,
        "",
        &format!("[features]\ndefault = [{default}]\njson = []\n\n"),
    )?;
    let mut lib = String::from(
        "//! Every schema of the corpus, one module each (written by `cargo xtask corpus`).\n#![deny(warnings)]\n#![allow(missing_docs)]\n\n",
    );
    for m in modules {
        lib.push_str(&format!("pub mod {m};\n"));
    }
    std::fs::write(options.work.join("src/lib.rs"), lib)?;
    Ok(())
}

/// One error of a `cargo build --message-format=json` run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompilerError {
    /// The message as rustc renders it.
    pub rendered: String,
    /// The modules (`src/<module>.rs`) its spans point into, one entry per span.
    pub modules: Vec<String>,
}

/// The errors in cargo's JSON messages (`--message-format=json` standard output).
pub fn compiler_errors(stdout: &str) -> Vec<CompilerError> {
    let mut out = Vec::new();
    for line in stdout.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
        if v["reason"] != "compiler-message" || v["message"]["level"] != "error" {
            continue;
        }
        let msg = &v["message"];
        let modules = msg["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|span| span["file_name"].as_str()?.strip_prefix("src/")?.strip_suffix(".rs").map(str::to_string))
            .collect();
        out.push(CompilerError { rendered: msg["rendered"].as_str().unwrap_or("").to_string(), modules });
    }
    out
}

/// Builds the crate, leaving out modules that fail until the rest builds; `false` when a build
/// passed its time limit (recorded in the report).
fn build(options: &CorpusOptions, report: &mut CorpusReport) -> Result<bool> {
    let mut included: BTreeSet<String> = report.schemas.iter().filter(|s| s.generated).map(|s| s.module.clone()).collect();
    let by_module: BTreeMap<String, usize> = report.schemas.iter().enumerate().map(|(i, s)| (s.module.clone(), i)).collect();
    loop {
        write_crate(options, &included)?;
        let started = Instant::now();
        let mut cmd = options.scratch().cargo(&["build", "--message-format=json", "--quiet"]);
        let out = output_within(&mut cmd, None, options.limits.build, "cargo build of the corpus crate")?;
        report.build_seconds += started.elapsed().as_secs_f64();
        report.build_attempts += 1;
        let out = match out {
            Ok(out) => out,
            Err(t) => {
                report.timed_out.push(t);
                return Ok(false);
            }
        };
        if out.status.success() {
            report.built = true;
            for m in &included {
                report.schemas[by_module[m]].compiled = true;
            }
            return Ok(true);
        }
        // Map compiler errors back to modules.
        let mut failing: BTreeSet<String> = BTreeSet::new();
        let mut other = Vec::new();
        for e in compiler_errors(&String::from_utf8_lossy(&out.stdout)) {
            let mut placed = false;
            for m in e.modules.iter().filter(|m| by_module.contains_key(m.as_str())) {
                let r = &mut report.schemas[by_module[m]];
                if r.build_errors.len() < 20 {
                    r.build_errors.push(e.rendered.lines().take(12).collect::<Vec<_>>().join("\n"));
                }
                failing.insert(m.clone());
                placed = true;
            }
            if !placed && !e.rendered.starts_with("error: aborting") && !e.rendered.contains("could not compile") {
                other.push(e.rendered);
            }
        }
        if failing.is_empty() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            bail!(
                "the corpus crate failed to build for a reason not tied to a module:\n{}\n{}",
                other.join("\n"),
                stderr.lines().take(40).collect::<Vec<_>>().join("\n")
            );
        }
        for m in &failing {
            included.remove(m);
        }
        if included.is_empty() {
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiler_errors_name_the_modules_their_spans_point_into() {
        let stdout = [
            r#"{"reason":"compiler-artifact","target":{"name":"serde"}}"#,
            r#"{"reason":"compiler-message","message":{"level":"warning","rendered":"w","spans":[{"file_name":"src/a.rs"}]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0308]: x","spans":[{"file_name":"src/a.rs"},{"file_name":"src/b.rs"},{"file_name":"/elsewhere/c.rs"}]}}"#,
            "not JSON",
            r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error: aborting","spans":[]}}"#,
        ]
        .join("\n");
        let errors = compiler_errors(&stdout);
        assert_eq!(
            errors,
            vec![
                CompilerError { rendered: "error[E0308]: x".into(), modules: vec!["a".into(), "b".into()] },
                CompilerError { rendered: "error: aborting".into(), modules: vec![] },
            ]
        );
    }
}

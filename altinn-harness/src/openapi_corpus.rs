//! The OpenAPI harness (`cargo xtask corpus --openapi-root DIR`): every OpenAPI document under a
//! folder generated into one crate, one module each, under the generated crates' own attributes,
//! built, and reported per document: operations found and generated, defects and the patches that
//! repaired them, warnings, and whether its module compiled. A module that fails to compile is
//! left out and the rest built again, so one document never hides the others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::scratch::Scratch;
use serde_json::{Value, json};

use altinn_codegen::emit::crate_root::CRATE_ATTRIBUTES;
use altinn_codegen::model::api::{ApiModel, ApiModule};
use altinn_codegen::parse::openapi;
use altinn_codegen::parse::openapi::Api;
use altinn_codegen::resolve::openapi::{load_document, read_patches};
use altinn_codegen::snapshot::Disk;

use crate::process::{TimedOut, output_within};

/// What to run.
#[derive(Debug, Clone)]
pub struct OpenApiCorpusOptions {
    /// Searched recursively for `*.json` documents.
    pub root: PathBuf,
    /// The patch list (none: documents as published).
    pub patches: Option<PathBuf>,
    /// Which API the documents describe: Altinn 3 documents generate `platform::*` modules on
    /// the Altinn 3 client, Altinn 2 documents `api::*` modules.
    pub api: Api,
    /// Where the crate is written and built.
    pub work: PathBuf,
    /// The `altinn-runtime` crate.
    pub runtime_crate: PathBuf,
    /// A lock file to build offline with.
    pub lockfile: Option<PathBuf>,
    /// Cargo's target folder.
    pub target_dir: Option<PathBuf>,
    /// Build the crate (else generate only).
    pub build: bool,
    /// The time limit of one build ([`crate::process::Limits::BUILD`] by default).
    pub build_limit: Duration,
}

/// One document's results.
#[derive(Debug, Clone, Default)]
pub struct DocumentReport {
    /// File stem.
    pub document: String,
    /// Path relative to the root.
    pub file: String,
    /// OpenAPI version it declares.
    pub openapi: String,
    /// Operations in its paths.
    pub operations: usize,
    /// Operations generated.
    pub operations_generated: usize,
    /// Defects found before patching.
    pub defects: Vec<String>,
    /// Patches applied.
    pub patches: Vec<String>,
    /// Constructs generated as JSON values, and other warnings.
    pub warnings: Vec<String>,
    /// Its Rust module.
    pub module: Option<String>,
    /// Whether its module compiled.
    pub compiled: bool,
    /// Why it did not generate or compile.
    pub error: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, Default)]
pub struct OpenApiReport {
    /// Per document, sorted by file.
    pub documents: Vec<DocumentReport>,
    /// Builds run (1 + isolation rounds).
    pub build_attempts: usize,
    /// Builds that passed their time limit and were killed (the report is written all the same).
    pub timed_out: Vec<TimedOut>,
}

impl OpenApiReport {
    /// `documents`, `operations`, `operations_generated`, `compiled`, `warnings`, `defects`,
    /// `patches`.
    pub fn totals(&self) -> Value {
        let d = &self.documents;
        json!({
            "documents": d.len(),
            "operations": d.iter().map(|x| x.operations).sum::<usize>(),
            "operations_generated": d.iter().map(|x| x.operations_generated).sum::<usize>(),
            "compiled": d.iter().filter(|x| x.compiled).count(),
            "warnings": d.iter().map(|x| x.warnings.len()).sum::<usize>(),
            "defects": d.iter().map(|x| x.defects.len()).sum::<usize>(),
            "patches": d.iter().map(|x| x.patches.len()).sum::<usize>(),
            "timed_out": self.timed_out.len(),
        })
    }

    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "totals": self.totals(),
            "build_attempts": self.build_attempts,
            "timed_out": crate::corpus::timed_out_json(&self.timed_out),
            "documents": self.documents.iter().map(|d| json!({
                "document": d.document, "file": d.file, "openapi": d.openapi, "operations": d.operations,
                "operations_generated": d.operations_generated, "defects": d.defects, "patches": d.patches,
                "warnings": d.warnings, "module": d.module, "compiled": d.compiled, "error": d.error,
            })).collect::<Vec<_>>(),
        })
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn documents_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            documents_under(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    Ok(())
}

/// Runs the harness.
pub fn run(options: &OpenApiCorpusOptions) -> Result<OpenApiReport> {
    let mut files = Vec::new();
    documents_under(&options.root, &mut files)?;
    files.sort();
    let patches = match &options.patches {
        Some(p) => read_patches(&Disk, p)?,
        None => Vec::new(),
    };
    let mut report = OpenApiReport::default();
    for f in &files {
        let mut d = DocumentReport {
            document: f.file_stem().unwrap_or_default().to_string_lossy().into_owned(),
            file: f.strip_prefix(&options.root).unwrap_or(f).display().to_string(),
            ..DocumentReport::default()
        };
        match load_document(&Disk, f) {
            Ok(raw) => {
                d.openapi = raw.value.get("openapi").and_then(Value::as_str).unwrap_or("").to_string();
                d.operations = raw
                    .value
                    .get("paths")
                    .and_then(Value::as_object)
                    .map_or(0, |paths| paths.values().map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count()).sum());
                d.defects = openapi::lint_for(&raw, options.api).iter().map(|x| x.to_string()).collect();
            }
            Err(e) => d.error = Some(format!("{e:#}")),
        }
        report.documents.push(d);
    }
    // All documents together (they may refer to each other); when that fails, each alone, so
    // one broken document names itself and the others still generate.
    let readable: Vec<PathBuf> = files.iter().zip(&report.documents).filter(|(_, d)| d.error.is_none()).map(|(f, _)| f.clone()).collect();
    let mut model = ApiModel::default();
    match read(&readable, &patches, options) {
        Ok((m, notes)) => {
            model = m;
            note(&mut report, &notes);
        }
        Err(_) => {
            for f in &readable {
                let stem = f.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                match read(std::slice::from_ref(f), &patches, options) {
                    Ok((m, notes)) => {
                        model.modules.extend(m.modules);
                        note(&mut report, &notes);
                    }
                    Err(e) => {
                        if let Some(d) = report.documents.iter_mut().find(|d| d.document == stem) {
                            d.error = Some(format!("{e:#}"));
                        }
                    }
                }
            }
            // Module names were chosen per document: make them unique again.
            let mut seen = BTreeSet::new();
            for m in &mut model.modules {
                let mut name = m.module.clone();
                let mut n = 2;
                while !seen.insert(name.clone()) {
                    name = format!("{}_{n}", m.module);
                    n += 1;
                }
                m.module = name;
            }
        }
    }
    for m in &model.modules {
        if let Some(d) = report.documents.iter_mut().find(|d| d.document == m.document) {
            d.module = Some(m.module.clone());
            d.operations_generated = m.operations.len();
        }
    }
    if options.build {
        build(options, &model, &mut report)?;
    }
    Ok(report)
}

fn read(files: &[PathBuf], patches: &[openapi::Patch], options: &OpenApiCorpusOptions) -> Result<(ApiModel, Vec<String>)> {
    let api = options.api;
    let raw = files.iter().map(|f| load_document(&Disk, f)).collect::<Result<Vec<_>>>()?;
    let list = options.patches.as_ref().map(|p| format!("patch list {}", p.display())).unwrap_or_else(|| "no patch list".into());
    let docs = openapi::read_documents(raw, patches, api).context(list)?;
    let model = altinn_codegen::resolve::openapi::resolve(&docs.documents, api);
    let mut notes = docs.applied;
    notes.extend(docs.converted);
    notes.extend(model.warnings.iter().cloned());
    Ok((model, notes))
}

/// Files each note (`<doc>.json: patched: …` or `<doc>: …`) under its document.
fn note(report: &mut OpenApiReport, notes: &[String]) {
    for n in notes {
        let (doc, rest) = n.split_once(": ").unwrap_or(("", n));
        let doc = doc.trim_end_matches(".json");
        if let Some(d) = report.documents.iter_mut().find(|d| d.document == doc) {
            match rest.strip_prefix("patched: ") {
                Some(p) => d.patches.push(p.to_string()),
                None => d.warnings.push(rest.to_string()),
            }
        }
    }
}

/// The folder modules go in: `api` (Altinn 2) or `platform` (Altinn 3).
fn dir_of(api: Api) -> &'static str {
    match api {
        Api::Altinn2 => "api",
        Api::Altinn3 => "platform",
    }
}

fn scratch(options: &OpenApiCorpusOptions) -> Scratch<'_> {
    Scratch { dir: &options.work, lockfile: options.lockfile.as_deref(), target_dir: options.target_dir.as_deref() }
}

fn write_crate(options: &OpenApiCorpusOptions, modules: &[&ApiModule]) -> Result<()> {
    let dir = dir_of(options.api);
    let src = options.work.join("src").join(dir);
    let _ = std::fs::remove_dir_all(options.work.join("src"));
    std::fs::create_dir_all(&src)?;
    let mut mod_rs = String::from("//! One module per OpenAPI document.\n");
    for m in modules {
        std::fs::write(src.join(format!("{}.rs", m.module)), altinn_codegen::emit::api::module_file(m)?)?;
        mod_rs.push_str(&format!("/// From `{}.json`.\npub mod {};\n", m.document, m.module));
    }
    std::fs::write(src.join("mod.rs"), mod_rs)?;
    std::fs::write(
        options.work.join("src/lib.rs"),
        format!(
            "//! The OpenAPI corpus (written by `cargo xtask corpus --openapi-root`).\n{CRATE_ATTRIBUTES}pub use altinn_runtime as runtime;\n#[doc(hidden)]\npub use altinn_runtime::string_enum;\npub mod {dir};\n"
        ),
    )?;
    let deps = "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nfutures = \"0.3\"\n";
    scratch(options).write_manifest("altinn-openapi-corpus", &options.runtime_crate, deps, "")?;
    Ok(())
}

fn build(options: &OpenApiCorpusOptions, model: &ApiModel, report: &mut OpenApiReport) -> Result<()> {
    let mut included: BTreeMap<String, &ApiModule> = model.modules.iter().map(|m| (m.module.clone(), m)).collect();
    std::fs::create_dir_all(&options.work)?;
    loop {
        write_crate(options, &included.values().copied().collect::<Vec<_>>())?;
        let mut cmd = scratch(options).cargo(&["build", "--message-format=json", "--quiet"]);
        let out = output_within(&mut cmd, None, options.build_limit, "cargo build of the OpenAPI corpus crate")?;
        report.build_attempts += 1;
        // Nothing is known to compile after a build that was killed.
        let out = match out {
            Ok(out) => out,
            Err(t) => {
                report.timed_out.push(t);
                return Ok(());
            }
        };
        if out.status.success() {
            for d in &mut report.documents {
                // A document without operations is a library of components others refer to:
                // nothing of its own to compile, nothing failed.
                d.compiled = match &d.module {
                    Some(m) => included.contains_key(m),
                    None => d.operations == 0 && d.error.is_none(),
                };
            }
            return Ok(());
        }
        let errors = crate::corpus::compiler_errors(&String::from_utf8_lossy(&out.stdout));
        let failing: BTreeSet<String> = errors
            .iter()
            .flat_map(|e| e.modules.iter().filter_map(|m| m.strip_prefix(&format!("{}/", dir_of(options.api))).map(str::to_string)))
            .filter(|m| included.contains_key(m))
            .collect();
        if failing.is_empty() {
            anyhow::bail!("the OpenAPI corpus crate does not build, and no module is to blame:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        for m in failing {
            included.remove(&m);
            let first = errors
                .iter()
                .find(|e| e.modules.iter().any(|x| x == &format!("{}/{m}", dir_of(options.api))))
                .map(|e| e.rendered.clone())
                .unwrap_or_default();
            if let Some(d) = report.documents.iter_mut().find(|d| d.module.as_deref() == Some(m.as_str())) {
                d.error = Some(format!("does not compile: {}", first.lines().take(12).collect::<Vec<_>>().join("\n")));
            }
        }
    }
}

//! XML speed of the generated types: read and write throughput (MB/s) on real instances, beside
//! a bare quick-xml event loop over the same bytes (the floor any streaming reader approaches).
//!
//! The instances' schemas are generated into a small crate (`altinn-speed`) with a program that
//! times, for each instance, the bare loop, `Document::from_xml_with` (lenient) and `to_xml`;
//! it is built with `--release` and its answer parsed here. Each figure is the median of 9
//! samples, each sample long enough (≥ 50 ms) that the clock's resolution does not matter; the
//! bare loop and the read are sampled in turns, so that their ratio compares runs made under the
//! same conditions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::scratch::Scratch;

use crate::corpus::{generate_module, module_names};
use crate::process::{Limits, output_within};
use crate::roundtrip::read_pairs;

/// One instance to time.
#[derive(Debug, Clone)]
pub struct SpeedCase {
    /// Its schema.
    pub schema: PathBuf,
    /// The instance.
    pub instance: PathBuf,
}

/// What one instance measured.
#[derive(Debug, Clone)]
pub struct SpeedResult {
    /// Instance file name.
    pub instance: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Bare quick-xml loop (`Reader::read_event` over the bytes until `Eof`), MB/s.
    pub floor_mb_s: f64,
    /// `Document::from_xml_with(.., Lenient)`, MB/s of input.
    pub read_mb_s: f64,
    /// `Document::to_xml`, MB/s of the instance's size.
    pub write_mb_s: f64,
}

impl SpeedResult {
    /// Read throughput as a share of the floor.
    pub fn read_ratio(&self) -> f64 {
        self.read_mb_s / self.floor_mb_s
    }
}

/// The `n` largest instances of a pairs file that libxml2 and the `expected` column both call
/// valid, largest first (ties by path).
pub fn largest_instances(pairs_tsv: &Path, n: usize) -> Result<Vec<SpeedCase>> {
    let pairs = read_pairs(pairs_tsv)?;
    let mut cases: Vec<(u64, SpeedCase)> = Vec::new();
    for p in &pairs {
        // Only instances both the `expected` and the `xmllint` columns call valid (when present).
        let valid = |c: &Option<String>| c.as_deref().is_none_or(|v| v.starts_with("valid"));
        if !(valid(&p.expected) && valid(&p.xmllint)) {
            continue;
        }
        let size = std::fs::metadata(&p.instance).with_context(|| format!("{}", p.instance.display()))?.len();
        if cases.iter().any(|(_, c)| c.instance == p.instance) {
            continue;
        }
        cases.push((size, SpeedCase { schema: p.schema.clone(), instance: p.instance.clone() }));
    }
    cases.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.instance.cmp(&b.1.instance)));
    Ok(cases.into_iter().take(n).map(|(_, c)| c).collect())
}

/// Where and how to build the timing program.
#[derive(Debug, Clone)]
pub struct SpeedOptions {
    /// Crate folder.
    pub work: PathBuf,
    /// The `altinn-runtime` crate.
    pub runtime_crate: PathBuf,
    /// A `Cargo.lock` pinning versions (the workspace's); builds run `--offline` with it.
    pub lockfile: Option<PathBuf>,
    /// Cargo's target folder.
    pub target_dir: Option<PathBuf>,
    /// The time limits of the release build and of the timing program's run (the build's and
    /// the program's of [`Limits`]; a time-out is an error naming it).
    pub limits: Limits,
}

/// Generates, builds (release) and runs the timing program over `cases`.
pub fn run(cases: &[SpeedCase], options: &SpeedOptions) -> Result<Vec<SpeedResult>> {
    if cases.is_empty() {
        bail!("no instances to time");
    }
    let src = options.work.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src)?;
    }
    std::fs::create_dir_all(&src)?;
    let schemas: Vec<String> = cases.iter().map(|c| c.schema.display().to_string()).collect();
    let names = module_names(&schemas);
    let mut modules: BTreeMap<String, PathBuf> = BTreeMap::new();
    for c in cases {
        let m = names[&c.schema.display().to_string()].clone();
        if let std::collections::btree_map::Entry::Vacant(slot) = modules.entry(m.clone()) {
            let (text, _, _) = generate_module(&c.schema, "altinn_runtime::xml")?;
            std::fs::write(src.join(format!("{m}.rs")), text)?;
            slot.insert(c.schema.clone());
        }
    }
    let scratch = Scratch { dir: &options.work, lockfile: options.lockfile.as_deref(), target_dir: options.target_dir.as_deref() };
    scratch.write_manifest(
        "altinn-speed",
        &options.runtime_crate,
        "quick-xml = \"0.42\"\n",
        "[profile.release]\ncodegen-units = 16\n\n",
    )?;
    std::fs::write(src.join("main.rs"), program(&modules.keys().cloned().collect::<Vec<_>>()))?;
    // The release build first, within the build limit; then the timing alone, within the
    // program limit.
    let built = output_within(
        &mut scratch.cargo(&["build", "--release", "--quiet"]),
        None,
        options.limits.build,
        "the release build of the timing program",
    )??;
    if !built.status.success() {
        bail!("the timing program does not build:\n{}", String::from_utf8_lossy(&built.stderr));
    }
    let mut cmd = scratch.cargo(&["run", "--release", "--quiet"]);
    cmd.arg("--");
    for c in cases {
        cmd.arg(&names[&c.schema.display().to_string()]).arg(&c.instance);
    }
    let out = output_within(&mut cmd, None, options.limits.program, "the timing program")??;
    if !out.status.success() {
        bail!("the timing program failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let mut results = Vec::new();
    for (line, c) in String::from_utf8_lossy(&out.stdout).lines().zip(cases) {
        let f: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| -> Result<f64> { f.get(i).and_then(|v| v.parse().ok()).with_context(|| format!("bad timing line `{line}`")) };
        results.push(SpeedResult {
            instance: c.instance.file_name().unwrap_or_default().to_string_lossy().into_owned(),
            bytes: num(0)? as u64,
            floor_mb_s: num(1)?,
            read_mb_s: num(2)?,
            write_mb_s: num(3)?,
        });
    }
    if results.len() != cases.len() {
        bail!("the timing program answered {} of {} instances", results.len(), cases.len());
    }
    Ok(results)
}

pub use crate::scratch::PER_CALL;

/// The timing program: arguments are `module path` pairs; one line per pair:
/// `bytes<TAB>floor MB/s<TAB>read MB/s<TAB>write MB/s`.
fn program(modules: &[String]) -> String {
    crate::scratch::fill(crate::scratch::SPEED, modules, &[("per_call", PER_CALL)])
}

/// A Markdown table of results.
pub fn markdown_table(results: &[SpeedResult]) -> String {
    let mut out = String::from(
        "| instance | bytes | quick-xml loop MB/s | read MB/s | read / loop | write MB/s | write / read |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in results {
        out.push_str(&format!(
            "| {} | {} | {:.1} | {:.1} | {:.0}% | {:.1} | {:.2}× |\n",
            r.instance,
            r.bytes,
            r.floor_mb_s,
            r.read_mb_s,
            r.read_ratio() * 100.0,
            r.write_mb_s,
            r.write_mb_s / r.read_mb_s
        ));
    }
    out
}

//! `regen`: snapshot (loaded once) → parse → resolve → emit → the generated sources of
//! `altinn-generated`.
//!
//! [`write`] replaces the output folder atomically; [`check`] compares in memory and describes
//! every difference, so CI can tell when someone edited generated code by hand or forgot to
//! regenerate.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use crate::diagnostic::{Diagnostic, Severity};
use crate::emit::{self, Files};
use crate::model::Project;
use crate::resolve;
use crate::resolve::xsd::NameOverrides;
use crate::snapshot::layout::{ALTINN3_DIR, LOCK_FILE, NAMES_FILE};
use crate::snapshot::lock::Lock;
use crate::snapshot::{Snapshot, Source};
use crate::staged_dir::StagedDir;

/// The generated files and what was met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files relative to the output folder.
    pub files: Files,
    /// Errors, warnings and notes, in the order met.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a run accepts before it writes anything. The default accepts nothing: safe for CI,
/// where a warning that would delete or weaken generated code must fail the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Write although some constructs were generated in a weaker form (warnings).
    pub allow_warnings: bool,
    /// Write without the inputs that did not generate, or whose bytes differ from the lock
    /// (errors), leaving their modules out.
    pub skip_broken: bool,
}

impl Generated {
    /// Diagnostics of one severity.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.severity == severity)
    }

    /// Why the policy refuses to write these files, or `None` when it accepts them.
    pub fn refusal(&self, policy: Policy) -> Option<String> {
        let errors = self.of(Severity::Error).count();
        let warnings = self.of(Severity::Warning).count();
        let mut why = Vec::new();
        if errors > 0 && !policy.skip_broken {
            why.push(format!("{errors} error(s) (pass --skip-broken to write without the broken inputs)"));
        }
        if warnings > 0 && !policy.allow_warnings {
            why.push(format!("{warnings} warning(s) (pass --allow-warnings to accept them)"));
        }
        (!why.is_empty()).then(|| format!("nothing written: {}", why.join(" and ")))
    }

    /// One line for the notes: defects of published documents repaired by listed patches, and
    /// models the apps do not serve.
    pub fn notes_summary(&self) -> Option<String> {
        let notes: Vec<&Diagnostic> = self.of(Severity::Note).collect();
        if notes.is_empty() {
            return None;
        }
        let (not_served, patched): (Vec<&&Diagnostic>, Vec<&&Diagnostic>) =
            notes.iter().partition(|n| n.message.starts_with(crate::resolve::apps::NOT_SERVED));
        let mut parts = Vec::new();
        if !patched.is_empty() {
            let docs: std::collections::BTreeSet<&str> = patched.iter().map(|n| n.place.as_str()).collect();
            parts.push(format!(
                "{} defect(s) of {} published OpenAPI document(s) repaired by the patch list \
                 (`cargo xtask openapi-lint --dir schemas/openapi` lists each)",
                patched.len(),
                docs.len()
            ));
        }
        if !not_served.is_empty() {
            parts.push(format!(
                "{} app data model(s) not served by their apps (404s in altinn3/altinn.lock): no Rust types for those",
                not_served.len()
            ));
        }
        Some(parts.join("; "))
    }
}

/// Runs the whole pipeline over the snapshot at `schemas`, read once into memory. A folder that
/// is not a snapshot is an error; a snapshot whose files differ from its lock gives an error
/// diagnostic per file.
pub fn generate(schemas: &Path) -> Result<Generated> {
    if !schemas.is_dir() {
        anyhow::bail!("{}: no snapshot folder here (run `cargo xtask fetch` or pass --schemas)", schemas.display());
    }
    // Checked before loading, so a wrong folder (a home folder, say) is refused without reading it.
    if !schemas.join(LOCK_FILE).is_file() && !schemas.join(ALTINN3_DIR).join(LOCK_FILE).is_file() {
        anyhow::bail!(
            "{}: not a snapshot folder: it has no {LOCK_FILE} (nor {ALTINN3_DIR}/{LOCK_FILE}); a snapshot is the \
             folder `cargo xtask fetch` writes, such as schemas/, not a folder inside it",
            schemas.display(),
        );
    }
    generate_from(&Snapshot::load(schemas)?)
}

/// [`generate`] over a snapshot already in memory: reads nothing from the disk.
pub fn generate_from(snapshot: &Snapshot) -> Result<Generated> {
    let schemas = snapshot.root();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    if snapshot.is_file(&schemas.join(LOCK_FILE)) {
        let lock = Lock::read_in(snapshot, schemas)?;
        diagnostics.extend(lock.verify_in(snapshot, schemas).into_iter().map(|line| match line.split_once(": ") {
            Some((file, message)) => Diagnostic::error(file, message),
            None => Diagnostic::error(LOCK_FILE, line),
        }));
    }
    let (project, resolved) = resolve_snapshot(snapshot)?;
    diagnostics.extend(resolved);
    let files = emit::emit(&project)?;
    Ok(Generated { files, diagnostics })
}

/// The snapshot, parse and resolve stages over the folder `schemas`: loads it once, then builds
/// the whole model, with what was met on the way.
pub fn resolve_project(schemas: &Path) -> Result<(Project, Vec<Diagnostic>)> {
    resolve_snapshot(&Snapshot::load(schemas)?)
}

/// Parse and resolve over a loaded snapshot: the whole model, with what was met on the way.
pub fn resolve_snapshot(snapshot: &Snapshot) -> Result<(Project, Vec<Diagnostic>)> {
    let schemas = snapshot.root();
    let mut diagnostics = Vec::new();
    let catalogue = resolve::catalogue::read_catalogue(snapshot, schemas)?;
    diagnostics.extend(catalogue.warnings.iter().map(|w| Diagnostic::warning_from_line(w)));
    // A defect repaired by a listed patch is expected; anything else the documents made the
    // generator fall back on is a warning.
    let mut read_api = |dir: &Path, shown: &str, api: resolve::openapi::Api| -> Result<Option<crate::model::api::ApiModel>> {
        Ok(resolve::openapi::read_api(snapshot, dir, api)?.map(|(model, notes)| {
            diagnostics.extend(notes.iter().map(|n| match n.split_once(": patched: ") {
                Some((doc, defect)) => Diagnostic::note(format!("{shown}/{doc}"), format!("patched: {defect}")),
                None => Diagnostic::warning_from_line(n),
            }));
            model
        }))
    };
    let api = read_api(&schemas.join("openapi"), "openapi", resolve::openapi::Api::Altinn2)?;
    let platform_dir = schemas.join(ALTINN3_DIR).join("openapi");
    let platform = read_api(&platform_dir, "altinn3/openapi", resolve::openapi::Api::Altinn3)?.filter(|m| !m.modules.is_empty());
    let overrides = match snapshot.get(NAMES_FILE).map(std::str::from_utf8) {
        Some(Ok(text)) => NameOverrides::parse(text, &snapshot.display(NAMES_FILE))?,
        _ => NameOverrides::default(),
    };
    let (services, met) = resolve::services::resolve(snapshot, &catalogue, schemas, &overrides);
    diagnostics.extend(met);
    let (apps, met) = resolve::apps::resolve(snapshot, schemas, &overrides)?;
    diagnostics.extend(met);
    // The migration map, both ways: each Altinn 2 service names the resources that replaced it.
    let mut catalogue = catalogue;
    for s in &mut catalogue.services {
        s.successors = resolve::apps::successors_of(&apps, &s.code, s.edition);
    }
    Ok((Project { catalogue, services, api, platform, apps }, diagnostics))
}

/// Replaces `out` with exactly `files`.
pub fn write(files: &Files, out: &Path) -> Result<()> {
    let staged = StagedDir::new(out)?;
    for (path, text) in files {
        staged.write(path, text.as_bytes())?;
    }
    staged.commit()
}

/// One difference between the generated files and a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Generated but absent from the folder.
    Missing(String),
    /// In the folder but no longer generated.
    Extra(String),
    /// Different content; a unified diff (cut to a readable length).
    Changed { path: String, diff: String },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing(p) => write!(f, "{p}: missing (regen would create it)"),
            Difference::Extra(p) => write!(f, "{p}: not generated (regen would delete it)"),
            Difference::Changed { path, diff } => write!(f, "{path}: differs from what regen produces\n{diff}"),
        }
    }
}

/// Lines of diff shown per file.
const DIFF_LINES: usize = 40;

/// Compares `files` with the folder `out`; empty when identical.
pub fn check(files: &Files, out: &Path) -> Result<Vec<Difference>> {
    let mut on_disk = BTreeMap::new();
    if out.is_dir() {
        collect(out, out, &mut on_disk)?;
    }
    let mut diffs = Vec::new();
    for (path, want) in files {
        match on_disk.remove(path) {
            None => diffs.push(Difference::Missing(path.clone())),
            Some(have) if have.as_slice() != want.as_bytes() => {
                let have = String::from_utf8_lossy(&have);
                let diff = similar::TextDiff::from_lines(have.as_ref(), want.as_str());
                let text =
                    diff.unified_diff().context_radius(2).header(&format!("committed/{path}"), &format!("regenerated/{path}")).to_string();
                let total = text.lines().count();
                let mut shown: String = text.lines().take(DIFF_LINES).map(|l| format!("    {l}\n")).collect();
                if total > DIFF_LINES {
                    shown.push_str(&format!("    … {} more diff lines\n", total - DIFF_LINES));
                }
                diffs.push(Difference::Changed { path: path.clone(), diff: shown });
            }
            Some(_) => {}
        }
    }
    diffs.extend(on_disk.into_keys().map(Difference::Extra));
    Ok(diffs)
}

/// Compares one file (outside the generated folder, such as the crate's `lib.rs`) with `want`.
pub fn check_file(path: &Path, want: &str) -> Option<Difference> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Err(_) => Some(Difference::Missing(name)),
        Ok(have) if have.as_slice() == want.as_bytes() => None,
        Ok(have) => {
            let have = String::from_utf8_lossy(&have);
            let diff = similar::TextDiff::from_lines(have.as_ref(), want)
                .unified_diff()
                .context_radius(2)
                .header(&format!("committed/{name}"), &format!("regenerated/{name}"))
                .to_string();
            Some(Difference::Changed { path: name, diff })
        }
    }
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?);
        }
    }
    Ok(())
}

pub use crate::emit::crate_root::{FEATURES_BEGIN, FEATURES_END};

/// The manifest text with the lines between [`FEATURES_BEGIN`] and [`FEATURES_END`] replaced by
/// the features of the generated services (the file [`crate::emit::features::FEATURES_FILE`]).
pub fn manifest_with_features(manifest: &str, files: &Files, manifest_name: &str) -> Result<String> {
    let block = files.get(crate::emit::features::FEATURES_FILE).map(String::as_str).unwrap_or("");
    let begin = manifest.find(FEATURES_BEGIN).with_context(|| format!("{manifest_name}: no line `{FEATURES_BEGIN}` under [features]"))?;
    let after_begin = begin + FEATURES_BEGIN.len();
    let end = manifest[after_begin..]
        .find(FEATURES_END)
        .map(|e| after_begin + e)
        .with_context(|| format!("{manifest_name}: `{FEATURES_BEGIN}` is not closed by `{FEATURES_END}`"))?;
    Ok(format!("{}\n{block}{}", &manifest[..after_begin], &manifest[end..]))
}

/// Rewrites the generated features of the manifest at `path` (atomically; untouched when
/// already current).
pub fn write_manifest_features(path: &Path, files: &Files) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let want = manifest_with_features(&text, files, &path.display().to_string())?;
    if want == text {
        return Ok(());
    }
    crate::staged_dir::write_file_atomically(path, want.as_bytes())
}

/// Whether the manifest at `path` carries the current generated features; a difference when not.
pub fn check_manifest_features(path: &Path, files: &Files) -> Result<Option<Difference>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let want = manifest_with_features(&text, files, &path.display().to_string())?;
    if want == text {
        return Ok(None);
    }
    let diff = similar::TextDiff::from_lines(text.as_str(), want.as_str())
        .unified_diff()
        .context_radius(2)
        .header("committed/Cargo.toml", "regenerated/Cargo.toml")
        .to_string();
    Ok(Some(Difference::Changed { path: path.display().to_string(), diff }))
}

//! `regen`: snapshot → parse → resolve → emit → the generated sources of `altinn-generated`.
//!
//! [`write`] replaces the output folder atomically; [`check`] compares in memory and describes
//! every difference, so CI can tell when someone edited generated code by hand or forgot to
//! regenerate.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use crate::emit::{self, Files};
use crate::resolve;
use crate::staged_dir::StagedDir;

/// The generated files and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files relative to the output folder.
    pub files: Files,
    /// Warnings (file: message).
    pub warnings: Vec<String>,
}

/// Runs the whole pipeline over the snapshot at `schemas`.
pub fn generate(schemas: &Path) -> Result<Generated> {
    if !schemas.is_dir() {
        anyhow::bail!("{}: no snapshot folder here (run `cargo xtask fetch` or pass --schemas)", schemas.display());
    }
    let catalogue = resolve::catalogue::read_catalogue(schemas)?;
    let (files, mut warnings) = emit::emit(&catalogue, schemas)?;
    warnings.splice(0..0, catalogue.warnings);
    Ok(Generated { files, warnings })
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
                let text = diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("committed/{path}"), &format!("regenerated/{path}"))
                    .to_string();
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

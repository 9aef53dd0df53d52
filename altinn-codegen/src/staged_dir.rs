//! Atomic replacement of a whole folder (the snapshot in `schemas/`, the generated sources).
//!
//! Files are written into a hidden staging folder beside the target, and only when everything is
//! written is the staging folder swapped in by renames. An error or an interruption before that
//! leaves the target exactly as it was; the staging folder is removed when the value is dropped.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::snapshot::sanitize::is_contained;

/// A folder being prepared to replace `target`.
pub struct StagedDir {
    target: PathBuf,
    staging: tempfile::TempDir,
}

impl StagedDir {
    /// Starts staging a replacement for `target` (whose parent is created if missing).
    pub fn new(target: &Path) -> Result<Self> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = file_name(target)?;
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        Ok(StagedDir { target: target.to_path_buf(), staging })
    }

    /// The staging folder (write here).
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// Writes `bytes` at `rel` (a relative, `/`-separated path that must stay inside the folder).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel_path = Path::new(rel);
        if !is_contained(rel_path) {
            bail!("refusing to write `{rel}`: not a plain relative path inside {}", self.target.display());
        }
        let path = self.staging.path().join(rel_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Swaps the staged folder in place of the target.
    pub fn commit(self) -> Result<()> {
        let staging = self.staging.keep();
        let target = &self.target;
        let parent = parent_of(target);
        let name = file_name(target)?;
        if target.exists() {
            let old = tempfile::Builder::new().prefix(&format!(".{name}.old-")).tempdir_in(&parent)?.keep();
            // `old` exists as an empty folder; rename over an empty folder works on Unix.
            std::fs::rename(target, &old).with_context(|| format!("cannot move {} aside", target.display()))?;
            if let Err(e) = std::fs::rename(&staging, target) {
                let _ = std::fs::rename(&old, target);
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e).with_context(|| format!("cannot move the new folder to {}", target.display()));
            }
            std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        } else if let Err(e) = std::fs::rename(&staging, target) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e).with_context(|| format!("cannot move the new folder to {}", target.display()));
        }
        Ok(())
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(target: &Path) -> Result<String> {
    target.file_name().map(|n| n.to_string_lossy().into_owned()).with_context(|| format!("{} has no folder name", target.display()))
}

/// Replaces one file atomically: the bytes go to a temporary file beside it, which is then
/// renamed over it, so readers see the old file or the new one, never half of either.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("stale.txt"), "old").unwrap();
        let staged = StagedDir::new(&target).unwrap();
        staged.write("a/b.txt", b"new").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("a/b.txt")).unwrap(), "new");
        assert!(!target.join("stale.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folders left behind");
    }

    #[test]
    fn dropping_leaves_target_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep.txt"), "old").unwrap();
        {
            let staged = StagedDir::new(&target).unwrap();
            staged.write("x.txt", b"new").unwrap();
            assert!(staged.write("../escape.txt", b"no").is_err());
        }
        assert_eq!(std::fs::read_to_string(target.join("keep.txt")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}

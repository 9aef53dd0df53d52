//! Where the later stages read files from: [`Snapshot`], a snapshot folder loaded once into
//! memory (what `regen` reads), or [`Disk`], the file system itself (for schemas loaded from any
//! folder, as the corpus harness and users do). Both answer in on-disk paths, so every message
//! still names the real file.
//!
//! Only this module touches the disk for `parse` and `resolve`: they read through [`Source`].

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Where a stage reads files: their bytes, whether they exist, what a folder holds.
pub trait Source: Sync {
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Cow<'_, [u8]>>;
    /// Whether `path` is a file.
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// The entries of the folder `dir` (files and folders), as paths under `dir`, sorted.
    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;
    /// One name for every path that reaches the same file (to load a file once).
    fn canonical(&self, path: &Path) -> PathBuf;
}

/// The file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Source for Disk {
    fn read(&self, path: &Path) -> io::Result<Cow<'_, [u8]>> {
        std::fs::read(path).map(Cow::Owned)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut out = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<io::Result<Vec<_>>>()?;
        out.sort();
        Ok(out)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
    }
}

/// The largest file [`Snapshot::load`] accepts.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A snapshot folder read once into memory: every file under it, by path relative to it.
///
/// Paths given to its [`Source`] methods are on-disk paths (`root` joined with a relative path,
/// `..` and `.` allowed); paths outside the folder are not in it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    root: PathBuf,
    /// `root` with symbolic links followed, so [`Source::canonical`] agrees with [`Disk`].
    canonical_root: PathBuf,
    files: BTreeMap<String, Vec<u8>>,
    dirs: BTreeSet<String>,
}

impl Snapshot {
    /// Reads every file under `root`. A file over [`MAX_FILE_BYTES`] is an error naming it.
    pub fn load(root: &Path) -> anyhow::Result<Snapshot> {
        if !root.is_dir() {
            anyhow::bail!("{}: not a folder", root.display());
        }
        let mut snapshot = Snapshot {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            files: BTreeMap::new(),
            dirs: BTreeSet::from([String::new()]),
        };
        snapshot.load_dir(root, "")?;
        Ok(snapshot)
    }

    fn load_dir(&mut self, dir: &Path, rel: &str) -> anyhow::Result<()> {
        use anyhow::Context;
        let entries = std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry.with_context(|| format!("cannot list {}", dir.display()))?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let meta = std::fs::metadata(&path).with_context(|| format!("cannot read {}", path.display()))?;
            if meta.is_dir() {
                self.dirs.insert(child.clone());
                self.load_dir(&path, &child)?;
            } else if meta.is_file() {
                if meta.len() > MAX_FILE_BYTES {
                    anyhow::bail!("{}: {} bytes, more than a snapshot file may hold ({MAX_FILE_BYTES} bytes)", path.display(), meta.len());
                }
                let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                self.files.insert(child, bytes);
            }
        }
        Ok(())
    }

    /// The folder it was read from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The bytes of the file at `rel` (relative to the folder, `/`-separated).
    pub fn get(&self, rel: &str) -> Option<&[u8]> {
        self.files.get(rel).map(Vec::as_slice)
    }

    /// Every file, relative path → bytes, sorted by path.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// The on-disk path of `rel`, for messages.
    pub fn display(&self, rel: &str) -> String {
        self.root.join(rel).display().to_string()
    }

    /// `path` relative to the folder, with `.` and `..` taken away; `None` outside it.
    fn relative(&self, path: &Path) -> Option<String> {
        let path = normalize(path);
        let rest = path.strip_prefix(normalize(&self.root)).ok()?;
        let parts: Vec<String> = rest.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(parts.join("/"))
    }
}

/// `path` with `.` dropped and each `name/..` pair taken away (without reading the disk).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("{}: not in the snapshot folder", path.display()))
}

impl Source for Snapshot {
    fn read(&self, path: &Path) -> io::Result<Cow<'_, [u8]>> {
        self.relative(path).and_then(|rel| self.get(&rel)).map(Cow::Borrowed).ok_or_else(|| not_found(path))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|rel| self.files.contains_key(&rel))
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|rel| self.dirs.contains(&rel))
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let rel = self.relative(dir).filter(|rel| self.dirs.contains(rel)).ok_or_else(|| not_found(dir))?;
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        let children =
            self.files.keys().chain(self.dirs.iter()).filter_map(|p| p.strip_prefix(&prefix)).filter(|c| !c.is_empty() && !c.contains('/'));
        let mut out: Vec<PathBuf> = children.map(|c| dir.join(c)).collect();
        out.sort();
        Ok(out)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        match self.relative(path) {
            Some(rel) if self.files.contains_key(&rel) || self.dirs.contains(&rel) => self.canonical_root.join(rel),
            _ => normalize(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loaded_snapshot_answers_without_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("schemas");
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        std::fs::write(root.join("a/b/x.xsd"), b"<x/>").unwrap();
        std::fs::write(root.join("a/y.json"), b"{}").unwrap();
        let snapshot = Snapshot::load(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(snapshot.read(&root.join("a/b/../b/./x.xsd")).unwrap().as_ref(), b"<x/>");
        assert_eq!(snapshot.get("a/y.json"), Some(&b"{}"[..]));
        assert!(snapshot.is_file(&root.join("a/y.json")) && !snapshot.is_file(&root.join("a")));
        assert!(snapshot.is_dir(&root.join("a")) && snapshot.is_dir(&root.join("empty")) && !snapshot.is_dir(&root.join("a/y.json")));
        assert_eq!(snapshot.list(&root.join("a")).unwrap(), vec![root.join("a/b"), root.join("a/y.json")]);
        assert!(snapshot.list(&root).unwrap().contains(&root.join("empty")));
        assert_eq!(snapshot.list(&root.join("nope")).unwrap_err().kind(), io::ErrorKind::NotFound);
        assert!(!snapshot.is_file(&root.join("../outside.xsd")));
        assert_eq!(snapshot.display("a/y.json"), root.join("a/y.json").display().to_string());
        let err = snapshot.read(&root.join("a/missing.xsd")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_file_too_large_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::File::create(&big).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap();
        let err = Snapshot::load(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}: ", big.display())) && err.contains("more than a snapshot file may hold"), "{err}");
    }

    #[test]
    fn canonical_names_agree_with_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("s");
        std::fs::create_dir_all(root.join("x")).unwrap();
        std::fs::write(root.join("x/a.xsd"), b"").unwrap();
        let snapshot = Snapshot::load(&root).unwrap();
        let p = root.join("x/../x/a.xsd");
        assert_eq!(snapshot.canonical(&p), Disk.canonical(&p));
    }
}

//! The snapshot's lock file: what came from where.
//!
//! One tab-separated row per route that `fetch` asked for, sorted by path then URL. Routes that
//! answered 404 are recorded too (status 404, no hash), so a reader can see what the server did not
//! have. The format is plain text so that a change of snapshot reviews well in a diff.

use std::fmt::Write as _;
use std::path::Path;

use sha2::Digest;

const HEADER: &str = "path\tstatus\turl\tsha256\tsize\tcontent_type";

/// One fetched route.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LockEntry {
    /// Path inside the snapshot, `/`-separated (where the body is, or would be).
    pub path: String,
    /// HTTP status of the final answer (200, or 404 for a missing route).
    pub status: u16,
    /// The URL that was asked for.
    pub url: String,
    /// Hex sha256 of the stored bytes (`None` for a missing route).
    pub sha256: Option<String>,
    /// Size of the stored bytes.
    pub size: Option<u64>,
    /// The `Content-Type` the server sent.
    pub content_type: Option<String>,
}

impl LockEntry {
    /// An entry for a stored body.
    pub fn stored(path: String, url: String, body: &[u8], content_type: Option<String>) -> Self {
        LockEntry { path, status: 200, url, sha256: Some(sha256_hex(body)), size: Some(body.len() as u64), content_type }
    }

    /// An entry for a route the server answered with 404.
    pub fn missing(path: String, url: String, status: u16) -> Self {
        LockEntry { path, status, url, sha256: None, size: None, content_type: None }
    }
}

/// Hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The whole lock file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// Rows, kept sorted.
    pub entries: Vec<LockEntry>,
}

/// An error reading a lock file, with the line it happened on.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LockError {
    /// The lock file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Lock {
    /// Builds a lock from entries in any order.
    pub fn new(mut entries: Vec<LockEntry>) -> Self {
        entries.sort();
        entries.dedup();
        Lock { entries }
    }

    /// The routes that answered something other than 200.
    pub fn missing(&self) -> impl Iterator<Item = &LockEntry> {
        self.entries.iter().filter(|e| e.status != 200)
    }

    /// Renders the file.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# altinn-codegen snapshot lock: every route fetch asked for, sorted by path.\n");
        out.push_str("# Written by `cargo xtask fetch`; `cargo xtask relock` refreshes hashes after a hand edit.\n");
        out.push_str(HEADER);
        out.push('\n');
        for e in &self.entries {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                e.path,
                e.status,
                e.url,
                e.sha256.as_deref().unwrap_or("-"),
                e.size.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                e.content_type.as_deref().unwrap_or("-"),
            );
        }
        out
    }

    /// Parses a lock file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, LockError> {
        let err = |line: usize, message: String| LockError { file: file.to_string(), line, message };
        let mut entries = Vec::new();
        let mut seen_header = false;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !seen_header {
                if line != HEADER {
                    return Err(err(n, format!("expected the header `{HEADER}`")));
                }
                seen_header = true;
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 6 {
                return Err(err(n, format!("expected 6 tab-separated columns, found {}", cols.len())));
            }
            let opt = |s: &str| (s != "-").then(|| s.to_string());
            let status = cols[1].parse().map_err(|_| err(n, format!("bad status `{}`", cols[1])))?;
            let size = match cols[4] {
                "-" => None,
                s => Some(s.parse().map_err(|_| err(n, format!("bad size `{s}`")))?),
            };
            entries.push(LockEntry {
                path: cols[0].to_string(),
                status,
                url: cols[2].to_string(),
                sha256: opt(cols[3]),
                size,
                content_type: opt(cols[5]),
            });
        }
        if !seen_header {
            return Err(err(1, "no header line".into()));
        }
        Ok(Lock::new(entries))
    }

    /// Reads `dir/altinn.lock`.
    pub fn read(dir: &Path) -> anyhow::Result<Self> {
        Self::read_in(&super::Disk, dir)
    }

    /// Reads `dir/altinn.lock` from `files`.
    pub fn read_in(files: &dyn super::Source, dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(super::layout::LOCK_FILE);
        let bytes = files.read(&path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        Ok(Self::parse(text, &path.display().to_string())?)
    }

    /// Checks every stored file of the lock against the folder: present, same size, same hash.
    /// Returns one line per mismatch.
    pub fn verify(&self, dir: &Path) -> Vec<String> {
        self.verify_in(&super::Disk, dir)
    }

    /// [`Lock::verify`] against the folder `dir` of `files`.
    pub fn verify_in(&self, files: &dyn super::Source, dir: &Path) -> Vec<String> {
        let mut problems = Vec::new();
        for e in self.entries.iter().filter(|e| e.status == 200) {
            match files.read(&dir.join(&e.path)) {
                Err(err) => problems.push(format!("{}: listed in the lock but unreadable: {err}", e.path)),
                Ok(bytes) => {
                    if Some(sha256_hex(&bytes)) != e.sha256 || Some(bytes.len() as u64) != e.size {
                        problems.push(format!("{}: content differs from the lock (edited by hand? run `cargo xtask relock`)", e.path));
                    }
                }
            }
        }
        problems
    }

    /// Recomputes hashes and sizes of stored files from the folder (after a deliberate hand edit).
    pub fn refresh(&mut self, dir: &Path) -> anyhow::Result<()> {
        for e in self.entries.iter_mut().filter(|e| e.status == 200) {
            let bytes = std::fs::read(dir.join(&e.path)).map_err(|err| anyhow::anyhow!("{}: {err}", dir.join(&e.path).display()))?;
            e.sha256 = Some(sha256_hex(&bytes));
            e.size = Some(bytes.len() as u64);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_sorted_and_parses_back() {
        let lock = Lock::new(vec![
            LockEntry::stored("b.json".into(), "http://x/b".into(), b"{}", Some("application/json".into())),
            LockEntry::missing("a.json".into(), "http://x/a".into(), 404),
        ]);
        let text = lock.render();
        let a = text.find("a.json").unwrap();
        let b = text.find("b.json").unwrap();
        assert!(a < b);
        assert_eq!(Lock::parse(&text, "altinn.lock").unwrap(), lock);
        assert_eq!(lock.missing().count(), 1);
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let err = Lock::parse(&format!("{HEADER}\nonly\ttwo\n"), "x.lock").unwrap_err();
        assert_eq!(err.to_string(), "x.lock:2: expected 6 tab-separated columns, found 2");
    }
}

//! The snapshot being written by a fetch: bodies into a staging folder, each recorded in the
//! lock (stored with its hash, or missing with its status), swapped in only when all is done.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;
use url::Url;

use super::http::{Answer, Body, Http};
use super::progress::Progress;
use crate::snapshot::lock::{Lock, LockEntry};
use crate::staged_dir::StagedDir;

/// A snapshot folder in the making.
pub struct SnapshotWriter {
    staged: StagedDir,
    progress: Progress,
    lock: Mutex<Vec<LockEntry>>,
    written: Mutex<HashSet<String>>,
    bytes: Mutex<u64>,
}

impl SnapshotWriter {
    /// Starts a replacement for the folder `target`.
    pub fn new(target: &Path, progress: Progress) -> Result<Self> {
        Ok(SnapshotWriter {
            staged: StagedDir::new(target)?,
            progress,
            lock: Mutex::default(),
            written: Mutex::default(),
            bytes: Mutex::default(),
        })
    }

    /// Writes a body at `path` and records it in the lock (a second body for the same path is
    /// logged and dropped: the first copy is kept).
    pub fn store(&self, path: String, body: &Body) -> Result<()> {
        {
            let mut written = self.written.lock().expect("lock");
            if !written.insert(path.clone()) {
                self.progress.log(&format!("{path}: already written, keeping the first copy ({})", body.url));
                return Ok(());
            }
        }
        self.staged.write(&path, &body.bytes)?;
        *self.bytes.lock().expect("lock") += body.bytes.len() as u64;
        self.lock.lock().expect("lock").push(LockEntry::stored(path, body.url.to_string(), &body.bytes, body.content_type.clone()));
        Ok(())
    }

    /// Records a route that answered 404/410.
    pub fn record_missing(&self, path: String, url: &Url, status: u16, what: &str) {
        self.progress.log(&format!("missing: {what}: {status} from {url}"));
        self.lock.lock().expect("lock").push(LockEntry::missing(path, url.to_string(), status));
    }

    /// GET and store; `None` when the route is missing (recorded, not fatal).
    pub async fn get_and_store(&self, http: &Http, url: &Url, accept: &str, path: String, what: &str) -> Result<Option<Body>> {
        match http.get(url, accept).await? {
            Answer::Found(body) => {
                self.store(path, &body)?;
                Ok(Some(body))
            }
            Answer::Missing(status) => {
                self.record_missing(path, url, status, what);
                Ok(None)
            }
        }
    }

    /// Writes a file that is not from a server (not locked).
    pub fn write_own(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.staged.write(path, bytes)
    }

    /// Copies `rel` from `from` into the new snapshot when it exists there (files and folders
    /// the fetch does not own, such as the user's `names.toml` or the Altinn 3 part).
    pub fn keep_from(&self, from: &Path, rel: &str) -> Result<()> {
        let src = from.join(rel);
        if src.is_file() {
            return self.staged.write(rel, &std::fs::read(&src)?);
        }
        if src.is_dir() {
            for e in std::fs::read_dir(&src)? {
                let e = e?;
                let name = e.file_name().to_string_lossy().into_owned();
                self.keep_from(from, &format!("{rel}/{name}"))?;
            }
        }
        Ok(())
    }

    /// Records a lock line carried over from the old snapshot (a file kept as it was).
    pub fn keep_entry(&self, entry: LockEntry) {
        self.lock.lock().expect("lock").push(entry);
    }

    /// The lock so far (taken), the number of bytes stored.
    pub fn take_lock(&self) -> (Lock, u64) {
        let entries = std::mem::take(&mut *self.lock.lock().expect("lock"));
        (Lock::new(entries), *self.bytes.lock().expect("lock"))
    }

    /// Swaps the new snapshot in.
    pub fn commit(self) -> Result<()> {
        self.staged.commit()
    }
}

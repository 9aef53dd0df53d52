//! Running a command and measuring it: wall time and peak resident memory (the largest of the
//! process and every descendant it waited for, as the kernel reports it through `wait4`).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// What one run of a command took.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Peak resident set size in KiB (`ru_maxrss`).
    pub max_rss_kib: u64,
    /// Exit status was 0.
    pub success: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Measured {
    /// Peak memory in MB (10^6 bytes).
    pub fn max_rss_mb(&self) -> f64 {
        self.max_rss_kib as f64 * 1024.0 / 1e6
    }
}

/// Runs `cmd` to the end, capturing its output, and measures it.
pub fn measure(cmd: &mut Command) -> Result<Measured> {
    let shown = format!("{cmd:?}");
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null());
    let started = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("cannot start {shown}"))?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are to live locals.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    if rc != pid {
        bail!("wait4 failed for {shown}: {}", std::io::Error::last_os_error());
    }
    // The child is reaped; std must not wait for it again.
    std::mem::forget(child);
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_thread.join().unwrap_or_default()).into_owned();
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok(Measured { seconds, max_rss_kib: usage.ru_maxrss as u64, success, stdout, stderr })
}

/// [`measure`], failing with the command's standard error when it did not succeed.
pub fn measure_ok(cmd: &mut Command) -> Result<Measured> {
    let shown = format!("{cmd:?}");
    let m = measure(cmd)?;
    if !m.success {
        bail!("{shown} failed:\n{}{}", tail(&m.stdout, 20), tail(&m.stderr, 40));
    }
    Ok(m)
}

/// The last `n` lines of a text.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].iter().map(|l| format!("{l}\n")).collect()
}

/// The median of some numbers (the upper middle of an even count); 0 for none.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// `cargo`, as the running cargo names itself.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Lines of every file with one of `extensions` under `dir` (recursively).
pub fn count_lines(dir: &Path, extensions: &[&str]) -> Result<usize> {
    let mut total = 0;
    if !dir.is_dir() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            total += count_lines(&path, extensions)?;
        } else if path.extension().is_some_and(|x| extensions.iter().any(|e| x == *e)) {
            total += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child_and_its_exit_status() {
        let m = measure(Command::new("sh").args(["-c", "echo hi; echo err >&2; exit 3"])).unwrap();
        assert!(!m.success);
        assert_eq!(m.stdout, "hi\n");
        assert_eq!(m.stderr, "err\n");
        assert!(m.max_rss_kib > 0, "the kernel reports a peak for any process");
        let ok = measure(Command::new("true").arg("x")).unwrap();
        assert!(ok.success);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 3.0);
        assert_eq!(median(&[]), 0.0);
    }
}

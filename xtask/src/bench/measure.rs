//! Running a command and measuring it: wall time and peak resident memory (the largest of the
//! process and every descendant it waited for, as the kernel reports it through `wait4`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use altinn_harness::process::{Limits, Outcome, run_limited};
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
    /// It passed its time limit and was killed.
    pub timed_out: bool,
}

impl Measured {
    /// Peak memory in MB (10^6 bytes).
    pub fn max_rss_mb(&self) -> f64 {
        self.max_rss_kib as f64 * 1024.0 / 1e6
    }
}

/// Runs `cmd` to the end (within [`Limits::BUILD`]), capturing its output, and measures it.
pub fn measure(cmd: &mut Command) -> Result<Measured> {
    measure_within(cmd, Limits::BUILD)
}

/// [`measure`] within `limit`: a command past it is killed and reported (`timed_out`, not a
/// success).
pub fn measure_within(cmd: &mut Command, limit: Duration) -> Result<Measured> {
    let shown = format!("{cmd:?}");
    match run_limited(cmd, limit).with_context(|| format!("cannot start {shown}"))? {
        Outcome::Finished(f) => Ok(Measured {
            seconds: f.elapsed.as_secs_f64(),
            max_rss_kib: f.max_rss_kib,
            success: f.output.status.success(),
            stdout: String::from_utf8_lossy(&f.output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&f.output.stderr).into_owned(),
            timed_out: false,
        }),
        Outcome::TimedOut { after, stdout, stderr } => Ok(Measured {
            seconds: after.as_secs_f64(),
            max_rss_kib: 0,
            success: false,
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            timed_out: true,
        }),
    }
}

/// [`measure`], failing with the command's standard error when it did not succeed.
pub fn measure_ok(cmd: &mut Command) -> Result<Measured> {
    let shown = format!("{cmd:?}");
    let m = measure(cmd)?;
    if m.timed_out {
        bail!("{shown} timed out: killed after {:.0} s", m.seconds);
    }
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

pub use altinn_harness::process::cargo;

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
        let slow = measure_within(Command::new("sleep").arg("30"), Duration::from_secs(1)).unwrap();
        assert!(slow.timed_out && !slow.success, "{slow:?}");
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 3.0);
        assert_eq!(median(&[]), 0.0);
    }
}

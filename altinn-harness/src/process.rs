//! Outside programs under a time limit: every program the harness runs (xmllint, cargo, the
//! round-trip, JSON and timing programs) goes through [`run_limited`], which kills it when it
//! passes its limit and says so, so that one slow call never stops a run.
//!
//! On unix the program runs in a process group of its own, and the whole group is killed on a
//! time-out (cargo's rustc children with it). A Ctrl-C at the terminal then reaches only the
//! harness; on Linux the program is killed when the harness ends (`PR_SET_PDEATHSIG`), its own
//! children run on to their end.

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The time limits of the outside programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One `xmllint` call.
    pub xmllint: Duration,
    /// One `cargo build` (or the build step of a `cargo run`) of a generated crate.
    pub build: Duration,
    /// One run of a built program (the round-trip, JSON and timing programs).
    pub program: Duration,
}

impl Limits {
    /// One `xmllint --schema` call: a minute (seen: 22 minutes on a schema with large occurrence
    /// bounds, where a minute is already far past any real schema's time).
    pub const XMLLINT: Duration = Duration::from_secs(60);
    /// One build of a generated crate: an hour (the Altinn corpus builds in minutes).
    pub const BUILD: Duration = Duration::from_secs(60 * 60);
    /// One run of a built program: ten minutes.
    pub const PROGRAM: Duration = Duration::from_secs(10 * 60);
    /// A quick question to a tool (`--version`): ten seconds.
    pub const PROBE: Duration = Duration::from_secs(10);
}

impl Default for Limits {
    fn default() -> Self {
        Limits { xmllint: Limits::XMLLINT, build: Limits::BUILD, program: Limits::PROGRAM }
    }
}

/// How a limited run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The program ended by itself.
    Finished(Finished),
    /// The program passed its limit and was killed.
    TimedOut {
        /// When it was killed.
        after: Duration,
        /// What it wrote to standard output before.
        stdout: Vec<u8>,
        /// What it wrote to standard error before.
        stderr: Vec<u8>,
    },
}

/// A program that ended by itself.
#[derive(Debug)]
pub struct Finished {
    /// Exit status and everything it wrote.
    pub output: Output,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Peak resident memory in KiB of it and the descendants it waited for (`ru_maxrss`; 0
    /// where the platform does not say).
    pub max_rss_kib: u64,
}

impl Outcome {
    /// The output when the program finished, else `None`.
    pub fn finished(self) -> Option<Output> {
        match self {
            Outcome::Finished(f) => Some(f.output),
            Outcome::TimedOut { .. } => None,
        }
    }

    /// Whether the program was killed at its limit.
    pub fn timed_out(&self) -> bool {
        matches!(self, Outcome::TimedOut { .. })
    }
}

/// A program that passed its limit, for error chains (`anyhow`) and reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// What was run, as the caller names it.
    pub what: String,
    /// The limit it passed.
    pub after: Duration,
}

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} timed out: killed after {} s", self.what, self.after.as_secs_f64().round())
    }
}

impl std::error::Error for TimedOut {}

/// `cargo`, as the running cargo names itself (`$CARGO`).
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs `cmd` under `limit` (feeding `input` when given): its output, or the time-out naming
/// `what`; an error only when it cannot be started.
pub fn output_within(cmd: &mut Command, input: Option<Vec<u8>>, limit: Duration, what: &str) -> anyhow::Result<Result<Output, TimedOut>> {
    match run_limited_with_input(cmd, input, limit) {
        Ok(Outcome::Finished(f)) => Ok(Ok(f.output)),
        Ok(Outcome::TimedOut { .. }) => Ok(Err(TimedOut { what: what.to_string(), after: limit })),
        Err(e) => Err(anyhow::anyhow!("cannot run {what}: {e}")),
    }
}

/// Runs `cmd` (standard input empty) with its output captured; kills it at `limit`.
pub fn run_limited(cmd: &mut Command, limit: Duration) -> std::io::Result<Outcome> {
    run_limited_with_input(cmd, None, limit)
}

/// [`run_limited`] feeding `input` to its standard input (from a thread of its own, so that a
/// program answering as it reads never blocks on full pipes).
pub fn run_limited_with_input(cmd: &mut Command, input: Option<Vec<u8>>, limit: Duration) -> std::io::Result<Outcome> {
    cmd.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() }).stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    // Out of the terminal's process group a Ctrl-C no longer reaches the program: it is killed
    // when the thread that started (and waits for) it ends, as when the harness is interrupted.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) is async-signal-safe and touches no memory of the parent.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(cmd, || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let feeder = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => Some(std::thread::spawn(move || {
            // A program that stops reading (or is killed) closes the pipe: not our error.
            let _ = stdin.write_all(&bytes);
        })),
        _ => None,
    };
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let ended = wait_until(&mut child, started + limit);
    let (status, max_rss_kib) = match ended {
        Ok(Some(done)) => done,
        Ok(None) => {
            kill(&mut child);
            let (stdout, stderr) = (join(stdout), join(stderr));
            if let Some(f) = feeder {
                let _ = f.join();
            }
            return Ok(Outcome::TimedOut { after: started.elapsed(), stdout, stderr });
        }
        Err(e) => {
            kill(&mut child);
            return Err(e);
        }
    };
    let elapsed = started.elapsed();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Ok(Outcome::Finished(Finished { output: Output { status, stdout: join(stdout), stderr: join(stderr) }, elapsed, max_rss_kib }))
}

/// Reads a pipe to its end on a thread of its own.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> Option<JoinHandle<Vec<u8>>> {
    pipe.map(|mut p| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = p.read_to_end(&mut buf);
            buf
        })
    })
}

fn join(reader: Option<JoinHandle<Vec<u8>>>) -> Vec<u8> {
    reader.and_then(|r| r.join().ok()).unwrap_or_default()
}

/// The pause between two looks at the child: short at first (most calls end in milliseconds),
/// then up to 50 ms.
fn pause(round: u32) -> Duration {
    Duration::from_millis(u64::from(round).clamp(1, 50))
}

/// Waits for the child until `deadline`: its status and peak memory, or `None` at the deadline.
#[cfg(unix)]
fn wait_until(child: &mut Child, deadline: Instant) -> std::io::Result<Option<(ExitStatus, u64)>> {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    for round in 0u32.. {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped; the pointers are to live locals.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if rc == pid {
            // Reaped here: std's `Child` must not wait for it again (`kill` is never called after).
            return Ok(Some((ExitStatus::from_raw(status), usage.ru_maxrss as u64)));
        }
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        std::thread::sleep(pause(round).min(deadline - now));
    }
    unreachable!("the loop returns")
}

#[cfg(not(unix))]
fn wait_until(child: &mut Child, deadline: Instant) -> std::io::Result<Option<(ExitStatus, u64)>> {
    for round in 0u32.. {
        if let Some(status) = child.try_wait()? {
            return Ok(Some((status, 0)));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        std::thread::sleep(pause(round).min(deadline - now));
    }
    unreachable!("the loop returns")
}

/// Kills the child (on unix its whole process group) and reaps it.
fn kill(child: &mut Child) {
    #[cfg(unix)]
    {
        // SAFETY: kill(2) with a negative pid signals the group the child leads (`process_group(0)`).
        unsafe {
            libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_ends_in_time_gives_its_output() {
        let out = run_limited(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]), Duration::from_secs(30)).unwrap();
        let Outcome::Finished(f) = out else { panic!("timed out: {out:?}") };
        assert_eq!(f.output.status.code(), Some(3));
        assert_eq!(f.output.stdout, b"out\n");
        assert_eq!(f.output.stderr, b"err\n");
        #[cfg(unix)]
        assert!(f.max_rss_kib > 0, "the kernel reports a peak for any process");
    }

    #[test]
    fn input_is_fed_while_output_is_read() {
        // More than a pipe holds each way: feeding everything before reading would block.
        let input = "line\n".repeat(200_000).into_bytes();
        let out = run_limited_with_input(&mut Command::new("cat"), Some(input.clone()), Duration::from_secs(60)).unwrap();
        assert_eq!(out.finished().expect("finished").stdout, input);
    }

    #[test]
    fn a_program_past_its_limit_is_killed_and_reported() {
        let started = Instant::now();
        let out = run_limited(Command::new("sleep").arg("30"), Duration::from_secs(1)).unwrap();
        let Outcome::TimedOut { after, .. } = out else { panic!("finished: {out:?}") };
        assert!(after >= Duration::from_secs(1), "{after:?}");
        assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    }

    #[cfg(unix)]
    #[test]
    fn its_children_are_killed_with_it() {
        // A shell whose child holds the output pipe open: only killing the group ends the read.
        let started = Instant::now();
        let out = run_limited(Command::new("sh").args(["-c", "echo started; sleep 30; echo never"]), Duration::from_secs(1)).unwrap();
        let Outcome::TimedOut { stdout, .. } = out else { panic!("finished: {out:?}") };
        assert_eq!(stdout, b"started\n", "what it wrote before its limit is kept");
        assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    }

    #[test]
    fn a_program_that_cannot_start_is_an_error() {
        assert!(run_limited(&mut Command::new("/nonexistent/program"), Duration::from_secs(1)).is_err());
    }
}

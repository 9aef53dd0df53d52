//! The invalid-schema harness (`cargo xtask corpus --invalid FILE.tsv`): every schema test of
//! the W3C suite's invalid sample through the generator (parse, resolve, emit, print), each on a
//! thread of its own under a time limit and with panics caught, reported per test as rejected (an
//! error), warned, generated, panicked or timed out. A user pointing it at their own folder gets
//! a report whatever is in it: a test that does not finish in time is reported and left behind.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::corpus::generate_module_in;

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Generated without a word (the fault does not affect generation).
    Generated,
    /// Generated, with warnings naming what was kept in a weaker form.
    Warned,
    /// Refused with an error.
    Rejected,
    /// Not finished within the time limit.
    TimedOut,
    /// The generator panicked: a defect.
    Panicked,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Generated => "generated",
            Outcome::Warned => "warned",
            Outcome::Rejected => "rejected",
            Outcome::TimedOut => "timed_out",
            Outcome::Panicked => "panicked",
        }
    }
}

/// One test's result.
#[derive(Debug, Clone)]
pub struct TestReport {
    /// `group` of the row.
    pub group: String,
    /// The schema documents, relative to the suite.
    pub schemas: Vec<String>,
    /// The worst outcome over its documents.
    pub outcome: Outcome,
    /// The first error or warning (or the panic's message).
    pub message: String,
}

/// The whole run.
#[derive(Debug, Clone, Default)]
pub struct InvalidReport {
    /// Per test, in the file's order.
    pub tests: Vec<TestReport>,
}

impl InvalidReport {
    /// `tests`, `rejected`, `warned`, `generated`, `panicked`, `timed_out`, and how many of the
    /// rejections and warnings name the file and a line (`names_place`).
    pub fn totals(&self) -> Value {
        let n = |o: Outcome| self.tests.iter().filter(|t| t.outcome == o).count();
        let named = self
            .tests
            .iter()
            .filter(|t| matches!(t.outcome, Outcome::Rejected | Outcome::Warned))
            .filter(|t| {
                t.schemas.iter().any(|s| t.message.contains(Path::new(s).file_name().and_then(|f| f.to_str()).unwrap_or(s)))
                    && has_line(&t.message)
            })
            .count();
        json!({
            "tests": self.tests.len(),
            "rejected": n(Outcome::Rejected),
            "warned": n(Outcome::Warned),
            "generated": n(Outcome::Generated),
            "panicked": n(Outcome::Panicked),
            "timed_out": n(Outcome::TimedOut),
            "names_place": named,
        })
    }

    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "totals": self.totals(),
            "tests": self.tests.iter().map(|t| json!({
                "group": t.group, "schemas": t.schemas, "outcome": t.outcome.name(), "message": t.message,
            })).collect::<Vec<_>>(),
        })
    }
}

impl InvalidReport {
    /// A Markdown summary: the totals and the tests that did not end in an error or a warning
    /// naming their place, by outcome.
    pub fn markdown(&self, command: &str) -> String {
        use std::fmt::Write as _;
        let t = self.totals();
        let mut md = String::from("# W3C XML Schema test suite: the invalid-schema sample\n\n");
        let _ = writeln!(md, "Written by `{command}`; a test checks it is current.\n");
        let _ = writeln!(
            md,
            "Every schema test must end in an error or a warning naming file, line and construct, or in generated code; never in a panic, a hang or unbounded memory.\n"
        );
        let _ = writeln!(md, "| outcome | tests |\n|---|---:|");
        for k in ["tests", "rejected", "warned", "generated", "panicked", "timed_out", "names_place"] {
            let _ = writeln!(md, "| {k} | {} |", t[k]);
        }
        let bad: Vec<&TestReport> = self.tests.iter().filter(|t| matches!(t.outcome, Outcome::Panicked | Outcome::TimedOut)).collect();
        if !bad.is_empty() {
            let _ = writeln!(md, "\n## Panics and time-outs\n");
            for t in bad {
                let _ = writeln!(md, "- `{}` ({}): {}", t.group, t.outcome.name(), t.message.lines().next().unwrap_or(""));
            }
        }
        md
    }
}

/// `file:LINE:` somewhere in the message.
fn has_line(message: &str) -> bool {
    message.split(':').collect::<Vec<_>>().windows(2).any(|w| w[0].ends_with(".xsd") && w[1].trim().parse::<u32>().is_ok())
}

/// Runs the tests of `tsv` (`group`, `schemas` relative to the `suite/` folder beside it), each
/// document within `limit`.
pub fn run(tsv: &Path, limit: Duration) -> Result<InvalidReport> {
    let text = std::fs::read_to_string(tsv).with_context(|| format!("cannot read {}", tsv.display()))?;
    let suite = tsv.parent().unwrap_or(Path::new(".")).join("suite");
    let mut report = InvalidReport::default();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((group, schemas)) = line.split_once('\t') else {
            anyhow::bail!("{}:{}: expected `group<TAB>schemas`", tsv.display(), i + 1);
        };
        let schemas: Vec<String> = schemas.split_whitespace().map(str::to_string).collect();
        let mut worst = (Outcome::Generated, String::new());
        for s in &schemas {
            let (outcome, message) = one(suite.join(s), limit);
            if outcome > worst.0 || worst.1.is_empty() && !message.is_empty() {
                worst = (outcome.max(worst.0), if message.is_empty() { worst.1 } else { message });
            }
        }
        report.tests.push(TestReport { group: group.to_string(), schemas, outcome: worst.0, message: worst.1 });
    }
    Ok(report)
}

/// One schema document through the generator on its own thread.
fn one(path: PathBuf, limit: Duration) -> (Outcome, String) {
    let (tx, rx) = mpsc::channel();
    let shown = path.display().to_string();
    let spawned = std::thread::Builder::new().name(format!("invalid {shown}")).stack_size(16 * 1024 * 1024).spawn(move || {
        let result = std::panic::catch_unwind(|| generate_module_in(&path, "altinn_runtime::xml", &Default::default()));
        let _ = tx.send(match result {
            Ok(Ok((_, model))) if model.warnings.is_empty() => (Outcome::Generated, String::new()),
            Ok(Ok((_, model))) => (Outcome::Warned, model.warnings[0].clone()),
            Ok(Err(e)) => (Outcome::Rejected, format!("{e:#}")),
            Err(p) => {
                let msg =
                    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
                (Outcome::Panicked, format!("panicked: {msg}"))
            }
        });
    });
    if let Err(e) = spawned {
        return (Outcome::Panicked, format!("{shown}: cannot start a thread: {e}"));
    }
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        // The thread is left behind (a thread cannot be stopped); the run goes on.
        Err(_) => (Outcome::TimedOut, format!("{shown}: not finished within {} ms", limit.as_millis())),
    }
}

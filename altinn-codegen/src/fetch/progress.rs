//! Progress of a fetch: a bar on a terminal, plain log lines otherwise (CI logs, pipes).

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressStyle};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProgressMode {
    /// A bar when standard error is a terminal, log lines otherwise.
    #[default]
    Auto,
    /// Plain log lines on standard error.
    Log,
    /// Nothing but what is returned (tests).
    Quiet,
}

/// A cheap, cloneable handle to the progress display; also keeps every log line.
#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    print: bool,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Progress {
    /// A display for `mode`.
    pub fn new(mode: ProgressMode) -> Self {
        let bar = (mode == ProgressMode::Auto && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}").expect("valid template"),
            );
            bar
        });
        Progress { bar, print: mode != ProgressMode::Quiet, lines: Arc::default() }
    }

    /// A log line (printed above the bar, or on its own line).
    pub fn log(&self, line: &str) {
        self.lines.lock().expect("log lock").push(line.to_string());
        if !self.print {
            return;
        }
        match &self.bar {
            Some(bar) => bar.println(format!("fetch: {line}")),
            None => eprintln!("fetch: {line}"),
        }
    }

    /// Adds `n` units of work to the total.
    pub fn add_work(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc_length(n);
        }
    }

    /// Marks one unit done, with a short message.
    pub fn done_one(&self, msg: &str) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(msg.to_string());
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Every line logged so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("log lock").clone()
    }
}

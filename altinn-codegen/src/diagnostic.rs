//! What the pipeline says about its inputs: one typed diagnostic with a severity, the place
//! (file, and line where known) and the message, which names the construct.
//!
//! Stages collect diagnostics instead of printing; `regen` decides what they mean for the run:
//! an [`Severity::Error`] (an input that did not generate, a snapshot that does not match its
//! lock) stops it unless broken inputs are skipped on purpose, a [`Severity::Warning`] (a
//! construct kept in a weaker form, such as an undefined type kept as raw XML) stops it unless
//! warnings are accepted, and a [`Severity::Note`] (a published document's defect repaired by an
//! explicit patch) is counted in a summary.

use std::fmt;

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Expected and handled (a listed patch applied).
    Note,
    /// Generated, but in a weaker form than the input asks for.
    Warning,
    /// The input was not generated, or cannot be trusted.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// How much it matters.
    pub severity: Severity,
    /// The file, relative to the snapshot where it is in one, with `:line` where known.
    pub place: String,
    /// What happened, naming the construct.
    pub message: String,
}

impl Diagnostic {
    /// An error at `place`.
    pub fn error(place: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, place: place.into(), message: message.into() }
    }

    /// A warning at `place`.
    pub fn warning(place: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, place: place.into(), message: message.into() }
    }

    /// A note at `place`.
    pub fn note(place: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, place: place.into(), message: message.into() }
    }

    /// A warning from a `place: message` line (the form earlier stages report in).
    pub fn warning_from_line(line: &str) -> Self {
        match split_place(line) {
            Some((place, message)) => Diagnostic::warning(place, message),
            None => Diagnostic::warning("", line),
        }
    }
}

/// Splits `file[:line]: message` at the first `: ` after the place.
fn split_place(line: &str) -> Option<(&str, &str)> {
    let i = line.find(": ")?;
    Some((&line[..i], &line[i + 2..]))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.severity, self.message)
        } else {
            write!(f, "{}: {}: {}", self.severity, self.place, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_their_place() {
        let d = Diagnostic::warning_from_line("services/1/forms/a.xsd:12: type t:X is not defined: kept as raw XML");
        assert_eq!(d.place, "services/1/forms/a.xsd:12");
        assert_eq!(d.message, "type t:X is not defined: kept as raw XML");
        assert_eq!(d.to_string(), "warning: services/1/forms/a.xsd:12: type t:X is not defined: kept as raw XML");
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Note);
    }
}

//! The selection file (`selection.toml` in a snapshot): which services `fetch` keeps.
//!
//! ```toml
//! # Keep every service of these owners …
//! service_owners = ["SKD", "NAV"]
//! # … and these services (a code keeps every edition, `code/edition` one edition).
//! services = ["4711", "3906/141205"]
//! ```
//! With neither key set, every service in the list is kept.

use serde::Deserialize;

/// Parsed selection.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Service owner codes (`SKD`), compared case-insensitively.
    #[serde(default)]
    pub service_owners: Vec<String>,
    /// Service codes (`4711`) or `code/edition` pairs (`3906/141205`).
    #[serde(default)]
    pub services: Vec<String>,
}

impl Selection {
    /// Parses the file's text; `file` names it in errors (with line and column from `toml`).
    pub fn parse(text: &str, file: &str) -> anyhow::Result<Self> {
        toml::from_str(text).map_err(|e| anyhow::anyhow!("{file}: invalid selection file: {e}"))
    }

    /// True when nothing is narrowed.
    pub fn keeps_everything(&self) -> bool {
        self.service_owners.is_empty() && self.services.is_empty()
    }

    /// Whether a service edition is kept.
    pub fn keeps(&self, owner: &str, code: &str, edition: i64) -> bool {
        if self.keeps_everything() {
            return true;
        }
        self.service_owners.iter().any(|o| o.eq_ignore_ascii_case(owner))
            || self.services.iter().any(|s| match s.split_once('/') {
                Some((c, e)) => c == code && e.trim().parse::<i64>().ok() == Some(edition),
                None => s == code,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrows_by_owner_code_and_edition() {
        let s = Selection::parse("service_owners = [\"skd\"]\nservices = [\"4711\", \"2365/6\"]\n", "s").unwrap();
        assert!(s.keeps("SKD", "1", 1));
        assert!(s.keeps("NAV", "4711", 99));
        assert!(s.keeps("KRT", "2365", 6));
        assert!(!s.keeps("KRT", "2365", 7));
        assert!(!s.keeps("ACN", "3314", 1212));
        assert!(Selection::default().keeps("ACN", "3314", 1212));
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_file() {
        let e = Selection::parse("owners = []", "schemas/selection.toml").unwrap_err();
        assert!(e.to_string().starts_with("schemas/selection.toml: invalid selection file"), "{e}");
    }
}

//! The selection file (`selection.toml` in a snapshot): which services `fetch` keeps.
//!
//! ```toml
//! # Keep every service of these owners …
//! service_owners = ["SKD", "NAV"]
//! # … and these services (a code keeps every edition, `code/edition` one edition).
//! services = ["4711", "3906/141205"]
//! ```
//! With neither key set, every service in the list is kept.
//!
//! The Altinn 3 part chooses apps, and resources to keep constants for:
//!
//! ```toml
//! [altinn3]
//! orgs = ["ttd"]                         # every app of these owners
//! apps = ["ttd/codegen-sample"]          # and these apps (`org/app`)
//! resources = ["skd-migrert-4628-1"]    # and these resources
//! ```
//! With none set, `fetch --altinn3` fetches only the resource list (it is large).

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
    /// The Altinn 3 part.
    #[serde(default)]
    pub altinn3: Altinn3Selection,
}

/// Which Altinn 3 apps and resources to keep.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Altinn3Selection {
    /// Org codes whose apps are kept (compared case-insensitively).
    #[serde(default)]
    pub orgs: Vec<String>,
    /// Apps as `org/app`.
    #[serde(default)]
    pub apps: Vec<String>,
    /// Resource identifiers.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Every app in the resource list.
    #[serde(default)]
    pub all_apps: bool,
    /// The platform OpenAPI documents to fetch, by module (`storage`, `correspondence`,
    /// `broker`, `authentication`, `resource_registry`, `dialogporten_serviceowner`).
    #[serde(default)]
    pub platform: Vec<String>,
}

impl Altinn3Selection {
    /// Whether the app `org/app` is kept.
    pub fn keeps_app(&self, org: &str, app: &str) -> bool {
        self.all_apps
            || self.orgs.iter().any(|o| o.eq_ignore_ascii_case(org))
            || self.apps.iter().any(|a| a.split_once('/').is_some_and(|(o, n)| o.eq_ignore_ascii_case(org) && n == app))
    }

    /// Whether the platform document of `module` is fetched.
    pub fn keeps_platform(&self, module: &str) -> bool {
        self.platform.iter().any(|x| x == module)
    }

    /// Whether the resource is kept (apps kept count as kept resources too).
    pub fn keeps_resource(&self, identifier: &str) -> bool {
        self.resources.iter().any(|r| r == identifier)
    }

    /// Whether nothing but the resource list is asked for.
    pub fn is_empty(&self) -> bool {
        !self.all_apps && self.orgs.is_empty() && self.apps.is_empty() && self.resources.is_empty() && self.platform.is_empty()
    }
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

    #[test]
    fn the_altinn3_part_chooses_apps_and_resources() {
        let s = Selection::parse("[altinn3]\norgs = [\"SKD\"]\napps = [\"ttd/codegen-sample\"]\nresources = [\"r1\"]\n", "s").unwrap();
        assert!(s.altinn3.keeps_app("skd", "anything"));
        assert!(s.altinn3.keeps_app("ttd", "codegen-sample") && !s.altinn3.keeps_app("ttd", "other"));
        assert!(s.altinn3.keeps_resource("r1") && !s.altinn3.keeps_resource("r2"));
        assert!(Selection::default().altinn3.is_empty());
        assert!(Selection::parse("[altinn3]\napp = []\n", "s").is_err(), "unknown keys are errors");
    }
}

//! The cargo features of a generated crate: one per service module, one per app module and one
//! per platform API module (all off by default), one per owner (its services and its apps:
//! `owner_ttd`), `all_services`, `all_apps` and `all_platform`. Written as lines regen keeps
//! between the markers of the crate's manifest.

/// One module's feature.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Feature {
    /// The feature (the service module's name, or `app_<module>`).
    pub name: String,
    /// What it turns on, for the comment above it.
    pub doc: String,
    /// Its owner's feature.
    pub owner: String,
}

/// The generated file (relative to the output folder) that holds the `[features]` lines regen
/// writes into the crate's manifest.
pub const FEATURES_FILE: &str = "services/features.toml";

/// The feature lines, sorted so the block is stable.
pub fn block(services: &[Feature], apps: &[Feature], platform: &[Feature]) -> String {
    let list = |items: &[&str]| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    let mut services: Vec<&Feature> = services.iter().collect();
    let mut apps: Vec<&Feature> = apps.iter().collect();
    services.sort();
    apps.sort();
    let mut out = String::new();
    let service_names: Vec<&str> = services.iter().map(|f| f.name.as_str()).collect();
    let app_names: Vec<&str> = apps.iter().map(|f| f.name.as_str()).collect();
    out.push_str(&format!("all_services = [{}]\n", list(&service_names)));
    if !apps.is_empty() {
        out.push_str(&format!("all_apps = [{}]\n", list(&app_names)));
    }
    let mut platform: Vec<&Feature> = platform.iter().collect();
    platform.sort();
    if !platform.is_empty() {
        let names: Vec<&str> = platform.iter().map(|f| f.name.as_str()).collect();
        out.push_str(&format!("all_platform = [{}]\n", list(&names)));
    }
    let mut owners: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for f in services.iter().chain(&apps) {
        owners.entry(f.owner.as_str()).or_default().push(f.name.as_str());
    }
    for (owner, mut members) in owners {
        members.sort();
        out.push_str(&format!("{owner} = [{}]\n", list(&members)));
    }
    for f in services.iter().chain(&apps).chain(&platform) {
        out.push_str(&format!("# {}\n{} = []\n", f.doc.replace('\n', " "), f.name));
    }
    out
}

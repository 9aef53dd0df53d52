//! Per-service cargo features of `altinn-generated`: every service module is behind a feature of
//! its own name (default off), and a build with one feature reads only that service's source files.
//!
//! rustc writes the files it read into the dep-info file (`.d`) of each build, so the test checks
//! the compiler's own account of what it compiled, not only that a probe happens to build.

use std::path::PathBuf;
use std::process::Command;

use altinn_tests::shared::workspace_root;

/// Builds (check) a probe crate that depends on altinn-generated with `features` and uses
/// `uses` (Rust paths); returns whether it compiled, the compiler's messages and the source
/// files of altinn-generated that rustc read.
fn probe(name: &str, features: &[&str], uses: &[String]) -> (bool, String, Vec<String>) {
    let root = workspace_root();
    let work = root.join("target/features-test").join(name);
    let _ = std::fs::remove_dir_all(work.join("src"));
    std::fs::create_dir_all(work.join("src")).unwrap();
    let body: String = uses.iter().map(|u| format!("#[allow(unused_imports)]\nuse {u};\n")).collect();
    std::fs::write(work.join("src/lib.rs"), body).unwrap();
    let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[package]\nname = \"features-probe-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
             altinn-generated = {{ path = {:?}, default-features = false, features = [{}] }}\n\n[workspace]\n",
            root.join("altinn-generated").display().to_string(),
            features.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let target: PathBuf = root.join("target/features-test/target");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--message-format=json", "--target-dir"])
        .arg(&target)
        .current_dir(&work)
        .output()
        .unwrap();
    // With JSON output the compiler's messages come on stdout, rendered as usual.
    let mut messages = String::from_utf8_lossy(&out.stderr).into_owned();
    for m in String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()) {
        if let Some(r) = m["message"]["rendered"].as_str() {
            messages.push_str(r);
        }
    }
    // Cargo names the altinn_generated artifact of this feature set (also when it was fresh
    // from an earlier run); its dep-info file, by the same hash, is rustc's account of the files
    // it compiled.
    let dep_info = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "altinn_generated")
        .find_map(|m| {
            let artifact = PathBuf::from(m["filenames"][0].as_str()?);
            let stem = artifact.file_stem()?.to_str()?.strip_prefix("lib")?.to_string();
            Some(artifact.with_file_name(format!("{stem}.d")))
        });
    let newest = dep_info.filter(|d| d.exists());
    let mut read = Vec::new();
    if let Some(d) = newest {
        let text = std::fs::read_to_string(d).unwrap();
        let generated = root.join("altinn-generated/src/generated/services").display().to_string();
        for line in text.lines() {
            // `path:` lines list one source file each.
            if let Some(file) = line.strip_suffix(':')
                && let Some(rel) = file.strip_prefix(&generated)
            {
                read.push(rel.trim_start_matches('/').to_string());
            }
        }
    }
    read.sort();
    read.dedup();
    (out.status.success(), messages, read)
}

#[test]
fn one_service_feature_compiles_only_that_service() {
    let root = workspace_root();
    let mods = xtask::bench::service_modules(&root).unwrap();
    assert!(mods.len() >= 2, "the sample snapshot has at least two service modules: {mods:?}");
    let manifest = std::fs::read_to_string(root.join("altinn-generated/Cargo.toml")).unwrap();
    for m in &mods {
        assert!(manifest.contains(&format!("\n{m} = []\n")), "feature {m} is declared in altinn-generated/Cargo.toml");
    }
    let (one, other) = (&mods[0], &mods[1]);

    // Nothing enabled: the runtime and catalogue build, and no service source is read.
    let (ok, msg, read) = probe("none", &[], &["altinn_generated::runtime::api::Client".into(), "altinn_generated::SERVICES".into()]);
    assert!(ok, "altinn-generated builds with no service feature:\n{msg}");
    assert_eq!(read, vec!["mod.rs".to_string()], "only services/mod.rs is read without features");

    // One service: its module is there, and only its files were compiled.
    let (ok, msg, read) = probe("one", &[one], &[format!("altinn_generated::generated::services::{one}::SERVICE")]);
    assert!(ok, "the probe using {one} builds with feature {one}:\n{msg}");
    assert!(read.iter().any(|f| f.starts_with(&format!("{one}/"))), "{one}'s files are compiled: {read:?}");
    for f in &read {
        assert!(f == "mod.rs" || f.starts_with(&format!("{one}/")), "only {one}'s files are compiled, but rustc read {f}");
    }

    // The other service is not there under that feature set.
    let (ok, msg, _) = probe("other", &[one], &[format!("altinn_generated::generated::services::{other}::SERVICE")]);
    assert!(!ok, "{other} must not be available with only feature {one}");
    assert!(msg.contains(other.as_str()), "the compiler names the missing module {other}:\n{msg}");

    // The owner feature turns on every service of that owner.
    let owner = format!("owner_{}", one.split('_').next().unwrap());
    let (ok, msg, read) = probe("owner", &[&owner], &[]);
    assert!(ok, "altinn-generated builds with {owner}:\n{msg}");
    for m in mods.iter().filter(|m| m.starts_with(one.split('_').next().unwrap())) {
        assert!(read.iter().any(|f| f.starts_with(&format!("{m}/"))), "{owner} compiles {m}: {read:?}");
    }
}

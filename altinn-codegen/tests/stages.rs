//! The folder tree shows the pipeline, and this test keeps it true: a module may name (`crate::…`)
//! only the modules its stage is allowed to read. Emit reads only the model; the model reads no
//! stage; naming belongs to resolve.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of the library and the modules it may name.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diagnostic", &[]),
    ("xsd_regex", &[]),
    ("model", &[]),
    ("snapshot", &[]),
    ("staged_dir", &["snapshot"]),
    ("parse", &[]),
    ("fetch", &["snapshot", "staged_dir", "parse"]),
    // Resolve reads the snapshot's parsed files (and its layout, to find them) and fills the
    // model; it owns naming and translates XSD patterns for the model.
    ("resolve", &["snapshot", "parse", "model", "diagnostic", "xsd_regex"]),
    ("emit", &["model"]),
    ("regen", &["snapshot", "resolve", "model", "emit", "diagnostic", "staged_dir"]),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The library modules a file names through `crate::<module>`, outside comments.
fn named_modules(text: &str, modules: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let tail = &rest[i + "crate::".len()..];
            let name: String = tail.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if modules.contains(name.as_str()) {
                out.insert(name);
            }
            rest = tail;
        }
    }
    out
}

#[test]
fn every_module_names_only_the_stages_it_may_read() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let modules: BTreeSet<&str> = allowed.keys().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    let mut seen_modules = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "lib" {
            continue;
        }
        seen_modules.insert(top.clone());
        let Some(may) = allowed.get(top.as_str()) else {
            violations.push(format!("{}: module `{top}` is not in the list of stages (add it with its allowed edges)", rel.display()));
            continue;
        };
        for named in named_modules(&std::fs::read_to_string(f).unwrap(), &modules) {
            if named != top && !may.contains(&named.as_str()) {
                violations.push(format!("{}: `{top}` names `crate::{named}`, which it may not read", rel.display()));
            }
        }
    }
    assert!(violations.is_empty(), "stage rules broken:\n{}", violations.join("\n"));
    assert!(seen_modules.contains("emit") && seen_modules.contains("resolve"), "the scan found the stages: {seen_modules:?}");
}

#[test]
fn the_rule_catches_a_module_reaching_back() {
    let modules: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    let found = named_modules(
        "use crate::resolve::names::ident; // crate::parse in a comment\nlet x = crate::model::Project::default();",
        &modules,
    );
    assert_eq!(found, BTreeSet::from(["resolve".to_string(), "model".to_string()]));
}

/// Folders whose code reads only what the snapshot stage loaded: they never touch the disk.
const NO_DISK: &[&str] = &["resolve", "parse"];

/// Where a file's code (outside comments) names the file system: `std::fs` or a `fs::` path.
fn disk_uses(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let names_fs = code.match_indices("fs::").any(|(i, _)| !code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'));
        if names_fs || code.contains("std::fs") || code.contains("File::open") {
            out.push((n + 1, line.trim().to_string()));
        }
    }
    out
}

#[test]
fn resolve_and_parse_never_touch_the_disk() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut scanned = 0;
    for folder in NO_DISK {
        let mut files = Vec::new();
        rust_files(&src.join(folder), &mut files);
        for f in &files {
            scanned += 1;
            for (line, code) in disk_uses(&std::fs::read_to_string(f).unwrap()) {
                violations.push(format!(
                    "{}:{line}: `{code}`: read through `crate::snapshot::Source` (a `Snapshot` or `Disk`) instead",
                    f.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(scanned > 10, "the scan found the stages' files ({scanned})");
    assert!(violations.is_empty(), "a stage after the snapshot reads the disk:\n{}", violations.join("\n"));
}

#[test]
fn the_disk_rule_catches_file_system_calls() {
    let found = disk_uses(
        "let a = std::fs::read(p);\nuse std::fs;\nlet b = fs::read_dir(d);\nlet c = ::std::fs::read(p); // std::fs in a comment\nlet d = files.read(p);\nlet e = my_fs::read(p);",
    );
    assert_eq!(found.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2, 3, 4]);
}

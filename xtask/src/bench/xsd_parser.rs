//! xsd-parser 1.5.2 through the pinned driver crate `bench/xsd-parser-driver`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::measure::{cargo, measure, measure_ok};
use super::{BenchOptions, Build, Speed, timed_builds};

/// The pinned version (see `bench/xsd-parser-driver/Cargo.toml`).
pub const VERSION: &str = "1.5.2";

/// The generated crate's manifest: what its serde + quick-xml output needs.
const MANIFEST: &str = r#"[package]
name = "xsd-parser-corpus"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
quick-xml = { version = "0.38", features = ["serialize"] }
num = { version = "0.4", features = ["serde"] }
xsd-parser-types = { version = "=0.2.1", features = ["xml", "serde", "num", "base64", "quick-xml"] }

[profile.release]
codegen-units = 16

[workspace]
"#;

/// Builds the driver (release) and returns its path.
pub fn build_driver(root: &Path) -> Result<PathBuf> {
    let target = root.join("target/bench/driver");
    measure_ok(
        cargo().args(["build", "--release", "--quiet", "--target-dir"]).arg(&target).current_dir(root.join("bench/xsd-parser-driver")),
    )?;
    Ok(target.join("release/xsd-parser-driver"))
}

/// (schema path relative to the corpus root, module) of every schema the driver generated.
pub fn generated_modules(out: &Path) -> Result<Vec<(String, String)>> {
    let tsv = std::fs::read_to_string(out.join("generate.tsv")).with_context(|| format!("{}/generate.tsv", out.display()))?;
    Ok(tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.get(2) == Some(&"true"))
        .map(|c| (c[0].to_string(), c[1].to_string()))
        .collect())
}

fn write_lib(out: &Path, modules: &[&str]) -> Result<()> {
    let mut lib = String::from("#![allow(warnings, clippy::all)]\n");
    for m in modules {
        writeln!(lib, "pub mod {m};")?;
    }
    std::fs::write(out.join("src/lib.rs"), lib)?;
    Ok(())
}

/// Modules whose code does not compile (from `cargo check`'s JSON messages).
fn failing_modules(out: &Path, target: &Path) -> Result<BTreeSet<String>> {
    let m = measure(cargo().args(["check", "--message-format=json", "--target-dir"]).arg(target).current_dir(out))?;
    let failing: BTreeSet<String> = altinn_harness::corpus::compiler_errors(&m.stdout).into_iter().flat_map(|e| e.modules).collect();
    if !m.success && failing.is_empty() {
        bail!("cargo check of the xsd-parser crate failed outside its modules:\n{}", super::measure::tail(&m.stderr, 30));
    }
    Ok(failing)
}

/// Which modules compile, then clean and incremental builds of the crate without the others.
pub fn build(o: &BenchOptions, out: &Path, generated: &[(String, String)]) -> Result<Build> {
    let target = o.root.join("target/bench/xsd-parser-target");
    std::fs::write(out.join("Cargo.toml"), MANIFEST)?;
    let all: Vec<&str> = generated.iter().map(|(_, m)| m.as_str()).collect();
    write_lib(out, &all)?;
    let failing = failing_modules(out, &target)?;
    let kept: Vec<&str> = all.iter().copied().filter(|m| !failing.contains(*m)).collect();
    write_lib(out, &kept)?;
    let (clean, incremental) = timed_builds(out, &target, "xsd-parser-corpus", o.build_runs, &out.join("src"))?;
    std::fs::write(out.join("failing.txt"), failing.iter().map(|m| format!("{m}\n")).collect::<String>())?;
    Ok(Build {
        tool: format!("xsd-parser {VERSION}"),
        compiled: Some(kept.len()),
        clean,
        incremental: Some(incremental),
        note: format!("{} generated modules do not compile (target/bench/xsd-parser/failing.txt)", failing.len()),
    })
}

/// The local name of an instance's root element.
pub fn root_name(xml: &str) -> Option<String> {
    let mut rest = xml;
    loop {
        let i = rest.find('<')?;
        rest = &rest[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
        return Some(name.rsplit(':').next().unwrap_or(&name).to_string());
    }
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}

/// The generated type for a root element: the type named like the element (xsd-parser's
/// naming), else with its `Type`/`ElementType` suffix.
pub fn root_type(module_text: &str, element: &str) -> Option<String> {
    let re = regex::Regex::new(r"pub (?:type|struct|enum) ([A-Za-z_][A-Za-z0-9_]*)").expect("valid");
    let names: Vec<String> = re.captures_iter(module_text).map(|c| c[1].to_string()).collect();
    let want = norm(element);
    for suffix in ["", "type", "elementtype"] {
        if let Some(n) = names.iter().find(|n| norm(n) == format!("{want}{suffix}")) {
            return Some(n.clone());
        }
    }
    None
}

/// Read and write MB/s of xsd-parser's types on the instances (serde over quick-xml 0.38).
pub fn speed(
    o: &BenchOptions,
    out: &Path,
    generated: &[(String, String)],
    cases: &[altinn_harness::speed::SpeedCase],
) -> Result<Vec<Speed>> {
    let failing: BTreeSet<String> =
        std::fs::read_to_string(out.join("failing.txt")).unwrap_or_default().lines().map(String::from).collect();
    let root = o.xsd_root.canonicalize()?;
    let work = o.root.join("target/bench/xsd-parser-speed");
    let _ = std::fs::remove_dir_all(work.join("src"));
    std::fs::create_dir_all(work.join("src"))?;
    let mut results = Vec::new();
    let mut timed: Vec<(String, String, PathBuf, String)> = Vec::new(); // (module, type, instance, element)
    for c in cases {
        let instance = c.instance.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::metadata(&c.instance)?.len();
        let rel = c.schema.canonicalize().ok().and_then(|s| s.strip_prefix(&root).ok().map(|r| r.to_string_lossy().replace('\\', "/")));
        let module = rel.and_then(|r| generated.iter().find(|(s, _)| *s == r).map(|(_, m)| m.clone()));
        let skip = |note: &str| Speed {
            tool: format!("xsd-parser {VERSION}"),
            instance: instance.clone(),
            bytes,
            read_mb_s: None,
            write_mb_s: None,
            note: note.into(),
        };
        let Some(module) = module else {
            results.push(skip("schema not generated"));
            continue;
        };
        if failing.contains(&module) {
            results.push(skip("module does not compile"));
            continue;
        }
        let text = std::fs::read_to_string(out.join("src").join(format!("{module}.rs")))?;
        let xml = String::from_utf8_lossy(&std::fs::read(&c.instance)?).into_owned();
        let Some(element) = root_name(&xml) else {
            results.push(skip("no root element"));
            continue;
        };
        let Some(ty) = root_type(&text, &element) else {
            results.push(skip(&format!("no type for root element {element}")));
            continue;
        };
        std::fs::write(work.join("src").join(format!("{module}.rs")), &text)?;
        timed.push((module, ty, c.instance.clone(), element));
    }
    if timed.is_empty() {
        return Ok(results);
    }
    std::fs::write(work.join("Cargo.toml"), MANIFEST.replace("xsd-parser-corpus", "xsd-parser-speed"))?;
    let mut decls = String::new();
    let mut arms = String::new();
    let mut declared = BTreeSet::new();
    for (i, (m, ty, _, element)) in timed.iter().enumerate() {
        if declared.insert(m.clone()) {
            writeln!(decls, "#[allow(warnings)]\nmod {m};")?;
        }
        writeln!(arms, "        {i} => time::<{m}::{ty}>(&text, {element:?}),")?;
    }
    let main = SPEED_MAIN.replace("PER_CALL\n", altinn_harness::speed::PER_CALL).replace("ARMS", &arms);
    std::fs::write(work.join("src/main.rs"), format!("{decls}\n{main}"))?;
    let mut cmd = cargo();
    cmd.args(["run", "--release", "--quiet", "--target-dir"])
        .arg(o.root.join("target/bench/xsd-parser-target"))
        .arg("--")
        .current_dir(&work);
    for (_, _, instance, _) in &timed {
        cmd.arg(instance);
    }
    let m = measure(&mut cmd)?;
    let lines: Vec<&str> = m.stdout.lines().collect();
    for (i, (_, _, instance, _)) in timed.iter().enumerate() {
        let name = instance.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::metadata(instance)?.len();
        let f: Vec<&str> = lines.get(i).map(|l| l.split('\t').collect()).unwrap_or_default();
        let speed = match (f.first(), f.get(1), f.get(2)) {
            (Some(&"ok"), Some(r), Some(w)) => Speed {
                tool: format!("xsd-parser {VERSION}"),
                instance: name,
                bytes,
                read_mb_s: r.parse().ok(),
                write_mb_s: w.parse().ok(),
                note: String::new(),
            },
            _ => Speed {
                tool: format!("xsd-parser {VERSION}"),
                instance: name,
                bytes,
                read_mb_s: None,
                write_mb_s: None,
                note: format!(
                    "does not read the instance: {}",
                    lines.get(i).copied().unwrap_or("no answer").chars().take(160).collect::<String>()
                ),
            },
        };
        results.push(speed);
    }
    if !m.success && lines.is_empty() {
        bail!("the xsd-parser timing program failed:\n{}", super::measure::tail(&m.stderr, 30));
    }
    Ok(results)
}

const SPEED_MAIN: &str = r#"use std::hint::black_box;
use std::time::{Duration, Instant};

PER_CALL

fn time<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str, root: &str) -> String {
    let value: T = match quick_xml::de::from_str(text) {
        Ok(v) => v,
        Err(e) => return format!("error\t{e}").replace('\n', " "),
    };
    if let Err(e) = quick_xml::se::to_string_with_root(root, &value) {
        return format!("error\twrite: {e}").replace('\n', " ");
    }
    let mb = text.len() as f64 / 1e6;
    let read = per_call(|| {
        black_box(quick_xml::de::from_str::<T>(black_box(text)).unwrap());
    });
    let write = per_call(|| {
        black_box(quick_xml::se::to_string_with_root(root, black_box(&value)).unwrap());
    });
    format!("ok\t{:.3}\t{:.3}", mb / read, mb / write)
}

fn main() {
    for (i, path) in std::env::args().skip(1).enumerate() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("instance")).into_owned();
        let line = match i {
ARMS        _ => unreachable!(),
        };
        println!("{line}");
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timing_program_uses_the_shared_timing_function() {
        let main = SPEED_MAIN.replace("PER_CALL\n", altinn_harness::speed::PER_CALL);
        assert_eq!(main.matches("fn per_call(").count(), 1, "{main}");
        assert!(main.contains(altinn_harness::speed::PER_CALL));
    }

    #[test]
    fn finds_the_root_element_and_its_type() {
        assert_eq!(
            root_name("<?xml version=\"1.0\"?>\n<!-- c --><ns:Melding xmlns:ns=\"u\"><a/></ns:Melding>").as_deref(),
            Some("Melding")
        );
        let text = "pub type Melding = MeldingType; pub struct MeldingType { } pub struct Other {}";
        assert_eq!(root_type(text, "Melding").as_deref(), Some("Melding"));
        assert_eq!(root_type("pub struct MvaMeldingDtoType {}", "mvaMeldingDto").as_deref(), Some("MvaMeldingDtoType"));
        assert_eq!(root_type("pub struct X {}", "Melding"), None);
    }
}

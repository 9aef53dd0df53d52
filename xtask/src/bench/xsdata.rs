//! xsdata (Python) in a virtual environment under `target/bench/venv`, through
//! `bench/xsdata/driver.py`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use altinn_harness::process::Limits;

use super::measure::{measure_ok, measure_within};
use super::{BenchOptions, Build, Speed};

/// The pinned version installed from the package index.
pub const VERSION: &str = "26.10";

fn venv_dir(root: &Path) -> PathBuf {
    root.join("target/bench/venv")
}

/// The virtual environment's Python, created and filled on first use.
pub fn venv(root: &Path) -> Result<PathBuf> {
    let dir = venv_dir(root);
    let py = dir.join("bin/python");
    let installed =
        measure_within(Command::new(&py).args(["-c", "import xsdata, importlib.metadata as m; print(m.version('xsdata'))"]), Limits::PROBE)
            .is_ok_and(|m| m.stdout.trim() == VERSION);
    if !installed {
        measure_ok(Command::new("python3").args(["-m", "venv"]).arg(&dir))
            .context("cannot create a Python virtual environment (python3 -m venv)")?;
        measure_ok(Command::new(&py).args(["-m", "pip", "install", "--quiet", &format!("xsdata[cli,lxml]=={VERSION}")]))
            .context("cannot install xsdata from the package index")?;
    }
    Ok(py)
}

/// `python driver.py` with the environment's `bin` first on PATH (xsdata runs `ruff` from there).
pub fn command(root: &Path, py: &Path) -> Command {
    let mut c = Command::new(py);
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![venv_dir(root).join("bin")];
    dirs.extend(std::env::split_paths(&path));
    c.env("PATH", std::env::join_paths(dirs).unwrap_or(path));
    c.arg(root.join("bench/xsdata/driver.py"));
    c
}

/// The Python version of the environment.
pub fn python_version(root: &Path) -> String {
    measure_within(Command::new(venv_dir(root).join("bin/python")).arg("-V"), Limits::PROBE)
        .map(|m| m.stdout.trim().trim_start_matches("Python ").to_string())
        .unwrap_or_default()
}

/// (schema, module) of every schema xsdata generated.
pub fn generated_modules(out: &Path) -> Result<Vec<(String, String)>> {
    super::xsd_parser::generated_modules(out)
}

/// Imports every generated package in one process.
pub fn import(o: &BenchOptions, py: &Path, out: &Path) -> Result<Build> {
    let m = measure_ok(command(&o.root, py).arg("import").arg(out))?;
    // "imported OK of N in S s"
    let words: Vec<&str> = m.stdout.split_whitespace().collect();
    let ok = words.get(1).and_then(|w| w.parse().ok());
    let of = words.get(3).copied().unwrap_or("?");
    Ok(Build {
        tool: format!("xsdata {VERSION}"),
        compiled: ok,
        clean: vec![m.clone()],
        incremental: None,
        note: format!("Python: imported {} of {of} packages (the \"clean build\" is the import of all)", ok.unwrap_or(0)),
    })
}

/// Read and write MB/s of xsdata's classes (its lxml-free default parser and serializer).
pub fn speed(
    o: &BenchOptions,
    py: &Path,
    out: &Path,
    generated: &[(String, String)],
    cases: &[altinn_harness::speed::SpeedCase],
) -> Result<Vec<Speed>> {
    let root = o.xsd_root.canonicalize()?;
    let mut cmd = command(&o.root, py);
    cmd.arg("speed").arg(out).arg("9");
    let mut results = Vec::new();
    let mut asked = Vec::new();
    for c in cases {
        let instance = c.instance.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::metadata(&c.instance)?.len();
        let rel = c.schema.canonicalize().ok().and_then(|s| s.strip_prefix(&root).ok().map(|r| r.to_string_lossy().replace('\\', "/")));
        match rel.and_then(|r| generated.iter().find(|(s, _)| *s == r).map(|(_, m)| m.clone())) {
            Some(m) => {
                cmd.arg(m).arg(&c.instance);
                asked.push((instance, bytes));
            }
            None => results.push(Speed {
                tool: format!("xsdata {VERSION}"),
                instance,
                bytes,
                read_mb_s: None,
                write_mb_s: None,
                note: "schema not generated".into(),
            }),
        }
    }
    if asked.is_empty() {
        return Ok(results);
    }
    // A timing program past its limit answers for the instances it finished.
    let m = measure_within(&mut cmd, Limits::PROGRAM)?;
    let lines: Vec<&str> = m.stdout.lines().collect();
    for (i, (instance, bytes)) in asked.into_iter().enumerate() {
        let f: Vec<&str> = lines.get(i).map(|l| l.split('\t').collect()).unwrap_or_default();
        let (read, write) = (f.get(2).and_then(|v| v.parse().ok()), f.get(3).and_then(|v| v.parse().ok()));
        let note = match (read, f.get(2)) {
            (Some(_), _) => String::new(),
            (None, Some(why)) => why.to_string(),
            (None, None) if m.timed_out => format!("the timing program timed out after {:.0} s", m.seconds),
            (None, None) => "no answer".to_string(),
        };
        results.push(Speed { tool: format!("xsdata {VERSION}"), instance, bytes, read_mb_s: read, write_mb_s: write, note });
    }
    Ok(results)
}

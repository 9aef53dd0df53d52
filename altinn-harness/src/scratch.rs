//! The one scratch-crate helper: the throwaway crates the harness generates into, builds and runs
//! (the corpus crate, the OpenAPI corpus crate, the speed crate), and the programs put into them.
//!
//! The programs are real Rust files under `altinn-harness/templates/`, filled in per run by
//! [`fill`]: a line ending in `// @each module` is written once per module with `MODULE`
//! replaced by the module's name (consecutive such lines repeat together), and a line
//! `// @insert NAME` is replaced by the text given for `NAME`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

/// The corpus crate's round-trip program (`src/bin/corpus_roundtrip.rs`); see [`pairs_program`].
pub const XML_ROUNDTRIP: &str = include_str!("../templates/xml_roundtrip.rs");
/// The corpus crate's JSON round-trip program (`src/bin/corpus_json.rs`); see [`pairs_program`].
pub const JSON_ROUNDTRIP: &str = include_str!("../templates/json_roundtrip.rs");
/// The `main` (and `clean`) both round-trip programs end with: one result line per
/// `module<TAB>input<TAB>output` line of standard input.
pub const PAIRS_MAIN: &str = include_str!("../templates/pairs_main.rs");
/// The speed crate's timing program (`src/main.rs`); `// @insert per_call` takes [`PER_CALL`].
pub const SPEED: &str = include_str!("../templates/speed.rs");
/// The timing function the speed programs share (`per_call`).
pub const PER_CALL: &str = include_str!("../templates/per_call.rs");

const EACH: &str = "// @each module";
const INSERT: &str = "// @insert ";

/// A template with its modules and inserts filled in (see the module documentation).
///
/// # Panics
/// When the template asks for an insert that is not given: templates are ours, so that is a bug.
pub fn fill(template: &str, modules: &[String], inserts: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut block: Vec<&str> = Vec::new();
    let flush = |block: &mut Vec<&str>, out: &mut String| {
        for m in modules {
            for line in block.iter() {
                out.push_str(&line.replace("MODULE", m));
                out.push('\n');
            }
        }
        block.clear();
    };
    for line in template.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if let Some(each) = bare.strip_suffix(EACH) {
            block.push(each.trim_end());
            continue;
        }
        flush(&mut block, &mut out);
        match bare.trim().strip_prefix(INSERT) {
            Some(name) => {
                let (_, text) = inserts.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no text for `{INSERT}{name}`"));
                out.push_str(text);
            }
            None => out.push_str(line),
        }
    }
    flush(&mut block, &mut out);
    out
}

/// A program over the corpus crate's pairs ([`XML_ROUNDTRIP`], [`JSON_ROUNDTRIP`]) for `modules`,
/// ending with [`PAIRS_MAIN`].
pub fn pairs_program(template: &str, modules: &[String]) -> String {
    fill(template, modules, &[("main", &fill(PAIRS_MAIN, modules, &[]))])
}

/// A scratch crate: its folder, the lock file that pins its dependencies (when there is one) and
/// the target folder it builds into.
#[derive(Debug, Clone, Copy)]
pub struct Scratch<'a> {
    /// The crate's folder.
    pub dir: &'a Path,
    /// A `Cargo.lock` to copy in; cargo then runs `--offline`.
    pub lockfile: Option<&'a Path>,
    /// `--target-dir`, when set.
    pub target_dir: Option<&'a Path>,
}

impl Scratch<'_> {
    /// Writes `Cargo.toml`: package `name` (edition 2024, unpublished) depending on the runtime
    /// crate at `runtime` and on `dependencies` (TOML lines), then `sections` (whole TOML
    /// sections, each ending in a blank line), in a workspace of its own; and copies the lock
    /// file in when it exists.
    pub fn write_manifest(&self, name: &str, runtime: &Path, dependencies: &str, sections: &str) -> Result<()> {
        let runtime = runtime.canonicalize().unwrap_or_else(|_| runtime.to_path_buf());
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\naltinn-runtime = {{ path = {:?} }}\n{dependencies}\n{sections}[workspace]\n",
            runtime.display().to_string()
        );
        std::fs::write(self.dir.join("Cargo.toml"), manifest).with_context(|| format!("cannot write {}/Cargo.toml", self.dir.display()))?;
        if let Some(lock) = self.lockfile.filter(|l| l.is_file()) {
            std::fs::copy(lock, self.dir.join("Cargo.lock")).with_context(|| format!("cannot copy {}", lock.display()))?;
        }
        Ok(())
    }

    /// `cargo ARGS` in the crate (the `CARGO` that runs us, else `cargo`), offline when a lock
    /// file pins the dependencies, into the target folder when set.
    pub fn cargo(&self, args: &[&str]) -> Command {
        self.command(args, self.lockfile.is_some())
    }

    /// [`Scratch::cargo`], always offline (the crate was built by an earlier call).
    pub fn cargo_offline(&self, args: &[&str]) -> Command {
        self.command(args, true)
    }

    fn command(&self, args: &[&str], offline: bool) -> Command {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args(args).current_dir(self.dir);
        if offline {
            cmd.arg("--offline");
        }
        if let Some(t) = self.target_dir {
            cmd.arg("--target-dir").arg(t);
        }
        cmd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules() -> Vec<String> {
        vec!["a_b".to_string(), "c".to_string()]
    }

    #[test]
    fn each_module_lines_repeat_together_and_inserts_replace_their_line() {
        let t = "head\n#[allow(x)] // @each module\nmod MODULE; // @each module\n\n  // @insert body\ntail \"MODULE\" => 1, // @each module\nend\n";
        let got = fill(t, &modules(), &[("body", "fn body() {}\n")]);
        assert_eq!(got, "head\n#[allow(x)]\nmod a_b;\n#[allow(x)]\nmod c;\n\nfn body() {}\ntail \"a_b\" => 1,\ntail \"c\" => 1,\nend\n");
    }

    /// The programs as the scratch crates get them: every placeholder filled, nothing left of
    /// the template's stand-in module name.
    #[test]
    fn the_programs_are_filled_completely() {
        let programs = [
            pairs_program(XML_ROUNDTRIP, &modules()),
            pairs_program(JSON_ROUNDTRIP, &modules()),
            fill(SPEED, &modules(), &[("per_call", PER_CALL)]),
        ];
        for got in programs {
            assert!(!got.contains("MODULE") && !got.contains("// @"), "{got}");
            assert!(got.contains("\"a_b\" =>") && got.contains("\"c\" =>"), "{got}");
            assert!(got.contains("fn main() {"), "{got}");
        }
        assert!(fill(SPEED, &modules(), &[("per_call", PER_CALL)]).contains("mod a_b;\n#[allow(dead_code, missing_docs)]\nmod c;\n"));
    }

    #[test]
    fn commands_are_offline_with_a_lock_and_use_the_target_folder() {
        let dir = Path::new("/tmp/scratch");
        let locked = Scratch { dir, lockfile: Some(Path::new("Cargo.lock")), target_dir: Some(Path::new("/tmp/t")) };
        let args = |c: Command| c.get_args().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>();
        assert_eq!(args(locked.cargo(&["build", "--quiet"])), ["build", "--quiet", "--offline", "--target-dir", "/tmp/t"]);
        let unlocked = Scratch { dir, lockfile: None, target_dir: None };
        assert_eq!(args(unlocked.cargo(&["build"])), ["build"]);
        assert_eq!(args(unlocked.cargo_offline(&["run"])), ["run", "--offline"]);
        assert_eq!(unlocked.cargo(&["build"]).get_current_dir(), Some(dir));
    }
}

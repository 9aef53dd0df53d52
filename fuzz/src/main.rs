//! `altinn-fuzz TARGET --seconds N [--seed S] [--corpus DIR]`: a mutation fuzzer on stable Rust.
//!
//! The toolchain here has no nightly, so `cargo fuzz` (libFuzzer, which needs sanitizer flags)
//! is out; AFL++ would need its own compiler wrapper installed on every machine. This is the
//! plain alternative that runs anywhere `cargo` does: seeds from the real corpus, byte-level
//! mutations (flips, random bytes, inserted and deleted ranges, duplicated ranges, splices from
//! other seeds, XML/JSON tokens, deep nesting), each input run under `catch_unwind`. Before each
//! run the input is written to `target/fuzz/<target>/current`, so an abort that cannot be caught
//! (a stack overflow) leaves the input behind for `cargo xtask fuzz` to report; a panic is saved
//! under `crashes/` and the run goes on. No coverage feedback: it finds crashes by volume.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod targets;

/// A small, fast PRNG (xorshift64*), seeded per run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"&",
    b"&amp;",
    b"&#",
    b"&lol;",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE x [<!ENTITY a \"b\">]>",
    b"xmlns:",
    b"xsi:nil=\"true\"",
    b"xsi:type=\"x\"",
    b"\"",
    b"'",
    b"=",
    b":",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\xC3",
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b"1e999",
    b"-0",
    b"\"$ref\": \"#/components/schemas/a\"",
    b"<xs:element name=\"a\" type=\"a\"/>",
    b"<xs:complexType name=\"a\"><xs:sequence><xs:element ref=\"a\"/></xs:sequence></xs:complexType>",
    b"maxOccurs=\"4294967296\"",
    b"minOccurs=\"-1\"",
    b"<xs:include schemaLocation=\"self.xsd\"/>",
    b"9999999999999999999999",
    b"2024-02-30",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
            3 if len > 1 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                input.drain(a..b);
            }
            4 if len > 1 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(256)).min(len);
                let piece = input[a..b].to_vec();
                let at = rng.below(len + 1);
                input.splice(at..at, piece);
            }
            5 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(512)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[a..b].iter().copied());
                }
            }
            6 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, t.iter().copied());
            }
            7 => {
                // Deep nesting of whatever element name is near.
                let depth = 1 + rng.below(5000);
                let at = rng.below(len + 1);
                let open: Vec<u8> = b"<d>".repeat(depth);
                input.splice(at..at, open);
            }
            _ => {
                if len > 4 {
                    input.truncate(rng.below(len));
                }
            }
        }
        if input.len() > 1 << 20 {
            input.truncate(1 << 20);
        }
    }
}

fn seeds_under(dir: &Path, exts: &[&str], out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            seeds_under(&p, exts, out);
        } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| exts.contains(&x))
            && let Ok(b) = std::fs::read(&p)
            && b.len() < 512 * 1024
        {
            out.push(b);
        }
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first().filter(|a| !a.starts_with('-')).cloned() else {
        println!("usage: altinn-fuzz TARGET --seconds N [--seed S] [--shared DIR] [--out DIR]\ntargets: {}", targets::NAMES.join(", "));
        return std::process::ExitCode::from(2);
    };
    let Some(target) = targets::by_name(&name) else {
        eprintln!("altinn-fuzz: no target `{name}` (targets: {})", targets::NAMES.join(", "));
        return std::process::ExitCode::from(2);
    };
    let seconds: u64 = arg(&args, "--seconds").and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = arg(&args, "--seed").and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15);
    let shared = PathBuf::from(arg(&args, "--shared").unwrap_or_else(|| "../shared".into()));
    let out = PathBuf::from(arg(&args, "--out").unwrap_or_else(|| "target/fuzz".into())).join(&name);
    let crashes = out.join("crashes");
    std::fs::create_dir_all(&crashes).expect("the fuzz folder");
    let work = out.join("work");
    std::fs::create_dir_all(&work).expect("the work folder");

    let mut seeds = Vec::new();
    for (dir, exts) in target.seeds {
        seeds_under(&shared.join(dir), exts, &mut seeds);
    }
    seeds.extend(target.builtin_seeds.iter().map(|s| s.to_vec()));
    // Panics are expected and counted; keep their messages off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut execs, mut found) = (0u64, 0u64);
    let current = out.join("current");
    while Instant::now() < deadline {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input, &seeds);
        let _ = std::fs::write(&current, &input);
        let run = target.run;
        let w = work.clone();
        if std::panic::catch_unwind(move || run(&input, &w)).is_err() {
            found += 1;
            let bytes = std::fs::read(&current).unwrap_or_default();
            let digest = {
                use sha2::Digest;
                hex::encode(sha2::Sha256::digest(&bytes))
            };
            let _ = std::fs::write(crashes.join(&digest[..16]), &bytes);
        }
        execs += 1;
    }
    let _ = std::fs::remove_file(&current);
    println!("fuzz {name}: {execs} executions in {seconds} s, {found} crashes (seeds: {}; crashes in {})", seeds.len(), crashes.display());
    if found > 0 { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}

//! Runs xsd-parser 1.5.2 (serde + quick-xml mode) over every `.xsd` under a folder, one module
//! per schema, the way its own examples configure it; writes `<out>/src/<module>.rs`, a `lib.rs`
//! and a `generate.tsv` (schema, module, ok, seconds, error).
//!
//! usage: xsd-parser-driver <xsd-root> <out> [--pretty]
//! `--pretty` prints each module with prettyplease (as our regen does); without it the tokens
//! are written with `to_string()`, as xsd-parser's own examples do.

use std::path::{Path, PathBuf};
use std::time::Instant;

use xsd_parser::config::{GeneratorFlags, InterpreterFlags, OptimizerFlags, ParserFlags, Resolver, Schema};
use xsd_parser::{Config, generate};

fn find(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable folder").map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            find(&p, out);
        } else if p.extension().is_some_and(|x| x == "xsd") {
            out.push(p);
        }
    }
}

fn module_name(rel: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let m: String = rel
        .trim_end_matches(".xsd")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    // Repeated underscores folded, as xsdata folds them in package names: the same module names
    // for both tools.
    let mut m = m;
    while m.contains("__") {
        m = m.replace("__", "_");
    }
    let mut m = m.trim_matches('_').to_string();
    if m.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        m.insert_str(0, "m_");
    }
    let base = m.clone();
    let mut n = 2;
    while !taken.insert(m.clone()) {
        m = format!("{base}_{n}");
        n += 1;
    }
    m
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: xsd-parser-driver <xsd-root> <out> [--pretty]");
        std::process::exit(2);
    }
    let root = std::fs::canonicalize(&args[1]).expect("xsd root exists");
    let out = PathBuf::from(&args[2]);
    let pretty = args.iter().any(|a| a == "--pretty");
    let src = out.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();
    let mut files = Vec::new();
    find(&root, &mut files);
    let mut taken = std::collections::BTreeSet::new();
    let mut tsv = String::from("schema\tmodule\tok\tseconds\terror\n");
    let mut lib = String::from("#![allow(warnings, clippy::all)]\n");
    let started = Instant::now();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let module = module_name(&rel, &mut taken);
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| {
            let mut config = Config::default();
            config.parser.resolver = vec![Resolver::File];
            config.parser.flags = ParserFlags::all();
            config.parser.schemas = vec![Schema::File(f.clone())];
            config.interpreter.flags = InterpreterFlags::all();
            config.optimizer.flags = OptimizerFlags::all() - OptimizerFlags::REMOVE_DUPLICATES;
            // Everything but the mixed, nillable and xs:any support types, which have no serde
            // implementations in xsd-parser-types 0.2.1 (with them, 64 modules fail to compile).
            config.generator.flags = GeneratorFlags::all()
                - GeneratorFlags::MIXED_TYPE_SUPPORT
                - GeneratorFlags::NILLABLE_TYPE_SUPPORT
                - GeneratorFlags::ANY_TYPE_SUPPORT;
            let config = config.with_serde_quick_xml();
            generate(config).map_err(|e| format!("{e}"))
        });
        let (ok, error) = match result {
            Ok(Ok(tokens)) => {
                let text = if pretty {
                    match syn::parse2::<syn::File>(tokens.clone()) {
                        Ok(file) => prettyplease::unparse(&file),
                        Err(_) => tokens.to_string(),
                    }
                } else {
                    tokens.to_string()
                };
                std::fs::write(src.join(format!("{module}.rs")), text).unwrap();
                lib.push_str(&format!("pub mod {module};\n"));
                (true, String::new())
            }
            Ok(Err(e)) => (false, e),
            Err(p) => (false, format!("panic: {}", p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default())),
        };
        let error = error.replace(['\t', '\n'], " ");
        tsv.push_str(&format!("{rel}\t{module}\t{ok}\t{:.6}\t{error}\n", t.elapsed().as_secs_f64()));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    std::fs::write(out.join("generate.tsv"), tsv).unwrap();
    eprintln!("xsd-parser-driver: {} schemas in {:.3} s", files.len(), started.elapsed().as_secs_f64());
}

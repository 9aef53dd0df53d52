//! Round-trip checks for the corpus harness: for each schema/instance pair, read the instance with
//! the generated `Document`, write it back, and check that (1) xmllint accepts what we wrote
//! whenever it accepts the original, (2) reading what we wrote gives an equal value, and (3) the
//! written XML carries the same data as the original.
//!
//! Check (3) compares the two documents as trees: the same elements in the same order with the
//! same namespaces (by URI), the same attributes (namespace declarations aside; fixed attributes
//! the schema declares may be added), the same text (whitespace-trimmed: every simple type but
//! `xs:string` collapses it, and layout whitespace between elements is not data), and `xsi:nil`
//! where it was (by value: `1` is `true`). Attribute values compare whitespace-collapsed too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::process::{Limits, Outcome, TimedOut, run_limited};

use altinn_codegen::parse::{decode, xml_tree};

/// One row of a pairs file.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Schema path, absolute.
    pub schema: PathBuf,
    /// Instance path, absolute.
    pub instance: PathBuf,
    /// The `expected` column (`valid`/`invalid`), when present.
    pub expected: Option<String>,
    /// The `xmllint` column (libxml2's recorded verdict), when present.
    pub xmllint: Option<String>,
}

/// Reads a pairs TSV (header with `schema` and `instance` columns; paths relative to its folder).
pub fn read_pairs(file: &Path) -> anyhow::Result<Vec<Pair>> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(s), Some(i)) = (col("schema"), col("instance")) else {
        anyhow::bail!("{}:1: the header needs `schema` and `instance` columns", file.display());
    };
    let (e, x) = (col("expected"), col("xmllint"));
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let get = |k: usize| cols.get(k).copied().ok_or_else(|| anyhow::anyhow!("{}:{}: too few columns", file.display(), n + 2));
        out.push(Pair {
            schema: dir.join(get(s)?),
            instance: dir.join(get(i)?),
            expected: e.and_then(|k| cols.get(k)).map(|v| v.trim().to_string()),
            xmllint: x.and_then(|k| cols.get(k)).map(|v| v.trim().to_string()),
        });
    }
    Ok(out)
}

/// What `xmllint --schema` said of an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    /// It validates.
    Valid,
    /// It does not (or xmllint could not run): xmllint's first error line.
    Invalid(String),
    /// xmllint passed its time limit (this one) and was killed.
    TimedOut(Duration),
}

/// The `xmllint` program and the time one call of it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xmllint {
    /// The program (`xmllint`, found on `PATH`).
    pub program: PathBuf,
    /// The time limit of one call.
    pub limit: Duration,
}

impl Default for Xmllint {
    fn default() -> Self {
        Xmllint { program: PathBuf::from("xmllint"), limit: Limits::XMLLINT }
    }
}

impl Xmllint {
    /// Whether the program runs (`--version` succeeds within [`Limits::PROBE`]).
    pub fn available(&self) -> bool {
        let out = run_limited(Command::new(&self.program).arg("--version"), Limits::PROBE);
        out.ok().and_then(Outcome::finished).is_some_and(|o| o.status.success())
    }

    /// `xmllint --noout --schema SCHEMA INSTANCE` under the limit, with an XML catalogue
    /// (`XML_CATALOG_FILES`) for imports found by namespace when given.
    fn call(&self, schema: &Path, instance: &Path, catalog: Option<&Path>) -> std::io::Result<Outcome> {
        let mut cmd = Command::new(&self.program);
        if let Some(c) = catalog {
            cmd.env("XML_CATALOG_FILES", c);
        }
        cmd.arg("--noout").arg("--schema").arg(schema).arg(instance);
        run_limited(&mut cmd, self.limit)
    }

    /// Whether `instance` is valid against `schema`, with an XML catalogue when given.
    pub fn judge(&self, schema: &Path, instance: &Path, catalog: Option<&Path>) -> Judged {
        match self.call(schema, instance, catalog) {
            Err(e) => Judged::Invalid(format!("cannot run {}: {e}", self.program.display())),
            Ok(Outcome::TimedOut { .. }) => Judged::TimedOut(self.limit),
            Ok(Outcome::Finished(f)) if f.output.status.success() => Judged::Valid,
            Ok(Outcome::Finished(f)) => {
                let stderr = String::from_utf8_lossy(&f.output.stderr);
                Judged::Invalid(stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("invalid").to_string())
            }
        }
    }

    /// [`Xmllint::judge`] for a document we wrote ourselves (a sample instance): a namespace
    /// warning xmllint gives about the document counts as a failure, unless `inherent` says its
    /// URI is one no valid document can avoid (a namespace the schema itself declares its names
    /// in). The message is the document's first validity error, not a warning printed before
    /// it (or, when there is none, the first line: why the schema did not load).
    pub fn judge_written(&self, schema: &Path, instance: &Path, catalog: Option<&Path>, inherent: &dyn Fn(&str) -> bool) -> Judged {
        match self.call(schema, instance, catalog) {
            Err(e) => Judged::Invalid(format!("cannot run {}: {e}", self.program.display())),
            Ok(Outcome::TimedOut { .. }) => Judged::TimedOut(self.limit),
            Ok(Outcome::Finished(f)) => {
                let stderr = String::from_utf8_lossy(&f.output.stderr);
                written_verdict(f.output.status.success(), &stderr, &instance.display().to_string(), inherent)
            }
        }
    }

    /// Whether libxml2 fails to compile `schema` itself (so no instance can pass): checked with
    /// a throwaway empty instance, whose own error is not about the schema. `None` when xmllint
    /// timed out; `Some(false)` when it could not be asked.
    pub fn rejects_schema(&self, schema: &Path, catalog: Option<&Path>) -> Option<bool> {
        let Ok(dir) = tempfile::tempdir() else { return Some(false) };
        let probe = dir.path().join("probe.xml");
        if std::fs::write(&probe, "<probe/>").is_err() {
            return Some(false);
        }
        match self.call(schema, &probe, catalog) {
            Ok(Outcome::Finished(f)) => Some(String::from_utf8_lossy(&f.output.stderr).contains("failed to compile")),
            Ok(Outcome::TimedOut { .. }) => None,
            Err(_) => Some(false),
        }
    }
}

/// The verdict on a document we wrote from xmllint's exit status and messages (see
/// [`Xmllint::judge_written`]); `instance` is the document's path as xmllint prints it.
pub fn written_verdict(success: bool, stderr: &str, instance: &str, inherent: &dyn Fn(&str) -> bool) -> Judged {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    if !success {
        // The document's first validity error; else (the schema did not load, the document is
        // not well-formed) the first line.
        let validity = |l: &&&str| l.starts_with(instance) && l.contains("Schemas validity error");
        let first = lines.iter().find(validity).or(lines.first()).copied().unwrap_or("invalid");
        return Judged::Invalid(first.to_string());
    }
    // libxml2: "FILE:LINE: namespace warning : xmlns: URI foo is not absolute" (then the line
    // and a caret).
    let avoidable = lines.iter().find(|l| {
        let Some(rest) = l.strip_prefix(instance).filter(|r| r.starts_with(':')) else { return false };
        if !rest.contains("namespace warning") {
            return false;
        }
        let uri = rest.split_once(" URI ").and_then(|(_, u)| u.split_once(" is not")).map(|(u, _)| u);
        !uri.is_some_and(inherent)
    });
    match avoidable {
        Some(w) => Judged::Invalid(format!("{w} (a namespace the schema does not declare: the sample could avoid the warning)")),
        None => Judged::Valid,
    }
}

/// Whether `xmllint` can be run.
pub fn xmllint_available() -> bool {
    Xmllint::default().available()
}

/// `xmllint --noout --schema` verdict (within [`Limits::XMLLINT`]): `Ok(())` when valid, else
/// its first error line or the time-out.
pub fn xmllint(schema: &Path, instance: &Path) -> Result<(), String> {
    xmllint_with(schema, instance, None)
}

/// [`xmllint`] with an XML catalogue (`XML_CATALOG_FILES`) for imports found by namespace.
pub fn xmllint_with(schema: &Path, instance: &Path, catalog: Option<&Path>) -> Result<(), String> {
    let x = Xmllint::default();
    match x.judge(schema, instance, catalog) {
        Judged::Valid => Ok(()),
        Judged::Invalid(e) => Err(e),
        Judged::TimedOut(after) => Err(TimedOut { what: "xmllint".into(), after }.to_string()),
    }
}

/// Compares two documents' data; `None` when equal, else where they first differ.
pub fn data_difference(original: &[u8], written: &[u8], fixed_attributes: &[(String, String)]) -> Option<String> {
    let parse = |b: &[u8], what: &str| -> Result<xml_tree::Element, String> {
        let (text, _) = decode::decode(b).map_err(|e| format!("{what}: {e}"))?;
        xml_tree::parse(&text).map_err(|e| format!("{what}: line {}: {}", e.line, e.message))
    };
    let a = match parse(original, "original") {
        Ok(a) => a,
        Err(e) => return Some(e),
    };
    let b = match parse(written, "written") {
        Ok(b) => b,
        Err(e) => return Some(e),
    };
    compare(&a, &b, &format!("/{}", a.name.local), fixed_attributes)
}

fn compare(a: &xml_tree::Element, b: &xml_tree::Element, path: &str, fixed: &[(String, String)]) -> Option<String> {
    if a.name != b.name {
        return Some(format!("{path}: element {} became {}", a.name, b.name));
    }
    // Schema-location hints tell a validator where schemas are; they are not data.
    let hint = |n: &xml_tree::QName| {
        n.ns.as_deref() == Some(altinn_codegen::parse::xsd::XSI)
            && matches!(n.local.as_str(), "schemaLocation" | "noNamespaceSchemaLocation")
    };
    // Values compare as text does (whitespace collapsed: list types allow it, and our writer
    // never changes strings); `xsi:nil` is a boolean, so `1` and `true` are the same value.
    let value = |n: &xml_tree::QName, v: &str| {
        let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
        match (n.ns.as_deref() == Some(altinn_codegen::parse::xsd::XSI) && n.local == "nil", v.as_str()) {
            (true, "1") => "true".to_string(),
            (true, "0") => "false".to_string(),
            _ => v,
        }
    };
    let mut attrs_a: Vec<_> = a.attributes.iter().filter(|(n, _)| !hint(n)).map(|(n, v)| (n, value(n, v))).collect();
    let mut attrs_b: Vec<_> = b
        .attributes
        .iter()
        .filter(|(n, _)| !hint(n))
        .filter(|(n, v)| {
            // A fixed attribute the original left out may be written.
            a.attributes.iter().any(|(m, _)| m == n) || !fixed.iter().any(|(fname, fval)| *fname == n.local && fval == v)
        })
        .map(|(n, v)| (n, value(n, v)))
        .collect();
    attrs_a.sort();
    attrs_b.sort();
    if attrs_a != attrs_b {
        return Some(format!("{path}: attributes {attrs_a:?} became {attrs_b:?}"));
    }
    // List types collapse inner whitespace too; our writer never changes strings, so comparing
    // collapsed text hides nothing it could do wrong.
    let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    if a.children.is_empty() && b.children.is_empty() {
        if a.text.trim() != b.text.trim() && collapse(&a.text) != collapse(&b.text) {
            return Some(format!("{path}: text {:?} became {:?}", a.text, b.text));
        }
    } else if a.text.trim() != b.text.trim() {
        return Some(format!("{path}: mixed text {:?} became {:?}", a.text.trim(), b.text.trim()));
    }
    if a.children.len() != b.children.len() {
        let names = |e: &xml_tree::Element| e.children.iter().map(|c| c.name.local.clone()).collect::<Vec<_>>();
        return Some(format!("{path}: children {:?} became {:?}", names(a), names(b)));
    }
    for (i, (ca, cb)) in a.children.iter().zip(&b.children).enumerate() {
        if let Some(d) = compare(ca, cb, &format!("{path}/{}[{}]", ca.name.local, i + 1), fixed) {
            return Some(d);
        }
    }
    None
}

/// The fixed attributes a schema file declares (name, value), for [`data_difference`].
pub fn fixed_attributes(schema: &Path) -> Vec<(String, String)> {
    let Ok(bytes) = std::fs::read(schema) else { return Vec::new() };
    let Ok((text, _)) = decode::decode(&bytes) else { return Vec::new() };
    let Ok(root) = xml_tree::parse(&text) else { return Vec::new() };
    let mut out = Vec::new();
    fn walk(e: &xml_tree::Element, out: &mut Vec<(String, String)>) {
        if e.name.local == "attribute"
            && e.name.ns.as_deref() == Some(altinn_codegen::parse::xsd::XS)
            && let (Some(n), Some(f)) = (e.attr("name").or(e.attr("ref").map(|r| r.rsplit(':').next().unwrap_or(r))), e.attr("fixed"))
        {
            out.push((n.to_string(), f.to_string()));
        }
        for c in &e.children {
            if c.name.local != "annotation" {
                walk(c, out);
            }
        }
    }
    walk(&root, &mut out);
    out.sort();
    out.dedup();
    out
}

/// The source of the corpus crate's round-trip program: reads `module<TAB>input<TAB>output`
/// lines on standard input and prints one result line per pair:
/// `read<TAB>written<TAB>reread_equal<TAB>strict_ok<TAB>message`.
pub fn program(modules: &[String]) -> String {
    crate::scratch::pairs_program(crate::scratch::XML_ROUNDTRIP, modules)
}

#[cfg(test)]
mod tests {
    use super::{Judged, data_difference, written_verdict};

    #[test]
    fn namespace_warnings_on_a_written_document_count_unless_the_schema_declares_the_namespace() {
        let warn = "s.xml:2: namespace warning : xmlns: URI a is not absolute\n<foo xmlns=\"a\"/>\n     ^\n";
        let declared = |u: &str| u == "a";
        assert_eq!(written_verdict(true, warn, "s.xml", &declared), Judged::Valid);
        let Judged::Invalid(m) = written_verdict(true, warn, "s.xml", &|_| false) else { panic!("a warning we could avoid passed") };
        assert!(m.starts_with("s.xml:2: namespace warning"), "{m}");
        // A warning about the schema file is not the document's.
        let schema_warn = "x.xsd:1: namespace warning : xmlns: URI a is not absolute\n";
        assert_eq!(written_verdict(true, schema_warn, "s.xml", &|_| false), Judged::Valid);
        // On failure, the message is the error, not the warning printed before it.
        let failed = format!("{warn}s.xml:2: element foo: Schemas validity error : Element 'foo': bad\ns.xml fails to validate\n");
        assert_eq!(
            written_verdict(false, &failed, "s.xml", &declared),
            Judged::Invalid("s.xml:2: element foo: Schemas validity error : Element 'foo': bad".into())
        );
    }

    const XSI: &str = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;

    #[test]
    fn same_data_by_value_not_by_spelling() {
        let a = format!(r#"<r {XSI} a=" 1  2 "><e xsi:nil="1"/><f>x</f></r>"#);
        let b = format!(r#"<r a="1 2" {XSI}><e xsi:nil="true"/><f>x</f></r>"#);
        assert_eq!(data_difference(a.as_bytes(), b.as_bytes(), &[]), None);
        // What is data still counts: a dropped nil, a changed value, another order.
        let dropped = format!(r#"<r {XSI} a="1 2"><e/><f>x</f></r>"#);
        assert!(data_difference(a.as_bytes(), dropped.as_bytes(), &[]).is_some());
        let changed = format!(r#"<r {XSI} a="1 3"><e xsi:nil="1"/><f>x</f></r>"#);
        assert!(data_difference(a.as_bytes(), changed.as_bytes(), &[]).is_some());
        let reordered = format!(r#"<r {XSI} a="1 2"><f>x</f><e xsi:nil="1"/></r>"#);
        assert!(data_difference(a.as_bytes(), reordered.as_bytes(), &[]).is_some());
    }
}

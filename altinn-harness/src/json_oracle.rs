//! Altinn Studio's JSON Schema for an XSD as the oracle of our JSON: a generated model's JSON
//! must validate against it.
//!
//! Studio has written two shapes over the years, and both are read as they are, with two
//! documented adjustments:
//!
//! - current schemas (draft 2020-12, `@xsdRootElement`) describe the root element's content;
//!   older ones (`"$schema": "http://json-schema.org/schema#"`, `definitions`, no
//!   `@xsdRootElement`) describe an object with the root element's name as its property
//!   (`{"melding": {…}}`). For those our document is checked wrapped in its root's name, and the
//!   schema is read as draft 7 (the meta-schema URI names no draft);
//! - Studio writes the constant of a fixed numeric attribute as a string (`"type": "integer",
//!   "const": "33316"`), which no value can meet: the app itself writes the number (C#
//!   `orid = 33316`), so such a `const` is read as that number; and a `$ref` written as a path
//!   (`/definitions/rootType`, which has no document to resolve against) is read as the fragment
//!   it means (`#/definitions/rootType`). Each repair is listed.
//!
//! Formats (`date`, `date-time`) are annotations in draft 2020-12 and are not checked.

use std::path::Path;

use serde_json::Value;

/// A loaded oracle.
pub struct Oracle {
    validator: jsonschema::Validator,
    /// The same schema with its patterns read as the XSD patterns Studio copied them from (see
    /// [`Oracle::explain`]); `None` when no pattern needs it.
    xsd_patterns: Option<jsonschema::Validator>,
    /// The schema's `@xsdRootElement`, when it names one.
    pub root_element: Option<String>,
    /// The names of the top-level `properties` (the old shape's root names).
    top_properties: Vec<String>,
    /// The repairs made to the schema (see the module docs).
    pub repairs: Vec<String>,
    /// Whether it is the old shape (draft 7 here).
    pub old_style: bool,
}

impl Oracle {
    /// Loads a JSON Schema file (a BOM is skipped).
    pub fn load(path: &Path) -> Result<Oracle, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut schema: Value = serde_json::from_slice(bytes).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
        Oracle::new(&mut schema)
    }

    /// An oracle from a schema value (repaired in place).
    pub fn new(schema: &mut Value) -> Result<Oracle, String> {
        let mut repairs = Vec::new();
        repair_consts(schema, "", &mut repairs);
        let root_element = schema.get("@xsdRootElement").and_then(Value::as_str).map(str::to_string);
        let top_properties = schema.get("properties").and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default();
        let declared = schema.get("$schema").and_then(Value::as_str).unwrap_or("").to_string();
        let old_style = !declared.contains("2020-12") && !declared.contains("2019-09");
        // Formats are annotations (draft 2020-12); the apps write a DateTime without an offset
        // (`2024-01-31T12:00:00`), which RFC 3339 `date-time` refuses, so none is asserted.
        let mut options = jsonschema::options().should_validate_formats(false);
        if old_style {
            if let Some(o) = schema.as_object_mut() {
                o.remove("$schema");
            }
            options = options.with_draft(jsonschema::Draft::Draft7);
        } else {
            options = options.with_draft(jsonschema::Draft::Draft202012);
        }
        let validator = options.build(schema).map_err(|e| format!("the oracle does not compile as a JSON Schema: {e}"))?;
        let mut literal = schema.clone();
        let xsd_patterns = if xsd_pattern_reading(&mut literal) { options.build(&literal).ok() } else { None };
        Ok(Oracle { validator, xsd_patterns, root_element, top_properties, repairs, old_style })
    }

    /// The instance to check for a document whose root element is `root`: the document itself,
    /// or wrapped in the root's name for a schema of the old shape that names it.
    pub fn instance(&self, root: &str, doc: &Value) -> Value {
        if self.root_element.is_none() && self.top_properties.iter().any(|p| p == root) {
            serde_json::json!({ root: doc })
        } else {
            doc.clone()
        }
    }

    /// Checks a document: the first few violations, with their paths (empty: valid).
    pub fn check(&self, root: &str, doc: &Value) -> Vec<String> {
        let instance = self.instance(root, doc);
        self.validator.iter_errors(&instance).take(5).map(|e| format!("{}: {e}", e.instance_path())).collect()
    }

    /// Why a document the oracle rejects is still right, when the oracle is at fault: Studio
    /// copies an XSD pattern verbatim into `pattern`, where `^` and `$` are anchors, while in XSD
    /// they are ordinary characters (XSD patterns are anchored implicitly). When the document
    /// validates with those patterns read as XSD reads them, no value the XSD allows can meet
    /// the oracle's reading.
    pub fn explain(&self, root: &str, doc: &Value) -> Option<String> {
        let v = self.xsd_patterns.as_ref()?;
        v.is_valid(&self.instance(root, doc)).then(|| {
            "oracle defect: a `pattern` copied verbatim from the XSD, where `^` and `$` are ordinary characters; \
             the value the XSD requires (with them) cannot match the JSON Schema reading (anchors). Valid with the \
             XSD reading of the patterns"
                .to_string()
        })
    }

    /// Why a document of root `root` cannot be judged by this oracle, if it cannot: a schema
    /// that names another root element.
    pub fn root_mismatch(&self, root: &str) -> Option<String> {
        match &self.root_element {
            Some(r) if r != root => Some(format!("the oracle describes root element {r}, the document's root is {root}")),
            _ => None,
        }
    }
}

fn percent_encode(c: char) -> String {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Oracles found to describe another model than the XSD they are paired with, checked by hand:
/// (oracle file name, why).
pub const KNOWN_MISMATCHES: &[(&str, &str)] = &[(
    "signing-test__data.schema.json",
    "the oracle restricts `orgNumber` (9 digits) and `year` (at least 2000), which the XSD declares as plain xs:string and \
     xs:long: the JSON Schema was edited apart from the XSD",
)];

/// Why the oracle rejects a document that the XSD allows, when the oracle describes something
/// else than the XSD: `problems` are the oracle's complaints, `xsd` the schema's text.
pub fn explain_mismatch(oracle_file: &str, problems: &[String], xsd: &str) -> Option<String> {
    let name = oracle_file.rsplit('/').next().unwrap_or(oracle_file);
    if let Some((_, why)) = KNOWN_MISMATCHES.iter().find(|(f, _)| *f == name) {
        return Some((*why).to_string());
    }
    for p in problems {
        if let Some(rest) = p.split(": \"").nth(1)
            && let Some(prop) = rest.strip_suffix("\" is a required property")
            && !xsd.contains(&format!("name=\"{prop}\""))
        {
            return Some(format!("the oracle requires `{prop}`, which the XSD does not declare: it is of another version of the model"));
        }
        if p.ends_with(" was expected") && p.contains("/dataFormat") {
            return Some(
                "the oracle fixes another dataFormatId/dataFormatVersion than the XSD: it is of another version of the form".into(),
            );
        }
        if p.contains(": \"<") && p.ends_with("is not of type \"object\"") {
            return Some(
                "the XSD gives the element no type (xs:anyType: any XML, carried as its XML text); the oracle describes an object \
                 with properties the XSD does not declare"
                    .into(),
            );
        }
    }
    None
}

/// Rewrites every `pattern` that starts with `^` or ends with `$` as XSD reads it (those
/// characters literal, the whole value matched); whether any was rewritten.
fn xsd_pattern_reading(v: &mut Value) -> bool {
    match v {
        Value::Object(o) => {
            let mut changed = false;
            if let Some(Value::String(p)) = o.get("pattern")
                && (p.starts_with('^') || (p.ends_with('$') && !p.ends_with("\\$")))
            {
                let mut inner = p.clone();
                if let Some(rest) = inner.strip_prefix('^') {
                    inner = format!("\\^{rest}");
                }
                if let Some(rest) = inner.strip_suffix('$') {
                    inner = format!("{rest}\\$");
                }
                o.insert("pattern".into(), Value::String(format!("^(?:{inner})$")));
                changed = true;
            }
            for (_, child) in o.iter_mut() {
                changed |= xsd_pattern_reading(child);
            }
            changed
        }
        Value::Array(items) => items.iter_mut().fold(false, |c, child| xsd_pattern_reading(child) | c),
        _ => false,
    }
}

/// Reads `"type": "integer"|"number"` with a string `const` holding a number as that number.
fn repair_consts(v: &mut Value, path: &str, repairs: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            let numeric = matches!(o.get("type").and_then(Value::as_str), Some("integer" | "number"));
            if numeric
                && let Some(Value::String(s)) = o.get("const")
                && let Ok(n) = s.trim().parse::<serde_json::Number>()
            {
                repairs.push(format!("{path}: const \"{s}\" of a numeric type read as the number {n}"));
                o.insert("const".into(), Value::Number(n));
            }
            if let Some(Value::String(r)) = o.get("$ref")
                && !r.is_ascii()
            {
                let encoded: String = r.chars().map(|c| if c.is_ascii() { c.to_string() } else { percent_encode(c) }).collect();
                repairs.push(format!("{path}: $ref \"{r}\" (not a URI reference) percent-encoded"));
                o.insert("$ref".into(), Value::String(encoded));
            }
            if let Some(Value::String(r)) = o.get("$ref")
                && (r.starts_with("/definitions/") || r.starts_with("/$defs/"))
            {
                repairs.push(format!("{path}: $ref \"{r}\" (a path with no document to resolve against) read as \"#{r}\""));
                let fragment = format!("#{r}");
                o.insert("$ref".into(), Value::String(fragment));
            }
            for (k, child) in o.iter_mut() {
                repair_consts(child, &format!("{path}/{k}"), repairs);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                repair_consts(child, &format!("{path}/{i}"), repairs);
            }
        }
        _ => {}
    }
}

/// The `oracle-jsonschema` rows of an `oracles.tsv` file: (XSD path, oracle path), both as
/// written (relative to the file's folder).
pub fn read_oracles(file: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() >= 3 && cols[1] == "oracle-jsonschema").then(|| (cols[0].to_string(), cols[2].to_string()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_shapes() {
        let mut old = serde_json::json!({
            "$schema": "http://json-schema.org/schema#",
            "properties": {"melding": {"$ref": "#/definitions/M"}},
            "definitions": {"M": {"properties": {"orid": {"type": "integer", "const": "33316"}}, "required": ["orid"]}}
        });
        let o = Oracle::new(&mut old).unwrap();
        assert_eq!(o.repairs.len(), 1);
        assert!(o.check("melding", &serde_json::json!({"orid": 33316})).is_empty());
        assert!(!o.check("melding", &serde_json::json!({"orid": "33316"})).is_empty());
        let mut new = serde_json::json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "@xsdRootElement": "Root",
            "properties": {"a": {"type": "number"}}
        });
        let n = Oracle::new(&mut new).unwrap();
        assert!(n.check("Root", &serde_json::json!({"a": 1.50})).is_empty());
        assert!(!n.check("Root", &serde_json::json!({"a": "x"})).is_empty());
    }
}

//! OpenAPI 3.0 documents as received: loaded as JSON, checked for the defects Altinn's published
//! documents are known to have, repaired by an explicit patch list (RFC 6902 JSON Patch, from
//! `schemas/openapi/patches.toml`), bundled (references into sibling documents copied in), then
//! read with `openapiv3`.
//!
//! A defect is never guessed away: every one found must be repaired by a patch, or generation
//! stops and names it (document, JSON pointer, what is wrong). Patches that no longer apply are
//! errors too, so the list stays honest when Altinn fixes a document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Deserialize;
use serde_json::Value;

/// One document before it is read.
#[derive(Debug, Clone)]
pub struct RawDocument {
    /// File stem (`altinn-enduser-metadata-v0`).
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// Its JSON.
    pub value: Value,
}

/// A defect found in a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Defect {
    /// Document name.
    pub document: String,
    /// JSON pointer to the defect.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.json#{}: {}", self.document, self.pointer, self.message)
    }
}

/// One entry of the patch list.
#[derive(Debug, Clone, Deserialize)]
pub struct Patch {
    /// The document it applies to (file stem).
    pub document: String,
    /// The defect it repairs, in words (shown in regen's report).
    pub defect: String,
    /// RFC 6902 operations.
    pub ops: Vec<Value>,
}

#[derive(Debug, Deserialize)]
struct PatchFile {
    #[serde(default)]
    patch: Vec<Patch>,
}

/// Parses a patch list (TOML with `[[patch]]` entries); `file` names it in errors.
pub fn parse_patches(text: &str, file: &Path) -> Result<Vec<Patch>> {
    let parsed: PatchFile = toml::from_str(text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    Ok(parsed.patch)
}

/// `v`, or what its local `$ref` points at (one level).
fn local<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|ptr| doc.pointer(ptr)).unwrap_or(v)
}

/// One document: the bytes of `file`.
pub fn parse_document(bytes: &[u8], file: &Path) -> Result<RawDocument> {
    // Some published documents start with a UTF-8 byte-order mark.
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value =
        serde_json::from_slice(body).map_err(|e| anyhow::anyhow!("{}:{}:{}: not JSON: {e}", file.display(), e.line(), e.column()))?;
    let name = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    Ok(RawDocument { name, path: file.to_path_buf(), value })
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "array", "object"];
const PARAMETER_KEYS: [&str; 14] = [
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
    "$ref",
];

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Which API a folder of documents describes: what regen generates them on, and what the lint
/// asks of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The Altinn 2 REST API (legacy): paths under `…/api/`, on `runtime::api`.
    Altinn2,
    /// Altinn 3 platform and app APIs, on `runtime::altinn3::platform`: each document must say
    /// where it is served (`servers`).
    Altinn3,
}

/// The defects of one document for `api`: those of [`lint`], and for Altinn 3 a document that
/// does not say where it is served (no `servers`: its host and base path would be guessed).
pub fn lint_for(doc: &RawDocument, api: Api) -> Vec<Defect> {
    let mut out = lint(doc);
    if api == Api::Altinn3 && doc.value.get("paths").is_some() {
        let first = doc.value.get("servers").and_then(Value::as_array).and_then(|s| s.first());
        match first.and_then(|s| s.get("url")).and_then(Value::as_str) {
            None => out.push(Defect {
                document: doc.name.clone(),
                pointer: "/servers".into(),
                message: "no `servers`: the host and base path of its paths are unknown".into(),
            }),
            Some(u) if url::Url::parse(&u.replace(['{', '}'], "")).is_err() => out.push(Defect {
                document: doc.name.clone(),
                pointer: "/servers/0/url".into(),
                message: format!("`{u}` is not an absolute URL"),
            }),
            Some(_) => {}
        }
    }
    out
}

/// The defects of one document (a 3.1 document is checked as [`super::openapi31`] reads it).
pub fn lint(doc: &RawDocument) -> Vec<Defect> {
    if super::openapi31::is_31(&doc.value) {
        let mut converted = doc.clone();
        super::openapi31::downgrade(&mut converted.value);
        return lint_30(&converted);
    }
    lint_30(doc)
}

fn lint_30(doc: &RawDocument) -> Vec<Defect> {
    let mut out = Vec::new();
    let mut defect = |pointer: String, message: String| out.push(Defect { document: doc.name.clone(), pointer, message });
    if doc.value.get("paths").is_some() {
        match doc.value.get("info") {
            None => defect(String::new(), "the document has no `info` (title and version are required)".into()),
            Some(info) => {
                for k in ["title", "version"] {
                    if info.get(k).and_then(Value::as_str).is_none() {
                        defect("/info".into(), format!("`info` has no `{k}`"));
                    }
                }
            }
        }
    }
    if let Some(paths) = doc.value.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let pp = format!("/paths/{}", escape(path));
            if !path.starts_with('/') && !path.starts_with("x-") {
                defect(pp.clone(), format!("path `{path}` does not begin with `/`"));
            }
            let (opens, closes) = (path.matches('{').count(), path.matches('}').count());
            let mut depth = 0i32;
            let nested = path.chars().any(|c| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                !(0..=1).contains(&depth)
            });
            if opens != closes || nested {
                defect(pp.clone(), format!("path `{path}` has unbalanced braces"));
            }
            let templated: Vec<String> = template_params(path);
            let shared: Vec<&Value> = item.get("parameters").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
            for (i, p) in shared.iter().enumerate() {
                let p = local(&doc.value, p);
                if p.get("in").and_then(Value::as_str) == Some("path")
                    && let Some(n) = p.get("name").and_then(Value::as_str)
                    && !templated.iter().any(|t| t == n)
                {
                    defect(
                        format!("{pp}/parameters/{i}"),
                        format!("path parameter `{n}` (declared for every operation of the path) is not in the path"),
                    );
                }
            }
            for m in METHODS {
                let Some(op) = item.get(m) else { continue };
                let op_ptr = format!("{pp}/{m}");
                // A missing operationId is no defect: names come from the method and path then.
                let params: Vec<&Value> =
                    shared.iter().copied().chain(op.get("parameters").and_then(Value::as_array).into_iter().flatten()).collect();
                for (i, p) in op.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                    if let Some(obj) = p.as_object() {
                        for k in obj.keys() {
                            if !PARAMETER_KEYS.contains(&k.as_str()) && !k.starts_with("x-") {
                                defect(format!("{op_ptr}/parameters/{i}"), format!("parameter has unknown key `{k}`"));
                            }
                        }
                    }
                }
                for (i, p) in op.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                    let p = local(&doc.value, p);
                    if p.get("in").and_then(Value::as_str) == Some("path")
                        && let Some(n) = p.get("name").and_then(Value::as_str)
                        && !templated.iter().any(|t| t == n)
                    {
                        defect(format!("{op_ptr}/parameters/{i}"), format!("path parameter `{n}` is not in the path"));
                    }
                }
                if opens == closes && !nested {
                    for t in &templated {
                        let declared = params.iter().any(|p| {
                            p.get("$ref").is_some()
                                || p.get("in").and_then(Value::as_str) == Some("path") && p.get("name").and_then(Value::as_str) == Some(t)
                        });
                        if !declared {
                            defect(op_ptr.clone(), format!("path parameter `{t}` is not declared"));
                        }
                    }
                }
            }
        }
    }
    walk_refs(&doc.value, String::new(), &mut |ptr, r| {
        if let Some(i) = r.find('#')
            && !r[i + 1..].is_empty()
            && !r[i + 1..].starts_with('/')
        {
            defect(ptr.to_string(), format!("reference `{r}` is not a JSON pointer (no `/` after `#`)"));
        } else if let Some(pointer) = r.strip_prefix('#')
            && pointer.starts_with('/')
            && doc.value.pointer(pointer).is_none()
        {
            defect(ptr.to_string(), format!("reference `{r}` points at nothing in the document"));
        }
    });
    walk_schemas(&doc.value, String::new(), &mut |ptr, schema| {
        if let Some(t) = schema.get("type").and_then(Value::as_str)
            && !TYPES.contains(&t)
        {
            defect(ptr.to_string(), format!("schema type `{t}` is not an OpenAPI 3.0 type"));
        }
    });
    // Component maps hold objects by name.
    if let Some(components) = doc.value.get("components").and_then(Value::as_object) {
        for (kind, map) in components {
            let Some(map) = map.as_object() else { continue };
            for (name, v) in map {
                if !v.is_object() {
                    out.push(Defect {
                        document: doc.name.clone(),
                        pointer: format!("/components/{}", escape(kind)),
                        message: format!("`components.{kind}` is not a map of named objects (its `{name}` is {v})"),
                    });
                }
            }
        }
    }
    // Keys an OpenAPI 3.0 parameter component cannot have (a misspelt `required`).
    if let Some(params) = doc.value.pointer("/components/parameters").and_then(Value::as_object) {
        for (name, p) in params {
            for k in p.as_object().map(|o| o.keys().collect::<Vec<_>>()).unwrap_or_default() {
                if !PARAMETER_KEYS.contains(&k.as_str()) && !k.starts_with("x-") {
                    out.push(Defect {
                        document: doc.name.clone(),
                        pointer: format!("/components/parameters/{}", escape(name)),
                        message: format!("parameter has unknown key `{k}`"),
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn walk_refs(v: &Value, ptr: String, f: &mut impl FnMut(&str, &str)) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                f(&ptr, r);
            }
            for (k, x) in m {
                walk_refs(x, format!("{ptr}/{}", escape(k)), f);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk_refs(x, format!("{ptr}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// `{name}` segments of a path template.
pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.push(rest[i + 1..i + j].to_string());
        rest = &rest[i + j + 1..];
    }
    out
}

/// Calls `f` on every object that sits where a schema sits (component schemas, properties,
/// items, parameter and media-type schemas).
fn walk_schemas(v: &Value, ptr: String, f: &mut impl FnMut(&str, &Value)) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{ptr}/{}", escape(k));
                let is_schema_slot = matches!(k.as_str(), "schema" | "items" | "additionalProperties")
                    || ptr.ends_with("/properties")
                    || ptr == "/components/schemas";
                if is_schema_slot && x.is_object() {
                    f(&p, x);
                }
                walk_schemas(x, p, f);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk_schemas(x, format!("{ptr}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// Applies the patches to the documents; returns a line per patch applied. A patch naming a
/// document that is not there is skipped (the snapshot may hold only some documents); one that
/// does not apply is an error.
pub fn apply_patches(docs: &mut [RawDocument], patches: &[Patch]) -> Result<Vec<String>> {
    let mut applied = Vec::new();
    for p in patches {
        let Some(doc) = docs.iter_mut().find(|d| d.name == p.document) else { continue };
        let ops: json_patch::Patch = serde_json::from_value(Value::Array(p.ops.clone()))
            .map_err(|e| anyhow::anyhow!("patch for {} ({}): not a JSON Patch: {e}", p.document, p.defect))?;
        json_patch::patch(&mut doc.value, &ops)
            .map_err(|e| anyhow::anyhow!("patch for {} ({}) no longer applies: {e}", p.document, p.defect))?;
        applied.push(format!("{}.json: patched: {}", p.document, p.defect));
    }
    Ok(applied)
}

/// Copies the components other documents' references point at into each document and makes
/// the references local, so each document reads on its own.
pub fn bundle(docs: &mut [RawDocument]) -> Result<()> {
    let originals: BTreeMap<String, Value> = docs.iter().map(|d| (format!("{}.json", d.name), d.value.clone())).collect();
    for doc in docs.iter_mut() {
        let own = format!("{}.json", doc.name);
        loop {
            let mut external = Vec::new();
            collect_refs(&doc.value, &mut external);
            external.retain(|r| !r.starts_with('#'));
            if external.is_empty() {
                break;
            }
            for r in external {
                let (file, pointer) = r.split_once('#').unwrap_or((r.as_str(), ""));
                if file == own {
                    rewrite_refs(&mut doc.value, &r, &format!("#{pointer}"));
                    continue;
                }
                let Some(source) = originals.get(file) else {
                    bail!("{}: reference `{r}` points into {file}, which is not in the snapshot", doc.path.display());
                };
                let Some(target) = source.pointer(pointer) else {
                    bail!("{}: reference `{r}` points at nothing", doc.path.display());
                };
                let mut copy = target.clone();
                // References inside the copy are relative to its own document.
                localize(&mut copy, file);
                // A component of the same name but other content stays apart under a name that
                // says where it came from.
                let target_pointer = match doc.value.pointer(pointer) {
                    Some(existing) if *existing != copy => {
                        let stem = file.trim_end_matches(".json");
                        let renamed = format!("{pointer}__{stem}");
                        if doc.value.pointer(&renamed).is_none() {
                            insert_at(&mut doc.value, &renamed, copy)?;
                        }
                        renamed
                    }
                    Some(_) => pointer.to_string(),
                    None => {
                        insert_at(&mut doc.value, pointer, copy)?;
                        pointer.to_string()
                    }
                };
                rewrite_refs(&mut doc.value, &r, &format!("#{target_pointer}"));
            }
        }
    }
    Ok(())
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    walk_refs(v, String::new(), &mut |_, r| {
        if !out.iter().any(|x| x == r) {
            out.push(r.to_string());
        }
    });
}

/// Calls `f` on every `$ref` string, which it may rewrite.
fn map_refs(v: &mut Value, f: &mut impl FnMut(&mut String)) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                f(r);
            }
            m.values_mut().for_each(|x| map_refs(x, f));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| map_refs(x, f)),
        _ => {}
    }
}

fn rewrite_refs(v: &mut Value, from: &str, to: &str) {
    map_refs(v, &mut |r| {
        if r == from {
            *r = to.to_string();
        }
    });
}

/// Makes the local references of a component copied out of `file` point back into `file`.
fn localize(v: &mut Value, file: &str) {
    map_refs(v, &mut |r| {
        if r.starts_with('#') {
            *r = format!("{file}{r}");
        }
    });
}

fn insert_at(root: &mut Value, pointer: &str, value: Value) -> Result<()> {
    let parts: Vec<String> = pointer.trim_start_matches('/').split('/').map(|p| p.replace("~1", "/").replace("~0", "~")).collect();
    let mut cur = root;
    for (i, p) in parts.iter().enumerate() {
        let Value::Object(m) = cur else { bail!("cannot insert at {pointer}") };
        if i + 1 == parts.len() {
            m.insert(p.clone(), value);
            return Ok(());
        }
        cur = m.entry(p.clone()).or_insert_with(|| Value::Object(Default::default()));
    }
    Ok(())
}

/// A document, repaired and read.
#[derive(Debug, Clone)]
pub struct Document {
    /// File stem.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// Its content.
    pub api: openapiv3::OpenAPI,
}

/// What [`read_documents`] found.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// The documents, sorted by name.
    pub documents: Vec<Document>,
    /// The defects found before patching (each one repaired by a patch).
    pub defects: Vec<Defect>,
    /// A line per patch applied.
    pub applied: Vec<String>,
    /// What the 3.1 → 3.0 reading could not say in 3.0 (`<doc>: <pointer>: <construct> …`).
    pub converted: Vec<String>,
}

/// Takes the documents as loaded ([`parse_document`]), applies `patches`, checks that no defect
/// is left, bundles and reads them.
pub fn read_documents(mut docs: Vec<RawDocument>, patches: &[Patch], api: Api) -> Result<Documents> {
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    let defects: Vec<Defect> = docs.iter().flat_map(|d| lint_for(d, api)).collect();
    // Patches are written against the documents as published; 3.1 is read as 3.0 after them.
    let applied = apply_patches(&mut docs, patches)?;
    let mut converted = Vec::new();
    for d in &mut docs {
        converted.extend(super::openapi31::downgrade(&mut d.value).into_iter().map(|n| format!("{}: {n}", d.name)));
    }
    let left: Vec<Defect> = docs.iter().flat_map(|d| lint_for(d, api)).collect();
    if !left.is_empty() {
        // The caller names the patch list it read (a snapshot's, or one given to the harness).
        bail!(
            "{} defect(s) in the OpenAPI documents are not repaired by the patch list:\n  {}",
            left.len(),
            left.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n  ")
        );
    }
    bundle(&mut docs)?;
    let mut documents = Vec::new();
    for d in docs {
        // A document without paths is a library of components other documents refer to.
        if d.value.get("paths").is_none() {
            continue;
        }
        let api: openapiv3::OpenAPI = serde_json::from_value(d.value.clone())
            .map_err(|e| anyhow::anyhow!("{}: not an OpenAPI 3.0 document: {e}", d.path.display()))?;
        documents.push(Document { name: d.name, path: d.path, api });
    }
    Ok(Documents { documents, defects, applied, converted })
}

//! Loads a schema and everything it includes or imports, relative to each file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::parse::xsd::{self, XsdError, ast::Schema};

/// One loaded document.
#[derive(Debug)]
pub struct Doc {
    /// Its file.
    pub path: PathBuf,
    /// Its content.
    pub schema: Schema,
    /// The namespace its components live in (the includer's for a chameleon include).
    pub target_ns: Option<String>,
}

/// Why a schema set could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    /// A document is broken.
    #[error(transparent)]
    Xsd(#[from] XsdError),
}

/// An include or import that names a file that is not there. Loading goes on without it:
/// references into it become warnings and lossless fallbacks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {kind} of `{location}`: the file {} does not exist", schema.display(), missing.display())]
pub struct MissingDependency {
    /// The schema that refers to it.
    pub schema: PathBuf,
    /// Line of the include/import.
    pub line: usize,
    /// `include`, `import`, `redefine`.
    pub kind: String,
    /// As written.
    pub location: String,
    /// Where it was looked for.
    pub missing: PathBuf,
}

/// Namespaces whose components we know without a schema document.
fn is_builtin_ns(ns: Option<&str>) -> bool {
    matches!(ns, Some(xsd::XS) | Some(xsd::XSI) | Some("http://www.w3.org/XML/1998/namespace"))
}

/// Loads `root` and its dependencies; documents come back in a stable order (root first, then by
/// path), with the dependencies that were not found.
pub fn load(root: &Path) -> Result<(Vec<Doc>, Vec<MissingDependency>), LoadError> {
    let mut missing_deps = Vec::new();
    let mut docs: BTreeMap<(PathBuf, Option<String>), Doc> = BTreeMap::new();
    let mut order = Vec::new();
    let mut queue: Vec<(PathBuf, Option<Option<String>>)> = vec![(root.to_path_buf(), None)];
    while let Some((path, chameleon_ns)) = queue.pop() {
        let schema = xsd::parse_file(&path)?;
        let target_ns = match (&schema.target_ns, chameleon_ns) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(includer)) => includer,
            (None, None) => None,
        };
        let key = (canonical(&path), target_ns.clone());
        if docs.contains_key(&key) {
            continue;
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for inc in &schema.includes {
            let target = dir.join(&inc.location);
            if !target.is_file() {
                missing_deps.push(MissingDependency {
                    schema: path.clone(),
                    line: inc.line,
                    kind: inc.kind.to_string(),
                    location: inc.location.clone(),
                    missing: target,
                });
                continue;
            }
            let k = (canonical(&target), target_ns.clone());
            if !docs.contains_key(&k) {
                queue.push((target, Some(target_ns.clone())));
            }
        }
        for imp in &schema.imports {
            match &imp.location {
                Some(loc) if !loc.starts_with("http://") && !loc.starts_with("https://") => {
                    let target = dir.join(loc);
                    if !target.is_file() {
                        if is_builtin_ns(imp.namespace.as_deref()) {
                            continue;
                        }
                        missing_deps.push(MissingDependency {
                            schema: path.clone(),
                            line: imp.line,
                            kind: "import".into(),
                            location: loc.clone(),
                            missing: target,
                        });
                        continue;
                    }
                    queue.push((target, None));
                }
                _ => {}
            }
        }
        order.push(key.clone());
        docs.insert(key, Doc { path, schema, target_ns });
    }
    let root_key = order.first().cloned();
    let mut out: Vec<Doc> = Vec::with_capacity(docs.len());
    if let Some(k) = &root_key
        && let Some(d) = docs.remove(k)
    {
        out.push(d);
    }
    out.extend(docs.into_values());
    missing_deps.sort_by(|a, b| (&a.schema, a.line).cmp(&(&b.schema, b.line)));
    missing_deps.dedup();
    Ok((out, missing_deps))
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

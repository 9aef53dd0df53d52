//! Loads a schema and everything it includes or imports, relative to each file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::parse::xsd::{self, XsdError, ast::Schema};
use crate::snapshot::Source;

/// Reads and parses the schema file at `path` of `files`.
pub fn read_schema(files: &dyn Source, path: &Path) -> Result<Schema, XsdError> {
    let bytes = files.read(path).map_err(|e| XsdError {
        file: path.to_path_buf(),
        line: 0,
        construct: "file".into(),
        message: format!("cannot read: {e}"),
    })?;
    xsd::parse_bytes(&bytes, path)
}

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

pub use crate::model::xsd::{MissingDependency, NamespaceMatch};

/// The schemas a generator run knows by namespace (like an XML catalogue keyed by namespace):
/// an import that cannot be found at its location is satisfied by the one schema of the set with
/// that target namespace. A namespace declared by two or more files is ambiguous and never used.
#[derive(Debug, Clone, Default)]
pub struct SchemaCatalog {
    files: Vec<PathBuf>,
    /// Built on the first lookup: only schemas with a missing import need it. Each file's root
    /// tag is read, not the whole document: parsing all of them cost 7% of a whole-corpus run.
    by_ns: std::sync::OnceLock<BTreeMap<String, Vec<PathBuf>>>,
}

impl SchemaCatalog {
    /// A catalogue of `files`, indexed by their target namespace when first asked; files whose
    /// root is not a well-formed `xs:schema` tag are left out (their own generation reports why).
    pub fn from_files(files: &[PathBuf]) -> Self {
        SchemaCatalog { files: files.to_vec(), by_ns: std::sync::OnceLock::new() }
    }

    fn index(&self, files: &dyn Source) -> &BTreeMap<String, Vec<PathBuf>> {
        self.by_ns.get_or_init(|| {
            let mut by_ns: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
            for f in &self.files {
                if let Ok(bytes) = files.read(f)
                    && let Ok(Some(ns)) = xsd::target_namespace(&bytes, f)
                {
                    by_ns.entry(ns).or_default().push(f.clone());
                }
            }
            for v in by_ns.values_mut() {
                v.sort();
                v.dedup();
            }
            by_ns
        })
    }

    /// The one file declaring `ns`, if exactly one does (its files read from `files`).
    pub fn lookup(&self, files: &dyn Source, ns: &str) -> Option<&Path> {
        match self.index(files).get(ns).map(Vec::as_slice) {
            Some([one]) => Some(one),
            _ => None,
        }
    }
}

/// What [`load`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Root first, then by path.
    pub docs: Vec<Doc>,
    /// Includes and imports that could not be followed.
    pub missing: Vec<MissingDependency>,
    /// Imports satisfied through the catalogue.
    pub by_namespace: Vec<NamespaceMatch>,
}

/// Namespaces whose components we know without a schema document.
fn is_builtin_ns(ns: Option<&str>) -> bool {
    matches!(ns, Some(xsd::XS) | Some(xsd::XSI) | Some("http://www.w3.org/XML/1998/namespace"))
}

/// Loads `root` and its dependencies; documents come back in a stable order (root first, then by
/// path), with the dependencies that were not found. An import whose file is missing is looked
/// up in `catalog` by namespace. Every file is read from `files`.
pub fn load(files: &dyn Source, root: &Path, catalog: &SchemaCatalog) -> Result<Loaded, LoadError> {
    let mut missing_deps = Vec::new();
    let mut by_namespace = Vec::new();
    let mut docs: BTreeMap<(PathBuf, Option<String>), Doc> = BTreeMap::new();
    let mut order = Vec::new();
    let mut queue: Vec<(PathBuf, Option<Option<String>>)> = vec![(root.to_path_buf(), None)];
    while let Some((path, chameleon_ns)) = queue.pop() {
        let schema = read_schema(files, &path)?;
        let target_ns = match (&schema.target_ns, chameleon_ns) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(includer)) => includer,
            (None, None) => None,
        };
        let key = (files.canonical(&path), target_ns.clone());
        if docs.contains_key(&key) {
            continue;
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for inc in &schema.includes {
            let target = dir.join(&inc.location);
            if !files.is_file(&target) {
                missing_deps.push(MissingDependency {
                    schema: path.clone(),
                    line: inc.line,
                    kind: inc.kind.to_string(),
                    location: inc.location.clone(),
                    missing: target,
                });
                continue;
            }
            let k = (files.canonical(&target), target_ns.clone());
            if !docs.contains_key(&k) {
                queue.push((target, Some(target_ns.clone())));
            }
        }
        for imp in &schema.imports {
            if is_builtin_ns(imp.namespace.as_deref()) && imp.location.as_deref().is_none_or(|l| !files.is_file(&dir.join(l))) {
                continue;
            }
            let local = imp.location.as_deref().filter(|l| !l.starts_with("http://") && !l.starts_with("https://"));
            let target = local.map(|l| dir.join(l));
            if let Some(t) = &target
                && files.is_file(t)
            {
                queue.push((t.clone(), None));
                continue;
            }
            let found = imp.namespace.as_deref().and_then(|ns| catalog.lookup(files, ns).map(|p| (ns, p)));
            match (found, local, target) {
                (Some((ns, used)), _, target) => {
                    by_namespace.push(NamespaceMatch {
                        schema: path.clone(),
                        line: imp.line,
                        namespace: ns.to_string(),
                        location: imp.location.clone(),
                        missing: target,
                        used: used.to_path_buf(),
                    });
                    queue.push((used.to_path_buf(), None));
                }
                (None, Some(loc), Some(target)) => missing_deps.push(MissingDependency {
                    schema: path.clone(),
                    line: imp.line,
                    kind: "import".into(),
                    location: loc.to_string(),
                    missing: target,
                }),
                // A remote location or none at all, and nothing in the set: references into the
                // namespace become warnings when they are resolved.
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
    by_namespace.sort_by(|a, b| (&a.schema, a.line).cmp(&(&b.schema, b.line)));
    by_namespace.dedup();
    Ok(Loaded { docs: out, missing: missing_deps, by_namespace })
}

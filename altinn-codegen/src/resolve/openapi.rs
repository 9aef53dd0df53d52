//! Stage 2 for the REST API: repaired OpenAPI documents → [`ApiModel`].
//!
//! Component schemas become named types (scalar aliases are inlined so fields keep their lenient
//! decoders); inline objects and enumerations are named from where they sit; `allOf` merges its
//! parts; what has no faithful Rust type (`oneOf`, `not`) becomes a JSON value with a warning.
//! Lists answered as a bare array or as HAL `_embedded` become pages.

use std::collections::BTreeMap;

use anyhow::Context as _;
use std::path::{Path, PathBuf};

use openapiv3::{AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use crate::model::api::{
    Answer, ApiModel, ApiModule, AppHost, BodyKind, Field, FormField, NamedType, NextPage, Operation, Param, ParamPlace, Target, Ty,
    TypeDef,
};
pub use crate::parse::openapi::Api;
use crate::parse::openapi::{self, Document, Patch, RawDocument};
use crate::resolve::names::{Case, assign, ident};
use crate::snapshot::Source;

const ODATA: [&str; 6] = ["$filter", "$orderby", "$top", "$skip", "$expand", "$count"];
/// Parameters the client supplies itself.
const CLIENT_PARAMS: [&str; 2] = ["ForceEIAuthentication", "ApiKey"];

/// Standard prelude names the generated modules use unqualified (`Option<String>`, `Ok(req)`):
/// no generated type may shadow them.
const PRELUDE: [&str; 10] = ["Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Into"];

/// The prelude names and the runtime's types a module names through `rt::` but users import.
const RUNTIME_AND_PRELUDE: [&str; 13] =
    ["Client", "Page", "Links", "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Into"];

/// The one alternative of a `oneOf`/`anyOf` that is not `null`, when there is exactly one.
fn single(alts: &[ReferenceOr<Schema>]) -> Option<&ReferenceOr<Schema>> {
    let is_null = |s: &ReferenceOr<Schema>| match s {
        ReferenceOr::Item(x) => matches!(&x.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("null")),
        ReferenceOr::Reference { .. } => false,
    };
    let mut rest = alts.iter().filter(|s| !is_null(s));
    let one = rest.next()?;
    rest.next().is_none().then_some(one)
}

/// Resolves every document with operations, as documents of `api`.
pub fn resolve(documents: &[Document], api: Api) -> ApiModel {
    let mut model = ApiModel::default();
    let module_of = |name: &str| match api {
        Api::Altinn2 => module_name(name),
        Api::Altinn3 => platform_module_name(name),
    };
    let names: Vec<(String, String)> =
        documents.iter().filter(|d| !d.api.paths.paths.is_empty()).map(|d| (d.name.clone(), module_of(&d.name))).collect();
    let modules = assign(names.iter().map(|(_, m)| m.as_str()), Case::Snake, &["mod", "runtime"]);
    for d in documents.iter().filter(|d| !d.api.paths.paths.is_empty()) {
        let module = modules[&module_of(&d.name)].clone();
        let (target, base) = match api {
            Api::Altinn2 => (Target::Altinn2, String::new()),
            Api::Altinn3 => served_at(&d.api),
        };
        let mut r = Resolver {
            api: &d.api,
            doc: &d.name,
            types: BTreeMap::new(),
            component_names: BTreeMap::new(),
            warnings: Vec::new(),
            target,
            base,
            reserved: PRELUDE.iter().map(|n| n.to_string()).collect(),
            at: Vec::new(),
        };
        let m = r.module(module);
        model.warnings.extend(r.warnings);
        model.modules.push(m);
    }
    model.modules.sort_by(|a, b| a.module.cmp(&b.module));
    model
}

/// Where an Altinn 3 document's paths are served, from its first server (the lint makes sure
/// it has one): on an app host (`https://{org}.apps.…`, `https://tdd.apps.…`) or the platform
/// host, and the base path its paths continue (`storage/api/v1`).
fn served_at(api: &OpenAPI) -> (Target, String) {
    let Some(server) = api.servers.first() else { return (Target::Platform, String::new()) };
    // Server variables (`{org}`) are not URL syntax: read the URL with them as placeholders.
    let raw = server.url.replace("{org}", "xorgx");
    let parsed = url::Url::parse(&raw.replace(['{', '}'], "")).ok();
    let base = parsed.as_ref().map(|u| u.path().trim_matches('/').to_string()).unwrap_or_default();
    let host = parsed.as_ref().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    match host.split_once(".apps.") {
        Some(("xorgx", _)) => (Target::App(AppHost::Param("org".into())), base),
        Some((org, _)) => (Target::App(AppHost::Fixed(org.to_string())), base),
        None => (Target::Platform, base),
    }
}

/// `altinn-enduser-metadata-v0` → `enduser_metadata`.
pub fn module_name(document: &str) -> String {
    let mut s = document.strip_prefix("altinn-").unwrap_or(document).to_string();
    if let Some(i) = s.rfind("-v")
        && s[i + 2..].chars().all(|c| c.is_ascii_digit())
        && i + 2 < s.len()
    {
        s.truncate(i);
    }
    ident(&s, Case::Snake)
}

/// The part of a path after its `…/api/vN/` prefix (the whole path when it has none): what
/// an operation without an `operationId` is named from.
fn path_after_version(path: &str) -> &str {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let version = segments
        .windows(2)
        .position(|w| w[0] == "api" && w[1].len() > 1 && w[1].starts_with('v') && w[1][1..].chars().all(|c| c.is_ascii_digit()));
    match version {
        Some(i) if i + 2 < segments.len() => {
            let skip: usize = segments[..i + 2].iter().map(|s| s.len() + 1).sum();
            &path.trim_start_matches('/')[skip..]
        }
        _ => path,
    }
}

/// `altinn-platform-storage-v1` → `storage`, `altinn-correspondence-v1` → `correspondence`,
/// `dialogporten-v1-serviceowner` → `dialogporten_serviceowner`,
/// `altinn-app-lib-swagger.verified` → `app_lib_swagger`.
pub fn platform_module_name(document: &str) -> String {
    let mut s = document.strip_suffix(".verified").unwrap_or(document);
    for p in ["altinn-platform-", "altinn-"] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
            break;
        }
    }
    let words: Vec<&str> =
        s.split(['-', '.', '_']).filter(|w| !(w.len() > 1 && w.starts_with('v') && w[1..].chars().all(|c| c.is_ascii_digit()))).collect();
    ident(&words.join("_"), Case::Snake)
}

struct Resolver<'a> {
    api: &'a OpenAPI,
    doc: &'a str,
    types: BTreeMap<String, NamedType>,
    /// Component schema name → Rust name.
    component_names: BTreeMap<String, String>,
    warnings: Vec<String>,
    /// Which API and host.
    target: Target,
    /// For Altinn 3: the base path the document's paths continue (`storage/api/v1`).
    base: String,
    /// Names taken by types emitted with their operations (multipart forms).
    reserved: Vec<String>,
    /// Where in the document the resolver is (JSON pointer segments, unescaped).
    at: Vec<String>,
}

fn doc_of(title: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [title, description].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    if parts.is_empty() { None } else { Some(parts.join("\n\n")) }
}

impl<'a> Resolver<'a> {
    /// The JSON pointer of where the resolver is (RFC 6901).
    fn pointer(&self) -> String {
        self.at.iter().map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1"))).collect()
    }

    /// Runs `f` with `segments` appended to the pointer.
    fn within<R>(&mut self, segments: &[&str], f: impl FnOnce(&mut Self) -> R) -> R {
        let depth = self.at.len();
        self.at.extend(segments.iter().map(|s| s.to_string()));
        let r = f(self);
        self.at.truncate(depth);
        r
    }

    /// A warning at the current pointer: `<doc>: <pointer>: <what>`.
    fn warn(&mut self, what: String) {
        let w = format!("{}: {}: {what}", self.doc, self.pointer());
        self.warnings.push(w);
    }

    fn module(&mut self, module: String) -> ApiModule {
        let components: Vec<String> = self.api.components.as_ref().map(|c| c.schemas.keys().cloned().collect()).unwrap_or_default();
        self.component_names = assign(components.iter().map(String::as_str), Case::Type, &RUNTIME_AND_PRELUDE);
        for name in &components {
            let schema = self.api.components.as_ref().and_then(|c| c.schemas.get(name)).cloned();
            if let Some(s) = schema {
                let rust = self.component_names[name].clone();
                if self.is_scalar(&s) {
                    continue;
                }
                self.at = vec!["components".into(), "schemas".into(), name.clone()];
                self.define(&rust, &s, format!("components/schemas/{name}"));
                self.at.clear();
            }
        }
        let mut ops = Vec::new();
        let mut op_ids = Vec::new();
        for (path, item) in self.api.paths.iter() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, op) in item.iter() {
                let id = op.operation_id.clone().unwrap_or_else(|| match self.target {
                    Target::Altinn2 => format!("{method} {path}"),
                    // `/broker/api/v1/filetransfer/{id}` is named as `filetransfer/{id}`.
                    _ => format!("{method} {}", path_after_version(path)),
                });
                op_ids.push(id.clone());
                ops.push((path.clone(), method.to_uppercase(), item.parameters.clone(), op.clone(), id));
            }
        }
        let fn_names = assign(op_ids.iter().map(String::as_str), Case::Snake, &[]);
        let mut operations: Vec<Operation> = ops
            .into_iter()
            .map(|(path, method, shared, op, id)| {
                let rust = fn_names[&id].clone();
                self.at = vec!["paths".into(), path.clone(), method.to_ascii_lowercase()];
                let op = self.operation(&path, &method, &shared, &op, id, rust);
                self.at.clear();
                op
            })
            .collect();
        operations.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
        ApiModule {
            target: self.target.clone(),
            module,
            document: self.doc.to_string(),
            doc: doc_of(Some(&self.api.info.title), self.api.info.description.as_deref()),
            types: std::mem::take(&mut self.types),
            operations,
        }
    }

    fn component(&self, reference: &str) -> Option<(&'a str, &'a Schema)> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let (k, v) = self.api.components.as_ref()?.schemas.get_key_value(name)?;
        match v {
            ReferenceOr::Item(s) => Some((k.as_str(), s)),
            ReferenceOr::Reference { reference } => self.component(reference),
        }
    }

    /// A scalar schema's type. On Altinn 3, an enumeration declared as integers is read as
    /// integers or names: .NET services declare their enums as numbers and send their names
    /// (the Resource Registry's `ResourceType`).
    fn scalar(&self, s: &Schema) -> Option<Ty> {
        let int_enum = matches!(&s.schema_kind, SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty());
        if self.target != Target::Altinn2 && int_enum {
            return Some(Ty::IntEnum);
        }
        scalar(s)
    }

    fn is_scalar(&self, s: &ReferenceOr<Schema>) -> bool {
        match s {
            ReferenceOr::Reference { reference } => self.component(reference).is_some_and(|(_, s)| self.scalar(s).is_some()),
            ReferenceOr::Item(s) => self.scalar(s).is_some(),
        }
    }

    fn define(&mut self, rust: &str, s: &ReferenceOr<Schema>, origin: String) {
        if self.types.contains_key(rust) {
            return;
        }
        let ReferenceOr::Item(schema) = s else {
            let ty = self.ty_ref(s, rust);
            self.types.insert(rust.to_string(), NamedType { origin, doc: None, def: TypeDef::Alias(ty) });
            return;
        };
        let doc = doc_of(schema.schema_data.title.as_deref(), schema.schema_data.description.as_deref());
        // Reserve the name first: recursive types refer to themselves.
        self.types.insert(rust.to_string(), NamedType { origin: origin.clone(), doc: doc.clone(), def: TypeDef::Alias(Ty::Json) });
        let def = self.def(rust, schema);
        self.types.insert(rust.to_string(), NamedType { origin, doc, def });
    }

    fn def(&mut self, rust: &str, schema: &Schema) -> TypeDef {
        if let Some(values) = string_enum(schema) {
            let variants = assign(values.iter().map(String::as_str), Case::Type, &["Other"]);
            return TypeDef::Enum { values: values.iter().map(|v| (v.clone(), variants[v].clone())).collect() };
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                TypeDef::Struct { fields: self.fields(rust, o.properties.iter().map(|(k, v)| (k.clone(), v.clone().unbox())).collect()) }
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                TypeDef::Struct { fields: self.fields(rust, a.properties.iter().map(|(k, v)| (k.clone(), v.clone().unbox())).collect()) }
            }
            // `allOf` of one schema is that schema (an enumeration, another type).
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => TypeDef::Alias(self.ty(&all_of[0], rust)),
            SchemaKind::AllOf { all_of } => {
                let mut props = Vec::new();
                for (i, part) in all_of.iter().enumerate() {
                    let part = match part {
                        ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s.clone()),
                        ReferenceOr::Item(s) => Some(s.clone()),
                    };
                    match part.map(|p| p.schema_kind) {
                        Some(SchemaKind::Type(Type::Object(o))) => {
                            props.extend(o.properties.into_iter().map(|(k, v)| (k, v.unbox())));
                        }
                        _ => self.within(&["allOf", &i.to_string()], |r| {
                            r.warn(format!("{rust}: an allOf part that is not an object is left out"))
                        }),
                    }
                }
                let mut seen = std::collections::BTreeSet::new();
                props.retain(|(k, _)| seen.insert(k.clone()));
                TypeDef::Struct { fields: self.fields(rust, props) }
            }
            _ => TypeDef::Alias(self.ty(&ReferenceOr::Item(schema.clone()), rust)),
        }
    }

    fn fields(&mut self, owner: &str, props: Vec<(String, ReferenceOr<Schema>)>) -> Vec<Field> {
        let names = assign(props.iter().map(|(k, _)| k.as_str()), Case::Snake, &[]);
        props
            .iter()
            .map(|(wire, s)| {
                let ty = if wire == "_links" {
                    Ty::Links
                } else {
                    self.within(&["properties", wire], |r| r.ty_ref(s, &format!("{owner}{}", ident(wire, Case::Type))))
                };
                let doc = match s {
                    ReferenceOr::Item(s) if self.target == Target::Altinn2 => {
                        doc_of(s.schema_data.title.as_deref(), s.schema_data.description.as_deref())
                    }
                    // What the Rust type does not say: the wire format, the default, deprecation.
                    ReferenceOr::Item(s) => {
                        let v = serde_json::to_value(s).unwrap_or_default();
                        let mut facts = Vec::new();
                        if let Some(f) = v.get("format").and_then(serde_json::Value::as_str) {
                            facts.push(format!("Format: `{f}`."));
                        }
                        if let Some(d) = &s.schema_data.default {
                            facts.push(format!("Default: `{d}`."));
                        }
                        if s.schema_data.deprecated {
                            facts.push("Deprecated in the document.".to_string());
                        }
                        let facts = (!facts.is_empty()).then(|| facts.join(" "));
                        let text = doc_of(s.schema_data.title.as_deref(), s.schema_data.description.as_deref());
                        match (text, facts) {
                            (Some(t), Some(f)) => Some(format!("{t}\n\n{f}")),
                            (None, Some(f)) => Some(format!("`{wire}`\n\n{f}")),
                            (t, None) => t,
                        }
                    }
                    _ => None,
                };
                Field { wire: wire.clone(), rust: names[wire].clone(), ty, doc }
            })
            .collect()
    }

    fn ty_ref(&mut self, s: &ReferenceOr<Schema>, context: &str) -> Ty {
        match s {
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some((name, schema)) => match self.scalar(schema) {
                    Some(t) => t,
                    None => Ty::Named(self.component_names.get(name).cloned().unwrap_or_else(|| ident(name, Case::Type))),
                },
                None => {
                    self.warn(format!("reference `{reference}` points at nothing; the value is kept as JSON"));
                    Ty::Json
                }
            },
            ReferenceOr::Item(_) => self.ty(s, context),
        }
    }

    fn ty(&mut self, s: &ReferenceOr<Schema>, context: &str) -> Ty {
        let schema = match s {
            ReferenceOr::Reference { .. } => return self.ty_ref(s, context),
            ReferenceOr::Item(x) => x,
        };
        if let Some(t) = self.scalar(schema) {
            return t;
        }
        if string_enum(schema).is_some() {
            let name = self.fresh(context);
            self.define(&name, s, format!("inline at {context}"));
            return Ty::Named(name);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                let item = a
                    .items
                    .clone()
                    .map(|i| self.within(&["items"], |r| r.ty_ref(&i.unbox(), &format!("{context}Item"))))
                    .unwrap_or(Ty::Json);
                Ty::List(Box::new(item))
            }
            SchemaKind::Any(a) if a.typ.as_deref() == Some("array") || a.items.is_some() => {
                let item = a
                    .items
                    .clone()
                    .map(|i| self.within(&["items"], |r| r.ty_ref(&i.unbox(), &format!("{context}Item"))))
                    .unwrap_or(Ty::Json);
                Ty::List(Box::new(item))
            }
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => match &o.additional_properties {
                Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true)) => Ty::Map(Box::new(Ty::Json)),
                _ => Ty::Json,
            },
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => {
                let name = self.fresh(context);
                self.define(&name, s, format!("inline at {context}"));
                Ty::Named(name)
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                let name = self.fresh(context);
                self.define(&name, s, format!("inline at {context}"));
                Ty::Named(name)
            }
            // `oneOf`/`anyOf` of one schema (and `null`): .NET tooling wraps every `$ref` that has
            // a description this way. Every field is optional already, so it is that schema.
            SchemaKind::OneOf { one_of: alts } | SchemaKind::AnyOf { any_of: alts } if single(alts).is_some() => {
                let only = single(alts).expect("checked").clone();
                self.ty(&only, context)
            }
            SchemaKind::OneOf { .. } => {
                self.within(&["oneOf"], |r| r.warn(format!("{context}: a oneOf of several schemas is kept as a JSON value")));
                Ty::Json
            }
            SchemaKind::AnyOf { .. } => {
                self.within(&["anyOf"], |r| r.warn(format!("{context}: an anyOf of several schemas is kept as a JSON value")));
                Ty::Json
            }
            SchemaKind::Not { .. } => {
                self.within(&["not"], |r| r.warn(format!("{context}: `not` is kept as a JSON value")));
                Ty::Json
            }
            _ => Ty::Json,
        }
    }

    fn fresh(&self, context: &str) -> String {
        let base = ident(context, Case::Type);
        let mut name = base.clone();
        let mut n = 2;
        while self.types.contains_key(&name) || self.reserved.contains(&name) || self.component_names.values().any(|v| *v == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    fn parameter(&self, p: &ReferenceOr<Parameter>) -> Option<Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                let found = self.api.components.as_ref()?.parameters.get(name)?;
                self.parameter(found)
            }
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        shared: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        id: String,
        rust: String,
    ) -> Operation {
        let type_base = ident(&id, Case::Type);
        let rel = match self.target {
            Target::Altinn2 => path.trim_start_matches('/').strip_prefix("api/").unwrap_or(path.trim_start_matches('/')).to_string(),
            _ => [self.base.as_str(), path.trim_start_matches('/')].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("/"),
        };
        let mut params = Vec::new();
        let mut odata = false;
        let op_at = self.at.clone();
        let places: Vec<(bool, usize)> = (0..shared.len()).map(|i| (true, i)).chain((0..op.parameters.len()).map(|i| (false, i))).collect();
        for (p, (path_level, index)) in shared.iter().chain(&op.parameters).zip(places) {
            // Where the parameter is declared: on the path item or on the operation.
            self.at = if path_level { vec!["paths".into(), path.to_string()] } else { op_at.clone() };
            self.at.extend(["parameters".to_string(), index.to_string()]);
            let Some(p) = self.parameter(p) else {
                self.warn(format!("{id}: a parameter reference points at nothing"));
                continue;
            };
            let (data, place, flag) = match &p {
                Parameter::Path { parameter_data, .. } => (parameter_data, ParamPlace::Path, false),
                Parameter::Query { parameter_data, allow_empty_value, .. } => {
                    (parameter_data, ParamPlace::Query, *allow_empty_value == Some(true))
                }
                Parameter::Header { parameter_data, .. } => {
                    if CLIENT_PARAMS.iter().any(|c| c.eq_ignore_ascii_case(&parameter_data.name)) {
                        continue;
                    }
                    (parameter_data, ParamPlace::Header, false)
                }
                Parameter::Cookie { parameter_data, .. } => {
                    self.warn(format!("{id}: cookie parameter `{}` is not generated", parameter_data.name));
                    continue;
                }
            };
            if self.target == Target::Altinn2 && ODATA.contains(&data.name.as_str()) {
                odata = true;
                continue;
            }
            if CLIENT_PARAMS.contains(&data.name.as_str()) || params.iter().any(|x: &Param| x.wire == data.name) {
                continue;
            }
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    match self.within(&["schema"], |r| r.ty_ref(s, &format!("{type_base}{}", ident(&data.name, Case::Type)))) {
                        Ty::List(inner) if matches!(*inner, Ty::String | Ty::Integer | Ty::Number | Ty::Boolean) => Ty::List(inner),
                        t @ (Ty::String | Ty::Integer | Ty::Number | Ty::Boolean) => t,
                        _ => Ty::String,
                    }
                }
                ParameterSchemaOrContent::Content(_) => Ty::String,
            };
            params.push(Param {
                wire: data.name.clone(),
                rust: String::new(),
                place,
                required: place == ParamPlace::Path || data.required,
                flag: flag && ty == Ty::Boolean,
                ty,
                doc: data.description.clone(),
            });
        }
        self.at = op_at;
        // Every `{name}` of the path is a parameter, declared or not.
        for t in crate::parse::openapi::template_params(&rel) {
            if !params.iter().any(|p| p.place == ParamPlace::Path && p.wire == t) {
                params.push(Param {
                    wire: t,
                    rust: String::new(),
                    place: ParamPlace::Path,
                    ty: Ty::String,
                    required: true,
                    flag: false,
                    doc: None,
                });
            }
        }
        let names = assign(params.iter().map(|p| p.wire.as_str()), Case::Snake, &["client", "query", "odata", "body", "req"]);
        for p in &mut params {
            p.rust = names[&p.wire].clone();
        }
        // Path order, then required query parameters, then optional ones.
        let order: Vec<String> = crate::parse::openapi::template_params(&rel);
        params.sort_by_key(|p| (p.place != ParamPlace::Path, !p.required, order.iter().position(|o| *o == p.wire).unwrap_or(usize::MAX)));
        let body = op.request_body.as_ref().and_then(|b| {
            let b = match b {
                ReferenceOr::Item(b) => b.clone(),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/requestBodies/")?;
                    match self.api.components.as_ref()?.request_bodies.get(name)? {
                        ReferenceOr::Item(b) => b.clone(),
                        _ => return None,
                    }
                }
            };
            let json = b.content.iter().find(|(k, _)| k.contains("json"));
            let multipart = b.content.iter().find(|(k, _)| k.starts_with("multipart/form-data"));
            match (json, multipart) {
                (Some((ct, mt)), _) => Some(BodyKind::Json(
                    mt.schema
                        .as_ref()
                        .map(|s| self.within(&["requestBody", "content", ct, "schema"], |r| r.ty_ref(s, &format!("{type_base}Body"))))
                        .unwrap_or(Ty::Json),
                )),
                (None, Some((_, mt))) if self.target != Target::Altinn2 => {
                    let fields = mt
                        .schema
                        .as_ref()
                        .map(|s| self.within(&["requestBody", "content", "multipart/form-data", "schema"], |r| r.form_fields(s, &id)))
                        .unwrap_or_default();
                    Some(BodyKind::Multipart { name: self.fresh(&format!("{type_base}Form")), fields })
                }
                _ => b.content.keys().next().map(|ct| BodyKind::Bytes(ct.clone())),
            }
        });
        if let Some(BodyKind::Multipart { name, .. }) = &body {
            // The form struct is emitted with its operation; its name is taken.
            self.reserved.push(name.clone());
        }
        let (answer, accept) = self.answer(op, &type_base);
        let answer = self.paged(answer, &params);
        let public = match self.target {
            Target::Altinn2 => rel.starts_with("metadata") || rel.starts_with("authentication"),
            // An operation that lifts the document's requirements (`security: []`).
            _ => op.security.as_ref().is_some_and(|s| s.is_empty()),
        };
        let security = op
            .security
            .as_ref()
            .or(self.api.security.as_ref())
            .map(|reqs| {
                reqs.iter()
                    .flat_map(|req| {
                        req.iter().map(
                            |(scheme, scopes)| if scopes.is_empty() { scheme.clone() } else { format!("{scheme}: {}", scopes.join(", ")) },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let has_optional = params.iter().any(|p| p.place != ParamPlace::Path && !p.required);
        Operation {
            id: id.clone(),
            rust,
            method: method.to_string(),
            path: rel,
            params,
            odata,
            body,
            answer,
            accept,
            public,
            doc: doc_of(op.summary.as_deref(), op.description.as_deref()),
            deprecated: op.deprecated,
            query_struct: has_optional.then(|| format!("{type_base}Query")),
            security,
        }
    }

    /// The fields of a `multipart/form-data` body's schema: files (`format: binary`, alone or in
    /// an array) and text fields.
    fn form_fields(&mut self, schema: &ReferenceOr<Schema>, id: &str) -> Vec<FormField> {
        let schema = match schema {
            ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s.clone()),
            ReferenceOr::Item(s) => Some(s.clone()),
        };
        let Some(schema) = schema else {
            self.warn(format!("{id}: the multipart body's schema reference points at nothing"));
            return Vec::new();
        };
        let (props, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (o.properties.clone(), o.required.clone()),
            SchemaKind::Any(a) => (a.properties.clone(), a.required.clone()),
            _ => {
                self.warn(format!("{id}: a multipart body that is not an object has no fields"));
                return Vec::new();
            }
        };
        let names = assign(props.keys().map(String::as_str), Case::Snake, &[]);
        props
            .iter()
            .map(|(wire, s)| {
                let s = s.clone().unbox();
                let value = match &s {
                    ReferenceOr::Reference { reference } => {
                        self.component(reference).map(|(_, x)| serde_json::to_value(x).unwrap_or_default())
                    }
                    ReferenceOr::Item(x) => serde_json::to_value(x).ok(),
                }
                .unwrap_or_default();
                let list = value.get("type").and_then(serde_json::Value::as_str) == Some("array");
                let one = if list { value.get("items").cloned().unwrap_or_default() } else { value.clone() };
                let file = one.get("format").and_then(serde_json::Value::as_str) == Some("binary");
                let doc = value.get("description").and_then(serde_json::Value::as_str).map(str::to_string);
                let ty = match one.get("type").and_then(serde_json::Value::as_str) {
                    Some("integer") => Ty::Integer,
                    Some("number") => Ty::Number,
                    Some("boolean") => Ty::Boolean,
                    _ => Ty::String,
                };
                FormField { wire: wire.clone(), rust: names[wire].clone(), ty, file, list, required: required.contains(wire), doc }
            })
            .collect()
    }

    /// A platform answer that is one page of a list which says where the next page is: a
    /// struct with one list field and a token (`continuationToken`, with the query parameter of
    /// the same name) or a `next` link.
    fn paged(&self, answer: Answer, params: &[Param]) -> Answer {
        if self.target == Target::Altinn2 {
            return answer;
        }
        let Answer::Value(Ty::Named(page)) = &answer else {
            // A bare array is the whole list on the platform APIs.
            return match answer {
                Answer::Page(item) => Answer::Value(Ty::List(Box::new(item))),
                other => other,
            };
        };
        let Some(TypeDef::Struct { fields }) = self.types.get(page).map(|t| &t.def) else { return answer };
        let lists: Vec<&Field> = fields.iter().filter(|f| matches!(f.ty, Ty::List(_))).collect();
        let [list] = lists.as_slice() else { return answer };
        let Ty::List(item) = &list.ty else { return answer };
        let token_param = params.iter().find(|p| p.place == ParamPlace::Query && p.wire.eq_ignore_ascii_case("continuationToken"));
        let Some(token_param) = token_param else { return answer };
        let field = |wire: &str| fields.iter().find(|f| f.wire.eq_ignore_ascii_case(wire));
        let next = match (field(&token_param.wire), field("next")) {
            (Some(t), _) if t.ty == Ty::String => NextPage::Token {
                param: token_param.wire.clone(),
                field: t.rust.clone(),
                more: field("hasNextPage").filter(|f| f.ty == Ty::Boolean).map(|f| f.rust.clone()),
            },
            (_, Some(n)) if n.ty == Ty::String => NextPage::Link(n.rust.clone()),
            _ => return answer,
        };
        Answer::Paged { page: Ty::Named(page.clone()), item: (**item).clone(), items: list.rust.clone(), next }
    }

    fn answer(&mut self, op: &openapiv3::Operation, type_base: &str) -> (Answer, Option<String>) {
        let mut ok: Vec<(u16, String, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter_map(|(c, r)| match c {
                StatusCode::Code(n) if (200..300).contains(n) => Some((*n, n.to_string(), r)),
                StatusCode::Range(2) => Some((200, "2XX".to_string(), r)),
                _ => None,
            })
            .collect();
        ok.sort_by_key(|(c, _, _)| *c);
        let Some((_, code, ReferenceOr::Item(resp))) = ok.first() else { return (Answer::Raw, None) };
        let json = resp.content.iter().find(|(k, _)| k.contains("json"));
        match json {
            Some((ct, mt)) => {
                let (code, ct) = (code.clone(), ct.clone());
                let here = ["responses", code.as_str(), "content", ct.as_str(), "schema"];
                let Some(schema) = &mt.schema else { return (Answer::Raw, None) };
                let resolved = match schema {
                    ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s.clone()),
                    ReferenceOr::Item(s) => Some(s.clone()),
                };
                if let Some(item) = resolved.as_ref().and_then(hal_list_item) {
                    let ty = self.within(&here, |r| r.ty_ref(&item, &format!("{type_base}Item")));
                    return (Answer::Page(ty), None);
                }
                match self.within(&here, |r| r.ty_ref(schema, &format!("{type_base}Answer"))) {
                    Ty::List(item) => (Answer::Page(*item), None),
                    t => (Answer::Value(t), None),
                }
            }
            None => {
                let accept = resp.content.keys().next().cloned();
                let binary = resp.content.iter().any(|(k, mt)| {
                    k.contains("octet-stream")
                        || mt.schema.as_ref().and_then(|s| serde_json::to_value(s).ok()).is_some_and(|v| v["format"] == "binary")
                });
                if self.target != Target::Altinn2 && binary { (Answer::Download, accept) } else { (Answer::Raw, accept) }
            }
        }
    }
}

/// A scalar schema's type (not an enumeration).
fn scalar(s: &Schema) -> Option<Ty> {
    if string_enum(s).is_some() {
        return None;
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some(Ty::String),
        SchemaKind::Type(Type::Integer(_)) => Some(Ty::Integer),
        SchemaKind::Type(Type::Number(_)) => Some(Ty::Number),
        SchemaKind::Type(Type::Boolean(_)) => Some(Ty::Boolean),
        _ => None,
    }
}

/// The values of a string enumeration.
fn string_enum(s: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(a) => a.enumeration.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let mut seen = std::collections::BTreeSet::new();
    let values: Vec<String> = values.into_iter().filter(|v| seen.insert(v.clone())).collect();
    if values.is_empty() { None } else { Some(values) }
}

/// The item schema of a HAL list: an object whose `_embedded` holds exactly one array.
fn hal_list_item(s: &Schema) -> Option<ReferenceOr<Schema>> {
    let SchemaKind::Type(Type::Object(o)) = &s.schema_kind else { return None };
    let ReferenceOr::Item(embedded) = o.properties.get("_embedded")? else { return None };
    let SchemaKind::Type(Type::Object(e)) = &embedded.schema_kind else { return None };
    if e.properties.len() != 1 {
        return None;
    }
    match e.properties.values().next()? {
        ReferenceOr::Item(arr) => match &arr.schema_kind {
            SchemaKind::Type(Type::Array(a)) => a.items.clone().map(|i| i.unbox()),
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    }
}

/// Reads, repairs and resolves the OpenAPI documents in `dir` of `files` (`*.json`, with the
/// patch list `patches.toml` beside them). `None` when the folder is absent. The notes list each
/// defect repaired (`<doc>.json: patched: …`) and each construct generated as a JSON value.
pub fn read_api(files: &dyn Source, dir: &Path, api: Api) -> anyhow::Result<Option<(ApiModel, Vec<String>)>> {
    if !files.is_dir(dir) {
        return Ok(None);
    }
    read_api_files(files, &documents_in(files, dir)?, &dir.join("patches.toml"), api).map(Some)
}

/// The `*.json` files of the folder `dir` of `files`, sorted.
pub fn documents_in(files: &dyn Source, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let listed = files.list(dir).map_err(|e| anyhow::anyhow!("cannot list {}: {e}", dir.display()))?;
    Ok(listed.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json") && files.is_file(p)).collect())
}

/// The patch list at `file` of `files`; a missing file is an empty list.
pub fn read_patches(files: &dyn Source, file: &Path) -> anyhow::Result<Vec<Patch>> {
    if !files.is_file(file) {
        return Ok(Vec::new());
    }
    let bytes = files.read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    openapi::parse_patches(text, file)
}

/// The document at `file` of `files`, loaded as JSON.
pub fn load_document(files: &dyn Source, file: &Path) -> anyhow::Result<RawDocument> {
    let bytes = files.read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    openapi::parse_document(&bytes, file)
}

/// [`read_api`] over given documents and patch list.
pub fn read_api_files(files: &dyn Source, documents: &[PathBuf], patches: &Path, api: Api) -> anyhow::Result<(ApiModel, Vec<String>)> {
    let list = patches;
    let patches = read_patches(files, list)?;
    let raw = documents.iter().map(|f| load_document(files, f)).collect::<anyhow::Result<Vec<_>>>()?;
    let docs = openapi::read_documents(raw, &patches, api).with_context(|| format!("patch list {}", list.display()))?;
    let model = resolve(&docs.documents, api);
    let mut notes = docs.applied;
    notes.extend(docs.converted);
    notes.extend(model.warnings.iter().cloned());
    Ok((model, notes))
}

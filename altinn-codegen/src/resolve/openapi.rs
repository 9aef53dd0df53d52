//! Stage 2 for the REST API: repaired OpenAPI documents → [`ApiModel`].
//!
//! Component schemas become named types (scalar aliases are inlined so fields keep their lenient
//! decoders); inline objects and enumerations are named from where they sit; `allOf` merges its
//! parts; what has no faithful Rust type (`oneOf`, `not`) becomes a JSON value with a warning.
//! Lists answered as a bare array or as HAL `_embedded` become pages.

use std::collections::BTreeMap;

use openapiv3::{AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use crate::model::api::{Answer, ApiModel, ApiModule, BodyKind, Field, NamedType, Operation, Param, ParamPlace, Ty, TypeDef};
use crate::parse::openapi::Document;
use crate::resolve::names::{Case, assign, ident};

const ODATA: [&str; 6] = ["$filter", "$orderby", "$top", "$skip", "$expand", "$count"];
/// Parameters the client supplies itself.
const CLIENT_PARAMS: [&str; 2] = ["ForceEIAuthentication", "ApiKey"];

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

/// Resolves every document with operations.
pub fn resolve(documents: &[Document]) -> ApiModel {
    let mut model = ApiModel::default();
    let names: Vec<(String, String)> =
        documents.iter().filter(|d| !d.api.paths.paths.is_empty()).map(|d| (d.name.clone(), module_name(&d.name))).collect();
    let modules = assign(names.iter().map(|(_, m)| m.as_str()), Case::Snake, &["mod", "runtime"]);
    for d in documents.iter().filter(|d| !d.api.paths.paths.is_empty()) {
        let module = modules[&module_name(&d.name)].clone();
        let mut r = Resolver { api: &d.api, doc: &d.name, types: BTreeMap::new(), component_names: BTreeMap::new(), warnings: Vec::new() };
        let m = r.module(module);
        model.warnings.extend(r.warnings);
        model.modules.push(m);
    }
    model.modules.sort_by(|a, b| a.module.cmp(&b.module));
    model
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

struct Resolver<'a> {
    api: &'a OpenAPI,
    doc: &'a str,
    types: BTreeMap<String, NamedType>,
    /// Component schema name → Rust name.
    component_names: BTreeMap<String, String>,
    warnings: Vec<String>,
}

fn doc_of(title: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [title, description].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    if parts.is_empty() { None } else { Some(parts.join("\n\n")) }
}

impl<'a> Resolver<'a> {
    fn module(&mut self, module: String) -> ApiModule {
        let components: Vec<String> = self.api.components.as_ref().map(|c| c.schemas.keys().cloned().collect()).unwrap_or_default();
        self.component_names = assign(components.iter().map(String::as_str), Case::Type, &["Client", "Page", "Links"]);
        for name in &components {
            let schema = self.api.components.as_ref().and_then(|c| c.schemas.get(name)).cloned();
            if let Some(s) = schema {
                let rust = self.component_names[name].clone();
                if self.is_scalar(&s) {
                    continue;
                }
                self.define(&rust, &s, format!("components/schemas/{name}"));
            }
        }
        let mut ops = Vec::new();
        let mut op_ids = Vec::new();
        for (path, item) in self.api.paths.iter() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, op) in item.iter() {
                let id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
                op_ids.push(id.clone());
                ops.push((path.clone(), method.to_uppercase(), item.parameters.clone(), op.clone(), id));
            }
        }
        let fn_names = assign(op_ids.iter().map(String::as_str), Case::Snake, &[]);
        let mut operations: Vec<Operation> = ops
            .into_iter()
            .map(|(path, method, shared, op, id)| {
                let rust = fn_names[&id].clone();
                self.operation(&path, &method, &shared, &op, id, rust)
            })
            .collect();
        operations.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
        ApiModule {
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

    fn is_scalar(&self, s: &ReferenceOr<Schema>) -> bool {
        match s {
            ReferenceOr::Reference { reference } => self.component(reference).is_some_and(|(_, s)| scalar(s).is_some()),
            ReferenceOr::Item(s) => scalar(s).is_some(),
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
                for part in all_of {
                    let part = match part {
                        ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s.clone()),
                        ReferenceOr::Item(s) => Some(s.clone()),
                    };
                    match part.map(|p| p.schema_kind) {
                        Some(SchemaKind::Type(Type::Object(o))) => {
                            props.extend(o.properties.into_iter().map(|(k, v)| (k, v.unbox())));
                        }
                        _ => self.warnings.push(format!("{}: {rust}: an allOf part that is not an object is left out", self.doc)),
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
                let ty = if wire == "_links" { Ty::Links } else { self.ty_ref(s, &format!("{owner}{}", ident(wire, Case::Type))) };
                let doc = match s {
                    ReferenceOr::Item(s) => doc_of(s.schema_data.title.as_deref(), s.schema_data.description.as_deref()),
                    _ => None,
                };
                Field { wire: wire.clone(), rust: names[wire].clone(), ty, doc }
            })
            .collect()
    }

    fn ty_ref(&mut self, s: &ReferenceOr<Schema>, context: &str) -> Ty {
        match s {
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some((name, schema)) => match scalar(schema) {
                    Some(t) => t,
                    None => Ty::Named(self.component_names.get(name).cloned().unwrap_or_else(|| ident(name, Case::Type))),
                },
                None => {
                    self.warnings.push(format!("{}: reference `{reference}` points at nothing; the value is kept as JSON", self.doc));
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
        if let Some(t) = scalar(schema) {
            return t;
        }
        if string_enum(schema).is_some() {
            let name = self.fresh(context);
            self.define(&name, s, format!("inline at {context}"));
            return Ty::Named(name);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                let item = a.items.clone().map(|i| self.ty_ref(&i.unbox(), &format!("{context}Item"))).unwrap_or(Ty::Json);
                Ty::List(Box::new(item))
            }
            SchemaKind::Any(a) if a.typ.as_deref() == Some("array") || a.items.is_some() => {
                let item = a.items.clone().map(|i| self.ty_ref(&i.unbox(), &format!("{context}Item"))).unwrap_or(Ty::Json);
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
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.warnings.push(format!("{}: {context}: oneOf/anyOf/not is kept as a JSON value", self.doc));
                Ty::Json
            }
            _ => Ty::Json,
        }
    }

    fn fresh(&self, context: &str) -> String {
        let base = ident(context, Case::Type);
        let mut name = base.clone();
        let mut n = 2;
        while self.types.contains_key(&name) || self.component_names.values().any(|v| *v == name) {
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
        let rel = path.trim_start_matches('/').strip_prefix("api/").unwrap_or(path.trim_start_matches('/')).to_string();
        let mut params = Vec::new();
        let mut odata = false;
        for p in shared.iter().chain(&op.parameters) {
            let Some(p) = self.parameter(p) else {
                self.warnings.push(format!("{}: {id}: a parameter reference points at nothing", self.doc));
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
                    self.warnings.push(format!("{}: {id}: cookie parameter `{}` is not generated", self.doc, parameter_data.name));
                    continue;
                }
            };
            if ODATA.contains(&data.name.as_str()) {
                odata = true;
                continue;
            }
            if CLIENT_PARAMS.contains(&data.name.as_str()) || params.iter().any(|x: &Param| x.wire == data.name) {
                continue;
            }
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => match self.ty_ref(s, &format!("{type_base}{}", ident(&data.name, Case::Type))) {
                    Ty::List(inner) if matches!(*inner, Ty::String | Ty::Integer | Ty::Number | Ty::Boolean) => Ty::List(inner),
                    t @ (Ty::String | Ty::Integer | Ty::Number | Ty::Boolean) => t,
                    _ => Ty::String,
                },
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
            match json {
                Some((_, mt)) => {
                    Some(BodyKind::Json(mt.schema.as_ref().map(|s| self.ty_ref(s, &format!("{type_base}Body"))).unwrap_or(Ty::Json)))
                }
                None => b.content.keys().next().map(|ct| BodyKind::Bytes(ct.clone())),
            }
        });
        let (answer, accept) = self.answer(op, &type_base);
        let public = rel.starts_with("metadata") || rel.starts_with("authentication");
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
        }
    }

    fn answer(&mut self, op: &openapiv3::Operation, type_base: &str) -> (Answer, Option<String>) {
        let mut ok: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter_map(|(c, r)| match c {
                StatusCode::Code(n) if (200..300).contains(n) => Some((*n, r)),
                StatusCode::Range(2) => Some((200, r)),
                _ => None,
            })
            .collect();
        ok.sort_by_key(|(c, _)| *c);
        let Some((_, ReferenceOr::Item(resp))) = ok.first() else { return (Answer::Raw, None) };
        let json = resp.content.iter().find(|(k, _)| k.contains("json"));
        match json {
            Some((_, mt)) => {
                let Some(schema) = &mt.schema else { return (Answer::Raw, None) };
                let resolved = match schema {
                    ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s.clone()),
                    ReferenceOr::Item(s) => Some(s.clone()),
                };
                if let Some(item) = resolved.as_ref().and_then(hal_list_item) {
                    let ty = self.ty_ref(&item, &format!("{type_base}Item"));
                    return (Answer::Page(ty), None);
                }
                match self.ty_ref(schema, &format!("{type_base}Answer")) {
                    Ty::List(item) => (Answer::Page(*item), None),
                    t => (Answer::Value(t), None),
                }
            }
            None => (Answer::Raw, resp.content.keys().next().cloned()),
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

/// Reads, repairs and resolves the OpenAPI documents in `dir` (`*.json`, with the patch list
/// `patches.toml` beside them). `None` when the folder is absent. The notes list each defect
/// repaired (`<doc>.json: patched: …`) and each construct generated as a JSON value.
pub fn read_api(dir: &std::path::Path) -> anyhow::Result<Option<(ApiModel, Vec<String>)>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    read_api_files(&files, &dir.join("patches.toml")).map(Some)
}

/// [`read_api`] over given files and patch list.
pub fn read_api_files(files: &[std::path::PathBuf], patches: &std::path::Path) -> anyhow::Result<(ApiModel, Vec<String>)> {
    use crate::parse::openapi;
    let patches = openapi::read_patches(patches)?;
    let docs = openapi::read_documents(files, &patches)?;
    let model = resolve(&docs.documents);
    let mut notes = docs.applied;
    notes.extend(model.warnings.iter().cloned());
    Ok((model, notes))
}

//! The last resolve steps: final Rust names for types, fields and variants, and boxing of
//! recursive members.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::xsd::*;
use crate::resolve::names::{Case, NameRequest, assign_layered, ident};

/// Rust names a user chose for wire names (`names.toml` in the snapshot):
///
/// ```toml
/// [types]            # named types and global elements, by wire name
/// RF9001_M = "Arsoppgave"
/// [fields]           # elements and attributes, by wire name, in every type
/// Regnskapsaar = "aar"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameOverrides {
    /// Type names by wire name.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Field names by wire name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl NameOverrides {
    /// Parses the file's text; every name must be a valid Rust identifier in the right case.
    pub fn parse(text: &str, file: &str) -> anyhow::Result<Self> {
        let o: NameOverrides = toml::from_str(text).map_err(|e| anyhow::anyhow!("{file}: invalid names file: {e}"))?;
        for (wire, name) in o.types.iter().chain(&o.fields) {
            if syn::parse_str::<syn::Ident>(name).is_err() {
                anyhow::bail!("{file}: `{wire}` = `{name}`: not a Rust identifier");
            }
        }
        for (wire, name) in &o.types {
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                anyhow::bail!("{file}: [types] `{wire}` = `{name}`: type names start with an upper-case letter");
            }
        }
        for (wire, name) in &o.fields {
            if name.chars().any(|c| c.is_ascii_uppercase()) {
                anyhow::bail!("{file}: [fields] `{wire}` = `{name}`: field names are snake_case");
            }
        }
        Ok(o)
    }
}

/// The wire name a type key stands for (`ct {ns}Name` → `Name`), for named types and globals.
fn key_wire(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("ct ").or_else(|| key.strip_prefix("st ")).or_else(|| key.strip_prefix("el "))?;
    let local = rest.rsplit('}').next().unwrap_or(rest);
    // Keys of anonymous types continue after a `/`: they are not named by the schema.
    (!local.contains('/')).then_some(local)
}

/// Names a schema type cannot take in its module: the standard prelude's names the generated
/// code uses bare (a type or tuple struct of that name would shadow them), and the `Document`
/// enum the emitter adds. A schema type of such a name takes its fallback (`StringType`).
pub const RESERVED_TYPES: &[&str] =
    &["Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default", "Into", "ToString", "Document"];

/// Fields the emitter adds to structs by itself.
pub const RESERVED_FIELDS: &[&str] = &["value", "text", "other_attributes"];

/// Names every item, rewrites references, names members and variants, boxes recursion.
pub fn finish(model: &mut SchemaModel, mut requests: BTreeMap<String, NameRequest>, overrides: &NameOverrides) {
    // 1. Type names (a user's override wins any clash).
    for (key, r) in requests.iter_mut() {
        if let Some(name) = key_wire(key).and_then(|w| overrides.types.get(w)) {
            r.primary = name.clone();
            r.fallback = format!("{name}Type");
            r.priority = 0;
        }
    }
    let mut renames = Vec::new();
    for key in model.items.keys() {
        requests.entry(key.clone()).or_insert_with(|| {
            let tail = key.rsplit(['/', ' ', '}']).next().unwrap_or("Type");
            let primary = ident(tail, Case::Type);
            NameRequest { key: key.clone(), fallback: format!("{primary}Type"), primary, priority: 9 }
        });
    }
    let wanted: Vec<NameRequest> = model.items.keys().map(|k| requests[k].clone()).collect();
    let names = assign_layered(&wanted, RESERVED_TYPES);
    for (key, name) in &names {
        if let Some(wire) = key_wire(key)
            && *name != ident(wire, Case::Type)
        {
            renames.push(("type".to_string(), wire.to_string(), name.clone()));
        }
    }
    let items = std::mem::take(&mut model.items);
    for (key, mut item) in items {
        let name = names[&key].clone();
        rename_item(&mut item, &names);
        match &mut item {
            Item::Struct(s) => s.rust_name = name.clone(),
            Item::Choice(c) => c.rust_name = name.clone(),
            Item::Enumeration(e) => e.rust_name = name.clone(),
            Item::Newtype(n) => n.rust_name = name.clone(),
        }
        model.items.insert(name, item);
    }
    for r in &mut model.roots {
        rename_type(&mut r.ty, &names);
    }

    // 2. Field, variant and value names.
    for item in model.items.values_mut() {
        match item {
            Item::Struct(s) => name_struct(s, &mut renames, overrides),
            Item::Choice(c) => name_choice(c, &mut renames),
            Item::Enumeration(e) => name_enumeration(e),
            Item::Newtype(_) => {}
        }
    }
    renames.sort();
    renames.dedup();
    model.renames = renames;

    // 3. Box members that lead back to their own type without a Vec in between.
    let graph: BTreeMap<String, Vec<String>> = model.items.iter().map(|(n, i)| (n.clone(), inline_edges(i))).collect();
    let sccs = strongly_connected(&graph);
    for item in model.items.values_mut() {
        let own = item.rust_name().to_string();
        let comp = sccs.get(&own).copied();
        let needs_box = |target: &str| comp.is_some() && sccs.get(target).copied() == comp;
        match item {
            Item::Struct(s) => {
                if let Content::Elements(ms) = &mut s.content {
                    for m in ms {
                        if let Some(t) = inline_target(m) {
                            m.boxed = needs_box(&t);
                        }
                    }
                }
            }
            Item::Choice(c) => {
                for v in &mut c.variants {
                    if let Some(t) = inline_target(&v.member) {
                        v.member.boxed = needs_box(&t);
                    }
                }
            }
            _ => {}
        }
    }
    name_roots(model);
}

fn rename_simple(s: &mut SimpleRef, names: &BTreeMap<String, String>) {
    match s {
        SimpleRef::Named(k) => {
            if let Some(n) = names.get(k) {
                *k = n.clone();
            }
        }
        SimpleRef::List(inner) => rename_simple(inner, names),
        SimpleRef::Builtin(_) => {}
    }
}

fn rename_type(t: &mut TypeRef, names: &BTreeMap<String, String>) {
    match t {
        TypeRef::Simple(s) => rename_simple(s, names),
        TypeRef::Complex(k) => {
            if let Some(n) = names.get(k) {
                *k = n.clone();
            }
        }
        TypeRef::AnyType => {}
    }
}

fn rename_member(m: &mut Member, names: &BTreeMap<String, String>) {
    match &mut m.kind {
        MemberKind::Element { ty, .. } => rename_type(ty, names),
        MemberKind::Group { ty, .. } => {
            if let Some(n) = names.get(ty) {
                *ty = n.clone();
            }
        }
        MemberKind::Any { .. } => {}
    }
}

fn rename_item(item: &mut Item, names: &BTreeMap<String, String>) {
    match item {
        Item::Struct(s) => {
            for a in &mut s.attributes {
                rename_simple(&mut a.ty, names);
            }
            match &mut s.content {
                Content::Text(t) => rename_simple(t, names),
                Content::Elements(ms) => ms.iter_mut().for_each(|m| rename_member(m, names)),
                Content::Empty => {}
            }
        }
        Item::Choice(c) => c.variants.iter_mut().for_each(|v| rename_member(&mut v.member, names)),
        Item::Enumeration(e) => rename_simple(&mut e.base, names),
        Item::Newtype(n) => rename_simple(&mut n.base, names),
    }
}

fn name_struct(s: &mut Struct, renames: &mut Vec<(String, String, String)>, overrides: &NameOverrides) {
    let mut requests = Vec::new();
    let mut seen = BTreeMap::<String, usize>::new();
    let mut member_keys = Vec::new();
    if let Content::Elements(ms) = &s.content {
        for m in ms {
            let (base_key, primary, fallback, priority) = match &m.kind {
                MemberKind::Element { name, .. } => {
                    let p = overrides.fields.get(&name.local).cloned().unwrap_or_else(|| ident(&name.local, Case::Snake));
                    (format!("e {}", name.local), p.clone(), format!("{p}_element"), 0)
                }
                MemberKind::Group { ty, .. } => {
                    let p = ident(ty, Case::Snake);
                    (format!("g {ty}"), p.clone(), format!("{p}_group"), 2)
                }
                MemberKind::Any { .. } => ("any".to_string(), "any".to_string(), "any_elements".to_string(), 3),
            };
            let n = seen.entry(base_key.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { base_key } else { format!("{base_key} #{n}") };
            member_keys.push(key.clone());
            requests.push(NameRequest { key, primary, fallback, priority });
        }
    }
    let mut attr_keys = Vec::new();
    for a in &s.attributes {
        let p = overrides.fields.get(&a.name.local).cloned().unwrap_or_else(|| ident(&a.name.local, Case::Snake));
        let key = format!("a {} {}", a.name.ns.as_deref().unwrap_or(""), a.name.local);
        attr_keys.push(key.clone());
        requests.push(NameRequest { key, primary: p.clone(), fallback: format!("{p}_attr"), priority: 1 });
    }
    let names = assign_layered(&requests, RESERVED_FIELDS);
    if let Content::Elements(ms) = &mut s.content {
        for (m, k) in ms.iter_mut().zip(&member_keys) {
            m.rust_name = names[k].clone();
            if let MemberKind::Element { name, .. } = &m.kind
                && ident(&name.local, Case::Snake) != m.rust_name
            {
                renames.push((format!("element of {}", s.rust_name), name.local.clone(), m.rust_name.clone()));
            }
        }
    }
    for (a, k) in s.attributes.iter_mut().zip(&attr_keys) {
        a.rust_name = names[k].clone();
        if ident(&a.name.local, Case::Snake) != a.rust_name {
            renames.push((format!("attribute of {}", s.rust_name), a.name.local.clone(), a.rust_name.clone()));
        }
    }
}

fn name_choice(c: &mut Choice, _renames: &mut Vec<(String, String, String)>) {
    let mut seen = BTreeMap::<String, usize>::new();
    let requests: Vec<NameRequest> = c
        .variants
        .iter()
        .map(|v| {
            let n = seen.entry(v.rust_name.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { v.rust_name.clone() } else { format!("{} #{n}", v.rust_name) };
            let p = ident(&v.rust_name, Case::Type);
            NameRequest { key, fallback: format!("{p}Variant"), primary: p, priority: 0 }
        })
        .collect();
    let names = assign_layered(&requests, &[]);
    for (v, r) in c.variants.iter_mut().zip(&requests) {
        v.rust_name = names[&r.key].clone();
    }
}

fn name_enumeration(e: &mut Enumeration) {
    let mut seen = BTreeSet::new();
    e.values.retain(|(_, wire, _)| seen.insert(wire.clone()));
    let requests: Vec<NameRequest> = e
        .values
        .iter()
        .map(|(_, wire, _)| {
            let p = if wire.trim().is_empty() { "Empty".to_string() } else { ident(wire, Case::Type) };
            NameRequest { key: wire.clone(), fallback: format!("{p}Value"), primary: p, priority: 0 }
        })
        .collect();
    let names = assign_layered(&requests, &[]);
    for v in &mut e.values {
        v.0 = names[&v.1].clone();
    }
}

/// The struct or choice a member holds inline (not through a `Vec`).
fn inline_target(m: &Member) -> Option<String> {
    if matches!(m.card, Card::Many { .. }) {
        return None;
    }
    match &m.kind {
        MemberKind::Element { ty: TypeRef::Complex(t), .. } => Some(t.clone()),
        MemberKind::Group { ty, .. } => Some(ty.clone()),
        _ => None,
    }
}

fn inline_edges(item: &Item) -> Vec<String> {
    match item {
        Item::Struct(s) => match &s.content {
            Content::Elements(ms) => ms.iter().filter_map(inline_target).collect(),
            _ => Vec::new(),
        },
        Item::Choice(c) => c.variants.iter().filter_map(|v| inline_target(&v.member)).collect(),
        _ => Vec::new(),
    }
}

/// Tarjan's algorithm (iterative); returns node → component id for components that are cycles
/// (more than one node, or a node with an edge to itself).
fn strongly_connected(graph: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, usize> {
    let nodes: Vec<&String> = graph.keys().collect();
    let index_of: BTreeMap<&String, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let n = nodes.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut comp = vec![usize::MAX; n];
    let mut comp_count = 0;
    let edges: Vec<Vec<usize>> = nodes.iter().map(|v| graph[*v].iter().filter_map(|t| index_of.get(t).copied()).collect()).collect();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    loop {
                        let w = stack.pop().expect("on stack");
                        on_stack[w] = false;
                        comp[w] = comp_count;
                        if w == v {
                            break;
                        }
                    }
                    comp_count += 1;
                }
            }
        }
    }
    let mut sizes = vec![0; comp_count];
    for c in &comp {
        sizes[*c] += 1;
    }
    let mut out = BTreeMap::new();
    for (i, v) in nodes.iter().enumerate() {
        let self_loop = edges[i].contains(&i);
        if sizes[comp[i]] > 1 || self_loop {
            out.insert((*v).clone(), comp[i]);
        }
    }
    out
}

/// The `Document` variant and the `ROOT_…` constant of every global element.
fn name_roots(model: &mut SchemaModel) {
    let requests: Vec<NameRequest> = model
        .roots
        .iter()
        .map(|r| {
            let key = format!("{} {}", r.name.ns.as_deref().unwrap_or(""), r.name.local);
            let p = ident(&r.name.local, Case::Type);
            NameRequest { key, fallback: format!("{p}Root"), primary: p, priority: 0 }
        })
        .collect();
    let names = assign_layered(&requests, &[]);
    for (r, req) in model.roots.iter_mut().zip(&requests) {
        r.variant = names[&req.key].clone();
        r.constant = ident(&format!("root {}", r.name.local), Case::Const);
    }
}

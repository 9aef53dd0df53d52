//! Following references and building the model's types.
//!
//! While resolving, every generated type is known by a *key* (`ct {ns} Name`, `st …`, or the key
//! of the place an anonymous type is declared); [`super::naming`] later turns keys into Rust
//! names. Items are created on first use, so only reachable types are generated.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::builtins::{self, builtin, implicit_range, is_integer, sized_integer};
use super::loader::Doc;
use crate::model::xsd::*;
use crate::parse::xml_tree::QName;
use crate::parse::xsd::XS;
use crate::parse::xsd::ast::{
    self, AttributeDecl, AttributeItem, Attributes as AstAttributes, ComplexContent, ComplexType, ElementDecl, Max, Occurs, Particle,
    SimpleType, SimpleVariety, TypeDecl, Use,
};
use crate::resolve::names::{Case, NameRequest, ident};

type Key = (Option<String>, String);

fn key_of(q: &QName) -> Key {
    (q.ns.clone(), q.local.clone())
}

fn show(k: &Key) -> String {
    match &k.0 {
        Some(ns) => format!("{{{ns}}}{}", k.1),
        None => k.1.clone(),
    }
}

/// What a simple type resolved to.
#[derive(Debug, Clone)]
struct SimpleInfo {
    /// How members refer to it.
    repr: SimpleRef,
    /// The built-in it is ultimately made of (`None` for lists).
    base: Option<Builtin>,
    /// Facets accumulated over all derivation steps.
    facets: Facets,
    /// Enumerated values (the last step that has any).
    enumeration: Option<Vec<(String, Option<String>)>>,
    /// For a list or union: the values it admits (the model's `value_space`).
    space: Option<ValueSpace>,
}

impl SimpleInfo {
    fn builtin(b: Builtin) -> Self {
        SimpleInfo { repr: SimpleRef::Builtin(b), base: Some(b), facets: Facets::default(), enumeration: None, space: None }
    }

    /// Its values: the list's or union's space, else the atomic type's.
    fn value_space(&self) -> ValueSpace {
        self.space.clone().unwrap_or_else(|| ValueSpace::Atomic {
            base: self.base.unwrap_or(Builtin::String),
            facets: self.facets.clone(),
            values: self.enumeration.iter().flatten().map(|(v, _)| v.clone()).collect(),
        })
    }
}

/// `base` with one restriction step's facets over it (patterns add a step; the others replace).
fn merged_facets(base: &Facets, f: &ast::Facets) -> Facets {
    let mut facets = base.clone();
    if !f.patterns.is_empty() {
        facets.patterns.push(f.patterns.clone());
        facets.translated.push(f.patterns.iter().map(|p| crate::xsd_regex::translate(p).map_err(|e| e.0)).collect());
    }
    macro_rules! set {
        ($($name:ident),*) => { $( if f.$name.is_some() { facets.$name = f.$name.clone(); } )* };
    }
    set!(
        length,
        min_length,
        max_length,
        min_inclusive,
        max_inclusive,
        min_exclusive,
        max_exclusive,
        total_digits,
        fraction_digits,
        white_space
    );
    facets
}

/// A list's values restricted by one more step (its facets and enumerated lists); other
/// spaces are returned unchanged.
fn restricted_list(space: Option<ValueSpace>, f: &ast::Facets) -> Option<ValueSpace> {
    match space? {
        ValueSpace::List { item, facets, values } => Some(ValueSpace::List {
            item,
            facets: merged_facets(&facets, f),
            values: if f.enumerations.is_empty() { values } else { f.enumerations.iter().map(|(v, _)| v.clone()).collect() },
        }),
        other => Some(other),
    }
}

/// The resolver's state.
pub struct Resolver<'a> {
    docs: &'a [Doc],
    complex: HashMap<Key, (usize, &'a ComplexType)>,
    simple: HashMap<Key, (usize, &'a SimpleType)>,
    elements: HashMap<Key, (usize, &'a ElementDecl)>,
    attributes: HashMap<Key, (usize, &'a AttributeDecl)>,
    groups: HashMap<Key, (usize, &'a ast::GroupDef)>,
    attribute_groups: HashMap<Key, (usize, &'a ast::AttributeGroupDef)>,
    substitutes: BTreeMap<Key, BTreeSet<Key>>,
    items: BTreeMap<String, Item>,
    requests: BTreeMap<String, NameRequest>,
    simple_done: HashMap<String, SimpleInfo>,
    in_progress: BTreeSet<String>,
    struct_cache: HashMap<String, (Vec<Attribute>, bool, Content, bool)>,
    warnings: Vec<String>,
}

fn card(o: Occurs, optional_context: bool) -> Card {
    let min = if optional_context { 0 } else { o.min };
    match o.max {
        Max::Bounded(0) => Card::Optional,
        Max::Bounded(1) => {
            if min == 0 {
                Card::Optional
            } else {
                Card::One
            }
        }
        Max::Bounded(n) => Card::Many { min, max: Some(n) },
        Max::Unbounded => Card::Many { min, max: None },
    }
}

fn with_occurs(p: &Particle, outer: Occurs) -> Particle {
    // A group reference's occurrence applies to the group's top particle.
    let mul = |inner: Occurs| Occurs {
        min: inner.min * outer.min,
        max: match (inner.max, outer.max) {
            (Max::Bounded(a), Max::Bounded(b)) => Max::Bounded(a * b),
            _ => Max::Unbounded,
        },
    };
    match p {
        Particle::Sequence(o, c, l) => Particle::Sequence(mul(*o), c.clone(), *l),
        Particle::Choice(o, c, l) => Particle::Choice(mul(*o), c.clone(), *l),
        Particle::All(o, c, l) => Particle::All(mul(*o), c.clone(), *l),
        Particle::GroupRef(o, q, l) => Particle::GroupRef(mul(*o), q.clone(), *l),
        Particle::Any(o, w) => Particle::Any(mul(*o), w.clone()),
        Particle::Element(e) => {
            let mut e = e.clone();
            e.occurs = mul(e.occurs);
            Particle::Element(e)
        }
    }
}

impl<'a> Resolver<'a> {
    /// Indexes every global component of the documents.
    pub fn new(docs: &'a [Doc]) -> Self {
        let mut r = Resolver {
            docs,
            complex: HashMap::new(),
            simple: HashMap::new(),
            elements: HashMap::new(),
            attributes: HashMap::new(),
            groups: HashMap::new(),
            attribute_groups: HashMap::new(),
            substitutes: BTreeMap::new(),
            items: BTreeMap::new(),
            requests: BTreeMap::new(),
            simple_done: HashMap::new(),
            in_progress: BTreeSet::new(),
            struct_cache: HashMap::new(),
            warnings: Vec::new(),
        };
        // Later documents do not override earlier ones, except redefinitions, which come later
        // in the same document and replace.
        for (i, d) in docs.iter().enumerate() {
            let ns = d.target_ns.clone();
            let k = |name: &str| (ns.clone(), name.to_string());
            for c in &d.schema.complex_types {
                let name = c.name.as_deref().unwrap_or_default();
                r.complex.insert(k(name), (i, c));
            }
            for s in &d.schema.simple_types {
                let name = s.name.as_deref().unwrap_or_default();
                r.simple.insert(k(name), (i, s));
            }
            for e in &d.schema.elements {
                let name = e.name.as_deref().unwrap_or_default();
                r.elements.entry(k(name)).or_insert((i, e));
            }
            for a in &d.schema.attributes {
                let name = a.name.as_deref().unwrap_or_default();
                r.attributes.entry(k(name)).or_insert((i, a));
            }
            for g in &d.schema.groups {
                r.groups.insert(k(&g.name), (i, g));
            }
            for g in &d.schema.attribute_groups {
                r.attribute_groups.insert(k(&g.name), (i, g));
            }
            for (msg, line) in &d.schema.ignored {
                r.warnings.push(format!("{}:{line}: {msg}", d.path.display()));
            }
        }
        for (key, (i, e)) in &r.elements {
            for head in &e.substitution_group {
                let head = r.fix_ns(*i, head);
                r.substitutes.entry(key_of(&head)).or_default().insert(key.clone());
            }
        }
        r
    }

    /// A QName as written in document `doc`: a chameleon document's no-namespace names mean its
    /// adopted namespace when that is where the component lives.
    fn fix_ns(&self, doc: usize, q: &QName) -> QName {
        let d = &self.docs[doc];
        if q.ns.is_none() && d.schema.target_ns.is_none() && d.target_ns.is_some() {
            return QName { ns: d.target_ns.clone(), local: q.local.clone() };
        }
        q.clone()
    }

    fn warn(&mut self, doc: usize, line: usize, message: String) {
        self.warnings.push(format!("{}:{line}: {message}", self.docs[doc].path.display()));
    }

    fn request(&mut self, key: &str, primary: String, fallback: String, priority: u8) {
        self.requests.entry(key.to_string()).or_insert(NameRequest { key: key.to_string(), primary, fallback, priority });
    }

    /// Resolves everything reachable from the global elements (and every named type, so that a
    /// schema of types alone still generates). Returns the model with items still named by key,
    /// and the naming requests for those keys.
    pub fn run(mut self) -> (SchemaModel, BTreeMap<String, NameRequest>) {
        let mut roots = Vec::new();
        let mut globals: Vec<(Key, usize, &'a ElementDecl)> = self.elements.iter().map(|(k, (i, e))| (k.clone(), *i, *e)).collect();
        globals.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, doc, e) in globals {
            let hint = format!("el {}", show(&key));
            self.request(&hint, ident(&key.1, Case::Type), format!("{}Element", ident(&key.1, Case::Type)), 2);
            let (ty, value_space) = self.element_type(doc, e, &hint);
            roots.push(Root {
                name: XmlName { ns: key.0.clone(), local: key.1.clone() },
                ty,
                nillable: e.nillable,
                fixed: e.fixed.clone(),
                value_space,
                variant: String::new(),
                constant: String::new(),
            });
        }
        let mut named: Vec<Key> = self.complex.keys().cloned().collect();
        named.sort();
        for k in named {
            self.complex_type(&QName { ns: k.0.clone(), local: k.1.clone() });
        }
        let mut named: Vec<Key> = self.simple.keys().cloned().collect();
        named.sort();
        for k in named {
            self.simple_named(&QName { ns: k.0.clone(), local: k.1.clone() });
        }
        let root_doc = &self.docs[0];
        let model = SchemaModel {
            source: String::new(),
            doc: root_doc.schema.doc.clone(),
            target_ns: root_doc.target_ns.clone(),
            items: std::mem::take(&mut self.items),
            roots,
            renames: Vec::new(),
            warnings: std::mem::take(&mut self.warnings),
            missing: Vec::new(),
            by_namespace: Vec::new(),
        };
        (model, std::mem::take(&mut self.requests))
    }

    // ----- types -------------------------------------------------------------------------

    /// The type of an element declaration (anonymous types are keyed under `hint`), with the
    /// values of a list or union type.
    fn element_type(&mut self, doc: usize, e: &ElementDecl, hint: &str) -> (TypeRef, Option<Box<ValueSpace>>) {
        if let Some(t) = &e.type_name {
            let t = self.fix_ns(doc, t);
            return self.type_ref_space(doc, e.line, &t);
        }
        let ty = match e.inline_type.as_deref() {
            Some(TypeDecl::Complex(ct)) => {
                self.build_struct(doc, ct, hint);
                TypeRef::Complex(hint.to_string())
            }
            Some(TypeDecl::Simple(st)) => {
                let info = self.simple_type(doc, st, hint);
                return (TypeRef::Simple(info.repr), info.space.map(Box::new));
            }
            None => {
                // An element without a type takes its substitution head's, else anyType.
                if let Some(head) = e.substitution_group.first() {
                    let head = self.fix_ns(doc, head);
                    if let Some((hd, he)) = self.elements.get(&key_of(&head)).copied()
                        && !std::ptr::eq(he, e)
                    {
                        let hint = format!("el {}", show(&key_of(&head)));
                        return self.element_type(hd, he, &hint);
                    }
                }
                TypeRef::AnyType
            }
        };
        (ty, None)
    }

    /// A type named by a QName.
    fn type_ref(&mut self, doc: usize, line: usize, q: &QName) -> TypeRef {
        self.type_ref_space(doc, line, q).0
    }

    /// [`Self::type_ref`], with the values of a list or union type.
    fn type_ref_space(&mut self, doc: usize, line: usize, q: &QName) -> (TypeRef, Option<Box<ValueSpace>>) {
        if q.ns.as_deref() == Some(XS) {
            if q.local == "anyType" {
                return (TypeRef::AnyType, None);
            }
            if let Some(b) = builtin(&q.local) {
                let info = self.builtin_named(&q.local, b);
                return (TypeRef::Simple(info.repr), info.space.map(Box::new));
            }
        }
        if self.complex.contains_key(&key_of(q)) {
            return (TypeRef::Complex(self.complex_type(q)), None);
        }
        if self.simple.contains_key(&key_of(q)) {
            let info = self.simple_named(q);
            return (TypeRef::Simple(info.repr), info.space.map(Box::new));
        }
        self.warn(doc, line, format!("type {q} is not defined: kept as raw XML"));
        (TypeRef::AnyType, None)
    }

    /// A built-in used directly: the unbounded integers with an implicit bound
    /// (`positiveInteger` ≥ 1 …) become a validated newtype of that name.
    fn builtin_named(&mut self, local: &str, b: Builtin) -> SimpleInfo {
        let info = self.builtin_info(local, b);
        if info.facets.min_inclusive.is_none() && info.facets.max_inclusive.is_none() {
            return info;
        }
        let key = format!("st {{{XS}}}{local}");
        if let Some(done) = self.simple_done.get(&key) {
            return done.clone();
        }
        let name = ident(local, Case::Type);
        self.request(&key, name.clone(), format!("{name}Value"), 8);
        let item = Newtype {
            rust_name: key.clone(),
            doc: Some(format!("`xs:{local}`.")),
            base: SimpleRef::Builtin(b),
            facets: info.facets.clone(),
        };
        self.items.insert(key.clone(), Item::Newtype(item));
        let out = SimpleInfo { repr: SimpleRef::Named(key.clone()), ..info };
        self.simple_done.insert(key, out.clone());
        out
    }

    fn builtin_info(&self, local: &str, b: Builtin) -> SimpleInfo {
        let mut info = SimpleInfo::builtin(b);
        if matches!(local, "NMTOKENS" | "IDREFS" | "ENTITIES") {
            // Read as one string; its values are lists all the same (of one item or more).
            let item = Box::new(ValueSpace::Atomic { base: b, facets: Facets::default(), values: Vec::new() });
            let facets = Facets { min_length: Some(1), ..Facets::default() };
            info.space = Some(ValueSpace::List { item, facets, values: Vec::new() });
        }
        let (lo, hi) = implicit_range(local);
        info.facets.min_inclusive = lo.map(|v| v.to_string());
        info.facets.max_inclusive = hi.map(|v| v.to_string());
        info
    }

    /// A named complex type; returns its key.
    fn complex_type(&mut self, q: &QName) -> String {
        let key = format!("ct {}", show(&key_of(q)));
        if !self.items.contains_key(&key) && !self.in_progress.contains(&key) {
            let (doc, ct) = self.complex[&key_of(q)];
            let name = ident(&q.local, Case::Type);
            self.request(&key, name.clone(), format!("{name}Type"), 0);
            self.build_struct(doc, ct, &key);
        }
        key
    }

    /// Attributes and content of a complex type, for extension by others.
    fn struct_parts(&mut self, doc: usize, line: usize, base: &QName) -> Option<(Vec<Attribute>, bool, Content, bool)> {
        if base.ns.as_deref() == Some(XS) {
            if base.local == "anyType" {
                return Some((Vec::new(), true, Content::Empty, false));
            }
            if let Some(b) = builtin(&base.local) {
                let info = self.builtin_info(&base.local, b);
                return Some((Vec::new(), false, Content::Text(info.repr), false));
            }
        }
        if self.complex.contains_key(&key_of(base)) {
            let key = self.complex_type(base);
            if let Some(parts) = self.struct_cache.get(&key) {
                return Some(parts.clone());
            }
            self.warn(doc, line, format!("{base} derives from itself: its own content is left out"));
            return Some((Vec::new(), false, Content::Empty, false));
        }
        if self.simple.contains_key(&key_of(base)) {
            let info = self.simple_named(base);
            return Some((Vec::new(), false, Content::Text(info.repr), false));
        }
        self.warn(doc, line, format!("base type {base} is not defined: its content is kept as raw XML or text"));
        None
    }

    /// Builds the struct for a complex type under `key`.
    fn build_struct(&mut self, doc: usize, ct: &ComplexType, key: &str) {
        if self.items.contains_key(key) || !self.in_progress.insert(key.to_string()) {
            return;
        }
        let mut attributes = Vec::new();
        let mut any_attribute = false;
        let mut mixed = ct.mixed;
        let content;
        match &ct.content {
            ComplexContent::Direct { particle, attributes: attrs } => {
                any_attribute |= self.attributes_into(doc, attrs, &mut attributes, key);
                content = match particle {
                    Some(p) => Content::Elements(self.members(doc, p, key, false)),
                    None if ct.mixed => Content::Text(SimpleRef::Builtin(Builtin::String)),
                    None => Content::Empty,
                };
                if matches!(content, Content::Text(_)) {
                    mixed = false;
                }
            }
            ComplexContent::SimpleExtension { base, attributes: attrs } => {
                let base = self.fix_ns(doc, base);
                let (base_attrs, base_any, base_content, _) =
                    self.struct_parts(doc, ct.line, &base).unwrap_or((Vec::new(), false, Content::Empty, false));
                attributes = base_attrs;
                any_attribute |= base_any;
                any_attribute |= self.attributes_into(doc, attrs, &mut attributes, key);
                content = match base_content {
                    Content::Text(t) => Content::Text(t),
                    _ => Content::Text(SimpleRef::Builtin(Builtin::String)),
                };
            }
            ComplexContent::SimpleRestriction { base, inline_base, facets, attributes: attrs } => {
                let base = self.fix_ns(doc, base);
                let (base_attrs, base_any, base_content, _) =
                    self.struct_parts(doc, ct.line, &base).unwrap_or((Vec::new(), false, Content::Empty, false));
                attributes = base_attrs;
                any_attribute |= base_any;
                any_attribute |= self.attributes_into(doc, attrs, &mut attributes, key);
                let text_base = match inline_base {
                    Some(st) => self.simple_type(doc, st, &format!("{key}/base")),
                    None => match base_content {
                        Content::Text(SimpleRef::Builtin(b)) => SimpleInfo::builtin(b),
                        Content::Text(r) => self.info_of(&r),
                        _ => SimpleInfo::builtin(Builtin::String),
                    },
                };
                let info = self.restrict(doc, text_base, facets, &format!("{key}/text"), key, ct.line);
                content = Content::Text(info.repr);
            }
            ComplexContent::ComplexExtension { base, particle, attributes: attrs, mixed: m } => {
                let base = self.fix_ns(doc, base);
                // An unknown base keeps whatever it would have held: any elements and attributes.
                let unknown_base = || {
                    let any = Member {
                        rust_name: "any".into(),
                        kind: MemberKind::Any { namespace: "##any".into() },
                        card: Card::Many { min: 0, max: None },
                        boxed: false,
                        doc: Some("Content of a base type that is not in the schema set, kept as raw XML.".into()),
                    };
                    (Vec::new(), true, Content::Elements(vec![any]), false)
                };
                let (base_attrs, base_any, base_content, base_mixed) = self.struct_parts(doc, ct.line, &base).unwrap_or_else(unknown_base);
                attributes = base_attrs;
                any_attribute |= base_any;
                any_attribute |= self.attributes_into(doc, attrs, &mut attributes, key);
                mixed |= m.unwrap_or(false) || base_mixed;
                let mut members = match base_content {
                    Content::Elements(m) => m,
                    Content::Text(t) => {
                        if particle.is_none() {
                            content = Content::Text(t);
                            return self.finish_struct(doc, key, ct, attributes, any_attribute, content, mixed);
                        }
                        Vec::new()
                    }
                    Content::Empty => Vec::new(),
                };
                if let Some(p) = particle {
                    members.extend(self.members(doc, p, key, false));
                }
                content = if members.is_empty() { Content::Empty } else { Content::Elements(members) };
            }
            ComplexContent::ComplexRestriction { base, particle, attributes: attrs, mixed: m } => {
                let base = self.fix_ns(doc, base);
                let (base_attrs, base_any, _, _) =
                    self.struct_parts(doc, ct.line, &base).unwrap_or((Vec::new(), false, Content::Empty, false));
                attributes = base_attrs;
                any_attribute |= base_any;
                any_attribute |= self.attributes_into(doc, attrs, &mut attributes, key);
                mixed |= m.unwrap_or(false);
                content = match particle {
                    Some(p) => Content::Elements(self.members(doc, p, key, false)),
                    None => Content::Empty,
                };
            }
        }
        self.finish_struct(doc, key, ct, attributes, any_attribute, content, mixed)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_struct(
        &mut self,
        doc_index: usize,
        key: &str,
        ct: &ComplexType,
        attributes: Vec<Attribute>,
        any_attribute: bool,
        content: Content,
        mixed: bool,
    ) {
        self.struct_cache.insert(key.to_string(), (attributes.clone(), any_attribute, content.clone(), mixed));
        self.in_progress.remove(key);
        let doc = ct.doc.clone().or_else(|| Some(default_doc(key)));
        let unordered = match (&ct.content, &content) {
            (ComplexContent::Direct { particle: Some(p), .. }, Content::Elements(ms))
            | (ComplexContent::ComplexRestriction { particle: Some(p), .. }, Content::Elements(ms)) => {
                !ms.is_empty()
                    && self.is_all(doc_index, p, 0)
                    && ms.iter().all(|m| matches!(m.kind, MemberKind::Element { .. }) && !matches!(m.card, Card::Many { .. }))
            }
            _ => false,
        };
        let s = Struct { rust_name: key.to_string(), doc, attributes, any_attribute, content, mixed, is_group: false, unordered };
        self.items.insert(key.to_string(), Item::Struct(s));
    }

    /// Whether a particle can match nothing at all.
    fn emptiable(&self, doc: usize, p: &Particle, depth: usize) -> bool {
        match p {
            Particle::Element(e) => e.occurs.min == 0,
            Particle::Any(o, _) => o.min == 0,
            Particle::Sequence(o, cs, _) | Particle::All(o, cs, _) => o.min == 0 || cs.iter().all(|c| self.emptiable(doc, c, depth + 1)),
            Particle::Choice(o, cs, _) => o.min == 0 || cs.iter().any(|c| self.emptiable(doc, c, depth + 1)),
            Particle::GroupRef(o, q, _) => {
                o.min == 0
                    || depth < 16 && {
                        let q = self.fix_ns(doc, q);
                        self.groups.get(&key_of(&q)).is_some_and(|(gd, g)| self.emptiable(*gd, &g.particle, depth + 1))
                    }
            }
        }
    }

    /// Whether a content particle is an `xs:all` (directly or through group references) that
    /// occurs at most once.
    fn is_all(&self, doc: usize, p: &Particle, depth: usize) -> bool {
        match p {
            Particle::All(o, _, _) => !o.is_many(),
            Particle::GroupRef(o, q, _) if depth < 8 && !o.is_many() => {
                let q = self.fix_ns(doc, q);
                self.groups.get(&key_of(&q)).is_some_and(|(gd, g)| self.is_all(*gd, &g.particle, depth + 1))
            }
            _ => false,
        }
    }

    /// Adds attribute uses to `out` (a restated attribute replaces an inherited one; prohibited
    /// ones are removed). Returns whether there was an `anyAttribute`.
    fn attributes_into(&mut self, doc: usize, attrs: &AstAttributes, out: &mut Vec<Attribute>, owner: &str) -> bool {
        let mut any = attrs.any.is_some();
        for item in &attrs.items {
            match item {
                AttributeItem::Attribute(a) => {
                    let resolved = self.attribute(doc, a, owner);
                    if let Some((name, attr)) = resolved {
                        out.retain(|x| x.name != name);
                        if a.use_ != Use::Prohibited {
                            out.push(attr);
                        }
                    }
                }
                AttributeItem::GroupRef(q, line) => {
                    let q = self.fix_ns(doc, q);
                    match self.attribute_groups.get(&key_of(&q)).copied() {
                        Some((gd, g)) => {
                            if !self.in_progress.insert(format!("ag {q}")) {
                                self.warn(doc, *line, format!("attribute group {q} refers to itself"));
                                continue;
                            }
                            any |= self.attributes_into(gd, &g.attributes, out, owner);
                            self.in_progress.remove(&format!("ag {q}"));
                        }
                        None => self.warn(doc, *line, format!("attribute group {q} is not defined: left out")),
                    }
                }
            }
        }
        any
    }

    fn attribute(&mut self, doc: usize, a: &AttributeDecl, owner: &str) -> Option<(XmlName, Attribute)> {
        let (decl_doc, decl, global) = match &a.reference {
            Some(r) => {
                let r = self.fix_ns(doc, r);
                if r.ns.as_deref() == Some("http://www.w3.org/XML/1998/namespace") {
                    // xml:lang, xml:space … : plain strings.
                    let name = XmlName { ns: r.ns.clone(), local: r.local.clone() };
                    return Some((
                        name.clone(),
                        Attribute {
                            rust_name: format!("xml_{}", r.local),
                            name,
                            ty: SimpleRef::Builtin(Builtin::String),
                            required: a.use_ == Use::Required,
                            default: a.default.clone(),
                            fixed: a.fixed.clone(),
                            doc: a.doc.clone(),
                            value_space: None,
                        },
                    ));
                }
                match self.attributes.get(&key_of(&r)).copied() {
                    Some((d, g)) => (d, g, true),
                    None => {
                        // Lossless fallback: the attribute is kept as text under its own name.
                        self.warn(doc, a.line, format!("attribute {r} is not defined: kept as a text attribute"));
                        let name = XmlName { ns: r.ns.clone(), local: r.local.clone() };
                        return Some((
                            name.clone(),
                            Attribute {
                                rust_name: r.local.clone(),
                                name,
                                ty: SimpleRef::Builtin(Builtin::String),
                                required: a.use_ == Use::Required,
                                default: a.default.clone(),
                                fixed: a.fixed.clone(),
                                doc: a.doc.clone(),
                                value_space: None,
                            },
                        ));
                    }
                }
            }
            None => (doc, a, false),
        };
        let local = decl.name.clone().unwrap_or_default();
        let qualified = global || decl.form_qualified.unwrap_or(self.docs[decl_doc].schema.attribute_form_qualified);
        let name = XmlName { ns: if qualified { self.docs[decl_doc].target_ns.clone() } else { None }, local: local.clone() };
        let (ty, value_space) = match (&decl.type_name, &decl.inline_type) {
            (Some(t), _) => {
                let t = self.fix_ns(decl_doc, t);
                match self.type_ref_space(decl_doc, decl.line, &t) {
                    (TypeRef::Simple(s), space) => (s, space),
                    _ => (SimpleRef::Builtin(Builtin::String), None),
                }
            }
            (None, Some(st)) => {
                let hint = format!("at {}@{}:{}", local, self.docs[decl_doc].path.display(), decl.line);
                let primary = ident(&local, Case::Type);
                let owner_name = self.requests.get(owner).map(|r| r.primary.clone()).unwrap_or_default();
                self.request(&hint, primary.clone(), format!("{owner_name}{primary}Attribute"), 5);
                let info = self.simple_type(decl_doc, st, &hint);
                (info.repr, info.space.map(Box::new))
            }
            (None, None) => (SimpleRef::Builtin(Builtin::String), None),
        };
        Some((
            name.clone(),
            Attribute {
                rust_name: local,
                name,
                ty,
                required: a.use_ == Use::Required || decl.use_ == Use::Required,
                default: a.default.clone().or_else(|| decl.default.clone()),
                fixed: a.fixed.clone().or_else(|| decl.fixed.clone()),
                doc: a.doc.clone().or_else(|| decl.doc.clone()),
                value_space,
            },
        ))
    }

    // ----- content models -----------------------------------------------------------------

    /// Members of a particle inside the struct `owner`.
    fn members(&mut self, doc: usize, p: &Particle, owner: &str, optional: bool) -> Vec<Member> {
        let mut out = Vec::new();
        self.particle_into(doc, p, owner, optional, &mut out);
        out
    }

    fn particle_into(&mut self, doc: usize, p: &Particle, owner: &str, optional: bool, out: &mut Vec<Member>) {
        match p {
            Particle::Element(e) => {
                if let Some(m) = self.element_member(doc, e, owner, optional) {
                    out.push(m);
                }
            }
            Particle::Sequence(o, children, line) | Particle::All(o, children, line) => {
                if o.max == Max::Bounded(0) {
                    return;
                }
                if !o.is_many() {
                    for c in children {
                        self.particle_into(doc, c, owner, optional || o.min == 0, out);
                    }
                    return;
                }
                // A repeated sequence: a group struct, read item by item.
                let key = format!("{owner}/seq@{line}");
                let members = {
                    let mut v = Vec::new();
                    for c in children {
                        self.particle_into(doc, c, &key, false, &mut v);
                    }
                    v
                };
                let names = first_names(&members);
                let base = self.requests.get(owner).map(|r| r.primary.clone()).unwrap_or_else(|| "Group".into());
                self.request(&key, format!("{base}Item"), format!("{base}Item{line}"), 6);
                self.items.insert(key.clone(), group_struct(&key, "One repetition of a repeated sequence.", members));
                out.push(group_member_of("items", key, names, card(*o, optional)));
            }
            Particle::Choice(o, children, line) => {
                if o.max == Max::Bounded(0) {
                    return;
                }
                let key = format!("{owner}/choice@{line}");
                let base = self.requests.get(owner).map(|r| r.primary.clone()).unwrap_or_else(|| "Group".into());
                self.request(&key, format!("{base}Choice"), format!("{base}Choice{line}"), 6);
                let mut variants = Vec::new();
                for (i, c) in children.iter().enumerate() {
                    match c {
                        Particle::Element(_) | Particle::Any(..) => {
                            let mut v = Vec::new();
                            self.particle_into(doc, c, &key, false, &mut v);
                            for m in v {
                                let vname = match &m.kind {
                                    MemberKind::Element { name, .. } => name.local.clone(),
                                    MemberKind::Any { .. } => "Any".into(),
                                    MemberKind::Group { .. } => format!("Option{i}"),
                                };
                                variants.push(Variant { rust_name: vname, member: m });
                            }
                        }
                        Particle::GroupRef(go, q, gl) => {
                            let q = self.fix_ns(doc, q);
                            let guard = format!("g {q}");
                            match self.groups.get(&key_of(&q)).copied() {
                                // A group that refers to itself as a choice option (found by
                                // fuzzing: it recursed until the stack ran out).
                                Some(_) if self.in_progress.contains(&guard) => {
                                    self.warn(doc, *gl, format!("group {q} contains itself: the inner reference is kept as raw XML"));
                                    let member = Member {
                                        rust_name: "any".into(),
                                        kind: MemberKind::Any { namespace: "##any".into() },
                                        card: Card::Many { min: 0, max: None },
                                        boxed: false,
                                        doc: None,
                                    };
                                    variants.push(Variant { rust_name: "Any".into(), member });
                                }
                                Some((gd, g)) => {
                                    let inner = with_occurs(&g.particle, *go);
                                    self.in_progress.insert(guard.clone());
                                    let member = self.group_member(gd, &inner, &key, i, &q.local);
                                    self.in_progress.remove(&guard);
                                    variants.push(Variant { rust_name: q.local.clone(), member });
                                }
                                None => self.warn(doc, *gl, format!("group {q} is not defined: left out")),
                            }
                        }
                        _ => {
                            let member = self.group_member(doc, c, &key, i, "");
                            let vname = match &member.kind {
                                MemberKind::Group { names, .. } => {
                                    names.first().map(|n| n.local.clone()).unwrap_or_else(|| format!("Option{i}"))
                                }
                                _ => format!("Option{i}"),
                            };
                            variants.push(Variant { rust_name: vname, member });
                        }
                    }
                }
                let names: Vec<XmlName> = {
                    let mut set = BTreeSet::new();
                    for v in &variants {
                        for n in member_names(&v.member) {
                            set.insert(n);
                        }
                    }
                    set.into_iter().collect()
                };
                self.items.insert(key.clone(), Item::Choice(Choice { rust_name: key.clone(), doc: None, variants }));
                // A choice with an option that can be empty can itself be absent.
                let emptiable = children.iter().any(|c| self.emptiable(doc, c, 0));
                out.push(group_member_of("choice", key, names, card(*o, optional || emptiable)));
            }
            Particle::GroupRef(o, q, line) => {
                let q = self.fix_ns(doc, q);
                let guard = format!("g {q}");
                match self.groups.get(&key_of(&q)).copied() {
                    Some((gd, g)) => {
                        if !self.in_progress.insert(guard.clone()) {
                            self.warn(doc, *line, format!("group {q} contains itself: the inner reference is kept as raw XML"));
                            out.push(Member {
                                rust_name: "any".into(),
                                kind: MemberKind::Any { namespace: "##any".into() },
                                card: Card::Many { min: 0, max: None },
                                boxed: false,
                                doc: None,
                            });
                            return;
                        }
                        let inner = with_occurs(&g.particle, *o);
                        self.particle_into(gd, &inner, owner, optional, out);
                        self.in_progress.remove(&guard);
                    }
                    None => self.warn(doc, *line, format!("group {q} is not defined: left out")),
                }
            }
            Particle::Any(o, w) => out.push(Member {
                rust_name: "any".into(),
                kind: MemberKind::Any { namespace: w.namespace.clone() },
                card: card(*o, optional),
                boxed: false,
                doc: None,
            }),
        }
    }

    /// A choice option that is itself a sequence/choice/group: wrapped in a member.
    fn group_member(&mut self, doc: usize, p: &Particle, choice_key: &str, index: usize, hint: &str) -> Member {
        let key = format!("{choice_key}/{index}");
        let base = self.requests.get(choice_key).map(|r| r.primary.clone()).unwrap_or_else(|| "Choice".into());
        let name = if hint.is_empty() { format!("{base}Option{index}") } else { format!("{base}{}", ident(hint, Case::Type)) };
        self.request(&key, name.clone(), format!("{name}{index}"), 7);
        let (o, members) = match p {
            Particle::Sequence(o, children, _) | Particle::All(o, children, _) => {
                let mut v = Vec::new();
                for c in children {
                    self.particle_into(doc, c, &key, false, &mut v);
                }
                (*o, v)
            }
            other => (Occurs::ONE, self.members(doc, other, &key, false)),
        };
        let names = first_names(&members);
        self.items.insert(key.clone(), group_struct(&key, "A group of elements that is one alternative of a choice.", members));
        group_member_of("group", key, names, card(o, false))
    }

    fn element_member(&mut self, doc: usize, e: &ElementDecl, owner: &str, optional: bool) -> Option<Member> {
        if e.occurs.max == Max::Bounded(0) {
            return None;
        }
        let card = card(e.occurs, optional);
        if let Some(r) = &e.reference {
            let r = self.fix_ns(doc, r);
            let Some((gd, g)) = self.elements.get(&key_of(&r)).copied() else {
                self.warn(doc, e.line, format!("element {r} is not defined: kept as raw XML"));
                return Some(Member {
                    rust_name: r.local.clone(),
                    kind: MemberKind::Element {
                        name: XmlName { ns: r.ns.clone(), local: r.local.clone() },
                        ty: TypeRef::AnyType,
                        nillable: true,
                        fixed: None,
                        default: None,
                        value_space: None,
                    },
                    card,
                    boxed: false,
                    doc: e.doc.clone(),
                });
            };
            // The head of a substitution group stands for all its members: a choice.
            let heads = self.substitution_members(&key_of(&r));
            if !heads.is_empty() {
                let key = format!("{owner}/subst {}", show(&key_of(&r)));
                let base = ident(&r.local, Case::Type);
                self.request(&key, format!("{base}Choice"), format!("{base}Substitution"), 6);
                let mut variants = Vec::new();
                let mut all = Vec::new();
                if !g.is_abstract {
                    all.push((key_of(&r), gd, g));
                }
                for k in heads {
                    let (md, m) = self.elements[&k];
                    if !m.is_abstract {
                        all.push((k, md, m));
                    }
                }
                for (k, md, m) in all {
                    let hint = format!("el {}", show(&k));
                    self.request(&hint, ident(&k.1, Case::Type), format!("{}Element", ident(&k.1, Case::Type)), 2);
                    let (ty, value_space) = self.element_type(md, m, &hint);
                    variants.push(Variant {
                        rust_name: k.1.clone(),
                        member: Member {
                            rust_name: k.1.clone(),
                            kind: MemberKind::Element {
                                name: XmlName { ns: k.0.clone(), local: k.1.clone() },
                                ty,
                                nillable: m.nillable,
                                fixed: m.fixed.clone(),
                                default: m.default.clone(),
                                value_space,
                            },
                            card: Card::One,
                            boxed: false,
                            doc: m.doc.clone(),
                        },
                    });
                }
                let names = variants.iter().flat_map(|v| member_names(&v.member)).collect::<BTreeSet<_>>();
                self.items.insert(key.clone(), Item::Choice(Choice { rust_name: key.clone(), doc: g.doc.clone(), variants }));
                return Some(Member {
                    rust_name: r.local.clone(),
                    kind: MemberKind::Group { ty: key, names: names.into_iter().collect() },
                    card,
                    boxed: false,
                    doc: e.doc.clone().or_else(|| g.doc.clone()),
                });
            }
            let hint = format!("el {}", show(&key_of(&r)));
            self.request(&hint, ident(&r.local, Case::Type), format!("{}Element", ident(&r.local, Case::Type)), 2);
            let (ty, value_space) = self.element_type(gd, g, &hint);
            return Some(Member {
                rust_name: r.local.clone(),
                kind: MemberKind::Element {
                    name: XmlName { ns: r.ns.clone(), local: r.local.clone() },
                    ty,
                    nillable: g.nillable,
                    fixed: g.fixed.clone(),
                    default: g.default.clone(),
                    value_space,
                },
                card,
                boxed: false,
                doc: e.doc.clone().or_else(|| g.doc.clone()),
            });
        }
        let local = e.name.clone().unwrap_or_default();
        let qualified = e.form_qualified.unwrap_or(self.docs[doc].schema.element_form_qualified);
        let ns = if qualified { self.docs[doc].target_ns.clone() } else { None };
        let hint = format!("{owner}/{local}");
        let primary = ident(&local, Case::Type);
        let owner_name = self.requests.get(owner).map(|r| r.primary.clone()).unwrap_or_default();
        self.request(&hint, primary.clone(), format!("{owner_name}{primary}"), 3);
        let (ty, value_space) = self.element_type(doc, e, &hint);
        Some(Member {
            rust_name: local.clone(),
            kind: MemberKind::Element {
                name: XmlName { ns, local },
                ty,
                nillable: e.nillable,
                fixed: e.fixed.clone(),
                default: e.default.clone(),
                value_space,
            },
            card,
            boxed: false,
            doc: e.doc.clone(),
        })
    }

    fn substitution_members(&self, head: &Key) -> Vec<Key> {
        let mut out = BTreeSet::new();
        let mut stack = vec![head.clone()];
        while let Some(h) = stack.pop() {
            if let Some(ms) = self.substitutes.get(&h) {
                for m in ms {
                    if out.insert(m.clone()) {
                        stack.push(m.clone());
                    }
                }
            }
        }
        out.remove(head);
        out.into_iter().collect()
    }

    // ----- simple types -------------------------------------------------------------------

    fn info_of(&self, r: &SimpleRef) -> SimpleInfo {
        match r {
            SimpleRef::Builtin(b) => SimpleInfo::builtin(*b),
            SimpleRef::Named(k) => self.simple_done.get(k).cloned().unwrap_or_else(|| SimpleInfo::builtin(Builtin::String)),
            SimpleRef::List(_) => SimpleInfo { repr: r.clone(), base: None, facets: Facets::default(), enumeration: None, space: None },
        }
    }

    fn simple_named(&mut self, q: &QName) -> SimpleInfo {
        let key = format!("st {}", show(&key_of(q)));
        if let Some(info) = self.simple_done.get(&key) {
            return info.clone();
        }
        if !self.in_progress.insert(key.clone()) {
            return SimpleInfo::builtin(Builtin::String);
        }
        let (doc, st) = self.simple[&key_of(q)];
        let name = ident(&q.local, Case::Type);
        self.request(&key, name.clone(), format!("{name}Value"), 1);
        let info = self.simple_type(doc, st, &key);
        self.in_progress.remove(&key);
        self.simple_done.insert(key, info.clone());
        info
    }

    /// Resolves a simple type (named or anonymous) whose item, if one is needed, gets `key`.
    fn simple_type(&mut self, doc: usize, st: &SimpleType, key: &str) -> SimpleInfo {
        let info = match &st.variety {
            SimpleVariety::Restriction { base, inline_base, facets } => {
                let base_info = match (base, inline_base) {
                    (_, Some(inline)) => self.simple_type(doc, inline, &format!("{key}/base")),
                    (Some(b), None) => {
                        let b = self.fix_ns(doc, b);
                        if b.ns.as_deref() == Some(XS) {
                            match builtin(&b.local) {
                                Some(bt) => self.builtin_info(&b.local, bt),
                                None => SimpleInfo::builtin(Builtin::String),
                            }
                        } else if self.simple.contains_key(&key_of(&b)) {
                            self.simple_named(&b)
                        } else if self.complex.contains_key(&key_of(&b)) {
                            self.warn(doc, st.line, format!("simple type restricts complex type {b}: read as text"));
                            SimpleInfo::builtin(Builtin::String)
                        } else {
                            self.warn(doc, st.line, format!("base type {b} is not defined: read as text"));
                            SimpleInfo::builtin(Builtin::String)
                        }
                    }
                    (None, None) => SimpleInfo::builtin(Builtin::String),
                };
                self.restrict(doc, base_info, facets, key, key, st.line)
            }
            SimpleVariety::List { item, inline_item } => {
                let item_info = match (item, inline_item) {
                    (_, Some(inline)) => self.simple_type(doc, inline, &format!("{key}/item")),
                    (Some(i), None) => {
                        let i = self.fix_ns(doc, i);
                        match self.type_ref(doc, st.line, &i) {
                            TypeRef::Simple(s) => self.info_of(&s),
                            _ => SimpleInfo::builtin(Builtin::String),
                        }
                    }
                    (None, None) => SimpleInfo::builtin(Builtin::String),
                };
                let item = Box::new(item_info.value_space());
                let space = Some(ValueSpace::List { item, facets: Facets::default(), values: Vec::new() });
                SimpleInfo {
                    repr: SimpleRef::List(Box::new(item_info.repr)),
                    base: None,
                    facets: Facets::default(),
                    enumeration: None,
                    space,
                }
            }
            SimpleVariety::Union { members, inline_members } => {
                let mut spaces: Vec<ValueSpace> = members.iter().map(|m| self.named_space(doc, m)).collect();
                spaces.extend(inline_members.iter().map(|st| self.inline_space(doc, st)));
                SimpleInfo { space: Some(ValueSpace::Union(spaces)), ..SimpleInfo::builtin(Builtin::String) }
            }
        };
        if let Some(d) = &st.doc
            && let SimpleRef::Named(k) = &info.repr
            && k == key
        {
            match self.items.get_mut(k) {
                Some(Item::Enumeration(e)) => e.doc = Some(d.clone()),
                Some(Item::Newtype(n)) => n.doc = Some(d.clone()),
                _ => {}
            }
        }
        info
    }

    /// The values of a simple type named by a QName (a built-in or a named simple type).
    fn named_space(&mut self, doc: usize, q: &QName) -> ValueSpace {
        let q = self.fix_ns(doc, q);
        let info = match q.ns.as_deref() {
            Some(XS) => builtin(&q.local).map(|b| self.builtin_info(&q.local, b)),
            _ if self.simple.contains_key(&key_of(&q)) => Some(self.simple_named(&q)),
            _ => None,
        };
        info.unwrap_or_else(|| SimpleInfo::builtin(Builtin::String)).value_space()
    }

    /// The values of an anonymous member type of a union, found without making it an item:
    /// the union is read as text, so its members generate nothing.
    fn inline_space(&mut self, doc: usize, st: &SimpleType) -> ValueSpace {
        match &st.variety {
            SimpleVariety::Restriction { base, inline_base, facets } => {
                let base = match (base, inline_base) {
                    (_, Some(inline)) => self.inline_space(doc, inline),
                    (Some(b), None) => self.named_space(doc, b),
                    (None, None) => SimpleInfo::builtin(Builtin::String).value_space(),
                };
                match base {
                    ValueSpace::Atomic { base, facets: f, values } => {
                        let values = if facets.enumerations.is_empty() {
                            values
                        } else {
                            facets.enumerations.iter().map(|(v, _)| v.clone()).collect()
                        };
                        ValueSpace::Atomic { base, facets: merged_facets(&f, facets), values }
                    }
                    list @ ValueSpace::List { .. } => restricted_list(Some(list), facets).unwrap_or(ValueSpace::Union(Vec::new())),
                    // A restricted union: its members' values, left unrestricted.
                    union => union,
                }
            }
            SimpleVariety::List { item, inline_item } => {
                let item = match (item, inline_item) {
                    (_, Some(inline)) => self.inline_space(doc, inline),
                    (Some(i), None) => self.named_space(doc, i),
                    (None, None) => SimpleInfo::builtin(Builtin::String).value_space(),
                };
                ValueSpace::List { item: Box::new(item), facets: Facets::default(), values: Vec::new() }
            }
            SimpleVariety::Union { members, inline_members } => {
                let mut spaces: Vec<ValueSpace> = members.iter().map(|m| self.named_space(doc, m)).collect();
                spaces.extend(inline_members.iter().map(|st| self.inline_space(doc, st)));
                ValueSpace::Union(spaces)
            }
        }
    }

    /// Applies one restriction step to `base`; creates an enumeration or newtype under `key`
    /// when the step adds constraints.
    fn restrict(&mut self, doc: usize, base: SimpleInfo, f: &ast::Facets, key: &str, owner: &str, line: usize) -> SimpleInfo {
        if f.is_empty() {
            return base;
        }
        if !self.requests.contains_key(key) {
            let owner_name = self.requests.get(owner).map(|r| r.primary.clone()).unwrap_or_else(|| "Value".into());
            self.request(key, format!("{owner_name}Value"), format!("{owner_name}Text"), 4);
        }
        let facets = merged_facets(&base.facets, f);
        // A list's facets and enumerated lists go to its value space; a restricted union is
        // an enumeration or a newtype of its own (its members' spaces no longer tell its values).
        let space = match &base.space {
            Some(ValueSpace::List { .. }) => restricted_list(base.space.clone(), f),
            _ => None,
        };
        // Lists restricted by facets stay lists (length facets count items; not checked yet).
        let Some(mut b) = base.base else {
            if !f.enumerations.is_empty() || !f.patterns.is_empty() {
                self.warn(doc, line, "facets on a list type are not checked yet".into());
            }
            return SimpleInfo { space, ..base };
        };
        if is_integer(b) {
            let lo = bound(&facets.min_inclusive, &facets.min_exclusive, 1);
            let hi = bound(&facets.max_inclusive, &facets.max_exclusive, -1);
            let digits_hi = facets.total_digits.filter(|d| *d <= 18).map(|d| 10i128.pow(d as u32) - 1);
            let (blo, bhi) = builtins::range_of(b);
            let lo = lo.or(digits_hi.map(|h| -h)).map(|v| v.max(blo));
            let hi = hi.or(digits_hi).map(|v| v.min(bhi));
            if let Some(sized) = sized_integer(lo, hi) {
                b = sized;
            }
        }
        if !f.enumerations.is_empty() {
            let values = f.enumerations.clone();
            let item = Enumeration {
                rust_name: key.to_string(),
                doc: Some(default_doc(key)),
                base: SimpleRef::Builtin(b),
                values: values.iter().map(|(v, d)| (v.clone(), v.clone(), d.clone())).collect(),
                namespaces: if b == Builtin::QName { f.enumeration_ns.clone() } else { Vec::new() },
            };
            self.items.insert(key.to_string(), Item::Enumeration(item));
            let info = SimpleInfo { repr: SimpleRef::Named(key.to_string()), base: Some(b), facets, enumeration: Some(values), space };
            self.simple_done.insert(key.to_string(), info.clone());
            return info;
        }
        let item = Newtype { rust_name: key.to_string(), doc: Some(default_doc(key)), base: SimpleRef::Builtin(b), facets: facets.clone() };
        self.items.insert(key.to_string(), Item::Newtype(item));
        let info = SimpleInfo { repr: SimpleRef::Named(key.to_string()), base: Some(b), facets, enumeration: base.enumeration, space };
        self.simple_done.insert(key.to_string(), info.clone());
        info
    }
}

/// A struct for elements without a wrapper element of their own (read as part of the parent).
fn group_struct(key: &str, doc: &str, members: Vec<Member>) -> Item {
    Item::Struct(Struct {
        rust_name: key.to_string(),
        doc: Some(doc.to_string()),
        attributes: Vec::new(),
        any_attribute: false,
        content: if members.is_empty() { Content::Empty } else { Content::Elements(members) },
        mixed: false,
        is_group: true,
        unordered: false,
    })
}

/// A member holding a group struct or choice (`ty`) that starts with one of `names`.
fn group_member_of(rust_name: &str, ty: String, names: Vec<XmlName>, card: Card) -> Member {
    Member { rust_name: rust_name.to_string(), kind: MemberKind::Group { ty, names }, card, boxed: false, doc: None }
}

/// Documentation for a type the schema does not document, from where it is declared.
fn default_doc(key: &str) -> String {
    let local = |k: &str| k.rsplit(['}', ' ']).next().unwrap_or(k).to_string();
    if let Some(rest) = key.strip_prefix("ct ") {
        format!("The complex type `{}`.", local(rest))
    } else if let Some(rest) = key.strip_prefix("st ") {
        format!("The simple type `{}`.", local(rest))
    } else if let Some(rest) = key.strip_prefix("el ") {
        format!("The type of the global element `{}`.", local(rest))
    } else if let Some(rest) = key.strip_prefix("at ") {
        let name = rest.split('@').next().unwrap_or("");
        format!("The type of the attribute `{name}`.")
    } else {
        let last = key.rsplit('/').next().unwrap_or(key);
        match last {
            "text" | "base" => "The text of an element, restricted.".to_string(),
            _ => format!("The type of the element `{last}`."),
        }
    }
}

/// An integer bound from inclusive/exclusive facets (`adjust` moves an exclusive bound inward).
fn bound(inclusive: &Option<String>, exclusive: &Option<String>, adjust: i128) -> Option<i128> {
    let parse = |s: &String| s.trim().trim_start_matches('+').parse::<i128>().ok();
    inclusive.as_ref().and_then(parse).or_else(|| exclusive.as_ref().and_then(parse).map(|v| v + adjust))
}

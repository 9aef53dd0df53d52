//! Sample instances: for a schema's global element, a small document built from the model with
//! every required part present and facets respected (enumerations, lengths, ranges, digits,
//! patterns). A starting point for users, and a test of every schema that has no real instance:
//! xmllint must accept it.

use std::fmt::Write as _;

use altinn_codegen::model::xsd::*;
use altinn_codegen::xsd_regex;

use crate::lexical;

const MAX_DEPTH: usize = 40;

struct Out<'a> {
    model: &'a SchemaModel,
    xml: String,
    /// The default namespace in force, per open element.
    defaults: Vec<Option<String>>,
    xsi_declared: bool,
    /// Prefix bindings in scope (attribute namespaces, QName values).
    prefixes: Vec<(String, String)>,
    /// Per open element: `prefixes.len()` and `xsi_declared` before it.
    scopes: Vec<(usize, bool)>,
}

/// The namespace any prefixed QName that is not enumerated is given.
const SAMPLE_NS: &str = "urn:altinn-codegen:sample";

/// Escaped for text and for double-quoted attributes alike (the runtime's escaping).
fn escape(s: &str) -> String {
    let mut out = String::new();
    altinn_runtime::xml::escape_attr(s, &mut out);
    out
}

/// The namespaces the schema set declares its names in (elements, attributes, QName values it
/// enumerates). A document valid against the schema may need any of them, so xmllint's
/// warnings about them (a relative URI) say nothing about the sample.
pub fn declared_namespaces(model: &SchemaModel) -> std::collections::BTreeSet<String> {
    let mut names: Vec<&XmlName> = model.roots.iter().map(|r| &r.name).collect();
    let mut out: std::collections::BTreeSet<String> = model.target_ns.iter().cloned().collect();
    fn element(m: &Member) -> Option<&XmlName> {
        match &m.kind {
            MemberKind::Element { name, .. } => Some(name),
            _ => None,
        }
    }
    for item in model.items.values() {
        match item {
            Item::Struct(s) => {
                names.extend(s.attributes.iter().map(|a| &a.name));
                if let Content::Elements(ms) = &s.content {
                    names.extend(ms.iter().filter_map(element));
                }
            }
            Item::Choice(c) => names.extend(c.variants.iter().filter_map(|v| element(&v.member))),
            Item::Enumeration(e) => out.extend(e.namespaces.iter().flatten().cloned()),
            Item::Newtype(_) => {}
        }
    }
    out.extend(names.into_iter().filter_map(|n| n.ns.clone()));
    out
}

/// A sample document rooted at `root`, or why none could be made.
pub fn sample(model: &SchemaModel, root: &Root) -> Result<String, String> {
    let mut out = Out {
        model,
        xml: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        defaults: vec![None],
        xsi_declared: false,
        prefixes: Vec::new(),
        scopes: Vec::new(),
    };
    out.element(&root.name, &root.ty, root.fixed.as_deref(), root.value_space.as_deref(), 0)?;
    out.xml.push('\n');
    Ok(out.xml)
}

impl Out<'_> {
    fn open(&mut self, name: &XmlName, attrs: &[(XmlName, String)], nil: bool) {
        self.open_with(name, attrs, &[], nil)
    }

    /// Opens an element with extra prefix bindings its values need (`bindings`).
    fn open_with(&mut self, name: &XmlName, attrs: &[(XmlName, String)], bindings: &[(String, String)], nil: bool) {
        let current = self.defaults.last().cloned().flatten();
        let _ = write!(self.xml, "<{}", name.local);
        if name.ns != current {
            let _ = write!(self.xml, " xmlns=\"{}\"", escape(name.ns.as_deref().unwrap_or("")));
        }
        self.defaults.push(name.ns.clone());
        self.scopes.push((self.prefixes.len(), self.xsi_declared));
        for (p, ns) in bindings {
            if self.prefixes.iter().rev().find(|(q, _)| q == p).is_none_or(|(_, u)| u != ns) {
                let _ = write!(self.xml, " xmlns:{p}=\"{}\"", escape(ns));
                self.prefixes.push((p.clone(), ns.clone()));
            }
        }
        if nil && !self.xsi_declared {
            self.xml.push_str(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
            self.xsi_declared = true;
        }
        for (n, v) in attrs {
            match &n.ns {
                None => {
                    let _ = write!(self.xml, " {}=\"{}\"", n.local, escape(v));
                }
                Some(ns) => {
                    let prefix = match self.prefixes.iter().rev().find(|(_, u)| u == ns) {
                        Some((p, _)) => p.clone(),
                        None => {
                            let p = (self.prefixes.len() + 1..)
                                .map(|i| format!("p{i}"))
                                .find(|p| !self.prefixes.iter().any(|(q, _)| q == p))
                                .unwrap_or_default();
                            let _ = write!(self.xml, " xmlns:{p}=\"{}\"", escape(ns));
                            self.prefixes.push((p.clone(), ns.clone()));
                            p
                        }
                    };
                    let _ = write!(self.xml, " {prefix}:{}=\"{}\"", n.local, escape(v));
                }
            }
        }
        if nil {
            self.xml.push_str(" xsi:nil=\"true\"");
        }
    }

    /// Closes the scope of the innermost element (its prefixes go out of scope).
    fn close_scope(&mut self) {
        self.defaults.pop();
        if let Some((n, xsi)) = self.scopes.pop() {
            self.prefixes.truncate(n);
            self.xsi_declared = xsi;
        }
    }

    /// The prefix binding a QName sample value needs, if it has a prefix.
    fn qname_binding(&self, s: &SimpleRef, v: &str) -> Option<(String, String)> {
        let (prefix, _) = v.split_once(':')?;
        let ns = match s {
            SimpleRef::Builtin(Builtin::QName) => SAMPLE_NS.to_string(),
            SimpleRef::List(inner) => return self.qname_binding(inner, v),
            SimpleRef::Named(n) => match self.model.items.get(n)? {
                Item::Enumeration(e) => {
                    let i = e.values.iter().position(|(_, w, _)| w.trim() == v)?;
                    e.namespaces.get(i)?.clone()?
                }
                Item::Newtype(t) if t.base == SimpleRef::Builtin(Builtin::QName) => SAMPLE_NS.to_string(),
                _ => return None,
            },
            _ => return None,
        };
        Some((prefix.to_string(), ns))
    }

    /// An element: its `fixed` value when it has one, else a value of its type (`space`: the
    /// values of a list or union type).
    fn element(
        &mut self,
        name: &XmlName,
        ty: &TypeRef,
        fixed: Option<&str>,
        space: Option<&ValueSpace>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("required content nests deeper than {MAX_DEPTH} levels at {}", name.local));
        }
        match ty {
            TypeRef::Simple(s) => {
                let v = match (fixed, space) {
                    (Some(f), _) => f.to_string(),
                    (None, Some(space)) => space_value(space)?,
                    (None, None) => self.simple(s)?,
                };
                let bindings: Vec<_> = self.qname_binding(s, &v).into_iter().collect();
                self.open_with(name, &[], &bindings, false);
                let _ = write!(self.xml, ">{}</{}>", escape(&v), name.local);
                self.close_scope();
            }
            TypeRef::AnyType => {
                self.open(name, &[], false);
                let _ = write!(self.xml, "/>");
                self.close_scope();
            }
            TypeRef::Complex(t) => {
                let item = self.model.items.get(t).ok_or_else(|| format!("type {t} is missing"))?.clone();
                let Item::Struct(s) = item else { return Err(format!("{t} is not an element type")) };
                let mut attrs = Vec::new();
                let mut bindings = Vec::new();
                for a in &s.attributes {
                    if let Some(f) = &a.fixed {
                        attrs.push((a.name.clone(), f.clone()));
                    } else if a.required {
                        let v = match &a.value_space {
                            Some(space) => space_value(space)?,
                            None => self.simple(&a.ty)?,
                        };
                        bindings.extend(self.qname_binding(&a.ty, &v));
                        attrs.push((a.name.clone(), v));
                    }
                }
                let text = match &s.content {
                    Content::Text(t) => {
                        let v = match fixed {
                            Some(f) => f.to_string(),
                            None => self.simple(t)?,
                        };
                        bindings.extend(self.qname_binding(t, &v));
                        Some(v)
                    }
                    _ => None,
                };
                self.open_with(name, &attrs, &bindings, false);
                match &s.content {
                    Content::Empty => self.xml.push_str("/>"),
                    Content::Text(_) => {
                        let v = text.unwrap_or_default();
                        let _ = write!(self.xml, ">{}</{}>", escape(&v), name.local);
                    }
                    Content::Elements(ms) => {
                        self.xml.push('>');
                        self.members(ms, depth)?;
                        let _ = write!(self.xml, "</{}>", name.local);
                    }
                }
                self.close_scope();
            }
        }
        Ok(())
    }

    fn members(&mut self, ms: &[Member], depth: usize) -> Result<(), String> {
        for m in ms {
            let count = match m.card {
                Card::One => 1,
                Card::Optional => 0,
                Card::Many { min, .. } => min.min(3),
            };
            for _ in 0..count {
                self.member(m, depth)?;
            }
        }
        Ok(())
    }

    fn member(&mut self, m: &Member, depth: usize) -> Result<(), String> {
        match &m.kind {
            MemberKind::Element { name, ty, fixed, value_space, .. } => {
                self.element(name, ty, fixed.as_deref(), value_space.as_deref(), depth + 1)
            }
            MemberKind::Group { ty, .. } => match self.model.items.get(ty).cloned() {
                Some(Item::Struct(s)) => match &s.content {
                    Content::Elements(ms) => self.members(ms, depth + 1),
                    _ => Ok(()),
                },
                Some(Item::Choice(c)) => {
                    // The first alternative that can be written.
                    let mut last = String::from("a choice without alternatives");
                    for v in &c.variants {
                        let saved = self.xml.len();
                        let n = match v.member.card {
                            Card::Many { min, .. } => min.max(1),
                            _ => 1,
                        };
                        let r = (0..n).try_for_each(|_| self.member(&v.member, depth + 1));
                        match r {
                            Ok(()) => return Ok(()),
                            Err(e) => {
                                self.xml.truncate(saved);
                                last = e;
                            }
                        }
                    }
                    Err(last)
                }
                _ => Err(format!("group {ty} is missing")),
            },
            MemberKind::Any { namespace } => {
                // A required wildcard gets an element from a namespace it allows (lax or skip
                // processing accepts an undeclared one).
                if matches!(m.card, Card::Optional) || matches!(m.card, Card::Many { min: 0, .. }) {
                    return Ok(());
                }
                // A global element of the schema that the wildcard allows is valid under strict,
                // lax and skip processing alike; otherwise an undeclared element (lax, skip).
                let target = self.model.target_ns.clone();
                let allows = |ns: &Option<String>| {
                    namespace.split_whitespace().any(|t| match t {
                        "##any" => true,
                        "##other" => ns.is_some() && *ns != target,
                        "##local" => ns.is_none(),
                        "##targetNamespace" => *ns == target,
                        uri => ns.as_deref() == Some(uri),
                    })
                };
                // A root without element content first (it ends the nesting); one with element
                // content only a few levels deep.
                let leaf = |r: &&Root| !matches!(r.ty, TypeRef::Complex(_));
                let allowed: Vec<Root> = self.model.roots.iter().filter(|r| allows(&r.name.ns)).cloned().collect();
                let first = allowed.iter().find(leaf).or_else(|| allowed.iter().find(|_| depth < 8)).cloned();
                if let Some(root) = first {
                    let saved = self.xml.len();
                    match self.element(&root.name, &root.ty, root.fixed.as_deref(), root.value_space.as_deref(), depth + 1) {
                        Ok(()) => return Ok(()),
                        Err(_) => self.xml.truncate(saved),
                    }
                }
                let ns = match namespace.split_whitespace().next().unwrap_or("##any") {
                    "##local" => None,
                    "##targetNamespace" => self.model.target_ns.clone(),
                    "##any" | "##other" => Some("urn:altinn-codegen:sample".to_string()),
                    uri => Some(uri.to_string()),
                };
                let name = XmlName { ns, local: "sample".into() };
                self.open(&name, &[], false);
                self.xml.push_str("/>");
                self.close_scope();
                Ok(())
            }
        }
    }

    fn simple(&self, s: &SimpleRef) -> Result<String, String> {
        match s {
            SimpleRef::Builtin(b) => Ok(builtin_sample(*b).to_string()),
            SimpleRef::List(inner) => self.simple(inner),
            SimpleRef::Named(n) => match self.model.items.get(n) {
                Some(Item::Enumeration(e)) => e.values.first().map(|v| v.1.clone()).ok_or_else(|| format!("{n} has no values")),
                Some(Item::Newtype(t)) => {
                    let base = match &t.base {
                        SimpleRef::Builtin(b) => *b,
                        other => return self.simple(other),
                    };
                    constrained(base, &t.facets).ok_or_else(|| format!("no value found that meets the facets of {n}"))
                }
                _ => Err(format!("simple type {n} is missing")),
            },
        }
    }
}

/// A value of a list or union type.
fn space_value(space: &ValueSpace) -> Result<String, String> {
    match space {
        ValueSpace::Atomic { values, .. } | ValueSpace::List { values, .. } if !values.is_empty() => Ok(values[0].clone()),
        ValueSpace::Atomic { base, facets, .. } => {
            constrained(*base, facets).ok_or_else(|| format!("no value of {base:?} meets the facets of a list item or union member"))
        }
        ValueSpace::List { item, facets, .. } => list_value(item, facets),
        ValueSpace::Union(members) => {
            // The first member that has a value: it is a value of the union.
            let mut last = String::from("a union without member types");
            for m in members {
                match space_value(m) {
                    Ok(v) => return Ok(v),
                    Err(e) => last = e,
                }
            }
            Err(last)
        }
    }
}

/// The `i`th of a run of distinct names (`a`, `b`, … `z`, `ba`, …): valid as every string-like
/// type's value, IDs included (which must differ).
fn nth_name(i: usize) -> String {
    let mut n = i;
    let mut out = vec![b'a' + (n % 26) as u8];
    while n >= 26 {
        n /= 26;
        out.push(b'a' + (n % 26) as u8);
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A list of as many items as its length facets want (at least one), from its pattern when it
/// has one; items differ where the item type allows (IDs must).
fn list_value(item: &ValueSpace, f: &Facets) -> Result<String, String> {
    if let Some(step) = f.patterns.last() {
        for p in step {
            let Ok(t) = xsd_regex::translate(p) else { continue };
            for extra in 0..64 {
                if let Some(e) = xsd_regex::example_with(&t, extra)
                    && list_meets(item, f, &e)
                {
                    return Ok(e);
                }
            }
        }
    }
    let want = f.length.unwrap_or_else(|| f.min_length.unwrap_or(1).max(1).min(f.max_length.unwrap_or(u64::MAX))) as usize;
    let first = space_value(item)?;
    let items: Vec<String> = (0..want.min(10_000))
        .map(|i| match item {
            ValueSpace::Atomic { values, .. } if !values.is_empty() => values[i % values.len()].clone(),
            ValueSpace::Atomic { base: Builtin::String, facets, .. } => {
                let mut v = nth_name(i);
                let min = facets.length.or(facets.min_length).unwrap_or(0) as usize;
                while v.len() < min {
                    v.push('a');
                }
                if meets(Builtin::String, facets, &v) { v } else { first.clone() }
            }
            _ => first.clone(),
        })
        .collect();
    let v = items.join(" ");
    if list_meets(item, f, &v) { Ok(v) } else { Err(format!("no list found that meets its facets (tried `{v}`)")) }
}

/// Whether a list value meets the list's facets (its patterns, and lengths in items) and each
/// item is a value of the item type.
fn list_meets(item: &ValueSpace, f: &Facets, v: &str) -> bool {
    let items: Vec<&str> = v.split_whitespace().collect();
    let n = items.len() as u64;
    if f.length.is_some_and(|l| n != l) || f.min_length.is_some_and(|l| n < l) || f.max_length.is_some_and(|l| n > l) {
        return false;
    }
    let patterns_ok = f.patterns.iter().all(|step| {
        step.iter().any(|p| xsd_regex::translate(p).ok().and_then(|t| regex::Regex::new(&t).ok()).is_some_and(|r| r.is_match(v)))
    });
    patterns_ok && items.iter().all(|i| item_meets(item, i))
}

/// Whether `v` is a value of an atomic or union space (never of a list: lists do not nest).
fn item_meets(space: &ValueSpace, v: &str) -> bool {
    match space {
        ValueSpace::Atomic { values, .. } if !values.is_empty() => values.iter().any(|w| w.trim() == v),
        ValueSpace::Atomic { base, facets, .. } => meets(*base, facets, v),
        ValueSpace::Union(members) => members.iter().any(|m| item_meets(m, v)),
        ValueSpace::List { .. } => false,
    }
}

fn builtin_sample(b: Builtin) -> &'static str {
    use Builtin::*;
    match b {
        String => "a",
        Boolean => "true",
        Decimal | Integer | I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | Float | Double => "1",
        Date => "2024-01-31",
        DateTime => "2024-01-31T12:00:00",
        Time => "12:00:00",
        GYear => "2024",
        GYearMonth => "2024-01",
        GMonth => "--01",
        GMonthDay => "--01-31",
        GDay => "---31",
        Duration => "P1D",
        Base64Binary => "AAAA",
        HexBinary => "00",
        QName => "a",
    }
}

fn is_numeric(b: Builtin) -> bool {
    use Builtin::*;
    matches!(b, Decimal | Integer | I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | Float | Double)
}

/// A value of `base` meeting `f`, or `None`.
fn constrained(base: Builtin, f: &Facets) -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    if let Some(step) = f.patterns.last() {
        for p in step {
            if let Ok(t) = xsd_regex::translate(p) {
                // Longer and longer examples until one also meets the length facets.
                for extra in 0..64 {
                    if let Some(e) = xsd_regex::example_with(&t, extra) {
                        let fits = meets(base, f, &e);
                        candidates.push(e);
                        if fits {
                            break;
                        }
                    }
                }
            }
        }
    }
    if matches!(base, Builtin::Float | Builtin::Double) {
        let parse = |s: &Option<String>| s.as_deref().and_then(|v| v.trim().parse::<f64>().ok());
        let lo = parse(&f.min_inclusive).or_else(|| parse(&f.min_exclusive).map(|v| (v + 1.0).floor()));
        let hi = parse(&f.max_inclusive).or_else(|| parse(&f.max_exclusive).map(|v| (v - 1.0).ceil()));
        let mut v = 1.0f64;
        if let Some(l) = lo {
            v = v.max(l.ceil());
        }
        if let Some(h) = hi {
            v = v.min(h.floor());
        }
        candidates.push(format!("{}", v as i64));
        candidates.extend(f.min_inclusive.iter().chain(&f.max_inclusive).map(|b| b.trim().to_string()));
        if let (Some(l), Some(h)) =
            (parse(&f.min_inclusive).or(parse(&f.min_exclusive)), parse(&f.max_inclusive).or(parse(&f.max_exclusive)))
        {
            candidates.push(format!("{}", (l + h) / 2.0));
        }
    } else if is_numeric(base) {
        // Exact: bounds past 2^53 do not round (a decimal's bounds keep every digit).
        let dec = |s: &Option<String>| s.as_deref().and_then(lexical::Dec::parse);
        let lo = dec(&f.min_inclusive).and_then(|d| d.ceil()).or_else(|| dec(&f.min_exclusive).and_then(|d| d.floor()).map(|v| v + 1));
        let hi = dec(&f.max_inclusive).and_then(|d| d.floor()).or_else(|| dec(&f.max_exclusive).and_then(|d| d.ceil()).map(|v| v - 1));
        let mut v: i128 = 1;
        if let Some(l) = lo {
            v = v.max(l);
        }
        if let Some(h) = hi {
            v = v.min(h);
        }
        candidates.push(v.to_string());
        candidates.extend(f.min_inclusive.iter().chain(&f.max_inclusive).map(|b| b.trim().to_string()));
        candidates.extend(f.min_exclusive.as_deref().and_then(|b| lexical::neighbour(base, b, true)));
        candidates.extend(f.max_exclusive.as_deref().and_then(|b| lexical::neighbour(base, b, false)));
        if let (Some(l), Some(h)) = (dec(&f.min_inclusive).or(dec(&f.min_exclusive)), dec(&f.max_inclusive).or(dec(&f.max_exclusive)))
            && let Some(m) = l.midpoint(h)
        {
            candidates.push(m.to_string());
        }
    } else {
        let base_value = builtin_sample(base).to_string();
        let want = f.length.or(f.min_length).unwrap_or(0) as usize;
        match base {
            Builtin::String if want > base_value.len() => candidates.push("a".repeat(want)),
            // Length facets of binary types count octets.
            Builtin::HexBinary => candidates.push("00".repeat(want.max(1))),
            Builtin::Base64Binary if want > 0 => candidates.push(base64_zeros(want)),
            _ => {}
        }
        candidates.push(base_value);
        if lexical::is_ordered(base) {
            // Dates, times and durations: the bounds themselves, or the values just inside.
            candidates.extend(f.min_inclusive.iter().chain(&f.max_inclusive).map(|b| b.trim().to_string()));
            candidates.extend(f.min_exclusive.as_deref().and_then(|b| lexical::neighbour(base, b, true)));
            candidates.extend(f.max_exclusive.as_deref().and_then(|b| lexical::neighbour(base, b, false)));
        }
    }
    candidates.into_iter().find(|c| meets(base, f, c))
}

/// The base64 form of `n` zero octets.
fn base64_zeros(n: usize) -> String {
    let mut out = "AAAA".repeat(n / 3);
    match n % 3 {
        1 => out.push_str("AA=="),
        2 => out.push_str("AAA="),
        _ => {}
    }
    out
}

/// The length of a value as length facets count it: octets for binary types, else characters.
fn facet_length(base: Builtin, v: &str) -> u64 {
    match base {
        Builtin::HexBinary => v.trim().chars().count() as u64 / 2,
        Builtin::Base64Binary => {
            let chars: Vec<char> = v.chars().filter(|c| !c.is_whitespace()).collect();
            let pad = chars.iter().rev().take_while(|c| **c == '=').count();
            (chars.len() / 4 * 3).saturating_sub(pad) as u64
        }
        _ => v.chars().count() as u64,
    }
}

/// Whether a lexical value meets the facets (patterns, lengths, ranges, digits).
pub fn meets(base: Builtin, f: &Facets, v: &str) -> bool {
    for step in &f.patterns {
        let ok = step.iter().any(|p| xsd_regex::translate(p).ok().and_then(|t| regex::Regex::new(&t).ok()).is_some_and(|r| r.is_match(v)));
        if !ok {
            return false;
        }
    }
    let len = facet_length(base, v);
    // Length facets on QName are deprecated: every value meets them.
    if base != Builtin::QName
        && (base == Builtin::String || !is_numeric(base))
        && (f.length.is_some_and(|l| len != l) || f.min_length.is_some_and(|l| len < l) || f.max_length.is_some_and(|l| len > l))
    {
        return false;
    }
    if lexical::is_ordered(base) {
        // Exact order for decimals, integers, dates, times and durations; a bound this
        // checker cannot read is left to xmllint.
        if !lexical::parses(base, v) {
            return false;
        }
        let within = |bound: &Option<String>, ok: fn(std::cmp::Ordering) -> bool| match bound.as_deref() {
            Some(b) if lexical::parses(base, b) => lexical::compare(base, v, b).is_some_and(ok),
            _ => true,
        };
        if !(within(&f.min_inclusive, |o| o.is_ge())
            && within(&f.max_inclusive, |o| o.is_le())
            && within(&f.min_exclusive, |o| o.is_gt())
            && within(&f.max_exclusive, |o| o.is_lt()))
        {
            return false;
        }
    }
    if is_numeric(base) {
        let Ok(x) = v.trim().parse::<f64>() else { return false };
        if matches!(base, Builtin::Float | Builtin::Double) {
            let p = |s: &Option<String>| s.as_deref().and_then(|v| v.trim().parse::<f64>().ok());
            if p(&f.min_inclusive).is_some_and(|b| x < b)
                || p(&f.max_inclusive).is_some_and(|b| x > b)
                || p(&f.min_exclusive).is_some_and(|b| x <= b)
                || p(&f.max_exclusive).is_some_and(|b| x >= b)
            {
                return false;
            }
        }
        // Counted as the runtime counts them (one definition, so the two never disagree).
        let (total, frac) = altinn_runtime::xml::digit_counts(v.trim());
        if f.total_digits.is_some_and(|t| total > t) || f.fraction_digits.is_some_and(|d| frac > d) {
            return false;
        }
        let integral = matches!(
            base,
            Builtin::Integer
                | Builtin::I8
                | Builtin::I16
                | Builtin::I32
                | Builtin::I64
                | Builtin::U8
                | Builtin::U16
                | Builtin::U32
                | Builtin::U64
        );
        if integral && v.contains('.') {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample of the first global element of a schema.
    fn sample_of(xsd: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.xsd");
        std::fs::write(&path, xsd).unwrap();
        let model = altinn_codegen::resolve::xsd::resolve_file(&path).unwrap();
        let xml = sample(&model, &model.roots[0]).unwrap();
        // xmllint judges it too when it is installed.
        if crate::roundtrip::xmllint_available() {
            let instance = dir.path().join("s.xml");
            std::fs::write(&instance, &xml).unwrap();
            let verdict = crate::roundtrip::xmllint(&path, &instance);
            assert!(verdict.is_ok(), "{xml}: {verdict:?}");
        }
        xml
    }

    /// A schema with one global element `e` of an anonymous simple type: `restriction` is the
    /// restriction's content, `base` its base.
    fn restricted(base: &str, restriction: &str) -> String {
        format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e"><xs:simpleType>
            <xs:restriction base="xs:{base}">{restriction}</xs:restriction></xs:simpleType></xs:element></xs:schema>"#
        )
    }

    /// The text of the sample's root element.
    fn text(xml: &str) -> &str {
        xml.split_once("<e>").and_then(|(_, r)| r.split_once("</e>")).map(|(t, _)| t).unwrap_or_default()
    }

    #[test]
    fn dates_times_and_durations_meet_their_range_facets() {
        let cases = [
            ("dateTime", r#"<xs:minExclusive value="2030-12-30T00:00:00"/><xs:maxInclusive value="2031-01-01T00:00:00"/>"#),
            ("date", r#"<xs:maxExclusive value="1970-01-02"/>"#),
            ("time", r#"<xs:minExclusive value="10:21:00-05:00"/>"#),
            ("gYear", r#"<xs:maxInclusive value="1970"/>"#),
            ("gMonthDay", r#"<xs:minExclusive value="--12-30"/>"#),
            ("duration", r#"<xs:minExclusive value="P1Y1MT1H"/>"#),
        ];
        for (base, facets) in cases {
            let xml = sample_of(&restricted(base, facets));
            let v = text(&xml);
            let b = match base {
                "dateTime" => Builtin::DateTime,
                "date" => Builtin::Date,
                "time" => Builtin::Time,
                "gYear" => Builtin::GYear,
                "gMonthDay" => Builtin::GMonthDay,
                _ => Builtin::Duration,
            };
            let f = Facets {
                min_exclusive: facets.split("minExclusive value=\"").nth(1).map(|r| r.split('"').next().unwrap().to_string()),
                max_exclusive: facets.split("maxExclusive value=\"").nth(1).map(|r| r.split('"').next().unwrap().to_string()),
                max_inclusive: facets.split("maxInclusive value=\"").nth(1).map(|r| r.split('"').next().unwrap().to_string()),
                ..Facets::default()
            };
            assert!(meets(b, &f, v), "{base} {facets}: {v}");
        }
        assert_eq!(text(&sample_of(&restricted("dateTime", r#"<xs:minExclusive value="2030-12-30T00:00:00"/>"#))), "2030-12-30T00:00:01");
    }

    #[test]
    fn lists_have_as_many_items_as_their_length_facets_want() {
        // A list's length counts items; IDs in a list must differ.
        assert_eq!(text(&sample_of(&restricted("NMTOKENS", r#"<xs:minLength value="5"/>"#))), "a b c d e");
        let ids = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="ids"><xs:list itemType="xs:ID"/></xs:simpleType>
            <xs:element name="e"><xs:simpleType><xs:restriction base="ids"><xs:length value="3"/></xs:restriction></xs:simpleType></xs:element></xs:schema>"#;
        assert_eq!(text(&sample_of(ids)), "a b c");
        // An enumerated list: one of the lists.
        let ints = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="ints"><xs:list itemType="xs:int"/></xs:simpleType>
            <xs:element name="e"><xs:simpleType><xs:restriction base="ints"><xs:enumeration value="935 4735 -36891"/>
            <xs:enumeration value="-25"/></xs:restriction></xs:simpleType></xs:element></xs:schema>"#;
        assert_eq!(text(&sample_of(ints)), "935 4735 -36891");
    }

    #[test]
    fn unions_take_a_value_of_a_member_and_fixed_values_are_kept() {
        let union = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e"><xs:simpleType><xs:union>
            <xs:simpleType><xs:restriction base="xs:positiveInteger"><xs:minInclusive value="100"/></xs:restriction></xs:simpleType>
            <xs:simpleType><xs:restriction base="xs:NMTOKEN"><xs:enumeration value="WA"/></xs:restriction></xs:simpleType>
            </xs:union></xs:simpleType></xs:element></xs:schema>"#;
        assert_eq!(text(&sample_of(union)), "100");
        let patterns = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
            <xs:simpleType name="a"><xs:restriction base="xs:string"><xs:pattern value="1|2"/></xs:restriction></xs:simpleType>
            <xs:simpleType name="u"><xs:union memberTypes="a xs:boolean"/></xs:simpleType><xs:element name="e" type="u"/></xs:schema>"#;
        assert_eq!(text(&sample_of(patterns)), "1");
        // A global element's fixed value, of an atomic or a list type.
        let fixed =
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e" type="xs:Name" fixed="name"/></xs:schema>"#;
        assert_eq!(text(&sample_of(fixed)), "name");
        let list = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e" fixed="alpha beta">
            <xs:simpleType><xs:list itemType="xs:token"/></xs:simpleType></xs:element></xs:schema>"#;
        assert_eq!(text(&sample_of(list)), "alpha beta");
    }

    #[test]
    fn a_required_strict_wildcard_takes_a_global_element_without_element_content() {
        // `doc` would nest itself; the untyped `foo` ends the nesting.
        let xsd = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
            <xs:element name="doc"><xs:complexType><xs:sequence><xs:any namespace="##any" minOccurs="2" maxOccurs="4"/>
            </xs:sequence></xs:complexType></xs:element><xs:element name="foo"/></xs:schema>"###;
        let xml = sample_of(xsd);
        assert!(xml.contains(r#"<doc xmlns="urn:t"><foo/><foo/></doc>"#), "{xml}");
    }

    #[test]
    fn numbers_meet_their_bounds_exactly_and_binary_lengths_count_octets() {
        let big = restricted("nonNegativeInteger", r#"<xs:minInclusive value="543609894158592832"/>"#);
        assert_eq!(text(&sample_of(&big)), "543609894158592832");
        let exclusive = restricted("decimal", r#"<xs:minExclusive value="999999999999999998.5"/>"#);
        assert_eq!(text(&sample_of(&exclusive)), "999999999999999999");
        let below = restricted("long", r#"<xs:maxExclusive value="-9223372036854775807"/>"#);
        assert_eq!(text(&sample_of(&below)), "-9223372036854775808");
        assert_eq!(text(&sample_of(&restricted("hexBinary", r#"<xs:length value="3"/>"#))), "000000");
        assert_eq!(text(&sample_of(&restricted("base64Binary", r#"<xs:minLength value="5"/>"#))), "AAAAAAA=");
    }

    #[test]
    fn digits_are_counted_as_the_runtime_counts_them() {
        // `0.05` is 5 × 10⁻² (2 digits), `1.50` is 15 × 10⁻¹ (2 digits): the sample checker and
        // the runtime's facet check agree on both.
        let f = Facets { total_digits: Some(2), ..Facets::default() };
        for v in ["0.05", "1.50"] {
            assert!(meets(Builtin::Decimal, &f, v), "{v} has 2 total digits");
            assert_eq!(altinn_runtime::xml::digit_counts(v).0, 2, "{v}");
            let d = altinn_runtime::xml::Decimal::new(v).unwrap();
            let rf = altinn_runtime::xml::Facets { total_digits: Some(2), ..altinn_runtime::xml::Facets::NONE };
            assert!(altinn_runtime::xml::FacetCheck::check_facets(&d, &rf).is_ok(), "{v}");
        }
        let one = Facets { total_digits: Some(1), ..Facets::default() };
        assert!(!meets(Builtin::Decimal, &one, "0.05") && !meets(Builtin::Decimal, &one, "1.50"));
    }
}

//! A [`SchemaModel`] as one Rust module: types with docs, plus their XML read/write impls over
//! the runtime (`runtime::xml`, imported as `rt`).
//!
//! Generated code names the runtime's items through `rt::` and uses the standard prelude
//! (`Option`, `Vec`, `String`, `Box`, `Some`, `Ok`, …) as hand-written Rust does: the resolver
//! keeps those names free ([`RESERVED_TYPES`](crate::resolve::xsd::naming::RESERVED_TYPES)), so
//! a schema type called `String` becomes `StringType` and cannot shadow them.

use std::collections::BTreeMap;

use anyhow::Result;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::emit::file::str_lit;
use crate::model::xsd::*;

/// Where the generated module finds the runtime.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the `xml` runtime module, e.g. `crate::runtime::xml`.
    pub runtime: String,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions { runtime: "crate::runtime::xml".into() }
    }
}

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else { return TokenStream::new() };
    let lines = doc.lines().map(|l| {
        let l = str_lit(&format!(" {}", l.trim_end().replace('\t', "    ")));
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

struct Ctx<'a> {
    model: &'a SchemaModel,
    namespaces: BTreeMap<String, Ident>,
    /// Structs whose every field has a default that the schema allows ([`defaultable_structs`]).
    defaultable: std::collections::BTreeSet<String>,
}

impl Ctx<'_> {
    /// A name: `NS1.name("local")` in a namespace (its module constant), else
    /// `rt::Name::local("local")`.
    fn name(&self, n: &XmlName) -> TokenStream {
        let local = str_lit(&n.local);
        match &n.ns {
            Some(ns) => {
                let id = &self.namespaces[ns];
                quote!(#id.name(#local))
            }
            None => quote!(rt::Name::local(#local)),
        }
    }

    /// A name as the runtime's description macros take it: `"local"`, or `"local" in NS1`.
    fn described_name(&self, n: &XmlName) -> TokenStream {
        let local = str_lit(&n.local);
        match &n.ns {
            Some(ns) => {
                let id = &self.namespaces[ns];
                quote!(#local in #id)
            }
            None => quote!(#local),
        }
    }

    /// Whether a member holds a wildcard (an `xs:any`, or a group with one inside, however deep):
    /// anywhere (`first_only` false: its parent must then not skip unknown children before it
    /// looks at them), or among the parts it can start with (`first_only` true: it starts on any
    /// element its siblings do not take).
    fn holds_any(&self, m: &Member, first_only: bool) -> bool {
        self.holds_any_in(m, first_only, &mut Vec::new())
    }

    /// [`Ctx::holds_any`] below the groups on `path`: a group already on the path is not entered
    /// again, so the walk ends on any model, and only there (groups nest as deep as the schema
    /// writes them; a model group cannot contain itself).
    fn holds_any_in<'a>(&'a self, m: &'a Member, first_only: bool, path: &mut Vec<&'a str>) -> bool {
        let MemberKind::Group { ty, .. } = &m.kind else { return matches!(m.kind, MemberKind::Any { .. }) };
        if path.contains(&ty.as_str()) {
            return false;
        }
        path.push(ty);
        let found = match self.model.items.get(ty) {
            Some(Item::Choice(c)) => c.variants.iter().any(|v| self.holds_any_in(&v.member, first_only, path)),
            Some(Item::Struct(Struct { content: Content::Elements(ms), .. })) => {
                let mut found = false;
                for m in ms {
                    if self.holds_any_in(m, first_only, path) {
                        found = true;
                        break;
                    }
                    if first_only && !m.card.may_be_absent() {
                        break;
                    }
                }
                found
            }
            _ => false,
        };
        path.pop();
        found
    }

    fn names(&self, ns: &[XmlName]) -> TokenStream {
        let items = ns.iter().map(|n| self.name(n));
        quote!(&[#(#items),*])
    }

    fn simple_ty(&self, s: &SimpleRef) -> TokenStream {
        match s {
            SimpleRef::Builtin(b) => builtin_ty(*b),
            SimpleRef::Named(n) => {
                let id = ident(n);
                quote!(#id)
            }
            SimpleRef::List(inner) => {
                let inner = self.simple_ty(inner);
                quote!(rt::List<#inner>)
            }
        }
    }

    fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::Simple(s) => self.simple_ty(s),
            TypeRef::Complex(n) => {
                let id = ident(n);
                quote!(#id)
            }
            TypeRef::AnyType => quote!(rt::AnyElement),
        }
    }

    /// Whether `new` and the setters take a value of this type through `Into`: strings (a
    /// `&str`), the runtime's values built from Rust ones (`Decimal` from `i64`, `Boolean` from
    /// `bool`, …) and text elements (from their value). Other types are taken as they are, so
    /// that `"2024".parse()?` and literals infer them.
    fn converts_into(&self, t: &TypeRef) -> bool {
        use Builtin::*;
        match t {
            TypeRef::Simple(SimpleRef::Builtin(b)) => matches!(b, String | Decimal | Integer | Boolean | Float | Double),
            TypeRef::Complex(n) => matches!(self.model.items.get(n), Some(Item::Struct(s)) if is_text_element(s)),
            _ => false,
        }
    }

    /// How a simple type's values are written in JSON (the JSON Schema `type` Studio gives them):
    /// `String`, `Number` or `Boolean`, as the runtime's `JsonKind` variant.
    fn json_kind(&self, s: &SimpleRef) -> Ident {
        use Builtin::*;
        // Named types are followed down their bases; each is met once (a base cannot derive
        // from itself), so the walk ends however long the chain.
        let mut s = s;
        let mut seen: Vec<&str> = Vec::new();
        let kind = loop {
            match s {
                SimpleRef::Builtin(Boolean) => break "Boolean",
                SimpleRef::Builtin(Decimal | Integer | I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | Float | Double) => break "Number",
                SimpleRef::Named(n) if !seen.contains(&n.as_str()) => {
                    seen.push(n);
                    match self.model.items.get(n) {
                        Some(Item::Newtype(t)) => s = &t.base,
                        Some(Item::Enumeration(e)) => s = &e.base,
                        _ => break "String",
                    }
                }
                _ => break "String",
            }
        };
        ident(kind)
    }

    /// The JSON property names a group or choice writes into its parent's object (its elements,
    /// and those of the groups inside it).
    fn json_names(&self, members: &[&Member], out: &mut Vec<String>) {
        self.json_names_in(members, out, &mut Vec::new());
    }

    /// [`Ctx::json_names`] below the groups on `path` (each entered once, however deep).
    fn json_names_in<'a>(&'a self, members: &[&'a Member], out: &mut Vec<String>, path: &mut Vec<&'a str>) {
        for m in members {
            match &m.kind {
                MemberKind::Element { name, .. } if !out.contains(&name.local) => out.push(name.local.clone()),
                MemberKind::Element { .. } => {}
                MemberKind::Group { ty, .. } if !path.contains(&ty.as_str()) => {
                    path.push(ty);
                    match self.model.items.get(ty) {
                        Some(Item::Choice(c)) => self.json_names_in(&c.variants.iter().map(|v| &v.member).collect::<Vec<_>>(), out, path),
                        Some(Item::Struct(Struct { content: Content::Elements(ms), .. })) => {
                            self.json_names_in(&ms.iter().collect::<Vec<_>>(), out, path)
                        }
                        _ => {}
                    }
                    path.pop();
                }
                _ => {}
            }
        }
    }

    /// The element's value type as stored (before Option/Vec/Box).
    fn member_value_ty(&self, m: &Member) -> TokenStream {
        match &m.kind {
            MemberKind::Element { ty, nillable, .. } => {
                let t = self.ty(ty);
                let t = if m.boxed { quote!(Box<#t>) } else { t };
                if *nillable && !matches!(ty, TypeRef::AnyType) { quote!(rt::Nillable<#t>) } else { t }
            }
            MemberKind::Group { ty, .. } => {
                let id = ident(ty);
                if m.boxed { quote!(Box<#id>) } else { quote!(#id) }
            }
            MemberKind::Any { .. } => quote!(rt::AnyElement),
        }
    }

    fn member_ty(&self, m: &Member) -> TokenStream {
        let v = self.member_value_ty(m);
        match m.card {
            Card::One => v,
            Card::Optional => quote!(Option<#v>),
            Card::Many { .. } => quote!(Vec<#v>),
        }
    }

    /// An expression reading one value of the member from the reader `r` (the child is next).
    fn read_one(&self, m: &Member) -> TokenStream {
        match &m.kind {
            MemberKind::Element { ty, nillable, .. } => {
                let t = self.ty(ty);
                let t = if m.boxed { quote!(Box<#t>) } else { t };
                match (ty, nillable) {
                    (TypeRef::AnyType, _) => quote!(r.child_any()?),
                    (TypeRef::Simple(_), true) => quote!(r.child_nillable_simple::<#t>()?),
                    (TypeRef::Simple(_), false) => quote!(r.child_simple::<#t>()?),
                    (TypeRef::Complex(_), true) => quote!(r.child_nillable::<#t>()?),
                    (TypeRef::Complex(_), false) => quote!(r.child::<#t>()?),
                }
            }
            MemberKind::Group { .. } => {
                let t = self.member_value_ty(m);
                quote!(r.content::<#t>()?)
            }
            MemberKind::Any { .. } => quote!(r.child_any()?),
        }
    }

    /// A condition: the next child starts this member.
    fn starts(&self, m: &Member, known: &TokenStream, taken: &TokenStream) -> TokenStream {
        match &m.kind {
            MemberKind::Element { name, .. } => {
                let n = self.name(name);
                quote!(r.next_is(#known, #n)?)
            }
            MemberKind::Group { names, .. } => {
                let ns = self.names(names);
                if self.holds_any(m, true) { quote!(r.next_in_or_other(#known, #ns, #taken)?) } else { quote!(r.next_in(#known, #ns)?) }
            }
            MemberKind::Any { .. } => quote!(r.next_other(#taken)?),
        }
    }

    /// How the runtime reads one child element of the member: the suffix of its `opt_*` and
    /// `many_*` methods (`None` for groups and wildcards, which start on conditions of their own).
    fn read_kind(&self, m: &Member) -> Option<&'static str> {
        let MemberKind::Element { ty, nillable, .. } = &m.kind else { return None };
        Some(match (ty, nillable) {
            (TypeRef::AnyType, _) => "any",
            (TypeRef::Simple(_), true) => "nillable_simple",
            (TypeRef::Simple(_), false) => "simple",
            (TypeRef::Complex(_), true) => "nillable",
            (TypeRef::Complex(_), false) => "child",
        })
    }

    /// The statement writing every value of an optional or repeated member, given its `Option` or
    /// `Vec` (a place such as `self.field`, or `v` when `by_ref`: a reference already). Written
    /// out as `if let`/`for` over the one-value call, which adds no function per value type.
    fn write_each(&self, m: &Member, place: TokenStream, by_ref: bool) -> TokenStream {
        let values = if by_ref { place } else { quote!(&#place) };
        let one = self.write_one(m, quote!(v));
        if m.card == Card::Optional { quote!(if let Some(v) = #values { #one }) } else { quote!(for v in #values { #one }) }
    }

    /// Statements writing one value `v` (a reference) of the member.
    fn write_one(&self, m: &Member, v: TokenStream) -> TokenStream {
        match &m.kind {
            MemberKind::Element { name, ty, nillable, .. } => {
                let n = self.name(name);
                match (ty, nillable) {
                    (TypeRef::AnyType, _) => quote!(w.any(#v)?;),
                    (TypeRef::Simple(_), true) => quote!(w.nillable_simple(#n, #v)?;),
                    (TypeRef::Simple(_), false) => quote!(w.simple(#n, #v)?;),
                    (TypeRef::Complex(_), true) => quote!(w.nillable(#n, #v)?;),
                    (TypeRef::Complex(_), false) => quote!(w.element(#n, #v)?;),
                }
            }
            MemberKind::Group { .. } => quote!(w.content(#v)?;),
            MemberKind::Any { .. } => quote!(w.any(#v)?;),
        }
    }
}

/// Every element name the members read (a wildcard reads whatever is not named here).
fn all_names<'a>(members: impl Iterator<Item = &'a Member>) -> Vec<XmlName> {
    members.flat_map(crate::model::xsd::member_names).collect()
}

/// A member's documentation: the schema's, or what it is and how often it occurs.
fn member_doc(m: &Member) -> String {
    if let Some(d) = &m.doc {
        return d.clone();
    }
    let what = match &m.kind {
        MemberKind::Element { name, nillable, .. } => {
            format!("The element `{}`{}", name.local, if *nillable { " (nillable)" } else { "" })
        }
        MemberKind::Group { .. } => "A group of elements".to_string(),
        MemberKind::Any { namespace } => format!("Any elements (`{namespace}`), kept as raw XML"),
    };
    let occurs = match m.card {
        Card::One => String::new(),
        Card::Optional => ", optional".to_string(),
        Card::Many { min, max: Some(max) } => format!(", {min} to {max} times"),
        Card::Many { min, max: None } => format!(", {min} or more times"),
    };
    format!("{what}{occurs}.")
}

fn builtin_ty(b: Builtin) -> TokenStream {
    use Builtin::*;
    match b {
        String => quote!(String),
        Boolean => quote!(rt::Boolean),
        Decimal => quote!(rt::Decimal),
        Integer => quote!(rt::Integer),
        I8 => quote!(i8),
        I16 => quote!(i16),
        I32 => quote!(i32),
        I64 => quote!(i64),
        U8 => quote!(u8),
        U16 => quote!(u16),
        U32 => quote!(u32),
        U64 => quote!(u64),
        Float => quote!(rt::Float),
        Double => quote!(rt::Double),
        Date => quote!(rt::Date),
        DateTime => quote!(rt::DateTime),
        Time => quote!(rt::Time),
        GYear => quote!(rt::GYear),
        GYearMonth => quote!(rt::GYearMonth),
        GMonth => quote!(rt::GMonth),
        GMonthDay => quote!(rt::GMonthDay),
        GDay => quote!(rt::GDay),
        Duration => quote!(rt::Duration),
        Base64Binary => quote!(rt::Base64Binary),
        HexBinary => quote!(rt::HexBinary),
        QName => quote!(rt::QualifiedName),
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

fn newtype(ctx: &Ctx, n: &Newtype) -> TokenStream {
    let name = ident(&n.rust_name);
    let docs = doc_attrs(n.doc.as_deref());
    let base = ctx.simple_ty(&n.base);
    let f = &n.facets;
    // Patterns are carried as written (for messages) beside their translation to the `regex`
    // crate's syntax (anchored, what is checked). A derivation step with a pattern that cannot be
    // translated is left out of the check (its alternatives would wrongly refuse what that one
    // allows) and named in the docs.
    let mut untranslated = Vec::new();
    let mut patterns = Vec::new();
    for (step, translations) in f.patterns.iter().zip(&f.translated) {
        let translated: Vec<(String, Result<String, String>)> = step.iter().cloned().zip(translations.iter().cloned()).collect();
        if translated.iter().all(|(_, t)| t.is_ok()) {
            let pairs = translated.iter().map(|(p, t)| {
                let t = t.as_ref().expect("all translated");
                quote!((#p, #t))
            });
            patterns.push(quote!(&[#(#pairs),*]));
        } else {
            untranslated.extend(translated.into_iter().map(|(p, t)| match t {
                Ok(_) => format!("`{p}`"),
                Err(e) => format!("`{p}` ({e})"),
            }));
        }
    }
    let pattern_doc = if untranslated.is_empty() {
        quote!()
    } else {
        let d = format!(" Not checked: the pattern(s) {}.", untranslated.join(", "));
        quote!(#[doc = ""] #[doc = #d])
    };
    // Only the facets the type has; the rest come from `Facets::NONE`.
    let u64s = [
        ("length", f.length),
        ("min_length", f.min_length),
        ("max_length", f.max_length),
        ("total_digits", f.total_digits),
        ("fraction_digits", f.fraction_digits),
    ];
    let strs = [
        ("min_inclusive", &f.min_inclusive),
        ("max_inclusive", &f.max_inclusive),
        ("min_exclusive", &f.min_exclusive),
        ("max_exclusive", &f.max_exclusive),
    ];
    let mut facets: Vec<TokenStream> = Vec::new();
    for (field, v) in u64s {
        if let Some(v) = v {
            let (field, v) = (ident(field), Literal::u64_unsuffixed(v));
            facets.push(quote!(#field = #v));
        }
    }
    for (field, v) in strs {
        if let Some(v) = v {
            let field = ident(field);
            facets.push(quote!(#field = #v));
        }
    }
    if !patterns.is_empty() {
        facets.push(quote!(patterns = &[#(#patterns),*]));
    }
    // One line: `pub type Name = rt::Restricted<Base, markers::Name>` and the facets of its
    // marker; the runtime's one generic newtype does the rest (`new` takes numbers as they are and
    // strings through `Into`, QName values bind their prefixes, dates are checked for days that
    // exist).
    quote! {
        rt::restricted!(#docs #pattern_doc pub type #name(#base) { #(#facets),* });
    }
}

fn enumeration(ctx: &Ctx, e: &Enumeration) -> TokenStream {
    if e.namespaces.len() == e.values.len() && !e.values.is_empty() {
        return qname_enum_written_out(ctx, e);
    }
    let name = ident(&e.rust_name);
    let kind = ctx.json_kind(&e.base);
    let trim = !matches!(e.base, SimpleRef::Builtin(Builtin::String));
    let wires = e.values.iter().map(|(v, wire, _)| {
        let v = ident(v);
        quote!(#v = #wire)
    });
    let trim = if trim { quote!(trim) } else { quote!() };
    let kind = (kind != "String").then(|| quote!(as #kind));
    let decl = enum_decl(e);
    quote! {
        #decl
        rt::enumeration!(#name #trim #kind { #(#wires),* });
    }
}

/// An enumeration's declaration: its docs, derives and variants (each documented by the schema or
/// by its wire value).
fn enum_decl(e: &Enumeration) -> TokenStream {
    let name = ident(&e.rust_name);
    let docs = doc_attrs(e.doc.as_deref());
    let variants = e.values.iter().map(|(v, wire, d)| {
        let v = ident(v);
        let d = doc_attrs(Some(d.as_deref().unwrap_or(&format!("`{wire}`"))));
        quote!(#d #v)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants,)*
        }
    }
}

/// An enumeration of QNames, written out (values match by namespace and local name).
fn qname_enum_written_out(ctx: &Ctx, e: &Enumeration) -> TokenStream {
    let name = ident(&e.rust_name);
    let kind = ctx.json_kind(&e.base);
    let trim = !matches!(e.base, SimpleRef::Builtin(Builtin::String));
    let all = e.values.iter().map(|(v, _, _)| {
        let v = ident(v);
        quote!(#name::#v)
    });
    let as_str = e.values.iter().map(|(v, wire, _)| {
        let v = ident(v);
        quote!(#name::#v => #wire)
    });
    let parse = e.values.iter().map(|(v, wire, _)| {
        let v = ident(v);
        let wire = if trim { wire.trim().to_string() } else { wire.clone() };
        quote!(#wire => Ok(#name::#v))
    });
    let text = if trim { quote!(text.trim()) } else { quote!(text) };
    let expected = e.values.iter().map(|(_, w, _)| format!("`{w}`")).collect::<Vec<_>>().join(", ");
    let err = format!("is not a valid {}: it must be one of {expected}", e.rust_name);
    let scoped = qname_enumeration(e, &err);
    let decl = enum_decl(e);
    quote! {
        #decl

        impl #name {
            /// Every value, in schema order.
            pub const ALL: &'static [#name] = &[#(#all),*];

            /// The wire value.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#as_str,)*
                }
            }
        }

        rt::display_from_str!(#name);
        #[cfg(feature = "json")]
        rt::json_simple!(#name, #kind);

        impl rt::Validate for #name {
            fn validate_at(&self, _: &str, _: &mut Vec<rt::Violation>) {}
        }

        impl rt::SimpleValue for #name {
            fn parse_xml(text: &str) -> Result<Self, rt::ValueError> {
                match #text {
                    #(#parse,)*
                    other => Err(rt::ValueError(format!("`{}` {}", other, #err))),
                }
            }
            fn write_xml(&self, out: &mut String) {
                out.push_str(self.as_str())
            }
            #scoped
        }
    }
}

/// For an enumeration of QNames: values match by namespace and local name (any prefix), and are
/// written with the prefix of the schema, bound where they are written.
fn qname_enumeration(e: &Enumeration, err: &str) -> TokenStream {
    if e.namespaces.len() != e.values.len() {
        return quote!();
    }
    let opt = |s: Option<&str>| match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    let split = |wire: &str| -> (Option<String>, String) {
        let w = wire.trim();
        match w.split_once(':') {
            Some((p, l)) => (Some(p.to_string()), l.to_string()),
            None => (None, w.to_string()),
        }
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut parse = Vec::new();
    let mut write = Vec::new();
    for ((v, wire, _), ns) in e.values.iter().zip(&e.namespaces) {
        let v = ident(v);
        let (prefix, local) = split(wire);
        let (p, n) = (opt(prefix.as_deref()), opt(ns.as_deref()));
        write.push(quote!(Self::#v => (#p, #n, #local)));
        if seen.insert((ns.clone(), local.clone())) {
            parse.push(quote!((#n, #local) => Ok(Self::#v)));
        }
    }
    quote! {
        fn parse_xml_in(text: &str, scope: &dyn rt::NamespaceScope) -> Result<Self, rt::ValueError> {
            let q = <rt::QualifiedName as rt::SimpleValue>::parse_xml_in(text, scope)?;
            match (q.ns.as_deref(), q.local.as_str()) {
                #(#parse,)*
                _ => Err(rt::ValueError(format!("`{}` {}", text.trim(), #err))),
            }
        }
        fn write_xml_in(&self, out: &mut String, binder: &mut dyn rt::NamespaceBinder) {
            let (prefix, ns, local): (Option<&str>, Option<&str>, &str) = match self {
                #(#write,)*
            };
            let q = rt::QualifiedName { prefix: prefix.map(ToString::to_string), ns: ns.map(ToString::to_string), local: local.to_string() };
            rt::SimpleValue::write_xml_in(&q, out, binder)
        }
    }
}

/// Field declarations, reading, writing and validating statements of a struct's members.
struct MemberCode {
    fields: Vec<TokenStream>,
    read: Vec<TokenStream>,
    build: Vec<TokenStream>,
    write: Vec<TokenStream>,
    validate: Vec<TokenStream>,
}

/// The statement validating one member, given a reference to its value (`&self.field`, or `v`
/// in a choice's arm), under `path`: one call of the runtime's generic checks.
fn validate_member(m: &Member, value: TokenStream) -> TokenStream {
    let seg = match &m.kind {
        MemberKind::Element { name, .. } => Some(name.local.clone()),
        MemberKind::Group { .. } => None,
        MemberKind::Any { .. } => return quote!(),
    };
    match (m.card, seg) {
        (Card::One, Some(seg)) => quote!(rt::check_part(path, #seg, #value, out);),
        (Card::Optional, Some(seg)) => quote!(if let Some(v) = #value { rt::check_part(path, #seg, v, out); }),
        (Card::One, None) => quote!(rt::Validate::validate_at(#value, path, out);),
        (Card::Optional, None) => quote!(if let Some(v) = #value { rt::Validate::validate_at(v, path, out); }),
        (Card::Many { min, max }, seg) => {
            let max = opt_u64(max);
            let min = Literal::u64_unsuffixed(min);
            match seg {
                Some(seg) => quote!(rt::check_many(path, #seg, #value, #min, #max, out);),
                None => quote!(rt::check_groups(path, #value, #min, #max, out);),
            }
        }
    }
}

/// A member's field: its docs, name and type.
fn member_field(ctx: &Ctx, m: &Member) -> TokenStream {
    let f = ident(&m.rust_name);
    let ty = ctx.member_ty(m);
    let docs = doc_attrs(Some(&member_doc(m)));
    quote!(#docs pub #f: #ty)
}

/// `here`: the members are content without an element of their own (a group), checked for
/// required parts while their parent is open; else after the element's end tag.
fn members_code(ctx: &Ctx, members: &[Member], known: &TokenStream, here: bool) -> MemberCode {
    let required = if here { quote!(required_here) } else { quote!(required) };
    let mut code = MemberCode { fields: Vec::new(), read: Vec::new(), build: Vec::new(), write: Vec::new(), validate: Vec::new() };
    // Names the non-wildcard members read (a wildcard takes anything else).
    let taken = ctx.names(&all_names(members.iter()));
    for m in members {
        let f = ident(&m.rust_name);
        // Locals are prefixed so no field name can shadow the reader (`r`), the element (`el`)…
        let l = format_ident!("m_{}", m.rust_name.trim_start_matches("r#"));
        code.fields.push(member_field(ctx, m));
        code.validate.push(validate_member(m, quote!(&self.#f)));
        let starts = ctx.starts(m, known, &taken);
        let one = ctx.read_one(m);
        // What `required` names when the member is missing: its XML name, or what can start it.
        let what = match &m.kind {
            MemberKind::Element { name, .. } => name.local.clone(),
            MemberKind::Group { names, .. } => {
                let mut shown: Vec<&str> = names.iter().take(4).map(|n| n.local.as_str()).collect();
                if names.len() > 4 {
                    shown.push("…");
                }
                format!("one of {}", shown.join(", "))
            }
            MemberKind::Any { namespace } => format!("an element of namespace {namespace}"),
        };
        // An element is read by the runtime's `opt_*`/`many_*` for its kind (the value type is
        // inferred from the field); groups and wildcards start on conditions of their own.
        let read = match (&m.kind, ctx.read_kind(m)) {
            (MemberKind::Element { name, .. }, Some(kind)) => {
                let n = ctx.name(name);
                let method = if matches!(m.card, Card::Many { .. }) { format_ident!("many_{kind}") } else { format_ident!("opt_{kind}") };
                Some(quote!(r.#method(#known, #n)?))
            }
            _ => None,
        };
        match m.card {
            Card::One | Card::Optional => {
                code.read.push(match read {
                    Some(read) => quote!(let #l = #read;),
                    None => quote!(let #l = if #starts { Some(#one) } else { None };),
                });
                code.build.push(if m.card == Card::One { quote!(#f: r.#required(#l, #what)?) } else { quote!(#f: #l) });
            }
            Card::Many { .. } => {
                code.read.push(match read {
                    Some(read) => quote!(let #l = #read;),
                    None => quote! {
                        let mut #l = Vec::new();
                        while #starts { #l.push(#one); }
                    },
                });
                code.build.push(quote!(#f: #l));
            }
        }
        code.write.push(match m.card {
            Card::One => ctx.write_one(m, quote!(&self.#f)),
            _ => ctx.write_each(m, quote!(self.#f), false),
        });
    }
    code
}

/// Reading the elements of an `xs:all`: each at most once, in any order, the order kept.
fn unordered_read(ctx: &Ctx, members: &[Member], known: &TokenStream) -> TokenStream {
    let taken = ctx.names(&all_names(members.iter()));
    let mut decl = Vec::new();
    let mut arms = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let l = format_ident!("m_{}", m.rust_name.trim_start_matches("r#"));
        let starts = ctx.starts(m, known, &taken);
        let one = ctx.read_one(m);
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        decl.push(quote!(let mut #l = None;));
        arms.push(quote! {
            if #l.is_none() && #starts {
                #l = Some(#one);
                x_order.push(#i);
                continue;
            }
        });
    }
    quote! {
        #(#decl)*
        let mut x_order = Vec::new();
        loop {
            #(#arms)*
            break;
        }
    }
}

/// `impl rt::Validate` running the statements `checks` (an empty body when there are none).
fn validate_impl(name: &Ident, checks: &[TokenStream]) -> TokenStream {
    let checks: Vec<&TokenStream> = checks.iter().filter(|c| !c.is_empty()).collect();
    if checks.is_empty() {
        return quote! {
            impl rt::Validate for #name {
                fn validate_at(&self, _: &str, _: &mut Vec<rt::Violation>) {}
            }
        };
    }
    quote! {
        impl rt::Validate for #name {
            fn validate_at(&self, path: &str, out: &mut Vec<rt::Violation>) {
                #(#checks)*
            }
        }
    }
}

/// The field of a struct with fixed attributes that keeps those read with other values.
fn xml_fixed_field() -> TokenStream {
    quote!(
        /// Fixed attributes read with another value than the schema's (`validate()` reports them).
        pub xml_fixed: rt::FixedMismatches
    )
}

/// The fields of a struct's attributes: `xml_fixed` when it fixes any, one per other attribute
/// (an `Option` unless required), `other_attributes` for `anyAttribute`.
fn attr_fields(ctx: &Ctx, s: &Struct) -> Vec<TokenStream> {
    let mut fields = Vec::new();
    if s.attributes.iter().any(|a| a.fixed.is_some()) {
        fields.push(xml_fixed_field());
    }
    for a in s.attributes.iter().filter(|a| a.fixed.is_none()) {
        let f = ident(&a.rust_name);
        let ty = ctx.simple_ty(&a.ty);
        let mut doc =
            a.doc.clone().unwrap_or_else(|| format!("The attribute `{}`{}.", a.name.local, if a.required { "" } else { " (optional)" }));
        if let Some(d) = &a.default {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(&format!("Default when absent: `{d}`."));
        }
        let docs = doc_attrs((!doc.is_empty()).then_some(doc.as_str()));
        fields.push(if a.required { quote!(#docs pub #f: #ty) } else { quote!(#docs pub #f: Option<#ty>) });
    }
    if s.any_attribute {
        fields.push(quote!(
            /// Attributes the schema allows through `anyAttribute`, kept as they were.
            pub other_attributes: Vec<rt::Attr>
        ));
    }
    fields
}

fn attrs_code(ctx: &Ctx, s: &Struct) -> (Vec<TokenStream>, TokenStream, Vec<TokenStream>, Vec<TokenStream>) {
    let fields = attr_fields(ctx, s);
    let mut arms = Vec::new();
    let mut build = Vec::new();
    let mut write = Vec::new();
    let mut decl = Vec::new();
    if s.attributes.iter().any(|a| a.fixed.is_some()) {
        decl.push(quote!(let mut x_fixed = rt::FixedMismatches::default();));
        build.push(quote!(xml_fixed: x_fixed));
    }
    for a in &s.attributes {
        let n = ctx.name(&a.name);
        if let Some(fixed) = &a.fixed {
            arms.push(quote!(if a.is(#n) { r.fixed_attr(a, #fixed, &mut x_fixed)?; continue; }));
            write.push(quote!(w.attr(&tag, #n, #fixed);));
            continue;
        }
        let f = ident(&a.rust_name);
        let l = format_ident!("a_{}", a.rust_name.trim_start_matches("r#"));
        let ty = ctx.simple_ty(&a.ty);
        decl.push(quote!(let mut #l: Option<#ty> = None;));
        arms.push(quote!(if a.is(#n) { #l = Some(r.parse(&a.value)?); continue; }));
        if a.required {
            let what = format!("@{}", a.name.local);
            build.push(quote!(#f: r.required(#l, #what)?));
            write.push(quote!(w.attr_value(&tag, #n, &self.#f);));
        } else {
            build.push(quote!(#f: #l));
            write.push(quote!(w.attr_opt(&tag, #n, &self.#f);));
        }
    }
    if s.any_attribute {
        decl.push(quote!(let mut x_other_attributes = Vec::new();));
        build.push(quote!(other_attributes: x_other_attributes));
        write.push(quote!(w.attrs_raw(&tag, &self.other_attributes);));
    }
    let fallback = if s.any_attribute {
        quote!(if a.ns.as_deref() != Some(rt::XSI) {
            x_other_attributes.push(a.clone());
        })
    } else {
        quote!(r.unknown_attr(a)?;)
    };
    let only_fixed = !s.any_attribute && s.attributes.iter().all(|a| a.fixed.is_some());
    let read = if s.attributes.is_empty() && !s.any_attribute {
        quote!(r.no_attrs(&el)?;)
    } else if only_fixed {
        let fixed = s.attributes.iter().filter_map(|a| {
            let v = a.fixed.as_ref()?;
            let n = ctx.name(&a.name);
            Some(quote!((#n, #v)))
        });
        quote!(let x_fixed = r.fixed_attrs(&el, &[#(#fixed),*])?;)
    } else {
        quote! {
            #(#decl)*
            for a in el.attrs() {
                #(#arms)*
                #fallback
            }
        }
    };
    (fields, read, build, write)
}

/// Whether a struct is emitted through `rt::text_element!` (text content, only fixed attributes).
fn is_text_element(s: &Struct) -> bool {
    !s.is_group && matches!(s.content, Content::Text(_)) && !s.any_attribute && s.attributes.iter().all(|a| a.fixed.is_some())
}

/// A type for an element with text content whose attributes are all fixed (thousands of SERES
/// data elements): one `rt::text_element!`, `pub type Name = rt::TextElement<Value, markers::Name>`
/// and the fixed attributes of its marker; the runtime's one generic struct does the rest.
fn text_element(ctx: &Ctx, s: &Struct, t: &crate::model::xsd::SimpleRef) -> TokenStream {
    let name = ident(&s.rust_name);
    let ty = ctx.simple_ty(t);
    // Each fixed attribute: `"local" in NS1 = "value"`, and how JSON writes it unless a string.
    let fixed = s.attributes.iter().filter_map(|a| {
        let v = a.fixed.as_ref()?;
        let n = ctx.described_name(&a.name);
        let kind = ctx.json_kind(&a.ty);
        let kind = (kind != "String").then(|| quote!(as #kind));
        Some(quote!(#n = #v #kind))
    });
    // A doc the schema does not give is the macro's own.
    let docs = if s.doc.as_deref().is_some_and(is_default_doc) { TokenStream::new() } else { doc_attrs(s.doc.as_deref()) };
    quote!(rt::text_element!(#docs pub type #name(#ty) { #(#fixed),* });)
}

/// Whether a type's doc is the one resolve writes where the schema has none ("The complex type
/// `X`."): a macro that declares the type may print its own instead.
fn is_default_doc(doc: &str) -> bool {
    !doc.contains('\n')
        && ["The complex type `", "The type of the global element `"].iter().any(|p| doc.starts_with(p))
        && doc.ends_with("`.")
}

/// Structs whose every field can start empty and still be what the schema allows: optional
/// parts, repeated parts that may occur 0 times, optional attributes, and required elements of
/// such structs (an element with nothing required inside). Required text, attributes, choices and nillable elements have no
/// default. Least fixed point, so recursion through required elements is never a default.
fn defaultable_structs(model: &SchemaModel) -> std::collections::BTreeSet<String> {
    let mut set = std::collections::BTreeSet::new();
    loop {
        let before = set.len();
        for (name, item) in &model.items {
            let Item::Struct(s) = item else { continue };
            if set.contains(name) {
                continue;
            }
            let attrs = s.attributes.iter().all(|a| a.fixed.is_some() || !a.required);
            let content = match &s.content {
                Content::Empty => true,
                Content::Text(_) => false,
                Content::Elements(ms) => ms.iter().all(|m| m.card.may_be_absent() || (m.card == Card::One && member_defaultable(&set, m))),
            };
            if attrs && content {
                set.insert(name.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// Whether a member that occurs once has a default: an element or group of a defaultable struct.
fn member_defaultable(defaultable: &std::collections::BTreeSet<String>, m: &Member) -> bool {
    match &m.kind {
        MemberKind::Element { ty: TypeRef::Complex(n), nillable: false, .. } => defaultable.contains(n),
        MemberKind::Group { ty, .. } => defaultable.contains(ty),
        _ => false,
    }
}

/// How a field is filled by `new` and set afterwards.
enum Part {
    /// A parameter of `new` (the value type, and whether it is taken through `Into`).
    Required(TokenStream, bool),
    /// Empty or its type's default in `new`; no setter (bookkeeping fields, required parts that
    /// have a default).
    Defaulted,
    /// `None` in `new`; `with_x` sets it (the type inside the `Option`, as `rt::setter!` takes it:
    /// `T`, `nillable T` or `number T`).
    Optional(TokenStream),
    /// Empty in `new` (or, when the part must occur, a parameter taking the items: the type of
    /// the `Vec`); `with_x` adds one (the item type, as for `Optional`).
    Many(TokenStream, Option<TokenStream>),
}

/// One field of a struct as `new` and the setters see it.
struct FieldPart {
    field: String,
    part: Part,
}

/// The parts of a struct's fields, in the order the struct declares them.
fn field_parts(ctx: &Ctx, s: &Struct) -> Vec<FieldPart> {
    let mut out = Vec::new();
    let defaulted = |field: &str| FieldPart { field: field.to_string(), part: Part::Defaulted };
    if !s.is_group && s.attributes.iter().any(|a| a.fixed.is_some()) {
        out.push(defaulted("xml_fixed"));
    }
    for a in s.attributes.iter().filter(|a| a.fixed.is_none()) {
        let ty = ctx.simple_ty(&a.ty);
        let into = ctx.converts_into(&TypeRef::Simple(a.ty.clone()));
        let part = if a.required { Part::Required(ty, into) } else { Part::Optional(if into { quote!(into, #ty) } else { quote!(, #ty) }) };
        out.push(FieldPart { field: a.rust_name.clone(), part });
    }
    if s.any_attribute && !s.is_group {
        out.push(defaulted("other_attributes"));
    }
    match &s.content {
        Content::Empty => {}
        Content::Text(t) => {
            let into = ctx.converts_into(&TypeRef::Simple(t.clone()));
            out.push(FieldPart { field: "value".into(), part: Part::Required(ctx.simple_ty(t), into) })
        }
        Content::Elements(ms) => {
            for m in ms {
                let ty = ctx.member_value_ty(m);
                // Whether the value is taken through `Into`, and how `rt::setter!` takes it.
                let (into, item) = match &m.kind {
                    MemberKind::Element { ty: t, nillable: true, .. } if !matches!(t, TypeRef::AnyType) => {
                        let inner = ctx.ty(t);
                        let into = m.boxed || ctx.converts_into(t);
                        let inner = if m.boxed { quote!(Box<#inner>) } else { inner };
                        (true, if into { quote!(nillable into, #inner) } else { quote!(nillable, #inner) })
                    }
                    MemberKind::Element { ty: t, .. } if m.boxed || ctx.converts_into(t) => (true, quote!(into, #ty)),
                    MemberKind::Group { .. } if m.boxed => (true, quote!(into, #ty)),
                    _ => (false, quote!(, #ty)),
                };
                let part = match m.card {
                    Card::Optional => Part::Optional(item),
                    Card::Many { min, .. } => Part::Many(item, (min > 0).then(|| ctx.member_ty(m))),
                    Card::One if member_defaultable(&ctx.defaultable, m) => Part::Defaulted,
                    Card::One => Part::Required(ty, into),
                };
                out.push(FieldPart { field: m.rust_name.clone(), part });
            }
            if s.unordered {
                out.push(defaulted("xml_order"));
            }
            if s.mixed {
                out.push(defaulted("text"));
            }
        }
    }
    out
}

/// `#[derive(Default)]` for a struct whose fields all have defaults; else `new` taking the
/// required parts. Then a `with_x` setter for every optional or repeated part, taking anything
/// that converts into it (a plain value for a nillable element), so that callers do not name
/// the fields a later schema version may add.
fn constructors(ctx: &Ctx, s: &Struct) -> (TokenStream, TokenStream) {
    let name = ident(&s.rust_name);
    let parts = field_parts(ctx, s);
    let mut params = Vec::new();
    let mut empty = Vec::new();
    let mut setters = Vec::new();
    for p in &parts {
        let f = ident(&p.field);
        let setter = format_ident!("with_{}", p.field.trim_start_matches("r#"));
        match &p.part {
            // Numbers are taken as themselves, so that literals keep their type.
            Part::Required(ty, true) => params.push(quote!(#f: impl Into<#ty>)),
            Part::Required(ty, false) => params.push(quote!(#f: #ty)),
            Part::Defaulted => empty.push(f),
            Part::Optional(item) => {
                empty.push(f.clone());
                setters.push(quote!(rt::setter!(#setter, #f, set #item);));
            }
            Part::Many(item, required) => {
                match required {
                    Some(ty) => params.push(quote!(#f: impl Into<#ty>)),
                    None => empty.push(f.clone()),
                }
                setters.push(quote!(rt::setter!(#setter, #f, add #item);));
            }
        }
    }
    let default = ctx.defaultable.contains(&s.rust_name);
    // `rt::new!` takes the required parts as its parameters say and starts the others empty.
    let new = match (default, empty.is_empty()) {
        (true, _) => quote!(),
        (false, true) => quote!(rt::new!(#(#params),*);),
        (false, false) => quote!(rt::new!(#(#params),*; #(#empty),*);),
    };
    let derive = if default { quote!(Default,) } else { quote!() };
    let block = if new.is_empty() && setters.is_empty() { quote!() } else { quote!(impl #name { #new #(#setters)* }) };
    (derive, block)
}

/// Whether the runtime's engine describes the struct (`rt::xml_struct!`, which gives its JSON
/// too): content that is a sequence of elements (or none), without groups, wildcards, `xs:all`
/// or mixed text, and fixed attributes before the others (the engine writes them first).
fn engine_describes(s: &Struct) -> bool {
    let members: &[Member] = match &s.content {
        Content::Elements(ms) if !s.unordered && !s.mixed => ms,
        Content::Empty => &[],
        _ => return false,
    };
    if s.is_group || members.iter().any(|m| !matches!(m.kind, MemberKind::Element { .. })) {
        return false;
    }
    let first_free = s.attributes.iter().position(|a| a.fixed.is_none()).unwrap_or(s.attributes.len());
    !s.attributes[first_free..].iter().any(|a| a.fixed.is_some())
}

/// The XML of a struct as a description for the runtime's engine (`rt::xml_struct!`), one entry
/// per field: for structs whose content is a sequence of elements (or none), without groups,
/// wildcards, `xs:all` or mixed text, whose fixed attributes come before the others (the
/// engine writes them first). `None`: the struct's implementations are written out.
fn xml_struct_described(ctx: &Ctx, s: &Struct) -> Option<TokenStream> {
    if !engine_describes(s) {
        return None;
    }
    let members: &[Member] = match &s.content {
        Content::Elements(ms) => ms,
        _ => &[],
    };
    let name = ident(&s.rust_name);
    let xml_name = |n: &XmlName| ctx.described_name(n);
    let mut entries = Vec::new();
    let fixed: Vec<TokenStream> = s
        .attributes
        .iter()
        .filter_map(|a| {
            let v = a.fixed.as_ref()?;
            let n = xml_name(&a.name);
            // JSON writes the constant as its kind (a string unless said).
            let kind = ctx.json_kind(&a.ty);
            let kind = (kind != "String").then(|| quote!(as #kind));
            Some(quote!(#n = #v #kind))
        })
        .collect();
    if !fixed.is_empty() {
        entries.push(quote!(xml_fixed: fixed[#(#fixed),*]));
    }
    for a in s.attributes.iter().filter(|a| a.fixed.is_none()) {
        let f = ident(&a.rust_name);
        let n = xml_name(&a.name);
        let ty = ctx.simple_ty(&a.ty);
        entries.push(if a.required { quote!(#f: attr(#ty) #n) } else { quote!(#f: optional attr(#ty) #n) });
    }
    if s.any_attribute {
        entries.push(quote!(other_attributes: other));
    }
    for m in members {
        let MemberKind::Element { name: n, ty, .. } = &m.kind else { return None };
        let f = ident(&m.rust_name);
        let kind = format_ident!("{}", ctx.read_kind(m)?);
        let n = xml_name(n);
        // The value's type, inside the `Option`, `Vec` and `rt::Nillable` the kind adds.
        let ty = ctx.ty(ty);
        let ty = if m.boxed { quote!(Box<#ty>) } else { ty };
        entries.push(match m.card {
            Card::One => quote!(#f: one #kind(#ty) #n),
            Card::Optional => quote!(#f: optional #kind(#ty) #n),
            Card::Many { min, max } => {
                let min = Literal::u64_unsuffixed(min);
                let max = max.map(Literal::u64_unsuffixed);
                quote!(#f: many #kind(#ty) #n [#min..#max])
            }
        });
    }
    Some(quote!(rt::xml_struct!(#name { #(#entries),* });))
}

/// A struct's declaration (docs, derives, fields) and its constructors.
fn declaration(ctx: &Ctx, s: &Struct, fields: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = doc_attrs(s.doc.as_deref());
    let fields = fields.into_iter();
    let (derive_default, constructors) = constructors(ctx, s);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields,)*
        }

        #constructors
    }
}

fn strukt(ctx: &Ctx, s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let members: &[Member] = match &s.content {
        Content::Elements(ms) => ms,
        _ => &[],
    };
    if s.is_group {
        // Content without a wrapper element: read from and written into the parent.
        let code = members_code(ctx, members, &quote!(&rt::Known::ALL), true);
        let MemberCode { fields, read, build, write, validate } = code;
        let first = crate::model::xsd::first_names(members);
        let first = ctx.names(&first);
        let declaration = declaration(ctx, s, fields);
        let validate_impl = validate_impl(&name, &validate);
        return quote! {
            #declaration

            #validate_impl

            impl rt::XmlContent for #name {
                const FIRST: &'static [rt::Name] = #first;
                fn read_content(r: &mut rt::Reader<'_>) -> rt::Result<Self> {
                    #(#read)*
                    Ok(#name { #(#build,)* })
                }
                fn write_content(&self, w: &mut rt::Writer) -> rt::Result<()> {
                    #(#write)*
                    Ok(())
                }
            }
        };
    }
    if let Content::Text(t) = &s.content
        && is_text_element(s)
    {
        return text_element(ctx, s, t);
    }
    // A struct the engine reads from its description: the declaration and the description,
    // without the readers and writers written out below.
    if let Some(described) = xml_struct_described(ctx, s) {
        let fields = attr_fields(ctx, s).into_iter().chain(members.iter().map(|m| member_field(ctx, m)));
        let declaration = declaration(ctx, s, fields);
        return quote! {
            #declaration

            #described
        };
    }
    let (attr_fields, attr_read, attr_build, attr_write) = attrs_code(ctx, s);
    let fixed_check =
        s.attributes.iter().any(|a| a.fixed.is_some()).then(|| quote!(rt::Validate::validate_at(&self.xml_fixed, path, out);));
    let mut validate: Vec<TokenStream> = fixed_check
        .into_iter()
        .chain(s.attributes.iter().filter(|a| a.fixed.is_none()).map(|a| {
            let f = ident(&a.rust_name);
            let part = format!("@{}", a.name.local);
            if a.required {
                quote!(rt::check_part(path, #part, &self.#f, out);)
            } else {
                quote!(if let Some(v) = &self.#f { rt::check_part(path, #part, v, out); })
            }
        }))
        .collect();
    let (fields, read, build, write_body) = match &s.content {
        Content::Empty => (Vec::new(), quote!(r.end(el)?;), Vec::new(), quote!(w.end_empty(tag);)),
        Content::Text(t) => {
            let ty = ctx.simple_ty(t);
            validate.push(quote!(rt::Validate::validate_at(&self.value, path, out);));
            (
                vec![quote!(
                    /// The element's text.
                    pub value: #ty
                )],
                quote!(let x_value = r.simple::<#ty>(el)?;),
                vec![quote!(value: x_value)],
                quote! {
                    w.open(&tag);
                    w.value(&self.value);
                    w.close(tag);
                },
            )
        }
        Content::Elements(ms) => {
            let all_names = all_names(ms.iter());
            let open = ms.iter().any(|m| ctx.holds_any(m, false));
            let known_names = ctx.names(&all_names);
            let MemberCode { mut fields, mut read, mut build, mut write, validate: v } = members_code(ctx, ms, &quote!(&KNOWN), false);
            validate.extend(v);
            if s.unordered {
                read = vec![unordered_read(ctx, ms, &quote!(&KNOWN))];
                let arms = write.iter().enumerate().map(|(i, w)| {
                    let i = Literal::usize_unsuffixed(i);
                    quote!(#i => { #w })
                });
                let n = Literal::usize_unsuffixed(ms.len());
                write = vec![quote! {
                    for i in self.xml_order.indices(#n) {
                        match i {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }];
                fields.push(quote!(
                    /// The order the elements were read in (`xs:all` allows any); empty: schema order.
                    pub xml_order: rt::ElementOrder
                ));
                build.push(quote!(xml_order: rt::ElementOrder(x_order)));
            }
            let known = if open { quote!(rt::Known::open(#known_names)) } else { quote!(rt::Known::closed(#known_names)) };
            // Only wildcards (`next_other`) read without it.
            let allow = if ms.iter().all(|m| matches!(m.kind, MemberKind::Any { .. })) { quote!(#[allow(dead_code)]) } else { quote!() };
            read.insert(0, quote!(#allow const KNOWN: rt::Known = #known;));
            let (text_write, text_read) = if s.mixed {
                fields.push(quote!(
                    /// Character data between the children (mixed content), joined.
                    pub text: String
                ));
                build.push(quote!(text: x_text));
                (quote!(w.text(&self.text);), quote!(let x_text = r.take_text();))
            } else {
                (quote!(), quote!())
            };
            read.push(quote!(#text_read r.end(el)?;));
            (
                fields,
                quote!(#(#read)*),
                build,
                quote! {
                    w.open(&tag);
                    #text_write
                    #(#write)*
                    w.close(tag);
                },
            )
        }
    };
    // A nil element of this type still carries the attributes the type fixes (SERES `orid`).
    let fixed: Vec<TokenStream> = s
        .attributes
        .iter()
        .filter_map(|a| {
            let v = a.fixed.as_ref()?;
            let n = ctx.name(&a.name);
            Some(quote!((#n, #v)))
        })
        .collect();
    let nil_write = if fixed.is_empty() {
        quote!()
    } else {
        quote! {
            fn write_nil_xml(w: &mut rt::Writer, name: rt::Name) {
                w.nil_element_fixed(name, &[#(#fixed),*]);
            }
        }
    };
    let all_fields = attr_fields.into_iter().chain(fields);
    let all_build = attr_build.into_iter().chain(build);
    let declaration = declaration(ctx, s, all_fields);
    let validate_impl = validate_impl(&name, &validate);
    quote! {
        #declaration

        #validate_impl

        impl rt::XmlRead for #name {
            fn read_xml(r: &mut rt::Reader<'_>, el: rt::Element<'_>) -> rt::Result<Self> {
                #attr_read
                #read
                Ok(#name { #(#all_build,)* })
            }
        }

        impl rt::XmlWrite for #name {
            fn write_xml(&self, w: &mut rt::Writer, name: rt::Name) -> rt::Result<()> {
                let tag = w.start(name);
                #(#attr_write)*
                #write_body
                Ok(())
            }
            #nil_write
        }
    }
}

fn choice(ctx: &Ctx, c: &Choice) -> TokenStream {
    let name = ident(&c.rust_name);
    let docs = doc_attrs(c.doc.as_deref().or(Some("One of several alternatives, in schema order.")));
    let known = quote!(&rt::Known::ALL);
    let taken = all_names(c.variants.iter().map(|v| &v.member));
    let first = ctx.names(&{
        let mut t = taken.clone();
        t.sort();
        t.dedup();
        t
    });
    let taken = ctx.names(&taken);
    let mut variants = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    let mut validates = Vec::new();
    for v in &c.variants {
        let vn = ident(&v.rust_name);
        let m = &v.member;
        let ty = ctx.member_ty(m);
        let docs = doc_attrs(Some(&member_doc(m)));
        variants.push(quote!(#docs #vn(#ty)));
        let starts = ctx.starts(m, &known, &taken);
        let one = ctx.read_one(m);
        let read = match m.card {
            Card::One => quote!(#one),
            Card::Optional => quote!(Some(#one)),
            Card::Many { .. } => quote!({
                let mut items = Vec::new();
                while #starts { items.push(#one); }
                items
            }),
        };
        reads.push(quote!(if #starts { return Ok(#name::#vn(#read)); }));
        let write = match m.card {
            Card::One => ctx.write_one(m, quote!(v)),
            _ => ctx.write_each(m, quote!(v), true),
        };
        writes.push(quote!(#name::#vn(v) => { #write }));
        let check = validate_member(m, quote!(v));
        if check.is_empty() {
            validates.push(quote!(#name::#vn(_) => {}));
        } else {
            validates.push(quote!(#name::#vn(v) => { #check }));
        }
    }
    // Named by the XML names that can start it (not by the Rust type).
    let expected = {
        let names: std::collections::BTreeSet<String> =
            all_names(c.variants.iter().map(|v| &v.member)).into_iter().map(|n| n.local).collect();
        let mut shown: Vec<&str> = names.iter().take(6).map(String::as_str).collect();
        if names.len() > 6 {
            shown.push("…");
        }
        if shown.is_empty() {
            "expected content, but the choice has no options".to_string()
        } else {
            format!("expected one of {}", shown.join(", "))
        }
    };
    if c.variants.is_empty() {
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {}

            impl rt::Validate for #name {
                fn validate_at(&self, _: &str, _: &mut Vec<rt::Violation>) {
                    match *self {}
                }
            }

            impl rt::XmlContent for #name {
                const FIRST: &'static [rt::Name] = &[];
                fn read_content(r: &mut rt::Reader<'_>) -> rt::Result<Self> {
                    Err(r.error(#expected))
                }
                fn write_content(&self, _w: &mut rt::Writer) -> rt::Result<()> {
                    match *self {}
                }
            }
        };
    }
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants,)*
        }

        impl rt::Validate for #name {
            fn validate_at(&self, path: &str, out: &mut Vec<rt::Violation>) {
                let _ = (path, &out);
                match self {
                    #(#validates)*
                }
            }
        }

        impl rt::XmlContent for #name {
            const FIRST: &'static [rt::Name] = #first;
            fn read_content(r: &mut rt::Reader<'_>) -> rt::Result<Self> {
                #(#reads)*
                Err(r.error(#expected))
            }
            fn write_content(&self, w: &mut rt::Writer) -> rt::Result<()> {
                match self {
                    #(#writes)*
                }
                Ok(())
            }
        }
    }
}

/// Emits one schema's module (items only; the caller wraps it in `mod name { … }` or a file).
pub fn emit_schema(model: &SchemaModel, options: &EmitOptions) -> Result<TokenStream> {
    Ok(emit_schema_items(model, options)?.into_iter().collect())
}

/// [`emit_schema`] as chunks of whole items, in file order, for [`crate::emit::file::print_items`].
pub fn emit_schema_items(model: &SchemaModel, options: &EmitOptions) -> Result<Vec<TokenStream>> {
    let mut namespaces = BTreeMap::new();
    let mut collect = |ns: &Option<String>| {
        if let Some(n) = ns {
            let len = namespaces.len();
            namespaces.entry(n.clone()).or_insert_with(|| format_ident!("NS{}", len + 1));
        }
    };
    for r in &model.roots {
        collect(&r.name.ns);
    }
    for item in model.items.values() {
        match item {
            Item::Struct(s) => {
                s.attributes.iter().for_each(|a| collect(&a.name.ns));
                if let Content::Elements(ms) = &s.content {
                    for m in ms {
                        match &m.kind {
                            MemberKind::Element { name, .. } => collect(&name.ns),
                            MemberKind::Group { names, .. } => names.iter().for_each(|n| collect(&n.ns)),
                            MemberKind::Any { .. } => {}
                        }
                    }
                }
            }
            Item::Choice(c) => {
                for v in &c.variants {
                    match &v.member.kind {
                        MemberKind::Element { name, .. } => collect(&name.ns),
                        MemberKind::Group { names, .. } => names.iter().for_each(|n| collect(&n.ns)),
                        MemberKind::Any { .. } => {}
                    }
                }
            }
            _ => {}
        }
    }
    // Namespace constants are numbered in sorted order of their URIs (stable).
    let namespaces: BTreeMap<String, Ident> =
        namespaces.into_keys().enumerate().map(|(i, ns)| (ns, format_ident!("NS{}", i + 1))).collect();
    let defaultable = defaultable_structs(model);
    let ctx = Ctx { model, namespaces, defaultable };
    let runtime: syn::Path = syn::parse_str(&options.runtime)?;
    let ns_consts = ctx.namespaces.iter().map(|(uri, id)| {
        let doc = format!(" Namespace `{uri}`.");
        quote!(#[doc = #doc] #[allow(dead_code)] const #id: rt::Ns = rt::Ns::new(#uri);)
    });
    let items = model.items.values().map(|item| match item {
        Item::Struct(s) if is_text_element(s) => strukt(&ctx, s),
        // The engine's description gives the JSON of the structs it describes.
        Item::Struct(s) if engine_describes(s) => strukt(&ctx, s),
        Item::Struct(s) => {
            let mut t = strukt(&ctx, s);
            t.extend(json_struct(&ctx, s));
            t
        }
        Item::Choice(c) => {
            let mut t = choice(&ctx, c);
            t.extend(json_choice(&ctx, c));
            t
        }
        Item::Enumeration(e) => enumeration(&ctx, e),
        Item::Newtype(n) => newtype(&ctx, n),
    });
    // Roots: a document type for each complex type that is the type of exactly one root.
    let mut by_type: BTreeMap<&str, Vec<&Root>> = BTreeMap::new();
    for r in &model.roots {
        if let TypeRef::Complex(t) = &r.ty
            && matches!(model.items.get(t), Some(Item::Struct(s)) if !s.is_group)
        {
            by_type.entry(t.as_str()).or_default().push(r);
        }
    }
    let documents = by_type.iter().filter(|(_, rs)| rs.len() == 1).map(|(t, rs)| {
        let text = matches!(model.items.get(*t), Some(Item::Struct(s)) if is_text_element(s));
        let t = ident(t);
        let n = ctx.described_name(&rs[0].name);
        // A text element is a document through its marker (`rt::TextElement` is the runtime's).
        if text { quote!(rt::xml_document!(text #t = #n);) } else { quote!(rt::xml_document!(#t = #n);) }
    });
    let root_consts = model.roots.iter().map(|r| {
        let c = format_ident!("{}", r.constant);
        let n = ctx.described_name(&r.name);
        // `rt::root!` documents the constant with the element and a link to its type.
        let ty = match &r.ty {
            TypeRef::Complex(t) | TypeRef::Simple(SimpleRef::Named(t)) => {
                let t = ident(t);
                quote!(: #t)
            }
            TypeRef::Simple(_) | TypeRef::AnyType => quote!(),
        };
        (c.to_string(), quote!(rt::root!(#c #ty = #n);))
    });
    // Two roots that map to the same constant name keep the first (sorted by wire name).
    let mut seen = std::collections::BTreeSet::new();
    let root_consts: Vec<_> = root_consts.filter(|(c, _)| seen.insert(c.clone())).map(|(_, t)| t).collect();
    let document = document_enum(&ctx);
    let doc = {
        let mut d = format!("Generated from `{}`.", model.source.rsplit('/').next().unwrap_or(&model.source));
        if let Some(ns) = &model.target_ns {
            d.push_str(&format!(" Target namespace `{ns}`."));
        }
        if let Some(sd) = &model.doc {
            d.push_str("\n\n");
            d.push_str(sd);
        }
        d
    };
    let doc_lines = doc.lines().map(|l| {
        let l = format!(" {}", l.trim_end());
        quote!(#![doc = #l])
    });
    let mut chunks = vec![quote! {
        #(#doc_lines)*
        #[allow(unused_imports)]
        use #runtime as rt;
        #(#ns_consts)*
        #(#root_consts)*
    }];
    chunks.extend(items);
    chunks.push(quote!(#(#documents)*));
    chunks.push(document);
    // The marker types that make `rt::Restricted` and `rt::TextElement` each restricted type and
    // text element, named after them.
    let markers: Vec<Ident> = model
        .items
        .values()
        .filter_map(|item| match item {
            Item::Newtype(n) => Some(ident(&n.rust_name)),
            Item::Struct(s) if is_text_element(s) => Some(ident(&s.rust_name)),
            _ => None,
        })
        .collect();
    if !markers.is_empty() {
        chunks.push(quote!(rt::markers!(#(#markers),*);));
    }
    Ok(chunks)
}

/// `Document`: any global element of the schema as a document's root.
fn document_enum(ctx: &Ctx) -> TokenStream {
    let roots = &ctx.model.roots;
    if roots.is_empty() {
        return quote! {
            /// This schema declares no global element, so no document can have it as its root.
            #[derive(Debug, Clone, PartialEq)]
            pub enum Document {}

            impl rt::Validate for Document {
                fn validate_at(&self, _: &str, _: &mut Vec<rt::Violation>) {
                    match *self {}
                }
            }

            impl rt::AnyDocument for Document {
                fn from_xml_with(bytes: &[u8], mode: rt::Mode) -> rt::Result<Self> {
                    rt::read_document(bytes, mode, |_, _| Ok(None))
                }
                fn to_xml(&self) -> rt::Result<String> {
                    match *self {}
                }
            }

            #[cfg(feature = "json")]
            impl rt::JsonDocument for Document {
                const MAIN_ROOT: Option<&'static str> = None;
                fn json_root(&self) -> &'static str {
                    match *self {}
                }
                fn to_json_model(&self) -> rt::Json {
                    match *self {}
                }
                fn from_json_model(root: &str, _: &rt::Json) -> rt::Result<Self> {
                    Err(rt::unknown_json_root(root))
                }
            }
        };
    }
    let mut variants = Vec::new();
    let mut described = Vec::new();
    for r in roots {
        let v = ident(&r.variant);
        let ty = ctx.ty(&r.ty);
        let nillable = r.nillable && !matches!(r.ty, TypeRef::AnyType);
        let doc = format!(" `{}`{}", r.name.local, if nillable { " (nillable: `xsi:nil` makes it `Nil`)" } else { "" });
        if nillable {
            variants.push(quote!(#[doc = #doc] #v(rt::Nillable<#ty>)));
        } else {
            variants.push(quote!(#[doc = #doc] #v(#ty)));
        }
        let kind = match &r.ty {
            TypeRef::Complex(_) if nillable => quote!(nillable),
            TypeRef::Simple(_) if nillable => quote!(nillable_simple),
            TypeRef::Complex(_) => quote!(element),
            TypeRef::Simple(_) => quote!(simple),
            TypeRef::AnyType => quote!(any),
        };
        let local = &r.name.local;
        let ns = r.name.ns.as_ref().map(|ns| {
            let id = &ctx.namespaces[ns];
            quote!(in #id)
        });
        described.push(quote!(#v(#ty) = #kind #local #ns));
    }
    // The root a JSON document is read as when none is named.
    let main = json_main_root(ctx.model).map(|r| {
        let local = &r.name.local;
        quote!(main #local)
    });
    quote! {
        /// A document of this schema: one variant per global element that can be its root.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Document {
            #(#variants,)*
        }

        rt::document!(Document #main { #(#described),* });
    }
}

// ----- JSON (behind the generated crate's `json` feature) -------------------------------------

/// The JSON of a struct (`rt::JsonObject`, and `ToJson`/`FromJson` unless it is a group, whose
/// properties are flattened into its parent's object): one call per attribute and member.
fn json_struct(ctx: &Ctx, s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    if let Some(short) = json_struct_described(ctx, s) {
        return short;
    }
    let mut write = Vec::new();
    let mut read = Vec::new();
    let mut uses_reader = false;
    let mut any_members = Vec::new();
    if s.attributes.iter().any(|a| a.fixed.is_some()) {
        read.push(quote!(xml_fixed: Default::default()));
    }
    for a in &s.attributes {
        let local = &a.name.local;
        if let Some(v) = &a.fixed {
            let kind = ctx.json_kind(&a.ty);
            write.push(quote!(o.fixed(#local, #v, rt::JsonKind::#kind);));
            continue;
        }
        let f = ident(&a.rust_name);
        write.push(quote!(o.field(#local, &self.#f);));
        read.push(quote!(#f: o.field(#local)?));
        uses_reader = true;
    }
    if s.any_attribute {
        read.push(quote!(other_attributes: Vec::new()));
    }
    let members: &[Member] = match &s.content {
        Content::Elements(ms) => ms,
        _ => &[],
    };
    if let Content::Text(_) = &s.content {
        write.insert(0, quote!(o.field("value", &self.value);));
        read.push(quote!(value: o.field("value")?));
        uses_reader = true;
    }
    for m in members {
        let f = ident(&m.rust_name);
        match &m.kind {
            MemberKind::Element { name: n, .. } => {
                let local = &n.local;
                write.push(quote!(o.field(#local, &self.#f);));
                read.push(quote!(#f: o.field(#local)?));
                uses_reader = true;
            }
            MemberKind::Group { .. } => {
                write.push(quote!(o.group(&self.#f);));
                read.push(quote!(#f: o.group()?));
                uses_reader = true;
            }
            // Wildcard content: a property per element, named by it, holding its XML text.
            MemberKind::Any { .. } => {
                any_members.push(f.clone());
                write.push(quote!(o.any(&self.#f);));
            }
        }
    }
    if !any_members.is_empty() {
        let mut known: Vec<String> = s.attributes.iter().map(|a| a.name.local.clone()).collect();
        known.push("value".into());
        ctx.json_names(&members.iter().collect::<Vec<_>>(), &mut known);
        for f in any_members {
            read.push(quote!(#f: o.any(&[#(#known),*])?));
        }
        uses_reader = true;
    }
    if matches!(s.content, Content::Elements(_)) {
        if s.unordered {
            // The order read is the order of the properties, and writing follows it.
            let names: Vec<String> = members
                .iter()
                .map(|m| match &m.kind {
                    MemberKind::Element { name, .. } => name.local.clone(),
                    _ => String::new(),
                })
                .collect();
            read.push(quote!(xml_order: o.order(&[#(#names),*])));
            uses_reader = true;
            let first = write.len() - members.len();
            let arms = write.split_off(first).into_iter().enumerate().map(|(i, w)| {
                let i = Literal::usize_unsuffixed(i);
                quote!(#i => { #w })
            });
            let n = Literal::usize_unsuffixed(members.len());
            write.push(quote! {
                for i in self.xml_order.indices(#n) {
                    match i {
                        #(#arms)*
                        _ => {}
                    }
                }
            });
        }
        if s.mixed {
            read.push(quote!(text: Default::default()));
        }
    }
    let names = if s.is_group {
        let mut out = Vec::new();
        ctx.json_names(&members.iter().collect::<Vec<_>>(), &mut out);
        out
    } else {
        Vec::new()
    };
    let via = (!s.is_group).then(|| quote!(#[cfg(feature = "json")] rt::json_object!(#name);));
    let o = if write.is_empty() { quote!(_o) } else { quote!(o) };
    let ro = if uses_reader { quote!(o) } else { quote!(_o) };
    quote! {
        #[cfg(feature = "json")]
        impl rt::JsonObject for #name {
            const NAMES: &'static [&'static str] = &[#(#names),*];
            fn write_json(&self, #o: &mut rt::ObjectWriter) {
                #(#write)*
            }
            fn read_json(#ro: &rt::ObjectReader<'_>) -> rt::Result<Self> {
                Ok(#name { #(#read,)* })
            }
        }
        #via
    }
}

/// The JSON of a plain struct as one `rt::json_struct!` line: its fields in order, each a
/// property, a flattened group or a field JSON does not carry, and its fixed attributes. `None`
/// for the structs that need [`json_struct`]'s long form: groups (their property names are
/// listed), wildcards, `xs:all` order, text content, and fixed attributes after others (they
/// are written first).
fn json_struct_described(ctx: &Ctx, s: &Struct) -> Option<TokenStream> {
    let members: &[Member] = match &s.content {
        Content::Elements(ms) => ms,
        Content::Text(_) => return None,
        _ => &[],
    };
    if s.is_group || s.unordered || members.iter().any(|m| matches!(m.kind, MemberKind::Any { .. })) {
        return None;
    }
    let first_free = s.attributes.iter().position(|a| a.fixed.is_none()).unwrap_or(s.attributes.len());
    if s.attributes[first_free..].iter().any(|a| a.fixed.is_some()) {
        return None;
    }
    let name = ident(&s.rust_name);
    let mut fields = Vec::new();
    let mut fixed = Vec::new();
    if s.attributes.iter().any(|a| a.fixed.is_some()) {
        fields.push(quote!(xml_fixed: default));
    }
    for a in &s.attributes {
        let local = &a.name.local;
        if let Some(v) = &a.fixed {
            let kind = ctx.json_kind(&a.ty);
            fixed.push(quote!((#local, #v, #kind)));
        } else {
            let f = ident(&a.rust_name);
            fields.push(quote!(#f: #local));
        }
    }
    if s.any_attribute {
        fields.push(quote!(other_attributes: default));
    }
    for m in members {
        let f = ident(&m.rust_name);
        match &m.kind {
            MemberKind::Element { name: n, .. } => {
                let local = &n.local;
                fields.push(quote!(#f: #local));
            }
            MemberKind::Group { .. } => fields.push(quote!(#f: group)),
            MemberKind::Any { .. } => return None,
        }
    }
    if matches!(s.content, Content::Elements(_)) && s.mixed {
        fields.push(quote!(text: default));
    }
    let fixed = (!fixed.is_empty()).then(|| quote!(, fixed = [#(#fixed),*]));
    Some(quote! {
        #[cfg(feature = "json")]
        rt::json_struct!(#name { #(#fields),* } #fixed);
    })
}

/// The JSON of a choice: the chosen option's properties in its parent's object (Studio's
/// `oneOf`); reading takes the first option whose property is there.
fn json_choice(ctx: &Ctx, c: &Choice) -> TokenStream {
    let name = ident(&c.rust_name);
    let mut names = Vec::new();
    ctx.json_names(&c.variants.iter().map(|v| &v.member).collect::<Vec<_>>(), &mut names);
    if c.variants.is_empty() {
        return quote! {
            #[cfg(feature = "json")]
            impl rt::JsonObject for #name {
                const NAMES: &'static [&'static str] = &[];
                fn write_json(&self, _: &mut rt::ObjectWriter) {
                    match *self {}
                }
                fn read_json(o: &rt::ObjectReader<'_>) -> rt::Result<Self> {
                    Err(rt::Error { path: o.path().into(), line: 0, message: "the choice has no options".into() })
                }
            }
        };
    }
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    let mut fallback = None;
    for v in &c.variants {
        let vn = ident(&v.rust_name);
        let m = &v.member;
        match &m.kind {
            MemberKind::Element { name: n, .. } => {
                let local = &n.local;
                writes.push(quote!(#name::#vn(v) => o.field(#local, v)));
                reads.push(quote!(if o.get(#local).is_some() { return Ok(#name::#vn(o.field(#local)?)); }));
                if fallback.is_none() && m.card.may_be_absent() {
                    fallback = Some(quote!(#name::#vn(o.field(#local)?)));
                }
            }
            MemberKind::Group { .. } => {
                let t = ctx.member_ty(m);
                writes.push(quote!(#name::#vn(v) => o.group(v)));
                reads.push(quote!(if o.has_any(<#t as rt::JsonObject>::NAMES) { return Ok(#name::#vn(o.group()?)); }));
                if fallback.is_none() && m.card.may_be_absent() {
                    fallback = Some(quote!(#name::#vn(o.group()?)));
                }
            }
            MemberKind::Any { .. } => {
                writes.push(quote!(#name::#vn(_) => {}));
                if fallback.is_none() {
                    fallback = Some(quote!(#name::#vn(Default::default())));
                }
            }
        }
    }
    let end = match fallback {
        Some(f) => quote!(Ok(#f)),
        None => {
            let msg = format!("expected one of the properties {}", names.join(", "));
            quote!(Err(rt::Error { path: o.path().into(), line: 0, message: #msg.into() }))
        }
    };
    quote! {
        #[cfg(feature = "json")]
        impl rt::JsonObject for #name {
            const NAMES: &'static [&'static str] = &[#(#names),*];
            fn write_json(&self, o: &mut rt::ObjectWriter) {
                match self {
                    #(#writes,)*
                }
            }
            fn read_json(o: &rt::ObjectReader<'_>) -> rt::Result<Self> {
                #(#reads)*
                #end
            }
        }
    }
}

/// The roots a JSON document is read as when none is named: the one global element no other
/// element refers to (OR schemas declare every element globally), or the only one.
pub fn json_main_root(model: &SchemaModel) -> Option<&Root> {
    let mut referenced = std::collections::BTreeSet::new();
    let mut add = |ms: &mut dyn Iterator<Item = &Member>| {
        for m in ms {
            if let MemberKind::Element { name, .. } = &m.kind {
                referenced.insert(name.clone());
            }
        }
    };
    for item in model.items.values() {
        match item {
            Item::Struct(Struct { content: Content::Elements(ms), .. }) => add(&mut ms.iter()),
            Item::Choice(c) => add(&mut c.variants.iter().map(|v| &v.member)),
            _ => {}
        }
    }
    let free: Vec<&Root> = model.roots.iter().filter(|r| !referenced.contains(&r.name)).collect();
    match (free.as_slice(), model.roots.as_slice()) {
        ([one], _) => Some(one),
        (_, [one]) => Some(one),
        _ => None,
    }
}

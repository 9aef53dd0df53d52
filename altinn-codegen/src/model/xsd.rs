//! The resolved model of one schema set: Rust-named types ready to emit.
//!
//! Everything here has its final Rust name; wire names stay beside them. Types are sorted by
//! Rust name so output never depends on declaration order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A wire name: namespace and local name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct XmlName {
    /// Namespace URI, `None` for unqualified names.
    pub ns: Option<String>,
    /// Local name.
    pub local: String,
}

/// The built-in simple types, grouped by how they map to Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Builtin {
    /// `xs:string` and every string-like type (token, Name, anyURI, QName, …): `String`.
    String,
    /// `xs:boolean`: `bool`.
    Boolean,
    /// `xs:decimal`: lexical-preserving decimal.
    Decimal,
    /// Unbounded integers (`xs:integer` and its unbounded derivations): lexical-preserving integer.
    Integer,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `xs:float`: `f32`.
    Float,
    /// `xs:double`: `f64`.
    Double,
    /// `xs:date`.
    Date,
    /// `xs:dateTime`.
    DateTime,
    /// `xs:time`.
    Time,
    /// `xs:gYear`.
    GYear,
    /// `xs:gYearMonth`.
    GYearMonth,
    /// `xs:gMonth`.
    GMonth,
    /// `xs:gMonthDay`.
    GMonthDay,
    /// `xs:gDay`.
    GDay,
    /// `xs:duration`.
    Duration,
    /// `xs:base64Binary` (kept as text).
    Base64Binary,
    /// `xs:hexBinary` (kept as text).
    HexBinary,
    /// `xs:QName` and `xs:NOTATION`: a name resolved against the namespaces in scope.
    QName,
}

/// A simple (text) type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SimpleRef {
    /// A built-in type.
    Builtin(Builtin),
    /// A generated enum or newtype, by Rust name.
    Named(String),
    /// A whitespace-separated list of items.
    List(Box<SimpleRef>),
}

/// Any type a member can have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// Text only.
    Simple(SimpleRef),
    /// A generated struct or choice enum, by Rust name.
    Complex(String),
    /// Any element at all (`xs:anyType`), kept as raw XML.
    AnyType,
}

/// How often a member occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Card {
    /// Exactly once.
    One,
    /// Zero or once: `Option<T>`.
    Optional,
    /// A list: `Vec<T>`, with the declared bounds (for validation).
    Many {
        /// Least count.
        min: u64,
        /// Most count (`None`: unbounded).
        max: Option<u64>,
    },
}

impl Card {
    /// Whether the member may be left out (zero occurrences).
    pub fn may_be_absent(self) -> bool {
        match self {
            Card::One => false,
            Card::Optional => true,
            Card::Many { min, .. } => min == 0,
        }
    }
}

/// Resolved facets of a newtype (all that apply, from every derivation step).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Facets {
    /// Each inner list is one derivation step's patterns (any may match); every step must match.
    pub patterns: Vec<Vec<String>>,
    /// The same patterns in the `regex` crate's syntax (anchored), or why one cannot be
    /// translated; the same shape as `patterns`.
    pub translated: Vec<Vec<Result<String, String>>>,
    /// `length`.
    pub length: Option<u64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minInclusive` (lexical).
    pub min_inclusive: Option<String>,
    /// `maxInclusive`.
    pub max_inclusive: Option<String>,
    /// `minExclusive`.
    pub min_exclusive: Option<String>,
    /// `maxExclusive`.
    pub max_exclusive: Option<String>,
    /// `totalDigits`.
    pub total_digits: Option<u64>,
    /// `fractionDigits`.
    pub fraction_digits: Option<u64>,
    /// `whiteSpace` (`preserve`, `replace`, `collapse`).
    pub white_space: Option<String>,
}

/// The values a list or union type admits, which its Rust representation (a `Vec` of the
/// item, or a `String`) does not spell out: the list's own facets and enumerated lists, a
/// union's member types. For tools that write values (sample instances); generated code does
/// not use it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ValueSpace {
    /// An atomic type: its built-in, its facets and its enumerated values (if any).
    Atomic {
        /// The built-in it is made of.
        base: Builtin,
        /// Facets from every derivation step.
        facets: Facets,
        /// Enumerated values (empty: any).
        values: Vec<String>,
    },
    /// A list: its item type, its facets (length facets count items; patterns match the whole
    /// list) and its enumerated values (whole lists).
    List {
        /// The item type.
        item: Box<ValueSpace>,
        /// Facets of the list.
        facets: Facets,
        /// Enumerated lists (empty: any).
        values: Vec<String>,
    },
    /// A union: its member types, in order.
    Union(Vec<ValueSpace>),
}

/// A member of a struct's content (an element, a repeated group, a choice, a wildcard).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Field name.
    pub rust_name: String,
    /// What it holds.
    pub kind: MemberKind,
    /// How often.
    pub card: Card,
    /// Box the value (recursive types).
    pub boxed: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// The kinds of member.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberKind {
    /// An element.
    Element {
        /// Wire name.
        name: XmlName,
        /// Its type.
        ty: TypeRef,
        /// `nillable`.
        nillable: bool,
        /// `fixed` value of a simple-typed element.
        fixed: Option<String>,
        /// `default` value.
        default: Option<String>,
        /// For a list or union type: the values it admits.
        value_space: Option<Box<ValueSpace>>,
    },
    /// A nested group (a repeated sequence, or a choice): a generated type, by Rust name, that
    /// reads the elements listed in `names`.
    Group {
        /// The group's type (struct for a sequence, enum for a choice).
        ty: String,
        /// Element names that start or continue this group.
        names: Vec<XmlName>,
    },
    /// `xs:any`: raw elements.
    Any {
        /// `namespace` constraint as written.
        namespace: String,
    },
}

/// An attribute of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Field name.
    pub rust_name: String,
    /// Wire name.
    pub name: XmlName,
    /// Its type.
    pub ty: SimpleRef,
    /// `use="required"`.
    pub required: bool,
    /// `default`.
    pub default: Option<String>,
    /// `fixed`: not a field; always written with this value.
    pub fixed: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// For a list or union type: the values it admits.
    pub value_space: Option<Box<ValueSpace>>,
}

/// What a struct holds besides attributes.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Nothing.
    Empty,
    /// Text of a simple type (`simpleContent`).
    Text(SimpleRef),
    /// Child elements.
    Elements(Vec<Member>),
}

/// A struct: a complex type, an anonymous type, or a repeated sequence group.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Rust name.
    pub rust_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Attributes (fixed ones included: they are written, never stored).
    pub attributes: Vec<Attribute>,
    /// `anyAttribute`: keep other attributes.
    pub any_attribute: bool,
    /// Content.
    pub content: Content,
    /// `mixed="true"`: text between children is kept.
    pub mixed: bool,
    /// A group of elements without a wrapper element of its own (a repeated sequence, or a
    /// sequence option of a choice): read and written as content of its parent.
    pub is_group: bool,
    /// The content is an `xs:all`: its elements come in any order, and the order read is kept.
    pub unordered: bool,
}

/// One option of a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Variant name.
    pub rust_name: String,
    /// The member it holds (its `rust_name` is unused).
    pub member: Member,
}

/// A choice: one of several members.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Rust name.
    pub rust_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The options, in schema order.
    pub variants: Vec<Variant>,
}

/// An enumeration of lexical values.
#[derive(Debug, Clone, PartialEq)]
pub struct Enumeration {
    /// Rust name.
    pub rust_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The base the values are of.
    pub base: SimpleRef,
    /// (variant name, wire value, documentation).
    pub values: Vec<(String, String, Option<String>)>,
    /// For a QName base: the namespace each value names (parallel to `values`); else empty.
    pub namespaces: Vec<Option<String>>,
}

/// A restricted simple type: a validated newtype over its base.
#[derive(Debug, Clone, PartialEq)]
pub struct Newtype {
    /// Rust name.
    pub rust_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The representation.
    pub base: SimpleRef,
    /// Facets to check.
    pub facets: Facets,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Struct.
    Struct(Struct),
    /// Choice enum.
    Choice(Choice),
    /// Enumeration.
    Enumeration(Enumeration),
    /// Newtype.
    Newtype(Newtype),
}

impl Item {
    /// The Rust name.
    pub fn rust_name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.rust_name,
            Item::Choice(c) => &c.rust_name,
            Item::Enumeration(e) => &e.rust_name,
            Item::Newtype(n) => &n.rust_name,
        }
    }
}

/// A global element that can be a document's root.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    /// Wire name.
    pub name: XmlName,
    /// Its type.
    pub ty: TypeRef,
    /// `nillable`.
    pub nillable: bool,
    /// `fixed` value of a simple-typed element.
    pub fixed: Option<String>,
    /// For a list or union type: the values it admits.
    pub value_space: Option<Box<ValueSpace>>,
    /// Its variant of the schema's `Document` enum.
    pub variant: String,
    /// The name of its `ROOT_…` constant.
    pub constant: String,
}

/// One schema set, ready to emit as a module.
#[derive(Debug, Clone, Default)]
pub struct SchemaModel {
    /// The main schema file (for docs).
    pub source: String,
    /// Schema documentation.
    pub doc: Option<String>,
    /// The main schema's target namespace.
    pub target_ns: Option<String>,
    /// Types by Rust name.
    pub items: BTreeMap<String, Item>,
    /// Global elements, sorted by wire name.
    pub roots: Vec<Root>,
    /// Renames a reader may want to know about: (what, wire name, Rust name).
    pub renames: Vec<(String, String, String)>,
    /// Warnings met while resolving.
    pub warnings: Vec<String>,
    /// Includes and imports whose files were not there (generation went on without them).
    pub missing: Vec<MissingDependency>,
    /// Imports satisfied by namespace from the schema set (see `SchemaCatalog`).
    pub by_namespace: Vec<NamespaceMatch>,
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

/// An import whose file is missing (or that names no file), satisfied by the one schema of the
/// set that declares the imported namespace. Reported as a warning: never a silent guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}:{line}: import of namespace `{namespace}`{}: using {}, the only schema of the set with that target namespace",
    schema.display(),
    location.as_deref().map(|l| format!(" from `{l}` (not found)")).unwrap_or_default(),
    used.display()
)]
pub struct NamespaceMatch {
    /// The importing schema.
    pub schema: PathBuf,
    /// Line of the import.
    pub line: usize,
    /// The imported namespace.
    pub namespace: String,
    /// `schemaLocation` as written, when there is one.
    pub location: Option<String>,
    /// Where that location points (the file that is not there).
    pub missing: Option<PathBuf>,
    /// The file used instead.
    pub used: PathBuf,
}

/// Element names a member can start with.
pub fn member_names(m: &Member) -> Vec<XmlName> {
    match &m.kind {
        MemberKind::Element { name, .. } => vec![name.clone()],
        MemberKind::Group { names, .. } => names.clone(),
        MemberKind::Any { .. } => Vec::new(),
    }
}

/// Names that can start a sequence of members: those of each member up to the first required one.
pub fn first_names(members: &[Member]) -> Vec<XmlName> {
    let mut set = BTreeSet::new();
    for m in members {
        for n in member_names(m) {
            set.insert(n);
        }
        if !m.card.may_be_absent() {
            break;
        }
    }
    set.into_iter().collect()
}

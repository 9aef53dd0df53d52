//! XML for the generated model types: a namespace-aware reader and writer over quick-xml, the
//! traits generated types implement, lexical-preserving value types, and raw XML for wildcards.
//!
//! Generated code stays small: each type's `read_xml`/`write_xml` is a list of calls into the
//! helpers here.

mod any;
mod encoding;
pub mod engine;
mod facets;
mod json;
mod qname;
mod read;
mod restricted;
mod text_element;
pub mod tree;
mod validate;
mod values;
mod write;

pub use any::{AnyElement, AnyNode};
pub use encoding::{DecodeError, decode_document};
pub use engine::xml_struct;
pub use facets::{FacetCheck, FacetError, Facets, digit_counts};
pub use json::{
    AnyField, FromJson, Json, JsonDocument, JsonKind, JsonObject, ObjectReader, ObjectWriter, ToJson, json_number, json_object,
    json_simple, json_struct, not_an_object, object_from_json, object_to_json, simple_from_json, simple_to_json, unknown_json_root,
};
pub use qname::{NamespaceBinder, NamespaceScope, QualifiedName};
pub use read::{Attr, Element, FixedMismatch, FixedMismatches, Known, Limits, Mode, Reader, current_limits, with_limits};
pub use regex::Regex;
pub use restricted::{IntoBase, Restricted, Restriction, markers, restricted};
pub use text_element::{FixedAttributes, TextElement, TextRoot, text_element};
pub use validate::{CheckResult, Patterns, Validate, Violation, check_groups, check_many, check_occurs, check_part, check_value};
pub use values::{
    Base64Binary, Boolean, Date, DateTime, Decimal, Double, Duration, ElementOrder, Float, GDay, GMonth, GMonthDay, GYear, GYearMonth,
    HexBinary, Integer, List, Nillable, SimpleValue, Time, ValueError, display,
};
pub use write::{StartTag, Writer, escape_attr, escape_text};

/// The XML Schema instance namespace.
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An element or attribute name as generated code knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name {
    /// Namespace URI (`None`: no namespace).
    pub ns: Option<&'static str>,
    /// Local name.
    pub local: &'static str,
}

impl Name {
    /// A name in a namespace (or none).
    pub const fn new(ns: Option<&'static str>, local: &'static str) -> Self {
        Name { ns, local }
    }

    /// A name in no namespace (unqualified attributes and elements).
    pub const fn local(local: &'static str) -> Self {
        Name { ns: None, local }
    }
}

/// A namespace as generated code names it once per module (`const NS1: rt::Ns = …`), so that
/// its names read `NS1.name("Innsender")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ns(pub Option<&'static str>);

impl Ns {
    /// The namespace with this URI.
    pub const fn new(uri: &'static str) -> Self {
        Ns(Some(uri))
    }

    /// A name in this namespace.
    pub const fn name(self, local: &'static str) -> Name {
        Name { ns: self.0, local }
    }

    /// The URI.
    pub const fn uri(self) -> Option<&'static str> {
        self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(self.local),
        }
    }
}

/// An error reading or writing XML, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// XPath-like location (`/melding/Innsender/Navn`).
    pub path: String,
    /// 1-based line in the input (0 when writing).
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}: {}", self.line, self.path, self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// Result of XML reading and writing.
pub type Result<T> = std::result::Result<T, Error>;

/// A type read from an element (structs, choices).
pub trait XmlRead: Sized {
    /// Reads the element `el` (its start tag is already consumed) through its end tag.
    fn read_xml(r: &mut Reader<'_>, el: Element<'_>) -> Result<Self>;
}

/// A type written as an element.
pub trait XmlWrite {
    /// Writes `self` as an element named `name`.
    fn write_xml(&self, w: &mut Writer, name: Name) -> Result<()>;

    /// Writes a nil element of this type (`xsi:nil="true"`) with the attributes the type fixes.
    fn write_nil_xml(w: &mut Writer, name: Name)
    where
        Self: Sized,
    {
        w.nil_element(name);
    }
}

/// Content that is a sequence of elements without a wrapper (choices, repeated groups).
pub trait XmlContent: Sized {
    /// Names that can start this content.
    const FIRST: &'static [Name];
    /// Reads the content from the current element's children.
    fn read_content(r: &mut Reader<'_>) -> Result<Self>;
    /// Writes the content into the current element.
    fn write_content(&self, w: &mut Writer) -> Result<()>;
}

impl<T: XmlRead> XmlRead for Box<T> {
    fn read_xml(r: &mut Reader<'_>, el: Element<'_>) -> Result<Self> {
        T::read_xml(r, el).map(Box::new)
    }
}

impl<T: XmlWrite> XmlWrite for Box<T> {
    fn write_xml(&self, w: &mut Writer, name: Name) -> Result<()> {
        (**self).write_xml(w, name)
    }
    fn write_nil_xml(w: &mut Writer, name: Name) {
        T::write_nil_xml(w, name)
    }
}

impl<T: XmlContent> XmlContent for Box<T> {
    const FIRST: &'static [Name] = T::FIRST;
    fn read_content(r: &mut Reader<'_>) -> Result<Self> {
        T::read_content(r).map(Box::new)
    }
    fn write_content(&self, w: &mut Writer) -> Result<()> {
        (**self).write_content(w)
    }
}

/// A schema's documents: any of its global elements as the root (generated `Document` enums).
pub trait AnyDocument: Sized {
    /// Reads a document whose root is any of the schema's global elements.
    fn from_xml_with(bytes: &[u8], mode: Mode) -> Result<Self>;
    /// Writes the document as UTF-8 with an XML declaration.
    fn to_xml(&self) -> Result<String>;
}

/// Reads a whole document: decodes it, finds the root, lets `read` take it (returning `None`
/// when the root is not one it knows), and checks nothing follows.
pub fn read_document<T>(bytes: &[u8], mode: Mode, read: impl FnOnce(&mut Reader<'_>, Element<'_>) -> Result<Option<T>>) -> Result<T> {
    let text = read::decode(bytes)?;
    let mut r = Reader::new(&text, mode);
    let el = r.root()?;
    let name = el.display_name();
    match read(&mut r, el)? {
        Some(v) => {
            r.finish()?;
            Ok(v)
        }
        None => Err(r.error(format!("the root element {name} is not a global element of this schema"))),
    }
}

/// [`read_document`] for a schema's `Document` enum: `read` gets the root's position in
/// `roots` (the variant to build); a root not in `roots` is an error naming it.
pub fn read_root_document<T>(
    bytes: &[u8],
    mode: Mode,
    roots: &[Name],
    read: impl FnOnce(&mut Reader<'_>, Element<'_>, usize) -> Result<Option<T>>,
) -> Result<T> {
    read_document(bytes, mode, |r, el| match roots.iter().position(|n| el.name_is(*n)) {
        Some(i) => read(r, el, i),
        None => Ok(None),
    })
}

/// A root element type: its name is known, so documents read and write in one call.
pub trait XmlDocument: XmlRead + XmlWrite {
    /// The root element's name.
    const ROOT: Name;

    /// Reads a whole document (any encoding with a BOM or declaration; UTF-8 otherwise).
    fn from_xml(bytes: &[u8]) -> Result<Self> {
        Self::from_xml_with(bytes, Mode::Lenient)
    }

    /// Reads a whole document in the given mode.
    fn from_xml_with(bytes: &[u8], mode: Mode) -> Result<Self> {
        let text = read::decode(bytes)?;
        let mut r = Reader::new(&text, mode);
        let el = r.root()?;
        if el.name_is(Self::ROOT) {
            let v = Self::read_xml(&mut r, el)?;
            r.finish()?;
            Ok(v)
        } else {
            Err(r.error(format!("the root element is {}, expected {}", el.display_name(), Self::ROOT)))
        }
    }

    /// Writes a whole document as UTF-8 with an XML declaration.
    fn to_xml(&self) -> Result<String> {
        let mut w = Writer::new();
        self.write_xml(&mut w, Self::ROOT)?;
        Ok(w.finish())
    }
}

/// The type of a global element as a document ([`XmlDocument`]): `xml_document!(Melding =
/// "melding" in NS1)`, the root's local name and namespace constant (none: no namespace). A text
/// element ([`text_element!`]) is one through its marker: `xml_document!(text Navn = "Navn")`.
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_document {
    (text $t:ident = $local:literal $(in $ns:ident)?) => {
        impl $crate::xml::TextRoot for markers::$t {
            const ROOT: $crate::xml::Name = $crate::__xml_name!($local $(in $ns)?);
        }
    };
    ($t:ident = $local:literal $(in $ns:ident)?) => {
        impl $crate::xml::XmlDocument for $t {
            const ROOT: $crate::xml::Name = $crate::__xml_name!($local $(in $ns)?);
        }
    };
}
pub use crate::__xml_document as xml_document;

/// The implementations of a generated enumeration: `ALL`, `as_str`, `Display`, `FromStr`,
/// `Validate` and `SimpleValue`, from each variant's wire value. The enum is declared with its
/// docs and derives; its variants are in schema order, as listed here.
///
/// ```text
/// pub enum Kjonn { M, K }
/// enumeration!(Kjonn { M = "M", K = "K" });
/// ```
///
/// `trim` (after the name) reads values with surrounding whitespace collapsed, for enumerations
/// of types other than `xs:string`; `as Number` or `as Boolean` after it is how JSON writes the
/// values (strings unless said), where the expanding crate has the feature `json`.
#[doc(hidden)]
#[macro_export]
macro_rules! __enumeration {
    ($name:ident trim $(as $kind:ident)? { $($variant:ident = $wire:literal),* $(,)? }) => {
        $crate::__enumeration!(@impl $name true [$($kind)?] { $($variant = $wire),* });
    };
    ($name:ident $(as $kind:ident)? { $($variant:ident = $wire:literal),* $(,)? }) => {
        $crate::__enumeration!(@impl $name false [$($kind)?] { $($variant = $wire),* });
    };
    (@json $name:ident []) => {
        #[cfg(feature = "json")]
        $crate::xml::json_simple!($name, String);
    };
    (@json $name:ident [$kind:ident]) => {
        #[cfg(feature = "json")]
        $crate::xml::json_simple!($name, $kind);
    };
    (@impl $name:ident $trim:literal [$($kind:ident)?] { $($variant:ident = $wire:literal),* }) => {
        $crate::__enumeration!(@json $name [$($kind)?]);
        impl $name {
            /// Every value, in schema order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The wire values, in the order of `ALL`.
            const WIRE: &'static [&'static str] = &[$($wire),*];

            /// The wire value.
            pub fn as_str(&self) -> &'static str {
                Self::WIRE[*self as usize]
            }
        }
        $crate::xml::display_from_str!($name);
        impl $crate::xml::Validate for $name {
            fn validate_at(&self, _: &str, _: &mut ::std::vec::Vec<$crate::xml::Violation>) {}
        }
        impl $crate::xml::SimpleValue for $name {
            fn parse_xml(text: &str) -> ::core::result::Result<Self, $crate::xml::ValueError> {
                match $crate::xml::parse_enum(text, ::core::stringify!($name), $trim, Self::WIRE) {
                    ::core::result::Result::Ok(i) => ::core::result::Result::Ok(Self::ALL[i]),
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            }
            fn write_xml(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str())
            }
        }
    };
}
pub use crate::__enumeration as enumeration;

/// The reading, writing and validation of a schema's `Document` enum (one variant per global
/// element), described by its roots in order: `document!(Document { Skjema(Skjema) = element
/// "Skjema" in NS1, Belop(Belop) = simple "Belop" })`. The kinds are `element` (a complex type),
/// `simple`, `nillable` and `nillable_simple` (the variant holds a [`Nillable`]), and `any`
/// (an [`AnyElement`]); `in NS` names the namespace constant, none means no namespace. Each
/// arm names its type, so type checking stays fast for schemas with thousands of roots.
///
/// Where the expanding crate has the feature `json`, it is also the [`JsonDocument`]: `main
/// "Skjema"` after the name is the root a JSON document is read as when none is named.
#[doc(hidden)]
#[macro_export]
macro_rules! __document {
    ($doc:ident $(main $main:literal)? { $($v:ident($t:ty) = $kind:ident $local:literal $(in $ns:ident)?),+ $(,)? }) => {
        #[cfg(feature = "json")]
        impl $crate::xml::JsonDocument for $doc {
            const MAIN_ROOT: ::core::option::Option<&'static str> = $crate::xml::document!(@main $($main)?);
            fn json_root(&self) -> &'static str {
                match self {
                    $($doc::$v(_) => $local,)+
                }
            }
            fn to_json_model(&self) -> $crate::xml::Json {
                match self {
                    $($doc::$v(v) => $crate::xml::ToJson::to_json(v),)+
                }
            }
            fn from_json_model(root: &str, v: &$crate::xml::Json) -> $crate::xml::Result<Self> {
                // The first root of that local name (JSON does not name the namespace).
                let i = Self::ROOTS.iter().position(|n| n.local == root);
                let doc = 'found: {
                    let mut at = 0usize;
                    $(
                        if i == ::core::option::Option::Some(at) {
                            match $crate::xml::FromJson::from_json(v, ::core::concat!("/", $local)) {
                                ::core::result::Result::Ok(v) => break 'found $doc::$v(v),
                                ::core::result::Result::Err(e) => return ::core::result::Result::Err(e),
                            }
                        }
                        at += 1;
                    )+
                    let _ = at;
                    return ::core::result::Result::Err($crate::xml::unknown_json_root(root));
                };
                ::core::result::Result::Ok(doc)
            }
        }

        impl $doc {
            /// The root elements this schema allows.
            pub const ROOTS: &'static [$crate::xml::Name] = &[$($crate::xml::document!(@name $local $($ns)?)),+];

            /// Reads a document (lenient: unknown elements and attributes are skipped).
            pub fn from_xml(bytes: &[u8]) -> $crate::xml::Result<Self> {
                <Self as $crate::xml::AnyDocument>::from_xml_with(bytes, $crate::xml::Mode::Lenient)
            }

            /// Reads the root element `el`, the one at `i` in `ROOTS`.
            fn read_root(r: &mut $crate::xml::Reader<'_>, el: $crate::xml::Element<'_>, i: usize) -> $crate::xml::Result<::core::option::Option<Self>> {
                // Every arm writes into the one `doc` (a return per arm would give each its own
                // result on the stack: too much for schemas with thousands of roots, unoptimized).
                let doc = 'found: {
                    let mut at = 0usize;
                    $(
                        if i == at {
                            // `match`, not `?`: that would add two functions per root type.
                            match $crate::xml::document!(@read $kind r el $t) {
                                ::core::result::Result::Ok(v) => break 'found $doc::$v(v),
                                ::core::result::Result::Err(e) => return ::core::result::Result::Err(e),
                            }
                        }
                        at += 1;
                    )+
                    let _ = at;
                    return ::core::result::Result::Ok(::core::option::Option::None);
                };
                ::core::result::Result::Ok(::core::option::Option::Some(doc))
            }
        }

        impl $crate::xml::Validate for $doc {
            /// Validates from the root element (paths start with `/root`).
            fn validate_at(&self, _: &str, out: &mut ::std::vec::Vec<$crate::xml::Violation>) {
                match self {
                    $($doc::$v(v) => $crate::xml::Validate::validate_at(v, concat!("/", $local), out),)+
                }
            }
        }

        impl $crate::xml::AnyDocument for $doc {
            fn from_xml_with(bytes: &[u8], mode: $crate::xml::Mode) -> $crate::xml::Result<Self> {
                $crate::xml::read_root_document(bytes, mode, Self::ROOTS, Self::read_root)
            }
            fn to_xml(&self) -> $crate::xml::Result<::std::string::String> {
                let mut w = $crate::xml::Writer::new();
                match self {
                    $($doc::$v(v) => $crate::xml::document!(@write $kind w v $crate::xml::document!(@name $local $($ns)?)),)+
                }
                ::core::result::Result::Ok(w.finish())
            }
        }
    };
    (@main) => { ::core::option::Option::None };
    (@main $main:literal) => { ::core::option::Option::Some($main) };
    (@name $local:literal $ns:ident) => { $ns.name($local) };
    (@name $local:literal) => { $crate::xml::Name::local($local) };
    (@read element $r:ident $el:ident $t:ty) => { <$t as $crate::xml::XmlRead>::read_xml($r, $el) };
    (@read simple $r:ident $el:ident $t:ty) => { $r.simple::<$t>($el) };
    (@read nillable $r:ident $el:ident $t:ty) => { $r.nillable_of($el, <$t as $crate::xml::XmlRead>::read_xml) };
    (@read nillable_simple $r:ident $el:ident $t:ty) => { $r.nillable_of($el, $crate::xml::Reader::simple::<$t>) };
    (@read any $r:ident $el:ident $t:ty) => { $crate::xml::AnyElement::read($r, $el) };
    (@write element $w:ident $v:ident $n:expr) => { $crate::xml::XmlWrite::write_xml($v, &mut $w, $n)? };
    (@write simple $w:ident $v:ident $n:expr) => { $w.simple($n, $v)? };
    (@write nillable $w:ident $v:ident $n:expr) => { $w.nillable($n, $v)? };
    (@write nillable_simple $w:ident $v:ident $n:expr) => { $w.nillable_simple($n, $v)? };
    (@write any $w:ident $v:ident $n:expr) => { $w.any($v)? };
}
pub use crate::__document as document;

/// Reads a value of the enumeration `type_name` whose wire values are `wire`: the position of
/// the one that is `text` (both trimmed when `trim`), or an error listing the values allowed. Not
/// generic: one function for every enumeration.
pub fn parse_enum(text: &str, type_name: &str, trim: bool, wire: &[&str]) -> std::result::Result<usize, ValueError> {
    let text = if trim { text.trim() } else { text };
    for (i, w) in wire.iter().enumerate() {
        if (if trim { w.trim() } else { w }) == text {
            return Ok(i);
        }
    }
    let expected: Vec<String> = wire.iter().map(|w| format!("`{w}`")).collect();
    Err(ValueError(format!("`{text}` is not a valid {type_name}: it must be one of {}", expected.join(", "))))
}

/// Parses a simple value's lexical form and checks it as `validate()` does (facets, calendar
/// dates): the `FromStr` of generated simple types.
pub fn parse_and_check<T: SimpleValue + Validate>(text: &str) -> std::result::Result<T, ValueError> {
    // `match`, not `?`: this is compiled once per enumeration.
    let value = match T::parse_xml(text) {
        Ok(v) => v,
        Err(e) => return Err(e),
    };
    if let Err(e) = value.check_value_space() {
        return Err(e);
    }
    match value.validate().into_iter().next() {
        Some(v) => Err(ValueError(v.message)),
        None => Ok(value),
    }
}

/// `Display` (the lexical form, as written in XML) and `FromStr` (parsed and checked, see
/// [`parse_and_check`]) of a generated enumeration or restricted simple type.
#[doc(hidden)]
#[macro_export]
macro_rules! __display_from_str {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::xml::display(self, f)
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = $crate::xml::ValueError;
            fn from_str(s: &str) -> ::core::result::Result<Self, $crate::xml::ValueError> {
                $crate::xml::parse_and_check(s)
            }
        }
    };
}
pub use crate::__display_from_str as display_from_str;

/// A builder-style setter of a generated struct, one line per optional or repeated field:
/// `setter!(with_x, x, set, T)` sets the `Option<T>` field `x` to a `T`, and
/// `setter!(with_x, x, add, T)` pushes a `T` onto the `Vec<T>` field `x`. After `set` or `add`,
/// `into` takes anything that converts into `T` (a `&str` for a `String`, the value of a text
/// element), and `nillable` is for `Nillable<T>` items, set to a plain `T` (assign
/// `Some(Nillable::Nil)` for nil): `setter!(with_x, x, set nillable into, T)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($method:ident, $field:ident, set nillable into, $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to a value (anything that converts into it).")]
        #[inline]
        pub fn $method(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some($crate::xml::Nillable::Value(value.into()));
            self
        }
    };
    ($method:ident, $field:ident, set nillable, $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to a value.")]
        #[inline]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field = ::core::option::Option::Some($crate::xml::Nillable::Value(value));
            self
        }
    };
    ($method:ident, $field:ident, set into, $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` (anything that converts into its value).")]
        #[inline]
        pub fn $method(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into());
            self
        }
    };
    ($method:ident, $field:ident, set, $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[inline]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field = ::core::option::Option::Some(value);
            self
        }
    };
    ($method:ident, $field:ident, add nillable into, $ty:ty) => {
        #[doc = concat!("Adds a value to `", stringify!($field), "` (anything that converts into it).")]
        #[inline]
        pub fn $method(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field.push($crate::xml::Nillable::Value(value.into()));
            self
        }
    };
    ($method:ident, $field:ident, add nillable, $ty:ty) => {
        #[doc = concat!("Adds a value to `", stringify!($field), "`.")]
        #[inline]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field.push($crate::xml::Nillable::Value(value));
            self
        }
    };
    ($method:ident, $field:ident, add into, $ty:ty) => {
        #[doc = concat!("Adds one to `", stringify!($field), "` (anything that converts into its items).")]
        #[inline]
        pub fn $method(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field.push(value.into());
            self
        }
    };
    ($method:ident, $field:ident, add, $ty:ty) => {
        #[doc = concat!("Adds one to `", stringify!($field), "`.")]
        #[inline]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field.push(value);
            self
        }
    };
}
pub use crate::__setter as setter;

/// The constructor of a generated struct with required parts, inside its `impl`:
/// `new!(navn: impl Into<String>, antall: u32; vedlegg, merknad)` is
/// `pub fn new(navn: impl Into<String>, antall: u32) -> Self`, setting the required fields from
/// its parameters (each converted into the field's type) and the fields after `;` (optional,
/// repeated, fixed-attribute records) to their empty defaults. Listing every field keeps the
/// compiler checking that the constructor is the struct's.
#[doc(hidden)]
#[macro_export]
macro_rules! __new {
    ($($field:ident: $ty:ty),* $(; $($empty:ident),*)?) => {
        /// A value of its required parts; the other parts start empty (the `with_*` methods set
        /// them).
        #[allow(clippy::too_many_arguments)]
        pub fn new($($field: $ty),*) -> Self {
            Self {
                $($field: ::core::convert::Into::into($field),)*
                $($($empty: ::core::default::Default::default(),)*)?
            }
        }
    };
}
pub use crate::__new as new;

/// The name of a global element as a constant, documented with the element and its type:
/// `root!(ROOT_MELDING: Melding = "Melding" in NS1);`, or without `: Type` where the element's
/// type is text or any XML.
#[doc(hidden)]
#[macro_export]
macro_rules! __root {
    ($constant:ident: $ty:ident = $local:literal $(in $ns:ident)?) => {
        #[doc = ::core::concat!("The global element `", $local, "`: [`", ::core::stringify!($ty), "`].")]
        pub const $constant: $crate::xml::Name = $crate::__xml_name!($local $(in $ns)?);
    };
    ($constant:ident = $local:literal $(in $ns:ident)?) => {
        #[doc = ::core::concat!("The global element `", $local, "`.")]
        pub const $constant: $crate::xml::Name = $crate::__xml_name!($local $(in $ns)?);
    };
}
pub use crate::__root as root;

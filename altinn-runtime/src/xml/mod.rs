//! XML for the generated model types: a namespace-aware reader and writer over quick-xml, the
//! traits generated types implement, lexical-preserving value types, and raw XML for wildcards.
//!
//! Generated code stays small: each type's `read_xml`/`write_xml` is a list of calls into the
//! helpers here.

mod any;
mod facets;
mod qname;
mod read;
mod validate;
mod values;
mod write;

pub use any::{AnyElement, AnyNode};
pub use facets::{FacetCheck, FacetError, Facets};
pub use qname::{NamespaceBinder, NamespaceScope, QualifiedName};
pub use read::{Attr, Element, FixedMismatch, FixedMismatches, Known, Mode, Reader};
pub use values::{
    Base64Binary, Boolean, Date, DateTime, Decimal, Double, ElementOrder, Float, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, HexBinary, Integer,
    List, Nillable, SimpleValue, Time, ValueError, display,
};
pub use regex::Regex;
pub use validate::{CheckResult, Patterns, Validate, Violation, check_occurs, check_value};
pub use write::{StartTag, Writer};

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
    fn read_xml(r: &mut Reader<'_>, el: Element) -> Result<Self>;
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
    fn read_xml(r: &mut Reader<'_>, el: Element) -> Result<Self> {
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
pub fn read_document<T>(
    bytes: &[u8],
    mode: Mode,
    read: impl FnOnce(&mut Reader<'_>, Element) -> Result<Option<T>>,
) -> Result<T> {
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
    read: impl FnOnce(&mut Reader<'_>, Element, usize) -> Result<Option<T>>,
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

/// The trait implementations of a type for an element with text content and only fixed
/// attributes (SERES data elements: a value and a fixed `orid`), and its constructor. Generated
/// code uses it instead of writing the same implementations out for each of thousands of such
/// types; the bodies are the generic [`Reader::text_element`] and [`Writer::text_element`], so
/// their code is shared by every type with the same value type.
///
/// `text_element!(Type, ValueType, [(name, "fixed value"), …]);` for
/// `struct Type { value: ValueType, xml_fixed: FixedMismatches }`.
#[doc(hidden)]
#[macro_export]
macro_rules! __text_element {
    ($name:ident, $ty:ty, [$(($attr:expr, $fixed:expr)),* $(,)?]) => {
        impl $crate::xml::Validate for $name {
            fn validate_at(&self, path: &str, out: &mut ::std::vec::Vec<$crate::xml::Violation>) {
                $crate::xml::Validate::validate_at(&self.xml_fixed, path, out);
                $crate::xml::Validate::validate_at(&self.value, path, out);
            }
        }
        impl $crate::xml::XmlRead for $name {
            fn read_xml(r: &mut $crate::xml::Reader<'_>, el: $crate::xml::Element) -> $crate::xml::Result<Self> {
                let (value, xml_fixed) = r.text_element::<$ty>(el, &[$(($attr, $fixed)),*])?;
                ::core::result::Result::Ok($name { value, xml_fixed })
            }
        }
        impl $crate::xml::XmlWrite for $name {
            fn write_xml(&self, w: &mut $crate::xml::Writer, name: $crate::xml::Name) -> $crate::xml::Result<()> {
                w.text_element(name, &[$(($attr, $fixed)),*], &self.value);
                ::core::result::Result::Ok(())
            }
            fn write_nil_xml(w: &mut $crate::xml::Writer, name: $crate::xml::Name) {
                w.nil_element_fixed(name, &[$(($attr, $fixed)),*]);
            }
        }
    };
}
pub use crate::__text_element as text_element;

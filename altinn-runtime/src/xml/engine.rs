//! The shared engine of generated structs: one reader, writer and validator, driven by a static
//! description of a type's fields ([`Part`]s), instead of three function bodies per type.
//!
//! A generated struct whose content is a sequence of elements (with attributes) is declared
//! with its docs and derives, then described in one [`xml_struct!`](crate::xml::xml_struct)
//! line per field. The macro builds the description (each field's offset, XML name, how often
//! it occurs, and the functions that read, write, validate and drop a value of its type) and
//! implements [`XmlRead`], [`XmlWrite`] and [`Validate`] as one call each into this module.
//! The per-type work is then shared per *value type* (`read_opt::<Child, Adresse>` serves every
//! optional `Adresse` field of a crate), and the walk over the fields exists once.
//!
//! Reading builds the value in place: each field is written once, through its offset, and
//! the value is whole when every required field was found. On an error the fields read so far
//! are dropped. The description is checked against the type where the macro expands: one
//! pattern names every field with the type the description gives it, and does not compile if
//! a field is missing or of another type.
//!
//! ```
//! use altinn_runtime::xml::{self as rt, Mode, XmlDocument};
//!
//! const NS1: rt::Ns = rt::Ns::new("urn:example");
//!
//! #[derive(Debug, Clone, PartialEq)]
//! pub struct Filial {
//!     pub id: String,
//!     pub navn: String,
//!     pub ansatte: Vec<String>,
//! }
//! rt::xml_struct!(Filial {
//!     id: attr(String) "id",
//!     navn: one simple(String) "Navn" in NS1,
//!     ansatte: many simple(String) "Ansatt" in NS1 [0..],
//! });
//! impl XmlDocument for Filial {
//!     const ROOT: rt::Name = NS1.name("Filial");
//! }
//!
//! let xml = r#"<Filial xmlns="urn:example" id="7"><Navn>Bergen</Navn><Ansatt>Kari</Ansatt></Filial>"#;
//! let filial = Filial::from_xml_with(xml.as_bytes(), Mode::Strict).unwrap();
//! assert_eq!(filial.ansatte, ["Kari"]);
//! let written = filial.to_xml().unwrap();
//! assert_eq!(Filial::from_xml_with(written.as_bytes(), Mode::Strict).unwrap(), filial);
//! ```
//!
//! A description that gives a field another type does not compile, even where a reference
//! would coerce (a `Box<String>` field described as `String`):
//!
//! ```compile_fail,E0308
//! use altinn_runtime::xml as rt;
//! struct Filial {
//!     navn: Box<String>,
//! }
//! rt::xml_struct!(Filial { navn: one simple(String) "Navn" });
//! ```
//!
//! Nor does one that leaves a field out:
//!
//! ```compile_fail,E0027
//! use altinn_runtime::xml as rt;
//! struct Filial {
//!     navn: String,
//!     sted: String,
//! }
//! rt::xml_struct!(Filial { navn: one simple(String) "Navn" });
//! ```

use std::mem::MaybeUninit;

use super::validate::part_path;

use super::{
    AnyElement, Attr, Element, FixedMismatches, FromJson, Json, JsonKind, Known, Name, ObjectReader, ObjectWriter, Reader, Result,
    SimpleValue, StartTag, ToJson, Validate, Violation, Writer, XSI, XmlRead, XmlWrite, check_many,
};

/// The type of a field, exactly: the macro's check compares it with the type its description
/// names, without the coercions a `&T` annotation would allow.
#[doc(hidden)]
pub const fn type_of<T: ?Sized>(_: &T) -> std::marker::PhantomData<T> {
    std::marker::PhantomData
}

/// How an element of one kind is read and written, in one function per value type each (see
/// the note above the implementations). The marker types below are the kinds generated code
/// names.
pub trait Kind<V> {
    /// The next child if it is `name` (`None` when it is not).
    fn opt(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Option<V>>;
    /// Every next child named `name`, in order.
    fn many(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Vec<V>>;
    /// Writes one value as the element `name`.
    fn write(w: &mut Writer, name: Name, value: &V) -> Result<()>;
}

/// A child of a complex type.
pub struct Child;
/// A child of a simple type.
pub struct Simple;
/// A nillable child of a complex type ([`super::Nillable`]).
pub struct Nillable;
/// A nillable child of a simple type.
pub struct NillableSimple;
/// A child of any type, kept as raw XML.
pub struct Any;

// The kinds below read and write each value in one function per value type: the reader's
// non-generic `next_child`/`next_nillable` find and take the element, then the value's own
// `read_xml` or `simple` reads it. No `?`, closures or helper layers in between: in a debug
// build each of those is one more function per value type, and a crate has thousands of them.

impl<T: XmlRead + XmlWrite> Kind<T> for Child {
    fn opt(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Option<T>> {
        match r.next_child(known, name) {
            Ok(Some(el)) => match T::read_xml(r, el) {
                Ok(v) => Ok(Some(v)),
                Err(e) => Err(e),
            },
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn many(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Vec<T>> {
        let mut out = Vec::new();
        loop {
            match r.next_child(known, name) {
                Ok(Some(el)) => match T::read_xml(r, el) {
                    Ok(v) => out.push(v),
                    Err(e) => return Err(e),
                },
                Ok(None) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }
    fn write(w: &mut Writer, name: Name, value: &T) -> Result<()> {
        value.write_xml(w, name)
    }
}

impl<T: SimpleValue> Kind<T> for Simple {
    fn opt(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Option<T>> {
        match r.next_child(known, name) {
            Ok(Some(el)) => match r.simple::<T>(el) {
                Ok(v) => Ok(Some(v)),
                Err(e) => Err(e),
            },
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn many(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Vec<T>> {
        let mut out = Vec::new();
        loop {
            match r.next_child(known, name) {
                Ok(Some(el)) => match r.simple::<T>(el) {
                    Ok(v) => out.push(v),
                    Err(e) => return Err(e),
                },
                Ok(None) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }
    fn write(w: &mut Writer, name: Name, value: &T) -> Result<()> {
        w.simple(name, value)
    }
}

impl<T: XmlRead + XmlWrite> Kind<super::Nillable<T>> for Nillable {
    fn opt(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Option<super::Nillable<T>>> {
        match r.next_nillable(known, name) {
            Ok(Some(Some(el))) => match T::read_xml(r, el) {
                Ok(v) => Ok(Some(super::Nillable::Value(v))),
                Err(e) => Err(e),
            },
            Ok(Some(None)) => Ok(Some(super::Nillable::Nil)),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn many(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Vec<super::Nillable<T>>> {
        let mut out = Vec::new();
        loop {
            match r.next_nillable(known, name) {
                Ok(Some(Some(el))) => match T::read_xml(r, el) {
                    Ok(v) => out.push(super::Nillable::Value(v)),
                    Err(e) => return Err(e),
                },
                Ok(Some(None)) => out.push(super::Nillable::Nil),
                Ok(None) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }
    fn write(w: &mut Writer, name: Name, value: &super::Nillable<T>) -> Result<()> {
        match value {
            super::Nillable::Value(v) => v.write_xml(w, name),
            // A nil element keeps the attributes its type fixes.
            super::Nillable::Nil => {
                T::write_nil_xml(w, name);
                Ok(())
            }
        }
    }
}

impl<T: SimpleValue> Kind<super::Nillable<T>> for NillableSimple {
    fn opt(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Option<super::Nillable<T>>> {
        match r.next_nillable(known, name) {
            Ok(Some(Some(el))) => match r.simple::<T>(el) {
                Ok(v) => Ok(Some(super::Nillable::Value(v))),
                Err(e) => Err(e),
            },
            Ok(Some(None)) => Ok(Some(super::Nillable::Nil)),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn many(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Vec<super::Nillable<T>>> {
        let mut out = Vec::new();
        loop {
            match r.next_nillable(known, name) {
                Ok(Some(Some(el))) => match r.simple::<T>(el) {
                    Ok(v) => out.push(super::Nillable::Value(v)),
                    Err(e) => return Err(e),
                },
                Ok(Some(None)) => out.push(super::Nillable::Nil),
                Ok(None) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }
    fn write(w: &mut Writer, name: Name, value: &super::Nillable<T>) -> Result<()> {
        match value {
            super::Nillable::Value(v) => w.simple(name, v),
            super::Nillable::Nil => {
                w.nil_element(name);
                Ok(())
            }
        }
    }
}

impl Kind<AnyElement> for Any {
    fn opt(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Option<AnyElement>> {
        r.opt_any(known, name)
    }
    fn many(r: &mut Reader<'_>, known: &Known, name: Name) -> Result<Vec<AnyElement>> {
        r.many_any(known, name)
    }
    fn write(w: &mut Writer, _: Name, value: &AnyElement) -> Result<()> {
        w.any(value)
    }
}

/// How often an element occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurs {
    /// Exactly once (the field is the value).
    One,
    /// At most once (`Option`).
    Optional,
    /// A list (`Vec`), with the schema's bounds.
    Many {
        /// `minOccurs`.
        min: u64,
        /// `maxOccurs` (`None`: unbounded).
        max: Option<u64>,
    },
}

/// The functions of an element field, for its declared type.
#[derive(Clone, Copy)]
pub struct ElementOps {
    occurs: Occurs,
    /// Reads the field into the place; `false`: a required element is absent (nothing written).
    read: unsafe fn(&mut Reader<'_>, &Known, Name, *mut u8) -> Result<bool>,
    write: unsafe fn(&mut Writer, Name, *const u8) -> Result<()>,
    validate: unsafe fn(&str, &str, Occurs, *const u8, &mut Vec<Violation>),
    drop: unsafe fn(*mut u8),
}

/// The functions of an attribute field, for its declared type.
#[derive(Clone, Copy)]
pub struct AttrOps {
    required: bool,
    /// Parses the text into the place (`true`: the place holds a value, replaced).
    read: unsafe fn(&Reader<'_>, &str, *mut u8, bool) -> Result<()>,
    /// Writes the place's starting value (`None`), for an optional attribute.
    init: unsafe fn(*mut u8),
    write: unsafe fn(&mut Writer, &StartTag, Name, *const u8),
    validate: unsafe fn(&str, &str, *const u8, &mut Vec<Violation>),
    drop: unsafe fn(*mut u8),
}

/// What a part of a struct is.
#[derive(Clone, Copy)]
enum PartKind {
    /// The `xml_fixed` field, and the attributes whose values the schema fixes.
    Fixed(&'static [(Name, &'static str)]),
    /// The `other_attributes` field (`anyAttribute`).
    OtherAttributes,
    /// An attribute.
    Attribute(AttrOps),
    /// An element.
    Element(ElementOps),
}

/// One field of a generated struct as the engine sees it: where it is, its XML name, and how
/// it is read, written and validated. Built by [`xml_struct!`](crate::xml::xml_struct).
#[derive(Clone, Copy)]
pub struct Part {
    offset: usize,
    name: Name,
    /// The name in paths and errors: the element's local name, or `@` and the attribute's.
    what: &'static str,
    kind: PartKind,
}

impl Part {
    /// The `xml_fixed` field at `offset`, with the fixed attributes in schema order.
    pub const fn fixed(offset: usize, fixed: &'static [(Name, &'static str)]) -> Part {
        Part { offset, name: Name::local(""), what: "", kind: PartKind::Fixed(fixed) }
    }

    /// The `other_attributes` field at `offset`.
    pub const fn other_attributes(offset: usize) -> Part {
        Part { offset, name: Name::local(""), what: "", kind: PartKind::OtherAttributes }
    }

    /// The attribute field at `offset`.
    pub const fn attribute(offset: usize, name: Name, what: &'static str, ops: AttrOps) -> Part {
        Part { offset, name, what, kind: PartKind::Attribute(ops) }
    }

    /// The element field at `offset`.
    pub const fn element(offset: usize, name: Name, ops: ElementOps) -> Part {
        Part { offset, name, what: name.local, kind: PartKind::Element(ops) }
    }

    /// Whether this part reads the element `name`.
    pub(super) fn reads_element(&self, el: &Element<'_>) -> bool {
        matches!(self.kind, PartKind::Element(_)) && el.name_is(self.name)
    }

    fn required(&self) -> bool {
        match self.kind {
            PartKind::Attribute(a) => a.required,
            PartKind::Element(e) => e.occurs == Occurs::One,
            _ => false,
        }
    }

    unsafe fn drop_in(&self, base: *mut u8) {
        // SAFETY (caller): the part's field is initialized.
        unsafe {
            let p = base.add(self.offset);
            match self.kind {
                PartKind::Fixed(_) => std::ptr::drop_in_place(p.cast::<FixedMismatches>()),
                PartKind::OtherAttributes => std::ptr::drop_in_place(p.cast::<Vec<Attr>>()),
                PartKind::Attribute(a) => (a.drop)(p),
                PartKind::Element(e) => (e.drop)(p),
            }
        }
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            PartKind::Fixed(_) => "fixed",
            PartKind::OtherAttributes => "other attributes",
            PartKind::Attribute(_) => "attribute",
            PartKind::Element(_) => "element",
        };
        f.debug_struct("Part").field("name", &self.name).field("kind", &kind).field("offset", &self.offset).finish()
    }
}

/// `drop_in_place::<F>` as a function of an untyped place, so that a field's drop adds no
/// function per type beyond the drop glue every type has anyway. Sound: function pointers
/// whose parameters are thin raw pointers (`*mut F`, `*mut u8`) are ABI-compatible (the `fn`
/// primitive's documentation, "ABI compatibility"), so calling the result with a pointer to an
/// initialized `F` is a call of `drop_in_place::<F>` with that pointer.
const fn drop_fn<F>() -> unsafe fn(*mut u8) {
    let drop: unsafe fn(*mut F) = std::ptr::drop_in_place::<F>;
    // SAFETY: see above; both are thin-pointer function pointers of the same size.
    unsafe { std::mem::transmute::<unsafe fn(*mut F), unsafe fn(*mut u8)>(drop) }
}

unsafe fn read_one<K: Kind<V>, V>(r: &mut Reader<'_>, known: &Known, name: Name, p: *mut u8) -> Result<bool> {
    match K::opt(r, known, name) {
        Ok(Some(v)) => {
            // SAFETY (caller): `p` is an uninitialized `V`.
            unsafe { std::ptr::write(p as *mut V, v) };
            Ok(true)
        }
        Ok(None) => Ok(false),
        Err(e) => Err(e),
    }
}

unsafe fn read_opt<K: Kind<V>, V>(r: &mut Reader<'_>, known: &Known, name: Name, p: *mut u8) -> Result<bool> {
    match K::opt(r, known, name) {
        Ok(v) => {
            // SAFETY (caller): `p` is an uninitialized `Option<V>`.
            unsafe { std::ptr::write(p as *mut Option<V>, v) };
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

unsafe fn read_many<K: Kind<V>, V>(r: &mut Reader<'_>, known: &Known, name: Name, p: *mut u8) -> Result<bool> {
    match K::many(r, known, name) {
        Ok(v) => {
            // SAFETY (caller): `p` is an uninitialized `Vec<V>`.
            unsafe { std::ptr::write(p as *mut Vec<V>, v) };
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

unsafe fn write_one<K: Kind<V>, V>(w: &mut Writer, name: Name, p: *const u8) -> Result<()> {
    // SAFETY (caller): `p` is a `V`.
    K::write(w, name, unsafe { &*(p as *const V) })
}

unsafe fn write_opt<K: Kind<V>, V>(w: &mut Writer, name: Name, p: *const u8) -> Result<()> {
    // SAFETY (caller): `p` is an `Option<V>`.
    match unsafe { &*(p as *const Option<V>) } {
        Some(v) => K::write(w, name, v),
        None => Ok(()),
    }
}

unsafe fn write_many<K: Kind<V>, V>(w: &mut Writer, name: Name, p: *const u8) -> Result<()> {
    // SAFETY (caller): `p` is a `Vec<V>`.
    for v in unsafe { &*(p as *const Vec<V>) } {
        // Not `?`: that would add two functions per value type.
        if let Err(e) = K::write(w, name, v) {
            return Err(e);
        }
    }
    Ok(())
}

unsafe fn validate_one<V: Validate>(path: &str, part: &str, _: Occurs, p: *const u8, out: &mut Vec<Violation>) {
    // SAFETY (caller): `p` is a `V`.
    unsafe { &*(p as *const V) }.validate_at(&part_path(path, part), out)
}

unsafe fn validate_opt<V: Validate>(path: &str, part: &str, _: Occurs, p: *const u8, out: &mut Vec<Violation>) {
    // SAFETY (caller): `p` is an `Option<V>`.
    if let Some(v) = unsafe { &*(p as *const Option<V>) } {
        v.validate_at(&part_path(path, part), out)
    }
}

unsafe fn validate_many<V: Validate>(path: &str, part: &str, occurs: Occurs, p: *const u8, out: &mut Vec<Violation>) {
    let Occurs::Many { min, max } = occurs else { return };
    // SAFETY (caller): `p` is a `Vec<V>`.
    check_many(path, part, unsafe { &*(p as *const Vec<V>) }, min, max, out)
}

impl ElementOps {
    /// A required element (the field is `V`), read as kind `K`.
    pub const fn one<K: Kind<V>, V: Validate>() -> ElementOps {
        ElementOps {
            occurs: Occurs::One,
            read: read_one::<K, V>,
            write: write_one::<K, V>,
            validate: validate_one::<V>,
            drop: drop_fn::<V>(),
        }
    }

    /// An optional element (the field is `Option<V>`).
    pub const fn optional<K: Kind<V>, V: Validate>() -> ElementOps {
        ElementOps {
            occurs: Occurs::Optional,
            read: read_opt::<K, V>,
            write: write_opt::<K, V>,
            validate: validate_opt::<V>,
            drop: drop_fn::<Option<V>>(),
        }
    }

    /// A repeated element (the field is `Vec<V>`), occurring `min` to `max` times.
    pub const fn many<K: Kind<V>, V: Validate>(min: u64, max: Option<u64>) -> ElementOps {
        ElementOps {
            occurs: Occurs::Many { min, max },
            read: read_many::<K, V>,
            write: write_many::<K, V>,
            validate: validate_many::<V>,
            drop: drop_fn::<Vec<V>>(),
        }
    }
}

unsafe fn attr_read_one<V: SimpleValue>(r: &Reader<'_>, text: &str, p: *mut u8, replace: bool) -> Result<()> {
    let v = match r.parse::<V>(text) {
        Ok(v) => v,
        Err(e) => return Err(e),
    };
    // SAFETY (caller): `p` is a `V`, initialized when `replace`.
    unsafe {
        if replace {
            *(p as *mut V) = v;
        } else {
            std::ptr::write(p as *mut V, v);
        }
    }
    Ok(())
}

unsafe fn attr_read_opt<V: SimpleValue>(r: &Reader<'_>, text: &str, p: *mut u8, _: bool) -> Result<()> {
    match r.parse::<V>(text) {
        Ok(v) => {
            // SAFETY (caller): `p` is an initialized `Option<V>` (set to `None` first).
            unsafe { *(p as *mut Option<V>) = Some(v) };
            Ok(())
        }
        Err(e) => Err(e),
    }
}

unsafe fn attr_init_none<V>(p: *mut u8) {
    // SAFETY (caller): `p` is an uninitialized `Option<V>`.
    unsafe { std::ptr::write(p as *mut Option<V>, None) }
}

unsafe fn attr_init_nothing(_: *mut u8) {}

unsafe fn attr_write_one<V: SimpleValue>(w: &mut Writer, tag: &StartTag, name: Name, p: *const u8) {
    // SAFETY (caller): `p` is a `V`.
    w.attr_value(tag, name, unsafe { &*(p as *const V) })
}

unsafe fn attr_write_opt<V: SimpleValue>(w: &mut Writer, tag: &StartTag, name: Name, p: *const u8) {
    // SAFETY (caller): `p` is an `Option<V>`.
    w.attr_opt(tag, name, unsafe { &*(p as *const Option<V>) })
}

unsafe fn attr_validate_one<V: Validate>(path: &str, part: &str, p: *const u8, out: &mut Vec<Violation>) {
    // SAFETY (caller): `p` is a `V`.
    unsafe { &*(p as *const V) }.validate_at(&part_path(path, part), out)
}

unsafe fn attr_validate_opt<V: Validate>(path: &str, part: &str, p: *const u8, out: &mut Vec<Violation>) {
    // SAFETY (caller): `p` is an `Option<V>`.
    if let Some(v) = unsafe { &*(p as *const Option<V>) } {
        v.validate_at(&part_path(path, part), out)
    }
}

impl AttrOps {
    /// A required attribute (the field is `V`).
    pub const fn one<V: SimpleValue + Validate>() -> AttrOps {
        AttrOps {
            required: true,
            read: attr_read_one::<V>,
            init: attr_init_nothing,
            write: attr_write_one::<V>,
            validate: attr_validate_one::<V>,
            drop: drop_fn::<V>(),
        }
    }

    /// An optional attribute (the field is `Option<V>`).
    pub const fn optional<V: SimpleValue + Validate>() -> AttrOps {
        AttrOps {
            required: false,
            read: attr_read_opt::<V>,
            init: attr_init_none::<V>,
            write: attr_write_opt::<V>,
            validate: attr_validate_opt::<V>,
            drop: drop_fn::<Option<V>>(),
        }
    }
}

/// Which parts hold a value while a struct is read (an inline set for up to 256 parts).
struct Filled {
    inline: [u64; 4],
    heap: Vec<u64>,
}

impl Filled {
    fn new(parts: usize) -> Self {
        let heap = if parts > 256 { vec![0; parts.div_ceil(64)] } else { Vec::new() };
        Filled { inline: [0; 4], heap }
    }

    fn words(&mut self) -> &mut [u64] {
        if self.heap.is_empty() { &mut self.inline } else { &mut self.heap }
    }

    fn set(&mut self, i: usize) {
        self.words()[i / 64] |= 1 << (i % 64);
    }

    fn has(&mut self, i: usize) -> bool {
        self.words()[i / 64] & (1 << (i % 64)) != 0
    }
}

/// Reads a struct described by `parts` from the element `el` (its start tag read).
///
/// # Safety
/// `parts` describe `T` (as [`xml_struct!`](crate::xml::xml_struct) builds them): each part's
/// offset is that of a field of `T` of the type its functions were made for, and every field
/// of `T` is one part.
pub unsafe fn read<T>(r: &mut Reader<'_>, el: Element<'_>, parts: &'static [Part]) -> Result<T> {
    let mut value = MaybeUninit::<T>::uninit();
    let base = &raw mut value as *mut u8;
    let mut filled = Filled::new(parts.len());
    // SAFETY: `base` is a `T` whose fields are the parts (the caller's promise).
    match unsafe { read_parts(r, el, parts, base, &mut filled) } {
        // SAFETY: every part was filled (`read_parts` checks it), so every field is.
        Ok(()) => Ok(unsafe { value.assume_init() }),
        Err(e) => {
            for (i, p) in parts.iter().enumerate() {
                if filled.has(i) {
                    // SAFETY: the part was filled.
                    unsafe { p.drop_in(base) };
                }
            }
            Err(e)
        }
    }
}

unsafe fn read_parts(r: &mut Reader<'_>, el: Element<'_>, parts: &'static [Part], base: *mut u8, filled: &mut Filled) -> Result<()> {
    // The fields that start empty: mismatched fixed attributes, other attributes, optional
    // attributes.
    let mut other_at = None;
    for (i, p) in parts.iter().enumerate() {
        // SAFETY: each place is its part's field, uninitialized until filled here.
        unsafe {
            let place = base.add(p.offset);
            match p.kind {
                PartKind::Fixed(_) => place.cast::<FixedMismatches>().write(FixedMismatches::default()),
                PartKind::OtherAttributes => {
                    place.cast::<Vec<Attr>>().write(Vec::new());
                    other_at = Some(place);
                }
                PartKind::Attribute(a) if !a.required => (a.init)(place),
                PartKind::Attribute(_) | PartKind::Element(_) => continue,
            }
        }
        filled.set(i);
    }
    // The attributes, in document order: each declared one read into its field, fixed ones
    // checked, the rest kept (`anyAttribute`) or refused as unknown.
    'attrs: for a in el.attrs() {
        for (i, p) in parts.iter().enumerate() {
            match p.kind {
                PartKind::Fixed(fixed) => {
                    if let Some((_, v)) = fixed.iter().find(|(n, _)| a.is(*n)) {
                        // SAFETY: the place is the `xml_fixed` field, initialized above.
                        r.fixed_attr(a, v, unsafe { &mut *base.add(p.offset).cast::<FixedMismatches>() })?;
                        continue 'attrs;
                    }
                }
                PartKind::Attribute(ops) if a.is(p.name) => {
                    let replace = filled.has(i);
                    // SAFETY: the place is the attribute's field, initialized when filled.
                    unsafe { (ops.read)(r, &a.value, base.add(p.offset), replace)? };
                    filled.set(i);
                    continue 'attrs;
                }
                _ => {}
            }
        }
        match other_at {
            Some(place) if a.ns.as_deref() != Some(XSI) => {
                // SAFETY: `other_at` is the `other_attributes` field, initialized above.
                unsafe { (*place.cast::<Vec<Attr>>()).push(a.clone()) }
            }
            Some(_) => {}
            None => r.unknown_attr(a)?,
        }
    }
    // The elements, in schema order; the text between them is not kept.
    r.element_only();
    let known = Known { names: &[], parts, open: false };
    for (i, p) in parts.iter().enumerate() {
        let PartKind::Element(ops) = p.kind else { continue };
        // SAFETY: the place is the element's field, not yet filled.
        if unsafe { (ops.read)(r, &known, p.name, base.add(p.offset))? } {
            filled.set(i);
        }
    }
    r.end(el)?;
    for (i, p) in parts.iter().enumerate() {
        if p.required() && !filled.has(i) {
            return r.required(None::<()>, p.what);
        }
    }
    Ok(())
}

/// Writes a struct described by `parts` as the element `name`.
///
/// # Safety
/// As for [`read`]: `parts` describe the type `value` points to.
pub unsafe fn write(value: *const u8, w: &mut Writer, name: Name, parts: &'static [Part]) -> Result<()> {
    let tag = w.start(name);
    for p in parts {
        // SAFETY: each place is its part's field of the value.
        unsafe {
            let place = value.add(p.offset);
            match p.kind {
                PartKind::Fixed(fixed) => fixed.iter().for_each(|(n, v)| w.attr(&tag, *n, v)),
                PartKind::OtherAttributes => w.attrs_raw(&tag, &*place.cast::<Vec<Attr>>()),
                PartKind::Attribute(ops) => (ops.write)(w, &tag, p.name, place),
                PartKind::Element(_) => {}
            }
        }
    }
    if !parts.iter().any(|p| matches!(p.kind, PartKind::Element(_))) {
        w.end_empty(tag);
        return Ok(());
    }
    w.open(&tag);
    for p in parts {
        if let PartKind::Element(ops) = p.kind {
            // SAFETY: the place is the element's field of the value.
            unsafe { (ops.write)(w, p.name, value.add(p.offset))? };
        }
    }
    w.close(tag);
    Ok(())
}

/// Writes a nil element of a struct described by `parts`: with the attributes it fixes.
pub fn write_nil(w: &mut Writer, name: Name, parts: &'static [Part]) {
    match parts.iter().find_map(|p| if let PartKind::Fixed(f) = p.kind { Some(f) } else { None }) {
        Some(fixed) => w.nil_element_fixed(name, fixed),
        None => w.nil_element(name),
    }
}

/// Validates a struct described by `parts`, at `path`.
///
/// # Safety
/// As for [`read`]: `parts` describe the type `value` points to.
pub unsafe fn validate(value: *const u8, path: &str, out: &mut Vec<Violation>, parts: &'static [Part]) {
    for p in parts {
        // SAFETY: each place is its part's field of the value.
        unsafe {
            let place = value.add(p.offset);
            match p.kind {
                PartKind::Fixed(_) => Validate::validate_at(&*place.cast::<FixedMismatches>(), path, out),
                PartKind::OtherAttributes => {}
                PartKind::Attribute(ops) => (ops.validate)(path, p.what, place, out),
                PartKind::Element(ops) => (ops.validate)(path, p.what, ops.occurs, place, out),
            }
        }
    }
}

/// The JSON of a field, beside its [`Part`]: a property named by the part's local name, as
/// Altinn Studio names them. Built by [`xml_struct!`](crate::xml::xml_struct) where the
/// expanding crate has the feature `json`.
#[derive(Clone, Copy)]
pub enum JsonPart {
    /// The fixed attributes: written first, each as its constant of its JSON kind; read as no
    /// mismatch.
    Fixed(&'static [(&'static str, &'static str, JsonKind)]),
    /// A field JSON does not carry (`other_attributes`): read as empty.
    Skip,
    /// A property of the field's type.
    Field {
        /// Adds the property (unless the value is absent or an empty list).
        write: unsafe fn(&mut ObjectWriter, &str, *const u8),
        /// Reads the property into the (uninitialized) place.
        read: unsafe fn(&ObjectReader<'_>, &str, *mut u8) -> Result<()>,
    },
}

unsafe fn json_write_as<F: ToJson>(o: &mut ObjectWriter, name: &str, p: *const u8) {
    // SAFETY (caller): `p` is an `F`.
    let value = unsafe { &*(p as *const F) };
    // `ObjectWriter::field`'s body, here: one function less per field type.
    if !value.omit() {
        o.property(name, value.to_json());
    }
}

unsafe fn json_read_as<F: FromJson>(o: &ObjectReader<'_>, name: &str, p: *mut u8) -> Result<()> {
    match o.field::<F>(name) {
        Ok(v) => {
            // SAFETY (caller): `p` is an uninitialized `F`.
            unsafe { std::ptr::write(p as *mut F, v) };
            Ok(())
        }
        Err(e) => Err(e),
    }
}

unsafe fn json_write_opt<V: ToJson>(o: &mut ObjectWriter, name: &str, p: *const u8) {
    // SAFETY (caller): `p` is an `Option<V>`.
    if let Some(v) = unsafe { &*(p as *const Option<V>) } {
        o.property(name, v.to_json());
    }
}

unsafe fn json_read_opt<V: FromJson>(o: &ObjectReader<'_>, name: &str, p: *mut u8) -> Result<()> {
    // What `ObjectReader::field::<Option<V>>` reads, in one function per value type: absent,
    // or `null` for a value that does not take it, is `None`.
    let (path, found) = o.property(name);
    let value = match found {
        Some(Json::Null) if !V::TAKES_NULL => None,
        Some(v) => match V::from_json(v, &path) {
            Ok(v) => Some(v),
            Err(e) => return Err(e),
        },
        None => None,
    };
    // SAFETY (caller): `p` is an uninitialized `Option<V>`.
    unsafe { std::ptr::write(p as *mut Option<V>, value) };
    Ok(())
}

impl JsonPart {
    /// A property whose field is an `F` (the whole field, as [`ObjectWriter::field`] and
    /// [`ObjectReader::field`] take it): required parts.
    pub const fn field<F: ToJson + FromJson>() -> JsonPart {
        JsonPart::Field { write: json_write_as::<F>, read: json_read_as::<F> }
    }

    /// A property whose field is an `Option<V>`: as [`JsonPart::field`] reads and writes it,
    /// with one function per value type rather than a chain through `Option`'s impls.
    pub const fn optional<V: ToJson + FromJson>() -> JsonPart {
        JsonPart::Field { write: json_write_opt::<V>, read: json_read_opt::<V> }
    }
}

/// Adds the properties of a struct described by `parts` and `json` (one entry per part).
///
/// # Safety
/// As for [`read`]: `parts` and `json` describe the type `value` points to.
pub unsafe fn write_json(value: *const u8, o: &mut ObjectWriter, parts: &'static [Part], json: &'static [JsonPart]) {
    for j in json {
        if let JsonPart::Fixed(fixed) = j {
            for (name, v, kind) in *fixed {
                o.fixed(name, v, *kind);
            }
        }
    }
    for (p, j) in parts.iter().zip(json) {
        if let JsonPart::Field { write, .. } = j {
            // SAFETY: the place is the part's field of the value.
            unsafe { write(o, p.name.local, value.add(p.offset)) }
        }
    }
}

/// Reads a struct described by `parts` and `json` from an object's properties.
///
/// # Safety
/// As for [`read`]: `parts` and `json` describe `T`, one JSON entry per part.
pub unsafe fn read_json<T>(o: &ObjectReader<'_>, parts: &'static [Part], json: &'static [JsonPart]) -> Result<T> {
    let mut value = MaybeUninit::<T>::uninit();
    let base = &raw mut value as *mut u8;
    for (i, (p, j)) in parts.iter().zip(json).enumerate() {
        // SAFETY: each place is its part's field, uninitialized until written here.
        let read = unsafe {
            let place = base.add(p.offset);
            match (j, p.kind) {
                (JsonPart::Field { read, .. }, _) => read(o, p.name.local, place),
                (_, PartKind::Fixed(_)) => {
                    place.cast::<FixedMismatches>().write(FixedMismatches::default());
                    Ok(())
                }
                (_, PartKind::OtherAttributes) => {
                    place.cast::<Vec<Attr>>().write(Vec::new());
                    Ok(())
                }
                (_, PartKind::Attribute(_) | PartKind::Element(_)) => {
                    Err(super::Error { path: o.path().into(), line: 0, message: format!("no JSON for the part {}", p.what) })
                }
            }
        };
        if let Err(e) = read {
            for p in &parts[..i] {
                // SAFETY: the parts before `i` were written.
                unsafe { p.drop_in(base) };
            }
            return Err(e);
        }
    }
    debug_assert_eq!(parts.len(), json.len());
    // SAFETY: every part was written, and the parts are every field.
    Ok(unsafe { value.assume_init() })
}

/// A struct's XML description and its [`XmlRead`], [`XmlWrite`] and [`Validate`]
/// implementations through the engine, one entry per field in declaration order:
///
/// ```text
/// xml_struct!(Melding {
///     xml_fixed: fixed["dataFormatId" = "7001", "dataFormatVersion" = "47110" as Number],
///     id: attr(String) "id",
///     sprak: optional attr(Sprak) "sprak" in NS1,
///     other_attributes: other,
///     innsender: one child(Innsender) "Innsender" in NS1,
///     belop: optional nillable_simple(rt::Decimal) "Belop" in NS1,
///     vedlegg: many child(Vedlegg) "Vedlegg" in NS1 [0..5],
/// });
/// ```
///
/// A fixed attribute's value is written in JSON as a string, or `as Number` or `as Boolean`.
/// Where the expanding crate has the feature `json`, the same description gives the struct's
/// [`JsonObject`](crate::xml::JsonObject) (a property per attribute and element, named by its
/// local name; `other_attributes` are not carried) and its `ToJson` and `FromJson`.
///
/// Attributes are `attr` (required) or `optional attr`; elements are `one`, `optional` or
/// `many` (with `[min..max]`, `[min..]` unbounded) of a kind: `child` (complex), `simple`,
/// `nillable`, `nillable_simple` or `any`. In parentheses is the value's type: the field is
/// that, an `Option` or a `Vec` of it (of an `rt::Nillable` of it for the nillable kinds). A
/// struct with no element is written as an empty element. Where the macro expands, one
/// pattern checks the description against the struct: every field named, each of its type.
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_struct {
    ($name:ident { $($field:ident: $($spec:ident)+ $(($ty:ty))? $($local:literal $(in $ns:ident)?)? $([$($extra:tt)*])?),* $(,)? }) => {
        impl $name {
            /// How the fields map to XML.
            const XML: &'static [$crate::xml::engine::Part] = &[$(
                $crate::__xml_part!($name, $field, [$($spec)+], [$($ty)?], [$($local $(in $ns)?)?], [$($($extra)*)?])
            ),*];
        }
        // The description is the struct's: every field, each of the type its functions are for.
        const _: () = {
            let _ = |v: &$name| {
                let $name { $($field),* } = v;
                // `type_of` takes the field's own type, inferred from the field alone (an
                // annotated `&T`, or an expected return type, would let a `Box<T>` field coerce);
                // the `PhantomData` it returns is then compared exactly.
                $(
                    let t = $crate::xml::engine::type_of($field);
                    let _: ::core::marker::PhantomData<$crate::__xml_field_ty!([$($spec)+] $($ty)?)> = t;
                )*
            };
        };
        impl $crate::xml::XmlRead for $name {
            fn read_xml(r: &mut $crate::xml::Reader<'_>, el: $crate::xml::Element<'_>) -> $crate::xml::Result<Self> {
                // SAFETY: `XML` describes `Self` (checked above).
                unsafe { $crate::xml::engine::read(r, el, Self::XML) }
            }
        }
        impl $crate::xml::XmlWrite for $name {
            fn write_xml(&self, w: &mut $crate::xml::Writer, name: $crate::xml::Name) -> $crate::xml::Result<()> {
                // SAFETY: as above.
                unsafe { $crate::xml::engine::write(self as *const Self as *const u8, w, name, Self::XML) }
            }
            fn write_nil_xml(w: &mut $crate::xml::Writer, name: $crate::xml::Name) {
                $crate::xml::engine::write_nil(w, name, Self::XML)
            }
        }
        impl $crate::xml::Validate for $name {
            fn validate_at(&self, path: &str, out: &mut ::std::vec::Vec<$crate::xml::Violation>) {
                // SAFETY: as above.
                unsafe { $crate::xml::engine::validate(self as *const Self as *const u8, path, out, Self::XML) }
            }
        }
        // JSON where the expanding crate has the feature `json` (generated crates do).
        #[cfg(feature = "json")]
        impl $name {
            /// How the fields map to JSON, one entry per part of `XML`.
            const JSON: &'static [$crate::xml::engine::JsonPart] = &[$(
                $crate::__xml_json!([$($spec)+], [$($ty)?], [$($($extra)*)?])
            ),*];
        }
        #[cfg(feature = "json")]
        impl $crate::xml::JsonObject for $name {
            const NAMES: &'static [&'static str] = &[];
            fn write_json(&self, o: &mut $crate::xml::ObjectWriter) {
                // SAFETY: `XML` and `JSON` describe `Self` (checked above).
                unsafe { $crate::xml::engine::write_json(self as *const Self as *const u8, o, Self::XML, Self::JSON) }
            }
            fn read_json(o: &$crate::xml::ObjectReader<'_>) -> $crate::xml::Result<Self> {
                // SAFETY: as above.
                unsafe { $crate::xml::engine::read_json(o, Self::XML, Self::JSON) }
            }
        }
        #[cfg(feature = "json")]
        $crate::xml::json_object!($name);
    };
}
pub use crate::__xml_struct as xml_struct;

/// The JSON of one entry of [`xml_struct!`](crate::xml::xml_struct).
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_json {
    ([fixed], [], [$($local:literal $(in $ns:ident)? = $value:literal $(as $kind:ident)?),* $(,)?]) => {
        $crate::xml::engine::JsonPart::Fixed(&[$(($local, $value, $crate::__xml_json!(@kind $($kind)?))),*])
    };
    ([other], [], []) => {
        $crate::xml::engine::JsonPart::Skip
    };
    ([optional attr], [$ty:ty], []) => {
        $crate::xml::engine::JsonPart::optional::<$ty>()
    };
    ([optional $kind:ident], [$ty:ty], []) => {
        $crate::xml::engine::JsonPart::optional::<$crate::__xml_value_ty!($kind $ty)>()
    };
    ([$($spec:ident)+], [$ty:ty], [$($extra:tt)*]) => {
        $crate::xml::engine::JsonPart::field::<$crate::__xml_field_ty!([$($spec)+] $ty)>()
    };
    (@kind) => { $crate::xml::JsonKind::String };
    (@kind $kind:ident) => { $crate::xml::JsonKind::$kind };
}

/// One entry of [`xml_struct!`](crate::xml::xml_struct).
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_part {
    ($t:ident, $f:ident, [fixed], [], [], [$($local:literal $(in $ns:ident)? = $value:literal $(as $kind:ident)?),* $(,)?]) => {
        $crate::xml::engine::Part::fixed(::core::mem::offset_of!($t, $f), &[$(($crate::__xml_name!($local $(in $ns)?), $value)),*])
    };
    ($t:ident, $f:ident, [other], [], [], []) => {
        $crate::xml::engine::Part::other_attributes(::core::mem::offset_of!($t, $f))
    };
    ($t:ident, $f:ident, [attr], [$ty:ty], [$local:literal $(in $ns:ident)?], []) => {
        $crate::xml::engine::Part::attribute(
            ::core::mem::offset_of!($t, $f),
            $crate::__xml_name!($local $(in $ns)?),
            ::core::concat!("@", $local),
            $crate::xml::engine::AttrOps::one::<$ty>(),
        )
    };
    ($t:ident, $f:ident, [optional attr], [$ty:ty], [$local:literal $(in $ns:ident)?], []) => {
        $crate::xml::engine::Part::attribute(
            ::core::mem::offset_of!($t, $f),
            $crate::__xml_name!($local $(in $ns)?),
            ::core::concat!("@", $local),
            $crate::xml::engine::AttrOps::optional::<$ty>(),
        )
    };
    ($t:ident, $f:ident, [many $kind:ident], [$ty:ty], [$local:literal $(in $ns:ident)?], [$min:literal .. $($max:literal)?]) => {
        $crate::xml::engine::Part::element(
            ::core::mem::offset_of!($t, $f),
            $crate::__xml_name!($local $(in $ns)?),
            $crate::xml::engine::ElementOps::many::<$crate::__xml_kind!($kind), $crate::__xml_value_ty!($kind $ty)>(
                $min,
                $crate::__xml_max!($($max)?),
            ),
        )
    };
    ($t:ident, $f:ident, [$card:ident $kind:ident], [$ty:ty], [$local:literal $(in $ns:ident)?], []) => {
        $crate::xml::engine::Part::element(
            ::core::mem::offset_of!($t, $f),
            $crate::__xml_name!($local $(in $ns)?),
            $crate::xml::engine::ElementOps::$card::<$crate::__xml_kind!($kind), $crate::__xml_value_ty!($kind $ty)>(),
        )
    };
}

/// The type of a field described in [`xml_struct!`](crate::xml::xml_struct).
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_field_ty {
    ([fixed]) => {
        $crate::xml::FixedMismatches
    };
    ([other]) => {
        ::std::vec::Vec<$crate::xml::Attr>
    };
    ([attr] $ty:ty) => {
        $ty
    };
    ([optional attr] $ty:ty) => {
        ::core::option::Option<$ty>
    };
    ([one $kind:ident] $ty:ty) => {
        $crate::__xml_value_ty!($kind $ty)
    };
    ([optional $kind:ident] $ty:ty) => {
        ::core::option::Option<$crate::__xml_value_ty!($kind $ty)>
    };
    ([many $kind:ident] $ty:ty) => {
        ::std::vec::Vec<$crate::__xml_value_ty!($kind $ty)>
    };
}

/// The value type of an element of a kind: the type, or an `rt::Nillable` of it.
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_value_ty {
    (nillable $ty:ty) => {
        $crate::xml::Nillable<$ty>
    };
    (nillable_simple $ty:ty) => {
        $crate::xml::Nillable<$ty>
    };
    ($kind:ident $ty:ty) => {
        $ty
    };
}

/// A name in [`xml_struct!`](crate::xml::xml_struct): `"local"` or `"local" in NS1`.
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_name {
    ($local:literal) => {
        $crate::xml::Name::local($local)
    };
    ($local:literal in $ns:ident) => {
        $ns.name($local)
    };
}

/// A kind of element in [`xml_struct!`](crate::xml::xml_struct).
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_kind {
    (child) => {
        $crate::xml::engine::Child
    };
    (simple) => {
        $crate::xml::engine::Simple
    };
    (nillable) => {
        $crate::xml::engine::Nillable
    };
    (nillable_simple) => {
        $crate::xml::engine::NillableSimple
    };
    (any) => {
        $crate::xml::engine::Any
    };
}

/// `maxOccurs` in [`xml_struct!`](crate::xml::xml_struct): a number, or none (unbounded).
#[doc(hidden)]
#[macro_export]
macro_rules! __xml_max {
    () => {
        ::core::option::Option::None
    };
    ($max:literal) => {
        ::core::option::Option::Some($max)
    };
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use crate::xml::{self as rt, Mode, Nillable, XmlDocument};

    const NS1: rt::Ns = rt::Ns::new("urn:test");

    /// A value whose drops are counted: reading that fails must drop what it read, once.
    #[derive(Debug, Clone, PartialEq)]
    struct Counted(String, Rc<()>);

    thread_local!(static LIVE: Rc<()> = Rc::new(()));

    impl rt::SimpleValue for Counted {
        fn parse_xml(text: &str) -> Result<Self, rt::ValueError> {
            Ok(Counted(text.to_string(), LIVE.with(Rc::clone)))
        }
        fn write_xml(&self, out: &mut String) {
            out.push_str(&self.0)
        }
    }
    impl rt::Validate for Counted {
        fn validate_at(&self, path: &str, out: &mut Vec<rt::Violation>) {
            if self.0 == "bad" {
                out.push(rt::Violation { path: path.to_string(), rule: "test", message: "bad".into() });
            }
        }
    }

    impl rt::ToJson for Counted {
        fn to_json(&self) -> rt::Json {
            rt::simple_to_json(self, rt::JsonKind::String)
        }
    }
    impl rt::FromJson for Counted {
        fn from_json(v: &rt::Json, path: &str) -> rt::Result<Self> {
            rt::simple_from_json(v, path)
        }
    }

    fn live() -> usize {
        LIVE.with(Rc::strong_count) - 1
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Inner {
        id: Counted,
        text: Option<Counted>,
    }
    rt::xml_struct!(Inner { id: attr(Counted) "id", text: optional simple(Counted) "text" in NS1 });

    #[derive(Debug, Clone, PartialEq)]
    struct Outer {
        xml_fixed: rt::FixedMismatches,
        lang: Option<String>,
        other_attributes: Vec<rt::Attr>,
        first: Counted,
        inner: Option<Box<Inner>>,
        nil: Option<Nillable<Inner>>,
        items: Vec<Counted>,
        any: Vec<rt::AnyElement>,
    }
    rt::xml_struct!(Outer {
        xml_fixed: fixed["version" = "1" as Number, "kind" = "outer"],
        lang: optional attr(String) "lang",
        other_attributes: other,
        first: one simple(Counted) "first" in NS1,
        inner: optional child(Box<Inner>) "inner" in NS1,
        nil: optional nillable(Inner) "nil" in NS1,
        items: many simple(Counted) "item" in NS1 [1..2],
        any: many any(rt::AnyElement) "extra" in NS1 [0..],
    });
    impl rt::XmlDocument for Outer {
        const ROOT: rt::Name = NS1.name("outer");
    }

    const DOC: &str = r#"<outer xmlns="urn:test" version="1" kind="outer" lang="nb" x="y"><first>a</first><inner id="7"><text>t</text></inner><nil xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><item>1</item><item>2</item><extra><deep/></extra></outer>"#;

    #[test]
    fn reads_writes_and_validates_through_the_description() {
        let e = Outer::from_xml_with(DOC.replace(r#"id="7""#, r#"id="7" z="1""#).as_bytes(), Mode::Strict).unwrap_err();
        assert!(e.message.contains("unexpected attribute z"), "{e}");
        let e = Outer::from_xml_with(DOC.replace("<first>", "<zz/><first>").as_bytes(), Mode::Strict).unwrap_err();
        assert!(e.message.contains("unexpected element"), "{e}");
        let lenient = Outer::from_xml(DOC.replace("<first>", "<zz/><first>").replace(r#"id="7""#, r#"id="7" z="1""#).as_bytes());
        assert_eq!(lenient.unwrap(), Outer::from_xml_with(DOC.as_bytes(), Mode::Strict).unwrap());
        let v = Outer::from_xml(DOC.as_bytes()).unwrap();
        assert_eq!(v.lang.as_deref(), Some("nb"));
        assert_eq!(v.other_attributes.len(), 1);
        assert_eq!(v.first.0, "a");
        let inner = v.inner.as_deref().unwrap();
        assert_eq!((inner.id.0.as_str(), inner.text.as_ref().map(|t| t.0.as_str())), ("7", Some("t")));
        assert_eq!(v.nil, Some(Nillable::Nil));
        assert_eq!(v.items.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(v.any.len(), 1);
        let xml = v.to_xml().unwrap();
        assert!(xml.contains(r#"version="1" kind="outer" lang="nb" x="y""#), "{xml}");
        assert_eq!(Outer::from_xml(xml.as_bytes()).unwrap(), v);
        assert!(rt::Validate::validate(&v).is_empty());

        let mut bad = v.clone();
        bad.items.push(Counted("bad".into(), LIVE.with(Rc::clone)));
        let found: Vec<(String, &str)> = rt::Validate::validate(&bad).into_iter().map(|x| (x.path, x.rule)).collect();
        assert_eq!(found, [("/item".to_string(), "maxOccurs"), ("/item[3]".to_string(), "test")]);
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Dated {
        on: Option<rt::Date>,
        at: Vec<Nillable<rt::Date>>,
    }
    rt::xml_struct!(Dated {
        on: optional simple(rt::Date) "on" in NS1,
        at: many nillable_simple(rt::Date) "at" in NS1 [0..],
    });
    impl rt::XmlDocument for Dated {
        const ROOT: rt::Name = NS1.name("dated");
    }

    #[test]
    fn a_value_that_does_not_parse_is_named_by_its_own_element() {
        // The error is made before the element closes: its path is the element's, not its parent's.
        let e = Dated::from_xml_with(br#"<dated xmlns="urn:test"><on>2024-02-30</on></dated>"#, Mode::Strict).unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("/dated/on/text()", 1), "{e}");
        let doc = br#"<dated xmlns="urn:test" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><at>2024-02-28</at><at xsi:nil="true"/><at>2024-02-31</at></dated>"#;
        let e = Dated::from_xml_with(doc, Mode::Strict).unwrap_err();
        assert_eq!(e.path, "/dated/at/text()", "{e}");
        let v = Dated::from_xml(doc).unwrap();
        assert_eq!(v.at.len(), 3);
        assert_eq!(v.at[1], Nillable::Nil);
    }

    #[test]
    fn a_failed_read_drops_what_it_read_and_names_the_missing_part() {
        let before = live();
        let missing = DOC.replace("<first>a</first>", "");
        let e = Outer::from_xml(missing.as_bytes()).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("/outer/first", "required element first is missing"));
        let e = Outer::from_xml(DOC.replace(r#" id="7""#, "").as_bytes()).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("/outer/inner/@id", "required attribute id is missing"));
        let e = Outer::from_xml(DOC.replace("<extra><deep/></extra>", "<extra><deep></extra>").as_bytes()).unwrap_err();
        assert!(e.line > 0, "{e}");
        assert_eq!(live(), before, "every value read before the error was dropped");
    }

    #[test]
    fn fixed_attributes_are_checked_and_written_on_nil() {
        let e = Outer::from_xml_with(DOC.replace(r#"version="1""#, r#"version="2""#).as_bytes(), Mode::Strict).unwrap_err();
        assert!(e.message.contains("must be `1`"), "{e}");
        let v = Outer::from_xml(DOC.replace(r#"version="1""#, r#"version="2""#).as_bytes()).unwrap();
        assert_eq!(rt::Validate::validate(&v)[0].rule, "fixed");
        let mut w = rt::Writer::new();
        <Outer as rt::XmlWrite>::write_nil_xml(&mut w, NS1.name("outer"));
        assert!(w.finish().contains(r#"version="1""#));
    }

    #[test]
    fn json_through_the_same_description() {
        use rt::{JsonObject, ToJson};
        let v = Outer::from_xml(DOC.as_bytes()).unwrap();
        let json = v.to_json().to_string();
        assert_eq!(
            json,
            r#"{"version":1,"kind":"outer","lang":"nb","first":"a","inner":{"id":"7","text":"t"},"nil":null,"item":["1","2"],"extra":["<extra xmlns=\"urn:test\"><deep/></extra>"]}"#
        );
        let back: Outer = rt::object_from_json(&rt::Json::parse(json.as_bytes()).unwrap(), "").unwrap();
        // Other attributes are not carried in JSON; everything else is.
        assert_eq!(back, Outer { other_attributes: Vec::new(), ..v });
        assert!(Outer::NAMES.is_empty());
    }

    #[test]
    fn a_failed_json_read_drops_what_it_read() {
        let before = live();
        let json = br#"{"first":"a","inner":{"id":"7"},"item":["1","2"],"extra":17}"#;
        let e = rt::object_from_json::<Outer>(&rt::Json::parse(json).unwrap(), "").unwrap_err();
        assert_eq!(e.path, "/extra");
        let e = rt::object_from_json::<Outer>(&rt::Json::parse(br#"{"item":["1"]}"#).unwrap(), "").unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("/first", "required property first is missing"));
        assert_eq!(live(), before, "every value read before the error was dropped");
    }

    /// An enumeration whose values JSON writes as numbers.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Tall {
        En,
        To,
    }
    rt::enumeration!(Tall trim as Number { En = "1", To = "2" });

    rt::text_element!(
        /// A text element with a fixed attribute, declared by the macro.
        pub type Belop(rt::Decimal) { "orid" = "17" as Number }
    );
    // With the macro's own doc.
    rt::text_element!(pub type Merknad(String) {});
    rt::markers!(Belop, Merknad);

    #[derive(Debug, Clone, PartialEq)]
    struct Melding {
        belop: Belop,
        tall: Vec<Tall>,
        merknad: Option<Merknad>,
    }
    impl Melding {
        rt::new!(belop: impl Into<Belop>; tall, merknad);
    }
    rt::xml_struct!(Melding {
        belop: one child(Belop) "belop" in NS1,
        tall: many simple(Tall) "tall" in NS1 [0..],
        merknad: optional child(Merknad) "merknad" in NS1,
    });
    rt::root!(ROOT_MELDING: Melding = "melding" in NS1);
    rt::root!(ROOT_MERKNAD = "merknad");

    #[test]
    fn declared_types_constructors_and_roots() {
        // `new` takes the required parts through `Into` (a decimal into the text element) and
        // starts the others empty.
        let m = Melding::new(rt::Decimal::new("12.50").unwrap());
        assert_eq!((m.belop.value.as_str(), m.tall.len(), m.merknad.is_none()), ("12.50", 0, true));
        assert!(m.belop.xml_fixed.0.is_empty());
        assert_eq!((ROOT_MELDING, ROOT_MERKNAD), (NS1.name("melding"), rt::Name::local("merknad")));
        let mut w = rt::Writer::new();
        rt::XmlWrite::write_xml(&m, &mut w, ROOT_MELDING).unwrap();
        let xml = w.finish();
        assert!(xml.contains(r#"<belop orid="17">12.50</belop>"#), "{xml}");
        assert_eq!(Merknad::new("ok").value, "ok");
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Doc {
        Melding(Melding),
        Outer(Outer),
    }
    rt::document!(Doc main "melding" { Melding(Melding) = element "melding" in NS1, Outer(Outer) = element "outer" in NS1 });

    #[test]
    fn every_description_gives_its_json() {
        use rt::JsonDocument;
        let doc = Doc::from_json(br#"{"belop":{"value":"12.50","orid":"17"},"tall":[1,"2"]}"#).unwrap();
        let Doc::Melding(m) = &doc else { panic!("{doc:?}") };
        assert_eq!((m.belop.value.as_str(), m.tall.as_slice()), ("12.50", [Tall::En, Tall::To].as_slice()));
        assert_eq!(doc.json_root(), "melding");
        assert_eq!(doc.to_json_string(), r#"{"belop":{"value":12.50,"orid":17},"tall":[1,2]}"#);
        let outer = Doc::from_json_as("outer", br#"{"first":"a","item":["1"]}"#).unwrap();
        assert_eq!(outer.json_root(), "outer");
        let e = Doc::from_json_as("nope", b"{}").unwrap_err();
        assert!(e.message.contains("nope is not a global element"), "{e}");
        // The same document as XML.
        let xml = r#"<melding xmlns="urn:test"><belop orid="17">12.50</belop><tall>1</tall><tall> 2 </tall></melding>"#;
        assert_eq!(Doc::from_xml(xml.as_bytes()).ok(), Some(doc));
    }
}

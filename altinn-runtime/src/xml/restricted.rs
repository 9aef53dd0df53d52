//! Restricted simple types as one generic newtype: [`Restricted<B, F>`] is a value of base type
//! `B` that meets the facets of `F`, a marker type the generated code names after the schema's
//! type (`pub type Antall = rt::Restricted<u32, markers::Antall>`). Every restricted type shares
//! the code here; a schema's file adds only the facets, as constants, through
//! [`restricted!`](crate::xml::restricted).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use super::{
    CheckResult, FacetCheck, Facets, FromJson, Json, NamespaceBinder, NamespaceScope, Patterns, Result, SimpleValue, ToJson, Validate,
    ValueError, Violation, check_value,
};

/// The facets of one restricted simple type, implemented by the marker type named after it.
pub trait Restriction {
    /// The type's name, in messages and in `Debug`.
    const NAME: &'static str;
    /// The constraints.
    const FACETS: Facets;
    /// The compiled patterns of [`Restriction::FACETS`], kept once per type.
    fn patterns() -> &'static Patterns;
}

/// What [`Restricted::new`] takes for a base type: the number itself for the primitive numbers
/// (so that literals keep their type: `Antall::new(12)`), anything that converts into the base
/// for strings and the runtime's value types (`Epost::new("a@b.no")`).
pub trait IntoBase<B> {
    /// The base value.
    fn into_base(self) -> B;
}

macro_rules! exact_base {
    ($($t:ty),*) => {$(
        impl IntoBase<$t> for $t {
            fn into_base(self) -> $t {
                self
            }
        }
    )*};
}
exact_base!(u8, u16, u32, u64, u128, i8, i16, i32, i64, i128, f32, f64, bool);

macro_rules! converted_base {
    ($($t:ty),*) => {$(
        impl<T: Into<$t>> IntoBase<$t> for T {
            fn into_base(self) -> $t {
                self.into()
            }
        }
    )*};
}
converted_base!(
    String,
    super::Decimal,
    super::Integer,
    super::Float,
    super::Double,
    super::Boolean,
    super::Date,
    super::DateTime,
    super::Time,
    super::Duration,
    super::GYear,
    super::GYearMonth,
    super::GMonth,
    super::GMonthDay,
    super::GDay,
    super::HexBinary,
    super::Base64Binary,
    super::QualifiedName
);

impl<T: Into<super::List<I>>, I> IntoBase<super::List<I>> for T {
    fn into_base(self) -> super::List<I> {
        self.into()
    }
}

/// A restriction of a restricted type: its values as they are.
impl<T: Into<Restricted<B, F>>, B, F> IntoBase<Restricted<B, F>> for T {
    fn into_base(self) -> Restricted<B, F> {
        self.into()
    }
}

/// A value of base type `B` that meets the facets of the restriction `F` (a marker type; see the
/// module docs). [`Restricted::new`] checks the facets; values read from XML are checked by
/// `validate()` (lenient reading) or when read (strict reading).
pub struct Restricted<B, F>(B, PhantomData<fn() -> F>);

impl<B, F: Restriction> Restricted<B, F> {
    /// The constraints of this type.
    pub const FACETS: Facets = F::FACETS;

    /// The value, unwrapped.
    pub fn into_inner(self) -> B {
        self.0
    }

    /// The value.
    pub fn value(&self) -> &B {
        &self.0
    }
}

impl<B: FacetCheck + SimpleValue, F: Restriction> Restricted<B, F> {
    /// Wraps a value that meets the constraints.
    pub fn new(value: impl IntoBase<B>) -> std::result::Result<Self, ValueError> {
        let value = value.into_base();
        match Self::check(&value) {
            Ok(()) => Ok(Restricted(value, PhantomData)),
            Err((_, m)) => Err(ValueError(m)),
        }
    }

    /// Checks a value against the constraints: the rule broken and why.
    pub fn check(value: &B) -> CheckResult {
        check_value(F::NAME, value, &F::FACETS, F::patterns())
    }
}

impl<B: Clone, F> Clone for Restricted<B, F> {
    fn clone(&self) -> Self {
        Restricted(self.0.clone(), PhantomData)
    }
}

impl<B: PartialEq, F> PartialEq for Restricted<B, F> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<B: Eq, F> Eq for Restricted<B, F> {}

impl<B: Hash, F> Hash for Restricted<B, F> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

/// As a tuple struct of the type's name: `Antall(12)`.
impl<B: fmt::Debug, F: Restriction> fmt::Debug for Restricted<B, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(F::NAME).field(&self.0).finish()
    }
}

impl<B: FacetCheck + SimpleValue, F: Restriction> Validate for Restricted<B, F> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        Violation::add(out, path, check_value(F::NAME, &self.0, &F::FACETS, F::patterns()))
    }
}

/// The base's lexical form; QName values resolve and bind their prefixes as the base does, and
/// the base's value-space check (days that exist) applies.
impl<B: SimpleValue, F> SimpleValue for Restricted<B, F> {
    fn parse_xml(text: &str) -> std::result::Result<Self, ValueError> {
        // `match`, not `map` and a closure: this is compiled once per restricted type.
        match B::parse_xml(text) {
            Ok(v) => Ok(Restricted(v, PhantomData)),
            Err(e) => Err(e),
        }
    }
    fn write_xml(&self, out: &mut String) {
        self.0.write_xml(out)
    }
    fn parse_xml_in(text: &str, scope: &dyn NamespaceScope) -> std::result::Result<Self, ValueError> {
        match B::parse_xml_in(text, scope) {
            Ok(v) => Ok(Restricted(v, PhantomData)),
            Err(e) => Err(e),
        }
    }
    fn write_xml_in(&self, out: &mut String, binder: &mut dyn NamespaceBinder) {
        self.0.write_xml_in(out, binder)
    }
    fn check_value_space(&self) -> std::result::Result<(), ValueError> {
        self.0.check_value_space()
    }
}

/// The lexical form.
impl<B: SimpleValue, F> fmt::Display for Restricted<B, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::display(self, f)
    }
}

/// Parses the lexical form and checks the constraints.
impl<B: FacetCheck + SimpleValue, F: Restriction> std::str::FromStr for Restricted<B, F> {
    type Err = ValueError;
    fn from_str(s: &str) -> std::result::Result<Self, ValueError> {
        super::parse_and_check(s)
    }
}

/// JSON through the base value (lists stay arrays).
impl<B: ToJson, F> ToJson for Restricted<B, F> {
    fn to_json(&self) -> Json {
        self.0.to_json()
    }
}

impl<B: FromJson, F> FromJson for Restricted<B, F> {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        match B::from_json(v, path) {
            Ok(v) => Ok(Restricted(v, PhantomData)),
            Err(e) => Err(e),
        }
    }
}

/// A restricted simple type: `pub type Name = Restricted<Base, markers::Name>` and the facets of
/// the marker `markers::Name` (declared by [`markers!`](crate::xml::markers) in the same module).
///
/// ```text
/// restricted!(
///     /// The simple type `Antall`.
///     pub type Antall(u32) { min_inclusive = "0", max_inclusive = "999999" }
/// );
/// restricted!(pub type Epost(String) { patterns = &[&[("[^@]+@[^@]+", "^(?:[^@]+@[^@]+)$")]] });
/// ```
///
/// Each facet is a [`Facets`] field, set through its `const` builder method; a pattern is written
/// as in the schema (for messages) beside its translation to the `regex` crate's syntax.
#[doc(hidden)]
#[macro_export]
macro_rules! __restricted {
    ($(#[$meta:meta])* pub type $name:ident($base:ty) { $($facet:ident = $value:expr),* $(,)? }) => {
        $(#[$meta])*
        pub type $name = $crate::xml::Restricted<$base, markers::$name>;
        impl $crate::xml::Restriction for markers::$name {
            const NAME: &'static str = ::core::stringify!($name);
            const FACETS: $crate::xml::Facets = $crate::xml::Facets::NONE $(.$facet($value))*;
            fn patterns() -> &'static $crate::xml::Patterns {
                static PATTERNS: $crate::xml::Patterns = $crate::xml::Patterns::new();
                &PATTERNS
            }
        }
    };
}
pub use crate::__restricted as restricted;

/// The marker types of a schema's restricted types and text elements (the second parameter of
/// [`Restricted`] and [`TextElement`](super::TextElement)), one per type and named after it, in a
/// module `markers` beside them: `markers!(Antall, Epost)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __markers {
    ($($name:ident),* $(,)?) => {
        /// Marker types, one per restricted type and text element of this schema, named after it:
        /// what makes `rt::Restricted` and `rt::TextElement` that type.
        pub mod markers {
            $(
                #[doc = ::core::concat!("Marks [`", ::core::stringify!($name), "`](super::", ::core::stringify!($name), ").")]
                #[derive(Debug)]
                pub enum $name {}
            )*
        }
    };
}
pub use crate::__markers as markers;

#[cfg(test)]
mod tests {
    use crate::xml as rt;

    rt::restricted!(
        /// A count.
        pub type Antall(u32) { min_inclusive = "1", max_inclusive = "9" }
    );
    rt::restricted!(pub type Epost(String) { patterns = &[&[("[^@]+@[^@]+", "^(?:[^@]+@[^@]+)$")]] });
    rt::restricted!(pub type Kode(String) { patterns = &[&[("[A-Z]+", "^(?:[A-Z]+)$")]] });
    rt::markers!(Antall, Epost, Kode);

    #[test]
    fn new_checks_the_facets_and_literals_keep_their_type() {
        assert_eq!(Antall::new(3).unwrap().into_inner(), 3);
        let e = Antall::new(12).unwrap_err();
        assert!(e.0.contains("`12` is not a valid Antall"), "{}", e.0);
        assert_eq!(Epost::new("a@b.no").unwrap().value(), "a@b.no");
        assert!(Epost::new("nope").is_err());
    }

    #[test]
    fn each_type_keeps_its_own_patterns() {
        // Both are checked first here, so that a cache shared between them would show.
        assert!(Epost::check(&"a@b".to_string()).is_ok());
        assert!(Kode::check(&"ABC".to_string()).is_ok());
        assert!(Kode::check(&"a@b".to_string()).is_err());
        assert!(Epost::check(&"ABC".to_string()).is_err());
    }

    #[test]
    fn debug_display_and_from_str_read_like_the_type() {
        let a = Antall::new(4).unwrap();
        assert_eq!(format!("{a:?}"), "Antall(4)");
        assert_eq!(a.to_string(), "4");
        assert_eq!("5".parse::<Antall>().unwrap(), Antall::new(5).unwrap());
        assert!("0".parse::<Antall>().is_err());
    }
}

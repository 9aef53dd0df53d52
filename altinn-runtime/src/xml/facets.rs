//! Constraining facets of restricted simple types, checked when a value is built with `new` and
//! by `validate` (patterns through [`super::check_value`], translated from the XSD dialect by the
//! generator, and reported as the schema writes them).

use super::values::{Decimal, Integer};

/// The facets of one restricted type (all derivation steps combined).
#[derive(Debug, Clone, Copy, Default)]
pub struct Facets {
    /// `length`.
    pub length: Option<u64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minInclusive`.
    pub min_inclusive: Option<&'static str>,
    /// `maxInclusive`.
    pub max_inclusive: Option<&'static str>,
    /// `minExclusive`.
    pub min_exclusive: Option<&'static str>,
    /// `maxExclusive`.
    pub max_exclusive: Option<&'static str>,
    /// `totalDigits`.
    pub total_digits: Option<u64>,
    /// `fractionDigits`.
    pub fraction_digits: Option<u64>,
    /// `pattern`s, each as written in the schema (for messages) beside its translation to the
    /// `regex` crate's syntax (anchored, what is checked): every derivation step's list must have
    /// a match.
    pub patterns: &'static [&'static [(&'static str, &'static str)]],
}

impl Facets {
    /// No facets (for `..Facets::NONE` in constants).
    pub const NONE: Facets = Facets {
        length: None,
        min_length: None,
        max_length: None,
        min_inclusive: None,
        max_inclusive: None,
        min_exclusive: None,
        max_exclusive: None,
        total_digits: None,
        fraction_digits: None,
        patterns: &[],
    };

    /// With `length`.
    pub const fn length(mut self, v: u64) -> Self {
        self.length = Some(v);
        self
    }

    /// With `minLength`.
    pub const fn min_length(mut self, v: u64) -> Self {
        self.min_length = Some(v);
        self
    }

    /// With `maxLength`.
    pub const fn max_length(mut self, v: u64) -> Self {
        self.max_length = Some(v);
        self
    }

    /// With `minInclusive`.
    pub const fn min_inclusive(mut self, v: &'static str) -> Self {
        self.min_inclusive = Some(v);
        self
    }

    /// With `maxInclusive`.
    pub const fn max_inclusive(mut self, v: &'static str) -> Self {
        self.max_inclusive = Some(v);
        self
    }

    /// With `minExclusive`.
    pub const fn min_exclusive(mut self, v: &'static str) -> Self {
        self.min_exclusive = Some(v);
        self
    }

    /// With `maxExclusive`.
    pub const fn max_exclusive(mut self, v: &'static str) -> Self {
        self.max_exclusive = Some(v);
        self
    }

    /// With `totalDigits`.
    pub const fn total_digits(mut self, v: u64) -> Self {
        self.total_digits = Some(v);
        self
    }

    /// With `fractionDigits`.
    pub const fn fraction_digits(mut self, v: u64) -> Self {
        self.fraction_digits = Some(v);
        self
    }

    /// With the `pattern`s of every derivation step (see [`Facets::patterns`]).
    pub const fn patterns(mut self, v: &'static [&'static [(&'static str, &'static str)]]) -> Self {
        self.patterns = v;
        self
    }
}

/// A broken facet: the rule (`length`, `digits`, `range`) and what is wrong, phrased to follow
/// "the value …" (`has 0 characters (at least 1)`).
pub type FacetError = (&'static str, String);

/// Values whose facets can be checked.
pub trait FacetCheck {
    /// Checks the facets that apply to this kind of value.
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError>;
}

fn lengths(len: u64, f: &Facets, unit: &str) -> Result<(), FacetError> {
    let broken = |bound: &str| Err(("length", format!("has {len} {unit} ({bound})")));
    if let Some(l) = f.length
        && len != l
    {
        return broken(&format!("exactly {l}"));
    }
    if let Some(l) = f.min_length
        && len < l
    {
        return broken(&format!("at least {l}"));
    }
    if let Some(l) = f.max_length
        && len > l
    {
        return broken(&format!("at most {l}"));
    }
    Ok(())
}

impl FacetCheck for String {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        lengths(self.chars().count() as u64, f, "characters")
    }
}

/// Digits of a decimal lexical form as `totalDigits` and `fractionDigits` count them: (total
/// significant digits, fraction digits). `0.05` has 2 and 2, `1.50` has 2 and 1 (trailing zeros of
/// the fraction and leading zeros are not significant). The one definition the runtime and the
/// generator's sample instances share.
pub fn digit_counts(lexical: &str) -> (u64, u64) {
    let s = lexical.trim_start_matches(['+', '-']);
    let (i, frac) = s.split_once('.').unwrap_or((s, ""));
    let i = i.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let total = (i.len() + frac.len()).max(1) as u64;
    (total, frac.len() as u64)
}

fn digits(lexical: &str, f: &Facets) -> Result<(), FacetError> {
    let (total, fraction) = digit_counts(lexical);
    if let Some(t) = f.total_digits
        && total > t
    {
        return Err(("digits", format!("has {total} digits (at most {t})")));
    }
    if let Some(d) = f.fraction_digits
        && fraction > d
    {
        return Err(("digits", format!("has {fraction} fraction digits (at most {d})")));
    }
    Ok(())
}

fn ranges<T: PartialOrd>(v: &T, f: &Facets, parse: impl Fn(&str) -> Option<T>) -> Result<(), FacetError> {
    let broken = |why: String| Err(("range", why));
    let bound = |b: Option<&'static str>| b.and_then(|s| Some((s.trim(), parse(s)?)));
    if let Some((s, b)) = bound(f.min_inclusive)
        && *v < b
    {
        return broken(format!("is below the minimum {s}"));
    }
    if let Some((s, b)) = bound(f.max_inclusive)
        && *v > b
    {
        return broken(format!("is above the maximum {s}"));
    }
    if let Some((s, b)) = bound(f.min_exclusive)
        && *v <= b
    {
        return broken(format!("is not above {s}"));
    }
    if let Some((s, b)) = bound(f.max_exclusive)
        && *v >= b
    {
        return broken(format!("is not below {s}"));
    }
    Ok(())
}

macro_rules! integer_facets {
    ($($t:ty),*) => {$(
        impl FacetCheck for $t {
            fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
                digits(&self.to_string(), f)?;
                ranges(&(*self as i128), f, |s| s.trim().trim_start_matches('+').parse::<i128>().ok())
            }
        }
    )*};
}
integer_facets!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_facets {
    ($($t:ty),*) => {$(
        impl FacetCheck for $t {
            fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
                ranges(self, f, |s| s.trim().parse::<$t>().ok())
            }
        }
    )*};
}
float_facets!(f32, f64);

impl FacetCheck for Decimal {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        digits(self.as_str(), f)?;
        match self.to_decimal() {
            Some(v) => ranges(&v, f, |s| Decimal::new(s).ok().and_then(|d| d.to_decimal())),
            None => Ok(()),
        }
    }
}

impl FacetCheck for Integer {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        digits(self.as_str(), f)?;
        match self.to_i128() {
            Some(v) => ranges(&v, f, |s| s.trim().trim_start_matches('+').parse::<i128>().ok()),
            None => Ok(()),
        }
    }
}

impl FacetCheck for super::values::Double {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        ranges(&self.value(), f, |s| s.trim().parse::<f64>().ok())
    }
}

impl FacetCheck for super::values::Float {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        ranges(&self.value(), f, |s| s.trim().parse::<f32>().ok())
    }
}

impl FacetCheck for super::values::Boolean {
    fn check_facets(&self, _: &Facets) -> Result<(), FacetError> {
        Ok(())
    }
}

impl FacetCheck for bool {
    fn check_facets(&self, _: &Facets) -> Result<(), FacetError> {
        Ok(())
    }
}

macro_rules! lexical_facets {
    ($($t:ident),*) => {$(
        impl FacetCheck for super::values::$t {
            fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
                // Length facets count characters of the lexical form (binary: its encoding).
                lengths(self.as_str().chars().count() as u64, &Facets { length: f.length, min_length: f.min_length, max_length: f.max_length, ..Facets::NONE }, "characters")
            }
        }
    )*};
}
lexical_facets!(Date, DateTime, Time, GYear, GYearMonth, GMonth, GMonthDay, GDay, Duration);

/// Length facets of binary types count octets of the binary data (XML Schema 1.1 part 2,
/// 4.3.1.3), not characters of its encoding.
fn octet_lengths(octets: u64, f: &Facets) -> Result<(), FacetError> {
    lengths(octets, &Facets { length: f.length, min_length: f.min_length, max_length: f.max_length, ..Facets::NONE }, "octets")
}

impl FacetCheck for super::values::HexBinary {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        // Two hexadecimal digits an octet.
        octet_lengths(self.as_str().trim().len() as u64 / 2, f)
    }
}

impl FacetCheck for super::values::Base64Binary {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        // Four characters encode three octets, less one for each `=` of padding.
        let chars: Vec<u8> = self.as_str().bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        let padding = chars.iter().rev().take_while(|b| **b == b'=').count();
        octet_lengths((chars.len() / 4 * 3).saturating_sub(padding) as u64, f)
    }
}

impl<T> FacetCheck for super::List<T> {
    fn check_facets(&self, f: &Facets) -> Result<(), FacetError> {
        lengths(self.0.len() as u64, f, "items")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_lengths_count_octets_not_characters() {
        use super::super::values::{Base64Binary, HexBinary};
        let two = Facets { length: Some(2), ..Facets::NONE };
        assert!(HexBinary::new("0aFF").unwrap().check_facets(&two).is_ok());
        assert_eq!(HexBinary::new("0aFF00").unwrap().check_facets(&two), Err(("length", "has 3 octets (exactly 2)".to_string())));
        // "hello": five octets in eight characters.
        let five = Facets { max_length: Some(5), ..Facets::NONE };
        assert!(Base64Binary::new("aGVsbG8=").unwrap().check_facets(&five).is_ok());
        assert!(Base64Binary::new("aGVs bG8h").unwrap().check_facets(&Facets { length: Some(6), ..Facets::NONE }).is_ok());
        assert_eq!(Base64Binary::new("aGVsbG8hIQ==").unwrap().check_facets(&five), Err(("length", "has 7 octets (at most 5)".to_string())));
    }

    #[test]
    fn checks() {
        let f = Facets { max_length: Some(3), ..Facets::NONE };
        assert!("abc".to_string().check_facets(&f).is_ok());
        assert_eq!("æøåx".to_string().check_facets(&f), Err(("length", "has 4 characters (at most 3)".to_string())));
        let f = Facets { total_digits: Some(5), fraction_digits: Some(2), min_inclusive: Some("0"), ..Facets::NONE };
        assert!(Decimal::new("123.45").unwrap().check_facets(&f).is_ok());
        assert_eq!(Decimal::new("123.456").unwrap().check_facets(&f).unwrap_err().1, "has 6 digits (at most 5)");
        assert_eq!(Decimal::new("-1").unwrap().check_facets(&f), Err(("range", "is below the minimum 0".to_string())));
        assert!(Decimal::new("0012.10").unwrap().check_facets(&f).is_ok());
        let f = Facets { max_exclusive: Some("10"), ..Facets::NONE };
        assert!(10u8.check_facets(&f).is_err() && 9u8.check_facets(&f).is_ok());
    }
}

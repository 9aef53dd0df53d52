//! Constraining facets of restricted simple types, checked when a value is built with `new` and
//! by `validate` (patterns through [`super::check_value`], translated from the XSD dialect by the
//! generator).

use super::values::{Decimal, Integer, ValueError};

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
    /// `pattern`s translated to the `regex` crate's syntax (anchored): every step's list must
    /// have a match.
    pub patterns: &'static [&'static [&'static str]],
}

/// Values whose facets can be checked.
pub trait FacetCheck {
    /// Checks the facets that apply to this kind of value.
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError>;
}

fn lengths(len: u64, f: &Facets, unit: &str) -> Result<(), ValueError> {
    if let Some(l) = f.length
        && len != l
    {
        return Err(ValueError(format!("length is {len} {unit}, must be {l}")));
    }
    if let Some(l) = f.min_length
        && len < l
    {
        return Err(ValueError(format!("length is {len} {unit}, must be at least {l}")));
    }
    if let Some(l) = f.max_length
        && len > l
    {
        return Err(ValueError(format!("length is {len} {unit}, must be at most {l}")));
    }
    Ok(())
}

impl FacetCheck for String {
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
        lengths(self.chars().count() as u64, f, "characters")
    }
}

/// Digits of a decimal lexical form: (total significant digits, fraction digits).
fn digit_counts(lexical: &str) -> (u64, u64) {
    let s = lexical.trim_start_matches(['+', '-']);
    let (i, frac) = s.split_once('.').unwrap_or((s, ""));
    let i = i.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let total = (i.len() + frac.len()).max(1) as u64;
    (total, frac.len() as u64)
}

fn digits(lexical: &str, f: &Facets) -> Result<(), ValueError> {
    let (total, fraction) = digit_counts(lexical);
    if let Some(t) = f.total_digits
        && total > t
    {
        return Err(ValueError(format!("`{lexical}` has {total} digits, at most {t} allowed")));
    }
    if let Some(d) = f.fraction_digits
        && fraction > d
    {
        return Err(ValueError(format!("`{lexical}` has {fraction} fraction digits, at most {d} allowed")));
    }
    Ok(())
}

fn ranges<T: PartialOrd + std::fmt::Display>(v: &T, f: &Facets, parse: impl Fn(&str) -> Option<T>) -> Result<(), ValueError> {
    let bound = |b: Option<&str>| b.and_then(&parse);
    if let Some(b) = bound(f.min_inclusive)
        && *v < b
    {
        return Err(ValueError(format!("{v} is below the minimum {b}")));
    }
    if let Some(b) = bound(f.max_inclusive)
        && *v > b
    {
        return Err(ValueError(format!("{v} is above the maximum {b}")));
    }
    if let Some(b) = bound(f.min_exclusive)
        && *v <= b
    {
        return Err(ValueError(format!("{v} must be above {b}")));
    }
    if let Some(b) = bound(f.max_exclusive)
        && *v >= b
    {
        return Err(ValueError(format!("{v} must be below {b}")));
    }
    Ok(())
}

macro_rules! integer_facets {
    ($($t:ty),*) => {$(
        impl FacetCheck for $t {
            fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
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
            fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
                ranges(self, f, |s| s.trim().parse::<$t>().ok())
            }
        }
    )*};
}
float_facets!(f32, f64);

impl FacetCheck for Decimal {
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
        digits(self.as_str(), f)?;
        match self.to_decimal() {
            Some(v) => ranges(&v, f, |s| Decimal::new(s).ok().and_then(|d| d.to_decimal())),
            None => Ok(()),
        }
    }
}

impl FacetCheck for Integer {
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
        digits(self.as_str(), f)?;
        match self.to_i128() {
            Some(v) => ranges(&v, f, |s| s.trim().trim_start_matches('+').parse::<i128>().ok()),
            None => Ok(()),
        }
    }
}

impl FacetCheck for super::values::Double {
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
        ranges(&self.value(), f, |s| s.trim().parse::<f64>().ok())
    }
}

impl FacetCheck for super::values::Float {
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
        ranges(&self.value(), f, |s| s.trim().parse::<f32>().ok())
    }
}

impl FacetCheck for super::values::Boolean {
    fn check_facets(&self, _: &Facets) -> Result<(), ValueError> {
        Ok(())
    }
}

impl FacetCheck for bool {
    fn check_facets(&self, _: &Facets) -> Result<(), ValueError> {
        Ok(())
    }
}

macro_rules! lexical_facets {
    ($($t:ident),*) => {$(
        impl FacetCheck for super::values::$t {
            fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
                // Length facets count characters of the lexical form (binary: its encoding).
                lengths(self.as_str().chars().count() as u64, &Facets { length: f.length, min_length: f.min_length, max_length: f.max_length, ..Facets::default() }, "characters")
            }
        }
    )*};
}
lexical_facets!(Date, DateTime, Time, GYear, GYearMonth, GMonth, GMonthDay, GDay, Duration, HexBinary, Base64Binary);

impl<T> FacetCheck for super::List<T> {
    fn check_facets(&self, f: &Facets) -> Result<(), ValueError> {
        lengths(self.0.len() as u64, f, "items")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        let f = Facets { max_length: Some(3), ..Facets::default() };
        assert!("abc".to_string().check_facets(&f).is_ok());
        assert!("æøåx".to_string().check_facets(&f).is_err());
        let f = Facets { total_digits: Some(5), fraction_digits: Some(2), min_inclusive: Some("0"), ..Facets::default() };
        assert!(Decimal::new("123.45").unwrap().check_facets(&f).is_ok());
        assert!(Decimal::new("123.456").unwrap().check_facets(&f).is_err());
        assert!(Decimal::new("-1").unwrap().check_facets(&f).is_err());
        assert!(Decimal::new("0012.10").unwrap().check_facets(&f).is_ok());
        let f = Facets { max_exclusive: Some("10"), ..Facets::default() };
        assert!(10u8.check_facets(&f).is_err() && 9u8.check_facets(&f).is_ok());
    }
}

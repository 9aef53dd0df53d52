//! Simple values: the built-in XSD datatypes as Rust values.
//!
//! Numbers with a fixed size are Rust integers and floats. Decimals, unbounded integers, dates and
//! times keep their lexical form (validated when read or built), so a round trip changes nothing
//! and nothing is lost to floating point; typed accessors convert on demand.

use std::fmt;

use super::qname::{NamespaceBinder, NamespaceScope};

/// A value that is not in a type's lexical space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

/// A type whose values are written as text (elements with simple content, attributes).
pub trait SimpleValue: Sized {
    /// Parses the text of an element or attribute.
    fn parse_xml(text: &str) -> Result<Self, ValueError>;
    /// Appends the lexical form.
    fn write_xml(&self, out: &mut String);
    /// Parses with the namespace bindings where the text stands (what readers call): QName
    /// values resolve their prefix; other values ignore the bindings.
    fn parse_xml_in(text: &str, scope: &dyn NamespaceScope) -> Result<Self, ValueError> {
        let _ = scope;
        Self::parse_xml(text)
    }
    /// Appends the lexical form, binding the namespaces it needs where it is written (what
    /// writers call): QName values declare their prefix; other values ignore the binder.
    fn write_xml_in(&self, out: &mut String, binder: &mut dyn NamespaceBinder) {
        let _ = binder;
        self.write_xml(out)
    }
}

impl SimpleValue for String {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_string())
    }
    fn write_xml(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl SimpleValue for bool {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(ValueError(format!("`{other}` is not a boolean (true, false, 1, 0)"))),
        }
    }
    fn write_xml(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl SimpleValue for $t {
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                let t = text.trim();
                let digits = t.strip_prefix('+').unwrap_or(t);
                digits.parse::<$t>().map_err(|_| ValueError(format!("`{t}` is not an integer in {}..={}", <$t>::MIN, <$t>::MAX)))
            }
            fn write_xml(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )*};
}
integers!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl SimpleValue for $t {
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                let t = text.trim();
                match t {
                    "INF" | "+INF" => Ok(<$t>::INFINITY),
                    "-INF" => Ok(<$t>::NEG_INFINITY),
                    "NaN" => Ok(<$t>::NAN),
                    _ if t.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) && !t.is_empty() => {
                        t.parse::<$t>().map_err(|_| ValueError(format!("`{t}` is not a number")))
                    }
                    _ => Err(ValueError(format!("`{t}` is not a number"))),
                }
            }
            fn write_xml(&self, out: &mut String) {
                if self.is_nan() {
                    out.push_str("NaN");
                } else if self.is_infinite() {
                    out.push_str(if *self > 0.0 { "INF" } else { "-INF" });
                } else {
                    out.push_str(&self.to_string());
                }
            }
        }
    )*};
}
floats!(f32, f64);

/// A value that may be `xsi:nil` (a `nillable` element).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Nillable<T> {
    /// `xsi:nil="true"`.
    Nil,
    /// A value.
    Value(T),
}

impl<T> Nillable<T> {
    /// The value, if not nil.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }

    /// Whether it is nil.
    pub fn is_nil(&self) -> bool {
        matches!(self, Nillable::Nil)
    }
}

impl<T> From<T> for Nillable<T> {
    fn from(v: T) -> Self {
        Nillable::Value(v)
    }
}

/// The order the elements of an `xs:all` were read in: their indices in schema order. Writing
/// follows it, then adds the elements it does not name in schema order (empty: schema order).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ElementOrder(pub Vec<u16>);

impl ElementOrder {
    /// The order to write `n` elements in: every index below `n` once.
    pub fn indices(&self, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(n);
        for i in self.0.iter().map(|i| usize::from(*i)).chain(0..n) {
            if i < n && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// A whitespace-separated list (`xs:list`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct List<T>(pub Vec<T>);

impl<T: SimpleValue> SimpleValue for List<T> {
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        text.split_whitespace().map(T::parse_xml).collect::<Result<Vec<_>, _>>().map(List)
    }
    fn write_xml(&self, out: &mut String) {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            v.write_xml(out);
        }
    }
    fn parse_xml_in(text: &str, scope: &dyn NamespaceScope) -> Result<Self, ValueError> {
        text.split_whitespace().map(|t| T::parse_xml_in(t, scope)).collect::<Result<Vec<_>, _>>().map(List)
    }
    fn write_xml_in(&self, out: &mut String, binder: &mut dyn NamespaceBinder) {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            v.write_xml_in(out, binder);
        }
    }
}

// ----- lexical checks ---------------------------------------------------------------------

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn timezone(s: &str) -> bool {
    if s.is_empty() || s == "Z" {
        return true;
    }
    let Some(rest) = s.strip_prefix('+').or_else(|| s.strip_prefix('-')) else { return false };
    match rest.split_once(':') {
        Some((h, m)) => digits(h, 2) && digits(m, 2) && h <= "14" && m <= "59",
        None => false,
    }
}

fn year(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    s.len() >= 4 && s.bytes().all(|b| b.is_ascii_digit()) && (s.len() == 4 || !s.starts_with('0'))
}

fn split_tz(s: &str, min_len: usize) -> (&str, &str) {
    if let Some(stripped) = s.strip_suffix('Z') {
        return (stripped, "Z");
    }
    if s.len() >= min_len + 6 {
        let (a, b) = s.split_at(s.len() - 6);
        if (b.starts_with('+') || b.starts_with('-')) && b.as_bytes()[3] == b':' {
            return (a, b);
        }
    }
    (s, "")
}

fn month_day(m: &str, d: &str) -> bool {
    digits(m, 2) && digits(d, 2) && ("01"..="12").contains(&m) && ("01"..="31").contains(&d)
}

fn date_part(s: &str) -> bool {
    let neg = s.starts_with('-');
    let body = if neg { &s[1..] } else { s };
    let parts: Vec<&str> = body.rsplitn(3, '-').collect();
    parts.len() == 3 && year(parts[2]) && month_day(parts[1], parts[0])
}

fn time_part(s: &str) -> bool {
    let (hms, frac) = match s.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (s, None),
    };
    let p: Vec<&str> = hms.split(':').collect();
    p.len() == 3
        && digits(p[0], 2)
        && digits(p[1], 2)
        && digits(p[2], 2)
        && (p[0] <= "23" || (p[0] == "24" && p[1] == "00" && p[2] == "00"))
        && p[1] <= "59"
        && p[2] <= "59"
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn check_date(s: &str) -> bool {
    let (v, tz) = split_tz(s, 10);
    date_part(v) && timezone(tz)
}

fn check_date_time(s: &str) -> bool {
    let (v, tz) = split_tz(s, 19);
    match v.split_once('T') {
        Some((d, t)) => date_part(d) && time_part(t) && timezone(tz),
        None => false,
    }
}

fn check_time(s: &str) -> bool {
    let (v, tz) = split_tz(s, 8);
    time_part(v) && timezone(tz)
}

fn check_g_year(s: &str) -> bool {
    let (v, tz) = split_tz(s, 4);
    year(v) && timezone(tz)
}

fn check_g_year_month(s: &str) -> bool {
    let (v, tz) = split_tz(s, 7);
    match v.rsplit_once('-') {
        Some((y, m)) => year(y) && digits(m, 2) && ("01"..="12").contains(&m) && timezone(tz),
        None => false,
    }
}

fn check_g_month(s: &str) -> bool {
    let (v, tz) = split_tz(s, 4);
    v.strip_prefix("--").is_some_and(|m| digits(m, 2) && ("01"..="12").contains(&m)) && timezone(tz)
}

fn check_g_month_day(s: &str) -> bool {
    let (v, tz) = split_tz(s, 7);
    v.strip_prefix("--").and_then(|md| md.split_once('-')).is_some_and(|(m, d)| month_day(m, d)) && timezone(tz)
}

fn check_g_day(s: &str) -> bool {
    let (v, tz) = split_tz(s, 5);
    v.strip_prefix("---").is_some_and(|d| digits(d, 2) && ("01"..="31").contains(&d)) && timezone(tz)
}

fn check_duration(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some(body) = s.strip_prefix('P') else { return false };
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let mut any = false;
    let mut scan = |part: &str, units: &[char], allow_frac_last: bool| -> bool {
        let mut rest = part;
        let mut last = 0;
        while !rest.is_empty() {
            let end = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
            let (num, tail) = rest.split_at(end);
            let Some(unit) = tail.chars().next() else { return false };
            let Some(pos) = units.iter().position(|u| *u == unit) else { return false };
            if pos < last || num.is_empty() || (num.contains('.') && !(allow_frac_last && unit == 'S')) {
                return false;
            }
            last = pos + 1;
            any = true;
            rest = &tail[1..];
        }
        true
    };
    let ok = scan(date, &['Y', 'M', 'D'], false) && time.is_none_or(|t| !t.is_empty() && scan(t, &['H', 'M', 'S'], true));
    ok && any
}

fn check_decimal(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (i, f) = match b.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (b, None),
    };
    (!i.is_empty() || f.is_some_and(|f| !f.is_empty()))
        && i.bytes().all(|c| c.is_ascii_digit())
        && f.is_none_or(|f| f.bytes().all(|c| c.is_ascii_digit()))
}

fn check_integer(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit())
}

fn check_boolean(s: &str) -> bool {
    matches!(s, "true" | "false" | "1" | "0")
}

fn check_float(s: &str) -> bool {
    if matches!(s, "INF" | "-INF" | "+INF" | "NaN") {
        return true;
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    check_decimal(mantissa) && exponent.is_none_or(check_integer)
}

fn check_hex(s: &str) -> bool {
    s.len().is_multiple_of(2) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn check_base64(s: &str) -> bool {
    let compact: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    compact.len().is_multiple_of(4)
        && compact.iter().enumerate().all(|(i, b)| {
            b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/' || (*b == b'=' && i + 2 >= compact.len())
        })
}

macro_rules! lexical {
    ($(#[$doc:meta] $name:ident, $check:ident, $what:literal;)*) => {$(
        #[$doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps a lexical value (surrounding whitespace is removed).
            pub fn new(value: impl AsRef<str>) -> Result<Self, ValueError> {
                let v = value.as_ref().trim();
                if $check(v) {
                    Ok($name(v.to_string()))
                } else {
                    Err(ValueError(format!("`{v}` is not {}", $what)))
                }
            }

            /// The lexical form, exactly as read or built.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                $name::new(s)
            }
        }

        impl SimpleValue for $name {
            fn parse_xml(text: &str) -> Result<Self, ValueError> {
                $name::new(text)
            }
            fn write_xml(&self, out: &mut String) {
                out.push_str(&self.0);
            }
        }
    )*};
}

lexical! {
    /// `xs:decimal`, exact: the lexical form is kept (`1.50` stays `1.50`).
    Decimal, check_decimal, "a decimal number";
    /// An integer of any size (`xs:integer` and its unbounded derivations).
    Integer, check_integer, "an integer";
    /// `xs:date` (`2024-05-17`, optionally with a time zone).
    Date, check_date, "a date (YYYY-MM-DD)";
    /// `xs:dateTime`, with or without a time zone, as written.
    DateTime, check_date_time, "a date and time (YYYY-MM-DDThh:mm:ss)";
    /// `xs:time`.
    Time, check_time, "a time (hh:mm:ss)";
    /// `xs:gYear`.
    GYear, check_g_year, "a year (YYYY)";
    /// `xs:gYearMonth`.
    GYearMonth, check_g_year_month, "a year and month (YYYY-MM)";
    /// `xs:gMonth`.
    GMonth, check_g_month, "a month (--MM)";
    /// `xs:gMonthDay`.
    GMonthDay, check_g_month_day, "a month and day (--MM-DD)";
    /// `xs:gDay`.
    GDay, check_g_day, "a day (---DD)";
    /// `xs:duration`.
    Duration, check_duration, "a duration (PnYnMnDTnHnMnS)";
    /// `xs:hexBinary`, as text.
    HexBinary, check_hex, "hexadecimal binary";
    /// `xs:boolean`, keeping how it was written (`1` stays `1`); [`Boolean::value`] gives the `bool`.
    Boolean, check_boolean, "a boolean (true, false, 1, 0)";
    /// `xs:float`, keeping how it was written (`1.0E3` stays `1.0E3`); [`Float::value`] gives the `f32`.
    Float, check_float, "a number";
    /// `xs:double`, keeping how it was written; [`Double::value`] gives the `f64`.
    Double, check_float, "a number";
    /// `xs:base64Binary`, as text.
    Base64Binary, check_base64, "base64 binary";
}

impl Decimal {
    /// The value as an exact `rust_decimal::Decimal` (`None` beyond its 28 digits).
    pub fn to_decimal(&self) -> Option<rust_decimal::Decimal> {
        use std::str::FromStr;
        let s = self.0.strip_prefix('+').unwrap_or(&self.0);
        let s = s.strip_suffix('.').unwrap_or(s);
        rust_decimal::Decimal::from_str(s).ok()
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(d: rust_decimal::Decimal) -> Self {
        Decimal(d.to_string())
    }
}

impl Boolean {
    /// The value.
    pub fn value(&self) -> bool {
        matches!(self.0.as_str(), "true" | "1")
    }
}

impl From<bool> for Boolean {
    fn from(v: bool) -> Self {
        Boolean(if v { "true" } else { "false" }.to_string())
    }
}

impl Float {
    /// The value.
    pub fn value(&self) -> f32 {
        f32::parse_xml(&self.0).unwrap_or(f32::NAN)
    }
}

impl From<f32> for Float {
    fn from(v: f32) -> Self {
        let mut s = String::new();
        v.write_xml(&mut s);
        Float(s)
    }
}

impl Double {
    /// The value.
    pub fn value(&self) -> f64 {
        f64::parse_xml(&self.0).unwrap_or(f64::NAN)
    }
}

impl From<f64> for Double {
    fn from(v: f64) -> Self {
        let mut s = String::new();
        v.write_xml(&mut s);
        Double(s)
    }
}

impl Integer {
    /// The value as an `i128` (`None` beyond its range).
    pub fn to_i128(&self) -> Option<i128> {
        self.0.strip_prefix('+').unwrap_or(&self.0).parse().ok()
    }
}

impl From<i64> for Integer {
    fn from(v: i64) -> Self {
        Integer(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_spaces() {
        assert!(Date::new("2024-02-29").is_ok());
        assert!(Date::new("2024-02-29+01:00").is_ok());
        assert!(Date::new("2024-2-29").is_err());
        assert!(DateTime::new("2020-05-12T09:37:16.607").is_ok());
        assert!(DateTime::new("2021-06-14T14:48:48.6370797+02:00").is_ok());
        assert!(DateTime::new("2021-06-14 14:48:48").is_err());
        assert!(Time::new("24:00:00").is_ok());
        assert!(GYear::new("2021").is_ok() && GYear::new("21").is_err());
        assert!(GYearMonth::new("2013-11").is_ok());
        assert!(GMonthDay::new("--12-24").is_ok() && GDay::new("---05Z").is_ok() && GMonth::new("--13").is_err());
        assert!(Duration::new("P1Y2M3DT4H5M6.5S").is_ok() && Duration::new("P").is_err() && Duration::new("PT").is_err());
        assert_eq!(Decimal::new(" 1.50 ").unwrap().as_str(), "1.50");
        assert_eq!(Decimal::new("+.5").unwrap().to_decimal().unwrap().to_string(), "0.5");
        assert!(Decimal::new("1e5").is_err() && Decimal::new(".").is_err());
        assert_eq!(Integer::new("0012345678901234567890123").unwrap().as_str(), "0012345678901234567890123");
        assert!(HexBinary::new("0aFF").is_ok() && HexBinary::new("0aF").is_err());
        assert!(Base64Binary::new("aGVsbG8=").is_ok() && Base64Binary::new("a").is_err());
        assert_eq!(Double::new("1.0E3").unwrap().as_str(), "1.0E3");
        assert_eq!(Double::new("1.0E3").unwrap().value(), 1000.0);
        assert!(Double::new("-INF").is_ok() && Double::new("1e").is_err() && Double::new("inf").is_err());
        assert!(Boolean::new("1").unwrap().value() && !Boolean::new("false").unwrap().value());
    }

    #[test]
    fn numbers_and_lists() {
        assert_eq!(i32::parse_xml(" +42 ").unwrap(), 42);
        assert!(u8::parse_xml("256").is_err());
        assert!(f64::parse_xml("INF").unwrap().is_infinite());
        assert!(f64::parse_xml("inf").is_err());
        assert!(bool::parse_xml("1").unwrap());
        assert_eq!(ElementOrder(vec![3, 1, 3, 9]).indices(4), vec![3, 1, 0, 2]);
        assert_eq!(ElementOrder::default().indices(2), vec![0, 1]);
        let l = List::<i32>::parse_xml(" 1  2\n3 ").unwrap();
        let mut out = String::new();
        l.write_xml(&mut out);
        assert_eq!(out, "1 2 3");
    }
}

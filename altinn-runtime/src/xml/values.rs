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
    /// The check [`SimpleValue::parse_xml`] leaves out: that a value of the right form is in the
    /// value space (a date's day exists in its month: `2023-02-29` is not a date). Lenient
    /// reading keeps such values so that `validate()` reports them; strict reading and the
    /// types' constructors refuse them.
    fn check_value_space(&self) -> Result<(), ValueError> {
        Ok(())
    }
}

/// Writes a simple value's lexical form to a formatter: the `Display` of generated newtypes.
pub fn display<T: SimpleValue>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut text = String::new();
    value.write_xml(&mut text);
    f.write_str(&text)
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
    fn check_value_space(&self) -> Result<(), ValueError> {
        self.0.iter().try_for_each(SimpleValue::check_value_space)
    }
}

// ----- lexical checks ---------------------------------------------------------------------

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// A time zone: empty, `Z`, or `±hh:mm` from `-14:00` to `+14:00`.
fn timezone(s: &str) -> bool {
    if s.is_empty() || s == "Z" {
        return true;
    }
    let Some(rest) = s.strip_prefix('+').or_else(|| s.strip_prefix('-')) else { return false };
    match rest.split_once(':') {
        Some((h, m)) => digits(h, 2) && digits(m, 2) && (h < "14" && m <= "59" || h == "14" && m == "00"),
        None => false,
    }
}

/// A year: four or more digits (no leading zero beyond four), optionally negative; `0000` is
/// not a year in XSD 1.0.
fn year(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    s.len() >= 4 && s.bytes().all(|b| b.is_ascii_digit()) && (s.len() == 4 || !s.starts_with('0')) && s.bytes().any(|b| b != b'0')
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Whether a year (lexical, checked by [`year`]) is a leap year of the proleptic Gregorian
/// calendar, computed on the year's value as XSD does (`-0004` is one, `-0001` is not). Only the
/// last four digits matter: 10000 is a multiple of 400.
fn leap_year(y: &str) -> bool {
    let last: i32 = y[y.len().saturating_sub(4)..].trim_start_matches('-').parse().unwrap_or(0);
    let y = if y.starts_with('-') { -last } else { last };
    y.rem_euclid(400) == 0 || (y.rem_euclid(4) == 0 && y.rem_euclid(100) != 0)
}

/// Checks that a day exists in a month (both lexically valid: `01`–`12`, `01`–`31`), in a year
/// when one is given (without one, February has 29 days): the reason when it does not.
fn calendar_day(year: Option<&str>, month: &str, day: &str) -> Result<(), String> {
    let m: usize = month.parse().unwrap_or(1);
    let d: u32 = day.parse().unwrap_or(1);
    let max = match m {
        2 if year.is_some_and(|y| !leap_year(y)) => 28,
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d <= max {
        return Ok(());
    }
    let month = MONTHS[(m - 1).min(11)];
    Err(match year {
        Some(y) => format!("{month} {y} has {max} days"),
        None => format!("{month} has at most {max} days"),
    })
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

/// `[-]yyyy-mm-dd` split into year (with its sign), month and day; `None` when not of that form.
fn split_date(s: &str) -> Option<(&str, &str, &str)> {
    let (rest, day) = s.rsplit_once('-')?;
    let (year, month) = rest.rsplit_once('-')?;
    Some((year, month, day))
}

fn date_part(s: &str) -> bool {
    split_date(s).is_some_and(|(y, m, d)| year(y) && month_day(m, d))
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
        && (p[0] <= "23" || (p[0] == "24" && p[1] == "00" && p[2] == "00" && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'))))
        && p[1] <= "59"
        && p[2] <= "59"
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn check_date(s: &str) -> bool {
    let (v, tz) = split_tz(s, 10);
    date_part(v) && timezone(tz)
}

/// The calendar check of a date (lexically valid): the day exists in its month and year.
fn calendar_date(s: &str) -> Result<(), String> {
    let (v, _) = split_tz(s, 10);
    match split_date(v) {
        Some((y, m, d)) => calendar_day(Some(y), m, d),
        None => Ok(()),
    }
}

fn calendar_date_time(s: &str) -> Result<(), String> {
    calendar_date(s.split_once('T').map_or(s, |(d, _)| d))
}

fn calendar_g_month_day(s: &str) -> Result<(), String> {
    let (v, _) = split_tz(s, 7);
    match v.strip_prefix("--").and_then(|md| md.split_once('-')) {
        Some((m, d)) => calendar_day(None, m, d),
        None => Ok(()),
    }
}

/// No calendar check beyond the lexical one.
fn calendar_none(_: &str) -> Result<(), String> {
    Ok(())
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
        && compact
            .iter()
            .enumerate()
            .all(|(i, b)| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/' || (*b == b'=' && i + 2 >= compact.len()))
}

/// The message for a lexical value that breaks its type's calendar (`what` without its format
/// hint).
fn calendar_error(value: &str, what: &str, why: &str) -> ValueError {
    ValueError(format!("`{value}` is not {}: {why}", what.split(" (").next().unwrap_or(what)))
}

/// The text of a lexical value: kept in place when it is short (numbers, dates and booleans
/// nearly always are), so that reading one allocates nothing; on the heap otherwise. It compares,
/// hashes, orders and prints as its text.
#[derive(Clone)]
enum Lexical {
    Inline { len: u8, bytes: [u8; Lexical::INLINE] },
    Heap(Box<str>),
}

impl Lexical {
    /// The longest text kept in place: the value is as large as a `String`.
    const INLINE: usize = 22;

    fn new(s: &str) -> Self {
        if s.len() <= Self::INLINE {
            let mut bytes = [0; Self::INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Lexical::Inline { len: s.len() as u8, bytes }
        } else {
            Lexical::Heap(s.into())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // The bytes are a copy of a `&str` (see `new`), cut where it ended.
            Lexical::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default(),
            Lexical::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Lexical {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Lexical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Lexical {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Lexical {}

impl std::hash::Hash for Lexical {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for Lexical {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Lexical {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

macro_rules! lexical {
    ($($(#[$doc:meta])* $name:ident, $check:ident, $calendar:ident, $what:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Lexical);

        impl $name {
            /// Checks and wraps a lexical value (surrounding whitespace is removed).
            pub fn new(value: impl AsRef<str>) -> Result<Self, ValueError> {
                let v = $name::lexical(value.as_ref())?;
                v.check_value_space()?;
                Ok(v)
            }

            /// Wraps a value of the right form, without the value-space check (what lenient
            /// reading keeps for `validate()` to report).
            fn lexical(value: &str) -> Result<Self, ValueError> {
                let v = value.trim();
                if $check(v) {
                    Ok($name(Lexical::new(v)))
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
                $name::lexical(text)
            }
            fn write_xml(&self, out: &mut String) {
                out.push_str(&self.0);
            }
            fn check_value_space(&self) -> Result<(), ValueError> {
                $calendar(&self.0).map_err(|why| calendar_error(&self.0, $what, &why))
            }
        }
    )*};
}

lexical! {
    /// `xs:decimal`, exact: the lexical form is kept (`1.50` stays `1.50`).
    Decimal, check_decimal, calendar_none, "a decimal number";
    /// An integer of any size (`xs:integer` and its unbounded derivations).
    Integer, check_integer, calendar_none, "an integer";
    /// `xs:date` (`2024-05-17`, optionally with a time zone). Only days that exist are dates
    /// (`2023-02-29` is not).
    Date, check_date, calendar_date, "a date (YYYY-MM-DD)";
    /// `xs:dateTime`, with or without a time zone, as written. Only days that exist are dates.
    DateTime, check_date_time, calendar_date_time, "a date and time (YYYY-MM-DDThh:mm:ss)";
    /// `xs:time`.
    Time, check_time, calendar_none, "a time (hh:mm:ss)";
    /// `xs:gYear`.
    GYear, check_g_year, calendar_none, "a year (YYYY)";
    /// `xs:gYearMonth`.
    GYearMonth, check_g_year_month, calendar_none, "a year and month (YYYY-MM)";
    /// `xs:gMonth`.
    GMonth, check_g_month, calendar_none, "a month (--MM)";
    /// `xs:gMonthDay` (`--02-29` is one, `--02-30` is not).
    GMonthDay, check_g_month_day, calendar_g_month_day, "a month and day (--MM-DD)";
    /// `xs:gDay`.
    GDay, check_g_day, calendar_none, "a day (---DD)";
    /// `xs:duration`.
    Duration, check_duration, calendar_none, "a duration (PnYnMnDTnHnMnS)";
    /// `xs:hexBinary`, as text.
    HexBinary, check_hex, calendar_none, "hexadecimal binary";
    /// `xs:boolean`, keeping how it was written (`1` stays `1`); [`Boolean::value`] gives the `bool`.
    Boolean, check_boolean, calendar_none, "a boolean (true, false, 1, 0)";
    /// `xs:float`, keeping how it was written (`1.0E3` stays `1.0E3`); [`Float::value`] gives the `f32`.
    Float, check_float, calendar_none, "a number";
    /// `xs:double`, keeping how it was written; [`Double::value`] gives the `f64`.
    Double, check_float, calendar_none, "a number";
    /// `xs:base64Binary`, as text.
    Base64Binary, check_base64, calendar_none, "base64 binary";
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
        Decimal(Lexical::new(&d.to_string()))
    }
}

/// Whole numbers (`Belop::new(1000)` for a type restricting `xs:decimal`).
impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal(Lexical::new(&v.to_string()))
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
        Boolean(Lexical::new(if v { "true" } else { "false" }))
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
        Float(Lexical::new(&s))
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
        Double(Lexical::new(&s))
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
        Integer(Lexical::new(&v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexical values up to `Lexical::INLINE` bytes are kept in place, longer ones on the heap:
    /// both read, compare, order, hash and print as their text (with non-ASCII letters too).
    #[test]
    fn short_and_long_lexical_values() {
        use std::hash::{BuildHasher, RandomState};
        let hasher = RandomState::new();
        let short = "2022-01-03T14:55:32";
        let at_limit = "1234567890.12345678901";
        let long = "2022-01-03T14:55:32.213810+01:00";
        assert_eq!((short.len(), at_limit.len(), long.len()), (19, Lexical::INLINE, 32));
        for text in [short, at_limit, "12345678901234567890.123", long, "øæå", "øæå-ÅÆØ-øæå-ÅÆØ-ø", ""] {
            let v = Lexical::new(text);
            assert_eq!(v.as_str(), text);
            assert_eq!(&*v, text);
            assert_eq!(format!("{v:?}"), format!("{text:?}"));
            assert_eq!(hasher.hash_one(&v), hasher.hash_one(text));
            assert_eq!(v, Lexical::new(text));
            assert_eq!(v.clone(), v);
        }
        assert!(Lexical::new("10") < Lexical::new("9"), "ordered as text, like the `String` it replaces");
        assert!(Lexical::new(short) < Lexical::new(long));
        assert_eq!(DateTime::new(long).unwrap().as_str(), long);
        assert_eq!(Decimal::new(" 1234567890.123456789012345 ").unwrap().as_str(), "1234567890.123456789012345");
        assert_eq!(std::mem::size_of::<Decimal>(), std::mem::size_of::<String>());
    }

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
    fn dates_are_calendar_checked() {
        // Days that do not exist are refused by the constructors, with the reason.
        assert_eq!(Date::new("2024-02-30").unwrap_err().0, "`2024-02-30` is not a date: February 2024 has 29 days");
        assert_eq!(Date::new("2023-02-29").unwrap_err().0, "`2023-02-29` is not a date: February 2023 has 28 days");
        assert!(Date::new("2024-02-29").is_ok() && Date::new("2000-02-29").is_ok() && Date::new("1900-02-29").is_err());
        assert!(Date::new("2024-04-31").is_err() && Date::new("2024-04-30").is_ok() && Date::new("2024-12-31Z").is_ok());
        assert!(Date::new("2024-13-01").is_err() && Date::new("2024-00-10").is_err() && Date::new("2024-01-00").is_err());
        assert!("2024-02-30".parse::<Date>().is_err());
        // Years beyond 9999 and before year 1, as XSD 1.0 writes them; leap years by value.
        assert!(Date::new("12024-02-29").is_ok() && Date::new("12023-02-29").is_err());
        assert!(Date::new("-0004-02-29").is_ok() && Date::new("-0001-02-29").is_err() && Date::new("-0001-12-31").is_ok());
        assert!(Date::new("0000-01-01").is_err() && Date::new("02024-01-01").is_err() && Date::new("-12345-06-30-05:00").is_ok());
        // Time zones run from -14:00 to +14:00.
        assert!(Date::new("2024-01-01+14:00").is_ok() && Date::new("2024-01-01+14:30").is_err());
        assert!(Date::new("2024-01-01-13:59").is_ok() && Date::new("2024-01-01+15:00").is_err());
        assert!(Date::new("2024-01-01+01:60").is_err());
        // Times: hours 00-23 (24:00:00 ends a day), minutes and seconds 00-59.
        assert!(DateTime::new("2024-02-29T23:59:59.999Z").is_ok() && DateTime::new("2023-02-29T12:00:00").is_err());
        assert!(DateTime::new("2024-01-01T25:00:00").is_err() && DateTime::new("2024-01-01T24:00:00").is_ok());
        assert!(Time::new("25:00:00").is_err() && Time::new("23:60:00").is_err() && Time::new("12:00:60").is_err());
        assert!(Time::new("24:00:00.000").is_ok() && Time::new("24:00:00.5").is_err() && Time::new("24:00:01").is_err());
        assert!(GMonthDay::new("--02-29").is_ok() && GMonthDay::new("--02-30").is_err() && GMonthDay::new("--04-31").is_err());
        assert_eq!(GMonthDay::new("--06-31").unwrap_err().0, "`--06-31` is not a month and day: June has at most 30 days");
        assert!(GYearMonth::new("2024-13").is_err() && GYear::new("0000").is_err() && GYear::new("-0001").is_ok());
    }

    #[test]
    fn reading_defers_the_calendar_check() {
        // The form is checked when read; whether the day exists is left to the reader's mode and
        // to validate().
        let d = Date::parse_xml("2024-02-30").unwrap();
        assert!(d.check_value_space().is_err());
        assert!(Date::parse_xml("2024-2-3").is_err());
        let l = List::<Date>::parse_xml("2024-01-31 2023-02-29").unwrap();
        assert!(l.check_value_space().unwrap_err().0.contains("2023-02-29"));
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

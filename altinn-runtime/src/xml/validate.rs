//! `validate()`: every rule of the schema a value breaks, each with an XPath-like path.
//!
//! The types already enforce structure (required elements are not `Option`, enumerations are
//! enums); `validate` checks what types cannot: facets of restricted simple types (lengths,
//! ranges, digits, patterns) and occurrence bounds of repeated elements.

use std::sync::OnceLock;

use super::facets::{FacetCheck, Facets};
use super::values::SimpleValue;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where: `/melding/Innsender/Organisasjonsnummer`, `/melding/Filial[2]/@id`.
    pub path: String,
    /// Which rule: `pattern`, `length`, `range`, `digits`, `minOccurs`, `maxOccurs`, `fixed`,
    /// `date` (a day that does not exist).
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Violation {
    /// Adds the violation a [`check_value`] result names, if any, at `path`.
    pub fn add(out: &mut Vec<Violation>, path: &str, checked: CheckResult) {
        if let Err((rule, message)) = checked {
            out.push(Violation { path: path.to_string(), rule, message });
        }
    }
}

/// What [`check_value`] finds: nothing, or the rule broken and a message.
pub type CheckResult = Result<(), (&'static str, String)>;

/// The compiled patterns of a restricted type, built on first use (a `static` of each type).
pub type Patterns = OnceLock<Vec<Vec<regex::Regex>>>;

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.rule)
    }
}

/// Values that can check themselves against their schema.
pub trait Validate {
    /// Adds every violation under `path` to `out`.
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>);

    /// Every violation, with paths from this value. (Not part of `dyn Validate`: the generated
    /// code checks parts through `dyn Validate`, and each type's copy of this method would be
    /// compiled for nothing.)
    fn validate(&self) -> Vec<Violation>
    where
        Self: Sized,
    {
        let mut out = Vec::new();
        self.validate_at("", &mut out);
        out
    }
}

macro_rules! nothing_to_check {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate_at(&self, _: &str, _: &mut Vec<Violation>) {}
        }
    )*};
}
nothing_to_check!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    super::Decimal,
    super::Integer,
    super::Time,
    super::GYear,
    super::GYearMonth,
    super::GMonth,
    super::GDay,
    super::Duration,
    super::HexBinary,
    super::Base64Binary,
    super::Boolean,
    super::Float,
    super::Double,
    super::AnyElement,
    super::QualifiedName
);

/// Reports a value of the right form outside its value space ([`SimpleValue::check_value_space`]:
/// a day that does not exist) as the rule `date`.
fn value_space<T: SimpleValue>(value: &T, path: &str, out: &mut Vec<Violation>) {
    if let Err(e) = value.check_value_space() {
        out.push(Violation { path: path.to_string(), rule: "date", message: e.0 });
    }
}

macro_rules! check_value_space {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
                value_space(self, path, out)
            }
        }
    )*};
}
check_value_space!(super::Date, super::DateTime, super::GMonthDay);

impl<T: SimpleValue> Validate for super::List<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        value_space(self, path, out)
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out)
    }
}

impl<T: Validate> Validate for super::Nillable<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        if let super::Nillable::Value(v) = self {
            v.validate_at(path, out)
        }
    }
}

/// Validates a part at `path/part` (`part` is an element's name, `@name` for an attribute).
///
/// Generic, not `&dyn Validate`: a `dyn` call costs nothing per type in the monomorphised code,
/// but every type coerced to it gets a vtable with its debug information, and over the whole
/// corpus crate that made the debug build many times slower (`docs/bench-results.md`).
pub fn check_part<T: Validate + ?Sized>(path: &str, part: &str, value: &T, out: &mut Vec<Violation>) {
    value.validate_at(&part_path(path, part), out)
}

/// The path of a part (`path/part`): not generic, so that generic validators add no copy of it.
pub(super) fn part_path(path: &str, part: &str) -> String {
    format!("{path}/{part}")
}

/// Validates a repeated element: how often it occurs (at `path/part`), then each value (at
/// `path/part[1]`, `path/part[2]`, …).
pub fn check_many<T: Validate>(path: &str, part: &str, values: &[T], min: u64, max: Option<u64>, out: &mut Vec<Violation>) {
    check_occurs(&format!("{path}/{part}"), values.len(), min, max, out);
    for (i, v) in values.iter().enumerate() {
        v.validate_at(&format!("{path}/{part}[{}]", i + 1), out);
    }
}

/// Validates a repeated group (content without an element of its own): how often it occurs and
/// each value, all at `path`.
pub fn check_groups<T: Validate>(path: &str, values: &[T], min: u64, max: Option<u64>, out: &mut Vec<Violation>) {
    check_occurs(path, values.len(), min, max, out);
    for v in values {
        v.validate_at(path, out);
    }
}

/// Checks how many times a repeated element occurs.
pub fn check_occurs(path: &str, count: usize, min: u64, max: Option<u64>, out: &mut Vec<Violation>) {
    if (count as u64) < min {
        out.push(Violation {
            path: path.to_string(),
            rule: "minOccurs",
            message: format!("occurs {count} times, at least {min} required"),
        });
    }
    if let Some(max) = max
        && count as u64 > max
    {
        out.push(Violation { path: path.to_string(), rule: "maxOccurs", message: format!("occurs {count} times, at most {max} allowed") });
    }
}

/// Checks a value of the restricted type `type_name`: that it is in its base's value space (a
/// date's day exists), its typed facets, then its patterns against its lexical form. `cache`
/// holds the compiled patterns of the type. The error is the rule broken and a message naming
/// the value and the type (`` `12345` is not a valid Organisasjonsnummer: it does not match the
/// pattern `[0-9]{9}` ``), with patterns as the schema writes them.
pub fn check_value<T: FacetCheck + SimpleValue>(type_name: &str, value: &T, facets: &Facets, cache: &Patterns) -> CheckResult {
    value.check_value_space().map_err(|e| ("date", e.0))?;
    let lexical = || {
        let mut text = String::new();
        value.write_xml(&mut text);
        text
    };
    let invalid = |text: &str, why: &str| format!("`{}` is not a valid {type_name}: it {why}", excerpt(text));
    value.check_facets(facets).map_err(|(rule, why)| (rule, invalid(&lexical(), &why)))?;
    if facets.patterns.is_empty() {
        return Ok(());
    }
    let compiled = cache
        .get_or_init(|| facets.patterns.iter().map(|step| step.iter().filter_map(|(_, p)| regex::Regex::new(p).ok()).collect()).collect());
    let text = lexical();
    for (step, regexes) in facets.patterns.iter().zip(compiled) {
        if !regexes.is_empty() && !regexes.iter().any(|r| r.is_match(&text)) {
            let written: Vec<String> = step.iter().map(|(xsd, _)| format!("`{xsd}`")).collect();
            let why = match written.as_slice() {
                [one] => format!("does not match the pattern {one}"),
                many => format!("matches none of the patterns {}", many.join(", ")),
            };
            return Err(("pattern", invalid(&text, &why)));
        }
    }
    Ok(())
}

/// A value for a message: at most 60 characters of it.
fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]).into(),
        None => text.into(),
    }
}

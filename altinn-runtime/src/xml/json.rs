//! JSON for the generated model types, in the shape Altinn 3 apps use for the same model (the
//! JSON Schema Altinn Studio makes from the XSD): property names are the XML local names,
//! attributes are properties beside the elements, fixed attributes are written with their
//! constant, an element with simple content and attributes is an object whose text is `value`,
//! repeated elements are arrays, `xsi:nil` is `null`, numbers are JSON numbers.
//!
//! The JSON value here ([`Json`]) keeps numbers as written, so exact decimals (`1.50`) survive a
//! round trip; [`Json::to_value`] gives a `serde_json::Value`. Reading is lenient like XML
//! reading: unknown properties are ignored and property names match case-insensitively (as the
//! apps' ASP.NET input does) when no exact match exists.
//!
//! Generated code stays small: each struct's impl is one call per field into [`ObjectWriter`] and
//! [`ObjectReader`], which are generic over the field's shape (`T`, `Option<T>`, `Vec<T>`,
//! `Nillable<T>`) through [`ToJson`] and [`FromJson`].

use super::values::{
    Base64Binary, Boolean, Date, DateTime, Decimal, Double, Duration, Float, GDay, GMonth, GMonthDay, GYear, GYearMonth, HexBinary,
    Integer, List, Nillable, SimpleValue, Time,
};
use super::{AnyElement, Error, QualifiedName, Result};

/// A JSON value whose numbers keep their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (valid JSON number syntax).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, properties in order.
    Object(Vec<(String, Json)>),
}

/// How a simple type's lexical form is written in JSON (the JSON Schema `type` Studio gives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// A string.
    String,
    /// A number (`number` or `integer`): the lexical form as a JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
}

impl JsonKind {
    /// The JSON form of a lexical value of this kind. A number that JSON cannot write (`INF`,
    /// `NaN`) stays a string.
    pub fn make(self, lexical: &str) -> Json {
        match self {
            JsonKind::String => Json::String(lexical.to_string()),
            JsonKind::Boolean => match lexical.trim() {
                "true" | "1" => Json::Bool(true),
                "false" | "0" => Json::Bool(false),
                other => Json::String(other.to_string()),
            },
            JsonKind::Number => match json_number(lexical) {
                Some(n) => Json::Number(n),
                None => Json::String(lexical.to_string()),
            },
        }
    }
}

/// An XSD numeric lexical form as a JSON number (`+1` → `1`, `.5` → `0.5`, `1.` → `1`,
/// `007` → `7`, `1E3` kept); `None` for what JSON has no number for (`INF`, `NaN`).
pub fn json_number(lexical: &str) -> Option<String> {
    let t = lexical.trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if int.is_empty() && frac.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let mut out = String::from(sign);
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if let Some(e) = exp {
        let (es, ed) = match e.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("", e.strip_prefix('+').unwrap_or(e)),
        };
        if ed.is_empty() || !ed.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push('e');
        out.push_str(es);
        out.push_str(ed);
    }
    Some(out)
}

fn error(path: &str, message: impl Into<String>) -> Error {
    Error { path: if path.is_empty() { "/".into() } else { path.to_string() }, line: 0, message: message.into() }
}

impl Json {
    /// Parses JSON text (UTF-8, a BOM is skipped).
    pub fn parse(bytes: &[u8]) -> Result<Json> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| error("", format!("JSON is not UTF-8: {e}")))?;
        let mut p = Parser { s: text.as_bytes(), i: 0, text };
        p.ws();
        let v = p.value(0)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(p.err("unexpected text after the JSON value"));
        }
        Ok(v)
    }

    /// Writes compact JSON text.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Object(props) => {
                out.push('{');
                for (i, (k, v)) in props.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// As a `serde_json::Value` (numbers through `serde_json::Number`'s parsing: exact unless
    /// they exceed `f64`, or exactly with serde_json's `arbitrary_precision`).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => n.parse::<serde_json::Number>().map(Value::Number).unwrap_or_else(|_| Value::String(n.clone())),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(props) => Value::Object(props.iter().map(|(k, v)| (k.clone(), v.to_value())).collect()),
        }
    }

    /// From a `serde_json::Value`.
    pub fn from_value(v: &serde_json::Value) -> Json {
        use serde_json::Value;
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.to_string()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(props) => Json::Object(props.iter().map(|(k, v)| (k.clone(), Json::from_value(v))).collect()),
        }
    }

    /// The text of a scalar (a string's content, a number as written, `true`/`false`).
    pub fn scalar_text(&self) -> Option<&str> {
        match self {
            Json::String(s) | Json::Number(s) => Some(s),
            Json::Bool(b) => Some(if *b { "true" } else { "false" }),
            _ => None,
        }
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn err(&self, message: &str) -> Error {
        let line = self.text[..self.i.min(self.text.len())].matches('\n').count() + 1;
        Error { path: "/".into(), line, message: format!("invalid JSON at byte {}: {message}", self.i) }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json> {
        if depth > 256 {
            return Err(self.err("nested too deeply"));
        }
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end")),
            Some(b'{') => {
                self.i += 1;
                let mut props = Vec::new();
                self.ws();
                if self.eat("}") {
                    return Ok(Json::Object(props));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a property name"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if !self.eat(":") {
                        return Err(self.err("expected `:`"));
                    }
                    self.ws();
                    let v = self.value(depth + 1)?;
                    props.push((k, v));
                    self.ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("}") {
                        return Ok(Json::Object(props));
                    }
                    return Err(self.err("expected `,` or `}`"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]") {
                    return Ok(Json::Array(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        return Ok(Json::Array(items));
                    }
                    return Err(self.err("expected `,` or `]`"));
                }
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') if self.eat("true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Json::Bool(false)),
            Some(b'n') if self.eat("null") => Ok(Json::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                while self.i < self.s.len() && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    self.i += 1;
                }
                let n = &self.text[start..self.i];
                if serde_json::from_str::<serde_json::Number>(n).is_err() {
                    self.i = start;
                    return Err(self.err("invalid number"));
                }
                Ok(Json::Number(n.to_string()))
            }
            Some(_) => Err(self.err("expected a value")),
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let h = self.text.get(self.i..self.i + 4).ok_or_else(|| self.err("short \\u escape"))?;
        let v = u32::from_str_radix(h, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && !matches!(self.s[self.i], b'"' | b'\\') && self.s[self.i] >= 0x20 {
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self.s.get(self.i).ok_or_else(|| self.err("unexpected end"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) && self.eat("\\u") {
                                let lo = self.hex4()?;
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                            }
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in a string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
}

// ----- values ---------------------------------------------------------------------------------

/// A value written as JSON: simple values, model types, and the shapes of fields.
pub trait ToJson {
    /// The JSON form.
    fn to_json(&self) -> Json;
    /// Whether a property holding this is left out (absent optional parts, empty lists).
    fn omit(&self) -> bool {
        false
    }
}

/// A value read from JSON.
pub trait FromJson: Sized {
    /// Whether `null` is a value of this type (nillable elements) rather than "absent".
    const TAKES_NULL: bool = false;
    /// Reads the value at `path` (for errors).
    fn from_json(v: &Json, path: &str) -> Result<Self>;
    /// The value when the property is missing (`None`: it is required).
    fn missing() -> Option<Self> {
        None
    }
}

/// Reads a simple value from a JSON scalar through its XML lexical form (strings, numbers and
/// booleans are all accepted: `"12"` for an integer, as the apps do).
pub fn simple_from_json<T: SimpleValue>(v: &Json, path: &str) -> Result<T> {
    // `match` rather than `?` and closures: this is compiled once per simple type.
    let text = match scalar_text_at(v, path) {
        Ok(text) => text,
        Err(e) => return Err(e),
    };
    match T::parse_xml(text) {
        Ok(v) => Ok(v),
        Err(e) => Err(error(path, e.0)),
    }
}

/// The lexical form of a JSON scalar, or the error of a value that is not one.
fn scalar_text_at<'v>(v: &'v Json, path: &str) -> Result<&'v str> {
    v.scalar_text().ok_or_else(|| error(path, format!("expected a value, found {}", v.kind_name())))
}

/// Writes a simple value through its XML lexical form as `kind`.
pub fn simple_to_json<T: SimpleValue>(v: &T, kind: JsonKind) -> Json {
    let mut s = String::new();
    v.write_xml(&mut s);
    kind.make(&s)
}

macro_rules! simple_json {
    ($kind:ident: $($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                simple_to_json(self, JsonKind::$kind)
            }
        }
        impl FromJson for $t {
            fn from_json(v: &Json, path: &str) -> Result<Self> {
                simple_from_json(v, path)
            }
        }
    )*};
}
simple_json!(String: String, Date, DateTime, Time, GYear, GYearMonth, GMonth, GMonthDay, GDay, Duration, HexBinary, Base64Binary);
simple_json!(Number: i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, Decimal, Integer, Float, Double);
simple_json!(Boolean: bool, Boolean);

/// A QName is written as it is spelled (`prefix:local`); read back its prefix is kept and the
/// namespace is unknown (JSON has no bindings).
impl ToJson for QualifiedName {
    fn to_json(&self) -> Json {
        simple_to_json(self, JsonKind::String)
    }
}
impl FromJson for QualifiedName {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        simple_from_json(v, path)
    }
}

/// Raw XML (`xs:anyType` elements) is carried as its XML text in a string.
impl ToJson for AnyElement {
    fn to_json(&self) -> Json {
        let mut w = super::Writer::new();
        self.write(&mut w);
        let xml = w.finish();
        let body = match xml.strip_prefix("<?xml") {
            Some(rest) => rest.split_once("?>").map_or(rest, |(_, b)| b).trim_start().to_string(),
            None => xml,
        };
        Json::String(body)
    }
}
impl FromJson for AnyElement {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        match v {
            Json::String(s) => super::read_document(s.as_bytes(), super::Mode::Lenient, |r, el| AnyElement::read(r, el).map(Some)),
            other => Err(error(path, format!("expected XML text in a string, found {}", other.kind_name()))),
        }
    }
}

/// `xs:list`: an array of its items.
impl<T: ToJson> ToJson for List<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.0.iter().map(ToJson::to_json).collect())
    }
}
impl<T: FromJson + SimpleValue> FromJson for List<T> {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        match v {
            Json::Array(items) => items.iter().map(|x| T::from_json(x, path)).collect::<Result<Vec<_>>>().map(List),
            // A string holding the list's lexical form is read as XML would read it.
            other => simple_from_json(other, path),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
    fn omit(&self) -> bool {
        (**self).omit()
    }
}
impl<T: FromJson> FromJson for Box<T> {
    const TAKES_NULL: bool = T::TAKES_NULL;
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        T::from_json(v, path).map(Box::new)
    }
    fn missing() -> Option<Self> {
        T::missing().map(Box::new)
    }
}

/// `xsi:nil` is `null`.
impl<T: ToJson> ToJson for Nillable<T> {
    fn to_json(&self) -> Json {
        match self {
            Nillable::Nil => Json::Null,
            Nillable::Value(v) => v.to_json(),
        }
    }
}
impl<T: FromJson> FromJson for Nillable<T> {
    const TAKES_NULL: bool = true;
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        match v {
            Json::Null => Ok(Nillable::Nil),
            v => match T::from_json(v, path) {
                Ok(v) => Ok(Nillable::Value(v)),
                Err(e) => Err(e),
            },
        }
    }
}

/// Absent: the property is left out (`null` reads as absent unless the value is nillable).
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        match self {
            Some(v) => v.to_json(),
            None => Json::Null,
        }
    }
    fn omit(&self) -> bool {
        self.is_none()
    }
}
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        if matches!(v, Json::Null) && !T::TAKES_NULL {
            return Ok(None);
        }
        match T::from_json(v, path) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(e),
        }
    }
    fn missing() -> Option<Self> {
        Some(None)
    }
}

/// Repeated elements: an array, left out when empty.
impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        // A loop, not iterator adaptors: those are compiled once per item type.
        let mut items = Vec::with_capacity(self.len());
        for v in self {
            items.push(v.to_json());
        }
        Json::Array(items)
    }
    fn omit(&self) -> bool {
        self.is_empty()
    }
}
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json, path: &str) -> Result<Self> {
        match v {
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    match T::from_json(x, &format!("{path}[{}]", i + 1)) {
                        Ok(v) => out.push(v),
                        Err(e) => return Err(e),
                    }
                }
                Ok(out)
            }
            Json::Null if !T::TAKES_NULL => Ok(Vec::new()),
            // One value where a list is expected is a list of one.
            other => match T::from_json(other, path) {
                Ok(v) => Ok(vec![v]),
                Err(e) => Err(e),
            },
        }
    }
    fn missing() -> Option<Self> {
        Some(Vec::new())
    }
}

// ----- objects --------------------------------------------------------------------------------

/// A type written as the properties of a JSON object: generated structs, and (flattened into
/// their parent's object, as Studio does) choices and groups of elements.
pub trait JsonObject: Sized {
    /// The property names it can write (for groups: to tell whether one is present).
    const NAMES: &'static [&'static str];
    /// Adds its properties.
    fn write_json(&self, o: &mut ObjectWriter);
    /// Reads it from an object's properties.
    fn read_json(o: &ObjectReader<'_>) -> Result<Self>;
}

/// The properties of an object being written.
#[derive(Debug, Default)]
pub struct ObjectWriter {
    /// The properties so far.
    pub props: Vec<(String, Json)>,
}

impl ObjectWriter {
    /// Adds a property unless the value is absent or an empty list.
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        if !value.omit() {
            self.property(name, value.to_json());
        }
    }

    /// Adds a property with a value made already (not generic: what generic writers call).
    pub fn property(&mut self, name: &str, value: Json) {
        self.props.push((name.to_string(), value));
    }

    /// Adds a fixed attribute with the schema's value.
    pub fn fixed(&mut self, name: &str, value: &str, kind: JsonKind) {
        self.property(name, kind.make(value));
    }

    /// Adds the properties of a group or choice (flattened; see [`JsonObject`] for `Vec`).
    pub fn group<G: JsonObject>(&mut self, g: &G) {
        g.write_json(self)
    }

    /// Adds wildcard elements (see [`AnyField`]).
    pub fn any<A: AnyField>(&mut self, a: &A) {
        for e in a.elements() {
            let xml = e.to_json();
            match self.props.iter_mut().find(|(k, _)| *k == e.local) {
                Some((_, Json::Array(items))) => items.push(xml),
                Some((_, v)) => {
                    let first = std::mem::replace(v, Json::Null);
                    *v = Json::Array(vec![first, xml]);
                }
                None => self.props.push((e.local.clone(), xml)),
            }
        }
    }

    /// The object.
    pub fn finish(self) -> Json {
        Json::Object(self.props)
    }
}

/// The properties of an object being read.
#[derive(Debug, Clone, Copy)]
pub struct ObjectReader<'a> {
    props: &'a [(String, Json)],
    path: &'a str,
}

impl<'a> ObjectReader<'a> {
    /// A reader over an object's properties at `path`.
    pub fn new(props: &'a [(String, Json)], path: &'a str) -> Self {
        ObjectReader { props, path }
    }

    /// The property `name`: exactly, else case-insensitively.
    pub fn get(&self, name: &str) -> Option<&'a Json> {
        self.props
            .iter()
            .find(|(k, _)| k == name)
            .or_else(|| self.props.iter().find(|(k, _)| k.eq_ignore_ascii_case(name) || k.to_lowercase() == name.to_lowercase()))
            .map(|(_, v)| v)
    }

    /// Whether any of `names` is present.
    pub fn has_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.get(n).is_some())
    }

    /// The path of the property `name` and its value, if present (found as [`ObjectReader::get`]
    /// finds it).
    pub fn property(&self, name: &str) -> (String, Option<&'a Json>) {
        (format!("{}/{name}", self.path), self.get(name))
    }

    /// Reads the property `name` (its absence is an error only when the field is required).
    pub fn field<T: FromJson>(&self, name: &str) -> Result<T> {
        let (path, found) = self.property(name);
        match found {
            Some(v) => match T::missing() {
                // `null` for a required, non-nillable part is as good as missing.
                None if matches!(v, Json::Null) && !T::TAKES_NULL => Err(error(&path, format!("required property {name} is null"))),
                _ => T::from_json(v, &path),
            },
            None => match T::missing() {
                Some(v) => Ok(v),
                None => Err(error(&path, format!("required property {name} is missing"))),
            },
        }
    }

    /// Reads a group or choice from the same properties.
    pub fn group<G: JsonObject>(&self) -> Result<G> {
        G::read_json(self)
    }

    /// Wildcard elements: the properties not in `known` whose value is the XML text of an
    /// element of that name (or an array of them).
    pub fn any<A: AnyField>(&self, known: &[&str]) -> Result<A> {
        let mut out = Vec::new();
        for (k, v) in self.props {
            if known.iter().any(|n| n.eq_ignore_ascii_case(k) || n.to_lowercase() == k.to_lowercase()) {
                continue;
            }
            let items: Vec<&Json> = match v {
                Json::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            for item in items {
                if let Json::String(_) = item
                    && let Ok(e) = AnyElement::from_json(item, self.path)
                    && e.local == *k
                {
                    out.push(e);
                }
            }
        }
        Ok(A::from_elements(out))
    }

    /// The order `names` (an `xs:all`'s elements) appear in this object: their indices.
    pub fn order(&self, names: &[&str]) -> super::ElementOrder {
        let mut out = Vec::new();
        for (k, _) in self.props {
            if let Some(i) = names.iter().position(|n| n == k).or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(k)))
                && !out.contains(&(i as u16))
            {
                out.push(i as u16);
            }
        }
        super::ElementOrder(out)
    }

    /// The path of this object.
    pub fn path(&self) -> &str {
        self.path
    }
}

/// Reads a [`JsonObject`] from a JSON object at `path`.
pub fn object_from_json<T: JsonObject>(v: &Json, path: &str) -> Result<T> {
    match v {
        Json::Object(props) => T::read_json(&ObjectReader::new(props, path)),
        other => Err(not_an_object(path, other)),
    }
}

/// The error of a value that should have been an object.
#[doc(hidden)]
pub fn not_an_object(path: &str, v: &Json) -> super::Error {
    error(path, format!("expected an object, found {}", v.kind_name()))
}

/// Writes a [`JsonObject`] as a JSON object.
pub fn object_to_json<T: JsonObject>(v: &T) -> Json {
    let mut o = ObjectWriter::default();
    v.write_json(&mut o);
    o.finish()
}

impl<G: JsonObject> JsonObject for Box<G> {
    const NAMES: &'static [&'static str] = G::NAMES;
    fn write_json(&self, o: &mut ObjectWriter) {
        (**self).write_json(o)
    }
    fn read_json(o: &ObjectReader<'_>) -> Result<Self> {
        G::read_json(o).map(Box::new)
    }
}

/// An optional group: present when any of its properties is.
impl<G: JsonObject> JsonObject for Option<G> {
    const NAMES: &'static [&'static str] = G::NAMES;
    fn write_json(&self, o: &mut ObjectWriter) {
        if let Some(g) = self {
            g.write_json(o)
        }
    }
    fn read_json(o: &ObjectReader<'_>) -> Result<Self> {
        if o.has_any(G::NAMES) { G::read_json(o).map(Some) } else { Ok(None) }
    }
}

/// A repeated group, as Studio writes it: each of its properties becomes an array holding that
/// property of every repetition in turn. Reading pairs the `i`-th items back into the `i`-th
/// repetition (a part repeated inside a repeated group is not split back exactly).
impl<G: JsonObject> JsonObject for Vec<G> {
    const NAMES: &'static [&'static str] = G::NAMES;
    fn write_json(&self, o: &mut ObjectWriter) {
        for g in self {
            let mut one = ObjectWriter::default();
            g.write_json(&mut one);
            for (k, v) in one.props {
                let items = match v {
                    Json::Array(items) => items,
                    v => vec![v],
                };
                match o.props.iter_mut().find(|(n, _)| *n == k) {
                    Some((_, Json::Array(existing))) => existing.extend(items),
                    Some(_) => {}
                    None => o.props.push((k, Json::Array(items))),
                }
            }
        }
    }
    fn read_json(o: &ObjectReader<'_>) -> Result<Self> {
        let columns: Vec<(&str, &Json)> = G::NAMES.iter().filter_map(|n| o.get(n).map(|v| (*n, v))).collect();
        let rows = columns
            .iter()
            .map(|(_, v)| match v {
                Json::Array(items) => items.len(),
                Json::Null => 0,
                _ => 1,
            })
            .max()
            .unwrap_or(0);
        let mut out = Vec::with_capacity(rows);
        for i in 0..rows {
            let row: Vec<(String, Json)> = columns
                .iter()
                .filter_map(|(n, v)| {
                    let item = match v {
                        Json::Array(items) => items.get(i)?.clone(),
                        v if i == 0 => (*v).clone(),
                        _ => return None,
                    };
                    Some((n.to_string(), item))
                })
                .collect();
            let path = format!("{}[{}]", o.path(), i + 1);
            out.push(G::read_json(&ObjectReader::new(&row, &path))?);
        }
        Ok(out)
    }
}

/// `ToJson` and `FromJson` of a generated struct through its [`JsonObject`] implementation.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_object {
    ($name:ident) => {
        // The bodies of `object_to_json` and `object_from_json`, not calls: one function per
        // type each instead of two.
        impl $crate::xml::ToJson for $name {
            fn to_json(&self) -> $crate::xml::Json {
                let mut o = $crate::xml::ObjectWriter::default();
                $crate::xml::JsonObject::write_json(self, &mut o);
                o.finish()
            }
        }
        impl $crate::xml::FromJson for $name {
            fn from_json(v: &$crate::xml::Json, path: &str) -> $crate::xml::Result<Self> {
                match v {
                    $crate::xml::Json::Object(props) => $crate::xml::JsonObject::read_json(&$crate::xml::ObjectReader::new(props, path)),
                    other => ::core::result::Result::Err($crate::xml::not_an_object(path, other)),
                }
            }
        }
    };
}
pub use crate::__json_object as json_object;

/// The [`JsonObject`] (and `ToJson`/`FromJson`) of a generated struct, described by its fields
/// in order: `json_struct!(Type { field: "Wire", part: group, xml_fixed: default }, fixed =
/// [("attr", "value", String)])`. A field named by a string is a property of that name; `group`
/// flattens a group's properties into the object; `default` is a field JSON does not carry (it
/// reads as its default). Fixed attributes are written first, with their constants.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_struct {
    ($name:ident { $($f:ident: $how:tt),* $(,)? } $(, fixed = [$(($attr:literal, $value:literal, $kind:ident)),* $(,)?])? $(,)?) => {
        impl $crate::xml::JsonObject for $name {
            const NAMES: &'static [&'static str] = &[];
            #[allow(unused_variables)]
            fn write_json(&self, o: &mut $crate::xml::ObjectWriter) {
                $($(o.fixed($attr, $value, $crate::xml::JsonKind::$kind);)*)?
                $($crate::xml::json_struct!(@write o &self.$f, $how);)*
            }
            #[allow(unused_variables)]
            fn read_json(o: &$crate::xml::ObjectReader<'_>) -> $crate::xml::Result<Self> {
                ::core::result::Result::Ok($name { $($f: $crate::xml::json_struct!(@read o, $how),)* })
            }
        }
        $crate::xml::json_object!($name);
    };
    (@write $o:ident $v:expr, group) => { $o.group($v) };
    (@write $o:ident $v:expr, default) => {};
    (@write $o:ident $v:expr, $wire:literal) => { $o.field($wire, $v) };
    (@read $o:ident, group) => { $o.group()? };
    (@read $o:ident, default) => { ::core::default::Default::default() };
    (@read $o:ident, $wire:literal) => { $o.field($wire)? };
}
pub use crate::__json_struct as json_struct;

/// `ToJson` and `FromJson` of a generated enumeration or restricted simple type through its
/// lexical form: `json_simple!(Type, String | Number | Boolean)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_simple {
    ($name:ident, $kind:ident) => {
        impl $crate::xml::ToJson for $name {
            fn to_json(&self) -> $crate::xml::Json {
                $crate::xml::simple_to_json(self, $crate::xml::JsonKind::$kind)
            }
        }
        impl $crate::xml::FromJson for $name {
            fn from_json(v: &$crate::xml::Json, path: &str) -> $crate::xml::Result<Self> {
                $crate::xml::simple_from_json(v, path)
            }
        }
    };
}
pub use crate::__json_simple as json_simple;

/// Wildcard content (`xs:any`) in JSON: each element is a property named by its local name whose
/// value is its XML text (an array of them when the name repeats). The apps' classes have no
/// place for it; carried so that nothing is lost.
pub trait AnyField: Sized {
    /// The elements held.
    fn elements(&self) -> Vec<&AnyElement>;
    /// From the elements found.
    fn from_elements(items: Vec<AnyElement>) -> Self;
}

impl AnyField for AnyElement {
    fn elements(&self) -> Vec<&AnyElement> {
        vec![self]
    }
    fn from_elements(items: Vec<AnyElement>) -> Self {
        items.into_iter().next().unwrap_or_default()
    }
}

impl AnyField for Option<AnyElement> {
    fn elements(&self) -> Vec<&AnyElement> {
        self.iter().collect()
    }
    fn from_elements(items: Vec<AnyElement>) -> Self {
        items.into_iter().next()
    }
}

impl AnyField for Vec<AnyElement> {
    fn elements(&self) -> Vec<&AnyElement> {
        self.iter().collect()
    }
    fn from_elements(items: Vec<AnyElement>) -> Self {
        items
    }
}

/// A schema's documents as JSON (generated `Document` enums, with the generated crate's `json`
/// feature). The JSON of a document is its root element's content, as Altinn's apps exchange it:
/// the root's name is not in it, so reading names the root (or takes [`JsonDocument::MAIN_ROOT`]).
pub trait JsonDocument: Sized {
    /// The root a JSON document is read as by [`JsonDocument::from_json`]: the global element no
    /// other element refers to, or the only one (`None`: the schema has several).
    const MAIN_ROOT: Option<&'static str>;
    /// The local name of this document's root element.
    fn json_root(&self) -> &'static str;
    /// The document as a [`Json`] value.
    fn to_json_model(&self) -> Json;
    /// Reads a document whose root is the global element with the local name `root`.
    fn from_json_model(root: &str, v: &Json) -> Result<Self>;

    /// The document as a `serde_json::Value` (numbers beyond `f64` lose digits unless serde_json's
    /// `arbitrary_precision` is on; [`JsonDocument::to_json_string`] keeps them).
    fn to_json(&self) -> serde_json::Value {
        self.to_json_model().to_value()
    }
    /// The document as compact JSON text (decimals exactly as they are held).
    fn to_json_string(&self) -> String {
        let mut s = String::new();
        self.to_json_model().write(&mut s);
        s
    }
    /// Reads a JSON document as [`JsonDocument::MAIN_ROOT`] (lenient: unknown properties are
    /// ignored, names match case-insensitively when not exactly).
    fn from_json(bytes: &[u8]) -> Result<Self> {
        match Self::MAIN_ROOT {
            Some(root) => Self::from_json_as(root, bytes),
            None => Err(error("", "this schema has several global elements: name the root with from_json_as")),
        }
    }
    /// Reads a JSON document whose root is the global element with the local name `root`.
    fn from_json_as(root: &str, bytes: &[u8]) -> Result<Self> {
        Self::from_json_model(root, &Json::parse(bytes)?)
    }
    /// Reads a `serde_json::Value` as a document whose root is `root`.
    fn from_json_value(root: &str, v: &serde_json::Value) -> Result<Self> {
        Self::from_json_model(root, &Json::from_value(v))
    }
}

/// The error for a root name a schema does not declare.
pub fn unknown_json_root(root: &str) -> Error {
    error("/", format!("{root} is not a global element of this schema"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(json_number("+1.50").as_deref(), Some("1.50"));
        assert_eq!(json_number(".5").as_deref(), Some("0.5"));
        assert_eq!(json_number("007").as_deref(), Some("7"));
        assert_eq!(json_number("-0").as_deref(), Some("-0"));
        assert_eq!(json_number("1.").as_deref(), Some("1"));
        assert_eq!(json_number("1.0E+3").as_deref(), Some("1.0e3"));
        assert_eq!(json_number("INF"), None);
        let v = Json::parse(br#"{"a":1.50,"b":[true,null,"x\u00e5\n"],"c":{}}"#).unwrap();
        assert_eq!(v.to_string(), "{\"a\":1.50,\"b\":[true,null,\"x\u{e5}\\n\"],\"c\":{}}");
        assert!(Json::parse(b"{\"a\":01}").is_err() && Json::parse(b"[1,]").is_err() && Json::parse(b"1 2").is_err());
        let d: Decimal = FromJson::from_json(&Json::Number("1.50".into()), "/x").unwrap();
        assert_eq!(d.as_str(), "1.50");
        assert_eq!(d.to_json(), Json::Number("1.50".into()));
    }

    #[test]
    fn shapes() {
        let o: Option<Nillable<i32>> = FromJson::from_json(&Json::Null, "").unwrap();
        assert_eq!(o, Some(Nillable::Nil));
        let o: Option<i32> = FromJson::from_json(&Json::Null, "").unwrap();
        assert_eq!(o, None);
        let v: Vec<String> = FromJson::from_json(&Json::String("a".into()), "").unwrap();
        assert_eq!(v, ["a"]);
        let props = vec![("Navn".to_string(), Json::String("x".into()))];
        let r = ObjectReader::new(&props, "");
        assert_eq!(r.field::<String>("navn").unwrap(), "x");
        assert!(r.field::<String>("other").is_err());
        assert_eq!(r.field::<Option<String>>("other").unwrap(), None);
    }
}

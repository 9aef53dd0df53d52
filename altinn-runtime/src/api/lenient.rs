//! Lenient field decoders for what Altinn sends: numbers as strings and strings as numbers
//! (`ServiceEditionCode`, `MobileNumber`), one item where a list was expected (XML has no
//! arrays), empty elements for absent values. Generated types use them in `deserialize_with`.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde_json::Value;

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn to_string<E: serde::de::Error>(v: Value) -> Result<Option<String>, E> {
    match v {
        Value::Null => Ok(None),
        other => scalar_text(&other).map(Some).ok_or_else(|| E::custom(format!("expected text, found {other}"))),
    }
}

fn to_i64<E: serde::de::Error>(v: Value) -> Result<Option<i64>, E> {
    match &v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| E::custom(format!("expected an integer, found {n}"))),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| E::custom(format!("expected an integer, found {s:?}"))),
        other => Err(E::custom(format!("expected an integer, found {other}"))),
    }
}

fn to_f64<E: serde::de::Error>(v: Value) -> Result<Option<f64>, E> {
    match &v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| E::custom(format!("expected a number, found {s:?}"))),
        other => Err(E::custom(format!("expected a number, found {other}"))),
    }
}

fn to_bool<E: serde::de::Error>(v: Value) -> Result<Option<bool>, E> {
    match &v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            _ => Err(E::custom(format!("expected true or false, found {s:?}"))),
        },
        Value::Number(n) => Ok(Some(n.as_f64() != Some(0.0))),
        other => Err(E::custom(format!("expected true or false, found {other}"))),
    }
}

/// Text from a string, number or boolean.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    to_string(Value::deserialize(d)?)
}

/// An integer from a number or numeric text.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    to_i64(Value::deserialize(d)?)
}

/// A number from a number or numeric text.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    to_f64(Value::deserialize(d)?)
}

/// A boolean from `true`/`false` in any case, `1`/`0`, or a JSON boolean.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    to_bool(Value::deserialize(d)?)
}

/// A value of a generated type; an empty element (null or empty text) is absent.
pub fn opt_value<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        v => serde_json::from_value(v).map(Some).map_err(D::Error::custom),
    }
}

fn items(v: Value) -> Vec<Value> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(a) => a,
        // XML: `<List><Item/>…</List>` arrives as an object holding one field with the items.
        Value::Object(m) if m.len() == 1 && m.values().all(|x| x.is_array() || x.is_object()) => {
            match m.into_iter().next().map(|(_, x)| x) {
                Some(Value::Array(a)) => a,
                Some(one) => vec![one],
                None => Vec::new(),
            }
        }
        Value::String(s) if s.is_empty() => Vec::new(),
        one => vec![one],
    }
}

macro_rules! list {
    ($name:ident, $t:ty, $conv:ident, $what:literal) => {
        #[doc = concat!("A list of ", $what, ": an array, or one item where XML had one element.")]
        pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<$t>>, D::Error> {
            let v = Value::deserialize(d)?;
            if v.is_null() {
                return Ok(None);
            }
            items(v).into_iter().map(|x| $conv::<D::Error>(x).map(|o| o.unwrap_or_default())).collect::<Result<_, _>>().map(Some)
        }
    };
}
list!(opt_string_list, String, to_string, "text");
list!(opt_i64_list, i64, to_i64, "integers");
list!(opt_f64_list, f64, to_f64, "numbers");
list!(opt_bool_list, bool, to_bool, "booleans");

/// A list of a generated type: an array, or one item where XML had one element.
pub fn opt_list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<Vec<T>>, D::Error> {
    let v = Value::deserialize(d)?;
    if v.is_null() {
        return Ok(None);
    }
    items(v).into_iter().map(|x| serde_json::from_value(x).map_err(D::Error::custom)).collect::<Result<_, _>>().map(Some)
}

//! Lenient reading of Altinn's JSON: field names in any case, numbers sent as strings and back,
//! unknown fields ignored.
//!
//! Altinn's answers drift between sources (`IsXsdValidationRequired` vs `IsXSDValidationRequired`,
//! `ServiceEditionCode` as a number or a string). We fold every object key to lower case before
//! deserializing, so the models below name fields by their lower-case wire name.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Folds all object keys (recursively) to lower case. On a clash the first key wins.
pub fn fold_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = k.to_lowercase();
                if !out.contains_key(&key) {
                    out.insert(key, fold_keys(v));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(fold_keys).collect()),
        other => other,
    }
}

/// Parses JSON bytes (UTF-8 with or without a byte-order mark) and folds its keys.
pub fn parse_json(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice::<Value>(bytes).map(fold_keys)
}

/// A string that may arrive as a JSON string or number.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(serde::de::Error::custom(format!("expected a string or number, found {other}"))),
    }
}

/// An optional string that may arrive as a JSON string or number (or null).
pub fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(serde::de::Error::custom(format!("expected a string or number, found {other}"))),
    }
}

/// An integer that may arrive as a JSON number or a numeric string.
pub fn int_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().ok_or_else(|| serde::de::Error::custom(format!("expected an integer, found {n}"))),
        Value::String(s) => s.trim().parse().map_err(|_| serde::de::Error::custom(format!("expected an integer, found \"{s}\""))),
        other => Err(serde::de::Error::custom(format!("expected an integer, found {other}"))),
    }
}

/// An optional integer (number, numeric string, or null).
pub fn opt_int_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        v => int_lenient(v).map(Some).map_err(serde::de::Error::custom),
    }
}

/// An optional boolean that may arrive as `true`, `"true"`, `"True"` or `1`.
pub fn opt_bool_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::Number(n) => Ok(Some(n.as_i64() != Some(0))),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        other => Err(serde::de::Error::custom(format!("expected a boolean, found {other}"))),
    }
}

/// A list that may be absent or null.
pub fn vec_or_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_nested_keys_and_strips_bom() {
        let v = parse_json(b"\xEF\xBB\xBF{\"A\":{\"Bc\":[{\"D\":1}]}}").unwrap();
        assert_eq!(v, serde_json::json!({"a":{"bc":[{"d":1}]}}));
    }
}

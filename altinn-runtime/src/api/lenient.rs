//! Lenient reading of what Altinn sends: numbers as strings and strings as numbers
//! (`ServiceEditionCode`, `MobileNumber`), one item where a list was expected (XML has no
//! arrays), empty elements for absent values, field names in any case. The clients read every
//! answer with [`from_value`]; the field decoders (`opt_string`, …) serve hand-written types.

use serde::Deserialize;
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, Error as _, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Text from a string, number or boolean; `null` or empty text is absent (hand-written types'
/// `deserialize_with`; the rules of [`from_value`]).
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt(d)
}

/// A boolean from `true`/`false` in any case, `1`/`0`, a number or a JSON boolean; `null` or
/// empty text is absent.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    opt(d)
}

fn opt<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    from_value(Value::deserialize(d)?).map_err(D::Error::custom)
}

/// The items of a list, whatever shape they came in.
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

/// Reads a value of a generated API type leniently, the way Altinn's answers need:
///
/// - a field matches its wire name exactly, else ignoring ASCII case (`fileName`, `FileName`,
///   `FILENAME`); an exact key wins over a case variant of it;
/// - text where a number or boolean was expected is parsed (`"42"`, `"True"`, `"1"`), and a number
///   or boolean where text was expected is written out;
/// - an optional value that is `null` or empty text is absent;
/// - a list may come as one item (XML has no arrays), as `null` or empty text (no items), or
///   wrapped in an object with one field holding the items (`<List><Item/>…</List>`);
/// - unknown fields are ignored.
///
/// The generated types derive plain serde, so strict JSON reading (`serde_json::from_str`) works
/// too; the clients read every answer through this function.
pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, serde_json::Error> {
    T::deserialize(Lenient(v))
}

/// [`from_value`] over JSON text (a leading byte-order mark is skipped; a repeated key keeps its
/// last value).
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    from_value(serde_json::from_slice(crate::altinn3::model::strip_bom(body))?)
}

/// A `serde_json::Value` read with the rules of [`from_value`].
struct Lenient(Value);

type E = serde_json::Error;

fn unexpected(what: &str, v: &Value) -> E {
    E::custom(format!("expected {what}, found {v}"))
}

impl Lenient {
    fn integer(self) -> Result<serde_json::Number, E> {
        match self.0 {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n),
            Value::Number(n) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok((f as i64).into()),
                _ => Err(unexpected("an integer", &Value::Number(n))),
            },
            Value::String(s) => {
                let t = s.trim();
                if let Ok(i) = t.parse::<i64>() {
                    Ok(i.into())
                } else if let Ok(u) = t.parse::<u64>() {
                    Ok(u.into())
                } else {
                    Err(unexpected("an integer", &Value::String(s)))
                }
            }
            other => Err(unexpected("an integer", &other)),
        }
    }

    fn float(self) -> Result<f64, E> {
        match self.0 {
            Value::Number(n) => n.as_f64().ok_or_else(|| unexpected("a number", &Value::Number(n))),
            Value::String(s) => s.trim().parse().map_err(|_| unexpected("a number", &Value::String(s))),
            other => Err(unexpected("a number", &other)),
        }
    }

    fn boolean(self) -> Result<bool, E> {
        match self.0 {
            Value::Bool(b) => Ok(b),
            Value::Number(n) => Ok(n.as_f64() != Some(0.0)),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(unexpected("true or false", &Value::String(s))),
            },
            other => Err(unexpected("true or false", &other)),
        }
    }
}

macro_rules! integers {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            // As serde_json keeps it, so `u64` and `i64` ranges both fit.
            Value::Number(self.integer()?).$method(visitor)
        })*
    };
}

impl<'de> Deserializer<'de> for Lenient {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        // A raw value (`serde_json::Value` fields, enumerations of strings, HAL links).
        self.0.deserialize_any(visitor)
    }

    integers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_bool(self.boolean()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Value::String(s) => visitor.visit_string(s),
            Value::Number(n) => visitor.visit_string(n.to_string()),
            Value::Bool(b) => visitor.visit_string(b.to_string()),
            other => Err(unexpected("text", &other)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_char(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_byte_buf(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match &self.0 {
            Value::Null => visitor.visit_none(),
            Value::String(s) if s.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_unit(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_seq(Items(items(self.0).into_iter()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, E> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, E> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Value::Object(m) => visitor.visit_map(Fields { entries: m.into_iter().collect::<Vec<_>>().into_iter(), value: None }),
            Value::Null => visitor.visit_map(Fields { entries: Vec::new().into_iter(), value: None }),
            other => Err(unexpected("an object", &other)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, fields: &'static [&'static str], visitor: V) -> Result<V::Value, E> {
        let m = match self.0 {
            Value::Object(m) => m,
            // An empty element where a resource was expected: a resource with no fields.
            Value::Null => serde_json::Map::new(),
            Value::String(s) if s.is_empty() => serde_json::Map::new(),
            other => return Err(unexpected("an object", &other)),
        };
        let exact = |k: &str| fields.contains(&k);
        let mut entries = Vec::with_capacity(m.len());
        let keys: Vec<String> = m.keys().cloned().collect();
        for (k, v) in m {
            if exact(&k) {
                entries.push((k, v));
                continue;
            }
            match fields.iter().find(|f| f.eq_ignore_ascii_case(&k)) {
                // A case variant of a field the object also has exactly: the exact one wins.
                Some(f) if keys.iter().any(|x| x == f) => {}
                Some(f) => {
                    // Two case variants of one field: the first one wins.
                    if !entries.iter().any(|(e, _): &(String, Value)| e == f) {
                        entries.push(((*f).to_string(), v));
                    }
                }
                None => entries.push((k, v)),
            }
        }
        visitor.visit_map(Fields { entries: entries.into_iter(), value: None })
    }

    fn deserialize_enum<V: Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.0.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_unit()
    }
}

/// The items of a list, each read leniently.
struct Items(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Items {
    type Error = E;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, E> {
        self.0.next().map(|v| seed.deserialize(Lenient(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The fields of an object (their keys already matched to the struct's), each value read
/// leniently.
struct Fields {
    entries: std::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, E> {
        let v = self.value.take().ok_or_else(|| E::custom("a value without its key"))?;
        seed.deserialize(Lenient(v))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::from_value;
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    /// Shaped like a generated API type.
    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Message {
        #[serde(rename = "MessageId", skip_serializing_if = "Option::is_none")]
        message_id: Option<String>,
        #[serde(rename = "ServiceEdition", skip_serializing_if = "Option::is_none")]
        service_edition: Option<i64>,
        #[serde(rename = "Size", skip_serializing_if = "Option::is_none")]
        size: Option<f64>,
        #[serde(rename = "IsRead", skip_serializing_if = "Option::is_none")]
        is_read: Option<bool>,
        #[serde(rename = "Tags", skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
        #[serde(rename = "Parts", skip_serializing_if = "Option::is_none")]
        parts: Option<Vec<Part>>,
        #[serde(rename = "Reply", skip_serializing_if = "Option::is_none")]
        reply: Option<Box<Message>>,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Part {
        #[serde(rename = "Code", skip_serializing_if = "Option::is_none")]
        code: Option<u32>,
    }

    #[test]
    fn names_match_in_any_case_and_an_exact_name_wins() {
        let m: Message = from_value(json!({
            "messageId": "a1", "SERVICEEDITION": 2, "isread": true, "reply": { "MESSAGEID": "b2" }
        }))
        .unwrap();
        assert_eq!(m.message_id.as_deref(), Some("a1"));
        assert_eq!(m.service_edition, Some(2));
        assert_eq!(m.is_read, Some(true));
        assert_eq!(m.reply.unwrap().message_id.as_deref(), Some("b2"));
        let m: Message = from_value(json!({ "messageid": "variant", "MessageId": "exact" })).unwrap();
        assert_eq!(m.message_id.as_deref(), Some("exact"));
        let m: Message = from_value(json!({ "MessageId": "exact", "MESSAGEID": "variant" })).unwrap();
        assert_eq!(m.message_id.as_deref(), Some("exact"));
    }

    #[test]
    fn scalars_are_read_from_the_shapes_altinn_sends() {
        let m: Message = from_value(json!({
            "MessageId": 4711, "ServiceEdition": " 12 ", "Size": "1.5", "IsRead": "True",
            "Parts": [{ "Code": "7" }, { "Code": 8.0 }]
        }))
        .unwrap();
        assert_eq!(m.message_id.as_deref(), Some("4711"));
        assert_eq!(m.service_edition, Some(12));
        assert_eq!(m.size, Some(1.5));
        assert_eq!(m.is_read, Some(true));
        assert_eq!(m.parts.unwrap(), vec![Part { code: Some(7) }, Part { code: Some(8) }]);
        for (text, want) in [("1", true), ("0", false), ("FALSE", false)] {
            let m: Message = from_value(json!({ "IsRead": text })).unwrap();
            assert_eq!(m.is_read, Some(want), "{text}");
        }
    }

    #[test]
    fn null_and_empty_text_are_absent_and_lists_come_in_any_shape() {
        let m: Message = from_value(json!({ "MessageId": "", "ServiceEdition": "", "IsRead": null, "Reply": "" })).unwrap();
        assert_eq!(m, Message::default());
        let one: Message = from_value(json!({ "Tags": "solo", "Parts": { "Code": 1 } })).unwrap();
        assert_eq!(one.tags.unwrap(), vec!["solo".to_string()]);
        assert_eq!(one.parts.unwrap(), vec![Part { code: Some(1) }]);
        // XML: `<Tags><Tag>a</Tag><Tag>b</Tag></Tags>`.
        let wrapped: Message = from_value(json!({ "Tags": { "Tag": ["a", "b"] } })).unwrap();
        assert_eq!(wrapped.tags.unwrap(), vec!["a".to_string(), "b".to_string()]);
    }

    #[test]
    fn bad_values_are_errors_that_show_the_value() {
        let e = from_value::<Message>(json!({ "ServiceEdition": "twelve" })).unwrap_err().to_string();
        assert!(e.contains("expected an integer") && e.contains("twelve"), "{e}");
        let e = from_value::<Message>(json!({ "ServiceEdition": 1.5 })).unwrap_err().to_string();
        assert!(e.contains("expected an integer"), "{e}");
        let e = from_value::<Message>(json!({ "IsRead": "maybe" })).unwrap_err().to_string();
        assert!(e.contains("true or false"), "{e}");
        let e = from_value::<Message>(json!([1, 2])).unwrap_err().to_string();
        assert!(e.contains("expected an object"), "{e}");
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let m: Message = from_value(json!({ "MessageId": "x", "NewField": { "deep": [1] } })).unwrap();
        assert_eq!(m.message_id.as_deref(), Some("x"));
    }
}

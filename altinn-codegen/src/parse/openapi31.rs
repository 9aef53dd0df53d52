//! OpenAPI 3.1 read as 3.0: one explicit conversion of the JSON before `openapiv3` (a 3.0
//! reader) sees it. Each construct of 3.1's JSON Schema that 3.0 spells differently is
//! rewritten to its 3.0 spelling; what 3.0 cannot say is named in a note (document, JSON
//! pointer, construct) and the schema is left as a JSON value, never dropped silently.
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `type: [T, U, …]` | no `type` (any JSON), noted |
//! | `type: "null"` alone | `nullable: true` (any JSON), noted |
//! | `const: v` | `enum: [v]` |
//! | `$ref` with sibling keywords (not only docs) | `allOf: [{$ref}]` plus the siblings |
//! | `examples: [a, …]` (in a schema) | `example: a` |
//! | `exclusiveMinimum: n` / `exclusiveMaximum: n` | `minimum: n, exclusiveMinimum: true` / likewise |
//! | `oneOf`/`anyOf` with `{type: "null"}` | the `null` alternative removed, `nullable: true` |

use serde_json::{Map, Value, json};

/// Whether a document declares OpenAPI 3.1.
pub fn is_31(doc: &Value) -> bool {
    doc.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"))
}

/// Rewrites a 3.1 document in place as 3.0 (`openapi: 3.0.3`); the notes name what 3.0 cannot
/// say (`pointer: construct`).
pub fn downgrade(doc: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    if !is_31(doc) {
        return notes;
    }
    if let Some(o) = doc.as_object_mut() {
        o.insert("openapi".into(), json!("3.0.3"));
        // `webhooks` and `jsonSchemaDialect` have no 3.0 counterpart; webhooks are not calls a
        // client makes.
        if o.remove("webhooks").is_some() {
            notes.push("/webhooks: webhooks are not generated (no 3.0 counterpart)".into());
        }
        o.remove("jsonSchemaDialect");
    }
    walk(doc, String::new(), false, &mut notes);
    notes
}

/// Keys whose values are schemas, maps of schemas or lists of schemas.
const SCHEMA_KEYS: [&str; 4] = ["items", "not", "additionalProperties", "schema"];
const SCHEMA_MAPS: [&str; 2] = ["properties", "schemas"];
const SCHEMA_LISTS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Walks the document; `schema` says the value at `ptr` is a schema.
fn walk(v: &mut Value, ptr: String, schema: bool, notes: &mut Vec<String>) {
    if schema && let Some(o) = v.as_object_mut() {
        convert_schema(o, &ptr, notes);
    }
    match v {
        Value::Object(o) => {
            let keys: Vec<String> = o.keys().cloned().collect();
            for k in keys {
                let child_ptr = format!("{ptr}/{}", escape(&k));
                let Some(child) = o.get_mut(&k) else { continue };
                if SCHEMA_KEYS.contains(&k.as_str()) && child.is_object() {
                    walk(child, child_ptr, true, notes);
                } else if SCHEMA_MAPS.contains(&k.as_str()) && (schema || k == "schemas") {
                    if let Some(m) = child.as_object_mut() {
                        for (name, s) in m.iter_mut() {
                            walk(s, format!("{child_ptr}/{}", escape(name)), true, notes);
                        }
                    }
                } else if SCHEMA_LISTS.contains(&k.as_str()) && schema {
                    if let Some(list) = child.as_array_mut() {
                        for (i, s) in list.iter_mut().enumerate() {
                            walk(s, format!("{child_ptr}/{i}"), true, notes);
                        }
                    }
                } else {
                    walk(child, child_ptr, false, notes);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                walk(x, format!("{ptr}/{i}"), false, notes);
            }
        }
        _ => {}
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null") && v.as_object().is_some_and(|o| o.len() <= 2)
}

fn convert_schema(o: &mut Map<String, Value>, ptr: &str, notes: &mut Vec<String>) {
    // `$ref` with siblings that constrain (3.0 ignores siblings): the reference goes into an
    // `allOf` beside them. Documentation beside a reference changes nothing of the type and
    // stays where it is.
    let constrains = o.keys().any(|k| !matches!(k.as_str(), "$ref" | "description" | "summary" | "title"));
    if o.contains_key("$ref") && constrains {
        let r = o.remove("$ref").expect("checked");
        let mut all = vec![json!({ "$ref": r })];
        if let Some(Value::Array(more)) = o.remove("allOf") {
            all.extend(more);
        }
        o.insert("allOf".into(), Value::Array(all));
    }
    match o.get("type").cloned() {
        Some(Value::Array(types)) => {
            let named: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let nullable = named.contains(&"null");
            let rest: Vec<&str> = named.iter().copied().filter(|t| *t != "null").collect();
            o.remove("type");
            match rest.as_slice() {
                [one] => {
                    o.insert("type".into(), json!(one));
                }
                [] => notes.push(format!("{ptr}: `type: [\"null\"]` (always null) is kept as a JSON value")),
                many => notes.push(format!("{ptr}: `type: [{}]` (several types) is kept as a JSON value", many.join(", "))),
            }
            if nullable {
                o.insert("nullable".into(), json!(true));
            }
        }
        Some(Value::String(t)) if t == "null" => {
            o.remove("type");
            o.insert("nullable".into(), json!(true));
            notes.push(format!("{ptr}: `type: \"null\"` (always null) is kept as a JSON value"));
        }
        _ => {}
    }
    if let Some(c) = o.remove("const") {
        o.insert("enum".into(), json!([c]));
    }
    if let Some(Value::Array(ex)) = o.remove("examples")
        && let Some(first) = ex.into_iter().next()
    {
        o.entry("example").or_insert(first);
    }
    for (ex, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = o.get(ex).filter(|v| v.is_number()).cloned() {
            o.insert(bound.into(), n);
            o.insert(ex.into(), json!(true));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alts)) = o.get_mut(key)
            && alts.iter().any(is_null_schema)
        {
            alts.retain(|a| !is_null_schema(a));
            o.insert("nullable".into(), json!(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_construct_has_its_30_spelling() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": { "schemas": {
                "A": { "type": "object", "properties": {
                    "n": { "type": ["string", "null"] },
                    "k": { "const": "fixed" },
                    "r": { "$ref": "#/components/schemas/B", "description": "a B", "readOnly": true },
                    "d": { "$ref": "#/components/schemas/B", "description": "only docs" },
                    "m": { "type": ["string", "integer"] },
                    "x": { "type": "integer", "exclusiveMinimum": 0, "examples": [5, 6] },
                    "o": { "oneOf": [ { "$ref": "#/components/schemas/B" }, { "type": "null" } ] },
                    "l": { "type": "array", "items": { "type": ["integer", "null"] } }
                }},
                "B": { "type": "string" }
            }}
        });
        let notes = downgrade(&mut doc);
        let p = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert_eq!(p["n"], json!({ "type": "string", "nullable": true }));
        assert_eq!(p["k"], json!({ "enum": ["fixed"] }));
        assert_eq!(p["r"], json!({ "allOf": [{ "$ref": "#/components/schemas/B" }], "description": "a B", "readOnly": true }));
        assert_eq!(p["d"], json!({ "$ref": "#/components/schemas/B", "description": "only docs" }));
        assert_eq!(p["m"], json!({}));
        assert_eq!(p["x"], json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 5 }));
        assert_eq!(p["o"], json!({ "oneOf": [{ "$ref": "#/components/schemas/B" }], "nullable": true }));
        assert_eq!(p["l"]["items"], json!({ "type": "integer", "nullable": true }));
        assert_eq!(
            notes,
            vec![
                "/webhooks: webhooks are not generated (no 3.0 counterpart)".to_string(),
                "/components/schemas/A/properties/m: `type: [string, integer]` (several types) is kept as a JSON value".to_string(),
            ]
        );
        // The result is a document the 3.0 reader takes.
        doc["info"] = json!({ "title": "t", "version": "1" });
        doc["paths"] = json!({});
        serde_json::from_value::<openapiv3::OpenAPI>(doc).expect("reads as 3.0");
    }

    #[test]
    fn a_30_document_is_untouched() {
        let mut doc = json!({ "openapi": "3.0.1", "components": { "schemas": { "A": { "type": ["string", "null"] } } } });
        let before = doc.clone();
        assert!(downgrade(&mut doc).is_empty());
        assert_eq!(doc, before);
    }
}

//! Media types and decoding. Every call can ask for HAL+JSON (the default), JSON, XML or
//! HAL+XML; all four decode into the same types. XML is first turned into the JSON shape the
//! JSON media types have (HAL+XML `link` elements into `_links`, nested `resource` elements into
//! `_embedded`), then decoded by the same serde code. XML is read by the one tree builder,
//! [`crate::xml::tree`].

use serde_json::{Map, Value};

use crate::xml::tree;

/// The media types the REST API speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MediaType {
    /// `application/hal+json`: resources carry `_links`, lists are `_embedded`.
    #[default]
    HalJson,
    /// `application/json`: no links; lists are bare arrays.
    Json,
    /// `application/xml`.
    Xml,
    /// `application/hal+xml`: `<resource rel href>` with `<link>` and nested `<resource>`.
    HalXml,
}

impl MediaType {
    /// Every media type, in a stable order.
    pub const ALL: [MediaType; 4] = [MediaType::HalJson, MediaType::Json, MediaType::Xml, MediaType::HalXml];

    /// The `Accept` value.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::HalJson => "application/hal+json",
            MediaType::Json => "application/json",
            MediaType::Xml => "application/xml",
            MediaType::HalXml => "application/hal+xml",
        }
    }

    /// The media type of a `Content-Type` value (parameters ignored); unknown ones are `None`.
    pub fn from_content_type(ct: &str) -> Option<MediaType> {
        let base = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match base.as_str() {
            "application/hal+json" => Some(MediaType::HalJson),
            "application/json" | "text/json" => Some(MediaType::Json),
            "application/xml" | "text/xml" => Some(MediaType::Xml),
            "application/hal+xml" => Some(MediaType::HalXml),
            _ => None,
        }
    }

    /// Whether it is an XML type.
    pub fn is_xml(self) -> bool {
        matches!(self, MediaType::Xml | MediaType::HalXml)
    }
}

/// The body as a JSON value, whatever media type it came in.
pub fn to_value(body: &[u8], media: MediaType) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    if media.is_xml() { xml_to_value(body) } else { serde_json::from_slice(body).map_err(|e| e.to_string()) }
}

/// An element as the JSON shape sees it: local names, attributes without namespace declarations
/// and `xsi:` attributes, the text directly inside.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn of(e: &tree::Element) -> Node {
        let xsi = format!("{}xsi", tree::UNDECLARED);
        let attrs = e
            .attributes
            .iter()
            .filter(|(n, _)| !matches!(n.ns.as_deref(), Some(ns) if ns == crate::xml::XSI || ns == xsi))
            .map(|(n, v)| (n.local.clone(), v.clone()))
            .collect();
        Node { name: e.name.local.clone(), attrs, children: e.children.iter().map(Node::of).collect(), text: e.text.clone() }
    }
}

fn parse(body: &[u8]) -> Result<Node, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("not UTF-8: {e}"))?;
    let root = tree::parse(text).map_err(|e| format!("XML at line {}: {}", e.line, e.message))?;
    Ok(Node::of(&root))
}

fn xml_to_value(body: &[u8]) -> Result<Value, String> {
    let root = parse(body)?;
    Ok(if root.name == "resource" { hal_resource(&root) } else { plain(&root) })
}

/// A plain XML element: text when it has no children, else an object of its children (repeated
/// names become arrays). A root whose children all share one name is a list (`ArrayOfX`).
fn plain(n: &Node) -> Value {
    if n.children.is_empty() && n.attrs.is_empty() {
        return if n.text.trim().is_empty() { Value::Null } else { Value::String(n.text.clone()) };
    }
    let mut m = Map::new();
    for (k, v) in &n.attrs {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    for c in &n.children {
        let repeated = n.children.iter().filter(|x| x.name == c.name).count() > 1;
        push(&mut m, &c.name, plain(c), repeated);
    }
    if n.name.starts_with("ArrayOf") {
        let items: Vec<Value> = n.children.iter().map(plain).collect();
        return Value::Array(items);
    }
    Value::Object(m)
}

fn link(n: &Node) -> Value {
    let mut m = Map::new();
    for (k, v) in &n.attrs {
        if k != "rel" {
            m.insert(k.clone(), Value::String(v.clone()));
        }
    }
    Value::Object(m)
}

fn push(m: &mut Map<String, Value>, key: &str, v: Value, always_list: bool) {
    match m.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, v]);
        }
        None => {
            m.insert(key.to_string(), if always_list { Value::Array(vec![v]) } else { v });
        }
    }
}

/// A HAL+XML resource in the HAL+JSON shape.
fn hal_resource(n: &Node) -> Value {
    let mut m = Map::new();
    let mut links = Map::new();
    let mut embedded = Map::new();
    if let Some((_, href)) = n.attrs.iter().find(|(k, _)| k == "href") {
        links.insert("self".into(), serde_json::json!({ "href": href }));
    }
    for c in &n.children {
        match c.name.as_str() {
            "link" => {
                let rel = c.attrs.iter().find(|(k, _)| k == "rel").map(|(_, v)| v.clone()).unwrap_or_default();
                push(&mut links, &rel, link(c), false);
            }
            "resource" => {
                let rel = c.attrs.iter().find(|(k, _)| k == "rel").map(|(_, v)| v.clone()).unwrap_or_default();
                // A collection is a `resource` whose children are resources of one rel.
                if !c.children.is_empty() && c.children.iter().all(|x| x.name == "resource") {
                    let items: Vec<Value> = c.children.iter().map(hal_resource).collect();
                    embedded.insert(rel, Value::Array(items));
                } else {
                    push(&mut embedded, &rel, hal_resource(c), true);
                }
            }
            _ => {
                let v = plain(c);
                push(&mut m, &c.name, v, false);
            }
        }
    }
    if !links.is_empty() {
        m.insert("_links".into(), Value::Object(links));
    }
    if !embedded.is_empty() {
        m.insert("_embedded".into(), Value::Object(embedded));
    }
    Value::Object(m)
}

/// Writes a JSON value as plain XML under `root` (for request bodies sent as XML).
pub fn value_to_xml(root: &str, v: &Value) -> String {
    fn esc(s: &str) -> String {
        let mut out = String::new();
        crate::xml::escape_text(s, &mut out);
        out
    }
    fn write(out: &mut String, name: &str, v: &Value) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| write(out, name, x)),
            Value::Object(m) => {
                out.push_str(&format!("<{name}>"));
                for (k, x) in m {
                    write(out, k, x);
                }
                out.push_str(&format!("</{name}>"));
            }
            Value::Null => out.push_str(&format!("<{name}/>")),
            Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", esc(s))),
            other => out.push_str(&format!("<{name}>{other}</{name}>")),
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    write(&mut out, root, v);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_answers_take_the_json_shape() {
        let xml = br#"<?xml version="1.0"?>
<a:Message xmlns:a="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Id="m1" xsi:type="T">
  <a:Subject>Fish &amp; chips &#248;</a:Subject><Tag>1</Tag><Tag>2</Tag><Empty/><![CDATA[ ]]>
</a:Message>"#;
        let v = to_value(xml, MediaType::Xml).unwrap();
        assert_eq!(v, serde_json::json!({ "Id": "m1", "Subject": "Fish & chips ø", "Tag": ["1", "2"], "Empty": null }));
        assert_eq!(to_value(b"<ArrayOfX><X>1</X><X>2</X></ArrayOfX>", MediaType::Xml).unwrap(), serde_json::json!(["1", "2"]));
        let hal = br#"<resource href="/api/my/messages"><link rel="next" href="/n"/><resource rel="messages"><resource href="/m/1"><Id>1</Id></resource></resource></resource>"#;
        let v = to_value(hal, MediaType::HalXml).unwrap();
        assert_eq!(v["_links"], serde_json::json!({ "self": { "href": "/api/my/messages" }, "next": { "href": "/n" } }));
        assert_eq!(v["_embedded"]["messages"], serde_json::json!([{ "Id": "1", "_links": { "self": { "href": "/m/1" } } }]));
        assert!(to_value(b"<a>\n<b></a>", MediaType::Xml).unwrap_err().contains("line 2"));
        assert!(to_value(b"<a>&nope;</a>", MediaType::Xml).unwrap_err().contains("unknown entity"));
    }
}

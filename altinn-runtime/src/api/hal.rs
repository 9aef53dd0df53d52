//! HAL: typed links, and pages of lists that can be followed to the next page or consumed as a
//! stream.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One link. Besides `href`, Altinn adds attributes on some rels (`mime-type` on `print`,
/// `name`, `fileName`, `filesize`, … on `attachment`); they are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Link {
    /// The target.
    #[serde(default)]
    pub href: String,
    /// Whether `href` is a URI template (`{MessageId}`).
    #[serde(
        rename = "isTemplated",
        alias = "templated",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_bool"
    )]
    pub templated: Option<bool>,
    /// `mime-type` (on `print`, `formdata`).
    #[serde(rename = "mime-type", default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// `name` (on `form` and `attachment` links).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Any other attribute, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Link {
    /// A link to `href`.
    pub fn new(href: impl Into<String>) -> Self {
        Link { href: href.into(), ..Link::default() }
    }
}

/// `_links`: rel → links. A rel holds one link or an array (`form`, `attachment`); some
/// documents write a bare string instead of `{ "href": … }`, which reads as a link too.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Links(pub BTreeMap<String, Vec<Link>>);

impl Links {
    /// The first link of a rel.
    pub fn get(&self, rel: &str) -> Option<&Link> {
        self.0.get(rel).and_then(|v| v.first())
    }

    /// Every link of a rel.
    pub fn all(&self, rel: &str) -> &[Link] {
        self.0.get(rel).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `self`.
    pub fn self_link(&self) -> Option<&Link> {
        self.get("self")
    }

    /// The last path segment of the `self` link: the resource's id (`…/attachments/12` → `12`).
    pub fn self_id(&self) -> Option<&str> {
        let href = self.self_link()?.href.as_str();
        let path = href.split(['?', '#']).next().unwrap_or(href).trim_end_matches('/');
        path.rsplit('/').next().filter(|s| !s.is_empty())
    }

    /// `next` (the continuation of a list).
    pub fn next(&self) -> Option<&Link> {
        self.get("next")
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn one_link(v: Value) -> Option<Link> {
    match v {
        Value::String(s) => Some(Link::new(s)),
        Value::Object(_) => serde_json::from_value(v).ok(),
        _ => None,
    }
}

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let mut out = BTreeMap::new();
        if let Value::Object(m) = v {
            for (rel, x) in m {
                let links: Vec<Link> = match x {
                    Value::Array(a) => a.into_iter().filter_map(one_link).collect(),
                    other => one_link(other).into_iter().collect(),
                };
                out.insert(rel, links);
            }
        }
        Ok(Links(out))
    }
}

/// One page of a list, whatever shape it came in: a bare array (JSON, `ArrayOfX` XML), or a HAL
/// object with `_embedded.<rel>` and `_links` (HAL+JSON, HAL+XML).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The list's links (`self`, `next`, `find`, …); empty for plain media types.
    pub links: Links,
    /// `continuationtoken`, when the list pages with continuation tokens.
    pub continuation: Option<String>,
}

impl<T: DeserializeOwned> Page<T> {
    /// Reads a page from the JSON shape of any media type.
    pub fn from_value(v: Value) -> Result<Self, String> {
        let items_of = |x: Value| -> Result<Vec<T>, String> {
            match x {
                Value::Array(a) => a.into_iter().map(|i| super::lenient::from_value(i).map_err(|e| e.to_string())).collect(),
                Value::Null => Ok(Vec::new()),
                one => Ok(vec![super::lenient::from_value(one).map_err(|e| e.to_string())?]),
            }
        };
        match v {
            Value::Null => Ok(Page { items: Vec::new(), links: Links::default(), continuation: None }),
            Value::Array(_) => Ok(Page { items: items_of(v)?, links: Links::default(), continuation: None }),
            Value::Object(mut m) => {
                let links = m.remove("_links").map(serde_json::from_value).transpose().map_err(|e| e.to_string())?.unwrap_or_default();
                let continuation = ["continuationtoken", "continuationToken", "ContinuationToken"]
                    .iter()
                    .find_map(|k| m.remove(*k))
                    .and_then(|c| c.as_str().map(str::to_string));
                let items = match m.remove("_embedded") {
                    Some(Value::Object(e)) => {
                        // The one collection in `_embedded` (its rel varies by endpoint).
                        let mut lists = e.into_iter().map(|(_, x)| x);
                        lists.next().map(items_of).transpose()?.unwrap_or_default()
                    }
                    Some(other) => items_of(other)?,
                    // Plain XML: `<List><Item/>…</List>` is an object holding one array.
                    None if m.len() == 1 => items_of(m.into_iter().next().map(|(_, x)| x).unwrap_or(Value::Null))?,
                    None if m.is_empty() => Vec::new(),
                    None => return Err("not a list: an object without `_embedded`".into()),
                };
                Ok(Page { items, links, continuation })
            }
            other => Err(format!("not a list: {other}")),
        }
    }
}

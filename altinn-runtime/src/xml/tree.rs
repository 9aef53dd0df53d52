//! A small namespace-aware XML tree with line numbers, read with quick-xml: the one DOM builder
//! of the runtime (XML answers of the REST API, see [`crate::api::media`]) and of the generator
//! (its XSD reader, the harness's round-trip comparisons).
//!
//! Schemas are small enough to hold whole, and a tree makes the XSD reader simple: every element
//! knows its namespace, its line, and the prefixes in scope (needed to resolve QName values such
//! as `type="xs:string"`).

use std::rc::Rc;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// The XML namespace.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The pseudo-namespace given to names whose prefix is not declared.
pub const UNDECLARED: &str = "urn:altinn-codegen:undeclared-prefix:";

/// An expanded name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    /// Namespace URI (`None`: no namespace).
    pub ns: Option<String>,
    /// Local name.
    pub local: String,
}

impl QName {
    /// A name in a namespace.
    pub fn new(ns: Option<&str>, local: &str) -> Self {
        QName { ns: ns.map(str::to_string), local: local.to_string() }
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => write!(f, "{}", self.local),
        }
    }
}

/// Prefix bindings in scope.
#[derive(Debug, Default)]
pub struct Scope {
    parent: Option<Rc<Scope>>,
    bindings: Vec<(String, String)>,
}

impl Scope {
    /// The namespace bound to `prefix` (`""` for the default namespace).
    pub fn lookup(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        match self.bindings.iter().rev().find(|(p, _)| p == prefix) {
            Some((_, ns)) => Some(ns.as_str()).filter(|ns| !ns.is_empty()),
            None => self.parent.as_ref().and_then(|p| p.lookup(prefix)),
        }
    }

    /// Resolves a QName-valued attribute (`xs:string`, `Foo`), using the default namespace for an
    /// unprefixed name as XSD requires.
    pub fn resolve(&self, value: &str) -> Result<QName, String> {
        let value = value.trim();
        match value.split_once(':') {
            Some((prefix, local)) => match self.lookup(prefix) {
                Some(ns) => Ok(QName::new(Some(ns), local)),
                None => Err(format!("the prefix `{prefix}` of `{value}` is not declared")),
            },
            None => Ok(QName::new(self.lookup(""), value)),
        }
    }

    /// Every binding in scope, innermost first wins.
    pub fn all(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.parent.as_ref().map(|p| p.all()).unwrap_or_default();
        for (p, ns) in &self.bindings {
            out.retain(|(q, _)| q != p);
            out.push((p.clone(), ns.clone()));
        }
        out
    }
}

/// An element.
#[derive(Debug)]
pub struct Element {
    /// Expanded name.
    pub name: QName,
    /// Attributes other than namespace declarations, with expanded names and values.
    pub attributes: Vec<(QName, String)>,
    /// Child elements, in order.
    pub children: Vec<Element>,
    /// Concatenated character data directly inside this element.
    pub text: String,
    /// 1-based line of the start tag.
    pub line: usize,
    /// Prefixes in scope.
    pub scope: Rc<Scope>,
}

impl Element {
    /// An unqualified attribute's value.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n.ns.is_none() && n.local == local).map(|(_, v)| v.as_str())
    }

    /// Children in a namespace with a local name.
    pub fn children_named<'a>(&'a self, ns: &'a str, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name.ns.as_deref() == Some(ns) && c.name.local == local)
    }
}

/// A parse error with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// 1-based line.
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

/// The 1-based line of byte `offset` of `text` (the end when past it): what errors name.
pub fn line_at(text: &[u8], offset: usize) -> usize {
    1 + text[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count()
}

struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset >= self.pos {
            self.line += self.text.as_bytes()[self.pos..offset].iter().filter(|b| **b == b'\n').count();
        } else {
            self.line = line_at(self.text.as_bytes(), offset);
        }
        self.pos = offset;
        self.line
    }
}

fn predefined(name: &str) -> Option<&'static str> {
    match name {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "quot" => Some("\""),
        "apos" => Some("'"),
        _ => None,
    }
}

/// Parses a whole document into its root element.
pub fn parse(text: &str) -> Result<Element, TreeError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().expand_empty_elements = false;
    let mut lines = Lines { text, pos: 0, line: 1 };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let root_scope = Rc::new(Scope::default());
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let line = lines.at(reader.error_position() as usize);
                return Err(TreeError { line, message: format!("malformed XML: {e}") });
            }
        };
        let err = |lines: &mut Lines, message: String| TreeError { line: lines.at(start), message };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let line = lines.at(start);
                let parent_scope = stack.last().map(|p| p.scope.clone()).unwrap_or_else(|| root_scope.clone());
                let mut bindings = Vec::new();
                let mut raw_attrs = Vec::new();
                for a in e.attributes().with_checks(true) {
                    let a = a.map_err(|x| TreeError { line, message: format!("bad attribute: {x}") })?;
                    let key: &str = a.key.as_ref();
                    let key = key.to_string();
                    let value = a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|x| TreeError { line, message: format!("bad value of `{key}`: {x}") })?
                        .into_owned();
                    if key == "xmlns" {
                        bindings.push((String::new(), value));
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        bindings.push((p.to_string(), value));
                    } else {
                        raw_attrs.push((key, value));
                    }
                }
                let scope = if bindings.is_empty() { parent_scope } else { Rc::new(Scope { parent: Some(parent_scope), bindings }) };
                let qname: String = {
                    let name = e.name();
                    let n: &str = name.as_ref();
                    n.to_string()
                };
                // An undeclared prefix is kept as a pseudo-namespace (SERES writes `xs:` inside
                // documentation without declaring it); the XSD reader reports it where it matters.
                let name = match qname.split_once(':') {
                    Some((p, l)) => match scope.lookup(p) {
                        Some(ns) => QName::new(Some(ns), l),
                        None => QName::new(Some(&format!("{UNDECLARED}{p}")), l),
                    },
                    None => QName::new(scope.lookup(""), &qname),
                };
                let mut attributes = Vec::with_capacity(raw_attrs.len());
                for (k, v) in raw_attrs {
                    let n = match k.split_once(':') {
                        Some((p, l)) => match scope.lookup(p) {
                            Some(ns) => QName::new(Some(ns), l),
                            None => QName::new(Some(&format!("{UNDECLARED}{p}")), l),
                        },
                        None => QName::new(None, &k),
                    };
                    attributes.push((n, v));
                }
                let el = Element { name, attributes, children: Vec::new(), text: String::new(), line, scope };
                if matches!(event, Event::Start(_)) {
                    stack.push(el);
                } else {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None if root.is_none() => root = Some(el),
                        None => return Err(err(&mut lines, "more than one root element".into())),
                    }
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| err(&mut lines, "unexpected end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let replacement = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: String = {
                            let n: &str = r.as_ref();
                            n.to_string()
                        };
                        predefined(&name).map(str::to_string).ok_or_else(|| err(&mut lines, format!("unknown entity `&{name};`")))?
                    }
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&replacement);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(TreeError { line: lines.at(text.len()), message: format!("<{}> is not closed", stack.last().unwrap().name) });
    }
    root.ok_or(TreeError { line: 1, message: "no root element".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_lines_and_qname_values() {
        let doc = "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"urn:t\">\n  <xs:element name=\"a\" type=\"xs:string\"/>\n  <xs:element name=\"b\" type=\"T\">x &amp; &#248;</xs:element>\n</xs:schema>";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, QName::new(Some("http://www.w3.org/2001/XMLSchema"), "schema"));
        assert_eq!(root.line, 2);
        let a = &root.children[0];
        assert_eq!(a.line, 3);
        assert_eq!(a.scope.resolve(a.attr("type").unwrap()).unwrap(), QName::new(Some("http://www.w3.org/2001/XMLSchema"), "string"));
        let b = &root.children[1];
        assert_eq!(b.scope.resolve("T").unwrap(), QName::new(Some("urn:t"), "T"));
        assert_eq!(b.text, "x & ø");
        assert!(b.scope.resolve("q:T").is_err());
    }

    #[test]
    fn errors_have_lines() {
        let e = parse("<a>\n<b>\n</a>").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let root = parse("<a>\n<p:b/></a>").unwrap();
        assert_eq!(root.children[0].name.ns.as_deref(), Some("urn:altinn-codegen:undeclared-prefix:p"));
    }
}

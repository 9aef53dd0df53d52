//! Writing: UTF-8 XML with namespaces declared where they are first needed. Element namespaces
//! go through the default namespace (`xmlns="…"`, reset with `xmlns=""` for unqualified
//! children); namespaced attributes get a prefix (`xsi` for the instance namespace).

use super::{AnyElement, Name, Result, SimpleValue, XSI, XmlContent, XmlWrite};

/// A start tag being written (attributes may still be added).
#[derive(Debug)]
pub struct StartTag {
    qname: String,
}

/// The writer generated code writes with.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    bindings: Vec<(String, String)>,
    scopes: Vec<usize>,
    prefixes: usize,
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

impl Writer {
    /// A writer with the XML declaration written.
    pub fn new() -> Self {
        Writer { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), ..Writer::default() }
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }

    fn lookup(&self, prefix: &str) -> Option<&str> {
        self.bindings.iter().rev().find(|(p, _)| p == prefix).map(|(_, ns)| ns.as_str()).filter(|ns| !ns.is_empty())
    }

    fn prefix_for(&self, ns: &str) -> Option<&str> {
        self.bindings
            .iter()
            .rev()
            .find(|(p, n)| n == ns && !p.is_empty() && self.lookup(p) == Some(ns))
            .map(|(p, _)| p.as_str())
    }

    fn declare(&mut self, prefix: &str, ns: &str) {
        self.bindings.push((prefix.to_string(), ns.to_string()));
        if prefix.is_empty() {
            self.out.push_str(" xmlns=\"");
        } else {
            self.out.push_str(" xmlns:");
            self.out.push_str(prefix);
            self.out.push_str("=\"");
        }
        escape_attr(ns, &mut self.out);
        self.out.push('"');
    }

    /// Starts an element; attributes follow, then [`Writer::open`] or [`Writer::end_empty`].
    pub fn start(&mut self, name: Name) -> StartTag {
        self.start_raw(name.ns, name.local)
    }

    /// Starts an element by a name only known at run time (raw XML).
    pub fn start_raw(&mut self, ns: Option<&str>, local: &str) -> StartTag {
        self.scopes.push(self.bindings.len());
        self.out.push('<');
        self.out.push_str(local);
        let current = self.lookup("").map(str::to_string);
        match ns {
            Some(ns) if current.as_deref() != Some(ns) => self.declare("", ns),
            None if current.is_some() => self.declare("", ""),
            _ => {}
        }
        StartTag { qname: local.to_string() }
    }

    /// Adds an attribute with a text value.
    pub fn attr(&mut self, tag: &StartTag, name: Name, value: &str) {
        self.attr_raw(tag, name.ns, name.local, value);
    }

    /// Adds an attribute with a simple value.
    pub fn attr_value<T: SimpleValue>(&mut self, tag: &StartTag, name: Name, value: &T) {
        let mut text = String::new();
        value.write_xml(&mut text);
        self.attr(tag, name, &text);
    }

    /// Adds an attribute by a name only known at run time (also `anyAttribute`).
    pub fn attr_raw(&mut self, _tag: &StartTag, ns: Option<&str>, local: &str, value: &str) {
        self.out.push(' ');
        if let Some(ns) = ns {
            let prefix = match self.prefix_for(ns) {
                Some(p) => p.to_string(),
                None => {
                    let p = if ns == XSI {
                        "xsi".to_string()
                    } else {
                        self.prefixes += 1;
                        format!("ns{}", self.prefixes)
                    };
                    // The declaration goes before this attribute: same start tag, order is free.
                    self.out.pop();
                    self.declare(&p, ns);
                    self.out.push(' ');
                    p
                }
            };
            self.out.push_str(&prefix);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.out.push_str("=\"");
        escape_attr(value, &mut self.out);
        self.out.push('"');
    }

    /// Marks the element `xsi:nil="true"`.
    pub fn nil(&mut self, tag: &StartTag) {
        self.attr(tag, Name::new(Some(XSI), "nil"), "true");
    }

    /// Ends the start tag; content follows, then [`Writer::close`].
    pub fn open(&mut self, _tag: &StartTag) {
        self.out.push('>');
    }

    /// Ends an element that has no content (`<a/>`).
    pub fn end_empty(&mut self, _tag: StartTag) {
        self.out.push_str("/>");
        self.pop();
    }

    /// Writes the end tag.
    pub fn close(&mut self, tag: StartTag) {
        self.out.push_str("</");
        self.out.push_str(&tag.qname);
        self.out.push('>');
        self.pop();
    }

    fn pop(&mut self) {
        if let Some(n) = self.scopes.pop() {
            self.bindings.truncate(n);
        }
    }

    /// Writes escaped text.
    pub fn text(&mut self, text: &str) {
        escape_text(text, &mut self.out);
    }

    /// Writes a simple value as text.
    pub fn value<T: SimpleValue>(&mut self, value: &T) {
        let mut text = String::new();
        value.write_xml(&mut text);
        escape_text(&text, &mut self.out);
    }

    /// Writes `<name>value</name>` for a simple value.
    pub fn simple<T: SimpleValue>(&mut self, name: Name, value: &T) -> Result<()> {
        let tag = self.start(name);
        self.open(&tag);
        self.value(value);
        self.close(tag);
        Ok(())
    }

    /// Writes a nillable simple element.
    pub fn nillable_simple<T: SimpleValue>(&mut self, name: Name, value: &super::Nillable<T>) -> Result<()> {
        match value {
            super::Nillable::Value(v) => self.simple(name, v),
            super::Nillable::Nil => {
                self.nil_element(name);
                Ok(())
            }
        }
    }

    /// Writes an element with text content and the attributes its type fixes (the shared body
    /// of every type generated through [`text_element!`](crate::runtime::xml::text_element)).
    pub fn text_element<T: SimpleValue>(&mut self, name: Name, fixed: &[(Name, &str)], value: &T) {
        let tag = self.start(name);
        for (n, v) in fixed {
            self.attr(&tag, *n, v);
        }
        self.open(&tag);
        self.value(value);
        self.close(tag);
    }

    /// Writes `<name xsi:nil="true"/>` with the attributes the type fixes.
    pub fn nil_element_fixed(&mut self, name: Name, fixed: &[(Name, &str)]) {
        let tag = self.start(name);
        for (n, v) in fixed {
            self.attr(&tag, *n, v);
        }
        self.nil(&tag);
        self.end_empty(tag);
    }

    /// Writes `<name xsi:nil="true"/>`.
    pub fn nil_element(&mut self, name: Name) {
        let tag = self.start(name);
        self.nil(&tag);
        self.end_empty(tag);
    }

    /// Writes a complex element.
    pub fn element<T: XmlWrite>(&mut self, name: Name, value: &T) -> Result<()> {
        value.write_xml(self, name)
    }

    /// Writes a nillable complex element (a nil one keeps the attributes its type fixes).
    pub fn nillable<T: XmlWrite>(&mut self, name: Name, value: &super::Nillable<T>) -> Result<()> {
        match value {
            super::Nillable::Value(v) => v.write_xml(self, name),
            super::Nillable::Nil => {
                T::write_nil_xml(self, name);
                Ok(())
            }
        }
    }

    /// Writes content without a wrapper (choices, repeated groups).
    pub fn content<T: XmlContent>(&mut self, value: &T) -> Result<()> {
        value.write_content(self)
    }

    /// Writes raw XML kept from a wildcard.
    pub fn any(&mut self, value: &AnyElement) -> Result<()> {
        value.write(self);
        Ok(())
    }
}

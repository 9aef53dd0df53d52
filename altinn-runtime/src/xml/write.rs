//! Writing: UTF-8 XML with namespaces declared where they are first needed. Element namespaces
//! go through the default namespace (`xmlns="…"`, reset with `xmlns=""` for unqualified
//! children); namespaced attributes get a prefix (`xsi` for the instance namespace). QName values
//! bind what they need while their element's start tag is still open (see [`NamespaceBinder`]).

use super::{AnyElement, Name, NamespaceBinder, Result, SimpleValue, XSI, XmlContent, XmlWrite};

/// A start tag being written (attributes may still be added).
#[derive(Debug)]
pub struct StartTag {
    _private: (),
}

/// An element being written.
#[derive(Debug)]
struct Frame {
    /// `bindings.len()` before the element's declarations.
    scope: usize,
    /// The name in its tags (`local`, or `p:local` once a QName value took the default
    /// namespace).
    qname: String,
    /// Where its `<` is in the output.
    tag_at: usize,
    /// Where its own `xmlns="…"` declaration is in the output, if it made one.
    default_decl: Option<(usize, usize)>,
}

/// The writer generated code writes with.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    bindings: Vec<(String, String)>,
    frames: Vec<Frame>,
    prefixes: usize,
    /// The innermost start tag is not closed yet (`>` is written when content follows).
    in_start_tag: bool,
}

impl NamespaceBinder for Writer {
    fn bind(&mut self, preferred: Option<&str>, ns: Option<&str>) -> String {
        let Some(ns) = ns else {
            // No namespace: only an unprefixed name can say that, with no default namespace.
            if self.lookup("").is_some() {
                self.move_default(None);
            }
            return String::new();
        };
        match preferred {
            Some(p) if self.lookup(p) == Some(ns) => return p.to_string(),
            Some(p) if self.in_start_tag && p != "xml" && p != "xmlns" && self.lookup(p).is_none() && !self.declared_here(p) => {
                self.declare(p, ns);
                return p.to_string();
            }
            Some(_) => {}
            None => {
                if self.lookup("") == Some(ns) || self.move_default(Some(ns)) {
                    return String::new();
                }
            }
        }
        // The prefix it was read with means something else here: another one.
        if self.in_start_tag {
            return self.prefix_or_declare(ns);
        }
        // Mixed content after a child: nothing can be declared any more.
        self.prefix_for(ns).unwrap_or(preferred.unwrap_or_default()).to_string()
    }
}

/// Appends `s` escaped for element text (`&`, `<`, `>`, and `\r` so it survives reading).
pub fn escape_text(s: &str, out: &mut String) {
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

/// Appends `s` escaped for a double-quoted attribute value (whitespace kept as references so
/// attribute-value normalisation does not change it).
pub fn escape_attr(s: &str, out: &mut String) {
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
        self.bindings.iter().rev().find(|(p, n)| n == ns && !p.is_empty() && self.lookup(p) == Some(ns)).map(|(p, _)| p.as_str())
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
        self.end_start_tag();
        let tag_at = self.out.len();
        let scope = self.bindings.len();
        self.out.push('<');
        self.out.push_str(local);
        let current = self.lookup("").map(str::to_string);
        let before = self.out.len();
        match ns {
            Some(ns) if current.as_deref() != Some(ns) => self.declare("", ns),
            None if current.is_some() => self.declare("", ""),
            _ => {}
        }
        let default_decl = (self.out.len() > before).then_some((before, self.out.len()));
        self.frames.push(Frame { scope, qname: local.to_string(), tag_at, default_decl });
        self.in_start_tag = true;
        StartTag { _private: () }
    }

    /// Writes the `>` of a start tag that content follows.
    fn end_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }

    /// Adds an attribute with a text value.
    pub fn attr(&mut self, tag: &StartTag, name: Name, value: &str) {
        self.attr_raw(tag, name.ns, name.local, value);
    }

    /// Adds an attribute with a simple value.
    pub fn attr_value<T: SimpleValue>(&mut self, tag: &StartTag, name: Name, value: &T) {
        let mut text = String::new();
        value.write_xml_in(&mut text, self);
        self.attr(tag, name, &text);
    }

    /// Adds an attribute by a name only known at run time (also `anyAttribute`).
    pub fn attr_raw(&mut self, _tag: &StartTag, ns: Option<&str>, local: &str, value: &str) {
        self.out.push(' ');
        if let Some(ns) = ns {
            let prefix = match self.prefix_for(ns) {
                Some(p) => p.to_string(),
                None => {
                    let p = if ns == XSI && self.lookup("xsi").is_none() { "xsi".to_string() } else { self.fresh_prefix() };
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

    /// Keeps a prefix binding raw XML was read with (its attribute values or text may name it),
    /// unless the prefix already means that namespace here. Call before the attributes.
    pub fn keep_binding(&mut self, _tag: &StartTag, prefix: &str, ns: &str) {
        if !prefix.is_empty() && prefix != "xml" && self.lookup(prefix) != Some(ns) && !self.declared_here(prefix) {
            self.declare(prefix, ns);
        }
    }

    fn fresh_prefix(&mut self) -> String {
        loop {
            self.prefixes += 1;
            let p = format!("ns{}", self.prefixes);
            if self.lookup(&p).is_none() && !self.declared_here(&p) {
                return p;
            }
        }
    }

    /// A prefix bound to `ns` here, or a fresh one declared in the open start tag.
    fn prefix_or_declare(&mut self, ns: &str) -> String {
        if let Some(p) = self.prefix_for(ns) {
            return p.to_string();
        }
        let p = self.fresh_prefix();
        self.declare(&p, ns);
        p
    }

    /// Whether the innermost start tag declares `prefix` itself.
    fn declared_here(&self, prefix: &str) -> bool {
        let scope = self.frames.last().map_or(0, |f| f.scope);
        self.bindings[scope..].iter().any(|(p, _)| p == prefix)
    }

    /// Marks the element `xsi:nil="true"`.
    pub fn nil(&mut self, tag: &StartTag) {
        self.attr(tag, Name::new(Some(XSI), "nil"), "true");
    }

    /// Ends the attributes; content follows, then [`Writer::close`].
    pub fn open(&mut self, _tag: &StartTag) {}

    /// Ends an element that has no content (`<a/>`).
    pub fn end_empty(&mut self, tag: StartTag) {
        if self.in_start_tag {
            self.out.push_str("/>");
            self.in_start_tag = false;
            self.pop();
        } else {
            self.close(tag);
        }
    }

    /// Writes the end tag.
    pub fn close(&mut self, _tag: StartTag) {
        self.end_start_tag();
        if let Some(frame) = self.frames.last() {
            self.out.push_str("</");
            self.out.push_str(&frame.qname);
            self.out.push('>');
        }
        self.pop();
    }

    fn pop(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.bindings.truncate(f.scope);
        }
    }

    /// Writes escaped text.
    pub fn text(&mut self, text: &str) {
        self.end_start_tag();
        escape_text(text, &mut self.out);
    }

    /// Writes a simple value as text.
    pub fn value<T: SimpleValue>(&mut self, value: &T) {
        let mut text = String::new();
        value.write_xml_in(&mut text, self);
        self.end_start_tag();
        escape_text(&text, &mut self.out);
    }

    /// Gives the innermost element a prefixed name so that its default namespace can become
    /// `ns` (an unprefixed QName value in it means a name in the default namespace).
    fn move_default(&mut self, ns: Option<&str>) -> bool {
        let Some(frame) = self.frames.last() else { return false };
        let Some(own) = self.lookup("").map(str::to_string) else { return false };
        if !self.in_start_tag || frame.qname.contains(':') {
            return false;
        }
        let (tag_at, default_decl, scope) = (frame.tag_at, frame.default_decl, frame.scope);
        let prefix = self.prefix_or_declare(&own);
        // The element's own `xmlns="…"` is replaced (one tag cannot declare it twice).
        if let Some((from, to)) = default_decl {
            self.out.replace_range(from..to, "");
            if let Some(i) = self.bindings[scope..].iter().position(|(p, _)| p.is_empty()) {
                self.bindings.remove(scope + i);
            }
        }
        self.declare("", ns.unwrap_or(""));
        self.out.insert_str(tag_at + 1, &format!("{prefix}:"));
        if let Some(frame) = self.frames.last_mut() {
            frame.qname = format!("{prefix}:{}", frame.qname);
            frame.default_decl = None;
        }
        true
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
    /// of every type generated through [`text_element!`](crate::xml::text_element)).
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

    /// Writes the attributes kept from an `anyAttribute`, as they were read.
    pub fn attrs_raw(&mut self, tag: &StartTag, attrs: &[super::Attr]) {
        for a in attrs {
            self.attr_raw(tag, a.ns.as_deref(), &a.local, &a.value);
        }
    }

    /// [`Writer::attr_value`] when an optional attribute has a value.
    pub fn attr_opt<T: SimpleValue>(&mut self, tag: &StartTag, name: Name, value: &Option<T>) {
        if let Some(v) = value {
            self.attr_value(tag, name, v);
        }
    }
}

//! Raw XML for wildcards (`xs:any`, `xs:anyType`): kept whole so nothing is lost on a round trip.

use super::read::{Attr, Element, Reader};
use super::{Result, Writer};

/// A node of raw XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyNode {
    /// An element.
    Element(AnyElement),
    /// Character data.
    Text(String),
}

/// An element kept as raw XML. Two are equal when their names, attributes and content are: the
/// prefix bindings they were read with are how they were written, not what they say.
#[derive(Debug, Clone, Default)]
pub struct AnyElement {
    /// Namespace.
    pub ns: Option<String>,
    /// Local name.
    pub local: String,
    /// Attributes (namespace declarations are regenerated when writing).
    pub attributes: Vec<Attr>,
    /// Prefix bindings (prefix, URI) it was read with, kept because attribute values and text
    /// may name them (QNames such as `xsi:type="p:T"`): for the outermost raw element every
    /// prefix in scope, for the ones inside it their own declarations.
    pub namespaces: Vec<(String, String)>,
    /// Children in order.
    pub children: Vec<AnyNode>,
}

impl PartialEq for AnyElement {
    fn eq(&self, other: &Self) -> bool {
        self.ns == other.ns && self.local == other.local && self.attributes == other.attributes && self.children == other.children
    }
}

impl Eq for AnyElement {}

impl AnyElement {
    /// Reads `el` (start tag consumed) with all its content.
    pub fn read(r: &mut Reader<'_>, el: Element<'_>) -> Result<Self> {
        Self::read_nested(r, el, false)
    }

    fn read_nested(r: &mut Reader<'_>, el: Element<'_>, nested: bool) -> Result<Self> {
        let namespaces = r.prefixes_in_scope(nested);
        let mut children = Vec::new();
        while let Some(child) = r.next_raw()? {
            let text = r.text_before_child();
            if !text.is_empty() {
                children.push(AnyNode::Text(text));
            }
            children.push(AnyNode::Element(AnyElement::read_nested(r, child, true)?));
        }
        let text = r.close_with_text()?;
        if !text.is_empty() {
            children.push(AnyNode::Text(text));
        }
        Ok(AnyElement {
            ns: el.ns().map(str::to_string),
            local: el.local().to_string(),
            attributes: el.attrs().to_vec(),
            namespaces,
            children,
        })
    }

    /// Writes the element back.
    pub fn write(&self, w: &mut Writer) {
        let tag = w.start_raw(self.ns.as_deref(), &self.local);
        for (prefix, ns) in &self.namespaces {
            w.keep_binding(&tag, prefix, ns);
        }
        for a in &self.attributes {
            w.attr_raw(&tag, a.ns.as_deref(), &a.local, &a.value);
        }
        if self.children.is_empty() {
            w.end_empty(tag);
            return;
        }
        w.open(&tag);
        for c in &self.children {
            match c {
                AnyNode::Text(t) => w.text(t),
                AnyNode::Element(e) => e.write(w),
            }
        }
        w.close(tag);
    }

    /// The concatenated text inside.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            match c {
                AnyNode::Text(t) => out.push_str(t),
                AnyNode::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

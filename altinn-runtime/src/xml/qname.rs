//! `xs:QName` and `xs:NOTATION` values: a prefix in the text, a namespace in the meaning.
//!
//! The prefix of `p:local` only means something with the namespace declarations in scope where
//! the value stands, so such values are read with the reader's bindings
//! ([`SimpleValue::parse_xml_in`]) and written through the writer, which declares what the
//! value needs ([`SimpleValue::write_xml_in`]). The prefix as read is kept, so the text comes
//! back the same; two names are equal when their namespace and local part are.

use std::hash::{Hash, Hasher};

use super::facets::{FacetCheck, Facets};
use super::values::{SimpleValue, ValueError};

/// The namespace bindings where a value is read.
pub trait NamespaceScope {
    /// The namespace `prefix` is bound to (`""`: the default namespace), if any.
    fn namespace_of(&self, prefix: &str) -> Option<&str>;
}

/// Where a value is written: binds the namespaces a value needs.
pub trait NamespaceBinder {
    /// Makes `ns` reachable from the value being written and returns the prefix to write with
    /// (`""`: none, the default namespace is `ns`). `preferred` is the prefix the value was read
    /// with; it is kept when it can be.
    fn bind(&mut self, preferred: Option<&str>, ns: Option<&str>) -> String;
}

/// A qualified name as a value (`xs:QName`, `xs:NOTATION`).
#[derive(Debug, Clone, Default, Eq)]
pub struct QualifiedName {
    /// The prefix it was written with (`None`: unprefixed).
    pub prefix: Option<String>,
    /// Its namespace (`None`: no namespace, or not known when read without bindings).
    pub ns: Option<String>,
    /// The local part.
    pub local: String,
}

impl QualifiedName {
    /// A name in a namespace (or none), written with whatever prefix the writer finds.
    pub fn new(ns: Option<&str>, local: &str) -> Self {
        QualifiedName { prefix: None, ns: ns.map(str::to_string), local: local.to_string() }
    }

    /// Splits `p:local` and checks both parts are NCNames.
    fn split(text: &str) -> Result<(Option<&str>, &str), ValueError> {
        let t = text.trim();
        let (prefix, local) = match t.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, t),
        };
        for part in prefix.into_iter().chain([local]) {
            if !is_ncname(part) {
                return Err(ValueError(format!("`{t}` is not a QName")));
            }
        }
        Ok((prefix, local))
    }

    /// The lexical form, with the prefix it was read with.
    pub fn lexical(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.local),
            None => self.local.clone(),
        }
    }
}

impl PartialEq for QualifiedName {
    fn eq(&self, other: &Self) -> bool {
        self.ns == other.ns && self.local == other.local
    }
}

impl Hash for QualifiedName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ns.hash(state);
        self.local.hash(state);
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lexical())
    }
}

fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_alphabetic() || first == '_') && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{B7}'))
}

impl SimpleValue for QualifiedName {
    /// Without bindings only the prefix is known; readers use [`SimpleValue::parse_xml_in`].
    fn parse_xml(text: &str) -> Result<Self, ValueError> {
        let (prefix, local) = Self::split(text)?;
        Ok(QualifiedName { prefix: prefix.map(str::to_string), ns: None, local: local.to_string() })
    }

    fn parse_xml_in(text: &str, scope: &dyn NamespaceScope) -> Result<Self, ValueError> {
        let (prefix, local) = Self::split(text)?;
        let ns = match prefix {
            Some(p) => {
                Some(scope.namespace_of(p).ok_or_else(|| ValueError(format!("the prefix `{p}` of `{}` is not declared", text.trim())))?)
            }
            None => scope.namespace_of(""),
        };
        Ok(QualifiedName { prefix: prefix.map(str::to_string), ns: ns.map(str::to_string), local: local.to_string() })
    }

    fn write_xml(&self, out: &mut String) {
        out.push_str(&self.lexical());
    }

    fn write_xml_in(&self, out: &mut String, binder: &mut dyn NamespaceBinder) {
        // A prefix read without bindings has no known namespace: written as it was read.
        if self.ns.is_none() && self.prefix.is_some() {
            return self.write_xml(out);
        }
        let prefix = binder.bind(self.prefix.as_deref(), self.ns.as_deref());
        if !prefix.is_empty() {
            out.push_str(&prefix);
            out.push(':');
        }
        out.push_str(&self.local);
    }
}

impl FacetCheck for QualifiedName {
    /// Length facets on QName and NOTATION are deprecated and every value meets them
    /// (XML Schema 1.1, part 2, 4.3.1.3); patterns apply to the lexical form.
    fn check_facets(&self, _: &Facets) -> Result<(), super::facets::FacetError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Scope(&'static [(&'static str, &'static str)]);
    impl NamespaceScope for Scope {
        fn namespace_of(&self, prefix: &str) -> Option<&str> {
            self.0.iter().find(|(p, _)| *p == prefix).map(|(_, n)| *n)
        }
    }

    #[test]
    fn reads_with_bindings() {
        let scope = Scope(&[("a", "urn:a"), ("", "urn:default")]);
        let q = QualifiedName::parse_xml_in(" a:x ", &scope).unwrap();
        assert_eq!((q.prefix.as_deref(), q.ns.as_deref(), q.local.as_str()), (Some("a"), Some("urn:a"), "x"));
        let q = QualifiedName::parse_xml_in("y", &scope).unwrap();
        assert_eq!(q.ns.as_deref(), Some("urn:default"));
        assert!(QualifiedName::parse_xml_in("b:x", &scope).unwrap_err().0.contains("`b`"));
        assert!(QualifiedName::parse_xml("a:b:c").is_err());
        assert!(QualifiedName::parse_xml("1a").is_err());
        // Equal by meaning, not by prefix.
        assert_eq!(QualifiedName::parse_xml_in("a:x", &scope).unwrap(), QualifiedName::new(Some("urn:a"), "x"));
    }

    fn written(value: &QualifiedName, ns: Option<&'static str>) -> String {
        let mut w = crate::xml::Writer::new();
        w.simple(crate::xml::Name::new(ns, "a"), value).unwrap();
        w.finish().split_once('\n').unwrap().1.to_string()
    }

    #[test]
    fn writes_the_bindings_a_value_needs() {
        let q = |p: Option<&str>, ns: Option<&str>, l: &str| QualifiedName {
            prefix: p.map(Into::into),
            ns: ns.map(Into::into),
            local: l.into(),
        };
        // The prefix it was read with is declared.
        assert_eq!(written(&q(Some("p"), Some("urn:v"), "x"), Some("urn:e")), r#"<a xmlns="urn:e" xmlns:p="urn:v">p:x</a>"#);
        // Unprefixed in the element's own namespace: nothing to do.
        assert_eq!(written(&q(None, Some("urn:e"), "x"), Some("urn:e")), r#"<a xmlns="urn:e">x</a>"#);
        // Unprefixed in another namespace: the element takes a prefix, the default becomes the
        // value's namespace, and the text stays the same.
        assert_eq!(written(&q(None, Some("urn:v"), "x"), Some("urn:e")), r#"<ns1:a xmlns:ns1="urn:e" xmlns="urn:v">x</ns1:a>"#);
        // Unprefixed in no namespace inside a namespaced element.
        assert_eq!(written(&q(None, None, "x"), Some("urn:e")), r#"<ns1:a xmlns:ns1="urn:e" xmlns="">x</ns1:a>"#);
        // A prefix already meaning something else here: another prefix (same name, other text).
        let mut w = crate::xml::Writer::new();
        let tag = w.start_raw(None, "r");
        w.keep_binding(&tag, "p", "urn:other");
        w.simple(crate::xml::Name::new(None, "a"), &q(Some("p"), Some("urn:v"), "x")).unwrap();
        w.close(tag);
        assert_eq!(w.finish().split_once('\n').unwrap().1, r#"<r xmlns:p="urn:other"><a xmlns:ns1="urn:v">ns1:x</a></r>"#);
    }

    #[test]
    fn round_trips_through_reader_and_writer() {
        use crate::xml::{Mode, Name, Reader};
        let doc = r#"<n:a xmlns:n="urn:e" xmlns="urn:d" xmlns:p="urn:v">p:x y</n:a>"#;
        let mut r = Reader::new(doc, Mode::Strict);
        let el = r.root().unwrap();
        let v: crate::xml::List<QualifiedName> = r.simple(el).unwrap();
        assert_eq!(v.0, vec![QualifiedName::new(Some("urn:v"), "x"), QualifiedName::new(Some("urn:d"), "y")]);
        let mut w = crate::xml::Writer::new();
        w.simple(Name::new(Some("urn:e"), "a"), &v).unwrap();
        let out = w.finish();
        let mut r = Reader::new(&out, Mode::Strict);
        let el = r.root().unwrap();
        let again: crate::xml::List<QualifiedName> = r.simple(el).unwrap();
        assert_eq!(again, v);
        assert!(out.contains(">p:x y<"), "{out}");
    }
}

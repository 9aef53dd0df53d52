//! XSD schema documents: bytes → decoded text → XML tree → [`ast::Schema`].
//!
//! Errors name the file, the line and the construct. Constructs that carry no data for the
//! generated types (identity constraints, notations, `xs:appinfo`) are skipped; SERES'
//! pseudo-attributes inside `xs:annotation` are documentation, never attributes of a type.

pub mod ast;
mod read;

use std::path::{Path, PathBuf};

use super::{decode, xml_tree};

/// The XML Schema namespace.
pub const XS: &str = "http://www.w3.org/2001/XMLSchema";
/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An error in a schema document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {construct}: {message}", file.display())]
pub struct XsdError {
    /// The schema file.
    pub file: PathBuf,
    /// 1-based line (0 when the file could not be read at all).
    pub line: usize,
    /// The construct, e.g. `<xs:element name="a">`.
    pub construct: String,
    /// What is wrong.
    pub message: String,
}

/// The target namespace of a schema document, read from its root tag alone (what indexing a
/// schema set by namespace needs, without parsing every document whole). `Ok(None)` for a
/// schema without one; an error when the document is not an `xs:schema` or its start is not
/// well-formed. A document whose later content is broken is still indexed: loading it reports
/// that, with its line.
pub fn target_namespace(bytes: &[u8], file: &Path) -> Result<Option<String>, XsdError> {
    use quick_xml::events::Event;
    let (text, _) =
        decode::decode(bytes).map_err(|message| XsdError { file: file.to_path_buf(), line: 0, construct: "document".into(), message })?;
    // Errors name the line where the event that failed starts.
    let err = |at: usize, construct: &str, message: String| XsdError {
        file: file.to_path_buf(),
        line: xml_tree::line_at(text.as_bytes(), at),
        construct: construct.to_string(),
        message,
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    let (at, root) = loop {
        let at = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => break (at, e),
            Ok(Event::Eof) => return Err(err(at, "document", "no root element".into())),
            Ok(_) => {}
            Err(e) => return Err(err(at, "XML", format!("malformed XML: {e}"))),
        }
    };
    let (mut target, mut bindings): (_, Vec<(String, String)>) = (None, Vec::new());
    for a in root.attributes() {
        let a = a.map_err(|e| err(at, "XML", format!("bad attribute: {e}")))?;
        let key: &str = a.key.as_ref();
        let value =
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| err(at, "XML", format!("bad attribute value: {e}")))?;
        if key == "targetNamespace" {
            target = Some(value.into_owned());
        } else if key == "xmlns" {
            bindings.push((String::new(), value.into_owned()));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            bindings.push((prefix.to_string(), value.into_owned()));
        }
    }
    let name = root.name();
    let qname: &str = name.as_ref();
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    let ns = bindings.iter().find(|(p, _)| *p == prefix).map(|(_, ns)| ns.as_str());
    if local != "schema" || ns != Some(XS) {
        return Err(err(at, &format!("<{qname}>"), format!("the root element is {qname} (expected xs:schema in {XS})")));
    }
    Ok(target.filter(|t| !t.is_empty()))
}

/// Parses schema bytes; `file` names them in errors (reading them is resolve's part: the loader
/// reads through the snapshot stage's files).
pub fn parse_bytes(bytes: &[u8], file: &Path) -> Result<ast::Schema, XsdError> {
    let err = |line: usize, construct: &str, message: String| XsdError {
        file: file.to_path_buf(),
        line,
        construct: construct.to_string(),
        message,
    };
    let (text, _) = decode::decode(bytes).map_err(|m| err(0, "document", m))?;
    let root = xml_tree::parse(&text).map_err(|e| err(e.line, "XML", e.message))?;
    read::schema(&root, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> Result<Option<String>, XsdError> {
        target_namespace(text.as_bytes(), Path::new("a.xsd"))
    }

    #[test]
    fn the_target_namespace_comes_from_the_root_tag_as_a_whole_parse_reads_it() {
        let cases = [
            r#"<?xml version="1.0"?><!-- c --><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a&amp;b"><xs:element name="e"/></xs:schema>"#,
            r#"<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a&amp;b"/>"#,
            r#"<xsd:schema targetNamespace="" xmlns:xsd="http://www.w3.org/2001/XMLSchema"></xsd:schema>"#,
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e"/></xs:schema>"#,
        ];
        for text in cases {
            let whole = parse_bytes(text.as_bytes(), Path::new("a.xsd")).unwrap().target_ns;
            assert_eq!(target(text).unwrap(), whole, "{text}");
        }
        assert_eq!(target(cases[0]).unwrap().as_deref(), Some("urn:a&b"));
    }

    #[test]
    fn a_root_that_is_not_a_schema_has_no_target_namespace() {
        for text in [
            r#"<schema targetNamespace="urn:a"/>"#,
            r#"<xs:schema xmlns:xs="urn:other" targetNamespace="urn:a"/>"#,
            r#"<xs:element xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a"/>"#,
            "<!-- only a comment -->",
            "<a b=>",
        ] {
            let e = target(text).unwrap_err();
            assert_eq!((e.file.as_path(), e.line), (Path::new("a.xsd"), 1), "{text}");
        }
        let e = target("<?xml version=\"1.0\"?>\n<!-- c -->\n<xs:element xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>").unwrap_err();
        assert_eq!((e.line, e.construct.as_str()), (3, "<xs:element>"), "{e}");
    }
}

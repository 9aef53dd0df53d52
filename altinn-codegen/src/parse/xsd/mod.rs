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

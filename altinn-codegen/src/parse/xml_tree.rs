//! The namespace-aware XML tree with line numbers the XSD reader walks: the runtime's
//! ([`altinn_runtime::xml::tree`]), the one DOM builder of the runtime and the generator.

pub use altinn_runtime::xml::tree::{Element, QName, Scope, TreeError, UNDECLARED, XML_NS, line_at, parse};

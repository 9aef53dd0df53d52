//! Stage 1: parse each input as received: metadata JSON, XSD schemas (OpenAPI follows).

pub mod altinn3;
pub mod decode;
pub mod lenient;
pub mod metadata;
pub mod openapi;
pub mod openapi31;
pub mod xml_tree;
pub mod xsd;

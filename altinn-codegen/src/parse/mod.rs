//! Stage 1: parse each input as received, from its bytes: metadata JSON, XSD schemas, OpenAPI
//! documents. Reading the bytes is not parse's part: `resolve` reads them through the snapshot
//! stage (`crate::snapshot::Source`), so nothing here touches the disk.

pub mod altinn3;
pub mod decode;
pub mod lenient;
pub mod metadata;
pub mod openapi;
pub mod openapi31;
pub mod xml_tree;
pub mod xsd;

//! Stage 1: parse each input as received (metadata JSON; XSDs and OpenAPI documents follow).

pub mod lenient;
pub mod metadata;

//! Stage 2: join the parsed inputs of a snapshot into one model.

pub mod catalogue;
pub mod openapi;
pub mod xsd;

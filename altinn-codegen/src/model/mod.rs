//! Stage 2's output: one intermediate model of everything the generator emits.
//! Parsing fills it through [`crate::resolve`]; [`crate::emit`] reads only this.

pub mod api;
pub mod catalogue;
pub mod xsd;

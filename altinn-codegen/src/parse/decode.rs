//! Bytes of an XML document → text, whatever encoding it came in: the runtime's decoding
//! ([`altinn_runtime::xml::decode_document`]), so schemas and instances are read alike.

use encoding_rs::Encoding;

/// The text and the encoding it was decoded from.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static Encoding), String> {
    altinn_runtime::xml::decode_document(bytes).map(|(text, e)| (text.into_owned(), e)).map_err(|e| e.to_string())
}

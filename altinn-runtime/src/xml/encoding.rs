//! Bytes of an XML document → text, whatever encoding it came in: the one definition the
//! generated readers and the generator (reading schemas) share.
//!
//! Byte-order marks (UTF-8, UTF-16LE/BE) win; without one, UTF-16 is recognised by its first
//! characters and anything else by the `encoding` of the XML declaration (ISO-8859-1,
//! windows-1252, …), defaulting to UTF-8. A declaration of UTF-16 in a file that is evidently
//! 8-bit is taken as UTF-8. Bytes that do not decode are an error, never replaced.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Bytes that do not decode: where (1-based line; 0 when unknown) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The line of the first byte that does not decode (0: unknown).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 { write!(f, "line {}: {}", self.line, self.message) } else { f.write_str(&self.message) }
    }
}

/// The text and the encoding it was decoded from; UTF-8 input is borrowed, not copied.
pub fn decode_document(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static Encoding), DecodeError> {
    let (encoding, body): (&'static Encoding, &[u8]) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (UTF_8, rest),
        [0xFF, 0xFE, rest @ ..] => (UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => (UTF_16BE, rest),
        [b'<', 0, b'?', 0, ..] => (UTF_16LE, bytes),
        [0, b'<', 0, b'?', ..] => (UTF_16BE, bytes),
        _ => match declared(bytes) {
            Some(e) if e != UTF_16LE && e != UTF_16BE => (e, bytes),
            _ => (UTF_8, bytes),
        },
    };
    // encoding_rs validates UTF-8 an ASCII run a vector at a time (about three times faster than
    // `str::from_utf8` on forms) and borrows what needs no decoding; the standard check only
    // runs again to say where UTF-8 went wrong.
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(body) {
        return Ok((text, encoding));
    }
    Err(match std::str::from_utf8(body) {
        Err(e) if encoding == UTF_8 => {
            DecodeError { line: super::tree::line_at(body, e.valid_up_to()), message: format!("the document is not valid UTF-8: {e}") }
        }
        _ => DecodeError { line: 0, message: format!("the document is not valid {}", encoding.name()) },
    })
}

/// The `encoding="…"` of an 8-bit XML declaration.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let label = &rest[1..rest[1..].find(quote)? + 1];
    Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_declarations() {
        assert_eq!(decode_document(b"\xEF\xBB\xBF<a/>").unwrap().0, "<a/>");
        let utf16le: Vec<u8> = b"\xFF\xFE".iter().copied().chain("<a>ø</a>".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode_document(&utf16le).unwrap().0, "<a>ø</a>");
        let utf16be: Vec<u8> = "<?xml version=\"1.0\"?><a/>".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode_document(&utf16be).unwrap().0, "<?xml version=\"1.0\"?><a/>");
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE6\xF8\xE5</a>";
        assert_eq!(decode_document(latin1).unwrap().0, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>æøå</a>");
        assert!(decode_document(b"<a>\xFF</a>").is_err());
        let bad = decode_document(b"<a>\n<b>\xC3</b></a>").unwrap_err();
        assert_eq!(bad.line, 2, "the line of the first byte that does not decode");
        assert!(bad.message.contains("not valid UTF-8"), "{}", bad.message);
        assert_eq!(decode_document(b"<?xml version='1.0' encoding='UTF-16'?><a/>").unwrap().1, UTF_8);
        assert!(matches!(decode_document(b"<a/>").unwrap().0, Cow::Borrowed(_)), "UTF-8 is not copied");
    }
}

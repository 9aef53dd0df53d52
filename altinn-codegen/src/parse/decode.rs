//! Bytes of an XML document → text, whatever encoding it came in.
//!
//! Byte-order marks (UTF-8, UTF-16LE/BE) win; without one, UTF-16 is recognised by its first
//! characters and anything else by the `encoding` of the XML declaration (ISO-8859-1,
//! windows-1252, …), defaulting to UTF-8. Bytes that do not decode are an error, not replaced.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// The text and the encoding it was decoded from.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static Encoding), String> {
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (UTF_16BE, rest)
    } else if bytes.starts_with(b"<\0?\0") {
        (UTF_16LE, bytes)
    } else if bytes.starts_with(b"\0<\0?") {
        (UTF_16BE, bytes)
    } else {
        // A declaration of UTF-16 in a file that is evidently 8-bit is taken as UTF-8.
        match declared(bytes) {
            Some(e) if e == UTF_16LE || e == UTF_16BE => (UTF_8, bytes),
            Some(e) => (e, bytes),
            None => (UTF_8, bytes),
        }
    };
    match encoding.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok((text.into_owned(), encoding)),
        None => Err(format!("the bytes are not valid {}", encoding.name())),
    }
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
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>").unwrap().0, "<a/>");
        let utf16le: Vec<u8> = b"\xFF\xFE".iter().copied().chain("<a>ø</a>".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16le).unwrap().0, "<a>ø</a>");
        let utf16be: Vec<u8> = "<?xml version=\"1.0\"?><a/>".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&utf16be).unwrap().0, "<?xml version=\"1.0\"?><a/>");
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE6\xF8\xE5</a>";
        assert_eq!(decode(latin1).unwrap().0, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>æøå</a>");
        assert!(decode(b"<a>\xFF</a>").is_err());
        assert_eq!(decode(b"<?xml version='1.0' encoding='UTF-16'?><a/>").unwrap().1, UTF_8);
    }
}

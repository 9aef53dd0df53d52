//! File names built from values in server responses.
//!
//! A server decides `DataFormatID`, service codes, code-list names and so on. None of those may
//! steer where a file is written: every value becomes exactly one path segment through an
//! injective percent-encoding that keeps `[A-Za-z0-9_-]` and encodes everything else (including
//! `.`, `/`, `\` and `%`), so `../../x` becomes `%2E%2E%2F%2E%2E%2Fx` and two different values
//! never share a file.

/// Longest segment we write; longer values are cut and suffixed with a hash of the full value.
const MAX_SEGMENT: usize = 120;

/// Turns any server-provided value into one safe, readable, injective path segment.
pub fn segment(value: &str) -> String {
    if value.is_empty() {
        return "%".to_string();
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    if out.len() > MAX_SEGMENT {
        use sha2::Digest;
        let digest = hex::encode(sha2::Sha256::digest(value.as_bytes()));
        // `out` is ASCII, so any cut is a character boundary; the hash keeps it injective.
        out.truncate(MAX_SEGMENT - 17);
        out.push('~');
        out.push_str(&digest[..16]);
    }
    out
}

/// True when `rel` is a relative path made only of normal segments (no `..`, no root, no prefix).
pub fn is_contained(rel: &std::path::Path) -> bool {
    use std::path::Component;
    !rel.as_os_str().is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_values() {
        assert_eq!(segment("3442"), "3442");
        assert_eq!(segment("sofus"), "sofus");
        assert_eq!(segment("ASF_Land"), "ASF_Land");
    }

    #[test]
    fn hostile_values_stay_one_segment() {
        for hostile in ["../../x", "..", ".", "/etc/passwd", "a\\b", "C:", "x\0y", "%2E"] {
            let s = segment(hostile);
            assert!(!s.contains('/') && !s.contains('\\') && !s.contains('.'), "{hostile} -> {s}");
            assert!(is_contained(std::path::Path::new(&s)), "{hostile} -> {s}");
        }
        assert_eq!(segment("../../x"), "%2E%2E%2F%2E%2E%2Fx");
    }

    #[test]
    fn injective() {
        assert_ne!(segment("a.b"), segment("a%2Eb"));
        assert_ne!(segment(""), segment("%"));
        assert_ne!(segment("Ø"), segment("O"));
    }

    #[test]
    fn long_values_are_cut_with_a_hash() {
        let long = "x".repeat(500);
        let s = segment(&long);
        assert!(s.len() <= MAX_SEGMENT);
        assert_ne!(s, segment(&"x".repeat(501)));
    }
}

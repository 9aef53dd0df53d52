//! A value that must never reach a log: passwords, tokens, cookies, API keys.

use std::fmt;

/// A secret string. `Debug` and `Display` print `***`; read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// The key every call except metadata and authentication carries in the `ApiKey` header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(pub Secret);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(Secret::new(key))
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// `body` with every occurrence of each secret replaced by `***`: an error answer that echoes
/// what was sent (a token, a key, a password, a signed grant) keeps the rest of what the server
/// said. The JSON-escaped and form-encoded spellings of a secret are replaced too.
pub(crate) fn scrub(body: bytes::Bytes, secrets: &[&Secret]) -> bytes::Bytes {
    let mut spellings: Vec<Vec<u8>> = Vec::new();
    for s in secrets.iter().map(|s| s.expose()).filter(|s| !s.is_empty()) {
        let json = serde_json::to_string(s).unwrap_or_default();
        let form: String = url::form_urlencoded::byte_serialize(s.as_bytes()).collect();
        for v in [s.to_string(), json.trim_matches('"').to_string(), form] {
            if !v.is_empty() && !spellings.iter().any(|x| x == v.as_bytes()) {
                spellings.push(v.into_bytes());
            }
        }
    }
    // Longest first, so that a secret inside another is not left half-replaced.
    spellings.sort_by_key(|v| std::cmp::Reverse(v.len()));
    if !spellings.iter().any(|v| contains(&body, v)) {
        return body;
    }
    let mut out = body.to_vec();
    for v in &spellings {
        out = replace(&out, v, b"***");
    }
    bytes::Bytes::from(out)
}

/// [`scrub`] of a text.
pub(crate) fn scrub_text(text: &str, secrets: &[&Secret]) -> String {
    String::from_utf8_lossy(&scrub(bytes::Bytes::copy_from_slice(text.as_bytes()), secrets)).into_owned()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_replaces_every_spelling_of_every_secret() {
        let pass = Secret::new("p\"w d&1");
        let key = Secret::new("KEY-123");
        let body = bytes::Bytes::from(r#"{"UserPassword":"p\"w d&1","form":"p%22w+d%261","raw":"p"w d&1","key":"KEY-123KEY-123"}"#);
        let out = scrub(body, &[&pass, &key]);
        assert_eq!(&out[..], br#"{"UserPassword":"***","form":"***","raw":"***","key":"******"}"#);
        // Nothing to replace: the same bytes.
        assert_eq!(&scrub(bytes::Bytes::from("nothing"), &[&key])[..], b"nothing");
        assert_eq!(scrub_text("a KEY-123 b", &[&key, &Secret::new("")]), "a *** b");
    }
}

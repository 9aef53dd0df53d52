//! Rust identifiers from wire names (XSD, JSON, OpenAPI, metadata values).
//!
//! Rules: Norwegian letters are transliterated (`æ`→`ae`, `ø`→`o`, `å`→`aa`), other accented
//! Latin letters lose their accent, anything else becomes a word break; a leading digit gets a
//! prefix; keywords get a trailing `_`. Clashes are resolved by [`assign`], which looks at the
//! whole set at once, so the result does not depend on input order and never uses counters that
//! shift when a schema changes: every clashing name gets a short suffix derived from its own
//! wire name.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use sha2::Digest;
use std::collections::BTreeMap;

/// Rust keywords (strict and reserved, all editions) and names that cannot be raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    "union", "_",
];

/// Transliterates to ASCII word material: letters, digits and `_` separators.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("Ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'Ø' | 'Ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' => out.push('O'),
            'å' => out.push_str("aa"),
            'Å' => out.push_str("Aa"),
            'ä' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'Ä' | 'Á' | 'À' | 'Â' | 'Ã' => out.push('A'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'Í' | 'Ì' | 'Î' | 'Ï' => out.push('I'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'Ú' | 'Ù' | 'Û' | 'Ü' => out.push('U'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            'ç' => out.push('c'),
            'Ç' => out.push('C'),
            'ß' => out.push_str("ss"),
            _ => out.push('_'),
        }
    }
    out
}

/// The case an identifier is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `UpperCamelCase`: types and enum variants.
    Type,
    /// `snake_case`: fields, functions, modules.
    Snake,
    /// `SCREAMING_SNAKE_CASE`: constants and statics.
    Const,
}

/// One identifier for one wire name, before clashes are looked at.
pub fn ident(wire: &str, case: Case) -> String {
    let ascii = transliterate(wire);
    let mut name = match case {
        Case::Type => ascii.to_upper_camel_case(),
        Case::Snake => ascii.to_snake_case(),
        Case::Const => ascii.to_shouty_snake_case(),
    };
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        name = match case {
            Case::Type => "Unnamed".into(),
            Case::Snake => "unnamed".into(),
            Case::Const => "UNNAMED".into(),
        };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = match case {
            Case::Type => format!("N{name}"),
            Case::Snake => format!("n{name}"),
            Case::Const => format!("N{name}"),
        };
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A short, stable suffix derived from a wire name.
fn suffix(wire: &str) -> String {
    hex::encode(&sha2::Sha256::digest(wire.as_bytes())[..3])
}

/// Names a whole set of wire names (distinct keys) in one scope. Names that would clash,
/// including with `reserved` ones, all get `_` plus six hex digits of their own wire name's hash.
pub fn assign<'a>(wires: impl IntoIterator<Item = &'a str>, case: Case, reserved: &[&str]) -> BTreeMap<String, String> {
    let mut by_candidate: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for w in wires {
        by_candidate.entry(ident(w, case)).or_default().push(w);
    }
    let mut out = BTreeMap::new();
    for (candidate, mut ws) in by_candidate {
        ws.sort_unstable();
        ws.dedup();
        let clash = ws.len() > 1 || reserved.contains(&candidate.as_str());
        for w in ws {
            let name = if clash { format!("{candidate}_{}", suffix(w)) } else { candidate.clone() };
            out.insert(w.to_string(), name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_identifiers() {
        assert_eq!(ident("Målekort", Case::Type), "Maalekort");
        assert_eq!(ident("Skattekort for utenlandske borgere", Case::Snake), "skattekort_for_utenlandske_borgere");
        assert_eq!(ident("ærlig-øl.å", Case::Const), "AERLIG_OL_AA");
        assert_eq!(ident("type", Case::Snake), "type_");
        assert_eq!(ident("Self", Case::Type), "Self_");
        assert_eq!(ident("3442", Case::Type), "N3442");
        assert_eq!(ident("", Case::Snake), "unnamed");
        assert_eq!(ident("AppId:123", Case::Const), "APP_ID_123");
    }

    #[test]
    fn clashes_are_resolved_independently_of_order() {
        let a = assign(["Foo", "foo", "Bar"], Case::Type, &[]);
        let b = assign(["Bar", "foo", "Foo"], Case::Type, &[]);
        assert_eq!(a, b);
        assert_eq!(a["Bar"], "Bar");
        assert_ne!(a["Foo"], a["foo"]);
        assert!(a["Foo"].starts_with("Foo_") && a["foo"].starts_with("Foo_"));
        let r = assign(["services"], Case::Const, &["SERVICES"]);
        assert!(r["services"].starts_with("SERVICES_"));
    }
}

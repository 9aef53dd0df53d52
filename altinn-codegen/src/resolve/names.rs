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
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "try", "typeof", "unsized", "virtual", "yield", "union", "_",
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

/// The identifiers made so far on this thread, by wire name and case: schemas repeat their names
/// (SERES forms share thousands of `…-datadef-…` names), and the case conversion, which writes
/// each character through `fmt`, was 8% of generating the corpus.
const IDENT_CACHE_LIMIT: usize = 1 << 16;

thread_local! {
    /// One map per [`Case`], looked up by the wire name itself (no key made for a hit).
    static IDENTS: std::cell::RefCell<[std::collections::HashMap<Box<str>, String>; 3]> = Default::default();
}

/// One identifier for one wire name, before clashes are looked at.
pub fn ident(wire: &str, case: Case) -> String {
    let slot = case as usize;
    if let Some(name) = IDENTS.with(|m| m.borrow()[slot].get(wire).cloned()) {
        return name;
    }
    let name = ident_uncached(wire, case);
    IDENTS.with(|m| {
        let map = &mut m.borrow_mut()[slot];
        // A bound on what a long-lived process keeps: start again rather than grow without end.
        if map.len() >= IDENT_CACHE_LIMIT {
            map.clear();
        }
        map.insert(wire.into(), name.clone());
    });
    name
}

fn ident_uncached(wire: &str, case: Case) -> String {
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

/// `name` with the suffix of `key`, written in the name's own case: `FooBar3d5cf4` for types,
/// `foo_bar_3d5cf4` for snake case, `FOO_BAR_3D5CF4` for constants.
pub fn with_suffix(name: &str, key: &str) -> String {
    let sfx = suffix(key);
    let has_lower = name.chars().any(|c| c.is_ascii_lowercase());
    let has_upper = name.chars().any(|c| c.is_ascii_uppercase());
    if has_upper && !has_lower {
        format!("{name}_{}", sfx.to_ascii_uppercase())
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_') {
        // Upper camel case: a letter first keeps the digits from reading as part of a number.
        format!("{name}X{sfx}")
    } else {
        format!("{name}_{sfx}")
    }
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
            let name = if clash { with_suffix(&candidate, w) } else { candidate.clone() };
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
        assert!(a["Foo"].starts_with("FooX") && a["foo"].starts_with("FooX"));
        let r = assign(["services"], Case::Const, &["SERVICES"]);
        assert!(r["services"].starts_with("SERVICES_"));
        assert_eq!(r["services"], r["services"].to_ascii_uppercase());
    }
}

/// One identifier wanted in a scope.
#[derive(Debug, Clone)]
pub struct NameRequest {
    /// A unique, stable key of the thing named (e.g. its kind and wire name).
    pub key: String,
    /// The name it should have.
    pub primary: String,
    /// The name it takes when it loses a clash on `primary` (e.g. `FooType`, `foo_attr`).
    pub fallback: String,
    /// Lower wins a clash and keeps `primary` (when it is alone at the lowest priority).
    pub priority: u8,
}

/// Cleans a name built by joining words onto an escaped name (`type_` + `_attr`): no doubled
/// underscores in snake case, none at all in upper camel case, keywords escaped again.
pub fn tidy(name: &str) -> String {
    let camel = name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().any(|c| c.is_ascii_lowercase());
    let mut out = if camel {
        name.replace('_', "")
    } else {
        let mut o = String::with_capacity(name.len());
        for c in name.chars() {
            if !(c == '_' && o.ends_with('_')) {
                o.push(c);
            }
        }
        o
    };
    if out.is_empty() {
        out = "unnamed".into();
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The key names are compared on: lower-case letters and digits only (as xsdata does), so
/// `Foo_Bar`, `foo-bar` and `FooBar` count as the same name.
pub fn clash_key(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Names a scope in layers: the unique winner of a clash keeps its primary name, the others take
/// their fallback; whatever still clashes gets `_` plus six hex digits of its key's hash. The
/// result does not depend on the order of `requests`.
pub fn assign_layered(requests: &[NameRequest], reserved: &[&str]) -> BTreeMap<String, String> {
    let reserved: Vec<String> = reserved.iter().map(|r| clash_key(r)).collect();
    let mut groups: BTreeMap<String, Vec<&NameRequest>> = BTreeMap::new();
    for r in requests {
        groups.entry(clash_key(&r.primary)).or_default().push(r);
    }
    let mut first: Vec<(&NameRequest, String, bool)> = Vec::new(); // (request, name, is_primary)
    for (key, mut group) in groups {
        group.sort_by(|a, b| (a.priority, &a.key).cmp(&(b.priority, &b.key)));
        let best = group[0].priority;
        let unique_winner = !reserved.contains(&key) && group.iter().filter(|r| r.priority == best).count() == 1;
        for (i, r) in group.into_iter().enumerate() {
            if i == 0 && unique_winner {
                first.push((r, r.primary.clone(), true));
            } else {
                first.push((r, tidy(&r.fallback), false));
            }
        }
    }
    let mut second: BTreeMap<String, Vec<(&NameRequest, String, bool)>> = BTreeMap::new();
    for (r, name, primary) in first {
        second.entry(clash_key(&name)).or_default().push((r, name, primary));
    }
    let mut out = BTreeMap::new();
    for (key, group) in second {
        let clash = group.len() > 1 || reserved.contains(&key);
        for (r, name, primary) in group {
            // A primary name that won its first round keeps it even if a fallback lands on it.
            let keep = !clash || (primary && !reserved.contains(&key));
            let name = if keep { name } else { with_suffix(&name, &r.key) };
            out.insert(r.key.clone(), name);
        }
    }
    // A fallback that clashed with a kept primary got a suffix above; make sure no two are equal.
    debug_assert!({
        let mut v: Vec<_> = out.values().map(|n| clash_key(n)).collect();
        v.sort();
        v.windows(2).all(|w| w[0] != w[1])
    });
    out
}

#[cfg(test)]
mod layered_tests {
    use super::*;

    fn req(key: &str, primary: &str, fallback: &str, priority: u8) -> NameRequest {
        NameRequest { key: key.into(), primary: primary.into(), fallback: fallback.into(), priority }
    }

    #[test]
    fn winner_keeps_primary_losers_take_fallback() {
        let r = assign_layered(
            &[
                req("ct:Geek", "Geek", "GeekType", 0),
                req("st:GeekType", "GeekType", "GeekTypeValue", 1),
                req("el:geek", "Geek", "GeekElement", 2),
            ],
            &[],
        );
        assert_eq!(r["ct:Geek"], "Geek");
        assert_eq!(r["st:GeekType"], "GeekType");
        assert_eq!(r["el:geek"], "GeekElement");
    }

    #[test]
    fn remaining_clashes_get_stable_suffixes() {
        let reqs = [req("a", "Foo", "FooX", 1), req("b", "foo", "FooX", 1)];
        let r1 = assign_layered(&reqs, &[]);
        let r2 = assign_layered(&[reqs[1].clone(), reqs[0].clone()], &[]);
        assert_eq!(r1, r2);
        assert_ne!(clash_key(&r1["a"]), clash_key(&r1["b"]));
        assert!(r1["a"].starts_with("FooXX"), "{}", r1["a"]);
        assert!(with_suffix("foo_bar", "k").starts_with("foo_bar_"));
        assert_eq!(tidy("type__attr"), "type_attr");
        assert_eq!(tidy("Self_Element"), "SelfElement");
    }
}

/// The cargo feature of a service owner's services: `owner_` and the lower-case code, with
/// anything but ASCII letters and digits as `_`.
pub fn owner_feature(owner_code: &str) -> String {
    let code: String = owner_code.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("owner_{code}")
}

//! XML Schema regular expressions (XSD 1.0 Part 2, appendix F) → the `regex` crate's syntax.
//!
//! Differences handled: patterns are anchored to the whole value; `^` and `$` are ordinary
//! characters; `.` excludes `\r` as well as `\n`; `\s`, `\w` and their negations have XSD's
//! meanings; `\i`, `\c` (XML name characters) and `\p{IsBlock}` (Unicode blocks) are expanded to
//! classes; character-class subtraction `[a-z-[aeiou]]` becomes `[a-z--[aeiou]]`; `&` and `~`
//! (set operators in `regex` classes) are escaped.

/// Why a pattern could not be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError(pub String);

const NAME_START: &str = r":A-Z_a-z\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2FF}\u{370}-\u{37D}\u{37F}-\u{1FFF}\u{200C}-\u{200D}\u{2070}-\u{218F}\u{2C00}-\u{2FEF}\u{3001}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFFD}";
const NAME_EXTRA: &str = r"\-.0-9\u{B7}\u{300}-\u{36F}\u{203F}-\u{2040}";

/// Unicode blocks by their XSD names (`IsBasicLatin`), as code point ranges.
const BLOCKS: &[(&str, u32, u32)] = &[
    ("BasicLatin", 0x0000, 0x007F),
    ("Latin-1Supplement", 0x0080, 0x00FF),
    ("LatinExtended-A", 0x0100, 0x017F),
    ("LatinExtended-B", 0x0180, 0x024F),
    ("IPAExtensions", 0x0250, 0x02AF),
    ("SpacingModifierLetters", 0x02B0, 0x02FF),
    ("CombiningDiacriticalMarks", 0x0300, 0x036F),
    ("Greek", 0x0370, 0x03FF),
    ("Cyrillic", 0x0400, 0x04FF),
    ("Armenian", 0x0530, 0x058F),
    ("Hebrew", 0x0590, 0x05FF),
    ("Arabic", 0x0600, 0x06FF),
    ("Syriac", 0x0700, 0x074F),
    ("Thaana", 0x0780, 0x07BF),
    ("Devanagari", 0x0900, 0x097F),
    ("Bengali", 0x0980, 0x09FF),
    ("Gurmukhi", 0x0A00, 0x0A7F),
    ("Gujarati", 0x0A80, 0x0AFF),
    ("Oriya", 0x0B00, 0x0B7F),
    ("Tamil", 0x0B80, 0x0BFF),
    ("Telugu", 0x0C00, 0x0C7F),
    ("Kannada", 0x0C80, 0x0CFF),
    ("Malayalam", 0x0D00, 0x0D7F),
    ("Sinhala", 0x0D80, 0x0DFF),
    ("Thai", 0x0E00, 0x0E7F),
    ("Lao", 0x0E80, 0x0EFF),
    ("Tibetan", 0x0F00, 0x0FFF),
    ("Myanmar", 0x1000, 0x109F),
    ("Georgian", 0x10A0, 0x10FF),
    ("HangulJamo", 0x1100, 0x11FF),
    ("Ethiopic", 0x1200, 0x137F),
    ("Cherokee", 0x13A0, 0x13FF),
    ("UnifiedCanadianAboriginalSyllabics", 0x1400, 0x167F),
    ("Ogham", 0x1680, 0x169F),
    ("Runic", 0x16A0, 0x16FF),
    ("Khmer", 0x1780, 0x17FF),
    ("Mongolian", 0x1800, 0x18AF),
    ("LatinExtendedAdditional", 0x1E00, 0x1EFF),
    ("GreekExtended", 0x1F00, 0x1FFF),
    ("GeneralPunctuation", 0x2000, 0x206F),
    ("SuperscriptsandSubscripts", 0x2070, 0x209F),
    ("CurrencySymbols", 0x20A0, 0x20CF),
    ("CombiningMarksforSymbols", 0x20D0, 0x20FF),
    ("LetterlikeSymbols", 0x2100, 0x214F),
    ("NumberForms", 0x2150, 0x218F),
    ("Arrows", 0x2190, 0x21FF),
    ("MathematicalOperators", 0x2200, 0x22FF),
    ("MiscellaneousTechnical", 0x2300, 0x23FF),
    ("ControlPictures", 0x2400, 0x243F),
    ("OpticalCharacterRecognition", 0x2440, 0x245F),
    ("EnclosedAlphanumerics", 0x2460, 0x24FF),
    ("BoxDrawing", 0x2500, 0x257F),
    ("BlockElements", 0x2580, 0x259F),
    ("GeometricShapes", 0x25A0, 0x25FF),
    ("MiscellaneousSymbols", 0x2600, 0x26FF),
    ("Dingbats", 0x2700, 0x27BF),
    ("BraillePatterns", 0x2800, 0x28FF),
    ("CJKRadicalsSupplement", 0x2E80, 0x2EFF),
    ("KangxiRadicals", 0x2F00, 0x2FDF),
    ("IdeographicDescriptionCharacters", 0x2FF0, 0x2FFF),
    ("CJKSymbolsandPunctuation", 0x3000, 0x303F),
    ("Hiragana", 0x3040, 0x309F),
    ("Katakana", 0x30A0, 0x30FF),
    ("Bopomofo", 0x3100, 0x312F),
    ("HangulCompatibilityJamo", 0x3130, 0x318F),
    ("Kanbun", 0x3190, 0x319F),
    ("BopomofoExtended", 0x31A0, 0x31BF),
    ("EnclosedCJKLettersandMonths", 0x3200, 0x32FF),
    ("CJKCompatibility", 0x3300, 0x33FF),
    ("CJKUnifiedIdeographsExtensionA", 0x3400, 0x4DB5),
    ("CJKUnifiedIdeographs", 0x4E00, 0x9FFF),
    ("YiSyllables", 0xA000, 0xA48F),
    ("YiRadicals", 0xA490, 0xA4CF),
    ("HangulSyllables", 0xAC00, 0xD7A3),
    ("PrivateUse", 0xE000, 0xF8FF),
    ("CJKCompatibilityIdeographs", 0xF900, 0xFAFF),
    ("AlphabeticPresentationForms", 0xFB00, 0xFB4F),
    ("ArabicPresentationForms-A", 0xFB50, 0xFDFF),
    ("CombiningHalfMarks", 0xFE20, 0xFE2F),
    ("CJKCompatibilityForms", 0xFE30, 0xFE4F),
    ("SmallFormVariants", 0xFE50, 0xFE6F),
    ("ArabicPresentationForms-B", 0xFE70, 0xFEFE),
    ("Specials", 0xFEFF, 0xFEFF),
    ("HalfwidthandFullwidthForms", 0xFF00, 0xFFEF),
    ("Specials", 0xFFF0, 0xFFFD),
];

fn block(name: &str) -> Option<String> {
    let ranges: Vec<String> = BLOCKS.iter().filter(|(n, _, _)| *n == name).map(|(_, a, b)| format!("\\u{{{a:X}}}-\\u{{{b:X}}}")).collect();
    (!ranges.is_empty()).then(|| ranges.concat())
}

/// Translates an XSD pattern into an anchored `regex` pattern.
pub fn translate(xsd: &str) -> Result<String, RegexError> {
    let chars: Vec<char> = xsd.chars().collect();
    let mut out = String::from("^(?:");
    let mut i = 0;
    let mut depth = 0usize; // class nesting
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&e) = chars.get(i + 1) else { return Err(RegexError("a pattern ends with `\\`".into())) };
                i += 2;
                let (positive, negative) = match e {
                    'i' => (format!("[{NAME_START}]"), format!("[^{NAME_START}]")),
                    'I' => (format!("[^{NAME_START}]"), format!("[{NAME_START}]")),
                    'c' => (format!("[{NAME_START}{NAME_EXTRA}]"), format!("[^{NAME_START}{NAME_EXTRA}]")),
                    'C' => (format!("[^{NAME_START}{NAME_EXTRA}]"), format!("[{NAME_START}{NAME_EXTRA}]")),
                    's' => ("[ \\t\\n\\r]".into(), "[^ \\t\\n\\r]".into()),
                    'S' => ("[^ \\t\\n\\r]".into(), "[ \\t\\n\\r]".into()),
                    'w' => ("[^\\p{P}\\p{Z}\\p{C}]".into(), "[\\p{P}\\p{Z}\\p{C}]".into()),
                    'W' => ("[\\p{P}\\p{Z}\\p{C}]".into(), "[^\\p{P}\\p{Z}\\p{C}]".into()),
                    'd' => ("\\p{Nd}".into(), "\\P{Nd}".into()),
                    'D' => ("\\P{Nd}".into(), "\\p{Nd}".into()),
                    'p' | 'P' => {
                        if chars.get(i) != Some(&'{') {
                            return Err(RegexError(format!("`\\{e}` without `{{`")));
                        }
                        let end = chars[i..].iter().position(|c| *c == '}').ok_or_else(|| RegexError("unclosed `\\p{`".into()))?;
                        let name: String = chars[i + 1..i + end].iter().collect();
                        i += end + 1;
                        let class = if let Some(b) = name.strip_prefix("Is") {
                            let ranges = block(b).ok_or_else(|| RegexError(format!("unknown Unicode block `{b}`")))?;
                            (format!("[{ranges}]"), format!("[^{ranges}]"))
                        } else {
                            (format!("\\p{{{name}}}"), format!("\\P{{{name}}}"))
                        };
                        if e == 'p' { class } else { (class.1, class.0) }
                    }
                    'n' | 'r' | 't' | '\\' | '|' | '.' | '-' | '^' | '?' | '*' | '+' | '{' | '}' | '(' | ')' | '[' | ']' => {
                        (format!("\\{e}"), String::new())
                    }
                    other => return Err(RegexError(format!("unknown escape `\\{other}`"))),
                };
                // Inside a class a class escape must be written without its brackets.
                if depth > 0 && positive.starts_with('[') {
                    if positive.starts_with("[^") {
                        // A negated class inside a class: use the `regex` nested-class form.
                        out.push_str(&positive);
                    } else {
                        out.push_str(&positive[1..positive.len() - 1]);
                    }
                } else {
                    out.push_str(&positive);
                }
                let _ = negative;
            }
            '[' => {
                depth += 1;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(']');
                i += 1;
            }
            '-' if depth > 0 && chars.get(i + 1) == Some(&'[') => {
                // Subtraction: `[a-z-[aeiou]]`.
                out.push_str("--");
                i += 1;
            }
            '&' | '~' if depth > 0 => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            '.' if depth == 0 => {
                out.push_str("[^\\n\\r]");
                i += 1;
            }
            '^' | '$' if depth == 0 => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            '#' | ' ' if depth == 0 => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    if depth != 0 {
        return Err(RegexError("unclosed `[`".into()));
    }
    out.push_str(")$");
    regex::Regex::new(&out).map_err(|e| RegexError(format!("`{xsd}` → `{out}`: {e}")))?;
    Ok(out)
}

/// A short string the translated pattern matches (`None` when none is found quickly), preferring
/// readable characters.
pub fn example(translated: &str) -> Option<String> {
    example_with(translated, 0)
}

/// Like [`example`], with every open-ended repetition taken `extra` more times (to reach a length).
pub fn example_with(translated: &str, extra: u32) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn walk(h: &Hir, out: &mut String, extra: u32) -> bool {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(l) => match std::str::from_utf8(&l.0) {
                Ok(s) => {
                    out.push_str(s);
                    true
                }
                Err(_) => false,
            },
            HirKind::Class(Class::Unicode(c)) => {
                let preferred = ['a', 'A', '0', 'x', 'X', '1', '_', '-', ' '];
                if let Some(p) = preferred.iter().find(|p| c.ranges().iter().any(|r| r.start() <= **p && **p <= r.end())) {
                    out.push(*p);
                    return true;
                }
                // The first printable character of the class.
                for r in c.ranges() {
                    let mut ch = r.start();
                    loop {
                        if !ch.is_control() {
                            out.push(ch);
                            return true;
                        }
                        if ch >= r.end() {
                            break;
                        }
                        match char::from_u32(ch as u32 + 1) {
                            Some(n) => ch = n,
                            None => break,
                        }
                    }
                }
                false
            }
            HirKind::Class(Class::Bytes(_)) => false,
            HirKind::Repetition(r) => {
                let max = r.max.unwrap_or(u32::MAX);
                let n = r.min.max(1.min(max)).saturating_add(extra).min(max);
                (0..n).all(|_| walk(&r.sub, out, extra))
            }
            HirKind::Capture(c) => walk(&c.sub, out, extra),
            HirKind::Concat(parts) => parts.iter().all(|p| walk(p, out, extra)),
            HirKind::Alternation(alts) => alts.iter().any(|a| {
                let mut attempt = String::new();
                if walk(a, &mut attempt, extra) {
                    out.push_str(&attempt);
                    true
                } else {
                    false
                }
            }),
        }
    }
    let hir = regex_syntax::parse(translated).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out, extra).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(xsd: &str, s: &str) -> bool {
        regex::Regex::new(&translate(xsd).unwrap()).unwrap().is_match(s)
    }

    #[test]
    fn anchored_and_xsd_meanings() {
        assert!(matches(r"\d{4}", "0155") && !matches(r"\d{4}", "01555"));
        assert!(matches("a^b$", "a^b$"));
        assert!(!matches(".", "\r") && matches(".", "x"));
        assert!(matches(r"\i\c*", "_a-1.b") && !matches(r"\i\c*", "1a"));
        assert!(matches(r"[a-z-[aeiou]]+", "bcd") && !matches(r"[a-z-[aeiou]]+", "bad"));
        assert!(matches(r"\p{IsBasicLatin}+", "abc") && !matches(r"\p{IsBasicLatin}+", "æ"));
        assert!(matches(r"\p{Lu}\w*", "Ærlig"));
        assert!(matches(r"[\s\d]+", " 1 2"));
        assert!(matches("[&~]+", "&~"));
        assert!(matches(r"(\+47)? ?[0-9 ]{8,11}", "+47 22 00 00 00"));
        assert!(translate("[a").is_err() && translate(r"\p{IsNoSuchBlock}").is_err());
    }

    #[test]
    fn examples_match() {
        for p in [r"\d{4}", r"[A-Z]{2}\d{6}", r"(\+47)? ?[0-9]{8}", r"\i\c*", r"[^@\s]+@[^@\s]+", "NO|SE|DK", r"\p{IsGreek}+"] {
            let t = translate(p).unwrap();
            let e = example(&t).unwrap();
            assert!(regex::Regex::new(&t).unwrap().is_match(&e), "{p}: {e}");
        }
    }
}

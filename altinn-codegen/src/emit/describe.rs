//! Prints the runtime's description macros (those in [`MACROS`]: `rt::xml_struct!`,
//! `rt::text_element!`, the setters, …) the way a person would: on one line when it fits, else
//! one entry a line.
//! `prettyplease` prints the tokens of a macro it does not know as a stream (`& [& [(`,
//! `navn : "Navn"`, entries broken anywhere); this pass reprints just those invocations from
//! their tokens, so the rest of the file is untouched.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The macros reprinted, as they start a line of prettyplease's output.
const MACROS: [&str; 8] = [
    "rt::json_struct!(",
    "rt::restricted!(",
    "rt::enumeration!(",
    "rt::document!(",
    "rt::xml_struct!(",
    "rt::text_element!(",
    "rt::setter!(",
    "rt::xml_document!(",
];

/// The width prettyplease prints to.
const WIDTH: usize = 100;

/// The longest single entry of a brace group kept on its head's line past [`WIDTH`].
const SHORT_ENTRY: usize = 40;

/// `text` with each description macro invocation reprinted (any other line as it was).
pub fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        // At the start of a line, or indented (setters inside an `impl`).
        let code = line.trim_start_matches(' ');
        let indent = line.len() - code.len();
        let Some(head) = MACROS.iter().find(|m| code.starts_with(*m)) else {
            out.push_str(line);
            continue;
        };
        // The whole invocation: one line ending in `);`, or lines up to a `);` of its own.
        let mut call = code.to_string();
        if !code.trim_end().ends_with(");") {
            for next in lines.by_ref() {
                call.push_str(next);
                if next.trim() == ");" {
                    break;
                }
            }
        }
        match reprint(head, &call, indent) {
            Some(text) => out.push_str(&text),
            None => {
                out.push_str(&line[..indent]);
                out.push_str(&call);
            }
        }
    }
    out
}

/// One invocation from its tokens; `None` (printed as it was) if they do not parse.
fn reprint(head: &str, call: &str, indent: usize) -> Option<String> {
    let inner = call.trim_end().strip_prefix(head)?.strip_suffix(");")?;
    let tokens: TokenStream = inner.parse().ok()?;
    let body = render(&tokens.into_iter().collect::<Vec<_>>(), indent, indent + head.len());
    Some(format!("{}{head}{body});\n", " ".repeat(indent)))
}

/// Tokens starting at `column` of a line indented by `indent`: flat when they fit, else each
/// brace or bracket group opened one entry a line.
fn render(tokens: &[TokenTree], indent: usize, column: usize) -> String {
    let one_line = flat(tokens);
    if column + one_line.len() + 2 <= WIDTH {
        return one_line;
    }
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        out.push_str(space_before(tokens, i));
        match t {
            TokenTree::Group(g) if matches!(g.delimiter(), Delimiter::Brace | Delimiter::Bracket) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let entries = split_commas(&inner);
                // A list of one entry (`[0..]`) stays whole, however long its line; so does a
                // brace group of one short entry (a text element's one fixed attribute), which
                // reads better on its type's line than on three.
                let one_bracket =
                    g.delimiter() == Delimiter::Bracket && !inner.iter().any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','));
                let one_short = g.delimiter() == Delimiter::Brace && entries.len() == 1 && flat(entries[0]).len() <= SHORT_ENTRY;
                if one_bracket || one_short {
                    out.push_str(&flat_group(g.delimiter(), &inner));
                    continue;
                }
                let (open, close) = if g.delimiter() == Delimiter::Brace { ("{", "}") } else { ("[", "]") };
                out.push_str(open);
                out.push('\n');
                for entry in entries {
                    let pad = " ".repeat(indent + 4);
                    out.push_str(&pad);
                    out.push_str(&render(entry, indent + 4, indent + 4));
                    out.push_str(",\n");
                }
                out.push_str(&" ".repeat(indent));
                out.push_str(close);
            }
            other => out.push_str(&flat(std::slice::from_ref(other))),
        }
    }
    out
}

/// The entries of a group's tokens, split at its top-level commas (a trailing comma ends none).
fn split_commas(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if matches!(t, TokenTree::Punct(p) if p.as_char() == ',') {
            out.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out
}

fn flat_group(delimiter: Delimiter, inner: &[TokenTree]) -> String {
    let body = flat(inner);
    match delimiter {
        Delimiter::Brace if body.is_empty() => "{}".into(),
        Delimiter::Brace => format!("{{ {body} }}"),
        Delimiter::Bracket => format!("[{body}]"),
        Delimiter::Parenthesis => format!("({body})"),
        Delimiter::None => body,
    }
}

/// Tokens on one line, spaced as rustfmt would.
fn flat(tokens: &[TokenTree]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        out.push_str(space_before(tokens, i));
        match t {
            TokenTree::Group(g) => out.push_str(&flat_group(g.delimiter(), &g.stream().into_iter().collect::<Vec<_>>())),
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

/// The space between token `i - 1` and token `i`.
fn space_before(tokens: &[TokenTree], i: usize) -> &'static str {
    let Some(prev) = i.checked_sub(1).map(|p| &tokens[p]) else { return "" };
    let t = &tokens[i];
    let no_space = match (prev, t) {
        // `a, b`, `a: b`, `x = y`: punctuation joins to the left, then a space.
        (_, TokenTree::Punct(p)) if matches!(p.as_char(), ',' | ';' | ':') => true,
        (TokenTree::Punct(p), _) if p.as_char() == '&' || p.spacing() == Spacing::Joint => true,
        (TokenTree::Punct(p), _) if p.as_char() == ':' && i >= 2 && matches!(&tokens[i - 2], TokenTree::Punct(q) if q.as_char() == ':') => {
            true
        }
        // `Name(…)`, `fixed[…]`: a group straight after an identifier, as in a call.
        (TokenTree::Ident(_), TokenTree::Group(g)) if matches!(g.delimiter(), Delimiter::Parenthesis | Delimiter::Bracket) => true,
        // `[0..5]`, `[1..]`: a range is written closed up.
        (_, TokenTree::Punct(p)) if p.as_char() == '.' => true,
        (TokenTree::Punct(p), _) if p.as_char() == '.' => true,
        _ => false,
    };
    if no_space { "" } else { " " }
}

#[cfg(test)]
mod tests {
    use super::reflow;

    #[test]
    fn short_invocations_take_one_line_and_long_ones_one_entry_a_line() {
        let text = "rt::json_struct!(Filial { navn : \"Navn\", antall_ansatte : \"AntallAnsatte\" });\nfn keep() {}\n";
        assert_eq!(reflow(text), "rt::json_struct!(Filial { navn: \"Navn\", antall_ansatte: \"AntallAnsatte\" });\nfn keep() {}\n");
        let long = "rt::json_struct!(\n    Arsoppgave { xml_fixed : default, innsender :\n    \"Innsender\", regnskap : \"Regnskap\", filial : \"Filial\", merknad : \"Merknad\" }, fixed =\n    [(\"dataFormatProvider\", \"SERES\", String), (\"dataFormatId\", \"9001\", String)]\n);\n";
        assert_eq!(
            reflow(long),
            "rt::json_struct!(Arsoppgave {\n    xml_fixed: default,\n    innsender: \"Innsender\",\n    regnskap: \"Regnskap\",\n    filial: \"Filial\",\n    merknad: \"Merknad\",\n}, fixed = [\n    (\"dataFormatProvider\", \"SERES\", String),\n    (\"dataFormatId\", \"9001\", String),\n]);\n"
        );
        let xml =
            "rt::xml_struct!(Filial { navn : one simple \"Navn\" in NS1, x : many child \"X\" [0 ..], y : many any \"Y\" [1 .. 5] });\n";
        assert_eq!(
            reflow(xml),
            "rt::xml_struct!(Filial {\n    navn: one simple \"Navn\" in NS1,\n    x: many child \"X\" [0..],\n    y: many any \"Y\" [1..5],\n});\n"
        );
        let long_name = format!("rt::xml_struct!(A {{ {}: many child \"X\" [0 ..] }});\n", "x".repeat(90));
        assert_eq!(reflow(&long_name), format!("rt::xml_struct!(A {{\n    {}: many child \"X\" [0..],\n}});\n", "x".repeat(90)));
        let short = "rt::xml_struct!(A { xml_fixed : fixed [\"orid\" = \"1\"], x : many child \"X\" [0 ..] });\n";
        assert_eq!(reflow(short), "rt::xml_struct!(A { xml_fixed: fixed[\"orid\" = \"1\"], x: many child \"X\" [0..] });\n");
        let restricted =
            "rt::restricted!(\n    Landkode(into String) { patterns = & [& [(\"^[A-Z]{3}$\", \"^(?:\\\\^[A-Z]{3}\\\\$)$\")]] }\n);\n";
        assert_eq!(
            reflow(restricted),
            "rt::restricted!(Landkode(into String) { patterns = &[&[(\"^[A-Z]{3}$\", \"^(?:\\\\^[A-Z]{3}\\\\$)$\")]] });\n"
        );
    }

    #[test]
    fn setters_inside_an_impl_keep_their_indent_and_take_one_line() {
        let text = "impl A {\n    rt::setter!(\n        with_gjennomsnittlig_antall_kilometer, gjennomsnittlig_antall_kilometer, set, i64\n    );\n    rt::setter!(with_x, x, set, i64);\n}\n";
        assert_eq!(
            reflow(text),
            "impl A {\n    rt::setter!(with_gjennomsnittlig_antall_kilometer, gjennomsnittlig_antall_kilometer, set, i64);\n    rt::setter!(with_x, x, set, i64);\n}\n"
        );
        let text_element = "rt::text_element!(\n    Belop(rt::Decimal) { \"orid\" = \"1\" as Number }\n);\n";
        assert_eq!(reflow(text_element), "rt::text_element!(Belop(rt::Decimal) { \"orid\" = \"1\" as Number });\n");
        // One short entry stays on the type's line even past the width; two entries break.
        let long = format!("rt::text_element!({}(rt::Decimal) {{ \"orid\" = \"33289\" as Number }});\n", "A".repeat(80));
        assert_eq!(reflow(&long), long);
        let two = format!("rt::text_element!({}(rt::Decimal) {{ \"orid\" = \"1\", \"v\" = \"2\" }});\n", "A".repeat(80));
        assert_eq!(
            reflow(&two),
            format!("rt::text_element!({}(rt::Decimal) {{\n    \"orid\" = \"1\",\n    \"v\" = \"2\",\n}});\n", "A".repeat(80))
        );
    }
}

//! Prints the runtime's description macros (those in [`MACROS`]: `rt::xml_struct!`,
//! `rt::text_element!`, the setters, …) the way a person would: on one line when it fits, else
//! one entry a line.
//! `prettyplease` prints the tokens of a macro it does not know as a stream (`& [& [(`,
//! `navn : "Navn"`, entries broken anywhere); this pass reprints just those invocations from
//! their tokens, so the rest of the file is untouched.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The macros reprinted, as they start a line of prettyplease's output.
const MACROS: [&str; 11] = [
    "rt::json_struct!(",
    "rt::restricted!(",
    "rt::enumeration!(",
    "rt::document!(",
    "rt::xml_struct!(",
    "rt::text_element!(",
    "rt::setter!(",
    "rt::xml_document!(",
    "rt::new!(",
    "rt::root!(",
    "rt::markers!(",
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
    print_tokens(head, tokens.into_iter().collect(), indent)
}

/// A description macro invocation, `rt::{name}!(inner);` indented by `indent`, printed straight
/// from the generator's tokens: the text [`reflow`] makes of it, without printing the tokens
/// with prettyplease and reading them back first. `None` when `name` is not one of [`MACROS`].
pub fn print_invocation(name: &str, inner: TokenStream, indent: usize) -> Option<String> {
    let head = MACROS.iter().find(|m| m.strip_prefix("rt::").and_then(|m| m.strip_suffix("!(")) == Some(name))?;
    print_tokens(head, inner.into_iter().collect(), indent)
}

fn print_tokens(head: &str, tokens: Vec<TokenTree>, indent: usize) -> Option<String> {
    let pad = " ".repeat(indent);
    // Doc attributes first (a type the macro declares): `///` lines, the rest on a line of its own.
    let (docs, rest) = leading_docs(&tokens)?;
    if !docs.is_empty() {
        let mut out = format!("{pad}{head}\n");
        for d in docs {
            out.push_str(&format!("{pad}    ///{d}\n").replace("/// \n", "///\n"));
        }
        out.push_str(&format!("{pad}    {}\n{pad});\n", render(rest, indent + 4, indent + 4)));
        return Some(out);
    }
    let body = if head == "rt::new!(" { fill(&tokens, indent, indent + head.len()) } else { render(&tokens, indent, indent + head.len()) };
    Some(format!("{pad}{head}{body});\n"))
}

/// The text of the `#[doc = "…"]` attributes the tokens start with, and the tokens after them;
/// `None` if a doc's literal does not parse.
fn leading_docs(tokens: &[TokenTree]) -> Option<(Vec<String>, &[TokenTree])> {
    let mut docs = Vec::new();
    let mut rest = tokens;
    while let [TokenTree::Punct(hash), TokenTree::Group(g), after @ ..] = rest {
        if hash.as_char() != '#' || g.delimiter() != Delimiter::Bracket {
            break;
        }
        let attr: Vec<TokenTree> = g.stream().into_iter().collect();
        let [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(lit)] = attr.as_slice() else { break };
        if doc != "doc" || eq.as_char() != '=' {
            break;
        }
        let text = string_value(lit)?;
        docs.extend(text.split('\n').map(str::to_string));
        rest = after;
    }
    Some((docs, rest))
}

/// The value of a string literal (`"…"`): its text when it has no escapes (most docs), else
/// as `syn` reads it; `None` if it is not a string literal.
pub fn string_value(lit: &proc_macro2::Literal) -> Option<String> {
    let text = lit.to_string();
    if let Some(raw) = text.strip_prefix("r\"").and_then(|t| t.strip_suffix('"')) {
        // `r"…"` (a `///` written inside `quote!`): no escapes at all.
        return Some(raw.to_string());
    }
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Some(inner.to_string()),
        _ => syn::parse_str::<syn::LitStr>(&text).ok().map(|l| l.value()),
    }
}

/// Tokens without groups to open (`rt::new!`'s parameters and fields): on one line when they
/// fit, else filled line by line, breaking after a comma or semicolon.
fn fill(tokens: &[TokenTree], indent: usize, column: usize) -> String {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if matches!(t, TokenTree::Punct(p) if matches!(p.as_char(), ',' | ';')) {
            pieces.push(flat(&tokens[start..=i]));
            start = i + 1;
        }
    }
    if start < tokens.len() {
        pieces.push(flat(&tokens[start..]));
    }
    let mut out = String::new();
    let mut col = column;
    for (i, piece) in pieces.iter().enumerate() {
        // The last piece is followed by `);`.
        let tail = if i + 1 == pieces.len() { 2 } else { 0 };
        if i > 0 && col + 1 + piece.len() + tail > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 4));
            col = indent + 4;
        } else if i > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(piece);
        col += piece.len();
    }
    out
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
    let mut out = String::new();
    flat_group_into(delimiter, inner, &mut out);
    out
}

/// A group on one line: `{ a, b }` (`{}` when empty), `[a]`, `(a)`.
fn flat_group_into(delimiter: Delimiter, inner: &[TokenTree], out: &mut String) {
    let (open, close) = match delimiter {
        Delimiter::Brace if inner.is_empty() => ("{", "}"),
        Delimiter::Brace => ("{ ", " }"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::None => ("", ""),
    };
    out.push_str(open);
    flat_into(inner, out);
    out.push_str(close);
}

/// Tokens on one line, spaced as rustfmt would.
fn flat(tokens: &[TokenTree]) -> String {
    let mut out = String::new();
    flat_into(tokens, &mut out);
    out
}

/// [`flat`] into `out` (no string per token or group).
fn flat_into(tokens: &[TokenTree], out: &mut String) {
    use std::fmt::Write;
    for (i, t) in tokens.iter().enumerate() {
        out.push_str(space_before(tokens, i));
        match t {
            TokenTree::Group(g) => flat_group_into(g.delimiter(), &g.stream().into_iter().collect::<Vec<_>>(), out),
            other => {
                let _ = write!(out, "{other}");
            }
        }
    }
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
        // (`in NS1 [0..]` keeps its space: the range is not an index.)
        (TokenTree::Ident(_), TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => true,
        (TokenTree::Ident(i), TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket && *i == "fixed" => true,
        // `Vec<T>`: generics closed up.
        (TokenTree::Ident(_), TokenTree::Punct(p)) if p.as_char() == '<' => true,
        (TokenTree::Punct(p), _) if p.as_char() == '<' => true,
        (_, TokenTree::Punct(p)) if p.as_char() == '>' => true,
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
        let in_ns = "rt::xml_struct!(A { x : many child(X) \"X\" in NS1 [0 ..] });\n";
        assert_eq!(reflow(in_ns), "rt::xml_struct!(A { x: many child(X) \"X\" in NS1 [0..] });\n");
        let long_name = format!("rt::xml_struct!(A {{ {}: many child \"X\" [0 ..] }});\n", "x".repeat(90));
        assert_eq!(reflow(&long_name), format!("rt::xml_struct!(A {{\n    {}: many child \"X\" [0..],\n}});\n", "x".repeat(90)));
        let short = "rt::xml_struct!(A { xml_fixed : fixed [\"orid\" = \"1\"], x : many child \"X\" [0 ..] });\n";
        assert_eq!(reflow(short), "rt::xml_struct!(A { xml_fixed: fixed[\"orid\" = \"1\"], x: many child \"X\" [0..] });\n");
        let restricted =
            "rt::restricted!(\n    pub type Land(String) { patterns = & [& [(\"^[A-Z]{3}$\", \"^(?:\\\\^[A-Z]{3}\\\\$)$\")]] }\n);\n";
        assert_eq!(
            reflow(restricted),
            "rt::restricted!(pub type Land(String) { patterns = &[&[(\"^[A-Z]{3}$\", \"^(?:\\\\^[A-Z]{3}\\\\$)$\")]] });\n"
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

    #[test]
    fn constructors_fill_their_lines_and_roots_take_one() {
        let short = "impl A {\n    rt::new!(a : impl Into < String >, b : Vec < B >; c, d);\n}\n";
        assert_eq!(reflow(short), "impl A {\n    rt::new!(a: impl Into<String>, b: Vec<B>; c, d);\n}\n");
        let fields: Vec<String> = (0..8).map(|i| format!("field_number_{i}")).collect();
        let long = format!("impl A {{\n    rt::new!(\n        a: rt::Integer; {}\n    );\n}}\n", fields.join(", "));
        assert_eq!(
            reflow(&long),
            "impl A {\n    rt::new!(a: rt::Integer; field_number_0, field_number_1, field_number_2, field_number_3,\n        \
             field_number_4, field_number_5, field_number_6, field_number_7);\n}\n"
        );
        for line in reflow(&long).lines() {
            assert!(line.len() <= 100, "{line}");
        }
        let root = "rt::root!(\n    ROOT_ENDRING_BESKRIVELSE_DATADEF_2002 : EndringBeskrivelseDatadef2002 = \"EndringBeskrivelse-datadef-2002\" in NS1\n);\n";
        assert_eq!(
            reflow(root),
            "rt::root!(ROOT_ENDRING_BESKRIVELSE_DATADEF_2002: EndringBeskrivelseDatadef2002 = \"EndringBeskrivelse-datadef-2002\" in NS1);\n"
        );
    }

    #[test]
    fn string_values_with_and_without_escapes() {
        for text in ["", " plain doc", "with \"quotes\" and \\ and \n and ø", "{braces}"] {
            assert_eq!(super::string_value(&proc_macro2::Literal::string(text)).as_deref(), Some(text));
        }
        assert_eq!(super::string_value(&proc_macro2::Literal::u8_unsuffixed(1)), None);
        let raw: proc_macro2::Literal = "r\" A \\ raw doc\"".parse().unwrap();
        assert_eq!(super::string_value(&raw).as_deref(), Some(" A \\ raw doc"));
        let hashed: proc_macro2::Literal = "r#\" say \"hi\" \"#".parse().unwrap();
        assert_eq!(super::string_value(&hashed).as_deref(), Some(" say \"hi\" "));
    }

    #[test]
    fn a_declared_type_keeps_its_docs_as_doc_comments() {
        let text = "rt::text_element!(\n    #[doc = \" Amount, in \\\"kroner\\\".\"] #[doc = \"\"] #[doc = \" Two lines.\"] pub type Belop(rt::Decimal) {}\n);\n";
        assert_eq!(
            reflow(text),
            "rt::text_element!(\n    /// Amount, in \"kroner\".\n    ///\n    /// Two lines.\n    pub type Belop(rt::Decimal) {}\n);\n"
        );
        let plain = "rt::text_element!(pub type Belop(rt::Decimal) { \"orid\" = \"1\" as Number });\n";
        assert_eq!(reflow(plain), plain);
    }
}

//! The plainest generated items printed straight from their tokens, as prettyplease (and
//! [`describe`] for the runtime's description macros) prints them: a description macro
//! invocation, a struct or enum declaration with doc comments and a derive, and an `impl` block
//! that holds only description macros (`rt::new!`, `rt::setter!`). Most of a schema's file is such items;
//! printing them without parsing the tokens with `syn` first is most of what makes generation
//! fast. Anything else, or a line that prettyplease might break, is left to prettyplease
//! ([`print_item`] returns `None`), so the text is the same either way.

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenTree};

use crate::emit::describe;

/// The longest line printed here that prettyplease could break (a field's generic arguments,
/// a tuple's parentheses): its margin, up to which it keeps every line whole (past it, it may
/// break `    pub a: Option<…>,` inside the brackets, depending on the type's shape).
const FIELD_WIDTH: usize = 89;

/// The item at the start of `trees`, printed, and how many token trees it took; `None` when it
/// is not one of the plain kinds this module prints.
pub fn print_item(trees: &[TokenTree]) -> Option<(String, usize)> {
    if let Some((mac, args)) = invocation(trees) {
        return describe::print_invocation(&mac.to_string(), args.stream(), 0).map(|text| (text, 7));
    }
    if let Some(printed) = impl_of_macros(trees) {
        return Some(printed);
    }
    declaration(trees)
}

/// `rt :: name ! ( … ) ;` at the start of `trees`: the macro's name and its arguments.
fn invocation(trees: &[TokenTree]) -> Option<(&Ident, &Group)> {
    let [
        TokenTree::Ident(rt),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        TokenTree::Ident(mac),
        TokenTree::Punct(bang),
        TokenTree::Group(args),
        TokenTree::Punct(semi),
        ..,
    ] = trees
    else {
        return None;
    };
    let path = rt == "rt" && c1.as_char() == ':' && c1.spacing() == Spacing::Joint && c2.as_char() == ':';
    let call = bang.as_char() == '!' && args.delimiter() == Delimiter::Parenthesis && semi.as_char() == ';';
    (path && call).then_some((mac, args))
}

/// `impl Name { rt::new!(…); rt::setter!(…); … }`.
fn impl_of_macros(trees: &[TokenTree]) -> Option<(String, usize)> {
    let [TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Group(body), ..] = trees else { return None };
    if kw != "impl" || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let inner: Vec<TokenTree> = body.stream().into_iter().collect();
    if inner.is_empty() {
        return None;
    }
    let mut out = format!("impl {name} {{\n");
    let mut rest = inner.as_slice();
    while !rest.is_empty() {
        let (mac, args) = invocation(rest)?;
        out.push_str(&describe::print_invocation(&mac.to_string(), args.stream(), 4)?);
        rest = &rest[7..];
    }
    out.push_str("}\n");
    Some((out, 3))
}

/// `/// docs`, `#[derive(…)]`, then `pub struct` (named, tuple or unit) or `pub enum` (unit and
/// tuple variants).
fn declaration(trees: &[TokenTree]) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut at = attributes(trees, "", &mut out)?;
    let [TokenTree::Ident(vis), TokenTree::Ident(kw), TokenTree::Ident(name), ..] = &trees[at..] else { return None };
    if vis != "pub" {
        return None;
    }
    at += 3;
    match (kw.to_string().as_str(), trees.get(at)) {
        ("struct", Some(TokenTree::Punct(p))) if p.as_char() == ';' => {
            out.push_str(&format!("pub struct {name};\n"));
            Some((out, at + 1))
        }
        ("struct", Some(TokenTree::Group(g))) if g.delimiter() == Delimiter::Parenthesis => {
            let Some(TokenTree::Punct(semi)) = trees.get(at + 1) else { return None };
            if semi.as_char() != ';' {
                return None;
            }
            let fields: Vec<TokenTree> = g.stream().into_iter().collect();
            let mut printed = Vec::new();
            for field in split_top_level(&fields) {
                let (vis, ty) = match field {
                    [TokenTree::Ident(p), ty @ ..] if p == "pub" => ("pub ", ty),
                    ty => ("", ty),
                };
                printed.push(format!("{vis}{}", ty_text(ty)?));
            }
            let line = format!("pub struct {name}({});", printed.join(", "));
            fits(&line)?;
            out.push_str(&line);
            out.push('\n');
            Some((out, at + 2))
        }
        ("struct", Some(TokenTree::Group(g))) if g.delimiter() == Delimiter::Brace => {
            braced(&mut out, "struct", name, g, field)?;
            Some((out, at + 1))
        }
        ("enum", Some(TokenTree::Group(g))) if g.delimiter() == Delimiter::Brace => {
            braced(&mut out, "enum", name, g, variant)?;
            Some((out, at + 1))
        }
        _ => None,
    }
}

/// `pub {kw} {name} { … }`, each entry of the braces printed by `entry`.
fn braced(out: &mut String, kw: &str, name: &Ident, group: &Group, entry: fn(&[TokenTree], &mut String) -> Option<()>) -> Option<()> {
    let trees: Vec<TokenTree> = group.stream().into_iter().collect();
    if trees.is_empty() {
        out.push_str(&format!("pub {kw} {name} {{}}\n"));
        return Some(());
    }
    out.push_str(&format!("pub {kw} {name} {{\n"));
    for e in split_top_level(&trees) {
        entry(e, out)?;
    }
    out.push_str("}\n");
    Some(())
}

/// A named field: its docs, then `pub name: Type,`.
fn field(field: &[TokenTree], out: &mut String) -> Option<()> {
    let start = attributes(field, "    ", out)?;
    let (vis, rest) = match &field[start..] {
        [TokenTree::Ident(p), rest @ ..] if p == "pub" => ("pub ", rest),
        rest => ("", rest),
    };
    let [TokenTree::Ident(ident), TokenTree::Punct(colon), ty @ ..] = rest else { return None };
    if colon.as_char() != ':' || colon.spacing() != Spacing::Alone {
        return None;
    }
    let ty = ty_text(ty)?;
    let line = format!("    {vis}{ident}: {ty},");
    // A path without generic arguments has nowhere to break: prettyplease prints it whole at
    // any length. One with them breaks inside its outermost `<…>` past the margin, the argument
    // on a line of its own.
    if ty.contains('<') && line.len() > FIELD_WIDTH {
        let (outer, arg) = one_generic_argument(&ty)?;
        let arg = format!("        {arg},");
        fits(&arg)?;
        out.push_str(&format!("    {vis}{ident}: {outer}<\n{arg}\n    >,\n"));
        return Some(());
    }
    out.push_str(&line);
    out.push('\n');
    Some(())
}

/// A variant: its docs, then `Name,` or `Name(Type, …),`.
fn variant(variant: &[TokenTree], out: &mut String) -> Option<()> {
    let start = attributes(variant, "    ", out)?;
    let line = match &variant[start..] {
        [TokenTree::Ident(v)] => format!("    {v},"),
        [TokenTree::Ident(v), TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
            let fields: Vec<TokenTree> = g.stream().into_iter().collect();
            let tys = split_top_level(&fields).into_iter().map(ty_text).collect::<Option<Vec<_>>>()?;
            let line = format!("    {v}({}),", tys.join(", "));
            // One type without generic arguments past the margin: prettyplease puts it on a
            // line of its own inside the parentheses.
            if let [ty] = tys.as_slice()
                && line.len() > FIELD_WIDTH
                && !ty.contains('<')
            {
                let ty = format!("        {ty},");
                fits(&ty)?;
                out.push_str(&format!("    {v}(\n{ty}\n    ),\n"));
                return Some(());
            }
            line
        }
        _ => return None,
    };
    fits(&line)?;
    out.push_str(&line);
    out.push('\n');
    Some(())
}

fn fits(line: &str) -> Option<()> {
    (line.len() <= FIELD_WIDTH).then_some(())
}

/// The outer attributes at the start of `trees`, printed with `indent` into `out` (docs as `///`
/// lines, a derive as prettyplease prints it): how many token trees they took; `None` for any
/// other attribute, or a doc prettyplease prints otherwise (one with a line break, or one that
/// starts with `/`).
fn attributes(trees: &[TokenTree], indent: &str, out: &mut String) -> Option<usize> {
    let mut at = 0;
    while let [TokenTree::Punct(hash), TokenTree::Group(g), ..] = &trees[at..] {
        if hash.as_char() != '#' || g.delimiter() != Delimiter::Bracket {
            break;
        }
        let attr: Vec<TokenTree> = g.stream().into_iter().collect();
        match attr.as_slice() {
            [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(lit)] if doc == "doc" && eq.as_char() == '=' => {
                let text = describe::string_value(lit)?;
                if text.contains('\n') || text.starts_with('/') {
                    return None;
                }
                out.push_str(indent);
                out.push_str("///");
                out.push_str(text.trim_end_matches(' '));
                out.push('\n');
            }
            [TokenTree::Ident(derive), TokenTree::Group(list)] if derive == "derive" && list.delimiter() == Delimiter::Parenthesis => {
                let names: Vec<TokenTree> = list.stream().into_iter().collect();
                let names = split_top_level(&names).into_iter().map(ty_text).collect::<Option<Vec<_>>>()?;
                out.push_str(&format!("{indent}#[derive({})]\n", names.join(", ")));
            }
            _ => return None,
        }
        at += 2;
    }
    Some(at)
}

/// `Outer<Arg>` as `("Outer", "Arg")`, when `Arg` is one argument (no comma outside its own
/// brackets).
fn one_generic_argument(ty: &str) -> Option<(&str, &str)> {
    let (outer, rest) = ty.split_once('<')?;
    let arg = rest.strip_suffix('>')?;
    let mut depth = 0usize;
    for c in arg.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => return None,
            _ => {}
        }
    }
    (depth == 0).then_some((outer, arg))
}

/// `trees` split at the commas outside angle brackets (a trailing comma ends no entry).
fn split_top_level(trees: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut out = Vec::new();
    let (mut start, mut depth) = (0, 0usize);
    for (i, t) in trees.iter().enumerate() {
        if let TokenTree::Punct(p) = t {
            match p.as_char() {
                '<' => depth += 1,
                '>' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    out.push(&trees[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    if start < trees.len() {
        out.push(&trees[start..]);
    }
    out
}

/// A type made of paths and generic arguments (`Option<Vec<rt::Nillable<Adresse>>>`), as
/// prettyplease prints it; `None` for anything else (references, tuples, arrays, …).
fn ty_text(trees: &[TokenTree]) -> Option<String> {
    let mut out = String::new();
    for t in trees {
        match t {
            TokenTree::Ident(i) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    return None;
                }
                out.push_str(&i.to_string());
            }
            TokenTree::Punct(p) => match p.as_char() {
                ':' | '<' | '>' => out.push(p.as_char()),
                ',' => out.push_str(", "),
                _ => return None,
            },
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::*;

    /// The text prettyplease prints for the same tokens.
    fn pretty(tokens: &TokenStream) -> String {
        describe::reflow(&prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap()))
    }

    fn plain(tokens: &TokenStream) -> Option<String> {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let (text, used) = print_item(&trees)?;
        assert_eq!(used, trees.len(), "the whole item is taken");
        Some(text)
    }

    #[test]
    fn plain_items_print_as_prettyplease_prints_them() {
        let items = [
            quote! {
                #[doc = " The complex type `Adresse`."]
                #[derive(Debug, Clone, PartialEq, Default)]
                pub struct Adresse {
                    #[doc = " The element `Linje`."]
                    pub linje: Vec<String>,
                    #[doc = " Trailing spaces go.   "]
                    pub land: Option<rt::Nillable<Landkode>>,
                    pub xml_fixed: rt::FixedMismatches,
                }
            },
            quote! { #[derive(Debug, Clone, PartialEq)] pub struct Landkode(String); },
            quote! { pub struct Both(pub String, Option<u8>); },
            quote! { pub struct Unit; },
            quote! { pub struct Long { pub ansatt_sammenhengende_ansatt_ansettelse_datadef_33267: AnsattSammenhengendeAnsattAnsettelseDatadef33267 } },
            quote! { pub struct Empty {} },
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum Kode { #[doc = " `A`"] A, B(Box<Adresse>), C(String, u8) }
            },
            quote! {
                /// A document of this schema: one variant per global element that can be its root.
                #[derive(Debug, Clone, PartialEq)]
                pub enum Document {
                    /// `melding`
                    Melding(MeldingModell),
                }
            },
            quote! {
                impl Adresse {
                    rt::new!(linje: Vec<String>; land);
                    rt::setter!(with_land, land, set, Landkode);
                }
            },
        ];
        for item in &items {
            assert_eq!(plain(item).as_deref(), Some(pretty(item).as_str()), "{item}");
        }
    }

    #[test]
    fn long_fields_and_variants_break_as_prettyplease_breaks_them() {
        let span = proc_macro2::Span::call_site;
        let mut broken = 0;
        for width in 60..130 {
            let name = proc_macro2::Ident::new(&"f".repeat(width - 22), span());
            let long_ty = proc_macro2::Ident::new(&format!("T{}", "y".repeat(width - 50)), span());
            let items = [
                quote! { pub struct A { pub #name: Option<Abc> } },
                quote! { pub struct A { pub #name: Option<rt::Nillable<#long_ty>> } },
                quote! { pub struct A { pub #name: Vec<#long_ty> } },
                quote! { pub struct A { pub a: Option<rt::Nillable<#long_ty>> } },
                quote! { pub struct A { pub #name: HashMap<String, u8> } },
                quote! { pub enum Document { #name(#long_ty) } },
                quote! { pub enum Document { #name(Box<#long_ty>) } },
                quote! { pub struct #long_ty(String); },
            ];
            for item in &items {
                if let Some(text) = plain(item) {
                    assert_eq!(text, pretty(item), "{item}");
                    broken += usize::from(text.contains("<\n") || text.contains("(\n"));
                }
            }
        }
        assert!(broken > 100, "the broken forms are printed here too ({broken})");
    }

    #[test]
    fn other_items_are_left_to_prettyplease() {
        let long = format!("a_field_whose_type_does_not_fit_{}", "x".repeat(30));
        let long = proc_macro2::Ident::new(&long, proc_macro2::Span::call_site());
        let items = [
            quote! { struct Private { pub a: String } },
            quote! { pub struct A { pub a: &'static str } },
            quote! { pub struct A { pub a: [u8; 4] } },
            quote! { #[cfg(feature = "json")] pub struct A { pub a: String } },
            quote! { #[doc = "/ starts with a slash"] pub struct A; },
            quote! { #[doc = " two\n lines"] pub struct A; },
            quote! { pub enum E { A = 1 } },
            quote! { pub enum E { A { x: u8 } } },
            quote! { pub struct A { pub #long: Option<Vec<rt::Nillable<#long>>> } },
            quote! { pub enum E { AVeryLongVariantName(AVeryLongTypeName, AndASecondTypeThatGoesOnAndOnAndOnAndOnForever) } },
            quote! { impl A { fn f() {} } },
            quote! { impl A { rt::new!(a: u8); fn f() {} } },
            quote! { impl<T> A<T> { rt::new!(a: u8); } },
            quote! { impl A { rt::unknown_macro!(a); } },
        ];
        for item in &items {
            assert_eq!(plain(item), None, "{item}");
        }
    }
}

//! XML tree → XSD object model.

use std::path::Path;

use super::XS;
use super::XsdError;
use super::ast::*;
use crate::parse::xml_tree::{Element, QName};

struct Ctx<'a> {
    file: &'a Path,
    ignored: Vec<(String, Line)>,
}

fn describe(el: &Element) -> String {
    let mut s = format!("<xs:{}", el.name.local);
    for key in ["name", "ref", "base", "type"] {
        if let Some(v) = el.attr(key) {
            s.push_str(&format!(" {key}=\"{v}\""));
        }
    }
    s.push('>');
    s
}

impl Ctx<'_> {
    fn err(&self, el: &Element, message: impl Into<String>) -> XsdError {
        XsdError { file: self.file.to_path_buf(), line: el.line, construct: describe(el), message: message.into() }
    }

    fn qname(&self, el: &Element, attr: &str) -> Result<Option<QName>, XsdError> {
        match el.attr(attr) {
            None => Ok(None),
            Some(v) => el.scope.resolve(v).map(Some).map_err(|m| self.err(el, format!("`{attr}`: {m}"))),
        }
    }

    fn qnames(&self, el: &Element, attr: &str) -> Result<Vec<QName>, XsdError> {
        match el.attr(attr) {
            None => Ok(Vec::new()),
            Some(v) => v.split_whitespace().map(|q| el.scope.resolve(q).map_err(|m| self.err(el, format!("`{attr}`: {m}")))).collect(),
        }
    }

    fn bool_attr(&self, el: &Element, attr: &str) -> Result<Option<bool>, XsdError> {
        match el.attr(attr).map(str::trim) {
            None => Ok(None),
            Some("true") | Some("1") => Ok(Some(true)),
            Some("false") | Some("0") => Ok(Some(false)),
            Some(other) => Err(self.err(el, format!("`{attr}` must be true or false, not `{other}`"))),
        }
    }

    fn form(&self, el: &Element) -> Result<Option<bool>, XsdError> {
        match el.attr("form").map(str::trim) {
            None => Ok(None),
            Some("qualified") => Ok(Some(true)),
            Some("unqualified") => Ok(Some(false)),
            Some(other) => Err(self.err(el, format!("`form` must be qualified or unqualified, not `{other}`"))),
        }
    }

    fn occurs(&self, el: &Element) -> Result<Occurs, XsdError> {
        let min = match el.attr("minOccurs").map(str::trim) {
            None => 1,
            Some(v) => v.parse().map_err(|_| self.err(el, format!("bad minOccurs `{v}`")))?,
        };
        let max = match el.attr("maxOccurs").map(str::trim) {
            None => Max::Bounded(1),
            Some("unbounded") => Max::Unbounded,
            Some(v) => Max::Bounded(v.parse().map_err(|_| self.err(el, format!("bad maxOccurs `{v}`")))?),
        };
        Ok(Occurs { min, max })
    }

    fn ignore(&mut self, el: &Element) {
        self.ignored.push((format!("xs:{} is not mapped (ignored)", el.name.local), el.line));
    }

    fn warn(&mut self, el: &Element, message: &str) {
        self.ignored.push((format!("{}: {message}", describe(el)), el.line));
    }
}

fn is_xs(el: &Element, local: &str) -> bool {
    el.name.ns.as_deref() == Some(XS) && el.name.local == local
}

fn xs_children(el: &Element) -> impl Iterator<Item = &Element> {
    el.children.iter().filter(|c| c.name.ns.as_deref() == Some(XS))
}

/// Text of `xs:annotation/xs:documentation` children, joined; `None` when empty.
fn documentation(el: &Element) -> Option<String> {
    let mut parts = Vec::new();
    for ann in xs_children(el).filter(|c| c.name.local == "annotation") {
        for d in xs_children(ann).filter(|c| c.name.local == "documentation") {
            let mut text = String::new();
            collect_text(d, &mut text);
            let t = text.split('\n').map(str::trim).collect::<Vec<_>>().join("\n");
            let t = t.trim();
            if !t.is_empty() {
                parts.push(t.to_string());
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn collect_text(el: &Element, out: &mut String) {
    out.push_str(&el.text);
    for c in &el.children {
        collect_text(c, out);
    }
}

fn facet_u64(ctx: &Ctx, el: &Element) -> Result<u64, XsdError> {
    let v = el.attr("value").ok_or_else(|| ctx.err(el, "facet without `value`"))?;
    v.trim().parse().map_err(|_| ctx.err(el, format!("facet value `{v}` is not a non-negative integer")))
}

fn facets(ctx: &mut Ctx, restriction: &Element) -> Result<Facets, XsdError> {
    let mut f = Facets::default();
    for c in xs_children(restriction) {
        let value = || c.attr("value").map(str::to_string).ok_or_else(|| ctx.err(c, "facet without `value`"));
        match c.name.local.as_str() {
            "enumeration" => {
                let v = value()?;
                f.enumeration_ns.push(c.scope.resolve(&v).ok().and_then(|q| q.ns));
                f.enumerations.push((v, documentation(c)));
            }
            "pattern" => f.patterns.push(value()?),
            "length" => f.length = Some(facet_u64(ctx, c)?),
            "minLength" => f.min_length = Some(facet_u64(ctx, c)?),
            "maxLength" => f.max_length = Some(facet_u64(ctx, c)?),
            "minInclusive" => f.min_inclusive = Some(value()?),
            "maxInclusive" => f.max_inclusive = Some(value()?),
            "minExclusive" => f.min_exclusive = Some(value()?),
            "maxExclusive" => f.max_exclusive = Some(value()?),
            "totalDigits" => f.total_digits = Some(facet_u64(ctx, c)?),
            "fractionDigits" => f.fraction_digits = Some(facet_u64(ctx, c)?),
            "whiteSpace" => f.white_space = Some(value()?),
            "annotation" | "simpleType" | "attribute" | "attributeGroup" | "anyAttribute" | "sequence" | "choice" | "all" | "group" => {}
            "assertion" | "explicitTimezone" => ctx.ignore(c),
            other => return Err(ctx.err(c, format!("unknown facet `{other}`"))),
        }
    }
    Ok(f)
}

fn simple_type(ctx: &mut Ctx, el: &Element) -> Result<SimpleType, XsdError> {
    let mut variety = None;
    for c in xs_children(el) {
        match c.name.local.as_str() {
            "restriction" => {
                let inline_base = match xs_children(c).find(|x| x.name.local == "simpleType") {
                    Some(s) => Some(Box::new(simple_type(ctx, s)?)),
                    None => None,
                };
                let mut base = ctx.qname(c, "base")?;
                if base.is_none() && inline_base.is_none() {
                    ctx.warn(c, "restriction without `base` or an inline simple type: read as xs:anySimpleType");
                    base = Some(QName::new(Some(XS), "anySimpleType"));
                }
                variety = Some(SimpleVariety::Restriction { base, inline_base, facets: Box::new(facets(ctx, c)?) });
            }
            "list" => {
                let inline_item = match xs_children(c).find(|x| x.name.local == "simpleType") {
                    Some(s) => Some(Box::new(simple_type(ctx, s)?)),
                    None => None,
                };
                let item = ctx.qname(c, "itemType")?;
                if item.is_none() && inline_item.is_none() {
                    return Err(ctx.err(c, "list without `itemType` or an inline simple type"));
                }
                variety = Some(SimpleVariety::List { item, inline_item });
            }
            "union" => {
                let mut inline_members = Vec::new();
                for s in xs_children(c).filter(|x| x.name.local == "simpleType") {
                    inline_members.push(simple_type(ctx, s)?);
                }
                variety = Some(SimpleVariety::Union { members: ctx.qnames(c, "memberTypes")?, inline_members });
            }
            "annotation" => {}
            _ => return Err(ctx.err(c, "unexpected inside xs:simpleType")),
        }
    }
    let variety = variety.ok_or_else(|| ctx.err(el, "simple type without restriction, list or union"))?;
    Ok(SimpleType { name: el.attr("name").map(|n| n.trim().to_string()), variety, doc: documentation(el), line: el.line })
}

fn wildcard(el: &Element) -> Wildcard {
    Wildcard {
        namespace: el.attr("namespace").unwrap_or("##any").to_string(),
        process_contents: el.attr("processContents").unwrap_or("strict").to_string(),
        line: el.line,
    }
}

fn attribute(ctx: &mut Ctx, el: &Element) -> Result<AttributeDecl, XsdError> {
    let use_ = match el.attr("use").map(str::trim) {
        None | Some("optional") => Use::Optional,
        Some("required") => Use::Required,
        Some("prohibited") => Use::Prohibited,
        Some(o) => return Err(ctx.err(el, format!("bad `use` `{o}`"))),
    };
    let inline_type = match xs_children(el).find(|c| c.name.local == "simpleType") {
        Some(s) => Some(Box::new(simple_type(ctx, s)?)),
        None => None,
    };
    let decl = AttributeDecl {
        name: el.attr("name").map(|n| n.trim().to_string()),
        reference: ctx.qname(el, "ref")?,
        type_name: ctx.qname(el, "type")?,
        inline_type,
        use_,
        default: el.attr("default").map(str::to_string),
        fixed: el.attr("fixed").map(str::to_string),
        form_qualified: ctx.form(el)?,
        doc: documentation(el),
        line: el.line,
    };
    if decl.name.is_none() && decl.reference.is_none() {
        return Err(ctx.err(el, "attribute without `name` or `ref`"));
    }
    Ok(decl)
}

/// Reads attribute uses among the children of `el` (attribute, attributeGroup, anyAttribute).
fn attributes(ctx: &mut Ctx, el: &Element) -> Result<Attributes, XsdError> {
    let mut out = Attributes::default();
    for c in xs_children(el) {
        match c.name.local.as_str() {
            "attribute" => out.items.push(AttributeItem::Attribute(attribute(ctx, c)?)),
            "attributeGroup" => {
                let r = ctx.qname(c, "ref")?.ok_or_else(|| ctx.err(c, "attribute group reference without `ref`"))?;
                out.items.push(AttributeItem::GroupRef(r, c.line));
            }
            "anyAttribute" => out.any = Some(wildcard(c)),
            _ => {}
        }
    }
    Ok(out)
}

fn particle_of(ctx: &mut Ctx, el: &Element) -> Result<Option<Particle>, XsdError> {
    let mut found = None;
    for c in xs_children(el) {
        if matches!(c.name.local.as_str(), "sequence" | "choice" | "all" | "group") {
            if found.is_some() {
                return Err(ctx.err(c, "more than one model group"));
            }
            found = Some(particle(ctx, c)?);
        }
    }
    Ok(found)
}

fn particle(ctx: &mut Ctx, el: &Element) -> Result<Particle, XsdError> {
    let occurs = ctx.occurs(el)?;
    let kids = |ctx: &mut Ctx| -> Result<Vec<Particle>, XsdError> {
        let mut v = Vec::new();
        for c in xs_children(el) {
            match c.name.local.as_str() {
                "element" | "sequence" | "choice" | "all" | "group" | "any" => v.push(particle(ctx, c)?),
                "annotation" => {}
                _ => return Err(ctx.err(c, format!("unexpected inside xs:{}", el.name.local))),
            }
        }
        Ok(v)
    };
    Ok(match el.name.local.as_str() {
        "element" => Particle::Element(element(ctx, el)?),
        "sequence" => Particle::Sequence(occurs, kids(ctx)?, el.line),
        "choice" => Particle::Choice(occurs, kids(ctx)?, el.line),
        "all" => Particle::All(occurs, kids(ctx)?, el.line),
        "group" => {
            let r = ctx.qname(el, "ref")?.ok_or_else(|| ctx.err(el, "group reference without `ref`"))?;
            Particle::GroupRef(occurs, r, el.line)
        }
        "any" => Particle::Any(occurs, wildcard(el)),
        _ => return Err(ctx.err(el, "not a particle")),
    })
}

fn complex_type(ctx: &mut Ctx, el: &Element) -> Result<ComplexType, XsdError> {
    let mixed = ctx.bool_attr(el, "mixed")?.unwrap_or(false);
    let mut content = None;
    for c in xs_children(el) {
        match c.name.local.as_str() {
            "simpleContent" | "complexContent" => {
                let simple = c.name.local == "simpleContent";
                let content_mixed = ctx.bool_attr(c, "mixed")?;
                let derivation = xs_children(c)
                    .find(|d| d.name.local == "extension" || d.name.local == "restriction")
                    .ok_or_else(|| ctx.err(c, "without extension or restriction"))?;
                let base = ctx.qname(derivation, "base")?.ok_or_else(|| ctx.err(derivation, "without `base`"))?;
                let attrs = attributes(ctx, derivation)?;
                content = Some(match (simple, derivation.name.local.as_str()) {
                    (true, "extension") => ComplexContent::SimpleExtension { base, attributes: attrs },
                    (true, _) => ComplexContent::SimpleRestriction {
                        base,
                        inline_base: match xs_children(derivation).find(|x| x.name.local == "simpleType") {
                            Some(s) => Some(Box::new(simple_type(ctx, s)?)),
                            None => None,
                        },
                        facets: facets(ctx, derivation)?,
                        attributes: attrs,
                    },
                    (false, "extension") => ComplexContent::ComplexExtension {
                        base,
                        particle: particle_of(ctx, derivation)?,
                        attributes: attrs,
                        mixed: content_mixed,
                    },
                    (false, _) => ComplexContent::ComplexRestriction {
                        base,
                        particle: particle_of(ctx, derivation)?,
                        attributes: attrs,
                        mixed: content_mixed,
                    },
                });
            }
            "openContent" | "assert" => ctx.ignore(c),
            _ => {}
        }
    }
    let content = match content {
        Some(c) => c,
        None => ComplexContent::Direct { particle: particle_of(ctx, el)?, attributes: attributes(ctx, el)? },
    };
    Ok(ComplexType {
        name: el.attr("name").map(|n| n.trim().to_string()),
        mixed,
        is_abstract: ctx.bool_attr(el, "abstract")?.unwrap_or(false),
        content,
        doc: documentation(el),
        line: el.line,
    })
}

fn element(ctx: &mut Ctx, el: &Element) -> Result<ElementDecl, XsdError> {
    let mut inline_type = None;
    for c in xs_children(el) {
        match c.name.local.as_str() {
            "complexType" => inline_type = Some(Box::new(TypeDecl::Complex(complex_type(ctx, c)?))),
            "simpleType" => inline_type = Some(Box::new(TypeDecl::Simple(simple_type(ctx, c)?))),
            "unique" | "key" | "keyref" | "alternative" => ctx.ignore(c),
            _ => {}
        }
    }
    let decl = ElementDecl {
        name: el.attr("name").map(|n| n.trim().to_string()),
        reference: ctx.qname(el, "ref")?,
        type_name: ctx.qname(el, "type")?,
        inline_type,
        occurs: ctx.occurs(el)?,
        nillable: ctx.bool_attr(el, "nillable")?.unwrap_or(false),
        is_abstract: ctx.bool_attr(el, "abstract")?.unwrap_or(false),
        default: el.attr("default").map(str::to_string),
        fixed: el.attr("fixed").map(str::to_string),
        form_qualified: ctx.form(el)?,
        substitution_group: ctx.qnames(el, "substitutionGroup")?,
        doc: documentation(el),
        line: el.line,
    };
    if decl.name.is_none() && decl.reference.is_none() {
        return Err(ctx.err(el, "element without `name` or `ref`"));
    }
    Ok(decl)
}

/// Reads a whole `xs:schema` element.
pub(super) fn schema(root: &Element, file: &Path) -> Result<Schema, XsdError> {
    let mut ctx = Ctx { file, ignored: Vec::new() };
    if !is_xs(root, "schema") {
        return Err(XsdError {
            file: file.to_path_buf(),
            line: root.line,
            construct: format!("<{}>", root.name.local),
            message: format!("the root element is {} (expected xs:schema in {XS})", root.name),
        });
    }
    let form = |attr: &str| root.attr(attr).map(str::trim) == Some("qualified");
    let mut s = Schema {
        target_ns: root.attr("targetNamespace").map(str::to_string).filter(|t| !t.is_empty()),
        element_form_qualified: form("elementFormDefault"),
        attribute_form_qualified: form("attributeFormDefault"),
        imports: Vec::new(),
        includes: Vec::new(),
        elements: Vec::new(),
        attributes: Vec::new(),
        complex_types: Vec::new(),
        simple_types: Vec::new(),
        groups: Vec::new(),
        attribute_groups: Vec::new(),
        doc: documentation(root),
        ignored: Vec::new(),
    };
    read_top_level(&mut ctx, root, &mut s)?;
    s.ignored = ctx.ignored;
    Ok(s)
}

fn read_top_level(ctx: &mut Ctx, parent: &Element, s: &mut Schema) -> Result<(), XsdError> {
    for c in xs_children(parent) {
        let need_name =
            |ctx: &Ctx| c.attr("name").map(|n| n.trim().to_string()).ok_or_else(|| ctx.err(c, "a top-level declaration needs `name`"));
        match c.name.local.as_str() {
            "element" => {
                need_name(ctx)?;
                s.elements.push(element(ctx, c)?);
            }
            "attribute" => {
                need_name(ctx)?;
                s.attributes.push(attribute(ctx, c)?);
            }
            "complexType" => {
                need_name(ctx)?;
                s.complex_types.push(complex_type(ctx, c)?);
            }
            "simpleType" => {
                need_name(ctx)?;
                s.simple_types.push(simple_type(ctx, c)?);
            }
            "group" => {
                let name = need_name(ctx)?;
                let particle = particle_of(ctx, c)?.ok_or_else(|| ctx.err(c, "a group needs sequence, choice or all"))?;
                s.groups.push(GroupDef { name, particle, line: c.line });
            }
            "attributeGroup" => {
                let name = need_name(ctx)?;
                s.attribute_groups.push(AttributeGroupDef { name, attributes: attributes(ctx, c)?, line: c.line });
            }
            "import" => s.imports.push(Import {
                namespace: c.attr("namespace").map(str::to_string),
                location: c.attr("schemaLocation").map(str::to_string),
                line: c.line,
            }),
            "include" | "redefine" | "override" => {
                let location = c.attr("schemaLocation").ok_or_else(|| ctx.err(c, "without `schemaLocation`"))?;
                let kind = match c.name.local.as_str() {
                    "include" => "include",
                    "redefine" => "redefine",
                    _ => "override",
                };
                s.includes.push(Include { location: location.to_string(), kind, line: c.line });
                if kind != "include" {
                    // Redefinitions replace the included components of the same name.
                    read_top_level(ctx, c, s)?;
                }
            }
            "annotation" => {}
            "notation" | "defaultOpenContent" => ctx.ignore(c),
            other => return Err(ctx.err(c, format!("unknown top-level construct `{other}`"))),
        }
    }
    Ok(())
}

//! The XSD object model as written in one schema document: what the file says, with names
//! resolved to expanded QNames but references not yet followed (that is the resolve stage's job).

use crate::parse::xml_tree::QName;

/// `maxOccurs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Max {
    /// A bound.
    Bounded(u64),
    /// `unbounded`.
    Unbounded,
}

/// `minOccurs`/`maxOccurs` of a particle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurs {
    /// `minOccurs`.
    pub min: u64,
    /// `maxOccurs`.
    pub max: Max,
}

impl Occurs {
    /// Exactly once.
    pub const ONE: Occurs = Occurs { min: 1, max: Max::Bounded(1) };

    /// More than one allowed.
    pub fn is_many(&self) -> bool {
        match self.max {
            Max::Unbounded => true,
            Max::Bounded(n) => n > 1,
        }
    }

    /// May be absent.
    pub fn is_optional(&self) -> bool {
        self.min == 0
    }
}

/// Where a construct is: 1-based line of its start tag.
pub type Line = usize;

/// One schema document.
#[derive(Debug, Clone)]
pub struct Schema {
    /// `targetNamespace`.
    pub target_ns: Option<String>,
    /// `elementFormDefault="qualified"`.
    pub element_form_qualified: bool,
    /// `attributeFormDefault="qualified"`.
    pub attribute_form_qualified: bool,
    /// `xs:import`s.
    pub imports: Vec<Import>,
    /// `xs:include`s (and `xs:redefine`/`xs:override`, whose redefinitions follow in `redefines`).
    pub includes: Vec<Include>,
    /// Global element declarations.
    pub elements: Vec<ElementDecl>,
    /// Global attribute declarations.
    pub attributes: Vec<AttributeDecl>,
    /// Named complex types.
    pub complex_types: Vec<ComplexType>,
    /// Named simple types.
    pub simple_types: Vec<SimpleType>,
    /// Named model groups.
    pub groups: Vec<GroupDef>,
    /// Named attribute groups.
    pub attribute_groups: Vec<AttributeGroupDef>,
    /// Schema-level documentation.
    pub doc: Option<String>,
    /// Warnings: constructs skipped or read leniently (message, line).
    pub ignored: Vec<(String, Line)>,
}

/// `xs:import`.
#[derive(Debug, Clone)]
pub struct Import {
    /// `namespace`.
    pub namespace: Option<String>,
    /// `schemaLocation`.
    pub location: Option<String>,
    /// Line.
    pub line: Line,
}

/// `xs:include` / `xs:redefine` / `xs:override`.
#[derive(Debug, Clone)]
pub struct Include {
    /// `schemaLocation`.
    pub location: String,
    /// Which construct (`include`, `redefine`, `override`).
    pub kind: &'static str,
    /// Line.
    pub line: Line,
}

/// An element declaration (global, local, or a `ref=`).
#[derive(Debug, Clone)]
pub struct ElementDecl {
    /// `name` (None for a `ref=`).
    pub name: Option<String>,
    /// `ref`.
    pub reference: Option<QName>,
    /// `type`.
    pub type_name: Option<QName>,
    /// An anonymous type.
    pub inline_type: Option<Box<TypeDecl>>,
    /// Occurrence (local declarations and refs).
    pub occurs: Occurs,
    /// `nillable`.
    pub nillable: bool,
    /// `abstract`.
    pub is_abstract: bool,
    /// `default`.
    pub default: Option<String>,
    /// `fixed`.
    pub fixed: Option<String>,
    /// `form` (local declarations): Some(true) for qualified.
    pub form_qualified: Option<bool>,
    /// `substitutionGroup` heads.
    pub substitution_group: Vec<QName>,
    /// `xs:documentation`.
    pub doc: Option<String>,
    /// Line.
    pub line: Line,
}

/// An anonymous or named type.
#[derive(Debug, Clone)]
// Stored boxed (`Option<Box<TypeDecl>>`), so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum TypeDecl {
    /// `xs:complexType`.
    Complex(ComplexType),
    /// `xs:simpleType`.
    Simple(SimpleType),
}

/// `xs:complexType`.
#[derive(Debug, Clone)]
pub struct ComplexType {
    /// `name` (None when anonymous).
    pub name: Option<String>,
    /// `mixed`.
    pub mixed: bool,
    /// `abstract`.
    pub is_abstract: bool,
    /// The content.
    pub content: ComplexContent,
    /// `xs:documentation`.
    pub doc: Option<String>,
    /// Line.
    pub line: Line,
}

/// What a complex type contains.
#[derive(Debug, Clone)]
pub enum ComplexContent {
    /// A particle (or nothing) plus attributes, directly.
    Direct {
        /// The top particle.
        particle: Option<Particle>,
        /// Attributes.
        attributes: Attributes,
    },
    /// `xs:simpleContent/xs:extension`.
    SimpleExtension {
        /// `base`.
        base: QName,
        /// Added attributes.
        attributes: Attributes,
    },
    /// `xs:simpleContent/xs:restriction`.
    SimpleRestriction {
        /// `base`.
        base: QName,
        /// An inline simple type inside the restriction.
        inline_base: Option<Box<SimpleType>>,
        /// Facets.
        facets: Facets,
        /// Attributes (restated).
        attributes: Attributes,
    },
    /// `xs:complexContent/xs:extension`.
    ComplexExtension {
        /// `base`.
        base: QName,
        /// Added particle.
        particle: Option<Particle>,
        /// Added attributes.
        attributes: Attributes,
        /// `mixed` on complexContent.
        mixed: Option<bool>,
    },
    /// `xs:complexContent/xs:restriction`.
    ComplexRestriction {
        /// `base`.
        base: QName,
        /// The restricted particle (complete).
        particle: Option<Particle>,
        /// Attributes.
        attributes: Attributes,
        /// `mixed` on complexContent.
        mixed: Option<bool>,
    },
}

/// Attribute uses of a type or group.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// Attributes and attribute-group references, in order.
    pub items: Vec<AttributeItem>,
    /// `xs:anyAttribute` present.
    pub any: Option<Wildcard>,
}

/// An attribute or a group reference.
#[derive(Debug, Clone)]
pub enum AttributeItem {
    /// `xs:attribute`.
    Attribute(AttributeDecl),
    /// `xs:attributeGroup ref=`.
    GroupRef(QName, Line),
}

/// `use` of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// `optional` (the default).
    Optional,
    /// `required`.
    Required,
    /// `prohibited`.
    Prohibited,
}

/// `xs:attribute`.
#[derive(Debug, Clone)]
pub struct AttributeDecl {
    /// `name`.
    pub name: Option<String>,
    /// `ref`.
    pub reference: Option<QName>,
    /// `type`.
    pub type_name: Option<QName>,
    /// Inline simple type.
    pub inline_type: Option<Box<SimpleType>>,
    /// `use`.
    pub use_: Use,
    /// `default`.
    pub default: Option<String>,
    /// `fixed`.
    pub fixed: Option<String>,
    /// `form`.
    pub form_qualified: Option<bool>,
    /// `xs:documentation`.
    pub doc: Option<String>,
    /// Line.
    pub line: Line,
}

/// `xs:any` / `xs:anyAttribute`.
#[derive(Debug, Clone)]
pub struct Wildcard {
    /// `namespace` as written (`##any` by default).
    pub namespace: String,
    /// `processContents`.
    pub process_contents: String,
    /// Line.
    pub line: Line,
}

/// A particle of a content model.
#[derive(Debug, Clone)]
pub enum Particle {
    /// `xs:element`.
    Element(ElementDecl),
    /// `xs:sequence`.
    Sequence(Occurs, Vec<Particle>, Line),
    /// `xs:choice`.
    Choice(Occurs, Vec<Particle>, Line),
    /// `xs:all`.
    All(Occurs, Vec<Particle>, Line),
    /// `xs:group ref=`.
    GroupRef(Occurs, QName, Line),
    /// `xs:any`.
    Any(Occurs, Wildcard),
}

/// A named `xs:group`.
#[derive(Debug, Clone)]
pub struct GroupDef {
    /// `name`.
    pub name: String,
    /// The group's particle (sequence, choice or all).
    pub particle: Particle,
    /// Line.
    pub line: Line,
}

/// A named `xs:attributeGroup`.
#[derive(Debug, Clone)]
pub struct AttributeGroupDef {
    /// `name`.
    pub name: String,
    /// Its attributes.
    pub attributes: Attributes,
    /// Line.
    pub line: Line,
}

/// `xs:simpleType`.
#[derive(Debug, Clone)]
pub struct SimpleType {
    /// `name` (None when anonymous).
    pub name: Option<String>,
    /// Restriction, list or union.
    pub variety: SimpleVariety,
    /// `xs:documentation`.
    pub doc: Option<String>,
    /// Line.
    pub line: Line,
}

/// The three kinds of simple type.
#[derive(Debug, Clone)]
pub enum SimpleVariety {
    /// `xs:restriction`.
    Restriction {
        /// `base` (None when the base is inline).
        base: Option<QName>,
        /// Inline base.
        inline_base: Option<Box<SimpleType>>,
        /// Facets.
        facets: Box<Facets>,
    },
    /// `xs:list`.
    List {
        /// `itemType`.
        item: Option<QName>,
        /// Inline item type.
        inline_item: Option<Box<SimpleType>>,
    },
    /// `xs:union`.
    Union {
        /// `memberTypes`.
        members: Vec<QName>,
        /// Inline member types.
        inline_members: Vec<SimpleType>,
    },
}

/// Constraining facets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    /// `xs:enumeration` values with their documentation.
    pub enumerations: Vec<(String, Option<String>)>,
    /// The namespace each enumeration value names when read as a QName (its prefix, or the
    /// default namespace, as bound where it is written), for QName-based types.
    pub enumeration_ns: Vec<Option<String>>,
    /// `xs:pattern`s (all must match… per derivation step; within one step any may match).
    pub patterns: Vec<String>,
    /// `xs:length`.
    pub length: Option<u64>,
    /// `xs:minLength`.
    pub min_length: Option<u64>,
    /// `xs:maxLength`.
    pub max_length: Option<u64>,
    /// `xs:minInclusive`.
    pub min_inclusive: Option<String>,
    /// `xs:maxInclusive`.
    pub max_inclusive: Option<String>,
    /// `xs:minExclusive`.
    pub min_exclusive: Option<String>,
    /// `xs:maxExclusive`.
    pub max_exclusive: Option<String>,
    /// `xs:totalDigits`.
    pub total_digits: Option<u64>,
    /// `xs:fractionDigits`.
    pub fraction_digits: Option<u64>,
    /// `xs:whiteSpace`.
    pub white_space: Option<String>,
}

impl Facets {
    /// True when no facet is set.
    pub fn is_empty(&self) -> bool {
        *self == Facets::default()
    }
}

//! The REST API as the emitter sees it: per document, named types and operations, with Rust
//! names already chosen and wire names kept beside them.

use std::collections::BTreeMap;

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    /// Text (also date-times: Altinn writes them with and without offsets).
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// Any JSON.
    Json,
    /// HAL `_links`.
    Links,
    /// A named type of the same document (its Rust name).
    Named(String),
    /// A list.
    List(Box<Ty>),
    /// A map from text.
    Map(Box<Ty>),
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Its type (every field is optional on the wire).
    pub ty: Ty,
    /// Documentation.
    pub doc: Option<String>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDef {
    /// An object.
    Struct {
        /// Fields in document order.
        fields: Vec<Field>,
    },
    /// Strings from a known set; unknown values are kept (`Other`).
    Enum {
        /// (wire, Rust variant).
        values: Vec<(String, String)>,
    },
    /// Another type under this name.
    Alias(Ty),
}

/// A named type with its documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedType {
    /// Where it came from (`components/schemas/X`, or the operation and place of an inline one).
    pub origin: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The definition.
    pub def: TypeDef,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamPlace {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Where.
    pub place: ParamPlace,
    /// Scalar type (lists are sent as repeated pairs).
    pub ty: Ty,
    /// Required (path parameters always are).
    pub required: bool,
    /// A flag sent without a value (`ForceEIAuthentication`).
    pub flag: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON of a type.
    Json(Ty),
    /// Raw bytes with a content type.
    Bytes(String),
}

/// What an operation answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A value of a type, in any media type.
    Value(Ty),
    /// One page of a list of a type (bare array, or HAL `_embedded`).
    Page(Ty),
    /// The raw answer (downloads, no content, `Location`).
    Raw,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Rust function name.
    pub rust: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path relative to the API base (without `/api/`), with `{wire}` parameters.
    pub path: String,
    /// Path and required query parameters, then optional ones.
    pub params: Vec<Param>,
    /// Whether it takes OData options (`$filter`, `$top`, …).
    pub odata: bool,
    /// The body.
    pub body: Option<BodyKind>,
    /// The answer.
    pub answer: Answer,
    /// The `Accept` an answer needs when it is not one of the JSON/XML media types.
    pub accept: Option<String>,
    /// No login needed (metadata, authentication).
    pub public: bool,
    /// Summary and description.
    pub doc: Option<String>,
    /// Deprecated in the document.
    pub deprecated: bool,
    /// Rust name of the struct holding optional query parameters, when there are any.
    pub query_struct: Option<String>,
}

/// One document's module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiModule {
    /// Module name.
    pub module: String,
    /// Source document (file stem).
    pub document: String,
    /// Title and description.
    pub doc: Option<String>,
    /// Named types by Rust name.
    pub types: BTreeMap<String, NamedType>,
    /// Operations in path order.
    pub operations: Vec<Operation>,
}

/// The whole API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiModel {
    /// One module per document with operations, sorted by module name.
    pub modules: Vec<ApiModule>,
    /// What was noticed (unsupported constructs turned into JSON values, …).
    pub warnings: Vec<String>,
}

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
    /// A value of an enumeration declared as integers, sent as an integer or as its name.
    IntEnum,
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

/// A field of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// Wire name (`Metadata.FileName`).
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// A file (`format: binary`), else text of this scalar type.
    pub file: bool,
    /// The text's scalar type.
    pub ty: Ty,
    /// Repeated (an array: one part per value).
    pub list: bool,
    /// Required.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON of a type.
    Json(Ty),
    /// Raw bytes with a content type (streamed on the platform APIs).
    Bytes(String),
    /// A `multipart/form-data` form, as a struct of its own.
    Multipart {
        /// The struct's Rust name.
        name: String,
        /// Its fields in document order.
        fields: Vec<FormField>,
    },
}

/// Where a paged list's next page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// The same request with a query parameter set to the page's token field.
    Token {
        /// The query parameter's wire name (`continuationToken`).
        param: String,
        /// The page's token field (Rust name).
        field: String,
        /// The page's "more to come" flag (Rust name), when it has one.
        more: Option<String>,
    },
    /// A link field of the page (Rust name) holding the next page's URL.
    Link(String),
}

/// What an operation answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A value of a type, in any media type.
    Value(Ty),
    /// One page of a list of a type (bare array, or HAL `_embedded`).
    Page(Ty),
    /// The raw answer (no content, `Location`, text).
    Raw,
    /// A binary answer, streamed (platform APIs).
    Download,
    /// One page of a paged list whose page says where the next is (platform APIs).
    Paged {
        /// The page type.
        page: Ty,
        /// The item type.
        item: Ty,
        /// The page's list field (Rust name).
        items: String,
        /// Where the next page is.
        next: NextPage,
    },
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
    /// The security requirements the document declares (`scheme: scope, scope`), one per line.
    pub security: Vec<String>,
}

/// Which API and host a document describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The Altinn 2 REST API (legacy; `runtime::api`); paths relative to `…/api/`.
    Altinn2,
    /// An Altinn 3 platform API (`runtime::altinn3::platform`); paths relative to the platform
    /// host.
    Platform,
    /// An Altinn 3 app's API, on the host of the organisation's apps; paths start `{org}/{app}/`.
    App(AppHost),
}

/// Which organisation's app host an app operation goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppHost {
    /// The value of this path parameter (wire name: `org`).
    Param(String),
    /// A fixed organisation (a per-app document).
    Fixed(String),
}

/// One document's module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiModule {
    /// Which API and host.
    pub target: Target,
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

/// The whole API (of one folder of documents: the Altinn 2 API, or the Altinn 3 platform).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiModel {
    /// One module per document with operations, sorted by module name.
    pub modules: Vec<ApiModule>,
    /// What was noticed (unsupported constructs turned into JSON values, …).
    pub warnings: Vec<String>,
}

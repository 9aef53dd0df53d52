//! The service catalogue, role definitions and code lists of a snapshot, resolved and sorted.

/// Everything the metadata resource told us, in a stable order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    /// Services sorted by owner, code, edition.
    pub services: Vec<Service>,
    /// Role definitions sorted by id.
    pub role_definitions: Vec<RoleDefinition>,
    /// Code lists sorted by name, version.
    pub code_lists: Vec<CodeList>,
    /// Problems that did not stop resolution (file: message).
    pub warnings: Vec<String>,
}

/// The kind of a service: the runtime's one definition, with other kinds kept as sent.
pub type ServiceKind = altinn_runtime::catalogue::ServiceKind<String>;

/// One service edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The name of its Rust constant (chosen by resolve: stable and collision-free).
    pub rust_name: String,
    /// `ServiceOwnerCode`.
    pub owner_code: String,
    /// `ServiceOwnerName`.
    pub owner_name: String,
    /// `ServiceName`.
    pub name: String,
    /// `ServiceCode`.
    pub code: String,
    /// `ServiceEditionCode`.
    pub edition: i64,
    /// `ServiceEditionName`.
    pub edition_name: Option<String>,
    /// `ServiceType`.
    pub kind: ServiceKind,
    /// `ValidFrom`, lexical.
    pub valid_from: Option<String>,
    /// `ValidTo`, lexical.
    pub valid_to: Option<String>,
    /// `EnterpriseUserEnabled`.
    pub enterprise_user_enabled: Option<bool>,
    /// `RestEnabled` (from the detail).
    pub rest_enabled: Option<bool>,
    /// `EUSEnabled` (from the detail).
    pub eus_enabled: Option<bool>,
    /// Whether the snapshot holds the detail (false when the server answered 404).
    pub has_detail: bool,
    /// Forms, in the order of the detail.
    pub forms: Vec<Form>,
    /// Attachment rules, in the order of the detail.
    pub attachment_rules: Vec<AttachmentRule>,
    /// Process steps, in the order of the detail.
    pub process_steps: Vec<ProcessStep>,
    /// Role requirements.
    pub role_requirements: Vec<RoleRequirement>,
    /// The Altinn 3 resources that replaced it (Resource Registry references), sorted.
    pub successors: Vec<String>,
}

/// A form of a form task.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// `FormID`.
    pub form_id: Option<i64>,
    /// `FormName`.
    pub name: String,
    /// `DataFormatProviderType`.
    pub provider: String,
    /// `DataFormatID`.
    pub data_format_id: String,
    /// `DataFormatVersion`.
    pub data_format_version: i64,
    /// `FormType` (`MainForm`, `SubForm`).
    pub form_type: String,
    /// `IsOnlyXsdValidation`.
    pub only_xsd_validation: Option<bool>,
    /// Path of the XSD inside the snapshot, when it was fetched.
    pub xsd: Option<String>,
}

/// An attachment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentRule {
    /// `AttachmentRuleId`.
    pub id: i64,
    /// `AttachmentTypeName`.
    pub type_name: String,
    /// `AllowedFileTypes`, as sent.
    pub allowed_file_types: String,
    /// `MinAttachmentCount`.
    pub min_count: Option<i64>,
    /// `MaxAttachmentCount`.
    pub max_count: Option<i64>,
    /// `MaxFileSize`.
    pub max_file_size: Option<i64>,
    /// `IsXsdValidationRequired`.
    pub xsd_validation_required: Option<bool>,
    /// `IsCheckSumAllowed`.
    pub checksum_allowed: Option<bool>,
    /// Path of the rule's XSD inside the snapshot, when fetched.
    pub xsd: Option<String>,
}

/// A process step.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessStep {
    /// `SequenceNumber`.
    pub sequence_number: Option<i64>,
    /// `Name`.
    pub name: String,
    /// `SecurityLevel`.
    pub security_level: Option<i64>,
}

/// A role a service requires.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleRequirement {
    /// `RoleDefinitionId`.
    pub role_definition_id: i64,
    /// `RoleDefinitionCode`.
    pub role_definition_code: String,
    /// Operation names (`Read`, `Write`, …) in the order sent.
    pub operations: Vec<String>,
}

/// A role definition.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleDefinition {
    /// The name of its Rust constant (chosen by resolve: stable and collision-free).
    pub rust_name: String,
    /// `RoleDefinitionId`.
    pub id: i64,
    /// `RoleDefinitionCode`.
    pub code: String,
    /// `RoleName`.
    pub name: String,
    /// `RoleDescription`.
    pub description: Option<String>,
    /// `RoleType`.
    pub role_type: Option<String>,
    /// `ParentRoleDefinitionIds`.
    pub parents: Vec<i64>,
    /// `ChildRoleDefinitionIds`.
    pub children: Vec<i64>,
}

/// A code list.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeList {
    /// The name of its Rust constant (chosen by resolve: stable and collision-free).
    pub rust_name: String,
    /// `Name`.
    pub name: String,
    /// `Version`.
    pub version: i64,
    /// `Language`.
    pub language: Option<i64>,
    /// Codes in the order sent.
    pub codes: Vec<Code>,
}

/// One code.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// `Code`.
    pub code: String,
    /// `Value1`…`Value3`.
    pub values: [Option<String>; 3],
}

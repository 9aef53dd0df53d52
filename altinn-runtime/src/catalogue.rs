//! Types of the service catalogue; the generated `catalogue`, `roles` and `code_lists` modules
//! hold one constant of these per entry of the snapshot.

/// What kind of service an entry is: the one definition of the kinds, their wire spelling and
/// their detail routes. Generated constants hold [`ServiceType`] (`Other` borrowing a static
/// string); the generator reads and keeps `ServiceKind<String>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceKind<S = &'static str> {
    /// A form to fill in and submit (`metadata/formtask/…`).
    FormTask,
    /// A message from an agency (`metadata/correspondence/…`).
    Correspondence,
    /// A lookup service (`metadata/lookup/…`).
    Lookup,
    /// Any other kind, as the metadata spelled it (`Broker`, `Link`, `Collaboration`, …).
    Other(S),
}

/// What kind of service an entry of the generated catalogue is.
pub type ServiceType = ServiceKind<&'static str>;

impl<S: AsRef<str>> ServiceKind<S> {
    /// The wire spelling (`FormTask`, `Correspondence`, `Lookup`, or the other kind as sent).
    pub fn as_wire(&self) -> &str {
        match self {
            ServiceKind::FormTask => "FormTask",
            ServiceKind::Correspondence => "Correspondence",
            ServiceKind::Lookup => "Lookup",
            ServiceKind::Other(s) => s.as_ref(),
        }
    }

    /// The path segment of the metadata detail route, for the kinds that have one.
    pub fn detail_route(&self) -> Option<&'static str> {
        match self {
            ServiceKind::FormTask => Some("formtask"),
            ServiceKind::Correspondence => Some("correspondence"),
            ServiceKind::Lookup => Some("lookup"),
            ServiceKind::Other(_) => None,
        }
    }
}

impl ServiceKind<String> {
    /// From the wire value, case-insensitively; an unknown kind is kept as sent.
    pub fn from_wire(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "formtask" => ServiceKind::FormTask,
            "correspondence" => ServiceKind::Correspondence,
            "lookup" => ServiceKind::Lookup,
            _ => ServiceKind::Other(s.to_string()),
        }
    }
}

/// One service edition of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// `ServiceOwnerCode`, e.g. `SKD`.
    pub owner_code: &'static str,
    /// `ServiceOwnerName`.
    pub owner_name: &'static str,
    /// `ServiceName`.
    pub name: &'static str,
    /// `ServiceCode`.
    pub code: &'static str,
    /// `ServiceEditionCode`.
    pub edition: i64,
    /// `ServiceEditionName`, when given.
    pub edition_name: Option<&'static str>,
    /// `ServiceType`.
    pub service_type: ServiceType,
    /// `ValidFrom` as Altinn wrote it (usually without offset).
    pub valid_from: Option<&'static str>,
    /// `ValidTo` as Altinn wrote it.
    pub valid_to: Option<&'static str>,
    /// `EnterpriseUserEnabled`.
    pub enterprise_user_enabled: Option<bool>,
    /// `RestEnabled`: whether the REST API may submit it.
    pub rest_enabled: Option<bool>,
    /// `EUSEnabled`: whether end-user systems may use it.
    pub eus_enabled: Option<bool>,
    /// Whether the snapshot held this service's detail.
    pub has_detail: bool,
    /// The forms (main form first as Altinn lists them).
    pub forms: &'static [Form],
    /// Attachment rules.
    pub attachment_rules: &'static [AttachmentRule],
    /// The process steps, in order.
    pub process_steps: &'static [ProcessStep],
    /// Roles that give access.
    pub role_requirements: &'static [RoleRequirement],
    /// The Altinn 3 resources that replaced it (the Resource Registry's references), when the
    /// snapshot's Altinn 3 part names any: Altinn 2 closed on 19 June 2026.
    pub successors: &'static [&'static str],
}

impl Service {
    /// The main form, if any.
    pub fn main_form(&self) -> Option<&'static Form> {
        self.forms.iter().find(|f| f.form_type.eq_ignore_ascii_case("MainForm"))
    }
}

/// A form of a form task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// `FormID`.
    pub form_id: Option<i64>,
    /// `FormName`.
    pub name: &'static str,
    /// `DataFormatProviderType` (`Seres`, `OR`, `Altinn`).
    pub provider: &'static str,
    /// `DataFormatID` (usually digits, sometimes text such as `sofus`).
    pub data_format_id: &'static str,
    /// `DataFormatVersion`.
    pub data_format_version: i64,
    /// `FormType` (`MainForm`, `SubForm`).
    pub form_type: &'static str,
    /// `IsOnlyXsdValidation`.
    pub only_xsd_validation: Option<bool>,
    /// Where the form's XSD is in the snapshot, when it was fetched.
    pub xsd: Option<&'static str>,
}

/// An attachment rule of a form task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentRule {
    /// `AttachmentRuleId`.
    pub id: i64,
    /// `AttachmentTypeName`: the `AttachmentType` to send when uploading.
    pub type_name: &'static str,
    /// `AllowedFileTypes` as Altinn wrote it (free text).
    pub allowed_file_types: &'static str,
    /// `MinAttachmentCount`.
    pub min_count: Option<i64>,
    /// `MaxAttachmentCount`.
    pub max_count: Option<i64>,
    /// `MaxFileSize` (unit undocumented by Altinn; probably MB).
    pub max_file_size: Option<i64>,
    /// `IsXsdValidationRequired`.
    pub xsd_validation_required: Option<bool>,
    /// `IsCheckSumAllowed`.
    pub checksum_allowed: Option<bool>,
    /// Where the rule's XSD is in the snapshot, when fetched.
    pub xsd: Option<&'static str>,
}

/// A step of a form task's process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessStep {
    /// `SequenceNumber`.
    pub sequence_number: Option<i64>,
    /// `Name` (`FormFilling`, `SendIn`, `Signing`, `Payment`, …).
    pub name: &'static str,
    /// `SecurityLevel` 1–4.
    pub security_level: Option<i64>,
}

/// A role a service requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRequirement {
    /// `RoleDefinitionId`.
    pub role_definition_id: i64,
    /// `RoleDefinitionCode`.
    pub role_definition_code: &'static str,
    /// Operation names (`Read`, `Write`, `Sign`, …).
    pub operations: &'static [&'static str],
}

/// A role definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDefinition {
    /// `RoleDefinitionId`.
    pub id: i64,
    /// `RoleDefinitionCode`, e.g. `UTINN`.
    pub code: &'static str,
    /// `RoleName`.
    pub name: &'static str,
    /// `RoleDescription`.
    pub description: Option<&'static str>,
    /// `RoleType` (`Altinn`, `External`, …).
    pub role_type: Option<&'static str>,
    /// `ParentRoleDefinitionIds`.
    pub parents: &'static [i64],
    /// `ChildRoleDefinitionIds`.
    pub children: &'static [i64],
}

/// A code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeList {
    /// `Name`.
    pub name: &'static str,
    /// `Version`.
    pub version: i64,
    /// `Language` (1044, 2068, 1033).
    pub language: Option<i64>,
    /// The codes, in Altinn's order.
    pub codes: &'static [Code],
}

impl CodeList {
    /// The entry for a code.
    pub fn get(&self, code: &str) -> Option<&'static Code> {
        self.codes.iter().find(|c| c.code == code)
    }
}

/// One code of a code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// `Code`.
    pub code: &'static str,
    /// `Value1`, `Value2`, `Value3`.
    pub values: [Option<&'static str>; 3],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_kinds_read_and_spell_the_wire_values() {
        assert_eq!(ServiceKind::from_wire("formTASK"), ServiceKind::FormTask);
        assert_eq!(ServiceKind::from_wire("Lookup").detail_route(), Some("lookup"));
        let broker = ServiceKind::from_wire("Broker");
        assert_eq!((broker.as_wire(), broker.detail_route()), ("Broker", None));
        assert_eq!(ServiceKind::<String>::Correspondence.as_wire(), ServiceType::Correspondence.as_wire());
        assert_eq!(ServiceType::Other("2").as_wire(), "2");
    }
}

//! Altinn's metadata resource (`/api/metadata/**`): the service list, form-task, correspondence
//! and lookup details, role definitions, role requirements and code lists.
//!
//! Both shapes the API answers with are read: HAL+JSON (`_links`, lists in `_embedded`) and plain
//! JSON (bare arrays, no links). Field names are matched case-insensitively (see [`lenient`]); the
//! `serde(rename)`s below are the lower-cased wire names.

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, int_lenient, opt_bool_lenient, opt_int_lenient, opt_string_or_number, string_or_number, vec_or_null};

/// A HAL link (`{"href": …}`); a bare string is accepted as the href too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Target.
    pub href: String,
}

/// The `_links` of a resource: relation → one or more links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links(pub Vec<(String, Link)>);

impl Links {
    /// The first link of a relation.
    pub fn get(&self, rel: &str) -> Option<&Link> {
        self.0.iter().find(|(r, _)| r.eq_ignore_ascii_case(rel)).map(|(_, l)| l)
    }
}

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let mut out = Vec::new();
        if let Value::Object(map) = value {
            for (rel, v) in map {
                let mut push = |v: &Value| match v {
                    Value::String(s) => out.push((rel.clone(), Link { href: s.clone() })),
                    Value::Object(o) => {
                        if let Some(Value::String(h)) = o.get("href") {
                            out.push((rel.clone(), Link { href: h.clone() }));
                        }
                    }
                    _ => {}
                };
                match &v {
                    Value::Array(items) => items.iter().for_each(&mut push),
                    other => push(other),
                }
            }
        }
        Ok(Links(out))
    }
}

/// `ServiceType`: the runtime's one definition of the kinds (`FormTask`, `Correspondence`,
/// `Lookup`). New kinds (and the numeric codes of older catalogues) are kept as `Other` so
/// nothing is lost.
pub type ServiceType = altinn_runtime::catalogue::ServiceKind<String>;

/// Reads a `ServiceType` (a string, or a number some catalogues send).
fn service_type<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ServiceType, D::Error> {
    Ok(ServiceType::from_wire(&string_or_number(d)?))
}

/// An entry of the service list (and the common part of every detail).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ServiceSummary {
    /// `ServiceOwnerCode`, e.g. `SKD`.
    #[serde(rename = "serviceownercode", default)]
    pub service_owner_code: String,
    /// `ServiceOwnerName` (localized).
    #[serde(rename = "serviceownername", default)]
    pub service_owner_name: String,
    /// `ServiceName` (localized).
    #[serde(rename = "servicename", default)]
    pub service_name: String,
    /// `ServiceCode` (older catalogues: `ExternalServiceCode`).
    #[serde(rename = "servicecode", alias = "externalservicecode", deserialize_with = "string_or_number")]
    pub service_code: String,
    /// `ServiceEditionCode` (older catalogues: `ExternalServiceEditionCode`).
    #[serde(rename = "serviceeditioncode", alias = "externalserviceeditioncode", deserialize_with = "int_lenient")]
    pub service_edition_code: i64,
    /// `ServiceEditionName`, when sent.
    #[serde(rename = "serviceeditionname", default, deserialize_with = "opt_string_or_number")]
    pub service_edition_name: Option<String>,
    /// `AltinnAppId` (`org/app`) for Altinn 3 apps.
    #[serde(rename = "altinnappid", default)]
    pub altinn_app_id: Option<String>,
    /// `ValidFrom`, kept as sent (usually without offset).
    #[serde(rename = "validfrom", default)]
    pub valid_from: Option<String>,
    /// `ValidTo`, kept as sent.
    #[serde(rename = "validto", default)]
    pub valid_to: Option<String>,
    /// `ServiceType`.
    #[serde(rename = "servicetype", deserialize_with = "service_type")]
    pub service_type: ServiceType,
    /// `EnterpriseUserEnabled`.
    #[serde(rename = "enterpriseuserenabled", default, deserialize_with = "opt_bool_lenient")]
    pub enterprise_user_enabled: Option<bool>,
    /// `ConfidentialService`.
    #[serde(rename = "confidentialservice", default, deserialize_with = "opt_bool_lenient")]
    pub confidential_service: Option<bool>,
    /// `_links` (HAL only).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// One form of a form task (`FormsMetaData[]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct FormMeta {
    /// `FormID`.
    #[serde(rename = "formid", default, deserialize_with = "opt_int_lenient")]
    pub form_id: Option<i64>,
    /// `FormName`.
    #[serde(rename = "formname", default)]
    pub form_name: String,
    /// `DataFormatProviderType`: `Seres`, `OR`, `Altinn`.
    #[serde(rename = "dataformatprovidertype", default)]
    pub data_format_provider_type: String,
    /// `DataFormatID`: usually digits, sometimes text (`sofus`).
    #[serde(rename = "dataformatid", deserialize_with = "string_or_number")]
    pub data_format_id: String,
    /// `DataFormatVersion`.
    #[serde(rename = "dataformatversion", deserialize_with = "int_lenient")]
    pub data_format_version: i64,
    /// `IsOnlyXsdValidation`.
    #[serde(rename = "isonlyxsdvalidation", default, deserialize_with = "opt_bool_lenient")]
    pub is_only_xsd_validation: Option<bool>,
    /// `FormType`: `MainForm` or `SubForm`.
    #[serde(rename = "formtype", default)]
    pub form_type: String,
    /// `_links.schema` (HAL only).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// An attachment rule of a form task.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct AttachmentRule {
    /// `AttachmentRuleId`.
    #[serde(rename = "attachmentruleid", deserialize_with = "int_lenient")]
    pub attachment_rule_id: i64,
    /// `AllowedFileTypes`: free text such as `".xml, .pdf"` or `"*.*"`.
    #[serde(rename = "allowedfiletypes", default)]
    pub allowed_file_types: String,
    /// `AttachmentTypeName`: the `AttachmentType` to use when uploading.
    #[serde(rename = "attachmenttypename", default)]
    pub attachment_type_name: String,
    /// `AttachmentTypeNameLanguage`.
    #[serde(rename = "attachmenttypenamelanguage", default)]
    pub attachment_type_name_language: Option<String>,
    /// `IsCheckSumAllowed`.
    #[serde(rename = "ischecksumallowed", default, deserialize_with = "opt_bool_lenient")]
    pub is_checksum_allowed: Option<bool>,
    /// `IsXsdValidationRequired` (`IsXSDValidationRequired` in the OpenAPI document; same after folding).
    #[serde(rename = "isxsdvalidationrequired", default, deserialize_with = "opt_bool_lenient")]
    pub is_xsd_validation_required: Option<bool>,
    /// `MaxAttachmentCount`.
    #[serde(rename = "maxattachmentcount", default, deserialize_with = "opt_int_lenient")]
    pub max_attachment_count: Option<i64>,
    /// `MaxFileSize` (unit undocumented; probably MB).
    #[serde(rename = "maxfilesize", default, deserialize_with = "opt_int_lenient")]
    pub max_file_size: Option<i64>,
    /// `MinAttachmentCount`.
    #[serde(rename = "minattachmentcount", default, deserialize_with = "opt_int_lenient")]
    pub min_attachment_count: Option<i64>,
    /// `_links.schema`, when XSD validation is required (HAL only).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A step of a form task's process.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ProcessStep {
    /// `SequenceNumber`.
    #[serde(rename = "sequencenumber", default, deserialize_with = "opt_int_lenient")]
    pub sequence_number: Option<i64>,
    /// `Name`: `FormFilling`, `SendIn`, `Signing`, `Payment`, …
    #[serde(rename = "name", default)]
    pub name: String,
    /// `SecurityLevel` 1–4.
    #[serde(rename = "securitylevel", default, deserialize_with = "opt_int_lenient")]
    pub security_level: Option<i64>,
}

/// A service detail: `metadata/formtask|correspondence|lookup/{code}/{edition}`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ServiceDetail {
    /// The common fields.
    #[serde(flatten)]
    pub summary: ServiceSummary,
    /// `RestEnabled`: whether `POST {who}/messages` may submit it.
    #[serde(rename = "restenabled", default, deserialize_with = "opt_bool_lenient")]
    pub rest_enabled: Option<bool>,
    /// `EUSEnabled`: end-user systems allowed.
    #[serde(rename = "eusenabled", default, deserialize_with = "opt_bool_lenient")]
    pub eus_enabled: Option<bool>,
    /// `AttachmentRules`.
    #[serde(rename = "attachmentrules", default, deserialize_with = "vec_or_null")]
    pub attachment_rules: Vec<AttachmentRule>,
    /// `FormsMetaData`.
    #[serde(rename = "formsmetadata", default, deserialize_with = "vec_or_null")]
    pub forms: Vec<FormMeta>,
    /// `ProcessSteps`.
    #[serde(rename = "processsteps", default, deserialize_with = "vec_or_null")]
    pub process_steps: Vec<ProcessStep>,
}

/// A role definition (`metadata/roledefinitions`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RoleDefinition {
    /// `RoleType`: `Altinn`, `External`, …
    #[serde(rename = "roletype", default, deserialize_with = "opt_string_or_number")]
    pub role_type: Option<String>,
    /// `RoleDefinitionId`.
    #[serde(rename = "roledefinitionid", deserialize_with = "int_lenient")]
    pub role_definition_id: i64,
    /// `RoleName`.
    #[serde(rename = "rolename", default)]
    pub role_name: String,
    /// `RoleDescription`.
    #[serde(rename = "roledescription", default)]
    pub role_description: Option<String>,
    /// `RoleDefinitionCode`, e.g. `UTINN`.
    #[serde(rename = "roledefinitioncode", default)]
    pub role_definition_code: String,
    /// `ParentRoleDefinitionIds` (absent when empty).
    #[serde(rename = "parentroledefinitionids", default, deserialize_with = "vec_or_null")]
    pub parent_role_definition_ids: Vec<i64>,
    /// `ChildRoleDefinitionIds` (absent when empty).
    #[serde(rename = "childroledefinitionids", default, deserialize_with = "vec_or_null")]
    pub child_role_definition_ids: Vec<i64>,
}

/// An operation of a role requirement.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RoleOperation {
    /// `Name`: `Read`, `Write`, `Sign`, `ArchiveRead`, `ArchiveDelete`, `Access`.
    #[serde(rename = "name", default)]
    pub name: String,
    /// `LocalizedFriendlyName`.
    #[serde(rename = "localizedfriendlyname", default)]
    pub localized_friendly_name: Option<String>,
    /// `AppliesTo`: the process steps it applies to.
    #[serde(rename = "appliesto", default, deserialize_with = "vec_or_null")]
    pub applies_to: Vec<ProcessStep>,
}

/// A role requirement of a service (`metadata/rolerequirements?serviceCode=…`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RoleRequirement {
    /// `RoleDefinitionId`.
    #[serde(rename = "roledefinitionid", deserialize_with = "int_lenient")]
    pub role_definition_id: i64,
    /// `RoleDefinitionCode`.
    #[serde(rename = "roledefinitioncode", default)]
    pub role_definition_code: String,
    /// `LocalizedRoleName` (`LocalizedRoleTypeName` in the OpenAPI document).
    #[serde(rename = "localizedrolename", alias = "localizedroletypename", default)]
    pub localized_role_name: Option<String>,
    /// `IsDelegable` (`IsDelegatable` in the OpenAPI document).
    #[serde(rename = "isdelegable", alias = "isdelegatable", default, deserialize_with = "opt_bool_lenient")]
    pub is_delegable: Option<bool>,
    /// `Operations`.
    #[serde(rename = "operations", default, deserialize_with = "vec_or_null")]
    pub operations: Vec<RoleOperation>,
}

/// An entry of the code-list index (`metadata/codelists`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CodeListRef {
    /// `Name`.
    #[serde(rename = "name")]
    pub name: String,
    /// `Version`.
    #[serde(rename = "version", deserialize_with = "int_lenient")]
    pub version: i64,
    /// `Language`.
    #[serde(rename = "language", default, deserialize_with = "opt_int_lenient")]
    pub language: Option<i64>,
    /// `_links.self` (HAL only).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// One code of a code list.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Code {
    /// `Code`.
    #[serde(rename = "code", deserialize_with = "string_or_number")]
    pub code: String,
    /// `Value1`.
    #[serde(rename = "value1", default, deserialize_with = "opt_string_or_number")]
    pub value1: Option<String>,
    /// `Value2`.
    #[serde(rename = "value2", default, deserialize_with = "opt_string_or_number")]
    pub value2: Option<String>,
    /// `Value3`.
    #[serde(rename = "value3", default, deserialize_with = "opt_string_or_number")]
    pub value3: Option<String>,
}

/// A code list (`metadata/codelists/{name}/{version}`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CodeList {
    /// `Name`.
    #[serde(rename = "name")]
    pub name: String,
    /// `Version`.
    #[serde(rename = "version", deserialize_with = "int_lenient")]
    pub version: i64,
    /// `Language`.
    #[serde(rename = "language", default, deserialize_with = "opt_int_lenient")]
    pub language: Option<i64>,
    /// `Codes`.
    #[serde(rename = "codes", default, deserialize_with = "vec_or_null")]
    pub codes: Vec<Code>,
}

/// A list as the API answers it: a bare array (plain JSON) or a HAL object with `_embedded`.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    /// The items.
    pub items: Vec<Value>,
    /// `_links` of the list (e.g. `next`), empty for plain JSON.
    pub links: Links,
}

/// An error reading a metadata document.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// The bytes are not JSON.
    #[error("{source_name}: invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// File or URL.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// JSON of the wrong shape.
    #[error("{source_name}: {what}: {message}")]
    Shape {
        /// File or URL.
        source_name: String,
        /// What was being read.
        what: String,
        /// What is wrong.
        message: String,
    },
}

fn json(bytes: &[u8], source_name: &str) -> Result<Value, MetadataError> {
    lenient::parse_json(bytes).map_err(|e| MetadataError::Json {
        source_name: source_name.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// Reads a list in either shape. `rel` is the `_embedded` key expected in HAL (e.g. `metadata`);
/// when it is absent the first array under `_embedded` is taken.
pub fn read_list(bytes: &[u8], rel: &str, source_name: &str) -> Result<ListPage, MetadataError> {
    let shape =
        |message: String| MetadataError::Shape { source_name: source_name.to_string(), what: format!("a list of `{rel}`"), message };
    match json(bytes, source_name)? {
        Value::Array(items) => Ok(ListPage { items, links: Links::default() }),
        Value::Object(mut map) => {
            let links = match map.remove("_links") {
                Some(v) => serde_json::from_value(v).map_err(|e| shape(format!("bad `_links`: {e}")))?,
                None => Links::default(),
            };
            let embedded = match map.remove("_embedded") {
                Some(Value::Object(e)) => e,
                Some(_) => return Err(shape("`_embedded` is not an object".into())),
                None => return Err(shape("an object without `_embedded` (expected a bare array or HAL)".into())),
            };
            let rel = rel.to_lowercase();
            let items = match embedded.get(&rel) {
                Some(Value::Array(a)) => a.clone(),
                Some(_) => return Err(shape(format!("`_embedded.{rel}` is not an array"))),
                None => match embedded.values().find(|v| v.is_array()) {
                    Some(Value::Array(a)) => a.clone(),
                    _ => Vec::new(),
                },
            };
            Ok(ListPage { items, links })
        }
        other => Err(shape(format!("expected an array or an object, found {}", kind(&other)))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads one item of a list (already folded) as `T`; `index` names it in errors.
pub fn item<T: for<'de> Deserialize<'de>>(value: Value, what: &str, index: usize, source_name: &str) -> Result<T, MetadataError> {
    serde_json::from_value(value).map_err(|e| MetadataError::Shape {
        source_name: source_name.to_string(),
        what: format!("{what} #{index}"),
        message: e.to_string(),
    })
}

/// Reads a single resource (an object) as `T`.
pub fn read_one<T: for<'de> Deserialize<'de>>(bytes: &[u8], what: &str, source_name: &str) -> Result<T, MetadataError> {
    let value = json(bytes, source_name)?;
    serde_json::from_value(value).map_err(|e| MetadataError::Shape {
        source_name: source_name.to_string(),
        what: what.to_string(),
        message: e.to_string(),
    })
}

/// Reads a whole list of `T`.
pub fn read_items<T: for<'de> Deserialize<'de>>(
    bytes: &[u8],
    rel: &str,
    what: &str,
    source_name: &str,
) -> Result<(Vec<T>, Links), MetadataError> {
    let page = read_list(bytes, rel, source_name)?;
    let items = page.items.into_iter().enumerate().map(|(i, v)| item(v, what, i, source_name)).collect::<Result<_, _>>()?;
    Ok((items, page.links))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = r#"[{"ServiceOwnerCode":"ACN","ServiceOwnerName":"Test","ServiceName":"Repo",
        "ServiceCode":"3314","ServiceEditionCode":1212,"ValidFrom":"2020-01-20T09:42:15.817",
        "ValidTo":"2024-07-07T10:15:00","ServiceType":"FormTask","EnterpriseUserEnabled":true}]"#;

    #[test]
    fn plain_and_hal_lists_read_alike() {
        let (plain, links): (Vec<ServiceSummary>, _) = read_items(PLAIN.as_bytes(), "metadata", "service", "t").unwrap();
        assert!(links.0.is_empty());
        let hal = format!(
            r#"{{"_links":{{"self":{{"href":"https://x/api/metadata"}},"next":{{"href":"https://x/api/metadata?$skip=1"}}}},
               "_embedded":{{"metadata":{}}}}}"#,
            PLAIN
        );
        let (from_hal, links): (Vec<ServiceSummary>, _) = read_items(hal.as_bytes(), "metadata", "service", "t").unwrap();
        assert_eq!(plain, from_hal);
        assert_eq!(links.get("next").unwrap().href, "https://x/api/metadata?$skip=1");
        assert_eq!(plain[0].service_type, ServiceType::FormTask);
        assert_eq!(plain[0].service_edition_code, 1212);
    }

    #[test]
    fn case_drift_strings_for_numbers_and_unknown_fields() {
        let text = r#"{"serviceownercode":"X","SERVICECODE":4711,"ServiceEditionCode":"1","servicetype":"formtask",
            "NewField":{"a":1},"FormsMetaData":[{"DataFormatID":5466,"DataFormatVersion":"41779","FormType":"MainForm"}],
            "AttachmentRules":[{"AttachmentRuleId":1,"IsXSDValidationRequired":"True"}]}"#;
        let d: ServiceDetail = read_one(text.as_bytes(), "form task", "t").unwrap();
        assert_eq!(d.summary.service_code, "4711");
        assert_eq!(d.summary.service_edition_code, 1);
        assert_eq!(d.forms[0].data_format_id, "5466");
        assert_eq!(d.forms[0].data_format_version, 41779);
        assert_eq!(d.attachment_rules[0].is_xsd_validation_required, Some(true));
    }

    #[test]
    fn numeric_service_types_are_kept() {
        let text = r#"[{"ExternalServiceCode":"3225","ExternalServiceEditionCode":536,"ServiceType":2}]"#;
        let (s, _): (Vec<ServiceSummary>, _) = read_items(text.as_bytes(), "metadata", "service", "t").unwrap();
        assert_eq!(s[0].service_type, ServiceType::Other("2".into()));
        assert_eq!(s[0].service_code, "3225");
    }

    #[test]
    fn invalid_json_names_source_line_and_column() {
        let e = read_list(b"[\n{\"a\":}", "metadata", "http://127.0.0.1/api/metadata").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("http://127.0.0.1/api/metadata: invalid JSON at line 2, column"), "{msg}");
    }
}

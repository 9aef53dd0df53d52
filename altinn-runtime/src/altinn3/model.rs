//! The answers of an app's instance API, typed and lenient: an [`Instance`] with its
//! [`DataElement`]s, [`ProcessState`] and [`InstanceStatus`], and the app's
//! [`ValidationIssue`]s. Unknown fields are kept in `other`, unknown enum values in an `Other`
//! variant, repeated keys take the last value (Storage's database rows repeat some), and a
//! leading byte-order mark is skipped.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Reads JSON leniently ([`crate::api::lenient::from_value`]): a byte-order mark is skipped, a
/// repeated key keeps its last value, field names match in any case, and numbers, booleans and
/// lists are read from the shapes Altinn sends them in.
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    // Through `Value`, whose maps take the last of repeated keys (derived structs refuse them).
    crate::api::lenient::from_slice(body)
}

/// `body` without a leading UTF-8 byte-order mark.
pub fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// A string that may come as a number (ids, codes); `null` is `None`.
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// `null` as the default (lists, flags).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An instance's id: `{instanceOwnerPartyId}/{instanceGuid}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceId {
    /// The owner's party id.
    pub party_id: String,
    /// The instance guid.
    pub guid: String,
}

impl InstanceId {
    /// Reads `party/guid`.
    pub fn parse(s: &str) -> Option<InstanceId> {
        let (party, guid) = s.trim().trim_matches('/').split_once('/')?;
        (!party.is_empty() && !guid.is_empty() && !guid.contains('/'))
            .then(|| InstanceId { party_id: party.to_string(), guid: guid.to_string() })
    }
}

impl fmt::Display for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.party_id, self.guid)
    }
}

/// An app instance (the app's and Storage's shape).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    /// `{partyId}/{instanceGuid}` from the API; a bare guid in Storage's database rows.
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    /// The owner.
    #[serde(default, deserialize_with = "nullable")]
    pub instance_owner: InstanceOwner,
    /// `{org}/{app}`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub app_id: Option<String>,
    /// The service owner's org code.
    #[serde(default, deserialize_with = "lenient_string")]
    pub org: Option<String>,
    /// Links to the instance in the app and in Storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_links: Option<SelfLinks>,
    /// `dueBefore` as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_before: Option<String>,
    /// `visibleAfter` as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_after: Option<String>,
    /// Where the process stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<ProcessState>,
    /// Archived, deleted, read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InstanceStatus>,
    /// Service-owner confirmations (`complete`).
    #[serde(default, deserialize_with = "nullable")]
    pub complete_confirmations: Vec<CompleteConfirmation>,
    /// The data elements.
    #[serde(default, deserialize_with = "nullable")]
    pub data: Vec<DataElement>,
    /// When created, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Who created it.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// When last changed, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_changed: Option<String>,
    /// Who changed it last.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub last_changed_by: Option<String>,
    /// Everything else (`title`, `presentationTexts`, `dataValues`, `appOwner`, `_rid`, …).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Instance {
    /// The instance's id: `id` when it is `party/guid`, else the owner's party id and the bare
    /// guid in `id` (Storage's rows).
    pub fn instance_id(&self) -> Option<InstanceId> {
        let id = self.id.as_deref()?;
        InstanceId::parse(id).or_else(|| {
            let party = self.instance_owner.party_id.as_deref()?;
            (!id.is_empty() && !id.contains('/')).then(|| InstanceId { party_id: party.to_string(), guid: id.to_string() })
        })
    }

    /// Whether the process has ended (`process.ended` or `process.endEvent` set).
    pub fn is_ended(&self) -> bool {
        self.process.as_ref().is_some_and(ProcessState::is_ended)
    }

    /// The data elements of a data type.
    pub fn data_of_type<'a>(&'a self, data_type: &'a str) -> impl Iterator<Item = &'a DataElement> + 'a {
        self.data.iter().filter(move |d| d.data_type.as_deref() == Some(data_type))
    }

    /// The current task's id (`Task_1`), while the process runs.
    pub fn current_task(&self) -> Option<&str> {
        self.process.as_ref()?.current_task.as_ref()?.element_id.as_deref()
    }
}

/// `instanceOwner`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceOwner {
    /// The party id.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub party_id: Option<String>,
    /// A person's national identity number.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub person_number: Option<String>,
    /// An organisation's number.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub organisation_number: Option<String>,
    /// A self-registered user's name.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// An external identifier.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
    /// Everything else (`party` from the app).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl InstanceOwner {
    /// An owner given by party id.
    pub fn party(party_id: impl ToString) -> Self {
        InstanceOwner { party_id: Some(party_id.to_string()), ..Default::default() }
    }

    /// An organisation by its number.
    pub fn organisation(number: impl Into<String>) -> Self {
        InstanceOwner { organisation_number: Some(number.into()), ..Default::default() }
    }

    /// A person by national identity number.
    pub fn person(number: impl Into<String>) -> Self {
        InstanceOwner { person_number: Some(number.into()), ..Default::default() }
    }
}

/// `selfLinks`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfLinks {
    /// The link in the app.
    #[serde(default)]
    pub apps: Option<String>,
    /// The link in Storage.
    #[serde(default)]
    pub platform: Option<String>,
}

/// One `completeConfirmations` entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteConfirmation {
    /// Who confirmed (the org code).
    #[serde(default, deserialize_with = "lenient_string")]
    pub stakeholder_id: Option<String>,
    /// When, as sent.
    #[serde(default)]
    pub confirmed_on: Option<String>,
}

/// `status`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceStatus {
    /// Archived (the process ended).
    #[serde(default, deserialize_with = "nullable")]
    pub is_archived: bool,
    /// When archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    /// Soft-deleted.
    #[serde(default, deserialize_with = "nullable")]
    pub is_soft_deleted: bool,
    /// When soft-deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_deleted: Option<String>,
    /// Hard-deleted.
    #[serde(default, deserialize_with = "nullable")]
    pub is_hard_deleted: bool,
    /// When hard-deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hard_deleted: Option<String>,
    /// Read status: an integer from the app, a string from Storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_status: Option<ReadStatus>,
    /// The service owner's substatus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substatus: Option<Substatus>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `status.substatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Substatus {
    /// A text key.
    #[serde(default)]
    pub label: Option<String>,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
}

/// `readStatus`: `0`/`"Unread"`, `1`/`"Read"`, `2`/`"UpdatedSinceLastReview"`.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadStatus {
    /// Not read.
    Unread,
    /// Read.
    Read,
    /// Changed since it was read.
    UpdatedSinceLastReview,
    /// A value this version does not know, as sent.
    Other(Value),
}

impl ReadStatus {
    /// The app's integer, for the known values.
    pub fn code(&self) -> Option<u8> {
        match self {
            ReadStatus::Unread => Some(0),
            ReadStatus::Read => Some(1),
            ReadStatus::UpdatedSinceLastReview => Some(2),
            ReadStatus::Other(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for ReadStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let known = match &v {
            Value::Number(n) => match n.as_i64() {
                Some(0) => Some(ReadStatus::Unread),
                Some(1) => Some(ReadStatus::Read),
                Some(2) => Some(ReadStatus::UpdatedSinceLastReview),
                _ => None,
            },
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "unread" | "0" => Some(ReadStatus::Unread),
                "read" | "1" => Some(ReadStatus::Read),
                "updatedsincelastreview" | "2" => Some(ReadStatus::UpdatedSinceLastReview),
                _ => None,
            },
            _ => None,
        };
        Ok(known.unwrap_or(ReadStatus::Other(v)))
    }
}

impl Serialize for ReadStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ReadStatus::Other(v) => v.serialize(s),
            known => s.serialize_u8(known.code().unwrap_or_default()),
        }
    }
}

/// `process` of an instance, and the app's answer to `process/next` (its `AppProcessState`:
/// the same with `processTasks` and the current task's actions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessState {
    /// When the process started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    /// The start event (`StartEvent_1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_event: Option<String>,
    /// The task it stands at, while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_task: Option<ProcessElementInfo>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
    /// The end event (`EndEvent_1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_event: Option<String>,
    /// The app's list of the process's tasks (`processTasks`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub process_tasks: Vec<ProcessTask>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The app's answer to `process/next` and `GET …/process`.
pub type AppProcessState = ProcessState;

impl ProcessState {
    /// Whether the process has ended.
    pub fn is_ended(&self) -> bool {
        self.ended.is_some() || self.end_event.is_some()
    }

    /// The current task's id.
    pub fn current_task_id(&self) -> Option<&str> {
        self.current_task.as_ref()?.element_id.as_deref()
    }
}

/// `currentTask`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessElementInfo {
    /// The flow number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<i64>,
    /// When the task started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    /// The task id (`Task_1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_id: Option<String>,
    /// The task's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `data`, `confirmation`, `signing`, `feedback`, `payment`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altinn_task_type: Option<String>,
    /// `CompleteCurrentMoveToNext`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_type: Option<String>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
    /// The app's map of actions and whether the caller may perform each (`write: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Map<String, Value>>,
    /// May the caller read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<bool>,
    /// May the caller write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write: Option<bool>,
    /// Everything else (`validated`, `userActions`, `elementType`).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// One of `processTasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessTask {
    /// The task id.
    #[serde(default)]
    pub element_id: Option<String>,
    /// Its type.
    #[serde(default)]
    pub altinn_task_type: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

crate::string_enum! {
    /// `fileScanResult`.
    FileScanResult {
        /// No scan for this type.
        NotApplicable = "NotApplicable",
        /// Not scanned yet.
        Pending = "Pending",
        /// Clean.
        Clean = "Clean",
        /// Infected.
        Infected = "Infected",
    }
}

/// A data element (a form's data or an attachment).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataElement {
    /// The element's guid.
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    /// The instance guid.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub instance_guid: Option<String>,
    /// The data type id.
    #[serde(default, deserialize_with = "lenient_string")]
    pub data_type: Option<String>,
    /// The file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Where Storage keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_storage_path: Option<String>,
    /// Links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_links: Option<SelfLinks>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// A hash of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// Locked (the task that writes it has ended).
    #[serde(default, deserialize_with = "nullable")]
    pub locked: bool,
    /// References to other elements.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Read by the owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_read: Option<bool>,
    /// Tags.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `metadata` (`[{key, value}]`).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<KeyValue>,
    /// `userDefinedMetadata`.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub user_defined_metadata: Vec<KeyValue>,
    /// The virus scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_scan_result: Option<FileScanResult>,
    /// When created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Who created it.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// When changed last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_changed: Option<String>,
    /// Who changed it last.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub last_changed_by: Option<String>,
    /// Everything else (`deleteStatus`, `references`, `_rid`, …).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A `{key, value}` pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyValue {
    /// The key.
    #[serde(default)]
    pub key: Option<String>,
    /// The value.
    #[serde(default)]
    pub value: Option<String>,
}

/// The answer to putting form data: the element, and the fields the app's data processors
/// changed when it answered 200 (`changedFields`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutFormResult {
    /// Field path → new value, when the app changed the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_fields: Option<Map<String, Value>>,
    /// The data element.
    #[serde(flatten)]
    pub element: DataElement,
}

/// `severity` of a validation issue: a number on the wire (0 Unspecified, 1 Error, 2 Warning,
/// 3 Informational, 4 Fixed, 5 Success); the names are read too (older docs show them).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Severity {
    /// 0.
    #[default]
    Unspecified,
    /// 1: blocks the process.
    Error,
    /// 2.
    Warning,
    /// 3.
    Informational,
    /// 4: an earlier issue was fixed.
    Fixed,
    /// 5.
    Success,
    /// A value this version does not know, as sent.
    Other(Value),
}

impl Severity {
    /// Whether it blocks the process.
    pub fn is_error(&self) -> bool {
        matches!(self, Severity::Error)
    }

    /// The wire number, for the known values.
    pub fn code(&self) -> Option<u8> {
        Some(match self {
            Severity::Unspecified => 0,
            Severity::Error => 1,
            Severity::Warning => 2,
            Severity::Informational => 3,
            Severity::Fixed => 4,
            Severity::Success => 5,
            Severity::Other(_) => return None,
        })
    }

    fn from_code(n: i64) -> Option<Severity> {
        Some(match n {
            0 => Severity::Unspecified,
            1 => Severity::Error,
            2 => Severity::Warning,
            3 => Severity::Informational,
            4 => Severity::Fixed,
            5 => Severity::Success,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Severity::Unspecified => f.write_str("unspecified"),
            Severity::Error => f.write_str("error"),
            Severity::Warning => f.write_str("warning"),
            Severity::Informational => f.write_str("informational"),
            Severity::Fixed => f.write_str("fixed"),
            Severity::Success => f.write_str("success"),
            Severity::Other(v) => write!(f, "severity {v}"),
        }
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let known = match &v {
            Value::Number(n) => n.as_i64().and_then(Severity::from_code),
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "unspecified" => Some(Severity::Unspecified),
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "informational" => Some(Severity::Informational),
                "fixed" => Some(Severity::Fixed),
                "success" => Some(Severity::Success),
                other => other.parse().ok().and_then(Severity::from_code),
            },
            _ => None,
        };
        Ok(known.unwrap_or(Severity::Other(v)))
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Severity::Other(v) => v.serialize(s),
            known => s.serialize_u8(known.code().unwrap_or_default()),
        }
    }
}

/// One issue of the app's validation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationIssue {
    /// How serious.
    #[serde(default)]
    pub severity: Severity,
    /// The data element it concerns.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub data_element_id: Option<String>,
    /// The field path in the model.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A code (`TooFewDataElementsOfType`, `required`).
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The description.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Which validator found it.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A text resource key.
    #[serde(default, deserialize_with = "lenient_string", skip_serializing_if = "Option::is_none")]
    pub custom_text_key: Option<String>,
    /// Everything else (`noIncrementalUpdates`, `customTextParams`, …).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.severity)?;
        if let Some(field) = &self.field {
            write!(f, " at {field}")?;
        }
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if let Some(d) = &self.description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_status_two_encodings() {
        let a: InstanceStatus = serde_json::from_str(r#"{"readStatus":1}"#).unwrap();
        let b: InstanceStatus = serde_json::from_str(r#"{"readStatus":"Read"}"#).unwrap();
        assert_eq!(a.read_status, Some(ReadStatus::Read));
        assert_eq!(a.read_status, b.read_status);
        let c: InstanceStatus = serde_json::from_str(r#"{"readStatus":7}"#).unwrap();
        assert_eq!(c.read_status, Some(ReadStatus::Other(Value::from(7))));
    }

    #[test]
    fn severities_and_repeated_keys() {
        let v: Vec<ValidationIssue> = from_json(br#"[{"severity":1,"code":"x"},{"severity":"Warning"},{"severity":9}]"#).unwrap();
        assert!(v[0].severity.is_error());
        assert_eq!(v[1].severity, Severity::Warning);
        assert_eq!(v[2].severity, Severity::Other(Value::from(9)));
        let d: DataElement = from_json(b"\xEF\xBB\xBF{\"id\":\"a\",\"isRead\":true,\"isRead\":false,\"refs\":null}").unwrap();
        assert_eq!(d.is_read, Some(false));
        assert!(d.refs.is_empty());
    }

    #[test]
    fn instance_ids() {
        let i: Instance = from_json(br#"{"id":"1337/abc","instanceOwner":{"partyId":"1337"}}"#).unwrap();
        assert_eq!(i.instance_id().unwrap().to_string(), "1337/abc");
        let i: Instance = from_json(br#"{"id":"abc","instanceOwner":{"partyId":1337}}"#).unwrap();
        assert_eq!(i.instance_id(), Some(InstanceId { party_id: "1337".into(), guid: "abc".into() }));
        assert_eq!(InstanceId::parse("x"), None);
    }
}

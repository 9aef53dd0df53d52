//! What an app's metadata (`applicationmetadata.json`) says, as the constants generated app
//! modules hold: the app's identity and title, the party types that may instantiate it, and the
//! rules of each data type (forms with a data model, attachments without).

/// One Altinn 3 app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct App {
    /// The owner's org code (`ttd`, `skd`), lower-case as in the app id.
    pub org: &'static str,
    /// The app's name (`codegen-sample`).
    pub app: &'static str,
    /// Title in Bokmål, when the metadata has one.
    pub title_nb: Option<&'static str>,
    /// Title in Nynorsk.
    pub title_nn: Option<&'static str>,
    /// Title in English.
    pub title_en: Option<&'static str>,
    /// Who may own an instance (`partyTypesAllowed`; all `false` means any).
    pub party_types: PartyTypes,
    /// The data types, in the metadata's order.
    pub data_types: &'static [DataType],
    /// The Resource Registry resource of this app (`app_{org}_{app}`), when the snapshot has it.
    pub resource: Option<&'static str>,
    /// The Altinn 2 services this app replaced (`ServiceCode`, `ServiceEditionCode`), from the
    /// Resource Registry's references.
    pub replaces: &'static [(&'static str, i64)],
}

impl App {
    /// `{org}/{app}`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.org, self.app)
    }

    /// A data type by id.
    pub fn data_type(&self, id: &str) -> Option<&'static DataType> {
        self.data_types.iter().find(|d| d.id == id)
    }
}

/// `partyTypesAllowed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartyTypes {
    /// `bankruptcyEstate`.
    pub bankruptcy_estate: bool,
    /// `organisation`.
    pub organisation: bool,
    /// `person`.
    pub person: bool,
    /// `subUnit`.
    pub sub_unit: bool,
}

/// One data type of an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataType {
    /// The id (the `dataType` query value and multipart part name).
    pub id: &'static str,
    /// MIME types it accepts; empty means any.
    pub allowed_content_types: &'static [&'static str],
    /// Fewest elements validation requires (`minCount`).
    pub min_count: i64,
    /// Most elements per instance (`maxCount`); 0 or less is unbounded.
    pub max_count: i64,
    /// Largest element in megabytes (`maxSize`); `None` is no limit.
    pub max_size_mb: Option<i64>,
    /// The process task in which it may be written (`taskId`).
    pub task_id: Option<&'static str>,
    /// The C# model class (`appLogic.classRef`): present for form data, absent for attachments.
    pub class_ref: Option<&'static str>,
    /// Created with the instance (`appLogic.autoCreate`).
    pub auto_create: bool,
}

impl DataType {
    /// Whether it is form data (has a data model), not an attachment.
    pub fn is_form(&self) -> bool {
        self.class_ref.is_some()
    }

    /// The largest element in bytes, when limited.
    pub fn max_bytes(&self) -> Option<u64> {
        self.max_size_mb.filter(|m| *m > 0).map(|m| m as u64 * 1024 * 1024)
    }

    /// Whether `content_type` (parameters such as `; charset` ignored, case-insensitive) is
    /// allowed.
    pub fn allows(&self, content_type: &str) -> bool {
        let bare = content_type.split(';').next().unwrap_or("").trim();
        self.allowed_content_types.is_empty() || self.allowed_content_types.iter().any(|a| a.eq_ignore_ascii_case(bare))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_and_sizes() {
        let d = DataType {
            id: "vedlegg",
            allowed_content_types: &["application/pdf", "image/png"],
            min_count: 0,
            max_count: 3,
            max_size_mb: Some(25),
            task_id: Some("Task_1"),
            class_ref: None,
            auto_create: false,
        };
        assert!(d.allows("application/pdf") && d.allows("IMAGE/PNG; q=1") && !d.allows("text/plain"));
        assert_eq!(d.max_bytes(), Some(25 * 1024 * 1024));
        assert!(!d.is_form());
    }
}

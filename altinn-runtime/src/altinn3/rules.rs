//! The rules of an app's data types, checked before anything is sent: which data types exist
//! and which are forms, and an attachment's content type (and the MIME type its file name's
//! extension means), size and count, as app-lib checks them on upload (docs §4.3).

use std::fmt;
use std::pin::Pin;

use bytes::Bytes;
use futures::Stream;
use serde_json::Value;

use super::app::App;
use super::problem::{Rule, RuleBreak};

/// A form's data: XML, or JSON keyed by the XSD's element names.
#[derive(Debug, Clone, PartialEq)]
pub enum FormBody {
    /// XML bytes (`application/xml`).
    Xml(Bytes),
    /// JSON (`application/json`).
    Json(Value),
}

impl FormBody {
    /// The content type it is sent with.
    pub fn content_type(&self) -> &'static str {
        match self {
            FormBody::Xml(_) => "application/xml",
            FormBody::Json(_) => "application/json",
        }
    }

    /// The bytes sent.
    pub fn to_bytes(&self) -> Bytes {
        match self {
            FormBody::Xml(b) => b.clone(),
            FormBody::Json(v) => Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
        }
    }
}

/// A form to put: its data type id and its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The data type id.
    pub data_type: String,
    /// The data.
    pub body: FormBody,
}

impl Form {
    /// A form as XML.
    pub fn xml(data_type: impl Into<String>, xml: impl Into<Bytes>) -> Form {
        Form { data_type: data_type.into(), body: FormBody::Xml(xml.into()) }
    }

    /// A form as JSON.
    pub fn json(data_type: impl Into<String>, json: Value) -> Form {
        Form { data_type: data_type.into(), body: FormBody::Json(json) }
    }
}

/// The bytes of an attachment: in memory, or a stream of known length.
pub enum AttachmentBody {
    /// In memory.
    Bytes(Bytes),
    /// A stream that yields exactly `length` bytes (more or fewer fails the upload).
    Stream {
        /// The length declared before sending (checked against `maxSize`).
        length: u64,
        /// The bytes.
        stream: Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send + 'static>>,
    },
}

impl fmt::Debug for AttachmentBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttachmentBody::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            AttachmentBody::Stream { length, .. } => write!(f, "Stream({length} bytes)"),
        }
    }
}

/// An attachment to upload.
#[derive(Debug)]
pub struct Attachment {
    /// The data type id.
    pub data_type: String,
    /// The file name (with its extension).
    pub file_name: String,
    /// The content type.
    pub content_type: String,
    /// The bytes.
    pub body: AttachmentBody,
}

impl Attachment {
    /// An attachment in memory.
    pub fn new(
        data_type: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        Attachment {
            data_type: data_type.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
            body: AttachmentBody::Bytes(bytes.into()),
        }
    }

    /// An attachment streamed from `stream`, which yields exactly `length` bytes.
    pub fn stream(
        data_type: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        length: u64,
        stream: impl Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    ) -> Self {
        Attachment {
            data_type: data_type.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
            body: AttachmentBody::Stream { length, stream: Box::pin(stream) },
        }
    }

    /// Its length in bytes.
    pub fn len(&self) -> u64 {
        match &self.body {
            AttachmentBody::Bytes(b) => b.len() as u64,
            AttachmentBody::Stream { length, .. } => *length,
        }
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The MIME type a file extension means, for the common ones (case-insensitive, without the
/// dot); `None` for an extension this table does not know.
pub fn mime_of_extension(extension: &str) -> Option<&'static str> {
    Some(match extension.to_ascii_lowercase().as_str() {
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "json" => "application/json",
        "txt" | "text" | "log" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "7z" => "application/x-7z-compressed",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => return None,
    })
}

fn bare(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

/// The rules an attachment breaks when added to an instance that already holds `existing`
/// elements of its data type: an unknown data type, a form type, the file name (present, with
/// an extension), the content type (when the type lists allowed ones: in the list, unless the
/// list allows `application/octet-stream`, and the MIME type of the extension equal to it
/// unless it is `application/octet-stream`; extensions this runtime's table does not know are
/// left to the app), empty, `maxSize`, `maxCount`.
pub fn check_attachment(app: &App, existing: usize, data_type: &str, file_name: &str, content_type: &str, len: u64) -> Vec<RuleBreak> {
    let mut out = Vec::new();
    let mut add = |rule: Rule, message: String| {
        out.push(RuleBreak {
            data_type: data_type.to_string(),
            file_name: Some(file_name.to_string()),
            rule,
            message,
            violations: Vec::new(),
        });
    };
    let Some(dt) = app.data_type(data_type) else {
        add(Rule::UnknownDataType, format!("{} has no data type {data_type:?}", app.id()));
        return out;
    };
    if dt.is_form() {
        add(Rule::WrongKind, "this data type is a form; put its data as a form, not as an attachment".into());
        return out;
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(stem, ext)| (stem, ext.trim()))
        .filter(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        .map(|(_, e)| e);
    if file_name.trim().is_empty() {
        add(Rule::FileName, "the file name is missing".into());
    } else if extension.is_none() {
        add(Rule::FileName, "the file name has no extension".into());
    }
    let ct = bare(content_type);
    if !dt.allowed_content_types.is_empty() {
        if ct.is_empty() {
            add(Rule::ContentType, "the content type is missing".into());
        } else {
            if let Some(mime) = extension.and_then(mime_of_extension)
                && !ct.eq_ignore_ascii_case("application/octet-stream")
                && !mime.eq_ignore_ascii_case(ct)
            {
                add(Rule::ExtensionMismatch, format!("the content type {ct} does not match the file's extension, which means {mime}"));
            }
            let octet_allowed = dt.allowed_content_types.iter().any(|a| a.eq_ignore_ascii_case("application/octet-stream"));
            if !dt.allows(ct) && !octet_allowed {
                add(Rule::ContentType, format!("the content type {ct} is not allowed (allowed: {})", dt.allowed_content_types.join(", ")));
            }
        }
    }
    if len == 0 {
        add(Rule::Empty, "the file is zero bytes".into());
    }
    if let Some(max) = dt.max_bytes()
        && len > max
    {
        add(Rule::MaxSize, format!("{len} bytes is more than the {} MB allowed", dt.max_size_mb.unwrap_or_default()));
    }
    if dt.max_count > 0 && existing as i64 >= dt.max_count {
        add(Rule::MaxCount, format!("the instance already holds {existing} of at most {}", dt.max_count));
    }
    out
}

/// The rules a form breaks: an unknown data type, or one that is not a form (has no data
/// model). With `in_multipart` (prefilled at instantiation), also a content type the data type
/// does not list.
pub fn check_form(app: &App, form: &Form, in_multipart: bool) -> Vec<RuleBreak> {
    let mut out = Vec::new();
    let mut add = |rule: Rule, message: String| {
        out.push(RuleBreak { data_type: form.data_type.clone(), file_name: None, rule, message, violations: Vec::new() })
    };
    let Some(dt) = app.data_type(&form.data_type) else {
        add(Rule::UnknownDataType, format!("{} has no data type {:?}", app.id(), form.data_type));
        return out;
    };
    if !dt.is_form() {
        add(Rule::WrongKind, "this data type is not a form (it has no data model); upload it as an attachment".into());
    } else if in_multipart && !dt.allows(form.body.content_type()) {
        add(
            Rule::ContentType,
            format!("{} is not allowed when prefilling (allowed: {})", form.body.content_type(), dt.allowed_content_types.join(", ")),
        );
    }
    out
}

/// A form document validated against its schema and written as XML for `data_type`; a document
/// that breaks its schema gives a [`Rule::Schema`] break with every violation.
pub fn form_of<D>(data_type: &str, doc: &D) -> std::result::Result<Form, RuleBreak>
where
    D: crate::xml::AnyDocument + crate::xml::Validate,
{
    let broken = |message: String, violations| RuleBreak {
        data_type: data_type.to_string(),
        file_name: None,
        rule: Rule::Schema,
        message,
        violations,
    };
    let violations = doc.validate();
    if !violations.is_empty() {
        return Err(broken(format!("breaks its schema ({} violations)", violations.len()), violations));
    }
    let xml = doc.to_xml().map_err(|e| broken(format!("cannot be written: {e}"), Vec::new()))?;
    Ok(Form::xml(data_type, xml))
}

/// Every form, or [`Error::Rejected`](super::Error::Rejected) naming every form that breaks its
/// schema (not only the first).
pub fn all_forms(forms: impl IntoIterator<Item = std::result::Result<Form, RuleBreak>>) -> super::Result<Vec<Form>> {
    let mut ok = Vec::new();
    let mut breaks = Vec::new();
    for f in forms {
        match f {
            Ok(f) => ok.push(f),
            Err(b) => breaks.push(b),
        }
    }
    if breaks.is_empty() { Ok(ok) } else { Err(super::Error::Rejected(super::Rejection { breaks })) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altinn3::{DataType, PartyTypes};

    static APP: App = App {
        org: "ttd",
        app: "t",
        title_nb: None,
        title_nn: None,
        title_en: None,
        party_types: PartyTypes { bankruptcy_estate: false, organisation: false, person: false, sub_unit: false },
        data_types: &[
            DataType {
                id: "model",
                allowed_content_types: &["application/xml"],
                min_count: 1,
                max_count: 1,
                max_size_mb: None,
                task_id: Some("Task_1"),
                class_ref: Some("Altinn.App.Models.Model"),
                auto_create: true,
            },
            DataType {
                id: "vedlegg",
                allowed_content_types: &["application/pdf", "image/png"],
                min_count: 0,
                max_count: 2,
                max_size_mb: Some(1),
                task_id: Some("Task_1"),
                class_ref: None,
                auto_create: false,
            },
        ],
        resource: None,
        replaces: &[],
    };

    fn rules(b: &[RuleBreak]) -> Vec<Rule> {
        b.iter().map(|b| b.rule).collect()
    }

    #[test]
    fn attachment_rules() {
        assert!(check_attachment(&APP, 0, "vedlegg", "a.pdf", "application/pdf", 10).is_empty());
        assert!(
            check_attachment(&APP, 1, "vedlegg", "a.PDF", "application/octet-stream; x=1", 10).len() == 1,
            "octet-stream is not in the list"
        );
        assert_eq!(rules(&check_attachment(&APP, 0, "vedlegg", "a.png", "application/pdf", 10)), vec![Rule::ExtensionMismatch]);
        assert_eq!(rules(&check_attachment(&APP, 0, "vedlegg", "a.txt", "text/plain", 10)), vec![Rule::ContentType]);
        assert_eq!(rules(&check_attachment(&APP, 0, "vedlegg", "a.txt", "image/png", 10)), vec![Rule::ExtensionMismatch]);
        assert_eq!(rules(&check_attachment(&APP, 2, "vedlegg", "a.pdf", "application/pdf", 0)), vec![Rule::Empty, Rule::MaxCount]);
        assert_eq!(
            rules(&check_attachment(&APP, 0, "vedlegg", "noext", "application/pdf", 1024 * 1024 + 1)),
            vec![Rule::FileName, Rule::MaxSize]
        );
        assert_eq!(rules(&check_attachment(&APP, 0, "model", "a.xml", "application/xml", 1)), vec![Rule::WrongKind]);
        assert_eq!(rules(&check_attachment(&APP, 0, "nope", "a.xml", "application/xml", 1)), vec![Rule::UnknownDataType]);
        assert!(
            check_attachment(&APP, 0, "vedlegg", "a.unknownext", "application/pdf", 1).is_empty(),
            "unknown extensions are left to the app"
        );
    }

    #[test]
    fn form_rules() {
        assert!(check_form(&APP, &Form::xml("model", "<a/>"), true).is_empty());
        assert_eq!(rules(&check_form(&APP, &Form::json("model", Value::Null), true)), vec![Rule::ContentType]);
        assert!(check_form(&APP, &Form::json("model", Value::Null), false).is_empty());
        assert_eq!(rules(&check_form(&APP, &Form::xml("vedlegg", "x"), false)), vec![Rule::WrongKind]);
    }
}

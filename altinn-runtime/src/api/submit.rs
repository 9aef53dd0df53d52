//! Form-task submission: the checks that run before anything is sent (forms belong to the
//! service, exactly one main form, attachments meet their rules), then the message post
//! (`{who}/messages`) and the attachment uploads (`…/attachments/streamedattachment`).

use bytes::Bytes;
use serde_json::json;

use super::client::{Client, Request, segment};
use super::error::{Error, Result};
use crate::catalogue::{AttachmentRule, Service, ServiceType};
use reqwest::Method;

/// One form of a submission, already written as XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    /// `MainForm` or `SubForm`.
    pub form_type: String,
    /// `DataFormatId`.
    pub data_format_id: String,
    /// `DataFormatVersion`.
    pub data_format_version: i64,
    /// The form data.
    pub xml: String,
}

/// Validates a form document against its schema and writes it as XML, labelled with its form
/// type, `DataFormatID` and version. A form that breaks its schema is an error listing every
/// violation.
pub fn form_part<D>(doc: &D, form_type: &str, data_format_id: &str, data_format_version: i64) -> Result<FormPart>
where
    D: crate::xml::AnyDocument + crate::xml::Validate,
{
    let violations = doc.validate();
    if !violations.is_empty() {
        let listed: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        return Err(Error::Invalid(format!(
            "form {data_format_id}/{data_format_version} breaks its schema: {}",
            listed.join("; ")
        )));
    }
    let xml = doc.to_xml().map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(FormPart { form_type: form_type.to_string(), data_format_id: data_format_id.to_string(), data_format_version, xml })
}

/// One attachment to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentUpload {
    /// File name with extension.
    pub file_name: String,
    /// The rule's `AttachmentTypeName`.
    pub attachment_type: String,
    /// The content.
    pub data: Bytes,
}

/// Choices of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmitOptions {
    /// `complete`: move past form filling (with attachments, only after they are uploaded).
    pub complete: bool,
    /// `sign`: sign as well.
    pub sign: bool,
}

impl Default for SubmitOptions {
    fn default() -> Self {
        SubmitOptions { complete: true, sign: true }
    }
}

/// What a submission created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The created message's link (`Location`).
    pub location: String,
    /// Its id (the last segment of the link).
    pub message_id: String,
    /// Links of the uploaded attachments, in order.
    pub attachments: Vec<String>,
}

/// The file extensions a rule's free-text `AllowedFileTypes` allows, lower-case without dots;
/// `None` means any (empty text, `*`, `*.*`, "alle", "all").
pub fn allowed_extensions(rule: &AttachmentRule) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for tok in rule.allowed_file_types.split(|c: char| c == ',' || c == ';' || c == '|' || c.is_whitespace()) {
        let t = tok.trim().trim_start_matches('*').trim_start_matches('.').to_ascii_lowercase();
        match t.as_str() {
            "" => {}
            "*" | "alle" | "all" | "any" => return None,
            _ => {
                if !out.contains(&t) {
                    out.push(t)
                }
            }
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// The largest file a rule allows, in bytes (`MaxFileSize` is in megabytes).
pub fn max_bytes(rule: &AttachmentRule) -> Option<u64> {
    rule.max_file_size.filter(|m| *m > 0).map(|m| m as u64 * 1024 * 1024)
}

/// Every way `attachments` break the service's attachment rules (empty: they may be uploaded).
pub fn check_attachments(service: &Service, attachments: &[AttachmentUpload]) -> Vec<String> {
    let mut problems = Vec::new();
    for a in attachments {
        let Some(rule) = service.attachment_rules.iter().find(|r| r.type_name == a.attachment_type) else {
            let known: Vec<&str> = service.attachment_rules.iter().map(|r| r.type_name).collect();
            problems.push(format!("{}: attachment type `{}` is not one of the service's ({})", a.file_name, a.attachment_type, known.join(", ")));
            continue;
        };
        if let Some(exts) = allowed_extensions(rule) {
            let ext = a.file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            if !exts.contains(&ext) {
                problems.push(format!("{}: file type `.{ext}` is not allowed for `{}` (allowed: {})", a.file_name, rule.type_name, rule.allowed_file_types));
            }
        }
        if let Some(max) = max_bytes(rule)
            && a.data.len() as u64 > max
        {
            problems.push(format!("{}: {} bytes is more than the {} MB `{}` allows", a.file_name, a.data.len(), rule.max_file_size.unwrap_or(0), rule.type_name));
        }
        if a.data.is_empty() {
            problems.push(format!("{}: the file is empty", a.file_name));
        }
    }
    for rule in service.attachment_rules {
        let n = attachments.iter().filter(|a| a.attachment_type == rule.type_name).count() as i64;
        if let Some(max) = rule.max_count.filter(|m| *m > 0)
            && n > max
        {
            problems.push(format!("{n} attachments of type `{}`; at most {max} allowed", rule.type_name));
        }
        if let Some(min) = rule.min_count.filter(|m| *m > 0)
            && n < min
        {
            problems.push(format!("{n} attachments of type `{}`; at least {min} required", rule.type_name));
        }
    }
    problems
}

/// Checks forms against the service: each is one of its forms, and exactly one is the main form.
pub fn check_forms(service: &Service, forms: &[FormPart]) -> Vec<String> {
    let mut problems = Vec::new();
    if service.service_type != ServiceType::FormTask {
        problems.push(format!("{} {} is not a form task", service.code, service.edition));
    }
    if service.rest_enabled == Some(false) {
        problems.push(format!("{} {} does not allow submission through the REST API (RestEnabled is false)", service.code, service.edition));
    }
    for f in forms {
        let known = service
            .forms
            .iter()
            .any(|k| k.data_format_id == f.data_format_id && k.data_format_version == f.data_format_version);
        if !known {
            problems.push(format!("form {}/{} is not a form of {} {}", f.data_format_id, f.data_format_version, service.code, service.edition));
        }
    }
    let mains = forms.iter().filter(|f| f.form_type.eq_ignore_ascii_case("MainForm")).count();
    if mains != 1 {
        problems.push(format!("a submission has exactly one main form; this one has {mains}"));
    }
    problems
}

/// The `MessageInput` body of a form task.
pub fn message_input(service: &Service, forms: &[FormPart]) -> serde_json::Value {
    json!({
        "Type": "FormTask",
        "ServiceCode": service.code,
        "ServiceEdition": service.edition,
        "_embedded": {
            "forms": forms.iter().map(|f| json!({
                "Type": f.form_type,
                "DataFormatId": f.data_format_id,
                "DataFormatVersion": f.data_format_version,
                "FormData": f.xml,
            })).collect::<Vec<_>>(),
        },
    })
}

/// Submits a form task for `who` (`my`, an organisation number or an `r…` reportee id): checks
/// forms and attachments (nothing is sent if any check fails), posts the message, uploads the
/// attachments, and returns the created message's link. With attachments the message is posted
/// with `complete=false` so it waits in the work list until they are uploaded.
pub async fn submit_form_task(
    client: &Client,
    who: &str,
    service: &Service,
    forms: &[FormPart],
    attachments: &[AttachmentUpload],
    options: SubmitOptions,
) -> Result<Created> {
    let mut problems = check_forms(service, forms);
    problems.extend(check_attachments(service, attachments));
    if !problems.is_empty() {
        return Err(Error::Invalid(format!("not submitted: {}", problems.join("; "))));
    }
    let complete = options.complete && attachments.is_empty();
    let req = Request::new(Method::POST, format!("{}/messages", segment(who)))
        .query_opt("language", client.language())
        .query("complete", complete)
        .query("sign", options.sign && complete)
        .json(&message_input(service, forms))?;
    let resp = client.send(req).await?;
    let location = resp.location().ok_or_else(|| Error::Decode {
        url: resp.url.clone(),
        media: resp.media.as_str().into(),
        message: "the created message has no Location".into(),
        body: resp.body.clone(),
    })?;
    let message_id = location.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string();
    let mut links = Vec::new();
    for a in attachments {
        let req = Request::new(Method::POST, format!("{}/messages/{}/attachments/streamedattachment", segment(who), segment(&message_id)))
            .query("fileName", &a.file_name)
            .query("attachmentType", &a.attachment_type)
            .bytes(a.data.clone(), "application/octet-stream");
        let resp = client.send(req).await?;
        links.push(resp.location().unwrap_or_default());
    }
    Ok(Created { location, message_id, attachments: links })
}

//! Form-task submission: the checks that run before anything is sent (forms belong to the
//! service, exactly one main form, attachments meet their rules), then the message post
//! (`{who}/messages`), the attachment uploads (`…/attachments/streamedattachment`) and the
//! completing call (`PUT {who}/messages/{id}`).

use bytes::Bytes;
use serde_json::json;

use super::client::{Client, Request, segment};
use super::error::{Error, Result};
use crate::catalogue::{AttachmentRule, Service, ServiceType};
use crate::xml::Violation;
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

/// Validates an attachment's bytes against its rule's schema: every violation, or `None` when
/// the rule's schema is not known (the generated service module passes one).
pub type SchemaCheck = dyn Fn(&AttachmentRule, &[u8]) -> Option<Vec<Violation>>;

/// The [`SchemaCheck`] of a service none of whose attachment rules requires XSD validation.
pub fn no_schemas(_: &AttachmentRule, _: &[u8]) -> Option<Vec<Violation>> {
    None
}

/// A form that breaks its schema: which one, and every violation with its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidForm {
    /// `MainForm` or `SubForm`.
    pub form_type: String,
    /// `DataFormatId`.
    pub data_format_id: String,
    /// `DataFormatVersion`.
    pub data_format_version: i64,
    /// Every broken rule (`/melding/Innsender/Organisasjonsnummer: … (pattern)`).
    pub violations: Vec<Violation>,
}

/// An attachment that breaks its rule: which one, what, and (for XML attachments whose rule
/// requires XSD validation) every violation with its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAttachment {
    /// The file name.
    pub file_name: String,
    /// Its `AttachmentType`.
    pub attachment_type: String,
    /// What is wrong.
    pub message: String,
    /// The schema violations, when the rule's XSD was checked.
    pub violations: Vec<Violation>,
}

/// Why a submission was not sent: every problem found before sending, typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rejection {
    /// Forms that break their schemas.
    pub forms: Vec<InvalidForm>,
    /// Attachments that break their rules.
    pub attachments: Vec<InvalidAttachment>,
    /// Problems of the submission as a whole (service type, form set, attachment counts).
    pub other: Vec<String>,
}

impl Rejection {
    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty() && self.attachments.is_empty() && self.other.is_empty()
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut lines = Vec::new();
        for form in &self.forms {
            for v in &form.violations {
                lines.push(format!("form {}/{}: {v}", form.data_format_id, form.data_format_version));
            }
        }
        for a in &self.attachments {
            lines.push(format!("{} ({}): {}", a.file_name, a.attachment_type, a.message));
            lines.extend(a.violations.iter().map(|v| format!("{}: {v}", a.file_name)));
        }
        lines.extend(self.other.iter().cloned());
        write!(f, "not submitted: {}", lines.join("; "))
    }
}

/// Validates a form document against its schema and writes it as XML, labelled with its form
/// type, `DataFormatID` and version; a form that breaks its schema gives every violation.
pub fn form_part<D>(doc: &D, form_type: &str, data_format_id: &str, data_format_version: i64) -> std::result::Result<FormPart, InvalidForm>
where
    D: crate::xml::AnyDocument + crate::xml::Validate,
{
    let invalid = |violations| InvalidForm {
        form_type: form_type.to_string(),
        data_format_id: data_format_id.to_string(),
        data_format_version,
        violations,
    };
    let violations = doc.validate();
    if !violations.is_empty() {
        return Err(invalid(violations));
    }
    let xml = doc.to_xml().map_err(|e| invalid(vec![Violation { path: e.path, rule: "write", message: e.message }]))?;
    Ok(FormPart { form_type: form_type.to_string(), data_format_id: data_format_id.to_string(), data_format_version, xml })
}

/// Every form's part, or [`Error::Rejected`] listing every form that breaks its schema (not only
/// the first).
pub fn all_parts(parts: impl IntoIterator<Item = std::result::Result<FormPart, InvalidForm>>) -> Result<Vec<FormPart>> {
    let mut ok = Vec::new();
    let mut rejection = Rejection::default();
    for p in parts {
        match p {
            Ok(p) => ok.push(p),
            Err(f) => rejection.forms.push(f),
        }
    }
    if rejection.is_empty() { Ok(ok) } else { Err(Error::Rejected(Box::new(rejection))) }
}

/// Reads an XML attachment strictly as a document of its rule's schema and validates it: every
/// violation (a document that does not read is one violation at the place it stopped).
pub fn schema_violations<D>(data: &[u8]) -> Vec<Violation>
where
    D: crate::xml::AnyDocument + crate::xml::Validate,
{
    match D::from_xml_with(data, crate::xml::Mode::Strict) {
        Ok(doc) => doc.validate(),
        Err(e) => vec![Violation { path: e.path, rule: "read", message: format!("line {}: {}", e.line, e.message) }],
    }
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
///
/// Altinn's own default for `sign` is `true`; ours is `false`, because signing is a declaration
/// the submitter makes and should be asked for in so many words. Altinn does not require it to
/// complete a message: a message completed without signing waits at its service's signing step
/// when its process has one ([`Service::process_steps`] lists `Signing`), and
/// [`Created::state`] says so. Pass `sign: true` to sign in the same call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmitOptions {
    /// `complete`: move past form filling (with attachments, after they are uploaded).
    pub complete: bool,
    /// `sign`: sign as well (only with `complete`).
    pub sign: bool,
}

impl Default for SubmitOptions {
    fn default() -> Self {
        SubmitOptions { complete: true, sign: false }
    }
}

/// Where a submitted message stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageState {
    /// In the work list, being filled in (`complete: false`).
    Draft,
    /// Completed and waiting at the service's signing step.
    AwaitingSignature,
    /// Completed (and signed, when asked); `archived` is the link Altinn gave the archived
    /// element, when it gave one.
    Completed {
        /// The archived element's link (`Location` of the completing call).
        archived: Option<String>,
    },
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
    /// Where the message stands after the submission.
    pub state: MessageState,
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
/// `schema_check` validates an attachment against its rule's XSD (the generated service module
/// passes one for each rule with `IsXsdValidationRequired`); it is asked only for those rules.
pub fn check_attachments(service: &Service, attachments: &[AttachmentUpload], schema_check: &SchemaCheck) -> Rejection {
    let mut out = Rejection::default();
    let mut problem = |a: &AttachmentUpload, message: String, violations: Vec<Violation>| {
        out.attachments.push(InvalidAttachment {
            file_name: a.file_name.clone(),
            attachment_type: a.attachment_type.clone(),
            message,
            violations,
        })
    };
    for a in attachments {
        let Some(rule) = service.attachment_rules.iter().find(|r| r.type_name == a.attachment_type) else {
            let known: Vec<&str> = service.attachment_rules.iter().map(|r| r.type_name).collect();
            problem(a, format!("attachment type `{}` is not one of the service's ({})", a.attachment_type, known.join(", ")), Vec::new());
            continue;
        };
        if let Some(exts) = allowed_extensions(rule) {
            let ext = a.file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            if !exts.contains(&ext) {
                problem(
                    a,
                    format!("file type `.{ext}` is not allowed for `{}` (allowed: {})", rule.type_name, rule.allowed_file_types),
                    Vec::new(),
                );
            }
        }
        if let Some(max) = max_bytes(rule)
            && a.data.len() as u64 > max
        {
            problem(
                a,
                format!("{} bytes is more than the {} MB `{}` allows", a.data.len(), rule.max_file_size.unwrap_or(0), rule.type_name),
                Vec::new(),
            );
        }
        if a.data.is_empty() {
            problem(a, "the file is empty".into(), Vec::new());
        } else if rule.xsd_validation_required == Some(true) {
            match schema_check(rule, &a.data) {
                Some(v) if v.is_empty() => {}
                Some(v) => problem(a, format!("breaks the schema of `{}`", rule.type_name), v),
                None => problem(
                    a,
                    format!(
                        "`{}` requires XSD validation, and its schema was not in the snapshot this crate was generated from",
                        rule.type_name
                    ),
                    Vec::new(),
                ),
            }
        }
    }
    for rule in service.attachment_rules {
        let n = attachments.iter().filter(|a| a.attachment_type == rule.type_name).count() as i64;
        if let Some(max) = rule.max_count.filter(|m| *m > 0)
            && n > max
        {
            out.other.push(format!("{n} attachments of type `{}`; at most {max} allowed", rule.type_name));
        }
        if let Some(min) = rule.min_count.filter(|m| *m > 0)
            && n < min
        {
            out.other.push(format!("{n} attachments of type `{}`; at least {min} required", rule.type_name));
        }
    }
    out
}

/// Checks forms against the service: each is one of its forms, and exactly one is the main form.
pub fn check_forms(service: &Service, forms: &[FormPart]) -> Vec<String> {
    let mut problems = Vec::new();
    if service.service_type != ServiceType::FormTask {
        problems.push(format!("{} {} is not a form task", service.code, service.edition));
    }
    if service.rest_enabled == Some(false) {
        problems
            .push(format!("{} {} does not allow submission through the REST API (RestEnabled is false)", service.code, service.edition));
    }
    for f in forms {
        let known = service.forms.iter().any(|k| k.data_format_id == f.data_format_id && k.data_format_version == f.data_format_version);
        if !known {
            problems
                .push(format!("form {}/{} is not a form of {} {}", f.data_format_id, f.data_format_version, service.code, service.edition));
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
/// forms and attachments (nothing is sent if any check fails; every problem is in
/// [`Error::Rejected`]), posts the message, uploads the attachments and, when asked to complete,
/// completes (and signs) it. With attachments the message is posted with `complete=false` and
/// completed by `PUT {who}/messages/{id}` after the uploads, so it is never left a draft by
/// accident; [`Created::state`] says where it stands.
pub async fn submit_form_task(
    client: &Client,
    who: &str,
    service: &Service,
    forms: &[FormPart],
    attachments: &[AttachmentUpload],
    schema_check: &SchemaCheck,
    options: SubmitOptions,
) -> Result<Created> {
    let mut rejection = check_attachments(service, attachments, schema_check);
    rejection.other.splice(0..0, check_forms(service, forms));
    if !rejection.is_empty() {
        return Err(Error::Rejected(Box::new(rejection)));
    }
    let sign = options.complete && options.sign;
    let complete_now = options.complete && attachments.is_empty();
    let req = Request::new(Method::POST, format!("{}/messages", segment(who)))
        .query_opt("language", client.language())
        .query("complete", complete_now)
        .query("sign", sign && complete_now)
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
    let mut archived = resp.location().filter(|_| complete_now && sign);
    if options.complete && !complete_now {
        // The forms and attachments are in place: complete (and sign) the message. The body
        // names the service only, so nothing already uploaded is replaced.
        let body = json!({ "Type": "FormTask", "ServiceCode": service.code, "ServiceEdition": service.edition });
        let req = Request::new(Method::PUT, format!("{}/messages/{}", segment(who), segment(&message_id)))
            .query_opt("language", client.language())
            .query("complete", true)
            .query("sign", sign)
            .json(&body)?;
        let done = client.send(req).await?;
        archived = done.location();
    }
    let has_signing_step = service.process_steps.iter().any(|s| s.name.eq_ignore_ascii_case("Signing"));
    let state = match (options.complete, sign) {
        (false, _) => MessageState::Draft,
        (true, false) if has_signing_step => MessageState::AwaitingSignature,
        (true, _) => MessageState::Completed { archived },
    };
    Ok(Created { location, message_id, attachments: links, state })
}

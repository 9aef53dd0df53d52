//! An app's instance lifecycle (docs §4): instantiate (with prefilled forms), put form data as
//! XML or JSON, upload attachments checked against the data type's rules before anything is
//! sent, validate, move the process, confirm as the service owner, read the instance, and
//! [`AppClient::submit`], which runs the whole flow.

use std::fmt;

use bytes::Bytes;
use futures::StreamExt as _;
use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

use super::app::App;
use super::client::{Client, Request};
use super::model::{AppProcessState, DataElement, Instance, InstanceId, InstanceOwner, PutFormResult, ValidationIssue};
use super::problem::{Error, Rejection, Result};
use super::rules::{Attachment, AttachmentBody, Form, FormBody, check_attachment, check_form};

/// The most `process/next` steps [`AppClient::submit`] takes before giving up.
pub const MAX_PROCESS_STEPS: usize = 10;

/// The API of one app, `{appbase}` = `…/{org}/{app}/`.
#[derive(Clone)]
pub struct AppClient {
    client: Client,
    app: &'static App,
}

impl fmt::Debug for AppClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppClient").field("app", &self.app.id()).field("client", &self.client).finish()
    }
}

impl AppClient {
    /// The API of `app` through `client` (also [`Client::app`]).
    pub fn new(client: Client, app: &'static App) -> Self {
        AppClient { client, app }
    }

    /// The app.
    pub fn app(&self) -> &'static App {
        self.app
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The app's base URL, ending in `/{org}/{app}/`.
    pub fn base_url(&self) -> Result<Url> {
        self.client
            .environment()
            .app_url(self.app.org, self.app.app)
            .map_err(|e| Error::Usage(format!("the URL of app {}: {e}", self.app.id())))
    }

    fn url(&self, path: &str) -> Result<Url> {
        self.base_url()?.join(path).map_err(|e| Error::Usage(format!("the URL {path}: {e}")))
    }

    fn instance_url(&self, id: &InstanceId, rest: &str) -> Result<Url> {
        self.url(&format!("instances/{}/{}{rest}", super::segment(&id.party_id), super::segment(&id.guid)))
    }

    /// `GET {appbase}/api/v1/applicationmetadata` (anonymous), as JSON.
    pub async fn metadata(&self) -> Result<Value> {
        self.client.send(Request::new(Method::GET, self.url("api/v1/applicationmetadata")?).anonymous()).await?.json()
    }

    /// Creates an instance for a party: `POST {appbase}/instances?instanceOwnerPartyId=…`.
    pub async fn instantiate(&self, party_id: impl fmt::Display) -> Result<Instance> {
        let party = party_id.to_string();
        if party.trim().is_empty() {
            return Err(Error::Usage("the party id is empty".into()));
        }
        let mut url = self.url("instances")?;
        url.query_pairs_mut().append_pair("instanceOwnerPartyId", party.trim());
        self.client.send(Request::new(Method::POST, url)).await?.json()
    }

    /// Creates an instance for an owner given by party id, organisation number or person
    /// number, with forms prefilled: a JSON template, or, with prefill, `multipart/form-data`
    /// with the `instance` part first and one part per form named by its data type. The forms
    /// are checked first (known form data types, content types the types allow); nothing is sent
    /// when one breaks a rule.
    pub async fn instantiate_with(&self, owner: &InstanceOwner, prefill: &[Form]) -> Result<Instance> {
        let breaks: Vec<_> = prefill.iter().flat_map(|f| check_form(self.app, f, true)).collect();
        if !breaks.is_empty() {
            return Err(Error::Rejected(Rejection { breaks }));
        }
        let template = json!({ "instanceOwner": owner });
        let req = Request::new(Method::POST, self.url("instances")?);
        let req = if prefill.is_empty() {
            req.json(&template)?
        } else {
            let (body, content_type) = multipart(&template, prefill)?;
            req.bytes(body, &content_type)
        };
        self.client.send(req).await?.json()
    }

    /// Replaces a form's data: `PUT …/instances/{party}/{guid}/data/{dataGuid}` with XML or JSON.
    /// 201 gives the element; 200 also the fields the app's data processors changed.
    pub async fn put_form(&self, instance: &InstanceId, data_element_id: &str, body: &FormBody) -> Result<PutFormResult> {
        let url = self.instance_url(instance, &format!("/data/{}", super::segment(data_element_id)))?;
        self.client.send(Request::new(Method::PUT, url).bytes(body.to_bytes(), body.content_type())).await?.json()
    }

    /// Adds a form element: `POST …/data?dataType={id}` with XML or JSON. Checked first: the
    /// data type must be a form of this app.
    pub async fn add_form(&self, instance: &InstanceId, form: &Form) -> Result<DataElement> {
        let breaks = check_form(self.app, form, false);
        if !breaks.is_empty() {
            return Err(Error::Rejected(Rejection { breaks }));
        }
        let mut url = self.instance_url(instance, "/data")?;
        url.query_pairs_mut().append_pair("dataType", &form.data_type);
        self.client.send(Request::new(Method::POST, url).bytes(form.body.to_bytes(), form.body.content_type())).await?.json()
    }

    /// Uploads an attachment: `POST …/data?dataType={id}` with the bytes, `Content-Type` and
    /// `Content-Disposition: attachment; filename=…`. Checked before anything is sent against
    /// the data type's rules ([`check_attachment`]), counting the elements of its type that
    /// `instance` already holds; the new element is added to `instance.data`.
    pub async fn upload_attachment(&self, instance: &mut Instance, attachment: Attachment) -> Result<DataElement> {
        let id = instance.instance_id().ok_or_else(|| Error::Usage("the instance has no id".into()))?;
        let existing = instance.data_of_type(&attachment.data_type).count();
        let breaks =
            check_attachment(self.app, existing, &attachment.data_type, &attachment.file_name, &attachment.content_type, attachment.len());
        if !breaks.is_empty() {
            return Err(Error::Rejected(Rejection { breaks }));
        }
        let mut url = self.instance_url(&id, "/data")?;
        url.query_pairs_mut().append_pair("dataType", &attachment.data_type);
        let req = Request::new(Method::POST, url).header("Content-Disposition", &content_disposition(&attachment.file_name))?;
        let req = match attachment.body {
            AttachmentBody::Bytes(b) => req.bytes(b, &attachment.content_type),
            AttachmentBody::Stream { length, stream } => {
                req.stream(reqwest::Body::wrap_stream(exact_length(stream, length)), &attachment.content_type, length)
            }
        };
        let element: DataElement = self.client.send(req).await?.json()?;
        instance.data.push(element.clone());
        Ok(element)
    }

    /// The app's validation of the instance: `GET …/validate`; empty when valid.
    pub async fn validate(&self, instance: &InstanceId) -> Result<Vec<ValidationIssue>> {
        self.client.send(Request::new(Method::GET, self.instance_url(instance, "/validate")?)).await?.json()
    }

    /// Moves the process on: `PUT …/process/next`, with `{"action": …}` when given (else the
    /// app derives it from the task type). A 409 is an [`Error::Http`] whose problem document
    /// holds `validationIssues` ([`Error::validation_issues`]).
    pub async fn process_next(&self, instance: &InstanceId, action: Option<&str>) -> Result<AppProcessState> {
        let req = Request::new(Method::PUT, self.instance_url(instance, "/process/next")?);
        let req = match action {
            Some(a) => req.json(&json!({ "action": a }))?,
            None => req,
        };
        self.client.send(req).await?.json()
    }

    /// The service owner confirms it has copied the data: `POST …/complete`.
    pub async fn complete(&self, instance: &InstanceId) -> Result<Instance> {
        self.client.send(Request::new(Method::POST, self.instance_url(instance, "/complete")?)).await?.json()
    }

    /// The instance: `GET …/instances/{party}/{guid}`.
    pub async fn instance(&self, instance: &InstanceId) -> Result<Instance> {
        self.client.send(Request::new(Method::GET, self.instance_url(instance, "")?)).await?.json()
    }

    /// The whole flow: checks every form and attachment before anything is sent, instantiates
    /// for `owner`, puts each form into the element the app created for its type (or adds one),
    /// uploads the attachments, validates (stopping with [`Error::ValidationFailed`] when an issue is an
    /// error), moves the process on until it ends (at most [`MAX_PROCESS_STEPS`] steps), and
    /// returns the instance as it then is.
    pub async fn submit(&self, owner: impl Into<InstanceOwner>, forms: &[Form], attachments: Vec<Attachment>) -> Result<Instance> {
        let owner = owner.into();
        let mut breaks: Vec<_> = forms.iter().flat_map(|f| check_form(self.app, f, false)).collect();
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for a in &attachments {
            let n = counts.entry(a.data_type.as_str()).or_default();
            breaks.extend(check_attachment(self.app, *n, &a.data_type, &a.file_name, &a.content_type, a.len()));
            *n += 1;
        }
        if !breaks.is_empty() {
            return Err(Error::Rejected(Rejection { breaks }));
        }

        let mut instance = match (&owner.party_id, &owner.organisation_number, &owner.person_number) {
            (Some(p), None, None) => self.instantiate(p).await?,
            _ => self.instantiate_with(&owner, &[]).await?,
        };
        let id = instance.instance_id().ok_or_else(|| Error::Usage("the created instance has no id".into()))?;

        let mut used: Vec<String> = Vec::new();
        for form in forms {
            let target = instance.data_of_type(&form.data_type).filter_map(|d| d.id.clone()).find(|d| !used.contains(d));
            match target {
                Some(element_id) => {
                    let put = self.put_form(&id, &element_id, &form.body).await?;
                    if let Some(slot) = instance.data.iter_mut().find(|d| d.id.as_deref() == Some(element_id.as_str())) {
                        *slot = put.element;
                    }
                    used.push(element_id);
                }
                None => {
                    let added = self.add_form(&id, form).await?;
                    if let Some(new_id) = &added.id {
                        used.push(new_id.clone());
                    }
                    instance.data.push(added);
                }
            }
        }
        for a in attachments {
            self.upload_attachment(&mut instance, a).await?;
        }

        let issues = self.validate(&id).await?;
        if issues.iter().any(|i| i.severity.is_error()) {
            return Err(Error::ValidationFailed(issues));
        }
        let mut steps = 0;
        loop {
            let state = self.process_next(&id, None).await?;
            steps += 1;
            if state.is_ended() {
                break;
            }
            if steps >= MAX_PROCESS_STEPS {
                return Err(Error::ProcessDidNotEnd { steps, task: state.current_task_id().unwrap_or("?").to_string() });
            }
        }
        self.instance(&id).await
    }
}

impl From<u64> for InstanceOwner {
    fn from(party_id: u64) -> Self {
        InstanceOwner::party(party_id)
    }
}

impl From<&InstanceOwner> for InstanceOwner {
    fn from(o: &InstanceOwner) -> Self {
        o.clone()
    }
}

/// `attachment; filename="…"`, with `filename*` (RFC 5987) when the name is not plain ASCII.
fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
        .map(|c| if c == '"' || c == '\\' { '_' } else { c })
        .collect();
    if ascii == file_name {
        format!("attachment; filename=\"{ascii}\"")
    } else {
        let encoded: String = file_name
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect();
        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
    }
}

/// The stream, failing if it yields more or fewer than the `length` bytes declared (the
/// size checked against `maxSize` and sent as `Content-Length`).
fn exact_length(
    stream: std::pin::Pin<Box<dyn futures::Stream<Item = std::io::Result<Bytes>> + Send>>,
    length: u64,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures::stream::unfold((stream, 0u64, false), move |(mut s, seen, done)| async move {
        if done {
            return None;
        }
        match s.next().await {
            Some(Ok(chunk)) => {
                let seen = seen + chunk.len() as u64;
                if seen > length {
                    let e = std::io::Error::other(format!("the attachment stream yields more than the {length} bytes declared"));
                    return Some((Err(e), (s, seen, true)));
                }
                Some((Ok(chunk), (s, seen, false)))
            }
            Some(Err(e)) => Some((Err(e), (s, seen, true))),
            None if seen < length => {
                let e = std::io::Error::other(format!("the attachment stream ended after {seen} of the {length} bytes declared"));
                Some((Err(e), (s, seen, true)))
            }
            None => None,
        }
    })
}

/// A `multipart/form-data` body: the template as part `instance`, then one part per form.
fn multipart(template: &Value, forms: &[Form]) -> Result<(Vec<u8>, String)> {
    let boundary = format!("altinn-{}", super::auth::random_boundary().map_err(Error::Auth)?);
    let mut body = Vec::new();
    let mut part = |name: &str, file_name: Option<&str>, content_type: &str, data: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(f) = file_name {
            body.extend_from_slice(format!("; filename=\"{f}\"").as_bytes());
        }
        body.extend_from_slice(format!("\r\nContent-Type: {content_type}\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    };
    let template = serde_json::to_vec(template).map_err(|e| Error::Usage(format!("cannot encode the instance template: {e}")))?;
    part("instance", None, "application/json", &template);
    for f in forms {
        let ext = if matches!(f.body, FormBody::Xml(_)) { "xml" } else { "json" };
        let name: String = f.data_type.chars().filter(|c| *c != '"' && *c != '\r' && *c != '\n').collect();
        part(&name, Some(&format!("{name}.{ext}")), f.body.content_type(), &f.body.to_bytes());
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((body, format!("multipart/form-data; boundary={boundary}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions() {
        assert_eq!(content_disposition("a b.pdf"), "attachment; filename=\"a b.pdf\"");
        assert_eq!(content_disposition("bær.pdf"), "attachment; filename=\"b_r.pdf\"; filename*=UTF-8''b%C3%A6r.pdf");
    }

    #[test]
    fn multipart_parts_in_order() {
        let (body, ct) = multipart(&json!({"instanceOwner": {"partyId": "1"}}), &[Form::xml("model", "<a/>")]).unwrap();
        let b = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let text = String::from_utf8(body).unwrap();
        let i = text.find("name=\"instance\"").unwrap();
        let m = text.find("name=\"model\"; filename=\"model.xml\"\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n").unwrap();
        assert!(i < m && text.ends_with(&format!("--{b}--\r\n")), "{text}");
    }
}

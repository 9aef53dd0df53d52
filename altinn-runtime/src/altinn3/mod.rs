//! Altinn 3: the catalogue types of generated app modules ([`app`]), and the runtime they call:
//! the environments ([`env`]), authentication with Maskinporten, ID-porten and the token
//! exchange ([`auth`]), the client ([`client`]), an app's typed instance lifecycle
//! ([`lifecycle`], [`model`]), the data type rules checked before sending ([`rules`]) and errors
//! that keep the problem document ([`problem`]).
//!
//! Altinn 2 closed on 19 June 2026; forms are now Altinn 3 apps (`{org}/{app}`), each with its
//! own API under `https://{org}.apps.altinn.no/{org}/{app}`, and the platform APIs live under
//! `https://platform.altinn.no`.
//!
//! ```no_run
//! # async fn run(app: &'static altinn_runtime::altinn3::App, key_pem: &[u8], xml: Vec<u8>) -> Result<(), altinn_runtime::altinn3::Error> {
//! use altinn_runtime::altinn3::{Auth, Client, Environment, Form, GrantKey, MaskinportenGrant};
//! let grant = MaskinportenGrant::new("my-client-id", GrantKey::kid("my-kid", key_pem)?)
//!     .scope("altinn:instances.read")
//!     .scope("altinn:instances.write")
//!     .system_user("310000001");
//! let client = Client::builder(Environment::tt02()).auth(Auth::Maskinporten(Box::new(grant))).build()?;
//! let instance = client.app(app).submit(50001234u64, &[Form::xml("model", xml)], vec![]).await?;
//! assert!(instance.is_ended());
//! # Ok(()) }
//! ```

pub mod app;
pub mod auth;
pub mod client;
pub mod env;
pub mod lifecycle;
pub mod model;
pub mod platform;
pub mod problem;
pub mod rules;

pub use crate::api::Secret;
pub use app::{App, DataType, PartyTypes};
pub use auth::{Auth, AuthError, GrantClaims, GrantKey, MaskinportenGrant};
pub use client::{Client, ClientBuilder, Request, Response, RetryPolicy, SUBSCRIPTION_KEY_HEADER};
pub use env::{AppsBase, Environment, MaskinportenEndpoint};
pub use lifecycle::{AppClient, MAX_PROCESS_STEPS};
pub use model::{
    AppProcessState, DataElement, FileScanResult, Instance, InstanceId, InstanceOwner, InstanceStatus, ProcessElementInfo, ProcessState,
    PutFormResult, ReadStatus, Severity, ValidationIssue,
};
pub use problem::{Error, HttpError, ProblemDetails, Rejection, Result, Rule, RuleBreak};
pub use rules::{Attachment, AttachmentBody, Form, FormBody, all_forms, check_attachment, check_form, form_of, mime_of_extension};

/// Percent-encodes a value into one path segment.
pub(crate) fn segment(value: &str) -> String {
    crate::api::segment(value)
}

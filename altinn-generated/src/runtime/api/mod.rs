//! The REST API runtime: [`Client`] (base URL, `ApiKey`, timeouts, authentication, media types),
//! typed HAL links and pages, OData options, errors that keep the raw answer, and the form-task
//! submission the generated service modules call. Generated endpoint functions build a
//! [`Request`] and decode the [`Response`].

mod client;
mod error;
pub mod hal;
pub mod lenient;
pub mod media;
pub mod odata;
mod secret;
pub mod submit;

pub use client::{Auth, Body, Client, ClientBuilder, CorsVerdict, Environment, Identity, Request, Response, segment};
pub use error::{Error, ErrorBody, Result};
pub use hal::{Link, Links, Page};
pub use media::MediaType;
pub use odata::OData;
pub use reqwest::Method;
pub use secret::{ApiKey, Secret};

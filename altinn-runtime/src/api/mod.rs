//! The REST API runtime: [`Client`] (base URL, `ApiKey`, timeouts, authentication, media types),
//! typed HAL links and pages, OData options, errors that keep the raw answer, and the form-task
//! submission the generated service modules call. Generated endpoint functions build a
//! [`Request`] and decode the [`Response`].

pub mod body;
mod client;
mod error;
pub mod hal;
pub mod lenient;
pub mod media;
pub mod odata;
mod secret;
pub mod submit;

pub use bytes::Bytes;
pub use client::{
    Auth, Body, Client, ClientBuilder, CorsVerdict, Environment, Identity, PRODUCTION_URL, Request, Response, TT02_URL, segment,
};
pub use error::{Error, ErrorBody, Result};
pub use hal::{Link, Links, Page};
pub use media::MediaType;
pub use odata::OData;
pub use reqwest::Method;

/// An enumeration of strings from an API document: the known values as variants, any other
/// value kept in `Other` (Altinn adds values), read case-insensitively.
#[macro_export]
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant,)*
            /// A value this version does not know, as sent.
            Other(::std::string::String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(s) => s,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $(if s.eq_ignore_ascii_case($wire) { return Self::$variant; })*
                Self::Other(s.to_string())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let v = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                match v {
                    ::serde_json::Value::String(s) => Ok(Self::from(s.as_str())),
                    other => Ok(Self::Other(other.to_string())),
                }
            }
        }
    };
}
pub use secret::{ApiKey, Secret};
pub(crate) use secret::{scrub, scrub_text};

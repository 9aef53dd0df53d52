//! Altinn 3: the catalogue types of generated app modules ([`app`]).
//!
//! Altinn 2 closed on 19 June 2026; forms are now Altinn 3 apps (`{org}/{app}`), each with its
//! own API under `https://{org}.apps.altinn.no/{org}/{app}`, and the platform APIs live under
//! `https://platform.altinn.no`.

pub mod app;

pub use app::{App, DataType, PartyTypes};

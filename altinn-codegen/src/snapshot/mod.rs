//! The snapshot stage, before parse: the snapshot folder (`schemas/`), loaded once ([`Snapshot`]);
//! its layout, lock file, selection file and safe file names.

pub mod files;
pub mod layout;
pub mod lock;
pub mod sanitize;
pub mod selection;

pub use files::{Disk, Snapshot, Source};

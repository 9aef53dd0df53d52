//! The snapshot folder (`schemas/`): its layout, lock file, selection file and safe file names.

pub mod layout;
pub mod lock;
pub mod sanitize;
pub mod selection;

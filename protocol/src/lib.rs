//! The SWiP wire contract, shared by the wallet core and the sandbox server.
//!
//! Everything here is sans-I/O: serde types whose field names follow the in-app API document
//! (`001_e552985faba85bdb.txt`) exactly, the error object with every numeric code, the header and
//! path names, self-redacting secret types, and the versioned card cryptogram format.
//! Responses are read tolerantly ([`tolerant`]): unknown fields are ignored, `null` and absent
//! fields read as documented defaults, unknown enum values are kept; only the fields the journey
//! needs are required, and a failure names the field, never its value.

pub mod amount;
pub mod app_pos;
pub mod auth;
pub mod cards;
pub mod cryptogram;
pub mod deferred;
pub mod error;
pub mod headers;
pub mod jose;
pub mod json_path;
pub mod merchant;
pub mod orders;
pub mod paths;
pub mod pos;
pub mod rules;
pub mod secret;
pub mod tolerant;
mod wire_enum;

pub use amount::{Amount, Quantity};
pub use error::{ApiErrorBody, ErrorCode, FieldError};
pub use secret::SecretString;

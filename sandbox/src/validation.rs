//! Reading request bodies field by field, so that every bad field gets its own `fieldError`
//! ([`reader::Reader`], the one JSON field reader of the sandbox), and the field rules of each
//! API: [`inapp`] (seed 001), [`merchant`] (seed 002), [`pos`] (seed 000). The format rules
//! themselves (phone, SMS code, PIN, names, holder, e-mail, card data, idempotency key) are
//! [`swip_protocol::rules`], the same functions the wallet core checks its input with.

pub mod inapp;
pub mod merchant;
pub mod pos;
pub mod reader;

/// `fieldError` message of a bad in-app phone.
pub const PHONE_MESSAGE: &str = "must be exactly 11 digits";
/// `fieldError` message of a bad SMS code.
pub const SMS_CODE_MESSAGE: &str = "must be exactly 4 digits";
/// `fieldError` message of a bad PIN.
pub const PIN_MESSAGE: &str = "must be exactly 4 digits";
/// `fieldError` message of a bad device id.
pub const DEVICE_ID_MESSAGE: &str = "must be 1 to 128 printable characters";
/// `fieldError` message of a bad first or last name.
pub const NAME_MESSAGE: &str =
    "at most 50 letters, spaces, hyphens or apostrophes, starting and ending with a letter";
/// `fieldError` message of a bad cardholder name.
pub const HOLDER_MESSAGE: &str =
    "2 to 26 Latin letters, spaces or .-', starting with a letter, single spaces";
/// `fieldError` message of a bad e-mail.
pub const EMAIL_MESSAGE: &str = "must be an e-mail address";

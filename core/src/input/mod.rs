//! User input, validated before anything leaves the device.
//!
//! Each type can only be built through a constructor that validates it, so holding one is proof
//! the value is well-formed. Secrets ([`Pin`], [`SmsCode`], [`card::Pan`], [`card::Cvv`]) print as
//! `***` and zero their memory on drop. Every error names its field ([`InputError`]) and never
//! contains the value that was typed.

pub mod card;
mod contact;
mod error;
mod secret_digits;

pub use contact::{Email, PersonName, Phone};
pub use error::{Field, InputError, InputErrors, Reason};
pub use secret_digits::{Pin, SmsCode};

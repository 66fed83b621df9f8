//! The input rules of the SWiP APIs, defined once and used by both sides: the wallet core checks
//! what a user typed before anything is sent, and the sandbox checks the same fields of a request
//! body with the same functions, so the two can never disagree on what is valid.
//!
//! Each rule is a module with a `check` of the value as it travels on the wire (what the server
//! reads) and, where a user types something looser, a `normalise` that turns the typed text into
//! that wire value or refuses it. `normalise(x)` is `Ok(w)` only when `check(w)` is `Ok`.
//! Every refusal is a [`Reason`]; none carries the value (it may be a secret).
//!
//! Which rule comes from the seeds and which is ours is recorded in docs/extensions.md,
//! section "Input rules".

pub mod card_holder;
pub mod cvv;
pub mod device_id;
pub mod email;
pub mod expiry;
pub mod idempotency_key;
pub mod pan;
pub mod percent;
pub mod person_name;
pub mod phone;
pub mod pin;
mod reason;
pub mod sms_code;
pub mod three_ds;

pub use reason::Reason;

/// Exactly `len` ASCII digits: `Empty`, `InvalidCharacters` or `WrongLength` otherwise.
pub(crate) fn exact_digits(value: &str, len: usize) -> Result<(), Reason> {
    if value.is_empty() {
        return Err(Reason::Empty);
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::InvalidCharacters);
    }
    if value.len() != len {
        return Err(Reason::WrongLength);
    }
    Ok(())
}

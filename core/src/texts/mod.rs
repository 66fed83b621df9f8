//! Texts a user reads, in Russian and English, written once for both shells: the problem texts
//! (every [`ProblemKind`](crate::journey::ProblemKind) and every error code of the contract),
//! the input field errors, amounts in roubles and the masked phone.
//!
//! Pure functions of their inputs: nothing here reads the server's message, so no HTTP status,
//! enum name or developer text can reach a screen through them.

mod fields;
mod format;
mod locale;
mod problems;

pub use fields::field_error_text;
pub use format::{format_rub, mask_phone};
pub use locale::Locale;
pub use problems::problem_text;

#[cfg(test)]
mod tests;

//! Why a value breaks its rule.

use serde::{Deserialize, Serialize};

/// Why a field is invalid. Never carries the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Nothing was entered.
    Empty,
    /// A character that is not allowed here.
    InvalidCharacters,
    /// Too short.
    TooShort,
    /// Too long.
    TooLong,
    /// Not exactly the required number of digits.
    WrongLength,
    /// The card number fails the Luhn check.
    LuhnCheckFailed,
    /// The card number belongs to no supported payment system.
    UnsupportedBrand,
    /// Month outside 1–12.
    InvalidMonth,
    /// The card has expired.
    Expired,
    /// The expiry is implausibly far in the future.
    TooFarInFuture,
    /// Not in the expected format (an e-mail address, a year, spacing).
    InvalidFormat,
    /// A number out of its range (e.g. quantity ≤ 0).
    OutOfRange,
}

impl Reason {
    /// A short explanation for a user, in English.
    pub fn message(self) -> &'static str {
        match self {
            Reason::Empty => "is required",
            Reason::InvalidCharacters => "contains characters that are not allowed",
            Reason::TooShort => "is too short",
            Reason::TooLong => "is too long",
            Reason::WrongLength => "has the wrong number of digits",
            Reason::LuhnCheckFailed => "is not a valid card number",
            Reason::UnsupportedBrand => "belongs to no supported payment system",
            Reason::InvalidMonth => "has a month outside 1-12",
            Reason::Expired => "is in the past: the card has expired",
            Reason::TooFarInFuture => "is too far in the future",
            Reason::InvalidFormat => "is not in the expected format",
            Reason::OutOfRange => "is out of range",
        }
    }
}

//! The cardholder's name as embossed on the card.

use swip_protocol::rules::card_holder;

use crate::input::{Field, InputError};

/// Latin letters, spaces, `.`, `-` and `'`; 2–26 characters; upper-cased as on the card
/// ([`swip_protocol::rules::card_holder`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Holder(String);

impl Holder {
    /// Longest name a card carries.
    pub const MAX_LEN: usize = card_holder::MAX_LEN;

    /// Validates a typed holder name.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        card_holder::normalise(value)
            .map(Holder)
            .map_err(|reason| InputError::new(Field::Holder, reason))
    }

    /// The name, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Reason;

    #[test]
    fn rules() {
        assert_eq!(
            Holder::parse("  ivan   petrov ").unwrap().as_str(),
            "IVAN PETROV"
        );
        assert!(Holder::parse("J. O'NEIL-SMITH").is_ok());
        assert_eq!(
            Holder::parse("Иван").unwrap_err().reason,
            Reason::InvalidCharacters
        );
        assert_eq!(Holder::parse("A").unwrap_err().reason, Reason::TooShort);
        assert_eq!(
            Holder::parse(&"A".repeat(27)).unwrap_err().reason,
            Reason::TooLong
        );
        assert_eq!(Holder::parse("").unwrap_err().field, Field::Holder);
    }
}

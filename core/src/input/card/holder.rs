//! The cardholder's name as embossed on the card.

use crate::input::{Field, InputError, Reason};

/// Latin letters, spaces, `.`, `-` and `'`; 2–26 characters; upper-cased as on the card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Holder(String);

impl Holder {
    /// Longest name a card carries.
    pub const MAX_LEN: usize = 26;

    /// Validates a typed holder name.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        let err = |reason| InputError::new(Field::Holder, reason);
        let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(err(Reason::Empty));
        }
        if !collapsed
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
        {
            return Err(err(Reason::InvalidCharacters));
        }
        if collapsed.len() < 2 {
            return Err(err(Reason::TooShort));
        }
        if collapsed.len() > Self::MAX_LEN {
            return Err(err(Reason::TooLong));
        }
        Ok(Holder(collapsed.to_ascii_uppercase()))
    }

    /// The name, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Holder::parse("").unwrap_err().reason, Reason::Empty);
    }
}

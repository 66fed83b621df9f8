//! The card number (PAN).

use swip_protocol::SecretString;
use swip_protocol::cards::PaymentSystem;
use swip_protocol::rules::pan;
pub use swip_protocol::rules::pan::luhn_valid;

use crate::input::{Field, InputError};

/// A card number: digits only, Luhn-valid, of a supported brand and length
/// ([`swip_protocol::rules::pan`]). Debug prints the masked form; the memory is zeroed on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Pan(SecretString);

impl Pan {
    /// Validates a typed number; spaces and dashes between digit groups are dropped.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        pan::normalise(value)
            .map(|(digits, _)| Pan(digits))
            .map_err(|reason| InputError::new(Field::CardNumber, reason))
    }

    /// The digits, for the cryptogram only.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The payment system.
    pub fn brand(&self) -> PaymentSystem {
        pan::brand_of(self.expose()).unwrap_or(PaymentSystem::Other(String::new()))
    }

    /// The last four digits.
    pub fn last4(&self) -> &str {
        let digits = self.expose();
        &digits[digits.len() - 4..]
    }

    /// PCI DSS display form, first 6 and last 4 at most: `220000******0004`.
    pub fn masked(&self) -> String {
        let digits = self.expose();
        let hidden = digits.len() - 10;
        format!("{}{}{}", &digits[..6], "*".repeat(hidden), self.last4())
    }
}

impl std::fmt::Debug for Pan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pan(**** {})", self.last4())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Reason;

    #[test]
    fn masked_shows_at_most_first_six_and_last_four() {
        let pan = Pan::parse("2200 0000 0000 0004").unwrap();
        assert_eq!(pan.masked(), "220000******0004");
        let pan19 = Pan::parse("2200000000000000004").unwrap();
        assert_eq!(pan19.masked(), "220000*********0004");
        assert_eq!(format!("{pan:?}"), "Pan(**** 0004)");
    }

    #[test]
    fn errors_name_the_reason() {
        assert_eq!(Pan::parse("").unwrap_err().reason, Reason::Empty);
        assert_eq!(
            Pan::parse("4111 1111").unwrap_err().reason,
            Reason::TooShort
        );
        assert_eq!(
            Pan::parse("4111-1111-1111-111a").unwrap_err().reason,
            Reason::InvalidCharacters
        );
        assert_eq!(
            Pan::parse("9111111111111111").unwrap_err().reason,
            Reason::UnsupportedBrand
        );
        assert_eq!(
            Pan::parse("4111111111111112").unwrap_err().reason,
            Reason::LuhnCheckFailed
        );
        // 17 digits is no length VISA issues.
        assert_eq!(
            Pan::parse("41111111111111113").unwrap_err().reason,
            Reason::WrongLength
        );
    }
}

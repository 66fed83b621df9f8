//! The card verification value.

use swip_protocol::SecretString;
use swip_protocol::cards::PaymentSystem;
use swip_protocol::rules::cvv;

use crate::input::{Field, InputError};

/// The CVV / CVC: 3 digits (4 for AMEX). Never stored, never printed; zeroed on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Cvv(SecretString);

impl Cvv {
    /// Validates a CVV ([`swip_protocol::rules::cvv`]); `brand` is the card number's payment
    /// system when the number was valid, otherwise 3 or 4 digits are accepted.
    pub fn parse(value: &str, brand: Option<&PaymentSystem>) -> Result<Self, InputError> {
        let trimmed = value.trim();
        cvv::check(trimmed, brand).map_err(|reason| InputError::new(Field::Cvv, reason))?;
        Ok(Cvv(SecretString::new(trimmed)))
    }

    /// The digits, for the cryptogram only.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl std::fmt::Debug for Cvv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cvv(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Reason;

    #[test]
    fn rules() {
        assert!(Cvv::parse(" 123 ", Some(&PaymentSystem::Mir)).is_ok());
        assert_eq!(
            Cvv::parse("1234", Some(&PaymentSystem::Visa))
                .unwrap_err()
                .reason,
            Reason::WrongLength
        );
        assert!(Cvv::parse("1234", None).is_ok());
        assert_eq!(
            Cvv::parse("12a", None).unwrap_err().reason,
            Reason::InvalidCharacters
        );
        assert_eq!(
            format!("{:?}", Cvv::parse("987", None).unwrap()),
            "Cvv(***)"
        );
    }
}

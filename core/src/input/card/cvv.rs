//! The card verification value.

use swip_protocol::SecretString;

use crate::input::{Field, InputError, Reason};

/// The CVV / CVC: 3 digits (4 for AMEX). Never stored, never printed; zeroed on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Cvv(SecretString);

impl Cvv {
    /// Validates a CVV; `expected_len` is the brand's length when the number was valid, otherwise
    /// 3 or 4 digits are accepted.
    pub fn parse(value: &str, expected_len: Option<usize>) -> Result<Self, InputError> {
        let err = |reason| InputError::new(Field::Cvv, reason);
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(err(Reason::Empty));
        }
        if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(Reason::InvalidCharacters));
        }
        let ok = match expected_len {
            Some(len) => trimmed.len() == len,
            None => matches!(trimmed.len(), 3 | 4),
        };
        if !ok {
            return Err(err(Reason::WrongLength));
        }
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

    #[test]
    fn rules() {
        assert!(Cvv::parse("123", Some(3)).is_ok());
        assert_eq!(
            Cvv::parse("1234", Some(3)).unwrap_err().reason,
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

//! The card number (PAN).

use swip_protocol::SecretString;
use swip_protocol::cards::PaymentSystem;

use super::brand::{brand_of, length_allowed};
use crate::input::{Field, InputError, Reason};

/// A card number: digits only, Luhn-valid, of a supported brand and length. Debug prints the
/// masked form; the memory is zeroed on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Pan(SecretString);

/// Luhn checksum over ASCII digits (false for anything else or an empty string).
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

impl Pan {
    /// Validates a typed number; spaces and dashes between digit groups are dropped.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        let err = |reason| InputError::new(Field::CardNumber, reason);
        let mut digits = zeroize::Zeroizing::new(String::with_capacity(19));
        for c in value.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' => {}
                _ => return Err(err(Reason::InvalidCharacters)),
            }
        }
        if digits.is_empty() {
            return Err(err(Reason::Empty));
        }
        if digits.len() < 12 {
            return Err(err(Reason::TooShort));
        }
        if digits.len() > 19 {
            return Err(err(Reason::TooLong));
        }
        let brand = brand_of(&digits).ok_or(err(Reason::UnsupportedBrand))?;
        if !length_allowed(&brand, digits.len()) {
            return Err(err(Reason::WrongLength));
        }
        if !luhn_valid(&digits) {
            return Err(err(Reason::LuhnCheckFailed));
        }
        Ok(Pan(SecretString::new(digits.as_str())))
    }

    /// The digits, for the cryptogram only.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The payment system.
    pub fn brand(&self) -> PaymentSystem {
        brand_of(self.expose()).unwrap_or(PaymentSystem::Other(String::new()))
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

    #[test]
    fn luhn_vectors() {
        for valid in [
            "4111111111111111",
            "5555555555554444",
            "2200000000000004",
            "378282246310005",
            "0",
        ] {
            assert!(luhn_valid(valid), "{valid}");
        }
        for invalid in [
            "4111111111111112",
            "1234567812345678",
            "",
            "41111111x1111111",
        ] {
            assert!(!luhn_valid(invalid), "{invalid}");
        }
    }

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

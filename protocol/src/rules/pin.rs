//! The PIN: exactly 4 ASCII digits (the seed's example is `"1111"`).

use super::Reason;

/// Digits of a PIN.
pub const LENGTH: usize = 4;

/// A PIN as sent.
pub fn check(wire: &str) -> Result<(), Reason> {
    super::exact_digits(wire, LENGTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_ascii_digits() {
        assert_eq!(check("0000"), Ok(()));
        assert_eq!(check(""), Err(Reason::Empty));
        assert_eq!(check("12a4"), Err(Reason::InvalidCharacters));
        assert_eq!(check("12345"), Err(Reason::WrongLength));
        assert_eq!(check("١٢٣٤"), Err(Reason::InvalidCharacters));
    }
}

//! The SMS code: exactly 4 ASCII digits (the seed's example is `"6826"`).

use super::Reason;

/// Digits of an SMS code.
pub const LENGTH: usize = 4;

/// An SMS code as sent.
pub fn check(wire: &str) -> Result<(), Reason> {
    super::exact_digits(wire, LENGTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_ascii_digits() {
        assert_eq!(check("6826"), Ok(()));
        assert_eq!(check("682"), Err(Reason::WrongLength));
        assert_eq!(check("68 26"), Err(Reason::InvalidCharacters));
    }
}

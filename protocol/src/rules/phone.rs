//! Phone numbers.
//!
//! In-app API (seed 001): `phone` and `username` are "the phone number as 11 digits"
//! (`79160000000`). Merchant API (seed 002): `"+7XXXXXXXXXX"`, `"7XXXXXXXXXX"` or `"8XXXXXXXXXX"`.

use super::Reason;

/// Digits of a phone number on the wire.
pub const LENGTH: usize = 11;

/// An in-app phone as sent: exactly 11 ASCII digits.
pub fn check(wire: &str) -> Result<(), Reason> {
    super::exact_digits(wire, LENGTH)
}

/// A typed phone turned into its 11 wire digits. Spaces, dashes, dots and brackets are dropped,
/// a leading `+` is dropped, and a Russian trunk prefix `8` typed without `+` becomes `7`
/// (`8 916 000-00-00` → `79160000000`).
pub fn normalise(typed: &str) -> Result<String, Reason> {
    let trimmed = typed.trim();
    if trimmed.is_empty() {
        return Err(Reason::Empty);
    }
    let without_plus = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let mut digits = String::with_capacity(LENGTH);
    for c in without_plus.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return Err(Reason::InvalidCharacters),
        }
    }
    if digits.len() != LENGTH {
        return Err(Reason::WrongLength);
    }
    if digits.starts_with('8') && !trimmed.starts_with('+') {
        digits.replace_range(0..1, "7");
    }
    check(&digits)?;
    Ok(digits)
}

/// A merchant API phone: `+7` followed by 10 digits, or `7` or `8` followed by 10 digits.
pub fn check_merchant(text: &str) -> Result<(), Reason> {
    if text.is_empty() {
        return Err(Reason::Empty);
    }
    let digits = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with('7') => rest,
        Some(_) => return Err(Reason::InvalidFormat),
        None if text.starts_with('7') || text.starts_with('8') => text,
        None => return Err(Reason::InvalidFormat),
    };
    super::exact_digits(digits, LENGTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_phones_become_eleven_digits() {
        for typed in [
            "79160000000",
            "+7 (916) 000-00-00",
            "8 916 000 00 00",
            " 7-916-000-00-00 ",
        ] {
            assert_eq!(normalise(typed).as_deref(), Ok("79160000000"), "{typed}");
        }
        assert_eq!(normalise(""), Err(Reason::Empty));
        assert_eq!(normalise("7916000000"), Err(Reason::WrongLength));
        assert_eq!(normalise("7916abc0000"), Err(Reason::InvalidCharacters));
    }

    #[test]
    fn wire_phones_are_exactly_eleven_digits() {
        assert_eq!(check("79160000000"), Ok(()));
        assert_eq!(check("+79160000000"), Err(Reason::InvalidCharacters));
        assert_eq!(check("7916000000"), Err(Reason::WrongLength));
    }

    #[test]
    fn merchant_phones() {
        for good in ["+79160000000", "79160000000", "89160000000"] {
            assert_eq!(check_merchant(good), Ok(()), "{good}");
        }
        for bad in [
            "+89160000000",
            "9160000000",
            "7916000000",
            "791600000000",
            "7916000000a",
            "",
        ] {
            assert!(check_merchant(bad).is_err(), "{bad}");
        }
    }
}

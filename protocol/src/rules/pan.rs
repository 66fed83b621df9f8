//! The card number (PAN): 12–19 digits, the Luhn check, and a payment system we know with a length
//! it issues. Seed 001 names the systems (`VISA`, `МИР`, …) but no ranges; the table is ours:
//!
//! | system     | prefixes                                                   | lengths    | CVV |
//! |------------|------------------------------------------------------------|------------|-----|
//! | МИР        | 2200–2204 (NSPK)                                           | 16–19      | 3   |
//! | MASTERCARD | 2221–2720, 51–55                                           | 16         | 3   |
//! | VISA       | 4                                                          | 13, 16, 19 | 3   |
//! | AMEX       | 34, 37                                                     | 15         | 4   |
//! | JCB        | 3528–3589                                                  | 16–19      | 3   |
//! | UNIONPAY   | 62                                                         | 16–19      | 3   |
//! | MAESTRO    | 5018, 5020, 5038, 5893, 6304, 6390, 6759, 6761, 6762, 6763 | 12–19      | 3   |
//!
//! Maestro: the issuer prefixes of the common IIN table (the "Payment card number" article's), with
//! 6390 added for Sberbank's Maestro cards (`639002…`); no prefix overlaps another system's.

use crate::SecretString;
use crate::cards::PaymentSystem;

use super::Reason;

/// Fewest digits of a card number.
pub const MIN_LEN: usize = 12;
/// Most digits of a card number.
pub const MAX_LEN: usize = 19;

/// Maestro's four-digit prefixes.
const MAESTRO_PREFIXES: [u32; 10] = [5018, 5020, 5038, 5893, 6304, 6390, 6759, 6761, 6762, 6763];

/// The Luhn sum of `digits` (ASCII digits only) with the check digit in the last place.
fn luhn_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
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
        .sum()
}

/// True when `digits` are ASCII digits passing the Luhn check (false for anything else or empty).
pub fn luhn_valid(digits: &str) -> bool {
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && luhn_sum(digits.as_bytes()) % 10 == 0
}

/// The Luhn check digit to append to `payload` (ASCII digits), or `None` for anything else.
pub fn luhn_check_digit(payload: &str) -> Option<u8> {
    if !payload.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut with_zero = payload.as_bytes().to_vec();
    with_zero.push(b'0');
    let sum = luhn_sum(&with_zero);
    Some(((10 - sum % 10) % 10) as u8)
}

/// The leading `n` digits as a number (`None` if the number is shorter).
fn prefix(digits: &str, n: usize) -> Option<u32> {
    digits.get(..n)?.parse().ok()
}

/// The payment system a number belongs to, from its leading digits; `None` when not in the table.
pub fn brand_of(digits: &str) -> Option<PaymentSystem> {
    let p1 = prefix(digits, 1)?;
    let p2 = prefix(digits, 2)?;
    let p4 = prefix(digits, 4)?;
    Some(match () {
        _ if (2200..=2204).contains(&p4) => PaymentSystem::Mir,
        _ if (2221..=2720).contains(&p4) || (51..=55).contains(&p2) => PaymentSystem::Mastercard,
        _ if p1 == 4 => PaymentSystem::Visa,
        _ if p2 == 34 || p2 == 37 => PaymentSystem::Amex,
        _ if (3528..=3589).contains(&p4) => PaymentSystem::Jcb,
        _ if p2 == 62 => PaymentSystem::UnionPay,
        _ if MAESTRO_PREFIXES.contains(&p4) => PaymentSystem::Maestro,
        _ => return None,
    })
}

/// True when `brand` issues numbers of `len` digits.
pub fn length_allowed(brand: &PaymentSystem, len: usize) -> bool {
    match brand {
        PaymentSystem::Mir | PaymentSystem::Jcb | PaymentSystem::UnionPay => {
            (16..=19).contains(&len)
        }
        PaymentSystem::Mastercard => len == 16,
        PaymentSystem::Visa => matches!(len, 13 | 16 | 19),
        PaymentSystem::Amex => len == 15,
        PaymentSystem::Maestro => (MIN_LEN..=MAX_LEN).contains(&len),
        PaymentSystem::Other(_) => false,
    }
}

/// A card number as the cryptogram carries it (digits only); its payment system when valid.
pub fn check(digits: &str) -> Result<PaymentSystem, Reason> {
    if digits.is_empty() {
        return Err(Reason::Empty);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::InvalidCharacters);
    }
    if digits.len() < MIN_LEN {
        return Err(Reason::TooShort);
    }
    if digits.len() > MAX_LEN {
        return Err(Reason::TooLong);
    }
    let brand = brand_of(digits).ok_or(Reason::UnsupportedBrand)?;
    if !length_allowed(&brand, digits.len()) {
        return Err(Reason::WrongLength);
    }
    if !luhn_valid(digits) {
        return Err(Reason::LuhnCheckFailed);
    }
    Ok(brand)
}

/// A typed number: spaces and dashes between digit groups dropped, then [`check`]. The digits
/// never sit in a plain `String` (zeroed on drop).
pub fn normalise(typed: &str) -> Result<(SecretString, PaymentSystem), Reason> {
    let mut digits = zeroize::Zeroizing::new(String::with_capacity(MAX_LEN));
    for c in typed.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' => {}
            _ => return Err(Reason::InvalidCharacters),
        }
    }
    let brand = check(&digits)?;
    Ok((SecretString::new(digits.as_str()), brand))
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
        assert_eq!(luhn_check_digit("220000000000000"), Some(4));
        assert_eq!(luhn_check_digit("411111111111111"), Some(1));
        assert_eq!(luhn_check_digit("4x"), None);
    }

    #[test]
    fn brand_table() {
        let cases = [
            ("2200000000000004", Some(PaymentSystem::Mir)),
            ("2204999999999999", Some(PaymentSystem::Mir)),
            ("2205000000000000", None),
            ("2220999999999999", None),
            ("2221000000000009", Some(PaymentSystem::Mastercard)),
            ("2720999999999996", Some(PaymentSystem::Mastercard)),
            ("2721000000000000", None),
            ("5105105105105100", Some(PaymentSystem::Mastercard)),
            ("4111111111111111", Some(PaymentSystem::Visa)),
            ("378282246310005", Some(PaymentSystem::Amex)),
            ("3530111333300000", Some(PaymentSystem::Jcb)),
            ("6200000000000005", Some(PaymentSystem::UnionPay)),
            ("6759649826438453", Some(PaymentSystem::Maestro)),
            ("6390020000000000", Some(PaymentSystem::Maestro)),
            ("5018000000000000", Some(PaymentSystem::Maestro)),
            ("5600000000000000", None),
            ("6011000000000000", None),
            ("9999999999999995", None),
        ];
        for (pan, brand) in cases {
            assert_eq!(brand_of(pan), brand, "{pan}");
        }
    }

    #[test]
    fn check_names_the_reason() {
        assert_eq!(check("2200000000000004"), Ok(PaymentSystem::Mir));
        assert_eq!(check(""), Err(Reason::Empty));
        assert_eq!(check("41111111"), Err(Reason::TooShort));
        assert_eq!(check("41111111111111111111"), Err(Reason::TooLong));
        assert_eq!(check("9111111111111111"), Err(Reason::UnsupportedBrand));
        assert_eq!(check("4111111111111112"), Err(Reason::LuhnCheckFailed));
        assert_eq!(check("41111111111111113"), Err(Reason::WrongLength));
        assert_eq!(check("4111 1111 1111 1111"), Err(Reason::InvalidCharacters));
        let (digits, brand) = normalise(" 4111-1111 1111-1111 ").unwrap();
        assert_eq!(
            (digits.expose(), brand),
            ("4111111111111111", PaymentSystem::Visa)
        );
    }
}

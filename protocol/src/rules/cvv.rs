//! The CVV / CVC: 3 digits, 4 for AMEX. Without a valid card number (whose system decides), 3 or
//! 4 digits. Carried only inside the cryptogram; seed 001 names it without a rule.

use crate::cards::PaymentSystem;

use super::Reason;

/// How many CVV digits `brand` uses.
pub fn length_for(brand: &PaymentSystem) -> usize {
    if *brand == PaymentSystem::Amex { 4 } else { 3 }
}

/// A CVV as the cryptogram carries it; `brand` is the card number's system when that is valid.
pub fn check(cvv: &str, brand: Option<&PaymentSystem>) -> Result<(), Reason> {
    if cvv.is_empty() {
        return Err(Reason::Empty);
    }
    if !cvv.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::InvalidCharacters);
    }
    let ok = match brand {
        Some(brand) => cvv.len() == length_for(brand),
        None => matches!(cvv.len(), 3 | 4),
    };
    if ok { Ok(()) } else { Err(Reason::WrongLength) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(check("123", Some(&PaymentSystem::Mir)), Ok(()));
        assert_eq!(
            check("1234", Some(&PaymentSystem::Mir)),
            Err(Reason::WrongLength)
        );
        assert_eq!(check("1234", Some(&PaymentSystem::Amex)), Ok(()));
        assert_eq!(
            check("123", Some(&PaymentSystem::Amex)),
            Err(Reason::WrongLength)
        );
        assert_eq!(check("1234", None), Ok(()));
        assert_eq!(check("12a", None), Err(Reason::InvalidCharacters));
        assert_eq!(check("", None), Err(Reason::Empty));
    }
}

//! Card input: number, expiry, CVV and holder, validated together before the cryptogram is made,
//! by the rules of [`swip_protocol::rules`] (the sandbox checks the cryptogram with the same).

mod brand;
mod cvv;
mod expiry;
mod holder;
mod pan;

pub use brand::{brand_of, cvv_length};
pub use cvv::Cvv;
pub use expiry::{Expiry, YearMonth};
pub use holder::Holder;
pub use pan::{Pan, luhn_valid};

use swip_protocol::cards::PaymentSystem;

use super::error::ErrorCollector;
use super::{Field, InputError, InputErrors, Reason};

/// A card as the user typed it, every field valid. Only ever turned into a cryptogram; never
/// stored, never serialised, never printed (Debug shows the masked number and brand only).
#[derive(Clone)]
pub struct CardInput {
    pan: Pan,
    expiry: Expiry,
    cvv: Cvv,
    holder: Holder,
}

impl CardInput {
    /// Validates every field against `today` (the device's current month), reporting all invalid
    /// fields at once. The CVV's length depends on the brand the number gives.
    pub fn parse(
        number: &str,
        exp_month: u32,
        exp_year: u32,
        cvv: &str,
        holder: &str,
        today: YearMonth,
    ) -> Result<Self, InputErrors> {
        let mut errors = ErrorCollector::default();
        let pan = errors.take(Pan::parse(number));
        let expiry = errors.take(Expiry::parse(exp_month, exp_year, today));
        let brand = pan.as_ref().map(Pan::brand);
        let cvv = errors.take(Cvv::parse(cvv, brand.as_ref()));
        let holder = errors.take(Holder::parse(holder));
        errors.finish()?;
        match (pan, expiry, cvv, holder) {
            (Some(pan), Some(expiry), Some(cvv), Some(holder)) => Ok(CardInput {
                pan,
                expiry,
                cvv,
                holder,
            }),
            // `finish` returned Ok, so every field parsed.
            _ => Err(InputError::new(Field::CardNumber, Reason::Empty).into()),
        }
    }

    /// The card number.
    pub fn pan(&self) -> &Pan {
        &self.pan
    }

    /// The expiry.
    pub fn expiry(&self) -> Expiry {
        self.expiry
    }

    /// The CVV.
    pub fn cvv(&self) -> &Cvv {
        &self.cvv
    }

    /// The holder's name.
    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    /// The payment system the number belongs to.
    pub fn brand(&self) -> PaymentSystem {
        self.pan.brand()
    }
}

impl std::fmt::Debug for CardInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardInput")
            .field("pan", &self.pan)
            .field("brand", &self.brand())
            .field("cvv", &self.cvv)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: YearMonth = YearMonth {
        year: 2026,
        month: 11,
    };

    #[test]
    fn a_valid_mir_card() {
        let card =
            CardInput::parse("2200 0000 0000 0004", 12, 2030, "123", "IVAN PETROV", TODAY).unwrap();
        assert_eq!(card.brand(), PaymentSystem::Mir);
        assert_eq!(card.pan().expose(), "2200000000000004");
        let debug = format!("{card:?}");
        assert!(
            !debug.contains("2200000000000004") && !debug.contains("123"),
            "{debug}"
        );
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let errors =
            CardInput::parse("4111111111111112", 13, 2030, "12", "Иван", TODAY).unwrap_err();
        assert_eq!(
            errors.fields(),
            vec![Field::CardNumber, Field::Expiry, Field::Cvv, Field::Holder]
        );
        let text = errors.to_string();
        assert!(!text.contains("4111"), "{text}");
    }

    #[test]
    fn amex_needs_four_cvv_digits() {
        let amex = "378282246310005";
        assert!(CardInput::parse(amex, 1, 2030, "1234", "A B", TODAY).is_ok());
        let err = CardInput::parse(amex, 1, 2030, "123", "A B", TODAY).unwrap_err();
        assert_eq!(
            err.for_field(Field::Cvv).unwrap().reason,
            Reason::WrongLength
        );
    }
}

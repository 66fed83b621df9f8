//! The magic test cards, and what the sandbox infers from any card number (payment system, bank).

use swip_protocol::cards::PaymentSystem;
use swip_protocol::rules::pan;

use crate::control::{CardBehavior, TestCard};

/// `(pan, payment system, behavior)` of every test card.
const TABLE: &[(&str, &str, CardBehavior)] = &[
    ("2200000000000004", "МИР", CardBehavior::Success),
    ("4111111111111111", "VISA", CardBehavior::Success),
    ("5555555555554444", "MASTERCARD", CardBehavior::Success),
    ("2221000000000009", "MASTERCARD", CardBehavior::Success),
    ("2202200000000008", "МИР", CardBehavior::ThreeDs),
    ("4000000000003006", "VISA", CardBehavior::ThreeDs),
    ("5100000000003002", "MASTERCARD", CardBehavior::ThreeDs),
    ("2204100000000008", "МИР", CardBehavior::Decline),
    ("4000000000000002", "VISA", CardBehavior::Decline),
    ("4000000000009003", "VISA", CardBehavior::ProcessingForever),
    (
        "2720000000000005",
        "MASTERCARD",
        CardBehavior::PaymentDecline,
    ),
    ("4000000000002008", "VISA", CardBehavior::PaymentDecline),
    (
        "2204300000000004",
        "МИР",
        CardBehavior::PaymentProcessingForever,
    ),
];

/// The CVV of every test card.
pub const TEST_CVV: &str = "123";
/// The expiry month of every test card.
pub const TEST_EXP_MONTH: u8 = 12;
/// Test cards expire this many years after the sandbox clock's start year.
pub const TEST_EXPIRY_YEARS_AHEAD: u16 = 4;

/// The test card table, expiring `TEST_EXPIRY_YEARS_AHEAD` years after `start_year`.
pub fn test_cards(start_year: u16) -> Vec<TestCard> {
    let exp_year = start_year.saturating_add(TEST_EXPIRY_YEARS_AHEAD);
    TABLE
        .iter()
        .map(|(pan, system, behavior)| TestCard {
            pan: (*pan).to_owned(),
            exp_month: TEST_EXP_MONTH,
            exp_year,
            cvv: TEST_CVV.to_owned(),
            payment_system: PaymentSystem::parse(system),
            behavior: *behavior,
            bank_name: bank_for(pan).name.to_owned(),
        })
        .collect()
}

/// The behavior of a card number: its test card's, or `success` for any other number.
pub fn behavior_of(pan: &str) -> CardBehavior {
    TABLE
        .iter()
        .find(|(test_pan, _, _)| *test_pan == pan)
        .map(|(_, _, behavior)| *behavior)
        .unwrap_or(CardBehavior::Success)
}

/// The payment system of a card number, by the table of [`swip_protocol::rules::pan`] (the
/// wallet's too); `Other("UNKNOWN")` for a number outside it.
pub fn payment_system_of(pan: &str) -> PaymentSystem {
    pan::brand_of(pan).unwrap_or_else(|| PaymentSystem::Other("UNKNOWN".into()))
}

/// An issuing bank as the card list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bank {
    /// `bankName`.
    pub name: &'static str,
    /// `bankLogo`: the id of the bank's logo.
    pub logo: &'static str,
}

/// The bank of a card number (by payment system; the sandbox has one bank per system).
pub fn bank_for(pan: &str) -> Bank {
    match payment_system_of(pan) {
        PaymentSystem::Mir => Bank {
            name: "Песочный банк",
            logo: "471b8f50-bb8d-11e6-9a11-08a47b0e7ea4",
        },
        PaymentSystem::Visa => Bank {
            name: "Sandbox Bank",
            logo: "501b8f50-bb8d-48e6-9a11-08a47b0e7ea4",
        },
        PaymentSystem::Mastercard => Bank {
            name: "Sandbox Credit Union",
            logo: "5a2c7e10-3f41-4b7a-8d2e-6c1f0b9a7e55",
        },
        _ => Bank {
            name: "SWiP Sandbox Bank",
            logo: "00000000-0000-4000-8000-000000000000",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_luhn_valid_and_systems_match_prefixes() {
        for card in test_cards(2026) {
            assert_eq!(
                pan::check(&card.pan),
                Ok(card.payment_system.clone()),
                "{}",
                card.pan
            );
            assert_eq!(card.pan.len(), 16);
            assert_eq!(
                payment_system_of(&card.pan),
                card.payment_system,
                "{}",
                card.pan
            );
            assert_eq!(card.exp_year, 2030);
        }
    }

    #[test]
    fn every_behavior_and_brand_is_covered() {
        let cards = test_cards(2026);
        for behavior in CardBehavior::ALL {
            assert!(cards.iter().any(|c| c.behavior == behavior), "{behavior:?}");
        }
        for system in [
            PaymentSystem::Mir,
            PaymentSystem::Visa,
            PaymentSystem::Mastercard,
        ] {
            assert!(
                cards
                    .iter()
                    .any(|c| c.payment_system == system && c.behavior == CardBehavior::Success)
            );
        }
        assert!(
            cards
                .iter()
                .any(|c| c.payment_system == PaymentSystem::Mir
                    && c.behavior == CardBehavior::ThreeDs)
        );
        let mastercard_ranges = cards
            .iter()
            .filter(|c| c.payment_system == PaymentSystem::Mastercard)
            .map(|c| c.pan.starts_with('2'))
            .collect::<std::collections::HashSet<_>>();
        assert_eq!(
            mastercard_ranges.len(),
            2,
            "both 51–55 and 2221–2720 MASTERCARD ranges"
        );
    }

    #[test]
    fn other_numbers_succeed() {
        assert_eq!(behavior_of("4242424242424242"), CardBehavior::Success);
        assert_eq!(behavior_of("4000000000000002"), CardBehavior::Decline);
        assert_eq!(
            payment_system_of("2720990000000000"),
            PaymentSystem::Mastercard
        );
        assert_eq!(
            payment_system_of("2205000000000000"),
            PaymentSystem::Other("UNKNOWN".into())
        );
    }
}

//! Property tests for the input validators: they never panic, accept every well-formed value and
//! never let a secret into their output.

use proptest::prelude::*;
use swip_core::input::card::{CardInput, Pan, YearMonth, brand_of, luhn_valid};
use swip_core::input::{Email, Field, Phone, Pin, SmsCode};

const TODAY: YearMonth = YearMonth {
    year: 2026,
    month: 11,
};

/// Appends the Luhn check digit to `body`.
fn with_check_digit(body: &str) -> String {
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|candidate| luhn_valid(candidate))
        .expect("one digit always completes a Luhn number")
}

/// A Luhn-valid number of a given prefix and length.
fn card_number(
    prefixes: &'static [&'static str],
    lengths: &'static [usize],
) -> impl Strategy<Value = String> {
    (
        prop::sample::select(prefixes),
        prop::sample::select(lengths),
        "[0-9]{19}",
    )
        .prop_map(|(prefix, len, filler)| {
            with_check_digit(&format!("{prefix}{}", &filler[..len - prefix.len() - 1]))
        })
}

proptest! {
    #[test]
    fn validators_never_panic(text in "\\PC{0,40}", month in 0u32..200, year in 0u32..20000) {
        let _ = Phone::parse(&text);
        let _ = Email::parse(&text);
        let _ = Pin::parse(&text);
        let _ = SmsCode::parse(&text);
        let _ = CardInput::parse(&text, month, year, &text, &text, TODAY);
    }

    #[test]
    fn every_mir_number_is_mir(pan in card_number(&["2200", "2201", "2202", "2203", "2204"], &[16, 17, 18, 19])) {
        let parsed = Pan::parse(&pan).unwrap();
        prop_assert_eq!(parsed.brand(), swip_protocol::cards::PaymentSystem::Mir);
    }

    #[test]
    fn every_mastercard_number_is_mastercard(pan in card_number(&["2221", "2500", "2720", "51", "53", "55"], &[16])) {
        prop_assert_eq!(Pan::parse(&pan).unwrap().brand(), swip_protocol::cards::PaymentSystem::Mastercard);
    }

    #[test]
    fn a_changed_digit_breaks_luhn(pan in card_number(&["4"], &[16]), position in 0usize..16, delta in 1u8..10) {
        let mut bytes = pan.into_bytes();
        bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
        prop_assert!(!luhn_valid(std::str::from_utf8(&bytes).unwrap()));
    }

    #[test]
    fn masking_shows_at_most_ten_digits(pan in card_number(&["4", "2200", "51"], &[16])) {
        let parsed = Pan::parse(&pan).unwrap();
        let masked = parsed.masked();
        prop_assert_eq!(masked.chars().filter(char::is_ascii_digit).count(), 10);
        let debug = format!("{parsed:?}");
        prop_assert!(!debug.contains(&pan));
    }

    #[test]
    fn card_errors_never_contain_what_was_typed(pan in "[0-9]{13,19}", cvv in "[0-9]{3}") {
        if let Err(errors) = CardInput::parse(&pan, 13, 2030, &cvv, "X", TODAY) {
            let text = errors.to_string();
            prop_assert!(!text.contains(&pan));
            prop_assert!(errors.fields().contains(&Field::Expiry));
        }
    }

    #[test]
    fn brand_is_a_function_of_the_prefix(pan in "[0-9]{16}") {
        let brand = brand_of(&pan);
        prop_assert_eq!(brand, brand_of(&format!("{}000", &pan[..13])));
    }
}

/// Rules whose typed form is normalised into a wire value (`swip_protocol::rules`).
type Normaliser = fn(&str) -> Result<String, swip_protocol::rules::Reason>;
type Checker = fn(&str) -> Result<(), swip_protocol::rules::Reason>;

fn rules_with_normalisers() -> [(&'static str, Normaliser, Checker); 4] {
    use swip_protocol::rules::{card_holder, email, person_name, phone};
    [
        ("phone", phone::normalise, phone::check),
        ("email", email::normalise, email::check),
        ("person name", person_name::normalise, person_name::check),
        ("card holder", card_holder::normalise, card_holder::check),
    ]
}

proptest! {
    #[test]
    fn the_check_digit_completes_any_payload(payload in "[0-9]{0,18}") {
        let digit = swip_protocol::rules::pan::luhn_check_digit(&payload).unwrap();
        let full = format!("{payload}{digit}");
        prop_assert!(luhn_valid(&full));
        prop_assert_eq!(with_check_digit(&payload), full);
    }

    #[test]
    fn every_maestro_number_is_maestro(pan in card_number(
        &["5018", "5020", "5038", "5893", "6304", "6390", "6759", "6761", "6762", "6763"],
        &[12, 13, 16, 19],
    )) {
        prop_assert_eq!(Pan::parse(&pan).unwrap().brand(), swip_protocol::cards::PaymentSystem::Maestro);
    }

    /// What the core sends after normalising is exactly what the server's check accepts, and
    /// normalising it again changes nothing (but for a phone typed `+8…`, which keeps its 8 while
    /// the same digits without `+` read as the Russian trunk prefix).
    #[test]
    fn a_normalised_value_passes_the_wire_check(
        text in prop_oneof![
            "\\PC{0,60}",
            "[+]?[78]?[ 0-9()-]{9,16}",
            "[a-zA-Z0-9.+'-]{1,12}@[a-zA-Zа-я0-9-]{1,10}\\.[a-zа-я]{1,4}",
            " ?[A-Za-zА-Яа-я' -]{1,30} ?",
        ]
    ) {
        for (name, normalise, check) in rules_with_normalisers() {
            if let Ok(wire) = normalise(&text) {
                prop_assert_eq!(check(&wire), Ok(()), "{}: {:?} → {:?}", name, text, wire);
                if !(name == "phone" && wire.starts_with('8')) {
                    prop_assert_eq!(normalise(&wire), Ok(wire.clone()), "{}", name);
                }
            }
        }
    }
}

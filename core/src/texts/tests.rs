//! Every text the core can put on a screen, checked in both locales against the rule: words
//! for the user, never a code name, an HTTP status, an enum or a Rust identifier.

use swip_protocol::ErrorCode;

use super::*;
use crate::input::{Field, Reason};
use crate::journey::{Problem, ProblemKind};

const KINDS: [ProblemKind; 11] = [
    ProblemKind::Rejected,
    ProblemKind::RateLimited,
    ProblemKind::Network,
    ProblemKind::Server,
    ProblemKind::Declined,
    ProblemKind::SessionExpired,
    ProblemKind::Unreadable,
    ProblemKind::CertificatePin,
    ProblemKind::Storage,
    ProblemKind::Internal,
    ProblemKind::Other,
];

/// Fails to compile when a kind is added, so that [`KINDS`] is updated with it.
#[allow(dead_code)]
fn every_kind_is_listed(kind: ProblemKind) {
    match kind {
        ProblemKind::Rejected
        | ProblemKind::RateLimited
        | ProblemKind::Network
        | ProblemKind::Server
        | ProblemKind::Declined
        | ProblemKind::SessionExpired
        | ProblemKind::Unreadable
        | ProblemKind::CertificatePin
        | ProblemKind::Storage
        | ProblemKind::Internal
        | ProblemKind::Other => {}
    }
}

const FIELDS: [Field; 17] = [
    Field::Phone,
    Field::SmsCode,
    Field::Pin,
    Field::FirstName,
    Field::LastName,
    Field::Email,
    Field::CardNumber,
    Field::Expiry,
    Field::Cvv,
    Field::Holder,
    Field::ProductId,
    Field::Quantity,
    Field::Purchases,
    Field::Merchant,
    Field::CardId,
    Field::OrderId,
    Field::SessionCode,
];

const REASONS: [Reason; 12] = [
    Reason::Empty,
    Reason::InvalidCharacters,
    Reason::TooShort,
    Reason::TooLong,
    Reason::WrongLength,
    Reason::LuhnCheckFailed,
    Reason::UnsupportedBrand,
    Reason::InvalidMonth,
    Reason::Expired,
    Reason::TooFarInFuture,
    Reason::InvalidFormat,
    Reason::OutOfRange,
];

/// Latin words allowed in a Russian text: names of things that have no Russian spelling.
const LATIN_IN_RUSSIAN: [&str; 4] = ["CVV", "CVC", "Wi", "Fi"];

/// Asserts what a user must never read, and that the text is in the locale's language.
fn assert_for_users(text: &str, locale: Locale, what: &str) {
    assert!(!text.trim().is_empty(), "{what}: empty");
    for code in ErrorCode::ALL {
        assert!(!text.contains(code.name()), "{what}: code name in {text:?}");
    }
    for developer in [
        "HTTP",
        "(code",
        "код ошибки",
        "::",
        "_",
        "Exception",
        "panicked",
        "(",
        "{",
    ] {
        assert!(
            !text.contains(developer),
            "{what}: {developer:?} in {text:?}"
        );
    }
    let has_cyrillic = text.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    match locale {
        Locale::Ru => {
            assert!(has_cyrillic, "{what}: no Russian in {text:?}");
            for word in text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
            {
                assert!(
                    LATIN_IN_RUSSIAN.contains(&word),
                    "{what}: English word {word:?} in {text:?}"
                );
            }
        }
        Locale::En => assert!(!has_cyrillic, "{what}: Russian in {text:?}"),
    }
}

fn problem(kind: ProblemKind, code: Option<u32>) -> Problem {
    Problem {
        kind,
        code,
        message: "server refused the request (HTTP 401, DOESNT MATCH (14))".to_owned(),
        attempts_left: None,
        retry_after_s: None,
    }
}

#[test]
fn every_problem_the_core_can_produce_reads_as_words_in_both_locales() {
    let mut codes: Vec<Option<u32>> = ErrorCode::ALL.iter().map(|c| Some(c.as_u32())).collect();
    codes.extend([None, Some(0), Some(3), Some(99)]);
    for locale in Locale::ALL {
        for kind in KINDS {
            for code in &codes {
                for (attempts, retry) in [
                    (None, None),
                    (Some(1), None),
                    (Some(3), Some(30)),
                    (Some(0), Some(1)),
                ] {
                    let mut p = problem(kind, *code);
                    p.attempts_left = attempts;
                    p.retry_after_s = retry;
                    let text = problem_text(&p, locale);
                    assert_for_users(&text, locale, &format!("{kind:?}/{code:?}/{locale:?}"));
                }
            }
        }
    }
}

#[test]
fn a_known_code_has_its_own_text_and_an_unknown_one_falls_back_to_the_kind() {
    let wrong_pin = problem(ProblemKind::Rejected, Some(14));
    assert_eq!(
        problem_text(&wrong_pin, Locale::Ru),
        "Неверный код или ПИН-код."
    );
    assert_eq!(problem_text(&wrong_pin, Locale::En), "Wrong code or PIN.");
    let unknown = problem(ProblemKind::Network, Some(3));
    assert_eq!(
        problem_text(&unknown, Locale::En),
        problem_text(&problem(ProblemKind::Network, None), Locale::En)
    );
    let mut distinct: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| problem_text(&problem(ProblemKind::Other, Some(c.as_u32())), Locale::Ru))
        .collect();
    distinct.sort();
    distinct.dedup();
    assert!(
        distinct.len() >= 25,
        "codes share too few texts: {}",
        distinct.len()
    );
}

#[test]
fn attempts_and_waits_agree_in_number() {
    let mut p = problem(ProblemKind::Rejected, Some(14));
    for (left, ru, en) in [
        (1, "Осталась 1 попытка.", "1 attempt left."),
        (2, "Остались 2 попытки.", "2 attempts left."),
        (5, "Осталось 5 попыток.", "5 attempts left."),
        (11, "Осталось 11 попыток.", "11 attempts left."),
        (21, "Осталась 21 попытка.", "21 attempts left."),
    ] {
        p.attempts_left = Some(left);
        assert!(problem_text(&p, Locale::Ru).ends_with(ru), "{left}");
        assert!(problem_text(&p, Locale::En).ends_with(en), "{left}");
    }
    let mut limited = problem(ProblemKind::RateLimited, None);
    limited.retry_after_s = Some(42);
    assert!(problem_text(&limited, Locale::Ru).ends_with("Повторите через 42 секунды."));
    assert!(problem_text(&limited, Locale::En).ends_with("Try again in 42 seconds."));
}

#[test]
fn every_field_error_reads_as_words_in_both_locales() {
    for locale in Locale::ALL {
        for field in FIELDS {
            for reason in REASONS {
                let text = field_error_text(field, reason, locale);
                assert_for_users(&text, locale, &format!("{field:?}/{reason:?}"));
            }
        }
    }
    assert_eq!(
        field_error_text(Field::CardNumber, Reason::LuhnCheckFailed, Locale::Ru),
        "Номер карты: неверный номер карты."
    );
}

#[test]
fn amounts_are_written_as_each_locale_writes_roubles() {
    assert_eq!(format_rub(123_450, Locale::Ru), "1\u{a0}234,50\u{a0}₽");
    assert_eq!(format_rub(123_450, Locale::En), "₽1,234.50");
    assert_eq!(format_rub(5, Locale::Ru), "0,05\u{a0}₽");
    assert_eq!(
        format_rub(100_000_000, Locale::Ru),
        "1\u{a0}000\u{a0}000,00\u{a0}₽"
    );
    assert_eq!(format_rub(-15_000, Locale::Ru), "\u{2212}150,00\u{a0}₽");
    assert_eq!(format_rub(-15_000, Locale::En), "\u{2212}₽150.00");
    assert!(format_rub(i64::MIN, Locale::En).starts_with("\u{2212}₽92,233,720,368,547,758."));
}

#[test]
fn the_phone_shows_only_the_operator_and_its_last_two_digits() {
    assert_eq!(mask_phone("79161234567"), "+7 916 •••-••-67");
    assert!(!mask_phone("79161234567").contains("12345"));
    assert_eq!(mask_phone("12"), "•••-••-12");
    assert_eq!(mask_phone(""), "•••-••-");
}

#[test]
fn a_device_language_chooses_the_locale() {
    assert_eq!(Locale::from_tag("ru"), Locale::Ru);
    assert_eq!(Locale::from_tag("ru-RU"), Locale::Ru);
    assert_eq!(Locale::from_tag("RU_ru"), Locale::Ru);
    assert_eq!(Locale::from_tag("en-GB"), Locale::En);
    assert_eq!(Locale::from_tag("de"), Locale::En);
    assert_eq!(Locale::from_tag(""), Locale::En);
}

//! The texts a user reads, from the core (`swip_core::texts`), for both shells: one source for the
//! problem texts, the field errors, amounts in roubles and the masked phone, in Russian and English.
//! A shell shows these, never a `Problem.message` or an exception's text.

use swip_core::input::{Field, Reason};
use swip_core::journey as core;
use swip_core::texts::{self, Locale};

use crate::types::{FieldError, InputField, InputReason, Problem, ProblemKind};

/// The language of a text. Russian is the app's first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TextLocale {
    /// Русский.
    Ru,
    /// English.
    En,
}

impl From<TextLocale> for Locale {
    fn from(locale: TextLocale) -> Self {
        match locale {
            TextLocale::Ru => Locale::Ru,
            TextLocale::En => Locale::En,
        }
    }
}

/// The locale for a device's language tag (`ru-RU` → `Ru`; any other language → `En`).
#[uniffi::export]
pub fn text_locale_for_tag(tag: String) -> TextLocale {
    match Locale::from_tag(&tag) {
        Locale::Ru => TextLocale::Ru,
        Locale::En => TextLocale::En,
    }
}

/// What a user reads about a problem: its error code's text (or its kind's), with the wrong PINs
/// left and the wait before trying again when the server said.
#[uniffi::export]
pub fn problem_text(problem: Problem, locale: TextLocale) -> String {
    let problem = core::Problem {
        kind: core_kind(problem.kind),
        code: problem.code.and_then(|code| u32::try_from(code).ok()),
        message: String::new(),
        attempts_left: problem
            .attempts_left
            .and_then(|left| u32::try_from(left).ok()),
        retry_after_s: problem
            .retry_after_s
            .and_then(|seconds| u64::try_from(seconds).ok()),
    };
    texts::problem_text(&problem, locale.into())
}

/// What a user reads about one invalid field, e.g. `Номер карты: неверный номер карты.`
#[uniffi::export]
pub fn field_error_text(error: FieldError, locale: TextLocale) -> String {
    texts::field_error_text(
        core_field(error.field),
        core_reason(error.reason),
        locale.into(),
    )
}

/// An amount in kopecks as the locale writes roubles: `1 234,50 ₽` / `₽1,234.50`.
#[uniffi::export]
pub fn format_rub(kopecks: i64, locale: TextLocale) -> String {
    texts::format_rub(kopecks, locale.into())
}

/// The phone (11 normalised digits) as shown to its owner: `+7 916 •••-••-67`.
#[uniffi::export]
pub fn mask_phone(phone: String) -> String {
    texts::mask_phone(&phone)
}

fn core_kind(kind: ProblemKind) -> core::ProblemKind {
    match kind {
        ProblemKind::Rejected => core::ProblemKind::Rejected,
        ProblemKind::RateLimited => core::ProblemKind::RateLimited,
        ProblemKind::Network => core::ProblemKind::Network,
        ProblemKind::Server => core::ProblemKind::Server,
        ProblemKind::Declined => core::ProblemKind::Declined,
        ProblemKind::SessionExpired => core::ProblemKind::SessionExpired,
        ProblemKind::Unreadable => core::ProblemKind::Unreadable,
        ProblemKind::CertificatePin => core::ProblemKind::CertificatePin,
        ProblemKind::Storage => core::ProblemKind::Storage,
        ProblemKind::Internal => core::ProblemKind::Internal,
        ProblemKind::Other => core::ProblemKind::Other,
    }
}

fn core_field(field: InputField) -> Field {
    match field {
        InputField::Phone => Field::Phone,
        InputField::SmsCode => Field::SmsCode,
        InputField::Pin => Field::Pin,
        InputField::FirstName => Field::FirstName,
        InputField::LastName => Field::LastName,
        InputField::Email => Field::Email,
        InputField::CardNumber => Field::CardNumber,
        InputField::Expiry => Field::Expiry,
        InputField::Cvv => Field::Cvv,
        InputField::Holder => Field::Holder,
        InputField::ProductId => Field::ProductId,
        InputField::Quantity => Field::Quantity,
        InputField::Purchases => Field::Purchases,
        InputField::Merchant => Field::Merchant,
        InputField::CardId => Field::CardId,
        InputField::OrderId => Field::OrderId,
        InputField::SessionCode => Field::SessionCode,
    }
}

fn core_reason(reason: InputReason) -> Reason {
    match reason {
        InputReason::Empty => Reason::Empty,
        InputReason::InvalidCharacters => Reason::InvalidCharacters,
        InputReason::TooShort => Reason::TooShort,
        InputReason::TooLong => Reason::TooLong,
        InputReason::WrongLength => Reason::WrongLength,
        InputReason::LuhnCheckFailed => Reason::LuhnCheckFailed,
        InputReason::UnsupportedBrand => Reason::UnsupportedBrand,
        InputReason::InvalidMonth => Reason::InvalidMonth,
        InputReason::Expired => Reason::Expired,
        InputReason::TooFarInFuture => Reason::TooFarInFuture,
        InputReason::InvalidFormat => Reason::InvalidFormat,
        InputReason::OutOfRange => Reason::OutOfRange,
    }
}

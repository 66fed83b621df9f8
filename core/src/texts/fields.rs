//! The input field errors: which field, and why, in words.

use super::Locale;
use crate::input::{Field, Reason};

/// What a user reads about an invalid field, e.g. `Номер карты: неверный номер карты.` /
/// `Card number: not a valid card number.` Never the value typed.
pub fn field_error_text(field: Field, reason: Reason, locale: Locale) -> String {
    format!(
        "{}: {}.",
        field_label(field, locale),
        reason_text(reason, locale)
    )
}

/// The field's name, capitalised.
fn field_label(field: Field, locale: Locale) -> &'static str {
    let (ru, en) = match field {
        Field::Phone => ("Телефон", "Phone"),
        Field::SmsCode => ("Код из СМС", "SMS code"),
        Field::Pin => ("ПИН-код", "PIN"),
        Field::FirstName => ("Имя", "First name"),
        Field::LastName => ("Фамилия", "Last name"),
        Field::Email => ("Электронная почта", "E-mail"),
        Field::CardNumber => ("Номер карты", "Card number"),
        Field::Expiry => ("Срок действия", "Expiry date"),
        Field::Cvv => ("CVV/CVC", "CVV/CVC"),
        Field::Holder => ("Имя держателя карты", "Cardholder name"),
        Field::ProductId => ("Товар", "Product"),
        Field::Quantity => ("Количество", "Quantity"),
        Field::Purchases => ("Состав заказа", "Order lines"),
        Field::Merchant => ("Магазин", "Shop"),
        Field::CardId => ("Карта", "Card"),
        Field::OrderId => ("Заказ", "Order"),
        Field::SessionCode => ("Код с кассы", "Till code"),
    };
    locale.pick(ru, en)
}

/// Why the field is invalid, lower case.
fn reason_text(reason: Reason, locale: Locale) -> &'static str {
    let (ru, en) = match reason {
        Reason::Empty => ("заполните это поле", "please fill this in"),
        Reason::InvalidCharacters => (
            "есть недопустимые символы",
            "contains characters that are not allowed",
        ),
        Reason::TooShort => ("слишком коротко", "too short"),
        Reason::TooLong => ("слишком длинно", "too long"),
        Reason::WrongLength => ("неверное количество цифр", "wrong number of digits"),
        Reason::LuhnCheckFailed => ("неверный номер карты", "not a valid card number"),
        Reason::UnsupportedBrand => (
            "платёжная система не поддерживается",
            "this payment system is not supported",
        ),
        Reason::InvalidMonth => (
            "месяц должен быть от 01 до 12",
            "the month must be 01 to 12",
        ),
        Reason::Expired => ("срок действия карты истёк", "the card has expired"),
        Reason::TooFarInFuture => ("слишком далёкая дата", "the date is too far in the future"),
        Reason::InvalidFormat => ("неверный формат", "not in the expected format"),
        Reason::OutOfRange => ("недопустимое значение", "the value is out of range"),
    };
    locale.pick(ru, en)
}

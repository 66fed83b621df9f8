//! Amounts in roubles and the phone, as a user reads them.

use super::Locale;

/// A non-breaking space: groups thousands in Russian and keeps the amount with its `₽`.
const NBSP: char = '\u{a0}';

/// An amount in kopecks as the locale writes roubles: `1 234,50 ₽` (Russian: non-breaking spaces,
/// a decimal comma, the sign after) or `₽1,234.50` (English). Negative amounts get a minus sign.
pub fn format_rub(kopecks: i64, locale: Locale) -> String {
    let sign = if kopecks < 0 { "\u{2212}" } else { "" };
    let magnitude = kopecks.unsigned_abs();
    let (roubles, rest) = (magnitude / 100, magnitude % 100);
    match locale {
        Locale::Ru => format!("{sign}{},{rest:02}{NBSP}₽", group(roubles, NBSP)),
        Locale::En => format!("{sign}₽{}.{rest:02}", group(roubles, ',')),
    }
}

/// `1234567` → `1 234 567` with `separator` between groups of three digits.
fn group(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// The phone as shown on the SMS screen: `+7 916 •••-••-67` from the 11 normalised digits
/// (`79160000067`); only the operator code and the last two digits show. Anything that is not 11
/// digits shows only its last two digits.
pub fn mask_phone(digits: &str) -> String {
    let all: Vec<char> = digits.chars().filter(char::is_ascii_digit).collect();
    let tail: String = all[all.len().saturating_sub(2)..].iter().collect();
    if all.len() == 11 {
        let operator: String = all[1..4].iter().collect();
        format!("+{} {operator} •••-••-{tail}", all[0])
    } else {
        format!("•••-••-{tail}")
    }
}

//! The language a text is written in.

/// The languages of the app's texts. Russian is the app's first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    /// Русский.
    Ru,
    /// English.
    En,
}

impl Locale {
    /// Every locale, Russian first.
    pub const ALL: [Locale; 2] = [Locale::Ru, Locale::En];

    /// The locale for a device's language tag (`ru`, `ru-RU`, `ru_RU`, `en-GB`...): Russian for
    /// Russian, English for any other language.
    pub fn from_tag(tag: &str) -> Locale {
        let language = tag.split(['-', '_']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("ru") {
            Locale::Ru
        } else {
            Locale::En
        }
    }

    /// Picks the Russian or the English text.
    pub(crate) fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}

/// The Russian plural form of `n` among `one` (1, 21), `few` (2-4, 22-24) and `many` (5-20, 25...).
pub(crate) fn ru_plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (last, last_two) = (n % 10, n % 100);
    if (11..=14).contains(&last_two) {
        many
    } else if last == 1 {
        one
    } else if (2..=4).contains(&last) {
        few
    } else {
        many
    }
}

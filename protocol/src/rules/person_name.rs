//! A first or last name (`firstName`, `lastName` of the PIN setup; optional, seed 001 says only
//! "string"). Ours: 1–50 letters of any script (Cyrillic first of all), with spaces, hyphens and
//! apostrophes (`'` or the typographic `’` a phone keyboard inserts) inside: `Анна-Мария`,
//! `D'Artagnan`, `O’Neil`. It starts and ends with a letter.

use super::Reason;

/// Longest name, in characters.
pub const MAX_LEN: usize = 50;

/// A name as sent.
pub fn check(wire: &str) -> Result<(), Reason> {
    if wire.trim().is_empty() {
        return Err(Reason::Empty);
    }
    if wire.chars().count() > MAX_LEN {
        return Err(Reason::TooLong);
    }
    let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’');
    let letter_at_ends = wire.chars().next().is_some_and(char::is_alphabetic)
        && wire.chars().next_back().is_some_and(char::is_alphabetic);
    if !wire.chars().all(allowed) || !letter_at_ends {
        return Err(Reason::InvalidCharacters);
    }
    Ok(())
}

/// A typed name: surrounding spaces dropped, then [`check`].
pub fn normalise(typed: &str) -> Result<String, Reason> {
    let trimmed = typed.trim();
    check(trimmed)?;
    Ok(trimmed.to_owned())
}

/// A typed optional name: blank is `None` (the field is not sent), anything else [`normalise`]d.
pub fn normalise_optional(typed: &str) -> Result<Option<String>, Reason> {
    if typed.trim().is_empty() {
        Ok(None)
    } else {
        normalise(typed).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_names_pass() {
        for good in [
            "Иван",
            "Анна-Мария",
            "D'Artagnan",
            "O’Neil",
            "Anne-Marie O'Neil",
            "Ё",
            "Jürgen",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        assert_eq!(check(&"я".repeat(50)), Ok(()));
    }

    #[test]
    fn other_text_is_refused() {
        assert_eq!(check(""), Err(Reason::Empty));
        assert_eq!(check("  "), Err(Reason::Empty));
        assert_eq!(check(&"я".repeat(51)), Err(Reason::TooLong));
        for bad in [
            "R2D2", "-Ivan", "Ivan-", "'Ivan", " Ivan", "Ivan.", "Ivan_P",
        ] {
            assert_eq!(check(bad), Err(Reason::InvalidCharacters), "{bad}");
        }
        assert_eq!(normalise_optional("   "), Ok(None));
        assert_eq!(normalise(" Иван ").as_deref(), Ok("Иван"));
    }
}

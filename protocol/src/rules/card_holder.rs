//! The cardholder's name (`holder` of a binding; seed 001 says "cardholder name", example
//! `"cardholder name"`). Ours: as embossed on the card, which is Latin (ISO/IEC 7813's name field:
//! 2–26 characters): letters A–Z in either case, spaces, `.`, `-` and `'`; starts with a letter,
//! no space at either end or twice in a row. A Cyrillic holder is refused: the bank compares it
//! with the Latin name on the card.

use super::Reason;

/// Shortest holder name.
pub const MIN_LEN: usize = 2;
/// Longest holder name.
pub const MAX_LEN: usize = 26;

/// A holder name as sent.
pub fn check(wire: &str) -> Result<(), Reason> {
    if wire.trim().is_empty() {
        return Err(Reason::Empty);
    }
    if !wire
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
    {
        return Err(Reason::InvalidCharacters);
    }
    if wire.len() < MIN_LEN {
        return Err(Reason::TooShort);
    }
    if wire.len() > MAX_LEN {
        return Err(Reason::TooLong);
    }
    if !wire.starts_with(|c: char| c.is_ascii_alphabetic())
        || wire.ends_with(' ')
        || wire.contains("  ")
    {
        return Err(Reason::InvalidFormat);
    }
    Ok(())
}

/// A typed holder: runs of spaces collapsed to one, ends trimmed, upper-cased as on the card,
/// then [`check`].
pub fn normalise(typed: &str) -> Result<String, Reason> {
    let collapsed = typed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase();
    check(&collapsed)?;
    Ok(collapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(normalise("  ivan   petrov ").as_deref(), Ok("IVAN PETROV"));
        assert_eq!(check("cardholder name"), Ok(()));
        assert_eq!(check("J. O'NEIL-SMITH"), Ok(()));
        assert_eq!(check("Иван"), Err(Reason::InvalidCharacters));
        assert_eq!(check("A"), Err(Reason::TooShort));
        assert_eq!(check(&"A".repeat(26)), Ok(()));
        assert_eq!(check(&"A".repeat(27)), Err(Reason::TooLong));
        assert_eq!(check(""), Err(Reason::Empty));
        assert_eq!(check("   "), Err(Reason::Empty));
        assert_eq!(check(" IVAN"), Err(Reason::InvalidFormat));
        assert_eq!(check("IVAN  PETROV"), Err(Reason::InvalidFormat));
        assert_eq!(check(".IVAN"), Err(Reason::InvalidFormat));
    }
}

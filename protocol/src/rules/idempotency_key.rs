//! The `Idempotency-Key` header (an extension): 1–64 visible ASCII characters (`!` to `~`), so it
//! always fits a header and a log line.

use super::Reason;

/// Longest key.
pub const MAX_LEN: usize = 64;

/// A key as sent.
pub fn check(key: &str) -> Result<(), Reason> {
    if key.is_empty() {
        return Err(Reason::Empty);
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Reason::InvalidCharacters);
    }
    if key.len() > MAX_LEN {
        return Err(Reason::TooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_header_can_carry() {
        assert_eq!(check("abc-123"), Ok(()));
        assert_eq!(check(&"x".repeat(64)), Ok(()));
        assert_eq!(check(&"x".repeat(65)), Err(Reason::TooLong));
        assert_eq!(check(""), Err(Reason::Empty));
        assert_eq!(check("a b"), Err(Reason::InvalidCharacters));
        assert_eq!(check("a\nb"), Err(Reason::InvalidCharacters));
        assert_eq!(check("ключ"), Err(Reason::InvalidCharacters));
    }
}

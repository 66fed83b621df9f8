//! The device id (`deviceId`): 1–128 characters, no control characters, not blank. The seeds say
//! only "string" (example `9e044ffccc5d0916`); the limit is ours.

use super::Reason;

/// Longest device id, in characters.
pub const MAX_LEN: usize = 128;

/// A device id as sent.
pub fn check(wire: &str) -> Result<(), Reason> {
    if wire.trim().is_empty() {
        return Err(Reason::Empty);
    }
    if wire.chars().count() > MAX_LEN {
        return Err(Reason::TooLong);
    }
    if wire.chars().any(char::is_control) {
        return Err(Reason::InvalidCharacters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(check("9e044ffccc5d0916"), Ok(()));
        assert_eq!(check(" "), Err(Reason::Empty));
        assert_eq!(check(&"d".repeat(128)), Ok(()));
        assert_eq!(check(&"d".repeat(129)), Err(Reason::TooLong));
        assert_eq!(check("a\nb"), Err(Reason::InvalidCharacters));
    }
}

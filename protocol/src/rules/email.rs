//! The receipt e-mail (`email` of a payment; seed 001 says only "string, required"; the merchant
//! API's `username` and `email` too).
//!
//! `local@domain`: at most 254 bytes; the local part 1–64 characters of letters, digits and
//! ``!#$%&'*+-/=?^_`{|}~.`` with no dot first, last or twice in a row (RFC 5322's dot-atom);
//! the domain at least two labels of 1–63 letters, digits or hyphens, no hyphen first or last
//! (RFC 1035, letters of any script for internationalised names), the last label (the TLD) at
//! least two letters. So `ivan@x.r1` and `a@-x.ru` are refused.

use super::Reason;

/// Longest address, in bytes (RFC 5321's path limit less the brackets).
pub const MAX_LEN: usize = 254;
/// Longest local part, in characters.
pub const MAX_LOCAL_LEN: usize = 64;
/// Longest domain label, in characters.
pub const MAX_LABEL_LEN: usize = 63;

/// An address as sent.
pub fn check(wire: &str) -> Result<(), Reason> {
    if wire.is_empty() {
        return Err(Reason::Empty);
    }
    if wire.len() > MAX_LEN {
        return Err(Reason::TooLong);
    }
    let Some((local, domain)) = wire.split_once('@') else {
        return Err(Reason::InvalidFormat);
    };
    if local_ok(local) && domain_ok(domain) {
        Ok(())
    } else {
        Err(Reason::InvalidFormat)
    }
}

/// A typed address: surrounding spaces dropped, then [`check`].
pub fn normalise(typed: &str) -> Result<String, Reason> {
    let trimmed = typed.trim();
    check(trimmed)?;
    Ok(trimmed.to_owned())
}

fn local_ok(local: &str) -> bool {
    (1..=MAX_LOCAL_LEN).contains(&local.chars().count())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=MAX_LABEL_LEN).contains(&label.chars().count())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_addresses_pass() {
        for good in [
            "ivan@example.ru",
            "ivan.petrov+swip@example.ru",
            "a.b+c@mail.example.com",
            "test@email.email",
            "иван@почта.рф",
            "o'neil@x-y.ru",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        assert_eq!(
            normalise("  ivan@example.ru ").as_deref(),
            Ok("ivan@example.ru")
        );
    }

    #[test]
    fn odd_addresses_are_refused() {
        assert_eq!(check(""), Err(Reason::Empty));
        for bad in [
            "ivan",
            "ivan@",
            "@x.ru",
            "ivan@ru",
            "iv an@x.ru",
            "a@b@c.ru",
            "a@x.r1",
            "ivan@x.r1",
            "a@-x.ru",
            "a@x-.ru",
            "a@b..ru",
            ".a@x.ru",
            "a.@x.ru",
            "a..b@x.ru",
            "a@x.ru.",
            "a@x.r",
        ] {
            assert_eq!(check(bad), Err(Reason::InvalidFormat), "{bad}");
        }
        let long = format!("{}@{}.ru", "a".repeat(64), "b".repeat(200));
        assert_eq!(check(&long), Err(Reason::TooLong));
    }
}

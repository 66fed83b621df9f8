//! [`IdempotencyKey`]: makes a mutating request safe to send again.

use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use swip_protocol::rules::idempotency_key;

/// The value of the `Idempotency-Key` header (extension): the server answers a repeated key from
/// the same user with the first response and does the work once. Keep the key with the pending
/// operation until its outcome is known, and send the same key on every retry of that operation.
///
/// Read back from the pending-operation journal through [`IdempotencyKey::parse`]: a stored key
/// that a header cannot carry is refused there, not when the request is sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Longest key the server accepts.
    pub const MAX_LEN: usize = idempotency_key::MAX_LEN;

    /// A fresh random key: 16 bytes from the system's secure generator, as 32 hex digits.
    /// `None` only if the system's random generator fails.
    pub fn generate() -> Option<Self> {
        let mut bytes = [0u8; 16];
        SystemRandom::new().fill(&mut bytes).ok()?;
        Some(Self(hex::encode(bytes)))
    }

    /// A key kept from earlier: 1 to 64 visible ASCII characters
    /// ([`swip_protocol::rules::idempotency_key`], the sandbox's rule too), else `None`.
    pub fn parse(value: &str) -> Option<Self> {
        idempotency_key::check(value)
            .is_ok()
            .then(|| Self(value.to_owned()))
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key of the `attempt`-th distinct request of one operation (1 is this key itself): a
    /// request that the server refused outright, re-made with new content, goes under a key of its
    /// own, `<key>-<attempt>`, shortened at the front to fit [`Self::MAX_LEN`].
    pub fn for_attempt(&self, attempt: u32) -> Self {
        if attempt <= 1 {
            return self.clone();
        }
        let suffix = format!("-{attempt}");
        let keep = self.0.len().min(Self::MAX_LEN - suffix.len());
        // The key is ASCII (the rule), so any byte index is a character boundary.
        Self(format!("{}{suffix}", &self.0[..keep]))
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| "not a valid idempotency key".to_owned())
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> Self {
        key.0
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_distinct_hex() {
        let a = IdempotencyKey::generate().unwrap();
        let b = IdempotencyKey::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(IdempotencyKey::parse(a.as_str()), Some(a));
    }

    #[test]
    fn attempt_keys_are_distinct_valid_and_stable() {
        let key = IdempotencyKey::generate().unwrap();
        assert_eq!(key.for_attempt(1), key);
        let second = key.for_attempt(2);
        assert_eq!(second.as_str(), format!("{key}-2"));
        assert_eq!(key.for_attempt(2), second, "the same attempt, the same key");
        let long = IdempotencyKey::parse(&"k".repeat(64)).unwrap();
        let long_second = long.for_attempt(2);
        assert_eq!(long_second.as_str().len(), IdempotencyKey::MAX_LEN);
        assert!(IdempotencyKey::parse(long_second.as_str()).is_some());
        assert_ne!(long_second, long);
    }

    #[test]
    fn a_stored_key_is_checked_when_read() {
        let key: IdempotencyKey = serde_json::from_str("\"abc-1\"").unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"abc-1\"");
        assert!(serde_json::from_str::<IdempotencyKey>("\"a b\"").is_err());
        assert!(serde_json::from_str::<IdempotencyKey>("\"\"").is_err());
    }

    #[test]
    fn parse_refuses_what_a_header_cannot_carry() {
        assert!(IdempotencyKey::parse("").is_none());
        assert!(IdempotencyKey::parse(&"x".repeat(65)).is_none());
        assert!(IdempotencyKey::parse("a b").is_none());
        assert!(IdempotencyKey::parse("a\nb").is_none());
        assert!(IdempotencyKey::parse(&"x".repeat(64)).is_some());
    }
}

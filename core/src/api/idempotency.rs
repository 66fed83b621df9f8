//! [`IdempotencyKey`]: makes a mutating request safe to send again.

use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use swip_protocol::rules::idempotency_key;

/// The value of the `Idempotency-Key` header (extension): the server answers a repeated key from
/// the same user with the first response and does the work once. Keep the key with the pending
/// operation until its outcome is known, and send the same key on every retry of that operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
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
    fn parse_refuses_what_a_header_cannot_carry() {
        assert!(IdempotencyKey::parse("").is_none());
        assert!(IdempotencyKey::parse(&"x".repeat(65)).is_none());
        assert!(IdempotencyKey::parse("a b").is_none());
        assert!(IdempotencyKey::parse("a\nb").is_none());
        assert!(IdempotencyKey::parse(&"x".repeat(64)).is_some());
    }
}

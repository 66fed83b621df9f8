//! A string that never shows itself: Debug and Display print `***`, memory is zeroed on drop.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret on the wire (PIN, SMS code, token, cryptogram). Serialises as the plain string, because
/// the server needs it, but its `Debug` and `Display` print `***` so it cannot reach a log line or
/// an error message by accident; its memory is zeroed when dropped.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a value. The caller gives up the plain `String`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself: call only where it is sent or compared, never to format it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = SecretString::new("4111111111111111");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(secret.expose(), "4111111111111111");
    }

    #[test]
    fn serialises_as_the_plain_string() {
        let secret = SecretString::new("1234");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"1234\"");
        let back: SecretString = serde_json::from_str("\"1234\"").unwrap();
        assert_eq!(back, secret);
    }
}

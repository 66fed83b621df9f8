//! What went wrong, in a form the state can carry and a shell can show.

use serde::{Deserialize, Serialize};

/// A failure as the user sees it: a kind to branch on, the server's code when it gave one, and a
/// message that never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What kind of failure.
    pub kind: ProblemKind,
    /// The server's numeric error code (the contract's 1–32), when it gave one.
    pub code: Option<u32>,
    /// A message for the user.
    pub message: String,
    /// Wrong PINs left before the account locks, when the server said.
    pub attempts_left: Option<u32>,
    /// Seconds to wait before trying again, when the server said.
    pub retry_after_s: Option<u64>,
}

/// Kinds of [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The server refused the input (validation, wrong code, wrong PIN).
    Rejected,
    /// Too many requests: wait `retry_after_s`.
    RateLimited,
    /// No network, a timeout, a dropped connection: nothing the user did wrong.
    Network,
    /// The server failed (5xx).
    Server,
    /// The operation itself failed (card declined, payment failed).
    Declined,
    /// The session ended: the PIN is needed.
    SessionExpired,
    /// The server's answer was not understood (a required field missing or of the wrong shape).
    /// Never retried: the same bytes would come back.
    Unreadable,
    /// The server's certificate chain holds none of the pinned keys. Never retried.
    CertificatePin,
    /// The device's secure store (Keychain, Keystore) failed: nothing the server did.
    Storage,
    /// The wallet failed inside (a bug): the operation stopped; trying again is safe.
    Internal,
    /// Anything else.
    Other,
}

impl Problem {
    /// A problem with no code.
    pub fn new(kind: ProblemKind, message: impl Into<String>) -> Self {
        Problem {
            kind,
            code: None,
            message: message.into(),
            attempts_left: None,
            retry_after_s: None,
        }
    }

    /// The same problem with the server's code.
    pub fn with_code(mut self, code: u32) -> Self {
        self.code = Some(code);
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "{} (code {code})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

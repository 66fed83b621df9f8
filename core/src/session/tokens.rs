//! [`SessionTokens`]: the token pair in memory and when each expires on the server's clock.

use std::time::{Duration, SystemTime};

use swip_protocol::SecretString;
use swip_protocol::auth::TokenResponse;

use super::clock::{from_unix_ms, unix_ms};
use crate::store::StoredTokens;

/// The longest margin before the token's expiry at which the session refreshes it first.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The session's token pair with their periods and the server time they were issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTokens {
    /// The JWT for `X-Auth-Token`.
    pub token: SecretString,
    /// The refresh token for `PUT /auth` (`None` for a signup token).
    pub refresh_token: Option<SecretString>,
    /// How long the token is valid.
    pub token_period: Duration,
    /// How long the refresh token is valid.
    pub refresh_period: Duration,
    /// When the server issued them, on its clock; `None` if unknown.
    pub issued_at: Option<SystemTime>,
}

impl SessionTokens {
    /// From a token answer that the server sent at `issued_at` (its clock).
    pub fn from_response(response: TokenResponse, issued_at: Option<SystemTime>) -> Self {
        Self {
            token: response.token,
            refresh_token: response.refresh_token.filter(|t| !t.is_empty()),
            token_period: Duration::from_secs(response.token_refresh_period),
            refresh_period: Duration::from_secs(response.refresh_period),
            issued_at,
        }
    }

    /// When the token expires, on the server's clock, if known.
    pub fn token_expires_at(&self) -> Option<SystemTime> {
        Some(self.issued_at? + self.token_period)
    }

    /// When the refresh token expires, on the server's clock, if known.
    pub fn refresh_expires_at(&self) -> Option<SystemTime> {
        Some(self.issued_at? + self.refresh_period)
    }

    /// The margin before expiry at which to refresh: [`REFRESH_MARGIN`], or half the token's
    /// period when that is shorter (so a short-lived token is not refreshed on every call).
    pub fn refresh_margin(&self) -> Duration {
        REFRESH_MARGIN.min(self.token_period / 2)
    }

    /// True when, at `server_now`, the token is within its margin of expiry (or past it).
    pub fn should_refresh(&self, server_now: SystemTime) -> bool {
        self.token_expires_at()
            .is_some_and(|expiry| server_now + self.refresh_margin() >= expiry)
    }

    /// True when, at `server_now`, the token has expired.
    pub fn token_expired(&self, server_now: SystemTime) -> bool {
        self.token_expires_at()
            .is_some_and(|expiry| server_now >= expiry)
    }

    /// True when, at `server_now`, the refresh token has expired.
    pub fn refresh_expired(&self, server_now: SystemTime) -> bool {
        self.refresh_expires_at()
            .is_some_and(|expiry| server_now >= expiry)
    }

    /// As the vault keeps them.
    pub fn to_stored(&self) -> StoredTokens {
        StoredTokens {
            token: self.token.clone(),
            refresh_token: self.refresh_token.clone(),
            token_period_secs: self.token_period.as_secs(),
            refresh_period_secs: self.refresh_period.as_secs(),
            issued_at_ms: self.issued_at.map(unix_ms),
        }
    }

    /// From what the vault kept.
    pub fn from_stored(stored: StoredTokens) -> Self {
        Self {
            token: stored.token,
            refresh_token: stored.refresh_token,
            token_period: Duration::from_secs(stored.token_period_secs),
            refresh_period: Duration::from_secs(stored.refresh_period_secs),
            issued_at: stored.issued_at_ms.map(from_unix_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(period: u64) -> SessionTokens {
        SessionTokens {
            token: "t".into(),
            refresh_token: Some("r".into()),
            token_period: Duration::from_secs(period),
            refresh_period: Duration::from_secs(2_592_000),
            issued_at: Some(from_unix_ms(1_700_000_000_000)),
        }
    }

    #[test]
    fn expiry_math_on_the_server_clock() {
        let t = tokens(3600);
        let issued = t.issued_at.unwrap();
        assert_eq!(
            t.token_expires_at(),
            Some(issued + Duration::from_secs(3600))
        );
        assert!(!t.should_refresh(issued + Duration::from_secs(3539)));
        assert!(t.should_refresh(issued + Duration::from_secs(3540)));
        assert!(!t.token_expired(issued + Duration::from_secs(3599)));
        assert!(t.token_expired(issued + Duration::from_secs(3600)));
        assert!(!t.refresh_expired(issued + Duration::from_secs(2_591_999)));
        assert!(t.refresh_expired(issued + Duration::from_secs(2_592_000)));
    }

    #[test]
    fn short_tokens_get_a_proportional_margin() {
        let t = tokens(30);
        let issued = t.issued_at.unwrap();
        assert_eq!(t.refresh_margin(), Duration::from_secs(15));
        assert!(!t.should_refresh(issued + Duration::from_secs(14)));
        assert!(t.should_refresh(issued + Duration::from_secs(15)));
    }

    #[test]
    fn unknown_issue_time_means_unknown_expiry() {
        let mut t = tokens(3600);
        t.issued_at = None;
        assert_eq!(t.token_expires_at(), None);
        assert!(!t.should_refresh(SystemTime::now()));
        assert!(!t.refresh_expired(SystemTime::now()));
    }

    #[test]
    fn stored_form_round_trips() {
        let t = tokens(3600);
        assert_eq!(SessionTokens::from_stored(t.to_stored()), t);
        let signup = SessionTokens::from_response(
            TokenResponse {
                token: "s".into(),
                refresh_token: None,
                refresh_period: 3600,
                token_refresh_period: 3600,
            },
            None,
        );
        assert!(signup.refresh_token.is_none());
    }
}

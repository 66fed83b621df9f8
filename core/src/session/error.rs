//! [`SessionError`] and [`PinNeededReason`].

use crate::api::{ApiError, AsApiError};
use crate::store::StoreError;

/// Why the session cannot go on without the user's PIN (a `POST /auth` login).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinNeededReason {
    /// There are no tokens: never logged in on this device, or signed out.
    NoSession,
    /// The token cannot be refreshed: it came without a refresh token (a signup token).
    NoRefreshToken,
    /// The refresh token has expired on the server's clock.
    RefreshTokenExpired,
    /// The server refused the refresh token (`PUT /auth` answered 401 or 403).
    RefreshRejected,
}

impl std::fmt::Display for PinNeededReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PinNeededReason::NoSession => "no session on this device",
            PinNeededReason::NoRefreshToken => "the token cannot be refreshed",
            PinNeededReason::RefreshTokenExpired => "the refresh token has expired",
            PinNeededReason::RefreshRejected => "the server refused the refresh token",
        })
    }
}

/// Why an authenticated call through the [`Session`](super::Session) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The session cannot be kept valid: the user must log in with the PIN. Not a failure of the
    /// request; the journey shows the PIN screen.
    #[error("PIN needed: {0}")]
    PinNeeded(PinNeededReason),
    /// The request (or the refresh before it) failed.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The tokens could not be saved to or read from secure storage.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server answered a login or refresh without a token.
    #[error("the server answered without a token")]
    EmptyToken,
}

impl AsApiError for SessionError {
    fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            SessionError::Api(err) => Some(err),
            _ => None,
        }
    }
}

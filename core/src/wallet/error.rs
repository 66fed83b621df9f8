//! Errors of the wallet's actions.

use crate::input::{InputError, InputErrors};
use crate::journey::{ActionError, Problem};
use crate::store::StoreError;

/// Why an action of the [`super::Wallet`] failed. Every message is safe to show and log: no
/// secret is ever part of it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WalletError {
    /// The input is invalid; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(InputErrors),
    /// The action is not possible where the journey is; nothing changed.
    #[error(transparent)]
    NotAllowed(#[from] ActionError),
    /// The server refused the request or could not be reached; the state shows the same problem.
    #[error("{0}")]
    Failed(Problem),
    /// The secure store failed.
    #[error("secure storage failed: {0}")]
    Storage(String),
    /// The wallet could not be built (bad base URL...).
    #[error("wallet configuration: {0}")]
    Config(String),
    /// Waiting for a state ended without it.
    #[error("timed out waiting for the expected state")]
    WaitTimedOut,
}

impl From<InputError> for WalletError {
    fn from(error: InputError) -> Self {
        WalletError::InvalidInput(error.into())
    }
}

impl From<InputErrors> for WalletError {
    fn from(errors: InputErrors) -> Self {
        WalletError::InvalidInput(errors)
    }
}

impl From<StoreError> for WalletError {
    fn from(error: StoreError) -> Self {
        WalletError::Storage(error.to_string())
    }
}

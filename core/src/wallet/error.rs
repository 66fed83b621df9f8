//! Errors of the wallet's actions.

use crate::input::{InputError, InputErrors};
use crate::journey::{ActionError, Problem, ProblemKind};
use crate::store::StoreError;

/// Why an action of the [`super::Wallet`] failed. Every message is safe to show and log: no
/// secret is ever part of it.
///
/// One kind of failure is one variant, whichever call met it: a secure store that fails while
/// the wallet opens and one that fails inside an action are both [`WalletError::Storage`].
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
    /// The secure store failed (the state shows the same problem when an action met it). The
    /// text is the store error's, e.g. `secure storage failed: …`, said once.
    #[error("{0}")]
    Storage(String),
    /// The wallet could not be built (bad base URL...).
    #[error("wallet configuration: {0}")]
    Config(String),
    /// Waiting for a state ended without it.
    #[error("timed out waiting for the expected state")]
    WaitTimedOut,
    /// The wallet was shut down (or its last handle released): it accepts no more work and
    /// nothing was published or sent.
    #[error("the wallet is shut down")]
    ShutDown,
}

impl WalletError {
    /// The error an action reports for a `problem` its request met: a secure-store failure stays
    /// [`WalletError::Storage`], anything else is [`WalletError::Failed`].
    pub fn from_problem(problem: Problem) -> Self {
        match problem.kind {
            ProblemKind::Storage => WalletError::Storage(problem.message),
            _ => WalletError::Failed(problem),
        }
    }
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

//! [`Failure`]: why a command did not succeed, as one clear message and an exit code.

use std::process::ExitCode;

use swip_core::wallet::WalletError;

/// A command's failure. Its message never holds a secret (the core's errors never do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong, for the user.
    pub message: String,
    /// The process exit code.
    pub code: u8,
}

impl Failure {
    /// The journey did not reach its goal (a card declined, a payment failed or is unknown).
    pub const JOURNEY: u8 = 1;
    /// The command could not run (bad flags or input, no server, no runtime).
    pub const SETUP: u8 = 3;

    /// The journey did not reach its goal.
    pub fn journey(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: Self::JOURNEY,
        }
    }

    /// The command could not run.
    pub fn setup(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: Self::SETUP,
        }
    }

    /// A wallet action failed while doing `what`.
    pub fn wallet(what: &str, error: WalletError) -> Self {
        let code = match error {
            WalletError::Config(_) | WalletError::Storage(_) => Self::SETUP,
            _ => Self::JOURNEY,
        };
        Failure {
            message: format!("{what}: {error}"),
            code,
        }
    }

    /// Prints `swip: <message>` to stderr and gives the exit code.
    pub fn report(&self) -> ExitCode {
        eprintln!("swip: {}", self.message);
        ExitCode::from(self.code)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

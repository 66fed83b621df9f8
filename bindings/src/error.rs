//! [`SwipError`]: why a call failed, with a message that reaches Kotlin and Swift.
//!
//! Each variant carries `detail`, the core's message (safe to show and log: it never holds a
//! secret), plus the typed data to branch on. In Kotlin the exception's `toString()` is exactly
//! that message (Rust `Display`) and `message` lists every field; in Swift `description` and
//! `localizedDescription` are the message.

use swip_core::wallet::WalletError;

use crate::types::{FieldError, ProblemKind};

/// Why a call to the wallet failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum SwipError {
    /// The input is invalid; nothing was sent. `errors` names every invalid field.
    #[error("{detail}")]
    InvalidInput {
        /// What is wrong, e.g. `invalid input: card number: is not a valid card number; CVV: …`.
        detail: String,
        /// Each invalid field and why (never the value typed).
        errors: Vec<FieldError>,
    },
    /// The action is not possible where the journey is (e.g. paying while a payment is under
    /// way); nothing changed.
    #[error("{detail}")]
    NotAllowed {
        /// Why, e.g. ``"`pay` is not possible while signed_out"``.
        detail: String,
    },
    /// The server refused the request or could not be reached; the state shows the same problem.
    #[error("{detail}")]
    Failed {
        /// The server's message (with its code), e.g. `… wrong SMS code (code 14)`.
        detail: String,
        /// What kind of failure, to branch on.
        kind: ProblemKind,
        /// The server's numeric error code (the contract's 1–32), when it gave one.
        code: Option<u32>,
        /// Wrong PINs left before the account locks, when the server said.
        attempts_left: Option<u32>,
        /// Seconds to wait before trying again, when the server said.
        retry_after_s: Option<u64>,
    },
    /// The native secure store (Keychain / Keystore) failed.
    #[error("{detail}")]
    Storage {
        /// What the store said.
        detail: String,
    },
    /// The wallet could not be built from its configuration (bad base URL, zero interval...).
    #[error("{detail}")]
    Config {
        /// What is wrong.
        detail: String,
    },
    /// Waiting for a state ended without it.
    #[error("{detail}")]
    TimedOut {
        /// What was waited for.
        detail: String,
    },
    /// A bug: the core panicked or its runtime failed. The wallet may still be usable.
    #[error("{detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

impl From<WalletError> for SwipError {
    fn from(error: WalletError) -> Self {
        let detail = error.to_string();
        match error {
            WalletError::InvalidInput(errors) => SwipError::InvalidInput {
                detail,
                errors: errors.0.iter().map(FieldError::from).collect(),
            },
            WalletError::NotAllowed(_) => SwipError::NotAllowed { detail },
            WalletError::Failed(problem) => SwipError::Failed {
                detail,
                kind: problem.kind.into(),
                code: problem.code,
                attempts_left: problem.attempts_left,
                retry_after_s: problem.retry_after_s,
            },
            WalletError::Storage(_) => SwipError::Storage { detail },
            WalletError::Config(_) => SwipError::Config { detail },
            WalletError::WaitTimedOut => SwipError::TimedOut { detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use swip_core::input::{Field, InputError, InputErrors, Reason};
    use swip_core::journey::{ActionError, Problem, ProblemKind as CoreKind};

    use super::*;
    use crate::types::{InputField, InputReason};

    #[test]
    fn input_errors_keep_their_fields_and_message() {
        let core = WalletError::InvalidInput(InputErrors(vec![
            InputError::new(Field::CardNumber, Reason::LuhnCheckFailed),
            InputError::new(Field::Cvv, Reason::WrongLength),
        ]));
        let error = SwipError::from(core.clone());
        assert_eq!(error.to_string(), core.to_string());
        let SwipError::InvalidInput { errors, detail } = error else {
            panic!()
        };
        assert!(
            detail.contains("card number") && detail.contains("CVV"),
            "{detail}"
        );
        assert_eq!(errors[0].field, InputField::CardNumber);
        assert_eq!(errors[0].reason, InputReason::LuhnCheckFailed);
        assert_eq!(errors[1].message, "CVV: has the wrong number of digits");
    }

    #[test]
    fn failures_keep_kind_code_and_message() {
        let problem = Problem::new(CoreKind::Rejected, "wrong SMS code").with_code(11);
        let error = SwipError::from(WalletError::Failed(problem));
        assert_eq!(error.to_string(), "wrong SMS code (code 11)");
        assert!(matches!(
            error,
            SwipError::Failed {
                kind: ProblemKind::Rejected,
                code: Some(11),
                ..
            }
        ));
    }

    #[test]
    fn refusals_say_why() {
        let error = SwipError::from(WalletError::NotAllowed(ActionError::NoOrder));
        assert_eq!(
            error,
            SwipError::NotAllowed {
                detail: "there is no order to pay".into()
            }
        );
    }
}

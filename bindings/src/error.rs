//! [`SwipError`]: why a call failed, typed, with a one-line message that reaches Kotlin and
//! Swift.
//!
//! Each variant carries `detail`, a message safe to show and log (it never holds a secret, a
//! stack trace or a Rust name: fields are named as Kotlin and Swift name them), plus the typed
//! data to branch on. One kind of failure is one variant whichever call met it: a failing
//! secure store is `Storage` in `Wallet.open` and inside actions alike. In Kotlin the
//! exception prints its class and fields (`SwipException$NotAllowed: detail=…, refusal=…`); in
//! Swift it is a `SwipError` enum case.

use swip_core::journey::{ActionError, ProblemKind as CoreKind};
use swip_core::wallet::WalletError;

use crate::types::{FieldError, ProblemKind, signed, signed_long};

/// Why a call to the wallet failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
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
        /// Why, e.g. ``"`pay` is not possible while signed out"``.
        detail: String,
        /// Why, typed, to branch on.
        refusal: Refusal,
    },
    /// The server refused the request or could not be reached; the state shows the same problem.
    #[error("{detail}")]
    Failed {
        /// The server's message (with its code), e.g. `… wrong SMS code (code 14)`.
        detail: String,
        /// What kind of failure, to branch on.
        kind: ProblemKind,
        /// The server's numeric error code (the contract's 1–32), when it gave one.
        code: Option<i32>,
        /// Wrong PINs left before the account locks, when the server said.
        attempts_left: Option<i32>,
        /// Seconds to wait before trying again, when the server said.
        retry_after_s: Option<i64>,
    },
    /// The native secure store (Keychain / Keystore) failed, when the wallet opened or inside an
    /// action (the state then shows a `Problem` of kind `Storage` with the same message).
    #[error("{detail}")]
    Storage {
        /// What the store said, in one line.
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
    /// The wallet was shut down (`shutdown()`, or it was closed/released): it accepts no more
    /// work; nothing was published or sent. Open a new wallet.
    #[error("{detail}")]
    ShutDown {
        /// What happened.
        detail: String,
    },
    /// A bug: the core panicked or its runtime failed. The wallet may still be usable.
    #[error("{detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

/// Why the journey refused an action (the typed form of `SwipError.NotAllowed`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum Refusal {
    /// The action makes no sense where the journey is.
    WrongStage {
        /// The action, as the Kotlin/Swift method is named (`setDefaultCard`).
        action: String,
        /// Where the journey is, in words (`signed out`).
        stage: String,
    },
    /// The previous request of this kind is still under way.
    AlreadyUnderWay {
        /// The action, as the Kotlin/Swift method is named.
        action: String,
    },
    /// The SMS can be asked for again only once a minute.
    ResendTooEarly {
        /// Seconds to wait.
        seconds_left: i64,
    },
    /// A card binding is in progress.
    BindingInFlight,
    /// A payment of the order is in progress.
    PaymentInFlight,
    /// The last payment's outcome is unknown: `checkAgain()` before anything else.
    PaymentInDoubt,
    /// The order is paid.
    AlreadyPaid,
    /// There is no order to pay.
    NoOrder,
    /// No card was named and there is no default card.
    NoDefaultCard,
    /// The card is not in the user's list.
    UnknownCard,
    /// The card is blocked.
    CardBlocked,
    /// Nothing waits for an answer (`checkAgain()`).
    NothingToCheck,
}

impl From<&ActionError> for Refusal {
    fn from(error: &ActionError) -> Self {
        match *error {
            ActionError::NotAllowed { action, stage } => Refusal::WrongStage {
                action: lower_camel(action),
                stage: stage.replace('_', " "),
            },
            ActionError::AlreadyUnderWay { action } => Refusal::AlreadyUnderWay {
                action: lower_camel(action),
            },
            ActionError::ResendTooEarly { seconds_left } => Refusal::ResendTooEarly {
                seconds_left: signed_long(seconds_left),
            },
            ActionError::BindingInFlight => Refusal::BindingInFlight,
            ActionError::PaymentInFlight => Refusal::PaymentInFlight,
            ActionError::PaymentInDoubt => Refusal::PaymentInDoubt,
            ActionError::AlreadyPaid => Refusal::AlreadyPaid,
            ActionError::NoOrder => Refusal::NoOrder,
            ActionError::NoDefaultCard => Refusal::NoDefaultCard,
            ActionError::UnknownCard => Refusal::UnknownCard,
            ActionError::CardBlocked => Refusal::CardBlocked,
            ActionError::NothingToCheck => Refusal::NothingToCheck,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::readable::write_readable(f, self)
    }
}

/// The refusal in words, with Kotlin/Swift names (`setDefaultCard`, not `set_default_card`).
fn refusal_text(refusal: &Refusal, core: &ActionError) -> String {
    match refusal {
        Refusal::WrongStage { action, stage } => {
            format!("`{action}` is not possible while {stage}")
        }
        Refusal::AlreadyUnderWay { action } => format!("`{action}` is already under way"),
        _ => core.to_string(),
    }
}

/// `set_default_card` → `setDefaultCard`.
pub(crate) fn lower_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl From<WalletError> for SwipError {
    fn from(error: WalletError) -> Self {
        let detail = error.to_string();
        match error {
            WalletError::InvalidInput(errors) => SwipError::InvalidInput {
                detail,
                errors: errors.0.iter().map(FieldError::from).collect(),
            },
            WalletError::NotAllowed(action_error) => {
                let refusal = Refusal::from(&action_error);
                SwipError::NotAllowed {
                    detail: refusal_text(&refusal, &action_error),
                    refusal,
                }
            }
            WalletError::Failed(problem) if problem.kind == CoreKind::Storage => {
                SwipError::Storage { detail }
            }
            WalletError::Failed(problem) => SwipError::Failed {
                detail,
                kind: problem.kind.into(),
                code: problem.code.map(signed),
                attempts_left: problem.attempts_left.map(signed),
                retry_after_s: problem.retry_after_s.map(signed_long),
            },
            WalletError::Storage(_) => SwipError::Storage { detail },
            WalletError::Config(_) => SwipError::Config { detail },
            WalletError::WaitTimedOut => SwipError::TimedOut { detail },
            WalletError::ShutDown => SwipError::ShutDown { detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use swip_core::input::{Field, InputError, InputErrors, Reason};
    use swip_core::journey::Problem;

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
    fn refusals_say_why_typed_and_in_kotlin_names() {
        let error = SwipError::from(WalletError::NotAllowed(ActionError::NoOrder));
        assert_eq!(
            error,
            SwipError::NotAllowed {
                detail: "there is no order to pay".into(),
                refusal: Refusal::NoOrder,
            }
        );
        let error = SwipError::from(WalletError::NotAllowed(ActionError::AlreadyUnderWay {
            action: "set_default_card",
        }));
        assert_eq!(error.to_string(), "`setDefaultCard` is already under way");
        let error = SwipError::from(WalletError::NotAllowed(ActionError::NotAllowed {
            action: "pay",
            stage: "signed_out",
        }));
        assert_eq!(
            error,
            SwipError::NotAllowed {
                detail: "`pay` is not possible while signed out".into(),
                refusal: Refusal::WrongStage {
                    action: "pay".into(),
                    stage: "signed out".into(),
                },
            }
        );
    }

    #[test]
    fn a_store_failure_is_storage_in_open_and_in_actions() {
        let opening = SwipError::from(WalletError::from(swip_core::store::StoreError::Failed {
            reason: "the app's store threw IllegalStateException".into(),
        }));
        let problem = Problem::new(
            CoreKind::Storage,
            "secure storage failed: the app's store threw IllegalStateException",
        );
        let acting = SwipError::from(WalletError::from_problem(problem));
        assert_eq!(opening, acting);
        assert_eq!(
            opening.to_string(),
            "secure storage failed: the app's store threw IllegalStateException"
        );
    }
}

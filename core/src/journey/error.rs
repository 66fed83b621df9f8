//! Actions refused by the machine: typed, and the state is left as it was.

/// Why an action was refused. The state does not change and no effect runs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// The action makes no sense where the journey is.
    #[error("`{action}` is not possible while {stage}")]
    NotAllowed {
        /// The action.
        action: &'static str,
        /// Where the journey is.
        stage: &'static str,
    },
    /// The previous request of this kind is still under way.
    #[error("`{action}` is already under way")]
    AlreadyUnderWay {
        /// The action.
        action: &'static str,
    },
    /// SMS can be asked for again only once a minute.
    #[error("the SMS can be sent again in {seconds_left} s")]
    ResendTooEarly {
        /// Seconds to wait.
        seconds_left: u64,
    },
    /// A card binding is in progress.
    #[error("a card binding is in progress")]
    BindingInFlight,
    /// A payment of the order is in progress.
    #[error("a payment of this order is in progress")]
    PaymentInFlight,
    /// The last payment's outcome is unknown: check again before anything else.
    #[error("the outcome of the last payment is not known yet: check again")]
    PaymentInDoubt,
    /// The order is paid.
    #[error("the order is already paid")]
    AlreadyPaid,
    /// There is no order to pay.
    #[error("there is no order to pay")]
    NoOrder,
    /// No card was named and there is no default card.
    #[error("no card chosen and no default card")]
    NoDefaultCard,
    /// The card is not in the user's list.
    #[error("no such card")]
    UnknownCard,
    /// The card is blocked.
    #[error("the card is blocked")]
    CardBlocked,
    /// Nothing to check again.
    #[error("nothing is waiting for an answer")]
    NothingToCheck,
}

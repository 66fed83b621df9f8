//! The journey as a pure state machine.
//!
//! [`update`] takes the current [`AppState`], an [`Event`] (a user [`Action`] or an effect's
//! [`Outcome`]) and a [`Context`] (the time, the 3-D Secure return URL) and returns the next state
//! with the [`Effect`]s to perform — no I/O, no clock, no randomness inside. An action that is
//! not valid where the journey is returns an [`ActionError`] and changes nothing. The driver
//! ([`crate::wallet`]) performs the effects and feeds their outcomes back.
//!
//! Money-safety rules that hold by construction (and are property-tested):
//! - a payment is `Paid` only after the server's SUCCESS, `Failed` only after its FAIL or a
//!   refusal of the request; otherwise it ends `Unknown` with "check again";
//! - one payment attempt per order at a time; its idempotency key is reused for every retry;
//! - every binding or payment not final is in the journal ([`pending_ops`]), saved before the
//!   request that starts it leaves.

mod effect;
mod error;
mod event;
pub mod invariants;
mod pending;
mod problem;
mod state;
mod update;

pub use effect::{Effect, PollKind};
pub use error::ActionError;
pub use event::{Action, CardChange, Event, Outcome, PaymentProblem, PinProblem};
pub use pending::{PendingOp, pending_ops};
pub use problem::{Problem, ProblemKind};
pub use state::{
    AppState, AuthState, BindingStage, BindingState, CardView, CardsState, CheckoutState,
    CounterPayment, LockReason, OrderLineView, OrderSource, OrderView, PaymentAttempt,
    PaymentStage,
};
pub use update::{Context, Transition, update};

/// How long after an SMS another may be asked for.
pub const SMS_RESEND_INTERVAL_MS: i64 = 60_000;

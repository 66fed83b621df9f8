//! What can happen: the user's actions and the results of effects.

use swip_protocol::cards::PaymentCard;
use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{Order, PurchaseRequest};

use super::{CounterPayment, PendingOp, Problem};
use crate::api::IdempotencyKey;
use crate::input::card::CardInput;
use crate::input::{Email, PersonName, Phone, Pin, SmsCode};

/// Everything that moves the journey: a user [`Action`] or an effect's [`Outcome`].
#[derive(Debug, Clone)]
pub enum Event {
    /// The user did something.
    Action(Action),
    /// An effect finished.
    Outcome(Outcome),
}

/// What the user can do. Inputs are already validated types; ids that the machine needs but cannot
/// invent (idempotency keys) are made by the driver.
#[derive(Debug, Clone)]
pub enum Action {
    /// Sign up (or start logging in) with a phone number.
    StartSignup {
        /// The phone.
        phone: Phone,
    },
    /// Ask for the SMS again (at most once a minute).
    ResendSms,
    /// Send the SMS code.
    SubmitCode {
        /// The code.
        code: SmsCode,
    },
    /// A new user sets a PIN.
    SetPin {
        /// The PIN.
        pin: Pin,
        /// First name, optional.
        first_name: Option<PersonName>,
        /// Last name, optional.
        last_name: Option<PersonName>,
    },
    /// A known user on a new device, or a locked app: the PIN.
    EnterPin {
        /// The PIN.
        pin: Pin,
    },
    /// Start over with another phone, or sign out: forgets the session on this device.
    SignOut,
    /// Reload the card list.
    RefreshCards,
    /// Bind a card.
    BindCard {
        /// The validated card.
        card: CardInput,
        /// Make it the default card.
        make_default: bool,
        /// A fresh key for the binding request.
        idempotency_key: IdempotencyKey,
    },
    /// The 3-D Secure WebView loaded the return URL.
    ThreeDsReturned,
    /// The user closed the 3-D Secure WebView.
    ThreeDsClosed,
    /// Ask the server again about a binding or payment in `Unknown`.
    CheckAgain,
    /// Put away a finished (bound, failed or unknown) binding.
    DismissBinding,
    /// Make a card the default one.
    SetDefaultCard {
        /// The card.
        card_id: String,
    },
    /// Stop a card being the default one.
    UnsetDefaultCard {
        /// The card.
        card_id: String,
    },
    /// Delete a card.
    DeleteCard {
        /// The card.
        card_id: String,
    },
    /// Create an order.
    CreateOrder {
        /// The merchant.
        merchant_id: String,
        /// The store.
        merchant_store_id: String,
        /// The lines (validated: known shape, quantity > 0).
        purchases: Vec<PurchaseRequest>,
    },
    /// Pay the current order.
    Pay {
        /// The card; `None` means the default card.
        card_id: Option<String>,
        /// The receipt e-mail.
        email: Email,
        /// A fresh key for the payment request.
        idempotency_key: IdempotencyKey,
    },
    /// Put away a finished order.
    DismissCheckout,
    /// Find a till's order by its session code (the QR's text).
    FindCounterOrder {
        /// The session code, validated (printable, 1–256 characters).
        session_code: String,
    },
    /// Pay the till's order at the counter (cash or terminal) instead of in the app.
    PayAtCounter {
        /// Cash or terminal.
        method: CounterPayment,
    },
}

impl Action {
    /// The action's name, for errors and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Action::StartSignup { .. } => "start_signup",
            Action::ResendSms => "resend_sms",
            Action::SubmitCode { .. } => "submit_code",
            Action::SetPin { .. } => "set_pin",
            Action::EnterPin { .. } => "enter_pin",
            Action::SignOut => "sign_out",
            Action::RefreshCards => "refresh_cards",
            Action::BindCard { .. } => "bind_card",
            Action::ThreeDsReturned => "three_ds_returned",
            Action::ThreeDsClosed => "three_ds_closed",
            Action::CheckAgain => "check_again",
            Action::DismissBinding => "dismiss_binding",
            Action::SetDefaultCard { .. } => "set_default_card",
            Action::UnsetDefaultCard { .. } => "unset_default_card",
            Action::DeleteCard { .. } => "delete_card",
            Action::CreateOrder { .. } => "create_order",
            Action::Pay { .. } => "pay",
            Action::DismissCheckout => "dismiss_checkout",
            Action::FindCounterOrder { .. } => "find_counter_order",
            Action::PayAtCounter { .. } => "pay_at_counter",
        }
    }
}

/// A change of one card that answers with a status only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardChange {
    /// `POST /payment-cards/{id}/actions/set-as-default`: that card is the only default.
    SetDefault,
    /// `POST /payment-cards/{id}/actions/unset-as-default`: no card is the default.
    UnsetDefault,
    /// `DELETE /payment-cards/{id}`: the card is gone (no other becomes the default).
    Delete,
}

/// What an effect reports back.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The wallet started: what the secure store held.
    Restored {
        /// The phone of the stored session, if any.
        phone: Option<Phone>,
        /// True when a session (tokens) is stored.
        has_session: bool,
        /// Operations that were under way when the app stopped.
        pending: Vec<PendingOp>,
    },
    /// `POST /v2/signups` answered.
    SignupSent(Result<(), Problem>),
    /// `POST /sms-messages` answered.
    SmsResent(Result<(), Problem>),
    /// `POST /v2/signup-verifications` answered with the `new` flag.
    CodeChecked(Result<bool, Problem>),
    /// PIN setup, device login or PIN login answered. On failure, `account_locked` is true when the
    /// server locked the account.
    PinChecked(Result<(), PinProblem>),
    /// The session could not be refreshed: the PIN is needed.
    SessionExpired,
    /// `GET /payment-cards` answered.
    CardsLoaded(Result<Vec<PaymentCard>, Problem>),
    /// A set-default / unset-default / delete of a card answered. A success is applied to the
    /// card list as it is (the answer is definitive), with no reload.
    CardChanged {
        /// The card.
        card_id: String,
        /// What was asked.
        change: CardChange,
        /// The answer.
        result: Result<(), Problem>,
    },
    /// `POST /payment-cards` answered.
    BindingAccepted(Result<String, Problem>),
    /// A poll of a deferred operation answered.
    Polled {
        /// The operation.
        deferred_id: String,
        /// Its status and error text.
        status: DeferredStatus,
        /// `errorMessage` of a FAIL.
        error_message: String,
        /// `errorCode` of a FAIL.
        error_code: String,
    },
    /// Polling reached its deadline without a final status.
    PollDeadline {
        /// The operation.
        deferred_id: String,
    },
    /// The 3-D Secure page arrived.
    ThreeDsPage {
        /// The operation.
        deferred_id: String,
        /// The page.
        result: Result<String, Problem>,
    },
    /// `POST /inapp-orders` answered, or a till's order was found by its session code.
    OrderCreated(Result<Box<Order>, Problem>),
    /// `POST /ext/pos-orders/{id}/pay-at-counter` answered.
    CounterConfirmed(Result<(), Problem>),
    /// `POST /orders/{id}/payments` answered; `Err` with `definite: false` when the wallet could
    /// not learn whether the server took the request.
    PaymentAccepted(Result<String, PaymentProblem>),
}

/// A failed PIN check.
#[derive(Debug, Clone, PartialEq)]
pub struct PinProblem {
    /// What went wrong.
    pub problem: Problem,
    /// True when the server locked the account (too many wrong PINs).
    pub account_locked: bool,
}

/// A failed payment request.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentProblem {
    /// What went wrong.
    pub problem: Problem,
    /// True when the server certainly did not start the payment (it refused it); false when the
    /// request may have been taken (timeout, dropped connection after retries).
    pub definite: bool,
}

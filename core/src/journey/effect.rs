//! What the machine asks the driver to do. Effects run in the order given: a
//! [`Effect::SavePending`] always comes before the request it protects.

use swip_protocol::orders::PurchaseRequest;

use super::{CounterPayment, OrderSource, PendingOp};
use crate::api::IdempotencyKey;
use crate::input::card::CardInput;
use crate::input::{Email, PersonName, Phone, Pin, SmsCode};

/// One thing for the driver to do; its result comes back as an [`super::Outcome`].
#[derive(Debug, Clone)]
pub enum Effect {
    /// Write the pending-operation journal to the secure store, before anything else.
    SavePending(Vec<PendingOp>),
    /// `POST /v2/signups`.
    Signup {
        /// The phone.
        phone: Phone,
    },
    /// `POST /sms-messages`.
    ResendSms,
    /// `POST /v2/signup-verifications`.
    VerifyCode {
        /// The code.
        code: SmsCode,
    },
    /// `PUT /v2/signups`.
    SetPin {
        /// The PIN.
        pin: Pin,
        /// First name.
        first_name: Option<PersonName>,
        /// Last name.
        last_name: Option<PersonName>,
    },
    /// `POST /v2/signup-devices`.
    DeviceLogin {
        /// The PIN.
        pin: Pin,
    },
    /// `POST /auth`.
    PinLogin {
        /// The phone (the `username`).
        phone: Phone,
        /// The PIN.
        pin: Pin,
    },
    /// Forget the session: tokens, phone and journal leave the secure store; every poll stops.
    ForgetSession,
    /// `GET /payment-cards`.
    LoadCards,
    /// `POST /payment-cards/{id}/actions/set-as-default`.
    SetDefaultCard {
        /// The card.
        card_id: String,
    },
    /// `POST /payment-cards/{id}/actions/unset-as-default`.
    UnsetDefaultCard {
        /// The card.
        card_id: String,
    },
    /// `DELETE /payment-cards/{id}`.
    DeleteCard {
        /// The card.
        card_id: String,
    },
    /// Encrypt the card and `POST /payment-cards` with the idempotency key.
    BindCard {
        /// The card.
        card: CardInput,
        /// Make it the default card.
        make_default: bool,
        /// The key.
        idempotency_key: IdempotencyKey,
    },
    /// Poll `GET /deferred-results/{id}/status` every second until a final status or the
    /// deadline of `kind` (a restart of a poll already running for `deferred_id` is a no-op).
    Poll {
        /// The operation.
        deferred_id: String,
        /// Binding or payment: which deadline applies.
        kind: PollKind,
    },
    /// Stop polling `deferred_id`.
    StopPolling {
        /// The operation.
        deferred_id: String,
    },
    /// `GET /deferred-results/{id}/binding-payment-card-3ds-result`.
    FetchThreeDsPage {
        /// The operation.
        deferred_id: String,
    },
    /// `GET /ext/pos-orders?sessionCode=…`: find a till's order with the user's loyalty.
    FindCounterOrder {
        /// The session code.
        session_code: String,
    },
    /// `POST /ext/pos-orders/{id}/pay-at-counter`.
    PayAtCounter {
        /// The till's order.
        order_id: String,
        /// Cash or terminal.
        method: CounterPayment,
    },
    /// `POST /inapp-orders`.
    CreateOrder {
        /// The merchant.
        merchant_id: String,
        /// The store.
        merchant_store_id: String,
        /// The lines.
        purchases: Vec<PurchaseRequest>,
    },
    /// `POST /orders/{id}/payments` with the idempotency key (a repeat with the same key is the
    /// check "did the server take it?": it returns the first answer and never charges twice).
    Pay {
        /// Which endpoint pays it: `/orders/{id}/payments` for an in-app order,
        /// `/ext/pos-orders/{id}/payments` for a till's.
        source: OrderSource,
        /// The order.
        order_id: String,
        /// The card.
        card_id: String,
        /// The receipt e-mail.
        email: Email,
        /// The key.
        idempotency_key: IdempotencyKey,
    },
}

/// What a poll is for; each has its own deadline in the driver's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    /// A card binding.
    Binding,
    /// A payment.
    Payment,
}

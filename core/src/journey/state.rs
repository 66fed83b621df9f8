//! The journey's state: one serialisable snapshot that a shell renders as it is.

use serde::{Deserialize, Serialize};
use swip_protocol::Amount;
use swip_protocol::cards::PaymentCard;
use swip_protocol::orders::Order;

use super::Problem;
use crate::api::IdempotencyKey;
use crate::input::{Email, Phone};

/// Everything a shell needs to draw the app. Derived only by [`super::update`]; never edited by
/// the shells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppState {
    /// Where the user is in signup / login.
    pub auth: AuthState,
    /// The user's cards (empty until signed in).
    pub cards: CardsState,
    /// The card binding in progress or just finished, if any.
    pub binding: Option<BindingState>,
    /// The order being paid, if any.
    pub checkout: Option<CheckoutState>,
}

impl AppState {
    /// True once the binding is bound, failed or unknown (the wallet waits on nothing for it).
    pub fn binding_settled(&self) -> bool {
        self.binding
            .as_ref()
            .is_some_and(|b| !b.stage.is_in_flight())
    }

    /// True once the payment needs nothing more from the wallet: paid, failed, unknown, or handed
    /// to the counter ([`PaymentStage::is_settled`]).
    pub fn payment_settled(&self) -> bool {
        self.checkout.as_ref().is_some_and(|c| c.stage.is_settled())
    }

    /// True once the order is created or refused (no longer being created).
    pub fn order_settled(&self) -> bool {
        self.checkout
            .as_ref()
            .is_some_and(|c| c.stage != PaymentStage::CreatingOrder)
    }

    /// The 3-D Secure page to show, once the wallet fetched it.
    pub fn three_ds_page(&self) -> Option<&str> {
        self.binding.as_ref().and_then(|b| b.stage.three_ds_page())
    }

    /// True when the PIN is asked for: `Locked` or `DeviceLogin`.
    pub fn pin_needed(&self) -> bool {
        matches!(
            self.auth,
            AuthState::Locked { .. } | AuthState::DeviceLogin { .. }
        )
    }
}

/// Signup and login.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum AuthState {
    /// No user on this device.
    #[default]
    SignedOut,
    /// The phone was entered; the server is asked to send the SMS.
    PhoneEntered {
        /// The phone.
        phone: Phone,
        /// True while the request is under way.
        submitting: bool,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// The SMS was sent; the user types the code.
    AwaitingCode {
        /// The phone.
        phone: Phone,
        /// When another SMS may be asked for (ms since 1970, on the wallet's clock).
        resend_available_at_ms: i64,
        /// True while the code is being checked.
        verifying: bool,
        /// What went wrong with the last code or resend.
        problem: Option<Problem>,
    },
    /// A new user chooses a PIN (and optionally names).
    PinSetup {
        /// The phone.
        phone: Phone,
        /// True while the PIN is being sent.
        submitting: bool,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// A known user on a new device enters their PIN.
    DeviceLogin {
        /// The phone.
        phone: Phone,
        /// True while the PIN is being checked.
        submitting: bool,
        /// Wrong PINs left before the account locks, when the server said.
        attempts_left: Option<u32>,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// Signed in.
    SignedIn {
        /// The phone.
        phone: Phone,
    },
    /// The PIN is needed: after a restart, or when the session could not be refreshed.
    Locked {
        /// The phone.
        phone: Phone,
        /// Why.
        reason: LockReason,
        /// True while the PIN is being checked.
        submitting: bool,
        /// Wrong PINs left before the account locks, when the server said.
        attempts_left: Option<u32>,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// Too many wrong PINs: the server locked the account until the phone is verified by SMS again.
    AccountLocked {
        /// The phone.
        phone: Phone,
    },
}

impl AuthState {
    /// The phone of the user, once entered.
    pub fn phone(&self) -> Option<&Phone> {
        match self {
            AuthState::SignedOut => None,
            AuthState::PhoneEntered { phone, .. }
            | AuthState::AwaitingCode { phone, .. }
            | AuthState::PinSetup { phone, .. }
            | AuthState::DeviceLogin { phone, .. }
            | AuthState::SignedIn { phone }
            | AuthState::Locked { phone, .. }
            | AuthState::AccountLocked { phone } => Some(phone),
        }
    }

    /// True when signed in.
    pub fn is_signed_in(&self) -> bool {
        matches!(self, AuthState::SignedIn { .. })
    }

    /// The phone for display (`+7 ••• ••• ••-00`), once entered.
    pub fn masked_phone(&self) -> Option<String> {
        self.phone().map(Phone::masked)
    }

    /// While the code is awaited: whole seconds until another SMS may be asked for at `now_ms`
    /// (0 once it may). `None` in any other stage.
    pub fn resend_seconds_left(&self, now_ms: i64) -> Option<u64> {
        match self {
            AuthState::AwaitingCode {
                resend_available_at_ms,
                ..
            } => Some(u64::try_from((resend_available_at_ms - now_ms + 999) / 1000).unwrap_or(0)),
            _ => None,
        }
    }

    /// The stage's name, for errors and logs.
    pub fn name(&self) -> &'static str {
        match self {
            AuthState::SignedOut => "signed_out",
            AuthState::PhoneEntered { .. } => "phone_entered",
            AuthState::AwaitingCode { .. } => "awaiting_code",
            AuthState::PinSetup { .. } => "pin_setup",
            AuthState::DeviceLogin { .. } => "device_login",
            AuthState::SignedIn { .. } => "signed_in",
            AuthState::Locked { .. } => "locked",
            AuthState::AccountLocked { .. } => "account_locked",
        }
    }
}

/// Why the PIN is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    /// The app was restarted.
    Restart,
    /// The session expired and could not be refreshed.
    SessionExpired,
}

/// The card list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardsState {
    /// The cards, as the server listed them last.
    pub cards: Vec<CardView>,
    /// True while the list or a card action is under way.
    pub loading: bool,
    /// What went wrong with the last card action.
    pub problem: Option<Problem>,
}

impl CardsState {
    /// The default card, if any.
    pub fn default_card(&self) -> Option<&CardView> {
        self.cards.iter().find(|c| c.is_default)
    }
}

/// A bound card as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardView {
    /// SWiP's card id.
    pub id: String,
    /// `**** **** **** 2009`.
    pub masked_number: String,
    /// `VISA`, `MASTERCARD`, `МИР`...
    pub payment_system: String,
    /// The issuing bank.
    pub bank_name: String,
    /// The default card for payments.
    pub is_default: bool,
    /// Blocked cards cannot pay.
    pub blocked: bool,
    /// When bound, ms since 1970.
    pub created_at_ms: i64,
}

impl From<&PaymentCard> for CardView {
    fn from(card: &PaymentCard) -> Self {
        CardView {
            id: card.id.clone(),
            masked_number: card.card_number.clone(),
            payment_system: card.payment_system.to_string(),
            bank_name: card.bank_name.clone(),
            is_default: card.default_for_payments,
            blocked: card.blocked,
            created_at_ms: card.created_at,
        }
    }
}

/// A card binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingState {
    /// The key that makes the binding request safe to retry.
    pub idempotency_key: IdempotencyKey,
    /// The server's id of the operation, once it answered.
    pub deferred_id: Option<String>,
    /// The card's last four digits, to show which card is being bound.
    pub last4: String,
    /// When it started (ms since 1970).
    pub started_at_ms: i64,
    /// Where it is.
    pub stage: BindingStage,
    /// The card's payment system as the card list names it (`МИР`, `VISA`…), if known: with the
    /// last four digits, what PCI DSS allows to keep and show.
    #[serde(default)]
    pub brand: Option<String>,
    /// The ids of the cards listed when the binding started, if the list was the server's then.
    /// A binding whose server id was never learnt (the app was killed with the request on its
    /// way) is settled by comparing the card list with these: see [`BindingStage::Unknown`].
    #[serde(default)]
    pub cards_before: Option<Vec<String>>,
}

/// Stages of a card binding. Only the server's SUCCESS makes it `Bound`, only its FAIL `Failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum BindingStage {
    /// The card is being encrypted and sent.
    Submitting,
    /// The server is processing the card.
    Processing,
    /// The bank asks for a 3-D Secure challenge: show `html` in a WebView and watch for
    /// navigation to `return_url` (scheme, host and path).
    ThreeDsChallenge {
        /// The page, once fetched.
        html: Option<String>,
        /// The URL whose loading means the page is done.
        return_url: String,
    },
    /// The WebView reached the return URL or was closed; the outcome comes from the server.
    AwaitingResult {
        /// True when the user closed the page without finishing it.
        closed_by_user: bool,
    },
    /// The card is bound. `card` is the new card as the reloaded list shows it (its id is what
    /// `set_default_card` takes); `None` until that list has arrived.
    Bound {
        /// The new card, once the card list has been reloaded.
        #[serde(default)]
        card: Option<CardView>,
    },
    /// The server refused the card.
    Failed {
        /// Why.
        problem: Problem,
    },
    /// No final answer by the deadline (or the app lost track): "check again" asks the server.
    /// A binding without a server id is settled by the next card list: `Bound` when a card with
    /// its brand and last four digits that was not listed before it started is there, `Failed`
    /// ("not added, add it again") when none is; when the list before it is not known, only a card
    /// bound since it started makes it `Bound`, else it stays `Unknown`.
    Unknown,
}

impl BindingStage {
    /// True for `Bound` and `Failed`.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            BindingStage::Bound { .. } | BindingStage::Failed { .. }
        )
    }

    /// True once the server said the card is bound.
    pub fn is_bound(&self) -> bool {
        matches!(self, BindingStage::Bound { .. })
    }

    /// The 3-D Secure page to show, once fetched.
    pub fn three_ds_page(&self) -> Option<&str> {
        match self {
            BindingStage::ThreeDsChallenge {
                html: Some(html), ..
            } => Some(html),
            _ => None,
        }
    }

    /// The new card of a `Bound` binding, once the card list shows it.
    pub fn bound_card(&self) -> Option<&CardView> {
        match self {
            BindingStage::Bound { card } => card.as_ref(),
            _ => None,
        }
    }

    /// True while the wallet waits on the server.
    pub fn is_in_flight(&self) -> bool {
        !self.is_final() && !matches!(self, BindingStage::Unknown)
    }
}

/// An order being created (or found at a till) and paid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutState {
    /// Where the order comes from: created in the app, or a till's order found by its session code.
    #[serde(default)]
    pub source: OrderSource,
    /// The order as the server computed it, loyalty included (`None` while it is being created or
    /// when the server refused it).
    pub order: Option<OrderView>,
    /// Where the order and its payment are.
    pub stage: PaymentStage,
}

/// Where an order comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrderSource {
    /// Created in the app (`POST /inapp-orders`).
    #[default]
    InApp,
    /// Created by a shop's till and found by its session code (the QR's text); paid in the app or
    /// at the counter.
    Counter {
        /// The session code.
        session_code: String,
    },
}

/// How a user pays a till's order at the counter (scenario 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CounterPayment {
    /// In cash.
    Cash,
    /// By card at the bank's terminal.
    Terminal,
}

/// The order as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    /// SWiP's order id.
    pub id: String,
    /// The number shown to the user.
    pub order_number: String,
    /// The merchant.
    pub merchant_name: String,
    /// The store.
    pub store_name: String,
    /// The lines.
    pub lines: Vec<OrderLineView>,
    /// Before discounts.
    pub total_original: Amount,
    /// Discount.
    pub discount: Amount,
    /// What the user pays.
    pub total: Amount,
    /// Cashback the user earns.
    pub cashback: Amount,
    /// True when an e-mail is required to pay.
    pub email_required: bool,
}

/// One order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLineView {
    /// The product's name.
    pub name: String,
    /// How many.
    pub quantity: f64,
    /// Unit price.
    pub price: Amount,
    /// Line total after discount.
    pub amount: Amount,
    /// The line's discount (already taken off `amount`).
    #[serde(default)]
    pub discount: Amount,
}

impl OrderLineView {
    /// The line before its discount (`price × quantity`, as `amount + discount`): what a receipt
    /// lists, so that the lines add up to the order's `total_original` and the discount is shown
    /// once, below them.
    pub fn amount_before_discount(&self) -> Amount {
        self.amount + self.discount
    }
}

impl From<&Order> for OrderView {
    fn from(order: &Order) -> Self {
        OrderView {
            id: order.id.clone(),
            order_number: order.order_number.clone(),
            merchant_name: order.merchant_name.clone(),
            store_name: order.merchant_store.clone(),
            lines: order
                .purchases
                .iter()
                .map(|p| OrderLineView {
                    name: p.name.clone(),
                    quantity: p.quantity.0,
                    price: p.price,
                    amount: p.amount,
                    discount: p.discount,
                })
                .collect(),
            total_original: order.total_original,
            discount: order.discount.discount,
            total: order.total,
            cashback: order.cashback,
            email_required: order.email_required,
        }
    }
}

/// Stages of a payment. `Paid` only after the server's SUCCESS, `Failed` only after its FAIL or a
/// refusal of the payment request; otherwise `Unknown` with "check again".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum PaymentStage {
    /// The order is being created, or looked up at the till.
    CreatingOrder,
    /// The server refused to create the order.
    OrderRefused {
        /// Why.
        problem: Problem,
    },
    /// The order is created; the user may pay.
    Created {
        /// Why the last attempt failed, when one did (the user may pay again).
        problem: Option<Problem>,
    },
    /// Being paid.
    Paying {
        /// The attempt.
        attempt: PaymentAttempt,
        /// The server's last word: PROCESSING or LOYALTY_CALCULATION (`None` before the first poll).
        server_status: Option<String>,
    },
    /// Paid.
    Paid {
        /// The attempt that paid.
        attempt: PaymentAttempt,
    },
    /// The server said FAIL.
    Failed {
        /// The attempt that failed.
        attempt: PaymentAttempt,
        /// Why.
        problem: Problem,
    },
    /// No final answer by the deadline: "check again" asks the server (never charges again).
    Unknown {
        /// The attempt in doubt.
        attempt: PaymentAttempt,
    },
    /// A till's order: telling the server the user pays at the counter.
    ConfirmingAtCounter {
        /// Cash or terminal.
        method: CounterPayment,
    },
    /// A till's order the user pays at the counter: the till takes the money and closes it.
    AtCounter {
        /// Cash or terminal.
        method: CounterPayment,
    },
}

impl PaymentStage {
    /// True once the wallet waits on nothing more for the payment: `Paid`, `Failed`, `Unknown`
    /// (check again), or `AtCounter` (the till takes the money). One definition for the CLI,
    /// the tests, the benches and the bindings.
    pub fn is_settled(&self) -> bool {
        matches!(
            self,
            PaymentStage::Paid { .. }
                | PaymentStage::Failed { .. }
                | PaymentStage::Unknown { .. }
                | PaymentStage::AtCounter { .. }
        )
    }

    /// The attempt under way or finished, if any.
    pub fn attempt(&self) -> Option<&PaymentAttempt> {
        match self {
            PaymentStage::CreatingOrder
            | PaymentStage::OrderRefused { .. }
            | PaymentStage::Created { .. }
            | PaymentStage::ConfirmingAtCounter { .. }
            | PaymentStage::AtCounter { .. } => None,
            PaymentStage::Paying { attempt, .. }
            | PaymentStage::Paid { attempt }
            | PaymentStage::Failed { attempt, .. }
            | PaymentStage::Unknown { attempt } => Some(attempt),
        }
    }
}

/// One try at paying an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentAttempt {
    /// The key that makes the payment request safe to retry: a retry never charges twice.
    pub idempotency_key: IdempotencyKey,
    /// The card charged.
    pub card_id: String,
    /// The card as shown (`**** **** **** 2009`).
    pub card_masked: String,
    /// Where the receipt goes.
    pub email: Email,
    /// The server's id of the payment, once it answered.
    pub deferred_id: Option<String>,
    /// When it started (ms since 1970).
    pub started_at_ms: i64,
}

//! Types of the QA controls under `/sandbox/` (camelCase JSON) and of the matching direct methods
//! on [`crate::Sandbox`]. None of these are part of SWiP's contract: they exist only in the sandbox.

pub mod pos;

use serde::{Deserialize, Serialize};
use swip_protocol::Amount;
use swip_protocol::cards::PaymentSystem;

/// `GET /sandbox/sms?phone=…`: the latest SMS sent to a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsRecord {
    /// The phone, 11 digits.
    pub phone: String,
    /// The 4-digit code the SMS carried.
    pub code: String,
    /// When it was sent, ms since 1970 on the sandbox clock.
    pub sent_at: i64,
}

/// `POST /sandbox/clock/advance` body: `{"seconds": N}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockAdvance {
    /// How far to move the clock forward.
    pub seconds: u64,
}

/// `GET /sandbox/clock` and the answer of `POST /sandbox/clock/advance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockState {
    /// The sandbox clock, ms since 1970.
    pub now_ms: i64,
}

/// How a test card behaves when bound and when paid with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardBehavior {
    /// Binds without 3-D Secure; payments succeed.
    Success,
    /// Binding asks for 3-D Secure (FINISH_3DS), then SUCCESS on pass, FAIL on fail.
    ThreeDs,
    /// Binding ends FAIL (errorCode "19").
    Decline,
    /// Binding stays PROCESSING forever.
    ProcessingForever,
    /// Binds fine; every payment with it ends FAIL (errorCode "19").
    PaymentDecline,
    /// Binds fine; every payment with it stays PROCESSING forever.
    PaymentProcessingForever,
}

impl CardBehavior {
    /// Every behavior, in the order of the test card table.
    pub const ALL: [CardBehavior; 6] = [
        CardBehavior::Success,
        CardBehavior::ThreeDs,
        CardBehavior::Decline,
        CardBehavior::ProcessingForever,
        CardBehavior::PaymentDecline,
        CardBehavior::PaymentProcessingForever,
    ];
}

/// One magic card of `GET /sandbox/test-cards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestCard {
    /// The card number, digits only, Luhn-valid.
    pub pan: String,
    /// Expiry month, 1–12.
    pub exp_month: u8,
    /// Expiry year, four digits, a few years after the sandbox clock's start.
    pub exp_year: u16,
    /// The CVV.
    pub cvv: String,
    /// The payment system (`"МИР"`, `"VISA"`, `"MASTERCARD"`), as `GET /payment-cards` shows it.
    pub payment_system: PaymentSystem,
    /// What the card does.
    pub behavior: CardBehavior,
    /// The issuing bank the card list will show.
    pub bank_name: String,
}

/// 3-D Secure outcome for `POST /sandbox/3ds/{deferredId}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreeDsOutcome {
    /// The cardholder passed the challenge.
    Pass,
    /// The cardholder failed it.
    Fail,
}

/// `POST /sandbox/3ds/{deferredId}` body: `{"outcome": "pass" | "fail"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreeDsCompletion {
    /// How the challenge ends.
    pub outcome: ThreeDsOutcome,
}

/// Why a 3-D Secure challenge could not be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ThreeDsError {
    /// No card binding has this deferred id (HTTP: 404 code 9).
    #[error("no card binding has this deferred id")]
    UnknownDeferred,
    /// The binding is not in FINISH_3DS (still PROCESSING, already completed, or no 3-D Secure);
    /// HTTP: 400 code 6.
    #[error("the binding is not waiting for a 3-D Secure challenge")]
    NotAwaitingChallenge,
}

/// `POST /sandbox/cryptograms` body: card data to seal for the current key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptogramRequest {
    /// The card number.
    pub pan: String,
    /// Expiry month.
    pub exp_month: u8,
    /// Expiry year, four digits.
    pub exp_year: u16,
    /// The CVV.
    pub cvv: String,
    /// `generatedAt` to write into the cryptogram (ms); default: the sandbox clock now. Lets a test
    /// make a stale cryptogram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<i64>,
}

impl CryptogramRequest {
    /// The request for a test card, generated now.
    pub fn for_card(card: &TestCard) -> Self {
        Self {
            pan: card.pan.clone(),
            exp_month: card.exp_month,
            exp_year: card.exp_year,
            cvv: card.cvv.clone(),
            generated_at: None,
        }
    }
}

/// `POST /sandbox/cryptograms` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CryptogramResponse {
    /// A JWE cryptogram (compact, `ECDH-ES` + `A256GCM`) for `POST /payment-cards`.
    pub cryptogram: String,
}

/// `GET /sandbox/catalog`: what `POST /inapp-orders` can sell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// The demo merchants.
    pub merchants: Vec<CatalogMerchant>,
}

/// A merchant of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogMerchant {
    /// `merchantId` for `POST /inapp-orders`.
    pub merchant_id: String,
    /// The merchant's name (`merchantName` of orders).
    pub name: String,
    /// The merchant's category (`merchantCategory` of orders).
    pub category: String,
    /// Its stores.
    pub stores: Vec<CatalogStore>,
    /// What it sells.
    pub products: Vec<CatalogProduct>,
    /// Loyalty campaigns applied to its orders.
    pub campaigns: Vec<Campaign>,
}

/// A store of a merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogStore {
    /// `merchantStoreId` for `POST /inapp-orders`.
    pub merchant_store_id: String,
    /// The store's name (`merchantStore` of orders).
    pub name: String,
}

/// A product of a merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogProduct {
    /// `productId` for `POST /inapp-orders`.
    pub product_id: String,
    /// The product's name.
    pub name: String,
    /// Unit price, roubles on the wire.
    pub price: Amount,
    /// The unit (`"pcs"`, `"kg"`).
    pub unit: String,
}

/// A loyalty campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Campaign {
    /// The campaign's id, as order lines name it.
    pub campaign_id: String,
    /// What it is.
    pub description: String,
    /// Cashback or discount.
    pub kind: CampaignKind,
    /// Percent of the line amount.
    pub percent: u32,
    /// The one product it applies to; every product when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
}

/// What a campaign gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignKind {
    /// Money back after payment (`cashback`, `cashbackCalcResult`).
    Cashback,
    /// Less to pay (`discount`).
    Discount,
}

/// One entry of `GET /sandbox/charges`: money taken from a card for an order (`payment`), or the
/// 1 rouble a 3-D Secure binding holds on the card (`hold`) and its release (`release`): seed 001,
/// "после ввода проверочного кода временно блокируется 1 рубль".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    /// What it is; `payment` when absent (older readers).
    #[serde(default)]
    pub kind: ChargeKind,
    /// The order paid; empty for a binding's hold and release.
    pub order_id: String,
    /// The amount charged (the order's total) or held (1 rouble), roubles on the wire.
    pub amount: Amount,
    /// The card charged or bound.
    pub payment_card_id: String,
    /// The payment's or the binding's deferred id.
    pub deferred_id: String,
    /// When it was charged, held or released, ms on the sandbox clock.
    pub charged_at: i64,
}

/// What a [`Charge`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChargeKind {
    /// Money taken for an order.
    #[default]
    Payment,
    /// Money blocked on the card by a 3-D Secure binding (1 rouble).
    Hold,
    /// A binding's hold given back.
    Release,
}

impl ChargeKind {
    /// Every kind.
    pub const ALL: [ChargeKind; 3] = [ChargeKind::Payment, ChargeKind::Hold, ChargeKind::Release];

    /// The kind's name on the wire: `payment`, `hold` or `release`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeKind::Payment => "payment",
            ChargeKind::Hold => "hold",
            ChargeKind::Release => "release",
        }
    }
}

/// `GET /sandbox/wire-style` and the body of `PUT /sandbox/wire-style`: `{"style": "nulls" | "omit"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireStyleSetting {
    /// The style.
    pub style: crate::WireStyle,
}

/// One request of `GET /sandbox/journal`. Requests to `/sandbox/` itself are not journaled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// The HTTP method.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The HTTP status answered, 0 when the connection was dropped without an answer.
    pub status: u16,
    /// When the request arrived, ms on the sandbox clock.
    pub at: i64,
}

/// Where a fault drops the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropPoint {
    /// Before the sandbox does anything: the request has no effect.
    BeforeCommit,
    /// After the sandbox did the work and committed it, instead of sending the answer.
    AfterCommit,
}

/// A fault rule of `POST /sandbox/faults`. It matches requests by method and path and affects the
/// next `count` of them (default 1): first the added latency, then either an injected error status,
/// a dropped connection, or the normal answer. Faults never apply to `/sandbox/` paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// HTTP method (case-insensitive), or `*` for any.
    pub method: String,
    /// An exact path (`/payment-cards`) or a pattern whose `{…}` segments match any one segment
    /// (`/orders/{id}/payments`).
    pub path: String,
    /// Latency added before anything else, in milliseconds (tokio time: instant under a paused clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// Answer with this HTTP status and the error object instead of running the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The error object's code for `status` (default: the code fitting the status, e.g. 500 → 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    /// A `Retry-After` header (seconds) on the injected error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Drop the connection, with no HTTP answer at all, before or after the work is committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop: Option<DropPoint>,
    /// How many matching requests the rule affects; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl FaultRule {
    /// A rule for `method` and `path` that does nothing yet; add effects with the `with_` methods.
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            ..Self::default()
        }
    }

    /// Adds latency.
    pub fn with_latency_ms(mut self, latency_ms: u64) -> Self {
        self.latency_ms = Some(latency_ms);
        self
    }

    /// Answers with `status` (and `code`, if given) instead of running the request.
    pub fn with_status(mut self, status: u16, code: Option<u32>) -> Self {
        self.status = Some(status);
        self.code = code;
        self
    }

    /// Adds a `Retry-After` header to the injected status.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Drops the connection at `point`.
    pub fn with_drop(mut self, point: DropPoint) -> Self {
        self.drop = Some(point);
        self
    }

    /// Affects `count` matching requests.
    pub fn with_count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }
}

/// `POST /sandbox/faults` body: one rule or a list of rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FaultRules {
    /// A single rule.
    One(FaultRule),
    /// Several rules.
    Many(Vec<FaultRule>),
}

impl FaultRules {
    /// The rules as a list.
    pub fn into_vec(self) -> Vec<FaultRule> {
        match self {
            FaultRules::One(rule) => vec![rule],
            FaultRules::Many(rules) => rules,
        }
    }
}

/// `GET /sandbox/faults` (and the answer of `POST`): the rules still active.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveFault {
    /// The rule as given.
    pub rule: FaultRule,
    /// How many more matching requests it will affect.
    pub remaining: u32,
}

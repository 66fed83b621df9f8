//! The records and enums Kotlin and Swift see: small mirrors of the core's types, converted with
//! `From`. Amounts are whole kopecks (`*_kopecks`), times are ms since 1970, phones are the 11
//! normalised digits. Nothing here carries a PIN, a CVV or a full card number.

use std::time::Duration;

use swip_core::input::{Field, InputError, Reason};
use swip_core::journey as core;
use swip_core::wallet as core_wallet;

use crate::error::SwipError;

// ---- Configuration ------------------------------------------------------------------------

/// How a `Wallet` reaches its server and how long it follows
/// operations. Start from `walletConfig(baseUrl)` (Kotlin) / `walletConfig(baseUrl:)` (Swift),
/// which holds the core's defaults, and change what you need (`copy(...)` in Kotlin).
/// Durations are milliseconds and must be more than 0.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WalletConfig {
    /// The SWiP server, e.g. `https://api.swip.example`. Plain `http` only to a loopback host
    /// unless `allowPlainHttp` is set.
    pub base_url: String,
    /// Longest wait to open a connection (TCP and TLS), ms.
    pub connect_timeout_ms: i64,
    /// Longest wait for a whole request, ms.
    pub request_timeout_ms: i64,
    /// Interval between status polls of a binding or payment, ms (the contract says 1 s).
    pub poll_interval_ms: i64,
    /// How long a card binding (3-D Secure included) is followed before it is `Unknown`, ms.
    pub binding_deadline_ms: i64,
    /// How long a payment is followed before it is `Unknown`, ms.
    pub payment_deadline_ms: i64,
    /// Attempts of a request that is safe to repeat (first try included), at least 1.
    pub max_attempts: i32,
    /// First back-off delay after a transient failure, ms; doubled each time up to
    /// `maxBackoffMs`.
    pub initial_backoff_ms: i64,
    /// Longest back-off delay, ms.
    pub max_backoff_ms: i64,
    /// The URL a 3-D Secure page ends on; absent means `<base URL>/ext/3ds-return`.
    #[uniffi(default = None)]
    pub three_ds_return_url: Option<String>,
    /// Allow `http://` to a host that is not loopback (an emulator reaching the host's sandbox at
    /// `10.0.2.2`). Never in production.
    #[uniffi(default = false)]
    pub allow_plain_http: bool,
    /// SPKI SHA-256 pins of the server's keys (`sha256/<base64>` or plain base64), at least two
    /// (one a backup) or none. With pins, a connection is accepted only when the platform trusts
    /// the chain and it holds a pinned key; a mismatch is `ProblemKind.CERTIFICATE_PIN`.
    #[uniffi(default = [])]
    pub certificate_pins: Vec<String>,
}

/// The configuration for the server at `baseUrl` with the core's defaults (the one place they
/// are defined is `swip_core::wallet::WalletConfig::new`).
#[uniffi::export]
pub fn wallet_config(base_url: String) -> WalletConfig {
    WalletConfig::from(&core_wallet::WalletConfig::new(base_url))
}

/// Milliseconds of a duration, saturating (no configured duration comes near `i64::MAX`).
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl From<&core_wallet::WalletConfig> for WalletConfig {
    fn from(config: &core_wallet::WalletConfig) -> Self {
        let core_wallet::WalletConfig {
            api,
            poll_interval,
            binding_deadline,
            payment_deadline,
            max_attempts,
            initial_backoff,
            max_backoff,
            three_ds_return_url,
        } = config;
        let swip_core::api::ApiConfig {
            base_url,
            connect_timeout,
            request_timeout,
            allow_plain_http,
            certificate_pins,
            // Not configurable from the apps: the core's limit holds.
            max_response_bytes: _,
        } = api;
        WalletConfig {
            base_url: base_url.clone(),
            connect_timeout_ms: millis(*connect_timeout),
            request_timeout_ms: millis(*request_timeout),
            poll_interval_ms: millis(*poll_interval),
            binding_deadline_ms: millis(*binding_deadline),
            payment_deadline_ms: millis(*payment_deadline),
            max_attempts: i32::try_from(*max_attempts).unwrap_or(i32::MAX),
            initial_backoff_ms: millis(*initial_backoff),
            max_backoff_ms: millis(*max_backoff),
            three_ds_return_url: three_ds_return_url.clone(),
            allow_plain_http: *allow_plain_http,
            certificate_pins: certificate_pins.iter().map(ToString::to_string).collect(),
        }
    }
}

impl TryFrom<WalletConfig> for core_wallet::WalletConfig {
    type Error = SwipError;

    fn try_from(config: WalletConfig) -> Result<Self, SwipError> {
        let WalletConfig {
            base_url,
            connect_timeout_ms,
            request_timeout_ms,
            poll_interval_ms,
            binding_deadline_ms,
            payment_deadline_ms,
            max_attempts,
            initial_backoff_ms,
            max_backoff_ms,
            three_ds_return_url,
            allow_plain_http,
            certificate_pins,
        } = config;
        let positive = |value: i64, name: &str| match u64::try_from(value) {
            Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
            _ => Err(SwipError::Config {
                detail: format!("wallet configuration: {name} must be more than 0 (got {value})"),
            }),
        };
        let mut core = core_wallet::WalletConfig::new(base_url);
        if !certificate_pins.is_empty() {
            core.api = core
                .api
                .with_certificate_pins(&certificate_pins)
                .map_err(|error| SwipError::Config {
                    detail: format!("wallet configuration: certificatePins: {error}"),
                })?;
        }
        core.api.connect_timeout = positive(connect_timeout_ms, "connectTimeoutMs")?;
        core.api.request_timeout = positive(request_timeout_ms, "requestTimeoutMs")?;
        core.api.allow_plain_http = allow_plain_http;
        core.poll_interval = positive(poll_interval_ms, "pollIntervalMs")?;
        core.binding_deadline = positive(binding_deadline_ms, "bindingDeadlineMs")?;
        core.payment_deadline = positive(payment_deadline_ms, "paymentDeadlineMs")?;
        core.initial_backoff = positive(initial_backoff_ms, "initialBackoffMs")?;
        core.max_backoff = positive(max_backoff_ms, "maxBackoffMs")?;
        core.max_attempts = match u32::try_from(max_attempts) {
            Ok(attempts) if attempts > 0 => attempts,
            _ => {
                return Err(SwipError::Config {
                    detail: format!(
                        "wallet configuration: maxAttempts must be at least 1 (got {max_attempts})"
                    ),
                });
            }
        };
        core.three_ds_return_url = three_ds_return_url;
        Ok(core)
    }
}

// ---- Input --------------------------------------------------------------------------------

/// One line of an order to create.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OrderLine {
    /// The product's id in the merchant's catalog.
    pub product_id: String,
    /// How many (1.5 kg is valid).
    pub quantity: f64,
}

impl From<OrderLine> for core_wallet::OrderLine {
    fn from(line: OrderLine) -> Self {
        let OrderLine {
            product_id,
            quantity,
        } = line;
        core_wallet::OrderLine {
            product_id,
            quantity,
        }
    }
}

/// One invalid input field: which, why, and a message (never the value typed).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldError {
    /// The field.
    pub field: InputField,
    /// Why it is invalid.
    pub reason: InputReason,
    /// For the user, e.g. `card number: is not a valid card number`.
    pub message: String,
}

impl From<&InputError> for FieldError {
    fn from(error: &InputError) -> Self {
        let InputError { field, reason } = *error;
        FieldError {
            field: field.into(),
            reason: reason.into(),
            message: error.to_string(),
        }
    }
}

/// The input field an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum InputField {
    /// The phone number.
    Phone,
    /// The SMS code.
    SmsCode,
    /// The PIN.
    Pin,
    /// The first name.
    FirstName,
    /// The last name.
    LastName,
    /// The receipt e-mail.
    Email,
    /// The card number.
    CardNumber,
    /// The card's expiry (month and year).
    Expiry,
    /// The CVV / CVC.
    Cvv,
    /// The cardholder's name.
    Holder,
    /// A product id of an order line.
    ProductId,
    /// A quantity of an order line.
    Quantity,
    /// The list of order lines.
    Purchases,
    /// A merchant or store id.
    Merchant,
    /// A card id.
    CardId,
    /// An order id.
    OrderId,
    /// A till's session code (the QR's text).
    SessionCode,
}

impl From<Field> for InputField {
    fn from(field: Field) -> Self {
        match field {
            Field::Phone => InputField::Phone,
            Field::SmsCode => InputField::SmsCode,
            Field::Pin => InputField::Pin,
            Field::FirstName => InputField::FirstName,
            Field::LastName => InputField::LastName,
            Field::Email => InputField::Email,
            Field::CardNumber => InputField::CardNumber,
            Field::Expiry => InputField::Expiry,
            Field::Cvv => InputField::Cvv,
            Field::Holder => InputField::Holder,
            Field::ProductId => InputField::ProductId,
            Field::Quantity => InputField::Quantity,
            Field::Purchases => InputField::Purchases,
            Field::Merchant => InputField::Merchant,
            Field::CardId => InputField::CardId,
            Field::OrderId => InputField::OrderId,
            Field::SessionCode => InputField::SessionCode,
        }
    }
}

/// Why a field is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum InputReason {
    /// Nothing was entered.
    Empty,
    /// A character that is not allowed here.
    InvalidCharacters,
    /// Too short.
    TooShort,
    /// Too long.
    TooLong,
    /// Not exactly the required number of digits.
    WrongLength,
    /// The card number fails the Luhn check.
    LuhnCheckFailed,
    /// The card number belongs to no supported payment system.
    UnsupportedBrand,
    /// Month outside 1–12.
    InvalidMonth,
    /// The card has expired.
    Expired,
    /// The expiry is implausibly far in the future.
    TooFarInFuture,
    /// Not in the expected format (e.g. not an e-mail address).
    InvalidFormat,
    /// A number out of its range (e.g. quantity ≤ 0).
    OutOfRange,
}

impl From<Reason> for InputReason {
    fn from(reason: Reason) -> Self {
        match reason {
            Reason::Empty => InputReason::Empty,
            Reason::InvalidCharacters => InputReason::InvalidCharacters,
            Reason::TooShort => InputReason::TooShort,
            Reason::TooLong => InputReason::TooLong,
            Reason::WrongLength => InputReason::WrongLength,
            Reason::LuhnCheckFailed => InputReason::LuhnCheckFailed,
            Reason::UnsupportedBrand => InputReason::UnsupportedBrand,
            Reason::InvalidMonth => InputReason::InvalidMonth,
            Reason::Expired => InputReason::Expired,
            Reason::TooFarInFuture => InputReason::TooFarInFuture,
            Reason::InvalidFormat => InputReason::InvalidFormat,
            Reason::OutOfRange => InputReason::OutOfRange,
        }
    }
}

// ---- Problems -----------------------------------------------------------------------------

/// A failure as the user sees it: a kind to branch on, the server's code when it gave one, and a
/// message that never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Problem {
    /// What kind of failure.
    pub kind: ProblemKind,
    /// The server's numeric error code (the contract's 1–32), when it gave one.
    pub code: Option<i32>,
    /// A message for the user: one line, never a secret or a stack trace.
    pub message: String,
    /// Wrong PINs left before the account locks, when the server said.
    pub attempts_left: Option<i32>,
    /// Seconds to wait before trying again, when the server said.
    pub retry_after_s: Option<i64>,
}

impl From<core::Problem> for Problem {
    fn from(problem: core::Problem) -> Self {
        let core::Problem {
            kind,
            code,
            message,
            attempts_left,
            retry_after_s,
        } = problem;
        Problem {
            kind: kind.into(),
            code: code.map(signed),
            message,
            attempts_left: attempts_left.map(signed),
            retry_after_s: retry_after_s.map(signed_long),
        }
    }
}

/// A count the core keeps unsigned, as Kotlin's and Java's `Int` (saturating: none comes near).
pub(crate) fn signed(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A count the core keeps unsigned, as Kotlin's and Java's `Long` (saturating).
pub(crate) fn signed_long(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Kinds of `Problem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ProblemKind {
    /// The server refused the input (validation, wrong code, wrong PIN).
    Rejected,
    /// Too many requests: wait `retryAfterS`.
    RateLimited,
    /// No network, a timeout, a dropped connection: nothing the user did wrong.
    Network,
    /// The server failed (5xx).
    Server,
    /// The operation itself failed (card declined, payment failed).
    Declined,
    /// The session ended: the PIN is needed.
    SessionExpired,
    /// The server's answer was not understood (a required field missing or of the wrong shape).
    Unreadable,
    /// The server's certificate chain holds none of the pinned keys.
    CertificatePin,
    /// The device's secure store (Keychain, Keystore) failed: nothing the server did.
    Storage,
    /// The wallet failed inside (a bug): the operation stopped; trying again is safe.
    Internal,
    /// Anything else.
    Other,
}

impl From<core::ProblemKind> for ProblemKind {
    fn from(kind: core::ProblemKind) -> Self {
        match kind {
            core::ProblemKind::Rejected => ProblemKind::Rejected,
            core::ProblemKind::RateLimited => ProblemKind::RateLimited,
            core::ProblemKind::Network => ProblemKind::Network,
            core::ProblemKind::Server => ProblemKind::Server,
            core::ProblemKind::Declined => ProblemKind::Declined,
            core::ProblemKind::SessionExpired => ProblemKind::SessionExpired,
            core::ProblemKind::Unreadable => ProblemKind::Unreadable,
            core::ProblemKind::CertificatePin => ProblemKind::CertificatePin,
            core::ProblemKind::Storage => ProblemKind::Storage,
            core::ProblemKind::Internal => ProblemKind::Internal,
            core::ProblemKind::Other => ProblemKind::Other,
        }
    }
}

fn problem(problem: Option<core::Problem>) -> Option<Problem> {
    problem.map(Problem::from)
}

// ---- State --------------------------------------------------------------------------------

/// Everything a shell needs to draw the app, as the core derived it. Render it as it is.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AppState {
    /// Where the user is in signup / login.
    pub auth: AuthState,
    /// The user's cards (empty until signed in).
    pub cards: CardsState,
    /// The card binding in progress or just finished, if any.
    pub binding: Option<BindingState>,
    /// The order being created or paid, if any.
    pub checkout: Option<CheckoutState>,
}

impl From<core::AppState> for AppState {
    fn from(state: core::AppState) -> Self {
        let core::AppState {
            auth,
            cards,
            binding,
            checkout,
        } = state;
        AppState {
            auth: auth.into(),
            cards: cards.into(),
            binding: binding.map(BindingState::from),
            checkout: checkout.map(CheckoutState::from),
        }
    }
}

/// Signup and login. `phone` is the 11 normalised digits (`79160000000`).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum AuthState {
    /// No user on this device: ask for the phone.
    SignedOut,
    /// The phone was entered; the server is asked to send the SMS.
    PhoneEntered {
        /// The phone.
        phone: String,
        /// True while the request is under way.
        submitting: bool,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// The SMS was sent; the user types the code.
    AwaitingCode {
        /// The phone.
        phone: String,
        /// When another SMS may be asked for (ms since 1970 on the wallet's clock: compare with
        /// `Wallet.nowMs()`).
        resend_available_at_ms: i64,
        /// True while the code is being checked.
        verifying: bool,
        /// What went wrong with the last code or resend.
        problem: Option<Problem>,
    },
    /// A new user chooses a PIN (and optionally names).
    PinSetup {
        /// The phone.
        phone: String,
        /// True while the PIN is being sent.
        submitting: bool,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// A known user on a new device enters their PIN.
    DeviceLogin {
        /// The phone.
        phone: String,
        /// True while the PIN is being checked.
        submitting: bool,
        /// Wrong PINs left before the account locks, when the server said.
        attempts_left: Option<i32>,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// Signed in.
    SignedIn {
        /// The phone.
        phone: String,
    },
    /// The PIN is needed: after a restart, or when the session could not be refreshed.
    Locked {
        /// The phone.
        phone: String,
        /// Why.
        reason: LockReason,
        /// True while the PIN is being checked.
        submitting: bool,
        /// Wrong PINs left before the account locks, when the server said.
        attempts_left: Option<i32>,
        /// What went wrong with the last try.
        problem: Option<Problem>,
    },
    /// Too many wrong PINs: the server locked the account until the phone is verified by SMS
    /// again.
    AccountLocked {
        /// The phone.
        phone: String,
    },
}

impl From<core::AuthState> for AuthState {
    fn from(auth: core::AuthState) -> Self {
        let digits = |phone: swip_core::input::Phone| phone.as_str().to_owned();
        match auth {
            core::AuthState::SignedOut => AuthState::SignedOut,
            core::AuthState::PhoneEntered {
                phone,
                submitting,
                problem: p,
            } => AuthState::PhoneEntered {
                phone: digits(phone),
                submitting,
                problem: problem(p),
            },
            core::AuthState::AwaitingCode {
                phone,
                resend_available_at_ms,
                verifying,
                problem: p,
            } => AuthState::AwaitingCode {
                phone: digits(phone),
                resend_available_at_ms,
                verifying,
                problem: problem(p),
            },
            core::AuthState::PinSetup {
                phone,
                submitting,
                problem: p,
            } => AuthState::PinSetup {
                phone: digits(phone),
                submitting,
                problem: problem(p),
            },
            core::AuthState::DeviceLogin {
                phone,
                submitting,
                attempts_left,
                problem: p,
            } => AuthState::DeviceLogin {
                phone: digits(phone),
                submitting,
                attempts_left: attempts_left.map(signed),
                problem: problem(p),
            },
            core::AuthState::SignedIn { phone } => AuthState::SignedIn {
                phone: digits(phone),
            },
            core::AuthState::Locked {
                phone,
                reason,
                submitting,
                attempts_left,
                problem: p,
            } => AuthState::Locked {
                phone: digits(phone),
                reason: reason.into(),
                submitting,
                attempts_left: attempts_left.map(signed),
                problem: problem(p),
            },
            core::AuthState::AccountLocked { phone } => AuthState::AccountLocked {
                phone: digits(phone),
            },
        }
    }
}

/// Why the PIN is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LockReason {
    /// The app was restarted.
    Restart,
    /// The session expired and could not be refreshed.
    SessionExpired,
}

impl From<core::LockReason> for LockReason {
    fn from(reason: core::LockReason) -> Self {
        match reason {
            core::LockReason::Restart => LockReason::Restart,
            core::LockReason::SessionExpired => LockReason::SessionExpired,
        }
    }
}

/// The card list.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CardsState {
    /// The cards, as the server listed them last.
    pub cards: Vec<CardView>,
    /// True while the list or a card action is under way.
    pub loading: bool,
    /// What went wrong with the last card action.
    pub problem: Option<Problem>,
}

impl From<core::CardsState> for CardsState {
    fn from(cards: core::CardsState) -> Self {
        let core::CardsState {
            cards,
            loading,
            problem: p,
        } = cards;
        CardsState {
            cards: cards.into_iter().map(CardView::from).collect(),
            loading,
            problem: problem(p),
        }
    }
}

/// A bound card as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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

impl From<core::CardView> for CardView {
    fn from(card: core::CardView) -> Self {
        let core::CardView {
            id,
            masked_number,
            payment_system,
            bank_name,
            is_default,
            blocked,
            created_at_ms,
        } = card;
        CardView {
            id,
            masked_number,
            payment_system,
            bank_name,
            is_default,
            blocked,
            created_at_ms,
        }
    }
}

/// A card binding in progress or just finished.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct BindingState {
    /// The server's id of the operation, once it answered.
    pub deferred_id: Option<String>,
    /// The card's last four digits, to show which card is being bound.
    pub last4: String,
    /// The card's payment system as the card list names it (`МИР`, `VISA`…), when known.
    pub brand: Option<String>,
    /// When it started (ms since 1970).
    pub started_at_ms: i64,
    /// Where it is.
    pub stage: BindingStage,
}

impl From<core::BindingState> for BindingState {
    fn from(binding: core::BindingState) -> Self {
        let core::BindingState {
            // The key stays inside the core: the app never needs it.
            idempotency_key: _,
            // The core's own evidence for settling a binding after a restart.
            cards_before: _,
            deferred_id,
            last4,
            brand,
            started_at_ms,
            stage,
        } = binding;
        BindingState {
            deferred_id,
            last4,
            brand,
            started_at_ms,
            stage: stage.into(),
        }
    }
}

/// Stages of a card binding. Only the server's SUCCESS makes it `Bound`, only its FAIL `Failed`.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum BindingStage {
    /// The card is being encrypted and sent.
    Submitting,
    /// The server is processing the card.
    Processing,
    /// The bank asks for a 3-D Secure challenge: show `html` in a WebView and, on every
    /// navigation, ask `Wallet.isThreeDsReturnUrl(url)`; when true, close it and call
    /// `Wallet.threeDsReturned()`.
    ThreeDsChallenge {
        /// The page, once fetched (absent: show a spinner).
        html: Option<String>,
        /// The URL whose loading means the page is done (also the WebView's base URL).
        return_url: String,
    },
    /// The WebView reached the return URL or was closed; the outcome comes from the server.
    AwaitingResult {
        /// True when the user closed the page without finishing it.
        closed_by_user: bool,
    },
    /// The card is bound. `card` is the new card (its `id` is what `setDefaultCard` takes),
    /// absent until the card list has reloaded (`cards.loading` false again).
    Bound {
        /// The new card, once the card list shows it.
        card: Option<CardView>,
    },
    /// The server refused the card.
    Failed {
        /// Why.
        problem: Problem,
    },
    /// No final answer by the deadline (or the app lost track): offer "check again".
    Unknown,
}

impl From<core::BindingStage> for BindingStage {
    fn from(stage: core::BindingStage) -> Self {
        match stage {
            core::BindingStage::Submitting => BindingStage::Submitting,
            core::BindingStage::Processing => BindingStage::Processing,
            core::BindingStage::ThreeDsChallenge { html, return_url } => {
                BindingStage::ThreeDsChallenge { html, return_url }
            }
            core::BindingStage::AwaitingResult { closed_by_user } => {
                BindingStage::AwaitingResult { closed_by_user }
            }
            core::BindingStage::Bound { card } => BindingStage::Bound {
                card: card.map(CardView::from),
            },
            core::BindingStage::Failed { problem } => BindingStage::Failed {
                problem: problem.into(),
            },
            core::BindingStage::Unknown => BindingStage::Unknown,
        }
    }
}

/// An order being created (or found at a till) and paid.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CheckoutState {
    /// Where the order comes from: created in the app, or a till's order found by its session
    /// code.
    pub source: OrderSource,
    /// The order as the server computed it, loyalty included (absent while it is being created or
    /// when the server refused it).
    pub order: Option<OrderView>,
    /// Where the order and its payment are.
    pub stage: PaymentStage,
}

impl From<core::CheckoutState> for CheckoutState {
    fn from(checkout: core::CheckoutState) -> Self {
        let core::CheckoutState {
            source,
            order,
            stage,
        } = checkout;
        CheckoutState {
            source: source.into(),
            order: order.map(OrderView::from),
            stage: stage.into(),
        }
    }
}

/// Where an order comes from.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum OrderSource {
    /// Created in the app.
    InApp,
    /// Created by a shop's till and found by its session code (the QR's text); paid in the app
    /// or at the counter.
    Counter {
        /// The session code.
        session_code: String,
    },
}

impl From<core::OrderSource> for OrderSource {
    fn from(source: core::OrderSource) -> Self {
        match source {
            core::OrderSource::InApp => OrderSource::InApp,
            core::OrderSource::Counter { session_code } => OrderSource::Counter { session_code },
        }
    }
}

/// How a user pays a till's order at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum CounterPayment {
    /// In cash.
    Cash,
    /// By card at the bank's terminal.
    Terminal,
}

impl From<core::CounterPayment> for CounterPayment {
    fn from(method: core::CounterPayment) -> Self {
        match method {
            core::CounterPayment::Cash => CounterPayment::Cash,
            core::CounterPayment::Terminal => CounterPayment::Terminal,
        }
    }
}

impl From<CounterPayment> for core::CounterPayment {
    fn from(method: CounterPayment) -> Self {
        match method {
            CounterPayment::Cash => core::CounterPayment::Cash,
            CounterPayment::Terminal => core::CounterPayment::Terminal,
        }
    }
}

/// The order as shown to the user. Amounts in kopecks.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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
    pub total_original_kopecks: i64,
    /// Discount.
    pub discount_kopecks: i64,
    /// What the user pays.
    pub total_kopecks: i64,
    /// Cashback the user earns.
    pub cashback_kopecks: i64,
    /// True when an e-mail is required to pay.
    pub email_required: bool,
}

impl From<core::OrderView> for OrderView {
    fn from(order: core::OrderView) -> Self {
        let core::OrderView {
            id,
            order_number,
            merchant_name,
            store_name,
            lines,
            total_original,
            discount,
            total,
            cashback,
            email_required,
        } = order;
        OrderView {
            id,
            order_number,
            merchant_name,
            store_name,
            lines: lines.into_iter().map(OrderLineView::from).collect(),
            total_original_kopecks: total_original.kopecks(),
            discount_kopecks: discount.kopecks(),
            total_kopecks: total.kopecks(),
            cashback_kopecks: cashback.kopecks(),
            email_required,
        }
    }
}

/// One order line. Amounts in kopecks.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OrderLineView {
    /// The product's name.
    pub name: String,
    /// How many.
    pub quantity: f64,
    /// Unit price.
    pub price_kopecks: i64,
    /// Line total after discount.
    pub amount_kopecks: i64,
    /// The line's discount (already taken off `amountKopecks`).
    pub discount_kopecks: i64,
    /// The line before its discount: what a receipt lists, so that the lines add up to the
    /// order's `totalOriginalKopecks` and the discount is shown once, below them.
    pub amount_before_discount_kopecks: i64,
}

impl From<core::OrderLineView> for OrderLineView {
    fn from(line: core::OrderLineView) -> Self {
        let before_discount = line.amount_before_discount();
        let core::OrderLineView {
            name,
            quantity,
            price,
            amount,
            discount,
        } = line;
        OrderLineView {
            name,
            quantity,
            price_kopecks: price.kopecks(),
            amount_kopecks: amount.kopecks(),
            discount_kopecks: discount.kopecks(),
            amount_before_discount_kopecks: before_discount.kopecks(),
        }
    }
}

/// Stages of a payment. `Paid` only after the server's SUCCESS, `Failed` only after its FAIL or a
/// refusal of the payment request; otherwise `Unknown` with "check again" (which never charges
/// again).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum PaymentStage {
    /// The order is being created.
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
        /// The server's last word: `PROCESSING` or `LOYALTY_CALCULATION` (absent before the first
        /// poll).
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
    /// No final answer by the deadline: offer "check again".
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

impl From<core::PaymentStage> for PaymentStage {
    fn from(stage: core::PaymentStage) -> Self {
        match stage {
            core::PaymentStage::CreatingOrder => PaymentStage::CreatingOrder,
            core::PaymentStage::OrderRefused { problem } => PaymentStage::OrderRefused {
                problem: problem.into(),
            },
            core::PaymentStage::Created { problem: p } => PaymentStage::Created {
                problem: problem(p),
            },
            core::PaymentStage::Paying {
                attempt,
                server_status,
            } => PaymentStage::Paying {
                attempt: attempt.into(),
                server_status,
            },
            core::PaymentStage::Paid { attempt } => PaymentStage::Paid {
                attempt: attempt.into(),
            },
            core::PaymentStage::Failed { attempt, problem } => PaymentStage::Failed {
                attempt: attempt.into(),
                problem: problem.into(),
            },
            core::PaymentStage::Unknown { attempt } => PaymentStage::Unknown {
                attempt: attempt.into(),
            },
            core::PaymentStage::ConfirmingAtCounter { method } => {
                PaymentStage::ConfirmingAtCounter {
                    method: method.into(),
                }
            }
            core::PaymentStage::AtCounter { method } => PaymentStage::AtCounter {
                method: method.into(),
            },
        }
    }
}

/// One try at paying an order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentAttempt {
    /// The card charged.
    pub card_id: String,
    /// The card as shown (`**** **** **** 2009`).
    pub card_masked: String,
    /// Where the receipt goes.
    pub email: String,
    /// The server's id of the payment, once it answered.
    pub deferred_id: Option<String>,
    /// When it started (ms since 1970).
    pub started_at_ms: i64,
}

impl From<core::PaymentAttempt> for PaymentAttempt {
    fn from(attempt: core::PaymentAttempt) -> Self {
        let core::PaymentAttempt {
            // The key stays inside the core: the app never needs it.
            idempotency_key: _,
            card_id,
            card_masked,
            email,
            deferred_id,
            started_at_ms,
        } = attempt;
        PaymentAttempt {
            card_id,
            card_masked,
            email: email.into(),
            deferred_id,
            started_at_ms,
        }
    }
}

/// `Display` = the readable text Kotlin's `toString()` and Swift's `description` show.
macro_rules! readable_display {
    ($($type:ty),*) => {
        $(impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::readable::write_readable(f, self)
            }
        })*
    };
}

readable_display!(AuthState, BindingStage, PaymentStage, OrderSource);

// ---- Waiting ------------------------------------------------------------------------------

/// A state to wait for with `Wallet.waitFor` (tests, scripts; shells observe instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum WaitCondition {
    /// The user is signed in.
    SignedIn,
    /// The PIN is asked for (`Locked` or `DeviceLogin`).
    PinNeeded,
    /// A 3-D Secure page is ready to show.
    ThreeDsShown,
    /// The binding is bound, failed or unknown.
    BindingSettled,
    /// No card action or list load is under way.
    CardsIdle,
    /// The order is created or refused.
    OrderSettled,
    /// The payment is paid, failed or unknown (or handed to the counter).
    PaymentSettled,
}

impl WaitCondition {
    /// True when `state` satisfies the condition (the core's own queries decide).
    pub(crate) fn holds(self, state: &core::AppState) -> bool {
        match self {
            WaitCondition::SignedIn => state.auth.is_signed_in(),
            WaitCondition::PinNeeded => state.pin_needed(),
            WaitCondition::ThreeDsShown => state.three_ds_page().is_some(),
            WaitCondition::BindingSettled => state.binding_settled(),
            WaitCondition::CardsIdle => !state.cards.loading,
            WaitCondition::OrderSettled => state.order_settled(),
            WaitCondition::PaymentSettled => state.payment_settled(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_are_the_cores() {
        // `walletConfig(baseUrl)` (what Kotlin and Swift start from) is the core's
        // `WalletConfig::new`, and converts back to it unchanged.
        let ffi = wallet_config("https://api.swip.example".into());
        let core = core_wallet::WalletConfig::new("https://api.swip.example");
        let converted = core_wallet::WalletConfig::try_from(ffi.clone()).unwrap();
        assert_eq!(converted.api, core.api);
        assert_eq!(converted.poll_interval, core.poll_interval);
        assert_eq!(converted.binding_deadline, core.binding_deadline);
        assert_eq!(converted.payment_deadline, core.payment_deadline);
        assert_eq!(converted.max_attempts, core.max_attempts);
        assert_eq!(converted.initial_backoff, core.initial_backoff);
        assert_eq!(converted.max_backoff, core.max_backoff);
        assert_eq!(converted.three_ds_return_url, core.three_ds_return_url);
        assert_eq!(WalletConfig::from(&converted), ffi);
    }

    #[test]
    fn certificate_pins_pass_through_and_one_pin_alone_is_refused() {
        let pins: Vec<String> = [&b"the server's key"[..], &b"the backup key"[..]]
            .iter()
            .map(|spki| swip_core::api::tls::SpkiPin::of_spki(spki).to_string())
            .collect();
        let config = WalletConfig {
            certificate_pins: pins.clone(),
            ..wallet_config("https://api.swip.example".into())
        };
        let core = core_wallet::WalletConfig::try_from(config.clone()).unwrap();
        assert_eq!(core.api.certificate_pins.len(), 2);
        assert_eq!(WalletConfig::from(&core).certificate_pins, pins);
        let one = WalletConfig {
            certificate_pins: pins[..1].to_vec(),
            ..config
        };
        let error = core_wallet::WalletConfig::try_from(one).unwrap_err();
        assert!(error.to_string().contains("certificatePins"), "{error}");
    }

    #[test]
    fn zero_or_negative_numbers_are_refused_in_kotlin_names() {
        let config = WalletConfig {
            poll_interval_ms: 0,
            ..wallet_config("https://api.swip.example".into())
        };
        let error = core_wallet::WalletConfig::try_from(config.clone()).unwrap_err();
        assert!(error.to_string().contains("pollIntervalMs"), "{error}");
        let negative = WalletConfig {
            connect_timeout_ms: -5,
            poll_interval_ms: 1,
            ..config.clone()
        };
        let error = core_wallet::WalletConfig::try_from(negative).unwrap_err();
        assert!(error.to_string().contains("connectTimeoutMs"), "{error}");
        let no_attempts = WalletConfig {
            max_attempts: 0,
            poll_interval_ms: 1,
            ..config
        };
        let error = core_wallet::WalletConfig::try_from(no_attempts).unwrap_err();
        assert!(error.to_string().contains("maxAttempts"), "{error}");
    }

    #[test]
    fn a_bound_binding_carries_its_card_and_object_variants_print_their_name() {
        let card = core::CardView {
            id: "card-7".into(),
            masked_number: "**** **** **** 2009".into(),
            payment_system: "МИР".into(),
            bank_name: "Bank".into(),
            is_default: false,
            blocked: false,
            created_at_ms: 1,
        };
        let stage = BindingStage::from(core::BindingStage::Bound {
            card: Some(card.clone()),
        });
        let BindingStage::Bound {
            card: Some(carried),
        } = &stage
        else {
            panic!("{stage:?}")
        };
        assert_eq!(carried.id, "card-7");
        assert_eq!(AuthState::SignedOut.to_string(), "SignedOut");
        assert_eq!(OrderSource::InApp.to_string(), "InApp");
        assert!(stage.to_string().contains("maskedNumber"), "{stage}");
    }

    #[test]
    fn the_default_state_is_signed_out() {
        let state = AppState::from(core::AppState::default());
        assert_eq!(state.auth, AuthState::SignedOut);
        assert!(
            state.cards.cards.is_empty() && state.binding.is_none() && state.checkout.is_none()
        );
    }
}

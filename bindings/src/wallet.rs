//! [`Wallet`]: the core's wallet for Kotlin and Swift. Every method is a thin call into
//! `swip_core::wallet::Wallet`; the journey's logic stays in the core.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use swip_core::wallet::{Wallet as CoreWallet, WalletConfig as CoreConfig, WalletError};

use crate::error::SwipError;
use crate::observer::{StateObserver, SubscriptionHandle};
use crate::runtime;
use crate::store::{NativeStore, SecureStore};
use crate::types::{AppState, CounterPayment, OrderLine, WaitCondition, WalletConfig};

/// The wallet: the user's journey (signup, PIN, cards, orders, payment) driven by the core.
///
/// Render `state()` / `subscribe(observer)` and call the actions; hold no journey logic
/// in the app. Actions are `suspend` (Kotlin) / `async` (Swift): each validates its input (an
/// `InvalidInput` error before any request), then returns once the requests it caused answered;
/// bindings and payments go on in the background (follow the state). Cancelling the caller
/// cancels only the waiting: the work belongs to the wallet and the state stays consistent.
/// Background work stops when the wallet is closed/released or `shutdown()` is called.
#[derive(uniffi::Object)]
pub struct Wallet {
    core: CoreWallet,
}

impl Wallet {
    /// Runs an action of the core on the runtime; the caller may stop waiting, the action goes on.
    async fn act<F, Fut>(&self, action: F) -> Result<(), SwipError>
    where
        F: FnOnce(CoreWallet) -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), WalletError>> + Send + 'static,
    {
        let core = self.core.clone();
        runtime::run(async move { action(core).await.map_err(SwipError::from) }).await
    }
}

#[uniffi::export]
impl Wallet {
    /// Opens the wallet on the app's secure store: restores the session (the state is then
    /// `Locked`, asking for the PIN) and resumes any payment or binding that was under way when
    /// the app was killed.
    #[uniffi::constructor]
    pub async fn open(
        config: WalletConfig,
        store: Arc<dyn SecureStore>,
    ) -> Result<Arc<Wallet>, SwipError> {
        let config = CoreConfig::try_from(config)?;
        runtime::run(async move {
            let core = CoreWallet::open(config, Arc::new(NativeStore(store))).await?;
            Ok(Arc::new(Wallet { core }))
        })
        .await
    }

    /// The current state.
    pub fn state(&self) -> AppState {
        self.core.state().into()
    }

    /// Calls `observer` with the current state (as of this call) at once, then after every change,
    /// until the returned handle is cancelled or released, or the wallet is shut down. Every call
    /// comes on one dedicated thread named `swip-observer` (one per subscription). Keep the
    /// handle.
    pub fn subscribe(
        &self,
        observer: Arc<dyn StateObserver>,
    ) -> Result<Arc<SubscriptionHandle>, SwipError> {
        let handle =
            SubscriptionHandle::start(observer, self.core.subscribe(), self.core.closed())?;
        Ok(Arc::new(handle))
    }

    /// Waits until `condition` holds (checked at once, then on every change), for at most
    /// `timeoutMs`; returns that state. A `TimedOut` error otherwise. Cancelling the caller ends
    /// the wait (nothing else). For tests and scripts: an app observes instead.
    pub async fn wait_for(
        &self,
        condition: WaitCondition,
        timeout_ms: i64,
    ) -> Result<AppState, SwipError> {
        let Ok(timeout) = u64::try_from(timeout_ms) else {
            return Err(SwipError::Config {
                detail: format!("timeoutMs must not be negative (got {timeout_ms})"),
            });
        };
        let core = self.core.clone();
        runtime::run_abortable(async move {
            core.wait_for(Duration::from_millis(timeout), |state| {
                condition.holds(state)
            })
            .await
            .map(AppState::from)
            .map_err(|_| SwipError::TimedOut {
                detail: format!("timed out after {timeout_ms} ms waiting for {condition:?}"),
            })
        })
        .await
    }

    /// True when a 3-D Secure WebView navigating to `url` has reached the return URL (same
    /// scheme, host, port and path; the query is ignored). Then close the WebView and call
    /// `threeDsReturned()`. The outcome always comes from the server, never the page.
    pub fn is_three_ds_return_url(&self, url: String) -> bool {
        self.core.is_three_ds_return_url(&url)
    }

    /// The URL a 3-D Secure page ends on.
    pub fn three_ds_return_url(&self) -> String {
        self.core.three_ds_return_url().to_owned()
    }

    /// Now on the wallet's clock, ms since 1970 (compare with `AwaitingCode.resendAvailableAtMs`).
    pub fn now_ms(&self) -> i64 {
        self.core.now_ms()
    }

    /// Number of bindings and payments being polled now.
    pub fn active_polls(&self) -> i32 {
        i32::try_from(self.core.active_polls()).unwrap_or(i32::MAX)
    }

    /// False once `shutdown()` was called: every action then fails with
    /// `SwipError.ShutDown` (Kotlin `SwipException.ShutDown`).
    pub fn is_open(&self) -> bool {
        self.core.is_open()
    }

    /// Cancels every background task now; the wallet accepts no more work: every action then
    /// fails with `ShutDown` before anything is published or sent, and every subscription ends.
    /// Pending payments and bindings stay in the secure store's journal and resume at the next
    /// `open`.
    pub fn shutdown(&self) {
        self.core.shutdown();
    }

    // ---- Actions ---------------------------------------------------------------------------

    /// Signs up (or starts logging in) with a phone number (`+7 916 000-00-01`, `89160000001`...);
    /// an SMS code is sent.
    pub async fn start_signup(&self, phone: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.start_signup(&phone).await })
            .await
    }

    /// Sends the SMS again (at most once a minute).
    pub async fn resend_sms(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.resend_sms().await }).await
    }

    /// Checks the SMS code. A known user goes on to enter their PIN, a new one to choose it.
    pub async fn submit_code(&self, code: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.submit_code(&code).await })
            .await
    }

    /// A new user sets their PIN (4 digits); names may be empty.
    pub async fn set_pin(
        &self,
        pin: String,
        first_name: String,
        last_name: String,
    ) -> Result<(), SwipError> {
        self.act(move |w| async move { w.set_pin(&pin, &first_name, &last_name).await })
            .await
    }

    /// Enters the PIN: a known user on a new device, or unlocking after a restart.
    pub async fn enter_pin(&self, pin: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.enter_pin(&pin).await })
            .await
    }

    /// Signs out and forgets the session on this device (refused while a payment is pending).
    pub async fn sign_out(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.sign_out().await }).await
    }

    /// Reloads the card list.
    pub async fn refresh_cards(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.refresh_cards().await }).await
    }

    /// Validates, encrypts and binds a card; returns when the server took it (follow the state
    /// for 3-D Secure and the result). Every invalid field is reported at once. The card is
    /// passed as arguments, not as a record, so that no generated `toString()`/`description`
    /// can ever print it.
    #[allow(clippy::too_many_arguments)]
    pub async fn bind_card(
        &self,
        number: String,
        exp_month: i32,
        exp_year: i32,
        cvv: String,
        holder: String,
        make_default: bool,
    ) -> Result<(), SwipError> {
        // A negative month or year is as invalid as 0: the core says so, field by field.
        let form = swip_core::wallet::CardForm {
            number,
            exp_month: u32::try_from(exp_month).unwrap_or(0),
            exp_year: u32::try_from(exp_year).unwrap_or(0),
            cvv,
            holder,
        };
        self.act(move |w| async move { w.bind_card(&form, make_default).await })
            .await
    }

    /// The 3-D Secure WebView reached the return URL (`isThreeDsReturnUrl(url)`).
    pub async fn three_ds_returned(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.three_ds_returned().await })
            .await
    }

    /// The user closed the 3-D Secure WebView.
    pub async fn three_ds_closed(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.three_ds_closed().await }).await
    }

    /// Asks the server again about a binding or payment whose outcome is unknown (never
    /// charges again).
    pub async fn check_again(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.check_again().await }).await
    }

    /// Puts away a finished binding.
    pub async fn dismiss_binding(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.dismiss_binding().await }).await
    }

    /// Makes a card the default one.
    pub async fn set_default_card(&self, card_id: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.set_default_card(&card_id).await })
            .await
    }

    /// Stops a card being the default one.
    pub async fn unset_default_card(&self, card_id: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.unset_default_card(&card_id).await })
            .await
    }

    /// Deletes a card.
    pub async fn delete_card(&self, card_id: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.delete_card(&card_id).await })
            .await
    }

    /// Creates an order; the state then shows it with its loyalty (discount, cashback).
    pub async fn create_order(
        &self,
        merchant_id: String,
        merchant_store_id: String,
        lines: Vec<OrderLine>,
    ) -> Result<(), SwipError> {
        let lines: Vec<_> = lines.into_iter().map(Into::into).collect();
        self.act(move |w| async move {
            w.create_order(&merchant_id, &merchant_store_id, &lines)
                .await
        })
        .await
    }

    /// Pays the current order with `cardId` (or the default card when `null`/`nil`), the
    /// receipt going to `email`; returns once the server took the payment (follow the state for
    /// the result). A retry never charges twice.
    pub async fn pay(&self, card_id: Option<String>, email: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.pay(card_id.as_deref(), &email).await })
            .await
    }

    /// Finds a shop till's order by its session code (the text of the QR the till shows); the
    /// state then shows it with the user's loyalty, to pay in the app (`pay`) or at the
    /// counter (`payAtCounter`).
    pub async fn find_counter_order(&self, session_code: String) -> Result<(), SwipError> {
        self.act(move |w| async move { w.find_counter_order(&session_code).await })
            .await
    }

    /// The user pays the till's order at the counter, in cash or at the bank's terminal.
    pub async fn pay_at_counter(&self, method: CounterPayment) -> Result<(), SwipError> {
        self.act(move |w| async move { w.pay_at_counter(method.into()).await })
            .await
    }

    /// Puts away a finished order.
    pub async fn dismiss_checkout(&self) -> Result<(), SwipError> {
        self.act(|w| async move { w.dismiss_checkout().await })
            .await
    }
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.core.fmt(f)
    }
}

//! The demo journey through the [`Wallet`] (as `tests/tests/new_user_journey.rs` and `swip demo`):
//! signup, SMS code, PIN, a 3-D Secure card (its bank page answered as a WebView would), a second
//! card, make it the default, an order with loyalty, pay, paid. One sandbox serves it, in this
//! process or in another one reached over loopback.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use swip_core::journey::{AppState, CardView, PaymentStage};
use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{CardForm, OrderLine, Wallet, WalletConfig, WalletError};
use swip_sandbox::Sandbox;
use swip_sandbox::control::{CardBehavior, Catalog, SmsRecord, TestCard};

/// The PIN of every benchmark user.
pub const PIN: &str = "2580";
/// The receipt e-mail of every benchmark user.
pub const EMAIL: &str = "bench@swip.test";
/// The one-time code the sandbox's bank accepts.
pub const BANK_CODE: &str = "1234";

/// Installs rustls' ring provider (reqwest panics without one); harmless when already installed.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The `n`-th benchmark phone: 11 digits, `7` then 10 digits.
pub fn phone(n: u64) -> String {
    format!("79{:09}", n % 1_000_000_000)
}

/// Most control requests (SMS code, bank form) in flight at once: enough not to hold journeys back
/// (a phone gets its SMS and a WebView posts its form without waiting for others), few enough to
/// keep the sockets of a 10,000-wallet run under the per-process limit.
const CONTROL_CONNECTIONS: usize = 1_000;

/// What the journey needs of a sandbox besides its API: the SMS code, the test cards, the
/// catalog, and the bank's 3-D Secure form (posted as a WebView would).
pub struct Control {
    base: String,
    http: reqwest::Client,
    local: Option<Arc<Sandbox>>,
    three_ds_card: TestCard,
    plain_card: TestCard,
    catalog: Catalog,
    /// Bounds the control requests in flight (and so their sockets) when thousands of journeys
    /// share this control.
    in_flight: tokio::sync::Semaphore,
}

impl Control {
    /// Control of the sandbox at `base`; `local` is the same sandbox when it runs in this process
    /// (its SMS are then read directly instead of through `GET /sandbox/sms`).
    pub async fn new(base: String, local: Option<Arc<Sandbox>>) -> Result<Control, String> {
        install_crypto();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(CONTROL_CONNECTIONS)
            .build()
            .map_err(|e| format!("control client: {e}"))?;
        let (cards, catalog) = match &local {
            Some(sandbox) => (sandbox.test_cards(), sandbox.catalog()),
            None => (
                get_json::<Vec<TestCard>>(&http, &format!("{base}/sandbox/test-cards")).await?,
                get_json::<Catalog>(&http, &format!("{base}/sandbox/catalog")).await?,
            ),
        };
        let pick = |behavior| {
            cards
                .iter()
                .find(|c| c.behavior == behavior)
                .cloned()
                .ok_or_else(|| format!("no {behavior:?} test card"))
        };
        Ok(Control {
            three_ds_card: pick(CardBehavior::ThreeDs)?,
            plain_card: pick(CardBehavior::Success)?,
            base,
            http,
            local,
            catalog,
            in_flight: tokio::sync::Semaphore::new(CONTROL_CONNECTIONS),
        })
    }

    /// The sandbox's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A client for control requests (redirects not followed).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The code of the last SMS sent to `phone`.
    pub async fn sms_code(&self, phone: &str) -> Result<String, String> {
        let _permit = self.in_flight.acquire().await.map_err(|e| e.to_string())?;
        let record = match &self.local {
            Some(sandbox) => sandbox.latest_sms(phone),
            None => Some(
                get_json::<SmsRecord>(
                    &self.http,
                    &format!("{}/sandbox/sms?phone={phone}", self.base),
                )
                .await?,
            ),
        };
        record
            .map(|r| r.code)
            .ok_or_else(|| format!("no SMS to {phone}"))
    }

    /// Posts the bank's 3-D Secure form with `code`, as the WebView does; the bank answers 303 to
    /// the return URL, which the shell intercepts.
    pub async fn submit_bank_form(&self, deferred_id: &str, code: &str) -> Result<(), String> {
        let _permit = self.in_flight.acquire().await.map_err(|e| e.to_string())?;
        let response = self
            .http
            .post(format!("{}/ext/bank/3ds/{deferred_id}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("code={code}"))
            .send()
            .await
            .map_err(|e| format!("bank form: {e}"))?;
        match response.status().as_u16() {
            303 => Ok(()),
            status => Err(format!("bank form answered {status}")),
        }
    }

    /// The form of a test card.
    pub fn card_form(&self, three_ds: bool) -> CardForm {
        let card = if three_ds {
            &self.three_ds_card
        } else {
            &self.plain_card
        };
        CardForm {
            number: card.pan.clone(),
            exp_month: card.exp_month.into(),
            exp_year: card.exp_year.into(),
            cvv: card.cvv.clone(),
            holder: "IVAN PETROV".into(),
        }
    }

    /// The demo order: two of the first merchant's first product, one of its second.
    fn order(&self) -> Result<(String, String, Vec<OrderLine>), String> {
        let merchant = self.catalog.merchants.first().ok_or("empty catalog")?;
        let store = merchant.stores.first().ok_or("merchant without store")?;
        let [first, second, ..] = merchant.products.as_slice() else {
            return Err("merchant with fewer than two products".into());
        };
        Ok((
            merchant.merchant_id.clone(),
            store.merchant_store_id.clone(),
            vec![
                OrderLine {
                    product_id: first.product_id.clone(),
                    quantity: 2.0,
                },
                OrderLine {
                    product_id: second.product_id.clone(),
                    quantity: 1.0,
                },
            ],
        ))
    }
}

async fn get_json<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
) -> Result<T, String> {
    let response = http
        .get(url)
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("GET {url}: {status}"));
    }
    serde_json::from_slice(&bytes).map_err(|e| format!("GET {url}: {e}"))
}

/// What a finished journey leaves behind.
#[derive(Debug, Clone)]
pub struct JourneyReport {
    /// Deferred id of the 3-D Secure binding.
    pub three_ds_binding: String,
    /// Deferred id of the second binding.
    pub plain_binding: String,
    /// Deferred id of the payment.
    pub payment: String,
}

/// Journeys of this process past each milestone: signed in, 3-D Secure card bound, second card
/// made default, order created, paid (the scale run prints them as it goes).
pub static MILESTONES: [AtomicUsize; 5] = [const { AtomicUsize::new(0) }; 5];

/// Names of [`MILESTONES`].
pub const MILESTONE_NAMES: [&str; 5] = ["signed in", "3ds bound", "default set", "ordered", "paid"];

fn milestone(i: usize) {
    MILESTONES[i].fetch_add(1, Ordering::Relaxed);
}

/// Longest wait for any one state of a journey (the sandbox reaches each within seconds).
pub const STEP_WAIT: Duration = Duration::from_secs(300);

/// Runs the whole demo journey on a new wallet over `store`, for a new user with `phone`. The
/// wallet is shut down at the end; the store keeps the signed-in session.
pub async fn run(
    control: &Control,
    config: WalletConfig,
    store: Arc<MemoryStore>,
    phone: &str,
) -> Result<JourneyReport, String> {
    let wallet = Wallet::open(config, store as Arc<dyn SecureStore>)
        .await
        .map_err(|e| format!("open: {e}"))?;
    let result = journey(control, &wallet, phone).await;
    wallet.shutdown();
    result
}

async fn journey(control: &Control, wallet: &Wallet, phone: &str) -> Result<JourneyReport, String> {
    let step = |name: &'static str| move |e: WalletError| format!("{name}: {e}");
    wallet
        .start_signup(phone)
        .await
        .map_err(step("start_signup"))?;
    let code = control.sms_code(phone).await?;
    wallet
        .submit_code(&code)
        .await
        .map_err(step("submit_code"))?;
    wallet
        .set_pin(PIN, "Ivan", "Petrov")
        .await
        .map_err(step("set_pin"))?;
    if !wallet.state().auth.is_signed_in() {
        return Err(format!("not signed in: {:?}", wallet.state().auth.name()));
    }

    milestone(0);

    // The 3-D Secure card, as default.
    wallet
        .bind_card(&control.card_form(true), true)
        .await
        .map_err(step("bind_card 3ds"))?;
    let state = wait(wallet, "3-D Secure page", three_ds_shown).await?;
    let three_ds_binding = binding_id(&state)?;
    control
        .submit_bank_form(&three_ds_binding, BANK_CODE)
        .await?;
    three_ds_returned(wallet).await?;
    settle_binding(wallet).await?;

    milestone(1);

    // A second card, then made the default.
    wallet
        .bind_card(&control.card_form(false), false)
        .await
        .map_err(step("bind_card"))?;
    let state = wait(wallet, "binding", |s| s.binding.is_some()).await?;
    let plain_binding = binding_id(&state)?;
    let second = settle_binding(wallet).await?;
    wallet
        .set_default_card(&second.id)
        .await
        .map_err(step("set_default_card"))?;
    let state = wait(wallet, "card list", |s| !s.cards.loading).await?;
    if state.cards.default_card().map(|c| &c.id) != Some(&second.id) {
        return Err("the second card did not become the default".into());
    }

    milestone(2);

    // An order, paid with the default card.
    let (merchant, store, lines) = control.order()?;
    wallet
        .create_order(&merchant, &store, &lines)
        .await
        .map_err(step("create_order"))?;
    milestone(3);
    wallet.pay(None, EMAIL).await.map_err(step("pay"))?;
    let state = wait(wallet, "payment", payment_settled).await?;
    let Some(PaymentStage::Paid { attempt }) = state.checkout.as_ref().map(|c| &c.stage) else {
        return Err(format!(
            "payment ended {:?}",
            state.checkout.map(|c| c.stage)
        ));
    };
    milestone(4);
    Ok(JourneyReport {
        three_ds_binding,
        plain_binding,
        payment: attempt.deferred_id.clone().unwrap_or_default(),
    })
}

/// The WebView reached the return URL. A poll may have seen the result first (the binding is then
/// settled and the machine refuses this action): that is fine, as it is for an app.
pub async fn three_ds_returned(wallet: &Wallet) -> Result<(), String> {
    match wallet.three_ds_returned().await {
        Ok(()) | Err(WalletError::NotAllowed(_)) => Ok(()),
        Err(error) => Err(format!("three_ds_returned: {error}")),
    }
}

/// Waits for a binding to be bound, dismisses it and returns its card from the reloaded list.
async fn settle_binding(wallet: &Wallet) -> Result<CardView, String> {
    let state = wait(wallet, "binding result", binding_settled).await?;
    let binding = state.binding.ok_or("binding vanished")?;
    if !binding.stage.is_bound() {
        return Err(format!("binding ended {:?}", binding.stage));
    }
    wallet
        .dismiss_binding()
        .await
        .map_err(|e| format!("dismiss_binding: {e}"))?;
    let state = wait(wallet, "card list", |s| !s.cards.loading).await?;
    state
        .cards
        .cards
        .iter()
        .find(|c| c.masked_number.ends_with(&binding.last4))
        .cloned()
        .ok_or_else(|| "bound card not listed".into())
}

async fn wait(
    wallet: &Wallet,
    what: &str,
    predicate: impl FnMut(&AppState) -> bool,
) -> Result<AppState, String> {
    wallet
        .wait_for(STEP_WAIT, predicate)
        .await
        .map_err(|e| format!("waiting for {what}: {e}"))
}

fn binding_id(state: &AppState) -> Result<String, String> {
    state
        .binding
        .as_ref()
        .and_then(|b| b.deferred_id.clone())
        .ok_or_else(|| "binding without deferred id".into())
}

/// True once the binding is bound, failed or unknown.
pub fn binding_settled(state: &AppState) -> bool {
    state.binding_settled()
}

/// True once the binding is bound.
pub fn binding_bound(state: &AppState) -> bool {
    state.binding.as_ref().is_some_and(|b| b.stage.is_bound())
}

/// True while a 3-D Secure page is shown.
pub fn three_ds_shown(state: &AppState) -> bool {
    state.three_ds_page().is_some()
}

/// True once the payment is paid, failed, unknown or handed to the counter (the core's query).
pub fn payment_settled(state: &AppState) -> bool {
    state.payment_settled()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_eleven_digits_and_distinct() {
        assert_eq!(phone(0), "79000000000");
        assert_eq!(phone(12_345), "79000012345");
        assert_eq!(phone(9_999).len(), 11);
        assert_ne!(phone(1), phone(2));
    }
}

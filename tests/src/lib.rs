//! Test harness for end-to-end journeys: an in-process sandbox and wallets on one secure store,
//! driven only through the wallet's public API (what the shells and the FFI use).

pub mod faults;
pub mod secrets;
pub mod seed_server;

use std::sync::Arc;
use std::time::Duration;

use swip_core::journey::{AppState, AuthState, CardView};
use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{CardForm, OrderLine, Wallet, WalletConfig};
use swip_sandbox::control::{CardBehavior, TestCard};
use swip_sandbox::wire_style::WIRE_STYLE_ENV;
use swip_sandbox::{Sandbox, SandboxConfig, WireStyle};

/// Long enough for any state the sandbox reaches on its own (its delays are seconds).
pub const WAIT: Duration = Duration::from_secs(120);

/// The demo PIN of the harness.
pub const PIN: &str = "2580";
/// The receipt e-mail of the harness.
pub const EMAIL: &str = "qa@swip.test";

/// The wire style `SWIP_WIRE_STYLE` names, or `otherwise` when it is unset; panics (failing the
/// test) on a name that is neither `nulls` nor `omit`.
pub fn wire_style_from_env(otherwise: WireStyle) -> WireStyle {
    match std::env::var(WIRE_STYLE_ENV) {
        Ok(name) if !name.trim().is_empty() => name
            .parse()
            .unwrap_or_else(|error| panic!("{WIRE_STYLE_ENV}: {error}")),
        _ => otherwise,
    }
}

/// A sandbox, a secure store that outlives wallets (the device), and the current wallet.
pub struct Harness {
    /// The server.
    pub sandbox: Sandbox,
    /// The device's secure store.
    pub store: Arc<MemoryStore>,
    /// The wallet now running on this device.
    pub wallet: Wallet,
}

impl Harness {
    /// A fresh sandbox and a wallet with the default configuration.
    pub async fn start() -> Harness {
        Self::start_with(SandboxConfig::default(), |_| {}).await
    }

    /// A sandbox with `config`, and a wallet whose configuration `tune` may change. When
    /// `SWIP_WIRE_STYLE` is set (`nulls` or `omit`) the sandbox answers in that style whatever
    /// `config` says, so the test command runs every journey against both (see
    /// `scripts/test.d/15-wire-styles.sh`); an unknown name fails the test.
    pub async fn start_with(
        mut config: SandboxConfig,
        tune: impl Fn(&mut WalletConfig),
    ) -> Harness {
        config.wire_style = wire_style_from_env(config.wire_style);
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let store = Arc::new(MemoryStore::new());
        let mut wallet_config = WalletConfig::new(sandbox.url());
        tune(&mut wallet_config);
        let wallet = Wallet::open(wallet_config, store.clone() as Arc<dyn SecureStore>)
            .await
            .expect("wallet opens");
        Harness {
            sandbox,
            store,
            wallet,
        }
    }

    /// Simulates the app being killed and started again on the same device: the running wallet
    /// is dropped (its tasks stop) and a new one opens on the same store.
    pub async fn restart(&mut self) {
        let config = self.wallet.config().clone();
        self.wallet.shutdown();
        let fresh = Wallet::open(config, self.store.clone() as Arc<dyn SecureStore>)
            .await
            .expect("wallet reopens");
        self.wallet = fresh;
    }

    /// A second device (its own store) on the same sandbox.
    pub async fn other_device(&self) -> Wallet {
        let config = self.wallet.config().clone();
        Wallet::open(config, Arc::new(MemoryStore::new()) as Arc<dyn SecureStore>)
            .await
            .expect("wallet opens")
    }

    /// The SMS code the sandbox sent last to `phone`.
    pub fn sms_code(&self, phone: &str) -> String {
        self.sandbox
            .latest_sms(phone)
            .expect("an SMS was sent")
            .code
    }

    /// Signs a new user up on `wallet` to `SignedIn`.
    pub async fn sign_up(&self, wallet: &Wallet, phone: &str) {
        wallet.start_signup(phone).await.expect("signup");
        wallet
            .submit_code(&self.sms_code(phone))
            .await
            .expect("code");
        assert!(
            matches!(wallet.state().auth, AuthState::PinSetup { .. }),
            "{:?}",
            wallet.state().auth
        );
        wallet.set_pin(PIN, "Ivan", "Petrov").await.expect("PIN");
        assert!(wallet.state().auth.is_signed_in());
    }

    /// The card form of a sandbox test card with `behavior`.
    pub fn card(&self, behavior: CardBehavior) -> (TestCard, CardForm) {
        let card = self.sandbox.test_card(behavior);
        let form = CardForm {
            number: card.pan.clone(),
            exp_month: card.exp_month.into(),
            exp_year: card.exp_year.into(),
            cvv: card.cvv.clone(),
            holder: "IVAN PETROV".into(),
        };
        (card, form)
    }

    /// Binds a card that needs no 3-D Secure and waits until it is bound.
    pub async fn bind_success_card(&self, behavior: CardBehavior) -> CardView {
        let (card, form) = self.card(behavior);
        self.wallet
            .bind_card(&form, false)
            .await
            .expect("binding accepted");
        let state = self
            .wallet
            .wait_for(WAIT, binding_settled)
            .await
            .expect("binding settles");
        assert!(
            state.binding.as_ref().unwrap().stage.is_bound(),
            "{:?}",
            state.binding
        );
        // The binding carries the new card once the list has reloaded: no matching by digits.
        let state = self
            .wallet
            .wait_for(WAIT, |s| !s.cards.loading)
            .await
            .unwrap();
        let bound = state
            .binding
            .as_ref()
            .and_then(|b| b.stage.bound_card())
            .cloned()
            .expect("the bound binding carries its card");
        let last4 = &card.pan[card.pan.len() - 4..];
        assert!(bound.masked_number.ends_with(last4), "{bound:?}");
        assert!(
            state.cards.cards.iter().any(|c| c.id == bound.id),
            "{bound:?} is listed"
        );
        self.wallet.dismiss_binding().await.expect("dismiss");
        bound
    }

    /// Creates an order of the sandbox's demo merchant: two of its first product, one of its
    /// second.
    pub async fn create_demo_order(&self) {
        let catalog = self.sandbox.catalog();
        let merchant = &catalog.merchants[0];
        let lines = vec![
            OrderLine {
                product_id: merchant.products[0].product_id.clone(),
                quantity: 2.0,
            },
            OrderLine {
                product_id: merchant.products[1].product_id.clone(),
                quantity: 1.0,
            },
        ];
        self.wallet
            .create_order(
                &merchant.merchant_id,
                &merchant.stores[0].merchant_store_id,
                &lines,
            )
            .await
            .expect("order created");
    }
}

/// True once the binding is bound, failed or unknown.
pub fn binding_settled(state: &AppState) -> bool {
    state.binding_settled()
}

/// True once the payment is paid, failed, unknown or handed to the counter (the core's query).
pub fn payment_settled(state: &AppState) -> bool {
    state.payment_settled()
}

/// True while a 3-D Secure page is shown.
pub fn three_ds_shown(state: &AppState) -> bool {
    state.three_ds_page().is_some()
}

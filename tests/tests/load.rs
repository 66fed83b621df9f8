//! Load: hundreds of wallets at once in one process against one sandbox, each signing a user up,
//! binding two cards, creating an order and paying it. Nothing may be lost or done twice: every
//! user ends with exactly their two cards (one default), every order is paid and charged exactly
//! once, and no charge belongs to an order nobody paid.
//!
//! ```sh
//! cargo test -p swip-e2e --test load -- --nocapture                      # 200 wallets (the suite)
//! LOAD_WALLETS=1000 cargo test -p swip-e2e --test load -- --nocapture
//! ```

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use swip_core::journey::{BindingStage, PaymentStage};
use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{CardForm, OrderLine, Wallet, WalletConfig};
use swip_e2e::{EMAIL, PIN, binding_settled, payment_settled};
use swip_sandbox::control::{CardBehavior, TestCard};
use swip_sandbox::{Sandbox, SandboxConfig};

/// Generous: the machine has two cores shared by hundreds of wallets and the server.
const WAIT: Duration = Duration::from_secs(240);

/// What one wallet ended with.
struct Done {
    order_id: String,
    cards: usize,
    defaults: usize,
}

fn form(card: &TestCard) -> CardForm {
    CardForm {
        number: card.pan.clone(),
        exp_month: card.exp_month.into(),
        exp_year: card.exp_year.into(),
        cvv: card.cvv.clone(),
        holder: "IVAN PETROV".into(),
    }
}

async fn one_user(
    config: WalletConfig,
    phone: String,
    code: impl Fn(&str) -> String,
    cards: [CardForm; 2],
    order: (String, String, Vec<OrderLine>),
) -> Result<Done, String> {
    let store = Arc::new(MemoryStore::new()) as Arc<dyn SecureStore>;
    let wallet = Wallet::open(config, store)
        .await
        .map_err(|e| e.to_string())?;
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("{phone} {what}: {e}");
    wallet
        .start_signup(&phone)
        .await
        .map_err(|e| fail("signup", &e))?;
    wallet
        .submit_code(&code(&phone))
        .await
        .map_err(|e| fail("code", &e))?;
    wallet
        .set_pin(PIN, "", "")
        .await
        .map_err(|e| fail("PIN", &e))?;
    for card in &cards {
        wallet
            .bind_card(card, false)
            .await
            .map_err(|e| fail("bind", &e))?;
        let state = wallet
            .wait_for(WAIT, binding_settled)
            .await
            .map_err(|e| fail("binding", &e))?;
        let stage = state.binding.map(|b| b.stage);
        if !stage.as_ref().is_some_and(BindingStage::is_bound) {
            return Err(format!("{phone} binding ended {stage:?}"));
        }
        wallet
            .dismiss_binding()
            .await
            .map_err(|e| fail("dismiss", &e))?;
    }
    let (merchant, store, lines) = order;
    wallet
        .create_order(&merchant, &store, &lines)
        .await
        .map_err(|e| fail("order", &e))?;
    wallet.pay(None, EMAIL).await.map_err(|e| fail("pay", &e))?;
    let state = wallet
        .wait_for(WAIT, payment_settled)
        .await
        .map_err(|e| fail("payment", &e))?;
    let checkout = state.checkout.expect("an order");
    if !matches!(checkout.stage, PaymentStage::Paid { .. }) {
        return Err(format!("{phone} payment ended {:?}", checkout.stage));
    }
    wallet
        .refresh_cards()
        .await
        .map_err(|e| fail("cards", &e))?;
    let state = wallet
        .wait_for(WAIT, |s| !s.cards.loading)
        .await
        .map_err(|e| fail("list", &e))?;
    Ok(Done {
        order_id: checkout.order.expect("order").id,
        cards: state.cards.cards.len(),
        defaults: state.cards.cards.iter().filter(|c| c.is_default).count(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_wallets_at_once_lose_nothing_and_charge_once() {
    let wallets: usize = std::env::var("LOAD_WALLETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let sandbox = Arc::new(
        Sandbox::start(SandboxConfig {
            processing_delay: Duration::from_millis(300),
            seed: Some(11),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox"),
    );
    let mut config = WalletConfig::new(sandbox.url());
    config.poll_interval = Duration::from_millis(200);
    let successes: Vec<TestCard> = sandbox
        .test_cards()
        .into_iter()
        .filter(|c| c.behavior == CardBehavior::Success)
        .collect();
    let cards = [form(&successes[0]), form(&successes[1])];
    let catalog = sandbox.catalog();
    let merchant = &catalog.merchants[0];
    let order = (
        merchant.merchant_id.clone(),
        merchant.stores[0].merchant_store_id.clone(),
        vec![OrderLine {
            product_id: merchant.products[0].product_id.clone(),
            quantity: 1.0,
        }],
    );

    let started = Instant::now();
    let tasks: Vec<_> = (0..wallets)
        .map(|i| {
            let sandbox = sandbox.clone();
            let code = move |phone: &str| {
                sandbox
                    .latest_sms(phone)
                    .map(|s| s.code)
                    .unwrap_or_default()
            };
            tokio::spawn(one_user(
                config.clone(),
                format!("7926{i:07}"),
                code,
                cards.clone(),
                order.clone(),
            ))
        })
        .collect();
    let mut done = Vec::new();
    let mut failures = Vec::new();
    for task in tasks {
        match task.await.expect("no panic") {
            Ok(d) => done.push(d),
            Err(e) => failures.push(e),
        }
    }
    let elapsed = started.elapsed();
    let charges = sandbox.charges();
    let requests = sandbox.journal().len();
    println!(
        "load: {wallets} wallets, {} paid, {} failed, {} charges, {requests} requests in {:.1} s ({:.0} requests/s)",
        done.len(),
        failures.len(),
        charges.len(),
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(done.len(), wallets);
    for d in &done {
        assert_eq!(
            (d.cards, d.defaults),
            (2, 1),
            "two cards, one default: {}",
            d.order_id
        );
    }
    let mut per_order: HashMap<&str, usize> = HashMap::new();
    for charge in &charges {
        *per_order.entry(charge.order_id.as_str()).or_default() += 1;
    }
    for d in &done {
        assert_eq!(
            per_order.get(d.order_id.as_str()),
            Some(&1),
            "charged once: {}",
            d.order_id
        );
    }
    assert_eq!(charges.len(), wallets, "no charge besides the paid orders");
}

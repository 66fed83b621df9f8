//! QA helpers on a kept session (`swip cards`, `swip pay`, `swip sign-out`) and the hidden
//! harness of the headless-browser 3-D Secure test (`swip qa browser-three-ds`).

use crate::order_number;
use std::io::BufRead;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;
use swip_core::journey::{BindingStage, CardView};
use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{Wallet, WalletConfig};
use swip_sandbox::control::CardBehavior;
use swip_sandbox::{Sandbox, SandboxConfig};

use crate::args::{PayArgs, SessionArgs};
use crate::controls::Controls;
use crate::failure::Failure;
use crate::progress::write_line;
use crate::prompt::Prompter;
use crate::receipt::Receipt;
use crate::session::Session;
use crate::steps::{self, Bound, Flow};

/// Test harnesses.
#[derive(Debug, Subcommand)]
pub enum QaCommand {
    /// For the headless-browser test: starts a sandbox and a wallet, signs a user up, binds a
    /// 3-D Secure card and prints `{"type":"challenge","html","returnUrl",...}`; then reads the
    /// URL the browser navigated to from stdin, tells the wallet the page is done when it is the
    /// return URL, waits for the wallet's poll and prints `{"type":"result","binding":...}`.
    BrowserThreeDs(BrowserThreeDsArgs),
}

/// `swip qa browser-three-ds`.
#[derive(Debug, Args)]
pub struct BrowserThreeDsArgs {
    /// The sandbox's time in each processing stage, in milliseconds.
    #[arg(long, default_value_t = 300)]
    pub processing_delay_ms: u64,
    /// How long the binding is followed before it counts as unknown, in seconds.
    #[arg(long, default_value_t = 60)]
    pub deadline_secs: u64,
}

/// `swip cards`: the card list of the kept session.
pub async fn cards(args: SessionArgs) -> Result<(), Failure> {
    let session = Session::open(&args.server).await?;
    session.unlock(&Prompter::new()).await?;
    let cards = Flow::new(session.wallet.clone(), None).cards().await?;
    println!("{}", cards_table(&cards));
    session.wallet.shutdown();
    Ok(())
}

/// `swip pay`: an order paid on the kept session; exits 0 only when paid.
pub async fn pay(args: PayArgs) -> Result<(), Failure> {
    let lines = steps::parse_items(args.order.iter().map(String::as_str))?;
    let session = Session::open(&args.server).await?;
    session.unlock(&Prompter::new()).await?;
    let (merchant, store) = match (args.merchant, args.store) {
        (Some(merchant), Some(store)) => (merchant, store),
        (merchant, store) => {
            let catalog = Controls::new(&session.base_url)?.catalog().await.map_err(|_| {
                Failure::setup("--merchant and --store are needed (the server is not a sandbox with a catalog)")
            })?;
            let found = catalog
                .merchants
                .into_iter()
                .find(|m| merchant.as_ref().is_none_or(|id| *id == m.merchant_id))
                .ok_or_else(|| Failure::setup("no such merchant in the sandbox catalog"))?;
            let store = store
                .or_else(|| found.stores.first().map(|s| s.merchant_store_id.clone()))
                .ok_or_else(|| Failure::setup("the merchant has no store"))?;
            (found.merchant_id, store)
        }
    };
    let order = Flow::new(session.wallet.clone(), None)
        .create_order(&merchant, &store, &lines)
        .await?;
    eprintln!(
        "Order{}: {} ₽ (cashback {} ₽).",
        order_number::suffix(&order.order_number),
        order.total,
        order.cashback
    );
    let result = Flow::new(session.wallet.clone(), None)
        .pay(args.card.as_deref(), &args.email)
        .await;
    session.wallet.shutdown();
    let (order, attempt) = result?;
    println!("{}", Receipt::new(&order, &attempt).render());
    Ok(())
}

/// `swip sign-out`: forgets the kept session.
pub async fn sign_out(args: SessionArgs) -> Result<(), Failure> {
    let session = Session::open(&args.server).await?;
    session
        .wallet
        .sign_out()
        .await
        .map_err(|e| Failure::wallet("sign out", e))?;
    session.wallet.shutdown();
    eprintln!(
        "Signed out: this device forgot the session for {}.",
        session.base_url
    );
    Ok(())
}

/// The card list as a table.
pub fn cards_table(cards: &[CardView]) -> String {
    if cards.is_empty() {
        return "No cards.".into();
    }
    let mut out = format!(
        "{:<38} {:<20} {:<11} {:<8} {}\n",
        "id", "card", "brand", "default", "bank"
    );
    for card in cards {
        let flag = match (card.is_default, card.blocked) {
            (_, true) => "blocked",
            (true, false) => "yes",
            (false, false) => "",
        };
        out.push_str(&format!(
            "{:<38} {:<20} {:<11} {:<8} {}\n",
            card.id, card.masked_number, card.payment_system, flag, card.bank_name
        ));
    }
    out.pop();
    out
}

/// `swip qa browser-three-ds`: see [`QaCommand::BrowserThreeDs`].
pub async fn browser_three_ds(args: BrowserThreeDsArgs) -> Result<(), Failure> {
    let config = SandboxConfig {
        processing_delay: Duration::from_millis(args.processing_delay_ms),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config)
        .await
        .map_err(|e| Failure::setup(format!("the sandbox did not start: {e}")))?;
    let mut wallet_config = WalletConfig::new(sandbox.url());
    wallet_config.poll_interval = Duration::from_millis(200);
    wallet_config.binding_deadline = Duration::from_secs(args.deadline_secs);
    let store = Arc::new(MemoryStore::new()) as Arc<dyn SecureStore>;
    let wallet = Wallet::open(wallet_config, store)
        .await
        .map_err(|e| Failure::wallet("the wallet did not open", e))?;
    let result = browser_round(&sandbox, &wallet).await;
    wallet.shutdown();
    sandbox.shutdown().await;
    result
}

async fn browser_round(sandbox: &Sandbox, wallet: &Wallet) -> Result<(), Failure> {
    let failed = |what: &'static str| move |e| Failure::wallet(what, e);
    let controls = Controls::new(&sandbox.url())?;
    let phone = steps::fresh_phone()?;
    wallet
        .start_signup(phone.as_str())
        .await
        .map_err(failed("signup"))?;
    let sms = controls.latest_sms(phone.as_str()).await?;
    wallet
        .submit_code(&sms.code)
        .await
        .map_err(failed("the SMS code"))?;
    wallet
        .set_pin("2580", "Browser", "Test")
        .await
        .map_err(failed("the PIN"))?;

    let card = sandbox.test_card(CardBehavior::ThreeDs);
    let form = steps::test_card_form(&card, "BROWSER TEST");
    let flow = Flow::new(wallet.clone(), None);
    let Bound::Challenge { html } = flow.start_binding(&form, true).await? else {
        return Err(Failure::journey("the bank did not ask for 3-D Secure"));
    };
    let binding = wallet
        .state()
        .binding
        .ok_or_else(|| Failure::journey("no binding"))?;
    write_line(&json!({
        "type": "challenge",
        "sandboxUrl": sandbox.url(),
        "deferredId": binding.deferred_id,
        "returnUrl": wallet.three_ds_return_url(),
        "html": html,
    }));

    // The browser's turn: one line, the URL it navigated to.
    let navigated = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map(|_| line.trim().to_owned())
    })
    .await
    .map_err(|e| Failure::setup(e.to_string()))?
    .map_err(|e| Failure::setup(format!("cannot read the navigated URL: {e}")))?;
    if !wallet.is_three_ds_return_url(&navigated) {
        write_line(
            &json!({ "type": "result", "error": "not the return URL", "navigatedTo": navigated }),
        );
        return Err(Failure::journey(format!(
            "the browser ended on {navigated:?}, not the return URL"
        )));
    }
    flow.page_done().await?;
    let timeout = wallet.config().binding_deadline + Duration::from_secs(10);
    let state = wallet
        .wait_for(timeout, steps::binding_settled)
        .await
        .map_err(failed("card binding"))?;
    let stage = state.binding.map(|b| b.stage);
    let (outcome, problem) = match &stage {
        Some(BindingStage::Bound { .. }) => ("bound", None),
        Some(BindingStage::Failed { problem }) => ("failed", Some(problem.to_string())),
        _ => ("unknown", None),
    };
    let cards = match outcome {
        "bound" => flow
            .cards()
            .await?
            .into_iter()
            .map(|c| c.masked_number)
            .collect(),
        _ => Vec::new(),
    };
    write_line(
        &json!({ "type": "result", "binding": outcome, "problem": problem, "cards": cards }),
    );
    Ok(())
}

//! `swip demo`: a new user's whole journey through the wallet core, on an embedded sandbox (or a
//! running one), shown as it happens and ending with the receipt.
//!
//! The demo plays the user and the phone around the core: it reads the SMS code from the
//! sandbox's QA controls (as QA would), and answers the bank's 3-D Secure page the way a WebView
//! does: the form in the page the core fetched is posted to the sandbox's bank and the redirect
//! to the return URL is intercepted ([`crate::three_ds`]). The outcome is always the server's.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::json;
use swip_core::input::{Email, Phone, Pin};
use swip_core::journey::AuthState;
use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{OrderLine, Wallet, WalletConfig};
use swip_protocol::pos::PosOrder;
use swip_sandbox::control::{CardBehavior, TestCard};
use swip_sandbox::{Sandbox, SandboxConfig};

use crate::args::DemoArgs;
use crate::controls::Controls;
use crate::failure::Failure;
use crate::observe::Observer;
use crate::progress::{JsonLines, Progress};
use crate::receipt::Receipt;
use crate::steps::{self, Bound, Flow};
use crate::{till, visit};

/// Runs the demo; `Ok` only when the order is paid.
pub async fn run(args: DemoArgs) -> Result<(), Failure> {
    let phone = check_flags(&args)?;
    let (sandbox, base_url) = match &args.sandbox_url {
        Some(url) => (None, url.trim_end_matches('/').to_owned()),
        None => {
            let config = SandboxConfig {
                processing_delay: Duration::from_millis(args.processing_delay_ms),
                ..SandboxConfig::default()
            };
            let sandbox = Sandbox::start(config)
                .await
                .map_err(|e| Failure::setup(format!("the sandbox did not start: {e}")))?;
            let url = sandbox.url();
            (Some(sandbox), url)
        }
    };

    let mut config = WalletConfig::new(base_url.clone());
    config.poll_interval = Duration::from_millis(args.poll_interval_ms.max(10));
    config.binding_deadline = args.deadline();
    config.payment_deadline = args.deadline();
    let store = Arc::new(MemoryStore::new()) as Arc<dyn SecureStore>;
    let wallet = Wallet::open(config, store)
        .await
        .map_err(|e| Failure::wallet("the wallet did not open", e))?;
    let controls = Controls::new(&base_url)?;

    let result = if args.json {
        let lines = JsonLines::new(args.show_phone);
        let observer = Observer::start(&wallet, lines.clone());
        let flow = Flow::new(wallet.clone(), Some(observer.sync()));
        let result = journey(&flow, &controls, &args, &phone, &Narrator::Silent).await;
        observer.finish().await;
        lines.summary(match &result {
            Ok(outcome) => {
                let mut summary = json!({ "paid": true, "sandboxUrl": base_url });
                if let (Some(fields), Ok(serde_json::Value::Object(outcome))) =
                    (summary.as_object_mut(), serde_json::to_value(outcome))
                {
                    fields.extend(outcome);
                }
                summary
            }
            Err(failure) => {
                json!({ "paid": false, "sandboxUrl": base_url, "error": failure.message })
            }
        });
        result
    } else {
        let progress = Progress::with_spinner();
        let origin = if sandbox.is_some() {
            "embedded sandbox"
        } else {
            "sandbox"
        };
        progress.text(&format!(
            "SWiP demo · {origin} at {base_url} · wallet on an in-memory secure store"
        ));
        let observer = Observer::start(&wallet, progress.clone());
        let flow = Flow::new(wallet.clone(), Some(observer.sync()));
        let say = Narrator::Progress(progress.clone(), flow.clone());
        let result = journey(&flow, &controls, &args, &phone, &say).await;
        observer.finish().await;
        progress.clear();
        match &result {
            Ok(outcome) => {
                progress.text(&outcome.render());
                progress.text(&format!(
                    "Paid in {:.1} s.",
                    progress.elapsed().as_secs_f64()
                ));
            }
            Err(_) => progress.text("Not paid."),
        }
        result
    };
    wallet.shutdown();
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    result.map(|_| ())
}

/// Checks every flag that carries the user's input with the core's input types before anything
/// is sent, and reports every invalid one at once (exit 3). Gives the user's phone.
fn check_flags(args: &DemoArgs) -> Result<Phone, Failure> {
    let mut invalid = Vec::new();
    let phone = match args.phone.as_deref().map(Phone::parse) {
        Some(Ok(phone)) => Some(phone),
        Some(Err(error)) => {
            invalid.push(format!("--phone: {error}"));
            None
        }
        None => None,
    };
    if let Err(error) = Pin::parse(&args.pin) {
        invalid.push(format!("--pin: {error}"));
    }
    if let Err(error) = Email::parse(&args.email) {
        invalid.push(format!("--email: {error}"));
    }
    let code = &args.three_ds_code;
    if code.is_empty() || code.len() > 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
        invalid.push("--three-ds-code: 1 to 8 digits".to_owned());
    }
    if let Some(url) = &args.sandbox_url
        && !reqwest::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
    {
        invalid.push(format!("--sandbox-url: {url:?} is not an http(s) URL"));
    }
    if !invalid.is_empty() {
        return Err(Failure::setup(invalid.join("; ")));
    }
    match phone {
        Some(phone) => Ok(phone),
        None => steps::fresh_phone(),
    }
}

/// Says what the demo itself does (not a state change); silent in `--json` mode.
pub(crate) enum Narrator {
    /// Notes between the milestones, which are brought up to date first.
    Progress(Progress, Flow),
    Silent,
}

impl Narrator {
    /// Says `text` between the milestones.
    pub(crate) fn note(&self, text: &str) {
        if let Narrator::Progress(progress, flow) = self {
            flow.show();
            progress.note(text);
        }
    }
}

/// What the demo ends with: the user's receipt, and with `--pos` the till's closed order.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The user's receipt.
    pub receipt: Receipt,
    /// The till's order after the close (`--pos`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub till: Option<PosOrder>,
}

impl Outcome {
    fn render(&self) -> String {
        match &self.till {
            Some(order) => format!(
                "{}\n\nThe till's side:\n{}",
                self.receipt.render(),
                till::render::order(order)
            ),
            None => self.receipt.render(),
        }
    }
}

/// The journey itself: a new user, then an order paid in the app or a visit to a shop.
async fn journey(
    flow: &Flow,
    controls: &Controls,
    args: &DemoArgs,
    phone: &Phone,
    say: &Narrator,
) -> Result<Outcome, Failure> {
    sign_up(flow, controls, args, phone, say).await?;
    if args.pos {
        return visit::shop_visit(flow, controls, args, say).await;
    }
    in_app_order(flow, controls, args, say).await
}

/// Signup: phone, SMS code (read from the sandbox), PIN.
async fn sign_up(
    flow: &Flow,
    controls: &Controls,
    args: &DemoArgs,
    phone: &Phone,
    say: &Narrator,
) -> Result<(), Failure> {
    let failed = |what: &'static str| move |e| Failure::wallet(what, e);
    let wallet = &flow.wallet;
    wallet
        .start_signup(phone.as_str())
        .await
        .map_err(failed("signup"))?;
    let sms = controls.latest_sms(phone.as_str()).await?;
    say.note("SMS code read from the sandbox's QA controls (GET /sandbox/sms)");
    wallet
        .submit_code(&sms.code)
        .await
        .map_err(failed("the SMS code"))?;
    match wallet.state().auth {
        AuthState::PinSetup { .. } => wallet
            .set_pin(&args.pin, "Demo", "User")
            .await
            .map_err(failed("the PIN")),
        AuthState::DeviceLogin { .. } => {
            wallet.enter_pin(&args.pin).await.map_err(failed("the PIN"))
        }
        other => Err(Failure::journey(format!(
            "unexpected after the SMS code: {}",
            other.name()
        ))),
    }
}

/// Two cards (the first with 3-D Secure, the second made default), then an order of the demo
/// merchant (5% cashback, 10% off croissants) paid with the default card.
async fn in_app_order(
    flow: &Flow,
    controls: &Controls,
    args: &DemoArgs,
    say: &Narrator,
) -> Result<Outcome, Failure> {
    let test_cards = controls.test_cards().await?;
    let first = pick(&test_cards, args.card.into(), None)?;
    bind(flow, &first, true, &args.three_ds_code, say).await?;
    let second = pick(&test_cards, args.payment_card.into(), Some(&first.pan))?;
    let payment_card = bind(flow, &second, false, &args.three_ds_code, say).await?;
    if !payment_card.is_default {
        flow.make_default(&payment_card.id).await?;
    }

    let catalog = controls.catalog().await?;
    let merchant = catalog
        .merchants
        .first()
        .ok_or_else(|| Failure::setup("the sandbox has no merchant"))?;
    let store = merchant
        .stores
        .first()
        .ok_or_else(|| Failure::setup("the demo merchant has no store"))?;
    let lines: Vec<OrderLine> = merchant
        .products
        .iter()
        .take(2)
        .zip([2.0, 1.0])
        .map(|(product, quantity)| OrderLine {
            product_id: product.product_id.clone(),
            quantity,
        })
        .collect();
    flow.create_order(&merchant.merchant_id, &store.merchant_store_id, &lines)
        .await?;
    let (order, attempt) = flow.pay(None, &args.email).await?;
    Ok(Outcome {
        receipt: Receipt::new(&order, &attempt),
        till: None,
    })
}

/// Binds a test card; answers 3-D Secure with `code` when the bank asks.
pub(crate) async fn bind(
    flow: &Flow,
    card: &TestCard,
    make_default: bool,
    code: &str,
    say: &Narrator,
) -> Result<swip_core::journey::CardView, Failure> {
    let form = steps::test_card_form(card, "DEMO USER");
    if let Bound::Challenge { html } = flow.start_binding(&form, make_default).await? {
        say.note("the bank's page: its form is filled in and posted like a WebView would");
        let return_url = flow.answer_challenge(&html, code).await?;
        let path = return_url.split('?').next().unwrap_or_default();
        say.note(&format!(
            "the bank redirected to the return URL {path}: the wallet asks the server"
        ));
    }
    flow.finish_binding().await
}

/// The first test card with `behavior`, other than `except`.
pub(crate) fn pick(
    cards: &[TestCard],
    behavior: CardBehavior,
    except: Option<&str>,
) -> Result<TestCard, Failure> {
    cards
        .iter()
        .find(|c| c.behavior == behavior && Some(c.pan.as_str()) != except)
        .cloned()
        .ok_or_else(|| {
            Failure::setup(format!(
                "the sandbox has no other test card that is {behavior:?}"
            ))
        })
}

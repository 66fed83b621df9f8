//! `swip demo --pos`: a visit to a shop, both sides. A merchant opens a store on the sandbox (the
//! merchant API's steps, in one QA control); its till creates an order and shows the session
//! code; the wallet finds the order with the user's loyalty and pays it in the app (scenario 1)
//! or confirms paying at the counter (scenario 2); the till sees the answer and closes the order
//! with what was paid or what is owed.

use swip_core::journey::CounterPayment;
use swip_protocol::pos::{PosOrderStatus, PosPaymentStatus};
use swip_sandbox::control::pos::PosStoreRequest;

use crate::args::{DemoArgs, PosPayment};
use crate::controls::Controls;
use crate::demo::{Narrator, Outcome, bind, pick};
use crate::failure::Failure;
use crate::receipt::Receipt;
use crate::steps::Flow;
use crate::till::client::TillIdentity;
use crate::till::lines::{self, Sale};
use crate::till::{self, CustomerAnswer, Till};

/// What the till sells in the demo: two cappuccinos and a croissant.
const ITEMS: [&str; 2] = ["Cappuccino=250x2", "Croissant=120"];

/// The visit; `Ok` once the till has closed the order the user paid.
pub async fn shop_visit(
    flow: &Flow,
    controls: &Controls,
    args: &DemoArgs,
    say: &Narrator,
) -> Result<Outcome, Failure> {
    // The shop: an ACTIVE merchant with the demo campaigns, one store, one till.
    let store = controls
        .create_pos_store(&PosStoreRequest::default())
        .await?;
    let till = Till::new(
        till::client::sandbox_root(controls.base_url()),
        TillIdentity {
            merchant_id: store.merchant_id.clone(),
            store_id: store.merchant_store_id.clone(),
            cash_id: "1".into(),
            token: swip_protocol::SecretString::new(store.pos_token.clone()),
        },
    )?;
    say.note(&format!(
        "the till: merchant {} opened store {} (POST /sandbox/pos-stores)",
        store.merchant_id, store.merchant_store_id
    ));

    // Paying in the app needs a card.
    if args.pos_payment == PosPayment::App {
        let test_cards = controls.test_cards().await?;
        let card = pick(&test_cards, args.payment_card.into(), None)?;
        bind(flow, &card, true, &args.three_ds_code, say).await?;
    }

    // The till rings the order up and shows its session code as a QR.
    let items = ITEMS.map(str::to_owned);
    let sale = Sale {
        discount: swip_protocol::Amount::ZERO,
        session_code: None,
        cashier: "Anna".into(),
        number: Some("1".into()),
        merchant_order_id: lines::new_merchant_order_id("demo"),
        sale_date: lines::now_ms(),
    };
    let placed = till.create(&lines::order_request(&items, sale)?).await?;
    say.note(&format!(
        "the till: order of {} ₽, session code {} shown as a QR (POST /pos-api/orders)",
        placed.total, placed.session_code
    ));

    // The user scans it: the order with their loyalty.
    let order = flow.find_counter_order(&placed.session_code).await?;
    let receipt = match args.pos_payment {
        PosPayment::App => {
            let (order, attempt) = flow.pay(None, &args.email).await?;
            Receipt::new(&order, &attempt)
        }
        PosPayment::Cash | PosPayment::Terminal => {
            let method = if args.pos_payment == PosPayment::Cash {
                CounterPayment::Cash
            } else {
                CounterPayment::Terminal
            };
            let order = flow.pay_at_counter(method).await?;
            Receipt::at_counter(&order, method)
        }
    };

    // The till sees the answer, with the loyalty applied, and closes the order.
    let answer = till::wait::for_customer(&till, &placed.id, args.deadline()).await?;
    say.note(&format!("the till: {}", till::answer_text(&answer)));
    if let CustomerAnswer::Ended(status) = answer {
        return Err(Failure::journey(format!(
            "the till's order ended ({}) before the customer answered",
            status.as_str()
        )));
    }
    let seen = till.order(&placed.id).await?;
    if seen.amount_to_pay != order.total {
        return Err(Failure::journey(format!(
            "the till and the wallet disagree: the till asks {} ₽, the wallet showed {} ₽",
            seen.amount_to_pay, order.total
        )));
    }
    let amount = till::amount_due(&seen);
    let closed = till.close(&placed.id, amount).await?;
    say.note(&format!(
        "the till: closed with {amount} ₽ (POST /pos-api/orders/{{id}}/close)"
    ));
    let money_ok = match args.pos_payment {
        PosPayment::App => matches!(
            closed.payment_status,
            PosPaymentStatus::Held | PosPaymentStatus::Captured
        ),
        _ => closed.paid.kopecks() == 0,
    };
    if closed.order_status != PosOrderStatus::Closed || !money_ok {
        return Err(Failure::journey(format!(
            "the till's order did not close as paid: {} with payment {}",
            closed.order_status.as_str(),
            closed.payment_status.as_str()
        )));
    }
    Ok(Outcome {
        receipt,
        till: Some(closed),
    })
}

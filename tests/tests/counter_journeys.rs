//! Paying at the counter: a shop's till creates an order, the user finds it by its session code
//! with their loyalty, and pays it in the app (scenario 1) or at the counter (scenario 2); the
//! till sees it paid, or unpaid with the loyalty applied, and closes it.

use swip_core::journey::{CounterPayment, OrderSource, PaymentStage};
use swip_core::wallet::WalletError;
use swip_e2e::{EMAIL, Harness, PIN, WAIT, payment_settled};
use swip_protocol::pos::{
    CreatePosOrderRequest, PaymentMethod, PosOrderStatus, PosPurchaseRequest,
};
use swip_protocol::{Amount, Quantity};
use swip_sandbox::control::CardBehavior;
use swip_sandbox::control::pos::{MovementKind, PosStore, PosStoreRequest};

/// A till's order: two coffees at 250 ₽, created now on the sandbox's clock.
fn till_order(h: &Harness, store: &PosStore, number: &str) -> swip_protocol::pos::PosOrder {
    let line = PosPurchaseRequest {
        id: Some(format!("{number}-1")),
        name: "Cappuccino".into(),
        parent_id: None,
        product_id: Some("cappuccino".into()),
        quantity: Quantity(2.0),
        unit: Some("pcs".into()),
        price: Amount(25_000),
        amount: Amount(50_000),
    };
    let request = CreatePosOrderRequest {
        merchant_order_id: format!("till-{number}"),
        merchant_order_number: Some(number.into()),
        merchant_cashier: "Anna".into(),
        merchant_cashier_id: None,
        sale_date: h.sandbox.now_ms(),
        total: Amount(50_000),
        total_original: Amount(50_000),
        session_code: None,
        purchases: vec![line],
    };
    h.sandbox
        .pos_create_order(&store.merchant_store_id, &request)
        .expect("the till creates an order")
}

async fn shop_and_user(phone: &str, card: CardBehavior) -> (Harness, PosStore, String) {
    let h = Harness::start().await;
    let store = h
        .sandbox
        .create_pos_store(&PosStoreRequest::default())
        .expect("a shop with a till");
    h.sign_up(&h.wallet, phone).await;
    let card = h.bind_success_card(card).await;
    (h, store, card.id)
}

#[tokio::test(start_paused = true)]
async fn scenario_1_the_user_pays_the_tills_order_in_the_app() {
    let (h, store, card_id) = shop_and_user("79160000040", CardBehavior::Success).await;
    let placed = till_order(&h, &store, "A-17");

    h.wallet
        .find_counter_order(&placed.session_code)
        .await
        .unwrap();
    let checkout = h.wallet.state().checkout.unwrap();
    assert_eq!(
        checkout.source,
        OrderSource::Counter {
            session_code: placed.session_code.clone()
        }
    );
    let order = checkout.order.unwrap();
    assert_eq!(order.id, placed.id);
    assert!(
        order.cashback.kopecks() > 0,
        "the user's loyalty is applied: {order:?}"
    );
    assert!(order.total <= order.total_original);

    h.wallet.pay(Some(&card_id), EMAIL).await.unwrap();
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert!(
        matches!(state.checkout.unwrap().stage, PaymentStage::Paid { .. }),
        "paid in the app"
    );
    let charges = h.sandbox.charges();
    assert_eq!(charges.len(), 1, "exactly one charge: {charges:?}");
    assert_eq!(charges[0].amount, order.total);

    // The till sees it paid with the loyalty applied, and closes it with what was paid.
    let seen = h
        .sandbox
        .pos_order(&store.merchant_store_id, &placed.id)
        .unwrap();
    assert_eq!(seen.paid, order.total);
    assert_eq!(seen.payment_method, Some(PaymentMethod::Card));
    let closed = h
        .sandbox
        .pos_close_order(&store.merchant_store_id, &placed.id, seen.paid)
        .unwrap();
    assert_eq!(closed.order_status, PosOrderStatus::Closed);

    // Two partial refunds; a third beyond what was paid is refused with code 32.
    let store_id = &store.merchant_store_id;
    for (refund, so_far) in [(10_000, 10_000), (20_000, 30_000)] {
        let answer = h
            .sandbox
            .pos_refund(store_id, &placed.id, Amount(refund))
            .unwrap();
        assert_eq!(answer.refunded, Amount(so_far));
    }
    let left = seen.paid - Amount(30_000);
    let over = h
        .sandbox
        .pos_refund(store_id, &placed.id, left + Amount(1))
        .unwrap_err();
    assert_eq!(over.body.code, 32, "{over:?}");
    // Once the store's cancellation period has passed the money is captured: too late to cancel
    // the payment (code 27). What was captured is what was paid less the refunds.
    h.sandbox.advance_clock(301);
    let late = h
        .sandbox
        .pos_cancel_payment(store_id, &placed.id)
        .unwrap_err();
    assert_eq!(late.body.code, 27, "{late:?}");
    let captured: Vec<Amount> = h
        .sandbox
        .pos_ledger()
        .into_iter()
        .filter(|m| m.order_id == placed.id && m.kind == MovementKind::Capture)
        .map(|m| m.amount)
        .collect();
    assert_eq!(captured, [left], "captured once, the refunds taken off");
}

#[tokio::test(start_paused = true)]
async fn scenario_2_the_user_pays_at_the_counter() {
    let (h, store, _) = shop_and_user("79160000041", CardBehavior::Success).await;
    let placed = till_order(&h, &store, "B-2");
    h.wallet
        .find_counter_order(&placed.session_code)
        .await
        .unwrap();
    let total = h.wallet.state().checkout.unwrap().order.unwrap().total;

    h.wallet.pay_at_counter(CounterPayment::Cash).await.unwrap();
    let stage = h.wallet.state().checkout.unwrap().stage;
    assert_eq!(
        stage,
        PaymentStage::AtCounter {
            method: CounterPayment::Cash
        }
    );
    // Nothing more to pay in the app.
    assert!(matches!(
        h.wallet.pay(None, EMAIL).await,
        Err(WalletError::NotAllowed(_))
    ));

    // The till sees it unpaid with the loyalty applied and takes the cash.
    let seen = h
        .sandbox
        .pos_order(&store.merchant_store_id, &placed.id)
        .unwrap();
    assert_eq!(seen.paid, Amount::ZERO);
    assert_eq!(seen.payment_method, Some(PaymentMethod::Cash));
    assert_eq!(seen.amount_to_pay, total);
    let closed = h
        .sandbox
        .pos_close_order(&store.merchant_store_id, &placed.id, seen.amount_to_pay)
        .unwrap();
    assert_eq!(closed.order_status, PosOrderStatus::Closed);
    assert!(h.sandbox.charges().is_empty(), "no card was charged");
    h.wallet.dismiss_checkout().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_counter_payment_survives_a_restart() {
    let (mut h, store, card_id) = shop_and_user("79160000042", CardBehavior::Success).await;
    let placed = till_order(&h, &store, "C-9");
    h.wallet
        .find_counter_order(&placed.session_code)
        .await
        .unwrap();
    h.wallet.pay(Some(&card_id), EMAIL).await.unwrap();
    h.restart().await;
    let state = h.wallet.state();
    let checkout = state.checkout.expect("the till's payment was restored");
    assert!(matches!(checkout.source, OrderSource::Counter { .. }));
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert!(matches!(
        state.checkout.unwrap().stage,
        PaymentStage::Paid { .. }
    ));
    h.wallet.enter_pin(PIN).await.unwrap();
    assert_eq!(h.sandbox.charges().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_unknown_session_code_is_refused_and_bad_input_never_leaves() {
    let (h, _, _) = shop_and_user("79160000043", CardBehavior::Success).await;
    let error = h.wallet.find_counter_order("0000000000").await.unwrap_err();
    let WalletError::Failed(problem) = error else {
        panic!("{error:?}")
    };
    assert_eq!(problem.code, Some(9));
    assert!(matches!(
        h.wallet.state().checkout.unwrap().stage,
        PaymentStage::OrderRefused { .. }
    ));
    let before = h.sandbox.journal().len();
    assert!(matches!(
        h.wallet.find_counter_order("  ").await,
        Err(WalletError::InvalidInput(_))
    ));
    assert!(matches!(
        h.wallet.find_counter_order("a\u{7}b").await,
        Err(WalletError::InvalidInput(_))
    ));
    assert_eq!(h.sandbox.journal().len(), before);
}

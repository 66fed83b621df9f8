//! A new user's whole journey: signup, SMS code, PIN, a 3-D Secure card, a second card, the
//! default, an order with cashback, payment, paid.

use swip_core::journey::{AuthState, BindingStage, PaymentStage};
use swip_e2e::{EMAIL, Harness, WAIT, binding_settled, payment_settled, three_ds_shown};
use swip_protocol::Amount;
use swip_sandbox::control::{CardBehavior, ThreeDsOutcome};

#[tokio::test(start_paused = true)]
async fn new_user_reaches_a_paid_order_with_cashback() {
    let h = Harness::start().await;
    let phone = "79160000001";

    // Signup → SMS code → PIN.
    h.wallet.start_signup("+7 (916) 000-00-01").await.unwrap();
    let AuthState::AwaitingCode {
        resend_available_at_ms,
        ..
    } = h.wallet.state().auth
    else {
        panic!()
    };
    assert!(
        resend_available_at_ms > h.wallet.now_ms() + 55_000,
        "resend blocked for a minute"
    );
    h.wallet.submit_code(&h.sms_code(phone)).await.unwrap();
    assert!(
        matches!(h.wallet.state().auth, AuthState::PinSetup { .. }),
        "a new phone sets a PIN"
    );
    h.wallet.set_pin(swip_e2e::PIN, "Ivan", "").await.unwrap();
    assert!(h.wallet.state().auth.is_signed_in());
    assert!(h.wallet.state().cards.cards.is_empty());

    // A MIR card with 3-D Secure, completed through the sandbox's bank.
    let (_, form) = h.card(CardBehavior::ThreeDs);
    h.wallet.bind_card(&form, true).await.unwrap();
    let state = h.wallet.wait_for(WAIT, three_ds_shown).await.unwrap();
    let binding = state.binding.unwrap();
    let BindingStage::ThreeDsChallenge {
        html: Some(html),
        return_url,
    } = &binding.stage
    else {
        panic!()
    };
    assert!(html.contains("<form"), "the bank's page has a form");
    assert!(
        h.wallet
            .is_three_ds_return_url(&format!("{return_url}?deferredId=x"))
    );
    let deferred_id = binding.deferred_id.clone().unwrap();
    h.sandbox
        .complete_3ds(&deferred_id, ThreeDsOutcome::Pass)
        .unwrap();
    h.wallet.three_ds_returned().await.unwrap();
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    assert!(state.binding.unwrap().stage.is_bound());
    h.wallet.dismiss_binding().await.unwrap();

    // A second card; make it the default.
    let visa = h.bind_success_card(CardBehavior::Success).await;
    let state = h.wallet.state();
    assert_eq!(state.cards.cards.len(), 2);
    assert!(!visa.is_default, "the first card stays default");
    h.wallet.set_default_card(&visa.id).await.unwrap();
    let state = h.wallet.wait_for(WAIT, |s| !s.cards.loading).await.unwrap();
    assert_eq!(state.cards.default_card().unwrap().id, visa.id);

    // An order with loyalty, paid with the default card.
    h.create_demo_order().await;
    let checkout = h.wallet.state().checkout.unwrap();
    let order = checkout.order.clone().unwrap();
    assert!(
        order.cashback.kopecks() > 0,
        "the demo merchant gives cashback: {order:?}"
    );
    assert_eq!(order.lines.len(), 2);
    assert_eq!(order.total, order.total_original - order.discount);
    // The lines, each before its discount, add up to the total before discount, as a receipt
    // lists them (the discount shown once, below).
    assert!(
        order.lines.iter().any(|l| l.discount.kopecks() > 0),
        "{order:?}"
    );
    let listed: Amount = order.lines.iter().map(|l| l.amount_before_discount()).sum();
    assert_eq!(listed, order.total_original, "{order:?}");
    h.wallet.pay(None, EMAIL).await.unwrap();
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    let PaymentStage::Paid { attempt } = &state.checkout.as_ref().unwrap().stage else {
        panic!("{state:?}")
    };
    assert_eq!(attempt.card_id, visa.id);

    // Exactly one charge, of the order's total, on that card.
    let charges = h.sandbox.charges();
    assert_eq!(charges.len(), 1, "{charges:?}");
    assert_eq!(charges[0].order_id, order.id);
    assert_eq!(charges[0].amount, order.total);
    assert_eq!(charges[0].payment_card_id, visa.id);
    assert_eq!(h.wallet.active_polls(), 0, "no poll left running");
}

//! Payments: success, decline, a token expiring mid-payment, and the app killed during payment
//! polling or during 3-D Secure, then restored.

use swip_core::journey::ActionError;
use swip_core::journey::{AuthState, PaymentStage};
use swip_core::wallet::WalletError;
use swip_e2e::{EMAIL, Harness, PIN, WAIT, binding_settled, payment_settled, three_ds_shown};
use swip_sandbox::control::{CardBehavior, ThreeDsOutcome};

async fn signed_in_with(behavior: CardBehavior, phone: &str) -> (Harness, String) {
    let h = Harness::start().await;
    h.sign_up(&h.wallet, phone).await;
    let card = h.bind_success_card(behavior).await;
    (h, card.id)
}

#[tokio::test(start_paused = true)]
async fn a_declined_payment_fails_and_can_be_paid_with_another_card() {
    let (h, declining) = signed_in_with(CardBehavior::PaymentDecline, "79160000020").await;
    h.create_demo_order().await;
    h.wallet.pay(Some(&declining), EMAIL).await.unwrap();
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert!(matches!(
        state.checkout.unwrap().stage,
        PaymentStage::Failed { .. }
    ));
    assert!(
        h.sandbox.charges().is_empty(),
        "a declined payment charges nothing"
    );

    let good = h.bind_success_card(CardBehavior::Success).await;
    h.wallet.pay(Some(&good.id), EMAIL).await.unwrap();
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert!(matches!(
        state.checkout.unwrap().stage,
        PaymentStage::Paid { .. }
    ));
    assert_eq!(h.sandbox.charges().len(), 1);
    assert_eq!(
        h.wallet.pay(None, EMAIL).await.unwrap_err(),
        WalletError::NotAllowed(ActionError::AlreadyPaid)
    );
}

#[tokio::test(start_paused = true)]
async fn a_second_pay_while_one_is_in_flight_is_refused() {
    let (h, card) = signed_in_with(CardBehavior::Success, "79160000021").await;
    h.create_demo_order().await;
    h.wallet.pay(Some(&card), EMAIL).await.unwrap();
    let second = h.wallet.pay(Some(&card), EMAIL).await.unwrap_err();
    assert_eq!(
        second,
        WalletError::NotAllowed(ActionError::PaymentInFlight)
    );
    h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert_eq!(h.sandbox.charges().len(), 1);
    let pays = h
        .sandbox
        .journal()
        .iter()
        .filter(|e| e.method == "POST" && e.path.ends_with("/payments"))
        .count();
    assert_eq!(pays, 1, "one payment request");
}

#[tokio::test(start_paused = true)]
async fn a_token_expiring_mid_payment_is_refreshed_and_the_payment_completes() {
    let (h, card) = signed_in_with(CardBehavior::Success, "79160000022").await;
    h.create_demo_order().await;
    h.wallet.pay(Some(&card), EMAIL).await.unwrap();
    // The token expires on the server while the payment is being polled.
    h.sandbox.advance_clock(3_700);
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert!(
        matches!(state.checkout.unwrap().stage, PaymentStage::Paid { .. }),
        "paid despite the expiry"
    );
    let refreshes = h
        .sandbox
        .journal()
        .iter()
        .filter(|e| e.method == "PUT" && e.path == "/auth")
        .count();
    assert_eq!(refreshes, 1, "one refresh");
    assert_eq!(h.sandbox.charges().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_app_killed_during_payment_polling_resumes_to_the_same_end() {
    let (mut h, card) = signed_in_with(CardBehavior::Success, "79160000023").await;
    h.create_demo_order().await;
    h.wallet.pay(Some(&card), EMAIL).await.unwrap();
    let order_id = h.wallet.state().checkout.unwrap().order.unwrap().id;
    assert!(matches!(
        h.wallet.state().checkout.unwrap().stage,
        PaymentStage::Paying { .. }
    ));

    // Killed before the result: nothing polls any more.
    h.restart().await;
    let state = h.wallet.state();
    assert!(matches!(state.auth, AuthState::Locked { .. }));
    assert!(
        matches!(
            state.checkout.as_ref().unwrap().stage,
            PaymentStage::Paying { .. }
        ),
        "the payment was restored: {state:?}"
    );
    // The restored wallet follows the payment on its own, before the PIN is even entered.
    let state = h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    assert!(matches!(
        state.checkout.unwrap().stage,
        PaymentStage::Paid { .. }
    ));
    h.wallet.enter_pin(PIN).await.unwrap();
    let charges = h.sandbox.charges();
    assert_eq!(charges.len(), 1, "exactly one charge: {charges:?}");
    assert_eq!(charges[0].order_id, order_id);
}

#[tokio::test(start_paused = true)]
async fn the_app_killed_during_3ds_resumes_to_the_same_end() {
    let mut h = Harness::start().await;
    h.sign_up(&h.wallet, "79160000024").await;
    let (_, form) = h.card(CardBehavior::ThreeDs);
    h.wallet.bind_card(&form, false).await.unwrap();
    let state = h.wallet.wait_for(WAIT, three_ds_shown).await.unwrap();
    let deferred_id = state.binding.unwrap().deferred_id.unwrap();

    h.restart().await;
    // The user finished the challenge in the bank's page before the app came back.
    h.sandbox
        .complete_3ds(&deferred_id, ThreeDsOutcome::Pass)
        .unwrap();
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    assert!(state.binding.unwrap().stage.is_bound());
    h.wallet.enter_pin(PIN).await.unwrap();
    let state = h.wallet.wait_for(WAIT, |s| !s.cards.loading).await.unwrap();
    assert_eq!(state.cards.cards.len(), 1, "bound once");
}

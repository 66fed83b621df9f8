//! The app killed while its card-binding request is on its way (issue 16): the journal keeps the
//! card's brand and last four digits and the card list before the request (never the number or
//! CVV); after the restart and the PIN the first card list tells the user whether the card was
//! added, and nothing is left pending.

use std::sync::Arc;
use std::time::Duration;

use swip_core::journey::{AppState, BindingStage};
use swip_core::store::{SecureStore, Vault};
use swip_e2e::{Harness, PIN, WAIT, binding_settled};
use swip_sandbox::control::{CardBehavior, DropPoint, FaultRule};

/// Signs up, starts binding a card needing no 3-D Secure with every answer dropped at `drop`,
/// kills the app a second later, lets the server finish its work, and enters the PIN in the new
/// process. Answers the state once the card list settled the binding.
async fn killed_while_binding(h: &mut Harness, drop: DropPoint) -> AppState {
    h.sign_up(&h.wallet, "79160000160").await;
    let (_, form) = h.card(CardBehavior::Success);
    h.sandbox.add_fault(
        FaultRule::new("POST", "/payment-cards")
            .with_drop(drop)
            .with_count(1_000),
    );
    let wallet = h.wallet.clone();
    let binding = tokio::spawn(async move { wallet.bind_card(&form, false).await });
    tokio::time::sleep(Duration::from_secs(1)).await;
    h.restart().await;
    let _ = binding.await;
    h.sandbox.clear_faults();
    // Longer than the sandbox's processing of a binding it took.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let restored = h.wallet.state();
    assert_eq!(
        restored.binding.as_ref().map(|b| &b.stage),
        Some(&BindingStage::Unknown),
        "no server id was learnt: {restored:?}"
    );
    h.wallet.enter_pin(PIN).await.unwrap();
    h.wallet
        .wait_for(WAIT, |s| {
            !s.cards.loading
                && binding_settled(s)
                && s.binding
                    .as_ref()
                    .is_some_and(|b| b.stage != BindingStage::Unknown)
        })
        .await
        .unwrap()
}

fn journal(h: &Harness) -> Option<String> {
    Vault::new(h.store.clone() as Arc<dyn SecureStore>)
        .pending_ops()
        .unwrap()
        .filter(|json| json != "[]")
}

#[tokio::test(start_paused = true)]
async fn a_request_the_server_took_is_bound_after_the_restart() {
    let mut h = Harness::start().await;
    let state = killed_while_binding(&mut h, DropPoint::AfterCommit).await;
    let BindingStage::Bound { card: Some(card) } = state.binding.unwrap().stage else {
        panic!("not bound with its card");
    };
    assert_eq!(
        state.cards.cards,
        vec![card],
        "the bound card is the one listed"
    );
    assert_eq!(journal(&h), None, "nothing left pending");
}

#[tokio::test(start_paused = true)]
async fn a_request_the_server_never_took_is_told_not_added_and_binds_again() {
    let mut h = Harness::start().await;
    let state = killed_while_binding(&mut h, DropPoint::BeforeCommit).await;
    let BindingStage::Failed { problem } = state.binding.unwrap().stage else {
        panic!("not told");
    };
    assert!(problem.message.contains("не добавлена"), "{problem:?}");
    assert!(problem.message.contains("was not added"), "{problem:?}");
    assert!(state.cards.cards.is_empty());
    assert_eq!(journal(&h), None, "nothing left pending");
    // The way forward: add it again.
    h.wallet.dismiss_binding().await.unwrap();
    let (_, form) = h.card(CardBehavior::Success);
    h.wallet.bind_card(&form, false).await.unwrap();
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    assert!(
        state.binding.unwrap().stage.is_bound(),
        "bound on the second try"
    );
}

//! Card binding outcomes: 3-D Secure pass and fail, decline, processing forever (unknown at the
//! deadline, then "check again"), invalid input, delete.

use std::time::Duration;

use swip_core::journey::{BindingStage, ProblemKind};
use swip_core::wallet::{CardForm, WalletError};
use swip_e2e::{Harness, WAIT, binding_settled, three_ds_shown};
use swip_sandbox::control::{CardBehavior, ThreeDsOutcome};

async fn signed_in() -> Harness {
    let h = Harness::start().await;
    h.sign_up(&h.wallet, "79160000010").await;
    h
}

#[tokio::test(start_paused = true)]
async fn a_failed_3ds_challenge_ends_failed_whatever_the_webview_saw() {
    let h = signed_in().await;
    let (_, form) = h.card(CardBehavior::ThreeDs);
    h.wallet.bind_card(&form, false).await.unwrap();
    let state = h.wallet.wait_for(WAIT, three_ds_shown).await.unwrap();
    let deferred_id = state.binding.unwrap().deferred_id.unwrap();
    h.sandbox
        .complete_3ds(&deferred_id, ThreeDsOutcome::Fail)
        .unwrap();
    // The WebView reached the return URL: that says nothing about success.
    h.wallet.three_ds_returned().await.unwrap();
    assert!(matches!(
        h.wallet.state().binding.unwrap().stage,
        BindingStage::AwaitingResult { .. }
    ));
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    let BindingStage::Failed { problem } = state.binding.unwrap().stage else {
        panic!()
    };
    assert_eq!(problem.kind, ProblemKind::Declined);
    h.wallet.refresh_cards().await.unwrap();
    assert!(h.wallet.state().cards.cards.is_empty(), "no card was bound");
}

#[tokio::test(start_paused = true)]
async fn a_declined_card_ends_failed_with_the_banks_reason() {
    let h = signed_in().await;
    let (_, form) = h.card(CardBehavior::Decline);
    h.wallet.bind_card(&form, false).await.unwrap();
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    let BindingStage::Failed { problem } = state.binding.unwrap().stage else {
        panic!()
    };
    assert!(!problem.message.is_empty());
    assert!(h.wallet.state().cards.cards.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_binding_that_never_finishes_is_unknown_at_the_deadline_never_failed() {
    let h = Harness::start_with(Default::default(), |c| {
        c.binding_deadline = Duration::from_secs(30)
    })
    .await;
    h.sign_up(&h.wallet, "79160000011").await;
    let (_, form) = h.card(CardBehavior::ProcessingForever);
    let started = tokio::time::Instant::now();
    h.wallet.bind_card(&form, false).await.unwrap();
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    assert_eq!(state.binding.as_ref().unwrap().stage, BindingStage::Unknown);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(33),
        "{waited:?}"
    );
    // About one poll a second, not more.
    let polls = h
        .sandbox
        .journal()
        .iter()
        .filter(|e| e.path.ends_with("/status"))
        .count();
    assert!((29..=32).contains(&polls), "{polls} polls in 30 s");
    assert_eq!(
        h.wallet.active_polls(),
        0,
        "polling stopped at the deadline"
    );
    // "Check again" asks the server again; still no answer means unknown again.
    h.wallet.check_again().await.unwrap();
    assert_eq!(
        h.wallet.state().binding.unwrap().stage,
        BindingStage::Processing
    );
    let state = h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    assert_eq!(state.binding.unwrap().stage, BindingStage::Unknown);
}

#[tokio::test(start_paused = true)]
async fn invalid_card_input_is_refused_before_any_request() {
    let h = signed_in().await;
    let before = h.sandbox.journal().len();
    let form = CardForm {
        number: "4111 1111 1111 1112".into(),
        exp_month: 13,
        exp_year: 2020,
        cvv: "12".into(),
        holder: "Иван".into(),
    };
    let error = h.wallet.bind_card(&form, false).await.unwrap_err();
    let WalletError::InvalidInput(errors) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(errors.0.len(), 4, "{errors}");
    assert!(!error.to_string().contains("4111"), "{error}");
    assert_eq!(h.sandbox.journal().len(), before, "nothing was sent");
    assert!(h.wallet.state().binding.is_none());
}

#[tokio::test(start_paused = true)]
async fn cards_can_be_deleted_and_the_default_unset() {
    let h = signed_in().await;
    let first = h.bind_success_card(CardBehavior::Success).await;
    assert!(first.is_default, "the first card becomes the default");
    h.wallet.unset_default_card(&first.id).await.unwrap();
    let state = h.wallet.wait_for(WAIT, |s| !s.cards.loading).await.unwrap();
    assert!(state.cards.default_card().is_none());
    h.wallet.delete_card(&first.id).await.unwrap();
    let state = h.wallet.wait_for(WAIT, |s| !s.cards.loading).await.unwrap();
    assert!(state.cards.cards.is_empty());
    assert!(
        matches!(
            h.wallet.delete_card(&first.id).await,
            Err(WalletError::NotAllowed(_))
        ),
        "unknown card"
    );
}

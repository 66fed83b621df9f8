//! A binding whose request was on its way when the app was killed: the journal keeps the card's
//! brand and last four digits (never the number or CVV) and the card list before the request;
//! after the restart the first card list tells the user whether the card was added.

mod journey_support;

use journey_support::test_card;
use swip_core::input::Phone;
use swip_core::journey::{
    Action, AppState, AuthState, BindingStage, Context, Effect, Event, Outcome, PendingOp,
    ProblemKind, pending_ops, update,
};
use swip_protocol::cards::{PaymentCard, PaymentSystem};

const NOW: i64 = 1_780_000_000_000;
const RETURN_URL: &str = "http://127.0.0.1:1/ext/3ds-return";

fn ctx() -> Context<'static> {
    Context {
        now_ms: NOW,
        three_ds_return_url: RETURN_URL,
    }
}

fn listed(id: &str, last4: &str, system: PaymentSystem, created_at: i64) -> PaymentCard {
    PaymentCard {
        id: id.into(),
        card_number: format!("**** **** **** {last4}"),
        default_for_payments: false,
        bank_name: "Bank".into(),
        bank_logo: String::new(),
        payment_system: system,
        created_at,
        blocked: false,
    }
}

fn apply(state: &AppState, event: Event) -> (AppState, Vec<Effect>) {
    let transition = update(state, event, &ctx()).unwrap();
    (transition.state, transition.effects)
}

fn phone() -> Phone {
    Phone::parse("79160000000").unwrap()
}

/// Signed in with `before` listed, a binding sent, and the app killed: the journal it leaves.
fn journal_after_kill(before: Vec<PaymentCard>) -> Vec<PendingOp> {
    let mut state = AppState {
        auth: AuthState::SignedIn { phone: phone() },
        ..AppState::default()
    };
    (state, _) = apply(&state, Event::Outcome(Outcome::CardsLoaded(Ok(before))));
    (state, _) = apply(
        &state,
        Event::Action(Action::BindCard {
            card: test_card(),
            make_default: false,
            idempotency_key: swip_core::api::IdempotencyKey::parse("k1").unwrap(),
        }),
    );
    assert_eq!(
        state.binding.as_ref().unwrap().stage,
        BindingStage::Submitting
    );
    pending_ops(&state)
}

/// A new process: restored from the journal, the PIN entered, waiting for the card list.
fn restarted(journal: Vec<PendingOp>) -> AppState {
    let (mut state, _) = apply(
        &AppState::default(),
        Event::Outcome(Outcome::Restored {
            phone: Some(phone()),
            has_session: true,
            pending: journal,
        }),
    );
    assert_eq!(state.binding.as_ref().unwrap().stage, BindingStage::Unknown);
    // The PIN was accepted (as `auth::pin_checked` does): signed in, the list loading.
    state.auth = AuthState::SignedIn { phone: phone() };
    state.cards.loading = true;
    state
}

#[test]
fn the_journal_keeps_brand_last_four_and_the_list_but_no_card_data() {
    let journal = journal_after_kill(vec![listed("c1", "4444", PaymentSystem::Mir, 1)]);
    let json = serde_json::to_string(&journal).unwrap();
    assert!(!json.contains("4111111111111111"), "{json}");
    assert!(!json.contains("\"123\""), "{json}");
    match journal.as_slice() {
        [
            PendingOp::Binding {
                last4,
                brand,
                cards_before,
                deferred_id: None,
                ..
            },
        ] => {
            assert_eq!(last4, "1111");
            assert_eq!(brand.as_deref(), Some("VISA"));
            assert_eq!(cards_before.as_deref(), Some(&["c1".to_owned()][..]));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_new_card_with_its_brand_and_last_four_means_it_was_added() {
    let state = restarted(journal_after_kill(vec![listed(
        "c1",
        "4444",
        PaymentSystem::Mir,
        1,
    )]));
    let (state, _) = apply(
        &state,
        Event::Outcome(Outcome::CardsLoaded(Ok(vec![
            listed("c1", "4444", PaymentSystem::Mir, 1),
            listed("c2", "1111", PaymentSystem::Visa, NOW + 5_000),
        ]))),
    );
    assert_eq!(
        bound_card_id(&state).as_deref(),
        Some("c2"),
        "bound with the new card"
    );
    assert!(pending_ops(&state).is_empty(), "nothing left in doubt");
}

#[test]
fn no_new_card_means_it_was_not_added_and_says_what_to_do() {
    // The same last four on a card listed before, and on a new card of another brand: neither is it.
    let before = vec![listed("c1", "1111", PaymentSystem::Visa, 1)];
    let state = restarted(journal_after_kill(before.clone()));
    let mut after = before;
    after.push(listed("c3", "1111", PaymentSystem::Mir, NOW + 5_000));
    let (state, _) = apply(&state, Event::Outcome(Outcome::CardsLoaded(Ok(after))));
    match &state.binding.as_ref().unwrap().stage {
        BindingStage::Failed { problem } => {
            assert_eq!(problem.kind, ProblemKind::Other);
            assert!(problem.message.starts_with("Карта •• 1111 не добавлена"));
            assert!(problem.message.contains("The card •• 1111 was not added"));
            assert!(problem.message.contains("Add it again"));
        }
        other => panic!("{other:?}"),
    }
    assert!(pending_ops(&state).is_empty(), "nothing left in doubt");
    // The way forward: dismiss, then bind the card again.
    let (state, _) = apply(&state, Event::Action(Action::DismissBinding));
    let (state, effects) = apply(
        &state,
        Event::Action(Action::BindCard {
            card: test_card(),
            make_default: false,
            idempotency_key: swip_core::api::IdempotencyKey::parse("k2").unwrap(),
        }),
    );
    assert!(
        effects.iter().any(
            |e| matches!(e, Effect::BindCard { idempotency_key, .. } if idempotency_key.as_str() == "k2")
        )
    );
    assert_eq!(
        state.binding.as_ref().unwrap().stage,
        BindingStage::Submitting
    );
}

#[test]
fn a_failed_list_load_decides_nothing() {
    let state = restarted(journal_after_kill(vec![]));
    let (state, _) = apply(
        &state,
        Event::Outcome(Outcome::CardsLoaded(Err(swip_core::journey::Problem::new(
            ProblemKind::Network,
            "offline",
        )))),
    );
    assert_eq!(state.binding.as_ref().unwrap().stage, BindingStage::Unknown);
    assert_eq!(pending_ops(&state).len(), 1, "still journaled");
}

/// A journal written before brand and list were kept: it still reads; without the list before,
/// only a card bound since the binding started settles it, else "check again" stays the way.
#[test]
fn an_older_journal_entry_without_the_list_cannot_tell_and_keeps_check_again() {
    let old: Vec<PendingOp> = serde_json::from_str(&format!(
        r#"[{{"kind":"binding","idempotency_key":"k0","deferred_id":null,"last4":"1111","started_at_ms":{NOW}}}]"#
    ))
    .unwrap();
    let state = restarted(old.clone());
    let (state, _) = apply(
        &state,
        Event::Outcome(Outcome::CardsLoaded(Ok(vec![listed(
            "c1",
            "1111",
            PaymentSystem::Visa,
            NOW - 3_600_000,
        )]))),
    );
    assert_eq!(
        state.binding.as_ref().unwrap().stage,
        BindingStage::Unknown,
        "an old card with the same digits is not proof"
    );
    let (state, effects) = apply(&state, Event::Action(Action::CheckAgain));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadCards)));
    let (state, _) = apply(
        &state,
        Event::Outcome(Outcome::CardsLoaded(Ok(vec![listed(
            "c2",
            "1111",
            PaymentSystem::Visa,
            NOW + 1_000,
        )]))),
    );
    assert_eq!(
        bound_card_id(&state).as_deref(),
        Some("c2"),
        "bound with the new card"
    );
}

/// The id of the card a `Bound` binding carries.
fn bound_card_id(state: &AppState) -> Option<String> {
    match &state.binding.as_ref()?.stage {
        BindingStage::Bound { card } => card.as_ref().map(|card| card.id.clone()),
        _ => None,
    }
}

//! The money-safety invariants of one transition, checked by the property test
//! (core/tests/journey_properties.rs) and the fuzz target (fuzz/fuzz_targets/journey_events.rs)
//! alike: one definition, so the two cannot drift apart.

use swip_protocol::deferred::DeferredStatus;

use super::{AppState, Effect, Event, Outcome, PaymentStage, PendingOp, Transition, pending_ops};

/// Checks that the transition `before` --`event`--> `transition` keeps money safe:
/// - a payment is `Paid` only after the server's SUCCESS for that very attempt;
/// - a binding is `Bound` only after the server's SUCCESS or a card list that shows the card;
/// - every payment request of an attempt in flight reuses the attempt's idempotency key;
/// - the journal is saved first whenever it changes;
/// - no pending payment is dropped without a final state or the user's dismissal;
/// - the state survives serde and its JSON holds none of `secrets` (quoted or not).
///
/// Returns what broke, in words.
pub fn check_transition(
    before: &AppState,
    event: &Event,
    transition: &Transition,
    secrets: &[&str],
) -> Result<(), String> {
    let after = &transition.state;
    let success_of = match event {
        Event::Outcome(Outcome::Polled {
            deferred_id,
            status: DeferredStatus::Success,
            ..
        }) => Some(deferred_id),
        _ => None,
    };
    let stage = |s: &AppState| s.checkout.as_ref().map(|c| c.stage.clone());

    let was_paid = matches!(stage(before), Some(PaymentStage::Paid { .. }));
    if let Some(PaymentStage::Paid { attempt }) = stage(after)
        && !was_paid
        && attempt.deferred_id.as_ref() != success_of
    {
        return Err(format!("paid without the server's SUCCESS after {event:?}"));
    }

    let bound = |s: &AppState| s.binding.as_ref().is_some_and(|b| b.stage.is_bound());
    if bound(after) && !bound(before) {
        let from_server =
            success_of.is_some() || matches!(event, Event::Outcome(Outcome::CardsLoaded(Ok(_))));
        if !from_server {
            return Err(format!("bound without the server after {event:?}"));
        }
    }

    for effect in &transition.effects {
        if let Effect::Pay {
            idempotency_key, ..
        } = effect
        {
            match stage(before) {
                Some(PaymentStage::Paying { attempt, .. } | PaymentStage::Unknown { attempt }) => {
                    if *idempotency_key != attempt.idempotency_key {
                        return Err(format!("a second key for one attempt after {event:?}"));
                    }
                }
                Some(PaymentStage::Created { .. } | PaymentStage::Failed { .. }) => {}
                other => return Err(format!("a payment request from {other:?}")),
            }
        }
    }

    let journal_after = pending_ops(after);
    if pending_ops(before) != journal_after {
        let first_is_save = matches!(
            transition.effects.first(),
            Some(Effect::SavePending(ops)) if *ops == journal_after
        );
        if !first_is_save {
            return Err(format!("the journal is not saved first after {event:?}"));
        }
    }

    for op in pending_ops(before) {
        if let PendingOp::Payment { attempt, .. } = op {
            let still = journal_after.iter().any(|o| {
                matches!(o, PendingOp::Payment { attempt: a, .. } if a.idempotency_key == attempt.idempotency_key)
            });
            let settled = matches!(
                stage(after),
                Some(
                    PaymentStage::Paid { .. }
                        | PaymentStage::Failed { .. }
                        | PaymentStage::Created { .. }
                )
            );
            if !still && !settled {
                return Err(format!("a payment was lost after {event:?}"));
            }
        }
    }

    let json =
        serde_json::to_string(after).map_err(|e| format!("the state does not serialise: {e}"))?;
    let back: AppState =
        serde_json::from_str(&json).map_err(|e| format!("the state does not read back: {e}"))?;
    if back != *after {
        return Err("the state changes through serde".into());
    }
    if let Some(secret) = secrets
        .iter()
        .find(|s| json.contains(&format!("\"{s}\"")) || (s.len() > 8 && json.contains(*s)))
    {
        return Err(format!(
            "the state holds a secret ({} characters)",
            secret.len()
        ));
    }
    Ok(())
}

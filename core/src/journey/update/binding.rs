//! Card binding: submit, poll, 3-D Secure, bound / failed / unknown.

use swip_protocol::deferred::DeferredStatus;

use super::{Context, Step, require_signed_in};
use crate::api::IdempotencyKey;
use crate::input::card::CardInput;
use crate::journey::{
    ActionError, BindingStage, BindingState, CardView, Effect, PollKind, Problem, ProblemKind,
};

pub(super) fn start(
    step: &mut Step,
    card: CardInput,
    make_default: bool,
    idempotency_key: IdempotencyKey,
    ctx: &Context<'_>,
) -> Result<(), ActionError> {
    require_signed_in(step, "bind_card")?;
    if let Some(binding) = &step.state.binding {
        if binding.stage.is_in_flight() {
            return Err(ActionError::BindingInFlight);
        }
        if binding.stage == BindingStage::Unknown {
            // The last binding may still succeed: resolve it ("check again") or dismiss it first.
            return Err(ActionError::NotAllowed {
                action: "bind_card",
                stage: "a binding is unresolved",
            });
        }
    }
    // The list as the server gave it (not while it loads, not after a failed load), to tell
    // later whether this card was added if the answer never comes.
    let cards = &step.state.cards;
    let cards_before = (!cards.loading && cards.problem.is_none())
        .then(|| cards.cards.iter().map(|c| c.id.clone()).collect());
    let brand = Some(card.pan().brand().to_string()).filter(|brand| !brand.is_empty());
    step.state.binding = Some(BindingState {
        idempotency_key: idempotency_key.clone(),
        deferred_id: None,
        last4: card.pan().last4().to_owned(),
        started_at_ms: ctx.now_ms,
        stage: BindingStage::Submitting,
        brand,
        cards_before,
    });
    step.effect(Effect::BindCard {
        card,
        make_default,
        idempotency_key,
    });
    Ok(())
}

pub(super) fn accepted(step: &mut Step, result: Result<String, Problem>) {
    let Some(binding) = step.state.binding.as_mut() else {
        return;
    };
    if binding.stage != BindingStage::Submitting {
        return;
    }
    match result {
        Ok(deferred_id) => {
            binding.deferred_id = Some(deferred_id.clone());
            binding.stage = BindingStage::Processing;
            step.effect(Effect::Poll {
                deferred_id,
                kind: PollKind::Binding,
            });
        }
        // The request may have reached the server: only the card list can tell.
        Err(problem) if problem.kind == ProblemKind::Network => {
            binding.stage = BindingStage::Unknown
        }
        Err(problem) => binding.stage = BindingStage::Failed { problem },
    }
}

/// The binding whose server id is `deferred_id`, if it is still being followed.
fn following<'a>(step: &'a mut Step, deferred_id: &str) -> Option<&'a mut BindingState> {
    step.state
        .binding
        .as_mut()
        .filter(|b| b.deferred_id.as_deref() == Some(deferred_id) && !b.stage.is_final())
}

pub(super) fn polled(
    step: &mut Step,
    deferred_id: &str,
    status: &DeferredStatus,
    error_message: &str,
    error_code: &str,
    ctx: &Context<'_>,
) {
    let Some(binding) = following(step, deferred_id) else {
        return;
    };
    let mut effects = Vec::new();
    match status {
        DeferredStatus::Success => {
            binding.stage = BindingStage::Bound { card: None };
            effects.push(Effect::StopPolling {
                deferred_id: deferred_id.to_owned(),
            });
            effects.push(Effect::LoadCards);
        }
        DeferredStatus::Fail => {
            binding.stage = BindingStage::Failed {
                problem: declined(error_message, error_code),
            };
            effects.push(Effect::StopPolling {
                deferred_id: deferred_id.to_owned(),
            });
        }
        DeferredStatus::Finish3ds => match &binding.stage {
            BindingStage::ThreeDsChallenge { html: Some(_), .. }
            | BindingStage::AwaitingResult { .. } => {}
            _ => {
                binding.stage = BindingStage::ThreeDsChallenge {
                    html: None,
                    return_url: ctx.three_ds_return_url.to_owned(),
                };
                effects.push(Effect::FetchThreeDsPage {
                    deferred_id: deferred_id.to_owned(),
                });
            }
        },
        // PROCESSING (or a status this wallet does not know): still working.
        _ => {
            if !matches!(binding.stage, BindingStage::AwaitingResult { .. }) {
                binding.stage = BindingStage::Processing;
            }
        }
    }
    if binding.stage.is_bound() {
        step.state.cards.loading = true;
    }
    step.effects.extend(effects);
}

/// A FAIL as a problem: the server's message, or a plain one.
pub(super) fn declined(error_message: &str, error_code: &str) -> Problem {
    let message = if error_message.is_empty() {
        "The bank declined the operation"
    } else {
        error_message
    };
    let problem = Problem::new(ProblemKind::Declined, message);
    match error_code.parse() {
        Ok(code) => problem.with_code(code),
        Err(_) => problem,
    }
}

pub(super) fn page(step: &mut Step, deferred_id: &str, result: Result<String, Problem>) {
    let Some(binding) = following(step, deferred_id) else {
        return;
    };
    if let (BindingStage::ThreeDsChallenge { html, .. }, Ok(page)) = (&mut binding.stage, result) {
        *html = Some(page);
    }
    // On error the page stays unfetched; the next FINISH_3DS poll fetches it again.
}

pub(super) fn three_ds_finished(step: &mut Step, closed_by_user: bool) -> Result<(), ActionError> {
    let action = if closed_by_user {
        "three_ds_closed"
    } else {
        "three_ds_returned"
    };
    match step.state.binding.as_mut() {
        Some(binding) if matches!(binding.stage, BindingStage::ThreeDsChallenge { .. }) => {
            binding.stage = BindingStage::AwaitingResult { closed_by_user };
            Ok(())
        }
        _ => Err(ActionError::NotAllowed {
            action,
            stage: "no 3-D Secure challenge is open",
        }),
    }
}

pub(super) fn deadline(step: &mut Step, deferred_id: &str) {
    if let Some(binding) = following(step, deferred_id) {
        binding.stage = BindingStage::Unknown;
    }
}

/// Restarts the question for a binding in `Unknown`; true when there was one.
pub(super) fn check_again(step: &mut Step) -> bool {
    let Some(binding) = step
        .state
        .binding
        .as_mut()
        .filter(|b| b.stage == BindingStage::Unknown)
    else {
        return false;
    };
    match binding.deferred_id.clone() {
        Some(deferred_id) => {
            binding.stage = BindingStage::Processing;
            step.effect(Effect::Poll {
                deferred_id,
                kind: PollKind::Binding,
            });
        }
        None => {
            // The server's id was never learnt: the card list tells whether the card arrived.
            step.state.cards.loading = true;
            step.effect(Effect::LoadCards);
        }
    }
    true
}

/// After a card list loaded (the server's list, not a failed or loading one):
/// - a `Bound` binding gets its new card (the newest card of its brand and last four digits);
/// - a binding in `Unknown` with no server id (its answers were lost, or the app was killed with
///   the request on its way) is settled: when the list before it started is known, `Bound` if a
///   card of its brand and last four digits that was not listed then is there now, else `Failed`
///   with [`not_added`]; when not known, `Bound` if such a card was bound since it started (a
///   minute's clock skew allowed), else it stays `Unknown` ("check again" or dismiss).
pub(super) fn match_unknown_binding(step: &mut Step) {
    let cards = &step.state.cards;
    if cards.loading || cards.problem.is_some() {
        return; // Not the server's list.
    }
    let Some(binding) = step.state.binding.as_mut() else {
        return;
    };
    let newest = |accept: &dyn Fn(&CardView) -> bool| {
        cards
            .cards
            .iter()
            .filter(|card| {
                card.masked_number.ends_with(&binding.last4)
                    && binding
                        .brand
                        .as_deref()
                        .is_none_or(|brand| brand == card.payment_system)
                    && accept(card)
            })
            .max_by_key(|card| card.created_at_ms)
            .cloned()
    };
    let settled = match (&binding.stage, &binding.cards_before) {
        (BindingStage::Bound { card: None }, _) => newest(&|_| true).map(Some),
        (BindingStage::Unknown, Some(before)) if binding.deferred_id.is_none() => {
            Some(newest(&|card| !before.contains(&card.id)))
        }
        (BindingStage::Unknown, None) if binding.deferred_id.is_none() => {
            newest(&|card| card.created_at_ms + 60_000 >= binding.started_at_ms).map(Some)
        }
        _ => None,
    };
    match settled {
        Some(Some(card)) => binding.stage = BindingStage::Bound { card: Some(card) },
        Some(None) => {
            binding.stage = BindingStage::Failed {
                problem: not_added(&binding.last4),
            }
        }
        None => {}
    }
}

/// The card is not in the list: it was not added (the server never took the request, or holds
/// it unfinished). Russian first, then English.
pub(super) fn not_added(last4: &str) -> Problem {
    Problem::new(
        ProblemKind::Other,
        format!(
            "Карта •• {last4} не добавлена: её нет в списке карт. Добавьте её ещё раз; если банк \
             ответит, что она уже добавляется, повторите через несколько минут. / The card •• \
             {last4} was not added: it is not in your card list. Add it again; if the bank answers \
             that it is already being added, try again in a few minutes."
        ),
    )
}

pub(super) fn dismiss(step: &mut Step) -> Result<(), ActionError> {
    match &step.state.binding {
        None => Err(ActionError::NotAllowed {
            action: "dismiss_binding",
            stage: "no binding",
        }),
        Some(binding) if binding.stage.is_in_flight() => Err(ActionError::BindingInFlight),
        Some(_) => {
            step.state.binding = None;
            Ok(())
        }
    }
}

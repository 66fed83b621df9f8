//! The card list: load, default, delete.

use swip_protocol::cards::PaymentCard;

use super::{Step, require_signed_in};
use crate::journey::{ActionError, CardChange, CardView, Effect, PaymentStage, Problem};

pub(super) fn refresh(step: &mut Step) -> Result<(), ActionError> {
    require_signed_in(step, "refresh_cards")?;
    step.state.cards.loading = true;
    step.state.cards.problem = None;
    step.effect(Effect::LoadCards);
    Ok(())
}

pub(super) fn loaded(step: &mut Step, result: Result<Vec<PaymentCard>, Problem>) {
    let cards = &mut step.state.cards;
    cards.loading = false;
    match result {
        Ok(list) => {
            cards.cards = list.iter().map(CardView::from).collect();
            cards.problem = None;
        }
        Err(problem) => cards.problem = Some(problem),
    }
}

/// Checks that a card action can start on `card_id`.
fn card_action(step: &mut Step, action: &'static str, card_id: &str) -> Result<(), ActionError> {
    require_signed_in(step, action)?;
    if step.state.cards.loading {
        return Err(ActionError::AlreadyUnderWay { action });
    }
    if !step.state.cards.cards.iter().any(|c| c.id == card_id) {
        return Err(ActionError::UnknownCard);
    }
    step.state.cards.loading = true;
    step.state.cards.problem = None;
    Ok(())
}

pub(super) fn set_default(step: &mut Step, card_id: String) -> Result<(), ActionError> {
    card_action(step, "set_default_card", &card_id)?;
    step.effect(Effect::SetDefaultCard { card_id });
    Ok(())
}

pub(super) fn unset_default(step: &mut Step, card_id: String) -> Result<(), ActionError> {
    card_action(step, "unset_default_card", &card_id)?;
    step.effect(Effect::UnsetDefaultCard { card_id });
    Ok(())
}

pub(super) fn delete(step: &mut Step, card_id: String) -> Result<(), ActionError> {
    let charging = step.state.checkout.as_ref().is_some_and(|c| {
        matches!(&c.stage, PaymentStage::Paying { attempt, .. } | PaymentStage::Unknown { attempt }
            if attempt.card_id == card_id)
    });
    if charging {
        return Err(ActionError::PaymentInFlight);
    }
    card_action(step, "delete_card", &card_id)?;
    step.effect(Effect::DeleteCard { card_id });
    Ok(())
}

/// A card change answered. Its success is definitive and says exactly what changed (the contract
/// answers these with a status only; `docs/extensions.md`: nothing is promoted to default), so the
/// list is updated here instead of being loaded again: one request fewer, and the list is right
/// one round trip sooner.
pub(super) fn changed(
    step: &mut Step,
    card_id: &str,
    change: CardChange,
    result: Result<(), Problem>,
) {
    let cards = &mut step.state.cards;
    cards.loading = false;
    match result {
        Ok(()) => {
            cards.problem = None;
            match change {
                CardChange::SetDefault => {
                    for card in &mut cards.cards {
                        card.is_default = card.id == card_id;
                    }
                }
                CardChange::UnsetDefault => {
                    for card in cards.cards.iter_mut().filter(|c| c.id == card_id) {
                        card.is_default = false;
                    }
                }
                CardChange::Delete => cards.cards.retain(|c| c.id != card_id),
            }
        }
        Err(problem) => cards.problem = Some(problem),
    }
}

//! The card list: load, default, delete.

use swip_protocol::cards::PaymentCard;

use super::{Step, require_signed_in};
use crate::journey::{ActionError, CardView, Effect, PaymentStage, Problem};

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

pub(super) fn changed(step: &mut Step, result: Result<(), Problem>) {
    match result {
        Ok(()) => step.effect(Effect::LoadCards),
        Err(problem) => {
            step.state.cards.loading = false;
            step.state.cards.problem = Some(problem);
        }
    }
}

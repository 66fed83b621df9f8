//! The card list and changes to it.

use crate::journey::{CardChange, Outcome};

use super::super::Inner;
use super::super::problems::problem_of;
use super::super::retry::with_retries;

/// `GET /payment-cards`.
pub(super) async fn load(inner: &Inner) -> Outcome {
    let session = &inner.session;
    Outcome::CardsLoaded(
        with_retries(&inner.config, true, || {
            session.call(|call| Box::pin(call.api.list_cards(call.token)))
        })
        .await
        .map_err(|e| problem_of(&e)),
    )
}

/// Makes a card the default, unsets it, or deletes it (each safe to repeat).
pub(super) async fn change(inner: &Inner, card_id: String, change: CardChange) -> Outcome {
    let result = with_retries(&inner.config, true, || {
        inner.session.call(|call| match change {
            CardChange::SetDefault => Box::pin(call.api.set_default_card(call.token, &card_id)),
            CardChange::UnsetDefault => Box::pin(call.api.unset_default_card(call.token, &card_id)),
            CardChange::Delete => Box::pin(call.api.delete_card(call.token, &card_id)),
        })
    })
    .await;
    Outcome::CardChanged {
        card_id,
        change,
        result: result.map_err(|e| problem_of(&e)),
    }
}

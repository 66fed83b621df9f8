//! Binding a card: the sealed card sent under its idempotency key, and the bank's 3-D Secure page.

use crate::api::IdempotencyKey;
use crate::cryptogram::{SealError, SealedSendError};
use crate::input::card::CardInput;
use crate::journey::{Outcome, Problem, ProblemKind};
use swip_protocol::cards::BindCardRequest;

use super::super::Inner;
use super::super::problems::problem_of;
use super::super::retry::{with_retries, with_retries_until};

/// Seals the card and `POST /payment-cards` with the binding's idempotency key.
pub(super) async fn bind(
    inner: &Inner,
    card: CardInput,
    make_default: bool,
    idempotency_key: IdempotencyKey,
) -> Outcome {
    let config = &inner.config;
    let session = &inner.session;
    let holder = card.holder().as_str().to_owned();
    let mut attempt: u32 = 0;
    let result = inner
        .sealer
        .send_with_key_retry(&card, |sealed| {
            attempt += 1;
            // A cryptogram refused for its key version was refused outright: the re-sealed
            // one goes under a key of its own.
            let key = idempotency_key.for_attempt(attempt);
            let request = BindCardRequest {
                add_as_default: make_default,
                holder: holder.clone(),
                cryptogram: sealed.cryptogram,
            };
            async move {
                // A binding left in doubt without its server id cannot be followed (and
                // the card cannot be bound again while the server holds it): the same
                // request, same key, is tried until the binding's deadline instead.
                let deadline = tokio::time::Instant::now() + config.binding_deadline;
                with_retries_until(config, deadline, || {
                    session.call(|call| Box::pin(call.api.bind_card(call.token, &request, &key)))
                })
                .await
            }
        })
        .await;
    Outcome::BindingAccepted(match result {
        Ok(answer) => Ok(answer.deferred_id),
        Err(SealedSendError::Send(error)) => Err(problem_of(&error)),
        Err(SealedSendError::Seal(SealError::KeyFetch(error))) => Err(problem_of(&error.into())),
        Err(SealedSendError::Seal(error)) => {
            Err(Problem::new(ProblemKind::Other, error.to_string()))
        }
    })
}

/// `GET /deferred-results/{id}/binding-payment-card-3ds-result`.
pub(super) async fn three_ds_page(inner: &Inner, deferred_id: String) -> Outcome {
    let session = &inner.session;
    let result = with_retries(&inner.config, true, || {
        session.call(|call| Box::pin(call.api.three_ds_page(call.token, &deferred_id)))
    })
    .await;
    Outcome::ThreeDsPage {
        deferred_id,
        result: result
            .map(|page| page.finish_3ds_html)
            .map_err(|e| problem_of(&e)),
    }
}

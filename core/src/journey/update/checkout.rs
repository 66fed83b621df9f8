//! Orders and their payment.

use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{Order, PurchaseRequest};

use super::{Context, Step, require_signed_in};
use crate::api::IdempotencyKey;
use crate::input::Email;
use crate::journey::{
    ActionError, CheckoutState, CounterPayment, Effect, OrderSource, OrderView, PaymentAttempt,
    PaymentProblem, PaymentStage, PollKind, Problem,
};

pub(super) fn create_order(
    step: &mut Step,
    merchant_id: String,
    merchant_store_id: String,
    purchases: Vec<PurchaseRequest>,
) -> Result<(), ActionError> {
    start_order(step, "create_order", OrderSource::InApp)?;
    step.effect(Effect::CreateOrder {
        merchant_id,
        merchant_store_id,
        purchases,
    });
    Ok(())
}

/// Looks up a till's order by its session code (the QR's text).
pub(super) fn find_counter_order(step: &mut Step, session_code: String) -> Result<(), ActionError> {
    start_order(
        step,
        "find_counter_order",
        OrderSource::Counter {
            session_code: session_code.clone(),
        },
    )?;
    step.effect(Effect::FindCounterOrder { session_code });
    Ok(())
}

/// A new checkout from `source`, unless one is busy or in doubt.
fn start_order(
    step: &mut Step,
    action: &'static str,
    source: OrderSource,
) -> Result<(), ActionError> {
    require_signed_in(step, action)?;
    if let Some(checkout) = &step.state.checkout {
        match checkout.stage {
            PaymentStage::CreatingOrder | PaymentStage::ConfirmingAtCounter { .. } => {
                return Err(ActionError::AlreadyUnderWay { action });
            }
            PaymentStage::Paying { .. } => return Err(ActionError::PaymentInFlight),
            PaymentStage::Unknown { .. } => return Err(ActionError::PaymentInDoubt),
            _ => {}
        }
    }
    step.state.checkout = Some(CheckoutState {
        source,
        order: None,
        stage: PaymentStage::CreatingOrder,
    });
    Ok(())
}

pub(super) fn order_created(step: &mut Step, result: Result<Box<Order>, Problem>) {
    let Some(checkout) = step.state.checkout.as_mut() else {
        return;
    };
    if checkout.stage != PaymentStage::CreatingOrder {
        return;
    }
    match result {
        Ok(order) => {
            checkout.order = Some(OrderView::from(order.as_ref()));
            checkout.stage = PaymentStage::Created { problem: None };
        }
        Err(problem) => checkout.stage = PaymentStage::OrderRefused { problem },
    }
}

pub(super) fn pay(
    step: &mut Step,
    card_id: Option<String>,
    email: Email,
    idempotency_key: IdempotencyKey,
    ctx: &Context<'_>,
) -> Result<(), ActionError> {
    require_signed_in(step, "pay")?;
    let Some(checkout) = &step.state.checkout else {
        return Err(ActionError::NoOrder);
    };
    let Some(order) = &checkout.order else {
        return Err(ActionError::NoOrder);
    };
    match checkout.stage {
        PaymentStage::Created { .. } | PaymentStage::Failed { .. } => {}
        PaymentStage::Paying { .. } => return Err(ActionError::PaymentInFlight),
        PaymentStage::Unknown { .. } => return Err(ActionError::PaymentInDoubt),
        PaymentStage::Paid { .. } | PaymentStage::AtCounter { .. } => {
            return Err(ActionError::AlreadyPaid);
        }
        PaymentStage::ConfirmingAtCounter { .. } => {
            return Err(ActionError::AlreadyUnderWay {
                action: "pay_at_counter",
            });
        }
        PaymentStage::CreatingOrder | PaymentStage::OrderRefused { .. } => {
            return Err(ActionError::NoOrder);
        }
    }
    let source = checkout.source.clone();
    let cards = &step.state.cards;
    let card = match &card_id {
        Some(id) => cards
            .cards
            .iter()
            .find(|c| &c.id == id)
            .ok_or(ActionError::UnknownCard)?,
        None => cards.default_card().ok_or(ActionError::NoDefaultCard)?,
    };
    if card.blocked {
        return Err(ActionError::CardBlocked);
    }
    let attempt = PaymentAttempt {
        idempotency_key: idempotency_key.clone(),
        card_id: card.id.clone(),
        card_masked: card.masked_number.clone(),
        email: email.clone(),
        deferred_id: None,
        started_at_ms: ctx.now_ms,
    };
    let order_id = order.id.clone();
    let card_id = card.id.clone();
    if let Some(checkout) = step.state.checkout.as_mut() {
        checkout.stage = PaymentStage::Paying {
            attempt,
            server_status: None,
        };
    }
    step.effect(Effect::Pay {
        source,
        order_id,
        card_id,
        email,
        idempotency_key,
    });
    Ok(())
}

/// The user pays a till's order at the counter (cash or terminal): the server is told, the till
/// then sees the order unpaid with the loyalty applied and closes it with what it took.
pub(super) fn pay_at_counter(step: &mut Step, method: CounterPayment) -> Result<(), ActionError> {
    require_signed_in(step, "pay_at_counter")?;
    let Some(checkout) = step.state.checkout.as_mut() else {
        return Err(ActionError::NoOrder);
    };
    let (OrderSource::Counter { .. }, Some(order)) = (&checkout.source, &checkout.order) else {
        return Err(ActionError::NotAllowed {
            action: "pay_at_counter",
            stage: "the order is not a till's",
        });
    };
    match checkout.stage {
        PaymentStage::Created { .. } | PaymentStage::Failed { .. } => {}
        PaymentStage::Paying { .. } => return Err(ActionError::PaymentInFlight),
        PaymentStage::Unknown { .. } => return Err(ActionError::PaymentInDoubt),
        PaymentStage::Paid { .. } | PaymentStage::AtCounter { .. } => {
            return Err(ActionError::AlreadyPaid);
        }
        PaymentStage::ConfirmingAtCounter { .. } => {
            return Err(ActionError::AlreadyUnderWay {
                action: "pay_at_counter",
            });
        }
        PaymentStage::CreatingOrder | PaymentStage::OrderRefused { .. } => {
            return Err(ActionError::NoOrder);
        }
    }
    let order_id = order.id.clone();
    checkout.stage = PaymentStage::ConfirmingAtCounter { method };
    step.effect(Effect::PayAtCounter { order_id, method });
    Ok(())
}

pub(super) fn counter_confirmed(step: &mut Step, result: Result<(), Problem>) {
    let Some(checkout) = step.state.checkout.as_mut() else {
        return;
    };
    let PaymentStage::ConfirmingAtCounter { method } = checkout.stage else {
        return;
    };
    checkout.stage = match result {
        Ok(()) => PaymentStage::AtCounter { method },
        Err(problem) => PaymentStage::Created {
            problem: Some(problem),
        },
    };
}

pub(super) fn accepted(step: &mut Step, result: Result<String, PaymentProblem>) {
    let Some(checkout) = step.state.checkout.as_mut() else {
        return;
    };
    let PaymentStage::Paying { attempt, .. } = &mut checkout.stage else {
        return;
    };
    if attempt.deferred_id.is_some() {
        return;
    }
    match result {
        Ok(deferred_id) => {
            attempt.deferred_id = Some(deferred_id.clone());
            step.effect(Effect::Poll {
                deferred_id,
                kind: PollKind::Payment,
            });
        }
        // Refused before it started: nothing was charged, the user may try again.
        Err(PaymentProblem {
            problem,
            definite: true,
        }) => {
            checkout.stage = PaymentStage::Created {
                problem: Some(problem),
            };
        }
        // It may have been taken: never call it failed; "check again" repeats the same request.
        Err(PaymentProblem {
            definite: false, ..
        }) => {
            let attempt = attempt.clone();
            checkout.stage = PaymentStage::Unknown { attempt };
        }
    }
}

/// The attempt whose server id is `deferred_id`, while its answer is awaited.
fn following<'a>(step: &'a mut Step, deferred_id: &str) -> Option<&'a mut CheckoutState> {
    step.state.checkout.as_mut().filter(|c| {
        matches!(&c.stage, PaymentStage::Paying { attempt, .. } | PaymentStage::Unknown { attempt }
            if attempt.deferred_id.as_deref() == Some(deferred_id))
    })
}

pub(super) fn polled(
    step: &mut Step,
    deferred_id: &str,
    status: &DeferredStatus,
    error_message: &str,
    error_code: &str,
) {
    let Some(checkout) = following(step, deferred_id) else {
        return;
    };
    let Some(attempt) = checkout.stage.attempt().cloned() else {
        return;
    };
    match status {
        DeferredStatus::Success => {
            checkout.stage = PaymentStage::Paid { attempt };
            step.effect(Effect::StopPolling {
                deferred_id: deferred_id.to_owned(),
            });
        }
        DeferredStatus::Fail => {
            let problem = super::binding::declined(error_message, error_code);
            checkout.stage = PaymentStage::Failed { attempt, problem };
            step.effect(Effect::StopPolling {
                deferred_id: deferred_id.to_owned(),
            });
        }
        other => {
            checkout.stage = PaymentStage::Paying {
                attempt,
                server_status: Some(other.as_str().to_owned()),
            };
        }
    }
}

pub(super) fn deadline(step: &mut Step, deferred_id: &str) {
    if let Some(checkout) = following(step, deferred_id)
        && let PaymentStage::Paying { attempt, .. } = &checkout.stage
    {
        checkout.stage = PaymentStage::Unknown {
            attempt: attempt.clone(),
        };
    }
}

/// Asks again about a payment in `Unknown`; true when there was one.
pub(super) fn check_again(step: &mut Step) -> bool {
    let Some(checkout) = step.state.checkout.as_mut() else {
        return false;
    };
    let (Some(order), PaymentStage::Unknown { attempt }) = (&checkout.order, &checkout.stage)
    else {
        return false;
    };
    let effect = resume_effect(&checkout.source, &order.id, attempt);
    checkout.stage = PaymentStage::Paying {
        attempt: attempt.clone(),
        server_status: None,
    };
    step.effect(effect);
    true
}

/// How to learn the outcome of `attempt`: poll its server id, or, when that id was never learnt,
/// repeat the payment request with the same idempotency key (the server answers with the first
/// response and does not charge again).
pub(super) fn resume_effect(
    source: &OrderSource,
    order_id: &str,
    attempt: &PaymentAttempt,
) -> Effect {
    match &attempt.deferred_id {
        Some(deferred_id) => Effect::Poll {
            deferred_id: deferred_id.clone(),
            kind: PollKind::Payment,
        },
        None => Effect::Pay {
            source: source.clone(),
            order_id: order_id.to_owned(),
            card_id: attempt.card_id.clone(),
            email: attempt.email.clone(),
            idempotency_key: attempt.idempotency_key.clone(),
        },
    }
}

pub(super) fn dismiss(step: &mut Step) -> Result<(), ActionError> {
    match step.state.checkout.as_ref().map(|c| &c.stage) {
        None => Err(ActionError::NoOrder),
        Some(PaymentStage::Paying { .. }) => Err(ActionError::PaymentInFlight),
        Some(PaymentStage::Unknown { .. }) => Err(ActionError::PaymentInDoubt),
        Some(PaymentStage::CreatingOrder) => Err(ActionError::AlreadyUnderWay {
            action: "create_order",
        }),
        Some(PaymentStage::ConfirmingAtCounter { .. }) => Err(ActionError::AlreadyUnderWay {
            action: "pay_at_counter",
        }),
        Some(_) => {
            step.state.checkout = None;
            Ok(())
        }
    }
}

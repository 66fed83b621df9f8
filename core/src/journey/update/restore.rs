//! Start-up: rebuild the journey from the secure store and resume what was under way.

use super::Step;
use super::checkout::resume_effect;
use crate::input::Phone;
use crate::journey::{
    AuthState, BindingStage, BindingState, CheckoutState, Effect, LockReason, PaymentStage,
    PendingOp, PollKind,
};

pub(super) fn restored(
    step: &mut Step,
    phone: Option<Phone>,
    has_session: bool,
    pending: Vec<PendingOp>,
) {
    if step.state != Default::default() {
        return; // Only the first event of a wallet restores.
    }
    step.state.auth = match phone {
        Some(phone) if has_session => AuthState::Locked {
            phone,
            reason: LockReason::Restart,
            submitting: false,
            attempts_left: None,
            problem: None,
        },
        _ => AuthState::SignedOut,
    };
    for op in pending {
        match op {
            PendingOp::Binding {
                idempotency_key,
                deferred_id,
                last4,
                started_at_ms,
                brand,
                cards_before,
            } => {
                let stage = if deferred_id.is_some() {
                    BindingStage::Processing
                } else {
                    BindingStage::Unknown
                };
                step.state.binding = Some(BindingState {
                    idempotency_key,
                    deferred_id,
                    last4,
                    started_at_ms,
                    stage,
                    brand,
                    cards_before,
                });
            }
            PendingOp::Payment {
                source,
                order,
                attempt,
            } => {
                step.state.checkout = Some(CheckoutState {
                    source,
                    order: Some(*order),
                    stage: PaymentStage::Paying {
                        attempt,
                        server_status: None,
                    },
                });
            }
        }
    }
    if has_session {
        resume_polls(step);
    }
}

/// Effects that pick up every binding and payment still awaiting the server (polls already
/// running are not duplicated by the driver).
pub(super) fn resume_polls(step: &mut Step) {
    if let Some(binding) = &step.state.binding
        && binding.stage.is_in_flight()
        && let Some(deferred_id) = &binding.deferred_id
    {
        step.effect(Effect::Poll {
            deferred_id: deferred_id.clone(),
            kind: PollKind::Binding,
        });
    }
    if let Some(checkout) = &step.state.checkout
        && let (Some(order), PaymentStage::Paying { attempt, .. }) =
            (&checkout.order, &checkout.stage)
    {
        step.effect(resume_effect(&checkout.source, &order.id, attempt));
    }
}

//! Lazy progress of POS orders on the sandbox clock, run by [`SandboxState::settle`] after the
//! deferred operations: an app payment that ended puts funds on hold (or frees the order again),
//! an order not closed by its OPEN timeout is cancelled (a hold is released), and a closed
//! order's hold is captured when its cancellation period ends. Every transition is stamped with
//! the time it happened, so reading late gives the same history as polling.

use std::collections::HashMap;

use swip_protocol::pos::{CancelReason, PaymentMethod};

use super::deferred::{Deferred, DeferredKind, PaymentStage};
use super::orders::OrderRecord;
use super::pos_order::{CardPayment, CardPhase, PosOrderRecord, Settlement, Stage};
use super::{SandboxState, World};
use crate::control::Charge;
use crate::control::pos::{Movement, MovementKind};

/// A ledger entry for the card payment of `order_id`.
pub fn card_movement(
    order_id: &str,
    kind: MovementKind,
    payment: &CardPayment,
    amount: swip_protocol::Amount,
    at: i64,
) -> Movement {
    Movement {
        order_id: order_id.to_owned(),
        kind,
        amount,
        payment_method: PaymentMethod::Card,
        payment_card_id: Some(payment.card_id.clone()),
        deferred_id: Some(payment.deferred_id.clone()),
        refund_id: None,
        at,
    }
}

impl SandboxState {
    /// Brings every POS order up to `now`.
    pub fn settle_pos(&mut self, now: i64) {
        let delay = self.processing_delay_ms;
        let World {
            pos,
            deferred,
            deferred_index,
            charges,
            orders,
            ..
        } = &mut self.world;
        let payments = Payments {
            deferred,
            index: deferred_index,
            charges,
        };
        for id in &pos.order_ids {
            let Some(record) = pos.orders.get_mut(id) else {
                continue;
            };
            if record.is_final() && !awaits_capture(record) {
                continue;
            }
            settle_order(record, now, delay, &payments, orders, &mut pos.ledger);
        }
    }
}

/// Read access to the deferred payments and charges.
struct Payments<'a> {
    deferred: &'a [Deferred],
    index: &'a HashMap<String, usize>,
    charges: &'a [Charge],
}

impl Payments<'_> {
    /// The stage of a payment, `None` if it vanished.
    fn stage(&self, deferred_id: &str) -> Option<&PaymentStage> {
        let operation = self.deferred.get(*self.index.get(deferred_id)?)?;
        match &operation.kind {
            DeferredKind::Payment(payment) => Some(&payment.stage),
            DeferredKind::Binding(_) => None,
        }
    }

    /// When the payment was charged.
    fn charged_at(&self, deferred_id: &str) -> Option<i64> {
        self.charges
            .iter()
            .rev()
            .find(|charge| charge.deferred_id == deferred_id)
            .map(|charge| charge.charged_at)
    }
}

fn awaits_capture(record: &PosOrderRecord) -> bool {
    matches!(
        record.stage,
        Stage::Closed {
            settlement: Settlement::Card {
                phase: CardPhase::Held { .. },
                ..
            },
            ..
        }
    )
}

fn settle_order(
    record: &mut PosOrderRecord,
    now: i64,
    delay: i64,
    payments: &Payments<'_>,
    shadows: &mut HashMap<String, OrderRecord>,
    ledger: &mut Vec<Movement>,
) {
    if let Stage::Paying { payment } = record.stage.clone() {
        match payments.stage(&payment.deferred_id) {
            Some(PaymentStage::Succeeded) => {
                let at = payments.charged_at(&payment.deferred_id).unwrap_or(now);
                ledger.push(card_movement(
                    &record.id,
                    MovementKind::Hold,
                    &payment,
                    payment.amount,
                    at,
                ));
                record.set_stage(Stage::Held { payment }, at);
                shadows.remove(&record.id);
            }
            Some(PaymentStage::Failed { .. }) | None => {
                let at = (record.changed_at + 2 * delay).min(now);
                record.customer = None;
                record.set_stage(Stage::Open, at);
                shadows.remove(&record.id);
            }
            // Still running: a payment in progress keeps the order open until it ends.
            Some(_) => return,
        }
    }
    match record.stage.clone() {
        Stage::Open | Stage::Held { .. } if now >= record.expires_at => {
            let at = record.expires_at.max(record.changed_at);
            let released = match record.stage.clone() {
                Stage::Held { payment } => {
                    ledger.push(card_movement(
                        &record.id,
                        MovementKind::Release,
                        &payment,
                        payment.amount,
                        at,
                    ));
                    Some(payment)
                }
                _ => None,
            };
            record.set_stage(
                Stage::Cancelled {
                    reason: CancelReason::Expired,
                    released,
                },
                at,
            );
        }
        Stage::Closed {
            amount,
            settlement:
                Settlement::Card {
                    payment,
                    phase: CardPhase::Held { capture_at },
                },
        } if now >= capture_at => {
            let captured = amount - record.refunded();
            if captured > swip_protocol::Amount::ZERO {
                ledger.push(card_movement(
                    &record.id,
                    MovementKind::Capture,
                    &payment,
                    captured,
                    capture_at,
                ));
            }
            record.stage = Stage::Closed {
                amount,
                settlement: Settlement::Card {
                    payment,
                    phase: CardPhase::Captured { at: capture_at },
                },
            };
        }
        _ => {}
    }
}

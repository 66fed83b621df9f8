//! The pending-operation journal: what must survive a restart so that no binding or payment is
//! lost. It never holds card data, PINs or tokens.

use serde::{Deserialize, Serialize};

use super::{AppState, OrderSource, OrderView, PaymentAttempt, PaymentStage};
use crate::api::IdempotencyKey;

/// An operation the server may still be working on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PendingOp {
    /// A card binding not yet bound or failed.
    Binding {
        /// Its idempotency key.
        idempotency_key: IdempotencyKey,
        /// The server's id, once known.
        deferred_id: Option<String>,
        /// The card's last four digits.
        last4: String,
        /// When it started (ms since 1970).
        started_at_ms: i64,
        /// The card's payment system, as the card list names it (PCI DSS allows keeping it).
        #[serde(default)]
        brand: Option<String>,
        /// The ids of the cards listed before the request, to tell after a restart whether the
        /// card was added. Ids only: no card data.
        #[serde(default)]
        cards_before: Option<Vec<String>>,
    },
    /// A payment not yet paid or failed.
    Payment {
        /// Where the order comes from (which endpoint pays it).
        #[serde(default)]
        source: OrderSource,
        /// The order.
        order: Box<OrderView>,
        /// The attempt.
        attempt: PaymentAttempt,
    },
}

/// The journal that `state` implies: every binding or payment in flight or in doubt.
pub fn pending_ops(state: &AppState) -> Vec<PendingOp> {
    let mut ops = Vec::new();
    if let Some(binding) = &state.binding
        && !binding.stage.is_final()
    {
        ops.push(PendingOp::Binding {
            idempotency_key: binding.idempotency_key.clone(),
            deferred_id: binding.deferred_id.clone(),
            last4: binding.last4.clone(),
            started_at_ms: binding.started_at_ms,
            brand: binding.brand.clone(),
            cards_before: binding.cards_before.clone(),
        });
    }
    if let Some(checkout) = &state.checkout
        && let Some(order) = &checkout.order
        && let PaymentStage::Paying { attempt, .. } | PaymentStage::Unknown { attempt } =
            &checkout.stage
    {
        ops.push(PendingOp::Payment {
            source: checkout.source.clone(),
            order: Box::new(order.clone()),
            attempt: attempt.clone(),
        });
    }
    ops
}

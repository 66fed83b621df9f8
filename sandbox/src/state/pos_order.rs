//! A POS order as the sandbox keeps it: what the till sent, the customer bound to it with the
//! loyalty they got, where the order and its money are ([`Stage`]), and how it reads on the wire.
//!
//! ```text
//! Open ──app pays──▶ Paying ──SUCCESS──▶ Held ──close(a ≤ paid)──▶ Closed(card: Held → Captured)
//!  │  ◀──FAIL────────┘                    │                          └─cancel-payment─▶ Released
//!  │ (pay-at-counter: Open with a cash customer) ─close(a ≤ total)─▶ Closed(cash)
//!  └─ cancel / close(0) / failed close / OPEN timeout ─▶ Cancelled (a hold is released)
//! ```

use std::collections::HashMap;

use swip_protocol::Amount;
use swip_protocol::Quantity;
use swip_protocol::pos::{
    CancelReason, PaymentMethod, PosOrder, PosOrderStatus, PosPaymentStatus, PosPurchase,
};

use super::pos_loyalty::Loyalty;
use crate::control::pos::Movement;

/// Every POS order and money movement; a reset forgets them.
#[derive(Debug, Default)]
pub struct PosBook {
    /// Orders by id.
    pub orders: HashMap<String, PosOrderRecord>,
    /// Order ids in creation order.
    pub order_ids: Vec<String>,
    /// Holds, captures, releases and refunds, in the order they were recorded.
    pub ledger: Vec<Movement>,
}

/// One line of a POS order.
#[derive(Debug, Clone, PartialEq)]
pub struct PosLine {
    /// The line's id.
    pub id: String,
    /// What it is.
    pub name: String,
    /// The line it modifies.
    pub parent_id: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// How many.
    pub quantity: Quantity,
    /// The unit.
    pub unit: String,
    /// Unit price.
    pub price: Amount,
    /// `price × quantity`.
    pub amount: Amount,
    /// The line's share of the till's own discount.
    pub merchant_discount: Amount,
}

impl PosLine {
    /// What the customer pays for the line before SWiP's loyalty.
    pub fn net(&self) -> Amount {
        self.amount - self.merchant_discount
    }
}

/// The customer who paid or confirmed an order in the app.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The app user.
    pub user_id: String,
    /// The loyalty fixed when they paid or confirmed.
    pub loyalty: Loyalty,
    /// In the app (`CARD`) or at the counter (`CASH`, `TERMINAL`).
    pub method: PaymentMethod,
}

/// The app's card payment of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPayment {
    /// The payment's deferred id.
    pub deferred_id: String,
    /// The card.
    pub card_id: String,
    /// The amount held.
    pub amount: Amount,
}

/// Where the money of a closed order paid by card is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardPhase {
    /// Still on hold until `capture_at` (cancel-payment possible).
    Held {
        /// When the cancellation period ends and the funds are withdrawn.
        capture_at: i64,
    },
    /// Withdrawn.
    Captured {
        /// When.
        at: i64,
    },
    /// Given back by cancel-payment.
    Released {
        /// When.
        at: i64,
    },
}

/// How a closed order was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// At the counter (or without SWiP): nothing to hold or capture.
    Counter(PaymentMethod),
    /// In the app.
    Card {
        /// The payment.
        payment: CardPayment,
        /// Where its money is.
        phase: CardPhase,
    },
}

/// Where an order is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for a customer, or confirmed at the counter and waiting for the close.
    Open,
    /// The app's payment runs.
    Paying {
        /// The payment.
        payment: CardPayment,
    },
    /// Paid in the app: funds on hold, waiting for the close.
    Held {
        /// The payment.
        payment: CardPayment,
    },
    /// Closed with an amount above 0.
    Closed {
        /// The closed amount.
        amount: Amount,
        /// How it was paid.
        settlement: Settlement,
    },
    /// Cancelled.
    Cancelled {
        /// Why.
        reason: CancelReason,
        /// The hold released, if the order was paid.
        released: Option<CardPayment>,
    },
}

/// A POS order.
#[derive(Debug, Clone)]
pub struct PosOrderRecord {
    /// SWiP's id.
    pub id: String,
    /// The merchant.
    pub merchant_id: String,
    /// The merchant's name when the order was created.
    pub merchant_name: String,
    /// The store.
    pub store_id: String,
    /// The store's name when the order was created.
    pub store_name: String,
    /// The till that created it.
    pub cash_id: String,
    /// The QR text.
    pub session_code: String,
    /// The merchant's own order id.
    pub merchant_order_id: String,
    /// The receipt number.
    pub merchant_order_number: String,
    /// The cashier.
    pub merchant_cashier: String,
    /// The cashier's id.
    pub merchant_cashier_id: String,
    /// Sale time.
    pub sale_date: i64,
    /// The till's total after its discount.
    pub total: Amount,
    /// The till's total before its discount.
    pub total_original: Amount,
    /// The lines.
    pub lines: Vec<PosLine>,
    /// When created.
    pub created_at: i64,
    /// When the OPEN timeout cancels it if not closed.
    pub expires_at: i64,
    /// The store's cancellation period when created, ms.
    pub cancellation_period_ms: i64,
    /// When the stage last changed.
    pub changed_at: i64,
    /// When it was closed or cancelled.
    pub closed_at: Option<i64>,
    /// Where it is.
    pub stage: Stage,
    /// The customer, once bound.
    pub customer: Option<Customer>,
    /// Refunds so far: (id, amount).
    pub refunds: Vec<(String, Amount)>,
}

impl PosOrderRecord {
    /// True once closed or cancelled: only refunds and cancel-payment remain.
    pub fn is_final(&self) -> bool {
        matches!(self.stage, Stage::Closed { .. } | Stage::Cancelled { .. })
    }

    /// The sum of the refunds.
    pub fn refunded(&self) -> Amount {
        self.refunds.iter().map(|(_, amount)| *amount).sum()
    }

    /// True once a closed order's refunds give back all it was closed with: its loyalty is
    /// returned too, and it no longer counts in the customer's history (seed 000: "The SWiP
    /// loyalty will also be returned").
    pub fn refunded_in_full(&self) -> bool {
        matches!(self.stage, Stage::Closed { amount, .. } if amount > Amount::ZERO && self.refunded() >= amount)
    }

    /// The part of the customer's cashback the refunds took back: in proportion to the amount
    /// refunded (rounded down to the kopeck), all of it once refunded in full.
    pub fn cashback_reversed(&self) -> Amount {
        let Some(cashback) = self.customer.as_ref().map(|c| c.loyalty.cashback) else {
            return Amount::ZERO;
        };
        let Stage::Closed { amount: closed, .. } = self.stage else {
            return Amount::ZERO;
        };
        if self.refunded_in_full() {
            return cashback;
        }
        if closed.kopecks() <= 0 {
            return Amount::ZERO;
        }
        let share = i128::from(cashback.kopecks()) * i128::from(self.refunded().kopecks())
            / i128::from(closed.kopecks());
        Amount::from_kopecks(i64::try_from(share).unwrap_or(0))
    }

    /// Moves to `stage` at `now`; a final stage stamps `closed_at`.
    pub fn set_stage(&mut self, stage: Stage, now: i64) {
        self.stage = stage;
        self.changed_at = now;
        if self.is_final() {
            self.closed_at = Some(now);
        }
    }

    /// The order on the wire with the bound customer's loyalty.
    pub fn view(&self) -> PosOrder {
        self.view_with(self.customer.as_ref().map(|c| &c.loyalty))
    }

    /// The order on the wire with `loyalty` (a viewer's personalised loyalty, or none).
    pub fn view_with(&self, loyalty: Option<&Loyalty>) -> PosOrder {
        let (order_status, paid, payment_status) = self.money();
        let discounts = loyalty
            .map(|l| l.line_discounts.clone())
            .unwrap_or_default();
        let purchases = self
            .lines
            .iter()
            .enumerate()
            .map(|(index, line)| PosPurchase {
                id: line.id.clone(),
                name: line.name.clone(),
                parent_id: line.parent_id.clone(),
                product_id: line.product_id.clone(),
                quantity: line.quantity,
                unit: line.unit.clone(),
                price: line.price,
                amount: line.amount,
                merchant_discount: line.merchant_discount,
                discount: discounts.get(index).copied().unwrap_or(Amount::ZERO),
            })
            .collect();
        let payment_method = self
            .customer
            .as_ref()
            .map(|customer| customer.method.clone())
            .or_else(|| match &self.stage {
                Stage::Closed {
                    settlement: Settlement::Counter(method),
                    ..
                } => Some(method.clone()),
                _ => None,
            });
        let (closed_amount, cancel_reason) = match &self.stage {
            Stage::Closed { amount, .. } => (Some(*amount), None),
            Stage::Cancelled { reason, .. } => {
                let closed = matches!(
                    reason,
                    CancelReason::ClosedWithZero | CancelReason::CloseFailed
                )
                .then_some(Amount::ZERO);
                (closed, Some(reason.clone()))
            }
            _ => (None, None),
        };
        PosOrder {
            id: self.id.clone(),
            session_code: self.session_code.clone(),
            order_status,
            merchant_id: self.merchant_id.clone(),
            merchant_name: self.merchant_name.clone(),
            merchant_store_id: self.store_id.clone(),
            merchant_store: self.store_name.clone(),
            merchant_cash: self.cash_id.clone(),
            merchant_order_id: self.merchant_order_id.clone(),
            merchant_order_number: self.merchant_order_number.clone(),
            merchant_cashier: self.merchant_cashier.clone(),
            merchant_cashier_id: self.merchant_cashier_id.clone(),
            sale_date: self.sale_date,
            total: self.total,
            total_original: self.total_original,
            purchases,
            customer_id: self.customer.as_ref().map(|c| c.user_id.clone()),
            discount: loyalty.map(|l| l.discount.clone()).unwrap_or_default(),
            cashback: loyalty.map(|l| l.cashback).unwrap_or_default(),
            cashback_calc_result: loyalty
                .map(|l| l.cashback_calc_result.clone())
                .unwrap_or_default(),
            amount_to_pay: loyalty.map_or(self.total, |l| l.amount_to_pay),
            paid,
            payment_method,
            payment_status,
            closed_amount,
            cancel_reason,
            refunded: self.refunded(),
            cashback_reversed: self.cashback_reversed(),
            loyalty_reversed: self.refunded_in_full(),
            created_at: self.created_at,
            expires_at: self.expires_at,
            closed_at: self.closed_at,
        }
    }

    /// `orderStatus`, `paid` and `paymentStatus`.
    pub fn money(&self) -> (PosOrderStatus, Amount, PosPaymentStatus) {
        match &self.stage {
            Stage::Open => (PosOrderStatus::Open, Amount::ZERO, PosPaymentStatus::None),
            Stage::Paying { .. } => (
                PosOrderStatus::LoyaltyCalculation,
                Amount::ZERO,
                PosPaymentStatus::Processing,
            ),
            Stage::Held { payment } => {
                (PosOrderStatus::Open, payment.amount, PosPaymentStatus::Held)
            }
            Stage::Closed { amount, settlement } => match settlement {
                Settlement::Counter(_) => {
                    (PosOrderStatus::Closed, Amount::ZERO, PosPaymentStatus::None)
                }
                Settlement::Card { phase, .. } => match phase {
                    CardPhase::Held { .. } => {
                        (PosOrderStatus::Closed, *amount, PosPaymentStatus::Held)
                    }
                    CardPhase::Captured { .. } => {
                        (PosOrderStatus::Closed, *amount, PosPaymentStatus::Captured)
                    }
                    CardPhase::Released { .. } => (
                        PosOrderStatus::Closed,
                        Amount::ZERO,
                        PosPaymentStatus::Released,
                    ),
                },
            },
            Stage::Cancelled { released, .. } => {
                let status = if released.is_some() {
                    PosPaymentStatus::Released
                } else {
                    PosPaymentStatus::None
                };
                (PosOrderStatus::Cancelled, Amount::ZERO, status)
            }
        }
    }
}

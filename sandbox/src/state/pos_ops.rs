//! The POS API's operations on orders: create, read, list, close, refund, cancel the payment,
//! cancel the order. Every order belongs to the store of the till that created it; another
//! store's till gets 404 code 9.

use swip_protocol::merchant::PosMode;
use swip_protocol::pos::{
    CancelReason, CreatePosOrderRequest, FAST_FOOD_OPEN_MS, PaymentMethod,
    PosCancelPaymentResponse, PosOrder, PosOrderStatusResponse, PosRefundResponse,
    RESTAURANT_OPEN_MS,
};
use swip_protocol::{Amount, ErrorCode};

use super::SandboxState;
use super::deferred::{DeferredKind, PaymentStage};
use super::pos_loyalty::{loyalty_for, spread_discount};
use super::pos_order::{CardPayment, CardPhase, PosLine, PosOrderRecord, Settlement, Stage};
use super::pos_settle::card_movement;
use crate::control::pos::{Movement, MovementKind};
use crate::error::{ApiError, ApiResult};

/// Digits of a generated session code.
pub const SESSION_CODE_DIGITS: u32 = 10;

/// The till a POS request comes from (its headers, checked against its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosCaller {
    /// `X-Merchant-ID`.
    pub merchant_id: String,
    /// `X-Store-ID`.
    pub store_id: String,
    /// `X-Cash-ID`.
    pub cash_id: String,
}

/// The amount of a close: a valid amount, or why there is none (the close then fails).
pub type CloseAmount = Result<Amount, (String, String)>;

/// 400 code 11.
fn flow(detail: &str) -> ApiError {
    ApiError::bad_request(ErrorCode::OrderFlowViolation, detail)
}

impl SandboxState {
    /// `POST /orders` (validated): an OPEN order of the caller's store, expiring after the
    /// store's OPEN timeout. A `merchantOrderId` of an order of the store not yet final: 400
    /// code 28; a `sessionCode` of an order not yet final: 400 code 8.
    pub fn create_pos_order(
        &mut self,
        caller: &PosCaller,
        request: &CreatePosOrderRequest,
        now: i64,
    ) -> ApiResult<PosOrder> {
        let store = self
            .world
            .merchants
            .stores
            .get(&caller.store_id)
            .ok_or_else(|| ApiError::unauthenticated("unknown store"))?;
        let merchant_name = self
            .world
            .merchants
            .merchants
            .get(&caller.merchant_id)
            .map(|merchant| merchant.name.clone())
            .unwrap_or_default();
        let open_ms = match store.store.pos_mode {
            PosMode::Restaurant => RESTAURANT_OPEN_MS,
            _ => FAST_FOOD_OPEN_MS,
        };
        let cancellation_period_ms =
            i64::try_from(store.store.cancellation_period_seconds.saturating_mul(1000))
                .unwrap_or(i64::MAX / 4);
        let store_name = store.store.name.clone();
        let live = || self.world.pos.orders.values().filter(|o| !o.is_final());
        if let Some(existing) = live().find(|order| {
            order.store_id == caller.store_id
                && order.merchant_order_id == request.merchant_order_id
        }) {
            return Err(ApiError::bad_request(
                ErrorCode::OrderAlreadyExists,
                &format!(
                    "order {} of this store has this merchantOrderId and is not closed",
                    existing.id
                ),
            ));
        }
        let session_code = match request.session_code.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => {
                if live().any(|order| order.session_code == code) {
                    return Err(ApiError::bad_request(
                        ErrorCode::Duplicate,
                        "an order not yet closed has this sessionCode",
                    ));
                }
                code.to_owned()
            }
            _ => self.new_session_code(),
        };
        let amounts: Vec<Amount> = request.purchases.iter().map(|p| p.amount).collect();
        let shares = spread_discount(&amounts, request.total, request.total_original);
        let lines = request
            .purchases
            .iter()
            .zip(shares)
            .map(|(purchase, share)| PosLine {
                id: purchase
                    .id
                    .clone()
                    .filter(|id| !id.is_empty())
                    .unwrap_or_else(|| self.rng.uuid()),
                name: purchase.name.clone(),
                parent_id: purchase.parent_id.clone(),
                product_id: purchase.product_id.clone(),
                quantity: purchase.quantity,
                unit: purchase.unit.clone().unwrap_or_else(|| "pcs".to_owned()),
                price: purchase.price,
                amount: purchase.amount,
                merchant_discount: share,
            })
            .collect();
        let id = self.rng.uuid();
        let record = PosOrderRecord {
            id: id.clone(),
            merchant_id: caller.merchant_id.clone(),
            merchant_name,
            store_id: caller.store_id.clone(),
            store_name,
            cash_id: caller.cash_id.clone(),
            session_code,
            merchant_order_id: request.merchant_order_id.clone(),
            merchant_order_number: request.merchant_order_number.clone().unwrap_or_default(),
            merchant_cashier: request.merchant_cashier.clone(),
            merchant_cashier_id: request.merchant_cashier_id.clone().unwrap_or_default(),
            sale_date: request.sale_date,
            total: request.total,
            total_original: request.total_original,
            lines,
            created_at: now,
            expires_at: now + open_ms,
            cancellation_period_ms,
            changed_at: now,
            closed_at: None,
            stage: Stage::Open,
            customer: None,
            refunds: Vec::new(),
        };
        let view = record.view();
        self.world.pos.orders.insert(id.clone(), record);
        self.world.pos.order_ids.push(id);
        Ok(view)
    }

    /// A session code no order not yet final has.
    fn new_session_code(&mut self) -> String {
        loop {
            let code = self.rng.digits(SESSION_CODE_DIGITS);
            let taken = self
                .world
                .pos
                .orders
                .values()
                .any(|order| !order.is_final() && order.session_code == code);
            if !taken {
                return code;
            }
        }
    }

    /// An order of the caller's store, 404 code 9 otherwise.
    fn store_order(
        &mut self,
        caller: &PosCaller,
        order_id: &str,
    ) -> ApiResult<&mut PosOrderRecord> {
        self.world
            .pos
            .orders
            .get_mut(order_id)
            .filter(|order| order.store_id == caller.store_id)
            .ok_or_else(|| ApiError::not_found(&format!("Order[{order_id}] not found")))
    }

    /// `GET /orders/{id}`.
    pub fn pos_order(&mut self, caller: &PosCaller, order_id: &str) -> ApiResult<PosOrder> {
        Ok(self.store_order(caller, order_id)?.view())
    }

    /// `GET /orders/{id}/status`.
    pub fn pos_order_status(
        &mut self,
        caller: &PosCaller,
        order_id: &str,
    ) -> ApiResult<PosOrderStatusResponse> {
        let order = self.store_order(caller, order_id)?.view();
        Ok(PosOrderStatusResponse {
            id: order.id,
            order_status: order.order_status,
            paid: order.paid,
            payment_method: order.payment_method,
            payment_status: order.payment_status,
        })
    }

    /// `GET /orders`: the store's orders created in `[from, to)` (ms), oldest first.
    pub fn pos_orders(
        &self,
        caller: &PosCaller,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Vec<PosOrder> {
        self.world
            .pos
            .order_ids
            .iter()
            .filter_map(|id| self.world.pos.orders.get(id))
            .filter(|order| order.store_id == caller.store_id)
            .filter(|order| from.is_none_or(|from| order.created_at >= from))
            .filter(|order| to.is_none_or(|to| order.created_at < to))
            .map(PosOrderRecord::view)
            .collect()
    }

    /// Stops a running app payment of a POS order: it ends FAIL, nothing is charged.
    fn abort_payment(&mut self, order_id: &str, deferred_id: &str) {
        if let Some(&index) = self.world.deferred_index.get(deferred_id) {
            if let Some(DeferredKind::Payment(payment)) =
                self.world.deferred.get_mut(index).map(|d| &mut d.kind)
            {
                if !matches!(
                    payment.stage,
                    PaymentStage::Succeeded | PaymentStage::Failed { .. }
                ) {
                    payment.stage = PaymentStage::Failed {
                        message: "The merchant cancelled the order".into(),
                    };
                }
            }
        }
        self.world.orders.remove(order_id);
    }

    /// Cancels an order not yet final at `now`: a running payment is stopped, a hold released.
    fn cancel_now(&mut self, order_id: &str, reason: CancelReason, now: i64) {
        let Some(stage) = self.world.pos.orders.get(order_id).map(|o| o.stage.clone()) else {
            return;
        };
        let released = match stage {
            Stage::Paying { payment } => {
                self.abort_payment(order_id, &payment.deferred_id);
                None
            }
            Stage::Held { payment } => {
                self.world.pos.ledger.push(card_movement(
                    order_id,
                    MovementKind::Release,
                    &payment,
                    payment.amount,
                    now,
                ));
                Some(payment)
            }
            _ => None,
        };
        if let Some(order) = self.world.pos.orders.get_mut(order_id) {
            order.set_stage(Stage::Cancelled { reason, released }, now);
        }
    }

    /// `POST /orders/{id}/close`, once. `0` cancels the order (a hold is released, a running
    /// payment stopped). A close without a valid amount, or above what was paid in the app (above
    /// `total` for an order not paid in the app), fails with 400 code 5 on `amount` and the money
    /// is refunded: the order is CANCELLED. While the app's payment runs, an amount above 0
    /// answers 400 code 25 (try again). A second close: 400 code 30; a cancelled order: code 11.
    pub fn close_pos_order(
        &mut self,
        caller: &PosCaller,
        order_id: &str,
        amount: CloseAmount,
        now: i64,
    ) -> ApiResult<PosOrder> {
        let order = self.store_order(caller, order_id)?;
        let (limit, method) = match &order.stage {
            Stage::Closed { .. } => {
                return Err(ApiError::bad_request(
                    ErrorCode::OrderAlreadyConfirmed,
                    "the order is already closed: close can be requested only once",
                ));
            }
            Stage::Cancelled { .. } => return Err(flow("the order is cancelled")),
            Stage::Paying { .. } if matches!(amount, Ok(a) if a > Amount::ZERO) => {
                return Err(ApiError::bad_request(
                    ErrorCode::OperationInProgress,
                    "the customer's payment is running: read the order again",
                ));
            }
            Stage::Held { payment } => (payment.amount, PaymentMethod::Card),
            _ => (
                order.total,
                order
                    .customer
                    .as_ref()
                    .map_or(PaymentMethod::Cash, |c| c.method.clone()),
            ),
        };
        let failure = match &amount {
            Err(problem) => Some(problem.clone()),
            Ok(a) if *a > limit => Some((
                "amount".to_owned(),
                format!(
                    "must be at most {limit} ({}); the order was cancelled and the money refunded",
                    if method == PaymentMethod::Card {
                        "the amount paid"
                    } else {
                        "the order total"
                    }
                ),
            )),
            Ok(_) => None,
        };
        if let Some((field, message)) = failure {
            self.cancel_now(order_id, CancelReason::CloseFailed, now);
            let message = if message.contains("refunded") {
                message
            } else {
                format!("{message}; the order was cancelled and the money refunded")
            };
            return Err(ApiError::validation(
                "ClosePosOrderRequest",
                vec![(field, message)],
            ));
        }
        let amount = amount.unwrap_or(Amount::ZERO);
        if amount == Amount::ZERO {
            self.cancel_now(order_id, CancelReason::ClosedWithZero, now);
        } else {
            let period = self.store_order(caller, order_id)?.cancellation_period_ms;
            let stage = self.store_order(caller, order_id)?.stage.clone();
            let settlement = match stage {
                Stage::Held { payment } => {
                    if payment.amount > amount {
                        self.world.pos.ledger.push(card_movement(
                            order_id,
                            MovementKind::Release,
                            &payment,
                            payment.amount - amount,
                            now,
                        ));
                    }
                    let phase = if period == 0 {
                        self.world.pos.ledger.push(card_movement(
                            order_id,
                            MovementKind::Capture,
                            &payment,
                            amount,
                            now,
                        ));
                        CardPhase::Captured { at: now }
                    } else {
                        CardPhase::Held {
                            capture_at: now + period,
                        }
                    };
                    Settlement::Card { payment, phase }
                }
                _ => Settlement::Counter(method),
            };
            let order = self.store_order(caller, order_id)?;
            order.set_stage(Stage::Closed { amount, settlement }, now);
        }
        Ok(self.store_order(caller, order_id)?.view())
    }

    /// `POST /orders/{id}/refund`: only a CLOSED order (400 code 11 otherwise). Partial refunds
    /// any number of times while their sum stays within the closed amount: beyond, 400 code 32;
    /// once everything was given back (refunds, or a cancelled payment), 400 code 29. A refund
    /// before the capture lowers what will be captured.
    pub fn refund_pos_order(
        &mut self,
        caller: &PosCaller,
        order_id: &str,
        amount: Amount,
        now: i64,
    ) -> ApiResult<PosRefundResponse> {
        let order = self.store_order(caller, order_id)?;
        let Stage::Closed {
            amount: closed,
            settlement,
        } = order.stage.clone()
        else {
            return Err(flow("only a CLOSED order can be refunded"));
        };
        if matches!(
            settlement,
            Settlement::Card {
                phase: CardPhase::Released { .. },
                ..
            }
        ) {
            return Err(ApiError::bad_request(
                ErrorCode::OrderAlreadyRefunded,
                "the payment was cancelled: nothing is left to refund",
            ));
        }
        let refunded = order.refunded();
        if refunded >= closed {
            return Err(ApiError::bad_request(
                ErrorCode::OrderAlreadyRefunded,
                "the order is already refunded in full",
            ));
        }
        if refunded + amount > closed {
            return Err(ApiError::bad_request(
                ErrorCode::ExcessTotalAmount,
                &format!(
                    "refunds would total {} of a payment of {closed} (at most {} more)",
                    refunded + amount,
                    closed - refunded
                ),
            ));
        }
        let refund_id = self.rng.uuid();
        let order = self.store_order(caller, order_id)?;
        order.refunds.push((refund_id.clone(), amount));
        let total = order.refunded();
        let loyalty = match (order.cashback_reversed(), order.refunded_in_full()) {
            (_, true) => {
                "; the SWiP loyalty is returned (cashback, discount, customer history)".to_owned()
            }
            (reversed, false) if reversed > Amount::ZERO => {
                format!("; cashback {reversed} taken back")
            }
            _ => String::new(),
        };
        let movement = match &settlement {
            Settlement::Card { payment, .. } => {
                let mut movement =
                    card_movement(order_id, MovementKind::Refund, payment, amount, now);
                movement.refund_id = Some(refund_id.clone());
                movement
            }
            Settlement::Counter(method) => Movement {
                order_id: order_id.to_owned(),
                kind: MovementKind::Refund,
                amount,
                payment_method: method.clone(),
                payment_card_id: None,
                deferred_id: None,
                refund_id: Some(refund_id.clone()),
                at: now,
            },
        };
        self.world.pos.ledger.push(movement);
        Ok(PosRefundResponse {
            status: "SUCCESS".into(),
            description: format!("refunded {amount}; {total} of {closed} refunded so far{loyalty}"),
            refund_id,
            amount,
            refunded: total,
        })
    }

    /// `POST /orders/{id}/cancel-payment`: a CLOSED order paid in the app whose funds are still
    /// on hold (within the store's cancellation period) gets them back. Otherwise 400 code 27:
    /// captured already, cancelled already, paid at the counter, or not closed.
    pub fn cancel_pos_payment(
        &mut self,
        caller: &PosCaller,
        order_id: &str,
        now: i64,
    ) -> ApiResult<PosCancelPaymentResponse> {
        let order = self.store_order(caller, order_id)?;
        let unavailable =
            |detail: &str| ApiError::bad_request(ErrorCode::ReverseUnavailable, detail);
        let Stage::Closed { amount, settlement } = order.stage.clone() else {
            return Err(unavailable(
                "only a CLOSED order's payment can be cancelled (close an open order with 0 or \
                 cancel it to release its hold)",
            ));
        };
        let Settlement::Card { payment, phase } = settlement else {
            return Err(unavailable(
                "the order was paid at the counter, not in the app",
            ));
        };
        match phase {
            CardPhase::Captured { at } => Err(unavailable(&format!(
                "the funds were captured at {at} (the cancellation period is over): refund instead"
            ))),
            CardPhase::Released { .. } => Err(unavailable("the payment is already cancelled")),
            CardPhase::Held { .. } => {
                let released = amount - order.refunded();
                order.stage = Stage::Closed {
                    amount,
                    settlement: Settlement::Card {
                        payment: payment.clone(),
                        phase: CardPhase::Released { at: now },
                    },
                };
                if released > Amount::ZERO {
                    self.world.pos.ledger.push(card_movement(
                        order_id,
                        MovementKind::Release,
                        &payment,
                        released,
                        now,
                    ));
                }
                Ok(PosCancelPaymentResponse {
                    status: "SUCCESS".into(),
                    description: format!("the hold of {released} was released"),
                    released,
                })
            }
        }
    }

    /// `POST /orders/{id}/cancel`: only an OPEN order (400 code 11 otherwise; 400 code 25 while
    /// the app's payment runs). Without `purchase_ids` the whole order is cancelled and a hold
    /// released; with them, those lines are removed (not from an order paid in the app: code 11),
    /// and removing every line cancels the order.
    pub fn cancel_pos_order(
        &mut self,
        caller: &PosCaller,
        order_id: &str,
        purchase_ids: Option<Vec<String>>,
        now: i64,
    ) -> ApiResult<PosOrder> {
        let order = self.store_order(caller, order_id)?;
        match &order.stage {
            Stage::Paying { .. } => {
                return Err(ApiError::bad_request(
                    ErrorCode::OperationInProgress,
                    "the customer's payment is running: close the order with 0 to stop it",
                ));
            }
            Stage::Closed { .. } | Stage::Cancelled { .. } => {
                return Err(flow("only an OPEN order can be cancelled"));
            }
            Stage::Held { .. } if purchase_ids.is_some() => {
                return Err(flow(
                    "the order is paid: close it with a smaller amount instead of removing lines",
                ));
            }
            Stage::Open | Stage::Held { .. } => {}
        }
        let Some(ids) = purchase_ids else {
            self.cancel_now(order_id, CancelReason::Cancelled, now);
            return Ok(self.store_order(caller, order_id)?.view());
        };
        let unknown: Vec<(String, String)> = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| !order.lines.iter().any(|line| &line.id == *id))
            .map(|(index, _)| (format!("purchases[{index}].id"), "no such line".to_owned()))
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::validation("CancelPosOrderRequest", unknown));
        }
        order.lines.retain(|line| !ids.contains(&line.id));
        if order.lines.is_empty() {
            self.cancel_now(order_id, CancelReason::Cancelled, now);
            return Ok(self.store_order(caller, order_id)?.view());
        }
        order.total_original = order.lines.iter().map(|line| line.amount).sum();
        order.total = order.lines.iter().map(PosLine::net).sum();
        order.changed_at = now;
        if let Some(user_id) = order.customer.as_ref().map(|c| c.user_id.clone()) {
            let (merchant_id, store_id, lines) = (
                order.merchant_id.clone(),
                order.store_id.clone(),
                order.lines.clone(),
            );
            let new_customer = self.is_new_customer(&user_id, &merchant_id);
            let campaigns = self.merchant_campaigns(&merchant_id);
            let loyalty = loyalty_for(&campaigns, &store_id, new_customer, &lines);
            let order = self.store_order(caller, order_id)?;
            if let Some(customer) = order.customer.as_mut() {
                customer.loyalty = loyalty;
            }
        }
        Ok(self.store_order(caller, order_id)?.view())
    }

    /// True when `user_id` has no closed order at `merchant_id` yet (one whose payment was
    /// cancelled, or that was refunded in full, does not count: its loyalty was returned).
    pub fn is_new_customer(&self, user_id: &str, merchant_id: &str) -> bool {
        !self.world.pos.orders.values().any(|order| {
            order.merchant_id == merchant_id
                && matches!(order.stage, Stage::Closed { .. })
                && !order.refunded_in_full()
                && !matches!(
                    order.stage,
                    Stage::Closed {
                        settlement: Settlement::Card {
                            phase: CardPhase::Released { .. },
                            ..
                        },
                        ..
                    }
                )
                && order
                    .customer
                    .as_ref()
                    .is_some_and(|customer| customer.user_id == user_id)
        })
    }

    /// The campaigns of a registered merchant.
    pub fn merchant_campaigns(
        &self,
        merchant_id: &str,
    ) -> Vec<crate::control::pos::MerchantCampaign> {
        self.world
            .merchants
            .merchants
            .get(merchant_id)
            .map(|merchant| merchant.campaigns.clone())
            .unwrap_or_default()
    }
}

impl CardPayment {
    /// A payment of `amount` with `card_id`, polled as `deferred_id`.
    pub fn new(deferred_id: &str, card_id: &str, amount: Amount) -> Self {
        Self {
            deferred_id: deferred_id.to_owned(),
            card_id: card_id.to_owned(),
            amount,
        }
    }
}

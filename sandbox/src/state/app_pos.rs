//! The app's side of a POS order (extension): find it by session code with the user's
//! personalised loyalty, pay it in the app (scenario 1) through the in-app payment machinery, or
//! confirm payment at the counter (scenario 2).
//!
//! An order is visible to a user while it is open and nobody else paid or confirmed it, and
//! always to the user who did. Paying in the app creates a short-lived in-app order with the
//! POS order's id and the amount to pay, and runs [`SandboxState::pay_order`] on it: the same
//! idempotency, card checks, deferred progress and one charge in `/sandbox/charges`.

use swip_protocol::deferred::DeferredResponse;
use swip_protocol::orders::Order;
use swip_protocol::pos::{PaymentMethod, PosOrder};
use swip_protocol::{Amount, ErrorCode};

use super::SandboxState;
use super::idempotency::IdempotencyScope;
use super::orders::{OrderRecord, OrderState, PayRequest};
use super::pos_loyalty::{Loyalty, loyalty_for};
use super::pos_order::{CardPayment, Customer, PosOrderRecord, Stage};
use crate::error::{ApiError, ApiResult};

/// 404 code 9 for an order the user cannot see.
fn not_visible() -> ApiError {
    ApiError::not_found("no open order with this session code or id")
}

impl PosOrderRecord {
    /// True when `user_id` may see the order: it is theirs, or open and nobody's yet.
    pub fn visible_to(&self, user_id: &str) -> bool {
        match &self.customer {
            Some(customer) => customer.user_id == user_id,
            None => matches!(self.stage, Stage::Open),
        }
    }
}

impl SandboxState {
    /// The loyalty `user_id` gets on the order now.
    fn personal_loyalty(&self, order_id: &str, user_id: &str) -> Loyalty {
        let Some(order) = self.world.pos.orders.get(order_id) else {
            return Loyalty::default();
        };
        if let Some(customer) = order.customer.as_ref().filter(|c| c.user_id == user_id) {
            return customer.loyalty.clone();
        }
        let campaigns = self.merchant_campaigns(&order.merchant_id);
        let new_customer = self.is_new_customer(user_id, &order.merchant_id);
        loyalty_for(&campaigns, &order.store_id, new_customer, &order.lines)
    }

    /// The order as `user_id` sees it.
    fn app_view(&self, order_id: &str, user_id: &str) -> ApiResult<PosOrder> {
        let order = self
            .world
            .pos
            .orders
            .get(order_id)
            .filter(|order| order.visible_to(user_id))
            .ok_or_else(not_visible)?;
        let loyalty = self.personal_loyalty(order_id, user_id);
        Ok(order.view_with(Some(&loyalty)))
    }

    /// `GET /ext/pos-orders?sessionCode=…`: the newest order with this session code the user may
    /// see, with their loyalty; 404 code 9 if none.
    pub fn find_pos_order(&self, user_id: &str, session_code: &str) -> ApiResult<PosOrder> {
        let id = self
            .world
            .pos
            .order_ids
            .iter()
            .rev()
            .filter_map(|id| self.world.pos.orders.get(id))
            .find(|order| order.session_code == session_code && order.visible_to(user_id))
            .map(|order| order.id.clone())
            .ok_or_else(not_visible)?;
        self.app_view(&id, user_id)
    }

    /// `GET /ext/pos-orders/{id}`.
    pub fn app_pos_order(&self, user_id: &str, order_id: &str) -> ApiResult<PosOrder> {
        self.app_view(order_id, user_id)
    }

    /// `POST /ext/pos-orders/{id}/payments`: pays the amount to pay (after the user's loyalty)
    /// with a bound card. Funds go on hold when the deferred payment succeeds; the till's close
    /// captures them. Paid already: 400 code 30; paying: 400 code 25; closed or cancelled: 400
    /// code 11. The same `Idempotency-Key` returns the first answer (shared with
    /// `POST /orders/{id}/payments` of the same id).
    pub fn pay_pos_order(
        &mut self,
        user_id: &str,
        request: &PayRequest<'_>,
        now: i64,
    ) -> ApiResult<DeferredResponse> {
        let order_id = request.order_id;
        let operation = format!("POST /orders/{order_id}/payments");
        let scope = IdempotencyScope::new(user_id, &operation, request.idempotency_key);
        if let Some(answer) = self.world.idempotency.answer::<DeferredResponse>(&scope) {
            return Ok(answer);
        }
        self.check_payable(user_id, order_id)?;
        let loyalty = self.personal_loyalty(order_id, user_id);
        if loyalty.amount_to_pay <= Amount::ZERO {
            return Err(ApiError::bad_request(
                ErrorCode::IllegalState,
                "nothing to pay in the app: confirm at the counter",
            ));
        }
        self.world.orders.insert(
            order_id.to_owned(),
            OrderRecord {
                owner: user_id.to_owned(),
                order: Order {
                    id: order_id.to_owned(),
                    customer_id: user_id.to_owned(),
                    total: loyalty.amount_to_pay,
                    order_status: OrderState::New.wire().to_owned(),
                    ..Order::default()
                },
                state: OrderState::New,
            },
        );
        let answer = match self.pay_order(user_id, request, now) {
            Ok(answer) => answer,
            Err(error) => {
                self.world.orders.remove(order_id);
                return Err(error);
            }
        };
        let amount = loyalty.amount_to_pay;
        if let Some(order) = self.world.pos.orders.get_mut(order_id) {
            order.customer = Some(Customer {
                user_id: user_id.to_owned(),
                loyalty,
                method: PaymentMethod::Card,
            });
            order.set_stage(
                Stage::Paying {
                    payment: CardPayment::new(&answer.deferred_id, request.payment_card_id, amount),
                },
                now,
            );
        }
        Ok(answer)
    }

    /// `POST /ext/pos-orders/{id}/pay-at-counter`: binds the user with their loyalty; the till
    /// sees the order unpaid (`paid` 0) with loyalty applied and `paymentMethod` CASH or TERMINAL,
    /// and closes it with the amount taken. Confirming again changes the method.
    pub fn pay_pos_at_counter(
        &mut self,
        user_id: &str,
        order_id: &str,
        method: PaymentMethod,
    ) -> ApiResult<PosOrder> {
        self.check_payable(user_id, order_id)?;
        let loyalty = self.personal_loyalty(order_id, user_id);
        if let Some(order) = self.world.pos.orders.get_mut(order_id) {
            order.customer = Some(Customer {
                user_id: user_id.to_owned(),
                loyalty,
                method,
            });
        }
        self.app_view(order_id, user_id)
    }

    /// 404 code 9 unless visible; then 400 code 25 (paying), 30 (paid), 11 (final).
    fn check_payable(&self, user_id: &str, order_id: &str) -> ApiResult<()> {
        let order = self
            .world
            .pos
            .orders
            .get(order_id)
            .filter(|order| order.visible_to(user_id))
            .ok_or_else(not_visible)?;
        match order.stage {
            Stage::Open => Ok(()),
            Stage::Paying { .. } => Err(ApiError::bad_request(
                ErrorCode::OperationInProgress,
                "the order is being paid",
            )),
            Stage::Held { .. } => Err(ApiError::bad_request(
                ErrorCode::OrderAlreadyConfirmed,
                "the order is already paid",
            )),
            Stage::Closed { .. } | Stage::Cancelled { .. } => Err(ApiError::bad_request(
                ErrorCode::OrderFlowViolation,
                "the order is no longer open",
            )),
        }
    }
}

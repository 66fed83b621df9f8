//! In-app orders priced from the catalog, and their payment (never charged twice).

use swip_protocol::deferred::DeferredResponse;
use swip_protocol::orders::{ExternalLoyalty, Order, Purchase};
use swip_protocol::{Amount, ErrorCode, Quantity};

use super::SandboxState;
use super::deferred::{Deferred, DeferredKind, Payment, PaymentStage};
use super::idempotency::IdempotencyScope;
use crate::catalog::price_order;
use crate::control::{CardBehavior, CatalogMerchant, CatalogProduct};
use crate::error::{ApiError, ApiResult};

/// Where an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderState {
    /// Created, payable (`orderStatus` "NEW").
    New,
    /// A payment is running (`orderStatus` "PROCESSING").
    Paying,
    /// Paid (`orderStatus` "PAID").
    Paid,
}

impl OrderState {
    /// The `orderStatus` value.
    pub fn wire(self) -> &'static str {
        match self {
            OrderState::New => "NEW",
            OrderState::Paying => "PROCESSING",
            OrderState::Paid => "PAID",
        }
    }
}

/// An order and whose it is.
#[derive(Debug, Clone)]
pub struct OrderRecord {
    /// The user who created it.
    pub owner: String,
    /// The order object as answered.
    pub order: Order,
    /// Where it is.
    pub state: OrderState,
}

impl OrderRecord {
    /// Moves the order to `state`, keeping `orderStatus` in step.
    pub fn set_state(&mut self, state: OrderState) {
        self.state = state;
        self.order.order_status = state.wire().to_owned();
    }
}

/// The validated parts of `POST /orders/{id}/payments`.
#[derive(Debug)]
pub struct PayRequest<'a> {
    /// The order.
    pub order_id: &'a str,
    /// `paymentCardId`.
    pub payment_card_id: &'a str,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<&'a str>,
}

impl SandboxState {
    /// `POST /inapp-orders`, with products already resolved against the catalog.
    pub fn create_order(
        &mut self,
        user_id: &str,
        merchant: &CatalogMerchant,
        store_name: &str,
        purchases: &[(CatalogProduct, Quantity)],
        now_ms: i64,
    ) -> ApiResult<Order> {
        self.user(user_id)?;
        let priced = price_order(merchant, purchases);
        self.world.last_order_number += 1;
        let number = format!("{:06}", 100_000 + self.world.last_order_number);
        let id = self.rng.uuid();
        let session_code = self.rng.digits(6);
        let profile_image = self.rng.uuid();
        let purchases = priced
            .lines
            .iter()
            .map(|line| Purchase {
                amount: line.amount,
                discount: line.discount,
                id: self.rng.uuid(),
                merchant_discount: Amount::ZERO,
                name: line.product.name.clone(),
                price: line.product.price,
                product_id: line.product.product_id.clone(),
                quantity: line.quantity,
                unit: line.product.unit.clone(),
            })
            .collect();
        let order = Order {
            cash_origin: "INAPP".into(),
            cashback: priced.cashback,
            cashback_calc_result: priced.cashback_calc_result,
            classifier: "OK".into(),
            customer_id: user_id.to_owned(),
            discount: priced.discount,
            email_required: true,
            external_loyalty: ExternalLoyalty::default(),
            id: id.clone(),
            merchant_cash: "in-app".into(),
            merchant_cashier: "SWiP in-app".into(),
            merchant_cashier_id: "inapp".into(),
            merchant_category: merchant.category.clone(),
            merchant_id: merchant.merchant_id.clone(),
            merchant_name: merchant.name.clone(),
            merchant_order_id: format!("{}-{number}", merchant.merchant_id),
            merchant_order_number: number.clone(),
            merchant_profile_image_id: profile_image,
            merchant_store: store_name.to_owned(),
            order_number: number,
            order_status: OrderState::New.wire().to_owned(),
            purchases,
            sale_date: now_ms,
            session_code,
            total: priced.total,
            total_original: priced.total_original,
        };
        self.world.orders.insert(
            id,
            OrderRecord {
                owner: user_id.to_owned(),
                order: order.clone(),
                state: OrderState::New,
            },
        );
        Ok(order)
    }

    /// `POST /orders/{id}/payments`: starts a payment unless the order is paid (code 30) or being
    /// paid (code 25). Checked and marked under one lock: two requests can never both start one.
    pub fn pay_order(
        &mut self,
        user_id: &str,
        request: &PayRequest<'_>,
        now_ms: i64,
    ) -> ApiResult<DeferredResponse> {
        let operation = format!("POST /orders/{}/payments", request.order_id);
        let scope = IdempotencyScope::new(user_id, &operation, request.idempotency_key);
        if let Some(answer) = self.world.idempotency.answer::<DeferredResponse>(&scope) {
            return Ok(answer);
        }
        let record = self
            .world
            .orders
            .get(request.order_id)
            .filter(|record| record.owner == user_id)
            .ok_or_else(|| ApiError::not_found("no such order"))?;
        let (state, amount) = (record.state, record.order.total);
        let user = self.user(user_id)?;
        let card = user
            .cards
            .iter()
            .find(|card| card.id == request.payment_card_id)
            .ok_or_else(|| ApiError::not_found("no such payment card"))?;
        if card.blocked {
            return Err(ApiError::bad_request(
                ErrorCode::PaymentCardBlocked,
                "the card is blocked",
            ));
        }
        let behavior = card.behavior;
        match state {
            OrderState::Paid => {
                return Err(ApiError::bad_request(
                    ErrorCode::OrderAlreadyConfirmed,
                    "the order is already paid",
                ));
            }
            OrderState::Paying => {
                return Err(ApiError::bad_request(
                    ErrorCode::OperationInProgress,
                    "the order is being paid",
                ));
            }
            OrderState::New => {}
        }
        let stage = if behavior == CardBehavior::PaymentProcessingForever {
            PaymentStage::Stuck
        } else {
            PaymentStage::Processing {
                until: now_ms + self.processing_delay_ms,
            }
        };
        let id = self.rng.uuid();
        self.push_deferred(Deferred {
            id: id.clone(),
            owner: user_id.to_owned(),
            kind: DeferredKind::Payment(Payment {
                order_id: request.order_id.to_owned(),
                card_id: request.payment_card_id.to_owned(),
                behavior,
                amount,
                stage,
            }),
        });
        if let Some(record) = self.world.orders.get_mut(request.order_id) {
            record.set_state(OrderState::Paying);
        }
        let answer = DeferredResponse { deferred_id: id };
        self.world.idempotency.remember(scope, &answer);
        Ok(answer)
    }
}

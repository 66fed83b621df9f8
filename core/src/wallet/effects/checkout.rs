//! Orders and payments: in-app orders, a till's orders found by session code, paying by card or
//! at the counter.

use swip_protocol::app_pos::PayAtCounterRequest;
use swip_protocol::orders::{
    CreateOrderRequest, Order, PayOrderRequest, Purchase, PurchaseRequest,
};
use swip_protocol::pos::{PaymentMethod, PosOrder};

use crate::api::IdempotencyKey;
use crate::input::Email;
use crate::journey::{CounterPayment, OrderSource, Outcome};

use super::super::Inner;
use super::super::problems::{payment_problem, problem_of};
use super::super::retry::with_retries;

/// `POST /inapp-orders`.
pub(super) async fn create_order(
    inner: &Inner,
    merchant_id: String,
    merchant_store_id: String,
    purchases: Vec<PurchaseRequest>,
) -> Outcome {
    let session = &inner.session;
    let request = CreateOrderRequest {
        merchant_id,
        merchant_store_id,
        purchases,
    };
    // Not idempotent (a second order): only what the server certainly did not do is retried.
    let result = with_retries(&inner.config, false, || {
        session.call(|call| Box::pin(call.api.create_order(call.token, &request)))
    })
    .await;
    Outcome::OrderCreated(result.map(Box::new).map_err(|e| problem_of(&e)))
}

/// Pays an order (in-app or a till's) by card, under the payment's idempotency key.
pub(super) async fn pay(
    inner: &Inner,
    source: OrderSource,
    order_id: String,
    card_id: String,
    email: Email,
    key: IdempotencyKey,
) -> Outcome {
    let session = &inner.session;
    let request = PayOrderRequest {
        email: email.as_str().to_owned(),
        payment_card_id: card_id,
    };
    // The same key on every try: the server answers a repeat with the first answer.
    let at_till = matches!(source, OrderSource::Counter { .. });
    let result = with_retries(&inner.config, true, || {
        session.call(|call| {
            if at_till {
                Box::pin(
                    call.api
                        .pay_pos_order(call.token, &order_id, &request, &key),
                )
            } else {
                Box::pin(call.api.pay_order(call.token, &order_id, &request, &key))
            }
        })
    })
    .await;
    Outcome::PaymentAccepted(
        result
            .map(|answer| answer.deferred_id)
            .map_err(|e| payment_problem(&e)),
    )
}

/// `GET /ext/pos-orders?sessionCode=…`: a till's order, shown as an in-app one.
pub(super) async fn find_counter_order(inner: &Inner, session_code: String) -> Outcome {
    let session = &inner.session;
    let result = with_retries(&inner.config, true, || {
        session.call(|call| Box::pin(call.api.find_pos_order(call.token, &session_code)))
    })
    .await;
    Outcome::OrderCreated(
        result
            .map(|order| Box::new(counter_order(order)))
            .map_err(|e| problem_of(&e)),
    )
}

/// `POST /ext/pos-orders/{id}/pay-at-counter`: the user pays cash or by terminal at the till.
pub(super) async fn pay_at_counter(
    inner: &Inner,
    order_id: String,
    method: CounterPayment,
) -> Outcome {
    let session = &inner.session;
    let request = PayAtCounterRequest {
        payment_method: Some(match method {
            CounterPayment::Cash => PaymentMethod::Cash,
            CounterPayment::Terminal => PaymentMethod::Terminal,
        }),
    };
    // Saying "I pay at the counter" twice says it once: safe to repeat.
    let result = with_retries(&inner.config, true, || {
        session.call(|call| {
            Box::pin(
                call.api
                    .pay_pos_order_at_counter(call.token, &order_id, &request),
            )
        })
    })
    .await;
    Outcome::CounterConfirmed(result.map(|_| ()).map_err(|e| problem_of(&e)))
}

/// A till's order in the shape of an in-app one, for the checkout to show: its lines, totals and
/// the user's personalised loyalty.
fn counter_order(order: PosOrder) -> Order {
    Order {
        id: order.id,
        order_number: order.merchant_order_number,
        merchant_id: order.merchant_id,
        merchant_name: order.merchant_name,
        merchant_store: order.merchant_store,
        merchant_order_id: order.merchant_order_id,
        merchant_cashier: order.merchant_cashier,
        merchant_cashier_id: order.merchant_cashier_id,
        merchant_cash: order.merchant_cash,
        order_status: order.order_status.as_str().to_owned(),
        session_code: order.session_code,
        sale_date: order.sale_date,
        // The till's `total` is the shop's; the user pays `amountToPay`, after SWiP's loyalty.
        total: order.amount_to_pay,
        total_original: order.total_original,
        discount: order.discount,
        cashback: order.cashback,
        cashback_calc_result: order.cashback_calc_result,
        purchases: order
            .purchases
            .into_iter()
            .map(|p| Purchase {
                id: p.id,
                name: p.name,
                product_id: p.product_id.unwrap_or_default(),
                quantity: p.quantity,
                unit: p.unit,
                price: p.price,
                amount: p.amount,
                discount: p.discount,
                merchant_discount: p.merchant_discount,
            })
            .collect(),
        email_required: true,
        ..Order::default()
    }
}

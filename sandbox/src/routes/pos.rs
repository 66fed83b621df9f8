//! The POS API (seed 000) under `/pos-api`: a till's orders. Every request needs the till's
//! headers ([`PosAuth`]). The seed names `POST /orders` and `GET /orders/{id}`; the other paths
//! are inferred (docs/extensions.md).

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use serde_json::{Map, Value};
use swip_protocol::pos::{
    PosCancelPaymentResponse, PosOrder, PosOrderStatusResponse, PosRefundResponse,
};

use super::RouteBook;
use crate::error::{ApiError, ApiResult};
use crate::extract::pos::PosAuth;
use crate::extract::{JsonObject, OptionalJsonObject, PathId};
use crate::shared::AppState;
use crate::validation::pos as rules;

/// `POST` create, `GET` list.
pub const ORDERS: &str = "/pos-api/orders";
/// `GET` an order.
pub const ORDER: &str = "/pos-api/orders/{id}";
/// `GET` its status.
pub const STATUS: &str = "/pos-api/orders/{id}/status";
/// `POST` close.
pub const CLOSE: &str = "/pos-api/orders/{id}/close";
/// `POST` refund.
pub const REFUND: &str = "/pos-api/orders/{id}/refund";
/// `POST` cancel the payment.
pub const CANCEL_PAYMENT: &str = "/pos-api/orders/{id}/cancel-payment";
/// `POST` cancel the order.
pub const CANCEL: &str = "/pos-api/orders/{id}/cancel";

/// Registers the POS API's routes.
pub fn routes(book: RouteBook) -> RouteBook {
    book.post(ORDERS, create)
        .get(ORDERS, list)
        .get(ORDER, order)
        .get(STATUS, status)
        .post(CLOSE, close)
        .post(REFUND, refund)
        .post(CANCEL_PAYMENT, cancel_payment)
        .post(CANCEL, cancel)
}

/// `POST /orders` → the OPEN order with `id` and `sessionCode`.
pub async fn create(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<PosOrder>> {
    let request = rules::create_order(&body)?;
    shared
        .with_state(|state, now| state.create_pos_order(&caller, &request, now))
        .map(Json)
}

/// `GET /orders?from=MS&to=MS` → the store's orders created in `[from, to)`, oldest first.
pub async fn list(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<PosOrder>>> {
    let mut problems = Vec::new();
    let mut bound = |name: &str| {
        query.get(name).and_then(|text| match text.parse::<i64>() {
            Ok(ms) => Some(ms),
            Err(_) => {
                problems.push((name.to_owned(), "must be ms since 1970".to_owned()));
                None
            }
        })
    };
    let (from, to) = (bound("from"), bound("to"));
    if !problems.is_empty() {
        return Err(ApiError::validation("query", problems));
    }
    Ok(Json(shared.with_state(|state, _| {
        state.pos_orders(&caller, from, to)
    })))
}

/// `GET /orders/{id}`.
pub async fn order(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    PathId(order_id): PathId,
) -> ApiResult<Json<PosOrder>> {
    shared
        .with_state(|state, _| state.pos_order(&caller, &order_id))
        .map(Json)
}

/// `GET /orders/{id}/status` → `{id, orderStatus, paid, paymentMethod, paymentStatus}`.
pub async fn status(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    PathId(order_id): PathId,
) -> ApiResult<Json<PosOrderStatusResponse>> {
    shared
        .with_state(|state, _| state.pos_order_status(&caller, &order_id))
        .map(Json)
}

/// `POST /orders/{id}/close` `{"amount"}` → the order. The body is read leniently: a close
/// without a readable amount is a failed close (the order is cancelled and the money refunded).
pub async fn close(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    PathId(order_id): PathId,
    body: Bytes,
) -> ApiResult<Json<PosOrder>> {
    let object = serde_json::from_slice::<Map<String, Value>>(&body).ok();
    let amount = rules::close_amount(object.as_ref());
    shared
        .with_state(|state, now| state.close_pos_order(&caller, &order_id, amount, now))
        .map(Json)
}

/// `POST /orders/{id}/refund` `{"amount"}` → `{status, description, refundId, amount, refunded}`.
pub async fn refund(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    PathId(order_id): PathId,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<PosRefundResponse>> {
    let amount = rules::refund_amount(&body)?;
    shared
        .with_state(|state, now| state.refund_pos_order(&caller, &order_id, amount, now))
        .map(Json)
}

/// `POST /orders/{id}/cancel-payment` (no body) → `{status, description, released}`.
pub async fn cancel_payment(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    PathId(order_id): PathId,
) -> ApiResult<Json<PosCancelPaymentResponse>> {
    shared
        .with_state(|state, now| state.cancel_pos_payment(&caller, &order_id, now))
        .map(Json)
}

/// `POST /orders/{id}/cancel` (body optional: `{"purchases": [{"id"}]}` removes lines) → the order.
pub async fn cancel(
    State(shared): State<AppState>,
    PosAuth(caller): PosAuth,
    PathId(order_id): PathId,
    OptionalJsonObject(body): OptionalJsonObject,
) -> ApiResult<Json<PosOrder>> {
    let lines = rules::cancel_lines(&body)?;
    shared
        .with_state(|state, now| state.cancel_pos_order(&caller, &order_id, lines, now))
        .map(Json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use swip_protocol::pos as wire;

    #[test]
    fn paths_are_the_protocol_paths_under_the_prefix() {
        let prefixed = |path: &str| format!("{}{path}", wire::SANDBOX_PREFIX);
        assert_eq!(ORDERS, prefixed(wire::ORDERS));
        assert_eq!(ORDER, prefixed(wire::ORDER_ROUTE));
        assert_eq!(STATUS, prefixed(wire::ORDER_STATUS_ROUTE));
        assert_eq!(CLOSE, prefixed(wire::CLOSE_ROUTE));
        assert_eq!(REFUND, prefixed(wire::REFUND_ROUTE));
        assert_eq!(CANCEL_PAYMENT, prefixed(wire::CANCEL_PAYMENT_ROUTE));
        assert_eq!(CANCEL, prefixed(wire::CANCEL_ROUTE));
    }
}

//! Extension: the app's side of a POS order, on the in-app API (`Api-Version: 2`, a session
//! `X-Auth-Token`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use swip_protocol::app_pos::{
    PAY_AT_COUNTER_ROUTE, PAYMENTS_ROUTE, POS_ORDER_ROUTE, POS_ORDERS, SESSION_CODE_PARAM,
};
use swip_protocol::deferred::DeferredResponse;
use swip_protocol::pos::{PaymentMethod, PosOrder};
use swip_protocol::rules::email;

use super::RouteBook;
use crate::error::{ApiError, ApiResult};
use crate::extract::{
    ApiVersion, IdempotencyKey, JsonObject, OptionalJsonObject, PathId, SessionAuth,
};
use crate::shared::AppState;
use crate::state::orders::PayRequest;
use crate::validation::EMAIL_MESSAGE;
use crate::validation::reader::{Reader, present};

/// Registers the app-side routes.
pub fn routes(book: RouteBook) -> RouteBook {
    book.get(POS_ORDERS, find)
        .get(POS_ORDER_ROUTE, order)
        .post(PAYMENTS_ROUTE, pay)
        .post(PAY_AT_COUNTER_ROUTE, pay_at_counter)
}

/// `GET /ext/pos-orders?sessionCode=…` → the order with the user's personalised loyalty.
pub async fn find(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<PosOrder>> {
    let code = query
        .get(SESSION_CODE_PARAM)
        .map(|code| code.trim())
        .filter(|code| !code.is_empty())
        .ok_or_else(|| ApiError::field("query", SESSION_CODE_PARAM, "required"))?;
    shared
        .with_state(|state, _| state.find_pos_order(session.user_id(), code))
        .map(Json)
}

/// `GET /ext/pos-orders/{id}`.
pub async fn order(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(order_id): PathId,
) -> ApiResult<Json<PosOrder>> {
    shared
        .with_state(|state, _| state.app_pos_order(session.user_id(), &order_id))
        .map(Json)
}

/// `POST /ext/pos-orders/{id}/payments` `{email, paymentCardId}` (+ `Idempotency-Key`) →
/// `{"deferredId"}`.
pub async fn pay(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    IdempotencyKey(key): IdempotencyKey,
    PathId(order_id): PathId,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<DeferredResponse>> {
    let mut r = Reader::new();
    let email = r.rule(&body, "email", "", email::check, EMAIL_MESSAGE);
    let card_id = r.text(&body, "paymentCardId", "", 1, 100);
    r.finish("PayOrderRequest")?;
    let (_email, card_id) = (email.unwrap_or_default(), card_id.unwrap_or_default());
    let request = PayRequest {
        order_id: &order_id,
        payment_card_id: &card_id,
        idempotency_key: key.as_deref(),
    };
    shared
        .with_state(|state, now| state.pay_pos_order(session.user_id(), &request, now))
        .map(Json)
}

/// `POST /ext/pos-orders/{id}/pay-at-counter` `{"paymentMethod": "CASH" | "TERMINAL"}` (body
/// optional: cash) → the order.
pub async fn pay_at_counter(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(order_id): PathId,
    OptionalJsonObject(body): OptionalJsonObject,
) -> ApiResult<Json<PosOrder>> {
    let method = match present(&body, "paymentMethod").map(|v| v.as_str()) {
        None => PaymentMethod::Cash,
        Some(Some("CASH")) => PaymentMethod::Cash,
        Some(Some("TERMINAL")) => PaymentMethod::Terminal,
        Some(_) => {
            return Err(ApiError::field(
                "PayAtCounterRequest",
                "paymentMethod",
                "must be CASH or TERMINAL",
            ));
        }
    };
    shared
        .with_state(|state, _| state.pay_pos_at_counter(session.user_id(), &order_id, method))
        .map(Json)
}

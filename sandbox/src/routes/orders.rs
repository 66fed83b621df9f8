//! `POST /inapp-orders` and `POST /orders/{id}/payments`.

use axum::Json;
use axum::extract::State;
use swip_protocol::deferred::DeferredResponse;
use swip_protocol::orders::Order;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiVersion, IdempotencyKey, JsonObject, PathId, SessionAuth};
use crate::shared::AppState;
use crate::state::orders::PayRequest;
use crate::validation::inapp as rules;

/// `POST /inapp-orders` `{merchantId, merchantStoreId, purchases[{productId, quantity}]}` → the order.
pub async fn create(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<Order>> {
    let request = rules::create_order(&body)?;
    let merchant = shared
        .catalog
        .merchants
        .iter()
        .find(|merchant| merchant.merchant_id == request.merchant_id)
        .ok_or_else(|| ApiError::not_found("no such merchant (see GET /sandbox/catalog)"))?;
    let store = merchant
        .stores
        .iter()
        .find(|store| store.merchant_store_id == request.merchant_store_id)
        .ok_or_else(|| ApiError::not_found("no such store of this merchant"))?;
    let mut unknown = Vec::new();
    let mut lines = Vec::with_capacity(request.purchases.len());
    for (index, purchase) in request.purchases.iter().enumerate() {
        match merchant
            .products
            .iter()
            .find(|product| product.product_id == purchase.product_id)
        {
            Some(product) => lines.push((product.clone(), purchase.quantity)),
            None => unknown.push((
                format!("purchases[{index}].productId"),
                "unknown product".to_owned(),
            )),
        }
    }
    if !unknown.is_empty() {
        return Err(ApiError::validation("CreateOrderRequest", unknown));
    }
    shared
        .with_state(|state, now| {
            state.create_order(session.user_id(), merchant, &store.name, &lines, now)
        })
        .map(Json)
}

/// `POST /orders/{id}/payments` `{email, paymentCardId}` → `{"deferredId"}`.
pub async fn pay(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    IdempotencyKey(key): IdempotencyKey,
    PathId(order_id): PathId,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<DeferredResponse>> {
    let request = rules::pay_order(&body)?;
    let pay = PayRequest {
        order_id: &order_id,
        payment_card_id: &request.payment_card_id,
        idempotency_key: key.as_deref(),
    };
    shared
        .with_state(|state, now| state.pay_order(session.user_id(), &pay, now))
        .map(Json)
}

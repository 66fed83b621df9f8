//! `POST /inapp-orders` and `POST /orders/{id}/payments`.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use swip_protocol::Quantity;
use swip_protocol::deferred::DeferredResponse;
use swip_protocol::orders::{CreateOrderRequest, Order, PayOrderRequest, PurchaseRequest};

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiVersion, IdempotencyKey, JsonObject, PathId, SessionAuth};
use crate::shared::AppState;
use crate::state::orders::PayRequest;
use crate::validation::{Fields, is_email};

/// Most lines an order may have.
const MAX_PURCHASES: usize = 100;

/// `POST /inapp-orders` `{merchantId, merchantStoreId, purchases[{productId, quantity}]}` → the order.
pub async fn create(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<Order>> {
    let request = read_order_request(&body)?;
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

fn read_order_request(body: &serde_json::Map<String, Value>) -> ApiResult<CreateOrderRequest> {
    let mut fields = Fields::new(body, "CreateOrderRequest");
    let merchant_id = fields.string("merchantId");
    let store_id = fields.string("merchantStoreId");
    let purchases = fields.array("purchases");
    let mut lines = Vec::new();
    if let Some(purchases) = purchases {
        if purchases.is_empty() {
            fields.reject("purchases", "must not be empty");
        }
        if purchases.len() > MAX_PURCHASES {
            fields.reject("purchases", "at most 100 lines");
        }
        for (index, item) in purchases.iter().enumerate() {
            let Some(item) = item.as_object() else {
                fields.reject(format!("purchases[{index}]"), "must be an object");
                continue;
            };
            let product_id = match item.get("productId") {
                Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
                _ => {
                    fields.reject(
                        format!("purchases[{index}].productId"),
                        "must be a non-empty string",
                    );
                    None
                }
            };
            let quantity = match item.get("quantity").and_then(Value::as_f64).map(Quantity) {
                Some(quantity) if quantity.is_valid() => Some(quantity),
                _ => {
                    fields.reject(
                        format!("purchases[{index}].quantity"),
                        "must be a number above 0, at most 10000",
                    );
                    None
                }
            };
            if let (Some(product_id), Some(quantity)) = (product_id, quantity) {
                lines.push(PurchaseRequest {
                    product_id,
                    quantity,
                });
            }
        }
    }
    fields.finish()?;
    Ok(CreateOrderRequest {
        merchant_id: merchant_id.unwrap_or_default().to_owned(),
        merchant_store_id: store_id.unwrap_or_default().to_owned(),
        purchases: lines,
    })
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
    let mut fields = Fields::new(&body, "PayOrderRequest");
    let email = fields.string("email");
    let card_id = fields.string("paymentCardId");
    if let Some(email) = email {
        fields.check("email", is_email(email), "must be an e-mail address");
    }
    fields.finish()?;
    let request = PayOrderRequest {
        email: email.unwrap_or_default().to_owned(),
        payment_card_id: card_id.unwrap_or_default().to_owned(),
    };
    let pay = PayRequest {
        order_id: &order_id,
        payment_card_id: &request.payment_card_id,
        idempotency_key: key.as_deref(),
    };
    shared
        .with_state(|state, now| state.pay_order(session.user_id(), &pay, now))
        .map(Json)
}

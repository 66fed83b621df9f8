//! `POST /payment-cards` (bind), `GET /payment-cards`, set/unset default, `DELETE /payment-cards/{id}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use swip_protocol::cards::PaymentCard;
use swip_protocol::deferred::DeferredResponse;

use crate::error::ApiResult;
use crate::extract::{ApiVersion, IdempotencyKey, JsonObject, PathId, SessionAuth};
use crate::shared::AppState;
use crate::state::cards::BindRequest;
use crate::validation::inapp as rules;

/// `POST /payment-cards` `{addAsDefault, holder, cryptogram}` → `{"deferredId"}`.
pub async fn bind(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    IdempotencyKey(key): IdempotencyKey,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<DeferredResponse>> {
    let request = rules::bind_card(&body)?;
    let bind = BindRequest {
        add_as_default: request.add_as_default,
        holder: &request.holder,
        cryptogram: request.cryptogram.expose(),
        idempotency_key: key.as_deref(),
    };
    shared
        .with_state(|state, now| state.bind_card(session.user_id(), &bind, now))
        .map(Json)
}

/// `GET /payment-cards`.
pub async fn list(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
) -> ApiResult<Json<Vec<PaymentCard>>> {
    shared
        .with_state(|state, _| state.cards(session.user_id()))
        .map(Json)
}

/// `POST /payment-cards/{id}/actions/set-as-default` → 200, no body.
pub async fn set_default(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(card_id): PathId,
) -> ApiResult<StatusCode> {
    shared
        .with_state(|state, _| state.set_default_card(session.user_id(), &card_id))
        .map(|()| StatusCode::OK)
}

/// `POST /payment-cards/{id}/actions/unset-as-default` → 200, no body.
pub async fn unset_default(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(card_id): PathId,
) -> ApiResult<StatusCode> {
    shared
        .with_state(|state, _| state.unset_default_card(session.user_id(), &card_id))
        .map(|()| StatusCode::OK)
}

/// `DELETE /payment-cards/{id}` → 200, no body.
pub async fn delete_card(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(card_id): PathId,
) -> ApiResult<StatusCode> {
    shared
        .with_state(|state, _| state.delete_card(session.user_id(), &card_id))
        .map(|()| StatusCode::OK)
}

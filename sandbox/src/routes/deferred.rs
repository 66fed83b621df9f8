//! `GET /deferred-results/{id}/status` and `GET /deferred-results/{id}/binding-payment-card-3ds-result`.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use swip_protocol::deferred::{DeferredStatusResponse, ThreeDsPage};

use crate::error::ApiResult;
use crate::extract::{ApiVersion, PathId, SessionAuth};
use crate::html::{base_url, challenge_page};
use crate::shared::AppState;

/// The status of a binding or payment of the caller.
pub async fn status(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(deferred_id): PathId,
) -> ApiResult<Json<DeferredStatusResponse>> {
    shared
        .with_state(|state, _| state.deferred_status(session.user_id(), &deferred_id))
        .map(Json)
}

/// `{"finish3dsHtml"}`: the bank's challenge page, while the binding is in FINISH_3DS.
pub async fn three_ds_page(
    _: ApiVersion,
    State(shared): State<AppState>,
    session: SessionAuth,
    PathId(deferred_id): PathId,
    headers: HeaderMap,
) -> ApiResult<Json<ThreeDsPage>> {
    shared.with_state(|state, _| state.pending_challenge(session.user_id(), &deferred_id))?;
    let base = base_url(&headers, shared.addr);
    Ok(Json(ThreeDsPage {
        finish_3ds_html: challenge_page(&base, &deferred_id),
    }))
}

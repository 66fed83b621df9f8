//! `POST /auth` (PIN login) and `PUT /auth` (refresh).

use axum::Json;
use axum::extract::State;
use swip_protocol::auth::{AuthResponse, TokenResponse};

use crate::error::ApiResult;
use crate::extract::{ApiVersion, JsonObject, RefreshAuth};
use crate::shared::AppState;
use crate::validation::inapp as rules;

/// `POST /auth` `{deviceId, password, username}` → token, refresh token, periods, `stpStatus`,
/// `deviceRegistrationRequired`.
pub async fn login(
    _: ApiVersion,
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<AuthResponse>> {
    let request = rules::auth(&body)?;
    shared
        .with_state(|state, now| {
            state.login(
                &request.username,
                &request.device_id,
                request.password.expose(),
                now,
            )
        })
        .map(Json)
}

/// `PUT /auth` with the refresh token in `X-Auth-Token` → a new pair.
pub async fn refresh(
    _: ApiVersion,
    State(shared): State<AppState>,
    RefreshAuth(claims): RefreshAuth,
) -> ApiResult<Json<TokenResponse>> {
    shared
        .with_state(|state, now| state.refresh(&claims, now))
        .map(Json)
}

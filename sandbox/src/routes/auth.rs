//! `POST /auth` (PIN login) and `PUT /auth` (refresh).

use axum::Json;
use axum::extract::State;
use swip_protocol::SecretString;
use swip_protocol::auth::{AuthRequest, AuthResponse, TokenResponse};

use super::signup::PIN_MESSAGE;
use crate::error::ApiResult;
use crate::extract::{ApiVersion, JsonObject, RefreshAuth};
use crate::shared::AppState;
use crate::validation::{Fields, is_device_id, is_phone, is_pin};

/// `POST /auth` `{deviceId, password, username}` → token, refresh token, periods, `stpStatus`,
/// `deviceRegistrationRequired`.
pub async fn login(
    _: ApiVersion,
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<AuthResponse>> {
    let mut fields = Fields::new(&body, "AuthRequest");
    let device_id = fields.string("deviceId");
    let password = fields.string("password");
    let username = fields.string("username");
    if let Some(device_id) = device_id {
        fields.check(
            "deviceId",
            is_device_id(device_id),
            "must be 1 to 128 printable characters",
        );
    }
    if let Some(password) = password {
        fields.check("password", is_pin(password), PIN_MESSAGE);
    }
    if let Some(username) = username {
        fields.check(
            "username",
            is_phone(username),
            "must be the 11-digit phone given at signup",
        );
    }
    fields.finish()?;
    let request = AuthRequest {
        device_id: device_id.unwrap_or_default().to_owned(),
        password: SecretString::new(password.unwrap_or_default()),
        username: username.unwrap_or_default().to_owned(),
    };
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

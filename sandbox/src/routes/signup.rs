//! `POST/PUT /v2/signups`, `POST /v2/signup-verifications`, `POST /sms-messages`,
//! `POST /v2/signup-devices`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use swip_protocol::auth::{TokenResponse, VerificationResponse};

use crate::error::ApiResult;
use crate::extract::{ApiVersion, JsonObject, OptionalJsonObject, SignupAuth};
use crate::shared::AppState;
use crate::validation::inapp as rules;

/// `POST /v2/signups` `{"phone"}` → a signup token, `refreshToken: null`.
pub async fn start_signup(
    _: ApiVersion,
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<TokenResponse>> {
    let request = rules::signup(&body)?;
    shared
        .with_state(|state, now| state.start_signup(&request.phone, now))
        .map(Json)
}

/// `POST /v2/signup-verifications` `{"code"}` → `{"new"}`.
pub async fn verify(
    _: ApiVersion,
    State(shared): State<AppState>,
    SignupAuth(claims): SignupAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<VerificationResponse>> {
    let request = rules::verification(&body)?;
    shared
        .with_state(|state, now| state.verify_signup(&claims, request.code.expose(), now))
        .map(Json)
}

/// `POST /sms-messages`: sends the SMS again (body empty or `{}`), answers 200 with no body.
pub async fn resend_sms(
    _: ApiVersion,
    State(shared): State<AppState>,
    SignupAuth(claims): SignupAuth,
    _: OptionalJsonObject,
) -> ApiResult<StatusCode> {
    shared
        .with_state(|state, now| state.resend_sms(&claims, now))
        .map(|()| StatusCode::OK)
}

/// `PUT /v2/signups` `{deviceId, firstName?, lastName?, password}` → token + refresh token.
pub async fn set_pin(
    _: ApiVersion,
    State(shared): State<AppState>,
    SignupAuth(claims): SignupAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<TokenResponse>> {
    let request = rules::pin_setup(&body)?;
    shared
        .with_state(|state, now| {
            state.set_pin(
                &claims,
                &request.device_id,
                request.first_name.as_deref(),
                request.last_name.as_deref(),
                request.password.expose(),
                now,
            )
        })
        .map(Json)
}

/// `POST /v2/signup-devices` `{deviceId, password}` → token + refresh token.
pub async fn signup_device(
    _: ApiVersion,
    State(shared): State<AppState>,
    SignupAuth(claims): SignupAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<TokenResponse>> {
    let request = rules::device_signup(&body)?;
    shared
        .with_state(|state, now| {
            state.signup_device(&claims, &request.device_id, request.password.expose(), now)
        })
        .map(Json)
}

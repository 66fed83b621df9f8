//! `POST/PUT /v2/signups`, `POST /v2/signup-verifications`, `POST /sms-messages`,
//! `POST /v2/signup-devices`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use swip_protocol::SecretString;
use swip_protocol::auth::{
    DeviceSignupRequest, PinSetupRequest, SignupRequest, TokenResponse, VerificationRequest,
    VerificationResponse,
};

use crate::error::ApiResult;
use crate::extract::{ApiVersion, JsonObject, OptionalJsonObject, SignupAuth};
use crate::shared::AppState;
use crate::validation::{Fields, is_device_id, is_person_name, is_phone, is_pin, is_sms_code};

/// Message for a bad PIN.
pub const PIN_MESSAGE: &str = "must be exactly 4 digits";

/// `POST /v2/signups` `{"phone"}` → a signup token, `refreshToken: null`.
pub async fn start_signup(
    _: ApiVersion,
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<TokenResponse>> {
    let mut fields = Fields::new(&body, "SignupRequest");
    let phone = fields.string("phone");
    if let Some(phone) = phone {
        fields.check("phone", is_phone(phone), "must be exactly 11 digits");
    }
    fields.finish()?;
    let request = SignupRequest {
        phone: phone.unwrap_or_default().to_owned(),
    };
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
    let mut fields = Fields::new(&body, "VerificationRequest");
    let code = fields.string("code");
    if let Some(code) = code {
        fields.check("code", is_sms_code(code), "must be exactly 4 digits");
    }
    fields.finish()?;
    let request = VerificationRequest {
        code: SecretString::new(code.unwrap_or_default()),
    };
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
    let mut fields = Fields::new(&body, "PinSetupRequest");
    let device_id = fields.string("deviceId");
    let first_name = fields.optional_string("firstName");
    let last_name = fields.optional_string("lastName");
    let password = fields.string("password");
    if let Some(device_id) = device_id {
        fields.check(
            "deviceId",
            is_device_id(device_id),
            "must be 1 to 128 printable characters",
        );
    }
    for (field, name) in [("firstName", first_name), ("lastName", last_name)] {
        if let Some(name) = name {
            fields.check(
                field,
                is_person_name(name),
                "at most 50 letters, spaces or hyphens",
            );
        }
    }
    if let Some(password) = password {
        fields.check("password", is_pin(password), PIN_MESSAGE);
    }
    fields.finish()?;
    let request = PinSetupRequest {
        device_id: device_id.unwrap_or_default().to_owned(),
        first_name: first_name.map(str::to_owned),
        last_name: last_name.map(str::to_owned),
        password: SecretString::new(password.unwrap_or_default()),
    };
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
    let mut fields = Fields::new(&body, "DeviceSignupRequest");
    let device_id = fields.string("deviceId");
    let password = fields.string("password");
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
    fields.finish()?;
    let request = DeviceSignupRequest {
        device_id: device_id.unwrap_or_default().to_owned(),
        password: SecretString::new(password.unwrap_or_default()),
    };
    shared
        .with_state(|state, now| {
            state.signup_device(&claims, &request.device_id, request.password.expose(), now)
        })
        .map(Json)
}

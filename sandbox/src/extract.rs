//! Request extractors whose every rejection is the seed's error object: `Api-Version`, the three
//! token scopes, JSON bodies, path ids and `Idempotency-Key`.

pub mod merchant;
pub mod pos;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde_json::{Map, Value};
use swip_protocol::rules::idempotency_key;
use swip_protocol::{ErrorCode, headers};

use crate::error::ApiError;
use crate::jwt::{Claims, JwtError, TokenScope};
use crate::shared::{AppState, lock};

/// The `objectName` of errors about headers.
const HEADERS_OBJECT: &str = "headers";

/// Requires `Api-Version: 2` (docs/extensions.md, "Transport").
#[derive(Debug, Clone, Copy)]
pub struct ApiVersion;

impl FromRequestParts<AppState> for ApiVersion {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        match parts
            .headers
            .get(headers::API_VERSION)
            .map(|v| v.to_str().map(str::trim))
        {
            Some(Ok(headers::API_VERSION_VALUE)) => Ok(ApiVersion),
            Some(_) => Err(ApiError::field(
                HEADERS_OBJECT,
                headers::API_VERSION,
                "must be 2",
            )),
            None => Err(ApiError::field(
                HEADERS_OBJECT,
                headers::API_VERSION,
                "required header is missing",
            )),
        }
    }
}

/// Reads and checks the `X-Auth-Token`: 401 code 2 when missing, 17 when malformed or badly
/// signed, 16 when expired, 403 code 4 when of another scope.
fn token_claims(parts: &Parts, shared: &AppState, scope: TokenScope) -> Result<Claims, ApiError> {
    let token = parts
        .headers
        .get(headers::AUTH_TOKEN)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| ApiError::unauthenticated("X-Auth-Token is missing"))?;
    let now = shared.clock.now_ms();
    let claims = lock(&shared.state)
        .jwt
        .verify(token, now)
        .map_err(|error| match error {
            JwtError::Malformed => ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                ErrorCode::JwtTokenError,
                "the token is malformed or not signed by this server",
            ),
            JwtError::Expired => ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                ErrorCode::TokenExpired,
                "the token expired: refresh it or log in again",
            ),
        })?;
    if claims.scope != scope {
        let needed = match scope {
            TokenScope::Signup => "a signup token (from POST /v2/signups)",
            TokenScope::Session => "a session token",
            TokenScope::Refresh => "a refresh token",
        };
        return Err(ApiError::forbidden(&format!(
            "this endpoint needs {needed}"
        )));
    }
    Ok(claims)
}

/// A valid signup token.
#[derive(Debug, Clone)]
pub struct SignupAuth(pub Claims);

impl FromRequestParts<AppState> for SignupAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, ApiError> {
        token_claims(parts, shared, TokenScope::Signup).map(SignupAuth)
    }
}

/// A valid session token of an existing user on a registered device.
#[derive(Debug, Clone)]
pub struct SessionAuth {
    /// The token's claims.
    pub claims: Claims,
}

impl SessionAuth {
    /// The user's id.
    pub fn user_id(&self) -> &str {
        &self.claims.sub
    }
}

impl FromRequestParts<AppState> for SessionAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, ApiError> {
        let claims = token_claims(parts, shared, TokenScope::Session)?;
        lock(&shared.state).session_user(&claims)?;
        Ok(SessionAuth { claims })
    }
}

/// A valid refresh token.
#[derive(Debug, Clone)]
pub struct RefreshAuth(pub Claims);

impl FromRequestParts<AppState> for RefreshAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, ApiError> {
        token_claims(parts, shared, TokenScope::Refresh).map(RefreshAuth)
    }
}

/// The `Idempotency-Key` header, if sent: 1–64 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        match parts.headers.get(headers::IDEMPOTENCY_KEY) {
            None => Ok(IdempotencyKey(None)),
            Some(value) => match value.to_str() {
                Ok(key) if idempotency_key::check(key).is_ok() => {
                    Ok(IdempotencyKey(Some(key.to_owned())))
                }
                _ => Err(ApiError::field(
                    HEADERS_OBJECT,
                    headers::IDEMPOTENCY_KEY,
                    "must be 1 to 64 visible ASCII characters",
                )),
            },
        }
    }
}

/// The one `{id}` segment of a path.
#[derive(Debug, Clone)]
pub struct PathId(pub String);

impl FromRequestParts<AppState> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, ApiError> {
        Path::<String>::from_request_parts(parts, shared)
            .await
            .map(|Path(id)| PathId(id))
            .map_err(|_| ApiError::not_found("no such id"))
    }
}

/// A JSON object body. Anything else (malformed JSON, an array, too large) is 400 code 5 with a
/// field error on `body`. The `Content-Type` is not insisted on.
#[derive(Debug, Clone)]
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::field("body", "body", "could not be read (too large?)"))?;
        parse_object(&bytes).map(JsonObject)
    }
}

/// A body that may be empty (read as `{}`) or a JSON object (`POST /sms-messages`).
#[derive(Debug, Clone)]
pub struct OptionalJsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::field("body", "body", "could not be read (too large?)"))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonObject(Map::new()));
        }
        parse_object(&bytes).map(OptionalJsonObject)
    }
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::field("body", "body", "must be a JSON object")),
        Err(_) => Err(ApiError::field("body", "body", "malformed JSON")),
    }
}

/// Deserialises a control body into its type, 400 code 5 naming the problem otherwise.
pub fn control_body<T: serde::de::DeserializeOwned>(
    object_name: &str,
    value: Value,
) -> Result<T, ApiError> {
    serde_json::from_value(value)
        .map_err(|error| ApiError::field(object_name, "body", &error.to_string()))
}

/// Any JSON body (control endpoints, which also take arrays).
#[derive(Debug, Clone)]
pub struct AnyJson(pub Value);

impl<S: Send + Sync> FromRequest<S> for AnyJson {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::field("body", "body", "could not be read (too large?)"))?;
        serde_json::from_slice(&bytes)
            .map(AnyJson)
            .map_err(|_| ApiError::field("body", "body", "malformed JSON"))
    }
}

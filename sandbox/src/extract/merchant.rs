//! The merchant API's `X-Auth-Token`: a token of the signup or of the merchant `POST /auth`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::token_claims;
use crate::error::ApiError;
use crate::jwt::TokenScope;
use crate::shared::{AppState, lock};

/// A valid merchant-API session token of an existing merchant user: 401 code 2 when missing or
/// not a merchant token (an app token), 17 when malformed, 16 when expired, 403 code 4 for a
/// refresh token.
#[derive(Debug, Clone)]
pub struct MerchantAuth {
    /// The merchant user's id.
    pub user_id: String,
}

impl FromRequestParts<AppState> for MerchantAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, ApiError> {
        let claims = token_claims(parts, shared, TokenScope::Session)?;
        let user_id = lock(&shared.state).merchant_session(&claims)?.id.clone();
        Ok(MerchantAuth { user_id })
    }
}

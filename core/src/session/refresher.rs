//! [`TokenRefresher`]: what the session calls to refresh, so tests can stand in for the server.

use std::future::Future;
use std::pin::Pin;

use swip_protocol::SecretString;
use swip_protocol::auth::TokenResponse;

use crate::api::{ApiClient, ApiError, ApiResponse};

/// A boxed, sendable future (what an object-safe async method returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Exchanges a refresh token for a new token pair (`PUT /auth`). [`ApiClient`] is the real one.
pub trait TokenRefresher: Send + Sync {
    /// One refresh request.
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a SecretString,
    ) -> BoxFuture<'a, Result<ApiResponse<TokenResponse>, ApiError>>;
}

impl TokenRefresher for ApiClient {
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a SecretString,
    ) -> BoxFuture<'a, Result<ApiResponse<TokenResponse>, ApiError>> {
        Box::pin(ApiClient::refresh(self, refresh_token))
    }
}

//! The typed client of the SWiP in-app API.
//!
//! - [`ApiClient`]: one async method per endpoint of the contract (`001_e552985faba85bdb.txt`) plus
//!   the cryptogram key extension, over reqwest with rustls (ring provider). Bodies are the wire
//!   types of `swip-protocol`; unknown response fields are ignored.
//! - [`ApiResponse`]: a decoded body with the server's `Date`, so the session measures token expiry
//!   on the server's clock.
//! - [`ApiError`]: every failure as one enum, with retry safety, `Retry-After`, the error code, the
//!   PIN attempts left and the field errors.
//! - [`IdempotencyKey`]: what makes card binding and payment safe to retry.
//!
//! Authentication state (which token, when to refresh) is not the client's business: the
//! [`session`](crate::session) owns it and hands the token to each call.

mod client;
mod config;
mod error;
mod idempotency;
mod mapping;
pub mod tls;

pub use client::{ApiClient, ApiResponse};
pub use config::ApiConfig;
pub use error::{ApiError, AsApiError, DEFAULT_RETRY_AFTER, TimeoutPhase};
pub use idempotency::IdempotencyKey;
pub use mapping::ATTEMPTS_LEFT;

/// The pure decoding of answers, for the fuzz targets (`fuzz/`): not an API to build on.
#[doc(hidden)]
pub mod fuzzing {
    pub use super::mapping::{decode_body, error_from_response};
}

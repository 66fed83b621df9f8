//! Header names and values of the contract and of its documented extensions.

/// The JWT of the session (or the refresh token on `PUT /auth`).
pub const AUTH_TOKEN: &str = "X-Auth-Token";
/// The API version header.
pub const API_VERSION: &str = "Api-Version";
/// The value of [`API_VERSION`] this contract describes.
pub const API_VERSION_VALUE: &str = "2";
/// Extension: a client-chosen key that makes a mutating request safe to retry. The server answers a
/// repeated key with the first response and performs the operation once.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Standard header carrying the delay, in seconds, before a refused request may be retried.
pub const RETRY_AFTER: &str = "Retry-After";

//! [`ApiError`]: every way a call to the SWiP API can fail, as one enum.
//!
//! Nothing in here ever holds a request or response body: only the status, the server's error
//! object (code, description, field names and messages) and a few headers. `Display` shows the
//! status, the code, the description and the names of the fields in error — never a token, PIN, SMS
//! code or card number, because none of those can reach an `ApiError` in the first place.

use std::time::Duration;

use swip_protocol::{ErrorCode, FieldError};

/// How long to wait after a 429 (or code 22) that carried no usable `Retry-After` header.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(2);

/// One failure of one API call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The server answered with an error object (any non-2xx status but 429, and no code 22).
    #[error("{}", describe_server_error(*status, *code, description, field_errors))]
    Server {
        /// The HTTP status.
        status: u16,
        /// SWiP's error code; for a body without an error object, the code the status implies
        /// (see [`ErrorCode`]) or `Unknown(0)`.
        code: ErrorCode,
        /// The server's description of the error (may be empty).
        description: String,
        /// The fields in error (code 5), as sent.
        field_errors: Vec<FieldError>,
        /// The delay from `Retry-After`, when the server sent one (e.g. with 503).
        retry_after: Option<Duration>,
        /// PIN attempts left, from `X-Attempts-Left` (wrong PIN: 401 code 14; locked: 403 code 4 and 0).
        attempts_left: Option<u32>,
    },
    /// Too many requests (HTTP 429 or code 22): wait `retry_after`, then the same request is safe
    /// to send again.
    #[error("too many requests (HTTP {status}, {code}): retry after {} s", retry_after.as_secs())]
    RateLimited {
        /// The delay from `Retry-After` ([`DEFAULT_RETRY_AFTER`] when absent or unreadable).
        retry_after: Duration,
        /// The HTTP status (429, or another one carrying code 22).
        status: u16,
        /// The error code (normally [`ErrorCode::RequestLimitExceeded`]).
        code: ErrorCode,
        /// The server's description of the error (may be empty).
        description: String,
    },
    /// The server could not be reached (no network, DNS failure, connection refused): the request
    /// was never sent.
    #[error("the SWiP server cannot be reached (offline?)")]
    Offline,
    /// The request ran out of time.
    #[error("the request timed out ({phase})")]
    Timeout {
        /// Whether the request had been sent when time ran out.
        phase: TimeoutPhase,
    },
    /// The TLS handshake failed (bad or untrusted certificate, protocol error). Not retried: it will
    /// not fix itself, and it may mean the connection is being intercepted.
    #[error("secure connection to the SWiP server failed (TLS)")]
    Tls,
    /// The server's certificate chain is trusted but carries none of the pinned keys
    /// ([`ApiConfig::certificate_pins`](super::ApiConfig::certificate_pins)). Not retried: the
    /// connection may be intercepted. The request was never sent.
    #[error("the SWiP server's certificate is not the pinned one")]
    CertificatePin,
    /// The connection broke after the request was (or may have been) sent: the server may have
    /// acted on it.
    #[error("the connection was lost mid-request; the server may have received it")]
    ConnectionLost,
    /// A 2xx answer the wallet could not read: a field the journey needs is missing, `null` or of
    /// the wrong type, or the body is not JSON (tolerant reading, see `swip_protocol::tolerant`).
    /// Never retried: the same bytes would come back. No body text is kept.
    #[error("{}", describe_decode_failure(*status, endpoint, field, problem))]
    Decode {
        /// The HTTP status.
        status: u16,
        /// The endpoint: method and path pattern, without ids (`GET /deferred-results/{id}/status`).
        endpoint: String,
        /// The path of the field in error (`token`, `[0].id`); empty for the body as a whole.
        field: String,
        /// What was wrong (kind and position only, never the value).
        problem: String,
    },
    /// The request could not even be built (a token or id with characters a header cannot carry, a
    /// bad base URL). A programming or configuration error, never retried.
    #[error("invalid request: {reason}")]
    InvalidRequest {
        /// What is wrong.
        reason: &'static str,
    },
}

/// When a request timed out: decides whether the server may have seen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeoutPhase {
    /// While connecting: nothing was sent.
    Connect,
    /// After the request was sent, waiting for or reading the answer: the server may have acted.
    Response,
}

impl std::fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "while connecting",
            TimeoutPhase::Response => "waiting for the answer",
        })
    }
}

fn describe_decode_failure(status: u16, endpoint: &str, field: &str, problem: &str) -> String {
    if field.is_empty() {
        format!("the answer to {endpoint} was not understood (HTTP {status}): {problem}")
    } else {
        format!(
            "the answer to {endpoint} was not understood (HTTP {status}): field `{field}` {problem}"
        )
    }
}

/// True for the code of an answer that carried none and whose status implies none.
fn is_no_code(code: ErrorCode) -> bool {
    code == ErrorCode::Unknown(0)
}

fn describe_server_error(
    status: u16,
    code: ErrorCode,
    description: &str,
    field_errors: &[FieldError],
) -> String {
    // An answer without a code shows its status alone, never "UNKNOWN (0)".
    let mut text = if is_no_code(code) {
        format!("server refused the request (HTTP {status})")
    } else {
        format!("server refused the request (HTTP {status}, {code})")
    };
    if !description.is_empty() {
        text.push_str(": ");
        text.push_str(description);
    }
    if !field_errors.is_empty() {
        let fields: Vec<&str> = field_errors.iter().map(|e| e.field.as_str()).collect();
        text.push_str(&format!(" [fields: {}]", fields.join(", ")));
    }
    text
}

impl ApiError {
    /// True when sending the same request again cannot do harm and may succeed.
    ///
    /// `idempotent_request` says whether repeating the request is harmless in itself: a `GET`,
    /// `PUT` or `DELETE`, or a `POST` that carries an `Idempotency-Key`. A timeout after sending or a
    /// connection lost mid-request is retry-safe only for such a request: a plain `POST` may already
    /// have been carried out. Offline, a connect timeout, 429 (after its delay) and 503 are safe
    /// either way; the other 4xx (the same request gets the same answer), TLS and invalid requests
    /// never are, and neither is an answer that could not be read ([`ApiError::Decode`]): the same
    /// request gets the same bytes back.
    pub fn is_retry_safe(&self, idempotent_request: bool) -> bool {
        match self {
            ApiError::Offline | ApiError::RateLimited { .. } => true,
            ApiError::Timeout {
                phase: TimeoutPhase::Connect,
            } => true,
            ApiError::Timeout {
                phase: TimeoutPhase::Response,
            }
            | ApiError::ConnectionLost => idempotent_request,
            // The server answered, and would answer the same again: not a transient failure.
            ApiError::Decode { .. } => false,
            ApiError::Server { status, code, .. } => match (status, code) {
                (503, _) => true,
                (_, ErrorCode::OperationInProgress | ErrorCode::OperationTimedOut) => {
                    idempotent_request
                }
                (500..=599, _) => idempotent_request,
                _ => false,
            },
            ApiError::Tls | ApiError::CertificatePin | ApiError::InvalidRequest { .. } => false,
        }
    }

    /// The delay the server asked for before a retry (`Retry-After`), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::RateLimited { retry_after, .. } => Some(*retry_after),
            ApiError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The SWiP error code, when the server answered with one (or its status implies one).
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server { code, .. } | ApiError::RateLimited { code, .. } => {
                Some(*code).filter(|code| !is_no_code(*code))
            }
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. }
            | ApiError::RateLimited { status, .. }
            | ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// PIN attempts left (`X-Attempts-Left`), sent with a wrong PIN and with a locked account.
    pub fn attempts_left(&self) -> Option<u32> {
        match self {
            ApiError::Server { attempts_left, .. } => *attempts_left,
            _ => None,
        }
    }

    /// The fields in error (empty unless the server named some).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Server { field_errors, .. } => field_errors,
            _ => &[],
        }
    }

    /// The message the server gave for `field`, if it named that field.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.field_errors()
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// True when the token was refused as a token (401 for anything but a wrong PIN, or code 16):
    /// a refresh may cure it. A wrong PIN (401 code 14) is not.
    pub fn is_token_rejected(&self) -> bool {
        match self {
            ApiError::Server { status, code, .. } => {
                *code == ErrorCode::TokenExpired
                    || (*status == 401 && *code != ErrorCode::DoesntMatch)
            }
            _ => false,
        }
    }

    /// True for a wrong PIN (401 code 14); [`ApiError::attempts_left`] says how many remain.
    pub fn is_wrong_pin(&self) -> bool {
        matches!(
            self,
            ApiError::Server {
                status: 401,
                code: ErrorCode::DoesntMatch,
                ..
            }
        )
    }

    /// True when too many wrong PINs locked the account (403 with `X-Attempts-Left: 0`): the phone
    /// must be verified by SMS again.
    pub fn is_pin_locked(&self) -> bool {
        matches!(
            self,
            ApiError::Server {
                status: 403,
                attempts_left: Some(0),
                ..
            }
        )
    }
}

/// Gives access to the [`ApiError`] inside a wider error (the session's, the cryptogram's), so
/// helpers that look at server answers work on either.
pub trait AsApiError {
    /// The API error inside, if this error is one.
    fn as_api_error(&self) -> Option<&ApiError>;
}

impl AsApiError for ApiError {
    fn as_api_error(&self) -> Option<&ApiError> {
        Some(self)
    }
}

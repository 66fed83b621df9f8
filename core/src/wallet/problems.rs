//! Failures of requests as the journey's [`Problem`]s.

use swip_protocol::ErrorCode;

use crate::api::ApiError;
use crate::journey::{PaymentProblem, PinProblem, Problem, ProblemKind};
use crate::session::{PinNeededReason, SessionError};

/// A request's failure as the user sees it.
pub fn problem_of(error: &SessionError) -> Problem {
    match error {
        SessionError::Api(api) => api_problem(api),
        // Only a signup token has no refresh token: the signup itself expired.
        SessionError::PinNeeded(PinNeededReason::NoRefreshToken) => Problem::new(
            ProblemKind::SessionExpired,
            "The signup has expired: enter your phone number again",
        ),
        SessionError::PinNeeded(_) => Problem::new(
            ProblemKind::SessionExpired,
            "The session has expired: enter your PIN",
        ),
        other => Problem::new(ProblemKind::Other, other.to_string()),
    }
}

fn api_problem(error: &ApiError) -> Problem {
    let kind = match error {
        ApiError::RateLimited { .. } => ProblemKind::RateLimited,
        ApiError::Offline | ApiError::Timeout { .. } | ApiError::ConnectionLost | ApiError::Tls => {
            ProblemKind::Network
        }
        ApiError::CertificatePin => ProblemKind::CertificatePin,
        ApiError::Server { status, .. } if *status >= 500 => ProblemKind::Server,
        ApiError::Server {
            code: ErrorCode::BankPaymentError | ErrorCode::PaymentCardBlocked,
            ..
        } => ProblemKind::Declined,
        ApiError::Server { .. } => ProblemKind::Rejected,
        ApiError::Decode { .. } | ApiError::InvalidRequest { .. } => ProblemKind::Other,
    };
    Problem {
        kind,
        code: error.code().map(ErrorCode::as_u32),
        message: error.to_string(),
        attempts_left: error.attempts_left(),
        retry_after_s: error.retry_after().map(|d| d.as_secs().max(1)),
    }
}

/// A failed PIN check; `account_locked` when the server locked the account.
pub fn pin_problem(error: &SessionError) -> PinProblem {
    // Locked by this very answer (no attempts left) or already locked.
    let account_locked = matches!(error, SessionError::Api(api) if api.is_pin_locked() || api.attempts_left() == Some(0));
    PinProblem {
        problem: problem_of(error),
        account_locked,
    }
}

/// A failed payment request; `definite` when the server certainly did not take it.
pub fn payment_problem(error: &SessionError) -> PaymentProblem {
    let definite = match error {
        SessionError::Api(api) => match api {
            // Never sent, or refused outright.
            ApiError::Offline
            | ApiError::RateLimited { .. }
            | ApiError::Tls
            | ApiError::CertificatePin
            | ApiError::InvalidRequest { .. } => true,
            ApiError::Timeout { phase } => *phase == crate::api::TimeoutPhase::Connect,
            ApiError::Server { status, .. } => (400..500).contains(status),
            // Sent, and maybe taken: only asking again (same key) can tell.
            ApiError::ConnectionLost | ApiError::Decode { .. } => false,
        },
        // Nothing left the device.
        SessionError::PinNeeded(_) | SessionError::Store(_) | SessionError::EmptyToken => true,
    };
    PaymentProblem {
        problem: problem_of(error),
        definite,
    }
}

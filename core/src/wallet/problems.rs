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
        SessionError::Store(error) => Problem::new(ProblemKind::Storage, error.to_string()),
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
        ApiError::Decode { .. } => ProblemKind::Unreadable,
        ApiError::InvalidRequest { .. } => ProblemKind::Other,
    };
    let message = match error {
        // Russian first, as everything a user reads; the endpoint and field (never the value)
        // tell support what the server got wrong.
        ApiError::Decode { .. } => format!("Ответ сервера не удалось прочитать. {error}"),
        _ => error.to_string(),
    };
    Problem {
        kind,
        code: error.code().map(ErrorCode::as_u32),
        message,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_answer_is_its_own_kind_and_names_endpoint_and_field() {
        let error = SessionError::Api(ApiError::Decode {
            status: 200,
            endpoint: "POST /inapp-orders".into(),
            field: "total".into(),
            problem: "required, but null at line 1, column 9".into(),
        });
        let problem = problem_of(&error);
        assert_eq!(problem.kind, ProblemKind::Unreadable);
        assert_eq!(problem.code, None);
        assert!(problem.message.starts_with("Ответ сервера"), "{problem}");
        assert!(problem.message.contains("POST /inapp-orders"), "{problem}");
        assert!(problem.message.contains("`total`"), "{problem}");
        // The payment rule: an unreadable answer to a payment may hide a payment taken.
        assert!(!payment_problem(&error).definite);
    }

    #[test]
    fn an_answer_without_a_code_never_shows_unknown_zero() {
        let error = SessionError::Api(ApiError::Server {
            status: 400,
            code: ErrorCode::Unknown(0),
            description: String::new(),
            field_errors: Vec::new(),
            retry_after: None,
            attempts_left: None,
        });
        let problem = problem_of(&error);
        assert_eq!(problem.kind, ProblemKind::Rejected);
        assert_eq!(problem.code, None);
        assert!(!problem.to_string().contains("UNKNOWN"), "{problem}");
        let wrong_code = SessionError::Api(ApiError::Server {
            status: 400,
            code: ErrorCode::DoesntMatch,
            description: "Code mismatch".into(),
            field_errors: Vec::new(),
            retry_after: None,
            attempts_left: None,
        });
        let problem = problem_of(&wrong_code);
        assert_eq!(
            (problem.kind, problem.code),
            (ProblemKind::Rejected, Some(14))
        );
    }
}

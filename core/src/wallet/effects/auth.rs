//! Signup, SMS code, PIN, login and sign-out.

use swip_protocol::ErrorCode;
use swip_protocol::auth::{
    AuthRequest, DeviceSignupRequest, PinSetupRequest, SignupRequest, TokenResponse,
    VerificationRequest,
};

use crate::api::ApiResponse;
use crate::input::{PersonName, Phone, Pin, SmsCode};
use crate::journey::{Outcome, PinProblem, Problem, ProblemKind};
use crate::session::SessionError;

use super::super::Inner;
use super::super::problems::{pin_problem, problem_of};
use super::super::retry::with_retries;

/// `POST /v2/signups`, then keeps the signup token and the phone.
pub(super) async fn signup(inner: &Inner, phone: Phone) -> Outcome {
    let request = SignupRequest {
        phone: phone.as_str().to_owned(),
    };
    // Not idempotent (an SMS goes out): only what the server certainly did not do is retried.
    let result = with_retries(&inner.config, false, || async {
        inner.api.signup(&request).await.map_err(SessionError::from)
    })
    .await;
    Outcome::SignupSent(
        match result {
            Ok(response) => establish(inner, response).await.and_then(|()| {
                inner
                    .vault
                    .set_phone(phone.as_str())
                    .map_err(SessionError::from)
            }),
            Err(error) => Err(error),
        }
        .map_err(|e| problem_of(&e)),
    )
}

/// `POST /sms-messages`.
pub(super) async fn resend_sms(inner: &Inner) -> Outcome {
    let session = &inner.session;
    Outcome::SmsResent(
        with_retries(&inner.config, false, || {
            session.call(|call| Box::pin(call.api.resend_sms(call.token)))
        })
        .await
        .map_err(|e| problem_of(&e)),
    )
}

/// `POST /v2/signup-verifications`.
pub(super) async fn verify_code(inner: &Inner, code: SmsCode) -> Outcome {
    let session = &inner.session;
    let request = VerificationRequest {
        code: code.secret().clone(),
    };
    Outcome::CodeChecked(
        with_retries(&inner.config, false, || {
            session.call(|call| Box::pin(call.api.verify_code(call.token, &request)))
        })
        .await
        .map(|answer| answer.new)
        .map_err(|e| problem_of(&e)),
    )
}

/// `PUT /v2/signups`: the PIN (and the names), then the tokens it answers.
pub(super) async fn set_pin(
    inner: &Inner,
    pin: Pin,
    first_name: Option<PersonName>,
    last_name: Option<PersonName>,
) -> Outcome {
    let config = &inner.config;
    let session = &inner.session;
    let request = match inner.vault.device_id() {
        Ok(device_id) => PinSetupRequest {
            device_id,
            first_name: first_name.map(|n| n.as_str().to_owned()),
            last_name: last_name.map(|n| n.as_str().to_owned()),
            password: pin.secret().clone(),
        },
        Err(error) => return Outcome::PinChecked(Err(pin_problem(&error.into()))),
    };
    let login = DeviceSignupRequest {
        device_id: request.device_id.clone(),
        password: request.password.clone(),
    };
    // A PUT: safe to repeat. A repeat whose first try took effect (its answer was lost)
    // finds the user created (code 8): that user is this one, with this very PIN, so the
    // device signs in with it instead of leaving the user stuck on the PIN screen.
    let result = match with_retries(config, true, || {
        session.call(|call| Box::pin(call.api.set_pin(call.token, &request)))
    })
    .await
    {
        Err(SessionError::Api(error)) if error.code() == Some(ErrorCode::Duplicate) => {
            tracing::info!("the PIN was set by a try whose answer was lost; signing in");
            with_retries(config, false, || {
                session.call(|call| Box::pin(call.api.signup_device(call.token, &login)))
            })
            .await
        }
        other => other,
    };
    Outcome::PinChecked(sign_in(inner, result).await)
}

/// `POST /v2/signup-devices`: this device signs in with the PIN after an SMS code.
pub(super) async fn device_login(inner: &Inner, pin: Pin) -> Outcome {
    let session = &inner.session;
    let request = match inner.vault.device_id() {
        Ok(device_id) => DeviceSignupRequest {
            device_id,
            password: pin.secret().clone(),
        },
        Err(error) => return Outcome::PinChecked(Err(pin_problem(&error.into()))),
    };
    let result = with_retries(&inner.config, false, || {
        session.call(|call| Box::pin(call.api.signup_device(call.token, &request)))
    })
    .await;
    Outcome::PinChecked(sign_in(inner, result).await)
}

/// `POST /auth`: the phone and the PIN.
pub(super) async fn pin_login(inner: &Inner, phone: Phone, pin: Pin) -> Outcome {
    let device_id = match inner.vault.device_id() {
        Ok(id) => id,
        Err(error) => return Outcome::PinChecked(Err(pin_problem(&error.into()))),
    };
    let request = AuthRequest {
        device_id,
        password: pin.secret().clone(),
        username: phone.as_str().to_owned(),
    };
    let outcome = match inner.api.login(&request).await {
        Ok(response) if response.body.device_registration_required => Err(PinProblem {
            problem: Problem::new(
                ProblemKind::Rejected,
                "This device is not registered: sign in again with an SMS code",
            ),
            account_locked: false,
        }),
        Ok(response) => {
            let response = response.map(TokenResponse::from);
            establish(inner, response)
                .await
                .map_err(|e| pin_problem(&e))
        }
        Err(error) => Err(pin_problem(&error.into())),
    };
    Outcome::PinChecked(outcome)
}

/// Forgets the session: every poll stops; tokens and user leave the secure store.
pub(super) async fn forget_session(inner: &Inner) {
    inner.tasks.stop_pollers();
    if let Err(error) = inner.session.sign_out().await {
        tracing::warn!(%error, "could not clear the session from the secure store");
    }
    if let Err(error) = inner.vault.forget_user() {
        tracing::warn!(%error, "could not clear the user from the secure store");
    }
}

/// Keeps the tokens of a signup, PIN setup or login.
async fn establish(
    inner: &Inner,
    response: ApiResponse<TokenResponse>,
) -> Result<(), SessionError> {
    inner.session.establish(response).await
}

/// PIN setup or device login answered: keep the tokens.
async fn sign_in(
    inner: &Inner,
    result: Result<TokenResponse, SessionError>,
) -> Result<(), PinProblem> {
    let tokens = result.map_err(|e| pin_problem(&e))?;
    let response = ApiResponse {
        body: tokens,
        status: 200,
        server_date: inner.session.server_now(),
        received_at: tokio::time::Instant::now(),
    };
    establish(inner, response)
        .await
        .map_err(|e| pin_problem(&e))
}

//! Performing the machine's effects: each request through the session, its result fed back as an
//! [`Outcome`].

use std::sync::Arc;

use swip_protocol::SecretString;
use swip_protocol::auth::{
    AuthRequest, DeviceSignupRequest, PinSetupRequest, SignupRequest, TokenResponse,
    VerificationRequest,
};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::orders::{CreateOrderRequest, PayOrderRequest};

use crate::api::{ApiClient, ApiResponse, IdempotencyKey};
use crate::cryptogram::{SealError, SealedSendError};
use crate::journey::{Effect, Outcome, PinProblem, Problem, ProblemKind};
use crate::session::SessionError;

use super::Inner;
use super::problems::{payment_problem, pin_problem, problem_of};
use super::retry::with_retries;

/// Runs one request effect and returns its outcome (`None` for effects with none).
pub(super) async fn perform(inner: &Arc<Inner>, effect: Effect) -> Option<Outcome> {
    let config = &inner.config;
    let session = &inner.session;
    Some(match effect {
        Effect::Signup { phone } => {
            let request = SignupRequest {
                phone: phone.as_str().to_owned(),
            };
            let result = inner.api.signup(&request).await.map_err(SessionError::from);
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
        Effect::ResendSms => Outcome::SmsResent(
            session
                .call(|api, token| async move { api.resend_sms(&token).await })
                .await
                .map_err(|e| problem_of(&e)),
        ),
        Effect::VerifyCode { code } => {
            let request = VerificationRequest {
                code: code.secret().clone(),
            };
            Outcome::CodeChecked(
                session
                    .call(move |api, token| {
                        let request = request.clone();
                        async move { api.verify_code(&token, &request).await }
                    })
                    .await
                    .map(|answer| answer.new)
                    .map_err(|e| problem_of(&e)),
            )
        }
        Effect::SetPin {
            pin,
            first_name,
            last_name,
        } => {
            let request = match inner.vault.device_id() {
                Ok(device_id) => PinSetupRequest {
                    device_id,
                    first_name: first_name.map(|n| n.as_str().to_owned()),
                    last_name: last_name.map(|n| n.as_str().to_owned()),
                    password: pin.secret().clone(),
                },
                Err(error) => return Some(Outcome::PinChecked(Err(pin_problem(&error.into())))),
            };
            let result = session
                .call(move |api, token| {
                    let request = request.clone();
                    async move { api.set_pin(&token, &request).await }
                })
                .await;
            Outcome::PinChecked(sign_in(inner, result).await)
        }
        Effect::DeviceLogin { pin } => {
            let request = match inner.vault.device_id() {
                Ok(device_id) => DeviceSignupRequest {
                    device_id,
                    password: pin.secret().clone(),
                },
                Err(error) => return Some(Outcome::PinChecked(Err(pin_problem(&error.into())))),
            };
            let result = session
                .call(move |api, token| {
                    let request = request.clone();
                    async move { api.signup_device(&token, &request).await }
                })
                .await;
            Outcome::PinChecked(sign_in(inner, result).await)
        }
        Effect::PinLogin { phone, pin } => {
            let device_id = match inner.vault.device_id() {
                Ok(id) => id,
                Err(error) => return Some(Outcome::PinChecked(Err(pin_problem(&error.into())))),
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
        Effect::LoadCards => Outcome::CardsLoaded(
            with_retries(config, true, || {
                session.call(|api, token| async move { api.list_cards(&token).await })
            })
            .await
            .map_err(|e| problem_of(&e)),
        ),
        Effect::SetDefaultCard { card_id } => {
            card_change(inner, card_id, CardChange::SetDefault).await
        }
        Effect::UnsetDefaultCard { card_id } => {
            card_change(inner, card_id, CardChange::UnsetDefault).await
        }
        Effect::DeleteCard { card_id } => card_change(inner, card_id, CardChange::Delete).await,
        Effect::BindCard {
            card,
            make_default,
            idempotency_key,
        } => {
            let holder = card.holder().as_str().to_owned();
            let mut attempt = 0;
            let result = inner
                .sealer
                .send_with_key_retry(&card, |sealed| {
                    attempt += 1;
                    // A cryptogram refused for its key version was refused outright: the re-sealed
                    // one goes under a key of its own.
                    let key = if attempt == 1 {
                        idempotency_key.clone()
                    } else {
                        format!("{idempotency_key}-{attempt}")
                    };
                    let request = BindCardRequest {
                        add_as_default: make_default,
                        holder: holder.clone(),
                        cryptogram: sealed.cryptogram,
                    };
                    async move {
                        let key = IdempotencyKey::parse(&key).ok_or(SessionError::EmptyToken)?;
                        with_retries(config, true, || {
                            let (request, key) = (request.clone(), key.clone());
                            session.call(move |api, token| {
                                let (request, key) = (request.clone(), key.clone());
                                async move { api.bind_card(&token, &request, &key).await }
                            })
                        })
                        .await
                    }
                })
                .await;
            Outcome::BindingAccepted(match result {
                Ok(answer) => Ok(answer.deferred_id),
                Err(SealedSendError::Send(error)) => Err(problem_of(&error)),
                Err(SealedSendError::Seal(SealError::KeyFetch(error))) => {
                    Err(problem_of(&error.into()))
                }
                Err(SealedSendError::Seal(error)) => {
                    Err(Problem::new(ProblemKind::Other, error.to_string()))
                }
            })
        }
        Effect::FetchThreeDsPage { deferred_id } => {
            let id = deferred_id.clone();
            let result = with_retries(config, true, || {
                let id = id.clone();
                session.call(move |api, token| {
                    let id = id.clone();
                    async move { api.three_ds_page(&token, &id).await }
                })
            })
            .await;
            Outcome::ThreeDsPage {
                deferred_id,
                result: result
                    .map(|page| page.finish_3ds_html)
                    .map_err(|e| problem_of(&e)),
            }
        }
        Effect::CreateOrder {
            merchant_id,
            merchant_store_id,
            purchases,
        } => {
            let request = CreateOrderRequest {
                merchant_id,
                merchant_store_id,
                purchases,
            };
            let result = session
                .call(move |api, token| {
                    let request = request.clone();
                    async move { api.create_order(&token, &request).await }
                })
                .await;
            Outcome::OrderCreated(result.map(Box::new).map_err(|e| problem_of(&e)))
        }
        Effect::Pay {
            order_id,
            card_id,
            email,
            idempotency_key,
        } => {
            let request = PayOrderRequest {
                email: email.as_str().to_owned(),
                payment_card_id: card_id,
            };
            let Some(key) = IdempotencyKey::parse(&idempotency_key) else {
                let problem = Problem::new(ProblemKind::Other, "invalid idempotency key");
                return Some(Outcome::PaymentAccepted(Err(
                    crate::journey::PaymentProblem {
                        problem,
                        definite: true,
                    },
                )));
            };
            // The same key on every try: the server answers a repeat with the first answer.
            let result = with_retries(config, true, || {
                let (request, key, order_id) = (request.clone(), key.clone(), order_id.clone());
                session.call(move |api, token| {
                    let (request, key, order_id) = (request.clone(), key.clone(), order_id.clone());
                    async move { api.pay_order(&token, &order_id, &request, &key).await }
                })
            })
            .await;
            Outcome::PaymentAccepted(
                result
                    .map(|answer| answer.deferred_id)
                    .map_err(|e| payment_problem(&e)),
            )
        }
        Effect::ForgetSession => {
            inner.tasks.stop_pollers();
            if let Err(error) = inner.session.sign_out().await {
                tracing::warn!(%error, "could not clear the session from the secure store");
            }
            if let Err(error) = inner.vault.forget_user() {
                tracing::warn!(%error, "could not clear the user from the secure store");
            }
            return None;
        }
        Effect::SavePending(_) | Effect::Poll { .. } | Effect::StopPolling { .. } => return None,
    })
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

enum CardChange {
    SetDefault,
    UnsetDefault,
    Delete,
}

async fn card_change(inner: &Inner, card_id: String, change: CardChange) -> Outcome {
    let change = &change;
    let result = with_retries(&inner.config, true, || {
        let card_id = card_id.clone();
        inner
            .session
            .call(move |api: ApiClient, token: SecretString| {
                let card_id = card_id.clone();
                async move {
                    match change {
                        CardChange::SetDefault => api.set_default_card(&token, &card_id).await,
                        CardChange::UnsetDefault => api.unset_default_card(&token, &card_id).await,
                        CardChange::Delete => api.delete_card(&token, &card_id).await,
                    }
                }
            })
    })
    .await;
    Outcome::CardChanged(result.map_err(|e| problem_of(&e)))
}

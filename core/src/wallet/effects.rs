//! Performing the machine's effects: each request through the session, its result fed back as an
//! [`Outcome`].

use std::sync::Arc;

use swip_protocol::app_pos::PayAtCounterRequest;
use swip_protocol::auth::{
    AuthRequest, DeviceSignupRequest, PinSetupRequest, SignupRequest, TokenResponse,
    VerificationRequest,
};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::orders::{CreateOrderRequest, Order, PayOrderRequest, Purchase};
use swip_protocol::pos::{PaymentMethod, PosOrder};
use swip_protocol::{ErrorCode, SecretString};

use crate::api::{ApiClient, ApiResponse, IdempotencyKey};
use crate::cryptogram::{SealError, SealedSendError};
use crate::journey::{
    CardChange, CounterPayment, Effect, OrderSource, Outcome, PinProblem, Problem, ProblemKind,
};
use crate::session::SessionError;

use super::Inner;
use super::problems::{payment_problem, pin_problem, problem_of};
use super::retry::{with_retries, with_retries_until};

/// Runs one request effect and returns its outcome (`None` for effects with none).
pub(super) async fn perform(inner: &Arc<Inner>, effect: Effect) -> Option<Outcome> {
    let config = &inner.config;
    let session = &inner.session;
    Some(match effect {
        Effect::Signup { phone } => {
            let request = SignupRequest {
                phone: phone.as_str().to_owned(),
            };
            // Not idempotent (an SMS goes out): only what the server certainly did not do is retried.
            let result = with_retries(config, false, || async {
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
        Effect::ResendSms => Outcome::SmsResent(
            with_retries(config, false, || {
                session.call(|api, token| async move { api.resend_sms(&token).await })
            })
            .await
            .map_err(|e| problem_of(&e)),
        ),
        Effect::VerifyCode { code } => {
            let request = VerificationRequest {
                code: code.secret().clone(),
            };
            Outcome::CodeChecked(
                with_retries(config, false, || {
                    let request = request.clone();
                    session.call(move |api, token| {
                        let request = request.clone();
                        async move { api.verify_code(&token, &request).await }
                    })
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
            let login = DeviceSignupRequest {
                device_id: request.device_id.clone(),
                password: request.password.clone(),
            };
            // A PUT: safe to repeat. A repeat whose first try took effect (its answer was lost)
            // finds the user created (code 8): that user is this one, with this very PIN, so the
            // device signs in with it instead of leaving the user stuck on the PIN screen.
            let result = match with_retries(config, true, || {
                let request = request.clone();
                session.call(move |api, token| {
                    let request = request.clone();
                    async move { api.set_pin(&token, &request).await }
                })
            })
            .await
            {
                Err(SessionError::Api(error)) if error.code() == Some(ErrorCode::Duplicate) => {
                    tracing::info!("the PIN was set by a try whose answer was lost; signing in");
                    with_retries(config, false, || {
                        let login = login.clone();
                        session.call(move |api, token| {
                            let login = login.clone();
                            async move { api.signup_device(&token, &login).await }
                        })
                    })
                    .await
                }
                other => other,
            };
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
            let result = with_retries(config, false, || {
                let request = request.clone();
                session.call(move |api, token| {
                    let request = request.clone();
                    async move { api.signup_device(&token, &request).await }
                })
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
                        // A binding left in doubt without its server id cannot be followed (and
                        // the card cannot be bound again while the server holds it): the same
                        // request, same key, is tried until the binding's deadline instead.
                        let deadline = tokio::time::Instant::now() + config.binding_deadline;
                        with_retries_until(config, deadline, || {
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
            // Not idempotent (a second order): only what the server certainly did not do is retried.
            let result = with_retries(config, false, || {
                let request = request.clone();
                session.call(move |api, token| {
                    let request = request.clone();
                    async move { api.create_order(&token, &request).await }
                })
            })
            .await;
            Outcome::OrderCreated(result.map(Box::new).map_err(|e| problem_of(&e)))
        }
        Effect::Pay {
            source,
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
            let at_till = matches!(source, OrderSource::Counter { .. });
            let result = with_retries(config, true, || {
                let (request, key, order_id) = (request.clone(), key.clone(), order_id.clone());
                session.call(move |api, token| {
                    let (request, key, order_id) = (request.clone(), key.clone(), order_id.clone());
                    async move {
                        if at_till {
                            api.pay_pos_order(&token, &order_id, &request, &key).await
                        } else {
                            api.pay_order(&token, &order_id, &request, &key).await
                        }
                    }
                })
            })
            .await;
            Outcome::PaymentAccepted(
                result
                    .map(|answer| answer.deferred_id)
                    .map_err(|e| payment_problem(&e)),
            )
        }
        Effect::FindCounterOrder { session_code } => {
            let result = with_retries(config, true, || {
                let session_code = session_code.clone();
                session.call(move |api, token| {
                    let session_code = session_code.clone();
                    async move { api.find_pos_order(&token, &session_code).await }
                })
            })
            .await;
            Outcome::OrderCreated(
                result
                    .map(|order| Box::new(counter_order(order)))
                    .map_err(|e| problem_of(&e)),
            )
        }
        Effect::PayAtCounter { order_id, method } => {
            let request = PayAtCounterRequest {
                payment_method: Some(match method {
                    CounterPayment::Cash => PaymentMethod::Cash,
                    CounterPayment::Terminal => PaymentMethod::Terminal,
                }),
            };
            // Saying "I pay at the counter" twice says it once: safe to repeat.
            let result = with_retries(config, true, || {
                let (request, order_id) = (request.clone(), order_id.clone());
                session.call(move |api, token| {
                    let (request, order_id) = (request.clone(), order_id.clone());
                    async move {
                        api.pay_pos_order_at_counter(&token, &order_id, &request)
                            .await
                    }
                })
            })
            .await;
            Outcome::CounterConfirmed(result.map(|_| ()).map_err(|e| problem_of(&e)))
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

/// A till's order in the shape of an in-app one, for the checkout to show: its lines, totals and
/// the user's personalised loyalty.
fn counter_order(order: PosOrder) -> Order {
    Order {
        id: order.id,
        order_number: order.merchant_order_number,
        merchant_id: order.merchant_id,
        merchant_name: order.merchant_name,
        merchant_store: order.merchant_store,
        merchant_order_id: order.merchant_order_id,
        merchant_cashier: order.merchant_cashier,
        merchant_cashier_id: order.merchant_cashier_id,
        merchant_cash: order.merchant_cash,
        order_status: order.order_status.as_str().to_owned(),
        session_code: order.session_code,
        sale_date: order.sale_date,
        // The till's `total` is the shop's; the user pays `amountToPay`, after SWiP's loyalty.
        total: order.amount_to_pay,
        total_original: order.total_original,
        discount: order.discount,
        cashback: order.cashback,
        cashback_calc_result: order.cashback_calc_result,
        purchases: order
            .purchases
            .into_iter()
            .map(|p| Purchase {
                id: p.id,
                name: p.name,
                product_id: p.product_id.unwrap_or_default(),
                quantity: p.quantity,
                unit: p.unit,
                price: p.price,
                amount: p.amount,
                discount: p.discount,
                merchant_discount: p.merchant_discount,
            })
            .collect(),
        email_required: true,
        ..Order::default()
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

async fn card_change(inner: &Inner, card_id: String, change: CardChange) -> Outcome {
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
    Outcome::CardChanged {
        card_id,
        change,
        result: result.map_err(|e| problem_of(&e)),
    }
}

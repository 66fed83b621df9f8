//! Performing the machine's effects: each request through the session, its result fed back as an
//! [`Outcome`]. One module per family of effects: [`auth`] (signup, PIN, login, sign-out),
//! [`cards`] (the card list and changes to it), [`binding`] (binding a card, its 3-D Secure page)
//! and [`checkout`] (orders, a till's orders, payments).

mod auth;
mod binding;
mod cards;
mod checkout;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::journey::{CardChange, Effect, Outcome};

use super::Inner;

/// Runs one request effect and returns its outcome (`None` for effects with none).
pub(super) async fn perform(inner: &Arc<Inner>, effect: Effect) -> Option<Outcome> {
    // Each family's future is boxed behind `dyn`: one small state machine here instead of one
    // 95 KB function that inlined every request of every family (the code moved into the
    // families; the library as a whole shrank by only 7 KB, BENCHMARKS.md).
    let run: Run<'_> = match effect {
        Effect::Signup { phone } => Box::pin(auth::signup(inner, phone)),
        Effect::ResendSms => Box::pin(auth::resend_sms(inner)),
        Effect::VerifyCode { code } => Box::pin(auth::verify_code(inner, code)),
        Effect::SetPin {
            pin,
            first_name,
            last_name,
        } => Box::pin(auth::set_pin(inner, pin, first_name, last_name)),
        Effect::DeviceLogin { pin } => Box::pin(auth::device_login(inner, pin)),
        Effect::PinLogin { phone, pin } => Box::pin(auth::pin_login(inner, phone, pin)),
        Effect::ForgetSession => {
            auth::forget_session(inner).await;
            return None;
        }
        Effect::LoadCards => Box::pin(cards::load(inner)),
        Effect::SetDefaultCard { card_id } => {
            Box::pin(cards::change(inner, card_id, CardChange::SetDefault))
        }
        Effect::UnsetDefaultCard { card_id } => {
            Box::pin(cards::change(inner, card_id, CardChange::UnsetDefault))
        }
        Effect::DeleteCard { card_id } => {
            Box::pin(cards::change(inner, card_id, CardChange::Delete))
        }
        Effect::BindCard {
            card,
            make_default,
            idempotency_key,
        } => Box::pin(binding::bind(inner, card, make_default, idempotency_key)),
        Effect::FetchThreeDsPage { deferred_id } => {
            Box::pin(binding::three_ds_page(inner, deferred_id))
        }
        Effect::CreateOrder {
            merchant_id,
            merchant_store_id,
            purchases,
        } => Box::pin(checkout::create_order(
            inner,
            merchant_id,
            merchant_store_id,
            purchases,
        )),
        Effect::Pay {
            source,
            order_id,
            card_id,
            email,
            idempotency_key,
        } => Box::pin(checkout::pay(
            inner,
            source,
            order_id,
            card_id,
            email,
            idempotency_key,
        )),
        Effect::FindCounterOrder { session_code } => {
            Box::pin(checkout::find_counter_order(inner, session_code))
        }
        Effect::PayAtCounter { order_id, method } => {
            Box::pin(checkout::pay_at_counter(inner, order_id, method))
        }
        Effect::SavePending(_) | Effect::Poll { .. } | Effect::StopPolling { .. } => return None,
    };
    Some(run.await)
}

/// One effect's request, boxed.
type Run<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

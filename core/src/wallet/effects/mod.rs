//! Performing the machine's effects: each request through the session, its result fed back as an
//! [`Outcome`]. One module per family of effects: [`auth`] (signup, PIN, login, sign-out),
//! [`cards`] (the card list and changes to it), [`binding`] (binding a card, its 3-D Secure page)
//! and [`checkout`] (orders, a till's orders, payments).

mod auth;
mod binding;
mod cards;
mod checkout;

use std::sync::Arc;

use crate::journey::{CardChange, Effect, Outcome};

use super::Inner;

/// Runs one request effect and returns its outcome (`None` for effects with none).
pub(super) async fn perform(inner: &Arc<Inner>, effect: Effect) -> Option<Outcome> {
    Some(match effect {
        Effect::Signup { phone } => auth::signup(inner, phone).await,
        Effect::ResendSms => auth::resend_sms(inner).await,
        Effect::VerifyCode { code } => auth::verify_code(inner, code).await,
        Effect::SetPin {
            pin,
            first_name,
            last_name,
        } => auth::set_pin(inner, pin, first_name, last_name).await,
        Effect::DeviceLogin { pin } => auth::device_login(inner, pin).await,
        Effect::PinLogin { phone, pin } => auth::pin_login(inner, phone, pin).await,
        Effect::ForgetSession => {
            auth::forget_session(inner).await;
            return None;
        }
        Effect::LoadCards => cards::load(inner).await,
        Effect::SetDefaultCard { card_id } => {
            cards::change(inner, card_id, CardChange::SetDefault).await
        }
        Effect::UnsetDefaultCard { card_id } => {
            cards::change(inner, card_id, CardChange::UnsetDefault).await
        }
        Effect::DeleteCard { card_id } => cards::change(inner, card_id, CardChange::Delete).await,
        Effect::BindCard {
            card,
            make_default,
            idempotency_key,
        } => binding::bind(inner, card, make_default, idempotency_key).await,
        Effect::FetchThreeDsPage { deferred_id } => {
            binding::three_ds_page(inner, deferred_id).await
        }
        Effect::CreateOrder {
            merchant_id,
            merchant_store_id,
            purchases,
        } => checkout::create_order(inner, merchant_id, merchant_store_id, purchases).await,
        Effect::Pay {
            source,
            order_id,
            card_id,
            email,
            idempotency_key,
        } => checkout::pay(inner, source, order_id, card_id, email, idempotency_key).await,
        Effect::FindCounterOrder { session_code } => {
            checkout::find_counter_order(inner, session_code).await
        }
        Effect::PayAtCounter { order_id, method } => {
            checkout::pay_at_counter(inner, order_id, method).await
        }
        Effect::SavePending(_) | Effect::Poll { .. } | Effect::StopPolling { .. } => return None,
    })
}

//! The transition function.

mod auth;
mod binding;
mod cards;
mod checkout;
mod restore;

use super::{Action, ActionError, AppState, Effect, Event, Outcome, pending_ops};

/// What the machine knows of the world besides the event: given by the driver.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Now, ms since 1970 on the wallet's clock.
    pub now_ms: i64,
    /// The URL a 3-D Secure page ends on (see the README).
    pub three_ds_return_url: &'a str,
}

/// The next state and what to do.
#[derive(Debug, Clone)]
pub struct Transition {
    /// The next state.
    pub state: AppState,
    /// Effects, in order.
    pub effects: Vec<Effect>,
}

/// A transition being built: the next state and its effects.
pub(super) struct Step {
    pub state: AppState,
    pub effects: Vec<Effect>,
}

impl Step {
    fn new(state: &AppState) -> Self {
        Step {
            state: state.clone(),
            effects: Vec::new(),
        }
    }

    fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }
}

/// The pure transition: `state` + `event` → next state and effects, or a refused action.
///
/// Outcomes never fail: one that no longer matches the state (a late poll of a dismissed
/// binding) is ignored. Whenever the set of pending operations changes, a
/// [`Effect::SavePending`] is put first, so the journal is written before any request leaves.
pub fn update(
    state: &AppState,
    event: Event,
    ctx: &Context<'_>,
) -> Result<Transition, ActionError> {
    let mut step = Step::new(state);
    match event {
        Event::Action(action) => apply_action(&mut step, action, ctx)?,
        Event::Outcome(outcome) => apply_outcome(&mut step, outcome, ctx),
    }
    let before = pending_ops(state);
    let after = pending_ops(&step.state);
    if before != after {
        step.effects.insert(0, Effect::SavePending(after));
    }
    Ok(Transition {
        state: step.state,
        effects: step.effects,
    })
}

fn apply_action(step: &mut Step, action: Action, ctx: &Context<'_>) -> Result<(), ActionError> {
    match action {
        Action::StartSignup { phone } => auth::start_signup(step, phone),
        Action::ResendSms => auth::resend_sms(step, ctx),
        Action::SubmitCode { code } => auth::submit_code(step, code),
        Action::SetPin {
            pin,
            first_name,
            last_name,
        } => auth::set_pin(step, pin, first_name, last_name),
        Action::EnterPin { pin } => auth::enter_pin(step, pin),
        Action::SignOut => auth::sign_out(step),
        Action::RefreshCards => cards::refresh(step),
        Action::SetDefaultCard { card_id } => cards::set_default(step, card_id),
        Action::UnsetDefaultCard { card_id } => cards::unset_default(step, card_id),
        Action::DeleteCard { card_id } => cards::delete(step, card_id),
        Action::BindCard {
            card,
            make_default,
            idempotency_key,
        } => binding::start(step, card, make_default, idempotency_key, ctx),
        Action::ThreeDsReturned => binding::three_ds_finished(step, false),
        Action::ThreeDsClosed => binding::three_ds_finished(step, true),
        Action::DismissBinding => binding::dismiss(step),
        Action::CheckAgain => check_again(step),
        Action::CreateOrder {
            merchant_id,
            merchant_store_id,
            purchases,
        } => checkout::create_order(step, merchant_id, merchant_store_id, purchases),
        Action::Pay {
            card_id,
            email,
            idempotency_key,
        } => checkout::pay(step, card_id, email, idempotency_key, ctx),
        Action::DismissCheckout => checkout::dismiss(step),
        Action::FindCounterOrder { session_code } => {
            checkout::find_counter_order(step, session_code)
        }
        Action::PayAtCounter { method } => checkout::pay_at_counter(step, method),
    }
}

fn apply_outcome(step: &mut Step, outcome: Outcome, ctx: &Context<'_>) {
    match outcome {
        Outcome::Restored {
            phone,
            has_session,
            pending,
        } => restore::restored(step, phone, has_session, pending),
        Outcome::SignupSent(result) => auth::signup_sent(step, result, ctx),
        Outcome::SmsResent(result) => auth::sms_resent(step, result, ctx),
        Outcome::CodeChecked(result) => auth::code_checked(step, result),
        Outcome::PinChecked(result) => auth::pin_checked(step, result),
        Outcome::SessionExpired => auth::session_expired(step),
        Outcome::CardsLoaded(result) => {
            cards::loaded(step, result);
            binding::match_unknown_binding(step);
        }
        Outcome::CardChanged {
            card_id,
            change,
            result,
        } => cards::changed(step, &card_id, change, result),
        Outcome::BindingAccepted(result) => binding::accepted(step, result),
        Outcome::Polled {
            deferred_id,
            status,
            error_message,
            error_code,
        } => {
            binding::polled(
                step,
                &deferred_id,
                &status,
                &error_message,
                &error_code,
                ctx,
            );
            checkout::polled(step, &deferred_id, &status, &error_message, &error_code);
        }
        Outcome::PollDeadline { deferred_id } => {
            binding::deadline(step, &deferred_id);
            checkout::deadline(step, &deferred_id);
        }
        Outcome::ThreeDsPage {
            deferred_id,
            result,
        } => binding::page(step, &deferred_id, result),
        Outcome::OrderCreated(result) => checkout::order_created(step, result),
        Outcome::CounterConfirmed(result) => checkout::counter_confirmed(step, result),
        Outcome::PaymentAccepted(result) => checkout::accepted(step, result),
    }
}

/// "Check again": ask the server about every binding and payment in `Unknown`.
fn check_again(step: &mut Step) -> Result<(), ActionError> {
    let binding = binding::check_again(step);
    let payment = checkout::check_again(step);
    if binding || payment {
        Ok(())
    } else {
        Err(ActionError::NothingToCheck)
    }
}

/// Refuses `action` unless signed in.
fn require_signed_in(step: &Step, action: &'static str) -> Result<(), ActionError> {
    if step.state.auth.is_signed_in() {
        Ok(())
    } else {
        Err(ActionError::NotAllowed {
            action,
            stage: step.state.auth.name(),
        })
    }
}

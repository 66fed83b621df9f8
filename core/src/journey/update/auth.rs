//! Signup, SMS code, PIN setup, device login, PIN login, lock and sign-out.

use super::{Context, Step};
use crate::input::{PersonName, Phone, Pin, SmsCode};
use crate::journey::{
    ActionError, AuthState, CardsState, Effect, LockReason, PinProblem, Problem, ProblemKind,
    SMS_RESEND_INTERVAL_MS,
};

pub(super) fn start_signup(step: &mut Step, phone: Phone) -> Result<(), ActionError> {
    let auth = &step.state.auth;
    match auth {
        AuthState::SignedIn { .. } => {
            return Err(ActionError::NotAllowed {
                action: "start_signup",
                stage: auth.name(),
            });
        }
        AuthState::PhoneEntered {
            submitting: true, ..
        } => {
            return Err(ActionError::AlreadyUnderWay {
                action: "start_signup",
            });
        }
        AuthState::PinSetup {
            submitting: true, ..
        }
        | AuthState::DeviceLogin {
            submitting: true, ..
        }
        | AuthState::Locked {
            submitting: true, ..
        }
        | AuthState::AwaitingCode {
            verifying: true, ..
        } => {
            return Err(ActionError::NotAllowed {
                action: "start_signup",
                stage: auth.name(),
            });
        }
        _ => {}
    }
    step.state.auth = AuthState::PhoneEntered {
        phone: phone.clone(),
        submitting: true,
        problem: None,
    };
    step.effect(Effect::Signup { phone });
    Ok(())
}

pub(super) fn signup_sent(step: &mut Step, result: Result<(), Problem>, ctx: &Context<'_>) {
    let AuthState::PhoneEntered {
        phone,
        submitting: true,
        ..
    } = &step.state.auth
    else {
        return;
    };
    let phone = phone.clone();
    step.state.auth = match result {
        Ok(()) => AuthState::AwaitingCode {
            phone,
            resend_available_at_ms: ctx.now_ms + SMS_RESEND_INTERVAL_MS,
            verifying: false,
            problem: None,
        },
        Err(problem) => AuthState::PhoneEntered {
            phone,
            submitting: false,
            problem: Some(problem),
        },
    };
}

pub(super) fn resend_sms(step: &mut Step, ctx: &Context<'_>) -> Result<(), ActionError> {
    let AuthState::AwaitingCode {
        resend_available_at_ms,
        verifying,
        problem,
        ..
    } = &mut step.state.auth
    else {
        return Err(ActionError::NotAllowed {
            action: "resend_sms",
            stage: step.state.auth.name(),
        });
    };
    if *verifying {
        return Err(ActionError::AlreadyUnderWay {
            action: "submit_code",
        });
    }
    if ctx.now_ms < *resend_available_at_ms {
        let seconds_left = (*resend_available_at_ms - ctx.now_ms + 999) / 1000;
        return Err(ActionError::ResendTooEarly {
            seconds_left: seconds_left as u64,
        });
    }
    *resend_available_at_ms = ctx.now_ms + SMS_RESEND_INTERVAL_MS;
    *problem = None;
    step.effect(Effect::ResendSms);
    Ok(())
}

pub(super) fn sms_resent(step: &mut Step, result: Result<(), Problem>, ctx: &Context<'_>) {
    let AuthState::AwaitingCode {
        resend_available_at_ms,
        problem,
        ..
    } = &mut step.state.auth
    else {
        return;
    };
    if let Err(error) = result {
        if error.kind == ProblemKind::SessionExpired {
            return signup_expired(step, error);
        }
        if let Some(wait) = error.retry_after_s {
            *resend_available_at_ms = ctx.now_ms + wait as i64 * 1000;
        }
        *problem = Some(error);
    }
}

pub(super) fn submit_code(step: &mut Step, code: SmsCode) -> Result<(), ActionError> {
    let AuthState::AwaitingCode {
        verifying, problem, ..
    } = &mut step.state.auth
    else {
        return Err(ActionError::NotAllowed {
            action: "submit_code",
            stage: step.state.auth.name(),
        });
    };
    if *verifying {
        return Err(ActionError::AlreadyUnderWay {
            action: "submit_code",
        });
    }
    *verifying = true;
    *problem = None;
    step.effect(Effect::VerifyCode { code });
    Ok(())
}

pub(super) fn code_checked(step: &mut Step, result: Result<bool, Problem>) {
    let AuthState::AwaitingCode {
        phone,
        verifying: true,
        ..
    } = &step.state.auth
    else {
        return;
    };
    let phone = phone.clone();
    match result {
        Ok(true) => {
            step.state.auth = AuthState::PinSetup {
                phone,
                submitting: false,
                problem: None,
            }
        }
        Ok(false) => {
            step.state.auth = AuthState::DeviceLogin {
                phone,
                submitting: false,
                attempts_left: None,
                problem: None,
            }
        }
        Err(error) if error.kind == ProblemKind::SessionExpired => signup_expired(step, error),
        Err(error) => {
            if let AuthState::AwaitingCode {
                verifying, problem, ..
            } = &mut step.state.auth
            {
                *verifying = false;
                *problem = Some(error);
            }
        }
    }
}

pub(super) fn set_pin(
    step: &mut Step,
    pin: Pin,
    first_name: Option<PersonName>,
    last_name: Option<PersonName>,
) -> Result<(), ActionError> {
    let AuthState::PinSetup {
        submitting,
        problem,
        ..
    } = &mut step.state.auth
    else {
        return Err(ActionError::NotAllowed {
            action: "set_pin",
            stage: step.state.auth.name(),
        });
    };
    if *submitting {
        return Err(ActionError::AlreadyUnderWay { action: "set_pin" });
    }
    *submitting = true;
    *problem = None;
    step.effect(Effect::SetPin {
        pin,
        first_name,
        last_name,
    });
    Ok(())
}

pub(super) fn enter_pin(step: &mut Step, pin: Pin) -> Result<(), ActionError> {
    let effect = match &mut step.state.auth {
        AuthState::DeviceLogin {
            submitting,
            problem,
            ..
        } if !*submitting => {
            *submitting = true;
            *problem = None;
            Effect::DeviceLogin { pin }
        }
        AuthState::Locked {
            phone,
            submitting,
            problem,
            ..
        } if !*submitting => {
            *submitting = true;
            *problem = None;
            Effect::PinLogin {
                phone: phone.clone(),
                pin,
            }
        }
        AuthState::DeviceLogin { .. } | AuthState::Locked { .. } => {
            return Err(ActionError::AlreadyUnderWay {
                action: "enter_pin",
            });
        }
        other => {
            return Err(ActionError::NotAllowed {
                action: "enter_pin",
                stage: other.name(),
            });
        }
    };
    step.effect(effect);
    Ok(())
}

pub(super) fn pin_checked(step: &mut Step, result: Result<(), PinProblem>) {
    // A PIN set up after a verification that answered `new: true` created the user just now.
    let new_user = matches!(step.state.auth, AuthState::PinSetup { .. });
    let phone = match &step.state.auth {
        AuthState::PinSetup {
            phone,
            submitting: true,
            ..
        }
        | AuthState::DeviceLogin {
            phone,
            submitting: true,
            ..
        }
        | AuthState::Locked {
            phone,
            submitting: true,
            ..
        } => phone.clone(),
        _ => return,
    };
    match result {
        Ok(()) => {
            step.state.auth = AuthState::SignedIn { phone };
            if new_user {
                // A user created by this very PIN setup has no card: nothing to load.
                step.state.cards = CardsState::default();
            } else {
                step.state.cards.loading = true;
                step.effect(Effect::LoadCards);
            }
            super::restore::resume_polls(step);
        }
        Err(PinProblem {
            account_locked: true,
            ..
        }) => {
            step.state.auth = AuthState::AccountLocked { phone };
        }
        Err(PinProblem { problem: error, .. })
            if error.kind == ProblemKind::SessionExpired
                && matches!(
                    step.state.auth,
                    AuthState::PinSetup { .. } | AuthState::DeviceLogin { .. }
                ) =>
        {
            signup_expired(step, error);
        }
        Err(PinProblem { problem: error, .. }) => match &mut step.state.auth {
            AuthState::PinSetup {
                submitting,
                problem,
                ..
            } => {
                *submitting = false;
                *problem = Some(error);
            }
            AuthState::DeviceLogin {
                submitting,
                attempts_left,
                problem,
                ..
            }
            | AuthState::Locked {
                submitting,
                attempts_left,
                problem,
                ..
            } => {
                *submitting = false;
                *attempts_left = error.attempts_left.or(*attempts_left);
                *problem = Some(error);
            }
            _ => {}
        },
    }
}

/// The signup token expired before the signup finished (its SMS code, verification or PIN came
/// too late): nothing but a new signup helps, so the journey goes back to the phone, saying why.
fn signup_expired(step: &mut Step, problem: Problem) {
    if let Some(phone) = step.state.auth.phone().cloned() {
        step.state.auth = AuthState::PhoneEntered {
            phone,
            submitting: false,
            problem: Some(problem),
        };
    }
}

pub(super) fn session_expired(step: &mut Step) {
    if let AuthState::SignedIn { phone } = &step.state.auth {
        step.state.auth = AuthState::Locked {
            phone: phone.clone(),
            reason: LockReason::SessionExpired,
            submitting: false,
            attempts_left: None,
            problem: Some(Problem::new(
                ProblemKind::SessionExpired,
                "The session has expired: enter your PIN",
            )),
        };
    }
}

pub(super) fn sign_out(step: &mut Step) -> Result<(), ActionError> {
    if let Some(checkout) = &step.state.checkout {
        use crate::journey::PaymentStage;
        match checkout.stage {
            PaymentStage::Paying { .. } => return Err(ActionError::PaymentInFlight),
            PaymentStage::Unknown { .. } => return Err(ActionError::PaymentInDoubt),
            _ => {}
        }
    }
    if step
        .state
        .binding
        .as_ref()
        .is_some_and(|b| b.stage.is_in_flight())
    {
        return Err(ActionError::BindingInFlight);
    }
    step.state = Default::default();
    step.effect(Effect::ForgetSession);
    Ok(())
}

//! The journey machine under any sequence of events: user actions (valid where the journey is or
//! not) and effect outcomes, matching the state or stale, including answers to the effects the
//! machine itself asked for. Never a panic, and the money rules hold after every event: `paid` only
//! after the server's SUCCESS for that attempt, one key per attempt, the journal saved before any
//! request when it changes, every state serialisable and free of the card, the CVV and the PIN.

#![no_main]

use libfuzzer_sys::fuzz_target;
use swip_core::input::card::{CardInput, YearMonth};
use swip_core::input::{Email, Phone, Pin, SmsCode};
use swip_core::journey::invariants::check_transition;
use swip_core::journey::{
    Action, AppState, CardChange, Context, Event, Outcome, PaymentProblem, PinProblem, Problem,
    ProblemKind, update,
};
use swip_protocol::cards::{PaymentCard, PaymentSystem};
use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{Order, PurchaseRequest};
use swip_protocol::{Amount, Quantity};

const PAN: &str = "4111111111111111";

fn card(id: &str, default: bool) -> PaymentCard {
    PaymentCard {
        id: id.into(),
        card_number: "**** **** **** 1111".into(),
        default_for_payments: default,
        bank_name: "Bank".into(),
        bank_logo: String::new(),
        payment_system: PaymentSystem::Visa,
        created_at: 1,
        blocked: false,
    }
}

fn problem(variant: u8) -> Problem {
    let kinds = [
        ProblemKind::Rejected,
        ProblemKind::RateLimited,
        ProblemKind::Network,
        ProblemKind::Server,
        ProblemKind::Declined,
        ProblemKind::SessionExpired,
        ProblemKind::Other,
    ];
    let mut p = Problem::new(kinds[variant as usize % kinds.len()], "fuzzed");
    if variant & 0x10 != 0 {
        p.retry_after_s = Some(u64::from(variant));
    }
    p
}

fn status(variant: u8) -> DeferredStatus {
    match variant % 6 {
        0 => DeferredStatus::Processing,
        1 => DeferredStatus::Finish3ds,
        2 => DeferredStatus::LoyaltyCalculation,
        3 => DeferredStatus::Success,
        4 => DeferredStatus::Fail,
        _ => serde_json::from_str("\"SOMETHING_NEW\"").unwrap_or(DeferredStatus::Processing),
    }
}

fn id(prefix: &str, variant: u8) -> String {
    format!("{prefix}{}", variant % 3)
}

/// One of three idempotency keys.
fn key(prefix: &str, variant: u8) -> swip_core::api::IdempotencyKey {
    swip_core::api::IdempotencyKey::parse(&id(prefix, variant)).expect("a valid key")
}

/// The event that bytes `(kind, variant)` name.
fn event(kind: u8, v: u8) -> Event {
    let action = |a| Event::Action(a);
    let outcome = |o| Event::Outcome(o);
    match kind % 30 {
        0 => action(Action::StartSignup {
            phone: Phone::parse("79160000000").unwrap(),
        }),
        1 => action(Action::ResendSms),
        2 => action(Action::SubmitCode {
            code: SmsCode::parse("1234").unwrap(),
        }),
        3 => action(Action::SetPin {
            pin: Pin::parse("2580").unwrap(),
            first_name: None,
            last_name: None,
        }),
        4 => action(Action::EnterPin {
            pin: Pin::parse("2580").unwrap(),
        }),
        5 => action(Action::SignOut),
        6 => action(Action::RefreshCards),
        7 => action(Action::BindCard {
            card: CardInput::parse(
                PAN,
                12,
                2030,
                "123",
                "IVAN PETROV",
                YearMonth {
                    year: 2026,
                    month: 1,
                },
            )
            .unwrap(),
            make_default: v & 1 == 1,
            idempotency_key: key("k", v),
        }),
        8 => action(Action::ThreeDsReturned),
        9 => action(Action::ThreeDsClosed),
        10 => action(Action::CheckAgain),
        11 => action(Action::DismissBinding),
        12 => action(Action::SetDefaultCard {
            card_id: id("c", v),
        }),
        13 => action(Action::DeleteCard {
            card_id: id("c", v),
        }),
        14 => action(Action::CreateOrder {
            merchant_id: "m".into(),
            merchant_store_id: "s".into(),
            purchases: vec![PurchaseRequest {
                product_id: "p".into(),
                quantity: Quantity(1.0),
            }],
        }),
        15 => action(Action::Pay {
            card_id: (v & 1 == 1).then(|| id("c", v >> 1)),
            email: Email::parse("a@b.ru").unwrap(),
            idempotency_key: key("p", v),
        }),
        16 => action(Action::DismissCheckout),
        17 => outcome(Outcome::SignupSent(if v & 1 == 0 {
            Ok(())
        } else {
            Err(problem(v))
        })),
        18 => outcome(Outcome::CodeChecked(match v % 3 {
            0 => Ok(true),
            1 => Ok(false),
            _ => Err(problem(v)),
        })),
        19 => outcome(Outcome::PinChecked(if v & 1 == 0 {
            Ok(())
        } else {
            Err(PinProblem {
                problem: problem(v),
                account_locked: v & 2 == 2,
            })
        })),
        20 => outcome(Outcome::SessionExpired),
        21 => outcome(Outcome::CardsLoaded(if v & 1 == 0 {
            Ok(vec![card("c0", true), card("c1", false)])
        } else {
            Err(problem(v))
        })),
        22 => outcome(Outcome::CardChanged {
            card_id: id("c", v),
            change: [
                CardChange::SetDefault,
                CardChange::UnsetDefault,
                CardChange::Delete,
            ][v as usize % 3],
            result: if v & 4 == 0 { Ok(()) } else { Err(problem(v)) },
        }),
        23 => outcome(Outcome::BindingAccepted(if v & 1 == 0 {
            Ok(id("d", v))
        } else {
            Err(problem(v))
        })),
        24 | 25 => outcome(Outcome::Polled {
            deferred_id: id("d", v),
            status: status(v >> 2),
            error_message: String::new(),
            error_code: "19".into(),
        }),
        26 => outcome(Outcome::PollDeadline {
            deferred_id: id("d", v),
        }),
        27 => outcome(Outcome::ThreeDsPage {
            deferred_id: id("d", v),
            result: Ok("<form/>".into()),
        }),
        28 => outcome(Outcome::OrderCreated(if v & 1 == 0 {
            Ok(Box::new(Order {
                id: "o1".into(),
                total: Amount(50000),
                ..Default::default()
            }))
        } else {
            Err(problem(v))
        })),
        _ => outcome(Outcome::PaymentAccepted(match v % 3 {
            0 => Ok(id("d", v >> 2)),
            1 => Err(PaymentProblem {
                problem: problem(v),
                definite: true,
            }),
            _ => Err(PaymentProblem {
                problem: problem(v),
                definite: false,
            }),
        })),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut state = AppState::default();
    let mut now_ms = 1_700_000_000_000i64;
    for pair in data.chunks_exact(2) {
        now_ms += i64::from(pair[1]) * 100;
        let ctx = Context {
            now_ms,
            three_ds_return_url: "http://127.0.0.1:1/ext/3ds-return",
        };
        let event = event(pair[0], pair[1]);
        let Ok(transition) = update(&state, event.clone(), &ctx) else {
            continue; // A refused action changes nothing.
        };
        // The money-safety invariants, shared with the property test.
        if let Err(broken) = check_transition(&state, &event, &transition, &[PAN, "123", "2580"]) {
            panic!("{broken}");
        }
        state = transition.state;
    }
});

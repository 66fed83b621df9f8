//! Property tests of the pure journey machine: random sequences of actions and outcomes, and the
//! invariants that keep money safe.

mod journey_support;

use journey_support::test_card;
use proptest::prelude::*;
use swip_core::input::{Email, Phone, Pin, SmsCode};
use swip_core::journey::invariants::check_transition;
use swip_core::journey::{
    Action, AppState, AuthState, BindingStage, CardChange, Context, CounterPayment, Effect, Event,
    Outcome, PaymentProblem, PaymentStage, PendingOp, PinProblem, Problem, ProblemKind,
    pending_ops, update,
};
use swip_protocol::cards::{PaymentCard, PaymentSystem};
use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{Order, Purchase, PurchaseRequest};
use swip_protocol::{Amount, Quantity};

const RETURN_URL: &str = "http://127.0.0.1:1/ext/3ds-return";
/// The test card's number, CVV and the PIN: never in a state.
const SECRETS: &[&str] = &["4111111111111111", "123", "2580"];

fn card(id: &str, default: bool) -> PaymentCard {
    PaymentCard {
        id: id.into(),
        card_number: format!("**** **** **** 000{}", id.len()),
        default_for_payments: default,
        bank_name: "Bank".into(),
        bank_logo: String::new(),
        payment_system: PaymentSystem::Visa,
        created_at: 1,
        blocked: false,
    }
}

fn order() -> Order {
    Order {
        id: "o1".into(),
        order_number: "1001".into(),
        total: Amount(45000),
        total_original: Amount(50000),
        cashback: Amount(2250),
        purchases: vec![Purchase {
            name: "Coffee".into(),
            quantity: Quantity(2.0),
            price: Amount(25000),
            amount: Amount(45000),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn problem(kind: ProblemKind) -> Problem {
    Problem::new(kind, "test problem")
}

fn status(index: u8) -> DeferredStatus {
    [
        DeferredStatus::Processing,
        DeferredStatus::Finish3ds,
        DeferredStatus::LoyaltyCalculation,
        DeferredStatus::Success,
        DeferredStatus::Fail,
    ][index as usize % 5]
        .clone()
}

/// Every kind of event, with small pools of ids so that outcomes often match the state.
fn event() -> impl Strategy<Value = Event> {
    let key = prop::sample::select(vec!["k1", "k2", "k3"])
        .prop_map(|k| swip_core::api::IdempotencyKey::parse(k).unwrap());
    let deferred = prop::sample::select(vec!["d1", "d2"]).prop_map(String::from);
    prop_oneof![
        Just(Event::Action(Action::StartSignup {
            phone: Phone::parse("79160000000").unwrap()
        })),
        Just(Event::Action(Action::ResendSms)),
        Just(Event::Action(Action::SubmitCode {
            code: SmsCode::parse("1234").unwrap()
        })),
        Just(Event::Action(Action::SetPin {
            pin: Pin::parse("2580").unwrap(),
            first_name: None,
            last_name: None
        })),
        Just(Event::Action(Action::EnterPin {
            pin: Pin::parse("2580").unwrap()
        })),
        Just(Event::Action(Action::SignOut)),
        Just(Event::Action(Action::RefreshCards)),
        (key.clone(), any::<bool>()).prop_map(|(k, d)| Event::Action(Action::BindCard {
            card: test_card(),
            make_default: d,
            idempotency_key: k
        })),
        Just(Event::Action(Action::ThreeDsReturned)),
        Just(Event::Action(Action::ThreeDsClosed)),
        Just(Event::Action(Action::CheckAgain)),
        Just(Event::Action(Action::DismissBinding)),
        Just(Event::Action(Action::SetDefaultCard {
            card_id: "c1".into()
        })),
        Just(Event::Action(Action::DeleteCard {
            card_id: "c2".into()
        })),
        Just(Event::Action(Action::CreateOrder {
            merchant_id: "m".into(),
            merchant_store_id: "s".into(),
            purchases: vec![PurchaseRequest {
                product_id: "p".into(),
                quantity: Quantity(1.0)
            }]
        })),
        (key, prop::option::of(Just("c2".to_string()))).prop_map(|(k, c)| Event::Action(
            Action::Pay {
                card_id: c,
                email: Email::parse("a@b.ru").unwrap(),
                idempotency_key: k
            }
        )),
        Just(Event::Action(Action::DismissCheckout)),
        Just(Event::Action(Action::FindCounterOrder {
            session_code: "4821".into()
        })),
        prop::sample::select(vec![CounterPayment::Cash, CounterPayment::Terminal])
            .prop_map(|method| Event::Action(Action::PayAtCounter { method })),
        any::<bool>().prop_map(|ok| Event::Outcome(Outcome::SignupSent(if ok {
            Ok(())
        } else {
            Err(problem(ProblemKind::RateLimited))
        }))),
        any::<bool>().prop_map(|ok| Event::Outcome(Outcome::SmsResent(if ok {
            Ok(())
        } else {
            Err(problem(ProblemKind::RateLimited))
        }))),
        prop::option::of(any::<bool>()).prop_map(|r| Event::Outcome(Outcome::CodeChecked(
            r.ok_or(problem(ProblemKind::Rejected))
        ))),
        prop::option::of(any::<bool>()).prop_map(|r| Event::Outcome(Outcome::PinChecked(
            match r {
                None => Ok(()),
                Some(locked) => Err(PinProblem {
                    problem: problem(ProblemKind::Rejected),
                    account_locked: locked
                }),
            }
        ))),
        Just(Event::Outcome(Outcome::SessionExpired)),
        Just(Event::Outcome(Outcome::CardsLoaded(Ok(vec![
            card("c1", true),
            card("c2", false)
        ])))),
        (0u8..3, any::<bool>()).prop_map(|(change, ok)| Event::Outcome(Outcome::CardChanged {
            card_id: "c2".into(),
            change: [
                CardChange::SetDefault,
                CardChange::UnsetDefault,
                CardChange::Delete
            ][usize::from(change)],
            result: if ok {
                Ok(())
            } else {
                Err(problem(ProblemKind::Network))
            },
        })),
        (deferred.clone(), any::<bool>()).prop_map(|(d, ok)| Event::Outcome(
            Outcome::BindingAccepted(if ok {
                Ok(d)
            } else {
                Err(problem(ProblemKind::Network))
            })
        )),
        (deferred.clone(), any::<u8>()).prop_map(|(d, s)| Event::Outcome(Outcome::Polled {
            deferred_id: d,
            status: status(s),
            error_message: String::new(),
            error_code: String::new()
        })),
        deferred
            .clone()
            .prop_map(|d| Event::Outcome(Outcome::PollDeadline { deferred_id: d })),
        deferred
            .clone()
            .prop_map(|d| Event::Outcome(Outcome::ThreeDsPage {
                deferred_id: d,
                result: Ok("<html/>".into())
            })),
        any::<bool>().prop_map(|ok| Event::Outcome(Outcome::OrderCreated(if ok {
            Ok(Box::new(order()))
        } else {
            Err(problem(ProblemKind::Rejected))
        }))),
        (deferred, 0u8..3).prop_map(|(d, r)| Event::Outcome(Outcome::PaymentAccepted(match r {
            0 => Ok(d),
            1 => Err(PaymentProblem {
                problem: problem(ProblemKind::Rejected),
                definite: true
            }),
            _ => Err(PaymentProblem {
                problem: problem(ProblemKind::Network),
                definite: false
            }),
        }))),
    ]
}

/// One step of a generated run: a random event, or an answer to an effect the machine asked for.
#[derive(Debug, Clone)]
enum Move {
    /// Any event, matching the state or not.
    Random(Event),
    /// The outcome of one outstanding effect (picked by `pick`), of a kind chosen by `variant`.
    Answer { pick: u8, variant: u8 },
}

fn moves() -> impl Strategy<Value = Move> {
    prop_oneof![
        1 => event().prop_map(Move::Random),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(pick, variant)| Move::Answer { pick, variant }),
    ]
}

/// The outcome the driver could report for `effect`; `None` when the effect reports nothing.
fn answer(effect: &Effect, variant: u8) -> Option<Outcome> {
    let fails = variant % 4 == 0;
    Some(match effect {
        Effect::Signup { .. } => Outcome::SignupSent(if fails {
            Err(problem(ProblemKind::RateLimited))
        } else {
            Ok(())
        }),
        Effect::ResendSms => Outcome::SmsResent(if fails {
            Err(problem(ProblemKind::RateLimited))
        } else {
            Ok(())
        }),
        Effect::VerifyCode { .. } => Outcome::CodeChecked(if fails {
            Err(problem(ProblemKind::Rejected))
        } else {
            Ok(variant % 2 == 1)
        }),
        Effect::SetPin { .. } | Effect::DeviceLogin { .. } | Effect::PinLogin { .. } => {
            Outcome::PinChecked(if fails {
                Err(PinProblem {
                    problem: problem(ProblemKind::Rejected),
                    account_locked: variant % 8 == 0,
                })
            } else {
                Ok(())
            })
        }
        Effect::LoadCards => Outcome::CardsLoaded(Ok(vec![card("c1", true), card("c2", false)])),
        Effect::SetDefaultCard { card_id } => Outcome::CardChanged {
            card_id: card_id.clone(),
            change: CardChange::SetDefault,
            result: Ok(()),
        },
        Effect::UnsetDefaultCard { card_id } => Outcome::CardChanged {
            card_id: card_id.clone(),
            change: CardChange::UnsetDefault,
            result: Ok(()),
        },
        Effect::DeleteCard { card_id } => Outcome::CardChanged {
            card_id: card_id.clone(),
            change: CardChange::Delete,
            result: Ok(()),
        },
        Effect::BindCard { .. } => Outcome::BindingAccepted(match variant % 4 {
            0 => Err(problem(ProblemKind::Network)),
            1 => Err(problem(ProblemKind::Rejected)),
            _ => Ok(format!("bind-{variant}")),
        }),
        Effect::Poll { deferred_id, .. } => {
            if variant % 7 == 0 {
                Outcome::PollDeadline {
                    deferred_id: deferred_id.clone(),
                }
            } else {
                Outcome::Polled {
                    deferred_id: deferred_id.clone(),
                    status: status(variant / 7),
                    error_message: String::new(),
                    error_code: "19".into(),
                }
            }
        }
        Effect::FetchThreeDsPage { deferred_id } => Outcome::ThreeDsPage {
            deferred_id: deferred_id.clone(),
            result: Ok("<html/>".into()),
        },
        Effect::PayAtCounter { .. } => Outcome::CounterConfirmed(if fails {
            Err(problem(ProblemKind::Rejected))
        } else {
            Ok(())
        }),
        Effect::CreateOrder { .. } | Effect::FindCounterOrder { .. } => {
            Outcome::OrderCreated(if fails {
                Err(problem(ProblemKind::Rejected))
            } else {
                Ok(Box::new(order()))
            })
        }
        Effect::Pay { .. } => Outcome::PaymentAccepted(match variant % 4 {
            0 => Err(PaymentProblem {
                problem: problem(ProblemKind::Network),
                definite: false,
            }),
            1 => Err(PaymentProblem {
                problem: problem(ProblemKind::Rejected),
                definite: true,
            }),
            _ => Ok(format!("pay-{variant}")),
        }),
        Effect::SavePending(_) | Effect::ForgetSession | Effect::StopPolling { .. } => return None,
    })
}

fn ctx(now_ms: i64) -> Context<'static> {
    Context {
        now_ms,
        three_ds_return_url: RETURN_URL,
    }
}

/// True when some event moves `state` on (or it is final / at rest waiting for the user).
fn has_way_forward(state: &AppState, now_ms: i64) -> bool {
    let candidates = [
        Event::Action(Action::CheckAgain),
        Event::Action(Action::DismissBinding),
        Event::Action(Action::DismissCheckout),
    ];
    let binding_ok = match &state.binding {
        None => true,
        Some(b) if b.stage.is_final() => true,
        Some(b) => match (&b.stage, &b.deferred_id) {
            (BindingStage::Submitting, None) => true, // the BindingAccepted outcome is owed
            (BindingStage::Unknown, _) => candidates
                .iter()
                .any(|e| update(state, e.clone(), &ctx(now_ms)).is_ok()),
            (_, Some(d)) => {
                let success = Event::Outcome(Outcome::Polled {
                    deferred_id: d.clone(),
                    status: DeferredStatus::Success,
                    error_message: String::new(),
                    error_code: String::new(),
                });
                update(state, success, &ctx(now_ms))
                    .unwrap()
                    .state
                    .binding
                    .unwrap()
                    .stage
                    .is_bound()
            }
            (_, None) => false,
        },
    };
    let checkout_ok = match state.checkout.as_ref().map(|c| &c.stage) {
        Some(PaymentStage::Unknown { .. }) => {
            update(state, Event::Action(Action::CheckAgain), &ctx(now_ms)).is_ok()
        }
        Some(PaymentStage::Paying { attempt, .. }) => match &attempt.deferred_id {
            None => true, // the PaymentAccepted outcome is owed
            Some(d) => {
                let success = Event::Outcome(Outcome::Polled {
                    deferred_id: d.clone(),
                    status: DeferredStatus::Success,
                    error_message: String::new(),
                    error_code: String::new(),
                });
                matches!(
                    update(state, success, &ctx(now_ms))
                        .unwrap()
                        .state
                        .checkout
                        .unwrap()
                        .stage,
                    PaymentStage::Paid { .. }
                )
            }
        },
        _ => true,
    };
    binding_ok && checkout_ok
}

/// How often runs reached paid, unknown, bound and a 3-D Secure challenge: the property is only a
/// real test if they are reached.
static COVERAGE: std::sync::Mutex<[u32; 4]> = std::sync::Mutex::new([0; 4]);

fn record_reached(state: &AppState) {
    {
        let mut counts = COVERAGE.lock().unwrap();
        let stage = state.checkout.as_ref().map(|c| &c.stage);
        counts[0] += u32::from(matches!(stage, Some(PaymentStage::Paid { .. })));
        counts[1] += u32::from(matches!(stage, Some(PaymentStage::Unknown { .. })));
        counts[2] += u32::from(state.binding.as_ref().is_some_and(|b| b.stage.is_bound()));
        counts[3] += u32::from(
            state
                .binding
                .as_ref()
                .is_some_and(|b| matches!(b.stage, BindingStage::ThreeDsChallenge { .. })),
        );
    }
}

#[test]
fn random_runs_reach_paid_unknown_bound_and_three_ds() {
    // Runs the property on its own and checks the generator is not trivially shallow.
    money_invariants_hold_for_any_sequence();
    let counts = *COVERAGE.lock().unwrap();
    assert!(
        counts.iter().all(|&c| c > 0),
        "paid, unknown, bound, 3ds reached: {counts:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn money_invariants_hold_for_any_sequence(signed_in in any::<bool>(), moves in prop::collection::vec(moves(), 1..120)) {
        let mut state = AppState::default();
        if signed_in {
            // Half the runs start signed in with two cards, so payments are reached often.
            state.auth = AuthState::SignedIn { phone: Phone::parse("79160000000").unwrap() };
            state.cards.cards = vec![(&card("c1", true)).into(), (&card("c2", false)).into()];
        }
        let mut now_ms = 1_700_000_000_000i64;
        let mut outstanding: Vec<Effect> = Vec::new();
        for next in moves {
            now_ms += 700;
            let event = match next {
                Move::Random(event) => event,
                Move::Answer { pick, variant } => {
                    outstanding.retain(|e| answer(e, 0).is_some());
                    if outstanding.is_empty() {
                        continue;
                    }
                    let index = pick as usize % outstanding.len();
                    let effect = if matches!(outstanding[index], Effect::Poll { .. }) {
                        outstanding[index].clone() // a poll answers many times
                    } else {
                        outstanding.remove(index)
                    };
                    Event::Outcome(answer(&effect, variant).expect("kept only answerable effects"))
                }
            };
            let before = state.clone();
            let result = update(&before, event.clone(), &ctx(now_ms));
            let Ok(transition) = result else {
                // A refused action changes nothing: `update` only borrowed the state.
                continue;
            };
            // The money-safety invariants, shared with the fuzz target.
            if let Err(broken) = check_transition(&before, &event, &transition, SECRETS) {
                prop_assert!(false, "{broken}");
            }
            let after = transition.state.clone();
            // Every state can move on.
            prop_assert!(has_way_forward(&after, now_ms), "stuck in {after:?}");
            for effect in &transition.effects {
                match effect {
                    Effect::StopPolling { deferred_id } => outstanding.retain(|e| !matches!(e, Effect::Poll { deferred_id: d, .. } if d == deferred_id)),
                    Effect::ForgetSession => outstanding.clear(),
                    other => outstanding.push(other.clone()),
                }
            }
            record_reached(&after);
            state = after;
        }
        let _ = state;
    }
}

#[test]
fn new_user_journey_to_a_paid_order() {
    let mut state = AppState::default();
    let clock = std::cell::Cell::new(1_700_000_000_000i64);
    let step = |state: &mut AppState, event: Event| -> Vec<Effect> {
        clock.set(clock.get() + 1000);
        let t = update(state, event, &ctx(clock.get())).expect("allowed");
        *state = t.state;
        t.effects
    };
    let phone = Phone::parse("79160000000").unwrap();
    assert!(matches!(
        step(&mut state, Event::Action(Action::StartSignup { phone })).as_slice(),
        [Effect::Signup { .. }]
    ));
    step(&mut state, Event::Outcome(Outcome::SignupSent(Ok(()))));
    let AuthState::AwaitingCode {
        resend_available_at_ms,
        ..
    } = &state.auth
    else {
        panic!("{state:?}")
    };
    assert_eq!(*resend_available_at_ms, clock.get() + 60_000);
    let refused = update(
        &state,
        Event::Action(Action::ResendSms),
        &ctx(clock.get() + 1000),
    )
    .unwrap_err();
    assert_eq!(refused.to_string(), "the SMS can be sent again in 59 s");
    step(
        &mut state,
        Event::Action(Action::SubmitCode {
            code: SmsCode::parse("1234").unwrap(),
        }),
    );
    step(&mut state, Event::Outcome(Outcome::CodeChecked(Ok(true))));
    assert!(matches!(state.auth, AuthState::PinSetup { .. }));
    step(
        &mut state,
        Event::Action(Action::SetPin {
            pin: Pin::parse("2580").unwrap(),
            first_name: None,
            last_name: None,
        }),
    );
    let effects = step(&mut state, Event::Outcome(Outcome::PinChecked(Ok(()))));
    assert!(state.auth.is_signed_in());
    assert!(
        effects.is_empty(),
        "a user created just now has no card to load"
    );
    assert!(!state.cards.loading && state.cards.cards.is_empty());
    // (The list as a later load shows it.)
    step(
        &mut state,
        Event::Outcome(Outcome::CardsLoaded(Ok(vec![card("c1", true)]))),
    );

    // Binding with 3-D Secure.
    let effects = step(
        &mut state,
        Event::Action(Action::BindCard {
            card: test_card(),
            make_default: true,
            idempotency_key: swip_core::api::IdempotencyKey::parse("b1").unwrap(),
        }),
    );
    assert!(matches!(
        effects.as_slice(),
        [Effect::SavePending(_), Effect::BindCard { .. }]
    ));
    step(
        &mut state,
        Event::Outcome(Outcome::BindingAccepted(Ok("d1".into()))),
    );
    let poll = |s: DeferredStatus| {
        Event::Outcome(Outcome::Polled {
            deferred_id: "d1".into(),
            status: s,
            error_message: String::new(),
            error_code: String::new(),
        })
    };
    let effects = step(&mut state, poll(DeferredStatus::Finish3ds));
    assert!(matches!(
        effects.as_slice(),
        [Effect::FetchThreeDsPage { .. }]
    ));
    step(
        &mut state,
        Event::Outcome(Outcome::ThreeDsPage {
            deferred_id: "d1".into(),
            result: Ok("<form/>".into()),
        }),
    );
    let BindingStage::ThreeDsChallenge {
        html: Some(_),
        return_url,
    } = &state.binding.as_ref().unwrap().stage
    else {
        panic!()
    };
    assert_eq!(return_url, RETURN_URL);
    step(&mut state, Event::Action(Action::ThreeDsReturned));
    // What the WebView saw decides nothing: still awaiting the server.
    step(&mut state, poll(DeferredStatus::Processing));
    assert_eq!(
        state.binding.as_ref().unwrap().stage,
        BindingStage::AwaitingResult {
            closed_by_user: false
        }
    );
    step(&mut state, poll(DeferredStatus::Success));
    assert_eq!(
        state.binding.as_ref().unwrap().stage,
        BindingStage::Bound { card: None }
    );

    // Order and payment.
    step(
        &mut state,
        Event::Action(Action::CreateOrder {
            merchant_id: "m".into(),
            merchant_store_id: "s".into(),
            purchases: vec![],
        }),
    );
    step(
        &mut state,
        Event::Outcome(Outcome::OrderCreated(Ok(Box::new(order())))),
    );
    let pay = Event::Action(Action::Pay {
        card_id: None,
        email: Email::parse("a@b.ru").unwrap(),
        idempotency_key: swip_core::api::IdempotencyKey::parse("p1").unwrap(),
    });
    let effects = step(&mut state, pay.clone());
    assert!(
        matches!(effects.as_slice(), [Effect::SavePending(ops), Effect::Pay { .. }] if ops.len() == 1)
    );
    assert_eq!(
        update(&state, pay, &ctx(clock.get())).unwrap_err(),
        swip_core::journey::ActionError::PaymentInFlight
    );
    step(
        &mut state,
        Event::Outcome(Outcome::PaymentAccepted(Ok("d2".into()))),
    );
    let poll2 = |s: DeferredStatus| {
        Event::Outcome(Outcome::Polled {
            deferred_id: "d2".into(),
            status: s,
            error_message: String::new(),
            error_code: String::new(),
        })
    };
    step(&mut state, poll2(DeferredStatus::LoyaltyCalculation));
    let checkout = state.checkout.as_ref().unwrap();
    assert!(
        matches!(&checkout.stage, PaymentStage::Paying { server_status: Some(s), .. } if s == "LOYALTY_CALCULATION")
    );
    let effects = step(&mut state, poll2(DeferredStatus::Success));
    assert!(matches!(effects.first(), Some(Effect::SavePending(ops)) if ops.is_empty()));
    let checkout = state.checkout.as_ref().unwrap();
    assert!(matches!(checkout.stage, PaymentStage::Paid { .. }));
    assert_eq!(checkout.order.as_ref().unwrap().cashback, Amount(2250));
}

#[test]
fn a_payment_past_its_deadline_is_unknown_and_check_again_reuses_the_key() {
    let phone = Phone::parse("79160000000").unwrap();
    let state = AppState::default();
    let restored = update(
        &state,
        Event::Outcome(Outcome::Restored {
            phone: Some(phone),
            has_session: true,
            pending: vec![],
        }),
        &ctx(0),
    )
    .unwrap();
    assert!(matches!(restored.state.auth, AuthState::Locked { .. }));
    let mut state = restored.state;
    state.auth = AuthState::SignedIn {
        phone: Phone::parse("79160000000").unwrap(),
    };
    state.cards.cards = vec![(&card("c1", true)).into()];
    let apply = |state: &mut AppState, e| {
        let t = update(state, e, &ctx(0)).unwrap();
        *state = t.state;
        t.effects
    };
    apply(
        &mut state,
        Event::Action(Action::CreateOrder {
            merchant_id: "m".into(),
            merchant_store_id: "s".into(),
            purchases: vec![],
        }),
    );
    apply(
        &mut state,
        Event::Outcome(Outcome::OrderCreated(Ok(Box::new(order())))),
    );
    apply(
        &mut state,
        Event::Action(Action::Pay {
            card_id: None,
            email: Email::parse("a@b.ru").unwrap(),
            idempotency_key: swip_core::api::IdempotencyKey::parse("p1").unwrap(),
        }),
    );
    // The answer to the payment request was lost.
    apply(
        &mut state,
        Event::Outcome(Outcome::PaymentAccepted(Err(PaymentProblem {
            problem: problem(ProblemKind::Network),
            definite: false,
        }))),
    );
    assert!(matches!(
        state.checkout.as_ref().unwrap().stage,
        PaymentStage::Unknown { .. }
    ));
    assert_eq!(
        pending_ops(&state).len(),
        1,
        "an unknown payment stays in the journal"
    );
    let effects = apply(&mut state, Event::Action(Action::CheckAgain));
    assert!(
        matches!(effects.as_slice(), [Effect::Pay { idempotency_key, .. }] if idempotency_key.as_str() == "p1")
    );
    apply(
        &mut state,
        Event::Outcome(Outcome::PaymentAccepted(Ok("d9".into()))),
    );
    apply(
        &mut state,
        Event::Outcome(Outcome::PollDeadline {
            deferred_id: "d9".into(),
        }),
    );
    assert!(
        matches!(
            state.checkout.as_ref().unwrap().stage,
            PaymentStage::Unknown { .. }
        ),
        "never failed without FAIL"
    );
    let effects = apply(&mut state, Event::Action(Action::CheckAgain));
    assert!(
        matches!(effects.as_slice(), [Effect::Poll { deferred_id, .. }] if deferred_id == "d9")
    );
}

#[test]
fn restoring_a_pending_payment_resumes_it() {
    let mut state = AppState {
        auth: AuthState::SignedIn {
            phone: Phone::parse("79160000000").unwrap(),
        },
        ..AppState::default()
    };
    state.cards.cards = vec![(&card("c1", true)).into()];
    for e in [
        Event::Action(Action::CreateOrder {
            merchant_id: "m".into(),
            merchant_store_id: "s".into(),
            purchases: vec![],
        }),
        Event::Outcome(Outcome::OrderCreated(Ok(Box::new(order())))),
        Event::Action(Action::Pay {
            card_id: None,
            email: Email::parse("a@b.ru").unwrap(),
            idempotency_key: swip_core::api::IdempotencyKey::parse("p1").unwrap(),
        }),
        Event::Outcome(Outcome::PaymentAccepted(Ok("d5".into()))),
    ] {
        state = update(&state, e, &ctx(0)).unwrap().state;
    }
    let journal = serde_json::to_string(&pending_ops(&state)).unwrap();
    let pending: Vec<PendingOp> = serde_json::from_str(&journal).unwrap();
    let restored = update(
        &AppState::default(),
        Event::Outcome(Outcome::Restored {
            phone: Some(Phone::parse("79160000000").unwrap()),
            has_session: true,
            pending,
        }),
        &ctx(0),
    )
    .unwrap();
    assert!(matches!(restored.state.auth, AuthState::Locked { .. }));
    assert!(
        matches!(restored.effects.as_slice(), [Effect::SavePending(_), Effect::Poll { deferred_id, .. }] if deferred_id == "d5")
    );
    let paid = update(
        &restored.state,
        Event::Outcome(Outcome::Polled {
            deferred_id: "d5".into(),
            status: DeferredStatus::Success,
            error_message: String::new(),
            error_code: String::new(),
        }),
        &ctx(0),
    )
    .unwrap();
    assert!(matches!(
        paid.state.checkout.unwrap().stage,
        PaymentStage::Paid { .. }
    ));
}

#[test]
fn card_changes_update_the_list_without_loading_it_again() {
    let mut state = AppState {
        auth: AuthState::SignedIn {
            phone: Phone::parse("79160000000").unwrap(),
        },
        ..AppState::default()
    };
    let cards = [card("c1", true), card("c2", false), card("c3", false)];
    state.cards.cards = cards.iter().map(Into::into).collect();
    let step = |state: &mut AppState, event: Event| -> Vec<Effect> {
        let t = update(state, event, &ctx(1_700_000_000_000)).expect("allowed");
        *state = t.state;
        t.effects
    };
    let answered = |card_id: &str, change: CardChange| {
        Event::Outcome(Outcome::CardChanged {
            card_id: card_id.into(),
            change,
            result: Ok(()),
        })
    };
    let defaults = |state: &AppState| -> Vec<bool> {
        state.cards.cards.iter().map(|c| c.is_default).collect()
    };

    let effects = step(
        &mut state,
        Event::Action(Action::SetDefaultCard {
            card_id: "c2".into(),
        }),
    );
    assert!(matches!(effects.as_slice(), [Effect::SetDefaultCard { card_id }] if card_id == "c2"));
    assert!(
        step(&mut state, answered("c2", CardChange::SetDefault)).is_empty(),
        "no reload"
    );
    assert!(!state.cards.loading);
    assert_eq!(defaults(&state), [false, true, false], "one default only");

    step(
        &mut state,
        Event::Action(Action::UnsetDefaultCard {
            card_id: "c2".into(),
        }),
    );
    assert!(step(&mut state, answered("c2", CardChange::UnsetDefault)).is_empty());
    assert_eq!(defaults(&state), [false, false, false], "nothing promoted");

    step(
        &mut state,
        Event::Action(Action::DeleteCard {
            card_id: "c1".into(),
        }),
    );
    assert!(step(&mut state, answered("c1", CardChange::Delete)).is_empty());
    let ids: Vec<&str> = state.cards.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c2", "c3"]);

    // A refused change changes nothing but says why.
    step(
        &mut state,
        Event::Action(Action::DeleteCard {
            card_id: "c2".into(),
        }),
    );
    let refused = Event::Outcome(Outcome::CardChanged {
        card_id: "c2".into(),
        change: CardChange::Delete,
        result: Err(problem(ProblemKind::Rejected)),
    });
    assert!(step(&mut state, refused).is_empty());
    assert_eq!(state.cards.cards.len(), 2);
    assert!(!state.cards.loading && state.cards.problem.is_some());
}

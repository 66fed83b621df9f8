//! Milestones: what changed between two journey states, as one line each. The state is split into
//! facets (auth, binding, cards, checkout); a facet whose description changed is a milestone.
//! Pure: no I/O, so every line can be unit-tested.

use crate::order_number;
use swip_core::journey::{
    AppState, AuthState, BindingStage, CardsState, CheckoutState, CounterPayment, LockReason,
    OrderSource, PaymentStage,
};

/// The lines for `next`, given the state shown before (`None` on the first state).
pub fn changes(previous: Option<&AppState>, next: &AppState) -> Vec<String> {
    let before = previous.map(facets).unwrap_or_default();
    facets(next)
        .into_iter()
        .zip(before.into_iter().chain(std::iter::repeat(None)))
        .filter_map(|(now, then)| now.filter(|line| Some(line) != then.as_ref()))
        .collect()
}

/// One description per facet; `None` where there is nothing to say.
fn facets(state: &AppState) -> Vec<Option<String>> {
    vec![
        Some(auth(&state.auth)),
        state.binding.as_ref().map(|b| binding(&b.last4, &b.stage)),
        cards(&state.cards),
        state.checkout.as_ref().map(checkout),
    ]
}

fn auth(auth: &AuthState) -> String {
    match auth {
        AuthState::SignedOut => "signed out: no user on this device".into(),
        AuthState::PhoneEntered {
            phone,
            problem: Some(p),
            ..
        } => format!("{}: SMS not sent: {p}", phone.masked()),
        AuthState::PhoneEntered { phone, .. } => {
            format!("{}: asking for an SMS code", phone.masked())
        }
        AuthState::AwaitingCode {
            problem: Some(p), ..
        } => format!("SMS code: {p}"),
        AuthState::AwaitingCode {
            verifying: true, ..
        } => "checking the SMS code".into(),
        AuthState::AwaitingCode { phone, .. } => format!("SMS code sent to {}", phone.masked()),
        AuthState::PinSetup {
            problem: Some(p), ..
        } => format!("PIN not set: {p}"),
        AuthState::PinSetup {
            submitting: true, ..
        } => "setting the PIN".into(),
        AuthState::PinSetup { .. } => "code accepted: a new user chooses a PIN".into(),
        AuthState::DeviceLogin {
            problem: Some(p), ..
        }
        | AuthState::Locked {
            problem: Some(p), ..
        } => {
            format!("PIN refused: {p}")
        }
        AuthState::DeviceLogin {
            submitting: true, ..
        }
        | AuthState::Locked {
            submitting: true, ..
        } => "checking the PIN".into(),
        AuthState::DeviceLogin { .. } => "code accepted: a known user enters the PIN".into(),
        AuthState::SignedIn { phone } => format!("signed in as {}", phone.masked()),
        AuthState::Locked {
            reason: LockReason::Restart,
            ..
        } => "session found: the PIN unlocks it".into(),
        AuthState::Locked {
            reason: LockReason::SessionExpired,
            ..
        } => "session expired: the PIN is needed".into(),
        AuthState::AccountLocked { .. } => {
            "account locked after wrong PINs: verify the phone by SMS again".into()
        }
    }
}

fn binding(last4: &str, stage: &BindingStage) -> String {
    let card = format!("card ••{last4}");
    match stage {
        BindingStage::Submitting => format!("{card}: encrypting and sending"),
        BindingStage::Processing => format!("{card}: the bank is checking it"),
        BindingStage::ThreeDsChallenge { html: None, .. } => {
            format!("{card}: 3-D Secure asked for, loading the page")
        }
        BindingStage::ThreeDsChallenge { html: Some(_), .. } => {
            format!("{card}: 3-D Secure page shown")
        }
        BindingStage::AwaitingResult {
            closed_by_user: false,
        } => {
            format!("{card}: 3-D Secure page done, waiting for the bank's answer")
        }
        BindingStage::AwaitingResult {
            closed_by_user: true,
        } => {
            format!("{card}: 3-D Secure page closed, waiting for the bank's answer")
        }
        BindingStage::Bound { .. } => format!("{card}: bound ✓"),
        BindingStage::Failed { problem } => format!("{card}: not bound: {problem}"),
        BindingStage::Unknown => format!("{card}: no final answer by the deadline (check again)"),
    }
}

fn cards(cards: &CardsState) -> Option<String> {
    if let Some(problem) = &cards.problem {
        return Some(format!("cards: {problem}"));
    }
    if cards.loading || cards.cards.is_empty() {
        return None;
    }
    let list: Vec<String> = cards
        .cards
        .iter()
        .map(|c| {
            format!(
                "{} ••{}{}",
                c.payment_system,
                last4(&c.masked_number),
                if c.is_default { " (default)" } else { "" }
            )
        })
        .collect();
    Some(format!("cards: {}", list.join(", ")))
}

fn checkout(checkout: &CheckoutState) -> String {
    let order = checkout.order.as_ref();
    let number = order.map_or_else(String::new, |o| order_number::suffix(&o.order_number));
    match &checkout.stage {
        PaymentStage::CreatingOrder => match &checkout.source {
            OrderSource::Counter { .. } => "looking up the till's order by its session code".into(),
            OrderSource::InApp => "creating the order".into(),
        },
        PaymentStage::OrderRefused { problem } => format!("order refused: {problem}"),
        PaymentStage::Created { problem: Some(p) } => {
            format!("order{number}: payment refused: {p}")
        }
        PaymentStage::Created { problem: None } => match order {
            Some(o) => format!(
                "order{number}: total {} ₽, cashback {} ₽",
                o.total, o.cashback
            ),
            None => format!("order{number} created"),
        },
        PaymentStage::Paying {
            attempt,
            server_status: None,
        } => {
            format!(
                "paying order{number} with ••{}",
                last4(&attempt.card_masked)
            )
        }
        PaymentStage::Paying {
            server_status: Some(status),
            ..
        } => format!("paying order{number}: {status}"),
        PaymentStage::Paid { .. } => format!("order{number} paid ✓"),
        PaymentStage::Failed { problem, .. } => format!("order{number}: payment failed: {problem}"),
        PaymentStage::Unknown { .. } => {
            format!("order{number}: payment outcome unknown (check again)")
        }
        PaymentStage::ConfirmingAtCounter { method } => {
            format!(
                "order{number}: telling the server it is paid {} at the counter",
                counter(*method)
            )
        }
        PaymentStage::AtCounter { method } => {
            format!(
                "order{number}: to be paid {} at the counter",
                counter(*method)
            )
        }
    }
}

fn counter(method: CounterPayment) -> &'static str {
    match method {
        CounterPayment::Cash => "in cash",
        CounterPayment::Terminal => "by card at the terminal",
    }
}

/// The last four characters of a masked number.
pub fn last4(masked: &str) -> &str {
    let start = masked.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
    &masked[start..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use swip_core::input::Phone;
    use swip_core::journey::{BindingState, CardView};

    fn signed_in() -> AppState {
        AppState {
            auth: AuthState::SignedIn {
                phone: Phone::parse("79160000001").unwrap(),
            },
            ..AppState::default()
        }
    }

    #[test]
    fn the_first_state_says_where_the_journey_is() {
        assert_eq!(
            changes(None, &AppState::default()),
            vec!["signed out: no user on this device"]
        );
    }

    #[test]
    fn only_changed_facets_are_milestones() {
        let before = signed_in();
        let mut after = before.clone();
        assert!(changes(Some(&before), &after).is_empty());
        after.binding = Some(BindingState {
            idempotency_key: swip_core::api::IdempotencyKey::parse("k").unwrap(),
            deferred_id: None,
            last4: "0008".into(),
            started_at_ms: 0,
            stage: BindingStage::Processing,
            brand: None,
            cards_before: None,
        });
        assert_eq!(
            changes(Some(&before), &after),
            vec!["card ••0008: the bank is checking it"]
        );
        let mut loaded = after.clone();
        loaded.cards.cards.push(CardView {
            id: "c1".into(),
            masked_number: "**** **** **** 0008".into(),
            payment_system: "МИР".into(),
            bank_name: "Bank".into(),
            is_default: true,
            blocked: false,
            created_at_ms: 0,
        });
        assert_eq!(
            changes(Some(&after), &loaded),
            vec!["cards: МИР ••0008 (default)"]
        );
    }

    #[test]
    fn phones_are_masked() {
        let line = changes(None, &signed_in()).remove(0);
        assert_eq!(line, "signed in as +7 ••• ••• ••-01");
        assert_eq!(last4("**** 1234"), "1234");
        assert_eq!(last4("12"), "12");
    }
}

//! Deferred operations (card binding, payment) and their progress on the sandbox clock.
//!
//! Each stage lasts `processing_delay`; [`Deferred::advance`] replays the transitions that are due
//! at `now`, each at the exact time it happened, so reading late gives the same history as
//! polling every second. [`Schedule`] finds the operations that have a transition due, so that
//! bringing the world up to date costs nothing for the operations that are finished or waiting.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use swip_protocol::Amount;
use swip_protocol::deferred::{DeferredStatus, DeferredStatusResponse};

use super::accounts::User;
use super::cards::{Card, binding_hold};
use super::orders::{OrderRecord, OrderState};
use crate::control::{CardBehavior, Charge, ChargeKind, ThreeDsOutcome};

/// `errorCode` of a bank refusal.
pub const BANK_ERROR_CODE: &str = "19";

/// A deferred operation, polled through `GET /deferred-results/{id}/status`.
#[derive(Debug, Clone)]
pub struct Deferred {
    /// The deferred id.
    pub id: String,
    /// The user who started it; nobody else can see it.
    pub owner: String,
    /// What it is and where it is.
    pub kind: DeferredKind,
}

/// The two kinds of deferred operation.
#[derive(Debug, Clone)]
pub enum DeferredKind {
    /// `POST /payment-cards`.
    Binding(Binding),
    /// `POST /orders/{id}/payments`.
    Payment(Payment),
}

/// A card binding in progress.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The card it will add (its id is chosen up front).
    pub card: Card,
    /// `addAsDefault` of the request.
    pub add_as_default: bool,
    /// Where it is.
    pub stage: BindingStage,
}

/// Stages of a binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingStage {
    /// PROCESSING until the given time.
    Processing {
        /// When the bank answers.
        until: i64,
    },
    /// FINISH_3DS: waiting for the cardholder.
    AwaitingChallenge,
    /// PROCESSING after the challenge, until the given time.
    Verifying {
        /// When the verification ends.
        until: i64,
        /// How the challenge ended.
        outcome: ThreeDsOutcome,
    },
    /// PROCESSING forever.
    Stuck,
    /// SUCCESS: the card is in the user's list.
    Succeeded,
    /// FAIL.
    Failed {
        /// `errorMessage`.
        message: String,
    },
}

/// A payment in progress.
#[derive(Debug, Clone)]
pub struct Payment {
    /// The order paid.
    pub order_id: String,
    /// The card charged.
    pub card_id: String,
    /// How the card behaves.
    pub behavior: CardBehavior,
    /// The amount to charge.
    pub amount: Amount,
    /// Where it is.
    pub stage: PaymentStage,
}

/// Stages of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentStage {
    /// PROCESSING until the given time.
    Processing {
        /// When loyalty calculation starts.
        until: i64,
    },
    /// LOYALTY_CALCULATION until the given time.
    LoyaltyCalculation {
        /// When the payment ends.
        until: i64,
    },
    /// PROCESSING forever.
    Stuck,
    /// SUCCESS: charged once.
    Succeeded,
    /// FAIL.
    Failed {
        /// `errorMessage`.
        message: String,
    },
}

/// Which deferred operations [`SandboxState::settle`](super::SandboxState::settle) must advance,
/// by the time of their next transition.
///
/// Operations are only ever appended to the world's list: the schedule takes up the new ones at
/// each settle. After that, a stage changes with time only in [`Deferred::advance`], which the
/// schedule drives. **Code that gives an operation a new due time otherwise** (3-D Secure
/// completed: FINISH_3DS becomes PROCESSING until a time) must call [`Schedule::wake`]; debug
/// builds check after every settle that nothing due was left behind. Settling once cost a pass
/// over every operation ever made (at 10,000 concurrent journeys, 30,000 of them under the state
/// lock for every request); it now costs the transitions that are due.
#[derive(Debug, Default)]
pub struct Schedule {
    /// `(due time, index)`, soonest first. An entry whose operation has moved on since it was
    /// pushed is dropped when it comes up.
    due: BinaryHeap<Reverse<(i64, usize)>>,
    /// How many operations of the list the schedule has taken up.
    seen: usize,
}

impl Schedule {
    /// Applies every transition due at `now` to `operations`, as [`Deferred::advance`] of each
    /// would, in the order they fell due.
    pub fn settle(
        &mut self,
        operations: &mut [Deferred],
        now: i64,
        delay: i64,
        users: &mut HashMap<String, User>,
        orders: &mut HashMap<String, OrderRecord>,
        charges: &mut Vec<Charge>,
    ) {
        for (index, operation) in operations.iter().enumerate().skip(self.seen) {
            if let Some(at) = operation.next_due() {
                self.due.push(Reverse((at, index)));
            }
        }
        self.seen = operations.len();
        while let Some(&Reverse((at, index))) = self.due.peek() {
            if at > now {
                break;
            }
            self.due.pop();
            let Some(operation) = operations.get_mut(index) else {
                continue;
            };
            if operation.next_due() != Some(at) {
                continue; // moved on since: its current due time has an entry of its own
            }
            operation.advance(now, delay, users, orders, charges);
            if let Some(next) = operation.next_due() {
                self.due.push(Reverse((next, index)));
            }
        }
        debug_assert!(
            operations
                .iter()
                .all(|operation| operation.next_due().is_none_or(|at| at > now)),
            "a deferred operation fell due unscheduled: a new due time needs Schedule::wake"
        );
    }

    /// Schedules operation `index`, whose stage was just given the due time `at` outside
    /// [`Deferred::advance`].
    pub fn wake(&mut self, index: usize, at: i64) {
        self.due.push(Reverse((at, index)));
    }
}

impl Deferred {
    /// When the next transition of this operation falls due; `None` when none comes with time
    /// alone (finished, waiting for 3-D Secure, processing forever).
    pub fn next_due(&self) -> Option<i64> {
        match &self.kind {
            DeferredKind::Binding(binding) => match &binding.stage {
                BindingStage::Processing { until } | BindingStage::Verifying { until, .. } => {
                    Some(*until)
                }
                BindingStage::AwaitingChallenge
                | BindingStage::Stuck
                | BindingStage::Succeeded
                | BindingStage::Failed { .. } => None,
            },
            DeferredKind::Payment(payment) => match &payment.stage {
                PaymentStage::Processing { until } | PaymentStage::LoyaltyCalculation { until } => {
                    Some(*until)
                }
                PaymentStage::Stuck | PaymentStage::Succeeded | PaymentStage::Failed { .. } => None,
            },
        }
    }

    /// True once SUCCESS or FAIL: nothing changes it any more.
    pub fn is_final(&self) -> bool {
        match &self.kind {
            DeferredKind::Binding(binding) => matches!(
                binding.stage,
                BindingStage::Succeeded | BindingStage::Failed { .. }
            ),
            DeferredKind::Payment(payment) => matches!(
                payment.stage,
                PaymentStage::Succeeded | PaymentStage::Failed { .. }
            ),
        }
    }

    /// The status answer as of the last [`Deferred::advance`].
    pub fn status(&self) -> DeferredStatusResponse {
        let (status, failure) = match &self.kind {
            DeferredKind::Binding(binding) => match &binding.stage {
                BindingStage::Processing { .. }
                | BindingStage::Verifying { .. }
                | BindingStage::Stuck => (DeferredStatus::Processing, None),
                BindingStage::AwaitingChallenge => (DeferredStatus::Finish3ds, None),
                BindingStage::Succeeded => (DeferredStatus::Success, None),
                BindingStage::Failed { message } => (DeferredStatus::Fail, Some(message.clone())),
            },
            DeferredKind::Payment(payment) => match &payment.stage {
                PaymentStage::Processing { .. } | PaymentStage::Stuck => {
                    (DeferredStatus::Processing, None)
                }
                PaymentStage::LoyaltyCalculation { .. } => {
                    (DeferredStatus::LoyaltyCalculation, None)
                }
                PaymentStage::Succeeded => (DeferredStatus::Success, None),
                PaymentStage::Failed { message } => (DeferredStatus::Fail, Some(message.clone())),
            },
        };
        match failure {
            Some(message) => DeferredStatusResponse {
                status,
                error_code: BANK_ERROR_CODE.to_owned(),
                error_message: message,
            },
            None => DeferredStatusResponse {
                status,
                error_code: String::new(),
                error_message: String::new(),
            },
        }
    }

    /// Applies every transition due at `now`. A binding that succeeds adds its card to its owner;
    /// a payment that succeeds records exactly one charge and marks its order paid.
    pub fn advance(
        &mut self,
        now: i64,
        delay: i64,
        users: &mut HashMap<String, User>,
        orders: &mut HashMap<String, OrderRecord>,
        charges: &mut Vec<Charge>,
    ) {
        match &mut self.kind {
            DeferredKind::Binding(binding) => {
                advance_binding(binding, &self.id, &self.owner, now, users, charges)
            }
            DeferredKind::Payment(payment) => {
                advance_payment(payment, &self.id, now, delay, orders, charges)
            }
        }
    }
}

fn advance_binding(
    binding: &mut Binding,
    deferred_id: &str,
    owner: &str,
    now: i64,
    users: &mut HashMap<String, User>,
    charges: &mut Vec<Charge>,
) {
    loop {
        match binding.stage.clone() {
            BindingStage::Processing { until } if now >= until => {
                binding.stage = match binding.card.behavior {
                    CardBehavior::ThreeDs => BindingStage::AwaitingChallenge,
                    CardBehavior::Decline => BindingStage::Failed {
                        message: "The bank declined the card".into(),
                    },
                    CardBehavior::ProcessingForever => BindingStage::Stuck,
                    _ => add_card(binding, owner, until, users),
                };
            }
            BindingStage::Verifying { until, outcome } if now >= until => {
                if outcome == ThreeDsOutcome::Pass {
                    // The bank gives back the 1 rouble held when the code was entered.
                    charges.push(binding_hold(
                        ChargeKind::Release,
                        &binding.card.id,
                        deferred_id,
                        until,
                    ));
                }
                binding.stage = match outcome {
                    ThreeDsOutcome::Pass => add_card(binding, owner, until, users),
                    ThreeDsOutcome::Fail => BindingStage::Failed {
                        message: "3-D Secure authentication failed".into(),
                    },
                };
            }
            _ => return,
        }
    }
}

fn add_card(
    binding: &Binding,
    owner: &str,
    at: i64,
    users: &mut HashMap<String, User>,
) -> BindingStage {
    let Some(user) = users.get_mut(owner) else {
        return BindingStage::Failed {
            message: "The user no longer exists".into(),
        };
    };
    let mut card = binding.card.clone();
    card.created_at = at;
    if binding.add_as_default || user.cards.is_empty() {
        user.default_card = Some(card.id.clone());
    }
    user.cards.push(card);
    BindingStage::Succeeded
}

fn advance_payment(
    payment: &mut Payment,
    deferred_id: &str,
    now: i64,
    delay: i64,
    orders: &mut HashMap<String, OrderRecord>,
    charges: &mut Vec<Charge>,
) {
    loop {
        match payment.stage.clone() {
            PaymentStage::Processing { until } if now >= until => {
                payment.stage = PaymentStage::LoyaltyCalculation {
                    until: until + delay,
                };
            }
            PaymentStage::LoyaltyCalculation { until } if now >= until => {
                let order = orders.get_mut(&payment.order_id);
                if payment.behavior == CardBehavior::PaymentDecline {
                    if let Some(order) = order {
                        order.set_state(OrderState::New);
                    }
                    payment.stage = PaymentStage::Failed {
                        message: "The bank declined the payment".into(),
                    };
                } else {
                    if let Some(order) = order {
                        order.set_state(OrderState::Paid);
                    }
                    charges.push(Charge {
                        kind: ChargeKind::Payment,
                        order_id: payment.order_id.clone(),
                        amount: payment.amount,
                        payment_card_id: payment.card_id.clone(),
                        deferred_id: deferred_id.to_owned(),
                        charged_at: until,
                    });
                    payment.stage = PaymentStage::Succeeded;
                }
            }
            _ => return,
        }
    }
}

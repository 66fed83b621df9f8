//! Deferred operations (card binding, payment) and their progress on the sandbox clock.
//!
//! Each stage lasts `processing_delay`; [`Deferred::advance`] replays the transitions that are due
//! at `now`, each at the exact time it happened, so reading late gives the same history as
//! polling every second.

use std::collections::HashMap;

use swip_protocol::Amount;
use swip_protocol::deferred::{DeferredStatus, DeferredStatusResponse};

use super::accounts::User;
use super::cards::Card;
use super::orders::{OrderRecord, OrderState};
use crate::control::{CardBehavior, Charge, ThreeDsOutcome};

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

impl Deferred {
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
            DeferredKind::Binding(binding) => advance_binding(binding, &self.owner, now, users),
            DeferredKind::Payment(payment) => {
                advance_payment(payment, &self.id, now, delay, orders, charges)
            }
        }
    }
}

fn advance_binding(
    binding: &mut Binding,
    owner: &str,
    now: i64,
    users: &mut HashMap<String, User>,
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

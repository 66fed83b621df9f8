//! Cards: binding through a cryptogram, the card list, the default card, deletion, 3-D Secure.

use axum::http::StatusCode;
use ring::digest;
use swip_protocol::ErrorCode;
use swip_protocol::cards::{PaymentCard, PaymentSystem};
use swip_protocol::deferred::{DeferredResponse, DeferredStatusResponse};

use super::SandboxState;
use super::deferred::{Binding, BindingStage, Deferred, DeferredKind};
use super::idempotency::IdempotencyScope;
use crate::control::{CardBehavior, Charge, ChargeKind, ThreeDsError, ThreeDsOutcome};
use crate::error::{ApiError, ApiResult};
use crate::test_cards::{bank_for, behavior_of, payment_system_of};

/// A bound card. The number itself is not kept: only its digest (to refuse duplicates) and last four digits.
#[derive(Debug, Clone)]
pub struct Card {
    /// The card's id in SWiP.
    pub id: String,
    /// SHA-256 of the card number.
    pub pan_digest: Vec<u8>,
    /// The last four digits.
    pub last4: String,
    /// The payment system.
    pub payment_system: PaymentSystem,
    /// `bankName`.
    pub bank_name: String,
    /// `bankLogo`.
    pub bank_logo: String,
    /// The cardholder.
    pub holder: String,
    /// When binding completed, ms on the sandbox clock.
    pub created_at: i64,
    /// `blocked`.
    pub blocked: bool,
    /// How the card behaves in the sandbox.
    pub behavior: CardBehavior,
}

impl Card {
    /// The card as `GET /payment-cards` shows it.
    pub fn to_wire(&self, default_card: Option<&str>) -> PaymentCard {
        PaymentCard {
            id: self.id.clone(),
            card_number: format!("**** **** **** {}", self.last4),
            default_for_payments: default_card == Some(self.id.as_str()),
            bank_name: self.bank_name.clone(),
            bank_logo: self.bank_logo.clone(),
            payment_system: self.payment_system.clone(),
            created_at: self.created_at,
            blocked: self.blocked,
        }
    }
}

/// The validated parts of `POST /payment-cards`.
#[derive(Debug)]
pub struct BindRequest<'a> {
    /// `addAsDefault`.
    pub add_as_default: bool,
    /// `holder`.
    pub holder: &'a str,
    /// `cryptogram`.
    pub cryptogram: &'a str,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<&'a str>,
}

fn pan_digest(pan: &str) -> Vec<u8> {
    digest::digest(&digest::SHA256, pan.as_bytes())
        .as_ref()
        .to_vec()
}

impl SandboxState {
    /// `POST /payment-cards`: opens the cryptogram and starts a binding.
    pub fn bind_card(
        &mut self,
        user_id: &str,
        request: &BindRequest<'_>,
        now_ms: i64,
    ) -> ApiResult<DeferredResponse> {
        let scope = IdempotencyScope::new(user_id, "POST /payment-cards", request.idempotency_key);
        if let Some(answer) = self.world.idempotency.answer::<DeferredResponse>(&scope) {
            return Ok(answer);
        }
        let card = self
            .key
            .open(request.cryptogram, now_ms)
            .and_then(|card| self.world.nonces.record(&card, now_ms).map(|()| card))
            .map_err(|refusal| {
                ApiError::field("BindCardRequest", "cryptogram", refusal.message())
            })?;
        let pan = card.pan.expose();
        let digest = pan_digest(pan);
        let user = self.user(user_id)?;
        let world = &self.world;
        let mine = world
            .deferred_by_owner
            .get(user_id)
            .map_or(&[][..], Vec::as_slice);
        let in_flight = mine.iter().filter_map(|&i| world.deferred.get(i)).any(|operation| {
            operation.owner == user_id
                && matches!(&operation.kind, DeferredKind::Binding(binding)
                    if binding.card.pan_digest == digest
                        && !matches!(binding.stage, BindingStage::Succeeded | BindingStage::Failed { .. }))
        });
        if in_flight || user.cards.iter().any(|c| c.pan_digest == digest) {
            return Err(ApiError::bad_request(
                ErrorCode::Duplicate,
                "this card is already bound or being bound",
            ));
        }
        let bank = bank_for(pan);
        let behavior = behavior_of(pan);
        let draft = Card {
            id: self.rng.uuid(),
            pan_digest: digest,
            last4: pan[pan.len().saturating_sub(4)..].to_owned(),
            payment_system: payment_system_of(pan),
            bank_name: bank.name.to_owned(),
            bank_logo: bank.logo.to_owned(),
            holder: request.holder.to_owned(),
            created_at: now_ms,
            blocked: false,
            behavior,
        };
        let stage = if behavior == CardBehavior::ProcessingForever {
            BindingStage::Stuck
        } else {
            BindingStage::Processing {
                until: now_ms + self.processing_delay_ms,
            }
        };
        let id = self.rng.uuid();
        self.push_deferred(Deferred {
            id: id.clone(),
            owner: user_id.to_owned(),
            kind: DeferredKind::Binding(Binding {
                card: draft,
                add_as_default: request.add_as_default,
                stage,
            }),
        });
        let answer = DeferredResponse { deferred_id: id };
        self.world.idempotency.remember(scope, &answer);
        Ok(answer)
    }

    /// `GET /payment-cards`.
    pub fn cards(&self, user_id: &str) -> ApiResult<Vec<PaymentCard>> {
        let user = self.user(user_id)?;
        Ok(user
            .cards
            .iter()
            .map(|card| card.to_wire(user.default_card.as_deref()))
            .collect())
    }

    /// `POST /payment-cards/{id}/actions/set-as-default`.
    pub fn set_default_card(&mut self, user_id: &str, card_id: &str) -> ApiResult<()> {
        let user = self.user_mut(user_id)?;
        if !user.cards.iter().any(|card| card.id == card_id) {
            return Err(ApiError::not_found("no such card"));
        }
        user.default_card = Some(card_id.to_owned());
        Ok(())
    }

    /// `POST /payment-cards/{id}/actions/unset-as-default`: the user then has no default card.
    pub fn unset_default_card(&mut self, user_id: &str, card_id: &str) -> ApiResult<()> {
        let user = self.user_mut(user_id)?;
        if !user.cards.iter().any(|card| card.id == card_id) {
            return Err(ApiError::not_found("no such card"));
        }
        if user.default_card.as_deref() == Some(card_id) {
            user.default_card = None;
        }
        Ok(())
    }

    /// `DELETE /payment-cards/{id}`. Deleting the default card leaves no default.
    pub fn delete_card(&mut self, user_id: &str, card_id: &str) -> ApiResult<()> {
        let user = self.user_mut(user_id)?;
        let before = user.cards.len();
        user.cards.retain(|card| card.id != card_id);
        if user.cards.len() == before {
            return Err(ApiError::not_found("no such card"));
        }
        if user.default_card.as_deref() == Some(card_id) {
            user.default_card = None;
        }
        Ok(())
    }

    /// `GET /deferred-results/{id}/status` for its owner.
    pub fn deferred_status(
        &self,
        user_id: &str,
        deferred_id: &str,
    ) -> ApiResult<DeferredStatusResponse> {
        self.deferred(deferred_id)
            .filter(|operation| operation.owner == user_id)
            .map(Deferred::status)
            .ok_or_else(|| ApiError::not_found("no such deferred operation"))
    }

    /// Checks that `deferred_id` is a binding of `user_id` waiting for 3-D Secure.
    pub fn pending_challenge(&self, user_id: &str, deferred_id: &str) -> ApiResult<()> {
        let operation = self
            .deferred(deferred_id)
            .filter(|operation| operation.owner == user_id)
            .ok_or_else(|| ApiError::not_found("no such deferred operation"))?;
        match &operation.kind {
            DeferredKind::Binding(binding) if binding.stage == BindingStage::AwaitingChallenge => {
                Ok(())
            }
            DeferredKind::Binding(_) => Err(ApiError::bad_request(
                ErrorCode::IllegalState,
                "this binding is not waiting for 3-D Secure (status is not FINISH_3DS)",
            )),
            DeferredKind::Payment(_) => Err(ApiError::not_found("no card binding has this id")),
        }
    }

    /// True when `deferred_id` is a binding waiting for 3-D Secure (for the bank page, no owner).
    pub fn awaits_challenge(&self, deferred_id: &str) -> bool {
        matches!(self.deferred(deferred_id).map(|operation| &operation.kind),
            Some(DeferredKind::Binding(binding)) if binding.stage == BindingStage::AwaitingChallenge)
    }

    /// Ends a 3-D Secure challenge: the binding is PROCESSING for another delay, then SUCCESS or FAIL.
    pub fn complete_challenge(
        &mut self,
        deferred_id: &str,
        outcome: ThreeDsOutcome,
        now_ms: i64,
    ) -> Result<(), ThreeDsError> {
        let delay = self.processing_delay_ms;
        let index = *self
            .world
            .deferred_index
            .get(deferred_id)
            .ok_or(ThreeDsError::UnknownDeferred)?;
        let operation = self
            .world
            .deferred
            .get_mut(index)
            .ok_or(ThreeDsError::UnknownDeferred)?;
        match &mut operation.kind {
            DeferredKind::Binding(binding) if binding.stage == BindingStage::AwaitingChallenge => {
                binding.stage = BindingStage::Verifying {
                    until: now_ms + delay,
                    outcome,
                };
                if outcome == ThreeDsOutcome::Pass {
                    // Seed 001: once the code is entered, 1 rouble is held on the card; it is
                    // released when the binding ends (see `advance_binding`).
                    self.world.charges.push(binding_hold(
                        ChargeKind::Hold,
                        &binding.card.id,
                        deferred_id,
                        now_ms,
                    ));
                }
                self.world.schedule.wake(index, now_ms + delay);
                Ok(())
            }
            DeferredKind::Binding(_) => Err(ThreeDsError::NotAwaitingChallenge),
            DeferredKind::Payment(_) => Err(ThreeDsError::UnknownDeferred),
        }
    }

    /// A deferred operation by id.
    pub fn deferred(&self, deferred_id: &str) -> Option<&Deferred> {
        self.world
            .deferred_index
            .get(deferred_id)
            .and_then(|&index| self.world.deferred.get(index))
    }

    /// Stores a new deferred operation.
    pub fn push_deferred(&mut self, operation: Deferred) {
        let index = self.world.deferred.len();
        self.world
            .deferred_index
            .insert(operation.id.clone(), index);
        self.world
            .deferred_by_owner
            .entry(operation.owner.clone())
            .or_default()
            .push(index);
        self.world.deferred.push(operation);
    }
}

/// The HTTP error for a [`ThreeDsError`].
pub fn three_ds_error(error: ThreeDsError) -> ApiError {
    match error {
        ThreeDsError::UnknownDeferred => {
            ApiError::not_found("no card binding has this deferred id")
        }
        ThreeDsError::NotAwaitingChallenge => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::IllegalState,
            "the binding is not waiting for 3-D Secure (status is not FINISH_3DS)",
        ),
    }
}

/// The 1 rouble a 3-D Secure binding holds on `card_id` (`ChargeKind::Hold`) or gives back
/// (`ChargeKind::Release`), at `at`.
pub fn binding_hold(kind: ChargeKind, card_id: &str, deferred_id: &str, at: i64) -> Charge {
    Charge {
        kind,
        order_id: String::new(),
        amount: BINDING_HOLD,
        payment_card_id: card_id.to_owned(),
        deferred_id: deferred_id.to_owned(),
        charged_at: at,
    }
}

/// What a 3-D Secure binding holds on the card: 1 rouble (seed 001).
pub const BINDING_HOLD: swip_protocol::Amount = swip_protocol::Amount::from_kopecks(100);

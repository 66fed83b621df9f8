//! Everything the sandbox remembers, behind one mutex held only for short, non-async sections.
//!
//! [`crate::shared::Shared::with_state`] locks it, [`SandboxState::settle`]s every deferred operation
//! up to the sandbox clock (lazy progress: no background timers), then lets the caller read or change
//! the world atomically, so two concurrent requests can never both see an order as payable.

pub mod accounts;
pub mod app_pos;
pub mod cards;
pub mod deferred;
pub mod idempotency;
pub mod merchant;
pub mod merchant_campaigns;
pub mod merchant_store;
pub mod merchant_summary;
pub mod orders;
pub mod pos_demo;
pub mod pos_loyalty;
pub mod pos_ops;
pub mod pos_order;
pub mod pos_settle;

use std::collections::HashMap;
use std::time::Duration;

use crate::control::{Charge, SmsRecord};
use crate::cryptogram::{CryptogramKey, NonceBook};
use crate::jwt::{Claims, JwtSigner, TokenScope};
use crate::random::RandomSource;

use accounts::{Signup, User};
use deferred::Deferred;
use idempotency::IdempotencyBook;
use orders::OrderRecord;

/// Seconds a token lives (`tokenRefreshPeriod`).
pub const TOKEN_TTL_S: u64 = 3600;
/// Seconds a refresh token lives (`refreshPeriod`).
pub const REFRESH_TTL_S: u64 = 30 * 24 * 3600;

/// The state behind the sandbox's mutex: what survives a reset (keys, the token secret, the
/// random stream) and the world that does not.
#[derive(Debug)]
pub struct SandboxState {
    /// Ids, codes, keys.
    pub rng: RandomSource,
    /// Signs and checks tokens.
    pub jwt: JwtSigner,
    /// The current cryptogram key.
    pub key: CryptogramKey,
    /// How long a deferred operation stays in each stage.
    pub processing_delay_ms: i64,
    /// Users, cards, orders, payments: everything `reset` forgets.
    pub world: World,
}

/// Everything a reset forgets.
#[derive(Debug, Default)]
pub struct World {
    /// Ongoing signups by phone.
    pub signups: HashMap<String, Signup>,
    /// The latest SMS by phone.
    pub sms: HashMap<String, SmsRecord>,
    /// Users by id.
    pub users: HashMap<String, User>,
    /// User ids by phone.
    pub user_by_phone: HashMap<String, String>,
    /// Deferred operations in creation order.
    pub deferred: Vec<Deferred>,
    /// Index of `deferred` by id.
    pub deferred_index: HashMap<String, usize>,
    /// Indices of `deferred` by owner (user id), in creation order.
    pub deferred_by_owner: HashMap<String, Vec<usize>>,
    /// Which of `deferred` have a transition to come, and when.
    pub schedule: deferred::Schedule,
    /// Orders by id.
    pub orders: HashMap<String, OrderRecord>,
    /// Every charge, in order.
    pub charges: Vec<Charge>,
    /// Answers kept for `Idempotency-Key`.
    pub idempotency: IdempotencyBook,
    /// Nonces of accepted cryptograms.
    pub nonces: NonceBook,
    /// The last order number given.
    pub last_order_number: u64,
    /// Merchant users, merchants, legal persons, stores and campaigns (merchant API).
    pub merchants: merchant::MerchantBook,
    /// POS orders and their money movements (POS API).
    pub pos: pos_order::PosBook,
}

impl SandboxState {
    /// A fresh state: keys and the token secret from `seed` (or the system's randomness).
    pub fn new(seed: Option<u64>, processing_delay: Duration) -> Self {
        let mut rng = RandomSource::new(seed);
        let jwt = JwtSigner::new(&rng.key32());
        let key = CryptogramKey::new(&mut rng);
        Self {
            rng,
            jwt,
            key,
            processing_delay_ms: i64::try_from(processing_delay.as_millis())
                .unwrap_or(i64::MAX / 4),
            world: World::default(),
        }
    }

    /// Brings every deferred operation up to `now_ms`; call before reading or changing anything.
    pub fn settle(&mut self, now_ms: i64) {
        let delay = self.processing_delay_ms;
        let World {
            deferred,
            users,
            orders,
            charges,
            schedule,
            ..
        } = &mut self.world;
        schedule.settle(deferred, now_ms, delay, users, orders, charges);
        self.settle_pos(now_ms);
    }

    /// Forgets users, cards, orders, payments, SMS, idempotency answers and seen nonces.
    /// Keys, the token secret and the clock stay.
    pub fn reset(&mut self) {
        self.world = World::default();
    }

    /// A signed token of `scope` for `sub`, valid `ttl_s` from `now_ms`.
    pub fn issue_token(
        &mut self,
        scope: TokenScope,
        sub: &str,
        device: Option<&str>,
        sid: Option<&str>,
        now_ms: i64,
        ttl_s: u64,
    ) -> String {
        let iat = now_ms.div_euclid(1000);
        let claims = Claims {
            sub: sub.to_owned(),
            scope,
            device: device.map(str::to_owned),
            sid: sid.map(str::to_owned),
            iat,
            exp: iat.saturating_add(i64::try_from(ttl_s).unwrap_or(i64::MAX / 4)),
            jti: self.rng.uuid(),
        };
        self.jwt.issue(&claims)
    }
}

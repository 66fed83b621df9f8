//! What every request handler and every direct control shares: the clock, the state and its
//! mutex, faults, the journal, and the control operations the HTTP `/sandbox/` endpoints and the
//! [`crate::Sandbox`] methods both call.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use swip_protocol::cryptogram::CryptogramKeyResponse;
use swip_protocol::rules::expiry::YearMonth;

use crate::SandboxConfig;
use crate::catalog::demo_catalog;
use crate::clock::SandboxClock;
use crate::control::{
    ActiveFault, Catalog, Charge, ChargeKind, CryptogramRequest, FaultRule, JournalEntry,
    SmsRecord, TestCard, ThreeDsError, ThreeDsOutcome,
};
use crate::faults::FaultBook;
use crate::journal::Journal;
use crate::state::SandboxState;
use crate::test_cards::test_cards;
use crate::wire_style::WireStyleCell;

/// The handle every handler gets.
pub type AppState = Arc<Shared>;

/// State shared by the server and the direct controls. Its `Debug` shows only the address: the
/// state holds SMS codes and must not reach a log by accident.
pub struct Shared {
    /// The address the server listens on (for links when a request has no usable `Host`).
    pub addr: SocketAddr,
    /// The sandbox clock.
    pub clock: SandboxClock,
    /// Users, cards, orders, payments, keys.
    pub state: Mutex<SandboxState>,
    /// Active fault rules.
    pub faults: Mutex<FaultBook>,
    /// The request journal.
    pub journal: Mutex<Journal>,
    /// The test card table (fixed at start).
    pub test_cards: Vec<TestCard>,
    /// The demo catalog.
    pub catalog: Catalog,
    /// How answers write unset fields.
    pub wire_style: WireStyleCell,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Locks a mutex; a panic in another holder (there should be none) does not poison the sandbox.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Fresh shared state for a server on `addr`.
    pub fn new(addr: SocketAddr, config: &SandboxConfig) -> Self {
        let clock = SandboxClock::new(config.start_time_ms);
        let start_year = YearMonth::from_unix_ms(clock.now_ms()).year;
        Self {
            addr,
            state: Mutex::new(SandboxState::new(config.seed, config.processing_delay)),
            clock,
            faults: Mutex::new(FaultBook::default()),
            journal: Mutex::new(Journal::default()),
            test_cards: test_cards(start_year),
            catalog: demo_catalog(),
            wire_style: WireStyleCell::new(config.wire_style),
        }
    }

    /// Runs `work` on the state brought up to the sandbox clock, under the lock. `work` must not
    /// block or await.
    pub fn with_state<R>(&self, work: impl FnOnce(&mut SandboxState, i64) -> R) -> R {
        let now = self.clock.now_ms();
        let mut state = lock(&self.state);
        state.settle(now);
        work(&mut state, now)
    }

    /// The latest SMS to `phone`.
    pub fn latest_sms(&self, phone: &str) -> Option<SmsRecord> {
        self.with_state(|state, _| state.world.sms.get(phone).cloned())
    }

    /// Completes a 3-D Secure challenge.
    pub fn complete_3ds(
        &self,
        deferred_id: &str,
        outcome: ThreeDsOutcome,
    ) -> Result<(), ThreeDsError> {
        self.with_state(|state, now| state.complete_challenge(deferred_id, outcome, now))
    }

    /// The current cryptogram key, as `GET /ext/cryptogram-key` serves it.
    pub fn cryptogram_key(&self) -> CryptogramKeyResponse {
        lock(&self.state).key.server_key().to_response()
    }

    /// Replaces the cryptogram key with a new version.
    pub fn rotate_cryptogram_key(&self) -> CryptogramKeyResponse {
        let mut guard = lock(&self.state);
        let state = &mut *guard;
        let rotated = state.key.rotated(&mut state.rng);
        state.key = rotated;
        state.key.server_key().to_response()
    }

    /// Seals card data for the current key.
    pub fn make_cryptogram(
        &self,
        request: &CryptogramRequest,
    ) -> Result<String, swip_protocol::cryptogram::CryptogramError> {
        let now = self.clock.now_ms();
        let key = lock(&self.state).key.server_key();
        // Sealing needs only the public key; do it outside the lock.
        crate::cryptogram::seal_for(&key, request, now)
    }

    /// Every charge so far, or those of one kind.
    pub fn charges(&self, kind: Option<ChargeKind>) -> Vec<Charge> {
        self.with_state(|state, _| {
            state
                .world
                .charges
                .iter()
                .filter(|charge| kind.is_none_or(|kind| charge.kind == kind))
                .cloned()
                .collect()
        })
    }

    /// Every journaled request so far.
    pub fn journal(&self) -> Vec<JournalEntry> {
        lock(&self.journal).entries()
    }

    /// Adds a fault rule.
    pub fn add_fault(&self, rule: FaultRule) {
        lock(&self.faults).add(rule);
    }

    /// The active fault rules.
    pub fn faults(&self) -> Vec<ActiveFault> {
        lock(&self.faults).list()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// Forgets users, cards, orders, payments, charges, SMS, faults and the journal. The clock,
    /// the cryptogram key and the token secret stay.
    pub fn reset(&self) {
        lock(&self.state).reset();
        lock(&self.faults).clear();
        lock(&self.journal).clear();
    }
}

//! The session: keeps the user's token valid and hands it to every authenticated call.
//!
//! - Token expiry is measured on the **server's** clock: the last `Date` header plus the monotonic
//!   time since ([`ServerClock`]), never the device's wall clock.
//! - Proactive refresh: a call made within [`REFRESH_MARGIN`] of the token's expiry refreshes first.
//! - Reactive refresh: a call answered 401 (other than a wrong PIN) or code 16 refreshes, then is
//!   sent once more with the new token. However many calls fail at once, exactly one `PUT /auth`
//!   runs (single flight: an async gate plus a generation counter); the others wait for it and reuse
//!   its outcome.
//! - When refreshing is impossible (no refresh token, the refresh token expired, the server refused
//!   it) every call answers [`SessionError::PinNeeded`] until the journey logs in again and calls
//!   [`Session::establish`].
//! - Every change of tokens is written to the [`Vault`] (key `swip.session`, see
//!   [`crate::store`]); [`Session::restore`] reads them back at start-up.

mod clock;
mod error;
mod refresher;
mod tokens;

#[cfg(test)]
mod tests;

use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use swip_protocol::SecretString;
use swip_protocol::auth::TokenResponse;
use tokio::time::Instant;

pub use clock::{ServerClock, from_unix_ms, unix_ms};
pub use error::{PinNeededReason, SessionError};
pub use refresher::{BoxFuture, TokenRefresher};

/// One authenticated request, as [`Session::call`] takes it.
type Request<'r, 'env, T> = dyn for<'a> Fn(Authenticated<'a, 'env>) -> BoxFuture<'a, Result<ApiResponse<T>, ApiError>>
    + Sync
    + 'r;
pub use tokens::{REFRESH_MARGIN, SessionTokens};

use crate::api::{ApiClient, ApiError, ApiResponse};
use crate::store::{StoreError, Vault};

/// Where the session stands, for the journey to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// Tokens are held; calls go through (refreshing as needed).
    Active {
        /// When the token expires on the server's clock, if known.
        token_expires_at: Option<SystemTime>,
        /// When the refresh token expires on the server's clock, if known.
        refresh_expires_at: Option<SystemTime>,
    },
    /// The user must log in with the PIN.
    PinNeeded(PinNeededReason),
}

/// What one request made through [`Session::call`] gets: the API client and a valid token,
/// borrowed for the time of that request.
pub struct Authenticated<'a, 'env> {
    /// The API client.
    pub api: &'a ApiClient,
    /// The session's token.
    pub token: &'a SecretString,
    /// Says that `'a` lies within `'env`, the lifetime of what the request borrows from its
    /// caller: what lets the request's future borrow both (a closure's signature has no other
    /// way to state that bound).
    caller: PhantomData<&'a &'env ()>,
}

/// The user's session. Cheap to clone: clones share one state.
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

struct SessionInner {
    api: ApiClient,
    refresher: Arc<dyn TokenRefresher>,
    vault: Vault,
    state: Mutex<SessionState>,
    /// Held while refreshing or replacing tokens: one refresh at a time.
    refresh_gate: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct SessionState {
    tokens: Option<SessionTokens>,
    /// Bumped by every refresh attempt and every change of tokens. A caller that saw generation
    /// `g` and needs a refresh refreshes only if the generation is still `g`; otherwise someone
    /// refreshed (or failed to) meanwhile, and it takes that outcome.
    generation: u64,
    /// How the refresh that produced `generation` failed, if it did.
    failure: Option<SessionError>,
    clock: Option<ServerClock>,
}

impl SessionState {
    /// The current token, or why there is none.
    fn current(&self) -> Result<(SecretString, u64), SessionError> {
        match &self.tokens {
            Some(tokens) => Ok((tokens.token.clone(), self.generation)),
            None => Err(SessionError::PinNeeded(self.pin_needed_reason())),
        }
    }

    /// Why there are no tokens.
    fn pin_needed_reason(&self) -> PinNeededReason {
        match &self.failure {
            Some(SessionError::PinNeeded(reason)) => *reason,
            _ => PinNeededReason::NoSession,
        }
    }

    /// What a caller that waited for a refresh gets: that refresh's failure, or the token.
    fn outcome_of_last_refresh(&self) -> Result<(SecretString, u64), SessionError> {
        match &self.failure {
            Some(failure) => Err(failure.clone()),
            None => self.current(),
        }
    }

    fn server_now(&self) -> Option<SystemTime> {
        self.clock.map(|c| c.now())
    }

    /// Keeps `observation` unless it is older than the one known. Two answers read at the same
    /// monotonic instant (a coarse clock, or paused time in tests): the one observed last wins, so
    /// a jump of the server's clock is never ignored.
    fn observe(&mut self, observation: ServerClock) {
        if self
            .clock
            .is_none_or(|known| !observation.is_older_than(&known))
        {
            self.clock = Some(observation);
        }
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session with no tokens yet (calls answer [`PinNeededReason::NoSession`] until
    /// [`Session::establish`]).
    pub fn new(api: ApiClient, vault: Vault) -> Self {
        let refresher: Arc<dyn TokenRefresher> = Arc::new(api.clone());
        Self::with_refresher(api, vault, refresher)
    }

    /// The session saved in `vault`, if any (else as [`Session::new`]). The server's clock is
    /// unknown until the first answer, so the first call is sent as is and refreshes reactively.
    ///
    /// Saved tokens that cannot be read back ([`StoreError::Corrupt`]) are removed and the session
    /// starts without tokens (the user logs in with the PIN); a store that cannot be used now
    /// ([`StoreError::Unavailable`], a locked keychain) is an error, so the caller can try again.
    pub fn restore(api: ApiClient, vault: Vault) -> Result<Self, StoreError> {
        let stored = match vault.tokens() {
            Err(StoreError::Corrupt { .. }) => {
                tracing::warn!("saved session tokens are corrupt; starting without a session");
                vault.clear_tokens()?;
                None
            }
            other => other?,
        };
        let session = Self::new(api, vault);
        session.lock().tokens = stored.map(SessionTokens::from_stored);
        Ok(session)
    }

    /// A session whose refreshes go to `refresher` instead of `api` (tests stand in for the server).
    pub fn with_refresher(
        api: ApiClient,
        vault: Vault,
        refresher: Arc<dyn TokenRefresher>,
    ) -> Self {
        Self {
            inner: Arc::new(SessionInner {
                api,
                refresher,
                vault,
                state: Mutex::new(SessionState::default()),
                refresh_gate: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The API client calls go through.
    pub fn api(&self) -> &ApiClient {
        &self.inner.api
    }

    /// The vault tokens are saved in.
    pub fn vault(&self) -> &Vault {
        &self.inner.vault
    }

    /// Starts (or replaces) the session with the tokens of a login (`POST /auth`, mapped with
    /// `.map(TokenResponse::from)`), PIN setup or device signup, and saves them.
    pub async fn establish(
        &self,
        response: ApiResponse<TokenResponse>,
    ) -> Result<(), SessionError> {
        if response.body.token.is_empty() {
            return Err(SessionError::EmptyToken);
        }
        let _gate = self.inner.refresh_gate.lock().await;
        let stored = {
            let mut state = self.lock();
            let issued_at = Self::issued_at(&mut state, &response);
            let tokens = SessionTokens::from_response(response.body, issued_at);
            let stored = tokens.to_stored();
            state.tokens = Some(tokens);
            state.failure = None;
            state.generation += 1;
            stored
        };
        tracing::debug!("session established");
        self.inner.vault.set_tokens(&stored)?;
        Ok(())
    }

    /// Ends the session on this device: forgets the tokens in memory and in the vault.
    pub async fn sign_out(&self) -> Result<(), StoreError> {
        let _gate = self.inner.refresh_gate.lock().await;
        {
            let mut state = self.lock();
            state.tokens = None;
            state.failure = None;
            state.generation += 1;
        }
        self.inner.vault.clear_tokens()
    }

    /// Where the session stands.
    pub fn status(&self) -> SessionStatus {
        let state = self.lock();
        match &state.tokens {
            Some(tokens) => SessionStatus::Active {
                token_expires_at: tokens.token_expires_at(),
                refresh_expires_at: tokens.refresh_expires_at(),
            },
            None => SessionStatus::PinNeeded(state.pin_needed_reason()),
        }
    }

    /// The server's time now, from its last `Date` and the monotonic time since; `None` before
    /// any answer carried a `Date`.
    pub fn server_now(&self) -> Option<SystemTime> {
        self.lock().server_now()
    }

    /// Feeds the server clock from an answer that did not go through [`Session::call`] (login,
    /// signup, the cryptogram key).
    pub fn observe<T>(&self, response: &ApiResponse<T>) {
        if let Some(date) = response.server_date {
            self.observe_clock(ServerClock::observed(date, response.received_at));
        }
    }

    /// Feeds the server clock with one observation (a later observation replaces an earlier one).
    pub fn observe_clock(&self, observation: ServerClock) {
        self.lock().observe(observation);
    }

    /// Runs an authenticated request with a valid token.
    ///
    /// `request` gets the API client and the token, borrowed ([`Authenticated`]), and makes one
    /// call, borrowing what it sends from its caller (no clones):
    /// `session.call(|call| Box::pin(call.api.verify_code(call.token, &request)))`. It may run
    /// twice: once, and once more after a refresh if the token was refused (a refused token means
    /// the server did not act, so this is safe even for a payment).
    ///
    /// The request's future is boxed: one allocation per request, and a `Send` future whatever it
    /// borrows (an `AsyncFn` closure would be neater, but its future cannot yet be shown `Send`
    /// for a task spawned on tokio).
    pub async fn call<'env, T, F>(&self, request: F) -> Result<T, SessionError>
    where
        F: for<'a> Fn(Authenticated<'a, 'env>) -> BoxFuture<'a, Result<ApiResponse<T>, ApiError>>
            + Sync,
    {
        self.call_dyn(&request).await
    }

    /// [`Session::call`] behind `dyn`: compiled once per answer type, not once per request's
    /// closure.
    async fn call_dyn<'env, T>(&self, request: &Request<'_, 'env, T>) -> Result<T, SessionError> {
        let (token, generation) = self.valid_token().await?;
        match self.attempt(&request, &token).await {
            Err(error) if error.is_token_rejected() => {
                tracing::debug!(code = ?error.code(), "token refused; refreshing");
                let (token, _) = self.refresh_after(generation).await?;
                Ok(self.attempt(&request, &token).await?)
            }
            other => Ok(other?),
        }
    }

    /// Refreshes now (joining a refresh already under way instead of starting a second one).
    pub async fn refresh(&self) -> Result<(), SessionError> {
        let generation = self.lock().current()?.1;
        self.refresh_after(generation).await.map(|_| ())
    }

    /// One try of a request; a success feeds the server clock.
    async fn attempt<'env, T>(
        &self,
        request: &Request<'_, 'env, T>,
        token: &SecretString,
    ) -> Result<T, ApiError> {
        let response = request(Authenticated {
            api: &self.inner.api,
            token,
            caller: PhantomData,
        })
        .await?;
        self.observe(&response);
        Ok(response.body)
    }

    /// The token to send, refreshed first when it is within its margin of expiry.
    async fn valid_token(&self) -> Result<(SecretString, u64), SessionError> {
        let (token, generation, expired_by_now) = {
            let state = self.lock();
            let (token, generation) = state.current()?;
            let now = state.server_now();
            let tokens = state.tokens.as_ref();
            let due = now.is_some_and(|now| tokens.is_some_and(|t| t.should_refresh(now)));
            if !due {
                return Ok((token, generation));
            }
            let expired = now.is_some_and(|now| tokens.is_some_and(|t| t.token_expired(now)));
            (token, generation, expired)
        };
        tracing::debug!(expired_by_now, "token near expiry; refreshing first");
        match self.refresh_after(generation).await {
            Ok(fresh) => Ok(fresh),
            // The token still has a little time: a failed refresh (offline) need not fail the call.
            Err(SessionError::Api(_)) if !expired_by_now => Ok((token, generation)),
            Err(error) => Err(error),
        }
    }

    /// Single-flight refresh: refreshes only if no refresh happened since `seen_generation`;
    /// otherwise returns the outcome of the one that did.
    async fn refresh_after(
        &self,
        seen_generation: u64,
    ) -> Result<(SecretString, u64), SessionError> {
        let _gate = self.inner.refresh_gate.lock().await;
        let refresh_token = {
            let state = self.lock();
            if state.generation != seen_generation {
                return state.outcome_of_last_refresh();
            }
            let Some(tokens) = state.tokens.as_ref() else {
                return state.current();
            };
            let expired = state
                .server_now()
                .is_some_and(|now| tokens.refresh_expired(now));
            match tokens.refresh_token.clone() {
                None => return self.give_up(state, PinNeededReason::NoRefreshToken),
                Some(_) if expired => {
                    return self.give_up(state, PinNeededReason::RefreshTokenExpired);
                }
                Some(refresh_token) => refresh_token,
            }
        };

        let started = Instant::now();
        let outcome = self.inner.refresher.refresh(&refresh_token).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let mut state = self.lock();
        state.generation += 1;
        match outcome {
            Ok(response) if response.body.token.is_empty() => {
                tracing::debug!(elapsed_ms, "token refresh answered no token");
                state.failure = Some(SessionError::EmptyToken);
                Err(SessionError::EmptyToken)
            }
            Ok(response) => {
                let issued_at = Self::issued_at(&mut state, &response);
                let tokens = SessionTokens::from_response(response.body, issued_at);
                let stored = tokens.to_stored();
                let token = tokens.token.clone();
                state.tokens = Some(tokens);
                state.failure = None;
                let generation = state.generation;
                drop(state);
                tracing::debug!(generation, elapsed_ms, "token refreshed");
                if let Err(error) = self.inner.vault.set_tokens(&stored) {
                    // The new tokens work in memory; only a restart would need the PIN again.
                    tracing::warn!(%error, "refreshed tokens could not be saved");
                }
                Ok((token, generation))
            }
            Err(error) if error.is_token_rejected() || error.status() == Some(403) => {
                tracing::debug!(code = ?error.code(), elapsed_ms, "refresh token refused");
                self.give_up(state, PinNeededReason::RefreshRejected)
            }
            Err(error) => {
                tracing::debug!(%error, elapsed_ms, "token refresh failed");
                state.failure = Some(SessionError::Api(error.clone()));
                Err(SessionError::Api(error))
            }
        }
    }

    /// Drops the tokens for good: from now on every call answers `PinNeeded(reason)`.
    fn give_up(
        &self,
        mut state: MutexGuard<'_, SessionState>,
        reason: PinNeededReason,
    ) -> Result<(SecretString, u64), SessionError> {
        state.tokens = None;
        state.failure = Some(SessionError::PinNeeded(reason));
        state.generation += 1;
        drop(state);
        tracing::info!(%reason, "session needs the PIN");
        if let Err(error) = self.inner.vault.clear_tokens() {
            tracing::warn!(%error, "dead tokens could not be removed from storage");
        }
        Err(SessionError::PinNeeded(reason))
    }

    /// When tokens in `response` were issued on the server's clock: its `Date`, else the current
    /// estimate. Feeds the clock on the way.
    fn issued_at<T>(state: &mut SessionState, response: &ApiResponse<T>) -> Option<SystemTime> {
        match response.server_date {
            Some(date) => {
                state.observe(ServerClock::observed(date, response.received_at));
                Some(date)
            }
            None => state.clock.map(|c| c.at(response.received_at)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SessionState> {
        // The state is replaced field by field under the lock with no panicking code in between.
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

//! The driver: a [`Wallet`] performs the journey machine's effects on tokio and is the one object
//! shells, tests and the CLI use (the FFI wraps the same object).
//!
//! - Actions are async: they validate their input (a typed error before any request), run the
//!   machine, and return once the requests they caused have answered (polls excepted). The work
//!   belongs to the wallet, not to the caller: a caller that stops waiting cancels nothing.
//! - Observers get the current state at once, then every change ([`Wallet::subscribe`],
//!   [`Wallet::observe`]); a [`Subscription`] stops when dropped.
//! - Every background task (effect runs, one poller per deferred id) is owned by the wallet and
//!   cancelled together when the last handle is dropped or [`Wallet::shutdown`] is called; from
//!   then on every action fails with [`WalletError::ShutDown`] before anything is published.
//! - An effect whose task panics or is cancelled still ends: the machine gets the failure
//!   outcome of that effect (with a [`ProblemKind::Internal`] problem), so no `loading` or
//!   `submitting` flag stays set.
//! - [`Wallet::open`] restores the session and the pending-operation journal from the secure
//!   store and resumes whatever was under way.

mod clock;
mod config;
mod effects;
mod error;
mod forms;
mod poller;
mod problems;
mod retry;
mod tasks;

pub use clock::WalletClock;
pub use config::WalletConfig;
pub use error::WalletError;
pub use forms::{CardForm, OrderLine, same_endpoint};
pub use retry::Backoff;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api::{ApiClient, IdempotencyKey};
use crate::cryptogram::{CardSealer, Clock};
use crate::input::card::YearMonth;
use crate::input::{Email, Field, PersonName, Phone, Pin, SmsCode};
use crate::journey::{
    Action, ActionError, AppState, CardChange, Context, CounterPayment, Effect, Event, Outcome,
    PaymentProblem, PendingOp, PinProblem, Problem, ProblemKind, update,
};
use crate::session::Session;
use crate::store::{SecureStore, Vault};
use tasks::TaskRegistry;

/// The wallet: the journey's state, its driver and its background tasks. Cheap to clone; the
/// background work stops when the last clone is dropped.
#[derive(Clone)]
pub struct Wallet {
    inner: Arc<Inner>,
    _lifetime: Arc<Lifetime>,
}

/// Cancels every task when the last [`Wallet`] handle goes.
struct Lifetime(Arc<Inner>);

impl Drop for Lifetime {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// What the wallet's tasks share.
pub(crate) struct Inner {
    config: WalletConfig,
    return_url: String,
    api: ApiClient,
    session: Session,
    vault: Vault,
    sealer: CardSealer,
    state: watch::Sender<AppState>,
    /// Serialises transitions: update, publish, journal write.
    machine: Mutex<()>,
    tasks: TaskRegistry,
    clock: WalletClock,
    /// True once the wallet is shut down or its last handle is gone.
    closed: watch::Sender<bool>,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet")
            .field("base_url", &self.inner.api.base_url())
            .finish_non_exhaustive()
    }
}

impl Wallet {
    /// Opens the wallet on `store`: restores the session and the pending operations, and resumes
    /// polling them. Must be called inside a tokio runtime.
    pub async fn open(
        config: WalletConfig,
        store: Arc<dyn SecureStore>,
    ) -> Result<Wallet, WalletError> {
        let api = ApiClient::new(&config.api).map_err(|e| WalletError::Config(e.to_string()))?;
        let vault = Vault::new(store);
        let session = Session::restore(api.clone(), vault.clone())?;
        let sealer = CardSealer::new(api.clone(), Arc::new(session.clone()) as Arc<dyn Clock>);
        let inner = Arc::new(Inner {
            return_url: config.return_url(),
            config,
            api,
            session,
            vault,
            sealer,
            state: watch::Sender::new(AppState::default()),
            machine: Mutex::new(()),
            tasks: TaskRegistry::default(),
            clock: WalletClock::start(),
            closed: watch::Sender::new(false),
        });
        let wallet = Wallet {
            _lifetime: Arc::new(Lifetime(inner.clone())),
            inner,
        };
        let restored = wallet.inner.restored_outcome()?;
        let runs = wallet.inner.feed(restored);
        drop(runs); // resumed polls and payments run in the background
        Ok(wallet)
    }

    /// The current state.
    pub fn state(&self) -> AppState {
        self.inner.state.borrow().clone()
    }

    /// A receiver that holds the current state at once and sees every change.
    pub fn subscribe(&self) -> watch::Receiver<AppState> {
        self.inner.state.subscribe()
    }

    /// Calls `observer` with the current state at once, then after every change, until the
    /// returned [`Subscription`] is dropped.
    pub fn observe(&self, observer: impl Fn(AppState) + Send + Sync + 'static) -> Subscription {
        let mut receiver = self.subscribe();
        let task = tokio::spawn(async move {
            let current = receiver.borrow_and_update().clone();
            observer(current);
            while receiver.changed().await.is_ok() {
                let state = receiver.borrow_and_update().clone();
                observer(state);
            }
        });
        Subscription(task)
    }

    /// Waits until `predicate` holds for the state (checked at once, then on every change), for
    /// at most `timeout`.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        predicate: impl FnMut(&AppState) -> bool,
    ) -> Result<AppState, WalletError> {
        let mut receiver = self.subscribe();
        match tokio::time::timeout(timeout, receiver.wait_for(predicate)).await {
            Ok(Ok(state)) => Ok(state.clone()),
            _ => Err(WalletError::WaitTimedOut),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &WalletConfig {
        &self.inner.config
    }

    /// The URL a 3-D Secure page ends on.
    pub fn three_ds_return_url(&self) -> &str {
        &self.inner.return_url
    }

    /// True when a WebView navigating to `url` has reached the 3-D Secure return URL (same
    /// scheme, host, port and path; the query is ignored). The shell then calls
    /// [`Wallet::three_ds_returned`].
    pub fn is_three_ds_return_url(&self, url: &str) -> bool {
        same_endpoint(url, &self.inner.return_url)
    }

    /// Number of deferred operations being polled now.
    pub fn active_polls(&self) -> usize {
        self.inner.tasks.pollers()
    }

    /// Cancels every background task now; the wallet accepts no more work: every action then
    /// fails with [`WalletError::ShutDown`] before anything is published. The journal of pending
    /// operations stays in the secure store for the next [`Wallet::open`].
    pub fn shutdown(&self) {
        self.inner.close();
    }

    /// False once [`Wallet::shutdown`] was called or the last handle was dropped.
    pub fn is_open(&self) -> bool {
        !*self.inner.closed.borrow()
    }

    /// A receiver that turns `true` when the wallet is shut down or its last handle is dropped
    /// (it does not keep the wallet alive).
    pub fn closed(&self) -> watch::Receiver<bool> {
        self.inner.closed.subscribe()
    }

    /// Now on the wallet's clock (ms since 1970).
    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    // ---- Actions ---------------------------------------------------------------------------

    /// Signs up (or starts logging in) with a phone number; an SMS code is sent.
    pub async fn start_signup(&self, phone: &str) -> Result<(), WalletError> {
        let phone = Phone::parse(phone)?;
        self.act(Action::StartSignup { phone }).await
    }

    /// Sends the SMS again (at most once a minute).
    pub async fn resend_sms(&self) -> Result<(), WalletError> {
        self.act(Action::ResendSms).await
    }

    /// Checks the SMS code.
    pub async fn submit_code(&self, code: &str) -> Result<(), WalletError> {
        let code = SmsCode::parse(code)?;
        self.act(Action::SubmitCode { code }).await
    }

    /// A new user sets their PIN; names may be empty.
    pub async fn set_pin(
        &self,
        pin: &str,
        first_name: &str,
        last_name: &str,
    ) -> Result<(), WalletError> {
        let pin = Pin::parse(pin);
        let first = PersonName::parse_optional(first_name, Field::FirstName);
        let last = PersonName::parse_optional(last_name, Field::LastName);
        let errors: Vec<_> = [
            pin.as_ref().err(),
            first.as_ref().err(),
            last.as_ref().err(),
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        if !errors.is_empty() {
            return Err(WalletError::InvalidInput(crate::input::InputErrors(errors)));
        }
        self.act(Action::SetPin {
            pin: pin?,
            first_name: first?,
            last_name: last?,
        })
        .await
    }

    /// Enters the PIN: a known user on a new device, or unlocking after a restart.
    pub async fn enter_pin(&self, pin: &str) -> Result<(), WalletError> {
        let pin = Pin::parse(pin)?;
        self.act(Action::EnterPin { pin }).await
    }

    /// Signs out and forgets the session on this device (refused while a payment is pending).
    pub async fn sign_out(&self) -> Result<(), WalletError> {
        self.act(Action::SignOut).await
    }

    /// Reloads the card list.
    pub async fn refresh_cards(&self) -> Result<(), WalletError> {
        self.act(Action::RefreshCards).await
    }

    /// Validates, encrypts and binds a card; returns when the server took it (follow the state
    /// for 3-D Secure and the result).
    pub async fn bind_card(&self, form: &CardForm, make_default: bool) -> Result<(), WalletError> {
        let today = YearMonth::from_unix_ms(self.now_ms());
        let card = form.parse(today)?;
        let idempotency_key = new_key()?;
        self.act(Action::BindCard {
            card,
            make_default,
            idempotency_key,
        })
        .await
    }

    /// The 3-D Secure WebView reached the return URL.
    pub async fn three_ds_returned(&self) -> Result<(), WalletError> {
        self.act(Action::ThreeDsReturned).await
    }

    /// The user closed the 3-D Secure WebView.
    pub async fn three_ds_closed(&self) -> Result<(), WalletError> {
        self.act(Action::ThreeDsClosed).await
    }

    /// Asks the server again about a binding or payment whose outcome is unknown.
    pub async fn check_again(&self) -> Result<(), WalletError> {
        self.act(Action::CheckAgain).await
    }

    /// Puts away a finished binding.
    pub async fn dismiss_binding(&self) -> Result<(), WalletError> {
        self.act(Action::DismissBinding).await
    }

    /// Makes a card the default one.
    pub async fn set_default_card(&self, card_id: &str) -> Result<(), WalletError> {
        let card_id = forms::id(card_id, Field::CardId)?;
        self.act(Action::SetDefaultCard { card_id }).await
    }

    /// Stops a card being the default one.
    pub async fn unset_default_card(&self, card_id: &str) -> Result<(), WalletError> {
        let card_id = forms::id(card_id, Field::CardId)?;
        self.act(Action::UnsetDefaultCard { card_id }).await
    }

    /// Deletes a card.
    pub async fn delete_card(&self, card_id: &str) -> Result<(), WalletError> {
        let card_id = forms::id(card_id, Field::CardId)?;
        self.act(Action::DeleteCard { card_id }).await
    }

    /// Creates an order; the state then shows it with its loyalty.
    pub async fn create_order(
        &self,
        merchant_id: &str,
        merchant_store_id: &str,
        lines: &[OrderLine],
    ) -> Result<(), WalletError> {
        let (merchant_id, merchant_store_id, purchases) =
            forms::order(merchant_id, merchant_store_id, lines)?;
        self.act(Action::CreateOrder {
            merchant_id,
            merchant_store_id,
            purchases,
        })
        .await
    }

    /// Pays the current order with `card_id` (or the default card); returns once the server took
    /// the payment (follow the state for the result).
    pub async fn pay(&self, card_id: Option<&str>, email: &str) -> Result<(), WalletError> {
        let email = Email::parse(email);
        let card_id = card_id.map(|id| forms::id(id, Field::CardId)).transpose();
        let errors: Vec<_> = [email.as_ref().err(), card_id.as_ref().err()]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        if !errors.is_empty() {
            return Err(WalletError::InvalidInput(crate::input::InputErrors(errors)));
        }
        let idempotency_key = new_key()?;
        self.act(Action::Pay {
            card_id: card_id?,
            email: email?,
            idempotency_key,
        })
        .await
    }

    /// Finds a shop till's order by its session code (the text of the QR the till shows); the
    /// state then shows it with the user's personalised loyalty, to pay in the app
    /// ([`Wallet::pay`]) or at the counter ([`Wallet::pay_at_counter`]).
    pub async fn find_counter_order(&self, session_code: &str) -> Result<(), WalletError> {
        let session_code = forms::session_code(session_code)?;
        self.act(Action::FindCounterOrder { session_code }).await
    }

    /// The user pays the till's order at the counter, in cash or at the bank's terminal.
    pub async fn pay_at_counter(&self, method: CounterPayment) -> Result<(), WalletError> {
        self.act(Action::PayAtCounter { method }).await
    }

    /// Puts away a finished order.
    pub async fn dismiss_checkout(&self) -> Result<(), WalletError> {
        self.act(Action::DismissCheckout).await
    }

    /// Runs an action; returns once its requests (and their follow-ups, polls excepted) answered.
    async fn act(&self, action: Action) -> Result<(), WalletError> {
        tracing::debug!(action = action.name(), "action");
        let runs = self.inner.step(Event::Action(action))?;
        let mut first_problem = None;
        for run in runs {
            match run.await {
                Ok(Some(problem)) => {
                    first_problem.get_or_insert(problem);
                }
                Ok(None) => {}
                // Only a shutdown cancels a run (its effect's own failure is an outcome).
                Err(_) => return Err(WalletError::ShutDown),
            }
        }
        match first_problem {
            Some(problem) => Err(WalletError::from_problem(problem)),
            None => Ok(()),
        }
    }
}

/// Stops its observer when dropped.
#[derive(Debug)]
pub struct Subscription(JoinHandle<()>);

impl Subscription {
    /// Stops the observer now.
    pub fn cancel(&self) {
        self.0.abort();
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn new_key() -> Result<IdempotencyKey, WalletError> {
    IdempotencyKey::generate()
        .ok_or_else(|| WalletError::Config("the system random generator failed".into()))
}

/// A running effect: answers the problem it met, if any.
type Run = JoinHandle<Option<Problem>>;

impl Inner {
    fn lock_machine(&self) -> std::sync::MutexGuard<'_, ()> {
        self.machine
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Shuts the wallet: no transition happens after this returns, every task is cancelled.
    fn close(&self) {
        let _machine = self.lock_machine();
        self.closed.send_replace(true);
        self.tasks.abort_all();
    }

    /// Applies `event` and starts its effects, as one step no shutdown can split: the next state
    /// is published and the journal written (when it changed) before any effect is started.
    /// Refused with [`WalletError::ShutDown`] (nothing published) once the wallet is closed.
    fn step(self: &Arc<Self>, event: Event) -> Result<Vec<Run>, WalletError> {
        let _machine = self.lock_machine();
        if *self.closed.borrow() {
            return Err(WalletError::ShutDown);
        }
        let effects = self.apply(event)?;
        Ok(self.launch(effects))
    }

    /// Applies `event` (the machine lock held by the caller).
    fn apply(&self, event: Event) -> Result<Vec<Effect>, ActionError> {
        let current = self.state.borrow().clone();
        let ctx = Context {
            now_ms: self.clock.now_ms(),
            three_ds_return_url: &self.return_url,
        };
        let transition = update(&current, event, &ctx)?;
        for effect in &transition.effects {
            if let Effect::SavePending(ops) = effect {
                self.save_pending(ops);
            }
        }
        if transition.state != current {
            self.state.send_replace(transition.state);
        }
        Ok(transition.effects)
    }

    fn save_pending(&self, ops: &[PendingOp]) {
        let result = if ops.is_empty() {
            self.vault.clear_pending_ops()
        } else {
            match serde_json::to_string(ops) {
                Ok(json) => self.vault.set_pending_ops(&json),
                Err(error) => {
                    tracing::error!(%error, "pending operations do not serialise");
                    return;
                }
            }
        };
        if let Err(error) = result {
            tracing::error!(%error, "pending operations could not be saved");
        }
    }

    /// Feeds an effect's outcome to the machine and starts the effects that follow.
    fn feed(self: &Arc<Self>, outcome: Outcome) -> Vec<Run> {
        match self.step(Event::Outcome(outcome)) {
            Ok(runs) => runs,
            Err(WalletError::ShutDown) => Vec::new(),
            Err(error) => {
                tracing::warn!(%error, "outcome refused");
                Vec::new()
            }
        }
    }

    /// Starts effects; returns the runs of the request effects (polls run on their own).
    fn launch(self: &Arc<Self>, effects: Vec<Effect>) -> Vec<Run> {
        let mut handles = Vec::new();
        for effect in effects {
            match effect {
                Effect::SavePending(_) => {}
                Effect::Poll { deferred_id, kind } => {
                    let poller = poller::poll(self.clone(), deferred_id.clone(), kind);
                    self.tasks.spawn_poller(&deferred_id, poller);
                }
                Effect::StopPolling { deferred_id } => self.tasks.stop_poller(&deferred_id),
                effect => {
                    let inner = self.clone();
                    if let Some(handle) = self.tasks.spawn(async move { inner.run(effect).await }) {
                        handles.push(handle);
                    }
                }
            }
        }
        handles
    }

    /// Performs one effect in a task of its own, feeds its outcome back and waits for what
    /// follows from it. When that task panics or is cancelled, the effect's failure outcome is
    /// fed instead, so the machine never waits for an answer that cannot come.
    async fn run(self: Arc<Self>, effect: Effect) -> Option<Problem> {
        let fallback = failure_outcome(&effect, internal_problem());
        let inner = self.clone();
        let work = self
            .tasks
            .spawn(async move { effects::perform(&inner, effect).await })?;
        let outcome = match work.await {
            Ok(outcome) => outcome?,
            Err(error) => {
                tracing::error!(
                    panicked = error.is_panic(),
                    "an effect of the wallet stopped without an outcome"
                );
                fallback?
            }
        };
        let problem = outcome_problem(&outcome);
        for run in self.feed(outcome) {
            let _ = run.await;
        }
        problem
    }

    /// What the secure store holds, as the machine's first event.
    fn restored_outcome(&self) -> Result<Outcome, WalletError> {
        let phone = self.vault.phone()?.and_then(|p| Phone::parse(&p).ok());
        // A signup token (no refresh token) is no session: the user never chose a PIN.
        let has_session = self
            .vault
            .tokens()?
            .is_some_and(|t| t.refresh_token.is_some());
        let pending = match self.vault.pending_ops()? {
            Some(json) => read_journal(&json),
            None => Vec::new(),
        };
        if !pending.is_empty() {
            tracing::info!(count = pending.len(), "resuming pending operations");
        }
        Ok(Outcome::Restored {
            phone,
            has_session,
            pending,
        })
    }
}

/// The pending operations in the journal `json`, read one by one: an entry that does not parse
/// (written by another version, damaged) is logged and skipped, and every other operation is
/// still resumed; a payment in doubt is never dropped for its neighbour's sake.
fn read_journal(json: &str) -> Vec<PendingOp> {
    let entries = match serde_json::from_str::<Vec<serde_json::Value>>(json) {
        Ok(entries) => entries,
        Err(error) => {
            tracing::error!(%error, "the pending-operation journal is not a list");
            return Vec::new();
        }
    };
    entries
        .into_iter()
        .filter_map(|entry| {
            serde_json::from_value::<PendingOp>(entry)
                .inspect_err(|error| {
                    tracing::error!(%error, "a pending operation does not parse; skipped");
                })
                .ok()
        })
        .collect()
}

/// The problem of an effect that stopped without an outcome (a panic, a cancelled task).
fn internal_problem() -> Problem {
    Problem::new(
        ProblemKind::Internal,
        "the wallet stopped this operation unexpectedly; try again",
    )
}

/// The outcome that reports `effect` failed with `problem`; `None` for effects with no outcome.
/// A payment is never said to have failed: its outcome is "not known" (`definite: false`), so
/// the journey asks the server again rather than risk a second charge.
fn failure_outcome(effect: &Effect, problem: Problem) -> Option<Outcome> {
    Some(match effect {
        Effect::Signup { .. } => Outcome::SignupSent(Err(problem)),
        Effect::ResendSms => Outcome::SmsResent(Err(problem)),
        Effect::VerifyCode { .. } => Outcome::CodeChecked(Err(problem)),
        Effect::SetPin { .. } | Effect::DeviceLogin { .. } | Effect::PinLogin { .. } => {
            Outcome::PinChecked(Err(PinProblem {
                problem,
                account_locked: false,
            }))
        }
        Effect::LoadCards => Outcome::CardsLoaded(Err(problem)),
        Effect::SetDefaultCard { card_id } => {
            card_failure(card_id, CardChange::SetDefault, problem)
        }
        Effect::UnsetDefaultCard { card_id } => {
            card_failure(card_id, CardChange::UnsetDefault, problem)
        }
        Effect::DeleteCard { card_id } => card_failure(card_id, CardChange::Delete, problem),
        Effect::BindCard { .. } => Outcome::BindingAccepted(Err(problem)),
        Effect::FetchThreeDsPage { deferred_id } => Outcome::ThreeDsPage {
            deferred_id: deferred_id.clone(),
            result: Err(problem),
        },
        Effect::FindCounterOrder { .. } | Effect::CreateOrder { .. } => {
            Outcome::OrderCreated(Err(problem))
        }
        Effect::PayAtCounter { .. } => Outcome::CounterConfirmed(Err(problem)),
        Effect::Pay { .. } => Outcome::PaymentAccepted(Err(PaymentProblem {
            problem,
            definite: false,
        })),
        Effect::ForgetSession
        | Effect::SavePending(_)
        | Effect::Poll { .. }
        | Effect::StopPolling { .. } => return None,
    })
}

fn card_failure(card_id: &str, change: CardChange, problem: Problem) -> Outcome {
    Outcome::CardChanged {
        card_id: card_id.to_owned(),
        change,
        result: Err(problem),
    }
}

/// The failure an outcome reports, for the action that caused it.
fn outcome_problem(outcome: &Outcome) -> Option<Problem> {
    match outcome {
        Outcome::SignupSent(Err(p))
        | Outcome::SmsResent(Err(p))
        | Outcome::CodeChecked(Err(p))
        | Outcome::CardsLoaded(Err(p))
        | Outcome::CardChanged { result: Err(p), .. }
        | Outcome::BindingAccepted(Err(p))
        | Outcome::OrderCreated(Err(p))
        | Outcome::PinChecked(Err(PinProblem { problem: p, .. }))
        | Outcome::PaymentAccepted(Err(PaymentProblem { problem: p, .. })) => Some(p.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_journal_entry_does_not_lose_its_neighbours() {
        let good = PendingOp::Binding {
            idempotency_key: IdempotencyKey::generate().unwrap(),
            deferred_id: Some("d-1".into()),
            last4: "2009".into(),
            started_at_ms: 1,
            brand: None,
            cards_before: None,
        };
        let good_json = serde_json::to_value(&good).unwrap();
        let mut bad_key = good_json.clone();
        bad_key["idempotency_key"] = "not a key".into();
        let journal = serde_json::to_string(&vec![
            bad_key,
            serde_json::json!({"kind": "later"}),
            good_json,
        ])
        .unwrap();
        assert_eq!(read_journal(&journal), vec![good]);
        assert!(read_journal("{}").is_empty());
    }
}

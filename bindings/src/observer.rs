//! Observing the state: a native [`StateObserver`] gets the current state at once and then every
//! change, until its [`SubscriptionHandle`] is cancelled or dropped.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use swip_core::journey::AppState as CoreState;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::SwipError;
use crate::runtime;
use crate::types::AppState;

/// Receives the wallet's state. Implemented by the app (a `StateFlow` / `AsyncStream` adapter).
#[uniffi::export(with_foreign)]
pub trait StateObserver: Send + Sync {
    /// A new state (the first call is the state when `subscribe` was called). Called in order, one
    /// call at a time,
    /// on a background thread of the core: hand the state to the UI thread and return quickly.
    /// States may be coalesced when they change faster than this returns; the last one always
    /// arrives. Must not throw: a throw is logged and the observer keeps receiving states.
    fn on_state(&self, state: AppState);
}

/// Keeps an observer subscribed. Cancelling it, or dropping it (Kotlin `close()` or garbage
/// collection, Swift release), stops the calls: keep a reference as long as you observe.
#[derive(uniffi::Object)]
pub struct SubscriptionHandle {
    /// Checked before every call, so none starts once cancelled.
    active: Arc<AtomicBool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl SubscriptionHandle {
    /// Forwards the states of `receiver` to `observer` on the runtime: first the state it holds
    /// now (read here, synchronously, so nothing that happens after `subscribe` returns can come
    /// first), then every change.
    pub(crate) fn start(
        observer: Arc<dyn StateObserver>,
        mut receiver: watch::Receiver<CoreState>,
    ) -> Result<Self, SwipError> {
        let active = Arc::new(AtomicBool::new(true));
        let forward = forwarder(observer, active.clone());
        let first = receiver.borrow_and_update().clone();
        let task = runtime::handle()?.spawn(async move {
            forward(first);
            while receiver.changed().await.is_ok() {
                let state = receiver.borrow_and_update().clone();
                forward(state);
            }
        });
        Ok(SubscriptionHandle {
            active,
            task: Mutex::new(Some(task)),
        })
    }
}

impl Drop for SubscriptionHandle {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[uniffi::export]
impl SubscriptionHandle {
    /// Stops the observer now: once this returns no new call starts (one under way finishes).
    /// Calling it again does nothing.
    pub fn cancel(&self) {
        self.active.store(false, Ordering::SeqCst);
        let task = self
            .task
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(task) = task {
            task.abort();
        }
    }

    /// True until [`SubscriptionHandle::cancel`] is called.
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::SeqCst)
    }
}

/// The closure the core calls: converts the state and shields the core from a throwing observer.
fn forwarder(
    observer: Arc<dyn StateObserver>,
    active: Arc<AtomicBool>,
) -> impl Fn(CoreState) + Send + Sync {
    move |state: CoreState| {
        if !active.load(Ordering::SeqCst) {
            return;
        }
        let state = AppState::from(state);
        let call = std::panic::catch_unwind(AssertUnwindSafe(|| observer.on_state(state)));
        if let Err(payload) = call {
            tracing::warn!(
                panic = %crate::runtime::panic_text(payload),
                "the state observer failed"
            );
        }
    }
}

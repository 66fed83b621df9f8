//! Observing the state: a native [`StateObserver`] gets the current state at once and then every
//! change, until its [`SubscriptionHandle`] is cancelled or dropped.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use swip_core::journey::AppState as CoreState;
use swip_core::wallet::Subscription;

use crate::types::AppState;

/// Receives the wallet's state. Implemented by the app (a `StateFlow` / `AsyncStream` adapter).
#[uniffi::export(with_foreign)]
pub trait StateObserver: Send + Sync {
    /// A new state (the first call is the current state). Called in order, one call at a time,
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
    subscription: Mutex<Option<Subscription>>,
}

impl SubscriptionHandle {
    /// Subscribes `observer` through `subscribe` (the core's `observe`).
    pub(crate) fn start(
        observer: Arc<dyn StateObserver>,
        subscribe: impl FnOnce(Box<dyn Fn(CoreState) + Send + Sync>) -> Subscription,
    ) -> Self {
        let active = Arc::new(AtomicBool::new(true));
        let subscription = subscribe(Box::new(forwarder(observer, active.clone())));
        SubscriptionHandle {
            active,
            subscription: Mutex::new(Some(subscription)),
        }
    }
}

impl Drop for SubscriptionHandle {
    fn drop(&mut self) {
        self.active.store(false, Ordering::SeqCst);
        // The core's `Subscription` aborts its task when dropped with `self`.
    }
}

#[uniffi::export]
impl SubscriptionHandle {
    /// Stops the observer now: once this returns no new call starts (one under way finishes).
    /// Calling it again does nothing.
    pub fn cancel(&self) {
        self.active.store(false, Ordering::SeqCst);
        let subscription = self
            .subscription
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(subscription) = subscription {
            subscription.cancel();
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

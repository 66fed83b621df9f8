//! Observing the state: a native [`StateObserver`] gets the current state at once and then every
//! change, on one dedicated thread per subscription named `swip-observer` (on the JVM and Android
//! also one Java thread of that name: `jvm_thread`), until its [`SubscriptionHandle`] is
//! cancelled or dropped, or the wallet is shut down or released.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use swip_core::journey::AppState as CoreState;
use tokio::sync::watch;

use crate::error::SwipError;
use crate::jvm_thread::JvmThread;
use crate::runtime;
use crate::store::exception_name;
use crate::types::AppState;

/// The name of the thread that calls a [`StateObserver`].
pub const OBSERVER_THREAD: &str = match OBSERVER_THREAD_C.to_str() {
    Ok(name) => name,
    Err(_) => panic!("the observer thread's name is UTF-8"),
};

/// [`OBSERVER_THREAD`] as the JVM is given it when the thread attaches.
const OBSERVER_THREAD_C: &std::ffi::CStr = c"swip-observer";

/// Why an observer call failed: the app's exception, reduced to its type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ObserverError {
    /// The observer threw.
    #[error("the state observer threw {exception}")]
    Threw {
        /// The exception's type, e.g. `java.lang.IllegalStateException`.
        exception: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ObserverError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ObserverError::Threw {
            exception: exception_name(&error.reason),
        }
    }
}

/// Receives the wallet's state. Implemented by the app (a `StateFlow` / `AsyncStream` adapter).
#[uniffi::export(with_foreign)]
pub trait StateObserver: Send + Sync {
    /// A new state (the first call is the state when `subscribe` was called). Called in order, one
    /// call at a time, always on the same dedicated thread named `swip-observer` (one per
    /// subscription, never the UI thread): hand the state to the UI thread and return quickly.
    /// States may be coalesced when they change faster than this returns; the last one always
    /// arrives. Should not throw: a throw is logged once (its type only) and the observer keeps
    /// receiving states.
    fn on_state(&self, state: AppState) -> Result<(), ObserverError>;
}

/// Keeps an observer subscribed. Cancelling it, or dropping it (Kotlin `close()` or garbage
/// collection, Swift release), stops the calls: keep a reference as long as you observe. It
/// also ends by itself when the wallet is shut down or released (`isActive()` is then false).
#[derive(uniffi::Object)]
pub struct SubscriptionHandle {
    /// Checked before every call, so none starts once cancelled.
    active: Arc<AtomicBool>,
    /// Turns true when the wallet is shut down or released.
    closed: watch::Receiver<bool>,
    /// Set to `true` to stop the observer thread.
    stop: watch::Sender<bool>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl SubscriptionHandle {
    /// Forwards the states of `receiver` to `observer` on a `swip-observer` thread: first the
    /// state it holds now (read here, synchronously, so nothing that happens after `subscribe`
    /// returns can come first), then every change, until cancelled or `closed` turns true.
    pub(crate) fn start(
        observer: Arc<dyn StateObserver>,
        mut receiver: watch::Receiver<CoreState>,
        mut closed: watch::Receiver<bool>,
    ) -> Result<Self, SwipError> {
        let runtime = runtime::handle()?;
        let active = Arc::new(AtomicBool::new(true));
        let wallet_closed = closed.clone();
        let (stop, mut stopped) = watch::channel(false);
        let mut forward = Forwarder {
            observer,
            active: active.clone(),
            failures: 0,
        };
        let first = receiver.borrow_and_update().clone();
        let thread = std::thread::Builder::new()
            .name(OBSERVER_THREAD.into())
            .spawn(move || {
                // One Java thread for every call (JVM and Android; nothing on iOS).
                let _java = JvmThread::attach(OBSERVER_THREAD_C);
                runtime.block_on(async move {
                    if *closed.borrow_and_update() {
                        return;
                    }
                    forward.call(first);
                    loop {
                        tokio::select! {
                            changed = receiver.changed() => {
                                if changed.is_err() {
                                    break;
                                }
                                let state = receiver.borrow_and_update().clone();
                                forward.call(state);
                            }
                            _ = stopped.wait_for(|stop| *stop) => break,
                            _ = closed.wait_for(|closed| *closed) => break,
                        }
                    }
                });
            })
            .map_err(|error| SwipError::Internal {
                detail: format!("the observer thread could not start: {error}"),
            })?;
        Ok(SubscriptionHandle {
            active,
            closed: wallet_closed,
            stop,
            thread: Mutex::new(Some(thread)),
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
    /// Calling it again does nothing. Never blocks on the observer.
    pub fn cancel(&self) {
        self.active.store(false, Ordering::SeqCst);
        self.stop.send_replace(true);
        // The thread ends by itself; it is not joined (cancel may run on that very thread).
        drop(
            self.thread
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take(),
        );
    }

    /// True until `cancel()` is called or the wallet is shut down or
    /// released.
    pub fn is_active(&self) -> bool {
        let running = self
            .thread
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .as_ref()
            .is_some_and(|thread| !thread.is_finished());
        self.active.load(Ordering::SeqCst) && !*self.closed.borrow() && running
    }
}

/// Calls the observer with converted states; a failing observer is logged once.
struct Forwarder {
    observer: Arc<dyn StateObserver>,
    active: Arc<AtomicBool>,
    failures: u64,
}

impl Forwarder {
    fn call(&mut self, state: CoreState) {
        if !self.active.load(Ordering::SeqCst) {
            return;
        }
        if let Err(error) = self.observer.on_state(AppState::from(state)) {
            self.failures += 1;
            if self.failures == 1 {
                tracing::warn!(%error, "the state observer failed (logged once per subscription)");
            }
        }
    }
}

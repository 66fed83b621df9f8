//! Every background task of a wallet, cancelled together.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use tokio::task::{AbortHandle, JoinHandle};

/// The wallet's tasks: effect runs and one poller per deferred id. Dropping the wallet (or
/// [`TaskRegistry::abort_all`]) cancels them all; a caller that stops waiting for an action
/// (a cancelled Kotlin coroutine) cancels nothing.
#[derive(Debug, Default)]
pub struct TaskRegistry {
    inner: Mutex<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    closed: bool,
    next_id: u64,
    effects: HashMap<u64, AbortHandle>,
    pollers: HashMap<String, AbortHandle>,
}

impl TaskRegistry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `task` in the background; `None` once the registry is closed.
    pub fn spawn<T: Send + 'static>(
        &self,
        task: impl Future<Output = T> + Send + 'static,
    ) -> Option<JoinHandle<T>> {
        let mut registry = self.lock();
        if registry.closed {
            return None;
        }
        registry.effects.retain(|_, handle| !handle.is_finished());
        let id = registry.next_id;
        registry.next_id += 1;
        let handle = tokio::spawn(task);
        registry.effects.insert(id, handle.abort_handle());
        Some(handle)
    }

    /// Starts the poller of `deferred_id` unless one runs already; true when started.
    pub fn spawn_poller(
        &self,
        deferred_id: &str,
        poller: impl Future<Output = ()> + Send + 'static,
    ) -> bool {
        let mut registry = self.lock();
        if registry.closed
            || registry
                .pollers
                .get(deferred_id)
                .is_some_and(|h| !h.is_finished())
        {
            return false;
        }
        let handle = tokio::spawn(poller);
        registry
            .pollers
            .insert(deferred_id.to_owned(), handle.abort_handle());
        true
    }

    /// Stops the poller of `deferred_id`.
    pub fn stop_poller(&self, deferred_id: &str) {
        if let Some(handle) = self.lock().pollers.remove(deferred_id) {
            handle.abort();
        }
    }

    /// Forgets a poller that ended by itself (it must not abort itself).
    pub fn poller_done(&self, deferred_id: &str) {
        self.lock().pollers.remove(deferred_id);
    }

    /// Stops every poller.
    pub fn stop_pollers(&self) {
        for (_, handle) in self.lock().pollers.drain() {
            handle.abort();
        }
    }

    /// Number of running pollers.
    pub fn pollers(&self) -> usize {
        self.lock()
            .pollers
            .values()
            .filter(|h| !h.is_finished())
            .count()
    }

    /// Cancels everything and refuses new tasks.
    pub fn abort_all(&self) {
        let mut registry = self.lock();
        registry.closed = true;
        let registry = &mut *registry;
        for handle in registry
            .effects
            .drain()
            .map(|(_, h)| h)
            .chain(registry.pollers.drain().map(|(_, h)| h))
        {
            handle.abort();
        }
    }
}

//! [`Observer`]: shows the wallet's states as they come, with their milestones, through a
//! [`Render`].
//!
//! The wallet publishes states on a watch channel, which keeps only the latest: a state that
//! lives for microseconds (a binding `Bound` just before it is put away) could be skipped by a
//! background observer alone. So the command's own flow also calls [`Sync::now`] at each step it
//! waited for; both paths show the *latest* state under one lock, so lines never go back in time
//! and nothing is shown twice.

use std::sync::{Arc, Mutex};

use swip_core::journey::AppState;
use swip_core::wallet::Wallet;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::milestone;

/// Shows journey states as they come.
pub trait Render: Send + 'static {
    /// A new state and the milestone lines that changed with it (maybe none).
    fn state(&mut self, state: &AppState, milestones: &[String]);
}

/// Shows the wallet's latest state now, if it was not shown yet. Cheap to clone.
#[derive(Clone)]
pub struct Sync(Arc<dyn Fn() + Send + std::marker::Sync>);

impl Sync {
    /// Shows the latest state if it is new.
    pub fn now(&self) {
        (self.0)();
    }
}

/// A running observer; [`Observer::finish`] shows the last state and stops it.
pub struct Observer {
    sync: Sync,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

struct Shown<R> {
    last: Option<AppState>,
    render: R,
}

impl Observer {
    /// Starts following `wallet`; the current state is shown at once.
    pub fn start<R: Render>(wallet: &Wallet, render: R) -> Self {
        let latest: watch::Receiver<AppState> = wallet.subscribe();
        let shown = Arc::new(Mutex::new(Shown { last: None, render }));
        let sync = Sync(Arc::new(move || {
            let mut shown = shown
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let state = latest.borrow().clone();
            if shown.last.as_ref() != Some(&state) {
                let lines = milestone::changes(shown.last.as_ref(), &state);
                shown.render.state(&state, &lines);
                shown.last = Some(state);
            }
        }));
        sync.now();
        let mut changes = wallet.subscribe();
        changes.borrow_and_update();
        let (stop, mut stopped) = oneshot::channel();
        let follow = sync.clone();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    biased;
                    _ = &mut stopped => break,
                    changed = changes.changed() => {
                        if changed.is_err() {
                            break;
                        }
                        changes.borrow_and_update();
                        follow.now();
                    }
                }
            }
        });
        Observer { sync, stop, task }
    }

    /// A handle for the command's flow.
    pub fn sync(&self) -> Sync {
        self.sync.clone()
    }

    /// Shows the latest state if it was not shown yet, and stops.
    pub async fn finish(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
        self.sync.now();
    }
}

//! The one tokio runtime of the library, built on first use and kept for the life of the process.
//!
//! Every future of the core runs here: an async export spawns its work with [`run`] and awaits
//! the task's handle, and a sync export that starts a task spawns it through [`handle`]. So
//! there is no "no reactor running" whatever thread Kotlin or Swift calls from, and the core's
//! background tasks (polls, effects, observers) share one pool of two workers.
//!
//! Why not `#[uniffi::export(async_runtime = "tokio")]`: it wraps each future in
//! `async_compat::Compat`, which enters async-compat's own fallback runtime (a second runtime with
//! its own thread) whenever the calling thread has none — always the case for a JVM or Swift
//! thread. Spawning on the runtime below and awaiting the `JoinHandle` (which needs no runtime to
//! be polled) keeps one runtime in one place.
//!
//! Cancellation: when a Kotlin coroutine or Swift task awaiting an export is cancelled, uniffi
//! drops the export's future, which drops only the `JoinHandle`. The spawned work goes on to its
//! end and the core's state stays consistent (the core owns its work; callers only wait for it).

use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;

use tokio::runtime::{Handle, Runtime};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::error::SwipError;

/// Worker threads: the core is I/O-bound and mobile CPUs are shared with the UI.
const WORKER_THREADS: usize = 2;

/// The runtime, or why it could not be built (kept so every call reports it instead of panicking).
static RUNTIME: LazyLock<Result<Runtime, String>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .thread_name("swip-core")
        .enable_all()
        .build()
        .map_err(|error| format!("the async runtime could not start: {error}"))
});

/// The runtime's handle.
pub(crate) fn handle() -> Result<&'static Handle, SwipError> {
    match &*RUNTIME {
        Ok(runtime) => Ok(runtime.handle()),
        Err(reason) => Err(SwipError::Internal {
            detail: reason.clone(),
        }),
    }
}

/// Runs `work` on the runtime and waits for its result. Dropping the returned future (a
/// cancelled coroutine) stops the waiting, not the work. A panic of the work is reported as
/// [`SwipError::Internal`].
pub(crate) async fn run<T, F>(work: F) -> Result<T, SwipError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, SwipError>> + Send + 'static,
{
    let (task, result) = spawn_erased(work)?;
    finished(task.await, result).await
}

/// Like [`run`], but dropping the returned future (a cancelled coroutine) aborts the work too:
/// for waits that belong to the caller, not to the wallet.
pub(crate) async fn run_abortable<T, F>(work: F) -> Result<T, SwipError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, SwipError>> + Send + 'static,
{
    /// Aborts the task when the caller stops waiting.
    struct AbortOnDrop(tokio::task::AbortHandle);
    impl Drop for AbortOnDrop {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let (task, result) = spawn_erased(work)?;
    let _abort = AbortOnDrop(task.abort_handle());
    finished(task.await, result).await
}

/// A task of the runtime whose result travels apart from it.
type Erased = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Where an erased task's result arrives.
type Outcome<T> = oneshot::Receiver<Result<T, SwipError>>;

/// Spawns `work` as a task of one type for every export (its result goes through the returned
/// channel): tokio's task machinery is compiled once, not once per export (it was about 2.4 KB
/// of code per spawned type).
fn spawn_erased<T, F>(work: F) -> Result<(JoinHandle<()>, Outcome<T>), SwipError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, SwipError>> + Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    let task: Erased = Box::pin(async move {
        // The receiver is gone only when the caller stopped waiting.
        let _ = sender.send(work.await);
    });
    Ok((handle()?.spawn(task), receiver))
}

/// The result of a finished task: its own, or [`SwipError::Internal`] for a panic.
async fn finished<T>(
    joined: Result<(), tokio::task::JoinError>,
    result: Outcome<T>,
) -> Result<T, SwipError> {
    match joined {
        // The task ended normally, so it sent its result.
        Ok(()) => result.await.unwrap_or_else(|_| {
            Err(SwipError::Internal {
                detail: "the core's task ended without a result".into(),
            })
        }),
        Err(error) if error.is_panic() => Err(SwipError::Internal {
            detail: format!("the core panicked: {}", panic_text(error.into_panic())),
        }),
        Err(_) => Err(SwipError::Internal {
            detail: "the core's task was cancelled (the runtime is shutting down)".into(),
        }),
    }
}

/// What the library's runtime is doing, for diagnostics and leak tests.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuntimeDiagnostics {
    /// Tasks alive now: observers, polls, actions under way, waits.
    pub alive_tasks: i64,
    /// Worker threads.
    pub worker_threads: i32,
}

/// What the library's runtime is doing now (starts it if needed).
#[uniffi::export]
pub fn runtime_diagnostics() -> Result<RuntimeDiagnostics, SwipError> {
    let metrics = handle()?.metrics();
    Ok(RuntimeDiagnostics {
        alive_tasks: i64::try_from(metrics.num_alive_tasks()).unwrap_or(i64::MAX),
        worker_threads: i32::try_from(metrics.num_workers()).unwrap_or(i32::MAX),
    })
}

/// The text of a panic payload.
pub(crate) fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_on_the_runtime_from_a_thread_without_one() {
        let inside = block_on_foreign_thread(run(async { Ok(Handle::try_current().is_ok()) }));
        assert_eq!(inside, Ok(true));
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: Result<(), SwipError> = block_on_foreign_thread(run(async { panic!("boom") }));
        match result {
            Err(SwipError::Internal { detail }) => assert!(detail.contains("boom"), "{detail}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_abandoned_wait_is_aborted_an_abandoned_action_is_not() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::time::Duration;

        let finished = Arc::new(AtomicBool::new(false));
        let done = finished.clone();
        let action = run(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            done.store(true, Ordering::SeqCst);
            Ok(())
        });
        let (sender, receiver) = tokio::sync::oneshot::channel::<()>();
        let wait = run_abortable(async move {
            let _sender = sender; // dropped (closing the channel) when the task ends
            std::future::pending::<Result<(), SwipError>>().await
        });
        // Poll each once (which spawns them), then drop them as a cancelled coroutine would.
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let (mut action, mut wait) = (Box::pin(action), Box::pin(wait));
        assert!(action.as_mut().poll(&mut context).is_pending());
        assert!(wait.as_mut().poll(&mut context).is_pending());
        drop((action, wait));
        // The wait's task is gone (its sender dropped); the action ran to its end.
        assert!(block_on_foreign_thread(receiver).is_err());
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !finished.load(Ordering::SeqCst) {
            assert!(
                std::time::Instant::now() < deadline,
                "the action never finished"
            );
            std::thread::yield_now();
        }
    }

    /// Polls a future on this thread, which has no runtime, as a JVM or Swift thread would.
    fn block_on_foreign_thread<T>(future: impl Future<Output = T>) -> T {
        use std::sync::Arc;
        use std::task::{Context, Poll, Wake, Waker};

        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut context = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            match future.as_mut().poll(&mut context) {
                Poll::Ready(value) => return value,
                Poll::Pending => std::thread::park(),
            }
        }
    }
}

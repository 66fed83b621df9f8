//! Following a deferred operation: a status poll every interval until a final status or the
//! deadline.

use std::sync::Arc;

use tokio::time::Instant;

use crate::journey::{Outcome, PollKind};
use crate::session::SessionError;

use super::Inner;
use super::retry::Backoff;

/// Polls `deferred_id` every `poll_interval` until SUCCESS / FAIL or the deadline of `kind`.
/// 429 and code 22 wait their `Retry-After`; transient failures back off; a lost session reports
/// `SessionExpired` and keeps trying until the user unlocks or the deadline passes. Ends with a
/// final status or [`Outcome::PollDeadline`]: never silently.
pub(super) async fn poll(inner: Arc<Inner>, deferred_id: String, kind: PollKind) {
    let deadline = Instant::now() + inner.config.deadline(kind);
    let mut backoff = Backoff::new(inner.config.initial_backoff, inner.config.max_backoff);
    let mut polls: u32 = 0;
    loop {
        let result = inner
            .session
            .call(|call| Box::pin(call.api.deferred_status(call.token, &deferred_id)))
            .await;
        polls += 1;
        let delay = match result {
            Ok(response) => {
                backoff.reset(inner.config.initial_backoff);
                let is_final = response.status.is_final();
                inner.feed(Outcome::Polled {
                    deferred_id: deferred_id.clone(),
                    status: response.status,
                    error_message: response.error_message,
                    error_code: response.error_code,
                });
                if is_final {
                    tracing::debug!(polls, ?kind, "deferred operation finished");
                    break;
                }
                inner.config.poll_interval
            }
            Err(SessionError::PinNeeded(_)) => {
                inner.feed(Outcome::SessionExpired);
                backoff.next_delay()
            }
            Err(SessionError::Api(error)) => {
                tracing::debug!(%error, "status poll failed");
                error
                    .retry_after()
                    .unwrap_or_else(|| backoff.next_delay())
                    .max(inner.config.poll_interval)
            }
            Err(error) => {
                tracing::debug!(%error, "status poll failed");
                backoff.next_delay()
            }
        };
        let now = Instant::now();
        if now >= deadline {
            tracing::debug!(polls, ?kind, "deadline reached without a final status");
            inner.feed(Outcome::PollDeadline {
                deferred_id: deferred_id.clone(),
            });
            break;
        }
        tokio::time::sleep(delay.min(deadline - now)).await;
    }
    inner.tasks.poller_done(&deferred_id);
}

//! Retrying requests that are safe to repeat, with back-off.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::api::{ApiError, TimeoutPhase};
use crate::session::SessionError;

use super::WalletConfig;

/// Exponential back-off: `initial`, doubled each time, capped at `max`.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    /// Starts at `initial`.
    pub fn new(initial: Duration, max: Duration) -> Self {
        Backoff { next: initial, max }
    }

    /// The next delay.
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        delay
    }

    /// Back to the first delay.
    pub fn reset(&mut self, initial: Duration) {
        self.next = initial;
    }
}

/// True when `error` may be retried for a request that is (or is not) `idempotent`.
pub fn retryable(error: &SessionError, idempotent: bool) -> bool {
    match error {
        SessionError::Api(api) => api.is_retry_safe(idempotent),
        SessionError::PinNeeded(_) | SessionError::Store(_) | SessionError::EmptyToken => false,
    }
}

/// True when the server may have carried out a request that failed this way: the answer was lost
/// (dropped connection, timeout after sending, unreadable 2xx) or the server failed midway (5xx but
/// 503).
pub fn may_have_acted(error: &SessionError) -> bool {
    match error {
        SessionError::Api(api) => match api {
            ApiError::ConnectionLost
            | ApiError::Timeout {
                phase: TimeoutPhase::Response,
            }
            | ApiError::Decode { .. } => true,
            ApiError::Server { status, .. } => *status >= 500 && *status != 503,
            _ => false,
        },
        _ => false,
    }
}

/// True when the server certainly left this try alone: never sent, or turned away before any work
/// (429, 503). Such an answer says nothing about an earlier try.
fn turned_away(error: &SessionError) -> bool {
    match error {
        SessionError::Api(api) => match api {
            ApiError::Offline
            | ApiError::RateLimited { .. }
            | ApiError::Timeout {
                phase: TimeoutPhase::Connect,
            } => true,
            ApiError::Server { status, .. } => *status == 503,
            _ => false,
        },
        _ => false,
    }
}

/// Runs `request` up to `config.max_attempts` times while its failure is safe to retry, waiting
/// the server's `Retry-After` or the back-off between tries. A `Retry-After` longer than
/// `config.max_backoff` (the SMS limit's minute) is not waited out behind a spinner: the error is
/// returned, and the state shows when to try again.
///
/// When an earlier try may have been carried out and the last one was merely turned away (429,
/// 503, offline), the earlier failure is returned: the outcome is in doubt, not refused.
pub async fn with_retries<T, F, Fut>(
    config: &WalletConfig,
    idempotent: bool,
    request: F,
) -> Result<T, SessionError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SessionError>>,
{
    retry_loop(config, idempotent, None, request).await
}

/// As [`with_retries`] for a request carrying an `Idempotency-Key` whose outcome could not be
/// followed if it stayed in doubt (a card binding: without its server id nothing can be polled):
/// tries go on, at most every `config.max_backoff`, until `deadline` rather than
/// `config.max_attempts`.
pub async fn with_retries_until<T, F, Fut>(
    config: &WalletConfig,
    deadline: Instant,
    request: F,
) -> Result<T, SessionError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SessionError>>,
{
    retry_loop(config, true, Some(deadline), request).await
}

async fn retry_loop<T, F, Fut>(
    config: &WalletConfig,
    idempotent: bool,
    deadline: Option<Instant>,
    mut request: F,
) -> Result<T, SessionError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SessionError>>,
{
    let mut backoff = Backoff::new(config.initial_backoff, config.max_backoff);
    let mut attempt = 1;
    let mut in_doubt: Option<SessionError> = None;
    loop {
        let error = match request().await {
            Ok(answer) => return Ok(answer),
            Err(error) => error,
        };
        if may_have_acted(&error) {
            in_doubt.get_or_insert_with(|| error.clone());
        }
        let more = match deadline {
            Some(deadline) => Instant::now() < deadline,
            None => attempt < config.max_attempts,
        };
        let delay = match &error {
            SessionError::Api(api) => match api.retry_after() {
                Some(wait) if wait > config.max_backoff => None,
                Some(wait) => Some(wait),
                None => Some(backoff.next_delay()),
            },
            _ => Some(backoff.next_delay()),
        };
        match delay {
            Some(delay) if more && retryable(&error, idempotent) => {
                tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            _ => {
                return Err(match in_doubt {
                    Some(earlier) if turned_away(&error) => earlier,
                    _ => error,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(3));
        let delays: Vec<u64> = (0..5)
            .map(|_| backoff.next_delay().as_millis() as u64)
            .collect();
        assert_eq!(delays, vec![500, 1000, 2000, 3000, 3000]);
    }
}

//! Retrying requests that are safe to repeat, with back-off.

use std::future::Future;
use std::time::Duration;

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

/// Runs `request` up to `config.max_attempts` times while its failure is safe to retry, waiting
/// the server's `Retry-After` or the back-off between tries.
pub async fn with_retries<T, F, Fut>(
    config: &WalletConfig,
    idempotent: bool,
    mut request: F,
) -> Result<T, SessionError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SessionError>>,
{
    let mut backoff = Backoff::new(config.initial_backoff, config.max_backoff);
    let mut attempt = 1;
    loop {
        match request().await {
            Err(error) if attempt < config.max_attempts && retryable(&error, idempotent) => {
                let delay = match &error {
                    SessionError::Api(api) => {
                        api.retry_after().unwrap_or_else(|| backoff.next_delay())
                    }
                    _ => backoff.next_delay(),
                };
                tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            other => return other,
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

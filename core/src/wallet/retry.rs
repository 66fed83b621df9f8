//! Retrying requests that are safe to repeat, with back-off.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};
use tokio::time::Instant;

use crate::api::{ApiError, TimeoutPhase};
use crate::session::SessionError;

use super::WalletConfig;

/// Exponential back-off with jitter: nominally `initial`, doubled each time, capped at `max`; each
/// delay actually waited is drawn between half the nominal delay and all of it ("equal jitter").
///
/// The jitter is what keeps a fleet of phones from retrying in lockstep after an outage: they all
/// failed at the same moment, and without it they would all come back at the same moments too.
/// Half the delay stays fixed, so no retry comes sooner than half of what the plain schedule says.
/// [`Backoff::new`] seeds the jitter from the system's random generator; [`Backoff::seeded`] from
/// a given number, for tests that must wait the same delays on every run.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    max: Duration,
    jitter: Jitter,
}

impl Backoff {
    /// Starts at `initial`, with jitter seeded from the system's random generator.
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self::seeded(initial, max, Jitter::system_seed())
    }

    /// Starts at `initial`, with jitter drawn from `seed`: the same seed waits the same delays.
    pub fn seeded(initial: Duration, max: Duration, seed: u64) -> Self {
        Backoff {
            next: initial,
            max,
            jitter: Jitter(seed),
        }
    }

    /// The next delay to wait: between half the nominal delay and all of it.
    pub fn next_delay(&mut self) -> Duration {
        let nominal = self.next;
        self.next = (self.next * 2).min(self.max);
        let half = nominal / 2;
        let spread = u64::try_from((nominal - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(self.jitter.below(spread.saturating_add(1)))
    }

    /// Back to the first delay.
    pub fn reset(&mut self, initial: Duration) {
        self.next = initial;
    }
}

/// The jitter's source: SplitMix64, a small, fast generator. Not for secrets: it only spreads
/// retries in time.
#[derive(Debug, Clone)]
struct Jitter(u64);

impl Jitter {
    /// A seed from the system's secure generator; should that fail, from the clock and this
    /// process (still different from phone to phone).
    fn system_seed() -> u64 {
        let mut bytes = [0u8; 8];
        match SystemRandom::new().fill(&mut bytes) {
            Ok(()) => u64::from_le_bytes(bytes),
            Err(_) => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64);
                nanos ^ u64::from(std::process::id()).rotate_left(32)
            }
        }
    }

    /// A number in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        z % bound.max(1)
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
pub async fn with_retries<'f, T, F, Fut>(
    config: &WalletConfig,
    idempotent: bool,
    mut request: F,
) -> Result<T, SessionError>
where
    F: FnMut() -> Fut + Send,
    Fut: Future<Output = Result<T, SessionError>> + Send + 'f,
{
    retry_loop(config, idempotent, None, &mut || Box::pin(request())).await
}

/// As [`with_retries`] for a request carrying an `Idempotency-Key` whose outcome could not be
/// followed if it stayed in doubt (a card binding: without its server id nothing can be polled):
/// tries go on, at most every `config.max_backoff`, until `deadline` rather than
/// `config.max_attempts`.
pub async fn with_retries_until<'f, T, F, Fut>(
    config: &WalletConfig,
    deadline: Instant,
    mut request: F,
) -> Result<T, SessionError>
where
    F: FnMut() -> Fut + Send,
    Fut: Future<Output = Result<T, SessionError>> + Send + 'f,
{
    retry_loop(config, true, Some(deadline), &mut || Box::pin(request())).await
}

/// One try of a request, boxed: the loop below is compiled once per answer type, not once per
/// request's closure.
type Try<'r, 'f, T> =
    dyn FnMut() -> Pin<Box<dyn Future<Output = Result<T, SessionError>> + Send + 'f>> + Send + 'r;

async fn retry_loop<T>(
    config: &WalletConfig,
    idempotent: bool,
    deadline: Option<Instant>,
    request: &mut Try<'_, '_, T>,
) -> Result<T, SessionError> {
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
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use swip_protocol::ErrorCode;

    use super::*;

    fn nominal_schedule() -> Vec<u64> {
        vec![500, 1000, 2000, 3000, 3000]
    }

    fn delays(backoff: &mut Backoff) -> Vec<u64> {
        (0..5)
            .map(|_| backoff.next_delay().as_millis() as u64)
            .collect()
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_each_delay_jittered_within_its_upper_half() {
        for seed in 0..200 {
            let mut backoff =
                Backoff::seeded(Duration::from_millis(500), Duration::from_secs(3), seed);
            for (delay, nominal) in delays(&mut backoff).into_iter().zip(nominal_schedule()) {
                assert!(
                    (nominal / 2..=nominal).contains(&delay),
                    "seed {seed}: {delay} ms is not within [{}, {nominal}] ms",
                    nominal / 2
                );
            }
        }
    }

    #[test]
    fn the_same_seed_waits_the_same_delays_and_phones_do_not_retry_in_lockstep() {
        let backoff = || Backoff::seeded(Duration::from_millis(500), Duration::from_secs(8), 42);
        assert_eq!(delays(&mut backoff()), delays(&mut backoff()));

        // A fleet of 100 phones that failed at the same moment: their first retries are spread
        // over the upper half of the first delay, not stacked on one instant.
        let mut firsts: Vec<Duration> = (0..100)
            .map(|_| Backoff::new(Duration::from_millis(500), Duration::from_secs(8)).next_delay())
            .collect();
        firsts.sort();
        firsts.dedup();
        assert!(
            firsts.len() > 90,
            "only {} distinct first delays",
            firsts.len()
        );
        let spread = firsts[firsts.len() - 1] - firsts[0];
        assert!(spread > Duration::from_millis(150), "spread {spread:?}");
    }

    #[test]
    fn reset_starts_the_schedule_over() {
        let mut backoff = Backoff::seeded(Duration::from_millis(500), Duration::from_secs(8), 7);
        for _ in 0..4 {
            backoff.next_delay();
        }
        backoff.reset(Duration::from_millis(500));
        let delay = backoff.next_delay();
        assert!(delay >= Duration::from_millis(250) && delay <= Duration::from_millis(500));
    }

    fn config() -> WalletConfig {
        WalletConfig::new("http://127.0.0.1:1")
    }

    fn server(status: u16, code: ErrorCode) -> SessionError {
        SessionError::Api(ApiError::Server {
            status,
            code,
            description: String::new(),
            field_errors: vec![],
            retry_after: None,
            attempts_left: None,
        })
    }

    fn rate_limited() -> SessionError {
        SessionError::Api(ApiError::RateLimited {
            retry_after: Duration::from_secs(1),
            status: 429,
            code: ErrorCode::RequestLimitExceeded,
            description: String::new(),
        })
    }

    /// Runs `retry_loop` with a request answering `script` in order; returns its result and how
    /// many tries were made.
    async fn run_script(
        idempotent: bool,
        script: Vec<Result<&'static str, SessionError>>,
    ) -> (Result<&'static str, SessionError>, usize) {
        let script = Mutex::new(VecDeque::from(script));
        let tries = Mutex::new(0);
        let result = with_retries(&config(), idempotent, || async {
            *tries.lock().unwrap() += 1;
            script
                .lock()
                .unwrap()
                .pop_front()
                .expect("the request was tried more often than scripted")
        })
        .await;
        (result, tries.into_inner().unwrap())
    }

    fn is_connection_lost(error: &SessionError) -> bool {
        matches!(error, SessionError::Api(ApiError::ConnectionLost))
    }

    #[tokio::test(start_paused = true)]
    async fn an_earlier_try_in_doubt_wins_over_a_later_one_merely_turned_away() {
        // Lost answer (the server may have acted), then three tries turned away before any work:
        // the outcome is in doubt, not refused.
        let (result, tries) = run_script(
            true,
            vec![
                Err(SessionError::Api(ApiError::ConnectionLost)),
                Err(SessionError::Api(ApiError::Offline)),
                Err(rate_limited()),
                Err(server(503, ErrorCode::Unknown(0))),
            ],
        )
        .await;
        assert_eq!(tries, 4);
        let error = result.unwrap_err();
        assert!(is_connection_lost(&error), "{error:?}");
        assert!(may_have_acted(&error));
    }

    #[tokio::test(start_paused = true)]
    async fn a_later_definite_answer_replaces_an_earlier_doubt() {
        // The retry reached the server and was refused for a reason of its own (400): that answer
        // is about this very request, so it is the outcome.
        let (result, tries) = run_script(
            true,
            vec![
                Err(server(500, ErrorCode::Unknown(0))),
                Err(server(400, ErrorCode::Unknown(0))),
            ],
        )
        .await;
        assert_eq!(tries, 2);
        assert!(matches!(
            result,
            Err(SessionError::Api(ApiError::Server { status: 400, .. }))
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn turned_away_without_any_doubt_reports_the_last_refusal() {
        let (result, tries) = run_script(
            true,
            vec![
                Err(SessionError::Api(ApiError::Offline)),
                Err(SessionError::Api(ApiError::Offline)),
                Err(SessionError::Api(ApiError::Offline)),
                Err(rate_limited()),
            ],
        )
        .await;
        assert_eq!(tries, 4);
        assert!(matches!(
            result,
            Err(SessionError::Api(ApiError::RateLimited { .. }))
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_success_after_a_doubt_is_a_success() {
        let (result, tries) = run_script(
            true,
            vec![
                Err(SessionError::Api(ApiError::ConnectionLost)),
                Err(SessionError::Api(ApiError::Offline)),
                Ok("paid"),
            ],
        )
        .await;
        assert_eq!((result.unwrap(), tries), ("paid", 3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_that_is_not_idempotent_is_not_repeated_once_in_doubt() {
        let (result, tries) = run_script(
            false,
            vec![Err(SessionError::Api(ApiError::ConnectionLost))],
        )
        .await;
        assert_eq!(tries, 1);
        assert!(is_connection_lost(&result.unwrap_err()));
    }
}

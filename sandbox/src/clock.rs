//! The sandbox clock: wall-clock milliseconds that follow tokio's clock and can be moved forward.
//!
//! `now = start_time + (tokio::time::Instant::now() − start instant) + advanced offset`. Because it
//! reads tokio's clock, a test running with `#[tokio::test(start_paused = true)]` sees virtual time
//! in the sandbox too. Token expiry, SMS limits, cryptogram freshness and the progress of deferred
//! operations are all measured on this clock, and every response's `Date` header comes from it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// The sandbox's notion of "now".
#[derive(Debug)]
pub struct SandboxClock {
    start_ms: i64,
    start: Instant,
    advanced_ms: AtomicI64,
}

impl SandboxClock {
    /// A clock reading `start_ms` now (or the wall clock when `None`).
    pub fn new(start_ms: Option<i64>) -> Self {
        let start_ms = start_ms.unwrap_or_else(wall_clock_ms);
        Self {
            start_ms,
            start: Instant::now(),
            advanced_ms: AtomicI64::new(0),
        }
    }

    /// Milliseconds since 1970-01-01 on the sandbox clock.
    pub fn now_ms(&self) -> i64 {
        let elapsed = i64::try_from(self.start.elapsed().as_millis()).unwrap_or(i64::MAX / 4);
        self.start_ms
            .saturating_add(elapsed)
            .saturating_add(self.advanced_ms.load(Ordering::SeqCst))
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: u64) {
        let ms = i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX / 4);
        let _ = self
            .advanced_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |current| {
                Some(current.saturating_add(ms))
            });
    }

    /// The `Date` header value for now: an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    pub fn http_date(&self) -> String {
        let ms = u64::try_from(self.now_ms()).unwrap_or(0);
        httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(ms))
    }
}

/// The machine's wall clock in milliseconds since 1970.
fn wall_clock_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(0))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn follows_tokio_time_and_advances() {
        let clock = SandboxClock::new(Some(1_000_000));
        assert_eq!(clock.now_ms(), 1_000_000);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(clock.now_ms(), 1_001_500);
        clock.advance(60);
        assert_eq!(clock.now_ms(), 1_061_500);
        assert_eq!(clock.http_date(), "Thu, 01 Jan 1970 00:17:41 GMT");
    }
}

//! [`ServerClock`]: the server's time, estimated from its last `Date` header and the monotonic
//! time elapsed since, never from the device's wall clock (which users set wrong).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// One observation of the server's clock: its `Date` and the monotonic instant it arrived.
/// "Server now" is that date plus the monotonic time elapsed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerClock {
    server_time: SystemTime,
    observed_at: Instant,
}

impl ServerClock {
    /// The server said `server_time` in an answer that arrived at `observed_at`.
    pub fn observed(server_time: SystemTime, observed_at: Instant) -> Self {
        Self {
            server_time,
            observed_at,
        }
    }

    /// The server's time now.
    pub fn now(&self) -> SystemTime {
        self.at(Instant::now())
    }

    /// The server's time at `instant` (a moment before the observation counts as the observation).
    pub fn at(&self, instant: Instant) -> SystemTime {
        self.server_time + instant.saturating_duration_since(self.observed_at)
    }

    /// Whether `other` is a later observation than this one.
    pub fn is_older_than(&self, other: &ServerClock) -> bool {
        self.observed_at < other.observed_at
    }
}

/// Milliseconds since 1970 (negative before).
pub fn unix_ms(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// The time `ms` milliseconds after 1970 (before, when negative).
pub fn from_unix_ms(ms: i64) -> SystemTime {
    if ms >= 0 {
        UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn server_now_moves_with_the_monotonic_clock_only() {
        let date = from_unix_ms(1_700_000_000_000);
        let clock = ServerClock::observed(date, Instant::now());
        assert_eq!(clock.now(), date);
        tokio::time::advance(Duration::from_secs(3000)).await;
        assert_eq!(clock.now(), date + Duration::from_secs(3000));
        // An instant before the observation does not go back in time.
        let earlier = Instant::now() - Duration::from_secs(4000);
        assert_eq!(clock.at(earlier), date);
    }

    #[test]
    fn unix_ms_round_trips() {
        for ms in [0, 1, 1_700_000_000_123, -5_000] {
            assert_eq!(unix_ms(from_unix_ms(ms)), ms);
        }
    }
}

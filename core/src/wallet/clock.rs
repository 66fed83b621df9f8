//! The wallet's wall clock, on tokio's monotonic clock so paused-time tests control it.

use std::time::SystemTime;

use tokio::time::Instant;

use crate::session::unix_ms;

/// Wall-clock time as of the wallet's creation, moved forward by tokio's monotonic clock: immune
/// to the device's clock being changed while the app runs, and virtual under paused time.
#[derive(Debug, Clone, Copy)]
pub struct WalletClock {
    base_ms: i64,
    base: Instant,
}

impl WalletClock {
    /// Starts now.
    pub fn start() -> Self {
        WalletClock {
            base_ms: unix_ms(SystemTime::now()),
            base: Instant::now(),
        }
    }

    /// Now, ms since 1970.
    pub fn now_ms(&self) -> i64 {
        self.base_ms + self.base.elapsed().as_millis() as i64
    }
}

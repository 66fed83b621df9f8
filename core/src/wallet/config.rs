//! How a wallet is set up.

use std::time::Duration;

use crate::api::{ApiConfig, ApiError};
use crate::journey::PollKind;

/// Everything a [`super::Wallet`] needs besides its secure store.
#[derive(Debug, Clone)]
pub struct WalletConfig {
    /// The SWiP server: base URL and timeouts.
    pub api: ApiConfig,
    /// Interval between status polls (the contract says one second).
    pub poll_interval: Duration,
    /// How long a card binding (3-D Secure included) is followed before it is `Unknown`.
    pub binding_deadline: Duration,
    /// How long a payment is followed before it is `Unknown`.
    pub payment_deadline: Duration,
    /// Attempts of a request that is safe to repeat (first try included).
    pub max_attempts: u32,
    /// First back-off delay after a transient failure; doubled each time up to `max_backoff`.
    pub initial_backoff: Duration,
    /// Longest back-off delay.
    pub max_backoff: Duration,
    /// The URL a 3-D Secure page ends on; `None` means `<base URL>/ext/3ds-return`.
    pub three_ds_return_url: Option<String>,
}

impl WalletConfig {
    /// Defaults for the server at `base_url`.
    pub fn new(base_url: impl Into<String>) -> Self {
        WalletConfig {
            api: ApiConfig::new(base_url),
            poll_interval: Duration::from_secs(1),
            binding_deadline: Duration::from_secs(300),
            payment_deadline: Duration::from_secs(120),
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            three_ds_return_url: None,
        }
    }

    /// The same config with the server's certificate pins (SPKI SHA-256, `sha256/<base64>`): at
    /// least two different ones, the key in use and a backup (`ApiConfig::with_certificate_pins`).
    pub fn with_certificate_pins<S: AsRef<str>>(mut self, pins: &[S]) -> Result<Self, ApiError> {
        self.api = self.api.with_certificate_pins(pins)?;
        Ok(self)
    }

    /// The deadline of a poll of `kind`.
    pub fn deadline(&self, kind: PollKind) -> Duration {
        match kind {
            PollKind::Binding => self.binding_deadline,
            PollKind::Payment => self.payment_deadline,
        }
    }

    /// The 3-D Secure return URL in force.
    pub fn return_url(&self) -> String {
        self.three_ds_return_url
            .clone()
            .unwrap_or_else(|| swip_protocol::rules::three_ds::return_endpoint(&self.api.base_url))
    }
}

//! [`ApiConfig`]: where the API is and how long to wait for it.

use std::net::IpAddr;
use std::time::Duration;

use super::error::ApiError;
use super::tls::{self, SpkiPin};

/// Connection settings of an [`ApiClient`](super::ApiClient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// The server's base URL, e.g. `https://api.swip.example` (a trailing `/` is ignored).
    pub base_url: String,
    /// Longest wait to open a connection (TCP and TLS). Default 10 s.
    pub connect_timeout: Duration,
    /// Longest wait for a whole request, from sending to the last byte of the answer. Default 30 s.
    pub request_timeout: Duration,
    /// Largest answer body read; a bigger one is a decode error. Default 4 MiB.
    pub max_response_bytes: usize,
    /// Allow `http://` to a host that is not loopback (an emulator reaching the host's sandbox).
    /// Off by default: plain HTTP is accepted only for 127.0.0.0/8, `::1` and `localhost`.
    pub allow_plain_http: bool,
    /// SPKI SHA-256 pins of the server's keys (module [`tls`](super::tls)); empty: no pinning,
    /// the platform verifier alone decides. When set, at least two different pins (the key in
    /// use and a backup), else [`ApiClient::new`](super::ApiClient::new) refuses the config.
    pub certificate_pins: Vec<SpkiPin>,
}

impl ApiConfig {
    /// Default connect timeout.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default request timeout.
    pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default body size limit.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

    /// Settings for `base_url` with the default timeouts.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            request_timeout: Self::DEFAULT_REQUEST_TIMEOUT,
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
            allow_plain_http: false,
            certificate_pins: Vec::new(),
        }
    }

    /// The same settings with certificate pins, each `sha256/<base64>` or `<base64>`. Fails on a
    /// pin that does not read or when fewer than two different pins are given.
    pub fn with_certificate_pins<S: AsRef<str>>(mut self, pins: &[S]) -> Result<Self, ApiError> {
        let pins = pins
            .iter()
            .map(|pin| pin.as_ref().parse::<SpkiPin>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ApiError::InvalidRequest {
                reason: "a certificate pin is not base64 of a SHA-256",
            })?;
        tls::check_pins(&pins)?;
        if pins.is_empty() {
            return Err(ApiError::InvalidRequest {
                reason: "certificate pinning needs at least two different pins (one a backup key)",
            });
        }
        self.certificate_pins = pins;
        Ok(self)
    }

    /// The same settings with other timeouts.
    pub fn with_timeouts(mut self, connect: Duration, request: Duration) -> Self {
        self.connect_timeout = connect;
        self.request_timeout = request;
        self
    }

    /// The base URL without its trailing `/`, checked: `https`, or `http` to a loopback host
    /// (or anywhere when [`ApiConfig::allow_plain_http`] is set).
    pub fn checked_base_url(&self) -> Result<String, ApiError> {
        let trimmed = self.base_url.trim().trim_end_matches('/');
        let url = reqwest::Url::parse(trimmed).map_err(|_| ApiError::InvalidRequest {
            reason: "the base URL is not a URL",
        })?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ApiError::InvalidRequest {
                reason: "the base URL must not have a query or fragment",
            });
        }
        match url.scheme() {
            "https" => {}
            "http" if self.allow_plain_http || is_loopback(url.host_str().unwrap_or("")) => {}
            "http" => {
                return Err(ApiError::InvalidRequest {
                    reason: "plain http is only allowed to a loopback host",
                });
            }
            _ => {
                return Err(ApiError::InvalidRequest {
                    reason: "the base URL must be http(s)",
                });
            }
        }
        Ok(trimmed.to_owned())
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        let ok = |url: &str| ApiConfig::new(url).checked_base_url();
        assert_eq!(ok("https://api.example/").unwrap(), "https://api.example");
        assert_eq!(
            ok("https://api.example/v/").unwrap(),
            "https://api.example/v"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(ok("http://[::1]:80").is_ok());
        assert!(ok("http://localhost:3000").is_ok());
        assert!(ok("http://10.0.2.2:8080").is_err());
        assert!(ok("ftp://api.example").is_err());
        assert!(ok("not a url").is_err());
        assert!(ok("https://api.example/?x=1").is_err());
        let mut emulator = ApiConfig::new("http://10.0.2.2:8080");
        emulator.allow_plain_http = true;
        assert!(emulator.checked_base_url().is_ok());
    }
}

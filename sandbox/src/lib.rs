//! SWiP sandbox: a stateful, strict, deterministic server of SWiP's in-app API
//! (`001_e552985faba85bdb.txt`, with the extensions of `docs/extensions.md`), plus QA controls
//! under `/sandbox/` that no real server offers: read the SMS code, move the clock, complete a
//! 3-D Secure challenge headlessly, inject faults, list charges and requests.
//!
//! It also serves the merchant registration API (seed 002) under `/merchant-api`, the POS API
//! (seed 000) under `/pos-api`, and the app's side of POS orders under `/ext/pos-orders`
//! (`docs/extensions.md`); see [`control::pos`] for their controls.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use swip_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! let base = sandbox.url(); // "http://127.0.0.1:PORT"
//! # let _ = base;
//! sandbox.advance_clock(60); // e.g. past the SMS resend limit
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The sandbox clock follows tokio's clock, so a test under `#[tokio::test(start_paused = true)]`
//! drives the sandbox's time too; deferred operations progress lazily from that clock.

pub mod catalog;
pub mod clock;
pub mod control;
pub mod cryptogram;
pub mod error;
pub mod extract;
pub mod faults;
pub mod html;
pub mod journal;
pub mod jwt;
pub mod middleware;
pub mod random;
pub mod routes;
mod sandbox_pos;
pub mod server;
pub mod shared;
pub mod state;
pub mod test_cards;
pub mod validation;
pub mod wire_style;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};
use tokio::task::JoinHandle;

use crate::control::{
    CardBehavior, Catalog, Charge, ChargeKind, CryptogramRequest, FaultRule, JournalEntry,
    SmsRecord, TestCard, ThreeDsError, ThreeDsOutcome,
};
use crate::shared::Shared;
pub use crate::wire_style::WireStyle;

/// How a sandbox behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Sandbox-clock time a binding or payment stays in each stage (PROCESSING, LOYALTY_CALCULATION,
    /// PROCESSING after 3-D Secure); default 2 s.
    pub processing_delay: Duration,
    /// The sandbox clock's start, ms since 1970; `None` = the wall clock now.
    pub start_time_ms: Option<i64>,
    /// Makes SMS codes, ids, keys and the token secret deterministic.
    pub seed: Option<u64>,
    /// How unset fields travel in answers: as `null` (the default, as the seeds show) or left
    /// out. [`WireStyle::from_env`] reads `SWIP_WIRE_STYLE`; `PUT /sandbox/wire-style` changes it.
    pub wire_style: WireStyle,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            processing_delay: Duration::from_secs(2),
            start_time_ms: None,
            seed: None,
            wire_style: WireStyle::default(),
        }
    }
}

/// Connections the kernel holds for the accept loop (it caps this at `net.core.somaxconn`).
/// Thousands of headless wallets connect at once in QA runs (`swip-bench scale`): with tokio's
/// default of 1,024 the rest were dropped and retried after TCP's SYN back-off (1 s, 3 s, 7 s…),
/// which stretched a 10,000-wallet run and timed connections out.
pub const LISTEN_BACKLOG: u32 = 8192;

/// A listening socket on `addr` (address reuse as `TcpListener::bind`), with [`LISTEN_BACKLOG`].
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// A running sandbox server. It stops when [`Sandbox::shutdown`] is called or when dropped.
/// Its `Debug` shows only the URL.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox on `127.0.0.1` and an ephemeral port, on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Self::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config).await
    }

    /// Starts a sandbox listening on `addr`, on the current tokio runtime.
    pub async fn start_on(addr: SocketAddr, config: SandboxConfig) -> std::io::Result<Sandbox> {
        let listener = listen(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(addr, &config));
        let server = server::spawn(listener, routes::router(shared.clone()));
        tracing::info!(%addr, "sandbox listening");
        Ok(Sandbox {
            shared,
            addr,
            server: Some(server),
        })
    }

    /// `http://IP:PORT` (an IP literal, never `localhost`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server and closes every connection.
    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }

    /// Serves until the server task ends (it does not, unless aborted): for binaries.
    pub async fn wait(mut self) {
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    /// The latest SMS sent to `phone` (as `GET /sandbox/sms?phone=`).
    pub fn latest_sms(&self, phone: &str) -> Option<SmsRecord> {
        self.shared.latest_sms(phone)
    }

    /// Moves the sandbox clock forward (as `POST /sandbox/clock/advance`).
    pub fn advance_clock(&self, seconds: u64) {
        self.shared.clock.advance(seconds);
    }

    /// The sandbox clock, ms since 1970 (as `GET /sandbox/clock`).
    pub fn now_ms(&self) -> i64 {
        self.shared.clock.now_ms()
    }

    /// The test card table (as `GET /sandbox/test-cards`).
    pub fn test_cards(&self) -> Vec<TestCard> {
        self.shared.test_cards.clone()
    }

    /// The first test card with `behavior` (every behavior has one).
    pub fn test_card(&self, behavior: CardBehavior) -> TestCard {
        let cards = &self.shared.test_cards;
        cards
            .iter()
            .find(|card| card.behavior == behavior)
            .or_else(|| cards.first())
            .cloned()
            .unwrap_or_else(|| test_cards::test_cards(2026).swap_remove(0))
    }

    /// Completes a 3-D Secure challenge (as `POST /sandbox/3ds/{deferredId}`): the binding must be
    /// in FINISH_3DS; it is then PROCESSING for another `processing_delay`, then SUCCESS or FAIL.
    pub fn complete_3ds(
        &self,
        deferred_id: &str,
        outcome: ThreeDsOutcome,
    ) -> Result<(), ThreeDsError> {
        self.shared.complete_3ds(deferred_id, outcome)
    }

    /// A cryptogram of `card` for the current key (as `POST /sandbox/cryptograms`). Returns an
    /// empty string, which the server refuses as malformed, only if the system's random generator fails.
    pub fn make_cryptogram(&self, card: &CryptogramRequest) -> String {
        self.shared.make_cryptogram(card).unwrap_or_else(|error| {
            tracing::error!(%error, "could not seal a cryptogram");
            String::new()
        })
    }

    /// The demo catalog (as `GET /sandbox/catalog`).
    pub fn catalog(&self) -> Catalog {
        self.shared.catalog.clone()
    }

    /// Every charge of an order so far (as `GET /sandbox/charges?kind=payment`): what "exactly
    /// one charge per paid order" counts. The 1-rouble holds of 3-D Secure bindings are in
    /// [`Sandbox::all_charges`].
    pub fn charges(&self) -> Vec<Charge> {
        self.shared.charges(Some(ChargeKind::Payment))
    }

    /// Every entry of `GET /sandbox/charges`: payments, and the 1-rouble hold of each 3-D Secure
    /// binding with its release.
    pub fn all_charges(&self) -> Vec<Charge> {
        self.shared.charges(None)
    }

    /// The wire style the sandbox answers in now (as `GET /sandbox/wire-style`).
    pub fn wire_style(&self) -> WireStyle {
        self.shared.wire_style.get()
    }

    /// Answers in `style` from now on (as `PUT /sandbox/wire-style`).
    pub fn set_wire_style(&self, style: WireStyle) {
        self.shared.wire_style.set(style);
    }

    /// Every request so far but those to `/sandbox/` (as `GET /sandbox/journal`).
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.shared.journal()
    }

    /// Adds a fault rule (as `POST /sandbox/faults`).
    pub fn add_fault(&self, rule: FaultRule) {
        self.shared.add_fault(rule);
    }

    /// Removes every fault rule (as `DELETE /sandbox/faults`).
    pub fn clear_faults(&self) {
        self.shared.clear_faults();
    }

    /// Forgets users, cards, orders, payments, charges, SMS, faults and the journal (as
    /// `DELETE /sandbox/state`). The clock, the cryptogram key and the token secret stay.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Replaces the cryptogram key with a new version (as `POST /sandbox/cryptogram-key/rotate`);
    /// cryptograms for the old one are refused with the message `key_version_unknown`.
    pub fn rotate_cryptogram_key(&self) {
        self.shared.rotate_cryptogram_key();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Starts a sandbox on `addr`, prints `listening on http://ADDR` as the first line of stdout
/// (flushed), then serves until the process is killed. What the `swip-sandbox` binary runs.
pub async fn serve_until_killed(addr: SocketAddr, config: SandboxConfig) -> std::io::Result<()> {
    let sandbox = Sandbox::start_on(addr, config).await?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on {}", sandbox.url())?;
    stdout.flush()?;
    drop(stdout);
    sandbox.wait().await;
    Ok(())
}

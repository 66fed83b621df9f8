//! Core overhead per call: the core's typed call (`ApiClient`, and through `Session::call`) against
//! a raw reqwest GET of the same endpoint with the same headers and client settings, on the same
//! in-process sandbox over loopback, interleaved in rounds so drift hits every kind alike.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::ACCEPT;
use swip_core::api::{ApiClient, ApiConfig};
use swip_core::session::Session;
use swip_core::store::{MemoryStore, SecureStore, Vault};
use swip_core::wallet::WalletConfig;
use swip_protocol::cards::PaymentCard;
use swip_protocol::deferred::DeferredStatusResponse;
use swip_protocol::{SecretString, headers, paths};
use swip_sandbox::{Sandbox, SandboxConfig};

use crate::journey::{self, Control};
use crate::stats::{Summary, fmt_duration, fmt_int, machine_note, summary};

/// The endpoints compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /payment-cards` (two cards).
    ListCards,
    /// `GET /deferred-results/{id}/status` (the poll).
    DeferredStatus,
}

impl Endpoint {
    /// Both, in table order.
    pub const ALL: [Endpoint; 2] = [Endpoint::ListCards, Endpoint::DeferredStatus];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::ListCards => "list_cards",
            Endpoint::DeferredStatus => "deferred_status",
        }
    }

    /// From the command line.
    pub fn parse(name: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// Who makes the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// reqwest, headers set by hand, body read as bytes (no decoding).
    RawBytes,
    /// reqwest, headers set by hand, body decoded into the protocol type: the baseline.
    RawJson,
    /// `ApiClient`'s typed method.
    Api,
    /// `Session::call` around the `ApiClient` method (token lookup, clock observation).
    Session,
}

impl Caller {
    /// Every caller, in table order.
    pub const ALL: [Caller; 4] = [
        Caller::RawBytes,
        Caller::RawJson,
        Caller::Api,
        Caller::Session,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Caller::RawBytes => "raw_bytes",
            Caller::RawJson => "raw_json",
            Caller::Api => "api",
            Caller::Session => "session",
        }
    }

    /// What the table calls it.
    pub fn label(self) -> &'static str {
        match self {
            Caller::RawBytes => "raw reqwest, body as bytes",
            Caller::RawJson => "raw reqwest + serde decode (**baseline**)",
            Caller::Api => "core `ApiClient`",
            Caller::Session => "core `Session::call` → `ApiClient`",
        }
    }

    /// From the command line.
    pub fn parse(name: &str) -> Option<Caller> {
        Caller::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A signed-in user with two cards and a paid order, and every way of calling for them.
pub struct Bench {
    _sandbox: Arc<Sandbox>,
    base: String,
    token: SecretString,
    payment: String,
    raw: reqwest::Client,
    api: ApiClient,
    session: Session,
}

impl Bench {
    /// Starts a sandbox, runs the demo journey on it (compressed time) and builds the callers.
    pub async fn start() -> Result<Bench, String> {
        let sandbox = Arc::new(
            Sandbox::start(SandboxConfig {
                processing_delay: Duration::ZERO,
                ..SandboxConfig::default()
            })
            .await
            .map_err(|e| format!("sandbox: {e}"))?,
        );
        let base = sandbox.url();
        let control = Control::new(base.clone(), Some(sandbox.clone())).await?;
        let mut config = WalletConfig::new(base.clone());
        config.poll_interval = Duration::from_millis(10);
        let store = Arc::new(MemoryStore::new());
        let report = journey::run(&control, config, store.clone(), &journey::phone(7)).await?;
        let vault = Vault::new(store as Arc<dyn SecureStore>);
        let token = vault
            .tokens()
            .map_err(|e| e.to_string())?
            .ok_or("no session after the journey")?
            .token;
        let api_config = ApiConfig::new(base.clone());
        let api = ApiClient::new(&api_config).map_err(|e| e.to_string())?;
        let session = Session::restore(api.clone(), vault).map_err(|e| e.to_string())?;
        // The same client settings as the core's: timeouts, no redirects, a user agent.
        let raw = reqwest::Client::builder()
            .connect_timeout(api_config.connect_timeout)
            .timeout(api_config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("raw-reqwest/1")
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Bench {
            _sandbox: sandbox,
            base,
            token,
            payment: report.payment,
            raw,
            api,
            session,
        })
    }

    /// One call; an error if it did not answer 200 with the expected body.
    pub async fn call(&self, endpoint: Endpoint, caller: Caller) -> Result<(), String> {
        match caller {
            Caller::RawBytes | Caller::RawJson => {
                let path = match endpoint {
                    Endpoint::ListCards => paths::PAYMENT_CARDS.to_owned(),
                    Endpoint::DeferredStatus => paths::deferred_status(&self.payment),
                };
                let response = self
                    .raw
                    .get(format!("{}{path}", self.base))
                    .header(headers::API_VERSION, headers::API_VERSION_VALUE)
                    .header(ACCEPT, "application/json")
                    .header(headers::AUTH_TOKEN, self.token.expose())
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if response.status() != reqwest::StatusCode::OK {
                    return Err(format!("status {}", response.status()));
                }
                let body = response.bytes().await.map_err(|e| e.to_string())?;
                if caller == Caller::RawJson {
                    let decoded = match endpoint {
                        Endpoint::ListCards => {
                            serde_json::from_slice::<Vec<PaymentCard>>(&body).map(|v| v.len())
                        }
                        Endpoint::DeferredStatus => {
                            serde_json::from_slice::<DeferredStatusResponse>(&body).map(|_| 1)
                        }
                    };
                    decoded.map_err(|e| e.to_string())?;
                }
                Ok(())
            }
            Caller::Api => match endpoint {
                Endpoint::ListCards => self.api.list_cards(&self.token).await.map(|_| ()),
                Endpoint::DeferredStatus => self
                    .api
                    .deferred_status(&self.token, &self.payment)
                    .await
                    .map(|_| ()),
            }
            .map_err(|e| e.to_string()),
            Caller::Session => match endpoint {
                Endpoint::ListCards => self
                    .session
                    .call(|call| Box::pin(call.api.list_cards(call.token)))
                    .await
                    .map(|_| ()),
                Endpoint::DeferredStatus => {
                    let id = self.payment.as_str();
                    self.session
                        .call(|call| Box::pin(call.api.deferred_status(call.token, id)))
                        .await
                        .map(|_| ())
                }
            }
            .map_err(|e| e.to_string()),
        }
    }
}

/// Measures every caller on every endpoint: `warmup` calls each, then `rounds` rounds of `batch`
/// timed calls per caller, callers rotated each round.
pub async fn measure(rounds: usize, batch: usize, warmup: usize) -> Result<(), String> {
    let bench = Bench::start().await?;
    println!(
        "| endpoint | caller | calls | p50 | p90 | p99 | p50 / baseline p50 |\n|---|---|---|---|---|---|---|"
    );
    for endpoint in Endpoint::ALL {
        for caller in Caller::ALL {
            for _ in 0..warmup {
                bench.call(endpoint, caller).await?;
            }
        }
        let mut samples: Vec<Vec<Duration>> =
            (0..4).map(|_| Vec::with_capacity(rounds * batch)).collect();
        for round in 0..rounds {
            for k in 0..Caller::ALL.len() {
                let index = (k + round) % Caller::ALL.len();
                let caller = Caller::ALL[index];
                for _ in 0..batch {
                    let started = Instant::now();
                    bench.call(endpoint, caller).await?;
                    samples[index].push(started.elapsed());
                }
            }
        }
        let summaries: Vec<Summary> = samples
            .iter()
            .map(|s| Summary::of(s).ok_or("no samples"))
            .collect::<Result<_, _>>()?;
        let baseline = summaries[1].p50.as_secs_f64();
        for (caller, s) in Caller::ALL.iter().zip(&summaries) {
            println!(
                "| `{}` | {} | {} | {} | {} | {} | {:.3}× |",
                endpoint.name(),
                caller.label(),
                fmt_int(s.n as u64),
                fmt_duration(s.p50),
                fmt_duration(s.p90),
                fmt_duration(s.p99),
                s.p50.as_secs_f64() / baseline
            );
        }
        let ratio = |i: usize| summaries[i].p50.as_secs_f64() / baseline;
        summary(
            &format!("Core overhead per call, `{}` (wall clock)", endpoint.name()),
            &format!(
                "p50 {} through `ApiClient` ({:.3}×), {} through `Session::call` ({:.3}×)",
                fmt_duration(summaries[2].p50),
                ratio(2),
                fmt_duration(summaries[3].p50),
                ratio(3)
            ),
            "≤ 1.10× baseline p50",
            &format!(
                "raw reqwest + serde decode, p50 {}",
                fmt_duration(summaries[1].p50)
            ),
            Some(ratio(2) <= 1.10 && ratio(3) <= 1.10),
        );
    }
    println!("\n_{}_\n", machine_note());
    Ok(())
}

/// For callgrind: `n` untimed calls after the same set-up.
pub async fn calls(endpoint: Endpoint, caller: Caller, n: usize) -> Result<(), String> {
    let bench = Bench::start().await?;
    for _ in 0..n {
        bench.call(endpoint, caller).await?;
    }
    Ok(())
}

/// Instructions per call of every caller, by callgrind: `(I(n) − I(0)) / n` of this binary's
/// `calls` mode. Skipped (with a note) when valgrind is not installed.
pub fn callgrind(n: usize) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let count = |endpoint: Endpoint, caller: Caller, n: usize| -> Result<u64, String> {
        let output = std::process::Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args(["calls", endpoint.name(), caller.name(), &n.to_string()])
            .output()
            .map_err(|e| format!("valgrind: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "valgrind {} {}: {}",
                endpoint.name(),
                caller.name(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        stderr
            .lines()
            .find_map(|line| {
                let rest = line.split("I   refs:").nth(1)?;
                rest.trim().replace(',', "").parse().ok()
            })
            .ok_or_else(|| "no `I refs` line from callgrind".to_owned())
    };
    if std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("_valgrind is not installed: instruction counts skipped._\n");
        return Ok(());
    }
    println!(
        "| endpoint | caller | instructions per call (client + sandbox) | / baseline |\n|---|---|---|---|"
    );
    let mut noise = 0;
    for endpoint in Endpoint::ALL {
        let setup = count(endpoint, Caller::RawJson, 0)?;
        let setup_again = count(endpoint, Caller::RawJson, 0)?;
        noise = noise.max(setup.abs_diff(setup_again) / n as u64);
        let per_call: Vec<u64> = Caller::ALL
            .iter()
            .map(|&caller| {
                count(endpoint, caller, n).map(|total| total.saturating_sub(setup) / n as u64)
            })
            .collect::<Result<_, _>>()?;
        let baseline = per_call[1] as f64;
        for (caller, instructions) in Caller::ALL.iter().zip(&per_call) {
            println!(
                "| `{}` | {} | {} | {:.3}× |",
                endpoint.name(),
                caller.label(),
                fmt_int(*instructions),
                *instructions as f64 / baseline
            );
        }
        summary(
            &format!(
                "Core overhead per call, `{}` (instructions)",
                endpoint.name()
            ),
            &format!(
                "{} through `ApiClient` ({:.3}×), {} through `Session::call` ({:.3}×)",
                fmt_int(per_call[2]),
                per_call[2] as f64 / baseline,
                fmt_int(per_call[3]),
                per_call[3] as f64 / baseline
            ),
            "≤ 1.10× baseline",
            &format!("raw reqwest + serde decode, {}", fmt_int(per_call[1])),
            Some(per_call[2] as f64 <= 1.10 * baseline && per_call[3] as f64 <= 1.10 * baseline),
        );
    }
    println!(
        "\n_callgrind: a run of {n} calls minus a run of none (same set-up: sandbox, journey, clients). Two runs of the set-up alone differed by up to {} instructions per call: the noise of this method._\n",
        fmt_int(noise)
    );
    Ok(())
}

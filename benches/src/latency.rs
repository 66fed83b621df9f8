//! Notification latency: from the moment the sandbox flips a deferred status to the moment an
//! observer of the wallet's state sees it, in real time.
//!
//! The flip is the bank's 3-D Secure form being posted (as the WebView does) on a sandbox with no
//! processing delay: the binding is SUCCESS from that request on. The post is sent at a random
//! phase of the poll interval; the clock starts just before it is sent (so a figure includes the
//! post's own round trip: an upper bound) and stops when a `subscribe()` receiver sees `Bound`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{Wallet, WalletConfig};

use swip_sandbox::random::SplitMix64;
use swip_sandbox::{Sandbox, SandboxConfig};

use crate::journey::{self, BANK_CODE, Control, PIN, STEP_WAIT};
use crate::stats::{Summary, fmt_duration, machine_note, summary};

/// Slack allowed beyond one poll interval.
pub const SLACK: Duration = Duration::from_millis(20);

/// Measures `samples` flips at `interval`; each sample is a new user on a new wallet.
pub async fn measure(interval: Duration, samples: usize, seed: u64) -> Result<(), String> {
    let sandbox = Arc::new(
        Sandbox::start(SandboxConfig {
            processing_delay: Duration::ZERO,
            ..SandboxConfig::default()
        })
        .await
        .map_err(|e| format!("sandbox: {e}"))?,
    );
    let control = Control::new(sandbox.url(), Some(sandbox.clone())).await?;
    let mut jitter = SplitMix64::new(seed);
    let mut latencies = Vec::with_capacity(samples);
    for i in 0..samples {
        let mut config = WalletConfig::new(sandbox.url());
        config.poll_interval = interval;
        let wallet = Wallet::open(config, Arc::new(MemoryStore::new()) as Arc<dyn SecureStore>)
            .await
            .map_err(|e| e.to_string())?;
        let result = sample(&control, &wallet, i as u64 + 1_000, interval, &mut jitter).await;
        wallet.shutdown();
        latencies.push(result?);
    }
    let s = Summary::of(&latencies).ok_or("no samples")?;
    let target = interval + SLACK;
    println!(
        "| {} | {} | {} | {} | {} | {} | {} |",
        fmt_duration(interval),
        s.n,
        fmt_duration(s.p50),
        fmt_duration(s.p90),
        fmt_duration(s.max),
        fmt_duration(target),
        if s.max <= target { "yes" } else { "**no**" }
    );
    summary(
        &format!(
            "Notification latency, poll every {}",
            fmt_duration(interval)
        ),
        &format!(
            "p50 {}, max {} ({} samples)",
            fmt_duration(s.p50),
            fmt_duration(s.max),
            s.n
        ),
        &format!("max ≤ interval + 20 ms = {}", fmt_duration(target)),
        "the poll interval itself (a flip waits for the next poll)",
        Some(s.max <= target),
    );
    Ok(())
}

/// The table's head.
pub fn print_head() {
    println!(
        "| poll interval | samples | p50 | p90 | max | target (interval + 20 ms) | max ≤ target |\n|---|---|---|---|---|---|---|"
    );
}

/// The table's foot.
pub fn print_foot() {
    println!(
        "\n_A uniform phase gives an expected p50 of half an interval plus one status round trip (see the overhead table); {}_\n",
        machine_note()
    );
}

async fn sample(
    control: &Control,
    wallet: &Wallet,
    n: u64,
    interval: Duration,
    jitter: &mut SplitMix64,
) -> Result<Duration, String> {
    let phone = journey::phone(n);
    wallet
        .start_signup(&phone)
        .await
        .map_err(|e| e.to_string())?;
    let code = control.sms_code(&phone).await?;
    wallet.submit_code(&code).await.map_err(|e| e.to_string())?;
    wallet
        .set_pin(PIN, "Ivan", "Petrov")
        .await
        .map_err(|e| e.to_string())?;
    wallet
        .bind_card(&control.card_form(true), true)
        .await
        .map_err(|e| e.to_string())?;
    let state = wallet
        .wait_for(STEP_WAIT, journey::three_ds_shown)
        .await
        .map_err(|e| e.to_string())?;
    let deferred_id = state
        .binding
        .and_then(|b| b.deferred_id)
        .ok_or("no deferred id")?;
    let phase = jitter.below(interval.as_micros().max(1) as u64);
    tokio::time::sleep(Duration::from_micros(phase)).await;

    let mut receiver = wallet.subscribe();
    let observer = tokio::spawn(async move {
        let seen = tokio::time::timeout(STEP_WAIT, receiver.wait_for(journey::binding_bound)).await;
        (Instant::now(), matches!(seen, Ok(Ok(_))))
    });
    let flipped = Instant::now();
    control.submit_bank_form(&deferred_id, BANK_CODE).await?;
    journey::three_ds_returned(wallet).await?;
    let (seen_at, seen) = observer.await.map_err(|e| e.to_string())?;
    if !seen {
        return Err("the observer never saw the card bound".into());
    }
    Ok(seen_at - flipped)
}

//! Scale: N headless wallets doing the whole demo journey at once against one sandbox, polling
//! compressed by configuration. Each N runs in a fresh process (so its peak memory is its own);
//! the sandbox runs in a child process of that one (this container allows 20,000 open files per
//! process and 10,000 wallets need one loopback connection each, on both sides).

use std::sync::Arc;
use std::time::{Duration, Instant};

use swip_core::store::MemoryStore;
use swip_core::wallet::WalletConfig;
use swip_sandbox::control::JournalEntry;
use swip_sandbox::journal::CAPACITY;
use tokio::task::JoinSet;

use crate::journey::{self, Control};
use crate::servers::Server;
use crate::stats::{fmt_int, fmt_kib, machine_note, proc_status_kib, summary};

/// Longest a whole scale run may take before the journeys left are counted as errors.
pub const RUN_LIMIT: Duration = Duration::from_secs(1_200);

/// The table's head.
pub fn print_head(poll: Duration, delay: Duration) {
    println!(
        "Poll interval {} ms, sandbox processing delay {} ms per stage.\n",
        poll.as_millis(),
        delay.as_millis()
    );
    println!(
        "| wallets | journeys ok | errors | wall time | journeys/s | requests | requests/s | peak memory, wallets' process (VmHWM) | per wallet | peak memory, sandbox process (VmHWM) |\n|---|---|---|---|---|---|---|---|---|---|"
    );
}

/// The table's foot.
pub fn print_foot() {
    println!("\n_{}_\n", machine_note());
}

/// Runs `scale-one` for each N in its own process and prints their rows.
pub async fn measure(ns: &[usize], poll: Duration, delay: Duration) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    print_head(poll, delay);
    for n in ns {
        let output = tokio::process::Command::new(&exe)
            .args([
                "scale-one",
                &n.to_string(),
                &poll.as_millis().to_string(),
                &delay.as_millis().to_string(),
            ])
            .stderr(std::process::Stdio::inherit())
            .output()
            .await
            .map_err(|e| e.to_string())?;
        print!("{}", String::from_utf8_lossy(&output.stdout));
        if !output.status.success() {
            println!("| {n} | – | run failed ({}) | | | | | | | |", output.status);
        }
    }
    print_foot();
    Ok(())
}

/// One N, in this process: prints one row; errors go to stderr (the first few).
pub async fn one(n: usize, poll: Duration, delay: Duration) -> Result<(), String> {
    let server = Server::spawn(&["serve-sandbox", &delay.as_millis().to_string()], None).await?;
    let control = Arc::new(Control::new(server.url.clone(), None).await?);
    let base_kib = proc_status_kib(None, "VmRSS").unwrap_or(0);

    let started = Instant::now();
    let mut journeys = JoinSet::new();
    for i in 0..n {
        let control = control.clone();
        let mut config = WalletConfig::new(server.url.clone());
        config.poll_interval = poll;
        journeys.spawn(async move {
            let phone = journey::phone(i as u64 + 10_000);
            journey::run(&control, config, Arc::new(MemoryStore::new()), &phone).await
        });
    }
    let monitor = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        tick.tick().await;
        loop {
            tick.tick().await;
            let counts: Vec<String> = journey::MILESTONES
                .iter()
                .zip(journey::MILESTONE_NAMES)
                .map(|(count, name)| {
                    format!(
                        "{name} {}",
                        count.load(std::sync::atomic::Ordering::Relaxed)
                    )
                })
                .collect();
            eprintln!(
                "scale {n}: {:.0} s: {}",
                started.elapsed().as_secs_f64(),
                counts.join(", ")
            );
        }
    });
    let mut ok = 0usize;
    let mut errors: Vec<String> = Vec::new();
    let deadline = tokio::time::Instant::now() + RUN_LIMIT;
    loop {
        match tokio::time::timeout_at(deadline, journeys.join_next()).await {
            Ok(Some(Ok(Ok(_)))) => ok += 1,
            Ok(Some(Ok(Err(error)))) => errors.push(error),
            Ok(Some(Err(join))) => errors.push(format!("task: {join}")),
            Ok(None) => break,
            Err(_) => {
                errors.push(format!(
                    "{} journeys unfinished after {RUN_LIMIT:?}",
                    journeys.len()
                ));
                journeys.abort_all();
                break;
            }
        }
    }
    let elapsed = started.elapsed();
    monitor.abort();
    let wallets_hwm = proc_status_kib(None, "VmHWM").unwrap_or(0);
    let sandbox_hwm = server
        .pid()
        .and_then(|pid| proc_status_kib(Some(pid), "VmHWM"))
        .unwrap_or(0);
    let journal = fetch_journal(&control).await;
    server.stop().await;

    for error in errors.iter().take(5) {
        eprintln!("scale {n}: {error}");
    }
    let failed = errors
        .iter()
        .map(|e| {
            e.strip_suffix(&format!(" journeys unfinished after {RUN_LIMIT:?}"))
                .and_then(|k| k.parse::<usize>().ok())
                .unwrap_or(1)
        })
        .sum::<usize>();
    let secs = elapsed.as_secs_f64();
    let (requests, rate) = match journal {
        Ok(entries) if entries.len() < CAPACITY => (
            fmt_int(entries.len() as u64),
            format!("{:.0}", entries.len() as f64 / secs),
        ),
        Ok(entries) => {
            // The journal keeps the last CAPACITY requests: their own time span gives the rate.
            let span = entries.last().map(|e| e.at).unwrap_or(0)
                - entries.first().map(|e| e.at).unwrap_or(0);
            (
                format!("> {}", fmt_int(entries.len() as u64)),
                format!(
                    "{:.0} (last {})",
                    entries.len() as f64 / (span.max(1) as f64 / 1000.0),
                    fmt_int(CAPACITY as u64)
                ),
            )
        }
        Err(error) => (format!("? ({error})"), "?".into()),
    };
    println!(
        "| {} | {} | {} | {:.2} s | {:.1} | {} | {} | {} | {} | {} |",
        fmt_int(n as u64),
        fmt_int(ok as u64),
        fmt_int(failed as u64),
        secs,
        ok as f64 / secs,
        requests,
        rate,
        fmt_kib(wallets_hwm),
        fmt_kib(wallets_hwm.saturating_sub(base_kib) / n.max(1) as u64),
        fmt_kib(sandbox_hwm),
    );
    summary(
        &format!("Scale: {} concurrent journeys", fmt_int(n as u64)),
        &format!(
            "{} ok, {} errors, {:.0} journeys/s, {} requests/s, peak {} + sandbox {}",
            fmt_int(ok as u64),
            fmt_int(failed as u64),
            ok as f64 / secs,
            rate,
            fmt_kib(wallets_hwm),
            fmt_kib(sandbox_hwm)
        ),
        "zero errors",
        "the sandbox's own throughput (see throughput)",
        Some(failed == 0 && ok == n),
    );
    Ok(())
}

async fn fetch_journal(control: &Control) -> Result<Vec<JournalEntry>, String> {
    let response = control
        .http()
        .get(format!("{}/sandbox/journal", control.base()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

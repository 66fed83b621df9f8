//! Sandbox request throughput against a bare axum hello-world, same machine, same run: each
//! server in its own process on one worker thread pinned to CPU 0, wrk pinned to CPU 1 (when
//! taskset works), rounds alternated, medians compared.

use std::sync::Arc;
use std::time::Duration;

use swip_core::store::{MemoryStore, SecureStore, Vault};
use swip_core::wallet::WalletConfig;
use swip_protocol::headers;

use crate::journey::{self, Control};
use crate::servers::{Server, taskset_works};
use crate::stats::{fmt_int, machine_note, median, summary};

/// One wrk run's result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WrkResult {
    /// Requests per second.
    pub rate: f64,
    /// Answers that were not 2xx/3xx.
    pub non_2xx: u64,
    /// Socket errors of any kind.
    pub socket_errors: u64,
}

/// Reads wrk's report.
pub fn parse_wrk(report: &str) -> Option<WrkResult> {
    let rate = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))?
        .trim()
        .parse()
        .ok()?;
    let non_2xx = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let socket_errors = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Socket errors:"))
        .map(|rest| {
            rest.split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Some(WrkResult {
        rate,
        non_2xx,
        socket_errors,
    })
}

async fn wrk(
    url: &str,
    headers: &[String],
    seconds: u64,
    connections: u32,
) -> Result<WrkResult, String> {
    let mut command = if taskset_works() {
        let mut c = tokio::process::Command::new("taskset");
        c.args(["-c", "1", "wrk"]);
        c
    } else {
        tokio::process::Command::new("wrk")
    };
    command.args(["-t1", &format!("-c{connections}"), &format!("-d{seconds}s")]);
    for header in headers {
        command.args(["-H", header]);
    }
    let output = command
        .arg(url)
        .output()
        .await
        .map_err(|e| format!("wrk: {e}"))?;
    let report = String::from_utf8_lossy(&output.stdout);
    parse_wrk(&report).ok_or_else(|| format!("wrk said: {report}"))
}

/// Runs the comparison; prints its table (or why it could not run).
pub async fn measure(seconds: u64, connections: u32, rounds: usize) -> Result<(), String> {
    if std::process::Command::new("wrk")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("_wrk is not installed (`apt-get install wrk`): throughput skipped._\n");
        return Ok(());
    }
    let hello = Server::spawn(&["serve-hello", "1"], Some("0")).await?;
    let sandbox = Server::spawn(&["serve-sandbox", "0", "1"], Some("0")).await?;

    // A signed-in user with two cards and a paid order on the sandbox.
    let control = Control::new(sandbox.url.clone(), None).await?;
    let store = Arc::new(MemoryStore::new());
    let mut config = WalletConfig::new(sandbox.url.clone());
    config.poll_interval = Duration::from_millis(10);
    let report = journey::run(&control, config, store.clone(), &journey::phone(3)).await?;
    let token = Vault::new(store as Arc<dyn SecureStore>)
        .tokens()
        .map_err(|e| e.to_string())?
        .ok_or("no session")?
        .token;
    let auth = vec![
        format!("{}: {}", headers::API_VERSION, headers::API_VERSION_VALUE),
        format!("{}: {}", headers::AUTH_TOKEN, token.expose()),
    ];
    let targets: [(&str, String, Vec<String>); 4] = [
        (
            "bare axum hello-world `GET /` (**baseline**)",
            format!("{}/", hello.url),
            vec![],
        ),
        (
            "sandbox `GET /deferred-results/{id}/status` (the poll)",
            format!("{}/deferred-results/{}/status", sandbox.url, report.payment),
            auth.clone(),
        ),
        (
            "sandbox `GET /payment-cards` (2 cards)",
            format!("{}/payment-cards", sandbox.url),
            auth.clone(),
        ),
        (
            "sandbox `GET /ext/cryptogram-key` (no token)",
            format!("{}/ext/cryptogram-key", sandbox.url),
            auth[..1].to_vec(),
        ),
    ];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); targets.len()];
    let mut bad = vec![0u64; targets.len()];
    for _ in 0..rounds {
        for (i, (_, url, headers)) in targets.iter().enumerate() {
            let result = wrk(url, headers, seconds, connections).await?;
            rates[i].push(result.rate);
            bad[i] += result.non_2xx + result.socket_errors;
        }
    }
    hello.stop().await;
    sandbox.stop().await;

    let baseline = median(&rates[0]);
    println!(
        "| server, request | requests/s (median of {rounds}) | runs | non-2xx + socket errors | / baseline |\n|---|---|---|---|---|"
    );
    for (i, (label, _, _)) in targets.iter().enumerate() {
        let rate = median(&rates[i]);
        let runs: Vec<String> = rates[i].iter().map(|r| fmt_int(*r as u64)).collect();
        println!(
            "| {label} | {} | {} | {} | {:.2}× |",
            fmt_int(rate as u64),
            runs.join(" / "),
            bad[i],
            rate / baseline
        );
        if i > 0 {
            summary(
                &format!(
                    "Sandbox throughput, {}",
                    label.trim_start_matches("sandbox ")
                ),
                &format!(
                    "{} requests/s ({:.2}×)",
                    fmt_int(rate as u64),
                    rate / baseline
                ),
                "≥ 0.5× baseline",
                &format!(
                    "bare axum hello-world, {} requests/s",
                    fmt_int(baseline as u64)
                ),
                Some(rate >= 0.5 * baseline && bad[i] == 0),
            );
        }
    }
    let pinning = if taskset_works() {
        "server on CPU 0 (one worker thread), wrk on CPU 1"
    } else {
        "no CPU pinning (taskset unavailable), one server worker thread"
    };
    println!(
        "\n_wrk -t1 -c{connections} -d{seconds}s, {pinning}, rounds alternated. {}_\n",
        machine_note()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_reports_parse() {
        let report = "Running 5s test @ http://127.0.0.1:1/\n  1 threads and 64 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency   1.00ms  200.00us   5.00ms   90.00%\n  100000 requests in 5.00s, 12.00MB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n  Non-2xx or 3xx responses: 7\nRequests/sec:  20000.50\nTransfer/sec:      2.40MB\n";
        assert_eq!(
            parse_wrk(report),
            Some(WrkResult {
                rate: 20000.5,
                non_2xx: 7,
                socket_errors: 3
            })
        );
        assert_eq!(parse_wrk("nothing"), None);
    }
}

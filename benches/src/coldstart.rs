//! Cold start: `Wallet::open` on a secure store that holds a signed-in user (device id, phone,
//! session tokens), until the state shows that user (locked, PIN asked: the restart screen). No
//! request is needed for that. Measured in fresh processes (the first open of a process pays for
//! the HTTP stack's start: the baseline is that start alone, `reqwest::Client` built in a fresh
//! process) and repeated within one process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use swip_core::journey::{AuthState, LockReason};
use swip_core::store::{MemoryStore, SecureStore, StoredTokens, Vault};
use swip_core::wallet::{Wallet, WalletConfig};
use swip_protocol::SecretString;

use crate::journey::install_crypto;
use crate::stats::{Summary, fmt_duration, machine_note, summary};

/// A store as a signed-in user's device leaves it (tokens of realistic length; they are not sent).
pub fn signed_in_store() -> Result<Arc<MemoryStore>, String> {
    let store = Arc::new(MemoryStore::new());
    let vault = Vault::new(store.clone() as Arc<dyn SecureStore>);
    let jwt = |sub: &str| {
        format!(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{}",
            "eyJzdWIiOiI".to_owned() + sub + &"x".repeat(120),
            "s".repeat(43)
        )
    };
    vault.device_id().map_err(|e| e.to_string())?;
    vault.set_phone("79000000042").map_err(|e| e.to_string())?;
    vault
        .set_tokens(&StoredTokens {
            token: SecretString::new(jwt("token")),
            refresh_token: Some(SecretString::new(jwt("refresh"))),
            token_period_secs: 3600,
            refresh_period_secs: 2_592_000,
            issued_at_ms: Some(1_790_000_000_000),
        })
        .map_err(|e| e.to_string())?;
    Ok(store)
}

/// Opens a wallet on `store` and checks it restored the signed-in user.
pub async fn open(store: Arc<MemoryStore>) -> Result<Wallet, String> {
    let config = WalletConfig::new("http://127.0.0.1:9");
    let wallet = Wallet::open(config, store as Arc<dyn SecureStore>)
        .await
        .map_err(|e| e.to_string())?;
    match wallet.state().auth {
        AuthState::Locked {
            reason: LockReason::Restart,
            ..
        } => Ok(wallet),
        other => Err(format!("restored to {}", other.name())),
    }
}

/// What a fresh process measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    /// `Wallet::open` on a signed-in store.
    Wallet,
    /// `reqwest::Client` built (the rustls provider installed first): the baseline.
    Reqwest,
}

/// In a fresh process: builds a runtime, then times one operation; prints
/// `runtime_us <n> op_us <n>`.
pub fn once(what: Once) -> Result<(), String> {
    let store = signed_in_store()?;
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let runtime_us = started.elapsed().as_micros();
    let op_us = runtime.block_on(async {
        let started = Instant::now();
        match what {
            Once::Wallet => {
                let wallet = open(store).await?;
                let elapsed = started.elapsed();
                drop(wallet);
                Ok::<_, String>(elapsed)
            }
            Once::Reqwest => {
                install_crypto();
                let client = reqwest::Client::builder()
                    .build()
                    .map_err(|e| e.to_string())?;
                let elapsed = started.elapsed();
                drop(client);
                Ok(elapsed)
            }
        }
    })?;
    println!("runtime_us {runtime_us} op_us {}", op_us.as_micros());
    Ok(())
}

/// Fresh processes (`processes` of each kind, alternating) and `repeats` opens in this process.
pub async fn measure(processes: usize, repeats: usize) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut fresh: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut runtimes = Vec::new();
    for _ in 0..processes {
        for (i, arg) in ["wallet", "reqwest"].into_iter().enumerate() {
            let output = tokio::process::Command::new(&exe)
                .args(["cold-once", arg])
                .output()
                .await
                .map_err(|e| e.to_string())?;
            let text = String::from_utf8_lossy(&output.stdout);
            let mut words = text.split_whitespace();
            let parse = |w: Option<&str>| w.and_then(|w| w.parse::<u64>().ok());
            let (Some("runtime_us"), runtime, Some("op_us"), op) = (
                words.next(),
                parse(words.next()),
                words.next(),
                parse(words.next()),
            ) else {
                return Err(format!(
                    "cold-once {arg}: {text} {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
            };
            let (Some(runtime), Some(op)) = (runtime, op) else {
                return Err(format!("cold-once {arg}: {text}"));
            };
            fresh[i].push(Duration::from_micros(op));
            runtimes.push(Duration::from_micros(runtime));
        }
    }
    // The first open of this process builds the shared TLS settings; the loop times the others.
    drop(open(signed_in_store()?).await?);
    let mut warm = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let store = signed_in_store()?;
        let started = Instant::now();
        let wallet = open(store).await?;
        warm.push(started.elapsed());
        drop(wallet);
    }
    let [wallet, reqwest] = fresh;
    let rows = [
        (
            "`Wallet::open` + session restored, first in a fresh process",
            Summary::of(&wallet),
        ),
        (
            "baseline: `reqwest::Client` built, first in a fresh process (the core pays it at its first request)",
            Summary::of(&reqwest),
        ),
        (
            "`Wallet::open` + session restored, again in the same process",
            Summary::of(&warm),
        ),
        (
            "(for scale) tokio runtime built, fresh process",
            Summary::of(&runtimes),
        ),
    ];
    let first = rows[0].1.ok_or("no samples")?;
    let baseline = rows[1].1.ok_or("no samples")?;
    let again = rows[2].1.ok_or("no samples")?;
    println!("| what | runs | p50 | p90 | max |\n|---|---|---|---|---|");
    for (label, s) in rows {
        let s = s.ok_or("no samples")?;
        println!(
            "| {label} | {} | {} | {} | {} |",
            s.n,
            fmt_duration(s.p50),
            fmt_duration(s.p90),
            fmt_duration(s.max)
        );
    }
    println!(
        "\n_Target ≤ 5 ms for the first open in a fresh process. {}_\n",
        machine_note()
    );
    summary(
        "Cold start: `Wallet::open` + signed-in session restored",
        &format!(
            "p50 {} first in a process (max {}), {} again",
            fmt_duration(first.p50),
            fmt_duration(first.max),
            fmt_duration(again.p50)
        ),
        "≤ 5 ms",
        &format!(
            "`reqwest::Client` built first in a process, p50 {}",
            fmt_duration(baseline.p50)
        ),
        Some(first.p50 <= Duration::from_millis(5)),
    );
    Ok(())
}

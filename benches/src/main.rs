//! `swip-bench`: SWiP's benchmarks, each printed as a Markdown table beside the baseline it is
//! compared with, measured in the same run. `scripts/bench.sh` runs them all (plus library size
//! and the FFI cost, which need the release cdylib and Kotlin) and writes BENCHMARKS.md's figures.
//!
//! ```text
//! swip-bench overhead [ROUNDS BATCH WARMUP]   core call vs raw reqwest, wall clock
//! swip-bench callgrind [CALLS]                the same, instructions (valgrind)
//! swip-bench economy                          the journey's requests vs the minimal sequence
//! swip-bench latency [SAMPLES_1S SAMPLES_100MS] deferred status flip → observer
//! swip-bench cold-start [PROCESSES REPEATS]   Wallet::open + session restore
//! swip-bench scale [POLL_MS DELAY_MS] N...    N concurrent journeys, one sandbox
//! swip-bench throughput [SECONDS CONNECTIONS ROUNDS]  sandbox vs axum hello-world (wrk)
//! swip-bench size-report UNSTRIPPED LABEL=LIB...  sections, crates and functions of a library
//! ```
//!
//! Internal modes (children of the above): `calls`, `cold-once`, `scale-one`, `serve-sandbox`,
//! `serve-hello`, and `ffi-fixture` (for `benches/kotlin/run.sh`).

mod coldstart;
mod economy;
mod ffi;
mod journey;
mod latency;
mod overhead;
mod scale;
mod servers;
mod size;
mod stats;
mod throughput;

use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: swip-bench overhead|callgrind|economy|latency|cold-start|scale|throughput [ARGS] (see BENCHMARKS.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("swip-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The `i`-th argument as a number, or `default`.
fn arg<T: std::str::FromStr>(args: &[String], i: usize, default: T) -> Result<T, String> {
    match args.get(i) {
        None => Ok(default),
        Some(text) => text.parse().map_err(|_| format!("not a number: {text}")),
    }
}

fn block_on<F: Future<Output = Result<(), String>>>(future: F) -> Result<(), String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(future)
}

fn run(args: &[String]) -> Result<(), String> {
    let command = args.first().map(String::as_str).unwrap_or("");
    let rest = args.get(1..).unwrap_or(&[]);
    journey::install_crypto();
    match command {
        "overhead" => {
            let (rounds, batch, warmup) =
                (arg(rest, 0, 25)?, arg(rest, 1, 200)?, arg(rest, 2, 500)?);
            block_on(overhead::measure(rounds, batch, warmup))
        }
        "callgrind" => overhead::callgrind(arg(rest, 0, 2_000)?),
        "calls" => {
            let endpoint = rest
                .first()
                .and_then(|e| overhead::Endpoint::parse(e))
                .ok_or("calls ENDPOINT CALLER N")?;
            let caller = rest
                .get(1)
                .and_then(|c| overhead::Caller::parse(c))
                .ok_or("calls ENDPOINT CALLER N")?;
            let n = arg(rest, 2, 1_000)?;
            block_on(overhead::calls(endpoint, caller, n))
        }
        "economy" => block_on(async {
            let contract = economy::run(Duration::from_secs(2), Duration::from_secs(1)).await?;
            let compressed =
                economy::run(Duration::from_millis(200), Duration::from_millis(100)).await?;
            economy::print(&[contract, compressed]);
            Ok(())
        }),
        "latency" => {
            let (slow, fast) = (arg(rest, 0, 20)?, arg(rest, 1, 60)?);
            block_on(async move {
                latency::print_head();
                latency::measure(Duration::from_secs(1), slow, 11).await?;
                latency::measure(Duration::from_millis(100), fast, 12).await?;
                latency::print_foot();
                Ok(())
            })
        }
        "cold-start" => {
            let (processes, repeats) = (arg(rest, 0, 15)?, arg(rest, 1, 200)?);
            block_on(coldstart::measure(processes, repeats))
        }
        "cold-once" => match rest.first().map(String::as_str) {
            Some("wallet") => coldstart::once(coldstart::Once::Wallet),
            Some("reqwest") => coldstart::once(coldstart::Once::Reqwest),
            _ => Err("cold-once wallet|reqwest".into()),
        },
        "scale" => {
            // scale [POLL_MS DELAY_MS [N...]]
            let poll = Duration::from_millis(arg(rest, 0, 50)?);
            let delay = Duration::from_millis(arg(rest, 1, 50)?);
            let ns: Vec<usize> = rest
                .get(2..)
                .unwrap_or(&[])
                .iter()
                .map(|n| n.parse().map_err(|_| format!("not a number: {n}")))
                .collect::<Result<_, _>>()?;
            let ns = if ns.is_empty() {
                vec![100, 1_000, 10_000]
            } else {
                ns
            };
            block_on(scale::measure(&ns, poll, delay))
        }
        "scale-one" => {
            let n = arg(rest, 0, 100)?;
            let poll = Duration::from_millis(arg(rest, 1, 50)?);
            let delay = Duration::from_millis(arg(rest, 2, 50)?);
            block_on(scale::one(n, poll, delay))
        }
        "throughput" => {
            let (seconds, connections, rounds) =
                (arg(rest, 0, 5)?, arg(rest, 1, 64)?, arg(rest, 2, 3)?);
            block_on(throughput::measure(seconds, connections, rounds))
        }
        "ffi-fixture" => block_on(ffi::fixture()),
        "size-report" => {
            let unstripped = rest.first().ok_or("size-report UNSTRIPPED LABEL=PATH...")?;
            let libraries: Vec<(String, String)> = rest
                .get(1..)
                .unwrap_or(&[])
                .iter()
                .filter_map(|pair| pair.rsplit_once('='))
                .map(|(label, path)| (label.to_owned(), path.to_owned()))
                .collect();
            size::report(unstripped, &libraries, 22)
        }
        "serve-sandbox" => {
            let delay = Duration::from_millis(arg(rest, 0, 2_000)?);
            let workers = rest
                .get(1)
                .map(|w| w.parse())
                .transpose()
                .map_err(|_| "workers")?;
            servers::serve_sandbox(delay, workers)
        }
        "serve-hello" => {
            let workers = rest
                .first()
                .map(|w| w.parse())
                .transpose()
                .map_err(|_| "workers")?;
            servers::serve_hello(workers)
        }
        _ => Err(USAGE.into()),
    }
}

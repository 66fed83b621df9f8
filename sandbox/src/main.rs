//! `swip-sandbox --addr 127.0.0.1:PORT [--wire-style nulls|omit]`: serves the SWiP sandbox until
//! killed. The first line of stdout is `listening on http://ADDR`; logs go to stderr (`RUST_LOG`
//! filters them). `SWIP_WIRE_STYLE` picks the wire style when the flag is not given.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use swip_sandbox::{SandboxConfig, WireStyle, serve_until_killed};

/// The SWiP sandbox server: SWiP's in-app API with QA controls under /sandbox/.
#[derive(Debug, Parser)]
#[command(name = "swip-sandbox", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "SWIP_SANDBOX_ADDR")]
    addr: SocketAddr,
    /// Milliseconds a binding or payment stays in each processing stage (sandbox clock).
    #[arg(long, default_value_t = 2000)]
    processing_delay_ms: u64,
    /// Seed for deterministic SMS codes, ids and keys.
    #[arg(long)]
    seed: Option<u64>,
    /// Start the sandbox clock at this time (ms since 1970) instead of now.
    #[arg(long)]
    start_time_ms: Option<i64>,
    /// How answers write unset fields: `nulls` (as the seeds and a Java/Spring backend) or `omit`.
    #[arg(long, default_value_t = WireStyle::default(), env = "SWIP_WIRE_STYLE", value_name = "nulls|omit")]
    wire_style: WireStyle,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // Colour codes only for a terminal: a log file or a pipe gets plain text.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let config = SandboxConfig {
        processing_delay: Duration::from_millis(args.processing_delay_ms),
        start_time_ms: args.start_time_ms,
        seed: args.seed,
        wire_style: args.wire_style,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("swip-sandbox: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve_until_killed(args.addr, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("swip-sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}

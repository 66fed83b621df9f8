//! `swip`: SWiP's command line. The demo journey on an embedded sandbox, the sandbox standalone,
//! the journey interactively against any SWiP-compatible server, and QA helpers. Every command
//! drives the wallet core (`swip_core::wallet::Wallet`) exactly as the apps do.
//!
//! Logs go to stderr, filtered by `RUST_LOG`; no secret (PAN, CVV, PIN, SMS code, token) is
//! ever printed, whatever the level.

mod args;
mod console;
mod controls;
mod demo;
mod failure;
mod journey;
mod json_view;
mod milestone;
mod observe;
mod order_number;
mod progress;
mod prompt;
mod qa;
mod receipt;
mod sandbox_cmd;
mod session;
mod steps;
mod store;
mod three_ds;
mod till;
mod visit;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use args::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.command.default_log_filter());
    // reqwest is built without a default crypto provider: install ring's once (the core does the
    // same; whichever comes first wins).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return Failure::setup(format!("cannot start the async runtime: {error}")).report();
        }
    };
    let result = runtime.block_on(run(cli.command));
    // Background work of dropped wallets and sandboxes must not keep the process alive.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

async fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Demo(args) => demo::run(args).await,
        Command::Sandbox(args) => sandbox_cmd::run(args).await,
        Command::Journey(args) => journey::run(args).await,
        Command::Cards(args) => qa::cards(args).await,
        Command::Pay(args) => qa::pay(args).await,
        Command::SignOut(args) => qa::sign_out(args).await,
        Command::Pos(args) => till::run(args).await,
        Command::Qa(qa::QaCommand::BrowserThreeDs(args)) => qa::browser_three_ds(args).await,
    }
}

/// Logs to stderr, in colour only when stderr is a terminal; `RUST_LOG` wins over the command's
/// default.
fn init_logs(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .init();
}

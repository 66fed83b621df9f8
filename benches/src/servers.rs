//! Servers run as child processes of this binary (so that their memory, CPU and file
//! descriptors are their own): the sandbox, and the bare axum hello-world baseline.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use swip_sandbox::{Sandbox, SandboxConfig};

/// A server child; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Server {
    /// Starts `swip-bench <args>` (pinned to `cpus` with taskset when given and available) and
    /// waits for its `listening on URL` line.
    pub async fn spawn(args: &[&str], cpus: Option<&str>) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut command = match cpus.filter(|_| taskset_works()) {
            Some(cpus) => {
                let mut command = Command::new("taskset");
                command.args(["-c", cpus]).arg(&exe);
                command
            }
            None => Command::new(&exe),
        };
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = command
            .spawn()
            .map_err(|e| format!("spawn {args:?}: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .map_err(|_| format!("{args:?} did not start"))?
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{args:?} exited"))?;
        let url = line
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("{args:?} said {line}"))?
            .to_owned();
        Ok(Server { child, url })
    }

    /// The child's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Stops the child.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// True when `taskset` can pin a process here.
pub fn taskset_works() -> bool {
    std::process::Command::new("taskset")
        .args(["-c", "0", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Exits the process when stdin closes (the parent went away).
fn exit_with_parent() {
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        std::process::exit(0);
    });
}

fn runtime(workers: Option<usize>) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = workers {
        builder.worker_threads(workers);
    }
    builder.enable_all().build().map_err(|e| e.to_string())
}

fn announce(url: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "listening on {url}");
    let _ = stdout.flush();
}

/// `serve-sandbox`: a sandbox with `delay` on an ephemeral loopback port, until the parent goes.
pub fn serve_sandbox(delay: Duration, workers: Option<usize>) -> Result<(), String> {
    exit_with_parent();
    runtime(workers)?.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig {
            processing_delay: delay,
            ..SandboxConfig::default()
        })
        .await
        .map_err(|e| e.to_string())?;
        announce(&sandbox.url());
        sandbox.wait().await;
        Ok(())
    })
}

/// `serve-hello`: the baseline, a bare axum hello-world (`GET /`), until the parent goes.
pub fn serve_hello(workers: Option<usize>) -> Result<(), String> {
    exit_with_parent();
    runtime(workers)?.block_on(async {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
        announce(&format!("http://{addr}"));
        axum::serve(listener, app).await.map_err(|e| e.to_string())
    })
}

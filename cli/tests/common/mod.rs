//! What the `swip` binary's tests share: running `swip` as a user does, and a `swip sandbox`
//! process on a free port.
#![allow(dead_code)] // each test file uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use serde_json::Value;

/// `swip`, with no environment that would change what it talks to.
pub fn swip() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_swip"));
    command
        .env_remove("RUST_LOG")
        .env_remove("SWIP_BASE_URL")
        .env_remove("SWIP_SANDBOX_ADDR");
    for till in [
        "SWIP_SANDBOX_URL",
        "SWIP_POS_URL",
        "SWIP_STORE_ID",
        "SWIP_CASH_ID",
        "SWIP_POS_TOKEN",
        "SWIP_MERCHANT_ID",
    ] {
        command.env_remove(till);
    }
    command
}

/// Runs `swip ARGS` to the end, stdin closed.
pub fn run(args: &[&str]) -> Output {
    swip()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("swip runs")
}

/// `swip journey --base-url URL --memory-store EXTRA...`, answering `answers` on stdin (one line
/// each, as a tester scripts it): its exit code, stdout and stderr.
pub fn journey_at(url: &str, extra: &[&str], answers: &[&str]) -> (Option<i32>, String, String) {
    let mut child = swip()
        .args(["journey", "--base-url", url, "--memory-store"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("swip journey starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(format!("{}\n", answers.join("\n")).as_bytes())
        .expect("the answers are written");
    let out = child.wait_with_output().expect("swip journey ends");
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `swip sandbox` on a free port, killed when dropped.
pub struct RunningSandbox {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    stdout: BufReader<ChildStdout>,
}

impl RunningSandbox {
    pub fn start(extra: &[&str]) -> Self {
        let mut child = swip()
            .args(["sandbox", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("swip sandbox starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("the first line");
        let url = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .to_owned();
        RunningSandbox { child, url, stdout }
    }

    /// The rest of the start-up text, up to its last line.
    pub fn banner(&mut self) -> String {
        let mut banner = String::new();
        loop {
            let mut line = String::new();
            if self.stdout.read_line(&mut line).expect("a line") == 0
                || line.contains("Ctrl-C stops")
            {
                return banner;
            }
            banner.push_str(&line);
        }
    }

    /// GET on the sandbox, the body as JSON.
    pub fn get(&self, path: &str) -> Value {
        let authority = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(authority).expect("connects");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP answer");
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

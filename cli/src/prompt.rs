//! [`Prompter`]: asks the user. On a terminal, secrets are read with echo off (rpassword, from
//! the controlling terminal); without one (a script piping answers), every answer is one line of
//! stdin and nothing is echoed either. Either way a hidden prompt says `(hidden)`. Prompts go to
//! stderr, so stdout carries only results, and through [`console`] so that a state line arriving
//! meanwhile never lands on the prompt's line.

use std::io::{BufRead, IsTerminal};

use swip_protocol::SecretString;

use crate::console;
use crate::failure::Failure;

/// Reads answers from the terminal or from stdin lines.
#[derive(Debug, Clone, Copy)]
pub struct Prompter {
    terminal: bool,
}

impl Prompter {
    /// A terminal prompter when stdin is a terminal, a line reader otherwise.
    pub fn new() -> Self {
        Prompter {
            terminal: std::io::stdin().is_terminal(),
        }
    }

    /// A visible answer; `None` at the end of input.
    pub async fn text(&self, label: &str) -> Result<Option<String>, Failure> {
        let label = label.to_owned();
        blocking(move || {
            let _open = console::prompt(&label);
            read_line()
        })
        .await
    }

    /// A visible answer, `default` when empty; `None` at the end of input.
    pub async fn text_or(&self, label: &str, default: &str) -> Result<Option<String>, Failure> {
        let answer = self.text(&format!("{label} [{default}]")).await?;
        Ok(answer.map(|a| if a.is_empty() { default.to_owned() } else { a }))
    }

    /// A hidden answer (never echoed, and the prompt says so); `None` at the end of input.
    pub async fn secret(&self, label: &str) -> Result<Option<SecretString>, Failure> {
        let label = format!("{label} (hidden)");
        let terminal = self.terminal;
        blocking(move || {
            let _open = console::prompt(&label);
            if terminal {
                match rpassword::read_password() {
                    Ok(secret) => Ok(Some(SecretString::new(secret.trim().to_owned()))),
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
                    Err(e) => Err(e),
                }
            } else {
                Ok(read_line()?.map(SecretString::new))
            }
        })
        .await
    }

    /// Yes or no, `default` when empty or at the end of input.
    pub async fn confirm(&self, label: &str, default: bool) -> Result<bool, Failure> {
        let hint = if default { "Y/n" } else { "y/N" };
        let answer = self.text(&format!("{label} [{hint}]")).await?;
        Ok(
            match answer.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("y" | "yes") => true,
                Some("n" | "no") => false,
                _ => default,
            },
        )
    }
}

/// One stdin line without its line end; `None` at the end of input. Without a terminal the
/// answer does not appear on screen, so a newline keeps the next output on its own line.
fn read_line() -> std::io::Result<Option<String>> {
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line)?;
    if !std::io::stdin().is_terminal() {
        eprintln!();
    }
    Ok((read > 0).then(|| line.trim_end_matches(['\n', '\r']).trim().to_owned()))
}

/// Runs blocking terminal I/O off the async workers (the wallet's polls keep running).
async fn blocking<T: Send + 'static>(
    read: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(read)
        .await
        .map_err(|e| Failure::setup(format!("the prompt failed: {e}")))?
        .map_err(|e| Failure::setup(format!("cannot read the answer: {e}")))
}

//! The one writer of what the CLI shows while a prompt may be waiting for an answer.
//!
//! The wallet's states arrive on their own task (token refresh, polls) at any moment, also while
//! the user is looking at a prompt. Lines and prompts therefore go through one lock: a line that
//! comes while a prompt is open ends the prompt's line first and shows the prompt again below it,
//! so a state line never lands on the prompt's line (`Next: … [q]uit:   0.3s  signed in as …`).

use std::io::Write;
use std::sync::{Mutex, MutexGuard};

/// The label of the prompt waiting for an answer, as shown (`"Phone: "`), if any.
static OPEN_PROMPT: Mutex<Option<String>> = Mutex::new(None);

fn open_prompt() -> MutexGuard<'static, Option<String>> {
    OPEN_PROMPT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `text` and a line end to stdout, around the open prompt if there is one.
pub fn line(text: &str) {
    let prompt = open_prompt();
    if prompt.is_some() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err);
        let _ = err.flush();
    }
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }
    if let Some(label) = prompt.as_deref() {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{label}");
        let _ = err.flush();
    }
}

/// A prompt on stderr, open until dropped.
#[must_use = "the prompt is open only while this lives"]
pub struct OpenPrompt(());

/// Shows `label: ` on stderr and keeps it open (lines from [`line`] go around it) until the
/// returned value is dropped, once the answer was read.
pub fn prompt(label: &str) -> OpenPrompt {
    let mut prompt = open_prompt();
    let shown = format!("{label}: ");
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{shown}");
    let _ = err.flush();
    *prompt = Some(shown);
    OpenPrompt(())
}

impl Drop for OpenPrompt {
    fn drop(&mut self) {
        *open_prompt() = None;
    }
}

//! How a journey is shown: [`Progress`] for people (one line per milestone, an indicatif spinner
//! on a terminal) and [`JsonLines`] for scripts (one JSON object per state change, then a summary).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use swip_core::journey::AppState;

use crate::console;
use crate::json_view;
use crate::observe::Render;

/// Human output on stdout: timed milestone lines, and a spinner with the current activity when
/// stdout is a terminal. Cheap to clone: clones share the spinner.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// Lines plus a spinner when stdout is a terminal.
    pub fn with_spinner() -> Self {
        let target = if std::io::stdout().is_terminal() {
            ProgressDrawTarget::stdout()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template("{spinner:.cyan} {elapsed:>3} {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(80));
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// Lines only (a spinner would fight with prompts).
    pub fn lines_only() -> Self {
        Progress {
            bar: ProgressBar::hidden(),
            started: Instant::now(),
        }
    }

    /// A milestone: `  1.2s  text`.
    pub fn milestone(&self, text: &str) {
        self.print(&format!(
            "{:>5.1}s  {text}",
            self.started.elapsed().as_secs_f64()
        ));
        self.bar.set_message(text.to_owned());
    }

    /// Something the command itself does (not a state change): `        → text`.
    pub fn note(&self, text: &str) {
        self.print(&format!("        → {text}"));
    }

    /// Plain text (a receipt, a table).
    pub fn text(&self, text: &str) {
        self.print(text);
    }

    /// Removes the spinner.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    /// Time since the start.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    fn print(&self, line: &str) {
        if self.bar.is_hidden() {
            console::line(line);
        } else {
            self.bar.println(line);
        }
    }
}

impl Render for Progress {
    fn state(&mut self, _state: &AppState, milestones: &[String]) {
        for line in milestones {
            self.milestone(line);
        }
    }
}

/// Script output on stdout: `{"type":"state","seq":N,"elapsedMs":…,"milestones":[…],"state":{…}}`
/// per state change, and one `{"type":"summary",…}` line at the end. Nothing else is written to
/// stdout in this mode. Every key is camelCase and the phone is masked unless `show_phone`
/// ([`json_view`]). Clones share the clock, not the sequence.
#[derive(Clone)]
pub struct JsonLines {
    seq: u64,
    started: Instant,
    show_phone: bool,
}

impl JsonLines {
    /// Starts the clock of `elapsedMs`; phones in full only when `show_phone`.
    pub fn new(show_phone: bool) -> Self {
        JsonLines {
            seq: 0,
            started: Instant::now(),
            show_phone,
        }
    }

    /// Writes the final line: `{"type":"summary","elapsedMs":…}` merged with `fields`.
    pub fn summary(&self, fields: Value) {
        let mut line = json!({ "type": "summary", "elapsedMs": self.elapsed_ms() });
        if let (Some(line), Value::Object(fields)) = (line.as_object_mut(), fields) {
            line.extend(fields);
        }
        write_line(&json_view::view(&line, self.show_phone));
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

impl Render for JsonLines {
    fn state(&mut self, state: &AppState, milestones: &[String]) {
        self.seq += 1;
        write_line(&json!({
            "type": "state",
            "seq": self.seq,
            "elapsedMs": self.elapsed_ms(),
            "milestones": milestones,
            "state": json_view::view(state, self.show_phone),
        }));
    }
}

/// One JSON value, one line, flushed (a reader may act on it at once).
pub fn write_line(value: &Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
    let _ = out.flush();
}

//! Log forwarding to the platform (Logcat, `os_log`): a tracing layer that hands the core's events
//! to a native [`Logger`] as [`LogRecord`]s.
//!
//! Only the SWiP crates' events are forwarded (`swip_*` targets), and they never carry secrets by
//! construction (the core logs no PIN, code, token or card data). As a second line of defence
//! every message is redacted before it leaves: long digit runs (card or phone numbers) and
//! JWT-like tokens become `***`.

use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::error::SwipError;

/// Severity of a [`LogRecord`], most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, uniffi::Enum)]
pub enum LogLevel {
    /// Something failed.
    Error,
    /// Something unexpected that the core handled.
    Warn,
    /// Milestones (session needs the PIN, pending operations resumed).
    Info,
    /// Requests, retries, polls.
    Debug,
    /// Everything.
    Trace,
}

impl LogLevel {
    fn rank(self) -> u8 {
        match self {
            LogLevel::Error => 1,
            LogLevel::Warn => 2,
            LogLevel::Info => 3,
            LogLevel::Debug => 4,
            LogLevel::Trace => 5,
        }
    }

    fn of(level: &tracing::Level) -> LogLevel {
        match *level {
            tracing::Level::ERROR => LogLevel::Error,
            tracing::Level::WARN => LogLevel::Warn,
            tracing::Level::INFO => LogLevel::Info,
            tracing::Level::DEBUG => LogLevel::Debug,
            _ => LogLevel::Trace,
        }
    }
}

/// One log event of the core, already redacted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    /// Severity.
    pub level: LogLevel,
    /// Where it comes from, e.g. `swip_core::wallet::poller` (use it as the Logcat tag / os_log
    /// category).
    pub target: String,
    /// The message followed by the event's fields, e.g. `status poll failed error=…`.
    pub message: String,
}

/// Receives the core's log records. Implemented by the app (Logcat, `os_log`, a test list).
/// Called on the core's threads, one record at a time per thread: return quickly and do not
/// call back into the wallet.
#[uniffi::export(with_foreign)]
pub trait Logger: Send + Sync {
    /// One record.
    fn log(&self, record: LogRecord);
}

/// Sends the core's log records of `maxLevel` and more severe to `logger`. The first call
/// installs the forwarding (once per process); later calls replace the logger and the level.
/// Fails only when the process already has another global tracing subscriber.
#[uniffi::export]
pub fn set_logger(logger: Arc<dyn Logger>, max_level: LogLevel) -> Result<(), SwipError> {
    install()?;
    *SINK
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(logger);
    MAX_RANK.store(max_level.rank(), Ordering::SeqCst);
    Ok(())
}

/// Stops forwarding log records (the logger set last is released).
#[uniffi::export]
pub fn remove_logger() {
    MAX_RANK.store(0, Ordering::SeqCst);
    *SINK
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
}

/// The native logger, if any.
static SINK: RwLock<Option<Arc<dyn Logger>>> = RwLock::new(None);
/// The most verbose rank forwarded; 0 forwards nothing.
static MAX_RANK: AtomicU8 = AtomicU8::new(0);
/// Whether the global subscriber could be installed.
static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();

thread_local! {
    /// True while this thread is inside the native logger (its own logging is dropped).
    static FORWARDING: Cell<bool> = const { Cell::new(false) };
}

fn install() -> Result<(), SwipError> {
    INSTALLED
        .get_or_init(|| {
            let subscriber = tracing_subscriber::registry().with(ForwardLayer);
            tracing::subscriber::set_global_default(subscriber).map_err(|_| {
                "logging: the process already has a global tracing subscriber".to_owned()
            })
        })
        .clone()
        .map_err(|detail| SwipError::Config { detail })
}

/// The tracing layer: filters by target and level, formats, redacts, forwards.
struct ForwardLayer;

fn is_ours(metadata: &Metadata<'_>) -> bool {
    metadata.is_event() && metadata.target().starts_with("swip_")
}

impl<S: Subscriber> Layer<S> for ForwardLayer {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        // The level can change at run time: ask `enabled` every time for our events.
        if is_ours(metadata) {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        is_ours(metadata)
            && LogLevel::of(metadata.level()).rank() <= MAX_RANK.load(Ordering::Relaxed)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if FORWARDING.with(Cell::get) {
            return;
        }
        let Some(logger) = SINK
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
        else {
            return;
        };
        let mut text = Text::default();
        event.record(&mut text);
        let record = LogRecord {
            level: LogLevel::of(event.metadata().level()),
            target: event.metadata().target().to_owned(),
            message: redact(&text.finish()),
        };
        FORWARDING.with(|flag| flag.set(true));
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| logger.log(record)));
        FORWARDING.with(|flag| flag.set(false));
    }
}

/// Formats an event: the message, then ` key=value` per field.
#[derive(Default)]
struct Text {
    message: String,
    fields: String,
}

impl Text {
    fn finish(self) -> String {
        let mut text = self.message;
        text.push_str(&self.fields);
        text
    }
}

impl Visit for Text {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}

/// Digits in a run (spaces and dashes between them allowed) from which the run is hidden.
const MAX_VISIBLE_DIGITS: usize = 9;

/// Hides long digit runs (card numbers, phone numbers) and JWT-like tokens.
pub(crate) fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut digits = 0;
            while i < chars.len() {
                if chars[i].is_ascii_digit() {
                    digits += 1;
                    i += 1;
                } else if matches!(chars[i], ' ' | '-')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                {
                    i += 1;
                } else {
                    break;
                }
            }
            if digits > MAX_VISIBLE_DIGITS {
                out.push_str("***");
            } else {
                out.extend(&chars[start..i]);
            }
        } else if c == 'e' && chars[i..].starts_with(&['e', 'y', 'J']) {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "-_.=".contains(chars[i]))
            {
                i += 1;
            }
            out.push_str("***");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn card_numbers_phones_and_tokens_are_hidden() {
        assert_eq!(redact("card 4111 1111 1111 1111 ok"), "card *** ok");
        assert_eq!(redact("pan=2200000000000004"), "pan=***");
        assert_eq!(redact("phone 7-916-000-00-01"), "phone ***");
        assert_eq!(
            redact("bearer eyJhbGciOi.eyJzdWIi.sig_x end"),
            "bearer *** end"
        );
        assert_eq!(
            redact("status 404 after 3 attempts, 1500 ms"),
            "status 404 after 3 attempts, 1500 ms"
        );
        assert_eq!(redact("key version 12"), "key version 12");
    }

    #[derive(Default)]
    struct Collect(Mutex<Vec<LogRecord>>);

    impl Logger for Collect {
        fn log(&self, record: LogRecord) {
            self.0.lock().unwrap().push(record);
        }
    }

    struct Throwing;

    impl Logger for Throwing {
        fn log(&self, _: LogRecord) {
            panic!("the native logger threw");
        }
    }

    #[test]
    fn events_of_the_core_reach_the_logger_filtered_and_redacted() {
        let logger = Arc::new(Collect::default());
        set_logger(logger.clone(), LogLevel::Info).unwrap();
        tracing::info!(target: "swip_core::test", card = "4111111111111111", "bound");
        tracing::debug!(target: "swip_core::test", "too verbose");
        tracing::error!(target: "hyper::proto", "not ours");
        set_logger(logger.clone(), LogLevel::Debug).unwrap();
        tracing::debug!(target: "swip_core::test", attempt = 2, "retrying");
        // A logger that throws (in Kotlin or Swift: uniffi turns the exception into a panic)
        // loses that record only: the event's caller goes on, and the next logger is served.
        set_logger(Arc::new(Throwing), LogLevel::Info).unwrap();
        tracing::info!(target: "swip_core::test", "into a throwing logger");
        set_logger(logger.clone(), LogLevel::Info).unwrap();
        tracing::info!(target: "swip_core::test", "after the throwing one");
        remove_logger();
        tracing::error!(target: "swip_core::test", "after removal");
        // Other tests of this binary may log at the same time: keep this test's records.
        let records: Vec<LogRecord> = logger
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.target == "swip_core::test")
            .cloned()
            .collect();
        assert_eq!(
            records,
            vec![
                LogRecord {
                    level: LogLevel::Info,
                    target: "swip_core::test".into(),
                    message: "bound card=***".into(),
                },
                LogRecord {
                    level: LogLevel::Debug,
                    target: "swip_core::test".into(),
                    message: "retrying attempt=2".into(),
                },
                LogRecord {
                    level: LogLevel::Info,
                    target: "swip_core::test".into(),
                    message: "after the throwing one".into(),
                },
            ]
        );
    }
}

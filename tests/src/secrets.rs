//! Finding secrets in text: log capture at trace level and the scans that the no-secrets test and
//! the faulted runs (fault matrix, soak) share.

use std::io::Write;
use std::sync::{Arc, Mutex};

use swip_core::input::card::{brand_of, luhn_valid};
use tracing_subscriber::fmt::MakeWriter;

/// Log output captured in memory.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// A subscriber logging every level into this buffer; install it with
    /// `tracing::subscriber::set_default` for the current thread.
    pub fn trace_subscriber(&self) -> impl tracing::Subscriber + Send + Sync + use<> {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(self.clone())
            .with_ansi(false)
            .finish()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Every run of 13–19 digits that is Luhn-valid and starts like a card of a known brand.
///
/// Random hex ids of 32 characters or more (idempotency keys) are skipped: one in a few thousand
/// holds such a run by chance, which made the scan flaky; a card number is never written inside one.
pub fn card_like_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()) {
            continue;
        }
        for run in token.split(|c: char| !c.is_ascii_digit()) {
            if (13..=19).contains(&run.len()) && luhn_valid(run) && brand_of(run).is_some() {
                found.push(run.to_owned());
            }
        }
    }
    found
}

/// Every JWT-looking run (`eyJ….eyJ…`: a base64url JSON header and payload), whoever issued it:
/// catches every token of a run, including those replaced by a refresh since.
pub fn jwt_like(text: &str) -> Vec<String> {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    let mut found = Vec::new();
    for run in text.split(|c: char| !is_b64(c)) {
        if let Some(start) = run.find("eyJ") {
            let candidate = &run[start..];
            if candidate
                .split('.')
                .filter(|part| part.starts_with("eyJ"))
                .count()
                >= 2
            {
                found.push(candidate.to_owned());
            }
        }
    }
    found
}

/// Whether `secret` occurs in `text` as a whole word: not inside a longer run of letters and
/// digits. A 4-digit PIN is found in `pin="2580"` or `pin=2580`, not in the microseconds of a log
/// line's timestamp (`01:52:19.125803Z`), where it turned up by chance in about one run in twenty.
pub fn contains_secret(text: &str, secret: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    text.match_indices(secret).any(|(at, _)| {
        bounded(text[..at].chars().next_back()) && bounded(text[at + secret.len()..].chars().next())
    })
}

/// Where each of `secrets` (`(what, exact text)`), any card-like number and any JWT occurs in
/// `text` (named `where_`): empty when clean.
pub fn scan(where_: &str, text: &str, secrets: &[(&str, String)]) -> Vec<String> {
    let mut hits = Vec::new();
    for (what, secret) in secrets {
        if contains_secret(text, secret) {
            hits.push(format!("{what} found in {where_}"));
        }
    }
    for number in card_like_numbers(text) {
        hits.push(format!("card number {}… in {where_}", &number[..4]));
    }
    if !jwt_like(text).is_empty() {
        hits.push(format!("a token in {where_}"));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scans_find_what_they_look_for() {
        assert_eq!(
            card_like_numbers("x4111111111111111y 4111111111111112"),
            vec!["4111111111111111"]
        );
        // An idempotency key whose digits happen to pass is no card number; the same digits
        // anywhere else are.
        let key = "ab5555555555554444cdef0123456789";
        assert!(card_like_numbers(&format!("\"{key}\"")).is_empty());
        assert_eq!(card_like_numbers("k=5555555555554444;").len(), 1);
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";
        assert_eq!(jwt_like(&format!("token={jwt} ok")), vec![jwt.to_owned()]);
        assert!(jwt_like("eyJ alone, eyJx.notjson").is_empty());
        let hits = scan("logs", "pin \"2580\"", &[("PIN", "\"2580\"".into())]);
        assert_eq!(hits, vec!["PIN found in logs"]);
        assert!(scan("logs", "all clear", &[("PIN", "\"2580\"".into())]).is_empty());
        assert!(contains_secret("pin=2580 ok", "2580"));
        assert!(contains_secret("2580", "2580"));
        assert!(!contains_secret("01:52:19.125803Z", "2580"));
        assert!(!contains_secret("x2580", "2580"));
    }
}

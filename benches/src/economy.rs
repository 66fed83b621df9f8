//! Request economy: the demo journey's requests, from the sandbox journal, against the minimal
//! sequence the contract allows; status polls counted apart, per deferred operation, against
//! `ceil(processing time / poll interval) + 1` per processing stage.

use std::sync::Arc;
use std::time::Duration;

use swip_core::store::MemoryStore;
use swip_core::wallet::WalletConfig;
use swip_sandbox::control::JournalEntry;
use swip_sandbox::{Sandbox, SandboxConfig};

use crate::journey::{self, Control, JourneyReport};
use crate::stats::{machine_note, summary};

/// The fewest requests the seed (plus our documented extensions) allows for the demo journey,
/// polls and the bank's own page excluded, with why each is needed.
pub const MINIMAL: &[(&str, &str, &str)] = &[
    (
        "POST",
        "/v2/signups",
        "signup: the SMS is sent, signup token",
    ),
    (
        "POST",
        "/v2/signup-verifications",
        "the SMS code; `new: true`",
    ),
    ("PUT", "/v2/signups", "PIN; session tokens"),
    (
        "GET",
        "/ext/cryptogram-key",
        "the server key to seal the card (extension; cached for the second card)",
    ),
    ("POST", "/payment-cards", "bind the 3-D Secure card"),
    (
        "GET",
        "/deferred-results/{id}/binding-payment-card-3ds-result",
        "the bank's page, once FINISH_3DS",
    ),
    (
        "GET",
        "/payment-cards",
        "the new card (a status carries no card data)",
    ),
    ("POST", "/payment-cards", "bind the second card"),
    ("GET", "/payment-cards", "the second card's id"),
    (
        "POST",
        "/payment-cards/{id}/actions/set-as-default",
        "make it the default",
    ),
    ("POST", "/inapp-orders", "the order with its loyalty"),
    ("POST", "/orders/{id}/payments", "pay; a deferred id"),
];

/// What a journal request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A request the wallet makes, not a poll.
    App,
    /// `GET /deferred-results/{id}/status`.
    Poll,
    /// The bank's 3-D Secure form, posted by the WebView (not the core).
    Browser,
}

/// Classifies a journal entry.
pub fn kind(entry: &JournalEntry) -> Kind {
    if entry.path.starts_with("/ext/bank/") || entry.path.starts_with("/ext/3ds-return") {
        Kind::Browser
    } else if entry.method == "GET"
        && entry.path.starts_with("/deferred-results/")
        && entry.path.ends_with("/status")
    {
        Kind::Poll
    } else {
        Kind::App
    }
}

/// The path with its ids replaced by `{id}`.
pub fn template(path: &str) -> String {
    let mut out = Vec::new();
    let mut previous = "";
    for segment in path.split('/') {
        let is_id = matches!(previous, "deferred-results" | "orders" | "3ds")
            || (previous == "payment-cards" && segment != "actions");
        out.push(if is_id && !segment.is_empty() {
            "{id}"
        } else {
            segment
        });
        previous = segment;
    }
    out.join("/")
}

/// Requests of the journey beyond the minimal sequence (indices into `actual`) and minimal ones
/// it did not make (indices into [`MINIMAL`]), by a longest common subsequence; of equal
/// alignments, the later requests are the ones matched.
pub fn compare(actual: &[(String, String)]) -> (Vec<usize>, Vec<usize>) {
    let same = |i: usize, j: usize| actual[i].0 == MINIMAL[j].0 && actual[i].1 == MINIMAL[j].1;
    let (n, m) = (actual.len(), MINIMAL.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            lcs[i][j] = if same(i - 1, j - 1) {
                lcs[i - 1][j - 1] + 1
            } else {
                lcs[i - 1][j].max(lcs[i][j - 1])
            };
        }
    }
    let (mut extra, mut missing) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && same(i - 1, j - 1) && lcs[i][j] == lcs[i - 1][j - 1] + 1 {
            i -= 1;
            j -= 1;
        } else if i > 0 && (j == 0 || lcs[i - 1][j] >= lcs[i][j - 1]) {
            i -= 1;
            extra.push(i);
        } else {
            j -= 1;
            missing.push(j);
        }
    }
    extra.reverse();
    missing.reverse();
    (extra, missing)
}

/// `ceil(stage / interval) + 1`, the most polls a stage of `stage` needs at `interval`.
pub fn poll_bound(stage: Duration, interval: Duration) -> u64 {
    let stage = stage.as_nanos();
    let interval = interval.as_nanos().max(1);
    (stage.div_ceil(interval) + 1) as u64
}

/// One journey's requests.
pub struct Run {
    /// Processing delay of the sandbox.
    pub delay: Duration,
    /// Poll interval of the wallet.
    pub interval: Duration,
    /// The journal.
    pub journal: Vec<JournalEntry>,
    /// The journey's deferred ids.
    pub report: JourneyReport,
    /// Wall time of the journey.
    pub elapsed: Duration,
}

/// Runs the demo journey once on a fresh in-process sandbox.
pub async fn run(delay: Duration, interval: Duration) -> Result<Run, String> {
    let sandbox = Arc::new(
        Sandbox::start(SandboxConfig {
            processing_delay: delay,
            ..SandboxConfig::default()
        })
        .await
        .map_err(|e| format!("sandbox: {e}"))?,
    );
    let control = Control::new(sandbox.url(), Some(sandbox.clone())).await?;
    let mut config = WalletConfig::new(sandbox.url());
    config.poll_interval = interval;
    let started = std::time::Instant::now();
    let report = journey::run(
        &control,
        config,
        Arc::new(MemoryStore::new()),
        &journey::phone(1),
    )
    .await?;
    let elapsed = started.elapsed();
    // Let anything the journey left running reach the server before reading the journal.
    tokio::time::sleep(interval * 2).await;
    Ok(Run {
        delay,
        interval,
        journal: sandbox.journal(),
        report,
        elapsed,
    })
}

/// Polls of `deferred_id` in the journal.
fn polls_of(journal: &[JournalEntry], deferred_id: &str) -> u64 {
    let path = format!("/deferred-results/{deferred_id}/status");
    journal.iter().filter(|e| e.path == path).count() as u64
}

/// Prints the comparison for `runs`, the sequence of the first in full.
pub fn print(runs: &[Run]) {
    let Some(first) = runs.first() else { return };
    let app: Vec<(String, String)> = first
        .journal
        .iter()
        .filter(|e| kind(e) == Kind::App)
        .map(|e| (e.method.clone(), template(&e.path)))
        .collect();
    let (extra, missing) = compare(&app);
    println!("#### Requests of the journey (not polls), in order\n");
    println!("| # | request | in the minimal sequence |");
    println!("|---|---|---|");
    for (i, (method, path)) in app.iter().enumerate() {
        let mark = if extra.contains(&i) {
            "**extra**"
        } else {
            "yes"
        };
        println!("| {} | `{method} {path}` | {mark} |", i + 1);
    }
    for j in &missing {
        println!(
            "| – | `{} {}` | **missing** |",
            MINIMAL[*j].0, MINIMAL[*j].1
        );
    }
    println!();
    println!(
        "| run (sandbox delay / poll interval) | requests (not polls) | minimal | polls: 3-D Secure binding | polls: second binding | polls: payment | polls total / bound | WebView requests | journey time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for run in runs {
        let app = run.journal.iter().filter(|e| kind(e) == Kind::App).count();
        let browser = run
            .journal
            .iter()
            .filter(|e| kind(e) == Kind::Browser)
            .count();
        let stage = |stages: u32, length: u32| {
            poll_bound(run.delay * length, run.interval) * u64::from(stages)
        };
        // 3-D Secure binding: PROCESSING, then (after the page) PROCESSING again; second binding:
        // PROCESSING; payment: PROCESSING then LOYALTY_CALCULATION, back to back.
        let bounds = [stage(2, 1), stage(1, 1), stage(1, 2)];
        let polls = [
            polls_of(&run.journal, &run.report.three_ds_binding),
            polls_of(&run.journal, &run.report.plain_binding),
            polls_of(&run.journal, &run.report.payment),
        ];
        let total_polls = run.journal.iter().filter(|e| kind(e) == Kind::Poll).count();
        let cell = |i: usize| format!("{} (≤ {})", polls[i], bounds[i]);
        println!(
            "| {} ms / {} ms | {} | {} | {} | {} | {} | {} / {} | {} | {:.2} s |",
            run.delay.as_millis(),
            run.interval.as_millis(),
            app,
            MINIMAL.len(),
            cell(0),
            cell(1),
            cell(2),
            total_polls,
            bounds.iter().sum::<u64>(),
            browser,
            run.elapsed.as_secs_f64(),
        );
        let timing = format!(
            "sandbox {} ms per stage, poll every {} ms",
            run.delay.as_millis(),
            run.interval.as_millis()
        );
        summary(
            &format!("Request economy, demo journey ({timing})"),
            &format!("{app} requests besides polls"),
            "= minimal sequence",
            &format!("minimal sequence the seed allows: {}", MINIMAL.len()),
            Some(app == MINIMAL.len()),
        );
        let bound: u64 = bounds.iter().sum();
        summary(
            &format!("Status polls, demo journey ({timing})"),
            &format!(
                "{} polls ({} / {} / {})",
                total_polls, polls[0], polls[1], polls[2]
            ),
            "≤ ceil(stage / interval) + 1 per stage",
            &format!(
                "bound {bound} ({} / {} / {})",
                bounds[0], bounds[1], bounds[2]
            ),
            Some(polls.iter().zip(&bounds).all(|(p, b)| p <= b)),
        );
    }
    println!("\n_{}_\n", machine_note());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, path: &str) -> JournalEntry {
        JournalEntry {
            method: method.into(),
            path: path.into(),
            status: 200,
            at: 0,
        }
    }

    #[test]
    fn paths_become_templates() {
        assert_eq!(
            template("/deferred-results/ab-12/status"),
            "/deferred-results/{id}/status"
        );
        assert_eq!(
            template("/payment-cards/c1/actions/set-as-default"),
            "/payment-cards/{id}/actions/set-as-default"
        );
        assert_eq!(template("/payment-cards"), "/payment-cards");
        assert_eq!(template("/orders/o-1/payments"), "/orders/{id}/payments");
        assert_eq!(template("/ext/bank/3ds/d"), "/ext/bank/3ds/{id}");
    }

    #[test]
    fn requests_are_classified() {
        assert_eq!(
            kind(&entry("GET", "/deferred-results/x/status")),
            Kind::Poll
        );
        assert_eq!(kind(&entry("POST", "/ext/bank/3ds/x")), Kind::Browser);
        assert_eq!(kind(&entry("GET", "/payment-cards")), Kind::App);
    }

    #[test]
    fn the_minimal_sequence_matches_itself_and_finds_extras() {
        let minimal: Vec<(String, String)> = MINIMAL
            .iter()
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(compare(&minimal), (vec![], vec![]));
        let mut more = minimal.clone();
        more.insert(3, ("GET".into(), "/payment-cards".into()));
        more.push(("GET".into(), "/payment-cards".into()));
        assert_eq!(compare(&more), (vec![3, 13], vec![]));
        let fewer = &minimal[1..];
        assert_eq!(compare(fewer), (vec![], vec![0]));
    }

    #[test]
    fn poll_bounds() {
        let s = Duration::from_secs;
        assert_eq!(poll_bound(s(2), s(1)), 3);
        assert_eq!(poll_bound(s(4), s(1)), 5);
        assert_eq!(
            poll_bound(Duration::from_millis(2500), Duration::from_secs(1)),
            4
        );
        assert_eq!(poll_bound(Duration::ZERO, s(1)), 1);
    }
}

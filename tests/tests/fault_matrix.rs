//! The fault matrix: every fault (latency beyond the client timeout, 500, 503 and 429 with
//! `Retry-After`, a connection dropped before or after the server committed, the token expiring)
//! at every step of the journey (signup, SMS code, PIN, bind, status poll, 3-D Secure page, card
//! list, order, payment), and the app killed and restored at every step of binding and payment.
//!
//! Each run drives the whole journey like a persistent user and asserts: exactly one charge for
//! the one paid order, nothing left pending or in doubt ("check again" resolves an unknown
//! outcome once the fault is gone), the card bound once, no secret in trace logs, error texts or
//! states. Prints the tables kept in RELIABILITY.md:
//!
//! ```sh
//! cargo test -p swip-e2e --test fault_matrix -- --nocapture
//! ```

use std::collections::HashMap;

use swip_e2e::faults::{Fault, Outcome, Plan, RestartPoint, Step, Summary, grid, run};

#[tokio::test(start_paused = true)]
async fn every_fault_at_every_step_keeps_money_cards_and_secrets_safe() {
    let mut summary = Summary::default();
    let mut cells = HashMap::new();
    let mut seed = 7_000;
    for fault in Fault::ALL {
        for step in Step::ALL {
            seed += 1;
            let plan = Plan {
                seed,
                ..Plan::fault(fault, step)
            };
            let report = run(plan).await;
            cells.insert((fault, step), report.outcome());
            summary.add(fault.name(), report);
        }
    }
    let mut restarts = HashMap::new();
    for point in RestartPoint::ALL {
        seed += 1;
        let report = run(Plan {
            seed,
            ..Plan::restart(point)
        })
        .await;
        restarts.insert(point, report.outcome());
        summary.add("app killed and restored", report);
    }
    // The baseline: no fault at all recovers (nothing to recover from) without an error.
    let baseline = run(Plan {
        seed: 6_999,
        ..Plan::default()
    })
    .await;
    assert_eq!(
        baseline.outcome(),
        Outcome::Recovered,
        "{:?}",
        baseline.user_errors
    );
    assert_eq!((baseline.charges, baseline.paid_orders), (1, 1));

    let faults: Vec<(Fault, &str)> = Fault::ALL.iter().map(|f| (*f, f.name())).collect();
    let steps: Vec<(Step, &str)> = Step::ALL.iter().map(|s| (*s, s.name())).collect();
    let points: Vec<(RestartPoint, &str)> =
        RestartPoint::ALL.iter().map(|p| (*p, p.name())).collect();
    println!(
        "\n## Fault matrix: outcomes by fault\n\n{}",
        summary.table("fault")
    );
    println!(
        "## Fault × step (R recovered automatically, U unknown then resolved by check-again, E user-visible error, X invariant broken)\n\n{}",
        grid("fault \\ step", &faults, &steps, |f, s| cells
            .get(&(f, s))
            .copied())
    );
    println!(
        "## App killed and restored\n\n{}",
        grid("restart at", &points, &[((), "outcome")], |p, ()| restarts
            .get(&p)
            .copied())
    );
    for report in &summary.reports {
        if !report.user_errors.is_empty() {
            println!("{} → {:?}", report.plan, report.user_errors);
        }
    }

    let violations = summary.violations();
    assert!(
        violations.is_empty(),
        "{} broken invariants:\n{}",
        violations.len(),
        violations.join("\n")
    );
    assert_eq!(
        summary.runs(),
        Fault::ALL.len() * Step::ALL.len() + RestartPoint::ALL.len()
    );
    // The matrix is a real test: faults were felt (not every run recovered silently).
    assert!(summary.count(Outcome::Recovered) < summary.runs());
}

//! The seeded soak: runs of the whole journey with random faults (1 to 3, each hitting 1 to 4
//! requests) at random steps, and sometimes the app killed and restored at a random point. Every
//! run is reproduced from its seed alone. The same invariants as the fault matrix hold in every run.
//!
//! ```sh
//! cargo test -p swip-e2e --test soak -- --nocapture                           # 24 runs (the suite)
//! SOAK_RUNS=300 SOAK_SEED=1 cargo test -p swip-e2e --test soak -- --nocapture # the full soak
//! ```

use swip_e2e::faults::{
    Fault, Injection, Outcome, Plan, RestartPoint, SplitMix64, Step, Summary, run,
};

/// The plan of run `seed`: a pure function of the seed.
fn plan(seed: u64) -> Plan {
    let mut rng = SplitMix64::new(seed);
    let faults = (0..1 + rng.below(3))
        .map(|_| Injection {
            step: rng.pick(&Step::ALL),
            fault: rng.pick(&Fault::ALL),
            count: 1 + rng.below(4) as u32,
        })
        .collect();
    let restarts = if rng.chance(30) {
        vec![rng.pick(&RestartPoint::ALL)]
    } else {
        Vec::new()
    };
    Plan {
        faults,
        restarts,
        seed,
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(start_paused = true)]
async fn random_faults_at_random_steps_keep_every_invariant() {
    let first = env_u64("SOAK_SEED", 1);
    let runs = env_u64("SOAK_RUNS", 24);
    let mut summary = Summary::default();
    for seed in first..first + runs {
        let plan = plan(seed);
        let faults = plan.faults.len();
        let report = run(plan).await;
        let row = if report.plan.contains("restart") {
            format!("{faults} fault(s) + restart")
        } else {
            format!("{faults} fault(s)")
        };
        summary.add(&row, report);
    }
    println!(
        "\n## Soak: seeds {first}..{}\n\n{}",
        first + runs,
        summary.table("faults per run")
    );
    println!(
        "runs {}, recovered {}, resolved by check-again {}, user-visible error {}, broken {}",
        summary.runs(),
        summary.count(Outcome::Recovered),
        summary.count(Outcome::ResolvedByCheckAgain),
        summary.count(Outcome::UserVisibleError),
        summary.count(Outcome::Violation)
    );
    let violations = summary.violations();
    assert!(
        violations.is_empty(),
        "{} broken invariants (rerun one with SOAK_SEED=<seed> SOAK_RUNS=1):\n{}",
        violations.len(),
        violations.join("\n")
    );
    assert_eq!(summary.runs() as u64, runs);
}

#[test]
fn a_plan_is_a_function_of_its_seed() {
    assert_eq!(plan(42), plan(42));
    let distinct: std::collections::HashSet<String> = (0..50).map(|s| plan(s).describe()).collect();
    assert!(distinct.len() > 40, "seeds give varied plans");
}

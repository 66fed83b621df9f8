//! Faulted journeys: what can go wrong ([`Fault`]), where ([`Step`], [`RestartPoint`]), a run's
//! [`Plan`], the runner that drives the whole journey through it like a user
//! ([`run`]) and what came of it ([`RunReport`], [`Summary`]).
//!
//! Used by the fault matrix (every fault × every step, `tests/fault_matrix.rs`) and the seeded
//! soak (random faults at random steps, `tests/soak.rs`).

mod plan;
mod report;
mod rng;
mod runner;

pub use plan::{Fault, Injection, Plan, RestartPoint, Step};
pub use report::{Outcome, RunReport, Summary, grid};
pub use rng::SplitMix64;
pub use runner::run;

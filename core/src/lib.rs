//! SWiP wallet core.
//!
//! The user's whole journey (signup, PIN, login, cards, orders, payment) as a pure state machine
//! ([`journey`]) with a driver that performs its effects, over a typed API client ([`api`]), a
//! session that keeps itself valid ([`session`]), secure storage ([`store`]) and validated,
//! self-redacting user input ([`input`]). Shells (Android, iOS, the CLI, tests) render the state
//! and send actions; they hold no journey logic.

pub mod api;
pub mod cryptogram;
pub mod input;
pub mod journey;
pub mod session;
pub mod store;
pub mod texts;
pub mod wallet;

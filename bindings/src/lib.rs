//! `swip-ffi`: the SWiP wallet core for Kotlin (Android) and Swift (iOS) through uniffi.
//!
//! Glue only — the journey, its validation and its money-safety rules live in `swip-core`:
//! - [`wallet::Wallet`]: opened on a [`types::WalletConfig`] and a native [`store::SecureStore`];
//!   async actions, a state snapshot, [`observer::StateObserver`] subscriptions, 3-D Secure
//!   return-URL matching;
//! - [`types`]: the state and inputs as small records and enums mirrored from the core with
//!   exhaustive `From` (every core field is named, so a new one breaks the build);
//! - [`error::SwipError`]: typed failures whose message reaches Kotlin and Swift;
//! - [`logger`]: the core's log records, redacted, to a native [`logger::Logger`];
//! - [`runtime`]: the one tokio runtime every call runs on;
//! - `android` (Android only): the JNI entry point initialising the platform TLS verifier.
//!
//! Nothing panics across the boundary: the release profile unwinds, work runs in tasks whose
//! panics become [`error::SwipError::Internal`], and uniffi turns any other panic into an
//! `InternalException` (Kotlin) / error (Swift).

#[cfg(target_os = "android")]
pub mod android;
pub mod error;
mod jvm_thread;
pub mod logger;
pub mod observer;
mod readable;
pub mod runtime;
pub mod store;
pub mod texts;
pub mod types;
pub mod wallet;

#[cfg(test)]
mod ffi_wallet_tests;

uniffi::setup_scaffolding!("swip");

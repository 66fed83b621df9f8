//! The exported surface driven from Rust as a foreign caller would (foreign traits implemented
//! here, calls awaited on a runtime that is not the library's), against an in-process sandbox.
//! It uses the public items only, as a caller outside the crate would; it lives inside the crate
//! because swip-ffi is built as a `cdylib` and `staticlib` only (no `lib`: see Cargo.toml).
//! The full journeys run in Kotlin (bindings/kotlin-tests); this keeps the glue honest in
//! `cargo test`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::Refusal;
use crate::error::SwipError;
use crate::observer::{OBSERVER_THREAD, ObserverError, StateObserver};
use crate::store::{SecureStore, SecureStoreError};
use crate::types::{
    AppState, AuthState, InputField, LockReason, WaitCondition, WalletConfig, wallet_config,
};
use crate::wallet::Wallet;
use swip_sandbox::{Sandbox, SandboxConfig};

/// A map; once broken, every call fails as an app's store that throws an undeclared exception.
#[derive(Default)]
struct MapStore(Mutex<HashMap<String, Vec<u8>>>, AtomicBool);

impl MapStore {
    fn break_it(&self) {
        self.1.store(true, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), SecureStoreError> {
        if self.1.load(Ordering::SeqCst) {
            // What uniffi hands over for a Kotlin exception: its stack trace.
            return Err(uniffi::UnexpectedUniFFICallbackError {
                reason: "java.lang.IllegalStateException: value=SECRET\n\tat Store.put(Store.kt:9)"
                    .into(),
            }
            .into());
        }
        Ok(())
    }
}

impl SecureStore for MapStore {
    fn get(&self, key: String) -> Result<Option<Vec<u8>>, SecureStoreError> {
        self.check()?;
        Ok(self.0.lock().unwrap().get(&key).cloned())
    }
    fn put(&self, key: String, value: Vec<u8>) -> Result<(), SecureStoreError> {
        self.check()?;
        self.0.lock().unwrap().insert(key, value);
        Ok(())
    }
    fn delete(&self, key: String) -> Result<(), SecureStoreError> {
        self.check()?;
        self.0.lock().unwrap().remove(&key);
        Ok(())
    }
}

/// Records every state and the name of the thread it came on; fails every call when `failing`.
#[derive(Default)]
struct Recorder {
    states: Mutex<Vec<AppState>>,
    threads: Mutex<Vec<String>>,
    failing: bool,
}

impl StateObserver for Recorder {
    fn on_state(&self, state: AppState) -> Result<(), ObserverError> {
        self.states.lock().unwrap().push(state);
        let thread = std::thread::current().name().unwrap_or("?").to_owned();
        self.threads.lock().unwrap().push(thread);
        if self.failing {
            return Err(ObserverError::Threw {
                exception: "java.lang.IllegalStateException".into(),
            });
        }
        Ok(())
    }
}

fn config(url: String) -> WalletConfig {
    WalletConfig {
        poll_interval_ms: 250,
        ..wallet_config(url)
    }
}

/// Polls `condition` (it turns true on another thread) for at most 10 s.
async fn eventually(what: &str, condition: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn signup_restart_and_pin_through_the_exported_wallet() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let store = Arc::new(MapStore::default());
    let phone = "79160009001";

    let wallet = Wallet::open(config(sandbox.url()), store.clone())
        .await
        .unwrap();
    let recorder = Arc::new(Recorder::default());
    let subscription = wallet.subscribe(recorder.clone()).unwrap();
    wallet.start_signup(phone.into()).await.unwrap();
    let code = sandbox.latest_sms(phone).unwrap().code;
    wallet.submit_code(code).await.unwrap();
    wallet
        .set_pin("2580".into(), "Ivan".into(), "".into())
        .await
        .unwrap();
    let state = wallet
        .wait_for(WaitCondition::SignedIn, 10_000)
        .await
        .unwrap();
    assert_eq!(
        state.auth,
        AuthState::SignedIn {
            phone: phone.into()
        }
    );

    // The observer saw signed_out first and signed_in last, every call on its one thread.
    eventually("the observer sees signed_in", || {
        matches!(
            recorder.states.lock().unwrap().last().map(|s| &s.auth),
            Some(AuthState::SignedIn { .. })
        )
    })
    .await;
    assert_eq!(
        recorder.states.lock().unwrap()[0].auth,
        AuthState::SignedOut
    );
    let threads = recorder.threads.lock().unwrap().clone();
    assert!(threads.len() >= 3, "{threads:?}");
    assert!(threads.iter().all(|t| t == OBSERVER_THREAD), "{threads:?}");
    subscription.cancel();
    assert!(!subscription.is_active());

    // An observer that fails keeps receiving states (and nothing panics).
    let failing = Arc::new(Recorder {
        failing: true,
        ..Recorder::default()
    });
    let failing_subscription = wallet.subscribe(failing.clone()).unwrap();
    wallet.refresh_cards().await.unwrap();
    eventually("a failing observer still gets states", || {
        failing.states.lock().unwrap().len() >= 2
    })
    .await;
    assert!(failing_subscription.is_active());

    // Typed errors name fields; the card never appears in the message.
    let error = wallet
        .bind_card(
            "4111111111111112".into(),
            1,
            2031,
            "1".into(),
            "IVAN".into(),
            false,
        )
        .await
        .unwrap_err();
    let SwipError::InvalidInput { errors, detail } = &error else {
        panic!("{error:?}")
    };
    assert!(errors.iter().any(|e| e.field == InputField::CardNumber));
    assert!(!detail.contains("4111111111111112"), "{detail}");

    // After shutdown every action is refused, typed, and nothing is published.
    let before = wallet.state();
    wallet.shutdown();
    assert!(!wallet.is_open());
    assert!(!failing_subscription.is_active());
    let error = wallet.refresh_cards().await.unwrap_err();
    assert!(matches!(error, SwipError::ShutDown { .. }), "{error:?}");
    let error = wallet.set_default_card("card-1".into()).await.unwrap_err();
    assert!(matches!(error, SwipError::ShutDown { .. }), "{error:?}");
    assert_eq!(wallet.state(), before);
    assert!(!wallet.state().cards.loading);
    drop(wallet);
    let wallet = Wallet::open(config(sandbox.url()), store).await.unwrap();
    assert!(matches!(
        wallet.state().auth,
        AuthState::Locked {
            reason: LockReason::Restart,
            ..
        }
    ));
    wallet.enter_pin("2580".into()).await.unwrap();
    assert!(matches!(wallet.state().auth, AuthState::SignedIn { .. }));
    assert!(wallet.is_three_ds_return_url(format!("{}?x=1", wallet.three_ds_return_url())));
}

#[tokio::test]
async fn a_failing_store_is_the_same_storage_error_everywhere_in_one_line() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let store = Arc::new(MapStore::default());
    let wallet = Wallet::open(config(sandbox.url()), store.clone())
        .await
        .unwrap();
    store.break_it();

    // Inside an action: the signup's tokens cannot be saved.
    let phone = "79160009002";
    let in_action = wallet.start_signup(phone.into()).await.unwrap_err();
    let SwipError::Storage { detail } = &in_action else {
        panic!("{in_action:?}")
    };
    assert_eq!(
        detail,
        "secure storage failed: the app's store threw java.lang.IllegalStateException"
    );
    let AuthState::PhoneEntered {
        problem: Some(problem),
        submitting: false,
        ..
    } = wallet.state().auth
    else {
        panic!("{:?}", wallet.state().auth)
    };
    assert_eq!(problem.kind, crate::types::ProblemKind::Storage);
    assert_eq!(&problem.message, detail);

    // Opening: the session cannot be read. The same variant, the same one line.
    let Err(at_open) = Wallet::open(config(sandbox.url()), store).await else {
        panic!("the wallet opened on a store that cannot read")
    };
    assert_eq!(at_open, in_action);
}

#[tokio::test]
async fn refusals_are_typed() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let wallet = Wallet::open(config(sandbox.url()), Arc::new(MapStore::default()))
        .await
        .unwrap();
    let error = wallet.refresh_cards().await.unwrap_err();
    let SwipError::NotAllowed { refusal, detail } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        refusal,
        &Refusal::WrongStage {
            action: "refreshCards".into(),
            stage: "signed out".into()
        }
    );
    assert_eq!(detail, "`refreshCards` is not possible while signed out");
}

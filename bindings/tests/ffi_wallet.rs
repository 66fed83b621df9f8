//! The exported surface driven from Rust as a foreign caller would (foreign traits implemented
//! here, calls awaited on a runtime that is not the library's), against an in-process sandbox.
//! The full journeys run in Kotlin (bindings/kotlin-tests); this keeps the glue honest in
//! `cargo test`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use swip_ffi::error::SwipError;
use swip_ffi::observer::StateObserver;
use swip_ffi::store::{SecureStore, SecureStoreError};
use swip_ffi::types::{AppState, AuthState, InputField, LockReason, WaitCondition, WalletConfig};
use swip_ffi::wallet::Wallet;
use swip_sandbox::{Sandbox, SandboxConfig};

#[derive(Default)]
struct MapStore(Mutex<HashMap<String, Vec<u8>>>);

impl SecureStore for MapStore {
    fn get(&self, key: String) -> Result<Option<Vec<u8>>, SecureStoreError> {
        Ok(self.0.lock().unwrap().get(&key).cloned())
    }
    fn put(&self, key: String, value: Vec<u8>) -> Result<(), SecureStoreError> {
        self.0.lock().unwrap().insert(key, value);
        Ok(())
    }
    fn delete(&self, key: String) -> Result<(), SecureStoreError> {
        self.0.lock().unwrap().remove(&key);
        Ok(())
    }
}

#[derive(Default)]
struct Recorder(Mutex<Vec<AppState>>);

impl StateObserver for Recorder {
    fn on_state(&self, state: AppState) {
        self.0.lock().unwrap().push(state);
    }
}

fn config(url: String) -> WalletConfig {
    WalletConfig {
        base_url: url,
        connect_timeout_ms: 10_000,
        request_timeout_ms: 30_000,
        poll_interval_ms: 250,
        binding_deadline_ms: 300_000,
        payment_deadline_ms: 120_000,
        max_attempts: 4,
        initial_backoff_ms: 500,
        max_backoff_ms: 8_000,
        three_ds_return_url: None,
        allow_plain_http: false,
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

    // The observer saw signed_out first and signed_in last (it runs on the library's runtime).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !matches!(
        recorder.0.lock().unwrap().last().map(|s| &s.auth),
        Some(AuthState::SignedIn { .. })
    ) {
        assert!(
            std::time::Instant::now() < deadline,
            "the observer never saw signed_in"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(recorder.0.lock().unwrap()[0].auth, AuthState::SignedOut);
    subscription.cancel();
    assert!(!subscription.is_active());

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

    // A new wallet on the same store asks for the PIN.
    wallet.shutdown();
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

//! The wallet's lifecycle against the sandbox: after `shutdown()` (or once the last handle is
//! gone) every action is refused, typed, before anything is published; an effect whose task
//! panics ends in a failure outcome, never a stuck flag; a failing secure store is the same
//! `Storage` error wherever it is met.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use swip_core::journey::{AuthState, ProblemKind};
use swip_core::store::{MemoryStore, SecureStore, StoreError};
use swip_core::wallet::{Wallet, WalletConfig, WalletError};
use swip_sandbox::{Sandbox, SandboxConfig};

/// How [`FlakyStore`] treats writes.
const WRITES_WORK: u8 = 0;
const WRITES_FAIL: u8 = 1;
const WRITES_PANIC: u8 = 2;

/// A [`MemoryStore`] whose writes can be made to fail or to panic (a buggy native store).
#[derive(Default)]
struct FlakyStore {
    memory: MemoryStore,
    writes: AtomicU8,
}

impl SecureStore for FlakyStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.memory.get(key)
    }

    fn put(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        match self.writes.load(Ordering::SeqCst) {
            WRITES_FAIL => Err(StoreError::Failed {
                reason: "the keystore is locked".into(),
            }),
            WRITES_PANIC => panic!("a bug in the native store"),
            _ => self.memory.put(key, value),
        }
    }

    fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.memory.delete(key)
    }
}

async fn open(sandbox: &Sandbox, store: Arc<FlakyStore>) -> Wallet {
    Wallet::open(WalletConfig::new(sandbox.url()), store)
        .await
        .expect("the wallet opens")
}

async fn sign_up(sandbox: &Sandbox, wallet: &Wallet, phone: &str) {
    wallet.start_signup(phone).await.expect("signup");
    let code = sandbox.latest_sms(phone).expect("an SMS").code;
    wallet.submit_code(&code).await.expect("code");
    wallet.set_pin("2580", "", "").await.expect("PIN");
    assert!(wallet.state().auth.is_signed_in());
}

#[tokio::test]
async fn after_shutdown_every_action_is_refused_before_anything_is_published() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let wallet = open(&sandbox, Arc::default()).await;
    sign_up(&sandbox, &wallet, "79160007001").await;
    let mut states = wallet.subscribe();
    states.borrow_and_update();
    let before = wallet.state();

    wallet.shutdown();
    assert!(!wallet.is_open());
    assert_eq!(wallet.refresh_cards().await, Err(WalletError::ShutDown));
    assert_eq!(
        wallet.set_default_card("card-1").await,
        Err(WalletError::ShutDown)
    );
    assert_eq!(wallet.sign_out().await, Err(WalletError::ShutDown));
    // Input is still checked first: a bad input says what is wrong with it.
    assert!(matches!(
        wallet.start_signup("12").await,
        Err(WalletError::InvalidInput(_))
    ));
    assert_eq!(wallet.state(), before);
    assert!(!wallet.state().cards.loading);
    assert!(!states.has_changed().unwrap_or(false), "nothing published");
}

#[tokio::test]
async fn the_last_handle_gone_closes_the_wallet() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let wallet = open(&sandbox, Arc::default()).await;
    let copy = wallet.clone();
    let closed = wallet.closed();
    drop(wallet);
    assert!(!*closed.borrow(), "a handle is left");
    assert!(copy.is_open());
    drop(copy);
    assert!(*closed.borrow(), "closed once the last handle is gone");
}

#[tokio::test]
async fn a_panicking_effect_ends_in_a_failure_not_a_stuck_flag() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let store = Arc::new(FlakyStore::default());
    let wallet = open(&sandbox, store.clone()).await;
    // The signup's answer is saved to the store: that write panics inside the effect's task.
    store.writes.store(WRITES_PANIC, Ordering::SeqCst);

    let error = wallet.start_signup("79160007002").await.unwrap_err();
    let WalletError::Failed(problem) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problem.kind, ProblemKind::Internal);
    let AuthState::PhoneEntered {
        submitting,
        problem: Some(shown),
        ..
    } = wallet.state().auth
    else {
        panic!("{:?}", wallet.state().auth)
    };
    assert!(!submitting, "no stuck flag");
    assert_eq!(&shown, problem);

    // The wallet goes on: the next signup works (another phone: the sandbox sends one SMS a
    // minute per phone).
    store.writes.store(WRITES_WORK, Ordering::SeqCst);
    wallet.start_signup("79160007012").await.expect("a retry");
    assert!(matches!(
        wallet.state().auth,
        AuthState::AwaitingCode { .. }
    ));
}

#[tokio::test]
async fn a_failing_store_is_a_storage_error_in_actions_as_at_open() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let store = Arc::new(FlakyStore::default());
    let wallet = open(&sandbox, store.clone()).await;
    store.writes.store(WRITES_FAIL, Ordering::SeqCst);

    let error = wallet.start_signup("79160007003").await.unwrap_err();
    assert_eq!(
        error,
        WalletError::Storage("secure storage failed: the keystore is locked".into())
    );
    let AuthState::PhoneEntered {
        problem: Some(problem),
        ..
    } = wallet.state().auth
    else {
        panic!("{:?}", wallet.state().auth)
    };
    assert_eq!(problem.kind, ProblemKind::Storage);
    assert_eq!(problem.message, error.to_string());
    // At open, the same failure is the same variant with the same text.
    let at_open = WalletError::from(StoreError::Failed {
        reason: "the keystore is locked".into(),
    });
    assert_eq!(at_open, error);
}

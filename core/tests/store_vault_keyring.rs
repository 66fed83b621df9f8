//! The vault over keyring-core (its mock store standing in for the platform's): what one process
//! saves, the next one reads, and a session restored from it carries on against the sandbox.

mod api_support;

use std::sync::Arc;

use api_support::{World, phone};
use keyring_core::mock;
use swip_core::session::{Session, SessionStatus};
use swip_core::store::{KeyringStore, SecureStore, Vault};

#[tokio::test]
async fn a_session_saved_in_the_keyring_is_restored_by_the_next_process() {
    let credentials = mock::Store::new().unwrap();
    let world = World::start().await;

    // First "process": sign up, keep the session in the keyring.
    let vault = Vault::new(Arc::new(KeyringStore::with_store(
        credentials.clone(),
        "swip-test",
    )));
    let device_id = vault.device_id().unwrap();
    let tokens = world.register_with(&phone(50), &vault).await;
    let session = Session::new(world.api.clone(), vault.clone());
    session.establish(tokens).await.unwrap();
    vault.set_phone(&phone(50)).unwrap();
    vault.set_pending_ops(r#"{"ops":[]}"#).unwrap();
    drop(session);

    // Second "process": a new store object over the same credentials.
    let store = Arc::new(KeyringStore::with_store(credentials.clone(), "swip-test"));
    let vault = Vault::new(store.clone());
    assert_eq!(
        vault.device_id().unwrap(),
        device_id,
        "the device id is made once"
    );
    assert_eq!(vault.phone().unwrap().as_deref(), Some(phone(50).as_str()));
    assert_eq!(
        vault.pending_ops().unwrap().as_deref(),
        Some(r#"{"ops":[]}"#)
    );
    let restored = Session::restore(world.api.clone(), vault.clone()).unwrap();
    assert!(matches!(restored.status(), SessionStatus::Active { .. }));
    let cards = restored
        .call(|call| Box::pin(call.api.list_cards(call.token)))
        .await
        .unwrap();
    assert!(cards.is_empty());

    // Nothing but the documented keys was written; no PIN among the values.
    for key in [
        Vault::DEVICE_ID_KEY,
        Vault::PHONE_KEY,
        Vault::SESSION_KEY,
        Vault::PENDING_OPS_KEY,
    ] {
        let value = store.get(key).unwrap().expect("written");
        assert!(
            !String::from_utf8_lossy(&value).contains(api_support::PIN),
            "{key}"
        );
    }
    vault.forget_user().unwrap();
    assert_eq!(store.get(Vault::SESSION_KEY).unwrap(), None);
    assert_eq!(vault.device_id().unwrap(), device_id);
}

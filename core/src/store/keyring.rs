//! [`KeyringStore`]: a [`SecureStore`] over keyring-core, for desktop and the CLI.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};

use super::{SecureStore, StoreError};

/// A [`SecureStore`] over a keyring-core credential store: each key is one credential of
/// `service`, its value the credential's secret bytes.
///
/// With [`KeyringStore::new`] it uses keyring-core's default store, which the program sets once
/// (`keyring_core::set_default_store`) to the platform's store (Secret Service, keyutils, macOS
/// Keychain, Windows Credential Manager). [`KeyringStore::with_store`] names the store instead,
/// which keeps tests independent of the process-wide default.
pub struct KeyringStore {
    service: String,
    store: Option<Arc<CredentialStore>>,
}

impl KeyringStore {
    /// A store of credentials under `service` in keyring-core's default store.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            store: None,
        }
    }

    /// A store of credentials under `service` in the given credential store.
    pub fn with_store(store: Arc<CredentialStore>, service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            store: Some(store),
        }
    }

    /// The service name the credentials are filed under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, key: &str) -> Result<Entry, StoreError> {
        let entry = match &self.store {
            Some(store) => store.build(&self.service, key, None),
            None => Entry::new(&self.service, key),
        };
        entry.map_err(store_error)
    }
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore")
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl SecureStore for KeyringStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.entry(key)?.get_secret() {
            Ok(secret) => Ok(Some(secret)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..)) => {
                Err(StoreError::Corrupt {
                    key: key.to_owned(),
                })
            }
            Err(other) => Err(store_error(other)),
        }
    }

    fn put(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.entry(key)?.set_secret(value).map_err(store_error)
    }

    fn delete(&self, key: &str) -> Result<(), StoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(other) => Err(store_error(other)),
        }
    }
}

/// keyring-core's error as ours. The variants that carry stored bytes are described, not copied.
fn store_error(err: KeyringError) -> StoreError {
    match err {
        KeyringError::NoStorageAccess(platform) => StoreError::Unavailable {
            reason: platform.to_string(),
        },
        KeyringError::NoDefaultStore => StoreError::Unavailable {
            reason: "no default keyring store is set".to_owned(),
        },
        KeyringError::PlatformFailure(platform) => StoreError::Failed {
            reason: platform.to_string(),
        },
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => StoreError::Failed {
            reason: "stored data is malformed".to_owned(),
        },
        KeyringError::TooLong(name, limit) => StoreError::Failed {
            reason: format!("{name} is longer than the platform limit {limit}"),
        },
        KeyringError::Invalid(name, why) => StoreError::Failed {
            reason: format!("{name}: {why}"),
        },
        KeyringError::Ambiguous(entries) => StoreError::Failed {
            reason: format!("{} credentials match one key", entries.len()),
        },
        KeyringError::BadStoreFormat(why) => StoreError::Failed { reason: why },
        KeyringError::NotSupportedByStore(why) => StoreError::Unavailable { reason: why },
        _ => StoreError::Failed {
            reason: "unknown keyring error".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::api::CredentialStoreApi;
    use keyring_core::mock;

    #[test]
    fn round_trips_through_the_mock_store() {
        let store = KeyringStore::with_store(mock::Store::new().unwrap(), "swip-test");
        assert_eq!(store.get("swip.phone").unwrap(), None);
        store.put("swip.phone", b"79160000000").unwrap();
        assert_eq!(
            store.get("swip.phone").unwrap().as_deref(),
            Some(&b"79160000000"[..])
        );
        store.put("swip.phone", &[0, 255, 1]).unwrap();
        assert_eq!(store.get("swip.phone").unwrap(), Some(vec![0, 255, 1]));
        store.delete("swip.phone").unwrap();
        store.delete("swip.phone").unwrap();
        assert_eq!(store.get("swip.phone").unwrap(), None);
        assert_eq!(store.service(), "swip-test");
    }

    #[test]
    fn platform_errors_become_store_errors() {
        let credentials = mock::Store::new().unwrap();
        let store = KeyringStore::with_store(credentials.clone(), "swip-test");
        store.put("k", b"v").unwrap();
        let entry = credentials.build("swip-test", "k", None).unwrap();
        let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(KeyringError::NoStorageAccess("locked".into()));
        assert_eq!(
            store.get("k"),
            Err(StoreError::Unavailable {
                reason: "locked".into()
            })
        );
        cred.set_error(KeyringError::BadEncoding(b"secret-bytes".to_vec()));
        let err = store.get("k").unwrap_err();
        assert_eq!(err, StoreError::Corrupt { key: "k".into() });
        assert!(!err.to_string().contains("secret-bytes"));
        assert_eq!(store.get("k").unwrap().as_deref(), Some(&b"v"[..]));
    }

    #[test]
    fn without_a_default_store_it_is_unavailable() {
        // No test in this crate sets keyring-core's process-wide default store.
        if keyring_core::get_default_store().is_none() {
            let err = KeyringStore::new("swip-test").get("k").unwrap_err();
            assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
        }
    }
}

//! The secure store, implemented natively: iOS Keychain, Android Keystore (a host test may use a
//! map). The wallet keeps there the device id, the phone, the session tokens and the journal of
//! pending payments and bindings — never a PIN or card data.

use std::sync::Arc;

use swip_core::store::{SecureStore as CoreStore, StoreError};

/// Why the native secure store failed. Never carries a stored value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SecureStoreError {
    /// The store cannot be used now (device locked, key invalidated, permission refused).
    #[error("secure storage is not available: {reason}")]
    Unavailable {
        /// What the platform said.
        reason: String,
    },
    /// The store failed to read or write.
    #[error("secure storage failed: {reason}")]
    Failed {
        /// What the platform said.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SecureStoreError {
    /// An exception the store did not declare: only its type is kept (one line, no stack trace,
    /// no message that could quote a stored value).
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        SecureStoreError::Failed {
            reason: format!("the app's store threw {}", exception_name(&error.reason)),
        }
    }
}

/// The type of a foreign exception from its text (Kotlin: the stack trace, whose first line is
/// `java.lang.IllegalStateException: message`; Swift: `String(describing:)`, e.g.
/// `KeychainError.locked(status: -25308)`): the first line up to its first `:` or `(`, and only
/// when it looks like a type name.
pub(crate) fn exception_name(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or_default();
    let name = first_line
        .split([':', '(', ' '])
        .next()
        .unwrap_or_default()
        .trim();
    let looks_like_a_type = !name.is_empty()
        && name.len() <= 120
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '$'));
    if looks_like_a_type {
        name.to_owned()
    } else {
        "an exception".to_owned()
    }
}

/// A key-value store for secrets, implemented by the app (Keychain, Keystore). Calls are short
/// and blocking, and come from the core's worker threads: the implementation must be
/// thread-safe. Keys are short ASCII names chosen by the core.
#[uniffi::export(with_foreign)]
pub trait SecureStore: Send + Sync {
    /// The value under `key`, or `null`/`nil` when there is none.
    fn get(&self, key: String) -> Result<Option<Vec<u8>>, SecureStoreError>;
    /// Stores `value` under `key`, replacing any previous value.
    fn put(&self, key: String, value: Vec<u8>) -> Result<(), SecureStoreError>;
    /// Removes `key`. Removing a missing key is not an error.
    fn delete(&self, key: String) -> Result<(), SecureStoreError>;
}

/// The native store seen as the core's [`CoreStore`].
pub(crate) struct NativeStore(pub(crate) Arc<dyn SecureStore>);

impl From<SecureStoreError> for StoreError {
    fn from(error: SecureStoreError) -> Self {
        match error {
            SecureStoreError::Unavailable { reason } => StoreError::Unavailable { reason },
            SecureStoreError::Failed { reason } => StoreError::Failed { reason },
        }
    }
}

impl CoreStore for NativeStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.0.get(key.to_owned())?)
    }

    fn put(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        Ok(self.0.put(key.to_owned(), value.to_vec())?)
    }

    fn delete(&self, key: &str) -> Result<(), StoreError> {
        Ok(self.0.delete(key.to_owned())?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Map(Mutex<HashMap<String, Vec<u8>>>);

    impl SecureStore for Map {
        fn get(&self, key: String) -> Result<Option<Vec<u8>>, SecureStoreError> {
            Ok(self.0.lock().unwrap().get(&key).cloned())
        }
        fn put(&self, key: String, value: Vec<u8>) -> Result<(), SecureStoreError> {
            if key == "refused" {
                return Err(SecureStoreError::Unavailable {
                    reason: "locked".into(),
                });
            }
            self.0.lock().unwrap().insert(key, value);
            Ok(())
        }
        fn delete(&self, key: String) -> Result<(), SecureStoreError> {
            self.0.lock().unwrap().remove(&key);
            Ok(())
        }
    }

    #[test]
    fn a_foreign_exception_becomes_one_line_without_its_message() {
        let kotlin = "java.lang.IllegalStateException: token=SECRET123\n\tat app.Store.put(Store.kt:12)\n\tat x.y";
        let error = SecureStoreError::from(uniffi::UnexpectedUniFFICallbackError {
            reason: kotlin.into(),
        });
        let text = StoreError::from(error).to_string();
        assert_eq!(
            text,
            "secure storage failed: the app's store threw java.lang.IllegalStateException"
        );
        assert_eq!(
            exception_name("KeychainError.locked(status: -25308)"),
            "KeychainError.locked"
        );
        assert_eq!(exception_name("something went wrong"), "something");
        assert_eq!(exception_name("\n"), "an exception");
    }

    #[test]
    fn the_native_store_serves_the_core() {
        let store = NativeStore(Arc::new(Map::default()));
        store.put("k", b"v").unwrap();
        assert_eq!(store.get("k").unwrap(), Some(b"v".to_vec()));
        store.delete("k").unwrap();
        store.delete("k").unwrap();
        assert_eq!(store.get("k").unwrap(), None);
        assert_eq!(
            store.put("refused", b"v"),
            Err(StoreError::Unavailable {
                reason: "locked".into()
            })
        );
    }
}

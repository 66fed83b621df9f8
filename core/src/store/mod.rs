//! Secure storage: where the wallet keeps what must survive a restart.
//!
//! - [`SecureStore`]: get / put / delete bytes by key. The native shells implement it with the
//!   iOS Keychain and the Android Keystore (exposed through uniffi later); [`MemoryStore`] serves
//!   tests; `KeyringStore` (keyring-core with a platform store, feature `keyring`) serves desktop
//!   and the CLI.
//! - [`Vault`]: the typed layer on top, and the only code that knows the key names. It holds the
//!   device id, the phone, the session tokens and the journey's pending-operation journal.
//!
//! **Never stored:** the PIN (typed each time, sent once, dropped) and card data (PAN, expiry, CVV:
//! they exist only inside validated input until sealed into a cryptogram). Nothing here accepts
//! either: the [`Vault`] has no method that could take them.

#[cfg(feature = "keyring")]
mod keyring;
mod memory;
mod vault;

#[cfg(feature = "keyring")]
pub use self::keyring::KeyringStore;
pub use memory::MemoryStore;
pub use vault::{StoredTokens, Vault};

/// A key-value store for secrets, by string key. Implementations must be safe to call from any
/// thread; calls are short and blocking (Keychain, Keystore, keyring).
///
/// Object-safe: the wallet holds it as `Arc<dyn SecureStore>`, so a foreign (Kotlin/Swift)
/// implementation can be plugged in.
pub trait SecureStore: Send + Sync {
    /// The value under `key`, or `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Stores `value` under `key`, replacing any previous value.
    fn put(&self, key: &str, value: &[u8]) -> Result<(), StoreError>;
    /// Removes `key`. Removing a missing key is not an error.
    fn delete(&self, key: &str) -> Result<(), StoreError>;
}

/// Why secure storage failed. Never carries a stored value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be used now (locked keychain, no default store, permission refused).
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
    /// The value under `key` is not in the format the vault wrote.
    #[error("the value stored under {key} is corrupt")]
    Corrupt {
        /// The key whose value is bad.
        key: String,
    },
}

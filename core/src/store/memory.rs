//! [`MemoryStore`]: a [`SecureStore`] in process memory, for tests and previews.

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use super::{SecureStore, StoreError};

/// An in-memory [`SecureStore`]. Values are zeroed when replaced, deleted or dropped. Nothing
/// survives the process: for tests only.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Zeroizing<Vec<u8>>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys present, sorted (for tests that check what was written).
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.lock().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Zeroizing<Vec<u8>>>> {
        // A panic while holding the lock cannot leave a map half-updated: keep going.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("keys", &self.keys())
            .finish()
    }
}

impl SecureStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock().get(key).map(|value| value.to_vec()))
    }

    fn put(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.lock()
            .insert(key.to_owned(), Zeroizing::new(value.to_vec()));
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.lock().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_delete() {
        let store = MemoryStore::new();
        assert_eq!(store.get("a").unwrap(), None);
        store.put("a", b"1").unwrap();
        store.put("a", b"2").unwrap();
        assert_eq!(store.get("a").unwrap().as_deref(), Some(&b"2"[..]));
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert_eq!(store.get("a").unwrap(), None);
        let dyn_store: &dyn SecureStore = &store;
        dyn_store.put("b", b"").unwrap();
        assert_eq!(store.keys(), vec!["b".to_owned()]);
        assert!(!format!("{store:?}").contains("\"\""));
    }
}

//! [`Vault`]: the wallet's typed view of a [`SecureStore`].
//!
//! Keys (all under the `swip.` prefix):
//!
//! | key                | value                                                            |
//! |--------------------|------------------------------------------------------------------|
//! | `swip.device_id`   | the device id: 32 hex digits (16 random bytes), made once        |
//! | `swip.phone`       | the user's phone, 11 digits, UTF-8                               |
//! | `swip.session`     | the session tokens, JSON [`StoredTokens`]                        |
//! | `swip.pending_ops` | the journey's pending-operation journal, JSON it owns (opaque)   |
//!
//! Never stored: the PIN, card data (PAN, expiry, CVV), SMS codes.

use std::sync::{Arc, Mutex};

use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use swip_protocol::SecretString;
use zeroize::Zeroizing;

use super::{SecureStore, StoreError};

/// The session tokens as the [`Vault`] keeps them (key `swip.session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredTokens {
    /// The JWT for `X-Auth-Token`.
    pub token: SecretString,
    /// The refresh token (`None` for a signup token).
    pub refresh_token: Option<SecretString>,
    /// Seconds the token is valid from `issued_at_ms`.
    pub token_period_secs: u64,
    /// Seconds the refresh token is valid from `issued_at_ms`.
    pub refresh_period_secs: u64,
    /// When the server issued them, ms since 1970 on the **server's** clock (its `Date` header);
    /// `None` when the answer had no `Date`.
    pub issued_at_ms: Option<i64>,
}

/// The typed layer over a [`SecureStore`]: the only code that knows the key names.
#[derive(Clone)]
pub struct Vault {
    store: Arc<dyn SecureStore>,
    device_id_lock: Arc<Mutex<()>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").finish_non_exhaustive()
    }
}

impl Vault {
    /// Key of the device id.
    pub const DEVICE_ID_KEY: &'static str = "swip.device_id";
    /// Key of the phone.
    pub const PHONE_KEY: &'static str = "swip.phone";
    /// Key of the session tokens.
    pub const SESSION_KEY: &'static str = "swip.session";
    /// Key of the journey's pending-operation journal.
    pub const PENDING_OPS_KEY: &'static str = "swip.pending_ops";

    /// A vault over `store`.
    pub fn new(store: Arc<dyn SecureStore>) -> Self {
        Self {
            store,
            device_id_lock: Arc::new(Mutex::new(())),
        }
    }

    /// The store underneath.
    pub fn store(&self) -> &Arc<dyn SecureStore> {
        &self.store
    }

    /// The device id, made on first use (16 bytes from the system's secure random generator, as 32
    /// hex digits) and the same ever after, across sign-outs.
    pub fn device_id(&self) -> Result<String, StoreError> {
        let _one_at_a_time = self
            .device_id_lock
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(existing) = self.read_string(Self::DEVICE_ID_KEY)? {
            return Ok(existing);
        }
        let mut bytes = [0u8; 16];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| StoreError::Failed {
                reason: "the random generator failed".to_owned(),
            })?;
        let id = hex::encode(bytes);
        self.store.put(Self::DEVICE_ID_KEY, id.as_bytes())?;
        Ok(id)
    }

    /// The user's phone, if one was saved.
    pub fn phone(&self) -> Result<Option<String>, StoreError> {
        self.read_string(Self::PHONE_KEY)
    }

    /// Saves the user's phone.
    pub fn set_phone(&self, phone: &str) -> Result<(), StoreError> {
        self.store.put(Self::PHONE_KEY, phone.as_bytes())
    }

    /// The saved session tokens, if any.
    pub fn tokens(&self) -> Result<Option<StoredTokens>, StoreError> {
        let Some(bytes) = self.store.get(Self::SESSION_KEY)?.map(Zeroizing::new) else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|_| StoreError::Corrupt {
                key: Self::SESSION_KEY.to_owned(),
            })
    }

    /// Saves the session tokens, replacing the previous ones.
    pub fn set_tokens(&self, tokens: &StoredTokens) -> Result<(), StoreError> {
        let bytes = Zeroizing::new(serde_json::to_vec(tokens).map_err(|_| StoreError::Failed {
            reason: "the tokens do not encode".to_owned(),
        })?);
        self.store.put(Self::SESSION_KEY, &bytes)
    }

    /// Forgets the session tokens.
    pub fn clear_tokens(&self) -> Result<(), StoreError> {
        self.store.delete(Self::SESSION_KEY)
    }

    /// The journey's pending-operation journal (JSON the journey wrote), if any. The vault does
    /// not read it; the journey must never put a PIN or card data in it.
    pub fn pending_ops(&self) -> Result<Option<String>, StoreError> {
        self.read_string(Self::PENDING_OPS_KEY)
    }

    /// Saves the journey's pending-operation journal. It must be JSON.
    pub fn set_pending_ops(&self, json: &str) -> Result<(), StoreError> {
        if serde_json::from_str::<serde::de::IgnoredAny>(json).is_err() {
            return Err(StoreError::Failed {
                reason: "pending operations must be JSON".to_owned(),
            });
        }
        self.store.put(Self::PENDING_OPS_KEY, json.as_bytes())
    }

    /// Forgets the pending-operation journal.
    pub fn clear_pending_ops(&self) -> Result<(), StoreError> {
        self.store.delete(Self::PENDING_OPS_KEY)
    }

    /// Signs the user out of this device: forgets the phone, tokens and pending operations. The
    /// device id stays (it names the device, not the user).
    pub fn forget_user(&self) -> Result<(), StoreError> {
        self.store.delete(Self::SESSION_KEY)?;
        self.store.delete(Self::PENDING_OPS_KEY)?;
        self.store.delete(Self::PHONE_KEY)
    }

    fn read_string(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self.store.get(key)? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| StoreError::Corrupt {
                    key: key.to_owned(),
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    fn vault() -> (Arc<MemoryStore>, Vault) {
        let store = Arc::new(MemoryStore::new());
        (store.clone(), Vault::new(store))
    }

    fn tokens() -> StoredTokens {
        StoredTokens {
            token: "access-token-value".into(),
            refresh_token: Some("refresh-token-value".into()),
            token_period_secs: 3600,
            refresh_period_secs: 2_592_000,
            issued_at_ms: Some(1_700_000_000_000),
        }
    }

    #[test]
    fn the_device_id_is_made_once() {
        let (store, vault) = vault();
        let id = vault.device_id().unwrap();
        assert_eq!(id.len(), 32);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(vault.device_id().unwrap(), id);
        vault.forget_user().unwrap();
        assert_eq!(
            Vault::new(store).device_id().unwrap(),
            id,
            "survives sign-out"
        );
        let (_, other) = self::vault();
        assert_ne!(other.device_id().unwrap(), id);
    }

    #[test]
    fn tokens_round_trip_and_never_print() {
        let (store, vault) = vault();
        assert_eq!(vault.tokens().unwrap(), None);
        vault.set_tokens(&tokens()).unwrap();
        assert_eq!(vault.tokens().unwrap(), Some(tokens()));
        let debug = format!("{:?}", vault.tokens().unwrap());
        assert!(!debug.contains("access-token-value") && !debug.contains("refresh-token-value"));
        let raw = String::from_utf8(store.get(Vault::SESSION_KEY).unwrap().unwrap()).unwrap();
        assert!(raw.contains("\"refreshToken\""), "{raw}");
        vault.clear_tokens().unwrap();
        assert_eq!(vault.tokens().unwrap(), None);
    }

    #[test]
    fn corrupt_values_are_reported_by_key() {
        let (store, vault) = vault();
        store.put(Vault::SESSION_KEY, b"{not json").unwrap();
        assert_eq!(
            vault.tokens(),
            Err(StoreError::Corrupt {
                key: Vault::SESSION_KEY.into()
            })
        );
        store.put(Vault::PHONE_KEY, &[0xff, 0xfe]).unwrap();
        assert_eq!(
            vault.phone(),
            Err(StoreError::Corrupt {
                key: Vault::PHONE_KEY.into()
            })
        );
    }

    #[test]
    fn phone_and_pending_ops() {
        let (store, vault) = vault();
        vault.set_phone("79160000000").unwrap();
        assert_eq!(vault.phone().unwrap().as_deref(), Some("79160000000"));
        assert!(vault.set_pending_ops("not json").is_err());
        vault
            .set_pending_ops(r#"{"ops":[{"kind":"pay","key":"k1"}]}"#)
            .unwrap();
        assert!(vault.pending_ops().unwrap().unwrap().contains("k1"));
        vault.set_tokens(&tokens()).unwrap();
        vault.device_id().unwrap();
        vault.forget_user().unwrap();
        assert_eq!(store.keys(), vec![Vault::DEVICE_ID_KEY.to_owned()]);
    }
}

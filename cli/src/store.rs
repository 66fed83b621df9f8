//! Where a session command keeps the wallet's secrets: the OS keyring when one works here
//! (swip-core's `KeyringStore` over keyring-core; on Linux the kernel's keyutils session keyring,
//! which needs no D-Bus), otherwise memory only. The command says which.

use std::sync::Arc;

use swip_core::store::{KeyringStore, MemoryStore, SecureStore};

/// The store chosen and why.
pub enum Chosen {
    /// The OS keyring: the session survives this process.
    Keyring {
        /// The store.
        store: Arc<KeyringStore>,
        /// Which keyring.
        description: String,
    },
    /// Memory: the session ends with this process.
    Memory {
        /// The store.
        store: Arc<MemoryStore>,
        /// Why not the keyring.
        reason: String,
    },
}

impl Chosen {
    /// The store, for `Wallet::open`.
    pub fn store(&self) -> Arc<dyn SecureStore> {
        match self {
            Chosen::Keyring { store, .. } => store.clone(),
            Chosen::Memory { store, .. } => store.clone(),
        }
    }

    /// True for the OS keyring.
    pub fn is_persistent(&self) -> bool {
        matches!(self, Chosen::Keyring { .. })
    }

    /// One sentence for the user.
    pub fn describe(&self) -> String {
        match self {
            Chosen::Keyring { description, .. } => {
                format!("Tokens are kept in the OS keyring ({description}).")
            }
            Chosen::Memory { reason, .. } => {
                format!("Tokens are kept in memory only and forgotten when swip exits ({reason}).")
            }
        }
    }
}

/// The keyring for `base_url` when it works (a probe is written, read and deleted), memory
/// otherwise or when `memory_only`.
pub fn choose(base_url: &str, memory_only: bool) -> Chosen {
    let memory = |reason: String| Chosen::Memory {
        store: Arc::new(MemoryStore::new()),
        reason,
    };
    if memory_only {
        return memory("--memory-store".into());
    }
    let service = format!("swip-cli {}", base_url.trim_end_matches('/'));
    match platform_keyring(&service) {
        Ok((store, description)) => match probe(&store) {
            Ok(()) => Chosen::Keyring {
                store: Arc::new(store),
                description,
            },
            Err(error) => memory(format!(
                "the OS keyring does not work here: {error}{KEYRING_HINT}"
            )),
        },
        Err(reason) => memory(reason),
    }
}

/// How to get a working keyring where the probe failed.
#[cfg(target_os = "linux")]
const KEYRING_HINT: &str =
    "; a shell started with `keyctl session -` (Debian keyutils) gives swip one";
#[cfg(not(target_os = "linux"))]
const KEYRING_HINT: &str = "";

/// Looks a probe value up (a keyring that refuses reads is not written to), then writes, reads
/// back and deletes it.
fn probe(store: &KeyringStore) -> Result<(), swip_core::store::StoreError> {
    const KEY: &str = "swip-cli.probe";
    store.get(KEY)?;
    store.put(KEY, b"ok")?;
    let read = store.get(KEY)?;
    store.delete(KEY)?;
    match read.as_deref() {
        Some(b"ok") => Ok(()),
        _ => Err(swip_core::store::StoreError::Failed {
            reason: "a value written could not be read back".into(),
        }),
    }
}

#[cfg(target_os = "linux")]
fn platform_keyring(service: &str) -> Result<(KeyringStore, String), String> {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    // Without a session keyring of its own the kernel lends the process the user-session keyring,
    // whose keys the next process does not possess and so cannot read: a kept session would be lost.
    let session = KeyRing::from_special_id(KeyRingIdentifier::Session, false);
    let user_session = KeyRing::from_special_id(KeyRingIdentifier::UserSession, false);
    if matches!((session, user_session), (Ok(session), Ok(user_session)) if session == user_session)
    {
        return Err(format!(
            "this process has no keyutils session keyring{KEYRING_HINT}"
        ));
    }
    let store = linux_keyutils_keyring_store::Store::new()
        .map_err(|e| format!("no keyutils keyring: {e}"))?;
    Ok((
        KeyringStore::with_store(store, service),
        format!("Linux keyutils session keyring, service \"{service}\""),
    ))
}

#[cfg(not(target_os = "linux"))]
fn platform_keyring(_service: &str) -> Result<(KeyringStore, String), String> {
    Err("this build of swip has no keyring store for this platform".into())
}

//! A wallet on a real server for the session commands (`journey`, `cards`, `pay`, `sign-out`):
//! opened on the keyring (or memory) store, signed in or unlocked with the PIN.

use swip_core::journey::AuthState;
use swip_core::wallet::{Wallet, WalletConfig, WalletError};

use crate::args::ServerArgs;
use crate::failure::Failure;
use crate::prompt::Prompter;
use crate::store::{self, Chosen};

/// Wrong PINs tolerated in one run before giving up (the server locks the account after 5).
const PIN_TRIES: usize = 3;

/// An open wallet and where its secrets live.
pub struct Session {
    /// The wallet.
    pub wallet: Wallet,
    /// Its secure store.
    pub store: Chosen,
    /// The server's base URL, checked.
    pub base_url: String,
}

impl Session {
    /// Opens the wallet for `server`; says on stderr where the tokens are kept.
    pub async fn open(server: &ServerArgs) -> Result<Session, Failure> {
        let mut config = WalletConfig::new(server.base_url.clone());
        config.api.allow_plain_http = server.allow_plain_http;
        let base_url = config
            .api
            .checked_base_url()
            .map_err(|e| Failure::setup(format!("--base-url: {e}")))?;
        let store = store::choose(&base_url, server.memory_store);
        eprintln!("{}", store.describe());
        let wallet = Wallet::open(config, store.store())
            .await
            .map_err(|e| Failure::wallet("the wallet did not open", e))?;
        Ok(Session {
            wallet,
            store,
            base_url,
        })
    }

    /// Unlocks a saved session with the PIN; fails when this device has none.
    pub async fn unlock(&self, prompter: &Prompter) -> Result<(), Failure> {
        match self.wallet.state().auth {
            AuthState::SignedIn { .. } => Ok(()),
            AuthState::Locked { .. } => self.enter_pin(prompter).await,
            AuthState::AccountLocked { .. } => Err(Failure::journey(format!(
                "the account is locked after wrong PINs: verify the phone again with `swip journey --base-url {}`",
                self.base_url
            ))),
            _ if !self.store.is_persistent() => Err(Failure::setup(
                "no saved session: without an OS keyring, `swip journey` cannot leave one behind",
            )),
            _ => Err(Failure::setup(format!(
                "no session on this device for {0}: sign in first with `swip journey --base-url {0}`",
                self.base_url
            ))),
        }
    }

    /// Asks for the PIN until the server takes it (a few tries).
    pub async fn enter_pin(&self, prompter: &Prompter) -> Result<(), Failure> {
        for _ in 0..PIN_TRIES {
            let pin = prompter
                .secret("PIN")
                .await?
                .ok_or_else(|| Failure::setup("no PIN given"))?;
            match self.wallet.enter_pin(pin.expose()).await {
                Ok(()) if self.wallet.state().auth.is_signed_in() => return Ok(()),
                Ok(()) => {}
                Err(WalletError::InvalidInput(errors)) => eprintln!("{errors}"),
                Err(WalletError::Failed(problem)) => {
                    let left = problem
                        .attempts_left
                        .map_or(String::new(), |n| format!(" ({n} attempts left)"));
                    eprintln!("{problem}{left}");
                    if matches!(self.wallet.state().auth, AuthState::AccountLocked { .. }) {
                        break;
                    }
                }
                Err(other) => return Err(Failure::wallet("the PIN", other)),
            }
        }
        Err(Failure::journey("not signed in: the PIN was not accepted"))
    }
}

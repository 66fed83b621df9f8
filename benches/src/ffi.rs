//! `ffi-fixture`: what the Kotlin FFI benchmark (`benches/kotlin/FfiBench.kt`) starts from. A
//! sandbox in this process, a user who went through the demo journey (two cards, a paid order),
//! and that user's secure store printed for the Kotlin side to load:
//!
//! ```text
//! listening on http://127.0.0.1:PORT
//! store <key> <base64 value>      (one line per entry)
//! pin 2580
//! order <merchantId> <merchantStoreId> <productId>
//! ready
//! ```
//!
//! Then it serves until its stdin closes (the benchmark ended).

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use swip_core::store::{MemoryStore, SecureStore, Vault};
use swip_core::wallet::WalletConfig;
use swip_sandbox::{Sandbox, SandboxConfig};

use crate::journey::{self, Control, PIN};

/// Runs the fixture until stdin closes.
pub async fn fixture() -> Result<(), String> {
    let sandbox = Arc::new(
        Sandbox::start(SandboxConfig {
            processing_delay: Duration::from_millis(50),
            ..SandboxConfig::default()
        })
        .await
        .map_err(|e| format!("sandbox: {e}"))?,
    );
    let control = Control::new(sandbox.url(), Some(sandbox.clone())).await?;
    let store = Arc::new(MemoryStore::new());
    let mut config = WalletConfig::new(sandbox.url());
    config.poll_interval = Duration::from_millis(20);
    journey::run(&control, config, store.clone(), &journey::phone(5)).await?;

    let catalog = sandbox.catalog();
    let merchant = catalog.merchants.first().ok_or("empty catalog")?;
    let store_id = &merchant.stores.first().ok_or("no store")?.merchant_store_id;
    let product = &merchant.products.first().ok_or("no product")?.product_id;
    let dyn_store = store.clone() as Arc<dyn SecureStore>;
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| writeln!(out, "{line}").map_err(|e| e.to_string());
    say(format!("listening on {}", sandbox.url()))?;
    for key in [Vault::DEVICE_ID_KEY, Vault::PHONE_KEY, Vault::SESSION_KEY] {
        let value = dyn_store
            .get(key)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no {key} in the store"))?;
        say(format!(
            "store {key} {}",
            base64::engine::general_purpose::STANDARD.encode(value)
        ))?;
    }
    say(format!("pin {PIN}"))?;
    say(format!(
        "order {} {store_id} {product}",
        merchant.merchant_id
    ))?;
    say("ready".into())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);

    // Serve until the benchmark closes our stdin.
    tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

//! The JWE cryptogram against an independent JOSE implementation, driven by
//! `scripts/test.d/35-jose.sh` (which runs Python's `jwcrypto` between the two steps):
//!
//! - `jose_interop seal DIR`: writes the sandbox's test key (`DIR/sandbox-private.jwk.json`, with
//!   `d`; a test key made from a fixed seed, never a production key), the JWK Set the sandbox
//!   serves (`DIR/jwks.json`) and a cryptogram the core sealed for it (`DIR/core.jwe`), for the
//!   other library to decrypt.
//! - `jose_interop open DIR`: the sandbox opens `DIR/python.jwe`, made by the other library for the
//!   served key, checks it like a binding (freshness, card data, replay), and refuses
//!   `DIR/python-wrong-key.jwe`, made for another key under the same `kid`.
//!
//! Only the test card below is used; nothing prints its number or CVV.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::SystemTime;

use swip_core::api::{ApiClient, ApiConfig};
use swip_core::cryptogram::{CardSealer, DeviceClock, SealableCard};
use swip_core::session::unix_ms;
use swip_protocol::cryptogram::{CryptogramKeyResponse, ServerKey};
use swip_sandbox::cryptogram::{CryptogramKey, CryptogramRefusal, NonceBook};
use swip_sandbox::random::RandomSource;

/// The seed of the sandbox test key, so both steps hold the same key.
const SEED: u64 = 35;
/// A МИР test number (Luhn-valid, not a real card), with its expiry and CVV.
const TEST_PAN: &str = "2200000000000004";
const TEST_EXPIRY: (u8, u16) = (12, 2030);
const TEST_CVV: &str = "123";

struct TestCard;

impl SealableCard for TestCard {
    fn pan_digits(&self) -> &str {
        TEST_PAN
    }
    fn exp_month(&self) -> u8 {
        TEST_EXPIRY.0
    }
    fn exp_year(&self) -> u16 {
        TEST_EXPIRY.1
    }
    fn cvv_digits(&self) -> &str {
        TEST_CVV
    }
}

fn sandbox_key() -> CryptogramKey {
    CryptogramKey::new(&mut RandomSource::new(Some(SEED)))
}

fn write(path: PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read(path: PathBuf) -> Result<String, String> {
    std::fs::read_to_string(&path)
        .map(|text| text.trim().to_owned())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn seal(dir: &Path) -> Result<(), String> {
    let key = sandbox_key();
    let served: CryptogramKeyResponse = key.server_key().to_response();
    write(
        dir.join("sandbox-private.jwk.json"),
        &pretty(&key.private_jwk()),
    )?;
    write(dir.join("jwks.json"), &pretty(&served))?;
    // As the wallet does: the first usable key of the served set, sealed by the core.
    let server_key = ServerKey::from_response(&served).map_err(|e| e.to_string())?;
    let api = ApiClient::new(&ApiConfig::new("http://127.0.0.1:9")).map_err(|e| e.to_string())?;
    let sealer = CardSealer::new(api, Arc::new(DeviceClock));
    let sealed = sealer
        .seal_with(&server_key, &TestCard)
        .map_err(|e| e.to_string())?;
    write(dir.join("core.jwe"), sealed.cryptogram.expose())?;
    println!("core sealed a test card for kid {}", sealed.kid);
    Ok(())
}

fn open(dir: &Path) -> Result<(), String> {
    let key = sandbox_key();
    let now = unix_ms(SystemTime::now());
    let token = read(dir.join("python.jwe"))?;
    let card = key.open(&token, now).map_err(|refusal| {
        format!(
            "the sandbox refused the jwcrypto token: {}",
            refusal.message()
        )
    })?;
    if card.pan.expose() != TEST_PAN
        || (card.exp_month, card.exp_year) != TEST_EXPIRY
        || card.cvv.expose() != TEST_CVV
    {
        return Err("the jwcrypto token opened to other card data".into());
    }
    let mut nonces = NonceBook::default();
    nonces
        .record(&card, now)
        .map_err(|refusal| refusal.message().to_owned())?;
    if nonces.record(&card, now) != Err(CryptogramRefusal::Replayed) {
        return Err("the same token twice was not refused as replayed".into());
    }
    println!(
        "sandbox opened the jwcrypto token: card ending {}, {:02}/{}",
        &TEST_PAN[TEST_PAN.len() - 4..],
        card.exp_month,
        card.exp_year
    );
    let wrong = read(dir.join("python-wrong-key.jwe"))?;
    match key.open(&wrong, now) {
        Err(CryptogramRefusal::Undecryptable) => {
            println!("sandbox refused the token made for another key: undecryptable");
            Ok(())
        }
        other => Err(format!(
            "a token for another key was not refused as undecryptable: {:?}",
            other.map(|_| "opened")
        )),
    }
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.as_slice() {
        [_, step, dir] if step == "seal" => seal(Path::new(dir)),
        [_, step, dir] if step == "open" => open(Path::new(dir)),
        _ => Err("usage: jose_interop seal|open DIR".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("jose_interop: {message}");
            ExitCode::FAILURE
        }
    }
}

//! With every log at TRACE captured (tracing and `log` records, client and in-process sandbox
//! alike), signup → PIN → card binding → refresh → errors: no PIN, SMS code, token, PAN, CVV or
//! cryptogram appears in the logs or in any error's text.

mod api_support;

use std::sync::{Arc, Mutex};

use api_support::{HOLDER, PIN, World, phone};
use swip_core::api::IdempotencyKey;
use swip_core::cryptogram::CardSealer;
use swip_core::input::card::CardInput;
use swip_core::session::Session;
use swip_protocol::SecretString;
use swip_protocol::auth::{AuthRequest, PinSetupRequest, SignupRequest, VerificationRequest};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::deferred::DeferredStatus;
use tracing_subscriber::fmt::MakeWriter;

/// Everything logged, as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Where `secret` occurs in `text` as a whole token (not inside a longer run of letters or digits),
/// so a 3-digit CVV is not "found" inside a port number or a hex id.
fn occurs(text: &str, secret: &str) -> bool {
    text.match_indices(secret).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + secret.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[tokio::test]
async fn no_secret_reaches_a_log_line_or_an_error() {
    let capture = Capture::default();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .without_time()
        .try_init()
        .expect("the only subscriber of this test binary");

    let world = World::start().await;
    let api = &world.api;
    let phone = phone(40);
    let mut secrets: Vec<String> = vec![PIN.to_owned()];
    let mut errors: Vec<String> = Vec::new();
    let mut record_error = |error: &dyn std::fmt::Debug, display: String| {
        errors.push(format!("{display} / {error:?}"));
    };

    // Signup and SMS code (a wrong one first, and a rate-limited repeat).
    let signup = api
        .signup(&SignupRequest {
            phone: phone.clone(),
        })
        .await
        .unwrap()
        .body;
    secrets.push(signup.token.expose().to_owned());
    let error = api
        .signup(&SignupRequest {
            phone: phone.clone(),
        })
        .await
        .unwrap_err();
    record_error(&error, error.to_string());
    let code = world.sms_code(&phone);
    secrets.push(code.expose().to_owned());
    let wrong = SecretString::new(format!(
        "{:04}",
        (code.expose().parse::<u32>().unwrap() + 1) % 10_000
    ));
    let error = api
        .verify_code(&signup.token, &VerificationRequest { code: wrong })
        .await
        .unwrap_err();
    record_error(&error, error.to_string());
    api.verify_code(&signup.token, &VerificationRequest { code })
        .await
        .unwrap();

    // PIN.
    let device_id = world.vault.device_id().unwrap();
    let tokens = api
        .set_pin(
            &signup.token,
            &PinSetupRequest {
                device_id: device_id.clone(),
                first_name: None,
                last_name: None,
                password: PIN.into(),
            },
        )
        .await
        .unwrap();
    secrets.push(tokens.body.token.expose().to_owned());
    secrets.push(
        tokens
            .body
            .refresh_token
            .as_ref()
            .unwrap()
            .expose()
            .to_owned(),
    );
    let session = Session::new(api.clone(), world.vault.clone());
    session.establish(tokens).await.unwrap();
    let error = api
        .login(&AuthRequest {
            device_id,
            password: "9753".into(),
            username: phone.clone(),
        })
        .await
        .unwrap_err();
    record_error(&error, error.to_string());
    secrets.push("9753".to_owned());

    // Card binding, through a key rotation.
    let expiry_year = u32::from(world.today().year) + 3;
    let card = CardInput::parse(
        "2200 1234 5678 9019",
        7,
        expiry_year,
        "907",
        HOLDER,
        world.today(),
    )
    .expect("a valid MIR card");
    secrets.push(card.pan().expose().to_owned());
    secrets.push("907".to_owned());
    let sealer = CardSealer::new(api.clone(), Arc::new(session.clone()));
    sealer.key().await.unwrap();
    world.sandbox.rotate_cryptogram_key();
    let cryptograms = Arc::new(Mutex::new(Vec::new()));
    let deferred = sealer
        .send_with_key_retry(&card, |sealed| {
            cryptograms
                .lock()
                .unwrap()
                .push(sealed.cryptogram.expose().to_owned());
            let session = session.clone();
            async move {
                let request = BindCardRequest {
                    add_as_default: true,
                    holder: HOLDER.into(),
                    cryptogram: sealed.cryptogram,
                };
                let key = IdempotencyKey::generate().unwrap();
                session
                    .call(|call| Box::pin(call.api.bind_card(call.token, &request, &key)))
                    .await
            }
        })
        .await
        .unwrap();
    secrets.extend(cryptograms.lock().unwrap().iter().cloned());
    let token = world.vault.tokens().unwrap().unwrap().token;
    assert_eq!(
        world.settle(&token, &deferred.deferred_id).await.status,
        DeferredStatus::Success
    );

    // A replayed cryptogram, a refresh after expiry.
    let replayed = cryptograms.lock().unwrap().last().cloned().unwrap();
    let error = api
        .bind_card(
            &token,
            &BindCardRequest {
                add_as_default: false,
                holder: HOLDER.into(),
                cryptogram: replayed.into(),
            },
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    record_error(&error, error.to_string());
    world.sandbox.advance_clock(3700);
    let cards = session
        .call(|call| Box::pin(call.api.list_cards(call.token)))
        .await
        .unwrap();
    assert_eq!(cards.len(), 1);
    let refreshed = world.vault.tokens().unwrap().unwrap();
    secrets.push(refreshed.token.expose().to_owned());
    secrets.push(
        refreshed
            .refresh_token
            .as_ref()
            .unwrap()
            .expose()
            .to_owned(),
    );
    record_error(&session, format!("{session:?} {sealer:?} {card:?}"));

    let logs = capture.text();
    assert!(logs.contains("SWiP API response"), "the capture works");
    assert!(
        logs.contains("token refreshed"),
        "the session logs at debug"
    );
    assert!(
        logs.lines().count() > 50,
        "trace-level logs from every layer"
    );
    let errors = errors.join("\n");
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert!(
            !occurs(&logs, secret),
            "a secret ({} chars) is in the logs",
            secret.len()
        );
        assert!(
            !occurs(&errors, secret),
            "a secret ({} chars) is in an error: {errors}",
            secret.len()
        );
    }
}

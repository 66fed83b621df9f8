//! No secret anywhere: the whole journey at trace level, failures included, and every log line,
//! every error message and every serialised state is scanned for the PAN (and any card-like
//! number), the CVV, the PIN, every SMS code and every token.

use std::sync::{Arc, Mutex};

use swip_core::store::{SecureStore, Vault};
use swip_core::wallet::CardForm;
use swip_e2e::secrets::{Captured, card_like_numbers, contains_secret};
use swip_e2e::{EMAIL, Harness, PIN, WAIT, binding_settled, payment_settled, three_ds_shown};
use swip_sandbox::control::{CardBehavior, ThreeDsOutcome};

#[tokio::test(start_paused = true)]
async fn no_secret_reaches_logs_errors_or_state() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = Harness::start().await;
    let states = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = states.clone();
    let _subscription = h.wallet.observe(move |state| {
        seen.lock()
            .unwrap()
            .push(serde_json::to_string(&state).unwrap())
    });
    let mut errors = Vec::new();
    let mut codes = Vec::new();
    let phone = "79160000030";

    h.wallet.start_signup(phone).await.unwrap();
    let code = h.sms_code(phone);
    codes.push(code.clone());
    let wrong_code = if code == "0000" { "1111" } else { "0000" };
    errors.push(
        h.wallet
            .submit_code(wrong_code)
            .await
            .unwrap_err()
            .to_string(),
    );
    h.wallet.submit_code(&code).await.unwrap();
    errors.push(
        h.wallet
            .set_pin("12x4", "", "")
            .await
            .unwrap_err()
            .to_string(),
    );
    h.wallet.set_pin(PIN, "Ivan", "Petrov").await.unwrap();

    let (card, form) = h.card(CardBehavior::ThreeDs);
    let bad = CardForm {
        cvv: "12".into(),
        number: format!("{}0", card.pan),
        ..form.clone()
    };
    errors.push(
        h.wallet
            .bind_card(&bad, false)
            .await
            .unwrap_err()
            .to_string(),
    );
    h.wallet.bind_card(&form, true).await.unwrap();
    let state = h.wallet.wait_for(WAIT, three_ds_shown).await.unwrap();
    h.sandbox
        .complete_3ds(
            state.binding.unwrap().deferred_id.as_deref().unwrap(),
            ThreeDsOutcome::Pass,
        )
        .unwrap();
    h.wallet.three_ds_returned().await.unwrap();
    h.wallet.wait_for(WAIT, binding_settled).await.unwrap();
    h.create_demo_order().await;
    h.wallet.pay(None, EMAIL).await.unwrap();
    h.wallet.wait_for(WAIT, payment_settled).await.unwrap();
    // A refresh, so refreshed tokens are in play too.
    h.sandbox.advance_clock(3_700);
    h.wallet.refresh_cards().await.unwrap();

    let stored = h
        .store
        .get(Vault::SESSION_KEY)
        .unwrap()
        .expect("tokens stored");
    let stored: serde_json::Value = serde_json::from_slice(&stored).unwrap();
    let tokens: Vec<String> = ["token", "refreshToken", "refresh_token"]
        .iter()
        .filter_map(|k| stored.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
        .collect();
    assert!(
        !tokens.is_empty(),
        "the session's tokens are known to the test: {stored}"
    );

    let logs = logs.text();
    assert!(
        logs.lines().count() > 50,
        "trace logging was on: {} lines",
        logs.lines().count()
    );
    let states = states.lock().unwrap().join("\n");
    assert!(
        states.lines().count() > 10,
        "every state change was observed"
    );
    let mut secrets: Vec<(&str, String)> = vec![
        ("PAN", card.pan.clone()),
        ("CVV", format!("\"{}\"", card.cvv)),
        ("PIN", PIN.into()),
    ];
    secrets.extend(codes.iter().map(|c| ("SMS code", format!("\"{c}\""))));
    secrets.extend(tokens.iter().map(|t| ("token", t.clone())));
    for (where_, text) in [
        ("logs", &logs),
        ("states", &states),
        ("errors", &errors.join("\n")),
    ] {
        for (what, secret) in &secrets {
            assert!(!contains_secret(text, secret), "{what} found in {where_}");
        }
        assert!(
            card_like_numbers(text).is_empty(),
            "card number in {where_}: {:?}",
            card_like_numbers(text)
        );
    }
    // The scan can find what it looks for.
    assert_eq!(
        card_like_numbers(&format!("x{}y", card.pan)),
        vec![card.pan.clone()]
    );
}

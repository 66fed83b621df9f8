//! The wallet against a server that is not ours (issue 13): a stand-in answering the in-app
//! journey with seed 001's own example bodies, in both wire styles (Spring-style `null`s and
//! `"fieldErrors": null`, and omitted fields), each with an unknown extra field. Through the public
//! Wallet API: signup, a wrong SMS code (code 14, asked again), the right code, the PIN, the card
//! list, an order, its payment paid. No state or error text ever shows `UNKNOWN (0)`.

use std::sync::{Arc, Mutex};

use swip_core::journey::{AppState, AuthState, PaymentStage, ProblemKind};
use swip_core::store::{MemoryStore, SecureStore};
use swip_core::wallet::{OrderLine, Subscription, Wallet, WalletConfig, WalletError};
use swip_e2e::seed_server::{Breakage, SMS_CODE, SeedServer, WireStyle, seed_body};
use swip_e2e::{EMAIL, PIN, WAIT, payment_settled};

/// A wallet on `server`, and every state it shows, as text (while the subscription lives).
async fn wallet_on(server: &SeedServer) -> (Wallet, Subscription, Arc<Mutex<Vec<String>>>) {
    let store = Arc::new(MemoryStore::new()) as Arc<dyn SecureStore>;
    let wallet = Wallet::open(WalletConfig::new(server.url()), store)
        .await
        .expect("wallet opens");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let watch = wallet.observe(move |state: AppState| {
        record.lock().unwrap().push(format!("{state:?}"));
    });
    (wallet, watch, seen)
}

fn assert_never_unknown(seen: &Mutex<Vec<String>>, errors: &[String]) {
    let seen = seen.lock().unwrap();
    assert!(seen.len() > 5, "states were observed");
    for text in seen.iter().chain(errors) {
        assert!(!text.contains("UNKNOWN"), "{text}");
    }
}

async fn the_in_app_journey_reaches_paid(style: WireStyle) {
    let server = SeedServer::start(style).await;
    let (wallet, _watch, seen) = wallet_on(&server).await;
    let mut errors = Vec::new();

    // Signup; a wrong SMS code is refused with code 14 and the code is asked again.
    wallet.start_signup("79160000000").await.unwrap();
    let error = wallet.submit_code("0000").await.unwrap_err();
    errors.push(format!("{error} {error:?}"));
    let WalletError::Failed(problem) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problem.kind, ProblemKind::Rejected, "{problem}");
    assert_eq!(
        problem.code,
        Some(14),
        "DOESNT MATCH reaches the user: {problem}"
    );
    let AuthState::AwaitingCode {
        problem: Some(shown),
        verifying: false,
        ..
    } = wallet.state().auth
    else {
        panic!("the code is asked again: {:?}", wallet.state().auth)
    };
    assert_eq!(shown.code, Some(14));

    // The right code, then the PIN of a new user.
    wallet.submit_code(SMS_CODE).await.unwrap();
    assert!(
        matches!(wallet.state().auth, AuthState::PinSetup { .. }),
        "{:?}",
        wallet.state().auth
    );
    wallet.set_pin(PIN, "Ivan", "Petrov").await.unwrap();
    assert!(wallet.state().auth.is_signed_in());

    // The seed's two cards, the VISA one the default.
    wallet.refresh_cards().await.unwrap();
    let state = wallet
        .wait_for(WAIT, |s| !s.cards.loading && !s.cards.cards.is_empty())
        .await
        .unwrap();
    let listed = seed_body("get_payment-cards.response.json");
    let cards = &state.cards.cards;
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert_eq!(cards[0].id, listed[0]["id"]);
    assert_eq!(cards[0].masked_number, "**** **** **** 2009");
    assert_eq!(cards[1].payment_system, "МИР");
    assert_eq!(state.cards.default_card().unwrap().id, listed[0]["id"]);
    assert!(state.cards.problem.is_none(), "{:?}", state.cards.problem);

    // The seed's order, paid with the default card.
    wallet
        .create_order(
            "string",
            "string",
            &[OrderLine {
                product_id: "string".into(),
                quantity: 1.0,
            }],
        )
        .await
        .unwrap();
    let order = wallet
        .state()
        .checkout
        .unwrap()
        .order
        .expect("the order is shown");
    assert_eq!(order.id, "string");
    wallet.pay(None, EMAIL).await.unwrap();
    let state = wallet.wait_for(WAIT, payment_settled).await.unwrap();
    let PaymentStage::Paid { attempt } = &state.checkout.as_ref().unwrap().stage else {
        panic!("{state:?}")
    };
    assert_eq!(attempt.card_id, listed[0]["id"]);

    // Each request once: nothing was retried.
    assert_eq!(server.count("POST /v2/signup-verifications"), 2);
    assert_eq!(server.count("POST /inapp-orders"), 1);
    assert_eq!(server.count("POST /orders/string/payments"), 1);
    assert_never_unknown(&seen, &errors);
}

#[tokio::test(start_paused = true)]
async fn spring_style_answers_sign_up_list_the_cards_and_pay() {
    the_in_app_journey_reaches_paid(WireStyle::Spring).await;
}

#[tokio::test(start_paused = true)]
async fn omit_style_answers_sign_up_list_the_cards_and_pay() {
    the_in_app_journey_reaches_paid(WireStyle::Omit).await;
}

#[tokio::test(start_paused = true)]
async fn an_unreadable_card_list_is_asked_for_once_and_shown_as_unreadable() {
    let server = SeedServer::start_with(WireStyle::Spring, Breakage::CardIdNull).await;
    let (wallet, _watch, seen) = wallet_on(&server).await;
    wallet.start_signup("79160000000").await.unwrap();
    wallet.submit_code(SMS_CODE).await.unwrap();
    wallet.set_pin(PIN, "", "").await.unwrap();
    let before = server.count("GET /payment-cards");
    let error = wallet.refresh_cards().await.err();
    let state = wallet
        .wait_for(WAIT, |s| !s.cards.loading && s.cards.problem.is_some())
        .await
        .unwrap();
    let problem = state.cards.problem.clone().unwrap();
    assert_eq!(problem.kind, ProblemKind::Unreadable, "{problem}");
    assert_eq!(problem.code, None);
    assert!(problem.message.contains("GET /payment-cards"), "{problem}");
    assert!(problem.message.contains("`[0].id`"), "{problem}");
    assert!(!problem.message.contains("2009"), "no value: {problem}");
    assert_eq!(
        server.count("GET /payment-cards"),
        before + 1,
        "an unreadable answer is not asked for again: {:?}",
        server.requests()
    );
    let errors: Vec<String> = error.iter().map(|e| format!("{e} {e:?}")).collect();
    assert_never_unknown(&seen, &errors);
}

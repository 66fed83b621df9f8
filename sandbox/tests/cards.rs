//! Card binding (every behavior, 3-D Secure by page and by control), the cryptogram checks,
//! duplicates, idempotency, the card list and the default card.

mod common;

use common::{DELAY_S, Harness, luhn_pan};
use reqwest::Method;
use serde_json::{Value, json};
use swip_sandbox::control::{CardBehavior, CryptogramRequest, ThreeDsError, ThreeDsOutcome};
use swip_sandbox::{Sandbox, SandboxConfig};

fn bind_body(cryptogram: &str) -> Value {
    json!({ "addAsDefault": false, "holder": "IVAN PETROV", "cryptogram": cryptogram })
}

#[tokio::test]
async fn bind_validation_names_every_bad_field() {
    let h = Harness::start().await;
    let user = h.register("79170000001", "d").await;
    let reply = h
        .post("/payment-cards")
        .token(&user.token)
        .json(json!({ "holder": "ИВАН" }))
        .send()
        .await;
    reply.assert_fields(&["addAsDefault", "holder", "cryptogram"]);
    let reply = h
        .post("/payment-cards")
        .token(&user.token)
        .json(json!({ "addAsDefault": "yes", "holder": "A".repeat(27), "cryptogram": 5 }))
        .send()
        .await;
    reply.assert_fields(&["addAsDefault", "holder", "cryptogram"]);
    let card = h.sandbox.test_card(CardBehavior::Success);
    let reply = h
        .post("/payment-cards")
        .token(&user.token)
        .json(json!({ "addAsDefault": true, "holder": "O'NEIL-SMITH J.", "cryptogram": h.cryptogram(&card) }))
        .send()
        .await;
    assert_eq!(
        reply.status, 200,
        "holder with .-' is valid: {}",
        reply.text
    );
    // Idempotency-Key longer than 64 characters: 400 code 5 on the header.
    let reply = h
        .post("/payment-cards")
        .token(&user.token)
        .header("Idempotency-Key", &"k".repeat(65))
        .json(bind_body("x"))
        .send()
        .await;
    reply.assert_fields(&["Idempotency-Key"]);
}

#[tokio::test]
async fn cryptograms_are_checked() {
    let h = Harness::start().await;
    let user = h.register("79170000002", "d").await;
    let card = h.sandbox.test_card(CardBehavior::Success);
    let bind = |cryptogram: String| {
        h.post("/payment-cards")
            .token(&user.token)
            .json(bind_body(&cryptogram))
            .send()
    };
    let refused = |reply: &common::Reply, message: &str| {
        reply.assert_fields(&["cryptogram"]);
        assert_eq!(reply.field_message("cryptogram"), message, "{}", reply.text);
    };

    refused(&bind("garbage".into()).await, "malformed");
    refused(&bind("SWIP1.1.AAAA".into()).await, "malformed");
    // A JWE of another kind (here: `dir` with A128GCM) is malformed too.
    refused(
        &bind(
            "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA"
                .into(),
        )
        .await,
        "malformed",
    );

    // Stale: generated more than 10 minutes before, or more than a minute after, the sandbox clock.
    let now = h.sandbox.now_ms();
    let mut old = CryptogramRequest::for_card(&card);
    old.generated_at = Some(now - 11 * 60_000);
    refused(&bind(h.sandbox.make_cryptogram(&old)).await, "stale");
    let mut future = CryptogramRequest::for_card(&card);
    future.generated_at = Some(now + 2 * 60_000);
    refused(&bind(h.sandbox.make_cryptogram(&future)).await, "stale");
    // Made now and bound 11 minutes later: stale too.
    let late = h.cryptogram(&card);
    h.advance(11 * 60);
    refused(&bind(late).await, "stale");

    // Card data: Luhn, expiry, CVV.
    let seal = |pan: &str, month: u8, year: u16, cvv: &str| {
        h.sandbox.make_cryptogram(&CryptogramRequest {
            pan: pan.into(),
            exp_month: month,
            exp_year: year,
            cvv: cvv.into(),
            generated_at: None,
        })
    };
    refused(
        &bind(seal("4111111111111112", 12, 2030, "123")).await,
        "pan_invalid",
    );
    refused(
        &bind(seal("4111111111111111", 13, 2030, "123")).await,
        "expiry_invalid",
    );
    refused(
        &bind(seal("4111111111111111", 5, 2026, "123")).await,
        "card_expired",
    );
    refused(
        &bind(seal("4111111111111111", 12, 2030, "12")).await,
        "cvv_invalid",
    );

    // Replayed: the same cryptogram twice.
    let once = h.cryptogram(&card);
    assert_eq!(bind(once.clone()).await.status, 200);
    refused(&bind(once).await, "replayed");

    // Made for another server key of the same version: undecryptable.
    let other = Sandbox::start(SandboxConfig {
        seed: Some(1234),
        start_time_ms: Some(common::START_MS),
        ..Default::default()
    })
    .await
    .unwrap();
    other.advance_clock(11 * 60);
    let foreign = other.make_cryptogram(&CryptogramRequest::for_card(
        &h.sandbox.test_card(CardBehavior::ThreeDs),
    ));
    refused(&bind(foreign).await, "undecryptable");

    // After a rotation the old key is unknown; the key endpoint serves the new one.
    let before = h.cryptogram(&h.sandbox.test_card(CardBehavior::ThreeDs));
    let rotated = h
        .bare(Method::POST, "/sandbox/cryptogram-key/rotate")
        .send()
        .await;
    assert_eq!(rotated.json["keys"][0]["kid"], "sandbox-2");
    refused(&bind(before).await, "key_version_unknown");
    let key = h.get("/ext/cryptogram-key").send().await;
    assert_eq!(key.json["keys"][0]["kid"], "sandbox-2");
    assert_eq!(key.json["keys"][0]["x"], rotated.json["keys"][0]["x"]);
    let after = h.cryptogram(&h.sandbox.test_card(CardBehavior::ThreeDs));
    assert_eq!(
        swip_protocol::cryptogram::Envelope::parse(&after)
            .unwrap()
            .kid,
        "sandbox-2"
    );
    assert_eq!(bind(after).await.status, 200);
    h.sandbox.rotate_cryptogram_key();
    assert_eq!(
        h.get("/ext/cryptogram-key").send().await.json["keys"][0]["kid"],
        "sandbox-3"
    );
}

#[tokio::test]
async fn a_wallet_sealed_cryptogram_binds() {
    // Seal as the wallet does: from the key endpoint, with swip-protocol, no sandbox helper.
    use ring::rand::SystemRandom;
    use swip_protocol::cryptogram::{
        CardPlaintext, CryptogramKeyResponse, ServerKey, replay_nonce, seal,
    };
    let h = Harness::start().await;
    let user = h.register("79170000003", "d").await;
    let key: CryptogramKeyResponse =
        serde_json::from_value(h.get("/ext/cryptogram-key").send().await.json).unwrap();
    let server_key = ServerKey::from_response(&key).unwrap();
    let rng = SystemRandom::new();
    let card = CardPlaintext {
        pan: luhn_pan("220220", 77).into(),
        exp_month: 1,
        exp_year: 2029,
        cvv: "987".into(),
        nonce: replay_nonce(&rng).unwrap(),
        generated_at: h.sandbox.now_ms(),
    };
    let cryptogram = seal(&server_key, &card, &rng).unwrap();
    let reply = h
        .post("/payment-cards")
        .token(&user.token)
        .json(bind_body(cryptogram.expose()))
        .send()
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    h.advance(DELAY_S);
    let cards = h.cards(&user).await;
    // A non-test, Luhn-valid number binds like `success`; its system comes from its prefix.
    assert_eq!(cards[0]["paymentSystem"], "МИР");
    assert_eq!(
        cards[0]["cardNumber"],
        format!("**** **** **** {}", &card.pan.expose()[12..])
    );
    assert_eq!(cards[0]["defaultForPayments"], true);
}

#[tokio::test]
async fn every_binding_behavior() {
    let h = Harness::start().await;
    let user = h.register("79170000004", "d").await;

    // decline: PROCESSING, then FAIL with errorCode 19; no card.
    let declined = h.start_binding(&user, CardBehavior::Decline, false).await;
    assert_eq!(h.status(&user, &declined).await["status"], "PROCESSING");
    h.advance(DELAY_S - 1);
    assert_eq!(h.status(&user, &declined).await["status"], "PROCESSING");
    h.advance(1);
    let status = h.status(&user, &declined).await;
    assert_eq!(status["status"], "FAIL");
    assert_eq!(status["errorCode"], "19");
    assert!(!status["errorMessage"].as_str().unwrap().is_empty());
    assert!(h.cards(&user).await.is_empty());
    // A failed card can be tried again (it is not a duplicate).
    let again = h.start_binding(&user, CardBehavior::Decline, false).await;
    assert_ne!(again, declined);

    // processing_forever: still PROCESSING ten days later.
    let stuck = h
        .start_binding(&user, CardBehavior::ProcessingForever, false)
        .await;
    h.advance(10 * 24 * 3600);
    let user = h.refresh(&user).await;
    assert_eq!(h.status(&user, &stuck).await["status"], "PROCESSING");
    // ...and its number cannot be bound again meanwhile (8).
    let card = h.sandbox.test_card(CardBehavior::ProcessingForever);
    let dup = h
        .post("/payment-cards")
        .token(&user.token)
        .json(bind_body(&h.cryptogram(&card)))
        .send()
        .await;
    dup.assert_error(400, 8);

    // payment_decline and payment_processing_forever bind fine.
    let fresh = h.register("79170000005", "d").await;
    for behavior in [
        CardBehavior::PaymentDecline,
        CardBehavior::PaymentProcessingForever,
        CardBehavior::Success,
    ] {
        h.bind(&fresh, behavior).await;
    }
    let cards = h.cards(&fresh).await;
    assert_eq!(cards.len(), 3);
    // The first card became the default although addAsDefault was false.
    let defaults: Vec<bool> = cards
        .iter()
        .map(|c| c["defaultForPayments"].as_bool().unwrap())
        .collect();
    assert_eq!(defaults, [true, false, false]);

    // A bound number again: 400 code 8.
    let card = h.sandbox.test_card(CardBehavior::Success);
    let dup = h
        .post("/payment-cards")
        .token(&fresh.token)
        .json(bind_body(&h.cryptogram(&card)))
        .send()
        .await;
    dup.assert_error(400, 8);
}

#[tokio::test]
async fn three_ds_by_control_and_by_bank_page() {
    let h = Harness::start().await;
    let user = h.register("79170000006", "d").await;
    let deferred = h.start_binding(&user, CardBehavior::ThreeDs, true).await;
    let page_path = format!("/deferred-results/{deferred}/binding-payment-card-3ds-result");

    // Not in FINISH_3DS yet: the page is 400 code 6, the control refuses.
    h.get(&page_path)
        .token(&user.token)
        .send()
        .await
        .assert_error(400, 6);
    assert_eq!(
        h.sandbox.complete_3ds(&deferred, ThreeDsOutcome::Pass),
        Err(ThreeDsError::NotAwaitingChallenge)
    );
    let early = h
        .bare(Method::POST, &format!("/sandbox/3ds/{deferred}"))
        .json(json!({ "outcome": "pass" }))
        .send()
        .await;
    early.assert_error(400, 6);

    h.advance(DELAY_S);
    assert_eq!(h.status(&user, &deferred).await["status"], "FINISH_3DS");
    // FINISH_3DS lasts until the challenge is answered.
    h.advance(3600);
    let user = h.refresh(&user).await;
    assert_eq!(h.status(&user, &deferred).await["status"], "FINISH_3DS");
    // The page is served while waiting; another user cannot see it (404).
    let stranger = h.register("79170000007", "d").await;
    h.get(&page_path)
        .token(&stranger.token)
        .send()
        .await
        .assert_error(404, 9);
    h.get(&format!("/deferred-results/{deferred}/status"))
        .token(&stranger.token)
        .send()
        .await
        .assert_error(404, 9);
    // The bank page is also reachable directly.
    let bank = h
        .http
        .get(format!("{}/ext/bank/3ds/{deferred}", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(bank.status(), 200);
    assert!(bank.text().await.unwrap().contains("id=\"submit\""));

    // Headless control: bad body, unknown id, then pass.
    h.bare(Method::POST, &format!("/sandbox/3ds/{deferred}"))
        .json(json!({ "outcome": "maybe" }))
        .send()
        .await
        .assert_fields(&["body"]);
    h.bare(Method::POST, "/sandbox/3ds/nope")
        .json(json!({ "outcome": "pass" }))
        .send()
        .await
        .assert_error(404, 9);
    assert_eq!(
        h.sandbox.complete_3ds("nope", ThreeDsOutcome::Pass),
        Err(ThreeDsError::UnknownDeferred)
    );
    let done = h
        .bare(Method::POST, &format!("/sandbox/3ds/{deferred}"))
        .json(json!({ "outcome": "pass" }))
        .send()
        .await;
    assert_eq!(done.status, 204, "{}", done.text);
    // Answered: PROCESSING for another delay, the page is gone, a second answer is refused.
    assert_eq!(h.status(&user, &deferred).await["status"], "PROCESSING");
    h.get(&page_path)
        .token(&user.token)
        .send()
        .await
        .assert_error(400, 6);
    assert_eq!(
        h.sandbox.complete_3ds(&deferred, ThreeDsOutcome::Fail),
        Err(ThreeDsError::NotAwaitingChallenge)
    );
    let gone = h
        .http
        .get(format!("{}/ext/bank/3ds/{deferred}", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    h.advance(DELAY_S);
    assert_eq!(h.status(&user, &deferred).await["status"], "SUCCESS");

    // The bank form with a wrong code: FAIL after the delay.
    let second = h.register("79170000008", "d").await;
    let deferred = h.start_binding(&second, CardBehavior::ThreeDs, false).await;
    h.advance(DELAY_S);
    let submitted = h.submit_challenge(&deferred, "0000").await;
    assert_eq!(submitted.status(), 303);
    // Submitting again: the challenge is closed (409 page).
    let again = h.submit_challenge(&deferred, "1234").await;
    assert_eq!(again.status(), 409);
    h.advance(DELAY_S);
    let status = h.status(&second, &deferred).await;
    assert_eq!(
        (status["status"].as_str(), status["errorCode"].as_str()),
        (Some("FAIL"), Some("19"))
    );
    assert!(h.cards(&second).await.is_empty());

    // Direct control with fail.
    let third = h.register("79170000009", "d").await;
    let deferred = h.start_binding(&third, CardBehavior::ThreeDs, false).await;
    h.advance(DELAY_S);
    h.sandbox
        .complete_3ds(&deferred, ThreeDsOutcome::Fail)
        .unwrap();
    h.advance(DELAY_S);
    assert_eq!(h.status(&third, &deferred).await["status"], "FAIL");
    // An unknown bank id: 404 page.
    let unknown = h.submit_challenge("nope", "1234").await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn binding_is_idempotent_with_a_key() {
    let h = Harness::start().await;
    let user = h.register("79170000010", "d").await;
    let card = h.sandbox.test_card(CardBehavior::Success);
    let cryptogram = h.cryptogram(&card);
    let send = |key: &'static str| {
        h.post("/payment-cards")
            .token(&user.token)
            .header("Idempotency-Key", key)
            .json(bind_body(&cryptogram))
            .send()
    };
    let first = send("bind-1").await;
    assert_eq!(first.status, 200);
    // The same request retried: the same answer, even though the cryptogram's nonce was used.
    let retry = send("bind-1").await;
    assert_eq!(retry.json, first.json);
    h.advance(DELAY_S);
    let retry = send("bind-1").await;
    assert_eq!(retry.json, first.json);
    assert_eq!(h.cards(&user).await.len(), 1);
    // Another key is another request: the cryptogram was used (replayed).
    let other = send("bind-2").await;
    assert_eq!(other.field_message("cryptogram"), "replayed");
    // Keys are per user.
    let someone = h.register("79170000011", "d").await;
    let theirs = h
        .post("/payment-cards")
        .token(&someone.token)
        .header("Idempotency-Key", "bind-1")
        .json(bind_body(&h.cryptogram(&card)))
        .send()
        .await;
    assert_eq!(theirs.status, 200);
    assert_ne!(theirs.json, first.json);
}

#[tokio::test]
async fn list_default_and_delete() {
    let h = Harness::start().await;
    let user = h.register("79170000012", "d").await;
    assert!(h.cards(&user).await.is_empty());
    let first = h.bind(&user, CardBehavior::Success).await;
    let card = h
        .sandbox
        .test_cards()
        .into_iter()
        .filter(|c| c.behavior == CardBehavior::Success)
        .nth(1)
        .unwrap();
    // A second card with addAsDefault moves the default.
    let reply = h
        .post("/payment-cards")
        .token(&user.token)
        .json(json!({ "addAsDefault": true, "holder": "IVAN", "cryptogram": h.cryptogram(&card) }))
        .send()
        .await;
    h.advance(DELAY_S);
    assert_eq!(
        h.status(&user, reply.json["deferredId"].as_str().unwrap())
            .await["status"],
        "SUCCESS"
    );
    let cards = h.cards(&user).await;
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0]["id"], first.as_str());
    assert_eq!(
        (
            cards[0]["defaultForPayments"].as_bool(),
            cards[1]["defaultForPayments"].as_bool()
        ),
        (Some(false), Some(true))
    );
    assert_eq!(cards[1]["paymentSystem"], "VISA");
    let second = cards[1]["id"].as_str().unwrap().to_owned();

    // Unknown ids: 404 code 9 for every card action.
    for path in [
        "/payment-cards/nope/actions/set-as-default",
        "/payment-cards/nope/actions/unset-as-default",
    ] {
        h.post(path)
            .token(&user.token)
            .send()
            .await
            .assert_error(404, 9);
    }
    h.delete("/payment-cards/nope")
        .token(&user.token)
        .send()
        .await
        .assert_error(404, 9);
    h.get("/deferred-results/nope/status")
        .token(&user.token)
        .send()
        .await
        .assert_error(404, 9);
    // Another user's card is not found either.
    let stranger = h.register("79170000013", "d").await;
    h.delete(&format!("/payment-cards/{first}"))
        .token(&stranger.token)
        .send()
        .await
        .assert_error(404, 9);
    h.post(&format!("/payment-cards/{first}/actions/set-as-default"))
        .token(&stranger.token)
        .send()
        .await
        .assert_error(404, 9);

    // Unsetting a card that is not the default changes nothing.
    assert_eq!(
        h.post(&format!("/payment-cards/{first}/actions/unset-as-default"))
            .token(&user.token)
            .send()
            .await
            .status,
        200
    );
    assert_eq!(h.cards(&user).await[1]["defaultForPayments"], true);
    // Deleting the default card leaves no default.
    assert_eq!(
        h.delete(&format!("/payment-cards/{second}"))
            .token(&user.token)
            .send()
            .await
            .status,
        200
    );
    let cards = h.cards(&user).await;
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0]["defaultForPayments"], false);
    // Deleted twice: 404.
    h.delete(&format!("/payment-cards/{second}"))
        .token(&user.token)
        .send()
        .await
        .assert_error(404, 9);
    // A deleted card can be bound again.
    let again = h
        .post("/payment-cards")
        .token(&user.token)
        .json(bind_body(&h.cryptogram(&card)))
        .send()
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
}

#[tokio::test]
async fn a_three_ds_binding_holds_one_rouble_then_releases_it_and_a_failed_one_holds_nothing() {
    use swip_sandbox::control::ChargeKind;
    let h = Harness::start().await;
    let user = h.register("79160000123", "device-1").await;

    // Passed: 1 ₽ held when the code is accepted, given back when the binding ends.
    let passed = h.start_binding(&user, CardBehavior::ThreeDs, true).await;
    h.advance(DELAY_S);
    assert!(
        h.sandbox.all_charges().is_empty(),
        "nothing before the code"
    );
    let accepted_at = h.sandbox.now_ms();
    h.sandbox
        .complete_3ds(&passed, ThreeDsOutcome::Pass)
        .unwrap();
    let held = h.sandbox.all_charges();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(
        (held[0].kind, held[0].amount.to_string(), held[0].charged_at),
        (ChargeKind::Hold, "1.00".to_owned(), accepted_at)
    );
    assert_eq!(held[0].deferred_id, passed);
    assert!(held[0].order_id.is_empty());
    h.advance(DELAY_S);
    assert_eq!(h.status(&user, &passed).await["status"], "SUCCESS");
    let card_id = h.cards(&user).await[0]["id"].as_str().unwrap().to_owned();
    let all = h.sandbox.all_charges();
    let kinds: Vec<ChargeKind> = all.iter().map(|charge| charge.kind).collect();
    assert_eq!(kinds, [ChargeKind::Hold, ChargeKind::Release]);
    assert!(all.iter().all(|charge| charge.payment_card_id == card_id));
    assert_eq!(all[1].charged_at, accepted_at + DELAY_S as i64 * 1000);
    assert!(h.sandbox.charges().is_empty(), "no payment: nothing taken");

    // Over HTTP, filtered by kind; an unknown kind is refused.
    let holds = h
        .bare(Method::GET, "/sandbox/charges?kind=hold")
        .send()
        .await;
    assert_eq!(
        holds.json.as_array().map(Vec::len),
        Some(1),
        "{}",
        holds.text
    );
    assert_eq!(holds.json[0]["amount"], 1.0);
    h.bare(Method::GET, "/sandbox/charges?kind=refund")
        .send()
        .await
        .assert_fields(&["kind"]);

    // Failed challenge: the bank never accepted a code, nothing was held.
    let other = h.register("79160000124", "device-2").await;
    let failed = h.start_binding(&other, CardBehavior::ThreeDs, false).await;
    h.advance(DELAY_S);
    h.sandbox
        .complete_3ds(&failed, ThreeDsOutcome::Fail)
        .unwrap();
    h.advance(DELAY_S);
    assert_eq!(h.status(&other, &failed).await["status"], "FAIL");
    assert_eq!(h.sandbox.all_charges().len(), 2, "no new hold");
}

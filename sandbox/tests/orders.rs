//! Orders (validation, catalog prices, loyalty) and payments (every card behavior, codes 25 and
//! 30, unknown card, e-mail, idempotency).

mod common;

use common::{DELAY_S, Harness};
use serde_json::json;
use swip_sandbox::control::CardBehavior;

#[tokio::test]
async fn order_validation() {
    let h = Harness::start().await;
    let user = h.register("79180000001", "d").await;
    let create =
        |body: serde_json::Value| h.post("/inapp-orders").token(&user.token).json(body).send();

    create(json!({}))
        .await
        .assert_fields(&["merchantId", "merchantStoreId", "purchases"]);
    create(json!({ "merchantId": "swip-coffee", "merchantStoreId": "swip-coffee-arbat", "purchases": [] }))
        .await
        .assert_fields(&["purchases"]);
    let reply = create(json!({
        "merchantId": "swip-coffee", "merchantStoreId": "swip-coffee-arbat",
        "purchases": [ { "productId": "cappuccino", "quantity": 0 }, { "quantity": 1 }, { "productId": "croissant", "quantity": -2 }, 7 ]
    }))
    .await;
    reply.assert_fields(&[
        "purchases[0].quantity",
        "purchases[1].productId",
        "purchases[2].quantity",
        "purchases[3]",
    ]);
    create(json!({ "merchantId": "swip-coffee", "merchantStoreId": "swip-coffee-arbat", "purchases": [ { "productId": "cappuccino", "quantity": "2" } ] }))
        .await
        .assert_fields(&["purchases[0].quantity"]);
    // Unknown merchant or store: 404 code 9; unknown product: 400 code 5 on its path.
    create(json!({ "merchantId": "nobody", "merchantStoreId": "x", "purchases": [ { "productId": "cappuccino", "quantity": 1 } ] }))
        .await
        .assert_error(404, 9);
    create(json!({ "merchantId": "swip-coffee", "merchantStoreId": "swip-books-main", "purchases": [ { "productId": "cappuccino", "quantity": 1 } ] }))
        .await
        .assert_error(404, 9);
    create(json!({ "merchantId": "swip-coffee", "merchantStoreId": "swip-coffee-arbat", "purchases": [ { "productId": "cappuccino", "quantity": 1 }, { "productId": "novel", "quantity": 1 } ] }))
        .await
        .assert_fields(&["purchases[1].productId"]);
    // Without a session: 401.
    h.post("/inapp-orders")
        .json(json!({}))
        .send()
        .await
        .assert_error(401, 2);
}

#[tokio::test]
async fn orders_are_priced_from_the_catalog() {
    let h = Harness::start().await;
    let user = h.register("79180000002", "d").await;
    let catalog = h.sandbox.catalog();
    assert!(
        catalog
            .merchants
            .iter()
            .any(|m| m.campaigns.iter().any(|c| c.percent == 5))
    );
    let reply = h
        .post("/inapp-orders")
        .token(&user.token)
        .json(
            json!({ "merchantId": "swip-coffee", "merchantStoreId": "swip-coffee-arbat",
                      "purchases": [ { "productId": "coffee-beans", "quantity": 0.5 } ] }),
        )
        .send()
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let order = reply.json;
    assert_eq!(order["purchases"][0]["unit"], "kg");
    assert_eq!(order["purchases"][0]["quantity"], 0.5);
    assert_eq!(order["purchases"][0]["price"], 1290);
    assert_eq!(order["totalOriginal"], 645);
    assert_eq!(order["total"], 645);
    assert_eq!(order["discount"]["discount"], 0);
    assert_eq!(order["discount"]["lines"], json!([]));
    assert_eq!(order["cashback"], 32.25);
    assert_eq!(order["merchantStore"], "SWiP Coffee, Arbat 10");
    assert_eq!(order["customerId"].as_str().map(str::len), Some(36));
    // Order numbers go up.
    let next = h.order(&user).await;
    let number = |o: &serde_json::Value| o["orderNumber"].as_str().unwrap().parse::<u64>().unwrap();
    assert_eq!(number(&next), number(&order) + 1);
    assert_ne!(next["id"], order["id"]);
    // The other merchant's campaign.
    let books = h
        .post("/inapp-orders")
        .token(&user.token)
        .json(json!({ "merchantId": "swip-books", "merchantStoreId": "swip-books-main",
                      "purchases": [ { "productId": "novel", "quantity": 1 }, { "productId": "notebook", "quantity": 3 } ] }))
        .send()
        .await
        .json;
    // 799.90 + 3 × 149.00 = 1246.90; 3% cashback = 37.407 → 37.41.
    assert_eq!(books["total"], 1246.9);
    assert_eq!(books["cashback"], 37.41);
}

#[tokio::test]
async fn payment_validation_and_not_found() {
    let h = Harness::start().await;
    let user = h.register("79180000003", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap();
    let pay = |body: serde_json::Value| {
        h.post(&format!("/orders/{id}/payments"))
            .token(&user.token)
            .json(body)
            .send()
    };

    for email in ["", "ivan", "ivan@", "ivan@localhost", "iv an@example.ru"] {
        pay(json!({ "email": email, "paymentCardId": card }))
            .await
            .assert_fields(&["email"]);
    }
    pay(json!({}))
        .await
        .assert_fields(&["email", "paymentCardId"]);
    pay(json!({ "email": "ivan@example.ru", "paymentCardId": "nope" }))
        .await
        .assert_error(404, 9);
    h.pay(&user, "nope", &card, None).await.assert_error(404, 9);
    // Another user's order and card are not found.
    let stranger = h.register("79180000004", "d").await;
    let theirs = h.bind(&stranger, CardBehavior::Success).await;
    h.pay(&stranger, id, &theirs, None)
        .await
        .assert_error(404, 9);
    h.pay(&user, id, &theirs, None).await.assert_error(404, 9);
    assert!(h.sandbox.charges().is_empty());
}

#[tokio::test]
async fn pay_success_then_30_and_in_progress_25() {
    let h = Harness::start().await;
    let user = h.register("79180000005", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap();

    let first = h.pay(&user, id, &card, None).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let deferred = first.json["deferredId"].as_str().unwrap();
    // In progress: 400 code 25.
    h.pay(&user, id, &card, None).await.assert_error(400, 25);
    h.advance(DELAY_S);
    assert_eq!(
        h.status(&user, deferred).await["status"],
        "LOYALTY_CALCULATION"
    );
    h.pay(&user, id, &card, None).await.assert_error(400, 25);
    assert!(h.sandbox.charges().is_empty(), "no charge before SUCCESS");
    h.advance(DELAY_S);
    let status = h.status(&user, deferred).await;
    assert_eq!(
        status,
        json!({ "status": "SUCCESS", "errorCode": "", "errorMessage": "" })
    );
    // Paid: 400 code 30. Exactly one charge of the total.
    h.pay(&user, id, &card, None).await.assert_error(400, 30);
    let charges = h.sandbox.charges();
    assert_eq!(charges.len(), 1);
    assert_eq!(charges[0].order_id, id);
    assert_eq!(charges[0].payment_card_id, card);
    assert_eq!(
        charges[0].amount,
        swip_protocol::Amount::from_kopecks(66_245)
    );
    assert_eq!(charges[0].deferred_id, deferred);
    // Reading much later changes nothing.
    h.advance(3000);
    assert_eq!(h.status(&user, deferred).await["status"], "SUCCESS");
    assert_eq!(h.sandbox.charges().len(), 1);
}

#[tokio::test]
async fn declined_payment_can_be_paid_again() {
    let h = Harness::start().await;
    let user = h.register("79180000006", "d").await;
    let bad = h.bind(&user, CardBehavior::PaymentDecline).await;
    let good = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap();

    let declined = h.pay(&user, id, &bad, None).await.json["deferredId"]
        .as_str()
        .unwrap()
        .to_owned();
    h.advance(DELAY_S);
    assert_eq!(
        h.status(&user, &declined).await["status"],
        "LOYALTY_CALCULATION"
    );
    h.advance(DELAY_S);
    let status = h.status(&user, &declined).await;
    assert_eq!(
        (status["status"].as_str(), status["errorCode"].as_str()),
        (Some("FAIL"), Some("19"))
    );
    assert!(h.sandbox.charges().is_empty());

    let paid = h.pay(&user, id, &good, None).await;
    assert_eq!(
        paid.status, 200,
        "after FAIL the order is payable again: {}",
        paid.text
    );
    h.advance(2 * DELAY_S);
    assert_eq!(
        h.status(&user, paid.json["deferredId"].as_str().unwrap())
            .await["status"],
        "SUCCESS"
    );
    assert_eq!(h.sandbox.charges().len(), 1);
    assert_eq!(h.sandbox.charges()[0].payment_card_id, good);
}

#[tokio::test]
async fn a_payment_processing_forever_blocks_the_order() {
    let h = Harness::start().await;
    let user = h.register("79180000007", "d").await;
    let stuck_card = h.bind(&user, CardBehavior::PaymentProcessingForever).await;
    let good = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap();
    let stuck = h.pay(&user, id, &stuck_card, None).await.json["deferredId"]
        .as_str()
        .unwrap()
        .to_owned();
    h.advance(3000);
    assert_eq!(h.status(&user, &stuck).await["status"], "PROCESSING");
    h.pay(&user, id, &good, None).await.assert_error(400, 25);
    assert!(h.sandbox.charges().is_empty());
}

#[tokio::test]
async fn payment_is_idempotent_with_a_key() {
    let h = Harness::start().await;
    let user = h.register("79180000008", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap();

    let first = h.pay(&user, id, &card, Some("pay-1")).await;
    assert_eq!(first.status, 200);
    // The same key while in progress and after success: the first answer, no second payment.
    assert_eq!(
        h.pay(&user, id, &card, Some("pay-1")).await.json,
        first.json
    );
    h.advance(2 * DELAY_S);
    assert_eq!(
        h.pay(&user, id, &card, Some("pay-1")).await.json,
        first.json
    );
    // Another key: the order is paid (30).
    h.pay(&user, id, &card, Some("pay-2"))
        .await
        .assert_error(400, 30);
    assert_eq!(h.sandbox.charges().len(), 1);
    // A key is scoped to its order: the same key on another order is a new payment.
    let other = h.order(&user).await;
    let second = h
        .pay(&user, other["id"].as_str().unwrap(), &card, Some("pay-1"))
        .await;
    assert_eq!(second.status, 200);
    assert_ne!(second.json, first.json);
}

//! Many clients at once: no lost update, no double charge.

mod common;

use std::collections::BTreeSet;

use common::{DELAY_S, Harness, luhn_pan};
use serde_json::json;
use swip_sandbox::control::{CardBehavior, CryptogramRequest};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_payments_of_one_order_charge_once() {
    let h = Harness::start().await;
    let user = h.register("79200000001", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap().to_owned();

    let attempts = (0..50).map(|n| {
        let (http, base, token, id, card) = (
            h.http.clone(),
            h.base.clone(),
            user.token.clone(),
            id.clone(),
            card.clone(),
        );
        tokio::spawn(async move {
            let response = http
                .post(format!("{base}/orders/{id}/payments"))
                .header("Api-Version", "2")
                .header("X-Auth-Token", token)
                .header("Idempotency-Key", format!("key-{n}"))
                .json(&json!({ "email": "ivan@example.ru", "paymentCardId": card }))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        })
    });
    let mut started = Vec::new();
    let mut refused = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        let (status, body) = attempt.await.unwrap();
        match status {
            200 => started.push(body["deferredId"].as_str().unwrap().to_owned()),
            400 => {
                assert_eq!(body["code"], 25, "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((started.len(), refused), (1, 49));
    h.advance(2 * DELAY_S);
    assert_eq!(h.status(&user, &started[0]).await["status"], "SUCCESS");
    let charges = h.sandbox.charges();
    assert_eq!(charges.len(), 1, "exactly one charge");
    assert_eq!(charges[0].order_id, id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_retries_with_one_key_start_one_payment() {
    let h = Harness::start().await;
    let user = h.register("79200000002", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap().to_owned();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (http, base, token, id, card) = (
                h.http.clone(),
                h.base.clone(),
                user.token.clone(),
                id.clone(),
                card.clone(),
            );
            tokio::spawn(async move {
                let response = http
                    .post(format!("{base}/orders/{id}/payments"))
                    .header("Api-Version", "2")
                    .header("X-Auth-Token", token)
                    .header("Idempotency-Key", "the-one-key")
                    .json(&json!({ "email": "ivan@example.ru", "paymentCardId": card }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                response.json::<serde_json::Value>().await.unwrap()["deferredId"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap());
    }
    assert_eq!(ids.len(), 1, "every retry got the first answer");
    h.advance(2 * DELAY_S);
    assert_eq!(h.sandbox.charges().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_bindings_and_orders_lose_nothing() {
    let h = Harness::start().await;
    let user = h.register("79200000003", "d").await;
    let exp_year = h.sandbox.test_cards()[0].exp_year;
    let binds: Vec<_> = (0..30)
        .map(|n| {
            let cryptogram = h.sandbox.make_cryptogram(&CryptogramRequest {
                pan: luhn_pan("5500", n),
                exp_month: 6,
                exp_year,
                cvv: "321".into(),
                generated_at: None,
            });
            let (http, base, token) = (h.http.clone(), h.base.clone(), user.token.clone());
            tokio::spawn(async move {
                http.post(format!("{base}/payment-cards"))
                    .header("Api-Version", "2")
                    .header("X-Auth-Token", token)
                    .json(&json!({ "addAsDefault": n % 2 == 0, "holder": "IVAN", "cryptogram": cryptogram }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let orders: Vec<_> =
        (0..30)
            .map(|_| {
                let (http, base, token) = (h.http.clone(), h.base.clone(), user.token.clone());
                tokio::spawn(async move {
                    let order: serde_json::Value = http
                    .post(format!("{base}/inapp-orders"))
                    .header("Api-Version", "2")
                    .header("X-Auth-Token", token)
                    .json(&json!({ "merchantId": "swip-books", "merchantStoreId": "swip-books-main",
                                   "purchases": [ { "productId": "notebook", "quantity": 1 } ] }))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                    (
                        order["id"].as_str().unwrap().to_owned(),
                        order["orderNumber"].as_str().unwrap().to_owned(),
                    )
                })
            })
            .collect();
    for bind in binds {
        assert_eq!(bind.await.unwrap(), 200);
    }
    let mut ids = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for order in orders {
        let (id, number) = order.await.unwrap();
        ids.insert(id);
        numbers.insert(number);
    }
    assert_eq!((ids.len(), numbers.len()), (30, 30), "every order distinct");
    h.advance(DELAY_S);
    let cards = h.cards(&user).await;
    assert_eq!(cards.len(), 30, "no binding lost");
    assert_eq!(
        cards
            .iter()
            .filter(|c| c["defaultForPayments"] == true)
            .count(),
        1,
        "exactly one default"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_users_sign_up_at_once() {
    let h = Harness::start().await;
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let (http, base) = (h.http.clone(), h.base.clone());
            tokio::spawn(async move {
                let phone = format!("7921{n:07}");
                let response = http
                    .post(format!("{base}/v2/signups"))
                    .header("Api-Version", "2")
                    .json(&json!({ "phone": phone }))
                    .send()
                    .await
                    .unwrap();
                (phone, response.status().as_u16())
            })
        })
        .collect();
    for task in tasks {
        let (phone, status) = task.await.unwrap();
        assert_eq!(status, 200);
        assert!(h.sandbox.latest_sms(&phone).is_some());
    }
    // All at once for one phone: exactly one SMS goes out, the rest are 429.
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (http, base) = (h.http.clone(), h.base.clone());
            tokio::spawn(async move {
                http.post(format!("{base}/v2/signups"))
                    .header("Api-Version", "2")
                    .json(&json!({ "phone": "79229999999" }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        9,
        "{statuses:?}"
    );
}

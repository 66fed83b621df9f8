//! The seed's documented flow, in raw HTTP and raw JSON only (no protocol types): signup → SMS →
//! verification → PIN → auth → refresh → bind a card without and with 3-D Secure (through the
//! bank's HTML form) → list / default / delete → order → pay → SUCCESS. Field names are compared
//! with the seed's own examples, and every answer with the OpenAPI schemas.

mod common;

use common::schema::{assert_array_of, assert_schema, document};
use common::{DELAY_S, Harness};
use reqwest::Method;
use serde_json::{Value, json};

const SEED_TOKEN: &str = r#"{ "token":"eyJhbGciOi...OsCJZDnxqQg", "refreshToken":null, "refreshPeriod":3600, "tokenRefreshPeriod":3600 }"#;
const SEED_AUTH: &str = r#"{ "token":"eyJhbG....Wnp--Q", "refreshToken":"eyJhbG.....fW9Gw", "refreshPeriod":3600, "tokenRefreshPeriod":3600, "stpStatus":"OFF", "deviceRegistrationRequired":false }"#;
const SEED_DEFERRED: &str = r#"{"deferredId":"d83a617e-dae3-448b-875d-c62d163b030a"}"#;
const SEED_STATUS: &str = r#"{ "status":"PROCESSING", "errorCode":"", "errorMessage":"" }"#;
const SEED_3DS: &str = r#"{ "finish3dsHtml":"<!DOCTYPE html>\n<html>...HTML code...</html>" }"#;
const SEED_CARDS: &str = r#"[ { "id":"730818ac-4b3c-4356-b1dd-783a3d5ff676", "cardNumber":"**** **** **** 2009", "defaultForPayments":true, "bankName":"Название банка", "bankLogo":"471b8f50-bb8d-11e6-9a11-08a47b0e7ea4", "paymentSystem":"VISA", "createdAt":1543760701775, "blocked":false } ]"#;
const SEED_ORDER: &str = r#"{ "cashOrigin": "IIKO", "cashback": 0, "cashbackCalcResult": { "lines": [ { "campaignId": "string", "cashback": 0, "cboRequiredCount": 0, "description": "string", "purchaseCount": 0 } ], "total": 0 }, "classifier": "OK", "customerId": "string", "discount": { "discount": 0, "discountOriginal": 0, "lines": [ { "campaignId": "string", "cboRequiredCount": 0, "description": "string", "discount": 0, "purchaseCount": 0 } ] }, "emailRequired": true, "externalLoyalty": { "merchantPoints": 0, "points": { "added": 0, "removed": 0, "total": 0 } }, "id": "string", "merchantCash": "string", "merchantCashier": "string", "merchantCashierId": "string", "merchantCategory": "string", "merchantId": "string", "merchantName": "string", "merchantOrderId": "string", "merchantOrderNumber": "string", "merchantProfileImageId": "string", "merchantStore": "string", "orderNumber": "string", "orderStatus": "NEW", "purchases": [ { "amount": 0, "discount": 0, "id": "string", "merchantDiscount": 0, "name": "string", "price": 0, "productId": "string", "quantity": 0, "unit": "string" } ], "saleDate": 0, "sessionCode": "string", "total": 0, "totalOriginal": 0 }"#;

/// Asserts `actual` has exactly the keys of `example`, recursively (array items against the first example item).
#[track_caller]
fn assert_shape(actual: &Value, example: &str) {
    let example: Value = serde_json::from_str(example).expect("seed example parses");
    let mut problems = Vec::new();
    shape(actual, &example, "$", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}\nactual: {actual}");
}

fn shape(actual: &Value, example: &Value, at: &str, problems: &mut Vec<String>) {
    match (actual, example) {
        (Value::Object(actual), Value::Object(example)) => {
            let mut got: Vec<&String> = actual.keys().collect();
            let mut want: Vec<&String> = example.keys().collect();
            got.sort();
            want.sort();
            if got != want {
                problems.push(format!("{at}: keys {got:?}, seed has {want:?}"));
            }
            for (key, value) in actual {
                if let Some(expected) = example.get(key) {
                    shape(value, expected, &format!("{at}.{key}"), problems);
                }
            }
        }
        (Value::Array(actual), Value::Array(example)) => {
            if let Some(first) = example.first() {
                for (index, item) in actual.iter().enumerate() {
                    shape(item, first, &format!("{at}[{index}]"), problems);
                }
            }
        }
        (Value::Null, Value::Null)
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Number(_), Value::Number(_)) => {}
        (Value::String(_), Value::String(_)) => {}
        // `refreshToken` is null in the signup example, a string in the others.
        (Value::String(_), Value::Null) if at.ends_with("refreshToken") => {}
        (actual, example) => problems.push(format!("{at}: {actual} where the seed has {example}")),
    }
}

fn form_action(html: &str) -> String {
    let start = html.find("action=\"").expect("form action") + "action=\"".len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].replace("&amp;", "&")
}

#[tokio::test]
async fn the_documented_flow_in_raw_json() {
    let h = Harness::start().await;
    let doc = document();
    let phone = "79160000000";
    let device = "9e044ffccc5d0916";

    // Signup: a signup token, refreshToken null, and a Date header on the sandbox clock.
    let signup = h
        .post("/v2/signups")
        .json(json!({ "phone": phone }))
        .send()
        .await;
    assert_eq!(signup.status, 200, "{}", signup.text);
    assert_shape(&signup.json, SEED_TOKEN);
    assert_schema(&doc, "TokenResponse", &signup.json);
    assert!(signup.json["refreshToken"].is_null());
    assert_eq!(signup.json["tokenRefreshPeriod"], 3600);
    let date = signup.header("date").expect("Date header");
    assert!(
        date.starts_with("Mon, 01 Jun 2026 00:0"),
        "Date from the sandbox clock: {date}"
    );
    let signup_token = signup.json["token"].as_str().unwrap().to_owned();

    // The SMS, read through the control endpoint.
    let sms = h
        .bare(Method::GET, &format!("/sandbox/sms?phone={phone}"))
        .send()
        .await;
    assert_eq!(sms.status, 200);
    assert_schema(&doc, "SmsRecord", &sms.json);
    assert_eq!(sms.json["phone"], phone);
    let code = sms.json["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 4);

    // Verification.
    let verified = h
        .post("/v2/signup-verifications")
        .token(&signup_token)
        .json(json!({ "code": code }))
        .send()
        .await;
    assert_eq!(verified.status, 200, "{}", verified.text);
    assert_eq!(verified.json, json!({ "new": true }));

    // PIN setup.
    let pin = h
        .put("/v2/signups")
        .token(&signup_token)
        .json(json!({ "deviceId": device, "firstName": "Иван", "lastName": "Петров", "password": "1111" }))
        .send()
        .await;
    assert_eq!(pin.status, 200, "{}", pin.text);
    assert_shape(
        &pin.json,
        SEED_AUTH
            .replace(
                r#", "stpStatus":"OFF", "deviceRegistrationRequired":false"#,
                "",
            )
            .as_str(),
    );
    assert_schema(&doc, "TokenResponse", &pin.json);
    assert!(pin.json["refreshToken"].is_string());

    // PIN login.
    let auth = h
        .post("/auth")
        .json(json!({ "deviceId": device, "password": "1111", "username": phone }))
        .send()
        .await;
    assert_eq!(auth.status, 200, "{}", auth.text);
    assert_shape(&auth.json, SEED_AUTH);
    assert_schema(&doc, "AuthResponse", &auth.json);
    assert_eq!(auth.json["stpStatus"], "OFF");
    assert_eq!(auth.json["deviceRegistrationRequired"], false);
    assert_eq!(auth.json["tokenRefreshPeriod"], 3600);
    assert_eq!(auth.json["refreshPeriod"], 2_592_000);

    // Refresh: the refresh token in X-Auth-Token.
    let refreshed = h
        .put("/auth")
        .token(auth.json["refreshToken"].as_str().unwrap())
        .send()
        .await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);
    assert_shape(
        &refreshed.json,
        SEED_AUTH
            .replace(
                r#", "stpStatus":"OFF", "deviceRegistrationRequired":false"#,
                "",
            )
            .as_str(),
    );
    let token = refreshed.json["token"].as_str().unwrap().to_owned();
    assert_ne!(token, auth.json["token"].as_str().unwrap());

    // The cryptogram key and two test cards, sealed by the control helper.
    let key = h.get("/ext/cryptogram-key").send().await;
    assert_eq!(key.status, 200);
    assert_schema(&doc, "CryptogramKeyResponse", &key.json);
    assert_eq!(key.json["keys"][0]["kid"], "sandbox-1");
    assert_eq!(key.json["keys"][0]["alg"], "ECDH-ES");
    let cards = h.bare(Method::GET, "/sandbox/test-cards").send().await;
    assert_array_of(&doc, "TestCard", &cards.json);
    let pick = |behavior: &str, system: &str| {
        cards
            .json
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["behavior"] == behavior && c["paymentSystem"] == system)
            .unwrap()
            .clone()
    };
    let visa = pick("success", "VISA");
    let mir_3ds = pick("three_ds", "МИР");
    let h = &h;
    let seal = |card: &Value| {
        let card = json!({ "pan": card["pan"], "expMonth": card["expMonth"], "expYear": card["expYear"], "cvv": card["cvv"] });
        async move {
            let reply = h
                .bare(Method::POST, "/sandbox/cryptograms")
                .json(card)
                .send()
                .await;
            assert_eq!(reply.status, 200, "{}", reply.text);
            let cryptogram = reply.json["cryptogram"].as_str().unwrap();
            assert_eq!(
                swip_protocol::cryptogram::Envelope::parse(cryptogram)
                    .unwrap()
                    .kid,
                "sandbox-1"
            );
            reply.json["cryptogram"].as_str().unwrap().to_owned()
        }
    };

    // Bind without 3-D Secure: PROCESSING, then SUCCESS.
    let bind = h
        .post("/payment-cards")
        .token(&token)
        .json(json!({ "addAsDefault": true, "holder": "IVAN PETROV", "cryptogram": seal(&visa).await }))
        .send()
        .await;
    assert_eq!(bind.status, 200, "{}", bind.text);
    assert_shape(&bind.json, SEED_DEFERRED);
    let visa_deferred = bind.json["deferredId"].as_str().unwrap().to_owned();
    let status_path = |id: &str| format!("/deferred-results/{id}/status");
    let status = h
        .get(&status_path(&visa_deferred))
        .token(&token)
        .send()
        .await;
    assert_shape(&status.json, SEED_STATUS);
    assert_schema(&doc, "DeferredStatusResponse", &status.json);
    assert_eq!(
        status.json,
        json!({ "status": "PROCESSING", "errorCode": "", "errorMessage": "" })
    );
    let advanced = h
        .bare(Method::POST, "/sandbox/clock/advance")
        .json(json!({ "seconds": DELAY_S }))
        .send()
        .await;
    assert_eq!(advanced.status, 200);
    assert_schema(&doc, "ClockState", &advanced.json);
    let status = h
        .get(&status_path(&visa_deferred))
        .token(&token)
        .send()
        .await;
    assert_eq!(
        status.json,
        json!({ "status": "SUCCESS", "errorCode": "", "errorMessage": "" })
    );

    // Bind with 3-D Secure through the bank's page, as a WebView would.
    let bind = h
        .post("/payment-cards")
        .token(&token)
        .json(json!({ "addAsDefault": false, "holder": "IVAN PETROV", "cryptogram": seal(&mir_3ds).await }))
        .send()
        .await;
    let mir_deferred = bind.json["deferredId"].as_str().unwrap().to_owned();
    h.advance(DELAY_S);
    let status = h
        .get(&status_path(&mir_deferred))
        .token(&token)
        .send()
        .await;
    assert_eq!(status.json["status"], "FINISH_3DS");
    let page = h
        .get(&format!(
            "/deferred-results/{mir_deferred}/binding-payment-card-3ds-result"
        ))
        .token(&token)
        .send()
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_shape(&page.json, SEED_3DS);
    let html = page.json["finish3dsHtml"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("id=\"code\"") && html.contains("id=\"submit\""));
    let action = form_action(html);
    assert_eq!(action, format!("{}/ext/bank/3ds/{mir_deferred}", h.base));
    let submitted = h
        .http
        .post(&action)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("code=1234")
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 303);
    let location = submitted.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("{}/ext/3ds-return?deferredId={mir_deferred}", h.base)
    );
    let returned = h.http.get(&location).send().await.unwrap();
    assert_eq!(returned.status(), 200);
    assert!(returned.text().await.unwrap().contains("close this page"));
    let status = h
        .get(&status_path(&mir_deferred))
        .token(&token)
        .send()
        .await;
    assert_eq!(
        status.json["status"], "PROCESSING",
        "verifying after the challenge"
    );
    h.advance(DELAY_S);
    let status = h
        .get(&status_path(&mir_deferred))
        .token(&token)
        .send()
        .await;
    assert_eq!(
        status.json,
        json!({ "status": "SUCCESS", "errorCode": "", "errorMessage": "" })
    );

    // The list: seed field names, masked numbers, the first card default.
    let list = h.get("/payment-cards").token(&token).send().await;
    assert_eq!(list.status, 200);
    assert_shape(&list.json, SEED_CARDS);
    assert_array_of(&doc, "PaymentCard", &list.json);
    let list = list.json.as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    let (visa_card, mir_card) = (&list[0], &list[1]);
    assert_eq!(
        visa_card["cardNumber"],
        format!("**** **** **** {}", &visa["pan"].as_str().unwrap()[12..])
    );
    assert_eq!(visa_card["paymentSystem"], "VISA");
    assert_eq!(visa_card["defaultForPayments"], true);
    assert_eq!(visa_card["blocked"], false);
    let created_at = visa_card["createdAt"].as_i64().unwrap();
    assert!(
        (common::START_MS + 60_000..common::START_MS + 70_000).contains(&created_at),
        "{created_at}"
    );
    assert_eq!(mir_card["paymentSystem"], "МИР");
    assert_eq!(mir_card["defaultForPayments"], false);
    assert_eq!(mir_card["bankName"], "Песочный банк");
    let mir_id = mir_card["id"].as_str().unwrap().to_owned();
    let visa_id = visa_card["id"].as_str().unwrap().to_owned();

    // Default: set, unset, set; then delete the other card.
    let set = h
        .post(&format!("/payment-cards/{mir_id}/actions/set-as-default"))
        .token(&token)
        .send()
        .await;
    assert_eq!((set.status, set.text.as_str()), (200, ""));
    let defaults = |list: &Value| -> Vec<bool> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["defaultForPayments"].as_bool().unwrap())
            .collect()
    };
    assert_eq!(
        defaults(&h.get("/payment-cards").token(&token).send().await.json),
        [false, true]
    );
    let unset = h
        .post(&format!("/payment-cards/{mir_id}/actions/unset-as-default"))
        .token(&token)
        .send()
        .await;
    assert_eq!(unset.status, 200);
    assert_eq!(
        defaults(&h.get("/payment-cards").token(&token).send().await.json),
        [false, false]
    );
    h.post(&format!("/payment-cards/{mir_id}/actions/set-as-default"))
        .token(&token)
        .send()
        .await;
    let deleted = h
        .delete(&format!("/payment-cards/{visa_id}"))
        .token(&token)
        .send()
        .await;
    assert_eq!((deleted.status, deleted.text.as_str()), (200, ""));
    let list = h.get("/payment-cards").token(&token).send().await.json;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], mir_id.as_str());
    assert_eq!(list[0]["defaultForPayments"], true);

    // An order from the catalog.
    let catalog = h.bare(Method::GET, "/sandbox/catalog").send().await;
    assert_schema(&doc, "Catalog", &catalog.json);
    let merchant = &catalog.json["merchants"][0];
    let order = h
        .post("/inapp-orders")
        .token(&token)
        .json(json!({
            "merchantId": merchant["merchantId"],
            "merchantStoreId": merchant["stores"][0]["merchantStoreId"],
            "purchases": [ { "productId": "cappuccino", "quantity": 2 }, { "productId": "croissant", "quantity": 1 } ]
        }))
        .send()
        .await;
    assert_eq!(order.status, 200, "{}", order.text);
    assert_shape(&order.json, SEED_ORDER);
    assert_schema(&doc, "Order", &order.json);
    let order = order.json;
    assert_eq!(order["orderStatus"], "NEW");
    assert_eq!(order["emailRequired"], true);
    assert_eq!(order["merchantName"], "SWiP Coffee");
    assert_eq!(order["totalOriginal"], 680.5);
    assert_eq!(order["discount"]["discount"], 18.05);
    assert_eq!(order["total"], 662.45);
    assert_eq!(order["cashback"], 33.12);
    assert_eq!(
        order["cashbackCalcResult"]["lines"][0]["campaignId"],
        "cashback-5-all"
    );
    assert_eq!(order["purchases"][0]["price"], 250);
    assert_eq!(order["purchases"][1]["amount"], 162.45);
    assert!(order["saleDate"].as_i64().unwrap() >= common::START_MS);
    let order_id = order["id"].as_str().unwrap().to_owned();

    // Pay: PROCESSING → LOYALTY_CALCULATION → SUCCESS, and exactly one charge of the total.
    let pay = h
        .post(&format!("/orders/{order_id}/payments"))
        .token(&token)
        .json(json!({ "email": "ivan@example.ru", "paymentCardId": mir_id }))
        .send()
        .await;
    assert_eq!(pay.status, 200, "{}", pay.text);
    assert_shape(&pay.json, SEED_DEFERRED);
    let payment = pay.json["deferredId"].as_str().unwrap().to_owned();
    assert_eq!(
        h.get(&status_path(&payment))
            .token(&token)
            .send()
            .await
            .json["status"],
        "PROCESSING"
    );
    h.advance(DELAY_S);
    assert_eq!(
        h.get(&status_path(&payment))
            .token(&token)
            .send()
            .await
            .json["status"],
        "LOYALTY_CALCULATION"
    );
    h.advance(DELAY_S);
    let status = h.get(&status_path(&payment)).token(&token).send().await;
    assert_eq!(
        status.json,
        json!({ "status": "SUCCESS", "errorCode": "", "errorMessage": "" })
    );
    let charges = h.bare(Method::GET, "/sandbox/charges").send().await;
    assert_array_of(&doc, "Charge", &charges.json);
    // Seed 001: the 3-D Secure binding held 1 rouble on the МИР card and gave it back.
    let kinds: Vec<(&str, f64)> = charges
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["amount"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("hold", 1.0), ("release", 1.0), ("payment", 662.45)],
        "{}",
        charges.text
    );
    let charges = h
        .bare(Method::GET, "/sandbox/charges?kind=payment")
        .send()
        .await;
    assert_eq!(charges.json.as_array().unwrap().len(), 1);
    assert_eq!(charges.json[0]["orderId"], order_id.as_str());
    assert_eq!(charges.json[0]["amount"], 662.45);
    assert_eq!(charges.json[0]["paymentCardId"], mir_id.as_str());

    // Paying again: 400 code 30.
    let again = h
        .post(&format!("/orders/{order_id}/payments"))
        .token(&token)
        .json(json!({ "email": "ivan@example.ru", "paymentCardId": mir_id }))
        .send()
        .await;
    again.assert_error(400, 30);
    assert_schema(&doc, "ErrorObject", &again.json);
}

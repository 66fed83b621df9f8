//! Helpers of the merchant-API and POS-API tests: a valid signup body, a merchant registered,
//! verified and activated over HTTP, a store, and a till that sends the POS headers.

#![allow(dead_code)]

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use swip_sandbox::SandboxConfig;
use swip_sandbox::control::CardBehavior;

use crate::common::{Call, Harness, Reply, START_MS, Session};

/// Processing delay in these tests: short enough for a payment (2 stages) to end well inside a
/// fast-food order's 90 s, long enough to observe LOYALTY_CALCULATION.
pub const POS_DELAY_S: u64 = 5;

/// A sandbox for POS journeys.
pub async fn harness() -> Harness {
    Harness::with(SandboxConfig {
        processing_delay: Duration::from_secs(POS_DELAY_S),
        start_time_ms: Some(START_MS),
        seed: Some(11),
        ..SandboxConfig::default()
    })
    .await
}

/// A valid signup body for `username` and `phone`, as the seed's example shapes it.
pub fn signup_body(username: &str, phone: &str) -> Value {
    json!({
        "legalPersons": [ {
            "bankDetails": [ {
                "accountsName": "Main account", "bank": "Sandbox Bank", "bik": "044525225",
                "checkingAccount": "40702810900000000001", "correspondentAccount": "30101810400000000225",
                "default": true, "inn": "7701234567", "mainAccount": "main"
            } ],
            "corporateInformation": {
                "ceoName": "Ivan Petrov", "employeesCount": 12, "inn": "7701234567", "kpp": "770101001",
                "ogrn": "1027700132195", "okpo": "12345678", "okwed": "56.10",
                "registrationDate": "2019-05-13T11:33:42.007Z"
            },
            "customerInformation": {
                "actualAddress": "Moscow, Tverskaya 1", "address": "Moscow, Tverskaya 1",
                "cashboxProvider": "iiko", "cashboxType": "cloud", "email": "office@coffee.example.ru",
                "name": "Coffee LLC", "phone": "+79160000000", "postalAddress": "Moscow, Tverskaya 1"
            },
            "products": [ "coffee" ]
        } ],
        "merchantName": "Corner Coffee",
        "password": "supersecret",
        "phone": phone,
        "username": username
    })
}

/// A registered merchant and its user's session.
#[derive(Debug, Clone)]
pub struct Merchant {
    pub merchant_id: String,
    pub user_id: String,
    pub username: String,
    pub phone: String,
    pub token: String,
    pub person_id: String,
    pub bank_account: String,
}

/// A store of a merchant and a till in it.
#[derive(Debug, Clone)]
pub struct Till {
    pub merchant_id: String,
    pub store_id: String,
    pub token: String,
    pub cash_id: String,
}

impl Harness {
    /// A merchant-API request (`/merchant-api` + `path`), with the token when given.
    pub fn merchant(&self, method: Method, path: &str, token: Option<&str>) -> Call<'_> {
        let call = self.bare(method, &format!("/merchant-api{path}"));
        match token {
            Some(token) => call.token(token),
            None => call,
        }
    }

    /// `POST /merchant-api/merchant-user-signups`.
    pub async fn merchant_signup(&self, body: Value) -> Reply {
        self.merchant(Method::POST, "/merchant-user-signups", None)
            .json(body)
            .send()
            .await
    }

    /// Signs a merchant up and verifies it (status NEW).
    pub async fn verified_merchant(&self, username: &str, phone: &str) -> Merchant {
        let reply = self.merchant_signup(signup_body(username, phone)).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        assert_eq!(reply.json["status"], "VERIFY");
        let merchant_id = reply.json["merchantId"].as_str().unwrap().to_owned();
        let user_id = reply.json["merchantUserId"].as_str().unwrap().to_owned();
        let token = reply.json["token"].as_str().unwrap().to_owned();
        let code = self
            .sandbox
            .merchant_code(&user_id)
            .expect("a code was sent")
            .code;
        let verified = self
            .merchant(Method::POST, "/merchant-user-verifications", None)
            .json(
                json!({ "code": code, "deviceId": "web", "email": username, "mobilePhone": phone }),
            )
            .send()
            .await;
        assert_eq!(
            verified.json,
            json!({ "verified": true }),
            "{}",
            verified.text
        );
        let entities = self
            .merchant(Method::GET, "/legal-entities", Some(&token))
            .send()
            .await;
        assert_eq!(entities.status, 200, "{}", entities.text);
        Merchant {
            merchant_id,
            user_id,
            username: username.to_owned(),
            phone: phone.to_owned(),
            token,
            person_id: entities.json[0]["personId"].as_str().unwrap().to_owned(),
            bank_account: entities.json[0]["bankDetails"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        }
    }

    /// A merchant registered, verified and activated (through the HTTP control).
    pub async fn active_merchant(&self, username: &str, phone: &str) -> Merchant {
        let merchant = self.verified_merchant(username, phone).await;
        let reply = self
            .bare(
                Method::POST,
                &format!("/sandbox/merchants/{}/activate", merchant.merchant_id),
            )
            .send()
            .await;
        assert_eq!(reply.json, json!({ "status": "ACTIVE" }), "{}", reply.text);
        merchant
    }

    /// Opens a store with these extra fields; answers a till of it (credentials from the control).
    pub async fn open_store(&self, merchant: &Merchant, extra: Value) -> Till {
        let mut body =
            json!({ "name": "Corner Coffee, Arbat", "bankAccount": merchant.bank_account });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let reply = self
            .merchant(Method::POST, "/stores", Some(&merchant.token))
            .json(body)
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let store_id = reply.json["merchantStoreId"].as_str().unwrap().to_owned();
        let credentials = self
            .bare(
                Method::GET,
                &format!("/sandbox/stores/{store_id}/pos-credentials"),
            )
            .send()
            .await;
        assert_eq!(credentials.status, 200, "{}", credentials.text);
        assert_eq!(
            credentials.json["merchantId"],
            merchant.merchant_id.as_str()
        );
        Till {
            merchant_id: merchant.merchant_id.clone(),
            store_id,
            token: credentials.json["token"].as_str().unwrap().to_owned(),
            cash_id: "1".to_owned(),
        }
    }

    /// Starts the demo campaigns through the HTTP control: 5% cashback for all, 10% off for new
    /// customers.
    pub async fn demo_campaigns(&self, merchant_id: &str) {
        for body in [
            json!({ "campaignId": "cashback-5", "kind": "cashback", "percent": 5 }),
            json!({ "campaignId": "welcome-10", "kind": "discount", "percent": 10, "audience": "new_customers" }),
        ] {
            let reply = self
                .bare(
                    Method::POST,
                    &format!("/sandbox/merchants/{merchant_id}/campaigns"),
                )
                .json(body)
                .send()
                .await;
            assert_eq!(reply.status, 200, "{}", reply.text);
        }
    }

    /// A POS request from `till` with every header.
    pub fn pos(&self, till: &Till, method: Method, path: &str) -> Call<'_> {
        self.bare(method, &format!("/pos-api{path}"))
            .header("Api-Version", "2")
            .header("Authorization", &format!("Bearer {}", till.token))
            .header("X-Merchant-ID", &till.merchant_id)
            .header("X-Store-ID", &till.store_id)
            .header("X-Cash-ID", &till.cash_id)
    }

    /// `POST /pos-api/orders`, expecting 200.
    pub async fn create_pos_order(&self, till: &Till, body: Value) -> Value {
        let reply = self
            .pos(till, Method::POST, "/orders")
            .json(body)
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json
    }

    /// `GET /pos-api/orders/{id}`, expecting 200.
    pub async fn pos_order(&self, till: &Till, id: &str) -> Value {
        let reply = self
            .pos(till, Method::GET, &format!("/orders/{id}"))
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json
    }

    /// `POST /pos-api/orders/{id}/{action}` with a JSON body.
    pub async fn pos_action(&self, till: &Till, id: &str, action: &str, body: Value) -> Reply {
        self.pos(till, Method::POST, &format!("/orders/{id}/{action}"))
            .json(body)
            .send()
            .await
    }

    /// `GET /ext/pos-orders?sessionCode=…` as `user`.
    pub async fn find_pos_order(&self, user: &Session, session_code: &str) -> Reply {
        self.get(&format!("/ext/pos-orders?sessionCode={session_code}"))
            .token(&user.token)
            .send()
            .await
    }

    /// `POST /ext/pos-orders/{id}/payments` as `user`.
    pub async fn pay_pos_order(
        &self,
        user: &Session,
        id: &str,
        card: &str,
        key: Option<&str>,
    ) -> Reply {
        let mut call = self
            .post(&format!("/ext/pos-orders/{id}/payments"))
            .token(&user.token)
            .json(json!({ "email": "ivan@example.ru", "paymentCardId": card }));
        if let Some(key) = key {
            call = call.header("Idempotency-Key", key);
        }
        call.send().await
    }

    /// A user with a bound card of `behavior`.
    pub async fn customer(&self, phone: &str, behavior: CardBehavior) -> (Session, String) {
        let user = self.register(phone, "phone-1").await;
        let card = self.bind(&user, behavior).await;
        (user, card)
    }

    /// Pays `id` in the app and lets the payment end; answers the deferred id.
    pub async fn pay_and_settle(&self, user: &Session, id: &str, card: &str) -> String {
        let reply = self.pay_pos_order(user, id, card, None).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let deferred = reply.json["deferredId"].as_str().unwrap().to_owned();
        self.advance(2 * POS_DELAY_S);
        assert_eq!(self.status(user, &deferred).await["status"], "SUCCESS");
        deferred
    }

    /// `GET /sandbox/pos-ledger`.
    pub async fn ledger(&self) -> Vec<Value> {
        let reply = self.bare(Method::GET, "/sandbox/pos-ledger").send().await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json.as_array().unwrap().clone()
    }
}

/// An order of 2 cappuccinos (2 × 250) and a cheesecake (320): 820 before the till's discount of
/// 20, 800 after.
pub fn coffee_order(merchant_order_id: &str) -> Value {
    json!({
        "merchantOrderId": merchant_order_id,
        "merchantOrderNumber": "1029",
        "merchantCashier": "Anna",
        "merchantCashierId": "7",
        "saleDate": START_MS,
        "total": 800,
        "totalOriginal": 820,
        "sessionCode": "",
        "purchases": [
            { "id": "1", "name": "Cappuccino", "productId": "cappuccino", "quantity": 2, "unit": "pcs", "price": 250, "amount": 500 },
            { "id": "2", "name": "Cheesecake", "parentId": null, "productId": "cheesecake", "quantity": 1, "price": 320, "amount": 320 }
        ]
    })
}

/// A one-line order of `amount` roubles.
pub fn simple_order(merchant_order_id: &str, amount: f64) -> Value {
    json!({
        "merchantOrderId": merchant_order_id,
        "merchantCashier": "Anna",
        "saleDate": START_MS,
        "total": amount,
        "totalOriginal": amount,
        "purchases": [ { "name": "Lunch", "quantity": 1, "price": amount, "amount": amount } ]
    })
}

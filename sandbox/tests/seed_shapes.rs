//! The sandbox's own answers against the seeds' example bodies (the golden files under
//! `protocol/tests/fixtures/`), as raw JSON, in both wire styles: every key of the seed's example
//! is present in the style `nulls` (it may be left out in `omit` only when it would be `null`),
//! and no key has another JSON type than the example's (`null` allowed). Keys the seed does not
//! show are extensions and allowed.

mod common;
mod merchant_common;

use common::{DELAY_S, Harness, PIN};
use reqwest::Method;
use serde_json::{Value, json};
use swip_sandbox::WireStyle;
use swip_sandbox::control::{CardBehavior, ThreeDsOutcome};

/// A golden file of the seeds.
fn fixture(path: &str) -> Value {
    let file = format!(
        "{}/../protocol/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The JSON type of a value, numbers all one type (the seeds write `0` for amounts).
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What differs between `actual` and the seed's `example` at `at`.
fn shape_problems(
    actual: &Value,
    example: &Value,
    style: WireStyle,
    at: &str,
    problems: &mut Vec<String>,
) {
    match (actual, example) {
        (_, Value::Null) | (Value::Null, _) => {}
        (Value::Object(actual), Value::Object(example)) => {
            for (key, expected) in example {
                match actual.get(key) {
                    Some(value) => {
                        shape_problems(value, expected, style, &format!("{at}.{key}"), problems)
                    }
                    None if style == WireStyle::Omit => {}
                    None => problems.push(format!("{at}.{key}: missing (the seed has it)")),
                }
            }
        }
        (Value::Array(actual), Value::Array(example)) => {
            if let Some(first) = example.first() {
                for (index, item) in actual.iter().enumerate() {
                    shape_problems(item, first, style, &format!("{at}[{index}]"), problems);
                }
            }
        }
        (actual, example) if json_type(actual) == json_type(example) => {}
        (actual, example) => problems.push(format!(
            "{at}: {} {actual} where the seed has {} {example}",
            json_type(actual),
            json_type(example)
        )),
    }
}

/// Asserts the answer's raw JSON has the shape of the seed's example `path`.
#[track_caller]
fn assert_seed_shape(style: WireStyle, actual: &Value, path: &str) {
    let mut problems = Vec::new();
    shape_problems(actual, &fixture(path), style, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{style}: {path}: {problems:#?}\nactual: {actual}"
    );
}

/// Asserts an error object as the style writes it when no field is in error.
#[track_caller]
fn assert_bare_error(style: WireStyle, error: &Value, example: &str) {
    assert_seed_shape(style, error, example);
    match style {
        WireStyle::Nulls => assert_eq!(error["fieldErrors"], Value::Null, "{error}"),
        WireStyle::Omit => assert!(error.get("fieldErrors").is_none(), "{error}"),
    }
    assert!(error["code"].is_u64() && error["description"].is_string());
}

/// A sandbox answering in `style`, with the test defaults.
async fn harness(style: WireStyle) -> Harness {
    let h = Harness::start().await;
    h.sandbox.set_wire_style(style);
    h
}

#[tokio::test]
async fn in_app_answers_have_the_shapes_of_seed_001() {
    for style in WireStyle::ALL {
        let h = harness(style).await;
        let phone = "79161234567";
        let inapp = |name: &str| format!("001_inapp/{name}");

        // Signup, a wrong SMS code (the generic error object), the right one, the PIN.
        let signup = h
            .post("/v2/signups")
            .json(json!({ "phone": phone }))
            .send()
            .await;
        assert_eq!(signup.status, 200, "{}", signup.text);
        assert_seed_shape(style, &signup.json, &inapp("post_v2_signups.response.json"));
        match style {
            WireStyle::Nulls => assert_eq!(signup.json["refreshToken"], Value::Null),
            WireStyle::Omit => assert!(signup.json.get("refreshToken").is_none()),
        }
        let signup_token = signup.json["token"].as_str().unwrap().to_owned();
        let code = h.sms_code(phone);
        let wrong = if code == "0000" { "1111" } else { "0000" };
        let refused = h
            .post("/v2/signup-verifications")
            .token(&signup_token)
            .json(json!({ "code": wrong }))
            .send()
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (400, 14),
            "{}",
            refused.text
        );
        assert_bare_error(style, &refused.json, &inapp("error.response.json"));
        let verified = h
            .post("/v2/signup-verifications")
            .token(&signup_token)
            .json(json!({ "code": code }))
            .send()
            .await;
        assert_seed_shape(
            style,
            &verified.json,
            &inapp("post_v2_signup-verifications.response.json"),
        );
        let pin = h
            .put("/v2/signups")
            .token(&signup_token)
            .json(json!({ "deviceId": "device-1", "password": PIN }))
            .send()
            .await;
        assert_eq!(pin.status, 200, "{}", pin.text);
        assert_seed_shape(style, &pin.json, &inapp("put_v2_signups.response.json"));

        // Log in, refresh, and join from a second device.
        let auth = h
            .post("/auth")
            .json(json!({ "deviceId": "device-1", "password": PIN, "username": phone }))
            .send()
            .await;
        assert_eq!(auth.status, 200, "{}", auth.text);
        assert_seed_shape(style, &auth.json, &inapp("post_auth.response.json"));
        let token = auth.json["token"].as_str().unwrap().to_owned();
        let refreshed = h
            .put("/auth")
            .token(auth.json["refreshToken"].as_str().unwrap())
            .send()
            .await;
        assert_eq!(refreshed.status, 200, "{}", refreshed.text);
        assert_seed_shape(style, &refreshed.json, &inapp("put_auth.response.json"));
        h.advance(61); // the SMS limit
        let again = h.start_signup(phone).await;
        let known = h
            .post("/v2/signup-verifications")
            .token(&again)
            .json(json!({ "code": h.sms_code(phone) }))
            .send()
            .await;
        assert_eq!(known.json["new"], false, "{}", known.text);
        let joined = h
            .post("/v2/signup-devices")
            .token(&again)
            .json(json!({ "deviceId": "device-2", "password": PIN }))
            .send()
            .await;
        assert_eq!(joined.status, 200, "{}", joined.text);
        assert_seed_shape(
            style,
            &joined.json,
            &inapp("post_v2_signup-devices.response.json"),
        );

        // Bind a card with 3-D Secure: deferred id, status, the 3-D Secure page, the list.
        let card = h.sandbox.test_card(CardBehavior::ThreeDs);
        let bind = h
            .post("/payment-cards")
            .token(&token)
            .json(json!({ "addAsDefault": true, "holder": "IVAN PETROV", "cryptogram": h.cryptogram(&card) }))
            .send()
            .await;
        assert_eq!(bind.status, 200, "{}", bind.text);
        assert_seed_shape(
            style,
            &bind.json,
            &inapp("post_payment-cards.response.json"),
        );
        let binding = bind.json["deferredId"].as_str().unwrap().to_owned();
        let status = h.status_reply(&token, &binding).await;
        assert_seed_shape(
            style,
            &status,
            &inapp("get_deferred-results_id_status.binding.response.json"),
        );
        h.advance(DELAY_S);
        let page = h
            .get(&format!(
                "/deferred-results/{binding}/binding-payment-card-3ds-result"
            ))
            .token(&token)
            .send()
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert_seed_shape(
            style,
            &page.json,
            &inapp("get_deferred-results_id_binding-payment-card-3ds-result.response.json"),
        );
        h.sandbox
            .complete_3ds(&binding, ThreeDsOutcome::Pass)
            .unwrap();
        h.advance(DELAY_S);
        assert_eq!(h.status_reply(&token, &binding).await["status"], "SUCCESS");
        let cards = h.get("/payment-cards").token(&token).send().await;
        assert_eq!(
            cards.json.as_array().map(Vec::len),
            Some(1),
            "{}",
            cards.text
        );
        assert_seed_shape(
            style,
            &cards.json,
            &inapp("get_payment-cards.response.json"),
        );
        let card_id = cards.json[0]["id"].as_str().unwrap().to_owned();

        // An order and its payment.
        let order = h
            .post("/inapp-orders")
            .token(&token)
            .json(json!({
                "merchantId": "swip-coffee",
                "merchantStoreId": "swip-coffee-tverskaya",
                "purchases": [ { "productId": "cappuccino", "quantity": 2 } ]
            }))
            .send()
            .await;
        assert_eq!(order.status, 200, "{}", order.text);
        assert_seed_shape(
            style,
            &order.json,
            &inapp("post_inapp-orders.response.json"),
        );
        let order_id = order.json["id"].as_str().unwrap().to_owned();
        let pay = h
            .post(&format!("/orders/{order_id}/payments"))
            .token(&token)
            .json(json!({ "email": "ivan@example.ru", "paymentCardId": card_id }))
            .send()
            .await;
        assert_eq!(pay.status, 200, "{}", pay.text);
        assert_seed_shape(
            style,
            &pay.json,
            &inapp("post_orders_id_payments.response.json"),
        );
        let payment = pay.json["deferredId"].as_str().unwrap().to_owned();
        h.advance(2 * DELAY_S);
        let paid = h.status_reply(&token, &payment).await;
        assert_eq!(paid["status"], "SUCCESS");
        assert_seed_shape(
            style,
            &paid,
            &inapp("get_deferred-results_id_status.payment.response.json"),
        );

        // An unknown path answers the error object too.
        let missing = h.get("/no-such-endpoint").token(&token).send().await;
        assert_eq!(missing.status, 404);
        assert_bare_error(style, &missing.json, &inapp("error.response.json"));
    }
}

#[tokio::test]
async fn validation_errors_keep_their_field_errors_in_both_styles() {
    for style in WireStyle::ALL {
        let h = harness(style).await;
        let reply = h
            .post("/v2/signups")
            .json(json!({ "phone": "12" }))
            .send()
            .await;
        reply.assert_fields(&["phone"]);
        assert_seed_shape(style, &reply.json, "001_inapp/error.response.json");
    }
}

#[tokio::test]
async fn the_style_is_switched_by_the_qa_control_and_read_back() {
    let h = Harness::start().await;
    let read = h.bare(Method::GET, "/sandbox/wire-style").send().await;
    assert_eq!(read.json, json!({ "style": "nulls" }), "the default");
    let set = h
        .bare(Method::PUT, "/sandbox/wire-style")
        .json(json!({ "style": "omit" }))
        .send()
        .await;
    assert_eq!(set.json, json!({ "style": "omit" }), "{}", set.text);
    assert_eq!(h.sandbox.wire_style(), WireStyle::Omit);
    let error = h.get("/payment-cards").send().await;
    assert_eq!(error.status, 401);
    assert!(error.json.get("fieldErrors").is_none(), "{}", error.text);
    let bad = h
        .bare(Method::PUT, "/sandbox/wire-style")
        .json(json!({ "style": "spring" }))
        .send()
        .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert_eq!(h.sandbox.wire_style(), WireStyle::Omit, "unchanged");
}

#[tokio::test]
async fn merchant_answers_have_the_shapes_of_seed_002() {
    for style in WireStyle::ALL {
        let h = merchant_common::harness().await;
        h.sandbox.set_wire_style(style);
        let merchant_fixture = |name: &str| format!("002_merchant/{name}");
        let signup = h
            .merchant_signup(merchant_common::signup_body(
                "shop@example.ru",
                "+79161112233",
            ))
            .await;
        assert_eq!(signup.status, 201, "{}", signup.text);
        assert_seed_shape(
            style,
            &signup.json,
            &merchant_fixture("post_merchant-user-signups.response.json"),
        );
        let merchant = h.active_merchant("owner@example.ru", "+79161112244").await;
        let token = merchant.token.clone();
        let status = h
            .merchant(
                Method::GET,
                &format!("/merchants/{}/status", merchant.merchant_id),
                Some(&token),
            )
            .send()
            .await;
        assert_eq!(status.status, 200, "{}", status.text);
        assert_seed_shape(
            style,
            &status.json,
            &merchant_fixture("get_merchants_id_status.response.json"),
        );
        let unknown = h
            .merchant(Method::GET, "/merchants/ZZZZ/status", Some(&token))
            .send()
            .await;
        assert!(unknown.status >= 400, "{}", unknown.text);
        assert_bare_error(
            style,
            &unknown.json,
            &merchant_fixture("get_merchants_id_status.error.response.json"),
        );
        let entities = h
            .merchant(Method::GET, "/legal-entities", Some(&token))
            .send()
            .await;
        assert_eq!(entities.status, 200, "{}", entities.text);
        assert_seed_shape(
            style,
            &entities.json,
            &merchant_fixture("get_legal-entities.response.json"),
        );
        h.open_store(&merchant, json!({})).await;
        let stores = h
            .merchant(Method::GET, "/stores", Some(&token))
            .send()
            .await;
        assert_eq!(stores.status, 200, "{}", stores.text);
        assert_seed_shape(
            style,
            &stores.json,
            &merchant_fixture("get_stores.response.json"),
        );
    }
}

#[test]
fn the_shape_check_reports_a_missing_key_and_another_type() {
    let example = json!({ "id": "s", "blocked": false, "lines": [ { "total": 0 } ], "note": null });
    let mut problems = Vec::new();
    let actual = json!({ "blocked": "no", "lines": [ { "total": "1" } ], "note": 5, "extra": 1 });
    shape_problems(&actual, &example, WireStyle::Nulls, "$", &mut problems);
    assert_eq!(
        problems,
        [
            "$.blocked: string \"no\" where the seed has boolean false",
            "$.id: missing (the seed has it)",
            "$.lines[0].total: string \"1\" where the seed has number 0",
        ]
    );
    let mut omitted = Vec::new();
    let sparse = json!({ "blocked": null, "lines": [] });
    shape_problems(&sparse, &example, WireStyle::Omit, "$", &mut omitted);
    assert!(omitted.is_empty(), "{omitted:?}");
}

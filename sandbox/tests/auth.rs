//! Signup, SMS, verification, PIN setup, login, PIN attempts and lock, tokens and their scopes,
//! transport errors (Api-Version, malformed JSON, 404, 405).

mod common;

use common::{Harness, PIN};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn transport_errors_are_error_objects() {
    let h = Harness::start().await;
    // Wrong method on a known path: 405 code 7.
    for (method, path) in [
        (Method::DELETE, "/auth"),
        (Method::GET, "/v2/signups"),
        (Method::PUT, "/payment-cards"),
    ] {
        let reply = h.call(method, path).send().await;
        reply.assert_error(405, 7);
    }
    // Unknown path: 404 code 9.
    h.get("/v3/nothing").send().await.assert_error(404, 9);
    // Api-Version missing or wrong: 400 code 5 on the header.
    let reply = h
        .bare(Method::POST, "/v2/signups")
        .json(json!({ "phone": "79160000000" }))
        .send()
        .await;
    reply.assert_fields(&["Api-Version"]);
    let reply = h
        .bare(Method::POST, "/v2/signups")
        .header("Api-Version", "1")
        .json(json!({ "phone": "79160000000" }))
        .send()
        .await;
    reply.assert_fields(&["Api-Version"]);
    // Malformed JSON, a non-object, an empty body: 400 code 5, never a plain-text rejection.
    for body in ["{\"phone\":", "[1,2]", "", "null"] {
        let reply = h
            .post("/v2/signups")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await;
        reply.assert_fields(&["body"]);
    }
    // No content type at all is accepted when the body is JSON.
    let reply = h
        .post("/v2/signups")
        .body(r#"{"phone":"79160000000"}"#)
        .send()
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // Every answer carries a Date from the sandbox clock.
    assert!(reply.header("date").unwrap().ends_with("GMT"));
}

#[tokio::test]
async fn phone_validation_names_the_field() {
    let h = Harness::start().await;
    for phone in [
        json!("7916000000"),
        json!("791600000000"),
        json!("+7916000000"),
        json!("7916000000a"),
        json!(79160000000_u64),
    ] {
        let reply = h
            .post("/v2/signups")
            .json(json!({ "phone": phone }))
            .send()
            .await;
        reply.assert_fields(&["phone"]);
        assert_eq!(reply.json["fieldErrors"][0]["objectName"], "SignupRequest");
    }
    h.post("/v2/signups")
        .json(json!({}))
        .send()
        .await
        .assert_fields(&["phone"]);
    assert!(h.sandbox.latest_sms("7916000000").is_none());
}

#[tokio::test]
async fn sms_is_limited_to_one_a_minute_and_codes_expire() {
    let h = Harness::start().await;
    let phone = "79161112233";
    let token = h.start_signup(phone).await;
    let first = h.sandbox.latest_sms(phone).unwrap();

    // A second signup or a resend within 60 s: 429 code 22 with Retry-After.
    let again = h
        .post("/v2/signups")
        .json(json!({ "phone": phone }))
        .send()
        .await;
    again.assert_error(429, 22);
    let retry_after: u64 = again.header("retry-after").unwrap().parse().unwrap();
    assert!((59..=60).contains(&retry_after), "{retry_after}");
    let resend = h.post("/sms-messages").token(&token).send().await;
    resend.assert_error(429, 22);
    h.advance(30);
    let resend = h
        .post("/sms-messages")
        .token(&token)
        .json(json!({}))
        .send()
        .await;
    resend.assert_error(429, 22);
    let retry_after: u64 = resend.header("retry-after").unwrap().parse().unwrap();
    assert!((29..=30).contains(&retry_after), "{retry_after}");

    // After the minute: 200, no body; a new SMS.
    h.advance(30);
    let resend = h.post("/sms-messages").token(&token).send().await;
    assert_eq!((resend.status, resend.text.as_str()), (200, ""));
    let second = h.sandbox.latest_sms(phone).unwrap();
    assert!(second.sent_at >= first.sent_at + 60_000);

    // A wrong code: 400 code 14. A malformed one: code 5 on "code".
    let wrong = if second.code == "0000" {
        "1111"
    } else {
        "0000"
    };
    h.post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": wrong }))
        .send()
        .await
        .assert_error(400, 14);
    h.post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": "12345" }))
        .send()
        .await
        .assert_fields(&["code"]);
    h.post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": 1234 }))
        .send()
        .await
        .assert_fields(&["code"]);
    // The first code was replaced by the resend.
    if first.code != second.code {
        h.post("/v2/signup-verifications")
            .token(&token)
            .json(json!({ "code": first.code }))
            .send()
            .await
            .assert_error(400, 14);
    }

    // Five minutes later the code expired: 400 code 12.
    h.advance(301);
    h.post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": second.code }))
        .send()
        .await
        .assert_error(400, 12);
}

#[tokio::test]
async fn verification_and_pin_setup() {
    let h = Harness::start().await;
    let phone = "79162223344";
    let token = h.start_signup(phone).await;

    // PIN setup before verification: 400 code 6.
    let early = h
        .put("/v2/signups")
        .token(&token)
        .json(json!({ "deviceId": "d1", "password": PIN }))
        .send()
        .await;
    early.assert_error(400, 6);

    let code = h.sms_code(phone);
    let verified = h
        .post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": code }))
        .send()
        .await;
    assert_eq!(verified.json, json!({ "new": true }));
    // Repeating it (a lost answer) gives the same answer.
    let verified = h
        .post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": code }))
        .send()
        .await;
    assert_eq!(verified.json, json!({ "new": true }));

    // Every bad field at once.
    let bad = h
        .put("/v2/signups")
        .token(&token)
        .json(json!({ "deviceId": "", "firstName": "R2D2", "lastName": "a".repeat(51), "password": "12345" }))
        .send()
        .await;
    bad.assert_fields(&["deviceId", "firstName", "lastName", "password"]);
    for pin in ["123", "12a4", "١٢٣٤"] {
        h.put("/v2/signups")
            .token(&token)
            .json(json!({ "deviceId": "d1", "password": pin }))
            .send()
            .await
            .assert_fields(&["password"]);
    }
    h.put("/v2/signups")
        .token(&token)
        .json(json!({ "firstName": "Anna" }))
        .send()
        .await
        .assert_fields(&["deviceId", "password"]);

    // Names are optional; Cyrillic and hyphens are fine.
    let ok = h
        .put("/v2/signups")
        .token(&token)
        .json(json!({ "deviceId": "d1", "firstName": "Анна-Мария", "lastName": null, "password": PIN }))
        .send()
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(ok.json["refreshToken"].is_string());

    // The phone has a user now: PIN setup again is a duplicate (8).
    h.put("/v2/signups")
        .token(&token)
        .json(json!({ "deviceId": "d2", "password": PIN }))
        .send()
        .await
        .assert_error(400, 8);
}

#[tokio::test]
async fn tokens_missing_malformed_expired_and_scoped() {
    let h = Harness::start().await;
    let session = h.register("79163334455", "device-1").await;

    // Missing: 401 code 2; malformed: 17; tampered: 17.
    h.get("/payment-cards").send().await.assert_error(401, 2);
    h.get("/payment-cards")
        .token("not.a.jwt")
        .send()
        .await
        .assert_error(401, 17);
    h.get("/payment-cards")
        .token("garbage")
        .send()
        .await
        .assert_error(401, 17);
    let mut tampered = session.token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    h.get("/payment-cards")
        .token(&tampered)
        .send()
        .await
        .assert_error(401, 17);
    // A token signed by another sandbox (another secret): 17.
    let other_sandbox = Harness::with(swip_sandbox::SandboxConfig {
        seed: Some(99),
        ..Default::default()
    })
    .await;
    let stranger = other_sandbox.register("79163334456", "device-1").await;
    h.get("/payment-cards")
        .token(&stranger.token)
        .send()
        .await
        .assert_error(401, 17);

    // Scopes: a signup token only for signup steps, a session token not for PUT /auth, a refresh token only there.
    let signup = h.start_signup("79163334466").await;
    h.get("/payment-cards")
        .token(&signup)
        .send()
        .await
        .assert_error(403, 4);
    h.post("/v2/signup-verifications")
        .token(&session.token)
        .json(json!({ "code": "1234" }))
        .send()
        .await
        .assert_error(403, 4);
    h.put("/auth")
        .token(&session.token)
        .send()
        .await
        .assert_error(403, 4);
    h.get("/payment-cards")
        .token(&session.refresh)
        .send()
        .await
        .assert_error(403, 4);

    // The token lives one hour on the sandbox clock: 16 after that.
    assert_eq!(
        h.get("/payment-cards")
            .token(&session.token)
            .send()
            .await
            .status,
        200
    );
    h.advance(3599);
    assert_eq!(
        h.get("/payment-cards")
            .token(&session.token)
            .send()
            .await
            .status,
        200
    );
    h.advance(2);
    h.get("/payment-cards")
        .token(&session.token)
        .send()
        .await
        .assert_error(401, 16);

    // The refresh token still works; the old refresh token stays valid after a refresh.
    let refreshed = h.put("/auth").token(&session.refresh).send().await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);
    let new_token = refreshed.json["token"].as_str().unwrap();
    assert_eq!(
        h.get("/payment-cards").token(new_token).send().await.status,
        200
    );
    assert_eq!(
        h.put("/auth").token(&session.refresh).send().await.status,
        200
    );
    // After 30 days the refresh token expired too.
    h.advance(30 * 24 * 3600);
    h.put("/auth")
        .token(&session.refresh)
        .send()
        .await
        .assert_error(401, 16);

    // After a reset the user is gone: 401 code 2.
    let fresh = h.register("79163334477", "device-1").await;
    h.sandbox.reset();
    h.get("/payment-cards")
        .token(&fresh.token)
        .send()
        .await
        .assert_error(401, 2);
}

#[tokio::test]
async fn a_new_signup_replaces_the_old_signup_token() {
    let h = Harness::start().await;
    let phone = "79164445566";
    let old = h.start_signup(phone).await;
    h.advance(61);
    let _new = h.start_signup(phone).await;
    let code = h.sms_code(phone);
    h.post("/v2/signup-verifications")
        .token(&old)
        .json(json!({ "code": code }))
        .send()
        .await
        .assert_error(401, 2);
}

#[tokio::test]
async fn login_counts_wrong_pins_and_locks_until_sms_verification() {
    let h = Harness::start().await;
    let user = h.register("79165556677", "phone-a").await;
    let login = |device: &'static str, pin: &'static str| {
        h.post("/auth")
            .json(json!({ "deviceId": device, "password": pin, "username": "79165556677" }))
            .send()
    };

    // Validation first.
    let bad = h
        .post("/auth")
        .json(json!({ "deviceId": "", "password": "123", "username": "7916" }))
        .send()
        .await;
    bad.assert_fields(&["deviceId", "password", "username"]);
    // Unknown phone: 404 code 9.
    h.post("/auth")
        .json(json!({ "deviceId": "x", "password": PIN, "username": "79990000000" }))
        .send()
        .await
        .assert_error(404, 9);

    // The right PIN on the registered device.
    let ok = login("phone-a", PIN).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json["deviceRegistrationRequired"], false);
    assert!(!ok.json["token"].as_str().unwrap().is_empty());

    // An unregistered device: 200, deviceRegistrationRequired, no token.
    let other = login("phone-b", PIN).await;
    assert_eq!(other.status, 200);
    assert_eq!(other.json["deviceRegistrationRequired"], true);
    assert_eq!(other.json["token"], "");
    assert!(other.json["refreshToken"].is_null());

    // Wrong PINs: 401 code 14, attempts left 4..0, then locked: 403 code 4, even with the right PIN.
    for left in (0..5).rev() {
        let wrong = login("phone-a", "0000").await;
        wrong.assert_error(401, 14);
        assert_eq!(wrong.header("x-attempts-left").unwrap(), left.to_string());
    }
    let locked = login("phone-a", PIN).await;
    locked.assert_error(403, 4);
    assert_eq!(locked.header("x-attempts-left").unwrap(), "0");
    // Refresh is refused while locked too.
    h.put("/auth")
        .token(&user.refresh)
        .send()
        .await
        .assert_error(403, 4);

    // Verify the phone again by SMS: new = false, the lock is lifted.
    h.advance(61);
    let signup = h.start_signup("79165556677").await;
    let code = h.sms_code("79165556677");
    let verified = h
        .post("/v2/signup-verifications")
        .token(&signup)
        .json(json!({ "code": code }))
        .send()
        .await;
    assert_eq!(verified.json, json!({ "new": false }));

    // The new device joins with the PIN (a wrong one counts), then logs in.
    let wrong = h
        .post("/v2/signup-devices")
        .token(&signup)
        .json(json!({ "deviceId": "phone-b", "password": "0000" }))
        .send()
        .await;
    wrong.assert_error(401, 14);
    assert_eq!(wrong.header("x-attempts-left").unwrap(), "4");
    h.post("/v2/signup-devices")
        .token(&signup)
        .json(json!({ "deviceId": "phone-b", "password": "1" }))
        .send()
        .await
        .assert_fields(&["password"]);
    let joined = h
        .post("/v2/signup-devices")
        .token(&signup)
        .json(json!({ "deviceId": "phone-b", "password": PIN }))
        .send()
        .await;
    assert_eq!(joined.status, 200, "{}", joined.text);
    assert!(joined.json["refreshToken"].is_string());
    assert_eq!(
        h.get("/payment-cards")
            .token(joined.json["token"].as_str().unwrap())
            .send()
            .await
            .status,
        200
    );
    let ok = login("phone-b", PIN).await;
    assert_eq!(
        (ok.status, ok.json["deviceRegistrationRequired"].as_bool()),
        (200, Some(false))
    );
    // The wrong PIN before did not stick: a success resets the count.
    let wrong = login("phone-b", "0000").await;
    assert_eq!(wrong.header("x-attempts-left").unwrap(), "4");
}

#[tokio::test]
async fn signup_devices_needs_a_known_verified_phone() {
    let h = Harness::start().await;
    let phone = "79166667788";
    let token = h.start_signup(phone).await;
    // Not verified yet: 400 code 6.
    h.post("/v2/signup-devices")
        .token(&token)
        .json(json!({ "deviceId": "d", "password": PIN }))
        .send()
        .await
        .assert_error(400, 6);
    let code = h.sms_code(phone);
    h.post("/v2/signup-verifications")
        .token(&token)
        .json(json!({ "code": code }))
        .send()
        .await;
    // Verified, but no user has this phone: 404 code 9.
    h.post("/v2/signup-devices")
        .token(&token)
        .json(json!({ "deviceId": "d", "password": PIN }))
        .send()
        .await
        .assert_error(404, 9);
    // No token: 401 code 2.
    h.post("/v2/signup-devices")
        .json(json!({ "deviceId": "d", "password": PIN }))
        .send()
        .await
        .assert_error(401, 2);
    h.post("/sms-messages").send().await.assert_error(401, 2);
}

//! The merchant registration API under `/merchant-api` (seed 002): signup, SMS verification and
//! resend, status VERIFY → NEW → ACTIVE, login, legal entities and bank details, stores, and
//! every field rule of the signup (table-driven). Real HTTP, the sandbox clock, no sleeps.

mod common;
mod merchant_common;

use common::Harness;
use common::schema::{assert_array_of, assert_schema, document};
use merchant_common::signup_body;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn a_merchant_registers_verifies_is_activated_and_logs_in() {
    let h = Harness::start().await;
    let doc = document();
    let signup = h
        .merchant_signup(signup_body("owner@coffee.example.ru", "79161234567"))
        .await;
    assert_eq!(signup.status, 201, "{}", signup.text);
    assert_schema(&doc, "MerchantSignupResponse", &signup.json);
    let merchant_id = signup.json["merchantId"].as_str().unwrap().to_owned();
    assert!(merchant_id.len() == 4 && merchant_id.bytes().all(|b| b.is_ascii_uppercase()));
    assert_eq!(signup.json["status"], "VERIFY");
    let token = signup.json["token"].as_str().unwrap().to_owned();
    let user_id = signup.json["merchantUserId"].as_str().unwrap().to_owned();
    let status_path = format!("/merchants/{merchant_id}/status");
    let status = |token: String| {
        let h = &h;
        let path = status_path.clone();
        async move { h.merchant(Method::GET, &path, Some(&token)).send().await }
    };
    assert_eq!(
        status(token.clone()).await.json,
        json!({ "status": "VERIFY" })
    );

    // Before verification the merchant's data is closed (403 code 4); status needs a token.
    h.merchant(Method::GET, "/legal-entities", Some(&token))
        .send()
        .await
        .assert_error(403, 4);
    h.merchant(Method::GET, &status_path, None)
        .send()
        .await
        .assert_error(401, 2);

    // The code is readable through the control, by id, username or phone.
    let code = h.sandbox.merchant_code(&user_id).unwrap();
    assert_eq!(code.code.len(), 6);
    for query in [
        format!("merchantUserId={user_id}"),
        "username=owner@coffee.example.ru".to_owned(),
        "phone=89161234567".to_owned(),
    ] {
        let reply = h
            .bare(Method::GET, &format!("/sandbox/merchant-codes?{query}"))
            .send()
            .await;
        assert_eq!(reply.json["code"], code.code.as_str(), "{query}");
        assert_schema(&doc, "MerchantCode", &reply.json);
    }
    let wrong = if code.code == "111111" {
        "222222"
    } else {
        "111111"
    };
    let verify = |code: &str, email: &str, phone: &str| {
        h.merchant(Method::POST, "/merchant-user-verifications", None)
            .json(json!({ "code": code, "deviceId": "web", "email": email, "mobilePhone": phone }))
            .send()
    };
    let reply = verify(wrong, "owner@coffee.example.ru", "79161234567").await;
    reply.assert_error(404, 9);
    assert!(
        reply.json["description"]
            .as_str()
            .unwrap()
            .contains(&format!("Sms code[{wrong}] not found"))
    );
    verify(&code.code, "owner@coffee.example.ru", "79160000000")
        .await
        .assert_error(400, 14);
    verify(&code.code, "nobody@coffee.example.ru", "79161234567")
        .await
        .assert_error(404, 9);
    verify(&code.code, "x", "123")
        .await
        .assert_fields(&["email", "mobilePhone"]);
    // Any of the documented phone forms names the same phone.
    let ok = verify(&code.code, "OWNER@coffee.example.ru", "+79161234567").await;
    assert_eq!(ok.json, json!({ "verified": true }), "{}", ok.text);
    assert_eq!(
        verify(&code.code, "owner@coffee.example.ru", "89161234567")
            .await
            .json,
        json!({ "verified": true })
    );
    assert_eq!(status(token.clone()).await.json, json!({ "status": "NEW" }));
    // Verified: no resend.
    h.merchant(Method::PUT, "/merchant-user-verifications", None)
        .json(json!({ "merchantUserId": user_id }))
        .send()
        .await
        .assert_error(400, 6);

    // SWiP's review is a control; a merchant in VERIFY cannot be activated, an unknown one is 404.
    let other = h
        .merchant_signup(signup_body("second@coffee.example.ru", "79161234568"))
        .await;
    let other_id = other.json["merchantId"].as_str().unwrap();
    h.bare(
        Method::POST,
        &format!("/sandbox/merchants/{other_id}/activate"),
    )
    .send()
    .await
    .assert_error(400, 6);
    h.bare(Method::POST, "/sandbox/merchants/ZZZZ/activate")
        .send()
        .await
        .assert_error(404, 9);
    assert_eq!(
        h.sandbox.activate_merchant(&merchant_id).unwrap().as_str(),
        "ACTIVE"
    );
    let activated = h
        .bare(
            Method::POST,
            &format!("/sandbox/merchants/{merchant_id}/activate"),
        )
        .send()
        .await;
    assert_eq!(activated.json, json!({ "status": "ACTIVE" }));
    assert_eq!(
        status(token.clone()).await.json,
        json!({ "status": "ACTIVE" })
    );
    // Another merchant's status: the seed's "Merchant[…] not found".
    let reply = h
        .merchant(
            Method::GET,
            &format!("/merchants/{other_id}/status"),
            Some(&token),
        )
        .send()
        .await;
    reply.assert_error(404, 9);
    assert!(
        reply.json["description"]
            .as_str()
            .unwrap()
            .contains(&format!("Merchant[{other_id}] not found"))
    );

    // Login: wrong password 401 code 2; right → a token that works.
    let login = |password: &str| {
        h.merchant(Method::POST, "/auth", None)
            .json(json!({ "username": "owner@coffee.example.ru", "password": password }))
            .send()
    };
    login("wrong-password").await.assert_error(401, 2);
    login("").await.assert_fields(&["password"]);
    let logged_in = login("supersecret").await;
    assert_eq!(logged_in.status, 200, "{}", logged_in.text);
    assert_schema(&doc, "MerchantAuthResponse", &logged_in.json);
    let fresh = logged_in.json["token"].as_str().unwrap().to_owned();
    assert_eq!(
        status(fresh.clone()).await.json,
        json!({ "status": "ACTIVE" })
    );
    // The refresh token is not a session token.
    let refresh = logged_in.json["refreshToken"].as_str().unwrap().to_owned();
    status(refresh).await.assert_error(403, 4);

    // The two POST /auth never meet: an app token is refused by the merchant API, a merchant token
    // by the in-app API.
    let app_user = h.register("79170000001", "phone").await;
    status(app_user.token.clone()).await.assert_error(401, 2);
    h.get("/payment-cards")
        .token(&fresh)
        .send()
        .await
        .assert_error(401, 2);
    // Tokens expire after an hour.
    h.advance(3601);
    status(fresh).await.assert_error(401, 16);
}

#[tokio::test]
async fn legal_entities_and_bank_details() {
    let h = Harness::start().await;
    let doc = document();
    let merchant = h
        .verified_merchant("legal@coffee.example.ru", "79161110000")
        .await;
    let list = h
        .merchant(Method::GET, "/legal-entities", Some(&merchant.token))
        .send()
        .await;
    assert_array_of(&doc, "LegalEntity", &list.json);
    let entity = &list.json[0];
    assert_eq!(entity["status"], "NEW");
    assert_eq!(entity["merchantName"], "Corner Coffee");
    assert_eq!(entity["corporateInformation"]["kpp"], "770101001");
    assert_eq!(
        entity["customerInformation"]["actualAddress"],
        "Moscow, Tverskaya 1"
    );
    assert_eq!(entity["products"], json!(["coffee"]));
    let one = h
        .merchant(
            Method::GET,
            &format!("/legal-entities/{}", merchant.person_id),
            Some(&merchant.token),
        )
        .send()
        .await;
    assert_eq!(&one.json, entity);
    let detail = h
        .merchant(
            Method::GET,
            &format!(
                "/legal-entities/{}/bank-details/{}",
                merchant.person_id, merchant.bank_account
            ),
            Some(&merchant.token),
        )
        .send()
        .await;
    assert_schema(&doc, "BankDetails", &detail.json);
    assert_eq!(detail.json, entity["bankDetails"][0]);
    assert_eq!(detail.json["bik"], "044525225");
    // Unknown ids, and another merchant's legal person: 404 code 9.
    let other = h
        .verified_merchant("other@coffee.example.ru", "79161110001")
        .await;
    for path in [
        "/legal-entities/nope".to_owned(),
        format!("/legal-entities/{}/bank-details/nope", merchant.person_id),
        format!("/legal-entities/{}", other.person_id),
        format!(
            "/legal-entities/{}/bank-details/{}",
            other.person_id, other.bank_account
        ),
    ] {
        h.merchant(Method::GET, &path, Some(&merchant.token))
            .send()
            .await
            .assert_error(404, 9);
    }
}

#[tokio::test]
async fn resend_is_limited_and_codes_expire() {
    let h = Harness::start().await;
    let signup = h
        .merchant_signup(signup_body("slow@coffee.example.ru", "79162220000"))
        .await;
    let user_id = signup.json["merchantUserId"].as_str().unwrap().to_owned();
    let first = h.sandbox.merchant_code(&user_id).unwrap();
    let resend = |who: &str| {
        h.merchant(Method::PUT, "/merchant-user-verifications", None)
            .json(json!({ "merchantUserId": who }))
            .send()
    };
    let limited = resend(&user_id).await;
    limited.assert_error(429, 22);
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((59..=60).contains(&retry_after), "{retry_after}");
    resend("nobody").await.assert_error(404, 9);
    resend("").await.assert_fields(&["merchantUserId"]);
    h.advance(60);
    // The seed's example names the user by its e-mail: accepted too.
    let sent = resend("slow@coffee.example.ru").await;
    assert_eq!(sent.json, json!({ "sent": true }), "{}", sent.text);
    let second = h.sandbox.merchant_code(&user_id).unwrap();
    assert!(second.sent_at >= first.sent_at + 60_000);
    let verify = |code: String| {
        h.merchant(Method::POST, "/merchant-user-verifications", None)
            .json(json!({ "code": code, "deviceId": "web", "email": "slow@coffee.example.ru", "mobilePhone": "79162220000" }))
            .send()
    };
    if first.code != second.code {
        verify(first.code.clone()).await.assert_error(404, 9);
    }
    h.advance(301);
    verify(second.code.clone()).await.assert_error(400, 12);
    h.advance(60);
    assert_eq!(resend(&user_id).await.status, 200);
    let third = h.sandbox.merchant_code(&user_id).unwrap();
    assert_eq!(verify(third.code).await.json, json!({ "verified": true }));
}

#[tokio::test]
async fn stores_are_created_listed_updated_and_deleted() {
    let h = Harness::start().await;
    let doc = document();
    let merchant = h
        .active_merchant("stores@coffee.example.ru", "79163330000")
        .await;
    let token = Some(merchant.token.as_str());
    // Validation.
    let create = |body: Value| h.merchant(Method::POST, "/stores", token).json(body).send();
    create(json!({}))
        .await
        .assert_fields(&["name", "bankAccount"]);
    create(
        json!({ "name": "", "bankAccount": merchant.bank_account, "latitude": 91, "longitude": "x",
                   "posMode": "DRIVE_IN", "cancellationPeriodSeconds": -1, "phone": 7 }),
    )
    .await
    .assert_fields(&[
        "name",
        "latitude",
        "longitude",
        "posMode",
        "cancellationPeriodSeconds",
        "phone",
    ]);
    create(json!({ "name": "Arbat", "bankAccount": "not-an-account" }))
        .await
        .assert_fields(&["bankAccount"]);
    // The seed's example body (numbers for coordinates; the POST table's strings work too).
    let created = create(json!({ "name": "Arbat", "bankAccount": merchant.bank_account, "address": "Arbat 10",
                                 "description": "coffee", "latitude": "55.75", "longitude": 37.59, "phone": "+74950000000",
                                 "monFri": "8-22", "satSun": "10-20" }))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_schema(&doc, "StoreIdResponse", &created.json);
    let store_id = created.json["merchantStoreId"].as_str().unwrap().to_owned();
    let list = h.merchant(Method::GET, "/stores", token).send().await;
    assert_array_of(&doc, "MerchantStore", &list.json);
    assert_eq!(list.json[0]["id"], store_id.as_str());
    assert_eq!(list.json[0]["latitude"], 55.75);
    assert_eq!(list.json[0]["posMode"], "FAST_FOOD");
    assert_eq!(list.json[0]["cancellationPeriodSeconds"], 300);
    // Update.
    let updated = h
        .merchant(Method::PUT, &format!("/stores/{store_id}"), token)
        .json(json!({ "name": "Arbat 2", "bankAccount": merchant.bank_account, "posMode": "RESTAURANT" }))
        .send()
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_schema(&doc, "MerchantStore", &updated.json);
    assert_eq!(updated.json["name"], "Arbat 2");
    assert_eq!(updated.json["address"], Value::Null);
    assert_eq!(updated.json["posMode"], "RESTAURANT");
    h.merchant(Method::PUT, "/stores/nope", token)
        .json(json!({ "name": "x", "bankAccount": merchant.bank_account }))
        .send()
        .await
        .assert_error(404, 9);
    // Another merchant cannot touch it.
    let other = h
        .active_merchant("thief@coffee.example.ru", "79163330001")
        .await;
    h.merchant(
        Method::DELETE,
        &format!("/stores/{store_id}"),
        Some(&other.token),
    )
    .send()
    .await
    .assert_error(404, 9);
    // A cashback campaign running there keeps it; a discount campaign does not.
    let campaign = h
        .bare(
            Method::POST,
            &format!("/sandbox/merchants/{}/campaigns", merchant.merchant_id),
        )
        .json(
            json!({ "campaignId": "cb", "kind": "cashback", "percent": 3, "storeIds": [store_id] }),
        )
        .send()
        .await;
    assert_schema(&doc, "MerchantCampaign", &campaign.json);
    h.bare(
        Method::POST,
        &format!("/sandbox/merchants/{}/campaigns", merchant.merchant_id),
    )
    .json(json!({ "campaignId": "off", "kind": "discount", "percent": 7 }))
    .send()
    .await;
    let refused = h
        .merchant(Method::DELETE, &format!("/stores/{store_id}"), token)
        .send()
        .await;
    refused.assert_error(400, 6);
    assert!(refused.json["description"].as_str().unwrap().contains("cb"));
    let ended = h
        .bare(
            Method::DELETE,
            &format!("/sandbox/merchants/{}/campaigns/cb", merchant.merchant_id),
        )
        .send()
        .await;
    assert_eq!(ended.status, 204);
    let credentials = h.sandbox.pos_credentials(&store_id).unwrap();
    let deleted = h
        .merchant(Method::DELETE, &format!("/stores/{store_id}"), token)
        .send()
        .await;
    assert_eq!(
        deleted.json,
        json!({ "merchantStoreId": store_id }),
        "{}",
        deleted.text
    );
    assert_eq!(
        h.merchant(Method::GET, "/stores", token).send().await.json,
        json!([])
    );
    // Its tills' token is gone.
    let till = merchant_common::Till {
        merchant_id: credentials.merchant_id,
        store_id: store_id.clone(),
        token: credentials.token,
        cash_id: "1".into(),
    };
    h.pos(&till, Method::GET, "/orders")
        .send()
        .await
        .assert_error(401, 2);
    assert!(h.sandbox.pos_credentials(&store_id).is_none());
}

#[tokio::test]
async fn a_username_registers_once() {
    let h = Harness::start().await;
    assert_eq!(
        h.merchant_signup(signup_body("once@coffee.example.ru", "79164440000"))
            .await
            .status,
        201
    );
    h.merchant_signup(signup_body("ONCE@coffee.example.ru", "79164440001"))
        .await
        .assert_error(400, 8);
}

/// Sets (or with `None` removes) the value at a JSON pointer.
fn mutate(mut body: Value, pointer: &str, value: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = body.pointer_mut(parent).unwrap();
    match (target, value) {
        (Value::Object(map), Some(value)) => {
            map.insert(key.to_owned(), value);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(items), Some(value)) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("cannot mutate {pointer}"),
    }
    body
}

#[tokio::test]
async fn every_signup_field_rule() {
    let h = Harness::start().await;
    let base = signup_body("rules@coffee.example.ru", "79165550000");
    const P: &str = "/legalPersons/0";
    const B: &str = "/legalPersons/0/bankDetails/0";
    const C: &str = "/legalPersons/0/corporateInformation";
    const U: &str = "/legalPersons/0/customerInformation";
    let long = |n: usize| json!("x".repeat(n));
    // (what is changed, its new value (None: removed), the field error expected)
    let cases: Vec<(String, Option<Value>, &str)> = vec![
        ("/legalPersons".into(), None, "legalPersons"),
        ("/legalPersons".into(), Some(json!([])), "legalPersons"),
        ("/legalPersons".into(), Some(json!("x")), "legalPersons"),
        ("/legalPersons/0".into(), Some(json!(7)), "legalPersons[0]"),
        (
            format!("{P}/bankDetails"),
            Some(json!([])),
            "legalPersons[0].bankDetails",
        ),
        (
            format!("{P}/bankDetails"),
            None,
            "legalPersons[0].bankDetails",
        ),
        (
            format!("{B}/accountsName"),
            Some(json!("")),
            "legalPersons[0].bankDetails[0].accountsName",
        ),
        (
            format!("{B}/accountsName"),
            Some(long(101)),
            "legalPersons[0].bankDetails[0].accountsName",
        ),
        (
            format!("{B}/bank"),
            None,
            "legalPersons[0].bankDetails[0].bank",
        ),
        (
            format!("{B}/bank"),
            Some(long(101)),
            "legalPersons[0].bankDetails[0].bank",
        ),
        (
            format!("{B}/bik"),
            Some(json!("04452522")),
            "legalPersons[0].bankDetails[0].bik",
        ),
        (
            format!("{B}/bik"),
            Some(json!("0445252250")),
            "legalPersons[0].bankDetails[0].bik",
        ),
        (
            format!("{B}/bik"),
            Some(json!("04452522a")),
            "legalPersons[0].bankDetails[0].bik",
        ),
        (
            format!("{B}/bik"),
            Some(json!(44525225)),
            "legalPersons[0].bankDetails[0].bik",
        ),
        (
            format!("{B}/checkingAccount"),
            Some(json!("")),
            "legalPersons[0].bankDetails[0].checkingAccount",
        ),
        (
            format!("{B}/correspondentAccount"),
            Some(long(101)),
            "legalPersons[0].bankDetails[0].correspondentAccount",
        ),
        (
            format!("{B}/default"),
            Some(json!("yes")),
            "legalPersons[0].bankDetails[0].default",
        ),
        (
            format!("{B}/inn"),
            Some(json!("770123456")),
            "legalPersons[0].bankDetails[0].inn",
        ),
        (
            format!("{B}/inn"),
            Some(json!("77012345678")),
            "legalPersons[0].bankDetails[0].inn",
        ),
        (
            format!("{B}/inn"),
            Some(json!("7701234567890")),
            "legalPersons[0].bankDetails[0].inn",
        ),
        (
            format!("{B}/mainAccount"),
            Some(json!("")),
            "legalPersons[0].bankDetails[0].mainAccount",
        ),
        (C.into(), None, "legalPersons[0].corporateInformation"),
        (
            C.into(),
            Some(json!("x")),
            "legalPersons[0].corporateInformation",
        ),
        (
            C.into(),
            Some(json!([])),
            "legalPersons[0].corporateInformation",
        ),
        (
            format!("{C}/ceoName"),
            Some(json!("")),
            "legalPersons[0].corporateInformation.ceoName",
        ),
        (
            format!("{C}/ceoName"),
            Some(long(101)),
            "legalPersons[0].corporateInformation.ceoName",
        ),
        (
            format!("{C}/employeesCount"),
            Some(json!(-1)),
            "legalPersons[0].corporateInformation.employeesCount",
        ),
        (
            format!("{C}/employeesCount"),
            Some(json!("12")),
            "legalPersons[0].corporateInformation.employeesCount",
        ),
        (
            format!("{C}/employeesCount"),
            Some(json!(1.5)),
            "legalPersons[0].corporateInformation.employeesCount",
        ),
        (
            format!("{C}/inn"),
            Some(json!("123")),
            "legalPersons[0].corporateInformation.inn",
        ),
        (
            format!("{C}/kpp"),
            Some(json!("77010100")),
            "legalPersons[0].corporateInformation.kpp",
        ),
        (
            format!("{C}/kpp"),
            Some(json!("7701010011")),
            "legalPersons[0].corporateInformation.kpp",
        ),
        (
            format!("{C}/ogrn"),
            Some(json!("102770013219")),
            "legalPersons[0].corporateInformation.ogrn",
        ),
        (
            format!("{C}/ogrn"),
            Some(json!("10277001321955")),
            "legalPersons[0].corporateInformation.ogrn",
        ),
        (
            format!("{C}/okpo"),
            Some(json!("1234567")),
            "legalPersons[0].corporateInformation.okpo",
        ),
        (
            format!("{C}/okpo"),
            Some(json!("123456789")),
            "legalPersons[0].corporateInformation.okpo",
        ),
        (
            format!("{C}/okpo"),
            Some(json!("12345678901")),
            "legalPersons[0].corporateInformation.okpo",
        ),
        (
            format!("{C}/okwed"),
            Some(json!("")),
            "legalPersons[0].corporateInformation.okwed",
        ),
        (
            format!("{C}/registrationDate"),
            Some(json!("13.05.2019")),
            "legalPersons[0].corporateInformation.registrationDate",
        ),
        (
            format!("{C}/registrationDate"),
            Some(json!("2019-02-30")),
            "legalPersons[0].corporateInformation.registrationDate",
        ),
        (U.into(), None, "legalPersons[0].customerInformation"),
        (
            format!("{U}/actualAddress"),
            Some(json!("")),
            "legalPersons[0].customerInformation.actualAddress",
        ),
        (
            format!("{U}/address"),
            Some(long(101)),
            "legalPersons[0].customerInformation.address",
        ),
        (
            format!("{U}/cashboxProvider"),
            None,
            "legalPersons[0].customerInformation.cashboxProvider",
        ),
        (
            format!("{U}/cashboxType"),
            Some(json!("")),
            "legalPersons[0].customerInformation.cashboxType",
        ),
        (
            format!("{U}/email"),
            Some(json!("office")),
            "legalPersons[0].customerInformation.email",
        ),
        (
            format!("{U}/email"),
            Some(json!("office@coffee")),
            "legalPersons[0].customerInformation.email",
        ),
        (
            format!("{U}/name"),
            Some(json!("")),
            "legalPersons[0].customerInformation.name",
        ),
        (
            format!("{U}/phone"),
            Some(json!("+89160000000")),
            "legalPersons[0].customerInformation.phone",
        ),
        (
            format!("{U}/phone"),
            Some(json!("69160000000")),
            "legalPersons[0].customerInformation.phone",
        ),
        (
            format!("{U}/phone"),
            Some(json!("7916000000")),
            "legalPersons[0].customerInformation.phone",
        ),
        (
            format!("{U}/phone"),
            Some(json!("+7 916 000 00 00")),
            "legalPersons[0].customerInformation.phone",
        ),
        (
            format!("{U}/postalAddress"),
            Some(long(101)),
            "legalPersons[0].customerInformation.postalAddress",
        ),
        (
            format!("{P}/products"),
            Some(json!([1])),
            "legalPersons[0].products",
        ),
        ("/merchantName".into(), Some(json!("A")), "merchantName"),
        ("/merchantName".into(), Some(long(61)), "merchantName"),
        ("/merchantName".into(), None, "merchantName"),
        ("/password".into(), Some(json!("abc")), "password"),
        ("/password".into(), None, "password"),
        ("/phone".into(), Some(json!("9160000000")), "phone"),
        ("/phone".into(), Some(json!("791600000001")), "phone"),
        ("/username".into(), Some(json!("owner")), "username"),
        ("/username".into(), Some(json!("owner@")), "username"),
        ("/username".into(), None, "username"),
    ];
    for (pointer, value, field) in &cases {
        let body = mutate(base.clone(), pointer, value.clone());
        let reply = h.merchant_signup(body).await;
        assert_eq!(
            (reply.status, reply.code(), reply.bad_fields()),
            (400, 5, vec![(*field).to_owned()]),
            "{pointer} = {value:?}: {}",
            reply.text
        );
        assert_eq!(
            reply.json["fieldErrors"][0]["objectName"],
            "MerchantUserSignupRequest"
        );
    }

    // Several accounts: each needs `default`, exactly one of them true.
    let account = base.pointer(B).unwrap().clone();
    let mut two = base.clone();
    let mut second = account.clone();
    second.as_object_mut().unwrap().remove("default");
    let mut first = account.clone();
    first.as_object_mut().unwrap().remove("default");
    *two.pointer_mut(&format!("{P}/bankDetails")).unwrap() = json!([first, second]);
    h.merchant_signup(two.clone()).await.assert_fields(&[
        "legalPersons[0].bankDetails[0].default",
        "legalPersons[0].bankDetails[1].default",
    ]);
    *two.pointer_mut(&format!("{P}/bankDetails")).unwrap() =
        json!([account.clone(), account.clone()]);
    h.merchant_signup(two.clone())
        .await
        .assert_fields(&["legalPersons[0].bankDetails"]);

    // Every violation at once: one field error each.
    let mut all = base.clone();
    for (pointer, value, _) in [
        (format!("{B}/bik"), json!("1"), ()),
        (format!("{C}/kpp"), json!("1"), ()),
        (format!("{C}/ogrn"), json!("1"), ()),
        (format!("{C}/okpo"), json!("1"), ()),
        (format!("{U}/email"), json!("1"), ()),
        ("/merchantName".to_owned(), json!("1"), ()),
        ("/password".to_owned(), json!("1"), ()),
        ("/phone".to_owned(), json!("1"), ()),
    ] {
        all = mutate(all, &pointer, Some(value));
    }
    h.merchant_signup(all).await.assert_fields(&[
        "legalPersons[0].bankDetails[0].bik",
        "legalPersons[0].corporateInformation.kpp",
        "legalPersons[0].corporateInformation.ogrn",
        "legalPersons[0].corporateInformation.okpo",
        "legalPersons[0].customerInformation.email",
        "merchantName",
        "password",
        "phone",
    ]);
    // Not an object at all.
    h.merchant(Method::POST, "/merchant-user-signups", None)
        .body("[1]")
        .send()
        .await
        .assert_fields(&["body"]);

    // What the rules allow: every phone form, 12-digit INN, 10-digit OKPO, a 2-character and a
    // 60-character name, a 4-character password, the table's array form and `legalPerson`.
    let accepted: Vec<(String, Value)> = vec![
        ("/phone".into(), json!("+79165550001")),
        ("/phone".into(), json!("89165550002")),
        (format!("{U}/phone"), json!("79160000000")),
        (format!("{B}/inn"), json!("770123456789")),
        (format!("{C}/okpo"), json!("1234567890")),
        (format!("{C}/registrationDate"), json!("2019-05-13")),
        ("/merchantName".into(), json!("AB")),
        ("/merchantName".into(), json!("x".repeat(60))),
        ("/password".into(), json!("abcd")),
    ];
    for (index, (pointer, value)) in accepted.into_iter().enumerate() {
        let body = mutate(
            signup_body(&format!("ok{index}@coffee.example.ru"), "79165550009"),
            &pointer,
            Some(value.clone()),
        );
        let reply = h.merchant_signup(body).await;
        assert_eq!(reply.status, 201, "{pointer} = {value}: {}", reply.text);
    }
    let mut array_form = signup_body("array@coffee.example.ru", "79165550010");
    let corporate = array_form.pointer(C).unwrap().clone();
    *array_form.pointer_mut(C).unwrap() = json!([corporate]);
    let persons = array_form
        .as_object_mut()
        .unwrap()
        .remove("legalPersons")
        .unwrap();
    array_form
        .as_object_mut()
        .unwrap()
        .insert("legalPerson".into(), persons);
    let reply = h.merchant_signup(array_form).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}

//! The client against raw answers a Java/Spring backend may send (issue 13): `null` and absent
//! fields, unknown fields and enum values, the error object with `"fieldErrors": null`, a string
//! `code`, no `code` at all. What may be absent is read as its default; what the journey needs fails
//! as [`ApiError::Decode`], naming the endpoint and the field, never the value.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use swip_core::api::{ApiClient, ApiConfig, ApiError, IdempotencyKey};
use swip_protocol::auth::{AuthRequest, VerificationRequest};
use swip_protocol::cards::PaymentSystem;
use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{CreateOrderRequest, PayOrderRequest, PurchaseRequest};
use swip_protocol::{Amount, ErrorCode, Quantity, SecretString};

/// An extra header of an answer.
type Header = Option<(&'static str, &'static str)>;
/// `METHOD /path`, status, extra header, body.
type Canned = (&'static str, u16, Header, &'static str);
/// `METHOD /path` → (status, extra header, body).
type Answers = HashMap<String, (u16, Header, &'static str)>;

struct Raw {
    answers: Answers,
    seen: Mutex<Vec<String>>,
}

/// A server answering each `METHOD /path` with a fixed raw body.
async fn raw_server(answers: &[Canned]) -> (ApiClient, Arc<Raw>) {
    let raw = Arc::new(Raw {
        answers: answers
            .iter()
            .map(|(route, status, header, body)| ((*route).to_owned(), (*status, *header, *body)))
            .collect(),
        seen: Mutex::new(Vec::new()),
    });
    let app = Router::new().fallback(answer).with_state(raw.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (ApiClient::new(&ApiConfig::new(url)).unwrap(), raw)
}

async fn answer(State(raw): State<Arc<Raw>>, request: Request) -> Response {
    let route = format!("{} {}", request.method(), request.uri().path());
    raw.seen.lock().unwrap().push(route.clone());
    let Some((status, header, body)) = raw.answers.get(&route) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = (
        StatusCode::from_u16(*status).unwrap(),
        [("content-type", "application/json")],
        *body,
    )
        .into_response();
    if let Some((name, value)) = header {
        response.headers_mut().insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

fn token() -> SecretString {
    SecretString::new("eyJhbGciOi.seed.token")
}

#[tokio::test]
async fn spring_style_error_objects_keep_their_code() {
    let (api, _) = raw_server(&[
        (
            "POST /v2/signup-verifications",
            400,
            None,
            r#"{"code":14,"description":"Sms code doesn't match","fieldErrors":null}"#,
        ),
        (
            "POST /auth",
            401,
            Some(("x-attempts-left", "3")),
            r#"{"code":"14","description":null}"#,
        ),
        (
            "GET /payment-cards",
            404,
            None,
            r#"{"timestamp":"2026-12-01T22:00:00.000+00:00","status":404,"error":"Not Found","path":"/payment-cards"}"#,
        ),
        ("POST /inapp-orders", 400, None, r#"{"description":"Bad Request","fieldErrors":[]}"#),
    ])
    .await;

    let error = api
        .verify_code(
            &token(),
            &VerificationRequest {
                code: "0000".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::DoesntMatch), "{error:?}");
    assert!(error.to_string().contains("DOESNT MATCH (14)"), "{error}");

    let error = api
        .login(&AuthRequest {
            device_id: "d".into(),
            password: "1111".into(),
            username: "79160000000".into(),
        })
        .await
        .unwrap_err();
    assert!(
        error.is_wrong_pin(),
        "a string code 14 under 401 is a wrong PIN: {error:?}"
    );
    assert_eq!(error.attempts_left(), Some(3));

    // Spring's own error page has no SWiP code: the status implies one.
    let error = api.list_cards(&token()).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::NotFound), "{error:?}");

    // No code and a status that implies none: the status alone, never "UNKNOWN (0)".
    let error = api
        .create_order(
            &token(),
            &CreateOrderRequest {
                merchant_id: "m".into(),
                merchant_store_id: "s".into(),
                purchases: vec![PurchaseRequest {
                    product_id: "p".into(),
                    quantity: Quantity(1.0),
                }],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), None);
    assert_eq!(error.status(), Some(400));
    assert!(!error.to_string().contains("UNKNOWN"), "{error}");
}

#[tokio::test]
async fn null_and_absent_optional_fields_are_read_as_defaults() {
    let (api, _) = raw_server(&[
        (
            "GET /payment-cards",
            200,
            None,
            r#"[{"id":"c1","cardNumber":"**** **** **** 2009","defaultForPayments":true,"bankName":null,"bankLogo":null,"paymentSystem":"VISA","createdAt":null,"blocked":null,"tokenized":true},
                {"id":"c2","cardNumber":null,"paymentSystem":"DISCOVER"},
                {"id":"c3","paymentSystem":null}]"#,
        ),
        (
            "POST /inapp-orders",
            200,
            None,
            r#"{"id":"o1","total":250.5,"cashback":null,"cashbackCalcResult":{"lines":[{"campaignId":null,"cashback":1,"cboRequiredCount":null,"description":null,"purchaseCount":null}],"total":null},
                "discount":null,"externalLoyalty":null,"orderStatus":"SOMETHING_NEW","purchases":[null,{"id":"p","name":"Кофе","price":250.5,"quantity":1,"amount":250.5,"discount":null,"merchantDiscount":null,"unit":null}],
                "saleDate":null,"emailRequired":null,"newField":{"a":[1,2]}}"#,
        ),
        (
            "POST /orders/o1/payments",
            200,
            None,
            r#"{"deferredId":"d1","receiptUrl":null}"#,
        ),
        (
            "GET /deferred-results/d1/status",
            200,
            None,
            r#"{"status":"QUEUED","errorCode":null}"#,
        ),
    ])
    .await;

    let cards = api.list_cards(&token()).await.unwrap().into_body();
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0].bank_name, "");
    assert!(!cards[0].blocked);
    assert_eq!(
        cards[1].payment_system,
        PaymentSystem::Other("DISCOVER".into())
    );
    assert_eq!(cards[2].payment_system, PaymentSystem::Other(String::new()));

    let order = api
        .create_order(
            &token(),
            &CreateOrderRequest {
                merchant_id: "m".into(),
                merchant_store_id: "s".into(),
                purchases: vec![PurchaseRequest {
                    product_id: "p".into(),
                    quantity: Quantity(1.0),
                }],
            },
        )
        .await
        .unwrap()
        .into_body();
    assert_eq!(order.total, Amount::from_kopecks(25_050));
    assert_eq!(order.cashback, Amount::ZERO);
    assert_eq!(order.cashback_calc_result.lines[0].cbo_required_count, 0.0);
    assert_eq!(order.purchases.len(), 1, "a null line is skipped");
    assert_eq!(order.order_status, "SOMETHING_NEW");

    let deferred = api
        .pay_order(
            &token(),
            "o1",
            &PayOrderRequest {
                email: "qa@swip.test".into(),
                payment_card_id: "c1".into(),
            },
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap()
        .into_body();
    let status = api
        .deferred_status(&token(), &deferred.deferred_id)
        .await
        .unwrap()
        .into_body();
    assert_eq!(status.status, DeferredStatus::Other("QUEUED".into()));
    assert!(
        !status.status.is_final(),
        "an unknown status is never final"
    );
    assert_eq!(status.error_code, "");
}

#[tokio::test]
async fn a_missing_required_field_names_endpoint_and_field_never_the_value() {
    let (api, raw) = raw_server(&[
        (
            "GET /payment-cards",
            200,
            None,
            r#"[{"id":null,"cardNumber":"**** **** **** 2009","bankName":"SECRET-BANK"}]"#,
        ),
        (
            "POST /inapp-orders",
            200,
            None,
            r#"{"id":"o1","total":null,"merchantName":"SECRET-SHOP"}"#,
        ),
        (
            "POST /orders/o1/payments",
            200,
            None,
            r#"{"deferredId":""}"#,
        ),
        (
            "POST /v2/signup-verifications",
            200,
            None,
            r#"{"new":null}"#,
        ),
    ])
    .await;
    let cases: Vec<(ApiError, &str, &str, &str)> = vec![
        (
            api.list_cards(&token()).await.unwrap_err(),
            "GET /payment-cards",
            "[0].id",
            "required, but null",
        ),
        (
            api.create_order(
                &token(),
                &CreateOrderRequest {
                    merchant_id: "m".into(),
                    merchant_store_id: "s".into(),
                    purchases: vec![],
                },
            )
            .await
            .unwrap_err(),
            "POST /inapp-orders",
            "total",
            "required, but null",
        ),
        (
            api.pay_order(
                &token(),
                "o1",
                &PayOrderRequest {
                    email: "qa@swip.test".into(),
                    payment_card_id: "c1".into(),
                },
                &IdempotencyKey::generate().unwrap(),
            )
            .await
            .unwrap_err(),
            "POST /orders/{id}/payments",
            "deferredId",
            "required, but empty",
        ),
        (
            api.verify_code(
                &token(),
                &VerificationRequest {
                    code: "6826".into(),
                },
            )
            .await
            .unwrap_err(),
            "POST /v2/signup-verifications",
            "new",
            "required, but null",
        ),
    ];
    for (error, endpoint, field, problem) in cases {
        let ApiError::Decode {
            endpoint: e,
            field: f,
            problem: p,
            status,
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!((e.as_str(), f.as_str(), *status), (endpoint, field, 200));
        assert!(p.starts_with(problem), "{p}");
        let text = format!("{error} {error:?}");
        assert!(!text.contains("SECRET") && !text.contains("2009"), "{text}");
        assert!(
            !error.is_retry_safe(true),
            "an unreadable answer is never retried"
        );
    }
    assert_eq!(raw.seen.lock().unwrap().len(), 4, "one request each");
}

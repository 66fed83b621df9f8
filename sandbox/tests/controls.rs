//! The QA controls: SMS, clock, test cards, catalog, charges, journal, faults (latency, status,
//! dropped connections), reset, key rotation, the OpenAPI document and the binary.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::schema::{assert_array_of, assert_schema, document};
use common::{DELAY_S, Harness, START_MS};
use reqwest::Method;
use serde_json::{Value, json};
use swip_sandbox::control::{CardBehavior, DropPoint, FaultRule};
use swip_sandbox::{Sandbox, SandboxConfig};

#[tokio::test]
async fn sms_clock_cards_and_catalog() {
    let h = Harness::start().await;
    let doc = document();
    // No SMS yet: 404 code 9; no phone: 400 code 5.
    h.bare(Method::GET, "/sandbox/sms?phone=79160000000")
        .send()
        .await
        .assert_error(404, 9);
    h.bare(Method::GET, "/sandbox/sms")
        .send()
        .await
        .assert_fields(&["phone"]);
    h.start_signup("79160000000").await;
    let sms = h
        .bare(Method::GET, "/sandbox/sms?phone=79160000000")
        .send()
        .await;
    assert_eq!(
        sms.json["code"].as_str().unwrap(),
        h.sms_code("79160000000")
    );
    assert_eq!(
        sms.json["sentAt"].as_i64().unwrap(),
        h.sandbox.latest_sms("79160000000").unwrap().sent_at
    );

    // Clock.
    let clock = h.bare(Method::GET, "/sandbox/clock").send().await;
    let now = clock.json["nowMs"].as_i64().unwrap();
    assert!((START_MS..START_MS + 5_000).contains(&now), "{now}");
    let advanced = h
        .bare(Method::POST, "/sandbox/clock/advance")
        .json(json!({ "seconds": 86_400 }))
        .send()
        .await;
    let later = advanced.json["nowMs"].as_i64().unwrap();
    assert!(later >= now + 86_400_000 && later < now + 86_405_000);
    assert!(h.sandbox.now_ms() >= later);
    h.bare(Method::POST, "/sandbox/clock/advance")
        .json(json!({ "seconds": -1 }))
        .send()
        .await
        .assert_fields(&["body"]);
    h.bare(Method::POST, "/sandbox/clock/advance")
        .body("nope")
        .send()
        .await
        .assert_fields(&["body"]);

    // Test cards: the same over HTTP and directly; expiry four years after the start year.
    let cards = h.bare(Method::GET, "/sandbox/test-cards").send().await;
    assert_array_of(&doc, "TestCard", &cards.json);
    assert_eq!(
        cards.json,
        serde_json::to_value(h.sandbox.test_cards()).unwrap()
    );
    assert!(
        cards
            .json
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["expYear"] == 2030 && c["cvv"] == "123")
    );
    for behavior in [
        "success",
        "three_ds",
        "decline",
        "processing_forever",
        "payment_decline",
        "payment_processing_forever",
    ] {
        assert!(
            cards
                .json
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["behavior"] == behavior),
            "{behavior}"
        );
    }
    assert_eq!(
        h.sandbox.test_card(CardBehavior::ThreeDs).behavior,
        CardBehavior::ThreeDs
    );
    let systems: BTreeSet<String> = cards
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["paymentSystem"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        systems,
        BTreeSet::from(["MASTERCARD".to_owned(), "VISA".to_owned(), "МИР".to_owned()])
    );

    // Catalog.
    let catalog = h.bare(Method::GET, "/sandbox/catalog").send().await;
    assert_schema(&doc, "Catalog", &catalog.json);
    assert_eq!(
        catalog.json,
        serde_json::to_value(h.sandbox.catalog()).unwrap()
    );
    assert_eq!(catalog.json["merchants"][0]["products"][1]["price"], 180.5);

    // Cryptogram helper: bad body is 400 code 5.
    h.bare(Method::POST, "/sandbox/cryptograms")
        .json(json!({ "pan": "4111" }))
        .send()
        .await
        .assert_fields(&["body"]);
}

#[tokio::test]
async fn the_journal_lists_requests_but_not_controls() {
    let h = Harness::start().await;
    h.get("/ext/cryptogram-key").send().await;
    h.post("/v2/signups")
        .json(json!({ "phone": "1" }))
        .send()
        .await;
    h.bare(Method::GET, "/sandbox/clock").send().await;
    h.delete("/auth").send().await;
    let journal = h.bare(Method::GET, "/sandbox/journal").send().await;
    assert_array_of(&document(), "JournalEntry", &journal.json);
    let entries: Vec<(String, String, u64)> = journal
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap().into(),
                e["path"].as_str().unwrap().into(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("GET".into(), "/ext/cryptogram-key".into(), 200),
            ("POST".into(), "/v2/signups".into(), 400),
            ("DELETE".into(), "/auth".into(), 405),
        ]
    );
    assert_eq!(h.sandbox.journal().len(), 3);
}

#[tokio::test]
async fn injected_statuses_count_down() {
    let h = Harness::start().await;
    let rule = json!({ "method": "get", "path": "/ext/cryptogram-key", "status": 503, "code": 23, "retryAfter": 7, "count": 2 });
    let added = h
        .bare(Method::POST, "/sandbox/faults")
        .json(rule)
        .send()
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_array_of(&document(), "ActiveFault", &added.json);
    assert_eq!(added.json[0]["remaining"], 2);
    for _ in 0..2 {
        let reply = h.get("/ext/cryptogram-key").send().await;
        reply.assert_error(503, 23);
        assert_eq!(reply.header("retry-after").as_deref(), Some("7"));
        assert!(reply.header("date").is_some());
    }
    assert_eq!(h.get("/ext/cryptogram-key").send().await.status, 200);
    assert_eq!(
        h.bare(Method::GET, "/sandbox/faults").send().await.json,
        json!([])
    );

    // A list of rules; `{id}` patterns; the default code for the status; DELETE clears.
    let rules = json!([
        { "method": "POST", "path": "/orders/{id}/payments", "status": 500 },
        { "method": "*", "path": "/payment-cards", "status": 429, "count": 5 }
    ]);
    let added = h
        .bare(Method::POST, "/sandbox/faults")
        .json(rules)
        .send()
        .await;
    assert_eq!(added.json.as_array().unwrap().len(), 2);
    h.post("/orders/abc/payments")
        .send()
        .await
        .assert_error(500, 1);
    h.get("/payment-cards").send().await.assert_error(429, 22);
    let cleared = h.bare(Method::DELETE, "/sandbox/faults").send().await;
    assert_eq!(cleared.status, 204);
    h.get("/payment-cards").send().await.assert_error(401, 2);

    // Bad rules: 400 code 5. Faults never touch /sandbox/.
    let bad = h
        .bare(Method::POST, "/sandbox/faults")
        .json(json!({ "method": "", "path": "x", "status": 200 }))
        .send()
        .await;
    bad.assert_fields(&["[0].method", "[0].path", "[0].status"]);
    h.bare(Method::POST, "/sandbox/faults")
        .json(json!({ "nope": 1 }))
        .send()
        .await
        .assert_fields(&["body"]);
    h.sandbox
        .add_fault(FaultRule::new("GET", "/sandbox/clock").with_status(500, None));
    assert_eq!(
        h.bare(Method::GET, "/sandbox/clock").send().await.status,
        200
    );
    h.sandbox.clear_faults();
}

/// A dropped connection reaches reqwest as a transport error with no status: the request was
/// sent and the connection closed before any byte of an answer.
fn assert_dropped(result: reqwest::Result<reqwest::Response>) {
    match result {
        Ok(response) => panic!(
            "expected a dropped connection, got HTTP {}",
            response.status()
        ),
        Err(error) => {
            assert!(error.status().is_none());
            assert!(
                error.is_request() || error.is_connect() || error.is_body(),
                "{error:?}"
            );
            assert!(!error.is_timeout());
        }
    }
}

#[tokio::test]
async fn a_drop_before_commit_changes_nothing() {
    let h = Harness::start().await;
    h.sandbox
        .add_fault(FaultRule::new("POST", "/v2/signups").with_drop(DropPoint::BeforeCommit));
    assert_dropped(
        h.post("/v2/signups")
            .json(json!({ "phone": "79190000001" }))
            .send_raw()
            .await,
    );
    assert!(
        h.sandbox.latest_sms("79190000001").is_none(),
        "nothing was done"
    );
    assert_eq!(h.sandbox.journal().last().map(|e| e.status), Some(0));
    // The rule was used up: the retry works.
    let retry = h
        .post("/v2/signups")
        .json(json!({ "phone": "79190000001" }))
        .send()
        .await;
    assert_eq!(retry.status, 200);
}

#[tokio::test]
async fn a_drop_after_commit_then_a_retry_with_the_same_key_pays_once() {
    let h = Harness::start().await;
    let user = h.register("79190000002", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    let id = order["id"].as_str().unwrap();

    let rule = json!({ "method": "POST", "path": "/orders/{id}/payments", "drop": "after_commit" });
    assert_eq!(
        h.bare(Method::POST, "/sandbox/faults")
            .json(rule)
            .send()
            .await
            .status,
        200
    );
    let lost = h
        .post(&format!("/orders/{id}/payments"))
        .token(&user.token)
        .header("Idempotency-Key", "k-1")
        .json(json!({ "email": "ivan@example.ru", "paymentCardId": card }))
        .send_raw()
        .await;
    assert_dropped(lost);
    let journal = h.sandbox.journal();
    let last = journal.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str(), last.status),
        ("POST", format!("/orders/{id}/payments").as_str(), 0)
    );

    // The payment was committed: a retry without the key is refused (25); with the key, the first answer.
    h.pay(&user, id, &card, None).await.assert_error(400, 25);
    let retried = h.pay(&user, id, &card, Some("k-1")).await;
    assert_eq!(retried.status, 200);
    let deferred = retried.json["deferredId"].as_str().unwrap();
    h.advance(2 * DELAY_S);
    assert_eq!(h.status(&user, deferred).await["status"], "SUCCESS");
    assert_eq!(
        h.pay(&user, id, &card, Some("k-1")).await.json["deferredId"],
        deferred
    );
    assert_eq!(h.sandbox.charges().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn latency_runs_on_tokio_time() {
    let h = Harness::start().await;
    let before = h.sandbox.now_ms();
    h.sandbox
        .add_fault(FaultRule::new("GET", "/ext/cryptogram-key").with_latency_ms(30_000));
    let reply = h.get("/ext/cryptogram-key").send().await;
    assert_eq!(reply.status, 200);
    let after = h.sandbox.now_ms();
    assert!(
        after - before >= 30_000,
        "the paused clock advanced through the latency: {}",
        after - before
    );
    // A latency with a status: the status after the wait.
    h.sandbox.add_fault(
        FaultRule::new("GET", "/ext/cryptogram-key")
            .with_latency_ms(5_000)
            .with_status(504, None),
    );
    h.get("/ext/cryptogram-key")
        .send()
        .await
        .assert_error(504, 13);
    assert!(h.sandbox.now_ms() - after >= 5_000);
}

#[tokio::test(start_paused = true)]
async fn paused_time_drives_deferred_progress() {
    let h = Harness::with(SandboxConfig {
        processing_delay: std::time::Duration::from_secs(2),
        start_time_ms: Some(START_MS),
        seed: Some(3),
        ..SandboxConfig::default()
    })
    .await;
    let user = h.register("79190000003", "d").await;
    let deferred = h.start_binding(&user, CardBehavior::Success, true).await;
    assert_eq!(h.status(&user, &deferred).await["status"], "PROCESSING");
    // A tokio sleep under the paused clock moves the sandbox clock too.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(h.status(&user, &deferred).await["status"], "SUCCESS");
}

#[tokio::test]
async fn reset_forgets_everything_but_keys_and_clock() {
    let h = Harness::start().await;
    let user = h.register("79190000004", "d").await;
    let card = h.bind(&user, CardBehavior::Success).await;
    let order = h.order(&user).await;
    h.pay(&user, order["id"].as_str().unwrap(), &card, None)
        .await;
    h.advance(2 * DELAY_S);
    assert_eq!(h.sandbox.charges().len(), 1);
    h.sandbox
        .add_fault(FaultRule::new("GET", "/nothing").with_status(500, None));
    let key = h.get("/ext/cryptogram-key").send().await.json;
    let now = h.sandbox.now_ms();

    let reset = h.bare(Method::DELETE, "/sandbox/state").send().await;
    assert_eq!(reset.status, 204);
    assert!(h.sandbox.charges().is_empty());
    assert!(h.sandbox.journal().is_empty());
    assert!(h.sandbox.latest_sms("79190000004").is_none());
    assert_eq!(
        h.bare(Method::GET, "/sandbox/faults").send().await.json,
        json!([])
    );
    h.get("/payment-cards")
        .token(&user.token)
        .send()
        .await
        .assert_error(401, 2);
    assert_eq!(h.get("/ext/cryptogram-key").send().await.json, key);
    assert!(h.sandbox.now_ms() >= now);
    // The phone can sign up again at once.
    h.register("79190000004", "d").await;
}

#[tokio::test]
async fn the_openapi_document_is_served_and_complete() {
    let h = Harness::start().await;
    let served = h.bare(Method::GET, "/openapi.json").send().await;
    assert_eq!(served.status, 200);
    assert_eq!(
        served.header("content-type").as_deref(),
        Some("application/json")
    );
    let file =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json")).unwrap();
    assert_eq!(
        served.text, file,
        "the served document is the committed file"
    );
    let doc: Value = serde_json::from_str(&file).unwrap();
    assert_eq!(
        doc["openapi"].as_str().map(|v| v.starts_with("3.0")),
        Some(true)
    );

    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = swip_sandbox::routes::route_table()
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    assert_eq!(
        documented, routed,
        "every route is documented, and only routes are"
    );

    // Every documented operation is really routed: never the fallback's 404 or 405.
    for (method, path) in &documented {
        let concrete = path.replace("{id}", "x").replace("{deferredId}", "x");
        let reply = h
            .bare(Method::from_bytes(method.as_bytes()).unwrap(), &concrete)
            .send()
            .await;
        assert_ne!(reply.status, 405, "{method} {path}");
        assert!(
            !(reply.status == 404 && reply.text.contains("no such endpoint")),
            "{method} {path} is not routed"
        );
    }
    // Every $ref resolves.
    let text = file.as_str();
    for (index, _) in text.match_indices("#/components/") {
        let end = text[index..].find('"').unwrap() + index;
        let pointer = text[index + 1..end].to_owned();
        assert!(doc.pointer(&pointer).is_some(), "dangling {pointer}");
    }
}

#[tokio::test]
async fn start_on_a_given_address_and_shut_down() {
    let sandbox = Sandbox::start_on("127.0.0.1:0".parse().unwrap(), SandboxConfig::default())
        .await
        .unwrap();
    assert!(sandbox.url().starts_with("http://127.0.0.1:"));
    assert_eq!(sandbox.url(), format!("http://{}", sandbox.addr()));
    let http = common::client();
    let url = format!("{}/openapi.json", sandbox.url());
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    let addr = sandbox.addr();
    sandbox.shutdown().await;
    assert!(
        common::client().get(&url).send().await.is_err(),
        "nothing listens on {addr} any more"
    );
}

#[test]
fn the_binary_prints_its_address_first_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swip-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--seed", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .map(str::to_owned);
    let served = url.as_ref().map(|url| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let response = common::client()
                .get(format!("{url}/sandbox/test-cards"))
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        })
    });
    let _ = child.kill();
    let _ = child.wait();
    let url = url.unwrap_or_else(|| panic!("first line: {first:?}"));
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );
    let (status, cards) = served.unwrap();
    assert_eq!(status, 200);
    assert!(cards.as_array().unwrap().len() >= 10);
}

/// What `/sandbox/wire-style` says of a `swip-sandbox` binary started with `args` and `env`.
fn binary_wire_style(args: &[&str], env: Option<&str>) -> Value {
    let mut command = Command::new(env!("CARGO_BIN_EXE_swip-sandbox"));
    command
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .env_remove("SWIP_WIRE_STYLE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(style) = env {
        command.env("SWIP_WIRE_STYLE", style);
    }
    let mut child = command.spawn().expect("binary starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let answer = first.trim().strip_prefix("listening on ").map(|url| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            common::client()
                .get(format!("{url}/sandbox/wire-style"))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        })
    });
    let _ = child.kill();
    let _ = child.wait();
    answer.unwrap_or_else(|| panic!("first line: {first:?}"))
}

#[test]
fn the_binary_takes_its_wire_style_from_the_flag_or_swip_wire_style() {
    assert_eq!(binary_wire_style(&[], None), json!({ "style": "nulls" }));
    assert_eq!(
        binary_wire_style(&[], Some("omit")),
        json!({ "style": "omit" })
    );
    assert_eq!(
        binary_wire_style(&["--wire-style", "nulls"], Some("omit")),
        json!({ "style": "nulls" }),
        "the flag wins"
    );
}

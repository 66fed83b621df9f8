//! `swip pos ...` (a shop's till on the POS API) against a running `swip sandbox`, and
//! `swip demo --pos` (both sides of a visit on an embedded one): what a QA engineer scripts.

mod common;

use std::process::Output;

use common::{RunningSandbox, run, swip, text};
use serde_json::Value;

/// `swip pos ARGS --sandbox-url URL [--store STORE]`, stdin closed.
fn pos(sandbox: &RunningSandbox, store: Option<&str>, args: &[&str]) -> Output {
    let mut command = swip();
    command
        .arg("pos")
        .args(args)
        .args(["--sandbox-url", &sandbox.url]);
    if let Some(store) = store {
        command.args(["--store", store]);
    }
    command
        .stdin(std::process::Stdio::null())
        .output()
        .expect("swip pos runs")
}

/// The JSON answer of a till command that must succeed.
fn answer(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    serde_json::from_str(text(&out.stdout).trim()).expect("one JSON object")
}

/// A failed till command: its exit code and message.
fn refused(out: &Output) -> (Option<i32>, String) {
    assert!(!out.status.success(), "succeeded: {}", text(&out.stdout));
    (out.status.code(), text(&out.stderr))
}

/// `swip pos store` → the store's id from its `SWIP_STORE_ID=…` line.
fn open_store(sandbox: &RunningSandbox) -> String {
    let out = pos(sandbox, None, &["store"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let last = stdout.lines().last().expect("a line");
    last.strip_prefix("SWIP_STORE_ID=")
        .unwrap_or_else(|| panic!("last line: {last}"))
        .to_owned()
}

fn amount(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not an amount: {value}"))
}

#[test]
fn a_till_creates_closes_refunds_and_cancels_and_the_server_refuses_what_it_must() {
    let sandbox = RunningSandbox::start(&["--processing-delay-ms", "100"]);
    let store_id = open_store(&sandbox);
    let token = sandbox.get(&format!("/sandbox/stores/{store_id}/pos-credentials"))["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let store = Some(store_id.as_str());
    let mut outputs = Vec::new();

    // An order: the server makes the session code the customer scans.
    let out = pos(
        &sandbox,
        store,
        &[
            "create",
            "--item",
            "Cappuccino=250x2,Croissant=120",
            "--discount",
            "20",
            "--json",
        ],
    );
    let order = answer(&out);
    outputs.push(out);
    let id = order["id"].as_str().unwrap().to_owned();
    let code = order["sessionCode"].as_str().unwrap();
    assert!(
        code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(order["orderStatus"], "OPEN");
    assert_eq!(amount(&order["totalOriginal"]), 620.0);
    assert_eq!(amount(&order["total"]), 600.0);
    assert_eq!(order["purchases"][0]["productId"], "cappuccino");

    // The text form shows the code to the cashier.
    let out = pos(&sandbox, store, &["show", &id]);
    assert!(text(&out.stdout).contains(&format!(
        "session code (show it to the customer as a QR): {code}"
    )));
    outputs.push(out);

    // Nobody pays in the app: with `--no-close` the wait ends at its bound, exit 1, and the
    // order stays open.
    let out = pos(
        &sandbox,
        store,
        &["wait", &id, "--timeout", "1", "--no-close"],
    );
    let (exit, message) = refused(&out);
    assert_eq!(exit, Some(1));
    assert!(
        message.contains("no answer from the customer within 1 s"),
        "{message}"
    );
    outputs.push(out);

    // Closed with what is owed (the default), then refunded twice; a third over the total: 32.
    let out = pos(&sandbox, store, &["close", &id, "--json"]);
    let closed = answer(&out);
    outputs.push(out);
    assert_eq!(closed["orderStatus"], "CLOSED");
    assert_eq!(amount(&closed["closedAmount"]), 600.0);
    for (refund, so_far) in [("100", 100.0), ("250.50", 350.5)] {
        let out = pos(
            &sandbox,
            store,
            &["refund", &id, "--amount", refund, "--json"],
        );
        let answer = answer(&out);
        outputs.push(out);
        assert_eq!(answer["status"], "SUCCESS");
        assert_eq!(amount(&answer["refunded"]), so_far);
    }
    let out = pos(&sandbox, store, &["refund", &id, "--amount", "300"]);
    let (exit, message) = refused(&out);
    assert_eq!(exit, Some(1));
    assert!(message.contains("refused with code 32"), "{message}");
    outputs.push(out);
    // Nothing was paid in the app, so there is no payment to cancel: 27.
    let out = pos(&sandbox, store, &["cancel-payment", &id]);
    assert!(
        refused(&out).1.contains("refused with code 27"),
        "{}",
        refused(&out).1
    );
    outputs.push(out);

    // Seed 000: nobody paid by the deadline, the till closes the order with amount 0 (exit 1).
    let out = pos(&sandbox, store, &["create", "--item", "Water=80", "--json"]);
    let water = answer(&out)["id"].as_str().unwrap().to_owned();
    outputs.push(out);
    let out = pos(
        &sandbox,
        store,
        &["wait", &water, "--timeout", "1", "--json"],
    );
    let (exit, message) = refused(&out);
    assert_eq!(exit, Some(1));
    assert!(
        message.contains("no payment within 1 s") && message.contains("closed with amount 0"),
        "{message}"
    );
    let closed: Value = serde_json::from_str(text(&out.stdout).trim()).expect("the order");
    assert_eq!(closed["orderStatus"], "CANCELLED", "{closed}");
    assert_eq!(closed["cancelReason"], "CLOSED_WITH_ZERO");
    assert_eq!(amount(&closed["closedAmount"]), 0.0);
    outputs.push(out);

    // An OPEN order is cancelled once; a second cancel breaks the order's flow.
    let out = pos(&sandbox, store, &["create", "--item", "Tea=50", "--json"]);
    let tea = answer(&out)["id"].as_str().unwrap().to_owned();
    outputs.push(out);
    let out = pos(&sandbox, store, &["cancel", &tea, "--json"]);
    let cancelled = answer(&out);
    outputs.push(out);
    assert_eq!(cancelled["orderStatus"], "CANCELLED");
    assert_eq!(cancelled["cancelReason"], "CANCELLED");
    let out = pos(&sandbox, store, &["cancel", &tea]);
    assert!(
        refused(&out).1.contains("refused with code 11"),
        "{}",
        refused(&out).1
    );
    outputs.push(out);

    // Every order is in the store's list.
    let out = pos(&sandbox, store, &["list", "--json"]);
    let list = answer(&out);
    outputs.push(out);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str(), water.as_str(), tea.as_str()]);

    // The store's token never appears in what the till prints.
    for out in &outputs {
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !text(stream).contains(&token),
                "the till's token was printed"
            );
        }
    }
}

#[test]
fn bad_till_input_is_refused_before_any_request() {
    let sandbox = RunningSandbox::start(&[]);
    let store = open_store(&sandbox);
    let before = sandbox.get("/sandbox/journal").as_array().unwrap().len();
    // Input is checked before the till even asks the sandbox for its credentials: an unknown
    // store would fail, bad input fails first.
    let (exit, message) = refused(&pos(
        &sandbox,
        Some("no-such-store"),
        &["create", "--item", "Tea=abc"],
    ));
    assert_eq!(exit, Some(3));
    assert!(message.contains("\"abc\" is not an amount"), "{message}");
    for args in [
        &["create", "--item", "Tea=abc"][..],
        &["create", "--item", "Tea"],
        &["create", "--item", "Tea=10x0"],
        &["create", "--item", "Tea=100", "--discount", "100"],
        &["refund", "some-order", "--amount=-5"],
        &["refund", "some-order", "--amount", "1.234"],
        &["close", "some-order", "--amount", "ten"],
    ] {
        let out = pos(&sandbox, Some(&store), args);
        let (exit, message) = refused(&out);
        assert_eq!(exit, Some(3), "{args:?}: {message}");
        assert!(!message.is_empty());
    }
    assert_eq!(
        sandbox.get("/sandbox/journal").as_array().unwrap().len(),
        before,
        "nothing reached the POS API"
    );
    // No store: a clear word on what to give.
    let (exit, message) = refused(&pos(&sandbox, None, &["list"]));
    assert_eq!(exit, Some(3));
    assert!(message.contains("--store"), "{message}");
}

#[test]
fn demo_pos_the_user_pays_in_the_app_and_the_till_closes_with_what_was_paid() {
    let out = run(&["demo", "--pos", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let summary: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["paid"], true, "{summary}");
    let (receipt, till) = (&summary["receipt"], &summary["till"]);
    assert_eq!(till["orderStatus"], "CLOSED", "{till}");
    assert_eq!(till["paymentMethod"], "CARD");
    assert_eq!(till["paymentStatus"], "HELD");
    assert!(
        amount(&till["discount"]["discount"]) > 0.0,
        "loyalty applied: {till}"
    );
    assert!(amount(&till["cashback"]) > 0.0, "{till}");
    assert_eq!(amount(&till["paid"]), amount(&receipt["total"]));
    assert_eq!(amount(&till["closedAmount"]), amount(&receipt["total"]));
    assert!(receipt["paidWith"].as_str().unwrap().starts_with("****"));
}

#[test]
fn demo_pos_at_the_counter_the_till_takes_the_cash() {
    let out = run(&["demo", "--pos", "--pos-payment", "cash"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    for expected in [
        "the till: order of 620.00 ₽, session code ",
        "to be paid in cash at the counter",
        "the till: the customer pays in cash at the counter",
        "Paid with                            cash at the counter",
        "paid in the app 0.00 ₽",
        "pays in cash at the counter · closed with 558.00 ₽",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in:\n{stdout}");
    }
    // `--pos-payment` without `--pos` is a usage error.
    assert_eq!(
        run(&["demo", "--pos-payment", "cash"]).status.code(),
        Some(2)
    );
}

//! The `swip` binary, run as a user runs it: the demo (paid, forced failures, JSON lines), the
//! sandbox standalone, a scripted journey, `--help` of every command, and a trace-level run whose
//! output holds no secret. Plain `std::process::Command`: no test-only dependency needed.

mod common;

use std::process::Stdio;

use common::{RunningSandbox, journey_at, run, swip, text};
use serde_json::Value;
use swip_e2e::secrets::contains_secret;

#[test]
fn demo_pays_and_prints_the_receipt() {
    let out = run(&["demo"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    for expected in [
        "3-D Secure page shown",
        "bound ✓",
        "Order №",
        "PAID",
        "Cashback",
        "Discount",
        "Total",
        "**** **** **** ",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in:\n{stdout}");
    }
    let cashback = stdout
        .lines()
        .find(|l| l.starts_with("Cashback"))
        .expect("a cashback line");
    assert!(
        !cashback.trim_end().ends_with(" 0.00 ₽"),
        "the demo order earns cashback: {cashback}"
    );
}

#[test]
fn demo_with_a_declining_card_exits_non_zero_with_a_clear_message() {
    let out = run(&["demo", "--card", "decline"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("was not bound") && stderr.contains("declined"),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("Not paid."));
}

#[test]
fn demo_with_a_declined_payment_exits_non_zero() {
    let out = run(&["demo", "--payment-card", "payment_decline"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("was not paid") && stderr.contains("declined"),
        "{stderr}"
    );
}

#[test]
fn demo_json_is_one_state_per_line_then_a_summary() {
    let out = run(&["demo", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let (summary, states) = lines.split_last().expect("lines");
    assert!(states.len() > 10, "{} states", states.len());
    for (i, state) in states.iter().enumerate() {
        assert_eq!(state["type"], "state");
        assert_eq!(state["seq"], i + 1);
        assert!(state["state"]["auth"]["stage"].is_string(), "{state}");
    }
    assert_eq!(states[0]["state"]["auth"]["stage"], "signed_out");
    assert_eq!(
        states.last().unwrap()["state"]["checkout"]["stage"]["stage"],
        "paid"
    );
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["paid"], true);
    assert!(summary["receipt"]["orderNumber"].is_string(), "{summary}");
    assert!(
        summary["receipt"]["cashback"].as_f64().unwrap() > 0.0,
        "{summary}"
    );
}

/// Every object key of `value`, at any depth.
fn keys(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) => map
            .iter()
            .flat_map(|(key, item)| std::iter::once(key.clone()).chain(keys(item)))
            .collect(),
        Value::Array(items) => items.iter().flat_map(keys).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn demo_json_keys_are_camel_case_and_the_phone_is_masked_unless_asked() {
    let phone = "79990007731";
    let out = run(&["demo", "--json", "--phone", phone]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let snake: Vec<String> = lines
        .iter()
        .flat_map(keys)
        .filter(|key| key.contains('_'))
        .collect();
    assert!(snake.is_empty(), "snake_case keys: {snake:?}");
    assert!(
        lines.iter().flat_map(keys).any(|k| k == "serverStatus"),
        "the payment's fields are there, camelCase: {stdout}"
    );
    assert!(!stdout.contains(phone), "the full phone was printed");
    assert!(stdout.contains("••-31"), "the masked phone is shown");

    let shown = run(&["demo", "--json", "--phone", phone, "--show-phone"]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    assert!(text(&shown.stdout).contains(phone), "--show-phone shows it");
    assert_eq!(
        run(&["demo", "--show-phone"]).status.code(),
        Some(2),
        "--show-phone is for --json"
    );
}

#[test]
fn demo_refuses_every_invalid_flag_before_anything_is_sent() {
    // Nothing listens on port 1: a request would fail with a connection error, not exit 3.
    let out = run(&[
        "demo",
        "--sandbox-url",
        "http://127.0.0.1:1",
        "--pin",
        "12",
        "--email",
        "nobody",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("--pin") && stderr.contains("--email"),
        "both flags are named: {stderr}"
    );
    assert!(!stderr.contains("connect"), "nothing was sent: {stderr}");
    let out = run(&[
        "demo",
        "--sandbox-url",
        "http://127.0.0.1:1",
        "--phone",
        "12345",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[test]
fn demo_json_failure_summary_says_why() {
    let out = run(&["demo", "--json", "--card", "decline"]);
    assert_eq!(out.status.code(), Some(1));
    let last = text(&out.stdout)
        .lines()
        .last()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .unwrap();
    assert_eq!(last["paid"], false);
    assert!(
        last["error"].as_str().unwrap().contains("not bound"),
        "{last}"
    );
}

#[test]
fn every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["demo"],
        &["sandbox"],
        &["journey"],
        &["cards"],
        &["pay"],
        &["sign-out"],
        &["qa", "browser-three-ds"],
        &["pos"],
        &["pos", "store"],
        &["pos", "create"],
        &["pos", "show"],
        &["pos", "list"],
        &["pos", "wait"],
        &["pos", "close"],
        &["pos", "refund"],
        &["pos", "cancel-payment"],
        &["pos", "cancel"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let out = run(&args);
        let help = text(&out.stdout);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(help.contains("Usage: swip"), "{args:?}: {help}");
    }
    let top = text(&run(&["--help"]).stdout);
    for command in [
        "demo", "sandbox", "journey", "cards", "pay", "sign-out", "pos",
    ] {
        assert!(top.contains(command), "{command} missing from:\n{top}");
    }
    assert!(
        !top.contains("browser-three-ds"),
        "the test harness stays hidden"
    );
    assert_eq!(run(&["demo", "--card", "nonsense"]).status.code(), Some(2));
}

#[test]
fn sandbox_prints_its_address_first_then_merchant_cards_and_controls() {
    let mut sandbox = RunningSandbox::start(&["--processing-delay-ms", "100"]);
    assert!(
        sandbox.url.starts_with("http://127.0.0.1:"),
        "{}",
        sandbox.url
    );
    let banner = sandbox.banner();
    for expected in [
        "swip-coffee",
        "cappuccino",
        "2202200000000008",
        "three_ds",
        "payment_decline",
        "1234",
        "/sandbox/sms",
        "/sandbox/3ds/{deferredId}",
    ] {
        assert!(banner.contains(expected), "no {expected:?} in:\n{banner}");
    }
    let cards = sandbox.get("/sandbox/test-cards");
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
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["behavior"] == behavior),
            "no {behavior} card: {cards}"
        );
    }
}

#[test]
fn trace_logs_show_no_pan_cvv_pin_sms_code_or_token() {
    // A seeded sandbox makes the SMS code the same on every run; the test reads it afterwards.
    let sandbox = RunningSandbox::start(&["--processing-delay-ms", "200", "--seed", "7"]);
    let (phone, pin) = ("79990007391", "7391");
    let out = swip()
        .args([
            "demo",
            "--sandbox-url",
            &sandbox.url,
            "--phone",
            phone,
            "--pin",
            pin,
        ])
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .output()
        .expect("swip runs");
    let all = format!("{}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{all}");
    assert!(all.contains("TRACE"), "trace logs are on");
    assert!(
        !all.contains('\u{1b}'),
        "logs to a pipe carry no colour codes"
    );

    let code = sandbox.get(&format!("/sandbox/sms?phone={phone}"))["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        !contains_secret(&all, &code),
        "the SMS code {code} was printed"
    );
    assert!(!contains_secret(&all, pin), "the PIN was printed");
    for card in sandbox.get("/sandbox/test-cards").as_array().unwrap() {
        let pan = card["pan"].as_str().unwrap();
        let grouped: Vec<&str> = (0..pan.len())
            .step_by(4)
            .map(|i| &pan[i..(i + 4).min(pan.len())])
            .collect();
        assert!(
            !all.contains(pan) && !all.contains(&grouped.join(" ")),
            "a PAN was printed"
        );
        let cvv = card["cvv"].as_str().unwrap();
        let cvv_shown = all
            .lines()
            .any(|l| l.to_ascii_lowercase().contains("cvv") && contains_secret(l, cvv));
        assert!(!cvv_shown, "a CVV was printed");
    }
    assert!(!all.contains("eyJ"), "a token (JWT) was printed");
    // A cryptogram's JWE header `{"alg":"ECDH-ES",…` in base64url.
    assert!(
        !all.contains("eyJhbGciOiJFQ0RILUVT"),
        "a cryptogram was printed"
    );
}

#[test]
fn journey_can_be_scripted_through_stdin_without_echoing_secrets() {
    let sandbox = RunningSandbox::start(&["--processing-delay-ms", "100"]);
    let cards = sandbox.get("/sandbox/test-cards");
    let card = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["behavior"] == "three_ds")
        .unwrap()
        .clone();
    let pan = card["pan"].as_str().unwrap();
    let expiry = format!(
        "{:02}/{}",
        card["expMonth"],
        card["expYear"].as_u64().unwrap() % 100
    );
    let answers = [
        "+7 999 000-55-17", // phone (the SMS code comes from the sandbox: --sandbox-sms)
        "8642",             // PIN
        "8642",             // PIN again
        "Ivan",             // first name
        "",                 // last name
        "b",                // bind a card
        pan,
        &expiry,
        "123",  // CVV
        "",     // holder: default
        "y",    // default card
        "1234", // 3-D Secure one-time code
        "o",    // order and pay
        "",     // merchant: default
        "",     // store: default
        "",     // items: default
        "",     // card: default
        "",     // e-mail: default
        "y",    // pay
        "q",
    ];
    let (code, stdout, stderr) = scripted_journey(&sandbox, &answers);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("Tokens are kept in memory only"),
        "{stderr}"
    );
    assert!(
        stdout.contains("3-D Secure page done") && stdout.contains("PAID"),
        "{stdout}"
    );
    let all = format!("{stdout}{stderr}");
    assert!(
        !all.contains(pan) && !contains_secret(&all, "8642"),
        "a secret was echoed:\n{all}"
    );
}

/// `swip journey --memory-store --sandbox-sms` on `sandbox`, answering `answers` on stdin.
fn scripted_journey(sandbox: &RunningSandbox, answers: &[&str]) -> (Option<i32>, String, String) {
    journey_at(&sandbox.url, &["--sandbox-sms"], answers)
}

#[test]
fn journey_asks_again_for_exactly_what_was_not_valid() {
    let sandbox = RunningSandbox::start(&["--processing-delay-ms", "100"]);
    let (code, stdout, stderr) = scripted_journey(
        &sandbox,
        &[
            "12345",            // not a phone: asked again, nothing sent
            "+7 999 000-55-18", // phone
            "12",               // not a PIN: asked again
            "8642",             // PIN
            "8642",             // PIN again
            "R2-D2",            // not a name: the name is asked again, not the PIN
            "Ivan",             // first name
            "",                 // last name
            "q",
        ],
    );
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let count = |prompt: &str| stderr.matches(prompt).count();
    assert_eq!(count("Phone (+7"), 2, "{stderr}");
    assert_eq!(count("Choose a PIN (4 digits) (hidden)"), 2, "{stderr}");
    assert_eq!(count("Repeat the PIN (hidden)"), 1, "{stderr}");
    assert_eq!(count("First name (optional)"), 2, "{stderr}");
    assert!(stdout.contains("signed in as"), "{stdout}");
}

#[test]
fn journey_ends_clearly_after_three_invalid_phones() {
    let sandbox = RunningSandbox::start(&[]);
    let (code, stdout, stderr) = scripted_journey(&sandbox, &["1", "2", "+7 12"]);
    assert_eq!(code, Some(3), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("no valid phone number in 3 tries") && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    assert!(!stderr.contains("no SMS code was sent"), "{stderr}");
}

#[test]
fn session_commands_without_a_kept_session_say_so() {
    let sandbox = RunningSandbox::start(&[]);
    let out = run(&["cards", "--base-url", &sandbox.url, "--memory-store"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("no saved session"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["pay", "--base-url", "http://10.0.0.1:1", "--order", "x=1"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("--base-url"),
        "{}",
        text(&out.stderr)
    );
}

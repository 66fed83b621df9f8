//! `swip journey` against a server that is not ours (issue 13), scripted as QA would type it: the
//! stand-in of swip-e2e that answers with seed 001's own example bodies, in both wire styles
//! (Spring-style `null`s, and omitted fields), each answer with an unknown extra field. A wrong SMS
//! code is refused with the server's code 14 and asked again; the right one, a PIN and names sign
//! the user up; the seed's cards are listed; the seed's order is created and paid with the default
//! card. No line the tester sees shows `UNKNOWN`, and no request is retried.

mod common;

use common::journey_at;
use swip_e2e::secrets::contains_secret;
use swip_e2e::seed_server::{SMS_CODE, SeedServer, WireStyle};

fn signs_up_lists_the_cards_and_pays(style: WireStyle) {
    // The stand-in runs on this runtime's threads while the test waits for the CLI.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(SeedServer::start(style));
    let (code, stdout, stderr) = journey_at(
        &server.url(),
        &[],
        &[
            "+7 916 000-00-00", // phone
            "0000",             // a wrong SMS code: refused (14), asked again
            SMS_CODE,           // the right one
            "8642",             // PIN
            "8642",             // PIN again
            "Ivan",             // first name
            "Petrov",           // last name
            "c",                // the card list
            "o",                // an order: the seed's merchant, store and product
            "string",
            "string",
            "string=1",
            "default", // paid with the default card
            "qa@swip.test",
            "y",
            "q",
        ],
    );
    let all = format!("{stdout}\n{stderr}");
    assert_eq!(code, Some(0), "{all}");
    // The refusal reaches the tester with the server's code, and the code is asked again.
    assert!(
        stderr.contains("(code 14)"),
        "the server's code is shown: {stderr}"
    );
    assert_eq!(stderr.matches("SMS code").count(), 2, "{stderr}");
    assert!(all.contains("signed in"), "{all}");
    // The seed's two cards: the VISA one (…2009) and the МИР one.
    assert!(all.contains("2009"), "{all}");
    assert!(all.contains("МИР"), "{all}");
    assert!(all.contains("paid"), "{all}");
    // The stand-in sends no order number and no merchant or store names (the seed does not require
    // them): nothing dangles where they would be.
    assert!(!all.contains('№'), "{all}");
    assert!(!all.contains(" · \n"), "{all}");
    assert!(!all.contains("UNKNOWN"), "{all}");
    // Secrets typed or sent are never printed.
    assert!(!contains_secret(&all, SMS_CODE), "the SMS code was printed");
    assert!(!contains_secret(&all, "8642"), "the PIN was printed");
    assert_eq!(server.count("POST /v2/signup-verifications"), 2);
    assert_eq!(server.count("POST /inapp-orders"), 1);
    assert_eq!(server.count("POST /orders/string/payments"), 1);
}

#[test]
fn spring_style_answers_through_swip_journey() {
    signs_up_lists_the_cards_and_pays(WireStyle::Spring);
}

#[test]
fn omit_style_answers_through_swip_journey() {
    signs_up_lists_the_cards_and_pays(WireStyle::Omit);
}

//! `swip sandbox`: the sandbox server standalone. The first stdout line is
//! `listening on http://ADDR` (scripts wait for it), then what a tester needs at hand: the demo
//! merchants, the test cards and the QA control endpoints.

use std::io::Write;
use std::time::Duration;

use swip_sandbox::control::{Catalog, TestCard};
use swip_sandbox::{Sandbox, SandboxConfig, WireStyle};

use crate::args::SandboxArgs;
use crate::failure::Failure;

/// The QA controls with what each does, in the order printed. Paths come from the sandbox's
/// route table, so an endpoint added there shows up here (with no description until added).
const CONTROL_HELP: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/sandbox/sms",
        "?phone=7916… → the latest SMS code sent to that phone",
    ),
    ("GET", "/sandbox/clock", "the sandbox clock"),
    (
        "POST",
        "/sandbox/clock/advance",
        "{\"seconds\": N}: move the clock forward (SMS limits, token expiry)",
    ),
    ("GET", "/sandbox/test-cards", "the test card table above"),
    (
        "POST",
        "/sandbox/3ds/{deferredId}",
        "{\"outcome\": \"pass\"|\"fail\"}: answer 3-D Secure headlessly",
    ),
    (
        "POST",
        "/sandbox/cryptograms",
        "{pan, expMonth, expYear, cvv}: a JWE cryptogram for the current key",
    ),
    (
        "POST",
        "/sandbox/cryptogram-key/rotate",
        "a new key version; old cryptograms are refused",
    ),
    (
        "GET",
        "/sandbox/catalog",
        "merchants, stores, products, loyalty campaigns",
    ),
    (
        "GET",
        "/sandbox/charges",
        "?kind=payment|hold|release → money taken for orders; 3-D Secure bindings' 1 ₽ holds",
    ),
    (
        "GET",
        "/sandbox/journal",
        "every API request and its status",
    ),
    ("GET", "/sandbox/faults", "active fault rules"),
    (
        "POST",
        "/sandbox/faults",
        "{method, path, status?, latencyMs?, drop?, count?}: inject faults",
    ),
    ("DELETE", "/sandbox/faults", "remove every fault rule"),
    (
        "DELETE",
        "/sandbox/state",
        "forget users, cards, orders, charges, SMS, faults",
    ),
    (
        "GET",
        "/sandbox/wire-style",
        "how answers write unset fields: {\"style\": \"nulls\"|\"omit\"}",
    ),
    (
        "PUT",
        "/sandbox/wire-style",
        "{\"style\": \"nulls\"|\"omit\"}: answer like a Jackson backend's default or NON_NULL",
    ),
    (
        "GET",
        "/sandbox/merchant-codes",
        "?merchantUserId=…|username=…|phone=… → a merchant user's latest SMS code",
    ),
    (
        "GET",
        "/sandbox/merchants",
        "registered merchants, their stores and campaigns",
    ),
    (
        "POST",
        "/sandbox/merchants/{merchantId}/activate",
        "SWiP's review: the merchant becomes ACTIVE",
    ),
    (
        "POST",
        "/sandbox/merchants/{merchantId}/campaigns",
        "{kind, percent, productId?, storeIds?, audience?}: start a loyalty campaign",
    ),
    (
        "DELETE",
        "/sandbox/merchants/{merchantId}/campaigns/{campaignId}",
        "end a campaign",
    ),
    (
        "GET",
        "/sandbox/stores/{storeId}/pos-credentials",
        "what a till of the store sends (token, X-Merchant-ID, X-Store-ID)",
    ),
    (
        "POST",
        "/sandbox/pos-stores",
        "an ACTIVE merchant with a store in one call (or `swip pos store`)",
    ),
    (
        "GET",
        "/sandbox/pos-ledger",
        "holds, captures, releases and refunds of till orders",
    ),
];

/// Serves until Ctrl-C.
pub async fn run(args: SandboxArgs) -> Result<(), Failure> {
    let config = SandboxConfig {
        processing_delay: Duration::from_millis(args.processing_delay_ms),
        seed: args.seed,
        wire_style: args.wire_style,
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start_on(args.addr, config)
        .await
        .map_err(|e| Failure::setup(format!("cannot listen on {}: {e}", args.addr)))?;
    let url = sandbox.url();
    let text = format!(
        "listening on {url}\n\n{}\n{}\n{}\n{}\n{}",
        wire_style_text(args.wire_style),
        catalog_text(&sandbox.catalog()),
        test_cards_text(&sandbox.test_cards()),
        controls_text(&url),
        other_endpoints_text(&url)
    );
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
    let _ = stdout.flush();
    drop(stdout);
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Failure::setup(format!("cannot wait for Ctrl-C: {e}")))?;
    sandbox.shutdown().await;
    Ok(())
}

/// The wire style in force, in Russian and English: what a client must read.
pub fn wire_style_text(style: WireStyle) -> String {
    let (ru, en) = match style {
        WireStyle::Nulls => (
            "незаполненные поля приходят как null, ошибка — с \"fieldErrors\": null",
            "unset fields are sent as null, errors with \"fieldErrors\": null (as the seeds show)",
        ),
        WireStyle::Omit => (
            "незаполненные поля не передаются, ошибка — без fieldErrors",
            "unset fields are left out, errors without fieldErrors (Jackson NON_NULL)",
        ),
    };
    format!(
        "Wire style / стиль ответов: {style} (--wire-style, SWIP_WIRE_STYLE, PUT /sandbox/wire-style)\n  \
         {ru}\n  {en}\n"
    )
}

/// The merchants with their stores, products and campaigns.
pub fn catalog_text(catalog: &Catalog) -> String {
    let mut out = String::from(
        "Demo merchants (POST /inapp-orders: merchantId, merchantStoreId, productId):\n",
    );
    for merchant in &catalog.merchants {
        out.push_str(&format!(
            "  {} — {} ({})\n",
            merchant.merchant_id, merchant.name, merchant.category
        ));
        for store in &merchant.stores {
            out.push_str(&format!(
                "    store    {:<24} {}\n",
                store.merchant_store_id, store.name
            ));
        }
        for product in &merchant.products {
            out.push_str(&format!(
                "    product  {:<24} {:<22} {:>9} ₽ / {}\n",
                product.product_id, product.name, product.price, product.unit
            ));
        }
        for campaign in &merchant.campaigns {
            out.push_str(&format!(
                "    loyalty  {:<24} {}\n",
                campaign.campaign_id, campaign.description
            ));
        }
    }
    out
}

/// The test card table: pan, expiry, CVV, brand, behavior, bank.
pub fn test_cards_text(cards: &[TestCard]) -> String {
    let mut out = String::from(
        "Test cards (holder: 2-26 Latin letters, e.g. IVAN PETROV; any other valid number binds and pays):\n",
    );
    out.push_str(&format!(
        "  {:<18} {:<8} {:<4} {:<11} {:<27} {}\n",
        "pan", "expiry", "cvv", "brand", "behavior", "bank"
    ));
    for card in cards {
        let behavior = serde_json::to_value(card.behavior)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {:<18} {:02}/{:<5} {:<4} {:<11} {:<27} {}\n",
            card.pan,
            card.exp_month,
            card.exp_year,
            card.cvv,
            card.payment_system.as_str(),
            behavior,
            card.bank_name
        ));
    }
    out.push_str(
        "  3-D Secure: the bank's page accepts the one-time code 1234; any other code fails.\n",
    );
    out
}

/// The `/sandbox/` endpoints of the route table, described.
pub fn controls_text(url: &str) -> String {
    let mut out = format!("QA controls (not part of SWiP's API) at {url}:\n");
    let controls: Vec<_> = swip_sandbox::routes::route_table()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/sandbox/"))
        .collect();
    let width = controls
        .iter()
        .map(|(_, path)| path.len())
        .max()
        .unwrap_or(0);
    for (method, path) in controls {
        let help = CONTROL_HELP
            .iter()
            .find(|(m, p, _)| *m == method.as_str() && *p == path)
            .map_or("", |(_, _, help)| help);
        let line = format!("  {:<7}{path:<width$} {help}", method.as_str());
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn other_endpoints_text(url: &str) -> String {
    format!(
        "Also: {url}/openapi.json (the three APIs), {url}/ext/cryptogram-key (card encryption key), \
         {url}/ext/bank/3ds/{{deferredId}} (the bank's 3-D Secure page).\n\
         The merchant registration API is under {url}/merchant-api, the POS API under \
         {url}/pos-api: `swip pos store --sandbox-url {url}` opens a shop whose till \
         `swip pos` drives.\nCtrl-C stops the sandbox."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_description_names_a_served_control() {
        let table = swip_sandbox::routes::route_table();
        for (method, path, _) in CONTROL_HELP {
            assert!(
                table
                    .iter()
                    .any(|(m, p)| m.as_str() == *method && p == path),
                "{method} {path} is not served"
            );
        }
        let text = controls_text("http://127.0.0.1:1");
        assert!(
            text.contains("/sandbox/sms") && text.contains("latest SMS code"),
            "{text}"
        );
    }

    #[test]
    fn test_cards_show_pan_expiry_cvv_brand_and_behavior() {
        let text = test_cards_text(&swip_sandbox::test_cards::test_cards(2026));
        assert!(
            text.contains("2202200000000008   12/2030  123  МИР"),
            "{text}"
        );
        assert!(
            text.contains("three_ds") && text.contains("payment_decline"),
            "{text}"
        );
    }
}

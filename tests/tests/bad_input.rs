//! Bad input, table-driven: every user input of the wallet API (phone, SMS code, PIN, names, card
//! fields, e-mail, order lines, merchant, store, product and card ids) with values a user or a
//! buggy shell could send. Each must be refused with a typed error naming the field, before any
//! request (the sandbox's journal sees nothing), leaving the state unchanged and never echoing
//! the value.

use std::future::Future;
use std::pin::Pin as Boxed;

use swip_core::input::Field;
use swip_core::wallet::{CardForm, OrderLine, Wallet, WalletError};
use swip_e2e::{EMAIL, Harness, PIN};
use swip_sandbox::control::CardBehavior;

type Action<'a> = Boxed<Box<dyn Future<Output = Result<(), WalletError>> + 'a>>;

/// One row: what is tried, the field the error must name, and the value that must not be echoed.
struct Case<'a> {
    what: String,
    field: Field,
    action: Action<'a>,
}

fn case<'a>(
    what: impl Into<String>,
    field: Field,
    action: impl Future<Output = Result<(), WalletError>> + 'a,
) -> Case<'a> {
    Case {
        what: what.into(),
        field,
        action: Box::pin(action),
    }
}

/// Runs `cases` on `h`'s wallet; returns how many were tried.
async fn refuse_all(h: &Harness, cases: Vec<Case<'_>>) -> usize {
    let tried = cases.len();
    for Case {
        what,
        field,
        action,
    } in cases
    {
        let requests = h.sandbox.journal().len();
        let before = h.wallet.state();
        let error = action.await.expect_err(&what);
        let WalletError::InvalidInput(errors) = &error else {
            panic!("{what}: not an input error: {error:?}");
        };
        assert!(
            errors.fields().contains(&field),
            "{what}: {:?} does not name {field:?}",
            errors.fields()
        );
        assert_eq!(
            h.sandbox.journal().len(),
            requests,
            "{what}: a request left"
        );
        assert_eq!(h.wallet.state(), before, "{what}: the state changed");
    }
    tried
}

fn form(h: &Harness) -> CardForm {
    h.card(CardBehavior::Success).1
}

fn line(product: &str, quantity: f64) -> Vec<OrderLine> {
    vec![OrderLine {
        product_id: product.into(),
        quantity,
    }]
}

fn card_cases<'a>(w: &'a Wallet, good: &CardForm) -> Vec<Case<'a>> {
    let with = |change: &dyn Fn(&mut CardForm)| {
        let mut form = good.clone();
        change(&mut form);
        form
    };
    let forms = [
        (
            "number: Luhn",
            Field::CardNumber,
            with(&|f| f.number = "4111 1111 1111 1112".into()),
        ),
        (
            "number: empty",
            Field::CardNumber,
            with(&|f| f.number.clear()),
        ),
        (
            "number: too short",
            Field::CardNumber,
            with(&|f| f.number = "4111".into()),
        ),
        (
            "number: too long",
            Field::CardNumber,
            with(&|f| f.number = "4".repeat(25)),
        ),
        (
            "number: letters",
            Field::CardNumber,
            with(&|f| f.number = "4111-abcd-1111-1111".into()),
        ),
        (
            "number: unknown brand",
            Field::CardNumber,
            with(&|f| f.number = "9999999999999995".into()),
        ),
        (
            "expiry: month 13",
            Field::Expiry,
            with(&|f| f.exp_month = 13),
        ),
        ("expiry: month 0", Field::Expiry, with(&|f| f.exp_month = 0)),
        ("expiry: past", Field::Expiry, with(&|f| f.exp_year = 2020)),
        (
            "expiry: far future",
            Field::Expiry,
            with(&|f| f.exp_year = 2199),
        ),
        ("CVV: short", Field::Cvv, with(&|f| f.cvv = "12".into())),
        ("CVV: letters", Field::Cvv, with(&|f| f.cvv = "1a3".into())),
        ("CVV: empty", Field::Cvv, with(&|f| f.cvv.clear())),
        (
            "holder: Cyrillic",
            Field::Holder,
            with(&|f| f.holder = "ИВАН ПЕТРОВ".into()),
        ),
        ("holder: empty", Field::Holder, with(&|f| f.holder.clear())),
        (
            "holder: too long",
            Field::Holder,
            with(&|f| f.holder = "A".repeat(60)),
        ),
        (
            "holder: digits",
            Field::Holder,
            with(&|f| f.holder = "IVAN 2580".into()),
        ),
        (
            "holder: one letter",
            Field::Holder,
            with(&|f| f.holder = "A".into()),
        ),
    ];
    forms
        .into_iter()
        .map(|(what, field, form)| {
            case(format!("bind_card {what}"), field, async move {
                w.bind_card(&form, false).await
            })
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn every_bad_input_is_refused_before_any_request() {
    let h = Harness::start().await;
    let w = &h.wallet;
    let phone = "79160008000";
    let mut tried = 0;

    // Signed out: the phone.
    let phones = [
        "",
        "7916000000",
        "791600000000",
        "7916000000a",
        "+7 (916) abc",
        "phone",
    ];
    tried += refuse_all(
        &h,
        phones
            .iter()
            .map(|p| case(format!("phone {p:?}"), Field::Phone, w.start_signup(p)))
            .collect(),
    )
    .await;

    // The SMS code.
    w.start_signup(phone).await.unwrap();
    let codes = ["", "123", "12345", "12a4", "١٢٣٤", " 1234 5"];
    tried += refuse_all(
        &h,
        codes
            .iter()
            .map(|c| case(format!("code {c:?}"), Field::SmsCode, w.submit_code(c)))
            .collect(),
    )
    .await;

    // The PIN and the names.
    w.submit_code(&h.sms_code(phone)).await.unwrap();
    let long = "A".repeat(200);
    let mut cases: Vec<Case> = ["", "12", "12345", "12x4", "١٢٣٤"]
        .iter()
        .map(|p| case(format!("PIN {p:?}"), Field::Pin, w.set_pin(p, "", "")))
        .collect();
    for name in [long.as_str(), "Ivan1", "<script>", "Ivan\u{0}", "Ivan-"] {
        cases.push(case(
            format!("first name {name:.12?}"),
            Field::FirstName,
            w.set_pin(PIN, name, ""),
        ));
        cases.push(case(
            format!("last name {name:.12?}"),
            Field::LastName,
            w.set_pin(PIN, "", name),
        ));
    }
    tried += refuse_all(&h, cases).await;

    // Signed in with a card and an order: cards, e-mail, ids, order lines.
    w.set_pin(PIN, "Ivan", "Petrov").await.unwrap();
    let card = h.bind_success_card(CardBehavior::Success).await;
    h.create_demo_order().await;
    let good = form(&h);
    tried += refuse_all(&h, card_cases(w, &good)).await;

    let long_id = "c".repeat(65);
    let catalog = h.sandbox.catalog();
    let mut cases = Vec::new();
    for email in [
        "",
        "ivan",
        "ivan@",
        "@swip.test",
        "iv an@swip.test",
        "ivan@swip",
        "ivan@x.r1",
        "a@-x.ru",
    ] {
        cases.push(case(
            format!("email {email:?}"),
            Field::Email,
            w.pay(Some(&card.id), email),
        ));
    }
    for id in ["", "a b", long_id.as_str(), "карта", "id\n"] {
        cases.push(case(
            format!("pay card id {id:.12?}"),
            Field::CardId,
            w.pay(Some(id), EMAIL),
        ));
        cases.push(case(
            format!("default card id {id:.12?}"),
            Field::CardId,
            w.set_default_card(id),
        ));
        cases.push(case(
            format!("unset card id {id:.12?}"),
            Field::CardId,
            w.unset_default_card(id),
        ));
        cases.push(case(
            format!("delete card id {id:.12?}"),
            Field::CardId,
            w.delete_card(id),
        ));
    }
    let merchant = &catalog.merchants[0];
    let (m, s) = (&merchant.merchant_id, &merchant.stores[0].merchant_store_id);
    let p = merchant.products[0].product_id.as_str();
    let orders: Vec<(&str, Field, &str, &str, Vec<OrderLine>)> = vec![
        ("merchant empty", Field::Merchant, "", s, line(p, 1.0)),
        (
            "merchant with a space",
            Field::Merchant,
            "swip coffee",
            s,
            line(p, 1.0),
        ),
        ("store empty", Field::Merchant, m, "", line(p, 1.0)),
        ("no lines", Field::Purchases, m, s, Vec::new()),
        (
            "101 lines",
            Field::Purchases,
            m,
            s,
            (0..101).flat_map(|_| line(p, 1.0)).collect(),
        ),
        ("product empty", Field::ProductId, m, s, line("", 1.0)),
        (
            "product too long",
            Field::ProductId,
            m,
            s,
            line(&long_id, 1.0),
        ),
        ("quantity 0", Field::Quantity, m, s, line(p, 0.0)),
        ("quantity negative", Field::Quantity, m, s, line(p, -2.0)),
        ("quantity NaN", Field::Quantity, m, s, line(p, f64::NAN)),
        (
            "quantity infinite",
            Field::Quantity,
            m,
            s,
            line(p, f64::INFINITY),
        ),
        ("quantity too big", Field::Quantity, m, s, line(p, 1e9)),
    ];
    for (what, field, merchant_id, store_id, lines) in orders {
        cases.push(case(format!("order {what}"), field, async move {
            w.create_order(merchant_id, store_id, &lines).await
        }));
    }
    tried += refuse_all(&h, cases).await;
    println!("bad inputs tried: {tried}, refused before any request: {tried}");
    assert_eq!(tried, 85, "every row of the table ran");
    // A valid one still goes through afterwards.
    w.pay(Some(&card.id), EMAIL).await.unwrap();
}

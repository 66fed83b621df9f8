//! The client half of the JWE cryptogram against the sandbox's decryption: a sealed card binds (the sandbox
//! opened it and read the right number), random valid cards round-trip (proptest), and a key
//! rotation costs exactly one refetch however many bindings hit it.

mod api_support;

use std::sync::Arc;

use api_support::{HOLDER, World, phone};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use swip_core::api::IdempotencyKey;
use swip_core::cryptogram::{CardSealer, SealableCard, SealedCard};
use swip_core::session::{Session, SessionError};
use swip_protocol::cards::{BindCardRequest, PaymentSystem};
use swip_protocol::deferred::{DeferredResponse, DeferredStatus};
use swip_sandbox::control::CardBehavior;
use tokio::task::JoinSet;

/// Card data made up by the test (any Luhn-valid number binds in the sandbox).
#[derive(Debug, Clone)]
struct MadeUpCard {
    pan: String,
    exp_month: u8,
    exp_year: u16,
    cvv: String,
}

impl SealableCard for MadeUpCard {
    fn pan_digits(&self) -> &str {
        &self.pan
    }
    fn exp_month(&self) -> u8 {
        self.exp_month
    }
    fn exp_year(&self) -> u16 {
        self.exp_year
    }
    fn cvv_digits(&self) -> &str {
        &self.cvv
    }
}

/// `body` plus its Luhn check digit.
fn with_luhn_digit(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Binds `sealed` through the session with a fresh idempotency key.
async fn bind(session: &Session, sealed: SealedCard) -> Result<DeferredResponse, SessionError> {
    let request = BindCardRequest {
        add_as_default: false,
        holder: HOLDER.into(),
        cryptogram: sealed.cryptogram,
    };
    let key = IdempotencyKey::generate().unwrap();
    session
        .call(|call| Box::pin(call.api.bind_card(call.token, &request, &key)))
        .await
}

async fn token(world: &World) -> swip_protocol::SecretString {
    world.vault.tokens().unwrap().unwrap().token
}

#[tokio::test]
async fn a_sealed_test_card_binds_and_the_sandbox_read_its_number() {
    let world = World::start().await;
    let session = world.session(&phone(30)).await;
    let sealer = CardSealer::new(world.api.clone(), Arc::new(session.clone()));
    let card = world.sandbox.test_card(CardBehavior::Success);
    let deferred = sealer
        .send_with_key_retry(&world.card_input(&card), |sealed| bind(&session, sealed))
        .await
        .unwrap();
    let token = token(&world).await;
    assert_eq!(
        world.settle(&token, &deferred.deferred_id).await.status,
        DeferredStatus::Success
    );
    let cards = world.api.list_cards(&token).await.unwrap().body;
    assert_eq!(
        cards[0].card_number,
        format!("**** **** **** {}", &card.pan[card.pan.len() - 4..])
    );
    assert_eq!(cards[0].payment_system, card.payment_system);
    assert_eq!(sealer.key_fetches(), 1);
}

#[tokio::test]
async fn a_rotated_key_costs_one_refetch_for_many_bindings() {
    let world = World::start().await;
    let session = world.session(&phone(31)).await;
    let sealer = Arc::new(CardSealer::new(
        world.api.clone(),
        Arc::new(session.clone()),
    ));
    assert_eq!(sealer.key().await.unwrap().kid, "sandbox-1");
    world.sandbox.rotate_cryptogram_key();

    let mut bindings = JoinSet::new();
    for n in 0..8u32 {
        let (sealer, session) = (sealer.clone(), session.clone());
        let card = MadeUpCard {
            pan: with_luhn_digit(&format!("411111{n:09}")),
            exp_month: 12,
            exp_year: 2040,
            cvv: "321".into(),
        };
        bindings.spawn(async move {
            sealer
                .send_with_key_retry(&card, |sealed| bind(&session, sealed))
                .await
        });
    }
    let results = bindings.join_all().await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(sealer.key_fetches(), 2, "the first fetch and one refetch");
    assert_eq!(world.journal_count("GET", "/ext/cryptogram-key"), 2);
    assert_eq!(sealer.cached_kid().as_deref(), Some("sandbox-2"));
    let refused = world
        .sandbox
        .journal()
        .iter()
        .filter(|e| e.method == "POST" && e.path == "/payment-cards" && e.status == 400)
        .count();
    assert_eq!(
        refused, 8,
        "each binding refused once for the old key, then sent again"
    );
}

#[test]
fn random_valid_cards_round_trip_through_the_sandbox_decryption() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let world = runtime.block_on(World::start());
    let session = runtime.block_on(world.session(&phone(32)));
    let sealer = CardSealer::new(world.api.clone(), Arc::new(session.clone()));
    let year = world.today().year;

    // (prefix, total length, payment system)
    let brands = prop_oneof![
        Just(("4", 16usize, PaymentSystem::Visa)),
        (0u8..5).prop_map(|d| (
            ["2200", "2201", "2202", "2203", "2204"][d as usize],
            16,
            PaymentSystem::Mir
        )),
        (16usize..=19).prop_map(|len| ("2200", len, PaymentSystem::Mir)),
        (51u8..=55).prop_map(|p| (
            ["51", "52", "53", "54", "55"][(p - 51) as usize],
            16,
            PaymentSystem::Mastercard
        )),
        Just(("2221", 16, PaymentSystem::Mastercard)),
        Just(("2720", 16, PaymentSystem::Mastercard)),
    ];
    let cards = (
        brands,
        proptest::collection::vec(0u8..10, 19),
        1u8..=12,
        1u16..=10,
        0u16..1000,
    )
        .prop_map(move |((prefix, len, system), digits, month, ahead, cvv)| {
            let mut body = prefix.to_owned();
            for d in digits.iter().take(len - 1 - prefix.len()) {
                body.push(char::from(b'0' + d));
            }
            let card = MadeUpCard {
                pan: with_luhn_digit(&body),
                exp_month: month,
                exp_year: year + ahead,
                cvv: format!("{cvv:03}"),
            };
            (card, system)
        });

    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&cards, |(card, system)| {
            runtime.block_on(async {
                let sealed = sealer
                    .seal(&card)
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let deferred = bind(&session, sealed)
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let token = token(&world).await;
                let status = world.settle(&token, &deferred.deferred_id).await;
                prop_assert_eq!(status.status, DeferredStatus::Success);
                // The only card on the account is the one just bound: its number came out right.
                let cards = world.api.list_cards(&token).await.unwrap().body;
                prop_assert_eq!(cards.len(), 1);
                let last4 = &card.pan[card.pan.len() - 4..];
                prop_assert_eq!(&cards[0].card_number, &format!("**** **** **** {last4}"));
                prop_assert_eq!(&cards[0].payment_system, &system);
                world.api.delete_card(&token, &cards[0].id).await.unwrap();
                Ok(())
            })
        })
        .unwrap();
    assert!(
        world.journal_count("POST", "/payment-cards") >= 24,
        "every case bound a card"
    );
}

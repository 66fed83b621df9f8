//! The wallet core and the sandbox agree on every input rule (`swip_protocol::rules`).
//!
//! One table of inputs per rule (the cases that used to disagree included: the e-mails `ivan@x.r1`
//! and `a@-x.ru`, the name `D'Artagnan`, Maestro and non-Maestro `56…` numbers) is fed to the
//! core's typed input parsers and, over HTTP through the core's own API client, to the sandbox's
//! real handlers. A row passes when
//! - the core's verdict is the one decided for the row (so a rule cannot drift on both sides at
//!   once), and
//! - the sandbox refuses the row with a `fieldError` on the field (400, code 5) exactly when the
//!   core refuses it. The sandbox receives what the core would send: the normalised value when the
//!   core accepts the input (`8 916 …` → `79160000000`), the raw input when it refuses it.

use swip_core::api::{ApiClient, ApiConfig, ApiError, IdempotencyKey};
use swip_core::input::card::{CardInput, YearMonth};
use swip_core::input::{Email, Field, PersonName, Phone, Pin, SmsCode};
use swip_core::wallet::{WalletConfig, same_endpoint};
use swip_protocol::auth::{PinSetupRequest, SignupRequest, VerificationRequest};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::orders::PayOrderRequest;
use swip_protocol::rules::pan::luhn_check_digit;
use swip_protocol::{ErrorCode, SecretString};
use swip_sandbox::control::{CardBehavior, CryptogramRequest};
use swip_sandbox::{Sandbox, SandboxConfig};

const ACCEPT: bool = true;
const REFUSE: bool = false;

/// The sandbox's verdict on `field`: refused (400 code 5 naming it) or not. A code 5 naming only
/// other fields means the probe itself sent something wrong.
fn sandbox_accepts<T>(result: &Result<T, ApiError>, field: &str, what: &str) -> bool {
    match result {
        Err(error) if error.code() == Some(ErrorCode::ValidationFailed) => {
            let fields: Vec<&str> = error
                .field_errors()
                .iter()
                .map(|e| e.field.as_str())
                .collect();
            assert!(
                fields.contains(&field),
                "{what}: refused on {fields:?}, not on {field}"
            );
            false
        }
        _ => true,
    }
}

/// Compares the core's and the sandbox's verdicts with the decided one.
fn agree(rule: &str, input: &str, decided: bool, core: bool, sandbox: bool) {
    let show = |ok: bool| if ok { "accepts" } else { "refuses" };
    assert_eq!(
        core,
        decided,
        "{rule} {input:?}: the core {} it, the rule says it {}",
        show(core),
        show(decided)
    );
    assert_eq!(
        sandbox,
        core,
        "{rule} {input:?}: the core {} it, the sandbox {}",
        show(core),
        show(sandbox)
    );
}

struct World {
    sandbox: Sandbox,
    api: ApiClient,
    next_phone: u32,
}

impl World {
    async fn start() -> World {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let api = ApiClient::new(&ApiConfig::new(sandbox.url())).expect("client");
        World {
            sandbox,
            api,
            next_phone: 0,
        }
    }

    fn fresh_phone(&mut self) -> String {
        self.next_phone += 1;
        format!("7999{:07}", self.next_phone)
    }

    /// A signup token whose SMS code was verified (a new user, ready for the PIN).
    async fn verified_signup(&mut self) -> SecretString {
        let phone = self.fresh_phone();
        let token = self
            .api
            .signup(&SignupRequest {
                phone: phone.clone(),
            })
            .await
            .expect("signup")
            .into_body()
            .token;
        let code = self.sandbox.latest_sms(&phone).expect("SMS").code;
        self.api
            .verify_code(
                &token,
                &VerificationRequest {
                    code: SecretString::new(code),
                },
            )
            .await
            .expect("verification");
        token
    }

    async fn set_pin(
        &mut self,
        pin: &str,
        first: Option<String>,
        last: Option<String>,
    ) -> Result<(), ApiError> {
        let token = self.verified_signup().await;
        let request = PinSetupRequest {
            device_id: "agreement-device".into(),
            first_name: first,
            last_name: last,
            password: SecretString::new(pin),
        };
        self.api.set_pin(&token, &request).await.map(|_| ())
    }

    /// A signed-in user's session token.
    async fn session(&mut self) -> SecretString {
        let token = self.verified_signup().await;
        let request = PinSetupRequest {
            device_id: "agreement-device".into(),
            first_name: None,
            last_name: None,
            password: SecretString::new("2580"),
        };
        self.api
            .set_pin(&token, &request)
            .await
            .expect("PIN")
            .into_body()
            .token
    }

    async fn bind(
        &self,
        session: &SecretString,
        holder: &str,
        cryptogram: String,
    ) -> Result<(), ApiError> {
        let request = BindCardRequest {
            add_as_default: false,
            holder: holder.to_owned(),
            cryptogram: SecretString::new(cryptogram),
        };
        let key = IdempotencyKey::generate().expect("random");
        self.api
            .bind_card(session, &request, &key)
            .await
            .map(|_| ())
    }

    fn cryptogram(&self, pan: &str, month: u32, year: u32, cvv: &str) -> String {
        self.sandbox.make_cryptogram(&CryptogramRequest {
            pan: pan.to_owned(),
            exp_month: u8::try_from(month).unwrap_or(u8::MAX),
            exp_year: u16::try_from(year).unwrap_or(u16::MAX),
            cvv: cvv.to_owned(),
            generated_at: None,
        })
    }
}

fn with_check(payload: &str) -> String {
    format!("{payload}{}", luhn_check_digit(payload).expect("digits"))
}

#[tokio::test]
async fn phones() {
    let w = World::start().await;
    let rows = [
        ("79160000001", ACCEPT),
        ("+7 (916) 000-00-02", ACCEPT),
        ("8 916 000 00 03", ACCEPT),
        (" 7-916-000-00-04 ", ACCEPT),
        ("19160000005", ACCEPT),
        ("7916000000", REFUSE),
        ("791600000001", REFUSE),
        ("7916abc0000", REFUSE),
        ("79160000005;", REFUSE),
        ("７９１６０００００００", REFUSE),
        ("", REFUSE),
    ];
    let inputs = rows.len();
    for (typed, decided) in rows {
        let core = Phone::parse(typed);
        let wire = core.as_ref().map_or(typed, Phone::as_str).to_owned();
        let answer = w.api.signup(&SignupRequest { phone: wire }).await;
        let sandbox = sandbox_accepts(&answer, "phone", typed);
        agree("phone", typed, decided, core.is_ok(), sandbox);
        if sandbox {
            answer.expect("an accepted phone starts a signup");
        }
    }
    println!("phone: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn sms_codes() {
    let mut w = World::start().await;
    let phone = w.fresh_phone();
    let token = w
        .api
        .signup(&SignupRequest { phone })
        .await
        .expect("signup")
        .into_body()
        .token;
    let rows = [
        ("6826", ACCEPT),
        (" 6826 ", ACCEPT),
        ("0000", ACCEPT),
        ("682", REFUSE),
        ("68265", REFUSE),
        ("68a6", REFUSE),
        ("٦٨٢٦", REFUSE),
        ("", REFUSE),
    ];
    let inputs = rows.len();
    for (typed, decided) in rows {
        let core = SmsCode::parse(typed);
        let wire = core
            .as_ref()
            .map_or(typed, |code| code.secret().expose())
            .to_owned();
        let answer = w
            .api
            .verify_code(
                &token,
                &VerificationRequest {
                    code: SecretString::new(wire),
                },
            )
            .await;
        // A well-formed code may still be the wrong one (code 14): the rule passed.
        let sandbox = sandbox_accepts(&answer, "code", typed);
        agree("SMS code", typed, decided, core.is_ok(), sandbox);
    }
    println!("SMS code: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn pins() {
    let mut w = World::start().await;
    let rows = [
        ("1111", ACCEPT),
        ("0000", ACCEPT),
        (" 2580 ", ACCEPT),
        ("123", REFUSE),
        ("12345", REFUSE),
        ("12a4", REFUSE),
        ("١٢٣٤", REFUSE),
        ("", REFUSE),
    ];
    let inputs = rows.len();
    for (typed, decided) in rows {
        let core = Pin::parse(typed);
        let wire = core
            .as_ref()
            .map_or(typed, |pin| pin.secret().expose())
            .to_owned();
        let answer = w.set_pin(&wire, None, None).await;
        let sandbox = sandbox_accepts(&answer, "password", typed);
        agree("PIN", typed, decided, core.is_ok(), sandbox);
        if sandbox {
            answer.expect("an accepted PIN signs the user up");
        }
    }
    println!("PIN: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn names() {
    let mut w = World::start().await;
    let fifty = "я".repeat(50);
    let fifty_one = "я".repeat(51);
    let rows = [
        ("Иван", ACCEPT),
        ("Анна-Мария", ACCEPT),
        ("D'Artagnan", ACCEPT),
        ("O’Neil", ACCEPT),
        ("Jürgen", ACCEPT),
        (" Пётр ", ACCEPT),
        ("Ли Мин", ACCEPT),
        ("   ", ACCEPT), // blank: not sent
        (fifty.as_str(), ACCEPT),
        (fifty_one.as_str(), REFUSE),
        ("R2D2", REFUSE),
        ("-Ivan", REFUSE),
        ("Ivan-", REFUSE),
        ("Ivan.", REFUSE),
        ("Ivan_P", REFUSE),
        ("<b>", REFUSE),
    ];
    let inputs = rows.len();
    for (typed, decided) in rows {
        for field in [Field::FirstName, Field::LastName] {
            let core = PersonName::parse_optional(typed, field);
            let wire = match &core {
                Ok(name) => name.as_ref().map(|n| n.as_str().to_owned()),
                Err(_) => Some(typed.to_owned()),
            };
            let (wire_field, answer) = if field == Field::FirstName {
                ("firstName", w.set_pin("2580", wire, None).await)
            } else {
                ("lastName", w.set_pin("2580", None, wire).await)
            };
            let sandbox = sandbox_accepts(&answer, wire_field, typed);
            agree(wire_field, typed, decided, core.is_ok(), sandbox);
            if sandbox {
                answer.expect("an accepted name signs the user up");
            }
        }
    }
    println!("first and last name: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn card_holders() {
    let mut w = World::start().await;
    let card = w.sandbox.test_card(CardBehavior::Success);
    let twenty_six = "A".repeat(26);
    let twenty_seven = "A".repeat(27);
    let rows = [
        ("IVAN PETROV", ACCEPT),
        ("ivan petrov", ACCEPT),
        ("  ivan   petrov ", ACCEPT),
        ("cardholder name", ACCEPT),
        ("J. O'NEIL-SMITH", ACCEPT),
        ("IV", ACCEPT),
        (twenty_six.as_str(), ACCEPT),
        (twenty_seven.as_str(), REFUSE),
        ("A", REFUSE),
        ("ИВАН ПЕТРОВ", REFUSE),
        ("IVAN2", REFUSE),
        ("O’NEIL", REFUSE),
        ("", REFUSE),
    ];
    let inputs = rows.len();
    for (typed, decided) in rows {
        // A user of its own: a card binds once per user (the same number again is a duplicate).
        let session = w.session().await;
        let core = swip_core::input::card::Holder::parse(typed);
        let wire = core.as_ref().map_or(typed, |h| h.as_str()).to_owned();
        let cryptogram = w.cryptogram(
            &card.pan,
            card.exp_month.into(),
            card.exp_year.into(),
            &card.cvv,
        );
        let answer = w.bind(&session, &wire, cryptogram).await;
        let sandbox = sandbox_accepts(&answer, "holder", typed);
        agree("holder", typed, decided, core.is_ok(), sandbox);
        if sandbox {
            answer.expect("an accepted holder starts a binding");
        }
    }
    println!("holder: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn card_data() {
    let mut w = World::start().await;
    let today = YearMonth::from_unix_ms(w.sandbox.now_ms());
    let (month, year) = (u32::from(today.month), u32::from(today.year));
    let last_month = if month == 1 {
        (12, year - 1)
    } else {
        (month - 1, year)
    };
    let visa = "4111111111111111".to_owned();
    let mir = with_check("220000000000123");
    let maestro = with_check("639002000000000");
    let maestro_19 = with_check("676100000000000000");
    let old_maestro_56 = with_check("560000000000000");
    let discover = with_check("601100000000000");
    let unknown = with_check("999999999999999");
    let amex = "378282246310005".to_owned();
    let spaced = "4111 1111 1111 1111".to_owned();
    // (what, pan, month, year, cvv, decided)
    let rows: Vec<(&str, String, u32, u32, &str, bool)> = vec![
        ("VISA", visa.clone(), 12, year + 4, "123", ACCEPT),
        (
            "VISA typed with spaces",
            spaced,
            12,
            year + 4,
            "123",
            ACCEPT,
        ),
        ("МИР", mir.clone(), 12, year + 4, "123", ACCEPT),
        ("Maestro 6390", maestro, 12, year + 4, "123", ACCEPT),
        ("Maestro 19 digits", maestro_19, 12, year + 4, "123", ACCEPT),
        ("AMEX", amex.clone(), 12, year + 4, "1234", ACCEPT),
        ("this month", visa.clone(), month, year, "123", ACCEPT),
        (
            "two-digit year",
            mir.clone(),
            12,
            (year + 4) % 100,
            "123",
            ACCEPT,
        ),
        ("20 years ahead", visa.clone(), 1, year + 20, "123", ACCEPT),
        (
            "Luhn",
            "4111111111111112".into(),
            12,
            year + 4,
            "123",
            REFUSE,
        ),
        (
            "56… is no Maestro",
            old_maestro_56,
            12,
            year + 4,
            "123",
            REFUSE,
        ),
        ("Discover", discover, 12, year + 4, "123", REFUSE),
        ("unknown system", unknown, 12, year + 4, "123", REFUSE),
        (
            "VISA of 17 digits",
            with_check("4111111111111111"),
            12,
            year + 4,
            "123",
            REFUSE,
        ),
        (
            "too short",
            with_check("4111111111"),
            12,
            year + 4,
            "123",
            REFUSE,
        ),
        (
            "letters",
            "4111x11111111111".into(),
            12,
            year + 4,
            "123",
            REFUSE,
        ),
        ("month 13", visa.clone(), 13, year + 4, "123", REFUSE),
        ("month 0", visa.clone(), 0, year + 4, "123", REFUSE),
        (
            "last month",
            visa.clone(),
            last_month.0,
            last_month.1,
            "123",
            REFUSE,
        ),
        ("21 years ahead", visa.clone(), 1, year + 21, "123", REFUSE),
        ("CVV of 2", visa.clone(), 12, year + 4, "12", REFUSE),
        (
            "CVV of 4 on VISA",
            visa.clone(),
            12,
            year + 4,
            "1234",
            REFUSE,
        ),
        ("CVV of 3 on AMEX", amex, 12, year + 4, "123", REFUSE),
        ("CVV letters", mir, 12, year + 4, "12a", REFUSE),
    ];
    let inputs = rows.len();
    for (what, pan, exp_month, exp_year, cvv, decided) in rows {
        let session = w.session().await;
        let core = CardInput::parse(&pan, exp_month, exp_year, cvv, "IVAN PETROV", today);
        let cryptogram = match &core {
            Ok(card) => w.cryptogram(
                card.pan().expose(),
                card.expiry().month().into(),
                card.expiry().year().into(),
                card.cvv().expose(),
            ),
            Err(_) => w.cryptogram(&pan, exp_month, exp_year, cvv),
        };
        let answer = w.bind(&session, "IVAN PETROV", cryptogram).await;
        let sandbox = sandbox_accepts(&answer, "cryptogram", what);
        agree("card", what, decided, core.is_ok(), sandbox);
        if sandbox {
            answer.expect("an accepted card starts a binding");
        }
    }
    println!("card data: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn emails() {
    let mut w = World::start().await;
    let session = w.session().await;
    let too_long = format!("{}@{}.ru", "a".repeat(64), "b".repeat(200));
    let rows = [
        ("ivan@example.ru", ACCEPT),
        (" ivan@example.ru ", ACCEPT),
        ("ivan.petrov+swip@mail.example.com", ACCEPT),
        ("иван@почта.рф", ACCEPT),
        ("o'neil@x-y.ru", ACCEPT),
        ("test@email.email", ACCEPT),
        ("ivan@x.r1", REFUSE),
        ("a@-x.ru", REFUSE),
        ("a@x-.ru", REFUSE),
        ("ivan@ru", REFUSE),
        ("iv an@x.ru", REFUSE),
        ("a..b@x.ru", REFUSE),
        (".a@x.ru", REFUSE),
        ("a@b@c.ru", REFUSE),
        ("a@x.r", REFUSE),
        (too_long.as_str(), REFUSE),
        ("", REFUSE),
    ];
    let inputs = rows.len();
    for (typed, decided) in rows {
        let core = Email::parse(typed);
        let wire = core.as_ref().map_or(typed, Email::as_str).to_owned();
        let request = PayOrderRequest {
            email: wire,
            payment_card_id: "no-such-card".into(),
        };
        let key = IdempotencyKey::generate().expect("random");
        // No such order: a well-formed e-mail gets 404, a malformed one 400 on `email` first.
        let answer = w
            .api
            .pay_order(&session, "no-such-order", &request, &key)
            .await;
        let sandbox = sandbox_accepts(&answer, "email", typed);
        agree("e-mail", typed, decided, core.is_ok(), sandbox);
    }
    println!("e-mail: {inputs} inputs, the core and the sandbox agree on each");
}

#[tokio::test]
async fn ids_in_paths_stay_one_segment() {
    let mut w = World::start().await;
    let session = w.session().await;
    for id in [
        "../auth",
        "a b",
        "ё",
        "x?y=1&z",
        "%2F",
        "a/b/actions/set-as-default",
    ] {
        let answer = w.api.delete_card(&session, id).await;
        let error = answer.expect_err(id);
        assert_eq!(
            (error.status(), error.code()),
            (Some(404), Some(ErrorCode::NotFound)),
            "{id}: {error:?}"
        );
    }
}

/// The idempotency key: the core only ever sends keys its rule accepts, and the sandbox takes
/// every one of them; the keys the rule refuses are refused by the core before any request.
#[tokio::test]
async fn idempotency_keys() {
    let mut w = World::start().await;
    let card = w.sandbox.test_card(CardBehavior::Success);
    let longest = "~".repeat(64);
    let rows = [
        ("abc-123", ACCEPT),
        ("!#$%&'*+-./:;<=>?@[]^_`{|}~", ACCEPT),
        (longest.as_str(), ACCEPT),
        ("", REFUSE),
        ("a b", REFUSE),
        ("ключ", REFUSE),
        ("a\nb", REFUSE),
    ];
    let too_long = "k".repeat(65);
    for (key, decided) in rows.into_iter().chain([(too_long.as_str(), REFUSE)]) {
        let core = IdempotencyKey::parse(key);
        assert_eq!(core.is_some(), decided, "{key:?}");
        let Some(core) = core else { continue };
        let session = w.session().await;
        let request = BindCardRequest {
            add_as_default: false,
            holder: "IVAN PETROV".into(),
            cryptogram: SecretString::new(w.cryptogram(
                &card.pan,
                card.exp_month.into(),
                card.exp_year.into(),
                &card.cvv,
            )),
        };
        let answer = w.api.bind_card(&session, &request, &core).await;
        answer.unwrap_or_else(|error| panic!("{key:?}: {error:?}"));
    }
}

/// The 3-D Secure return URL the sandbox's bank redirects to is the one the wallet watches for.
#[tokio::test]
async fn three_ds_return_urls_match() {
    let w = World::start().await;
    let watched = WalletConfig::new(w.sandbox.url()).return_url();
    for id in ["d83a617e-dae3-448b-875d-c62d163b030a", "a b/ё?x=1#y"] {
        let redirect = swip_sandbox::html::return_url(&w.sandbox.url(), id);
        assert!(
            same_endpoint(&redirect, &watched),
            "{redirect} vs {watched}"
        );
    }
    let elsewhere = swip_sandbox::html::return_url("http://127.0.0.1:1", "d");
    assert!(!same_endpoint(&elsewhere, &watched));
}

//! `swip journey`: the journey interactively against any SWiP-compatible server. Signs in (phone,
//! SMS code, PIN; or the PIN alone when a session was kept), then offers the card and order
//! actions until the user quits. Secrets are read hidden ([`Prompter::secret`]). Without a
//! terminal every answer is a stdin line, so QA can script it.

use crate::order_number;
use swip_core::input::{Field, PersonName, Phone, Pin};
use swip_core::journey::AuthState;
use swip_core::wallet::{CardForm, OrderLine, Wallet, WalletError};
use swip_protocol::SecretString;

use crate::args::JourneyArgs;
use crate::controls::Controls;
use crate::failure::Failure;
use crate::observe::Observer;
use crate::progress::Progress;
use crate::prompt::Prompter;
use crate::receipt::Receipt;
use crate::session::Session;
use crate::steps::{self, Bound, Flow};
use crate::{qa, sandbox_cmd, three_ds};

/// Tries at an answer: one that is not valid (phone, PIN, name) or that the server refuses
/// (phone, SMS code).
const TRIES: usize = 3;

/// Runs the interactive journey. Exits non-zero when an action failed along the way.
pub async fn run(args: JourneyArgs) -> Result<(), Failure> {
    let session = Session::open(&args.server).await?;
    let prompter = Prompter::new();
    let progress = Progress::lines_only();
    let observer = Observer::start(&session.wallet, progress.clone());
    let flow = Flow::new(session.wallet.clone(), Some(observer.sync()));
    let journey = Journey {
        session: &session,
        flow,
        prompter,
        progress: &progress,
        sandbox_sms: args.sandbox_sms,
    };
    let result = journey.run().await;
    observer.finish().await;
    session.wallet.shutdown();
    result
}

struct Journey<'a> {
    session: &'a Session,
    flow: Flow,
    prompter: Prompter,
    progress: &'a Progress,
    sandbox_sms: bool,
}

impl Journey<'_> {
    fn wallet(&self) -> &Wallet {
        &self.session.wallet
    }

    async fn run(&self) -> Result<(), Failure> {
        self.sign_in().await?;
        let mut failures = 0;
        loop {
            // The states the last action led to are shown before the menu; later ones (a token
            // refresh, a poll) go around the open prompt (see `console`).
            self.flow.show();
            let choice = self
                .prompter
                .text("\nNext: [b]ind a card, [c]ards, [d]efault card, [o]rder and pay, [s]ign out, [q]uit")
                .await?;
            let result = match choice.as_deref().map(str::trim) {
                None | Some("q" | "quit") => break,
                Some("b" | "bind") => self.bind_card().await,
                Some("c" | "cards") => self.show_cards().await,
                Some("d" | "default") => self.set_default().await,
                Some("o" | "order") => self.order_and_pay().await,
                Some("s" | "sign-out") => {
                    self.wallet()
                        .sign_out()
                        .await
                        .map_err(|e| Failure::wallet("sign out", e))?;
                    eprintln!("Signed out: this device forgot the session.");
                    break;
                }
                Some(other) => {
                    eprintln!("Unknown choice {other:?}.");
                    Ok(())
                }
            };
            if let Err(failure) = result {
                failures += 1;
                eprintln!("✗ {failure}");
            }
        }
        match failures {
            0 => Ok(()),
            n => Err(Failure::journey(format!(
                "{n} action(s) failed during the journey"
            ))),
        }
    }

    /// Signed in, or an error.
    async fn sign_in(&self) -> Result<(), Failure> {
        match self.wallet().state().auth {
            AuthState::SignedIn { .. } => return Ok(()),
            AuthState::Locked { .. } => return self.session.enter_pin(&self.prompter).await,
            _ => {}
        }
        let phone = self.signup().await?;
        self.verify_code(&phone).await?;
        match self.wallet().state().auth {
            AuthState::PinSetup { .. } => self.choose_pin().await,
            AuthState::DeviceLogin { .. } => self.session.enter_pin(&self.prompter).await,
            other => Err(Failure::journey(format!(
                "unexpected after the SMS code: {}",
                other.name()
            ))),
        }
    }

    /// Asks for the phone until the server sends the SMS code (it may refuse a number).
    async fn signup(&self) -> Result<Phone, Failure> {
        let mut refusal = String::new();
        for _ in 0..TRIES {
            let phone = self.ask_phone().await?;
            match self.wallet().start_signup(phone.as_str()).await {
                Ok(()) => return Ok(phone),
                Err(WalletError::Failed(problem)) => {
                    eprintln!("{problem}");
                    refusal = problem.to_string();
                }
                Err(other) => return Err(Failure::wallet("signup", other)),
            }
        }
        Err(Failure::journey(format!(
            "the server sent no SMS code: it refused {TRIES} times ({refusal})"
        )))
    }

    /// A valid phone number, asked again when it is not one (nothing is sent meanwhile).
    async fn ask_phone(&self) -> Result<Phone, Failure> {
        let mut invalid = String::new();
        for _ in 0..TRIES {
            let typed = self
                .prompter
                .text("Phone (+7 916 000-00-00)")
                .await?
                .ok_or_else(|| Failure::setup("no phone given"))?;
            match Phone::parse(&typed) {
                Ok(phone) => return Ok(phone),
                Err(error) => {
                    eprintln!("{error}: a Russian number, +7 and 10 digits. Try again.");
                    invalid = error.to_string();
                }
            }
        }
        Err(Failure::setup(format!(
            "no valid phone number in {TRIES} tries ({invalid}); nothing was sent"
        )))
    }

    async fn verify_code(&self, phone: &Phone) -> Result<(), Failure> {
        for _ in 0..TRIES {
            let code = if self.sandbox_sms {
                let sms = Controls::new(&self.session.base_url)?
                    .latest_sms(phone.as_str())
                    .await?;
                self.progress
                    .note("SMS code read from the sandbox's QA controls (GET /sandbox/sms)");
                SecretString::new(sms.code)
            } else {
                self.prompter
                    .secret("SMS code")
                    .await?
                    .ok_or_else(|| Failure::setup("no SMS code given"))?
            };
            match self.wallet().submit_code(code.expose()).await {
                Ok(()) => return Ok(()),
                Err(WalletError::InvalidInput(errors)) => eprintln!("{errors}"),
                Err(WalletError::Failed(problem)) => eprintln!("{problem}"),
                Err(other) => return Err(Failure::wallet("the SMS code", other)),
            }
        }
        Err(Failure::journey("the SMS code was not accepted"))
    }

    /// A new user's PIN and optional names; each answer is checked as it is given, so a wrong
    /// name asks for the name again, not for the PIN.
    async fn choose_pin(&self) -> Result<(), Failure> {
        let pin = self.ask_new_pin().await?;
        let first = self
            .ask_name("First name (optional)", Field::FirstName)
            .await?;
        let last = self
            .ask_name("Last name (optional)", Field::LastName)
            .await?;
        self.wallet()
            .set_pin(pin.expose(), &first, &last)
            .await
            .map_err(|e| Failure::wallet("the PIN", e))
    }

    /// A valid PIN, typed twice alike.
    async fn ask_new_pin(&self) -> Result<SecretString, Failure> {
        let missing = || Failure::setup("no PIN given");
        for _ in 0..TRIES {
            let pin = self
                .prompter
                .secret("Choose a PIN (4 digits)")
                .await?
                .ok_or_else(missing)?;
            if let Err(error) = Pin::parse(pin.expose()) {
                eprintln!("{error}. Try again.");
                continue;
            }
            let again = self
                .prompter
                .secret("Repeat the PIN")
                .await?
                .ok_or_else(missing)?;
            if pin.expose() == again.expose() {
                return Ok(pin);
            }
            eprintln!("The PINs differ. Try again.");
        }
        Err(Failure::setup(format!("no PIN chosen in {TRIES} tries")))
    }

    /// An optional name (empty is none), asked again while it is not valid.
    async fn ask_name(&self, label: &str, field: Field) -> Result<String, Failure> {
        let mut invalid = String::new();
        for _ in 0..TRIES {
            let typed = self.prompter.text(label).await?.unwrap_or_default();
            match PersonName::parse_optional(&typed, field) {
                Ok(_) => return Ok(typed),
                Err(error) => {
                    eprintln!("{error}. Letters, spaces, hyphens; empty for none. Try again.");
                    invalid = error.to_string();
                }
            }
        }
        Err(Failure::setup(format!(
            "no valid name in {TRIES} tries ({invalid})"
        )))
    }

    async fn bind_card(&self) -> Result<(), Failure> {
        let missing = || Failure::setup("the card form was not finished");
        let number = self
            .prompter
            .secret("Card number")
            .await?
            .ok_or_else(missing)?;
        let expiry = self
            .prompter
            .text("Expiry (MM/YY)")
            .await?
            .ok_or_else(missing)?;
        let (exp_month, exp_year) =
            parse_expiry(&expiry).ok_or_else(|| Failure::journey("the expiry is not MM/YY"))?;
        let cvv = self.prompter.secret("CVV").await?.ok_or_else(missing)?;
        let holder = self
            .prompter
            .text_or("Cardholder name", "CARD HOLDER")
            .await?
            .ok_or_else(missing)?;
        let first_card = self.wallet().state().cards.cards.is_empty();
        let make_default = self
            .prompter
            .confirm("Make it the default card?", first_card)
            .await?;
        let form = CardForm {
            number: number.expose().to_owned(),
            exp_month,
            exp_year,
            cvv: cvv.expose().to_owned(),
            holder,
        };
        drop((number, cvv));
        let bound = self.flow.start_binding(&form, make_default).await;
        drop(form);
        if let Bound::Challenge { html } = bound? {
            self.three_ds(&html).await?;
        }
        let card = self.flow.finish_binding().await?;
        eprintln!("Card {} bound (id {}).", card.masked_number, card.id);
        Ok(())
    }

    /// The terminal's 3-D Secure page: the code is typed here and posted to the bank; a page this
    /// CLI cannot fill in is saved for a browser.
    async fn three_ds(&self, html: &str) -> Result<(), Failure> {
        eprintln!("The bank asks for 3-D Secure.");
        if three_ds::read_form(html, &self.session.base_url).is_ok() {
            let code = self
                .prompter
                .secret("One-time code from the bank (the sandbox bank takes 1234)")
                .await?
                .ok_or_else(|| Failure::setup("no one-time code given"))?;
            self.flow.answer_challenge(html, code.expose()).await?;
            return Ok(());
        }
        let path = std::env::temp_dir().join(format!("swip-3ds-{}.html", std::process::id()));
        std::fs::write(&path, html)
            .map_err(|e| Failure::setup(format!("cannot save the bank's page: {e}")))?;
        eprintln!(
            "Open file://{} in a browser and complete it.",
            path.display()
        );
        let _ = self
            .prompter
            .text("Press Enter when the page says it is done")
            .await?;
        let _ = std::fs::remove_file(&path);
        self.flow.page_done().await
    }

    async fn show_cards(&self) -> Result<(), Failure> {
        let cards = self.flow.cards().await?;
        self.progress.text(&qa::cards_table(&cards));
        Ok(())
    }

    async fn set_default(&self) -> Result<(), Failure> {
        self.show_cards().await?;
        let id = self
            .prompter
            .text("Card id")
            .await?
            .ok_or_else(|| Failure::setup("no card id given"))?;
        self.flow.make_default(&id).await
    }

    async fn order_and_pay(&self) -> Result<(), Failure> {
        let missing = || Failure::setup("the order was not finished");
        // A sandbox lists what it sells; another server's catalog is the tester's to know.
        let catalog = Controls::new(&self.session.base_url)?.catalog().await.ok();
        let merchant = catalog.as_ref().and_then(|c| c.merchants.first());
        if let Some(catalog) = &catalog {
            self.progress.text(&sandbox_cmd::catalog_text(catalog));
        }
        let default_merchant = merchant.map_or("", |m| m.merchant_id.as_str());
        let default_store = merchant
            .and_then(|m| m.stores.first())
            .map_or("", |s| s.merchant_store_id.as_str());
        let default_items = merchant.map_or(String::new(), |m| {
            m.products
                .iter()
                .take(2)
                .map(|p| format!("{}=1", p.product_id))
                .collect::<Vec<_>>()
                .join(",")
        });
        let merchant_id = self
            .prompter
            .text_or("Merchant id", default_merchant)
            .await?
            .ok_or_else(missing)?;
        let store_id = self
            .prompter
            .text_or("Store id", default_store)
            .await?
            .ok_or_else(missing)?;
        let items = self
            .prompter
            .text_or("Items (PRODUCT=QTY,…)", &default_items)
            .await?
            .ok_or_else(missing)?;
        let lines: Vec<OrderLine> = steps::parse_items(items.split(','))?;
        let order = self
            .flow
            .create_order(&merchant_id, &store_id, &lines)
            .await?;
        let card = self
            .prompter
            .text_or("Card id to pay with", "default")
            .await?
            .ok_or_else(missing)?;
        let email = self
            .prompter
            .text_or("E-mail for the receipt", "qa@swip.test")
            .await?
            .ok_or_else(missing)?;
        if !self
            .prompter
            .confirm(
                &format!(
                    "Pay {} ₽ for the order{}?",
                    order.total,
                    order_number::suffix(&order.order_number)
                ),
                true,
            )
            .await?
        {
            self.wallet()
                .dismiss_checkout()
                .await
                .map_err(|e| Failure::wallet("the order", e))?;
            return Ok(());
        }
        let card = (card != "default").then_some(card);
        let (order, attempt) = self.flow.pay(card.as_deref(), &email).await?;
        self.progress.text(&Receipt::new(&order, &attempt).render());
        self.wallet()
            .dismiss_checkout()
            .await
            .map_err(|e| Failure::wallet("the order", e))?;
        Ok(())
    }
}

/// `MM/YY`, `MM/YYYY`, `MMYY`.
fn parse_expiry(text: &str) -> Option<(u32, u32)> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let (month, year) = match text.split_once('/') {
        Some((m, y)) => (m.trim().parse().ok()?, y.trim().parse().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => return None,
    };
    Some((month, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_forms() {
        assert_eq!(parse_expiry("12/30"), Some((12, 30)));
        assert_eq!(parse_expiry(" 01 / 2031 "), Some((1, 2031)));
        assert_eq!(parse_expiry("1230"), Some((12, 30)));
        assert_eq!(parse_expiry("soon"), None);
    }
}

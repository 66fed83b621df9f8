//! [`Flow`]: journey steps over the [`Wallet`] that several commands share: bind a card (3-D
//! Secure included), order, pay, each waiting on the state until the server's final word. Every
//! state a step waited for is shown (through the observer's [`Sync`]) before the next step acts.

use crate::order_number;
use std::time::Duration;

use swip_core::journey::{
    AppState, BindingStage, CardView, CheckoutState, CounterPayment, OrderView, PaymentAttempt,
    PaymentStage,
};
use swip_core::wallet::{CardForm, OrderLine, Wallet, WalletError};
use swip_sandbox::control::TestCard;

use crate::failure::Failure;
use crate::observe::Sync;
use crate::three_ds;

/// Added to the wallet's own poll deadline when waiting for its outcome (the wallet ends a poll
/// in `Unknown` at its deadline; this only guards against a wallet that stopped).
const MARGIN: Duration = Duration::from_secs(15);

/// A wallet and the observer that shows its states.
#[derive(Clone)]
pub struct Flow {
    /// The wallet.
    pub wallet: Wallet,
    shown: Option<Sync>,
}

/// Where a binding is once the server took it.
pub enum Bound {
    /// The bank asks for 3-D Secure: the page to show.
    Challenge {
        /// The bank's page.
        html: String,
    },
    /// No challenge: the binding reached its end (see [`finish_binding`]).
    Settled,
}

/// The card form of a sandbox test card.
pub fn test_card_form(card: &TestCard, holder: &str) -> CardForm {
    CardForm {
        number: card.pan.clone(),
        exp_month: card.exp_month.into(),
        exp_year: card.exp_year.into(),
        cvv: card.cvv.clone(),
        holder: holder.into(),
    }
}

impl Flow {
    /// Steps on `wallet`, each waited-for state shown through `shown` (when given).
    pub fn new(wallet: Wallet, shown: Option<Sync>) -> Self {
        Flow { wallet, shown }
    }

    /// Shows the latest state now (before saying what the command does next).
    pub fn show(&self) {
        if let Some(shown) = &self.shown {
            shown.now();
        }
    }

    /// [`Wallet::wait_for`], then shows the state.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        predicate: impl FnMut(&AppState) -> bool,
    ) -> Result<AppState, WalletError> {
        let state = self.wallet.wait_for(timeout, predicate).await;
        self.show();
        state
    }

    /// Sends the card and waits until the bank asks for 3-D Secure or the binding settles.
    pub async fn start_binding(
        &self,
        form: &CardForm,
        make_default: bool,
    ) -> Result<Bound, Failure> {
        self.wallet
            .bind_card(form, make_default)
            .await
            .map_err(|e| Failure::wallet("the card was not sent", e))?;
        let timeout = self.wallet.config().binding_deadline + MARGIN;
        let state = self
            .wait_for(timeout, |s| {
                binding_settled(s) || challenge_page(s).is_some()
            })
            .await
            .map_err(|e| Failure::wallet("card binding", e))?;
        Ok(match challenge_page(&state) {
            Some(html) => Bound::Challenge { html },
            None => Bound::Settled,
        })
    }

    /// Answers the bank's page with `code` like a WebView would (the form is posted to the bank,
    /// whose redirect to the return URL is intercepted), then tells the wallet the page is done.
    pub async fn answer_challenge(&self, html: &str, code: &str) -> Result<String, Failure> {
        let base = self.wallet.config().api.base_url.clone();
        let form = three_ds::read_form(html, &base).map_err(|e| Failure::journey(e.to_string()))?;
        let wallet = self.wallet.clone();
        let return_url =
            three_ds::submit(&form, code, move |url| wallet.is_three_ds_return_url(url))
                .await
                .map_err(|e| Failure::journey(e.to_string()))?;
        self.page_done().await?;
        self.show();
        Ok(return_url)
    }

    /// Tells the wallet the 3-D Secure page reached the return URL. A binding that already moved on
    /// (its poll saw the bank's answer first) needs nothing more.
    pub async fn page_done(&self) -> Result<(), Failure> {
        match self.wallet.three_ds_returned().await {
            Err(WalletError::NotAllowed(_)) if challenge_page(&self.wallet.state()).is_none() => {
                Ok(())
            }
            other => other.map_err(|e| Failure::wallet("3-D Secure", e)),
        }
    }

    /// Waits for the binding's end: the card as listed when bound, the server's reason otherwise.
    pub async fn finish_binding(&self) -> Result<CardView, Failure> {
        let timeout = self.wallet.config().binding_deadline + MARGIN;
        let state = self
            .wait_for(timeout, binding_settled)
            .await
            .map_err(|e| Failure::wallet("card binding", e))?;
        let Some(binding) = state.binding else {
            return Err(Failure::journey("the card binding disappeared"));
        };
        match binding.stage {
            BindingStage::Bound { .. } => {}
            BindingStage::Failed { problem } => {
                return Err(Failure::journey(format!(
                    "card ••{} was not bound: {problem}",
                    binding.last4
                )));
            }
            _ => {
                return Err(Failure::journey(format!(
                    "card ••{}: no final answer from the server by the deadline; its outcome is unknown",
                    binding.last4
                )));
            }
        }
        self.wallet
            .dismiss_binding()
            .await
            .map_err(|e| Failure::wallet("card binding", e))?;
        let last4 = binding.last4;
        let listed = |s: &AppState| {
            s.cards
                .cards
                .iter()
                .find(|c| c.masked_number.ends_with(&last4))
                .cloned()
        };
        let state = self
            .wait_for(MARGIN, |s| !s.cards.loading)
            .await
            .map_err(|e| Failure::wallet("the card list", e))?;
        match listed(&state) {
            Some(card) => Ok(card),
            None => self
                .cards()
                .await?
                .into_iter()
                .find(|c| c.masked_number.ends_with(&last4))
                .ok_or_else(|| Failure::journey("the bound card is not in the card list")),
        }
    }

    /// Makes `card_id` the default card and waits until the list shows it.
    pub async fn make_default(&self, card_id: &str) -> Result<(), Failure> {
        self.wallet
            .set_default_card(card_id)
            .await
            .map_err(|e| Failure::wallet("setting the default card", e))?;
        let is_default = |s: &AppState| {
            !s.cards.loading && s.cards.default_card().is_some_and(|c| c.id == card_id)
        };
        self.wait_for(MARGIN, is_default)
            .await
            .map_err(|e| Failure::wallet("setting the default card", e))?;
        Ok(())
    }

    /// Reloads the card list and returns it.
    pub async fn cards(&self) -> Result<Vec<CardView>, Failure> {
        self.wallet
            .refresh_cards()
            .await
            .map_err(|e| Failure::wallet("the card list", e))?;
        let state = self
            .wait_for(MARGIN, |s| !s.cards.loading)
            .await
            .map_err(|e| Failure::wallet("the card list", e))?;
        Ok(state.cards.cards)
    }

    /// Creates an order; returns it as the server computed it (loyalty included).
    pub async fn create_order(
        &self,
        merchant: &str,
        store: &str,
        lines: &[OrderLine],
    ) -> Result<OrderView, Failure> {
        self.wallet
            .create_order(merchant, store, lines)
            .await
            .map_err(|e| Failure::wallet("the order was not created", e))?;
        self.current_order()
    }

    /// Finds a till's order by the session code its QR shows; returns it with the user's
    /// loyalty, as the server computed it.
    pub async fn find_counter_order(&self, session_code: &str) -> Result<OrderView, Failure> {
        self.wallet
            .find_counter_order(session_code)
            .await
            .map_err(|e| Failure::wallet("the till's order was not found", e))?;
        self.current_order()
    }

    /// Tells the till the user pays its order at the counter; returns the order once confirmed.
    pub async fn pay_at_counter(&self, method: CounterPayment) -> Result<OrderView, Failure> {
        self.wallet
            .pay_at_counter(method)
            .await
            .map_err(|e| Failure::wallet("paying at the counter was not confirmed", e))?;
        let checkout = self.checkout()?;
        match (checkout.order, checkout.stage) {
            (Some(order), PaymentStage::AtCounter { .. }) => Ok(order),
            (_, stage) => Err(Failure::journey(format!(
                "paying at the counter was not confirmed: {stage:?}"
            ))),
        }
    }

    /// The checkout now, shown first.
    fn checkout(&self) -> Result<CheckoutState, Failure> {
        self.show();
        self.wallet
            .state()
            .checkout
            .ok_or_else(|| Failure::journey("the order disappeared"))
    }

    /// The order the checkout shows now, or why there is none.
    fn current_order(&self) -> Result<OrderView, Failure> {
        let checkout = self.checkout()?;
        match (checkout.order, checkout.stage) {
            (_, PaymentStage::OrderRefused { problem }) => Err(Failure::journey(format!(
                "the order was refused: {problem}"
            ))),
            (Some(order), _) => Ok(order),
            (None, _) => Err(Failure::journey("the server did not return the order")),
        }
    }

    /// Pays the current order and waits for the server's final word: the order and the paying
    /// attempt when paid, a clear failure otherwise.
    pub async fn pay(
        &self,
        card_id: Option<&str>,
        email: &str,
    ) -> Result<(OrderView, PaymentAttempt), Failure> {
        self.wallet
            .pay(card_id, email)
            .await
            .map_err(|e| Failure::wallet("the payment was not accepted", e))?;
        let timeout = self.wallet.config().payment_deadline + MARGIN;
        let state = self
            .wait_for(timeout, payment_settled)
            .await
            .map_err(|e| Failure::wallet("payment", e))?;
        let checkout = state
            .checkout
            .ok_or_else(|| Failure::journey("the order disappeared"))?;
        let order = checkout
            .order
            .ok_or_else(|| Failure::journey("the order disappeared"))?;
        match checkout.stage {
            PaymentStage::Paid { attempt } => Ok((order, attempt)),
            PaymentStage::Failed { problem, .. } => Err(Failure::journey(format!(
                "order{} was not paid: {problem}",
                order_number::suffix(&order.order_number)
            ))),
            _ => Err(Failure::journey(format!(
                "order{}: no final answer from the server by the deadline; the payment's outcome is unknown (no charge is repeated)",
                order_number::suffix(&order.order_number)
            ))),
        }
    }
}

/// True once the binding is bound, failed or unknown.
pub fn binding_settled(state: &AppState) -> bool {
    state.binding_settled()
}

/// True once the payment is paid, failed, unknown or handed to the counter (the core's query).
pub fn payment_settled(state: &AppState) -> bool {
    state.payment_settled()
}

/// The 3-D Secure page to show, once the wallet fetched it.
pub fn challenge_page(state: &AppState) -> Option<String> {
    state.three_ds_page().map(str::to_owned)
}

/// Order lines from `PRODUCT=QTY` items (`QTY` defaults to 1; `1.5` is valid).
pub fn parse_items<'a>(
    items: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<OrderLine>, Failure> {
    items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (product, quantity) = item.split_once('=').unwrap_or((item, "1"));
            let quantity = quantity
                .trim()
                .parse::<f64>()
                .map_err(|_| Failure::setup(format!("{item:?}: the quantity is not a number")))?;
            Ok(OrderLine {
                product_id: product.trim().to_owned(),
                quantity,
            })
        })
        .collect()
}

/// A phone no earlier run used (likely): `7999` and seven digits of the clock and process id.
pub fn fresh_phone() -> Result<swip_core::input::Phone, Failure> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let digits = ((nanos / 1000) ^ u128::from(std::process::id())) % 10_000_000;
    swip_core::input::Phone::parse(&format!("7999{digits:07}"))
        .map_err(|e| Failure::setup(format!("no fresh phone: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_parse() {
        let lines = parse_items("cappuccino=2, croissant ,beans=1.5".split(',')).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            (lines[1].product_id.as_str(), lines[1].quantity),
            ("croissant", 1.0)
        );
        assert_eq!(lines[2].quantity, 1.5);
        assert!(parse_items(["x=two"]).is_err());
        assert_eq!(fresh_phone().unwrap().as_str().len(), 11);
    }
}

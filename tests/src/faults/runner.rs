//! Drives the whole journey (signup, SMS code, PIN, 3-D Secure card, card list, order, payment)
//! through a [`Plan`] of faults and restarts, the way a persistent user would: reading what the
//! wallet shows, trying again after an error, "check again" on an unknown outcome. Then checks the
//! invariants: exactly one charge for the paid order, nothing left pending, the card bound once,
//! no secret in logs, error texts or states.

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use swip_core::journey::{AppState, AuthState, BindingStage, PaymentStage, ProblemKind};
use swip_core::store::{SecureStore, Vault};
use swip_core::wallet::{CardForm, Subscription, WalletError};
use swip_sandbox::SandboxConfig;
use swip_sandbox::control::{CardBehavior, FaultRule, TestCard, ThreeDsOutcome};

use super::{Fault, Plan, RestartPoint, RunReport, Step};
use crate::secrets::{Captured, scan};
use crate::{EMAIL, Harness, PIN, binding_settled, payment_settled, three_ds_shown};

/// Longest wait for a state the wallet reaches on its own (virtual time: deadlines are minutes).
const LONG: Duration = Duration::from_secs(900);
/// The user's phone.
const PHONE: &str = "79160007000";
/// How often the user tries a phase before giving up (then the run is a violation).
const PATIENCE: usize = 24;

/// Runs the journey through `plan` on a fresh sandbox; call it under
/// `#[tokio::test(start_paused = true)]` (current-thread: the log capture is per thread).
pub async fn run(plan: Plan) -> RunReport {
    let logs = Captured::default();
    let _log_guard = tracing::subscriber::set_default(logs.trace_subscriber());
    let config = SandboxConfig {
        seed: Some(plan.seed),
        ..SandboxConfig::default()
    };
    let h = Harness::start_with(config, |_| {}).await;
    let (card, form) = h.card(CardBehavior::ThreeDs);
    let mut runner = Runner {
        report: RunReport {
            plan: plan.describe(),
            ..RunReport::default()
        },
        plan,
        h,
        card,
        form,
        armed: HashSet::new(),
        restarted: HashSet::new(),
        states: Arc::new(Mutex::new(Vec::new())),
        subscriptions: Vec::new(),
        texts: Vec::new(),
        sms_codes: Vec::new(),
        paid_order: None,
    };
    runner.observe();
    let finished = runner.journey().await;
    if let Err(violation) = finished {
        runner.report.violations.push(violation);
    }
    runner.check_invariants(&logs.text()).await;
    runner.report
}

struct Runner {
    plan: Plan,
    report: RunReport,
    h: Harness,
    card: TestCard,
    form: CardForm,
    /// Fault rules (`false`) and clock jumps (`true`) already armed, by step and occasion.
    armed: HashSet<(Step, u8, bool)>,
    restarted: HashSet<RestartPoint>,
    /// Every state every wallet of the run published, as JSON.
    states: Arc<Mutex<Vec<String>>>,
    subscriptions: Vec<Subscription>,
    /// Every error text the user saw.
    texts: Vec<String>,
    sms_codes: Vec<String>,
    paid_order: Option<String>,
}

impl Runner {
    async fn journey(&mut self) -> Result<(), String> {
        self.sign_up().await?;
        self.bind().await?;
        self.cards().await?;
        self.order().await?;
        self.pay().await
    }

    // ---- Phases ------------------------------------------------------------------------------

    async fn sign_up(&mut self) -> Result<(), String> {
        let mut code_tries = 0;
        for _ in 0..PATIENCE {
            let wallet = self.h.wallet.clone();
            match wallet.state().auth {
                AuthState::SignedIn { .. } => return Ok(()),
                AuthState::SignedOut | AuthState::PhoneEntered { .. } => {
                    self.arm(Step::Signup, 0);
                    code_tries = 0;
                    self.act(wallet.start_signup(PHONE)).await;
                }
                AuthState::AwaitingCode { problem, .. } => {
                    // A code the server no longer takes (expired, or the signup itself): start over.
                    let start_over = problem.as_ref().is_some_and(|p| {
                        p.kind == ProblemKind::SessionExpired || p.code == Some(12)
                    }) || code_tries >= 2;
                    if start_over {
                        self.arm(Step::Signup, 0);
                        code_tries = 0;
                        self.act(wallet.start_signup(PHONE)).await;
                    } else {
                        self.arm(Step::Verification, 0);
                        code_tries += 1;
                        let code = self.sms_code();
                        self.act(wallet.submit_code(&code)).await;
                    }
                }
                AuthState::PinSetup { .. } => {
                    self.arm(Step::Pin, 0);
                    self.act(wallet.set_pin(PIN, "Ivan", "Petrov")).await;
                }
                AuthState::DeviceLogin { .. } | AuthState::Locked { .. } => {
                    self.act(wallet.enter_pin(PIN)).await;
                }
                AuthState::AccountLocked { .. } => {
                    return Err("the account was locked by the user's own PIN".into());
                }
            }
        }
        Err(format!(
            "signup did not finish: {:?}",
            self.h.wallet.state().auth
        ))
    }

    async fn bind(&mut self) -> Result<(), String> {
        let mut in_doubt = false;
        let mut checks = 0;
        for _ in 0..PATIENCE {
            self.unlock().await?;
            let wallet = self.h.wallet.clone();
            let state = wallet.state();
            let Some(binding) = state.binding else {
                self.arm(Step::Bind, 0);
                self.arm(Step::ThreeDsPage, 0);
                self.arm(Step::StatusPoll, 0);
                if self.due(RestartPoint::BindSubmitting) {
                    self.restart_in_flight(Step::Bind).await;
                    continue;
                }
                let form = self.form.clone();
                self.act(wallet.bind_card(&form, false)).await;
                if wallet
                    .state()
                    .binding
                    .is_some_and(|b| b.deferred_id.is_some())
                {
                    self.arm_expiry(Step::StatusPoll, 0);
                    self.restart_at(RestartPoint::BindProcessing).await;
                }
                continue;
            };
            match binding.stage {
                BindingStage::Submitting
                | BindingStage::Processing
                | BindingStage::AwaitingResult { .. }
                | BindingStage::ThreeDsChallenge { html: None, .. } => {
                    self.wait(|s| three_ds_shown(s) || binding_settled(s))
                        .await?;
                }
                BindingStage::ThreeDsChallenge { html: Some(_), .. } => {
                    if self.restart_at(RestartPoint::ThreeDsShown).await {
                        continue;
                    }
                    self.arm_expiry(Step::ThreeDsPage, 0);
                    let deferred_id = binding.deferred_id.clone().unwrap_or_default();
                    // Already answered before a restart: the bank's page is done either way.
                    let _ = self
                        .h
                        .sandbox
                        .complete_3ds(&deferred_id, ThreeDsOutcome::Pass);
                    self.act(wallet.three_ds_returned()).await;
                    self.restart_at(RestartPoint::ThreeDsReturned).await;
                }
                BindingStage::Bound { .. } => {
                    if in_doubt {
                        self.report.resolved_by_check_again += 1;
                    }
                    self.act(wallet.dismiss_binding()).await;
                    self.restart_at(RestartPoint::BindBound).await;
                    return Ok(());
                }
                BindingStage::Failed { problem } => {
                    self.seen_error(format!("binding failed: {problem}"));
                    in_doubt = false;
                    self.act(wallet.dismiss_binding()).await;
                }
                BindingStage::Unknown => {
                    if !in_doubt {
                        self.report.unknowns += 1;
                        in_doubt = true;
                    }
                    checks += 1;
                    if checks > 3 {
                        // Still unknown after asking three times: the user gives up on it.
                        self.seen_error("binding unknown after three checks; dismissed".into());
                        in_doubt = false;
                        checks = 0;
                        self.act(wallet.dismiss_binding()).await;
                    } else {
                        self.act(wallet.check_again()).await;
                    }
                }
            }
        }
        Err(format!(
            "the binding did not finish: {:?}",
            self.h.wallet.state().binding
        ))
    }

    async fn cards(&mut self) -> Result<(), String> {
        self.arm(Step::Cards, 0);
        for _ in 0..PATIENCE {
            self.unlock().await?;
            let wallet = self.h.wallet.clone();
            self.act(wallet.refresh_cards()).await;
            let state = self.wait(|s| !s.cards.loading).await?;
            if state.cards.problem.is_none() {
                let last4 = &self.card.pan[self.card.pan.len() - 4..];
                let bound = state
                    .cards
                    .cards
                    .iter()
                    .filter(|c| c.masked_number.ends_with(last4))
                    .count();
                return match bound {
                    1 => Ok(()),
                    n => Err(format!("the card is listed {n} times")),
                };
            }
        }
        Err("the card list never loaded".into())
    }

    async fn order(&mut self) -> Result<(), String> {
        let catalog = self.h.sandbox.catalog();
        let merchant = &catalog.merchants[0];
        let lines = vec![swip_core::wallet::OrderLine {
            product_id: merchant.products[0].product_id.clone(),
            quantity: 2.0,
        }];
        for _ in 0..PATIENCE {
            self.unlock().await?;
            let wallet = self.h.wallet.clone();
            match wallet.state().checkout.map(|c| c.stage) {
                None | Some(PaymentStage::OrderRefused { .. }) => {
                    self.arm(Step::Order, 0);
                    let store = &merchant.stores[0].merchant_store_id;
                    self.act(wallet.create_order(&merchant.merchant_id, store, &lines))
                        .await;
                }
                Some(PaymentStage::CreatingOrder) => {
                    self.wait(|s| {
                        !matches!(
                            s.checkout.as_ref().map(|c| &c.stage),
                            Some(PaymentStage::CreatingOrder)
                        )
                    })
                    .await?;
                }
                Some(_) => {
                    if self.restart_at(RestartPoint::OrderCreated).await {
                        continue; // an unpaid order is not kept: the user orders again
                    }
                    return Ok(());
                }
            }
        }
        Err("the order was never created".into())
    }

    async fn pay(&mut self) -> Result<(), String> {
        let mut in_doubt = false;
        for _ in 0..PATIENCE {
            self.unlock().await?;
            let wallet = self.h.wallet.clone();
            let Some(checkout) = wallet.state().checkout else {
                return match &self.paid_order {
                    Some(_) => Ok(()),
                    None => Err("the order disappeared before it was paid".into()),
                };
            };
            match checkout.stage {
                PaymentStage::Created { .. } | PaymentStage::Failed { .. } => {
                    if let PaymentStage::Failed { problem, .. } = &checkout.stage {
                        self.seen_error(format!("payment failed: {problem}"));
                    }
                    self.arm(Step::Pay, 0);
                    self.arm(Step::StatusPoll, 1);
                    if self.due(RestartPoint::PaySubmitting) {
                        self.restart_in_flight(Step::Pay).await;
                        continue;
                    }
                    self.act(wallet.pay(None, EMAIL)).await;
                    if matches!(
                        wallet.state().checkout.map(|c| c.stage),
                        Some(PaymentStage::Paying { .. })
                    ) {
                        self.arm_expiry(Step::StatusPoll, 1);
                        self.restart_at(RestartPoint::PayPolling).await;
                    }
                }
                PaymentStage::Paying { .. } => {
                    self.wait(payment_settled).await?;
                }
                PaymentStage::Unknown { .. } => {
                    if !in_doubt {
                        self.report.unknowns += 1;
                        in_doubt = true;
                    }
                    self.act(wallet.check_again()).await;
                }
                PaymentStage::Paid { .. } => {
                    if in_doubt {
                        self.report.resolved_by_check_again += 1;
                    }
                    self.paid_order = checkout.order.map(|o| o.id);
                    self.restart_at(RestartPoint::PayPaid).await;
                    return Ok(());
                }
                // Creating, refused, or a till's order: not where an in-app payment can be.
                other => return Err(format!("payment phase with {other:?}")),
            }
        }
        Err(format!(
            "the payment did not finish: {:?}",
            self.h.wallet.state().checkout.map(|c| c.stage)
        ))
    }

    // ---- The user's moves ---------------------------------------------------------------------

    /// Awaits an action; an error is what the user sees (a rate limit is waited out).
    async fn act(&mut self, action: impl Future<Output = Result<(), WalletError>>) {
        if let Err(error) = action.await {
            let wait = match &error {
                WalletError::Failed(problem) => problem.retry_after_s,
                WalletError::NotAllowed(swip_core::journey::ActionError::ResendTooEarly {
                    seconds_left,
                }) => Some(*seconds_left),
                _ => None,
            };
            self.seen_error(error.to_string());
            if let Some(seconds) = wait {
                tokio::time::sleep(Duration::from_secs(seconds + 1)).await;
            }
        }
    }

    fn seen_error(&mut self, text: String) {
        self.texts.push(text.clone());
        self.report.user_errors.push(text);
    }

    /// Enters the PIN when the wallet asks for it (after a restart, or a lost session).
    async fn unlock(&mut self) -> Result<(), String> {
        for _ in 0..3 {
            let wallet = self.h.wallet.clone();
            match wallet.state().auth {
                AuthState::SignedIn { .. } => return Ok(()),
                AuthState::Locked { .. } => {
                    if let Err(error) = wallet.enter_pin(PIN).await {
                        self.texts.push(error.to_string());
                        if let WalletError::Failed(p) = &error
                            && p.kind != ProblemKind::Rejected
                        {
                            // A network or server failure of the login: the user tries again.
                            self.report.user_errors.push(error.to_string());
                            continue;
                        }
                        return Err(format!("the right PIN was refused: {error}"));
                    }
                }
                other => return Err(format!("signed out mid-journey: {other:?}")),
            }
        }
        Err("could not unlock".into())
    }

    async fn wait(&mut self, predicate: impl FnMut(&AppState) -> bool) -> Result<AppState, String> {
        self.h
            .wallet
            .wait_for(LONG, predicate)
            .await
            .map_err(|_| format!("stuck in {:?}", self.h.wallet.state()))
    }

    fn sms_code(&mut self) -> String {
        let code = self.h.sms_code(PHONE);
        self.sms_codes.push(code.clone());
        code
    }

    // ---- Faults and restarts ------------------------------------------------------------------

    /// Arms the fault rules of `step` (once per `occasion`) and, but for the poll (whose clock
    /// jump waits until polling starts), its token expiry.
    fn arm(&mut self, step: Step, occasion: u8) {
        if self.armed.insert((step, occasion, false)) {
            for injection in self.plan.faults.iter().filter(|i| i.step == step) {
                if let Some(rule) = injection.fault.rule(step, injection.count) {
                    self.h.sandbox.add_fault(rule);
                }
            }
        }
        if !matches!(step, Step::StatusPoll | Step::ThreeDsPage) {
            self.arm_expiry(step, occasion);
        }
    }

    /// Moves the sandbox clock past the token's expiry, once per `step` and `occasion`, if the
    /// plan says so.
    fn arm_expiry(&mut self, step: Step, occasion: u8) {
        let planned = self
            .plan
            .faults
            .iter()
            .any(|i| i.step == step && i.fault == Fault::TokenExpiry);
        if planned && self.armed.insert((step, occasion, true)) {
            self.h.sandbox.advance_clock(3_700);
        }
    }

    /// True when the plan restarts at `point` and has not yet.
    fn due(&self, point: RestartPoint) -> bool {
        self.plan.restarts.contains(&point) && !self.restarted.contains(&point)
    }

    /// Restarts the app if the plan says so at `point`; true when it did.
    async fn restart_at(&mut self, point: RestartPoint) -> bool {
        if !self.due(point) {
            return false;
        }
        self.restarted.insert(point);
        self.h.restart().await;
        self.observe();
        true
    }

    /// Starts `step`'s request, slowed down by the server, and kills the app while it is on its way.
    async fn restart_in_flight(&mut self, step: Step) {
        let (method, path) = step.endpoint();
        self.h
            .sandbox
            .add_fault(FaultRule::new(method, path).with_latency_ms(5_000));
        let wallet = self.h.wallet.clone();
        let form = self.form.clone();
        let action = tokio::spawn(async move {
            match step {
                Step::Bind => wallet.bind_card(&form, false).await,
                _ => wallet.pay(None, EMAIL).await,
            }
        });
        // Virtual time: the request sits in the server's 5 s latency when this wakes.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let point = match step {
            Step::Bind => RestartPoint::BindSubmitting,
            _ => RestartPoint::PaySubmitting,
        };
        self.restart_at(point).await;
        let _ = action.await;
    }

    /// Records every state of the current wallet.
    fn observe(&mut self) {
        let states = self.states.clone();
        self.subscriptions.push(self.h.wallet.observe(move |state| {
            let json = serde_json::to_string(&state).unwrap_or_default();
            states.lock().unwrap().push(json);
        }));
    }

    // ---- Invariants ---------------------------------------------------------------------------

    async fn check_invariants(&mut self, logs: &str) {
        let report = &mut self.report;
        let charges = self.h.sandbox.charges();
        report.charges = charges.len();
        report.paid_orders = usize::from(self.paid_order.is_some());
        report.requests = self.h.sandbox.journal().len();
        match &self.paid_order {
            Some(order) => {
                let of_order = charges.iter().filter(|c| &c.order_id == order).count();
                if of_order != 1 {
                    report
                        .violations
                        .push(format!("the paid order was charged {of_order} times"));
                }
                if charges.len() != 1 {
                    report.violations.push(format!(
                        "{} charges for one paid order: {charges:?}",
                        charges.len()
                    ));
                }
            }
            None if !charges.is_empty() => report
                .violations
                .push(format!("charged without a paid order: {charges:?}")),
            None => {}
        }
        let vault = Vault::new(self.h.store.clone() as Arc<dyn SecureStore>);
        match vault.pending_ops() {
            Ok(None) => {}
            Ok(Some(json)) if json == "[]" => {}
            other => report
                .violations
                .push(format!("operations left pending: {other:?}")),
        }
        let mut secrets: Vec<(&str, String)> = vec![
            ("PAN", self.card.pan.clone()),
            ("CVV", format!("\"{}\"", self.card.cvv)),
            ("PIN", format!("\"{PIN}\"")),
        ];
        secrets.extend(
            self.sms_codes
                .iter()
                .map(|c| ("SMS code", format!("\"{c}\""))),
        );
        let states = self.states.lock().unwrap().join("\n");
        for (where_, text) in [
            ("logs", logs),
            ("states", &states),
            ("errors", &self.texts.join("\n")),
        ] {
            report.violations.extend(scan(where_, text, &secrets));
        }
        if logs.lines().count() < 50 {
            report
                .violations
                .push("trace logging was not captured".into());
        }
    }
}

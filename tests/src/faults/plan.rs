//! The vocabulary of faulted runs: faults, journey steps, restart points and a run's plan.

use std::time::Duration;

use swip_core::api::ApiConfig;
use swip_protocol::paths;
use swip_sandbox::control::{DropPoint, FaultRule};

/// One step of the journey, and the request it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// `POST /v2/signups`: the phone is entered.
    Signup,
    /// `POST /v2/signup-verifications`: the SMS code.
    Verification,
    /// `PUT /v2/signups`: the new user's PIN.
    Pin,
    /// `POST /payment-cards`: the card is bound.
    Bind,
    /// `GET /deferred-results/{id}/status`: the binding's and the payment's polls.
    StatusPoll,
    /// `GET /deferred-results/{id}/binding-payment-card-3ds-result`: the 3-D Secure page.
    ThreeDsPage,
    /// `GET /payment-cards`: the card list.
    Cards,
    /// `POST /inapp-orders`: the order.
    Order,
    /// `POST /orders/{id}/payments`: the payment.
    Pay,
}

impl Step {
    /// Every step, in journey order.
    pub const ALL: [Step; 9] = [
        Step::Signup,
        Step::Verification,
        Step::Pin,
        Step::Bind,
        Step::StatusPoll,
        Step::ThreeDsPage,
        Step::Cards,
        Step::Order,
        Step::Pay,
    ];

    /// The method and path pattern of the step's request.
    pub fn endpoint(self) -> (&'static str, &'static str) {
        match self {
            Step::Signup => ("POST", paths::SIGNUPS),
            Step::Verification => ("POST", paths::SIGNUP_VERIFICATIONS),
            Step::Pin => ("PUT", paths::SIGNUPS),
            Step::Bind => ("POST", paths::PAYMENT_CARDS),
            Step::StatusPoll => ("GET", paths::DEFERRED_STATUS_ROUTE),
            Step::ThreeDsPage => ("GET", paths::THREE_DS_PAGE_ROUTE),
            Step::Cards => ("GET", paths::PAYMENT_CARDS),
            Step::Order => ("POST", paths::INAPP_ORDERS),
            Step::Pay => ("POST", paths::ORDER_PAYMENTS_ROUTE),
        }
    }

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Step::Signup => "signup",
            Step::Verification => "verification",
            Step::Pin => "PIN",
            Step::Bind => "bind",
            Step::StatusPoll => "status poll",
            Step::ThreeDsPage => "3DS page",
            Step::Cards => "cards",
            Step::Order => "order",
            Step::Pay => "pay",
        }
    }
}

/// What goes wrong at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    /// The answer comes 5 s after the client's request timeout.
    Latency,
    /// 500 with the error object (code 1).
    Status500,
    /// 503 with the error object and `Retry-After: 2`.
    Status503,
    /// 429 (code 22) with `Retry-After: 3`.
    TooManyRequests,
    /// The connection is closed before the server does anything.
    DropBeforeCommit,
    /// The server does the work, then closes the connection without answering.
    DropAfterCommit,
    /// The token expires on the server just before the step (its clock jumps 3 700 s).
    TokenExpiry,
}

impl Fault {
    /// Every fault.
    pub const ALL: [Fault; 7] = [
        Fault::Latency,
        Fault::Status500,
        Fault::Status503,
        Fault::TooManyRequests,
        Fault::DropBeforeCommit,
        Fault::DropAfterCommit,
        Fault::TokenExpiry,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Latency => "latency > timeout",
            Fault::Status500 => "500",
            Fault::Status503 => "503 + Retry-After",
            Fault::TooManyRequests => "429 + Retry-After",
            Fault::DropBeforeCommit => "drop before commit",
            Fault::DropAfterCommit => "drop after commit",
            Fault::TokenExpiry => "token expiry",
        }
    }

    /// The sandbox rule for this fault on `step`'s request, for `count` requests (`None` for a
    /// token expiry, which moves the clock instead).
    pub fn rule(self, step: Step, count: u32) -> Option<FaultRule> {
        let (method, path) = step.endpoint();
        let rule = FaultRule::new(method, path).with_count(count);
        let timeout = ApiConfig::DEFAULT_REQUEST_TIMEOUT + Duration::from_secs(5);
        Some(match self {
            Fault::Latency => rule.with_latency_ms(timeout.as_millis() as u64),
            Fault::Status500 => rule.with_status(500, None),
            Fault::Status503 => rule.with_status(503, None).with_retry_after(2),
            Fault::TooManyRequests => rule.with_status(429, None).with_retry_after(3),
            Fault::DropBeforeCommit => rule.with_drop(DropPoint::BeforeCommit),
            Fault::DropAfterCommit => rule.with_drop(DropPoint::AfterCommit),
            Fault::TokenExpiry => return None,
        })
    }
}

/// Where the app is killed and started again (the wallet dropped, a new one opened on the same
/// secure store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RestartPoint {
    /// The binding request is on its way (the server has not answered).
    BindSubmitting,
    /// The server took the binding; it is being polled.
    BindProcessing,
    /// The 3-D Secure page is shown.
    ThreeDsShown,
    /// The user finished the 3-D Secure page; the result is awaited.
    ThreeDsReturned,
    /// The binding is bound (before the card list is reloaded).
    BindBound,
    /// The order is created, not paid yet.
    OrderCreated,
    /// The payment request is on its way (the server has not answered).
    PaySubmitting,
    /// The server took the payment; it is being polled.
    PayPolling,
    /// The payment is paid.
    PayPaid,
}

impl RestartPoint {
    /// Every restart point, in journey order.
    pub const ALL: [RestartPoint; 9] = [
        RestartPoint::BindSubmitting,
        RestartPoint::BindProcessing,
        RestartPoint::ThreeDsShown,
        RestartPoint::ThreeDsReturned,
        RestartPoint::BindBound,
        RestartPoint::OrderCreated,
        RestartPoint::PaySubmitting,
        RestartPoint::PayPolling,
        RestartPoint::PayPaid,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            RestartPoint::BindSubmitting => "bind: request in flight",
            RestartPoint::BindProcessing => "bind: polling",
            RestartPoint::ThreeDsShown => "bind: 3DS page shown",
            RestartPoint::ThreeDsReturned => "bind: 3DS returned",
            RestartPoint::BindBound => "bind: bound",
            RestartPoint::OrderCreated => "pay: order created",
            RestartPoint::PaySubmitting => "pay: request in flight",
            RestartPoint::PayPolling => "pay: polling",
            RestartPoint::PayPaid => "pay: paid",
        }
    }
}

/// One fault at one step, affecting `count` requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Injection {
    /// Where.
    pub step: Step,
    /// What.
    pub fault: Fault,
    /// How many requests of the step it hits (a token expiry happens once whatever the count).
    pub count: u32,
}

/// What a run goes through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Faults, armed just before their step.
    pub faults: Vec<Injection>,
    /// Where the app is killed and restored.
    pub restarts: Vec<RestartPoint>,
    /// The sandbox's seed (SMS codes, ids).
    pub seed: u64,
}

impl Plan {
    /// One fault once at one step.
    pub fn fault(fault: Fault, step: Step) -> Plan {
        Plan {
            faults: vec![Injection {
                step,
                fault,
                count: 1,
            }],
            ..Plan::default()
        }
    }

    /// One restart at one point.
    pub fn restart(point: RestartPoint) -> Plan {
        Plan {
            restarts: vec![point],
            ..Plan::default()
        }
    }

    /// A one-line description.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .faults
            .iter()
            .map(|i| format!("{}×{} @ {}", i.fault.name(), i.count, i.step.name()))
            .collect();
        parts.extend(
            self.restarts
                .iter()
                .map(|r| format!("restart @ {}", r.name())),
        );
        if parts.is_empty() {
            parts.push("no fault".into());
        }
        format!("seed {}: {}", self.seed, parts.join(", "))
    }
}

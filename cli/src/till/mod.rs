//! `swip pos ...`: a shop's till on the POS API (seed 000), for QA's side of a visit. On a sandbox
//! it opens a ready store (`swip pos store`); then it creates orders and shows their session
//! codes, waits for the customer, closes, refunds and cancels. `swip demo --pos` drives the same
//! [`Till`] with the wallet on the other side.

pub mod client;
pub mod lines;
pub mod render;
pub mod wait;

use std::time::Duration;

use serde::Serialize;
use serde_json::json;
use swip_protocol::Amount;
use swip_protocol::merchant::PosMode;
use swip_protocol::pos::{CreatePosOrderRequest, PaymentMethod, PosOrder};
use swip_sandbox::control::pos::PosStoreRequest;

pub use client::Till;
pub use wait::CustomerAnswer;

use crate::args::{PosArgs, PosCommand, PosCreateArgs, PosStoreArgs};
use crate::controls::Controls;
use crate::failure::Failure;
use crate::progress::write_line;
use lines::Sale;

/// A till command with its input checked: what is sent once the till is connected.
enum Action {
    Create(CreatePosOrderRequest),
    Show(String),
    List,
    /// The order, the timeout, and whether to close it with 0 when nobody paid by then.
    Wait(String, Duration, bool),
    /// `None`: the default amount, read from the order first.
    Close(String, Option<Amount>),
    Refund(String, Amount),
    CancelPayment(String),
    Cancel(String),
}

impl Action {
    /// The command's input, checked before any request.
    fn checked(command: PosCommand) -> Result<Self, Failure> {
        Ok(match command {
            PosCommand::Store(_) => unreachable!("`swip pos store` needs no till"),
            PosCommand::Create(create) => {
                Action::Create(lines::order_request(&create.items, sale(&create)?)?)
            }
            PosCommand::Show(order) => Action::Show(order.order_id),
            PosCommand::List => Action::List,
            PosCommand::Wait(wait) => Action::Wait(
                wait.order_id,
                Duration::from_secs(wait.timeout),
                !wait.no_close,
            ),
            PosCommand::Close(close) => Action::Close(
                close.order_id,
                close
                    .amount
                    .as_deref()
                    .map(lines::parse_roubles)
                    .transpose()?,
            ),
            PosCommand::Refund(refund) => {
                Action::Refund(refund.order_id, lines::parse_roubles(&refund.amount)?)
            }
            PosCommand::CancelPayment(order) => Action::CancelPayment(order.order_id),
            PosCommand::Cancel(order) => Action::Cancel(order.order_id),
        })
    }
}

/// Runs one till command and prints its answer (text, or one JSON object with `--json`). Input
/// is checked before the till connects.
pub async fn run(args: PosArgs) -> Result<(), Failure> {
    let json = args.till.json;
    if let PosCommand::Store(store) = &args.command {
        return open_store(&args.till.sandbox_url, store, json).await;
    }
    let action = Action::checked(args.command)?;
    let till = Till::connect(&args.till).await?;
    match action {
        Action::Create(request) => {
            let order = till.create(&request).await?;
            print(json, &order, render::order(&order));
        }
        Action::Show(order_id) => {
            let order = till.order(&order_id).await?;
            print(json, &order, render::order(&order));
        }
        Action::List => {
            let orders = till.orders().await?;
            let text = if orders.is_empty() {
                "no orders".to_owned()
            } else {
                orders
                    .iter()
                    .map(render::summary)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            print(json, &orders, text);
        }
        Action::Wait(order_id, timeout, close_unpaid) => {
            let answer = match wait::until_answer(&till, &order_id, timeout).await? {
                wait::Waited::Answered(answer) => answer,
                wait::Waited::TimedOut(status) if close_unpaid => {
                    // Seed 000: no payment in time, the till closes the order with amount 0.
                    let order = till.close(&order_id, Amount::ZERO).await?;
                    print(
                        json,
                        &order,
                        format!(
                            "no payment within {} s: closed with amount 0\n{}",
                            timeout.as_secs(),
                            render::order(&order)
                        ),
                    );
                    return Err(Failure::journey(format!(
                        "order {order_id}: no payment within {} s (it was {}); closed with amount 0, \
                         so it is cancelled",
                        timeout.as_secs(),
                        status.order_status.as_str()
                    )));
                }
                wait::Waited::TimedOut(status) => {
                    return Err(wait::no_answer(&order_id, timeout, &status));
                }
            };
            let order = till.order(&order_id).await?;
            print(
                json,
                &order,
                format!("{}\n{}", answer_text(&answer), render::order(&order)),
            );
            if let CustomerAnswer::Ended(status) = answer {
                return Err(Failure::journey(format!(
                    "order {order_id} ended ({}) before the customer answered",
                    status.as_str()
                )));
            }
        }
        Action::Close(order_id, amount) => {
            let amount = match amount {
                Some(amount) => amount,
                None => amount_due(&till.order(&order_id).await?),
            };
            let order = till.close(&order_id, amount).await?;
            print(json, &order, render::order(&order));
        }
        Action::Refund(order_id, amount) => {
            let answer = till.refund(&order_id, amount).await?;
            let text = format!(
                "refund {} of {} ₽: {} ({}); refunded so far {} ₽",
                answer.refund_id, answer.amount, answer.status, answer.description, answer.refunded
            );
            print(json, &answer, text);
        }
        Action::CancelPayment(order_id) => {
            let answer = till.cancel_payment(&order_id).await?;
            let text = format!(
                "payment cancelled: {} ({}); released {} ₽",
                answer.status, answer.description, answer.released
            );
            print(json, &answer, text);
        }
        Action::Cancel(order_id) => {
            let order = till.cancel(&order_id).await?;
            print(json, &order, render::order(&order));
        }
    }
    Ok(())
}

/// What a close takes by default: what the customer paid in the app, otherwise what they owe.
pub fn amount_due(order: &PosOrder) -> Amount {
    if order.payment_method == Some(PaymentMethod::Card) && order.paid.kopecks() > 0 {
        order.paid
    } else {
        order.amount_to_pay
    }
}

/// The customer's answer in words.
pub fn answer_text(answer: &CustomerAnswer) -> String {
    match answer {
        CustomerAnswer::PaidInApp(paid) => format!("the customer paid {paid} ₽ in the app (held)"),
        CustomerAnswer::AtCounter(method) => {
            format!("the customer pays {}", render::method_text(method))
        }
        CustomerAnswer::Ended(status) => format!("the order ended: {}", status.as_str()),
    }
}

/// `swip pos store`: an ACTIVE merchant with one store; the store's id on the last line as
/// `SWIP_STORE_ID=…`. The till's token and the merchant's password are not printed.
async fn open_store(sandbox_url: &str, args: &PosStoreArgs, json: bool) -> Result<(), Failure> {
    let pos_mode = if args.restaurant {
        PosMode::Restaurant
    } else {
        PosMode::FastFood
    };
    let request = PosStoreRequest {
        merchant_name: args.merchant_name.clone(),
        pos_mode: Some(pos_mode.clone()),
        cancellation_period_seconds: args.cancellation_period,
        demo_campaigns: Some(!args.no_campaigns),
    };
    let store = Controls::new(sandbox_url)?
        .create_pos_store(&request)
        .await?;
    let summary = json!({
        "merchantId": store.merchant_id,
        "merchantUserId": store.merchant_user_id,
        "username": store.username,
        "merchantStoreId": store.merchant_store_id,
        "posMode": pos_mode,
        "apiVersion": store.api_version,
    });
    let text = format!(
        "merchant {} (ACTIVE), user {} · store {} ({})\nSWIP_STORE_ID={}",
        store.merchant_id,
        store.username,
        store.merchant_store_id,
        pos_mode.as_str(),
        store.merchant_store_id
    );
    print(json, &summary, text);
    Ok(())
}

fn sale(args: &PosCreateArgs) -> Result<Sale, Failure> {
    Ok(Sale {
        discount: match &args.discount {
            Some(text) => lines::parse_roubles(text)?,
            None => Amount::ZERO,
        },
        session_code: args.session_code.clone(),
        cashier: args.cashier.clone(),
        number: args.number.clone(),
        merchant_order_id: args
            .merchant_order_id
            .clone()
            .unwrap_or_else(|| lines::new_merchant_order_id("till")),
        sale_date: lines::now_ms(),
    })
}

/// One JSON object, or the text.
fn print<T: Serialize>(json: bool, value: &T, text: String) {
    if json {
        match serde_json::to_value(value) {
            Ok(value) => write_line(&value),
            Err(error) => eprintln!("swip: the answer does not serialise: {error}"),
        }
    } else {
        println!("{text}");
    }
}

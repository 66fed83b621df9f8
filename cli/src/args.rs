//! The command line: every command and flag (clap derive; the doc comments are the `--help`).

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use swip_protocol::SecretString;
use swip_sandbox::WireStyle;
use swip_sandbox::control::CardBehavior;

use crate::qa::QaCommand;

/// SWiP's command line: the wallet's whole journey on an embedded sandbox, the sandbox standalone,
/// the journey interactively against any SWiP-compatible server, and QA helpers.
///
/// Logs go to stderr (`RUST_LOG=debug`, `RUST_LOG=swip_core=trace`...). No PAN, CVV, PIN, SMS
/// code or token is ever printed.
#[derive(Debug, Parser)]
#[command(name = "swip", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// A new user's whole journey on an embedded sandbox, in seconds: signup, SMS code, PIN, a
    /// 3-D Secure card, a second card made default, an order with cashback, payment. Ends with
    /// the receipt; exits 0 only when the order is paid.
    Demo(DemoArgs),
    /// The sandbox server standalone: prints `listening on http://ADDR`, the demo merchant, the
    /// test cards and the QA control endpoints, then serves until stopped (Ctrl-C).
    Sandbox(SandboxArgs),
    /// The journey interactively against any SWiP-compatible server: prompts for phone, SMS
    /// code, PIN and card (secrets are never echoed), then an order and its payment. Tokens are
    /// kept in the OS keyring when one is available, otherwise only in memory.
    Journey(JourneyArgs),
    /// Lists the cards of the session signed in by `swip journey` (asks for the PIN).
    Cards(SessionArgs),
    /// Creates an order and pays it on the session signed in by `swip journey` (asks for the PIN).
    Pay(PayArgs),
    /// Signs out: the server forgets nothing, this device forgets the session in the keyring.
    SignOut(SessionArgs),
    /// A shop's till on the POS API: open a ready store on a sandbox, create an order
    /// and show its session code, wait for the customer, close, refund, cancel. The other side
    /// of a visit for QA; `swip demo --pos` runs both sides.
    Pos(PosArgs),
    /// Harnesses for automated tests (hidden).
    #[command(subcommand, hide = true)]
    Qa(QaCommand),
}

impl Command {
    /// The log filter when `RUST_LOG` is not set.
    pub fn default_log_filter(&self) -> &'static str {
        match self {
            Command::Sandbox(_) => "info",
            _ => "warn",
        }
    }
}

/// A sandbox test card, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Behavior {
    /// Binds without 3-D Secure; payments succeed.
    Success,
    /// Binding asks for 3-D Secure; payments succeed.
    ThreeDs,
    /// Binding is declined.
    Decline,
    /// Binding never finishes (ends `Unknown` at the deadline).
    ProcessingForever,
    /// Binds; every payment is declined.
    PaymentDecline,
    /// Binds; every payment stays in processing (ends `Unknown` at the deadline).
    PaymentProcessingForever,
}

impl From<Behavior> for CardBehavior {
    fn from(behavior: Behavior) -> Self {
        match behavior {
            Behavior::Success => CardBehavior::Success,
            Behavior::ThreeDs => CardBehavior::ThreeDs,
            Behavior::Decline => CardBehavior::Decline,
            Behavior::ProcessingForever => CardBehavior::ProcessingForever,
            Behavior::PaymentDecline => CardBehavior::PaymentDecline,
            Behavior::PaymentProcessingForever => CardBehavior::PaymentProcessingForever,
        }
    }
}

/// `swip demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// One JSON line per state change (`{"type":"state",...}`) and a final summary line
    /// (`{"type":"summary","paid":...}`) on stdout, nothing else. Keys are camelCase, like the
    /// API's; the phone is masked (`+7 ••• ••• ••-17`) unless `--show-phone`.
    #[arg(long)]
    pub json: bool,
    /// With `--json`: the user's phone in full instead of masked.
    #[arg(long, requires = "json")]
    pub show_phone: bool,
    /// The first card, bound with 3-D Secure when it asks for it (`decline` makes the demo fail).
    #[arg(long, value_enum, default_value_t = Behavior::ThreeDs)]
    pub card: Behavior,
    /// The second card, made the default and paid with (`payment_decline` makes the demo fail).
    #[arg(long, value_enum, default_value_t = Behavior::Success)]
    pub payment_card: Behavior,
    /// The one-time code typed into the bank's 3-D Secure page (the sandbox bank accepts 1234).
    #[arg(long, default_value = "1234")]
    pub three_ds_code: String,
    /// The new user's phone (default: a fresh one, so runs against a shared sandbox never collide).
    #[arg(long)]
    pub phone: Option<String>,
    /// The PIN the new user chooses.
    #[arg(long, default_value = "2580", hide_default_value = true)]
    pub pin: String,
    /// Where the receipt is sent.
    #[arg(long, default_value = "demo@swip.test")]
    pub email: String,
    /// Run against this running sandbox (`swip sandbox`) instead of an embedded one.
    #[arg(long, value_name = "URL")]
    pub sandbox_url: Option<String>,
    /// The embedded sandbox's time in each processing stage, in milliseconds.
    #[arg(long, default_value_t = 300, value_name = "MS")]
    pub processing_delay_ms: u64,
    /// How often the wallet polls a binding or payment, in milliseconds (the contract says 1000;
    /// the demo is quicker).
    #[arg(long, default_value_t = 250, value_name = "MS")]
    pub poll_interval_ms: u64,
    /// How long a binding or payment is followed before it counts as unknown, in seconds.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub deadline_secs: u64,
    /// A visit to a shop instead: a till creates an order and shows its session code, the
    /// wallet finds it with the user's loyalty and pays it, the till sees it paid and closes it.
    #[arg(long)]
    pub pos: bool,
    /// With `--pos`: how the user pays the till's order (`app`: scenario 1, in the app with the
    /// card; `cash` / `terminal`: scenario 2, confirmed in the app, paid at the counter).
    #[arg(long, value_enum, default_value_t = PosPayment::App, requires = "pos")]
    pub pos_payment: PosPayment,
}

/// How the customer pays a till's order in `swip demo --pos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PosPayment {
    /// In the app, with the default card (scenario 1).
    App,
    /// In cash at the counter (scenario 2).
    Cash,
    /// By card at the bank's terminal (scenario 2).
    Terminal,
}

impl DemoArgs {
    /// The poll deadline.
    pub fn deadline(&self) -> Duration {
        Duration::from_secs(self.deadline_secs)
    }
}

/// `swip sandbox`.
#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Address to listen on (`0.0.0.0:8080` to reach it from a phone on the LAN; port 0 picks one).
    #[arg(long, default_value = "127.0.0.1:8080", env = "SWIP_SANDBOX_ADDR")]
    pub addr: SocketAddr,
    /// Milliseconds a binding or payment stays in each processing stage (sandbox clock).
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub processing_delay_ms: u64,
    /// Seed for deterministic SMS codes, ids and keys.
    #[arg(long)]
    pub seed: Option<u64>,
    /// How answers write unset fields: `nulls` (every unset field as null, as the seeds and a
    /// Java/Spring backend do) or `omit` (left out).
    #[arg(long, default_value_t = WireStyle::default(), env = "SWIP_WIRE_STYLE", value_name = "nulls|omit")]
    pub wire_style: WireStyle,
}

/// The server a session command talks to.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// The SWiP server: `https://…`, or `http://` to a loopback host (e.g. `swip sandbox`).
    #[arg(long, env = "SWIP_BASE_URL", value_name = "URL")]
    pub base_url: String,
    /// Allow plain `http://` to a host that is not loopback (a sandbox on the LAN).
    #[arg(long)]
    pub allow_plain_http: bool,
    /// Keep tokens in memory only, even when an OS keyring is available.
    #[arg(long)]
    pub memory_store: bool,
}

/// `swip journey`.
#[derive(Debug, Clone, Args)]
pub struct JourneyArgs {
    /// The server.
    #[command(flatten)]
    pub server: ServerArgs,
    /// The server is a SWiP sandbox: read the SMS code from its QA controls instead of asking.
    #[arg(long)]
    pub sandbox_sms: bool,
}

/// `swip cards`, `swip sign-out`.
#[derive(Debug, Clone, Args)]
pub struct SessionArgs {
    /// The server.
    #[command(flatten)]
    pub server: ServerArgs,
}

/// `swip pay`.
#[derive(Debug, Clone, Args)]
pub struct PayArgs {
    /// The server.
    #[command(flatten)]
    pub server: ServerArgs,
    /// What to buy: `PRODUCT_ID=QUANTITY`, repeated or comma-separated (`cappuccino=2,croissant=1`).
    #[arg(
        long,
        required = true,
        value_delimiter = ',',
        value_name = "PRODUCT=QTY"
    )]
    pub order: Vec<String>,
    /// The merchant (default: the sandbox catalog's first merchant, when the server is a sandbox).
    #[arg(long)]
    pub merchant: Option<String>,
    /// The merchant's store (default: the sandbox catalog's first store of the merchant).
    #[arg(long)]
    pub store: Option<String>,
    /// The card to pay with (default: the default card). See `swip cards`.
    #[arg(long, value_name = "CARD_ID")]
    pub card: Option<String>,
    /// Where the receipt is sent.
    #[arg(long, default_value = "qa@swip.test")]
    pub email: String,
}

/// `swip pos`.
#[derive(Debug, Clone, Args)]
pub struct PosArgs {
    /// The till.
    #[command(flatten)]
    pub till: TillArgs,
    /// What the till does.
    #[command(subcommand)]
    pub command: PosCommand,
}

/// Where the till is and who it is. On a sandbox only `--store` is needed: the till's token and
/// merchant are read from the sandbox's QA controls (and never printed).
#[derive(Debug, Clone, Args)]
pub struct TillArgs {
    /// The sandbox (`swip sandbox`): its POS API is `URL/pos-api`, its QA controls `URL/sandbox`.
    #[arg(
        long,
        global = true,
        env = "SWIP_SANDBOX_URL",
        default_value = "http://127.0.0.1:8080",
        value_name = "URL"
    )]
    pub sandbox_url: String,
    /// The POS API's root when it is not the sandbox's `/pos-api` (then give `--token` and
    /// `--merchant-id` too).
    #[arg(long, global = true, env = "SWIP_POS_URL", value_name = "URL")]
    pub pos_url: Option<String>,
    /// The till's store (`X-Store-ID`), as `swip pos store` prints it.
    #[arg(long, global = true, env = "SWIP_STORE_ID", value_name = "STORE_ID")]
    pub store: Option<String>,
    /// The till's number in the store (`X-Cash-ID`).
    #[arg(long, global = true, env = "SWIP_CASH_ID", default_value = "1")]
    pub cash_id: String,
    /// The store's static token (`Authorization: Bearer`); read from the sandbox when absent.
    /// Kept redacted (Debug prints `***`).
    #[arg(
        long,
        global = true,
        env = "SWIP_POS_TOKEN",
        hide_env_values = true,
        value_parser = secret
    )]
    pub token: Option<SecretString>,
    /// The merchant (`X-Merchant-ID`); read from the sandbox when absent.
    #[arg(long, global = true, env = "SWIP_MERCHANT_ID")]
    pub merchant_id: Option<String>,
    /// Print the server's answer as one JSON object instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

/// A secret flag value, redacted from then on.
fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::new(value))
}

/// The till's commands.
#[derive(Debug, Clone, Subcommand)]
pub enum PosCommand {
    /// Registers an ACTIVE merchant with one store on the sandbox (the merchant API's steps, in
    /// one QA control) and prints `SWIP_STORE_ID=…` for the other commands.
    Store(PosStoreArgs),
    /// Creates an order and shows its session code (the QR's text) for the customer.
    Create(PosCreateArgs),
    /// The order as the till sees it: status, loyalty, what was paid and how.
    Show(PosOrderArg),
    /// The store's orders.
    List,
    /// Waits until the customer paid in the app or chose to pay at the counter (or the order
    /// ended), polling its status once a second. Nobody paid within the timeout (45 s, as the
    /// seed's till): the order is closed with amount 0 (cancelled) unless `--no-close`; exit 1
    /// whenever the wait ends without an answer.
    Wait(PosWaitArgs),
    /// Closes the order with the final amount (default: what was paid in the app, otherwise
    /// what the customer owes). `--amount 0` cancels it.
    Close(PosCloseArgs),
    /// Refunds part or all of a CLOSED order (any number of times, up to the closed amount).
    Refund(PosRefundArgs),
    /// Releases the customer's held payment (refused with code 27 once captured).
    CancelPayment(PosOrderArg),
    /// Cancels an OPEN order.
    Cancel(PosOrderArg),
}

/// `swip pos store`.
#[derive(Debug, Clone, Args)]
pub struct PosStoreArgs {
    /// The merchant's name.
    #[arg(long)]
    pub merchant_name: Option<String>,
    /// Restaurant mode: OPEN orders wait 10 h instead of 1.5 min.
    #[arg(long)]
    pub restaurant: bool,
    /// Seconds after a close during which a held payment can still be released (default 300).
    #[arg(long, value_name = "SECONDS")]
    pub cancellation_period: Option<u64>,
    /// Do not start the demo campaigns (5% cashback for everyone, 10% off for new customers).
    #[arg(long)]
    pub no_campaigns: bool,
}

/// `swip pos create`.
#[derive(Debug, Clone, Args)]
pub struct PosCreateArgs {
    /// A line: `NAME=PRICE` or `NAME=PRICExQTY` (roubles; `Cappuccino=250x2`), repeated or
    /// comma-separated.
    #[arg(
        long = "item",
        required = true,
        value_delimiter = ',',
        value_name = "NAME=PRICExQTY"
    )]
    pub items: Vec<String>,
    /// The till's own discount off the whole order, roubles.
    #[arg(long, value_name = "ROUBLES")]
    pub discount: Option<String>,
    /// The QR text; the server makes one when absent.
    #[arg(long)]
    pub session_code: Option<String>,
    /// The cashier's name.
    #[arg(long, default_value = "Anna")]
    pub cashier: String,
    /// The number printed on the receipt.
    #[arg(long)]
    pub number: Option<String>,
    /// The till's own order id (default: a new one each time).
    #[arg(long)]
    pub merchant_order_id: Option<String>,
}

/// An order of the till.
#[derive(Debug, Clone, Args)]
pub struct PosOrderArg {
    /// SWiP's order id, as `swip pos create` prints it.
    pub order_id: String,
}

/// `swip pos wait`.
#[derive(Debug, Clone, Args)]
pub struct PosWaitArgs {
    /// SWiP's order id.
    pub order_id: String,
    /// Give up after this many seconds (the seed's 45 by default).
    #[arg(long, default_value_t = crate::till::wait::SEED_WAIT.as_secs(), value_name = "SECONDS")]
    pub timeout: u64,
    /// When nobody paid by then, leave the order open instead of closing it with amount 0 (which
    /// cancels it, as the seed's till does).
    #[arg(long)]
    pub no_close: bool,
}

/// `swip pos close`.
#[derive(Debug, Clone, Args)]
pub struct PosCloseArgs {
    /// SWiP's order id.
    pub order_id: String,
    /// The final amount in roubles (`0` cancels the order).
    #[arg(long, value_name = "ROUBLES")]
    pub amount: Option<String>,
}

/// `swip pos refund`.
#[derive(Debug, Clone, Args)]
pub struct PosRefundArgs {
    /// SWiP's order id.
    pub order_id: String,
    /// How much to give back, roubles.
    #[arg(long, value_name = "ROUBLES")]
    pub amount: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tills_token_flag_stays_redacted() {
        let cli = Cli::try_parse_from(["swip", "pos", "--token", "pos-token-secret", "list"])
            .expect("parses");
        let Command::Pos(pos) = &cli.command else {
            panic!("{:?}", cli.command)
        };
        assert_eq!(
            pos.till.token.as_ref().map(SecretString::expose),
            Some("pos-token-secret")
        );
        assert!(!format!("{cli:?}").contains("pos-token-secret"));
    }
}

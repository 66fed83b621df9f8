//! The router: SWiP's paths, the `/ext/` extensions, the `/sandbox/` controls and the OpenAPI
//! document, with error-object fallbacks for unknown paths (404 code 9) and wrong methods
//! (405 code 7). Every route is registered through [`RouteBook`], which keeps the list the
//! OpenAPI test compares with the document.

mod app_pos;
mod auth;
mod cards;
mod control;
mod deferred;
mod ext;
mod merchant;
mod orders;
mod pos;
mod pos_control;
mod signup;

use axum::Router;
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, delete, get, post, put};
use swip_protocol::ErrorCode;
use swip_protocol::paths;

use crate::error::ApiError;
use crate::shared::AppState;

/// The committed OpenAPI document, served at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// Builds the router while recording every (method, path) it serves.
pub struct RouteBook {
    router: Router<AppState>,
    table: Vec<(Method, &'static str)>,
}

impl RouteBook {
    fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, route);
        self.table.push((method, path));
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::GET, path, get(handler))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::POST, path, post(handler))
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::PUT, path, put(handler))
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::DELETE, path, delete(handler))
    }

    /// Lets a route module register its routes.
    fn with(self, register: fn(RouteBook) -> RouteBook) -> Self {
        register(self)
    }
}

/// Every route of the sandbox.
pub fn route_book() -> RouteBook {
    RouteBook::new()
        // Signup and login.
        .post(paths::SIGNUPS, signup::start_signup)
        .put(paths::SIGNUPS, signup::set_pin)
        .post(paths::SIGNUP_VERIFICATIONS, signup::verify)
        .post(paths::SMS_MESSAGES, signup::resend_sms)
        .post(paths::SIGNUP_DEVICES, signup::signup_device)
        .post(paths::AUTH, auth::login)
        .put(paths::AUTH, auth::refresh)
        // Cards.
        .post(paths::PAYMENT_CARDS, cards::bind)
        .get(paths::PAYMENT_CARDS, cards::list)
        .post(paths::SET_DEFAULT_ROUTE, cards::set_default)
        .post(paths::UNSET_DEFAULT_ROUTE, cards::unset_default)
        .delete(paths::PAYMENT_CARD_ROUTE, cards::delete_card)
        .get(paths::DEFERRED_STATUS_ROUTE, deferred::status)
        .get(paths::THREE_DS_PAGE_ROUTE, deferred::three_ds_page)
        // Orders.
        .post(paths::INAPP_ORDERS, orders::create)
        .post(paths::ORDER_PAYMENTS_ROUTE, orders::pay)
        // Extensions.
        .get(paths::CRYPTOGRAM_KEY, ext::cryptogram_key)
        .get(ext::BANK_3DS_ROUTE, ext::bank_page)
        .post(ext::BANK_3DS_ROUTE, ext::bank_submit)
        .get(ext::THREE_DS_RETURN, ext::three_ds_return)
        .get("/openapi.json", openapi)
        // QA controls.
        .get("/sandbox/sms", control::latest_sms)
        .get("/sandbox/clock", control::clock)
        .post("/sandbox/clock/advance", control::advance_clock)
        .get("/sandbox/test-cards", control::test_cards)
        .post("/sandbox/3ds/{deferredId}", control::complete_3ds)
        .post("/sandbox/cryptograms", control::make_cryptogram)
        .post(
            "/sandbox/cryptogram-key/rotate",
            control::rotate_cryptogram_key,
        )
        .get("/sandbox/catalog", control::catalog)
        .get("/sandbox/charges", control::charges)
        .get("/sandbox/journal", control::journal)
        .get("/sandbox/faults", control::faults)
        .post("/sandbox/faults", control::add_faults)
        .delete("/sandbox/faults", control::clear_faults)
        .delete("/sandbox/state", control::reset)
        .get("/sandbox/wire-style", control::wire_style)
        .put("/sandbox/wire-style", control::set_wire_style)
        // The merchant API, the POS API, the app's side of POS orders and their controls.
        .with(merchant::routes)
        .with(pos::routes)
        .with(app_pos::routes)
        .with(pos_control::routes)
}

/// Every (method, path pattern) the router serves.
pub fn route_table() -> Vec<(Method, &'static str)> {
    route_book().table
}

/// The complete router, with its fallbacks, the transport layer (faults, journal, `Date`) and,
/// outermost, the wire style's rewriting of JSON answers (injected faults' answers included).
pub fn router(shared: AppState) -> Router {
    route_book()
        .router
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            crate::middleware::transport,
        ))
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            crate::wire_style::rewrite,
        ))
        .with_state(shared)
}

async fn no_such_endpoint() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such endpoint",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotSupported,
        "method not allowed on this path",
    )
}

async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI_JSON,
    )
}

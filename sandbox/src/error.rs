//! Every failure leaves the sandbox as the seed's error object `{code, description, fieldErrors}`
//! with the seed's HTTP status.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use swip_protocol::{ApiErrorBody, ErrorCode};

/// An error answer: status, error object and any extra headers (`Retry-After`, `X-Attempts-Left`).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The error object.
    pub body: ApiErrorBody,
    /// Extra headers.
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// The result of a handler or a state operation.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with this status and code; the description is `"<CODE NAME>: <detail>"`.
    pub fn new(status: StatusCode, code: ErrorCode, detail: &str) -> Self {
        let description = if detail.is_empty() {
            code.name().to_owned()
        } else {
            format!("{}: {detail}", code.name())
        };
        Self {
            status,
            body: ApiErrorBody::new(code, description),
            headers: Vec::new(),
        }
    }

    /// 400 code 5 with one field error per `(field, message)`.
    pub fn validation(object_name: &str, fields: Vec<(String, String)>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: ApiErrorBody::validation(object_name, fields),
            headers: Vec::new(),
        }
    }

    /// 400 code 5 for a single field.
    pub fn field(object_name: &str, field: &str, message: &str) -> Self {
        Self::validation(object_name, vec![(field.to_owned(), message.to_owned())])
    }

    /// 404 code 9.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, what)
    }

    /// 400 with a code other than 5.
    pub fn bad_request(code: ErrorCode, detail: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 401 code 2.
    pub fn unauthenticated(detail: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::AuthenticationError,
            detail,
        )
    }

    /// 403 code 4.
    pub fn forbidden(detail: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::AccessDenied, detail)
    }

    /// 500 code 1.
    pub fn internal(detail: &str) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalServerError,
            detail,
        )
    }

    /// The same error with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl ToString) -> Self {
        if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
            self.headers.push((HeaderName::from_static(name), value));
        }
        self
    }

    /// The error code most fitting an HTTP status, for injected faults without an explicit code.
    pub fn code_for_status(status: StatusCode) -> ErrorCode {
        match status.as_u16() {
            400 => ErrorCode::ValidationFailed,
            401 => ErrorCode::AuthenticationError,
            403 => ErrorCode::AccessDenied,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotSupported,
            408 | 504 => ErrorCode::OperationTimedOut,
            429 => ErrorCode::RequestLimitExceeded,
            502 | 503 => ErrorCode::ExternalSystemError,
            _ => ErrorCode::InternalServerError,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

//! The error object of the contract and its numeric codes.

use serde::{Deserialize, Serialize};

/// The error object every failed request returns:
/// `{"code": 0, "description": "string", "fieldErrors": [{"field", "message", "objectName"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiErrorBody {
    /// SWiP's internal error code, see [`ErrorCode`].
    pub code: u32,
    /// A human-readable description.
    #[serde(default)]
    pub description: String,
    /// Details per field (validation errors); `null` reads as none (a Java/Spring backend and
    /// the merchant seed's example send `"fieldErrors": null`).
    #[serde(default, deserialize_with = "null_as_no_field_errors")]
    pub field_errors: Vec<FieldError>,
}

/// `fieldErrors`: a list, or `null` for none.
fn null_as_no_field_errors<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<FieldError>, D::Error> {
    Ok(Option::<Vec<FieldError>>::deserialize(deserializer)?.unwrap_or_default())
}

impl ApiErrorBody {
    /// An error object with no field errors; the description defaults to the code's name.
    pub fn new(code: ErrorCode, description: impl Into<String>) -> Self {
        Self {
            code: code.as_u32(),
            description: description.into(),
            field_errors: Vec::new(),
        }
    }

    /// A validation error (code 5) naming each bad field.
    pub fn validation(object_name: &str, fields: Vec<(String, String)>) -> Self {
        Self {
            code: ErrorCode::ValidationFailed.as_u32(),
            description: ErrorCode::ValidationFailed.name().to_owned(),
            field_errors: fields
                .into_iter()
                .map(|(field, message)| FieldError {
                    field,
                    message,
                    object_name: object_name.to_owned(),
                })
                .collect(),
        }
    }

    /// The code as an enum.
    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::from_u32(self.code)
    }
}

/// One field's error inside [`ApiErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field in error.
    #[serde(default)]
    pub field: String,
    /// What is wrong with it.
    #[serde(default)]
    pub message: String,
    /// The object (request type) the field belongs to.
    #[serde(default)]
    pub object_name: String,
}

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal; )*) => {
        /// Every numeric error code of the contract (the document lists 1, 2 and 4–32; there is no 3),
        /// plus [`ErrorCode::Unknown`] for a code a newer server may add.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
            /// A code this contract does not know.
            Unknown(u32),
        }

        impl ErrorCode {
            /// Every known code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code from its number.
            pub fn from_u32(code: u32) -> Self {
                match code {
                    $( $code => ErrorCode::$variant, )*
                    other => ErrorCode::Unknown(other),
                }
            }

            /// The number of the code.
            pub fn as_u32(self) -> u32 {
                match self {
                    $( ErrorCode::$variant => $code, )*
                    ErrorCode::Unknown(other) => other,
                }
            }

            /// The code's name as the document writes it (`"TOKEN EXPIRED"`).
            pub fn name(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $name, )*
                    ErrorCode::Unknown(_) => "UNKNOWN",
                }
            }
        }
    };
}

error_codes! {
    /// 1: internal server error.
    InternalServerError = 1, "INTERNAL SERVER ERROR";
    /// 2: authentication failed.
    AuthenticationError = 2, "AUTHENTICATION ERROR";
    /// 4: access denied.
    AccessDenied = 4, "ACCESS DENIED";
    /// 5: validation failed; `fieldErrors` names the fields.
    ValidationFailed = 5, "VALIDATION FAILED";
    /// 6: the operation is not valid in the current state.
    IllegalState = 6, "ILLEGAL STATE";
    /// 7: method not supported.
    MethodNotSupported = 7, "METHOD NOT SUPPORTED";
    /// 8: duplicate data.
    Duplicate = 8, "DUPLICATE";
    /// 9: resource not found.
    NotFound = 9, "NOT FOUND";
    /// 10: unsupported message.
    UnsupportedMessage = 10, "UNSUPPORTED MESSAGE";
    /// 11: order flow violation.
    OrderFlowViolation = 11, "ORDER FLOW VIOLATION";
    /// 12: the SMS code expired.
    SmsCodeExpired = 12, "SMS CODE EXPIRED";
    /// 13: the operation timed out.
    OperationTimedOut = 13, "OPERATION TIMED OUT";
    /// 14: data does not match (a wrong SMS code or PIN).
    DoesntMatch = 14, "DOESNT MATCH";
    /// 15: payments are blocked.
    PaymentsBlocked = 15, "PAYMENTS BLOCKED";
    /// 16: the JWT expired.
    TokenExpired = 16, "TOKEN EXPIRED";
    /// 17: the JWT could not be processed.
    JwtTokenError = 17, "JWT TOKEN ERROR";
    /// 18: concurrent payments.
    ConcurrentPaymentError = 18, "CONCURRENT PAYMENT ERROR";
    /// 19: the bank refused the payment.
    BankPaymentError = 19, "BANK PAYMENT ERROR";
    /// 20: the payment card is blocked.
    PaymentCardBlocked = 20, "PAYMENT CARD BLOCKED";
    /// 21: accounting error.
    AccountingError = 21, "ACCOUNTING ERROR";
    /// 22: request limit exceeded.
    RequestLimitExceeded = 22, "REQUEST LIMIT EXCEEDED";
    /// 23: an external system failed.
    ExternalSystemError = 23, "EXTERNAL SYSTEM ERROR";
    /// 24: paying with cashback failed.
    CashbackPaymentError = 24, "CASHBACK PAYMENT ERROR";
    /// 25: the operation is in progress.
    OperationInProgress = 25, "OPERATION IN PROGRESS";
    /// 26: duplicate customer PIN.
    CustomerDuplicatePin = 26, "CUSTOMER DUPLICATE PIN";
    /// 27: the payment can no longer be reversed.
    ReverseUnavailable = 27, "REVERSE UNAVAILABLE";
    /// 28: the order already exists.
    OrderAlreadyExists = 28, "ORDER ALREADY EXISTS";
    /// 29: the order is already refunded.
    OrderAlreadyRefunded = 29, "ORDER ALREADY REFUNDED";
    /// 30: the order's payment is already confirmed.
    OrderAlreadyConfirmed = 30, "ORDER ALREADY CONFIRMED";
    /// 31: the order is not paid.
    OrderNotPaid = 31, "ORDER NOT PAID";
    /// 32: a refund exceeds the order's total.
    ExcessTotalAmount = 32, "EXCESS TOTAL AMOUNT";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name(), self.as_u32())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_number() {
        assert_eq!(ErrorCode::ALL.len(), 31);
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_u32(code.as_u32()), *code);
        }
        assert_eq!(ErrorCode::from_u32(3), ErrorCode::Unknown(3));
        assert_eq!(ErrorCode::from_u32(16), ErrorCode::TokenExpired);
    }

    #[test]
    fn parses_the_documented_error_object() {
        let raw = r#"{ "code": 5, "description": "string", "fieldErrors": [
            { "field": "phone", "message": "must be 11 digits", "objectName": "signup" } ] }"#;
        let body: ApiErrorBody = serde_json::from_str(raw).unwrap();
        assert_eq!(body.error_code(), ErrorCode::ValidationFailed);
        assert_eq!(body.field_errors[0].field, "phone");
        assert_eq!(body.field_errors[0].object_name, "signup");
        let back = serde_json::to_value(&body).unwrap();
        assert!(back.get("fieldErrors").is_some());
    }
}

//! Signup, verification, PIN setup, device login, PIN login and token refresh.

use serde::{Deserialize, Serialize};

use crate::{SecretString, tolerant};

/// `POST /v2/signups`: `{"phone":"79160000000"}` (11 digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupRequest {
    /// The phone number, 11 digits.
    pub phone: String,
}

/// The token pair returned by signup, PIN setup, device login and refresh.
/// After `POST /v2/signups` the `refreshToken` is `null`.
///
/// Read tolerantly: `token` is required (missing, `null` or `""` fails the answer); the periods,
/// `null` or absent, read as one hour ([`tolerant::DEFAULT_PERIOD_SECS`], the seed's validity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// The JWT for `X-Auth-Token`.
    #[serde(deserialize_with = "tolerant::required_secret")]
    pub token: SecretString,
    /// The refresh token, `null` after signup.
    #[serde(default)]
    pub refresh_token: Option<SecretString>,
    /// Seconds the refresh token stays valid.
    #[serde(
        default = "tolerant::default_period",
        deserialize_with = "tolerant::period_or_default"
    )]
    pub refresh_period: u64,
    /// Seconds the token stays valid.
    #[serde(
        default = "tolerant::default_period",
        deserialize_with = "tolerant::period_or_default"
    )]
    pub token_refresh_period: u64,
}

/// `POST /v2/signup-verifications`: `{"code":"6826"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRequest {
    /// The code from the SMS.
    pub code: SecretString,
}

/// The verification's answer: `{"new":true}` means set a PIN, `false` means a known user.
/// `new` is required: the journey cannot choose its next step without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationResponse {
    /// True for a phone not registered yet.
    pub new: bool,
}

/// `PUT /v2/signups`: PIN setup for a new user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinSetupRequest {
    /// The device's id.
    pub device_id: String,
    /// First name, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The PIN.
    pub password: SecretString,
}

/// `POST /v2/signup-devices`: a known user on a new device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSignupRequest {
    /// The device's id.
    pub device_id: String,
    /// The PIN.
    pub password: SecretString,
}

/// `POST /auth`: PIN login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthRequest {
    /// The device's id.
    pub device_id: String,
    /// The PIN.
    pub password: SecretString,
    /// The phone given at signup.
    pub username: String,
}

/// The answer of `POST /auth`.
///
/// Read tolerantly: `token` may be `null` or absent (it is empty when
/// `deviceRegistrationRequired` is true; the session refuses an empty token otherwise); the
/// periods read as [`TokenResponse`]'s; `stpStatus` and `deviceRegistrationRequired`, `null` or
/// absent, read as `""` and `false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    /// The JWT for `X-Auth-Token`.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub token: SecretString,
    /// The refresh token.
    #[serde(default)]
    pub refresh_token: Option<SecretString>,
    /// Seconds the refresh token stays valid.
    #[serde(
        default = "tolerant::default_period",
        deserialize_with = "tolerant::period_or_default"
    )]
    pub refresh_period: u64,
    /// Seconds the token stays valid.
    #[serde(
        default = "tolerant::default_period",
        deserialize_with = "tolerant::period_or_default"
    )]
    pub token_refresh_period: u64,
    /// `"OFF"` in the document's example.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub stp_status: String,
    /// True when this device must go through signup-devices first.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub device_registration_required: bool,
}

impl From<AuthResponse> for TokenResponse {
    fn from(auth: AuthResponse) -> Self {
        TokenResponse {
            token: auth.token,
            refresh_token: auth.refresh_token,
            refresh_period: auth.refresh_period,
            token_refresh_period: auth.token_refresh_period,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_examples() {
        let signup: TokenResponse = serde_json::from_str(
            r#"{ "token":"eyJhbGciOi...OsCJZDnxqQg", "refreshToken":null, "refreshPeriod":3600, "tokenRefreshPeriod":3600 }"#,
        )
        .unwrap();
        assert!(signup.refresh_token.is_none());
        assert_eq!(signup.token_refresh_period, 3600);

        let auth: AuthResponse = serde_json::from_str(
            r#"{ "token":"eyJhbG....Wnp--Q", "refreshToken":"eyJhbG.....fW9Gw", "refreshPeriod":3600,
                 "tokenRefreshPeriod":3600, "stpStatus":"OFF", "deviceRegistrationRequired":false }"#,
        )
        .unwrap();
        assert_eq!(auth.stp_status, "OFF");
        assert!(!auth.device_registration_required);

        let verification: VerificationResponse = serde_json::from_str(r#"{"new":true}"#).unwrap();
        assert!(verification.new);
    }

    #[test]
    fn requests_use_the_documented_field_names() {
        let pin = PinSetupRequest {
            device_id: "d".into(),
            first_name: Some("Ivan".into()),
            last_name: None,
            password: "1111".into(),
        };
        let json = serde_json::to_value(&pin).unwrap();
        assert_eq!(json["deviceId"], "d");
        assert_eq!(json["firstName"], "Ivan");
        assert_eq!(json["password"], "1111");
        let auth = AuthRequest {
            device_id: "d".into(),
            password: "1".into(),
            username: "7".into(),
        };
        let json = serde_json::to_value(&auth).unwrap();
        assert_eq!(json["username"], "7");
        assert!(!format!("{pin:?}").contains("1111"));
    }
}

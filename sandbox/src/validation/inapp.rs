//! Field rules of the in-app API's bodies (seed 001): every violation is its own `fieldError`;
//! the first step of each handler. The formats are [`swip_protocol::rules`].

use serde_json::{Map, Value};
use swip_protocol::auth::{
    AuthRequest, DeviceSignupRequest, PinSetupRequest, SignupRequest, VerificationRequest,
};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::orders::{CreateOrderRequest, PayOrderRequest, PurchaseRequest};
use swip_protocol::rules::{card_holder, device_id, email, person_name, phone, pin, sms_code};
use swip_protocol::{Quantity, SecretString};

use super::reader::{Reader, join, present};
use super::{
    DEVICE_ID_MESSAGE, EMAIL_MESSAGE, HOLDER_MESSAGE, NAME_MESSAGE, PHONE_MESSAGE, PIN_MESSAGE,
    SMS_CODE_MESSAGE,
};
use crate::error::ApiResult;

/// Most lines an order may have.
pub const MAX_PURCHASES: usize = 100;

/// `POST /v2/signups` `{"phone"}`: 11 digits.
pub fn signup(body: &Map<String, Value>) -> ApiResult<SignupRequest> {
    let mut r = Reader::new();
    let phone = r.rule(body, "phone", "", phone::check, PHONE_MESSAGE);
    r.finish("SignupRequest")?;
    Ok(SignupRequest {
        phone: phone.unwrap_or_default(),
    })
}

/// `POST /v2/signup-verifications` `{"code"}`: 4 digits.
pub fn verification(body: &Map<String, Value>) -> ApiResult<VerificationRequest> {
    let mut r = Reader::new();
    let code = r.rule(body, "code", "", sms_code::check, SMS_CODE_MESSAGE);
    r.finish("VerificationRequest")?;
    Ok(VerificationRequest {
        code: SecretString::new(code.unwrap_or_default()),
    })
}

/// `PUT /v2/signups` `{deviceId, firstName?, lastName?, password}`; a blank name is no name.
pub fn pin_setup(body: &Map<String, Value>) -> ApiResult<PinSetupRequest> {
    let mut r = Reader::new();
    let device_id = r.rule(body, "deviceId", "", device_id::check, DEVICE_ID_MESSAGE);
    let first_name = r.optional_rule(body, "firstName", "", person_name::check, NAME_MESSAGE);
    let last_name = r.optional_rule(body, "lastName", "", person_name::check, NAME_MESSAGE);
    let password = r.rule(body, "password", "", pin::check, PIN_MESSAGE);
    r.finish("PinSetupRequest")?;
    Ok(PinSetupRequest {
        device_id: device_id.unwrap_or_default(),
        first_name,
        last_name,
        password: SecretString::new(password.unwrap_or_default()),
    })
}

/// `POST /v2/signup-devices` `{deviceId, password}`.
pub fn device_signup(body: &Map<String, Value>) -> ApiResult<DeviceSignupRequest> {
    let mut r = Reader::new();
    let device_id = r.rule(body, "deviceId", "", device_id::check, DEVICE_ID_MESSAGE);
    let password = r.rule(body, "password", "", pin::check, PIN_MESSAGE);
    r.finish("DeviceSignupRequest")?;
    Ok(DeviceSignupRequest {
        device_id: device_id.unwrap_or_default(),
        password: SecretString::new(password.unwrap_or_default()),
    })
}

/// `POST /auth` `{deviceId, password, username}`: `username` is the signup phone.
pub fn auth(body: &Map<String, Value>) -> ApiResult<AuthRequest> {
    let mut r = Reader::new();
    let device_id = r.rule(body, "deviceId", "", device_id::check, DEVICE_ID_MESSAGE);
    let password = r.rule(body, "password", "", pin::check, PIN_MESSAGE);
    let username = r.rule(
        body,
        "username",
        "",
        phone::check,
        "must be the 11-digit phone given at signup",
    );
    r.finish("AuthRequest")?;
    Ok(AuthRequest {
        device_id: device_id.unwrap_or_default(),
        password: SecretString::new(password.unwrap_or_default()),
        username: username.unwrap_or_default(),
    })
}

/// `POST /payment-cards` `{addAsDefault, holder, cryptogram}`: the cryptogram's card data is
/// checked when it is opened (`crate::cryptogram`), with the same rules.
pub fn bind_card(body: &Map<String, Value>) -> ApiResult<BindCardRequest> {
    let mut r = Reader::new();
    let add_as_default = r.boolean(body, "addAsDefault", "");
    let holder = r.rule(body, "holder", "", card_holder::check, HOLDER_MESSAGE);
    let cryptogram = r.checked(body, "cryptogram", "", |c| !c.is_empty(), "malformed");
    r.finish("BindCardRequest")?;
    Ok(BindCardRequest {
        add_as_default: add_as_default.unwrap_or_default(),
        holder: holder.unwrap_or_default(),
        cryptogram: SecretString::new(cryptogram.unwrap_or_default()),
    })
}

/// `POST /inapp-orders` `{merchantId, merchantStoreId, purchases[{productId, quantity}]}`:
/// 1–100 lines, each a product id and a quantity in (0, 10000].
pub fn create_order(body: &Map<String, Value>) -> ApiResult<CreateOrderRequest> {
    let mut r = Reader::new();
    let merchant_id = r.string(body, "merchantId", "");
    let store_id = r.string(body, "merchantStoreId", "");
    let mut purchases = Vec::new();
    if let Some(items) = r.objects(body, "purchases", "") {
        if items.len() > MAX_PURCHASES {
            r.reject("purchases", format!("at most {MAX_PURCHASES} lines"));
        }
        for (path, item) in items {
            let product_id = r.checked(
                item,
                "productId",
                &path,
                |id| !id.is_empty(),
                "must be a non-empty string",
            );
            let quantity = match present(item, "quantity")
                .and_then(Value::as_f64)
                .map(Quantity)
            {
                Some(quantity) if quantity.is_valid() => Some(quantity),
                _ => {
                    r.reject(
                        join(&path, "quantity"),
                        "must be a number above 0, at most 10000",
                    );
                    None
                }
            };
            if let (Some(product_id), Some(quantity)) = (product_id, quantity) {
                purchases.push(PurchaseRequest {
                    product_id,
                    quantity,
                });
            }
        }
    }
    r.finish("CreateOrderRequest")?;
    Ok(CreateOrderRequest {
        merchant_id: merchant_id.unwrap_or_default(),
        merchant_store_id: store_id.unwrap_or_default(),
        purchases,
    })
}

/// `POST /orders/{id}/payments` `{email, paymentCardId}`.
pub fn pay_order(body: &Map<String, Value>) -> ApiResult<PayOrderRequest> {
    let mut r = Reader::new();
    let email = r.rule(body, "email", "", email::check, EMAIL_MESSAGE);
    let payment_card_id = r.string(body, "paymentCardId", "");
    r.finish("PayOrderRequest")?;
    Ok(PayOrderRequest {
        email: email.unwrap_or_default(),
        payment_card_id: payment_card_id.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn bad_fields(result: ApiResult<impl std::fmt::Debug>) -> Vec<String> {
        let error = result.expect_err("refused");
        let body = serde_json::to_value(&error.body).unwrap();
        body["fieldErrors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn every_bad_field_is_named() {
        let body = object(json!({
            "deviceId": "", "firstName": "R2D2", "lastName": "a".repeat(51), "password": "12345"
        }));
        assert_eq!(
            bad_fields(pin_setup(&body)),
            ["deviceId", "firstName", "lastName", "password"]
        );
        let body = object(json!({ "addAsDefault": "yes", "holder": "ИВАН", "cryptogram": 5 }));
        assert_eq!(
            bad_fields(bind_card(&body)),
            ["addAsDefault", "holder", "cryptogram"]
        );
    }

    #[test]
    fn names_may_be_absent_null_or_blank() {
        for names in [
            json!({}),
            json!({ "firstName": null, "lastName": null }),
            json!({ "firstName": " ", "lastName": "" }),
        ] {
            let mut body = object(names);
            body.insert("deviceId".into(), json!("d1"));
            body.insert("password".into(), json!("1111"));
            let request = pin_setup(&body).unwrap();
            assert_eq!((request.first_name, request.last_name), (None, None));
        }
        let body = object(
            json!({ "deviceId": "d1", "firstName": "D'Artagnan", "lastName": "Анна-Мария", "password": "1111" }),
        );
        assert!(pin_setup(&body).is_ok());
    }

    #[test]
    fn orders_and_payments() {
        let body = object(json!({ "merchantId": "m", "merchantStoreId": "s", "purchases": [] }));
        assert_eq!(bad_fields(create_order(&body)), ["purchases"]);
        let body = object(json!({ "email": "ivan@x.r1", "paymentCardId": "c" }));
        assert_eq!(bad_fields(pay_order(&body)), ["email"]);
    }
}

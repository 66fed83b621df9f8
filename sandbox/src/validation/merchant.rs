//! Field rules of the merchant registration API (seed 002): every violation is its own
//! `fieldError` named by its path; the first step of each handler.

use serde_json::{Map, Value};
use swip_protocol::SecretString;
use swip_protocol::merchant::{
    BankDetails, CorporateInformation, CustomerInformation, LegalPersonRequest,
    MerchantAuthRequest, MerchantSignupRequest, MerchantVerificationRequest, PosMode, StoreRequest,
};

use swip_protocol::rules::{device_id, email, phone};

use super::reader::{Reader, is_iso8601, join, present};
use super::{DEVICE_ID_MESSAGE, EMAIL_MESSAGE};
use crate::error::ApiResult;

/// The `objectName` of signup errors.
pub const SIGNUP_OBJECT: &str = "MerchantUserSignupRequest";
/// Message for a bad phone.
pub const PHONE_MESSAGE: &str = "must be +7, 7 or 8 followed by 10 digits";
/// Longest cancellation period of a store: a week.
pub const MAX_CANCELLATION_PERIOD_S: u64 = 7 * 24 * 3600;

/// `POST /merchant-user-signups`. The seed's table writes `legalPerson` and its example
/// `legalPersons`: both are read (the latter first). `corporateInformation` and
/// `customerInformation` are objects as in the example; the table's "array with at least one
/// object" is accepted too (its first item is kept, every item is checked).
pub fn signup(body: &Map<String, Value>) -> ApiResult<MerchantSignupRequest> {
    let mut r = Reader::new();
    let key = if present(body, "legalPersons").is_none() && present(body, "legalPerson").is_some() {
        "legalPerson"
    } else {
        "legalPersons"
    };
    let persons = r.objects(body, key, "").unwrap_or_default();
    let legal_persons: Vec<Option<LegalPersonRequest>> = persons
        .iter()
        .map(|(path, person)| legal_person(&mut r, person, path))
        .collect();
    let merchant_name = r.text(body, "merchantName", "", 2, 60);
    let password = r.checked(
        body,
        "password",
        "",
        |text| text.chars().count() >= 4,
        "must be at least 4 characters",
    );
    let phone = r.rule(body, "phone", "", phone::check_merchant, PHONE_MESSAGE);
    let username = r.rule(body, "username", "", email::check, EMAIL_MESSAGE);
    r.finish(SIGNUP_OBJECT)?;
    Ok(MerchantSignupRequest {
        legal_persons: legal_persons.into_iter().flatten().collect(),
        merchant_name: merchant_name.unwrap_or_default(),
        password: SecretString::new(password.unwrap_or_default()),
        phone: phone.unwrap_or_default(),
        username: username.unwrap_or_default(),
    })
}

fn legal_person(
    r: &mut Reader,
    person: &Map<String, Value>,
    path: &str,
) -> Option<LegalPersonRequest> {
    let details = r.objects(person, "bankDetails", path).unwrap_or_default();
    let several = details.len() > 1;
    let mut defaults = 0;
    let mut all_say = true;
    let bank_details: Vec<Option<BankDetails>> = details
        .iter()
        .map(|(detail_path, detail)| {
            let parsed = bank_detail(r, detail, detail_path);
            if several && present(detail, "default").is_none() {
                all_say = false;
                r.reject(
                    join(detail_path, "default"),
                    "required when there are several accounts",
                );
            }
            if parsed.as_ref().is_some_and(|d| d.default) {
                defaults += 1;
            }
            parsed
        })
        .collect();
    if several && all_say && defaults != 1 && bank_details.iter().all(Option::is_some) {
        r.reject(
            join(path, "bankDetails"),
            "exactly one account must be the default one",
        );
    }
    let corporate = one_or_many(
        r,
        person,
        "corporateInformation",
        path,
        corporate_information,
    );
    let customer = one_or_many(r, person, "customerInformation", path, customer_information);
    let products = match present(person, "products") {
        None => Some(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
        ),
        Some(_) => {
            r.reject(join(path, "products"), "must be an array of strings");
            None
        }
    };
    let bank_details: Option<Vec<BankDetails>> = bank_details.into_iter().collect();
    Some(LegalPersonRequest {
        bank_details: bank_details?,
        corporate_information: corporate?,
        customer_information: customer?,
        products: products?,
    })
}

/// An object, or a non-empty array of objects (the first is kept; every one is checked).
fn one_or_many<T>(
    r: &mut Reader,
    parent: &Map<String, Value>,
    key: &str,
    prefix: &str,
    read: fn(&mut Reader, &Map<String, Value>, &str) -> Option<T>,
) -> Option<T> {
    let path = join(prefix, key);
    match present(parent, key) {
        Some(Value::Array(_)) => {
            let items = r.objects(parent, key, prefix)?;
            let parsed: Vec<Option<T>> = items
                .iter()
                .map(|(item_path, item)| read(r, item, item_path))
                .collect();
            parsed.into_iter().next().flatten()
        }
        Some(Value::Object(object)) => read(r, object, &path),
        None => {
            r.reject(path, "must not be null");
            None
        }
        Some(_) => {
            r.reject(path, "must be an object");
            None
        }
    }
}

fn bank_detail(r: &mut Reader, detail: &Map<String, Value>, path: &str) -> Option<BankDetails> {
    let accounts_name = r.text(detail, "accountsName", path, 1, 100);
    let bank = r.text(detail, "bank", path, 1, 100);
    let bik = r.digits(detail, "bik", path, &[9]);
    let checking_account = r.text(detail, "checkingAccount", path, 1, 100);
    let correspondent_account = r.text(detail, "correspondentAccount", path, 1, 100);
    let default = r.optional_bool(detail, "default", path);
    let default_ok = present(detail, "default").is_none() || default.is_some();
    let inn = r.digits(detail, "inn", path, &[10, 12]);
    let main_account = r.text(detail, "mainAccount", path, 1, 100);
    default_ok.then_some(())?;
    Some(BankDetails {
        id: None,
        accounts_name: accounts_name?,
        bank: bank?,
        bik: bik?,
        checking_account: checking_account?,
        correspondent_account: correspondent_account?,
        default: default.unwrap_or(true),
        inn: inn?,
        main_account: main_account?,
    })
}

fn corporate_information(
    r: &mut Reader,
    info: &Map<String, Value>,
    path: &str,
) -> Option<CorporateInformation> {
    let ceo_name = r.text(info, "ceoName", path, 1, 100);
    let employees_count = r.integer(info, "employeesCount", path, 0);
    let inn = r.digits(info, "inn", path, &[10, 12]);
    let kpp = r.digits(info, "kpp", path, &[9]);
    let ogrn = r.digits(info, "ogrn", path, &[13]);
    let okpo = r.digits(info, "okpo", path, &[8, 10]);
    let okwed = r.text(info, "okwed", path, 1, 100);
    let registration_date = r.checked(
        info,
        "registrationDate",
        path,
        is_iso8601,
        "must be an ISO 8601 date (2019-05-13T11:33:42.007Z)",
    );
    Some(CorporateInformation {
        ceo_name: ceo_name?,
        employees_count: u64::try_from(employees_count?).ok()?,
        inn: inn?,
        kpp: kpp?,
        ogrn: ogrn?,
        okpo: okpo?,
        okwed: okwed?,
        registration_date: registration_date?,
    })
}

fn customer_information(
    r: &mut Reader,
    info: &Map<String, Value>,
    path: &str,
) -> Option<CustomerInformation> {
    let actual_address = r.text(info, "actualAddress", path, 1, 100);
    let address = r.text(info, "address", path, 1, 100);
    let cashbox_provider = r.text(info, "cashboxProvider", path, 1, 100);
    let cashbox_type = r.text(info, "cashboxType", path, 1, 100);
    let email = r.rule(info, "email", path, email::check, EMAIL_MESSAGE);
    let name = r.text(info, "name", path, 1, 100);
    let phone = r.rule(info, "phone", path, phone::check_merchant, PHONE_MESSAGE);
    let postal_address = r.text(info, "postalAddress", path, 1, 100);
    Some(CustomerInformation {
        actual_address: actual_address?,
        address: address?,
        cashbox_provider: cashbox_provider?,
        cashbox_type: cashbox_type?,
        email: email?,
        name: name?,
        phone: phone?,
        postal_address: postal_address?,
    })
}

/// `POST /merchant-user-verifications`: every field required; `email` an e-mail, `mobilePhone` a
/// phone, `deviceId` 1–128 characters.
pub fn verification(body: &Map<String, Value>) -> ApiResult<MerchantVerificationRequest> {
    let mut r = Reader::new();
    let code = r.text(body, "code", "", 1, 16);
    let device_id = r.rule(body, "deviceId", "", device_id::check, DEVICE_ID_MESSAGE);
    let email = r.rule(body, "email", "", email::check, EMAIL_MESSAGE);
    let mobile_phone = r.rule(
        body,
        "mobilePhone",
        "",
        phone::check_merchant,
        PHONE_MESSAGE,
    );
    r.finish("MerchantUserVerificationRequest")?;
    Ok(MerchantVerificationRequest {
        code: SecretString::new(code.unwrap_or_default()),
        device_id: device_id.unwrap_or_default(),
        email: email.unwrap_or_default(),
        mobile_phone: mobile_phone.unwrap_or_default(),
    })
}

/// `PUT /merchant-user-verifications`: `merchantUserId` (the id, or the username).
pub fn resend(body: &Map<String, Value>) -> ApiResult<String> {
    let mut r = Reader::new();
    let who = r.text(body, "merchantUserId", "", 1, 254);
    r.finish("MerchantUserVerificationResendRequest")?;
    Ok(who.unwrap_or_default())
}

/// The merchant API's `POST /auth`.
pub fn auth(body: &Map<String, Value>) -> ApiResult<MerchantAuthRequest> {
    let mut r = Reader::new();
    let password = r.text(body, "password", "", 1, 256);
    let username = r.text(body, "username", "", 1, 254);
    r.finish("MerchantAuthRequest")?;
    Ok(MerchantAuthRequest {
        password: SecretString::new(password.unwrap_or_default()),
        username: username.unwrap_or_default(),
    })
}

/// `POST /stores` and `PUT /stores/{id}`: `name` 1–100 characters and `bankAccount` required;
/// `latitude` −90…90 and `longitude` −180…180 (numbers, or numeric strings as the POST table
/// says); other strings at most 255 characters (`description` 1000); extensions `posMode` and
/// `cancellationPeriodSeconds` (0…604800).
pub fn store(body: &Map<String, Value>) -> ApiResult<StoreRequest> {
    let mut r = Reader::new();
    let name = r.text(body, "name", "", 1, 100);
    let bank_account = r.text(body, "bankAccount", "", 1, 100);
    let address = r.optional_string(body, "address", "", 255);
    let description = r.optional_string(body, "description", "", 1000);
    let phone = r.optional_string(body, "phone", "", 255);
    let mon_fri = r.optional_string(body, "monFri", "", 255);
    let sat_sun = r.optional_string(body, "satSun", "", 255);
    let latitude = coordinate(&mut r, body, "latitude", 90.0);
    let longitude = coordinate(&mut r, body, "longitude", 180.0);
    let pos_mode = match present(body, "posMode") {
        None => None,
        Some(Value::String(mode))
            if ["FAST_FOOD", "RETAIL", "RESTAURANT"].contains(&mode.as_str()) =>
        {
            Some(PosMode::from_wire(mode))
        }
        Some(_) => {
            r.reject("posMode", "must be FAST_FOOD, RETAIL or RESTAURANT");
            None
        }
    };
    let cancellation_period_seconds = match present(body, "cancellationPeriodSeconds") {
        None => None,
        Some(value) => match value.as_u64() {
            Some(seconds) if seconds <= MAX_CANCELLATION_PERIOD_S => Some(seconds),
            _ => {
                r.reject(
                    "cancellationPeriodSeconds",
                    format!("must be an integer, 0 to {MAX_CANCELLATION_PERIOD_S}"),
                );
                None
            }
        },
    };
    r.finish("StoreRequest")?;
    Ok(StoreRequest {
        name: name.unwrap_or_default(),
        bank_account: bank_account.unwrap_or_default(),
        address,
        description,
        latitude,
        longitude,
        phone,
        mon_fri,
        sat_sun,
        pos_mode,
        cancellation_period_seconds,
    })
}

fn coordinate(r: &mut Reader, body: &Map<String, Value>, key: &str, limit: f64) -> Option<f64> {
    let value = present(body, key)?;
    let number = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    match number {
        Some(number) if number.is_finite() && number.abs() <= limit => Some(number),
        _ => {
            r.reject(key, format!("must be a number from -{limit} to {limit}"));
            None
        }
    }
}

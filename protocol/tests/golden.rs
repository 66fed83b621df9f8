//! The seeds' JSON examples as golden files (`tests/fixtures/`, see its README).
//!
//! - Every response example decodes with the protocol's type, and every field the seed shows is
//!   read (none silently dropped by a misspelt name).
//! - Generated variants of each response decode too: every optional field `null` (at every depth,
//!   and at the top), every optional field removed, each with an unknown field added to every
//!   object. A required field `null` or removed fails, and the failure names that field.
//! - Every request example, read into our request type and written back, gives the same fields
//!   and values: what we send has the seed's names.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use swip_protocol::tolerant::{self, DecodeFailure};
use swip_protocol::{ApiErrorBody, auth, cards, deferred, merchant, orders};

/// Decodes a body and writes the value back as JSON (to see which fields were read).
type Decoder = fn(&[u8]) -> Result<Value, DecodeFailure>;

fn decode_as<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<Value, DecodeFailure> {
    let result = tolerant::decode::<T>(bytes);
    if let Err(failure) = &result {
        assert_eq!(
            failure.field,
            support::oracle_field::<T>(bytes).expect("the oracle fails too"),
            "the failure's field, as serde_path_to_error names it ({})",
            failure.problem
        );
    }
    result.map(|value| serde_json::to_value(value).unwrap())
}

/// Reads a request example into our type and writes it back as we would send it.
type Resend = fn(&[u8]) -> Value;

fn resend_as<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Value {
    let request: T = serde_json::from_slice(bytes).expect("the request example reads");
    serde_json::to_value(request).unwrap()
}

/// A response example: its file, its type, and the fields that are required (`[]` stands for
/// every item of a list).
struct ResponseCase {
    file: &'static str,
    decode: Decoder,
    required: &'static [&'static str],
}

fn response(
    file: &'static str,
    decode: Decoder,
    required: &'static [&'static str],
) -> ResponseCase {
    ResponseCase {
        file,
        decode,
        required,
    }
}

fn responses() -> Vec<ResponseCase> {
    use merchant::*;
    vec![
        // Seed 001, the in-app API.
        response(
            "001_inapp/error.response.json",
            decode_as::<ApiErrorBody>,
            &[],
        ),
        response(
            "001_inapp/post_v2_signups.response.json",
            decode_as::<auth::TokenResponse>,
            &["token"],
        ),
        response(
            "001_inapp/post_v2_signup-verifications.response.json",
            decode_as::<auth::VerificationResponse>,
            &["new"],
        ),
        response(
            "001_inapp/put_v2_signups.response.json",
            decode_as::<auth::TokenResponse>,
            &["token"],
        ),
        response(
            "001_inapp/post_v2_signup-devices.response.json",
            decode_as::<auth::TokenResponse>,
            &["token"],
        ),
        response(
            "001_inapp/post_auth.response.json",
            decode_as::<auth::AuthResponse>,
            &[],
        ),
        response(
            "001_inapp/put_auth.response.json",
            decode_as::<auth::TokenResponse>,
            &["token"],
        ),
        response(
            "001_inapp/post_payment-cards.response.json",
            decode_as::<deferred::DeferredResponse>,
            &["deferredId"],
        ),
        response(
            "001_inapp/get_deferred-results_id_status.binding.response.json",
            decode_as::<deferred::DeferredStatusResponse>,
            &["status"],
        ),
        response(
            "001_inapp/get_deferred-results_id_binding-payment-card-3ds-result.response.json",
            decode_as::<deferred::ThreeDsPage>,
            &["finish3dsHtml"],
        ),
        response(
            "001_inapp/get_payment-cards.response.json",
            decode_as::<Vec<cards::PaymentCard>>,
            &["[].id"],
        ),
        response(
            "001_inapp/post_inapp-orders.response.json",
            decode_as::<orders::Order>,
            &["id", "total"],
        ),
        response(
            "001_inapp/post_orders_id_payments.response.json",
            decode_as::<deferred::DeferredResponse>,
            &["deferredId"],
        ),
        response(
            "001_inapp/get_deferred-results_id_status.payment.response.json",
            decode_as::<deferred::DeferredStatusResponse>,
            &["status"],
        ),
        // Seed 002, the merchant registration API.
        response(
            "002_merchant/error.response.json",
            decode_as::<ApiErrorBody>,
            &[],
        ),
        response(
            "002_merchant/post_merchant-user-signups.response.json",
            decode_as::<MerchantSignupResponse>,
            &["merchantId", "status", "token"],
        ),
        response(
            "002_merchant/post_merchant-user-verifications.response.json",
            decode_as::<MerchantVerificationResponse>,
            &[],
        ),
        response(
            "002_merchant/post_merchant-user-verifications.error.response.json",
            decode_as::<ApiErrorBody>,
            &[],
        ),
        response(
            "002_merchant/put_merchant-user-verifications.response.json",
            decode_as::<ResendVerificationResponse>,
            &[],
        ),
        response(
            "002_merchant/get_merchants_id_status.response.json",
            decode_as::<MerchantStatusResponse>,
            &["status"],
        ),
        response(
            "002_merchant/get_merchants_id_status.error.response.json",
            decode_as::<ApiErrorBody>,
            &[],
        ),
        response(
            "002_merchant/post_auth.response.json",
            decode_as::<MerchantAuthResponse>,
            &["token"],
        ),
        response(
            "002_merchant/get_legal-entities.response.json",
            decode_as::<Vec<LegalEntity>>,
            &[],
        ),
        response(
            "002_merchant/get_legal-entities_id.response.json",
            decode_as::<LegalEntity>,
            &[],
        ),
        response(
            "002_merchant/get_legal-entities_id_bank-details_id.response.json",
            decode_as::<BankDetails>,
            &[],
        ),
        response(
            "002_merchant/post_stores.response.json",
            decode_as::<StoreIdResponse>,
            &["merchantStoreId"],
        ),
        response(
            "002_merchant/put_stores_id.response.json",
            decode_as::<MerchantStore>,
            &[],
        ),
        response(
            "002_merchant/delete_stores_id.response.json",
            decode_as::<StoreIdResponse>,
            &["merchantStoreId"],
        ),
        response(
            "002_merchant/get_stores.response.json",
            decode_as::<Vec<MerchantStore>>,
            &[],
        ),
    ]
}

fn requests() -> Vec<(&'static str, Resend)> {
    use merchant::*;
    vec![
        (
            "001_inapp/post_v2_signups.request.json",
            resend_as::<auth::SignupRequest>,
        ),
        (
            "001_inapp/post_v2_signup-verifications.request.json",
            resend_as::<auth::VerificationRequest>,
        ),
        (
            "001_inapp/put_v2_signups.request.json",
            resend_as::<auth::PinSetupRequest>,
        ),
        (
            "001_inapp/post_v2_signup-devices.request.json",
            resend_as::<auth::DeviceSignupRequest>,
        ),
        (
            "001_inapp/post_auth.request.json",
            resend_as::<auth::AuthRequest>,
        ),
        (
            "001_inapp/post_payment-cards.request.json",
            resend_as::<cards::BindCardRequest>,
        ),
        (
            "001_inapp/post_inapp-orders.request.json",
            resend_as::<orders::CreateOrderRequest>,
        ),
        (
            "001_inapp/post_orders_id_payments.request.json",
            resend_as::<orders::PayOrderRequest>,
        ),
        (
            "002_merchant/post_merchant-user-signups.request.json",
            resend_as::<MerchantSignupRequest>,
        ),
        (
            "002_merchant/post_merchant-user-verifications.request.json",
            resend_as::<MerchantVerificationRequest>,
        ),
        (
            "002_merchant/put_merchant-user-verifications.request.json",
            resend_as::<ResendVerificationRequest>,
        ),
        (
            "002_merchant/post_auth.request.json",
            resend_as::<MerchantAuthRequest>,
        ),
        (
            "002_merchant/post_stores.request.json",
            resend_as::<StoreRequest>,
        ),
        (
            "002_merchant/put_stores_id.request.json",
            resend_as::<StoreRequest>,
        ),
    ]
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(file: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn parse(file: &str) -> Value {
    serde_json::from_slice(&read(file)).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// A field's path with list indexes written `[]`: `[0].id` → `[].id`.
fn generic_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// How a variant treats each optional field.
#[derive(Clone, Copy, Debug)]
enum Variant {
    /// Every optional scalar and list of scalars, at every depth, `null`; objects are kept and
    /// their own fields treated the same way.
    NullLeaves,
    /// Every optional field at every level `null`, nested objects included.
    NullEverything,
    /// Every optional field removed.
    Removed,
}

/// The fixture with the variant applied and an unknown field added to every object.
fn vary(value: &Value, path: &str, required: &BTreeSet<String>, variant: Variant) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                let child_path = join(path, key);
                if required.contains(&child_path)
                    || required
                        .iter()
                        .any(|r| r.starts_with(&format!("{child_path}.")))
                {
                    out.insert(key.clone(), vary(child, &child_path, required, variant));
                    continue;
                }
                match variant {
                    Variant::Removed => {}
                    Variant::NullEverything => {
                        out.insert(key.clone(), Value::Null);
                    }
                    Variant::NullLeaves => {
                        let leaf = match child {
                            Value::Object(_) => vary(child, &child_path, required, variant),
                            Value::Array(items) if items.iter().any(Value::is_object) => {
                                vary(child, &child_path, required, variant)
                            }
                            _ => Value::Null,
                        };
                        out.insert(key.clone(), leaf);
                    }
                }
            }
            out.insert(
                "xUnknownFieldOfANewerServer".into(),
                serde_json::json!({"nested": [1, null, "x"], "flag": null}),
            );
            Value::Object(out)
        }
        Value::Array(items) => {
            let item_path = format!("{path}[]");
            Value::Array(
                items
                    .iter()
                    .map(|item| vary(item, &item_path, required, variant))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// Every object key of `value`, as generic paths.
fn key_paths(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = join(path, key);
                out.insert(child_path.clone());
                key_paths(child, &child_path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// `0` and `0.0` are the same JSON number to a reader: compare them as such.
fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(n) => Value::from(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Sets (or removes) the required field `path` in every place it occurs.
fn break_required(value: &mut Value, segments: &[&str], remove: bool) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    match (value, *first) {
        (Value::Array(items), "[]") => {
            for item in items {
                break_required(item, rest, remove);
            }
        }
        (Value::Object(map), key) if rest.is_empty() => {
            if remove {
                map.remove(key);
            } else {
                map.insert(key.to_owned(), Value::Null);
            }
        }
        (Value::Object(map), key) => {
            if let Some(child) = map.get_mut(key) {
                break_required(child, rest, remove);
            }
        }
        _ => {}
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('.')
        .flat_map(|part| match part.strip_prefix("[]") {
            Some("") => vec!["[]"],
            Some(rest) => vec!["[]", rest],
            None => vec![part],
        })
        .collect()
}

#[test]
fn every_fixture_is_covered_by_a_test() {
    let mut on_disk = BTreeSet::new();
    for seed in std::fs::read_dir(fixtures_dir()).unwrap() {
        let seed = seed.unwrap().path();
        if !seed.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&seed).unwrap() {
            let file = file.unwrap().path();
            on_disk.insert(format!(
                "{}/{}",
                seed.file_name().unwrap().to_str().unwrap(),
                file.file_name().unwrap().to_str().unwrap()
            ));
        }
    }
    let mut covered: BTreeSet<String> = responses().iter().map(|c| c.file.to_owned()).collect();
    covered.extend(requests().iter().map(|(file, _)| (*file).to_owned()));
    assert_eq!(
        on_disk, covered,
        "every golden file is decoded by a case here"
    );
    assert_eq!(on_disk.len(), 43, "22 examples of seed 001, 21 of seed 002");
}

#[test]
fn every_response_example_decodes_and_every_field_is_read() {
    for case in responses() {
        let original = parse(case.file);
        let decoded =
            (case.decode)(&read(case.file)).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        let mut seed_fields = BTreeSet::new();
        key_paths(&original, "", &mut seed_fields);
        let mut read_fields = BTreeSet::new();
        key_paths(&decoded, "", &mut read_fields);
        let dropped: Vec<_> = seed_fields.difference(&read_fields).collect();
        assert!(
            dropped.is_empty(),
            "{}: fields not read: {dropped:?}",
            case.file
        );
    }
}

#[test]
fn optional_fields_null_or_absent_and_unknown_fields_never_fail_an_answer() {
    let mut decoded = 0;
    for case in responses() {
        let original = parse(case.file);
        let required: BTreeSet<String> = case.required.iter().map(|r| (*r).to_owned()).collect();
        for variant in [
            Variant::NullLeaves,
            Variant::NullEverything,
            Variant::Removed,
        ] {
            let body = serde_json::to_vec(&vary(&original, "", &required, variant)).unwrap();
            let value =
                (case.decode)(&body).unwrap_or_else(|e| panic!("{} ({variant:?}): {e}", case.file));
            // The required fields keep the seed's values.
            for path in case.required {
                let pointer = format!("/{}", path.replace('.', "/").replace("[]", "0"));
                let pointer = pointer.replace("//", "/");
                assert_eq!(
                    numbers_as_floats(value.pointer(&pointer).cloned().unwrap_or(Value::Null)),
                    numbers_as_floats(original.pointer(&pointer).cloned().unwrap_or(Value::Null)),
                    "{} ({variant:?}): {path}",
                    case.file
                );
            }
            decoded += 1;
        }
    }
    assert_eq!(decoded, 29 * 3);
}

#[test]
fn a_required_field_null_or_missing_fails_naming_the_field() {
    let mut checked = 0;
    for case in responses() {
        for path in case.required {
            for remove in [false, true] {
                let mut body = parse(case.file);
                break_required(&mut body, &segments(path), remove);
                let failure = (case.decode)(&serde_json::to_vec(&body).unwrap())
                    .expect_err(&format!("{}: {path} removed={remove}", case.file));
                assert_eq!(
                    generic_path(&failure.field),
                    *path,
                    "{}: {failure}",
                    case.file
                );
                let expected = if remove {
                    "required, but missing"
                } else {
                    "required, but null"
                };
                assert_eq!(failure.problem, expected, "{}: {path}", case.file);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * 20, "20 required fields, each null and missing");
}

#[test]
fn our_requests_have_the_seeds_field_names_and_values() {
    for (file, resend) in requests() {
        let original = parse(file);
        let sent = resend(&read(file));
        assert_eq!(
            numbers_as_floats(sent),
            numbers_as_floats(original),
            "{file}: what we send differs from the seed's example"
        );
    }
}

//! The field that `tolerant::decode` names when an answer cannot be read is the one that
//! `serde_path_to_error` (an independent implementation, kept as a test oracle only) names, for
//! any body: fields null, missing, of the wrong type or unknown, at any depth, compact or pretty,
//! keys with escapes.

mod support;

use proptest::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use swip_protocol::tolerant::{self, null_as_default, required_text};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // read only to fail
struct Answer {
    #[serde(deserialize_with = "required_text")]
    id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    lines: Vec<Line>,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(rename = "we\"ird")]
    weird: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read only to fail
struct Line {
    price: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    name: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read only to fail
struct Meta {
    code: u32,
    tags: Vec<String>,
}

fn oracle_field<T: DeserializeOwned>(bytes: &[u8]) -> Option<String> {
    // The scanner's paths keep only the characters of field names (no `"`).
    support::oracle_field::<T>(bytes).map(|field| field.replace('"', ""))
}

/// Any JSON value of little depth: what a field may hold in a body that goes wrong.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0u32..5000).prop_map(Value::from),
        (-5.0f64..5.0).prop_map(Value::from),
        "[a-z\"\\\\ ]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A field's value: usually of the right shape, sometimes anything, sometimes left out (`None`).
fn field(good: impl Strategy<Value = Value> + 'static) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        4 => good.prop_map(Some),
        1 => any_value().prop_map(Some),
        1 => Just(None),
    ]
}

fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect(),
    )
}

fn line() -> impl Strategy<Value = Value> {
    (
        field((0.0f64..100.0).prop_map(Value::from)),
        field("[a-z]{0,5}".prop_map(Value::from)),
    )
        .prop_map(|(price, name)| object(vec![("price", price), ("name", name)]))
}

fn answer() -> impl Strategy<Value = Value> {
    (
        field("[a-z0-9]{0,4}".prop_map(Value::from)),
        field(prop::collection::vec(line(), 0..4).prop_map(Value::from)),
        field(
            (
                field((0u32..9).prop_map(Value::from)),
                field(
                    prop::collection::vec("[a-z]{1,3}".prop_map(Value::from), 0..3)
                        .prop_map(Value::from),
                ),
            )
                .prop_map(|(code, tags)| object(vec![("code", code), ("tags", tags)])),
        ),
        field((0u32..9).prop_map(Value::from)),
        any_value(),
    )
        .prop_map(|(id, lines, meta, weird, extra)| {
            object(vec![
                ("id", id),
                ("lines", lines),
                ("meta", meta),
                ("we\"ird", weird),
                ("unknownExtra", Some(extra)),
            ])
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_failing_field_is_the_one_the_oracle_names(body in answer(), pretty in any::<bool>()) {
        let bytes = if pretty {
            serde_json::to_vec_pretty(&body).unwrap()
        } else {
            serde_json::to_vec(&body).unwrap()
        };
        let ours = tolerant::decode::<Answer>(&bytes).err().map(|f| f.field);
        prop_assert_eq!(ours, oracle_field::<Answer>(&bytes));
    }

    #[test]
    fn a_list_answer_names_the_item(items in prop::collection::vec(line(), 0..5)) {
        let bytes = serde_json::to_vec(&Value::from(items)).unwrap();
        let ours = tolerant::decode::<Vec<Line>>(&bytes).err().map(|f| f.field);
        prop_assert_eq!(ours, oracle_field::<Vec<Line>>(&bytes));
    }
}

#[test]
fn the_generator_reaches_failures_at_depth() {
    let bytes =
        serde_json::to_vec(&json!({"id": "x", "lines": [{"price": 1}, {"name": "n"}]})).unwrap();
    assert_eq!(
        tolerant::decode::<Answer>(&bytes).unwrap_err().field,
        "lines[1].price"
    );
    assert_eq!(oracle_field::<Answer>(&bytes).unwrap(), "lines[1].price");
}

//! A small checker of JSON values against the committed OpenAPI document's schemas: every key
//! present must be a declared property, every required property present, types and enums right.

use serde_json::Value;

/// The committed OpenAPI document.
pub fn document() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("openapi.json")).expect("valid JSON")
}

/// Asserts `value` matches the component schema `name`.
#[track_caller]
pub fn assert_schema(doc: &Value, name: &str, value: &Value) {
    let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    let problems = check(doc, &schema, value, name);
    assert!(
        problems.is_empty(),
        "{name} does not match its schema: {problems:#?}\nvalue: {value}"
    );
}

/// Asserts `value` is an array whose items match the component schema `name`.
#[track_caller]
pub fn assert_array_of(doc: &Value, name: &str, value: &Value) {
    let items = value.as_array().expect("an array");
    for item in items {
        assert_schema(doc, name, item);
    }
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            doc.pointer(&format!("/components/schemas/{name}"))
                .unwrap_or_else(|| panic!("no schema {name}"))
        }
        None => schema,
    }
}

/// The problems found, empty when `value` matches.
pub fn check(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = resolve(doc, schema);
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        return if options
            .iter()
            .any(|option| check(doc, option, value, at).is_empty())
        {
            Vec::new()
        } else {
            vec![format!("{at}: matches no oneOf option")]
        };
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let kind = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    let ok = match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    };
    if !ok {
        return vec![format!("{at}: expected {kind}, got {value}")];
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            problems.push(format!("{at}: {value} not in {allowed:?}"));
        }
    }
    if let (Some(object), Some(properties)) = (
        value.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for (key, item) in object {
            match properties.get(key) {
                Some(property) => {
                    problems.extend(check(doc, property, item, &format!("{at}.{key}")))
                }
                None => problems.push(format!("{at}: undeclared property {key}")),
            }
        }
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = required.as_str().unwrap_or_default();
            if !object.contains_key(key) {
                problems.push(format!("{at}: missing required {key}"));
            }
        }
    }
    if let (Some(items), Some(item_schema)) = (value.as_array(), schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            problems.extend(check(doc, item_schema, item, &format!("{at}[{index}]")));
        }
    }
    problems
}

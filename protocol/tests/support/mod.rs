//! What the protocol's integration tests share.

use serde::de::DeserializeOwned;

/// The field of a failure to read `bytes` as `T`, as `serde_path_to_error` (an independent
/// implementation, which the library no longer carries) names it: its path, and a missing field's
/// name after it; `None` when the body reads.
pub fn oracle_field<T: DeserializeOwned>(bytes: &[u8]) -> Option<String> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let err = serde_path_to_error::deserialize::<_, T>(&mut json).err()?;
    let mut field = match err.path().to_string() {
        root if root == "." => String::new(),
        path => path,
    };
    if let Some(rest) = err.inner().to_string().strip_prefix("missing field `") {
        if !field.is_empty() {
            field.push('.');
        }
        field.push_str(&rest[..rest.find('`').unwrap()]);
    }
    Some(field)
}

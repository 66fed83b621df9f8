//! `Idempotency-Key` (docs/extensions.md): the same key from the same user on the same operation
//! gets the first successful answer again, and the work is done once. Only successful answers are
//! kept: a refused request changed nothing, so running it again is safe.

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Who asked what with which key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyScope {
    user_id: String,
    operation: String,
    key: Option<String>,
}

impl IdempotencyScope {
    /// The scope of a request; without a key nothing is remembered.
    pub fn new(user_id: &str, operation: &str, key: Option<&str>) -> Self {
        Self {
            user_id: user_id.to_owned(),
            operation: operation.to_owned(),
            key: key.map(str::to_owned),
        }
    }
}

/// The answers kept, by scope.
#[derive(Debug, Default)]
pub struct IdempotencyBook {
    answers: HashMap<IdempotencyScope, serde_json::Value>,
}

impl IdempotencyBook {
    /// The first answer given in this scope, if any.
    pub fn answer<T: DeserializeOwned>(&self, scope: &IdempotencyScope) -> Option<T> {
        scope.key.as_ref()?;
        self.answers
            .get(scope)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
    }

    /// Keeps a successful answer for its scope.
    pub fn remember<T: Serialize>(&mut self, scope: IdempotencyScope, answer: &T) {
        if scope.key.is_some() {
            if let Ok(value) = serde_json::to_value(answer) {
                self.answers.insert(scope, value);
            }
        }
    }
}

//! Fault injection: rules matched by method and path that add latency, answer an error status, or
//! drop the connection before or after the work is committed.

use crate::control::{ActiveFault, FaultRule};

/// The active fault rules, in the order they were added.
#[derive(Debug, Default)]
pub struct FaultBook {
    rules: Vec<ActiveFault>,
}

impl FaultBook {
    /// Adds a rule; it affects `count` (default 1) matching requests. A count of 0 adds nothing.
    pub fn add(&mut self, rule: FaultRule) {
        let remaining = rule.count.unwrap_or(1);
        if remaining > 0 {
            self.rules.push(ActiveFault { rule, remaining });
        }
    }

    /// Removes every rule.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The rules still active.
    pub fn list(&self) -> Vec<ActiveFault> {
        self.rules.clone()
    }

    /// The first rule matching the request, used up by one; rules used up are removed.
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultRule> {
        let index = self.rules.iter().position(|active| {
            method_matches(&active.rule.method, method) && path_matches(&active.rule.path, path)
        })?;
        let active = self.rules.get_mut(index)?;
        active.remaining -= 1;
        let rule = active.rule.clone();
        if active.remaining == 0 {
            self.rules.remove(index);
        }
        Some(rule)
    }
}

/// Why a rule cannot be used.
pub fn rule_problems(rule: &FaultRule) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if rule.method.trim().is_empty() {
        problems.push((
            "method".to_owned(),
            "must be an HTTP method or *".to_owned(),
        ));
    }
    if !rule.path.starts_with('/') {
        problems.push(("path".to_owned(), "must start with /".to_owned()));
    }
    if let Some(status) = rule.status {
        if !(400..=599).contains(&status) {
            problems.push((
                "status".to_owned(),
                "must be an HTTP error status, 400–599".to_owned(),
            ));
        }
    }
    if rule.latency_ms.is_some_and(|ms| ms > 600_000) {
        problems.push(("latencyMs".to_owned(), "must be at most 600000".to_owned()));
    }
    if rule.status.is_some() && rule.drop.is_some() {
        problems.push((
            "drop".to_owned(),
            "cannot be combined with status".to_owned(),
        ));
    }
    problems
}

fn method_matches(pattern: &str, method: &str) -> bool {
    pattern == "*" || pattern.eq_ignore_ascii_case(method)
}

/// True when `path` matches `pattern`: equal segment by segment, a `{…}` segment matching any
/// one non-empty segment.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern_segments: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path_segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    pattern_segments.len() == path_segments.len()
        && pattern_segments
            .iter()
            .zip(&path_segments)
            .all(|(expected, actual)| {
                (expected.starts_with('{') && expected.ends_with('}') && !actual.is_empty())
                    || expected == actual
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(path_matches(
            "/orders/{id}/payments",
            "/orders/abc/payments"
        ));
        assert!(!path_matches("/orders/{id}/payments", "/orders//payments"));
        assert!(!path_matches("/orders/{id}/payments", "/orders/abc"));
        assert!(path_matches("/payment-cards", "/payment-cards"));
        assert!(!path_matches("/payment-cards", "/payment-cards/x"));
    }

    #[test]
    fn counts_down() {
        let mut book = FaultBook::default();
        book.add(
            FaultRule::new("post", "/auth")
                .with_status(500, None)
                .with_count(2),
        );
        assert!(book.take("GET", "/auth").is_none());
        assert!(book.take("POST", "/auth").is_some());
        assert_eq!(book.list()[0].remaining, 1);
        assert!(book.take("POST", "/auth").is_some());
        assert!(book.take("POST", "/auth").is_none());
        assert!(book.list().is_empty());
    }
}

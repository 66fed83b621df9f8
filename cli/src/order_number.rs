//! An order's number as the CLI writes it after the word "order".

/// ` №7` for an order numbered `7`; nothing when the server sent no number (a tolerant read gives
/// it as empty), so a line reads "order paid", never "order № paid".
pub fn suffix(number: &str) -> String {
    match number.trim() {
        "" => String::new(),
        number => format!(" №{number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::suffix;

    #[test]
    fn a_missing_number_leaves_no_sign() {
        assert_eq!(format!("order{}", suffix("7")), "order №7");
        assert_eq!(format!("order{}", suffix("")), "order");
        assert_eq!(format!("order{}", suffix("  ")), "order");
    }
}

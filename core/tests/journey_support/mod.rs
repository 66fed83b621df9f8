//! What the journey's pure tests (no I/O) share.

use swip_core::input::card::{CardInput, YearMonth};

/// A test card (Visa test number), ending 1111, valid in November 2026.
pub fn test_card() -> CardInput {
    CardInput::parse(
        "4111111111111111",
        12,
        2030,
        "123",
        "IVAN PETROV",
        YearMonth {
            year: 2026,
            month: 11,
        },
    )
    .unwrap()
}

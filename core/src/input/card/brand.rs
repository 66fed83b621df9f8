//! Payment system from the card number (IIN ranges) and the lengths each one issues.
//!
//! | system     | prefixes                        | lengths      | CVV |
//! |------------|---------------------------------|--------------|-----|
//! | МИР        | 2200–2204                       | 16–19        | 3   |
//! | MASTERCARD | 2221–2720, 51–55                | 16           | 3   |
//! | VISA       | 4                               | 13, 16, 19   | 3   |
//! | AMEX       | 34, 37                          | 15           | 4   |
//! | JCB        | 3528–3589                       | 16–19        | 3   |
//! | UNIONPAY   | 62                              | 16–19        | 3   |
//! | MAESTRO    | 50, 56–58, 63, 67               | 12–19        | 3   |

use swip_protocol::cards::PaymentSystem;

/// The leading `n` digits as a number (`None` if the number is shorter).
fn prefix(digits: &str, n: usize) -> Option<u32> {
    digits.get(..n)?.parse().ok()
}

/// The payment system a number belongs to, from its leading digits; `None` when unsupported.
pub fn brand_of(digits: &str) -> Option<PaymentSystem> {
    let p1 = prefix(digits, 1)?;
    let p2 = prefix(digits, 2)?;
    let p4 = prefix(digits, 4)?;
    Some(match () {
        _ if (2200..=2204).contains(&p4) => PaymentSystem::Mir,
        _ if (2221..=2720).contains(&p4) || (51..=55).contains(&p2) => PaymentSystem::Mastercard,
        _ if p1 == 4 => PaymentSystem::Visa,
        _ if p2 == 34 || p2 == 37 => PaymentSystem::Amex,
        _ if (3528..=3589).contains(&p4) => PaymentSystem::Jcb,
        _ if p2 == 62 => PaymentSystem::UnionPay,
        _ if matches!(p2, 50 | 56..=58 | 63 | 67) => PaymentSystem::Maestro,
        _ => return None,
    })
}

/// True when `brand` issues numbers of `len` digits.
pub(super) fn length_allowed(brand: &PaymentSystem, len: usize) -> bool {
    match brand {
        PaymentSystem::Mir | PaymentSystem::Jcb | PaymentSystem::UnionPay => {
            (16..=19).contains(&len)
        }
        PaymentSystem::Mastercard => len == 16,
        PaymentSystem::Visa => matches!(len, 13 | 16 | 19),
        PaymentSystem::Amex => len == 15,
        PaymentSystem::Maestro => (12..=19).contains(&len),
        PaymentSystem::Other(_) => false,
    }
}

/// How many CVV digits `brand` uses.
pub fn cvv_length(brand: &PaymentSystem) -> usize {
    if *brand == PaymentSystem::Amex { 4 } else { 3 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_table() {
        let cases = [
            ("2200000000000004", Some(PaymentSystem::Mir)),
            ("2204999999999999", Some(PaymentSystem::Mir)),
            ("2205000000000000", None),
            ("2220999999999999", None),
            ("2221000000000009", Some(PaymentSystem::Mastercard)),
            ("2720999999999996", Some(PaymentSystem::Mastercard)),
            ("2721000000000000", None),
            ("5105105105105100", Some(PaymentSystem::Mastercard)),
            ("5555555555554444", Some(PaymentSystem::Mastercard)),
            ("4111111111111111", Some(PaymentSystem::Visa)),
            ("378282246310005", Some(PaymentSystem::Amex)),
            ("3530111333300000", Some(PaymentSystem::Jcb)),
            ("6200000000000005", Some(PaymentSystem::UnionPay)),
            ("6759649826438453", Some(PaymentSystem::Maestro)),
            ("9999999999999995", None),
        ];
        for (pan, brand) in cases {
            assert_eq!(brand_of(pan), brand, "{pan}");
        }
    }

    #[test]
    fn lengths() {
        assert!(length_allowed(&PaymentSystem::Mir, 19));
        assert!(!length_allowed(&PaymentSystem::Mir, 15));
        assert!(!length_allowed(&PaymentSystem::Mastercard, 19));
        assert!(length_allowed(&PaymentSystem::Visa, 13));
        assert!(!length_allowed(&PaymentSystem::Visa, 15));
        assert_eq!(cvv_length(&PaymentSystem::Amex), 4);
        assert_eq!(cvv_length(&PaymentSystem::Mir), 3);
    }
}

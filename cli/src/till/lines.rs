//! What a cashier types: order lines (`Cappuccino=250x2`) and amounts in roubles (`12.50`),
//! checked before anything is sent, and the `POST /orders` body made of them.

use swip_protocol::pos::{CreatePosOrderRequest, PosPurchaseRequest};
use swip_protocol::{Amount, Quantity};

use crate::failure::Failure;

/// An amount in roubles as a cashier types it: `250`, `12.5`, `12.50` or `12,50`; not negative, at
/// most two decimals.
pub fn parse_roubles(text: &str) -> Result<Amount, Failure> {
    let bad = || {
        Failure::setup(format!(
            "{text:?} is not an amount in roubles (like 250 or 12.50)"
        ))
    };
    let normalised = text.trim().replace(',', ".");
    let (whole, fraction) = match normalised.split_once('.') {
        Some((_, "")) => return Err(bad()),
        Some(parts) => parts,
        None => (normalised.as_str(), ""),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 12
        || !digits(whole)
        || fraction.len() > 2
        || !digits(fraction)
    {
        return Err(bad());
    }
    let roubles: i64 = whole.parse().map_err(|_| bad())?;
    let kopecks: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
    Ok(Amount::from_kopecks(roubles * 100 + kopecks))
}

/// One line from `NAME=PRICE` or `NAME=PRICExQTY` (`Cappuccino=250x2`, `Beans=1200x0.5`). The
/// product id is the name in lower case with dashes (`Flat White` → `flat-white`), which is what
/// a campaign for one product matches.
pub fn parse_item(item: &str, number: usize) -> Result<PosPurchaseRequest, Failure> {
    let bad = |why: &str| Failure::setup(format!("--item {item:?}: {why} (like Cappuccino=250x2)"));
    let (name, price_quantity) = item.split_once('=').ok_or_else(|| bad("no price"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad("no name"));
    }
    let (price, quantity) = match price_quantity.trim().split_once(['x', '×', '*']) {
        Some((price, quantity)) => (price, quantity.trim()),
        None => (price_quantity, "1"),
    };
    let price = parse_roubles(price).map_err(|failure| bad(&failure.message))?;
    let quantity = quantity
        .parse::<f64>()
        .ok()
        .map(Quantity)
        .filter(|q| q.is_valid())
        .ok_or_else(|| bad("the quantity must be above 0 and at most 10000"))?;
    Ok(PosPurchaseRequest {
        id: Some(number.to_string()),
        name: name.to_owned(),
        parent_id: None,
        product_id: Some(product_id(name)),
        quantity,
        unit: Some("pcs".into()),
        price,
        amount: quantity.times(price),
    })
}

fn product_id(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Now, in ms since 1970: a sale's time.
pub fn now_ms() -> i64 {
    swip_core::session::unix_ms(std::time::SystemTime::now())
}

/// A till's own order id no other run of this till used: `PREFIX-<ms>-<process id>`.
pub fn new_merchant_order_id(prefix: &str) -> String {
    format!("{prefix}-{}-{}", now_ms(), std::process::id())
}

/// What the till knows of a sale besides its lines.
#[derive(Debug, Clone)]
pub struct Sale {
    /// The till's own discount off the whole order.
    pub discount: Amount,
    /// The QR text, when the till has one.
    pub session_code: Option<String>,
    /// The cashier's name.
    pub cashier: String,
    /// The receipt number.
    pub number: Option<String>,
    /// The till's own order id.
    pub merchant_order_id: String,
    /// Sale time, ms since 1970.
    pub sale_date: i64,
}

/// The `POST /orders` body of `items` sold as `sale`; refused when the discount is not below
/// the total.
pub fn order_request(items: &[String], sale: Sale) -> Result<CreatePosOrderRequest, Failure> {
    let purchases = items
        .iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .enumerate()
        .map(|(index, item)| parse_item(item, index + 1))
        .collect::<Result<Vec<_>, _>>()?;
    if purchases.is_empty() {
        return Err(Failure::setup("an order needs at least one --item"));
    }
    let total_original: Amount = purchases.iter().map(|line| line.amount).sum();
    if sale.discount >= total_original {
        return Err(Failure::setup(format!(
            "--discount {} must be below the order's total {}",
            sale.discount, total_original
        )));
    }
    Ok(CreatePosOrderRequest {
        merchant_order_id: sale.merchant_order_id,
        merchant_order_number: sale.number,
        merchant_cashier: sale.cashier,
        merchant_cashier_id: None,
        sale_date: sale.sale_date,
        total: total_original - sale.discount,
        total_original,
        session_code: sale.session_code,
        purchases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sale(discount: i64) -> Sale {
        Sale {
            discount: Amount::from_kopecks(discount),
            session_code: None,
            cashier: "Anna".into(),
            number: None,
            merchant_order_id: "m-1".into(),
            sale_date: 0,
        }
    }

    #[test]
    fn amounts_parse_to_the_kopeck_and_nonsense_is_refused() {
        for (text, kopecks) in [("250", 25_000), ("12.5", 1_250), ("12,50", 1_250), ("0", 0)] {
            assert_eq!(parse_roubles(text).unwrap().kopecks(), kopecks, "{text}");
        }
        for text in [
            "",
            "-1",
            "1.234",
            "abc",
            "1e3",
            ".5",
            "12.",
            "9999999999999",
        ] {
            assert!(parse_roubles(text).is_err(), "{text:?} accepted");
        }
    }

    #[test]
    fn items_make_lines_with_amounts_and_product_ids() {
        let line = parse_item("Flat White=250x2", 1).unwrap();
        assert_eq!(line.product_id.as_deref(), Some("flat-white"));
        assert_eq!(line.amount, Amount::from_kopecks(50_000));
        let beans = parse_item("Beans = 1200 x 0.5", 2).unwrap();
        assert_eq!(beans.amount, Amount::from_kopecks(60_000));
        assert_eq!(beans.id.as_deref(), Some("2"));
        for bad in ["Cappuccino", "=250", "Tea=abc", "Tea=10x0", "Tea=10x20000"] {
            assert!(parse_item(bad, 1).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn the_request_totals_the_lines_and_takes_the_discount_off() {
        let items = ["Cappuccino=250x2".to_owned(), "Croissant=120".to_owned()];
        let request = order_request(&items, sale(2_000)).unwrap();
        assert_eq!(request.total_original, Amount::from_kopecks(62_000));
        assert_eq!(request.total, Amount::from_kopecks(60_000));
        assert!(order_request(&items, sale(62_000)).is_err());
        assert!(order_request(&[" ".to_owned()], sale(0)).is_err());
    }
}

//! Field rules of the POS API's bodies: the order a till creates, the close and refund amounts,
//! and the optional body of an order cancellation.

use std::collections::HashSet;

use serde_json::{Map, Value};
use swip_protocol::pos::{CreatePosOrderRequest, PosPurchaseRequest};
use swip_protocol::{Amount, Quantity};

use super::reader::{Reader, join, money, present};
use crate::error::ApiResult;

/// Most lines an order may have.
pub const MAX_LINES: usize = 100;

/// `POST /orders`: `merchantOrderId` and `merchantCashier` 1–100 characters, `saleDate` ms ≥ 0,
/// `total` above 0 and at most `totalOriginal`, `totalOriginal` the sum of the lines' `amount`,
/// 1–100 lines with `name`, `quantity` in (0, 10000], `price`, and `amount` = `price × quantity`
/// (to the kopeck); line ids unique, a `parentId` naming another line.
pub fn create_order(body: &Map<String, Value>) -> ApiResult<CreatePosOrderRequest> {
    let mut r = Reader::new();
    let merchant_order_id = r.text(body, "merchantOrderId", "", 1, 100);
    let merchant_order_number = r.optional_string(body, "merchantOrderNumber", "", 100);
    let merchant_cashier = r.text(body, "merchantCashier", "", 1, 100);
    let merchant_cashier_id = r.optional_string(body, "merchantCashierId", "", 100);
    let sale_date = r.integer(body, "saleDate", "", 0);
    let total = r.money(body, "total", "");
    let total_original = r.money(body, "totalOriginal", "");
    let session_code = r.optional_string(body, "sessionCode", "", 256);
    let mut purchases = Vec::new();
    if let Some(items) = r.objects(body, "purchases", "") {
        if items.len() > MAX_LINES {
            r.reject("purchases", format!("at most {MAX_LINES} lines"));
        }
        for (path, item) in &items {
            if let Some(line) = purchase(&mut r, item, path) {
                purchases.push((path.clone(), line));
            }
        }
        check_line_ids(&mut r, &purchases);
    }
    if let Some(total) = total {
        if total == Amount::ZERO {
            r.reject("total", "must be above 0");
        }
        if total_original.is_some_and(|original| total > original) {
            r.reject("total", "must be at most totalOriginal");
        }
    }
    if let Some(original) = total_original {
        let lines: Amount = purchases.iter().map(|(_, line)| line.amount).sum();
        if r.is_clean() && original != lines {
            r.reject(
                "totalOriginal",
                format!("must be the sum of the lines' amount ({lines})"),
            );
        }
    }
    r.finish("CreateOrderRequest")?;
    Ok(CreatePosOrderRequest {
        merchant_order_id: merchant_order_id.unwrap_or_default(),
        merchant_order_number,
        merchant_cashier: merchant_cashier.unwrap_or_default(),
        merchant_cashier_id,
        sale_date: sale_date.unwrap_or_default(),
        total: total.unwrap_or_default(),
        total_original: total_original.unwrap_or_default(),
        session_code,
        purchases: purchases.into_iter().map(|(_, line)| line).collect(),
    })
}

fn purchase(r: &mut Reader, item: &Map<String, Value>, path: &str) -> Option<PosPurchaseRequest> {
    let id = r.optional_string(item, "id", path, 100);
    let name = r.text(item, "name", path, 1, 256);
    let parent_id = r.optional_string(item, "parentId", path, 100);
    let product_id = r.optional_string(item, "productId", path, 100);
    let quantity = match present(item, "quantity")
        .and_then(Value::as_f64)
        .map(Quantity)
    {
        Some(quantity) if quantity.is_valid() => Some(quantity),
        _ => {
            r.reject(
                join(path, "quantity"),
                "must be a number above 0, at most 10000",
            );
            None
        }
    };
    let unit = match r.optional_string(item, "unit", path, 20) {
        Some(unit) if unit.trim().is_empty() => {
            r.reject(join(path, "unit"), "must not be blank");
            None
        }
        other => other,
    };
    let price = r.money(item, "price", path);
    let amount = r.money(item, "amount", path);
    if let (Some(quantity), Some(price), Some(amount)) = (quantity, price, amount) {
        let expected = quantity.times(price);
        if (expected - amount).kopecks().abs() > 1 {
            r.reject(
                join(path, "amount"),
                format!("must be price × quantity ({expected})"),
            );
        }
    }
    Some(PosPurchaseRequest {
        id,
        name: name?,
        parent_id,
        product_id,
        quantity: quantity?,
        unit,
        price: price?,
        amount: amount?,
    })
}

fn check_line_ids(r: &mut Reader, lines: &[(String, PosPurchaseRequest)]) {
    let mut seen = HashSet::new();
    for (path, line) in lines {
        if let Some(id) = line.id.as_deref().filter(|id| !id.is_empty()) {
            if !seen.insert(id) {
                r.reject(join(path, "id"), "another line has this id");
            }
        }
    }
    for (path, line) in lines {
        if let Some(parent) = line.parent_id.as_deref() {
            if !seen.contains(parent) || line.id.as_deref() == Some(parent) {
                r.reject(join(path, "parentId"), "must be the id of another line");
            }
        }
    }
}

/// The `amount` of a close: `Err((field, message))` when there is none that is valid (the close
/// then fails and the money is refunded).
pub fn close_amount(body: Option<&Map<String, Value>>) -> Result<Amount, (String, String)> {
    let Some(body) = body else {
        return Err((
            "body".to_owned(),
            "must be a JSON object with amount".to_owned(),
        ));
    };
    match present(body, "amount") {
        None => Err(("amount".to_owned(), "must not be null".to_owned())),
        Some(value) => money(value).ok_or_else(|| {
            (
                "amount".to_owned(),
                "must be an amount: a number ≥ 0 with at most 2 decimals".to_owned(),
            )
        }),
    }
}

/// `POST /orders/{id}/refund`: `amount` above 0.
pub fn refund_amount(body: &Map<String, Value>) -> ApiResult<Amount> {
    let mut r = Reader::new();
    let amount = r.money(body, "amount", "");
    if amount == Some(Amount::ZERO) {
        r.reject("amount", "must be above 0");
    }
    r.finish("RefundRequest")?;
    Ok(amount.unwrap_or_default())
}

/// `POST /orders/{id}/cancel`: an absent body (or one without `purchases`) cancels the whole
/// order; `purchases: [{"id"}]` names lines to remove.
pub fn cancel_lines(body: &Map<String, Value>) -> ApiResult<Option<Vec<String>>> {
    let mut r = Reader::new();
    if present(body, "purchases").is_none() {
        return Ok(None);
    }
    let mut ids = Vec::new();
    if let Some(items) = r.objects(body, "purchases", "") {
        for (path, item) in items {
            if let Some(id) = r.text(item, "id", &path, 1, 100) {
                ids.push(id);
            }
        }
    }
    r.finish("CancelOrderRequest")?;
    Ok(Some(ids))
}

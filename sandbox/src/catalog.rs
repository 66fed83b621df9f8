//! The demo catalog (merchants, stores, products, loyalty campaigns) and order pricing.

use swip_protocol::orders::{CashbackCalcResult, CashbackLine, Discount, DiscountLine};
use swip_protocol::{Amount, Quantity};

use crate::control::{
    Campaign, CampaignKind, Catalog, CatalogMerchant, CatalogProduct, CatalogStore,
};

/// The catalog every sandbox starts with.
pub fn demo_catalog() -> Catalog {
    Catalog {
        merchants: vec![
            CatalogMerchant {
                merchant_id: "swip-coffee".into(),
                name: "SWiP Coffee".into(),
                category: "Coffee shop".into(),
                stores: vec![
                    store("swip-coffee-tverskaya", "SWiP Coffee, Tverskaya 1"),
                    store("swip-coffee-arbat", "SWiP Coffee, Arbat 10"),
                ],
                products: vec![
                    product("cappuccino", "Cappuccino 300 ml", 25_000, "pcs"),
                    product("croissant", "Butter croissant", 18_050, "pcs"),
                    product("cheesecake", "New York cheesecake", 32_000, "pcs"),
                    product("coffee-beans", "Coffee beans", 129_000, "kg"),
                ],
                campaigns: vec![
                    Campaign {
                        campaign_id: "cashback-5-all".into(),
                        description: "5% cashback on everything".into(),
                        kind: CampaignKind::Cashback,
                        percent: 5,
                        product_id: None,
                    },
                    Campaign {
                        campaign_id: "discount-10-croissant".into(),
                        description: "10% off croissants".into(),
                        kind: CampaignKind::Discount,
                        percent: 10,
                        product_id: Some("croissant".into()),
                    },
                ],
            },
            CatalogMerchant {
                merchant_id: "swip-books".into(),
                name: "SWiP Books".into(),
                category: "Bookstore".into(),
                stores: vec![store("swip-books-main", "SWiP Books, Nevsky 28")],
                products: vec![
                    product("novel", "A novel", 79_990, "pcs"),
                    product("notebook", "Notebook A5", 14_900, "pcs"),
                ],
                campaigns: vec![Campaign {
                    campaign_id: "cashback-3-books".into(),
                    description: "3% cashback on books".into(),
                    kind: CampaignKind::Cashback,
                    percent: 3,
                    product_id: None,
                }],
            },
        ],
    }
}

fn store(id: &str, name: &str) -> CatalogStore {
    CatalogStore {
        merchant_store_id: id.into(),
        name: name.into(),
    }
}

fn product(id: &str, name: &str, kopecks: i64, unit: &str) -> CatalogProduct {
    CatalogProduct {
        product_id: id.into(),
        name: name.into(),
        price: Amount::from_kopecks(kopecks),
        unit: unit.into(),
    }
}

/// One priced line of an order, before it gets its id.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedLine {
    /// The product.
    pub product: CatalogProduct,
    /// How many.
    pub quantity: Quantity,
    /// `price × quantity`.
    pub gross: Amount,
    /// Discount from campaigns.
    pub discount: Amount,
    /// `gross − discount`.
    pub amount: Amount,
}

/// An order priced by the catalog and its campaigns.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedOrder {
    /// The lines.
    pub lines: Vec<PricedLine>,
    /// Σ gross.
    pub total_original: Amount,
    /// What the user pays: Σ amount.
    pub total: Amount,
    /// The `discount` object.
    pub discount: Discount,
    /// The cashback earned.
    pub cashback: Amount,
    /// The `cashbackCalcResult` object.
    pub cashback_calc_result: CashbackCalcResult,
}

/// `percent`% of `amount`, rounded half up to the kopeck.
fn percent_of(amount: Amount, percent: u32) -> Amount {
    Amount::from_kopecks((amount.kopecks() * i64::from(percent) + 50).div_euclid(100))
}

fn applies(campaign: &Campaign, product_id: &str) -> bool {
    campaign
        .product_id
        .as_deref()
        .is_none_or(|only| only == product_id)
}

/// Prices `purchases` (product, quantity) of `merchant`; the products must exist.
pub fn price_order(
    merchant: &CatalogMerchant,
    purchases: &[(CatalogProduct, Quantity)],
) -> PricedOrder {
    let discounts: Vec<&Campaign> = merchant
        .campaigns
        .iter()
        .filter(|c| c.kind == CampaignKind::Discount)
        .collect();
    let cashbacks: Vec<&Campaign> = merchant
        .campaigns
        .iter()
        .filter(|c| c.kind == CampaignKind::Cashback)
        .collect();

    let mut discount_lines: Vec<DiscountLine> = Vec::new();
    let mut lines = Vec::with_capacity(purchases.len());
    for (product, quantity) in purchases {
        let gross = quantity.times(product.price);
        let mut line_discount = Amount::ZERO;
        for campaign in discounts.iter().filter(|c| applies(c, &product.product_id)) {
            let part = percent_of(gross, campaign.percent);
            line_discount = line_discount + part;
            add_discount_line(&mut discount_lines, campaign, part);
        }
        lines.push(PricedLine {
            product: product.clone(),
            quantity: *quantity,
            gross,
            discount: line_discount,
            amount: gross - line_discount,
        });
    }

    let mut cashback_lines: Vec<CashbackLine> = Vec::new();
    for campaign in &cashbacks {
        let matching: Vec<&PricedLine> = lines
            .iter()
            .filter(|line| applies(campaign, &line.product.product_id))
            .collect();
        if matching.is_empty() {
            continue;
        }
        let base: Amount = matching.iter().map(|line| line.amount).sum();
        cashback_lines.push(CashbackLine {
            campaign_id: campaign.campaign_id.clone(),
            cashback: percent_of(base, campaign.percent),
            cbo_required_count: 0.0,
            description: campaign.description.clone(),
            purchase_count: matching.len() as f64,
        });
    }

    let total_original: Amount = lines.iter().map(|line| line.gross).sum();
    let total_discount: Amount = lines.iter().map(|line| line.discount).sum();
    let cashback: Amount = cashback_lines.iter().map(|line| line.cashback).sum();
    PricedOrder {
        total: total_original - total_discount,
        total_original,
        discount: Discount {
            discount: total_discount,
            discount_original: total_discount,
            lines: discount_lines,
        },
        cashback,
        cashback_calc_result: CashbackCalcResult {
            lines: cashback_lines,
            total: cashback,
        },
        lines,
    }
}

fn add_discount_line(lines: &mut Vec<DiscountLine>, campaign: &Campaign, part: Amount) {
    if let Some(line) = lines
        .iter_mut()
        .find(|line| line.campaign_id == campaign.campaign_id)
    {
        line.discount = line.discount + part;
        line.purchase_count += 1.0;
    } else {
        lines.push(DiscountLine {
            campaign_id: campaign.campaign_id.clone(),
            cbo_required_count: 0.0,
            description: campaign.description.clone(),
            discount: part,
            purchase_count: 1.0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_with_discount_and_cashback() {
        let catalog = demo_catalog();
        let coffee = &catalog.merchants[0];
        let find = |id: &str| {
            coffee
                .products
                .iter()
                .find(|p| p.product_id == id)
                .unwrap()
                .clone()
        };
        let priced = price_order(
            coffee,
            &[
                (find("cappuccino"), Quantity(2.0)),
                (find("croissant"), Quantity(1.0)),
            ],
        );
        // 2 × 250.00 + 180.50 = 680.50; 10% off the croissant = 18.05 → 662.45.
        assert_eq!(priced.total_original, Amount(68_050));
        assert_eq!(priced.discount.discount, Amount(1_805));
        assert_eq!(priced.total, Amount(66_245));
        assert_eq!(priced.lines[1].amount, Amount(16_245));
        // 5% cashback of 662.45 = 33.1225 → 33.12.
        assert_eq!(priced.cashback, Amount(3_312));
        assert_eq!(priced.cashback_calc_result.total, Amount(3_312));
        assert_eq!(priced.cashback_calc_result.lines[0].purchase_count, 2.0);
        assert_eq!(priced.discount.lines.len(), 1);
        assert_eq!(
            priced.discount.lines[0].campaign_id,
            "discount-10-croissant"
        );
    }
}

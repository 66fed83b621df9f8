//! SWiP loyalty on a POS order, personalised per customer: the merchant's campaigns running at
//! the store, for everybody or for new customers only, priced by the catalog's
//! [`price_order`] on what the customer pays for each line.

use swip_protocol::orders::{CashbackCalcResult, Discount};
use swip_protocol::{Amount, Quantity};

use super::pos_order::PosLine;
use crate::catalog::price_order;
use crate::control::pos::{Audience, MerchantCampaign};
use crate::control::{CatalogMerchant, CatalogProduct};

/// The loyalty a customer gets on an order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loyalty {
    /// SWiP's discounts.
    pub discount: Discount,
    /// The cashback earned.
    pub cashback: Amount,
    /// How the cashback was computed.
    pub cashback_calc_result: CashbackCalcResult,
    /// SWiP's discount of each line, in line order.
    pub line_discounts: Vec<Amount>,
    /// What the customer pays: the till's `total` minus SWiP's discount.
    pub amount_to_pay: Amount,
}

/// The loyalty of a customer (`new_customer`: no closed order at this merchant yet) on `lines`
/// of an order of `store_id`.
pub fn loyalty_for(
    campaigns: &[MerchantCampaign],
    store_id: &str,
    new_customer: bool,
    lines: &[PosLine],
) -> Loyalty {
    let merchant = CatalogMerchant {
        merchant_id: String::new(),
        name: String::new(),
        category: String::new(),
        stores: Vec::new(),
        products: Vec::new(),
        campaigns: campaigns
            .iter()
            .filter(|campaign| campaign.runs_at(store_id))
            .filter(|campaign| new_customer || campaign.audience == Audience::All)
            .map(MerchantCampaign::as_campaign)
            .collect(),
    };
    // Each line is priced as one unit of what the customer pays for it, so campaigns take their
    // percent of the amount after the till's own discount.
    let purchases: Vec<(CatalogProduct, Quantity)> = lines
        .iter()
        .map(|line| {
            (
                CatalogProduct {
                    product_id: line.product_id.clone().unwrap_or_default(),
                    name: line.name.clone(),
                    price: line.net(),
                    unit: line.unit.clone(),
                },
                Quantity(1.0),
            )
        })
        .collect();
    let priced = price_order(&merchant, &purchases);
    Loyalty {
        line_discounts: priced.lines.iter().map(|line| line.discount).collect(),
        amount_to_pay: priced.total,
        discount: priced.discount,
        cashback: priced.cashback,
        cashback_calc_result: priced.cashback_calc_result,
    }
}

/// Spreads the till's own discount (`total_original − total`) over line amounts in proportion
/// (largest remainder), so that each line's share is at most its amount and the shares add up.
pub fn spread_discount(amounts: &[Amount], total: Amount, total_original: Amount) -> Vec<Amount> {
    let discount = (total_original - total).kopecks();
    let base = total_original.kopecks();
    if discount <= 0 || base <= 0 {
        return vec![Amount::ZERO; amounts.len()];
    }
    let exact: Vec<(i64, i64)> = amounts
        .iter()
        .map(|amount| {
            let product = i128::from(amount.kopecks()) * i128::from(discount);
            let floor = i64::try_from(product / i128::from(base)).unwrap_or(0);
            let remainder = i64::try_from(product % i128::from(base)).unwrap_or(0);
            (floor, remainder)
        })
        .collect();
    let mut shares: Vec<i64> = exact.iter().map(|(floor, _)| *floor).collect();
    let mut left = discount - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..amounts.len()).collect();
    order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    for index in order {
        if left <= 0 {
            break;
        }
        if exact[index].1 > 0 {
            shares[index] += 1;
            left -= 1;
        }
    }
    shares.into_iter().map(Amount::from_kopecks).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::CampaignKind;

    fn line(id: &str, product: Option<&str>, amount: i64, merchant_discount: i64) -> PosLine {
        PosLine {
            id: id.into(),
            name: id.into(),
            parent_id: None,
            product_id: product.map(str::to_owned),
            quantity: Quantity(1.0),
            unit: "pcs".into(),
            price: Amount(amount),
            amount: Amount(amount),
            merchant_discount: Amount(merchant_discount),
        }
    }

    fn campaign(
        id: &str,
        kind: CampaignKind,
        percent: u32,
        audience: Audience,
    ) -> MerchantCampaign {
        MerchantCampaign {
            campaign_id: id.into(),
            description: id.into(),
            kind,
            percent,
            product_id: None,
            store_ids: None,
            audience,
        }
    }

    #[test]
    fn the_till_discount_is_spread_exactly() {
        let shares = spread_discount(
            &[Amount(10_000), Amount(5_000), Amount(3_333)],
            Amount(18_233),
            Amount(18_333),
        );
        assert_eq!(shares.iter().copied().sum::<Amount>(), Amount(100));
        assert_eq!(shares, vec![Amount(55), Amount(27), Amount(18)]);
        assert_eq!(
            spread_discount(&[Amount(100)], Amount(100), Amount(100)),
            vec![Amount::ZERO]
        );
    }

    #[test]
    fn loyalty_is_personal() {
        let campaigns = vec![
            campaign("cb", CampaignKind::Cashback, 5, Audience::All),
            campaign(
                "welcome",
                CampaignKind::Discount,
                10,
                Audience::NewCustomers,
            ),
        ];
        let lines = vec![
            line("1", Some("x"), 30_000, 3_000),
            line("2", None, 10_000, 1_000),
        ];
        let new = loyalty_for(&campaigns, "s", true, &lines);
        // Net 270 + 90 = 360; 10% off = 36 → 324 to pay; 5% cashback of 324 = 16.20.
        assert_eq!(new.discount.discount, Amount(3_600));
        assert_eq!(new.line_discounts, vec![Amount(2_700), Amount(900)]);
        assert_eq!(new.amount_to_pay, Amount(32_400));
        assert_eq!(new.cashback, Amount(1_620));
        let known = loyalty_for(&campaigns, "s", false, &lines);
        assert_eq!(known.discount.discount, Amount::ZERO);
        assert_eq!(known.amount_to_pay, Amount(36_000));
        assert_eq!(known.cashback, Amount(1_800));
        let mut elsewhere = campaigns.clone();
        elsewhere[0].store_ids = Some(vec!["other".into()]);
        assert_eq!(
            loyalty_for(&elsewhere, "s", false, &lines).cashback,
            Amount::ZERO
        );
    }
}

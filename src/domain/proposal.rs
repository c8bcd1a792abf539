//! Good-better-best pricing (§8, §9, §14): each tier's yearly prices, total contract
//! value, discount, effective unit price, difference against Good and the approval
//! its discount needs — pure arithmetic in cents, recomputed on every keystroke.

use super::approval::{ApproverLevel, required_approver};
use super::config::{ApprovalMatrix, MultiYearRules};
use super::money::{Money, div_round, div_round_wide, saturating, within_limit};

crate::text_enum!(
    /// How a multi-year price moves from year to year.
    Pricing {
        Fixed = "fixed": "fixed",
        Stepped = "stepped": "stepped",
        ExpansionFriendly = "expansion_friendly": "expansion-friendly",
    }
);

/// What a tier adds on top of the renewal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expansion {
    None,
    /// A share of current ARR, in basis points (10% = 1000).
    Percent(i64),
    /// Seats or units at a unit price per year.
    Units {
        units: i64,
        unit_price: Money,
    },
}

/// The inputs of one tier, as the user sets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierSpec {
    /// List-price uplift on the current ARR, basis points.
    pub uplift_bp: i64,
    pub expansion: Expansion,
    pub term_years: u8,
    /// Discount on the first year's list price, basis points.
    pub discount_bp: i64,
    pub pricing: Pricing,
    /// Stepped pricing: yearly increase, basis points (5–10% by the rules).
    pub step_bp: i64,
    /// Units covered by the current ARR (for the effective unit price), if known.
    pub base_units: Option<i64>,
    /// Flexibility clauses offered with this option: bits of [`CLAUSES`].
    pub clauses: u8,
}

/// Flexibility clauses a multi-year option can carry (§8), in the customer's words.
pub const CLAUSES: [(&str, &str); 4] = [
    ("true_ups", "annual seat true-ups"),
    ("add_ons", "add products mid-term"),
    (
        "off_ramp",
        "an off-ramp if your business changes materially (acquisition, major change)",
    ),
    (
        "renegotiation",
        "a renegotiation trigger if usage moves far from the plan",
    ),
];

/// All four clauses.
pub const ALL_CLAUSES: u8 = 0b1111;

/// The clauses in a mask, as text.
pub fn clause_texts(mask: u8) -> Vec<&'static str> {
    CLAUSES
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, c)| c.1)
        .collect()
}

/// Stored form: comma-separated keys.
pub fn clauses_to_keys(mask: u8) -> String {
    CLAUSES
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, c)| c.0)
        .collect::<Vec<_>>()
        .join(",")
}

pub fn clauses_from_keys(keys: &str) -> u8 {
    keys.split(',')
        .filter_map(|k| CLAUSES.iter().position(|c| c.0 == k.trim()))
        .fold(0, |m, i| m | (1 << i))
}

impl TierSpec {
    pub fn flat() -> TierSpec {
        TierSpec {
            uplift_bp: 0,
            expansion: Expansion::None,
            term_years: 1,
            discount_bp: 0,
            pricing: Pricing::Fixed,
            step_bp: 0,
            base_units: None,
            clauses: 0,
        }
    }
}

/// A tier priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierPrice {
    /// List price of the first year, before the discount.
    pub list: Money,
    /// What the customer pays each year of the term.
    pub annual: Vec<Money>,
    pub total_contract_value: Money,
    pub discount_bp: i64,
    pub effective_unit_price: Option<Money>,
    pub required_approver: ApproverLevel,
    /// Expansion billed as usage instead of committed (expansion-friendly pricing).
    pub overage: Money,
}

/// Refuses a tier whose figures leave the range money is kept in (1,000,000 seats at
/// $999,999,999,999 each): every step of the price is computed checked, so an
/// absurd input is an error that says what, not a wrapped total.
pub fn check_tier(arr: Money, spec: &TierSpec) -> Result<(), String> {
    let too_large = |what: &str| {
        format!("{what} is too large: amounts must stay below 1,000,000,000,000 (in major units)")
    };
    let expansion = match spec.expansion {
        Expansion::None => Money::ZERO,
        Expansion::Percent(bp) => within_limit(arr.0 as i128 * bp as i128 / 10_000)
            .ok_or_else(|| too_large("the expansion"))?,
        Expansion::Units { units, unit_price } => unit_price
            .checked_times(units)
            .ok_or_else(|| too_large("seats × seat price"))?,
    };
    let uplift = within_limit(arr.0 as i128 * spec.uplift_bp as i128 / 10_000)
        .ok_or_else(|| too_large("the uplift"))?;
    let list = arr
        .checked_add(uplift)
        .and_then(|b| b.checked_add(expansion))
        .ok_or_else(|| too_large("the list price"))?;
    let mut total: i128 = 0;
    for n in 0..spec.term_years.max(1) as u32 {
        let year =
            list.0 as i128 * (10_000 + spec.step_bp.max(0) as i128).pow(n) / 10_000i128.pow(n);
        within_limit(year).ok_or_else(|| too_large("a year of the contract"))?;
        total += year;
    }
    within_limit(total).ok_or_else(|| too_large("the total contract value"))?;
    Ok(())
}

/// Prices one tier on top of `arr`. Figures past the money range are held at its
/// limit, never wrapped; [`check_tier`] is what refuses such a tier.
pub fn price(arr: Money, spec: &TierSpec, matrix: &ApprovalMatrix) -> TierPrice {
    let base = arr + arr.scale_bp(spec.uplift_bp);
    let expansion = match spec.expansion {
        Expansion::None => Money::ZERO,
        Expansion::Percent(bp) => arr.scale_bp(bp),
        Expansion::Units { units, unit_price } => saturating(unit_price.0 as i128 * units as i128),
    };
    // Expansion-friendly: a lower committed base, the expansion billed as overage.
    let (committed_list, overage) = match spec.pricing {
        Pricing::ExpansionFriendly => (base, expansion),
        _ => (base + expansion, Money::ZERO),
    };
    let year1 = committed_list - committed_list.scale_bp(spec.discount_bp);
    let years = spec.term_years.max(1) as u32;
    let annual: Vec<Money> = (0..years)
        .map(|n| match spec.pricing {
            // Each year from the first year's exact figure, so rounding never drifts.
            Pricing::Stepped => saturating(div_round_wide(
                year1.0 as i128 * (10_000 + spec.step_bp as i128).pow(n),
                10_000i128.pow(n),
            )),
            _ => year1,
        })
        .collect();
    let units = spec.base_units.map(|b| {
        b + match spec.expansion {
            Expansion::Units { units, .. } => units,
            _ => 0,
        }
    });
    TierPrice {
        list: committed_list,
        total_contract_value: annual.iter().copied().sum(),
        effective_unit_price: units
            .filter(|u| *u > 0)
            .map(|u| Money(div_round(year1.0 as i128, u as i128))),
        required_approver: required_approver(spec.discount_bp, matrix),
        discount_bp: spec.discount_bp,
        annual,
        overage,
    }
}

/// The discount band the rules allow for a term, in basis points, if it has one.
pub fn term_band(term_years: u8, r: &MultiYearRules) -> Option<(i64, i64)> {
    let bp = |x: f64| (x * 100.0).round() as i64;
    match term_years {
        2 => Some((bp(r.two_year_min), bp(r.two_year_max))),
        t if t >= 3 => Some((bp(r.three_year_min), bp(r.three_year_max))),
        _ => None,
    }
}

/// Warnings about one tier's discount: outside the term's band, or above what the
/// user may approve.
pub fn discount_warnings(
    spec: &TierSpec,
    user_level: ApproverLevel,
    years: &MultiYearRules,
    matrix: &ApprovalMatrix,
) -> Vec<String> {
    let mut out = Vec::new();
    let pct = |bp: i64| format!("{}%", bp as f64 / 100.0);
    if let Some((lo, hi)) = term_band(spec.term_years, years) {
        if spec.discount_bp > hi {
            out.push(format!(
                "{} off is above the {}-year band ({}–{})",
                pct(spec.discount_bp),
                spec.term_years,
                pct(lo),
                pct(hi)
            ));
        } else if spec.discount_bp > 0 && spec.discount_bp < lo {
            out.push(format!(
                "{} off is below the {}-year band ({}–{}): a weak incentive",
                pct(spec.discount_bp),
                spec.term_years,
                pct(lo),
                pct(hi)
            ));
        }
    }
    let needed = required_approver(spec.discount_bp, matrix);
    if needed > user_level {
        out.push(format!(
            "{} off needs {} approval before the customer sees it",
            pct(spec.discount_bp),
            needed.label()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn absurd_seat_counts_are_refused_not_wrapped() {
        let seats = |units, major| TierSpec {
            expansion: Expansion::Units {
                units,
                unit_price: Money::from_major(major),
            },
            ..TierSpec::flat()
        };
        let absurd = seats(1_000_000, 999_999_999_999);
        let e = check_tier(Money::from_major(12_000), &absurd).unwrap_err();
        assert!(e.starts_with("seats × seat price is too large"), "{e}");
        // Priced anyway (a stored draft from before the check), it is held, not wrapped.
        let p = price(Money::from_major(12_000), &absurd, &m());
        assert!(p.annual[0].0 > 0 && p.total_contract_value.0 > 0);
        // Right at the line: 999,999,999,999.99 in total is fine, a cent more is not.
        let under = seats(1, 999_999_987_999);
        assert!(check_tier(Money::from_major(12_000), &under).is_ok());
        let over = seats(1, 999_999_988_000);
        assert!(check_tier(Money::from_major(12_000), &over).is_err());
        // Three stepped years of a large deal overflow the total, not a single year.
        let big = TierSpec {
            term_years: 3,
            pricing: Pricing::Stepped,
            step_bp: 1000,
            ..TierSpec::flat()
        };
        let e = check_tier(Money::from_major(400_000_000_000), &big).unwrap_err();
        assert!(e.starts_with("the total contract value"), "{e}");
        assert!(check_tier(Money::from_major(300_000_000_000), &big).is_ok());
    }

    use super::*;

    fn m() -> ApprovalMatrix {
        ApprovalMatrix::default()
    }

    #[test]
    fn clauses_round_trip() {
        assert_eq!(clauses_from_keys(&clauses_to_keys(0b0101)), 0b0101);
        assert_eq!(clauses_from_keys(""), 0);
        assert_eq!(clause_texts(ALL_CLAUSES).len(), 4);
    }

    #[test]
    fn flat_renewal_at_current_terms() {
        let p = price(Money::from_major(15_000), &TierSpec::flat(), &m());
        assert_eq!(p.annual, vec![Money::from_major(15_000)]);
        assert_eq!(p.total_contract_value, Money::from_major(15_000));
        assert_eq!(p.required_approver, ApproverLevel::Csm);
        let up = price(
            Money::from_major(15_000),
            &TierSpec {
                uplift_bp: 300,
                ..TierSpec::flat()
            },
            &m(),
        );
        assert_eq!(up.annual[0], Money::from_major(15_450));
    }

    #[test]
    fn expansion_by_percent_or_units() {
        let p = price(
            Money::from_major(20_000),
            &TierSpec {
                expansion: Expansion::Percent(1_000),
                ..TierSpec::flat()
            },
            &m(),
        );
        assert_eq!(p.annual[0], Money::from_major(22_000));
        let seats = TierSpec {
            expansion: Expansion::Units {
                units: 10,
                unit_price: Money::from_major(240),
            },
            base_units: Some(50),
            ..TierSpec::flat()
        };
        let p = price(Money::from_major(12_000), &seats, &m());
        assert_eq!(p.annual[0], Money::from_major(14_400));
        assert_eq!(p.effective_unit_price, Some(Money::from_major(240)));
    }

    #[test]
    fn stepped_three_years_without_drift() {
        let spec = TierSpec {
            term_years: 3,
            pricing: Pricing::Stepped,
            step_bp: 700,
            discount_bp: 1_500,
            ..TierSpec::flat()
        };
        let p = price(Money(3_333_333), &spec, &m());
        // 33,333.33 − 15% = 28,333.33; ×1.07 = 30,316.66 (.6631 rounds down); ×1.07² = 32,438.83
        assert_eq!(
            p.annual,
            vec![Money(2_833_333), Money(3_031_666), Money(3_243_883)]
        );
        assert_eq!(
            p.total_contract_value,
            Money(2_833_333 + 3_031_666 + 3_243_883)
        );
        assert_eq!(p.required_approver, ApproverLevel::Manager);
    }

    #[test]
    fn expansion_friendly_commits_the_base_and_bills_expansion_as_overage() {
        let spec = TierSpec {
            term_years: 2,
            pricing: Pricing::ExpansionFriendly,
            expansion: Expansion::Percent(2_000),
            discount_bp: 1_000,
            ..TierSpec::flat()
        };
        let p = price(Money::from_major(50_000), &spec, &m());
        assert_eq!(p.annual, vec![Money::from_major(45_000); 2]);
        assert_eq!(p.overage, Money::from_major(10_000));
    }

    #[test]
    fn discount_bands_at_their_edges() {
        let y = MultiYearRules::default();
        let at = |term, bp| {
            discount_warnings(
                &TierSpec {
                    term_years: term,
                    discount_bp: bp,
                    ..TierSpec::flat()
                },
                ApproverLevel::Executive,
                &y,
                &m(),
            )
        };
        assert!(at(2, 1_000).is_empty());
        assert!(at(2, 2_000).is_empty());
        assert!(at(2, 2_001)[0].contains("above the 2-year band"));
        assert!(at(3, 1_499)[0].contains("below the 3-year band"));
        assert!(at(3, 2_500).is_empty());
        assert!(at(3, 2_501)[0].contains("above"));
        let csm = discount_warnings(
            &TierSpec {
                term_years: 2,
                discount_bp: 1_200,
                ..TierSpec::flat()
            },
            ApproverLevel::Csm,
            &y,
            &m(),
        );
        assert_eq!(
            csm,
            vec!["12% off needs manager approval before the customer sees it"]
        );
    }
}

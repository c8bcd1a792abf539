//! Who leads a renewal under the team's ownership model (§7 of the rules).

use super::config::OwnershipRules;
use super::money::Money;

crate::text_enum!(
    /// Who leads the customer conversation and gets the credit.
    Lead {
        Csm = "csm": "CSM",
        Specialist = "specialist": "renewal specialist",
        Sales = "sales": "sales",
    }
);

impl Lead {
    /// A column-width label: CSM, spec, sales.
    pub fn short(self) -> &'static str {
        match self {
            Lead::Csm => "CSM",
            Lead::Specialist => "spec",
            Lead::Sales => "sales",
        }
    }
}

/// The lead for a renewal and whether an executive should be involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ownership {
    pub lead: Lead,
    /// The CSM keeps the relationship even when someone else leads the commercial talk.
    pub csm_keeps_relationship: bool,
    pub executive_involved: bool,
}

/// Applies the configured model: `csm` (CSM owns), `specialist_from_t60` (a renewal
/// specialist takes over `specialist_from_days` before the date), `sales` (sales owns
/// the commercial conversation) or `hybrid` (CSM below `sales_min`, sales at or above,
/// specialists for the high-volume accounts below `specialist_below`). Strategic
/// accounts get an executive whatever their size.
pub fn ownership(
    arr: Money,
    days_left: Option<i64>,
    strategic: bool,
    r: &OwnershipRules,
) -> Ownership {
    let lead = match r.model.as_str() {
        "specialist_from_t60" if days_left.is_some_and(|d| d <= r.specialist_from_days) => {
            Lead::Specialist
        }
        "sales" => Lead::Sales,
        "hybrid" if arr >= Money::from_major(r.sales_min) => Lead::Sales,
        "hybrid" if arr < Money::from_major(r.specialist_below) => Lead::Specialist,
        _ => Lead::Csm,
    };
    Ownership {
        lead,
        csm_keeps_relationship: lead != Lead::Csm,
        executive_involved: strategic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(model: &str) -> OwnershipRules {
        OwnershipRules {
            model: model.into(),
            ..Default::default()
        }
    }

    #[test]
    fn csm_model_is_the_default() {
        let o = ownership(
            Money::from_major(500_000),
            Some(10),
            false,
            &OwnershipRules::default(),
        );
        assert_eq!(o.lead, Lead::Csm);
        assert!(!o.csm_keeps_relationship && !o.executive_involved);
    }

    #[test]
    fn specialist_takes_over_at_t60() {
        let r = rules("specialist_from_t60");
        assert_eq!(
            ownership(Money::from_major(20_000), Some(61), false, &r).lead,
            Lead::Csm
        );
        assert_eq!(
            ownership(Money::from_major(20_000), Some(60), false, &r).lead,
            Lead::Specialist
        );
        assert_eq!(
            ownership(Money::from_major(20_000), None, false, &r).lead,
            Lead::Csm
        );
    }

    #[test]
    fn hybrid_thresholds() {
        let r = rules("hybrid");
        assert_eq!(
            ownership(Money::from_major(50_000), Some(30), false, &r).lead,
            Lead::Sales
        );
        assert_eq!(
            ownership(Money(50_000 * 100 - 1), Some(30), false, &r).lead,
            Lead::Csm
        );
        assert_eq!(
            ownership(Money::from_major(10_000), Some(30), false, &r).lead,
            Lead::Csm
        );
        assert_eq!(
            ownership(Money(10_000 * 100 - 1), Some(30), false, &r).lead,
            Lead::Specialist
        );
        let o = ownership(Money::from_major(5_000), Some(30), true, &r);
        assert!(o.executive_involved && o.csm_keeps_relationship);
    }
}

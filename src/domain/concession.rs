//! Concessions (§14): what is wrong with one, and refusing an approval below the
//! level the approval matrix requires (the levels live in `approval.rs`, shared with
//! proposals).

use super::Date;
pub use super::approval::{ApproverLevel, required_approver};
use super::config::ApprovalMatrix;

crate::text_enum!(
    /// The three families of concession; the detail goes in `given`.
    ConcessionKind {
        Price = "price": "price",
        Service = "service": "service",
        Contract = "contract": "contract",
    }
);

impl ConcessionKind {
    /// The family of a stored kind: either a family name or one of its detailed kinds
    /// (§14); unknown kinds count as price so a discount is never let off a warning.
    pub fn family(stored: &str) -> ConcessionKind {
        match stored {
            "service"
            | "priority_support"
            | "csm_time"
            | "executive_involvement"
            | "customisation" => ConcessionKind::Service,
            "contract"
            | "shorter_term"
            | "performance_guarantee"
            | "exit_clause"
            | "contingent_pricing" => ConcessionKind::Contract,
            _ => ConcessionKind::Price,
        }
    }
}

/// The lowest level allowed to approve a concession of this stored kind (§14): a price
/// concession by its discount; payment terms a CSM; enhanced service (priority
/// support, more CSM time, executive involvement) a manager; contract-term changes
/// (shorter term, performance guarantee, exit clause, contingent pricing) a
/// director; custom deals (customisation, a custom deal) a VP/executive. A discount
/// that comes with a non-price kind needs whichever is higher.
pub fn required_for_kind(kind: &str, percent_bp: Option<i64>, m: &ApprovalMatrix) -> ApproverLevel {
    let by_kind = match kind {
        "payment_terms" | "extended_payment_terms" => ApproverLevel::Csm,
        "customisation" | "customization" | "custom_deal" | "custom" => ApproverLevel::Executive,
        other => match ConcessionKind::family(other) {
            ConcessionKind::Service => ApproverLevel::Manager,
            ConcessionKind::Contract => ApproverLevel::Director,
            ConcessionKind::Price => ApproverLevel::Csm,
        },
    };
    by_kind.max(required_approver(percent_bp.unwrap_or(0), m))
}

/// Refuses an approval of a concession by someone below the level its kind and
/// discount need, naming the level needed. The store runs this inside the
/// transaction that records the approval.
pub fn check_concession_approval(
    kind: &str,
    percent_bp: Option<i64>,
    by: ApproverLevel,
    m: &ApprovalMatrix,
) -> Result<(), String> {
    let need = required_for_kind(kind, percent_bp, m);
    if by >= need {
        return Ok(());
    }
    let what = match percent_bp.filter(|p| *p > 0) {
        Some(p) if required_approver(p, m) == need => format!("a {}% discount", p as f64 / 100.0),
        _ => {
            let words = kind.replace('_', " ");
            let a = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{a} {words} concession")
        }
    };
    Err(format!(
        "{what} needs {} approval; {} is not enough",
        need.label(),
        by.label()
    ))
}

/// Refuses an approval by someone below the required level, naming the level needed.
pub fn check_approval(
    percent_bp: i64,
    by: ApproverLevel,
    m: &ApprovalMatrix,
) -> Result<(), String> {
    let need = required_approver(percent_bp, m);
    if by >= need {
        Ok(())
    } else {
        Err(format!(
            "a {}% discount needs {} approval; {} is not enough",
            percent_bp as f64 / 100.0,
            need.label(),
            by.label()
        ))
    }
}

/// The risk band a save sits in, for the discount guidance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RiskBand {
    Low,
    Medium,
    High,
}

/// Discount guidance per risk band in basis points (§14: low 5–10, medium 15–20,
/// high 25–30).
pub fn band_guidance(b: RiskBand) -> (i64, i64) {
    match b {
        RiskBand::Low => (500, 1000),
        RiskBand::Medium => (1500, 2000),
        RiskBand::High => (2500, 3000),
    }
}

/// What the warnings need to know about a concession and its save.
pub struct ConcessionFacts<'a> {
    pub kind: ConcessionKind,
    pub percent_bp: Option<i64>,
    pub tied_to: Option<&'a str>,
    pub sunset: Option<Date>,
    /// True when the root cause is about price or value (circumstantial budget or
    /// value perception); a discount elsewhere does not fix the problem.
    pub price_related_cause: bool,
    pub band: Option<RiskBand>,
}

/// Plain-language warnings; empty when the concession follows the rules.
pub fn warnings(f: &ConcessionFacts) -> Vec<String> {
    let mut out = Vec::new();
    let discount = f.kind == ConcessionKind::Price && f.percent_bp.unwrap_or(0) > 0;
    if !discount {
        return out;
    }
    let pct = f.percent_bp.unwrap_or(0);
    if !f.price_related_cause {
        out.push("discount, but the problem is not price".to_string());
    }
    if f.tied_to.is_none_or(|t| t.trim().is_empty()) {
        out.push("discount not tied to anything".to_string());
    }
    if f.sunset.is_none() {
        out.push("no sunset".to_string());
    }
    if let Some(b) = f.band {
        let (_, hi) = band_guidance(b);
        if pct > hi {
            out.push(format!("above the {:?} risk guidance of {}%", b, hi / 100).to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approver_at_each_boundary() {
        let m = ApprovalMatrix::default();
        assert_eq!(required_approver(0, &m), ApproverLevel::Csm);
        assert_eq!(required_approver(500, &m), ApproverLevel::Csm);
        assert_eq!(required_approver(501, &m), ApproverLevel::Manager);
        assert_eq!(required_approver(1500, &m), ApproverLevel::Manager);
        assert_eq!(required_approver(1501, &m), ApproverLevel::Director);
        assert_eq!(required_approver(2500, &m), ApproverLevel::Director);
        assert_eq!(required_approver(2501, &m), ApproverLevel::Executive);
        assert_eq!(required_approver(3000, &m), ApproverLevel::Executive);
    }

    #[test]
    fn non_price_concessions_go_through_the_matrix() {
        let m = ApprovalMatrix::default();
        let need = |k: &str| required_for_kind(k, None, &m);
        assert_eq!(need("payment_terms"), ApproverLevel::Csm);
        assert_eq!(need("priority_support"), ApproverLevel::Manager);
        assert_eq!(need("csm_time"), ApproverLevel::Manager);
        assert_eq!(need("executive_involvement"), ApproverLevel::Manager);
        assert_eq!(need("service"), ApproverLevel::Manager);
        assert_eq!(need("shorter_term"), ApproverLevel::Director);
        assert_eq!(need("performance_guarantee"), ApproverLevel::Director);
        assert_eq!(need("exit_clause"), ApproverLevel::Director);
        assert_eq!(need("contingent_pricing"), ApproverLevel::Director);
        assert_eq!(need("custom_deal"), ApproverLevel::Executive);
        assert_eq!(need("customisation"), ApproverLevel::Executive);
        assert_eq!(need("price"), ApproverLevel::Csm);
        // The higher of kind and discount.
        assert_eq!(
            required_for_kind("shorter_term", Some(2600), &m),
            ApproverLevel::Executive
        );
        assert_eq!(
            required_for_kind("price", Some(1800), &m),
            ApproverLevel::Director
        );
        let e =
            check_concession_approval("exit_clause", None, ApproverLevel::Manager, &m).unwrap_err();
        assert_eq!(
            e,
            "an exit clause concession needs director approval; manager is not enough"
        );
        assert!(
            check_concession_approval("exit_clause", None, ApproverLevel::Director, &m).is_ok()
        );
        let e = check_concession_approval("price", Some(1800), ApproverLevel::Csm, &m).unwrap_err();
        assert!(e.starts_with("a 18% discount needs director"), "{e}");
    }

    #[test]
    fn approval_below_level_is_refused_naming_the_level() {
        let m = ApprovalMatrix::default();
        let e = check_approval(1800, ApproverLevel::Csm, &m).unwrap_err();
        assert!(e.contains("director"), "{e}");
        assert!(check_approval(1800, ApproverLevel::Director, &m).is_ok());
        assert!(check_approval(1800, ApproverLevel::Executive, &m).is_ok());
        assert!(check_approval(500, ApproverLevel::Csm, &m).is_ok());
    }

    fn facts(pct: i64) -> ConcessionFacts<'static> {
        ConcessionFacts {
            kind: ConcessionKind::Price,
            percent_bp: Some(pct),
            tied_to: Some("2-year commitment"),
            sunset: Date::from_ymd_opt(2027, 6, 1),
            price_related_cause: true,
            band: Some(RiskBand::Medium),
        }
    }

    #[test]
    fn clean_discount_has_no_warnings() {
        assert!(warnings(&facts(1500)).is_empty());
        assert!(warnings(&facts(2000)).is_empty());
    }

    #[test]
    fn each_warning_fires_alone() {
        let w = warnings(&facts(2001));
        assert_eq!(w, vec!["above the medium risk guidance of 20%"]);
        let mut f = facts(1000);
        f.tied_to = Some("  ");
        assert_eq!(warnings(&f), vec!["discount not tied to anything"]);
        let mut f = facts(1000);
        f.sunset = None;
        assert_eq!(warnings(&f), vec!["no sunset"]);
        let mut f = facts(1000);
        f.price_related_cause = false;
        assert_eq!(warnings(&f), vec!["discount, but the problem is not price"]);
    }

    #[test]
    fn service_concession_is_not_a_discount() {
        let mut f = facts(0);
        f.kind = ConcessionKind::Service;
        f.tied_to = None;
        f.sunset = None;
        assert!(warnings(&f).is_empty());
    }
}

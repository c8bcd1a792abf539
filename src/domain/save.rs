//! Save triage and the save tracker (§12, §13, §15, §16), as pure functions.

use super::Date;
use super::concession::RiskBand;
use super::config::SaveRules;
use super::money::Money;

crate::text_enum!(
    /// Save probability tier (§12).
    ProbabilityTier {
        High = "high": "high (60–80%)",
        Medium = "medium": "medium (30–50%)",
        Low = "low": "low (10–25%)",
    }
);

impl ProbabilityTier {
    /// Midpoint probability in percent, used for expected-value hours.
    pub fn midpoint_pct(self) -> i64 {
        match self {
            ProbabilityTier::High => 70,
            ProbabilityTier::Medium => 40,
            ProbabilityTier::Low => 18,
        }
    }

    /// The discount guidance band for this tier's risk (high probability = low risk).
    pub fn risk_band(self) -> RiskBand {
        match self {
            ProbabilityTier::High => RiskBand::Low,
            ProbabilityTier::Medium => RiskBand::Medium,
            ProbabilityTier::Low => RiskBand::High,
        }
    }
}

/// The five checklist questions behind the tier; each true answer is a good sign.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    pub fixable_problems: bool,
    pub relationships_intact: bool,
    pub no_better_alternative: bool,
    pub budget_confirmed: bool,
    pub stakeholders_engaged: bool,
}

/// 4–5 good signs suggest high, 2–3 medium, 0–1 low; the user picks the final tier.
pub fn suggest_tier(c: &Checklist) -> ProbabilityTier {
    let n = [
        c.fixable_problems,
        c.relationships_intact,
        c.no_better_alternative,
        c.budget_confirmed,
        c.stakeholders_engaged,
    ]
    .iter()
    .filter(|b| **b)
    .count();
    match n {
        4.. => ProbabilityTier::High,
        2..=3 => ProbabilityTier::Medium,
        _ => ProbabilityTier::Low,
    }
}

crate::text_enum!(
    /// Account value tier (§12: ARR first, then strategic value and growth).
    ValueTier {
        High = "high": "high",
        Medium = "medium": "medium",
        Low = "low": "low",
    }
);

/// ARR from `rules.value_high_arr` is high and from `value_medium_arr` medium; a
/// strategic, reference or growth flag lifts the tier by one step, never more.
pub fn value_tier(
    arr: Money,
    strategic: bool,
    reference: bool,
    growth: bool,
    rules: &SaveRules,
) -> ValueTier {
    let major = arr.0 / 100;
    let base = if major >= rules.value_high_arr {
        ValueTier::High
    } else if major >= rules.value_medium_arr {
        ValueTier::Medium
    } else {
        ValueTier::Low
    };
    if strategic || reference || growth {
        match base {
            ValueTier::Low => ValueTier::Medium,
            _ => ValueTier::High,
        }
    } else {
        base
    }
}

crate::text_enum!(
    /// How hard we go (§12).
    Effort {
        Full = "full": "full",
        Standard = "standard": "standard",
        Light = "light": "light",
        None = "none": "none",
    }
);

impl Effort {
    /// Team and timebox shown next to the level.
    pub fn team_and_timebox(self) -> &'static str {
        match self {
            Effort::Full => "all hands + executive, 30–90 days",
            Effort::Standard => "CSM + manager, 14–30 days",
            Effort::Light => "CSM only, one conversation, 7–14 days",
            Effort::None => "graceful exit; learn from it",
        }
    }
}

/// Effort from value × probability, with a one-line reason.
pub fn effort(v: ValueTier, p: ProbabilityTier) -> (Effort, &'static str) {
    use ProbabilityTier as P;
    use ValueTier as V;
    match (v, p) {
        (V::Low, P::Low) => (Effort::None, "low value and low odds"),
        (V::High, P::High | P::Medium) => (Effort::Full, "high value with real odds"),
        (V::Low, _) | (_, P::Low) => (Effort::Light, "low value or low odds"),
        _ => (Effort::Standard, "medium value, medium odds"),
    }
}

crate::text_enum!(
    /// How much time the save has (§12).
    TimeMode {
        Comprehensive = "comprehensive": "comprehensive",
        Compressed = "compressed": "compressed",
        Emergency = "emergency": "emergency",
    }
);

/// ≥ 90 days comprehensive, 30–89 compressed, < 30 emergency; with its reason.
pub fn time_mode(days_left: i64) -> (TimeMode, &'static str) {
    if days_left >= 90 {
        (TimeMode::Comprehensive, "full plan")
    } else if days_left >= 30 {
        (TimeMode::Compressed, "critical issues and quick wins")
    } else {
        (TimeMode::Emergency, "patches only, low odds")
    }
}

/// Hours × probability, rounded to the nearest hour (40 h at 10% = 4 h).
pub fn expected_value_hours(hours: i64, probability_pct: i64) -> i64 {
    (hours * probability_pct + 50) / 100
}

crate::text_enum!(
    /// Root-cause categories, easiest to hardest to save (§12).
    RootCause {
        ValuePerception = "value_perception": "value perception",
        Circumstantial = "circumstantial": "circumstantial",
        ServiceExperience = "service_experience": "service experience",
        ProductFit = "product_fit": "product fit",
    }
);

impl RootCause {
    pub fn difficulty(self) -> &'static str {
        match self {
            RootCause::ValuePerception => "easiest",
            RootCause::Circumstantial => "situational",
            RootCause::ServiceExperience => "medium",
            RootCause::ProductFit => "hardest",
        }
    }

    /// Whether a discount addresses this cause: only the circumstantial one (a budget
    /// cut). Value perception is fixed by showing the value, not by lowering the price.
    pub fn price_related(self) -> bool {
        matches!(self, RootCause::Circumstantial)
    }
}

crate::text_enum!(
    /// Signs that a save is lost (§15).
    LostSign {
        SignedCompetitor = "signed_competitor": "signed with a competitor",
        FinalDecision = "final_decision": "final decision made",
        ProductMisfit = "product_misfit": "fundamental product misfit",
        NoEngagement = "no_engagement": "no engagement",
        Economics = "economics": "economics don't work",
        Relationship = "relationship": "relationship beyond repair",
        CostAboveValue = "cost_above_value": "save cost above account value",
    }
);

/// The recorded signs (comma list) that are known; unknown keys are ignored.
pub fn lost_signs(keys: &[String]) -> Vec<LostSign> {
    keys.iter()
        .filter_map(|k| LostSign::parse(k.trim()))
        .collect()
}

crate::text_enum!(
    /// Executive escalation steps (§15).
    EscalationStage {
        Prepared = "prepared": "prepared",
        Engaged = "engaged": "executive engaged",
        FollowedUp = "followed_up": "followed up",
        Closed = "closed": "closed",
    }
);

impl EscalationStage {
    pub fn next(self) -> Option<EscalationStage> {
        match self {
            EscalationStage::Prepared => Some(EscalationStage::Engaged),
            EscalationStage::Engaged => Some(EscalationStage::FollowedUp),
            EscalationStage::FollowedUp => Some(EscalationStage::Closed),
            EscalationStage::Closed => None,
        }
    }
}

/// What decides an executive escalation (§15).
#[derive(Clone, Copy, Debug, Default)]
pub struct EscalationFacts {
    pub arr: Money,
    pub strategic: bool,
    /// The team has tried and recorded it: the plan has items and every one is worked.
    pub options_exhausted: bool,
    /// Someone on their side has a thread to our executive.
    pub exec_relationship: bool,
}

/// The conditions of §15 not met yet, in words; empty = escalate. All three must
/// hold: strategic or worth `rules.escalation_arr` or more; our own options
/// exhausted (recorded, not assumed); an executive relationship to use.
pub fn escalation_missing(f: &EscalationFacts, rules: &SaveRules) -> Vec<String> {
    let mut out = Vec::new();
    if !f.strategic && f.arr.0 / 100 < rules.escalation_arr {
        out.push(format!(
            "neither strategic nor worth {} or more",
            rules.escalation_arr
        ));
    }
    if !f.options_exhausted {
        out.push("our own options are not exhausted (work every plan item first)".to_string());
    }
    if !f.exec_relationship {
        out.push("no executive relationship on their side to use".to_string());
    }
    out
}

/// Escalate when every condition of §15 holds.
pub fn suggest_escalation(f: &EscalationFacts, rules: &SaveRules) -> bool {
    escalation_missing(f, rules).is_empty()
}

crate::text_enum!(
    ItemStatus {
        Open = "open": "open",
        InProgress = "in_progress": "in progress",
        Done = "done": "done",
        Verified = "verified": "verified",
    }
);

impl ItemStatus {
    pub fn cycle(self) -> ItemStatus {
        match self {
            ItemStatus::Open => ItemStatus::InProgress,
            ItemStatus::InProgress => ItemStatus::Done,
            ItemStatus::Done => ItemStatus::Verified,
            ItemStatus::Verified => ItemStatus::Open,
        }
    }
    pub fn is_finished(self) -> bool {
        matches!(self, ItemStatus::Done | ItemStatus::Verified)
    }
}

/// What ordering and overdue need from an item.
#[derive(Clone, Copy, Debug)]
pub struct ItemKey {
    pub deal_breaker: bool,
    pub fixable: bool,
    pub deadline: Option<Date>,
    pub priority: i64,
}

/// Sort key: fixable deal-breakers first, then by deadline (none last), then priority.
pub fn order_key(k: &ItemKey) -> (u8, Date, i64) {
    let rank = if k.deal_breaker && k.fixable { 0 } else { 1 };
    (rank, k.deadline.unwrap_or(Date::MAX), k.priority)
}

/// Past its deadline and not finished.
pub fn overdue(deadline: Option<Date>, status: ItemStatus, today: Date) -> bool {
    !status.is_finished() && deadline.is_some_and(|d| d < today)
}

/// For the quick-fix view: has an owner and a fix due within 72 hours.
pub fn quick_fix_ready(
    owner: &str,
    fix: Option<&str>,
    deadline: Option<Date>,
    today: Date,
) -> bool {
    !owner.trim().is_empty()
        && fix.is_some_and(|f| !f.trim().is_empty())
        && deadline.is_some_and(|d| (d - today).num_days() <= 3)
}

/// Save metrics (§16) from counts; rates in whole percent.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SaveMetrics {
    pub at_risk: i64,
    pub at_risk_with_plan: i64,
    pub attempts: i64,
    pub attempt_rate_pct: Option<i64>,
    pub saved: i64,
    pub lost: i64,
    pub success_rate_pct: Option<i64>,
    pub success_note: Option<String>,
    /// One amount per currency (serialised by `io::save_plan::metrics_json`).
    #[serde(skip)]
    pub revenue_saved: super::money::Totals,
    pub hours_spent: i64,
    pub hours_planned: i64,
    /// Revenue saved ÷ (hours spent × hourly cost), to one decimal.
    pub save_roi: Option<f64>,
    pub renewed_again: i64,
    pub median_days_to_save: Option<i64>,
}

/// Save ROI (§16): revenue saved over what the effort cost, to one decimal; `None`
/// before any hour is logged.
pub fn save_roi(revenue_saved_minor: i64, hours: i64, hourly_cost_major: i64) -> Option<f64> {
    let cost = hours as i128 * hourly_cost_major as i128 * 100;
    (cost > 0).then(|| {
        let tenths = (revenue_saved_minor as i128 * 10 + cost / 2) / cost;
        tenths as f64 / 10.0
    })
}

/// Save ROI over revenue saved per currency: the hourly cost is in the book's
/// currency, so revenue saved in another currency (or in several) has no ROI here
/// rather than a wrong one.
pub fn save_roi_in(
    revenue: &super::money::Totals,
    book_currency: &str,
    hours: i64,
    hourly_cost_major: i64,
) -> Option<f64> {
    match revenue.0.as_slice() {
        [] => save_roi(0, hours, hourly_cost_major),
        [(c, m)] if c == book_currency => save_roi(m.0, hours, hourly_cost_major),
        _ => None,
    }
}

pub fn pct(n: i64, d: i64) -> Option<i64> {
    (d > 0).then(|| (n * 100 + d / 2) / d)
}

/// Above 70% may mean effort spent on accounts that would have renewed anyway.
pub fn success_note(rate: Option<i64>) -> Option<String> {
    match rate {
        Some(r) if r > 70 => {
            Some("above 70%: maybe saving accounts that would renew anyway".into())
        }
        Some(r) if (50..=60).contains(&r) => Some("50–60% is solid".into()),
        _ => None,
    }
}

pub fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn save_roi_is_revenue_over_the_cost_of_hours() {
        assert_eq!(save_roi(7_000_000, 0, 100), None);
        assert_eq!(save_roi(7_000_000, 10, 100), Some(70.0));
        assert_eq!(save_roi(100_000, 3, 100), Some(3.3));
        assert_eq!(save_roi(0, 5, 100), Some(0.0));
        use super::super::money::{Money, Totals};
        let mut t = Totals::default();
        assert_eq!(save_roi_in(&t, "EUR", 10, 100), Some(0.0));
        t.add("EUR", Money(7_000_000));
        assert_eq!(save_roi_in(&t, "EUR", 10, 100), Some(70.0));
        assert_eq!(save_roi_in(&t, "USD", 10, 100), None, "cost is in USD");
        t.add("GBP", Money(100));
        assert_eq!(
            save_roi_in(&t, "EUR", 10, 100),
            None,
            "never across currencies"
        );
    }

    use super::*;

    #[test]
    fn tier_suggestion_by_count() {
        let mut c = Checklist::default();
        assert_eq!(suggest_tier(&c), ProbabilityTier::Low);
        c.fixable_problems = true;
        assert_eq!(suggest_tier(&c), ProbabilityTier::Low);
        c.budget_confirmed = true;
        assert_eq!(suggest_tier(&c), ProbabilityTier::Medium);
        c.stakeholders_engaged = true;
        assert_eq!(suggest_tier(&c), ProbabilityTier::Medium);
        c.relationships_intact = true;
        assert_eq!(suggest_tier(&c), ProbabilityTier::High);
    }

    #[test]
    fn value_tier_boundaries_and_flags() {
        let m = |x: i64| Money(x * 100);
        let r = SaveRules::default();
        assert_eq!(
            value_tier(m(24_999), false, false, false, &r),
            ValueTier::Low
        );
        assert_eq!(
            value_tier(m(25_000), false, false, false, &r),
            ValueTier::Medium
        );
        assert_eq!(
            value_tier(m(100_000), false, false, false, &r),
            ValueTier::High
        );
        assert_eq!(
            value_tier(m(1_000), true, false, false, &r),
            ValueTier::Medium
        );
        assert_eq!(
            value_tier(m(30_000), false, true, false, &r),
            ValueTier::High
        );
    }

    #[test]
    fn effort_grid() {
        use ProbabilityTier as P;
        use ValueTier as V;
        assert_eq!(effort(V::High, P::High).0, Effort::Full);
        assert_eq!(effort(V::High, P::Medium).0, Effort::Full);
        assert_eq!(effort(V::High, P::Low).0, Effort::Light);
        assert_eq!(effort(V::Medium, P::Medium).0, Effort::Standard);
        assert_eq!(effort(V::Medium, P::High).0, Effort::Standard);
        assert_eq!(effort(V::Low, P::High).0, Effort::Light);
        assert_eq!(effort(V::Low, P::Low).0, Effort::None);
    }

    #[test]
    fn time_mode_boundaries() {
        assert_eq!(time_mode(90).0, TimeMode::Comprehensive);
        assert_eq!(time_mode(89).0, TimeMode::Compressed);
        assert_eq!(time_mode(30).0, TimeMode::Compressed);
        assert_eq!(time_mode(29).0, TimeMode::Emergency);
        assert_eq!(time_mode(-5).0, TimeMode::Emergency);
    }

    #[test]
    fn expected_value_examples() {
        assert_eq!(expected_value_hours(40, 10), 4);
        assert_eq!(expected_value_hours(40, 70), 28);
        assert_eq!(expected_value_hours(0, 70), 0);
    }

    #[test]
    fn escalation_rule() {
        let r = SaveRules::default();
        let f = |arr, strategic, options_exhausted, exec_relationship| EscalationFacts {
            arr: Money(arr),
            strategic,
            options_exhausted,
            exec_relationship,
        };
        assert!(suggest_escalation(&f(5_000_000, false, true, true), &r));
        assert!(!suggest_escalation(&f(4_999_999, false, true, true), &r));
        assert!(!suggest_escalation(&f(9_000_000, false, false, true), &r));
        assert!(suggest_escalation(&f(100, true, true, true), &r));
        // §15: strategic alone is not enough; nor is value without an exec tie.
        assert!(!suggest_escalation(&f(100, true, false, true), &r));
        assert_eq!(
            escalation_missing(&f(9_000_000, false, true, false), &r),
            vec!["no executive relationship on their side to use"]
        );
    }

    #[test]
    fn ordering_and_overdue() {
        let d = |n| Date::from_ymd_opt(2026, 11, n).unwrap();
        let a = ItemKey {
            deal_breaker: false,
            fixable: true,
            deadline: Some(d(1)),
            priority: 1,
        };
        let b = ItemKey {
            deal_breaker: true,
            fixable: true,
            deadline: Some(d(20)),
            priority: 2,
        };
        let c = ItemKey {
            deal_breaker: true,
            fixable: false,
            deadline: None,
            priority: 1,
        };
        let mut v = [a, b, c];
        v.sort_by_key(order_key);
        assert!(v[0].deal_breaker && v[0].fixable);
        assert_eq!(v[1].deadline, Some(d(1)));
        assert!(overdue(Some(d(1)), ItemStatus::Open, d(2)));
        assert!(!overdue(Some(d(2)), ItemStatus::Open, d(2)));
        assert!(!overdue(Some(d(1)), ItemStatus::Done, d(2)));
        assert!(quick_fix_ready("ana", Some("patch"), Some(d(5)), d(2)));
        assert!(!quick_fix_ready("ana", Some("patch"), Some(d(6)), d(2)));
        assert!(!quick_fix_ready(" ", Some("patch"), Some(d(3)), d(2)));
    }

    #[test]
    fn only_circumstantial_causes_justify_a_discount() {
        assert!(RootCause::Circumstantial.price_related());
        assert!(!RootCause::ValuePerception.price_related());
        assert!(!RootCause::ServiceExperience.price_related());
        assert!(!RootCause::ProductFit.price_related());
    }

    #[test]
    fn metrics_helpers() {
        assert_eq!(pct(3, 4), Some(75));
        assert_eq!(pct(1, 0), None);
        assert!(success_note(Some(71)).unwrap().contains("70%"));
        assert_eq!(success_note(Some(70)), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![]), None);
    }
}

//! The save assessment before there is a plan (§12, §13): how much time, how much the
//! account is worth, what effort each probability would call for, the root cause the
//! signals point to, and a tracker ready to fill — so the decision to start a save is
//! made on the same figures the plan will use.

use super::config::SaveRules;
use super::money::Money;
use super::risk::SignalKind;
use super::save::{self, Effort, ProbabilityTier, RootCause, TimeMode, ValueTier};

/// One tracker line drafted from a signal: the problem and where it seems to come from;
/// fix, deadline and success metric are the CSM's to fill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftItem {
    pub problem: String,
    pub root_cause: RootCause,
    pub owner: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreAssessment {
    pub value: ValueTier,
    pub time: Option<(TimeMode, &'static str)>,
    pub days_left: Option<i64>,
    /// The effort the rules give for each probability tier, highest odds first: the
    /// probability stays "not assessed" until the checklist is answered.
    pub effort_by_probability: Vec<(ProbabilityTier, Effort, &'static str)>,
    /// The category the signals point to, with why.
    pub root_cause: Option<(RootCause, String)>,
    pub tracker: Vec<DraftItem>,
    /// The account's multi-year verdict (the one function the account pane and the
    /// proposal use), part of what the save is worth.
    pub multi_year: (bool, Vec<String>),
}

/// Where a kind of signal usually comes from (§12's categories).
pub fn cause_of(kind: SignalKind) -> RootCause {
    match kind {
        SignalKind::Competitive => RootCause::ProductFit,
        SignalKind::NegativeFeedback | SignalKind::EngagementDrop => RootCause::ServiceExperience,
        SignalKind::Budget | SignalKind::BusinessChange | SignalKind::StakeholderChange => {
            RootCause::Circumstantial
        }
        SignalKind::HealthDrop | SignalKind::UsageDecline => RootCause::ValuePerception,
    }
}

/// The root cause the signals suggest: the hardest category any of them points to
/// (plan for the harder problem; a value-perception fix does not answer a competitor).
pub fn suggest_root_cause(signals: &[(SignalKind, String)]) -> Option<(RootCause, String)> {
    let hardest = signals.iter().map(|(k, _)| cause_of(*k)).max()?;
    let from: Vec<&str> = signals
        .iter()
        .filter(|(k, _)| cause_of(*k) == hardest)
        .map(|(k, _)| k.label())
        .collect();
    let mut from = from;
    from.dedup();
    Some((hardest, format!("suggested by: {}", from.join(", "))))
}

/// The assessment for an open renewal with no save plan yet. `signals`: every open
/// signal, logged and derived, as (kind, what it says).
pub fn assess(
    arr: Money,
    (strategic, reference, growth): (bool, bool, bool),
    days_left: Option<i64>,
    signals: &[(SignalKind, String)],
    owner: Option<&str>,
    rules: &SaveRules,
) -> PreAssessment {
    let value = save::value_tier(arr, strategic, reference, growth, rules);
    let effort_by_probability = [
        ProbabilityTier::High,
        ProbabilityTier::Medium,
        ProbabilityTier::Low,
    ]
    .into_iter()
    .map(|p| {
        let (e, why) = save::effort(value, p);
        (p, e, why)
    })
    .collect();
    let mut tracker: Vec<DraftItem> = Vec::new();
    for (kind, text) in signals {
        // One line per kind: three notes of one budget worry are one problem.
        if tracker
            .iter()
            .any(|i| i.problem.starts_with(&format!("{}:", kind.label())))
        {
            continue;
        }
        tracker.push(DraftItem {
            problem: format!("{}: {text}", kind.label()),
            root_cause: cause_of(*kind),
            owner: owner.map(str::to_string),
        });
    }
    PreAssessment {
        value,
        time: days_left.map(save::time_mode),
        days_left,
        effort_by_probability,
        root_cause: suggest_root_cause(signals),
        tracker,
        multi_year: (false, Vec::new()),
    }
}

/// The assessment of an account's open renewal, from what the account pane shows
/// (`None` when nothing is open).
pub fn for_account(
    d: &super::account_view::AccountDetail,
    rules: &SaveRules,
) -> Option<PreAssessment> {
    let row = d.row.as_ref()?;
    let mut signals: Vec<(SignalKind, String)> =
        d.derived.iter().map(|s| (s.kind, s.text.clone())).collect();
    signals.extend(
        d.signals
            .iter()
            .map(|s| (s.kind, s.note.clone().unwrap_or_default())),
    );
    let mut a = assess(
        row.facts.arr,
        (d.account.strategic, d.account.reference, d.account.growth),
        row.days_left,
        &signals,
        row.facts.owner.as_deref(),
        rules,
    );
    a.multi_year = d.multi_year.clone();
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_cause_follows_the_hardest_signal() {
        assert_eq!(suggest_root_cause(&[]), None);
        let s = |k| (k, String::new());
        assert_eq!(
            suggest_root_cause(&[s(SignalKind::UsageDecline)])
                .unwrap()
                .0,
            RootCause::ValuePerception
        );
        assert_eq!(
            suggest_root_cause(&[s(SignalKind::UsageDecline), s(SignalKind::Budget)])
                .unwrap()
                .0,
            RootCause::Circumstantial
        );
        let (c, why) = suggest_root_cause(&[
            s(SignalKind::Budget),
            s(SignalKind::Competitive),
            s(SignalKind::NegativeFeedback),
        ])
        .unwrap();
        assert_eq!(c, RootCause::ProductFit);
        assert_eq!(why, "suggested by: competitive");
    }

    #[test]
    fn an_assessment_exists_before_any_plan() {
        let rules = SaveRules::default();
        let signals = vec![
            (SignalKind::Budget, "asked for a discount".to_string()),
            (SignalKind::Budget, "price too high".to_string()),
            (SignalKind::UsageDecline, "usage down 40%".to_string()),
        ];
        let a = assess(
            Money::from_major(150_000),
            (false, false, false),
            Some(45),
            &signals,
            Some("Dana"),
            &rules,
        );
        assert_eq!(a.value, ValueTier::High);
        assert_eq!(a.time.unwrap().0, TimeMode::Compressed);
        assert_eq!(
            a.effort_by_probability
                .iter()
                .map(|(_, e, _)| *e)
                .collect::<Vec<_>>(),
            vec![Effort::Full, Effort::Full, Effort::Light]
        );
        assert_eq!(a.root_cause.unwrap().0, RootCause::Circumstantial);
        assert_eq!(a.tracker.len(), 2, "one line per kind");
        assert_eq!(a.tracker[0].problem, "budget: asked for a discount");
        assert_eq!(a.tracker[0].owner.as_deref(), Some("Dana"));
        assert_eq!(a.tracker[1].root_cause, RootCause::ValuePerception);
    }
}

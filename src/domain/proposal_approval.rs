//! Approval before the customer sees it (§14 "never promise what you cannot
//! approve"): an option whose discount needs a level above the user's own
//! (`proposal.user_level`) is exported for the customer, or accepted, only once an
//! approval at that level or above is recorded. The store checks these rules inside
//! the transaction that records an approval or an acceptance; exports ask
//! [`missing`] first.

use super::Date;
use super::approval::{ApproverLevel, required_approver};
use super::config::{ApprovalMatrix, Config};
use super::proposal_rules::{Draft, TierName};

/// A recorded approval of one option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub tier: TierName,
    /// The discount approved; it also covers any smaller one.
    pub discount_bp: i64,
    pub level: ApproverLevel,
    pub by: String,
    pub on: Date,
}

/// The user's own level and the matrix, from the config.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub user_level: ApproverLevel,
    pub matrix: ApprovalMatrix,
}

impl Policy {
    pub fn from_config(cfg: &Config) -> Policy {
        Policy {
            user_level: ApproverLevel::parse(&cfg.proposal.user_level)
                .unwrap_or(ApproverLevel::Csm),
            matrix: cfg.approval.clone(),
        }
    }

    /// The level a discount needs, when that is above the user's own.
    pub fn needs(&self, discount_bp: i64) -> Option<ApproverLevel> {
        let req = required_approver(discount_bp, &self.matrix);
        (req > self.user_level).then_some(req)
    }
}

/// An option that still needs an approval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub tier: TierName,
    pub discount_bp: i64,
    pub needs: ApproverLevel,
}

impl Missing {
    /// `Best: 15% off needs manager approval`.
    pub fn short(&self) -> String {
        format!(
            "{}: {} off needs {} approval",
            self.tier.label(),
            pct(self.discount_bp),
            self.needs.label()
        )
    }

    /// The reason, in words, with what to do about it.
    pub fn reason(&self) -> String {
        format!(
            "{}: {} off needs {} approval and none is recorded (record it with `--approve {} --by NAME --level {}`, or in the proposal pane)",
            self.tier.label(),
            pct(self.discount_bp),
            self.needs.label(),
            self.tier.as_str(),
            self.needs.as_str()
        )
    }
}

fn pct(bp: i64) -> String {
    let s = format!("{}.{:02}", bp / 100, bp % 100);
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

/// Does one of `approvals` cover `tier` at `discount_bp`?
pub fn covered(
    approvals: &[Approval],
    tier: TierName,
    discount_bp: i64,
    needs: ApproverLevel,
) -> bool {
    approvals
        .iter()
        .any(|a| a.tier == tier && a.level >= needs && a.discount_bp >= discount_bp)
}

/// The option `tier` still lacking an approval, if it does.
pub fn missing_for(
    tier: TierName,
    discount_bp: i64,
    approvals: &[Approval],
    policy: &Policy,
) -> Option<Missing> {
    let needs = policy.needs(discount_bp)?;
    (!covered(approvals, tier, discount_bp, needs)).then_some(Missing {
        tier,
        discount_bp,
        needs,
    })
}

/// Every option of `draft` that the customer may not see yet.
pub fn missing(draft: &Draft, approvals: &[Approval], policy: &Policy) -> Vec<Missing> {
    TierName::ALL
        .iter()
        .zip(draft.tiers.iter())
        .filter_map(|(name, t)| missing_for(*name, t.discount_bp, approvals, policy))
        .collect()
}

/// May `level` approve `tier` at `discount_bp`, recorded by `by`? Refuses an
/// approver below the matrix's level, a nameless one, and an option that needs no
/// approval beyond the user's own.
pub fn check(
    tier: TierName,
    discount_bp: i64,
    level: ApproverLevel,
    by: &str,
    policy: &Policy,
) -> Result<(), String> {
    if by.trim().is_empty() {
        return Err("an approval needs the approver's name".into());
    }
    let Some(needs) = policy.needs(discount_bp) else {
        return Err(format!(
            "{}: {} off is within your own approval ({}); nothing to record",
            tier.label(),
            pct(discount_bp),
            policy.user_level.label()
        ));
    };
    if level < needs {
        return Err(format!(
            "{}: a {} cannot approve {} off; it needs {} approval",
            tier.label(),
            level.label(),
            pct(discount_bp),
            needs.label()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::config::Config;

    fn policy() -> Policy {
        Policy::from_config(&Config::default())
    }

    fn approval(tier: TierName, bp: i64, level: ApproverLevel) -> Approval {
        Approval {
            tier,
            discount_bp: bp,
            level,
            by: "Dana".into(),
            on: "2026-11-22".parse().unwrap(),
        }
    }

    #[test]
    fn options_above_the_users_level_need_a_recorded_approval() {
        let p = policy();
        assert_eq!(p.needs(500), None);
        assert_eq!(p.needs(1500), Some(ApproverLevel::Manager));
        let m = missing_for(TierName::Best, 1500, &[], &p).unwrap();
        assert!(
            m.reason()
                .starts_with("Best: 15% off needs manager approval")
        );
        let ok = [approval(TierName::Best, 1500, ApproverLevel::Manager)];
        assert_eq!(missing_for(TierName::Best, 1500, &ok, &p), None);
        // An approval covers a smaller discount, not a larger one, nor another option.
        assert_eq!(missing_for(TierName::Best, 1000, &ok, &p), None);
        assert!(missing_for(TierName::Best, 1600, &ok, &p).is_some());
        assert!(missing_for(TierName::Better, 1500, &ok, &p).is_some());
        // A higher level than needed is fine; a lower one is not.
        let dir = [approval(TierName::Best, 2000, ApproverLevel::Director)];
        assert_eq!(missing_for(TierName::Best, 2000, &dir, &p), None);
        let low = [approval(TierName::Best, 2000, ApproverLevel::Manager)];
        assert!(missing_for(TierName::Best, 2000, &low, &p).is_some());
    }

    #[test]
    fn recording_checks_level_and_name() {
        let p = policy();
        assert!(check(TierName::Best, 1500, ApproverLevel::Manager, "Dana", &p).is_ok());
        let e = check(TierName::Best, 2000, ApproverLevel::Manager, "Dana", &p).unwrap_err();
        assert_eq!(
            e,
            "Best: a manager cannot approve 20% off; it needs director approval"
        );
        assert!(check(TierName::Best, 1500, ApproverLevel::Manager, " ", &p).is_err());
        assert!(
            check(TierName::Good, 0, ApproverLevel::Manager, "Dana", &p)
                .unwrap_err()
                .contains("within your own approval")
        );
    }
}

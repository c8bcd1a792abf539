//! Everything the account pane, the brief and `runway account` show about one
//! account, assembled from stored facts by pure rules.

use super::Date;
use super::book::{Account, Signal, Stakeholder};
use super::config::Config;
use super::coverage::{self, Coverage};
use super::playbook::{self, Milestone};
use super::queue::QueueRow;
use super::risk::SignalKind;
use super::signals::Derived;

#[derive(Clone, Debug)]
pub struct AccountDetail {
    pub account: Account,
    /// The open renewal as the queue scores it; `None` when nothing is open.
    pub row: Option<QueueRow>,
    pub stakeholders: Vec<Stakeholder>,
    pub coverage: Coverage,
    /// Dated health snapshots, oldest first (bounded).
    pub health: Vec<(Date, u8)>,
    /// Open risk signals, newest first (bounded).
    pub signals: Vec<Signal>,
    /// Resolved risk signals, most recently resolved first (bounded): history only,
    /// never counted as risk (every risk rule reads the open ones).
    pub resolved: Vec<Signal>,
    /// Signals the data shows (`domain::signals`): the health drop first, then the
    /// people and readings ones.
    pub derived: Vec<Derived>,
    pub milestones: Vec<Milestone>,
    /// Steps an import recorded as done because the stage had passed them (bits as in
    /// `milestones_done`).
    pub done_before_import: u32,
    /// Is this the customer's first renewal (less than ~13 months a customer)?
    pub first_renewal: bool,
    pub multi_year: (bool, Vec<String>),
}

impl AccountDetail {
    /// The currency the account's renewal is in (money is shown in the row's
    /// currency, never the book's default when they differ).
    pub fn currency<'a>(&'a self, book_default: &'a str) -> &'a str {
        self.row
            .as_ref()
            .map(|r| &*r.facts.currency)
            .unwrap_or(book_default)
    }
}

/// A customer whose contract started less than this many days before the renewal is
/// on their first renewal.
const FIRST_RENEWAL_DAYS: i64 = 400;

impl AccountDetail {
    /// Was this step recorded done by an import (its stage had passed it)?
    pub fn done_before_import(&self, m: &Milestone) -> bool {
        m.status == playbook::MilestoneStatus::Done
            && playbook::milestone_bit(m.def.key).is_some_and(|b| self.done_before_import & b != 0)
    }
}

pub fn assemble(
    account: Account,
    row: Option<QueueRow>,
    stakeholders: Vec<Stakeholder>,
    health: Vec<(Date, u8)>,
    (signals, derived): (Vec<Signal>, Vec<Derived>),
    today: Date,
    cfg: &Config,
) -> AccountDetail {
    let mut all_derived: Vec<Derived> = row
        .as_ref()
        .and_then(|r| r.health_drop)
        .map(|why| Derived {
            kind: SignalKind::HealthDrop,
            text: why.to_string(),
            on: health.last().map(|(d, _)| *d),
        })
        .into_iter()
        .collect();
    all_derived.extend(derived);
    // Grouped by buying role (in the order of the rules), people without a role last.
    let mut stakeholders = stakeholders;
    stakeholders.sort_by_key(|s| {
        (
            s.role.map_or(usize::MAX, |r| r as usize),
            s.name.to_lowercase(),
        )
    });
    let coverage = coverage::coverage(&stakeholders, today, cfg.stakeholders.stale_contact_days);
    let milestones = row
        .as_ref()
        .and_then(|r| {
            Some(playbook::milestones(
                r.segment,
                r.facts.arr,
                r.facts.renewal_date?,
                r.facts.milestones_done,
                today,
                &cfg.playbook,
            ))
        })
        .unwrap_or_default();
    let renewal_day = row
        .as_ref()
        .and_then(|r| r.facts.renewal_date)
        .unwrap_or(today);
    let first_renewal = account
        .customer_since
        .is_some_and(|d| (renewal_day - d).num_days() < FIRST_RENEWAL_DAYS);
    let multi_year = coverage::multi_year_candidate(&coverage::multi_year_facts(
        &account,
        row.as_ref(),
        first_renewal,
    ));
    AccountDetail {
        account,
        row,
        stakeholders,
        coverage,
        health,
        signals,
        resolved: Vec::new(),
        derived: all_derived,
        milestones,
        done_before_import: 0,
        first_renewal,
        multi_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::proposal_rules::{self, ProposalFacts};
    use crate::domain::queue::{RenewalFacts, build_row};
    use crate::domain::renewal::{OpportunityType, Stage, TouchModel};

    #[test]
    fn account_and_proposal_agree_on_multi_year() {
        let today: Date = "2026-11-22".parse().unwrap();
        let cfg = Config::default();
        let f = RenewalFacts {
            renewal_id: 1,
            account_id: "A".into(),
            account_name: "A".into(),
            owner: None,
            arr: Money::from_major(150_000),
            target: None,
            currency: "USD".into(),
            renewal_date: Some(today + chrono::Duration::days(60)),
            segment_override: None,
            health: Some(85),
            health_prev: None,
            open_signals: 0,
            signal_kinds: 0,
            derived_kinds: 0,
            stage: Stage::Engaged,
            opportunity_type: OpportunityType::Flat,
            touch_model: TouchModel::Negotiated,
            probability_override: None,
            snoozed_until: None,
            flagged_at_risk: false,
            milestones_done: 0,
            last_movement: Some(today),
        };
        let row = build_row(f, &cfg, today, None);
        // A growing account with one health snapshot (a fresh import).
        let account = Account {
            id: "A".into(),
            name: "A".into(),
            growth: true,
            ..Default::default()
        };
        let d = assemble(
            account,
            Some(row.clone()),
            vec![],
            vec![(today, 85)],
            (vec![], vec![]),
            today,
            &cfg,
        );
        assert!(!d.multi_year.0, "{:?}", d.multi_year);
        let my = coverage::multi_year_facts(&d.account, Some(&row), d.first_renewal);
        let facts = ProposalFacts {
            arr: row.facts.arr,
            at_risk: my.at_risk,
            healthy: my.healthy,
            first_renewal: my.first_renewal,
            fast_growing: my.fast_growing,
            industry: None,
            expansion_ahead: false,
            ..Default::default()
        };
        let draft = proposal_rules::draft(&facts, &cfg);
        let w = proposal_rules::warnings(&facts, &draft, &cfg);
        assert!(
            w.iter().any(|x| x.contains("poor multi-year candidate")),
            "{w:?}"
        );
    }
}

//! A save plan as stored data: the plan with its items and concessions, the
//! assessment edited together, and the counts behind the save metrics. Plain values,
//! so the cockpit's save pane and the exports can hold them without the store.

use crate::domain::Date;
use crate::domain::book::{Concession, SaveItem};
use crate::domain::money::Money;

/// A plan as the pane and the CLI see it: the stored record plus the account facts the
/// assessment needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredPlan {
    pub id: i64,
    pub account_id: String,
    pub account_name: String,
    pub renewal_id: Option<i64>,
    pub renewal_date: Option<Date>,
    pub arr: Money,
    pub currency: String,
    pub strategic: bool,
    pub reference: bool,
    pub growth: bool,
    pub opened_on: Option<Date>,
    pub probability_tier: Option<String>,
    pub root_cause: Option<String>,
    pub planned_hours: i64,
    /// Hours actually spent, as logged.
    pub logged_hours: i64,
    /// Someone active on their side has a thread to our executive (§15).
    pub exec_relationship: bool,
    pub effort_override: Option<String>,
    pub effort_override_reason: Option<String>,
    pub lost_cause_signs: Vec<String>,
    pub escalation: Option<String>,
    pub escalation_brief: Option<String>,
    pub status: String,
    pub closed_on: Option<Date>,
    pub debrief: Option<String>,
    /// (row id, item), in stored order; the pane sorts.
    pub items: Vec<(i64, SaveItem)>,
    pub concessions: Vec<(i64, Concession)>,
    /// Per concession (same order): the approvals so far, oldest first ("csm → director").
    pub approval_chains: Vec<Option<String>>,
}

/// The assessment fields edited together by the assess form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assessment {
    pub probability_tier: Option<String>,
    pub root_cause: Option<String>,
    pub planned_hours: i64,
    pub effort_override: Option<String>,
    pub effort_override_reason: Option<String>,
    pub lost_cause_signs: Vec<String>,
    /// The account's value flags (strategic / reference / growth), set from the same form.
    pub flags: Option<(bool, bool, bool)>,
}

/// Counts behind the save metrics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveCounts {
    /// Open renewals at risk by the queue's own rule.
    pub at_risk: i64,
    /// Of those, the ones with an open save plan.
    pub at_risk_with_plan: i64,
    /// Save plans ever started.
    pub attempts: i64,
    pub saved: i64,
    pub lost: i64,
    /// Per currency: saved revenue is never summed across currencies.
    pub revenue_saved: crate::domain::money::Totals,
    /// Hours logged against plans (what the saves really took).
    pub hours_spent: i64,
    /// Hours the plans planned.
    pub hours_planned: i64,
    pub renewed_again: i64,
    pub days_to_save: Vec<i64>,
}

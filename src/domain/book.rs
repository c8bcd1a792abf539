//! The records a book is made of, as plain data shared by the store, the formats and
//! the panes.

use super::Date;
use super::money::Money;
use super::renewal::{OpportunityType, Outcome, Stage, TouchModel};
use super::risk::SignalKind;
use super::segment::Segment;
use super::stakeholder::{ContactStatus, Role, Sentiment, Thread};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub industry: Option<String>,
    pub domain: Option<String>,
    pub customer_since: Option<Date>,
    pub segment_override: Option<Segment>,
    pub segment_override_reason: Option<String>,
    pub strategic: bool,
    pub reference: bool,
    pub growth: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Renewal {
    pub id: i64,
    pub account_id: String,
    pub renewal_date: Option<Date>,
    pub arr: Money,
    pub target: Option<Money>,
    pub currency: String,
    pub stage: Stage,
    pub opportunity_type: OpportunityType,
    pub touch_model: TouchModel,
    pub owner: Option<String>,
    pub probability_override: Option<u8>,
    pub snoozed_until: Option<Date>,
    pub snooze_reason: Option<String>,
    pub flagged_at_risk: bool,
    pub at_risk_reason: Option<String>,
    pub milestones_done: u32,
    pub stage_changed_on: Option<Date>,
    pub last_activity_on: Option<Date>,
    pub closed_on: Option<Date>,
}

impl Renewal {
    /// A new open renewal with neutral defaults.
    pub fn open(
        account_id: &str,
        renewal_date: Option<Date>,
        arr: Money,
        currency: &str,
    ) -> Renewal {
        Renewal {
            id: 0,
            account_id: account_id.to_string(),
            renewal_date,
            arr,
            target: None,
            currency: currency.to_string(),
            stage: Stage::NotStarted,
            opportunity_type: OpportunityType::Flat,
            touch_model: TouchModel::Assisted,
            owner: None,
            probability_override: None,
            snoozed_until: None,
            snooze_reason: None,
            flagged_at_risk: false,
            at_risk_reason: None,
            milestones_done: 0,
            stage_changed_on: None,
            last_activity_on: None,
            closed_on: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stakeholder {
    pub id: i64,
    pub account_id: String,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Option<Role>,
    pub sentiment: Sentiment,
    pub status: ContactStatus,
    pub last_contact: Option<Date>,
    pub our_thread: Option<Thread>,
    /// The person on our side who holds the relationship (a name, as the CRM has it).
    pub our_contact: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signal {
    pub id: i64,
    pub account_id: String,
    pub observed_on: Date,
    pub kind: SignalKind,
    pub value: Option<f64>,
    pub note: Option<String>,
    pub resolved_on: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    pub account_id: String,
    pub renewal_id: Option<i64>,
    /// ISO 8601 timestamp.
    pub at: String,
    pub kind: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClosedOutcome {
    pub result: Outcome,
    pub closed_on: Date,
    pub final_value: Money,
    pub reason: Option<String>,
    pub competitor: Option<String>,
    pub could_have_saved: Option<bool>,
}

/// The learning half of a win/loss record (§16), beside `ClosedOutcome`: won —
/// the value cited, what could be better, expansion we missed; lost — when we really
/// lost them and the signals we missed (the real reason, competitor and "could we
/// have saved it" are in `ClosedOutcome`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WinLoss {
    pub value_cited: Option<String>,
    pub could_improve: Option<String>,
    pub missed_expansion: Option<String>,
    pub when_really_lost: Option<String>,
    pub missed_signals: Option<String>,
}

/// An open task (come due, or any open one for the calendar).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueTask {
    pub id: i64,
    pub account_id: String,
    pub due_on: Option<Date>,
    pub kind: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub account_id: String,
    pub renewal_id: Option<i64>,
    pub due_on: Date,
    pub kind: String,
    pub title: String,
}

/// A save plan as stored (its rules arrive with the save-plan pane).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavePlan {
    pub account_id: String,
    pub renewal_id: Option<i64>,
    pub opened_on: Option<Date>,
    pub probability_tier: Option<String>,
    pub root_cause: Option<String>,
    pub planned_hours: i64,
    pub lost_cause_signs: Vec<String>,
    pub escalation: Option<String>,
    pub items: Vec<SaveItem>,
    pub concessions: Vec<Concession>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveItem {
    pub problem: String,
    pub root_cause: Option<String>,
    pub fix: Option<String>,
    pub owner: String,
    pub deadline: Option<Date>,
    pub metric: Option<String>,
    pub status: String,
    pub priority: i64,
    pub deal_breaker: bool,
    pub fixable: bool,
    pub quick_win: bool,
    /// How the customer plan words this problem, written by the CSM. `problem` and
    /// `root_cause` are internal and never leave Runway; empty = the fix's wording.
    pub customer_wording: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Concession {
    pub kind: String,
    /// Basis points (1% = 100).
    pub percent_bp: Option<i64>,
    pub given: Option<String>,
    pub tied_to: Option<String>,
    pub sunset: Option<Date>,
    pub rationale: Option<String>,
    pub expected_outcome: Option<String>,
    pub alternatives: Option<String>,
    pub approved_by: Option<String>,
}

/// A good-better-best proposal as stored (its pricing arrives with the proposal pane).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Proposal {
    pub account_id: String,
    pub renewal_id: Option<i64>,
    pub status: String,
    pub accepted_tier: Option<String>,
    pub recommended: String,
    pub value_framing: Option<String>,
    pub tiers: Vec<ProposalTier>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProposalTier {
    pub tier: String,
    pub uplift_bp: i64,
    pub expansion_bp: Option<i64>,
    pub expansion_units: Option<i64>,
    pub unit_price: Option<Money>,
    pub term_years: i64,
    pub discount_bp: i64,
    pub pricing: String,
    pub step_bp: Option<i64>,
}

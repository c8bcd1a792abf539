//! The renewal rules, as pure functions over plain values.
//!
//! Nothing in here touches a file, a database or a terminal: every rule from
//! `domain-rules.md` is a function that takes facts and thresholds and returns an
//! answer, so it can be unit-tested at its boundaries. Thresholds live in
//! [`config::Config`], whose defaults are the numbers in the rules.

pub mod account_view;
pub mod activity;
pub mod approval;
pub mod book;
pub mod compact_queue;
pub mod concession;
pub mod config;
pub mod config_portfolio;
pub mod coverage;
pub mod date_input;
pub mod forecast;
pub mod health;
pub mod import;
pub mod money;
pub mod money_input;
pub mod moves;
pub mod new_account;
pub mod ownership;
pub mod playbook;
pub mod portfolio;
pub mod priority;
pub mod proposal;
pub mod proposal_approval;
pub mod proposal_rules;
pub mod queue;
pub mod queue_fields;
pub mod queue_view;
pub mod reminders;
pub mod renewal;
pub mod risk;
pub mod save;
pub mod save_assessment;
pub mod save_plan;
pub mod search;
pub mod segment;
pub mod signals;
pub mod stakeholder;
pub mod team;
pub mod text;
pub mod winloss;

pub use chrono::NaiveDate as Date;

/// Whole days from `today` to `date` in the local calendar; negative when `date` is past.
pub fn days_between(today: Date, date: Date) -> i64 {
    (date - today).num_days()
}

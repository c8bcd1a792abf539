//! What one validated row of an import file says, as plain data: the store applies it
//! and answers whether that added, changed or confirmed something.
//!
//! `Field<T>`: `None` = the file has no such column (local data is kept), `Some(None)`
//! = the column is there and the cell is empty (the value is cleared).

use super::Date;
use super::money::Money;
use super::renewal::{OpportunityType, Stage, TouchModel};
use super::risk::{ReadingKind, SignalKind};
use super::segment::Segment;
use super::stakeholder::{ContactStatus, Role, Sentiment, Thread};

pub type Field<T> = Option<Option<T>>;

/// What applying a row did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Added,
    Updated,
    Unchanged,
}

impl Applied {
    /// A row that was written: an update when something stood there before.
    pub fn written_over(existed: bool) -> Applied {
        if existed {
            Applied::Updated
        } else {
            Applied::Added
        }
    }
}

/// One row of accounts.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub arr: Money,
    /// The row's currency (its column, or the amount's symbol or code), if it says.
    pub currency: Option<String>,
    pub renewal_date: Option<Date>,
    pub owner: Field<String>,
    /// A score (an empty cell never clears health history).
    pub health: Option<u8>,
    pub stage: Option<Stage>,
    pub opportunity_type: Option<OpportunityType>,
    pub touch_model: Option<TouchModel>,
    pub target: Field<Money>,
    pub customer_since: Field<Date>,
    pub segment_override: Field<Segment>,
    pub industry: Field<String>,
    pub domain: Field<String>,
    /// Last real movement on the renewal, when the file says (else the import day).
    pub last_activity: Field<Date>,
}

/// One row of stakeholders.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct StakeholderRow {
    pub account_id: String,
    pub name: String,
    pub title: Field<String>,
    pub email: Field<String>,
    pub phone: Field<String>,
    pub role: Field<Role>,
    pub sentiment: Option<Sentiment>,
    pub last_contact: Field<Date>,
    pub status: Option<ContactStatus>,
    pub our_thread: Field<Thread>,
    /// Our person who holds the relationship ("Contact Owner").
    pub our_contact: Field<String>,
}

/// One row of signals.csv.
#[derive(Clone, Debug, PartialEq)]
pub enum SignalRow {
    Health {
        account_id: String,
        on: Date,
        score: u8,
    },
    Reading {
        account_id: String,
        on: Date,
        kind: ReadingKind,
        value: Option<f64>,
        note: Option<String>,
    },
    Risk {
        account_id: String,
        on: Date,
        kind: SignalKind,
        value: Option<f64>,
        note: Option<String>,
    },
}

/// The value after the import: the file's when it has the column, else the current one.
pub fn merged<T: Clone>(field: &Field<T>, current: Option<T>) -> Option<T> {
    match field {
        Some(v) => v.clone(),
        None => current,
    }
}

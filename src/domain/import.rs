//! What one validated row of an import file says, as plain data: the store applies it
//! and answers whether that added, changed or confirmed something.
//!
//! `Field<T>`: `None` = the file has no such column, `Some(None)` = the column is there
//! and the cell is empty, `Some(Some(v))` = the file says `v`. Neither of the first two
//! ever clears a stored value on its own: an empty cell means "the file does not say",
//! and clearing is asked for explicitly (`EmptyCells::Clear`, `--clear-empty`).

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
    /// Required for a new account; an empty cell keeps a stored date (never cleared).
    pub renewal_date: Field<Date>,
    pub owner: Field<String>,
    /// A score (an empty cell never clears health history).
    pub health: Field<u8>,
    pub stage: Field<Stage>,
    pub opportunity_type: Field<OpportunityType>,
    pub touch_model: Field<TouchModel>,
    pub target: Field<Money>,
    pub customer_since: Field<Date>,
    pub segment_override: Field<Segment>,
    pub industry: Field<String>,
    pub domain: Field<String>,
    /// Last real movement on the renewal, when the file says (else the import day).
    pub last_activity: Field<Date>,
    /// When a won, churned or downgraded renewal closed (else its date, or today).
    pub closed_on: Field<Date>,
    /// Why it was won or lost, as the CRM says ("Closed Lost Reason", "Churn Reason").
    pub outcome_reason: Field<String>,
    /// Who took, or tried to take, the business.
    pub competitor: Field<String>,
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
    pub sentiment: Field<Sentiment>,
    pub last_contact: Field<Date>,
    pub status: Field<ContactStatus>,
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

/// What an import does with an empty cell where the book holds a value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EmptyCells {
    /// The file does not say, so the stored value stays (the default).
    #[default]
    Keep,
    /// The person importing asked for empty cells to clear what is stored.
    Clear,
}

/// How many stored values met an empty cell, and what the import did with them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmptyTally {
    pub kept: u64,
    pub cleared: u64,
}

impl EmptyCells {
    /// The value after the import for a value the book may hold or not: the file's
    /// value; for an empty cell the stored one, unless clearing; with no column, the
    /// stored one. Every stored value that meets an empty cell is counted.
    pub fn merge<T: Clone>(
        self,
        field: &Field<T>,
        current: Option<T>,
        tally: &mut EmptyTally,
    ) -> Option<T> {
        match field {
            Some(Some(v)) => Some(v.clone()),
            Some(None) if current.is_some() => match self {
                EmptyCells::Keep => {
                    tally.kept += 1;
                    current
                }
                EmptyCells::Clear => {
                    tally.cleared += 1;
                    None
                }
            },
            _ => current,
        }
    }

    /// The value after the import for a value the book always holds (a stage, a
    /// renewal date, a sentiment): an empty cell keeps it even when clearing, since
    /// there is nothing to clear it to.
    pub fn keep<T: Clone>(field: &Field<T>, current: T, tally: &mut EmptyTally) -> T {
        match field {
            Some(Some(v)) => v.clone(),
            Some(None) => {
                tally.kept += 1;
                current
            }
            None => current,
        }
    }
}

/// What the file says for a new row: its value, else nothing.
pub fn given<T: Clone>(field: &Field<T>) -> Option<T> {
    field.clone().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_cell_keeps_a_stored_value_unless_clearing() {
        let mut t = EmptyTally::default();
        let empty: Field<&str> = Some(None);
        assert_eq!(
            EmptyCells::Keep.merge(&empty, Some("Ada"), &mut t),
            Some("Ada")
        );
        assert_eq!(
            t,
            EmptyTally {
                kept: 1,
                cleared: 0
            }
        );
        assert_eq!(EmptyCells::Clear.merge(&empty, Some("Ada"), &mut t), None);
        assert_eq!(
            t,
            EmptyTally {
                kept: 1,
                cleared: 1
            }
        );
        // Nothing stored: nothing kept or cleared.
        assert_eq!(EmptyCells::Clear.merge(&empty, None, &mut t), None);
        assert_eq!(
            t,
            EmptyTally {
                kept: 1,
                cleared: 1
            }
        );
    }

    #[test]
    fn a_missing_column_is_silent_and_a_value_wins() {
        let mut t = EmptyTally::default();
        assert_eq!(EmptyCells::Clear.merge(&None, Some(1), &mut t), Some(1));
        assert_eq!(
            EmptyCells::Keep.merge(&Some(Some(2)), Some(1), &mut t),
            Some(2)
        );
        assert_eq!(EmptyCells::keep(&Some(None), 7, &mut t), 7);
        assert_eq!(EmptyCells::keep(&Some(Some(8)), 7, &mut t), 8);
        assert_eq!(EmptyCells::keep::<i32>(&None, 7, &mut t), 7);
        assert_eq!(
            t,
            EmptyTally {
                kept: 1,
                cleared: 0
            }
        );
    }
}

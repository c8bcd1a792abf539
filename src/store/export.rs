//! Reads behind the CSV and calendar exports: whole-book listings in a stable order
//! (by account id, then date), so exporting the same book twice gives the same file.

use super::triage::{DueTask, due_task};
use super::{Result, Store, StoreError};
use crate::domain::Date;
use rusqlite::Row;

/// One accounts.csv line as stored: ISO dates, snake_case enums, minor units. The
/// renewal is the open one, else the latest closed one (so a won or churned account
/// still exports with its outcome).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountLine {
    pub id: String,
    pub name: String,
    pub arr_minor: Option<i64>,
    pub currency: Option<String>,
    pub renewal_date: Option<String>,
    pub owner: Option<String>,
    pub health_score: Option<i64>,
    pub stage: Option<String>,
    pub opportunity_type: Option<String>,
    pub touch_model: Option<String>,
    pub target_minor: Option<i64>,
    pub contract_start: Option<String>,
    pub segment_override: Option<String>,
    pub industry: Option<String>,
    pub domain: Option<String>,
}

/// One stakeholders.csv line as stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StakeholderLine {
    pub account_id: String,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Option<String>,
    pub sentiment: String,
    pub last_contact: Option<String>,
    pub status: String,
    pub our_thread: Option<String>,
    pub our_contact: Option<String>,
}

/// One signals.csv line: a health snapshot (`health_score`), a reading (NPS, CSAT,
/// usage, engagement) or an open risk signal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignalLine {
    pub account_id: String,
    pub date: String,
    pub kind: String,
    pub value: Option<f64>,
    pub note: Option<String>,
}

/// An open task with its account's name (the calendar's task events).
pub type TaskLine = (DueTask, String);

const ACCOUNTS_SQL: &str = "
    SELECT a.id, a.name, r.arr_minor, r.currency, r.renewal_date, r.owner, a.health_score, r.stage,
           r.opportunity_type, r.touch_model, r.target_minor, a.customer_since, a.segment_override,
           a.industry, a.domain
    FROM accounts a
    LEFT JOIN renewals r ON r.id = (
        SELECT id FROM renewals WHERE account_key = a.key
        ORDER BY closed_on IS NULL DESC, closed_on DESC, id DESC LIMIT 1)
    WHERE ?1 IS NULL OR a.id = ?1
    ORDER BY a.id";

// Resolved signals are history, not state: the canonical format has no column for
// resolution, so only open ones go out (and a re-import recreates exactly those).
const SIGNALS_SQL: &str = "
    SELECT account_id, taken_on, 'health_score', CAST(score AS REAL), NULL, 0 FROM health_snapshots
     WHERE ?1 IS NULL OR account_id = ?1
    UNION ALL
    SELECT account_id, observed_on, kind, value, note, 1 FROM readings
     WHERE ?1 IS NULL OR account_id = ?1
    UNION ALL
    SELECT account_id, observed_on, kind, value, note, 2 FROM signals
     WHERE resolved_on IS NULL AND (?1 IS NULL OR account_id = ?1)
    ORDER BY 1, 2, 6, 3, 5";

impl Store {
    /// Runs `sql` with `only` and hands each row, made by `make`, to `f` as it is read;
    /// returns how many rows there were. `f`'s error stops the read.
    fn each_line<T, E: From<StoreError>>(
        &self,
        sql: &str,
        only: Option<&str>,
        make: fn(&Row) -> rusqlite::Result<T>,
        f: &mut dyn FnMut(&T) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let mut st = self.conn.prepare(sql).map_err(StoreError::from)?;
        let mut rows = st.query([only]).map_err(StoreError::from)?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            f(&make(r).map_err(StoreError::from)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Every account (or just `only`), ordered by id, one at a time.
    pub fn each_account_line<E: From<StoreError>>(
        &self,
        only: Option<&str>,
        f: &mut dyn FnMut(&AccountLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        self.each_line(ACCOUNTS_SQL, only, account_line, f)
    }

    /// Every stakeholder (or an account's), ordered by account id then entry order.
    pub fn each_stakeholder_line<E: From<StoreError>>(
        &self,
        only: Option<&str>,
        f: &mut dyn FnMut(&StakeholderLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        self.each_line(
            "SELECT account_id, name, title, email, phone, role, sentiment, last_contact, status, our_thread, our_contact
             FROM stakeholders WHERE ?1 IS NULL OR account_id = ?1 ORDER BY account_id, id",
            only,
            |r| {
                Ok(StakeholderLine {
                    account_id: r.get(0)?,
                    name: r.get(1)?,
                    title: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    role: r.get(5)?,
                    sentiment: r.get(6)?,
                    last_contact: r.get(7)?,
                    status: r.get(8)?,
                    our_thread: r.get(9)?,
                    our_contact: r.get(10)?,
                })
            },
            f,
        )
    }

    /// Health history, readings and open signals, by account then date.
    pub fn each_signal_line<E: From<StoreError>>(
        &self,
        only: Option<&str>,
        f: &mut dyn FnMut(&SignalLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        self.each_line(
            SIGNALS_SQL,
            only,
            |r| {
                Ok(SignalLine {
                    account_id: r.get(0)?,
                    date: r.get(1)?,
                    kind: r.get(2)?,
                    value: r.get(3)?,
                    note: r.get(4)?,
                })
            },
            f,
        )
    }

    /// The earliest and latest open renewal date and open task due date (`None` for
    /// a book with neither): where a calendar's events mostly fall.
    pub fn open_date_span(&self, only: Option<&str>) -> Result<Option<(Date, Date)>> {
        let span = self.conn.query_row(
            "SELECT min(d), max(d) FROM (
                 SELECT min(r.renewal_date) AS d FROM renewals r JOIN accounts a ON a.key = r.account_key
                  WHERE r.closed_on IS NULL AND r.renewal_date IS NOT NULL AND (?1 IS NULL OR a.id = ?1)
                 UNION ALL
                 SELECT max(r.renewal_date) FROM renewals r JOIN accounts a ON a.key = r.account_key
                  WHERE r.closed_on IS NULL AND r.renewal_date IS NOT NULL AND (?1 IS NULL OR a.id = ?1)
                 UNION ALL
                 SELECT min(due_on) FROM tasks WHERE done_on IS NULL AND (?1 IS NULL OR account_id = ?1)
                 UNION ALL
                 SELECT max(due_on) FROM tasks WHERE done_on IS NULL AND (?1 IS NULL OR account_id = ?1))",
            [only],
            |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?)),
        )?;
        Ok(match span {
            (Some(a), Some(b)) => super::dates::parse(&a).zip(super::dates::parse(&b)),
            _ => None,
        })
    }

    /// Open tasks (review meetings, health checks, …) with their account's name, for
    /// the calendar.
    pub fn each_open_task<E: From<StoreError>>(
        &self,
        only: Option<&str>,
        f: &mut dyn FnMut(&TaskLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        self.each_line(
            "SELECT t.id, t.account_id, t.due_on, t.kind, t.title, a.name
             FROM tasks t JOIN accounts a ON a.id = t.account_id
             WHERE t.done_on IS NULL AND (?1 IS NULL OR t.account_id = ?1)
             ORDER BY t.account_id, t.due_on, t.id",
            only,
            |r| Ok((due_task(r)?, r.get(5)?)),
            f,
        )
    }
}

fn account_line(r: &Row) -> rusqlite::Result<AccountLine> {
    Ok(AccountLine {
        id: r.get(0)?,
        name: r.get(1)?,
        arr_minor: r.get(2)?,
        currency: r.get(3)?,
        renewal_date: r.get(4)?,
        owner: r.get(5)?,
        health_score: r.get(6)?,
        stage: r.get(7)?,
        opportunity_type: r.get(8)?,
        touch_model: r.get(9)?,
        target_minor: r.get(10)?,
        contract_start: r.get(11)?,
        segment_override: r.get(12)?,
        industry: r.get(13)?,
        domain: r.get(14)?,
    })
}

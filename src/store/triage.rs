//! Writes and reads behind the queue's triage keys. Each public `Tx` method changes one
//! renewal; the pane wraps one user action (possibly on many marked rows) in one
//! `Store::write`, so it is saved whole or not at all.

use super::dates::{fmt, fmt_opt};
use super::{Result, Store, StoreError, Tx};
use crate::domain::Date;
use crate::domain::book::{ClosedOutcome, Task, WinLoss};
use crate::domain::renewal::Stage;
use rusqlite::{OptionalExtension, Row, params};

/// The triage-editable fields of one renewal: what undo restores, and what it checks
/// is unchanged before restoring (so it never undoes someone else's later edit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalState {
    pub id: i64,
    pub account_id: String,
    pub stage: String,
    pub owner: Option<String>,
    pub snoozed_until: Option<String>,
    pub snooze_reason: Option<String>,
    pub probability_override: Option<i64>,
    pub flagged_at_risk: bool,
    pub at_risk_reason: Option<String>,
    pub milestones_done: i64,
    pub stage_changed_on: Option<String>,
    pub closed_on: Option<String>,
}

const STATE_SQL: &str =
    "SELECT r.id, a.id, r.stage, r.owner, r.snoozed_until, r.snooze_reason, r.probability_override,
        r.flagged_at_risk, r.at_risk_reason, r.milestones_done, r.stage_changed_on, r.closed_on
     FROM renewals r JOIN accounts a ON a.key = r.account_key WHERE r.id = ?1";

fn state(r: &Row) -> rusqlite::Result<RenewalState> {
    Ok(RenewalState {
        id: r.get(0)?,
        account_id: r.get(1)?,
        stage: r.get(2)?,
        owner: r.get(3)?,
        snoozed_until: r.get(4)?,
        snooze_reason: r.get(5)?,
        probability_override: r.get(6)?,
        flagged_at_risk: r.get(7)?,
        at_risk_reason: r.get(8)?,
        milestones_done: r.get(9)?,
        stage_changed_on: r.get(10)?,
        closed_on: r.get(11)?,
    })
}

impl Store {
    /// Everyone who owns a renewal, for the owner picker.
    pub fn owners(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT DISTINCT owner FROM renewals WHERE owner IS NOT NULL AND owner <> '' ORDER BY owner")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn renewal_state(&self, id: i64) -> Result<Option<RenewalState>> {
        Ok(self.conn.query_row(STATE_SQL, [id], state).optional()?)
    }

    /// The latest activity entries of an account, newest first (at most `limit`).
    pub fn recent_activities(
        &self,
        account_id: &str,
        limit: usize,
    ) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT at, kind, summary FROM activities WHERE account_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2")?;
        let rows = stmt.query_map(params![account_id, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open tasks (review meetings, health checks, win-back check-ins) due on or before `day`.
    pub fn tasks_due(&self, day: Date) -> Result<Vec<DueTask>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, account_id, due_on, kind, title FROM tasks WHERE done_on IS NULL AND due_on <= ?1 ORDER BY due_on, id",
        )?;
        let rows = stmt.query_map([fmt(day)], due_task)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Maps `id, account_id, due_on, kind, title` (in that order) to a task.
pub(super) fn due_task(r: &rusqlite::Row) -> rusqlite::Result<DueTask> {
    let due: String = r.get(2)?;
    Ok(DueTask {
        id: r.get(0)?,
        account_id: r.get(1)?,
        due_on: super::dates::parse(&due),
        kind: r.get(3)?,
        title: r.get(4)?,
    })
}

pub use crate::domain::book::DueTask;

impl Tx<'_> {
    pub fn renewal_state(&self, id: i64) -> Result<RenewalState> {
        self.tx
            .query_row(STATE_SQL, [id], state)
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("renewal {id} no longer exists")))
    }

    pub fn set_stage(&self, id: i64, stage: Stage, on: Date) -> Result<()> {
        self.tx.execute("UPDATE renewals SET stage = ?2, stage_changed_on = ?3 WHERE id = ?1 AND closed_on IS NULL", params![id, stage.as_str(), fmt(on)])?;
        Ok(())
    }

    /// Sets the stage and logs `summary` on the account, stamped `at`.
    pub fn change_stage(
        &self,
        id: i64,
        stage: Stage,
        on: Date,
        at: &str,
        summary: &str,
    ) -> Result<()> {
        self.set_stage(id, stage, on)?;
        let account = self.renewal_state(id)?.account_id;
        self.log(&account, Some(id), at, "stage", summary).map(drop)
    }

    pub fn set_owner(&self, id: i64, owner: Option<&str>) -> Result<()> {
        self.tx.execute(
            "UPDATE renewals SET owner = ?2 WHERE id = ?1",
            params![id, owner],
        )?;
        Ok(())
    }

    pub fn snooze(&self, id: i64, until: Option<Date>, reason: Option<&str>) -> Result<()> {
        self.tx.execute(
            "UPDATE renewals SET snoozed_until = ?2, snooze_reason = ?3 WHERE id = ?1",
            params![id, fmt_opt(until), reason],
        )?;
        Ok(())
    }

    pub fn set_probability_override(&self, id: i64, p: Option<u8>) -> Result<()> {
        self.tx.execute(
            "UPDATE renewals SET probability_override = ?2 WHERE id = ?1",
            params![id, p],
        )?;
        Ok(())
    }

    pub fn flag_at_risk(&self, id: i64, reason: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE renewals SET flagged_at_risk = 1, at_risk_reason = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// Closes a renewal with every field of its win/loss record; a churn schedules
    /// the win-back check-ins at 3, 6 and 12 months (§15).
    pub fn close_with_record(&self, id: i64, o: &ClosedOutcome, w: &WinLoss) -> Result<()> {
        self.close_renewal(id, o)?;
        self.tx.execute(
            "UPDATE outcomes SET value_cited = ?2, could_improve = ?3, missed_expansion = ?4,
                 when_really_lost = ?5, missed_signals = ?6 WHERE renewal_id = ?1",
            params![
                id,
                w.value_cited,
                w.could_improve,
                w.missed_expansion,
                w.when_really_lost,
                w.missed_signals
            ],
        )?;
        if o.result == crate::domain::renewal::Outcome::Churned {
            let account = self.renewal_state(id)?.account_id;
            for (m, due_on) in crate::domain::renewal::win_back_schedule(o.closed_on) {
                self.add_task(&crate::domain::book::Task {
                    account_id: account.clone(),
                    renewal_id: Some(id),
                    due_on,
                    kind: "win_back".into(),
                    title: format!("Win-back check-in ({m} months)"),
                })?;
            }
        }
        Ok(())
    }

    /// Logs an activity and returns its id (so undo of a note can remove exactly it).
    pub fn log(
        &self,
        account_id: &str,
        renewal_id: Option<i64>,
        at: &str,
        kind: &str,
        summary: &str,
    ) -> Result<i64> {
        self.log_activity(&crate::domain::book::Activity {
            account_id: account_id.to_string(),
            renewal_id,
            at: at.to_string(),
            kind: kind.to_string(),
            summary: summary.to_string(),
        })?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn delete_activity(&self, id: i64) -> Result<()> {
        self.tx
            .execute("DELETE FROM activities WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Undoes a milestone completion made by mistake.
    pub fn uncomplete_milestone(&self, renewal_id: i64, key: &str) -> Result<()> {
        let bit = crate::domain::playbook::milestone_bit(key)
            .ok_or_else(|| StoreError::Invalid(format!("unknown milestone '{key}'")))?;
        self.tx.execute(
            "DELETE FROM milestone_completions WHERE renewal_id = ?1 AND milestone_key = ?2",
            params![renewal_id, key],
        )?;
        self.tx.execute(
            "UPDATE renewals SET milestones_done = milestones_done & ~?2 WHERE id = ?1",
            params![renewal_id, bit],
        )?;
        Ok(())
    }

    /// Removes a signal recorded by mistake and keeps the account's summary in step.
    pub fn delete_signal(&self, id: i64) -> Result<()> {
        let account: Option<String> = self
            .tx
            .query_row("SELECT account_id FROM signals WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        self.tx.execute("DELETE FROM signals WHERE id = ?1", [id])?;
        if let Some(a) = account {
            self.refresh_signal_summary(&a)?;
        }
        Ok(())
    }

    /// Reopens a renewal closed by mistake (its win/loss record goes with it).
    pub fn reopen(&self, id: i64) -> Result<()> {
        self.tx
            .execute("DELETE FROM outcomes WHERE renewal_id = ?1", [id])?;
        // The win-back check-ins a churn scheduled go too.
        self.tx.execute(
            "DELETE FROM tasks WHERE renewal_id = ?1 AND kind = 'win_back' AND done_on IS NULL",
            [id],
        )?;
        self.tx
            .execute("UPDATE renewals SET closed_on = NULL WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Writes back every triage field of a renewal, as it was.
    pub fn restore_state(&self, s: &RenewalState) -> Result<()> {
        self.tx.execute(
            "UPDATE renewals SET stage = ?2, owner = ?3, snoozed_until = ?4, snooze_reason = ?5, probability_override = ?6,
                 flagged_at_risk = ?7, at_risk_reason = ?8, milestones_done = ?9, stage_changed_on = ?10, closed_on = ?11
             WHERE id = ?1",
            params![
                s.id,
                s.stage,
                s.owner,
                s.snoozed_until,
                s.snooze_reason,
                s.probability_override,
                s.flagged_at_risk,
                s.at_risk_reason,
                s.milestones_done,
                s.stage_changed_on,
                s.closed_on
            ],
        )?;
        Ok(())
    }

    pub fn add_task_returning(&self, t: &Task) -> Result<i64> {
        self.add_task(t)?;
        Ok(self.tx.last_insert_rowid())
    }
}

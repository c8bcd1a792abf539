//! Reads for win/loss learning: closed renewals with their debrief, save plans.

use super::dates::parse;
use super::{Result, Store};
use crate::domain::config::Config;
use crate::domain::money::Money;
use crate::domain::renewal::Outcome;
use crate::domain::segment::{Segment, effective_segment, segment_for_arr};
use crate::domain::winloss::{Record, SaveFact};

impl Store {
    /// Every closed renewal with its outcome record, most recently closed first.
    pub fn closed_records(&self, cfg: &Config) -> Result<Vec<Record>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.name, r.owner, r.arr_minor, r.currency, r.renewal_date, a.segment_override,
                    o.result, o.closed_on, o.final_minor, o.reason, o.value_cited, o.could_improve,
                    o.missed_expansion, o.competitor, o.when_really_lost, o.could_have_saved
             FROM outcomes o JOIN renewals r ON r.id = o.renewal_id JOIN accounts a ON a.key = r.account_key
             ORDER BY o.closed_on DESC, a.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let arr = Money(r.get(3)?);
            let over = r
                .get::<_, Option<String>>(6)?
                .as_deref()
                .and_then(Segment::parse);
            Ok(Record {
                account_id: r.get(0)?,
                account_name: r.get(1)?,
                owner: r.get(2)?,
                segment: effective_segment(segment_for_arr(arr, &cfg.segments), over),
                currency: r.get(4)?,
                renewal_date: r.get::<_, Option<String>>(5)?.as_deref().and_then(parse),
                result: Outcome::parse(&r.get::<_, String>(7)?).unwrap_or(Outcome::Won),
                closed_on: parse(&r.get::<_, String>(8)?).unwrap_or_default(),
                arr,
                final_value: Money(r.get(9)?),
                reason: r.get(10)?,
                value_cited: r.get(11)?,
                could_improve: r.get(12)?,
                missed_expansion: r.get(13)?,
                competitor: r.get(14)?,
                when_really_lost: r.get(15)?,
                could_have_saved: r.get(16)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every save plan's segment (from its account's latest renewal), root cause and
    /// status.
    pub fn save_facts(&self, cfg: &Config) -> Result<Vec<SaveFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.status, p.root_cause, a.segment_override,
                    (SELECT arr_minor FROM renewals r WHERE r.account_key = a.key
                     ORDER BY r.closed_on IS NULL DESC, r.id DESC LIMIT 1)
             FROM save_plans p JOIN accounts a ON a.id = p.account_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let arr = Money(r.get::<_, Option<i64>>(3)?.unwrap_or(0));
            let over = r
                .get::<_, Option<String>>(2)?
                .as_deref()
                .and_then(Segment::parse);
            Ok(SaveFact {
                status: r.get(0)?,
                root_cause: r.get(1)?,
                segment: effective_segment(segment_for_arr(arr, &cfg.segments), over),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Per renewal: completed steps `(key, day)` and the mask of steps done before import.
pub type StepCompletions =
    std::collections::HashMap<i64, (Vec<(String, crate::domain::Date)>, u32)>;

impl Store {
    /// Completed playbook steps `(key, day)` and the steps done before import, of the
    /// open renewals due between `from` and `to`, by renewal.
    pub fn step_completions(
        &self,
        from: crate::domain::Date,
        to: crate::domain::Date,
    ) -> Result<StepCompletions> {
        use super::dates::fmt;
        let mut out: StepCompletions = Default::default();
        // Two queries, each on an index of its own (the queue's covering index, and
        // the small one of renewals with steps done before import).
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, m.milestone_key, m.done_on
             FROM renewals r JOIN milestone_completions m ON m.renewal_id = r.id
             WHERE r.closed_on IS NULL AND r.renewal_date BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(rusqlite::params![fmt(from), fmt(to)])?;
        while let Some(r) = rows.next()? {
            if let Some(d) = parse(&r.get::<_, String>(2)?) {
                out.entry(r.get(0)?).or_default().0.push((r.get(1)?, d));
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, done_before_import FROM renewals
             WHERE closed_on IS NULL AND done_before_import <> 0 AND renewal_date BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(rusqlite::params![fmt(from), fmt(to)])?;
        while let Some(r) = rows.next()? {
            out.entry(r.get(0)?).or_default().1 = r.get(1)?;
        }
        Ok(out)
    }

    /// Every save plan's owner (its renewal's, else the account's latest renewal's)
    /// and status.
    pub fn save_owners(&self) -> Result<Vec<(Option<String>, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce((SELECT owner FROM renewals WHERE id = p.renewal_id),
                             (SELECT r.owner FROM renewals r JOIN accounts a ON a.key = r.account_key
                              WHERE a.id = p.account_id ORDER BY r.closed_on IS NULL DESC, r.id DESC LIMIT 1)),
                    p.status
             FROM save_plans p",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

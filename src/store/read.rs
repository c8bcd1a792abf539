//! Typed reads. Each returns domain types; nothing above this module sees a row.

use super::dates;
use super::{Result, Store};
use crate::domain::Date;
use crate::domain::compact_queue::CompactQueue;
use crate::domain::config::Config;
use crate::domain::health;
use crate::domain::money::Money;
use crate::domain::queue::{self, QueueRow, RenewalFacts};
use crate::domain::renewal::{self, OpportunityType, Stage, TouchModel};
use crate::domain::segment::Segment;
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, Row};
use std::sync::Arc;

pub(super) const FACTS_SQL: &str = "
    SELECT r.id, a.id, a.name, r.owner, r.arr_minor, r.target_minor, r.currency, r.renewal_date, a.segment_override,
           a.health_score, a.health_prev, a.open_signals, a.signal_kinds, r.stage, r.opportunity_type, r.touch_model,
           r.probability_override, r.snoozed_until, r.flagged_at_risk, r.milestones_done, r.stage_changed_on, r.last_activity_on,
           a.derived_kinds
    FROM renewals r JOIN accounts a ON a.key = r.account_key
    WHERE r.closed_on IS NULL";

/// Borrows a TEXT column without allocating (most columns here are short codes and
/// dates that are parsed straight away; this is the queue's hot loop).
fn text<'r>(row: &'r Row, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match row.get_ref(i)? {
        ValueRef::Null => Ok(None),
        v => v
            .as_str()
            .map(Some)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))),
    }
}

/// Hands out one shared copy per distinct short string (owners, currencies).
#[derive(Default)]
pub(super) struct Interner(Vec<Arc<str>>);

impl Interner {
    pub(super) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.iter().find(|a| &***a == s) {
            return Arc::clone(a);
        }
        let a: Arc<str> = Arc::from(s);
        if self.0.len() < 64 {
            self.0.push(Arc::clone(&a));
        }
        a
    }
}

pub(super) fn facts(row: &Row, strings: &mut Interner) -> rusqlite::Result<RenewalFacts> {
    let date =
        |i: usize| -> rusqlite::Result<Option<Date>> { Ok(text(row, i)?.and_then(dates::parse)) };
    Ok(RenewalFacts {
        renewal_id: row.get(0)?,
        account_id: row.get(1)?,
        account_name: row.get(2)?,
        owner: text(row, 3)?.map(|o| strings.get(o)),
        arr: Money(row.get(4)?),
        target: row.get::<_, Option<i64>>(5)?.map(Money),
        currency: strings.get(text(row, 6)?.unwrap_or_default()),
        renewal_date: date(7)?,
        segment_override: text(row, 8)?.and_then(Segment::parse),
        health: row.get(9)?,
        health_prev: row.get(10)?,
        open_signals: row.get(11)?,
        signal_kinds: row.get(12)?,
        // CHECK constraints guarantee the names; a fallback keeps a hand-edited file readable.
        stage: text(row, 13)?
            .and_then(Stage::parse)
            .unwrap_or(Stage::NotStarted),
        opportunity_type: text(row, 14)?
            .and_then(OpportunityType::parse)
            .unwrap_or(OpportunityType::Flat),
        touch_model: text(row, 15)?
            .and_then(TouchModel::parse)
            .unwrap_or(TouchModel::Assisted),
        probability_override: row.get(16)?,
        snoozed_until: date(17)?,
        flagged_at_risk: row.get(18)?,
        milestones_done: row.get(19)?,
        last_movement: renewal::last_movement(date(20)?, date(21)?),
        derived_kinds: row.get(22)?,
    })
}

/// Counts for the header and the empty-book screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookStats {
    pub accounts: i64,
    pub open_renewals: i64,
}

impl Store {
    /// Open renewals for a queue window ending on `window_end` (every dated one when
    /// `None`), plus the undated. `lead` = (horizon, ARR floor) adds the renewals past
    /// the window, up to the horizon, whose playbook may already have begun: those at
    /// or above the floor, and every account with a segment override.
    /// The open renewals' facts one row at a time, for callers that keep only what
    /// they need of each row (a million-row book's facts do not fit in memory twice).
    pub fn each_renewal_fact(
        &self,
        window_end: Option<Date>,
        lead: Option<(Date, Money)>,
        f: &mut dyn FnMut(RenewalFacts) -> Result<()>,
    ) -> Result<()> {
        self.each_renewal_fact_after(None, window_end, lead, f)
    }

    /// [`Store::each_renewal_fact`] without the renewals dated on or before `after`
    /// (nor the undated) when it is given: what a wider window adds to a narrower one.
    fn each_renewal_fact_after(
        &self,
        after: Option<Date>,
        window_end: Option<Date>,
        lead: Option<(Date, Money)>,
        f: &mut dyn FnMut(RenewalFacts) -> Result<()>,
    ) -> Result<()> {
        let after = after.map(dates::fmt);
        let mut strings = Interner::default();
        let mut run = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<()> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params)?;
            while let Some(row) = rows.next()? {
                f(facts(row, &mut strings)?)?;
            }
            Ok(())
        };
        match window_end {
            Some(end) => {
                let end = dates::fmt(end);
                match &after {
                    Some(a) => run(
                        &format!("{FACTS_SQL} AND r.renewal_date > ?2 AND r.renewal_date <= ?1"),
                        &[&end, a],
                    )?,
                    None => run(&format!("{FACTS_SQL} AND r.renewal_date <= ?1"), &[&end])?,
                }
                if let Some((horizon, floor)) = lead {
                    let horizon = dates::fmt(horizon);
                    // Two queries rather than an OR, so the ARR test runs on the index
                    // before the join and overridden accounts come from their own index.
                    run(
                        &format!(
                            "{FACTS_SQL} AND r.renewal_date > ?1 AND r.renewal_date <= ?2 AND r.arr_minor >= ?3"
                        ),
                        &[&end, &horizon, &floor.0],
                    )?;
                    run(
                        &format!(
                            "{FACTS_SQL} AND r.renewal_date > ?1 AND r.renewal_date <= ?2 AND r.arr_minor < ?3 AND a.segment_override IS NOT NULL"
                        ),
                        &[&end, &horizon, &floor.0],
                    )?;
                }
            }
            None => match &after {
                Some(a) => run(&format!("{FACTS_SQL} AND r.renewal_date > ?1"), &[a])?,
                None => run(&format!("{FACTS_SQL} AND r.renewal_date IS NOT NULL"), &[])?,
            },
        }
        if after.is_some() {
            return Ok(());
        }
        run(&format!("{FACTS_SQL} AND r.renewal_date IS NULL"), &[])
    }

    /// Roughly how many renewals the book has ever held (the highest id: one index
    /// step, whatever the size), to tell a large book from a small one at start-up.
    pub fn renewals_hint(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM renewals", [], |r| {
                r.get(0)
            })?)
    }

    /// The bottom-quartile health cut-off of the whole book, read through the index.
    pub fn health_quartile_cutoff(&self) -> Result<Option<u8>> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM accounts WHERE health_score IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        let Some(rank) = health::quartile_rank(n as usize) else {
            return Ok(None);
        };
        // The highest score strictly below the one at the rank (see `quartile_rank`):
        // two index lookups.
        Ok(self
            .conn
            .query_row(
                "SELECT max(health_score) FROM accounts WHERE health_score < (
                     SELECT health_score FROM accounts WHERE health_score IS NOT NULL
                     ORDER BY health_score LIMIT 1 OFFSET ?1)",
                [rank as i64],
                |r| r.get::<_, Option<u8>>(0),
            )
            .optional()?
            .flatten())
    }

    /// The queue for a window of `window_days` (`None` = every open renewal), scored
    /// and in priority order. Snoozed renewals are included and marked.
    pub fn load_queue(
        &self,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
    ) -> Result<Vec<QueueRow>> {
        self.window_rows(None, cfg, today, window_days)
    }

    /// The queue for a window of `window_days` packed (`CompactQueue`, about a
    /// third of the memory), in priority order: how the cockpit holds a large book's
    /// window.
    pub fn load_compact_queue(
        &self,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
    ) -> Result<CompactQueue> {
        self.compact_window(None, cfg, today, window_days)
    }

    /// What `window_days` adds to the narrower window `from_days` (whose rows the
    /// caller holds): the renewals dated past `from_days`, scored and placed in
    /// `window_days`, packed, in priority order. `compact_queue::widen` joins
    /// the two; together they are what `load_compact_queue(window_days)` reads.
    pub fn load_queue_band(
        &self,
        cfg: &Config,
        today: Date,
        from_days: i64,
        window_days: Option<i64>,
    ) -> Result<CompactQueue> {
        let after = today + chrono::Duration::days(from_days);
        self.compact_window(Some(after), cfg, today, window_days)
    }

    fn compact_window(
        &self,
        after: Option<Date>,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
    ) -> Result<CompactQueue> {
        // Room for every renewal the book has held, reserved but not touched: pages
        // never written are not resident, and a queue that never grows is never
        // copied into a larger one (at a million rows the copy was 100 MB more at
        // the peak). A band appended later fits in the same room.
        let hint = self.renewals_hint()?.max(0) as usize;
        let mut q = CompactQueue::with_capacity(hint);
        q.cutoff = self.each_window_row(after, cfg, today, window_days, &mut |r| q.push(&r))?;
        q.put_in_priority_order();
        Ok(q)
    }

    /// The rows of a window (only those dated past `after`, when given), from one
    /// snapshot of the book, in priority order.
    fn window_rows(
        &self,
        after: Option<Date>,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
    ) -> Result<Vec<QueueRow>> {
        let mut rows: Vec<QueueRow> = Vec::new();
        self.each_window_row(after, cfg, today, window_days, &mut |r| rows.push(r))?;
        rows.shrink_to_fit();
        queue::sort_by_priority(&mut rows);
        Ok(rows)
    }

    /// Each row of a window (only those dated past `after`, when given), scored and
    /// placed, from one snapshot of the book; returns the bottom-quartile line they
    /// were scored with. Each row is scored as it is read and kept only when the
    /// window shows it: the facts of every renewal read are never held at once.
    fn each_window_row(
        &self,
        after: Option<Date>,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
        f: &mut dyn FnMut(QueueRow),
    ) -> Result<Option<u8>> {
        let _snapshot = self.read_snapshot()?;
        let (window_end, lead) = super::queue_scan::window_scope(cfg, today, window_days);
        let cutoff = self.health_quartile_cutoff()?;
        self.each_renewal_fact_after(after, window_end, lead, &mut |facts| {
            let mut r = queue::build_row(facts, cfg, today, cutoff);
            if r.place_in_window(window_days) {
                f(r);
            }
            Ok(())
        })?;
        Ok(cutoff)
    }

    /// Every account's id and name, for the go-to palette (unordered: the palette
    /// ranks by match, and sorting 100k names here cost more than the rest of the load).
    pub fn account_names(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM accounts")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every account's id and name, in the order `account_names` lists them, read
    /// into one [`NameList`] without a string per account.
    pub fn name_list(&self) -> Result<crate::name_list::NameList> {
        let mut list = crate::name_list::NameList::default();
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM accounts")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name) = (text(r, 0)?, text(r, 1)?);
            if !list.push(id.unwrap_or_default(), name.unwrap_or_default()) {
                break;
            }
        }
        list.finish();
        Ok(list)
    }

    pub fn book_stats(&self) -> Result<BookStats> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM renewals WHERE closed_on IS NULL)",
            [],
            |r| Ok(BookStats { accounts: r.get(0)?, open_renewals: r.get(1)? }),
        )?)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// An account's name by exact id.
    pub fn account_name(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT name FROM accounts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

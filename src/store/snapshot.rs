//! The portfolio's reads and the forecast snapshots (issue 15).
//!
//! A snapshot stores a row for a renewal only when its tracked fields differ from its
//! latest earlier row, so the state on day D is, per renewal, its latest row on or
//! before D (one `GROUP BY` pass over the primary key). Past days are never rewritten;
//! a later snapshot the same day replaces that day's rows.

use super::dates::{fmt, fmt_opt, parse};
use super::read::{FACTS_SQL, Interner, facts};
use super::{Result, Store, StoreError};
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::money::Money;
use crate::domain::moves::SnapState;
use crate::domain::portfolio::{Closed, ForecastCategory, Line, Period};
use crate::domain::queue;
use crate::domain::renewal::{Outcome, Stage};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// What `take_snapshot` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotReport {
    pub day: Date,
    /// Renewals whose tracked fields changed since their latest earlier row.
    pub rows: usize,
    /// Renewals followed (open, and closed ones).
    pub renewals: usize,
    /// The day already had a snapshot, now replaced.
    pub replaced: bool,
}

const SNAP_COLS: &str = "renewal_id, taken_on, renewal_date, arr_minor, target_minor, value_minor, probability, currency, stage, category, owner, at_risk";

fn snap_state(r: &rusqlite::Row) -> rusqlite::Result<(Date, SnapState)> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let day = parse(&text(1)?).unwrap_or_default();
    Ok((
        day,
        SnapState {
            renewal_id: r.get(0)?,
            renewal_date: r.get::<_, Option<String>>(2)?.as_deref().and_then(parse),
            arr: Money(r.get(3)?),
            target: r.get::<_, Option<i64>>(4)?.map(Money),
            value: Money(r.get(5)?),
            probability: r.get(6)?,
            currency: text(7)?,
            stage: Stage::parse(&text(8)?).unwrap_or(Stage::NotStarted),
            category: ForecastCategory::parse(&text(9)?).unwrap_or(ForecastCategory::Pipeline),
            owner: r.get(10)?,
            at_risk: r.get(11)?,
        },
    ))
}

impl Store {
    /// Every renewal as the forecast sees it — open ones scored as the queue scores
    /// them, closed ones with their outcome — limited to those due in `period`.
    pub fn portfolio_lines(
        &self,
        cfg: &Config,
        today: Date,
        period: Option<&Period>,
    ) -> Result<Vec<Line>> {
        let cutoff = self.health_quartile_cutoff()?;
        let mut out = Vec::new();
        each_line(&self.conn, cfg, today, cutoff, period, &mut |l| {
            out.push(l);
            Ok(())
        })?;
        Ok(out)
    }

    /// Each renewal's latest stored state on or before `day` (strictly before when
    /// `before`), by renewal id: the tests' reference for `snapshot_pass` (the
    /// snapshot itself compares each renewal with its latest row as it is read).
    #[cfg(test)]
    pub(super) fn snapshot_state(
        &self,
        day: Date,
        before: bool,
    ) -> Result<HashMap<i64, SnapState>> {
        // SQLite takes the bare columns from the row holding max(taken_on).
        let op = if before { "<" } else { "<=" };
        let sql = format!(
            "SELECT renewal_id, max(taken_on), renewal_date, arr_minor, target_minor, value_minor, probability,
                    currency, stage, category, owner, at_risk
             FROM forecast_snapshots WHERE taken_on {op} ?1 GROUP BY renewal_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([fmt(day)], snap_state)?;
        let mut out = HashMap::new();
        for r in rows {
            let (_, s) = r?;
            out.insert(s.renewal_id, s);
        }
        Ok(out)
    }

    /// Every stored row on or before `day` of the renewals that were ever due in
    /// `period` (the others add nothing to its trend), by renewal then day.
    pub fn snapshot_history(&self, day: Date, period: &Period) -> Result<Vec<(Date, SnapState)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SNAP_COLS} FROM forecast_snapshots WHERE taken_on <= ?1 AND renewal_id IN (
                 SELECT renewal_id FROM forecast_snapshots WHERE renewal_date BETWEEN ?2 AND ?3)
             ORDER BY renewal_id, taken_on"
        ))?;
        let rows = stmt.query_map([fmt(day), fmt(period.from), fmt(period.to)], snap_state)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A renewal's date now: `None` when the renewal is gone, `Some(None)` when it has no date.
    pub fn renewal_date_now(&self, renewal_id: i64) -> Result<Option<Option<Date>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT renewal_date FROM renewals WHERE id = ?1")?
            .query_row([renewal_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .map(|d| d.as_deref().and_then(parse)))
    }

    /// The latest day with a snapshot on or before `day`, and the earliest of all.
    pub fn snapshot_days_around(&self, day: Date) -> Result<(Option<Date>, Option<Date>)> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT max(taken_on) FROM snapshot_days WHERE taken_on <= ?1",
                [fmt(day)],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let first: Option<String> = self
            .conn
            .query_row("SELECT min(taken_on) FROM snapshot_days", [], |r| r.get(0))
            .optional()?
            .flatten();
        Ok((
            at.as_deref().and_then(parse),
            first.as_deref().and_then(parse),
        ))
    }

    /// The day's snapshot, taken now. `replace`: a day that has one gets it replaced
    /// with the current state (`runway snapshot`); otherwise such a day is left as it
    /// is (the automatic daily run), and `None` is returned.
    pub fn take_snapshot(
        &mut self,
        cfg: &Config,
        today: Date,
        replace: bool,
    ) -> Result<Option<SnapshotReport>> {
        let had: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM snapshot_days WHERE taken_on = ?1)",
            [fmt(today)],
            |r| r.get(0),
        )?;
        if had && !replace {
            return Ok(None);
        }
        let newer: Option<String> = self
            .conn
            .query_row(
                "SELECT max(taken_on) FROM snapshot_days WHERE taken_on > ?1",
                [fmt(today)],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if let Some(later) = newer {
            // A snapshot is never taken behind a later one: past days are not rewritten.
            return Err(StoreError::Invalid(format!(
                "the book has a snapshot of {later}, after {today}: past days are never rewritten"
            )));
        }
        // Each renewal is compared with its latest earlier row as it is read, and
        // written when it changed: a million renewals hold no list in memory (the
        // whole book's lines and states took 900 MB at 1M). The write lock is held
        // for the pass, once a day; readers go on meanwhile.
        let day = fmt(today);
        // A small page cache and no mapped reads for the pass (the map alone added
        // 320 MB at 1M), then the connection's own settings back.
        let was = self.begin_pass()?;
        let pass = self
            .health_quartile_cutoff()
            .and_then(|cutoff| self.snapshot_pass_write(cfg, today, cutoff, &day));
        self.end_pass(was)?;
        let (rows, renewals) = pass?;
        Ok(Some(SnapshotReport {
            day: today,
            rows,
            renewals,
            replaced: had,
        }))
    }

    /// The snapshot's one pass: each renewal compared with its latest earlier row and
    /// written when it changed. Returns (rows written, renewals followed).
    fn snapshot_pass_write(
        &mut self,
        cfg: &Config,
        today: Date,
        cutoff: Option<u8>,
        day: &str,
    ) -> Result<(usize, usize)> {
        self.write(|tx| {
            let tx = tx.tx;
            tx.execute("DELETE FROM forecast_snapshots WHERE taken_on = ?1", [day])?;
            let mut latest = tx.prepare_cached(&format!(
                "SELECT {SNAP_COLS} FROM forecast_snapshots WHERE renewal_id = ?1 AND taken_on < ?2
                 ORDER BY taken_on DESC LIMIT 1"
            ))?;
            let mut ins = tx.prepare_cached(&format!(
                "INSERT INTO forecast_snapshots ({SNAP_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ))?;
            let (mut rows, mut renewals) = (0usize, 0usize);
            each_line(tx, cfg, today, cutoff, None, &mut |line| {
                renewals += 1;
                let s = SnapState::of(&line);
                let before = latest
                    .query_row(params![s.renewal_id, day], snap_state)
                    .optional()?;
                if before.is_some_and(|(_, b)| b == s) {
                    return Ok(());
                }
                rows += 1;
                ins.execute(params![
                    s.renewal_id,
                    day,
                    fmt_opt(s.renewal_date),
                    s.arr.0,
                    s.target.map(|t| t.0),
                    s.value.0,
                    s.probability,
                    s.currency,
                    s.stage.as_str(),
                    s.category.as_str(),
                    s.owner,
                    s.at_risk
                ])?;
                Ok(())
            })?;
            tx.execute(
                "INSERT INTO snapshot_days (taken_on, rows) VALUES (?1, ?2)
                 ON CONFLICT(taken_on) DO UPDATE SET rows = excluded.rows",
                params![day, rows as i64],
            )?;
            Ok((rows, renewals))
        })
    }

    /// Sets (or with `None` clears) the CSM's forecast category of an account's open
    /// renewal. Returns false when the account has no open renewal.
    pub fn set_forecast_category(
        &mut self,
        account_id: &str,
        category: Option<ForecastCategory>,
    ) -> Result<bool> {
        if category == Some(ForecastCategory::Closed) {
            return Err(StoreError::Invalid(
                "`closed` is not set by hand: a renewal is closed when it is won or lost".into(),
            ));
        }
        self.write(|tx| {
            let n = tx.tx.execute(
                "UPDATE renewals SET forecast_category = ?2
                 WHERE closed_on IS NULL AND account_key = (SELECT key FROM accounts WHERE id = ?1)",
                params![account_id, category.map(|c| c.as_str())],
            )?;
            Ok(n > 0)
        })
    }

    /// Account id and name of each renewal, for naming moves.
    pub fn renewal_accounts(&self, ids: &[i64]) -> Result<HashMap<i64, (String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.name FROM renewals r JOIN accounts a ON a.key = r.account_key WHERE r.id = ?1",
        )?;
        let mut out = HashMap::new();
        for id in ids {
            if let Some(v) = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                out.insert(*id, v);
            }
        }
        Ok(out)
    }
}

/// `portfolio_lines`, one line at a time (the daily snapshot of a million renewals
/// compares and writes each as it is read, holding none of them). Over a connection
/// so the snapshot can read inside its own write transaction.
fn each_line(
    conn: &rusqlite::Connection,
    cfg: &Config,
    today: Date,
    cutoff: Option<u8>,
    period: Option<&Period>,
    each: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let (range, from, to) = match period {
        Some(p) => (
            " AND r.renewal_date BETWEEN ?1 AND ?2",
            fmt(p.from),
            fmt(p.to),
        ),
        None => (
            " AND (?1 IS NOT NULL OR ?2 IS NOT NULL)",
            String::new(),
            String::new(),
        ),
    };
    let open_sql = format!("{FACTS_SQL}{range}");
    let overrides: HashMap<i64, ForecastCategory> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, forecast_category FROM renewals WHERE forecast_category IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut m = HashMap::new();
        for r in rows {
            let (id, c) = r?;
            if let Some(c) = ForecastCategory::parse(&c) {
                m.insert(id, c);
            }
        }
        m
    };
    let closed_sql = format!(
        "{}{range}",
        FACTS_SQL
            .replacen(
                "a.derived_kinds",
                "a.derived_kinds, NULL, o.result, o.final_minor, o.closed_on, r.closed_on",
                1
            )
            .replacen(
                "WHERE r.closed_on IS NULL",
                "LEFT JOIN outcomes o ON o.renewal_id = r.id WHERE r.closed_on IS NOT NULL",
                1
            )
    );
    let mut strings = Interner::default();
    let mut stmt = conn.prepare_cached(&open_sql)?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let f = facts(r, &mut strings)?;
        let over = overrides.get(&f.renewal_id).copied();
        let row = queue::build_row(f, cfg, today, cutoff);
        each(Line::open(&row, over, &cfg.portfolio))?;
    }
    let mut stmt = conn.prepare_cached(&closed_sql)?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let f = facts(r, &mut strings)?;
        let stage = f.stage;
        let arr = f.arr;
        let row = queue::build_row(f, cfg, today, cutoff);
        let mut l = Line::open(&row, None, &cfg.portfolio);
        let result = r
            .get::<_, Option<String>>(24)?
            .as_deref()
            .and_then(Outcome::parse)
            .unwrap_or(match stage {
                Stage::Churned => Outcome::Churned,
                Stage::Downgraded => Outcome::Downgraded,
                _ => Outcome::Won,
            });
        let final_value = r.get::<_, Option<i64>>(25)?.map_or(
            if result == Outcome::Churned {
                Money::ZERO
            } else {
                arr
            },
            Money,
        );
        let closed_on = r
            .get::<_, Option<String>>(26)?
            .or(r.get::<_, Option<String>>(27)?)
            .as_deref()
            .and_then(parse)
            .unwrap_or(today);
        l.closed = Some(Closed {
            result,
            final_value,
            closed_on,
        });
        (l.category, l.at_risk, l.behind, l.stalled) =
            (ForecastCategory::Closed, false, false, false);
        each(l)?;
    }
    Ok(())
}

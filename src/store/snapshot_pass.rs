//! What moved and the trend need two things from the snapshots: each renewal's state on
//! an earlier day, and the rows of the renewals ever due in the period. Both come from
//! one query that lets SQLite find those renewals inside the engine and read their rows
//! by key, in key order (renewal, then day), each row copied into reused buffers and
//! turned into a `SnapState` only when kept. At 100k renewals with two years of daily
//! rows (≈ 830k) only the ≈ 50k rows of the period's renewals cross into Rust; it
//! replaces a `GROUP BY` over every row (100k states built) and a second scan.

use super::dates::{fmt, parse};
use super::{Result, Store};
use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::moves::SnapState;
use crate::domain::portfolio::{ForecastCategory, Period};
use crate::domain::renewal::Stage;
use std::collections::{HashMap, HashSet};

/// What `Store::snapshot_pass` returns.
#[derive(Debug, Default)]
pub struct SnapshotPass {
    /// Each renewal's latest state on or before `at`, kept when it was due in the
    /// period then or its id is in `keep`.
    pub old: HashMap<i64, SnapState>,
    /// Every row on or before `until` of the renewals with any row due in the period,
    /// by renewal then day.
    pub history: Vec<(Date, SnapState)>,
}

/// One row, copied into buffers that keep their capacity from row to row.
#[derive(Default)]
struct Raw {
    taken_on: String,
    renewal_date: Option<String>,
    arr: i64,
    target: Option<i64>,
    value: i64,
    probability: u8,
    currency: String,
    stage: String,
    category: String,
    owner: Option<String>,
    at_risk: bool,
}

fn copy_into(buf: &mut String, s: &str) {
    buf.clear();
    buf.push_str(s);
}

fn copy_opt(buf: &mut Option<String>, s: Option<&str>) {
    match (buf.as_mut(), s) {
        (Some(b), Some(s)) => copy_into(b, s),
        (_, s) => *buf = s.map(str::to_string),
    }
}

impl Raw {
    fn fill(&mut self, r: &rusqlite::Row) -> rusqlite::Result<()> {
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            Ok(r.get_ref(i)?.as_str_or_null().ok().flatten())
        };
        copy_into(&mut self.taken_on, text(1)?.unwrap_or_default());
        copy_opt(&mut self.renewal_date, text(2)?);
        self.arr = r.get(3)?;
        self.target = r.get(4)?;
        self.value = r.get(5)?;
        self.probability = r.get(6)?;
        copy_into(&mut self.currency, text(7)?.unwrap_or_default());
        copy_into(&mut self.stage, text(8)?.unwrap_or_default());
        copy_into(&mut self.category, text(9)?.unwrap_or_default());
        copy_opt(&mut self.owner, text(10)?);
        self.at_risk = r.get(11)?;
        Ok(())
    }

    /// Due in `[from, to]` (ISO dates compare as text).
    fn due_in(&self, from: &str, to: &str) -> bool {
        self.renewal_date
            .as_deref()
            .is_some_and(|d| d >= from && d <= to)
    }

    /// As `snapshot::snap_state` reads a row.
    fn state(&self, renewal_id: i64) -> (Date, SnapState) {
        (
            parse(&self.taken_on).unwrap_or_default(),
            SnapState {
                renewal_id,
                renewal_date: self.renewal_date.as_deref().and_then(parse),
                arr: Money(self.arr),
                target: self.target.map(Money),
                value: Money(self.value),
                probability: self.probability,
                currency: self.currency.clone(),
                stage: Stage::parse(&self.stage).unwrap_or(Stage::NotStarted),
                category: ForecastCategory::parse(&self.category)
                    .unwrap_or(ForecastCategory::Pipeline),
                owner: self.owner.clone(),
                at_risk: self.at_risk,
            },
        )
    }
}

/// One renewal's rows as they are read.
struct Group<'a> {
    id: i64,
    rows: Vec<Raw>,
    len: usize,
    at: &'a str,
    until: &'a str,
    from: &'a str,
    to: &'a str,
}

impl Group<'_> {
    /// Hands the finished renewal's kept state and its rows to `out` (every renewal
    /// read in step 1 was due in the period at some time).
    fn flush(&mut self, keep: &HashSet<i64>, out: &mut SnapshotPass) {
        let rows = &self.rows[..self.len];
        if let Some(last) = rows.iter().rev().find(|r| r.taken_on.as_str() <= self.at)
            && (last.due_in(self.from, self.to) || keep.contains(&self.id))
        {
            out.old.insert(self.id, last.state(self.id).1);
        }
        out.history.extend(
            rows.iter()
                .filter(|r| r.taken_on.as_str() <= self.until)
                .map(|r| r.state(self.id)),
        );
        self.len = 0;
    }
}

impl Store {
    /// See `SnapshotPass`: what `snapshot_state(at)` (the states kept) and
    /// `snapshot_history(until, period)` give, read in two steps.
    pub fn snapshot_pass(
        &self,
        at: Date,
        until: Date,
        period: &Period,
        keep: &HashSet<i64>,
    ) -> Result<SnapshotPass> {
        let (at, until, from, to) = (fmt(at), fmt(until), fmt(period.from), fmt(period.to));
        let mut out = SnapshotPass::default();
        let mut g = Group {
            id: i64::MIN,
            rows: Vec::new(),
            len: 0,
            at: &at,
            until: &until,
            from: &from,
            to: &to,
        };
        // 1. Every row of the renewals with a row due in the period. SQLite finds them
        // in one scan inside the engine, then reads each by its key (renewal, day), in
        // key order: no sort, and only these rows cross into Rust.
        let mut stmt = self.conn.prepare_cached(
            "SELECT renewal_id, taken_on, renewal_date, arr_minor, target_minor, value_minor,
                    probability, currency, stage, category, owner, at_risk
             FROM forecast_snapshots
             WHERE renewal_id IN (SELECT renewal_id FROM forecast_snapshots
                                  WHERE renewal_date BETWEEN ?1 AND ?2)
             ORDER BY renewal_id, taken_on",
        )?;
        let mut rows = stmt.query([&from, &to])?;
        let mut seen: HashSet<i64> = HashSet::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if id != g.id {
                if g.len > 0 {
                    g.flush(keep, &mut out);
                }
                g.id = id;
                seen.insert(id);
            }
            if g.len == g.rows.len() {
                g.rows.push(Raw::default());
            }
            g.rows[g.len].fill(r)?;
            g.len += 1;
        }
        if g.len > 0 {
            g.flush(keep, &mut out);
        }
        // 2. The renewals to keep that were never due in the period (pulled in since):
        // their latest state on or before `at`, one key lookup each.
        let mut probe = self.conn.prepare_cached(
            "SELECT renewal_id, taken_on, renewal_date, arr_minor, target_minor, value_minor,
                    probability, currency, stage, category, owner, at_risk
             FROM forecast_snapshots WHERE renewal_id = ?1 AND taken_on <= ?2
             ORDER BY taken_on DESC LIMIT 1",
        )?;
        let mut raw = Raw::default();
        for id in keep.iter().filter(|id| !seen.contains(id)) {
            let mut rows = probe.query(rusqlite::params![id, at])?;
            if let Some(r) = rows.next()? {
                raw.fill(r)?;
                out.old.insert(*id, raw.state(*id).1);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::config::Config;

    /// The pass gives what `snapshot_state` and `snapshot_history` give, on the demo
    /// book with three snapshots and changes between them.
    #[test]
    fn one_pass_equals_the_state_and_history_queries() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let today: Date = "2026-11-22".parse().unwrap();
        crate::demo::load_demo(&mut store, today).unwrap();
        let cfg = Config::default();
        let day = |n: i64| today - chrono::Duration::days(n);
        let move_date = |store: &Store, account: &str, date: &str| {
            store
                .conn
                .execute(
                    "UPDATE renewals SET renewal_date = ?2 WHERE closed_on IS NULL
                     AND account_key = (SELECT key FROM accounts WHERE id = ?1)",
                    [account, date],
                )
                .unwrap()
        };
        store.take_snapshot(&cfg, day(20), true).unwrap();
        store
            .set_forecast_category("DEMO-003", Some(ForecastCategory::Omitted))
            .unwrap();
        // One renewal pushed out of the quarter, one pulled in, then back out.
        assert_eq!(move_date(&store, "DEMO-009", "2027-02-01"), 1);
        assert_eq!(move_date(&store, "DEMO-011", "2026-12-20"), 1);
        store.take_snapshot(&cfg, day(10), true).unwrap();
        move_date(&store, "DEMO-011", "2027-06-01");
        store
            .set_forecast_category("DEMO-014", Some(ForecastCategory::Commit))
            .unwrap();
        store.take_snapshot(&cfg, day(1), true).unwrap();
        let period = crate::domain::portfolio::quarter_of(today, 1);
        for at in [day(30), day(15), day(10), day(2), today] {
            let all = store.snapshot_state(at, false).unwrap();
            let keep: HashSet<i64> = all.keys().copied().filter(|id| id % 3 == 0).collect();
            let pass = store.snapshot_pass(at, day(1), &period, &keep).unwrap();
            let want: HashMap<i64, SnapState> = all
                .into_iter()
                .filter(|(id, s)| period.contains(s.renewal_date) || keep.contains(id))
                .collect();
            assert_eq!(pass.old, want, "state on {at}");
            assert_eq!(
                pass.history,
                store.snapshot_history(day(1), &period).unwrap(),
                "history"
            );
        }
    }
}

//! What moved and the trend need two things from the snapshots: each renewal's state on
//! an earlier day, and the rows of the renewals ever due in the period. Both come from
//! one pass over the table in its key order (renewal, then day), with each row copied
//! into reused buffers and turned into a `SnapState` only when it is kept: at 100k
//! renewals with two years of daily rows (≈ 830k rows) this replaces a `GROUP BY`
//! over every row and a second scan, and builds thousands of states, not 100k.

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
    /// by renewal then day. A row not due in the period then (and not of a renewal in
    /// `keep`) carries only its renewal date, which is all a trend reads of it.
    pub history: Vec<(Date, SnapState)>,
}

/// One row, copied into buffers that keep their capacity from row to row.
#[derive(Default)]
struct Raw {
    /// Only the day and the renewal date were read (see `SnapshotPass::history`).
    light: bool,
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
    /// The day and the renewal date only.
    fn fill_light(&mut self, taken_on: &str, renewal_date: Option<&str>) {
        self.light = true;
        copy_into(&mut self.taken_on, taken_on);
        copy_opt(&mut self.renewal_date, renewal_date);
    }

    fn fill(&mut self, r: &rusqlite::Row) -> rusqlite::Result<()> {
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            Ok(r.get_ref(i)?.as_str_or_null().ok().flatten())
        };
        self.light = false;
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
    ever_due: bool,
    at: &'a str,
    until: &'a str,
    from: &'a str,
    to: &'a str,
}

impl Group<'_> {
    /// Hands the finished renewal's kept state and rows to `out`.
    fn flush(&mut self, keep: &HashSet<i64>, out: &mut SnapshotPass) {
        let rows = &self.rows[..self.len];
        if let Some(last) = rows.iter().rev().find(|r| r.taken_on.as_str() <= self.at)
            && !last.light
            && (last.due_in(self.from, self.to) || keep.contains(&self.id))
        {
            out.old.insert(self.id, last.state(self.id).1);
        }
        if self.ever_due {
            out.history.extend(
                rows.iter()
                    .filter(|r| r.taken_on.as_str() <= self.until)
                    .map(|r| r.state(self.id)),
            );
        }
        self.len = 0;
        self.ever_due = false;
    }
}

impl Store {
    /// See `SnapshotPass`. `at` and `until` are days; rows after both are read only
    /// to tell whether the renewal was ever due in `period`, as
    /// `snapshot_state` + `snapshot_history` tell it.
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
            ever_due: false,
            at: &at,
            until: &until,
            from: &from,
            to: &to,
        };
        // The table's own order (WITHOUT ROWID, keyed by renewal then day): no sort.
        let mut stmt = self.conn.prepare_cached(
            "SELECT renewal_id, taken_on, renewal_date, arr_minor, target_minor, value_minor,
                    probability, currency, stage, category, owner, at_risk
             FROM forecast_snapshots ORDER BY renewal_id, taken_on",
        )?;
        let mut rows = stmt.query([])?;
        let mut kept = false;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if id != g.id {
                if g.len > 0 {
                    g.flush(keep, &mut out);
                }
                g.id = id;
                kept = keep.contains(&id);
            }
            if g.len == g.rows.len() {
                g.rows.push(Raw::default());
            }
            let taken_on = r.get_ref(1)?.as_str().unwrap_or_default();
            let date = r.get_ref(2)?.as_str_or_null().ok().flatten();
            let due = date.is_some_and(|d| d >= from.as_str() && d <= to.as_str());
            let raw = &mut g.rows[g.len];
            // Most rows are of renewals never due in the period: their day and date
            // tell that, and nothing else of them is read.
            if due || kept {
                raw.fill(r)?;
            } else {
                raw.fill_light(taken_on, date);
            }
            g.ever_due |= due;
            g.len += 1;
        }
        if g.len > 0 {
            g.flush(keep, &mut out);
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
            let days = crate::domain::moves::trend_days(today, 13);
            let full = store.snapshot_history(day(1), &period).unwrap();
            assert_eq!(
                crate::domain::moves::trend(&pass.history, &days, &period),
                crate::domain::moves::trend(&full, &days, &period),
                "trend"
            );
            let due_rows = |h: &[(Date, SnapState)]| -> Vec<(Date, SnapState)> {
                h.iter()
                    .filter(|(_, s)| period.contains(s.renewal_date))
                    .cloned()
                    .collect()
            };
            assert_eq!(due_rows(&pass.history), due_rows(&full), "rows due");
            assert_eq!(pass.history.len(), full.len());
        }
    }
}

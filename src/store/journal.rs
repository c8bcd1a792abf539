//! Undo and redo, row by row. While recording is on (the cockpit turns it on), every
//! [`Store::write`] also keeps which rows of the user's own tables it inserted,
//! updated or deleted, with their values before and after. Undo puts the "before"
//! back; redo puts the "after" back. Either is refused, changing nothing, when a row
//! it would touch is no longer as the step left it (another runway, or a later edit,
//! changed it since) — so an undo never overwrites someone's newer work.
//!
//! The rows are caught by TEMP triggers: they live in this connection only, never in
//! the book's file (whose schema stays exactly runway's), and vanish when it closes.
//! One mechanism for every kind of change means a new write path is undoable with no
//! code of its own: it only has to go through `Store::write`.

use super::{Result, Store, StoreError};
use rusqlite::{OptionalExtension, params};

/// The user's own tables: what their edits change, so what undo and redo restore.
/// Not here, on purpose: book settings (`meta`), the daily forecast snapshots and their
/// days (history that is never rewritten), health history and imported readings, and
/// the search indexes (kept in step by their own triggers whenever these rows move).
/// A unit test fails when a migration adds a table that is in neither list.
const JOURNALED: &[&str] = &[
    "accounts",
    "activities",
    "concessions",
    "milestone_completions",
    "outcomes",
    "proposal_approvals",
    "proposal_tiers",
    "proposal_versions",
    "proposals",
    "renewals",
    "save_items",
    "save_plans",
    "signals",
    "stakeholders",
    "tasks",
];

/// Tables deliberately left out of the journal (a name ending in `_` is a prefix: a
/// virtual table's shadow tables).
#[cfg(test)]
const NOT_JOURNALED: &[&str] = &[
    "meta",
    "forecast_snapshots",
    "snapshot_days",
    "health_snapshots",
    "readings",
    "search_",
];

/// One row as a step changed it: its values (as a JSON object of its columns)
/// before and after; `None` where the row did not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RowChange {
    table: String,
    rowid: i64,
    before: Option<String>,
    after: Option<String>,
}

/// What one user step changed, oldest row change first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    rows: Vec<RowChange>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many rows the step touched.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

/// A journaled table and its columns, for building the triggers and the restores.
pub(super) struct Table {
    name: String,
    cols: Vec<String>,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// `json_object('a', P.a, 'b', P.b)` for the row `P` (NEW or OLD) or a table alias.
fn row_json(t: &Table, p: &str) -> String {
    let parts: Vec<String> = t
        .cols
        .iter()
        .map(|c| format!("'{}', {p}.{}", c.replace('\'', "''"), quote(c)))
        .collect();
    format!("json_object({})", parts.join(", "))
}

impl Store {
    /// Turns recording of writes on or off (off by default: one-shot commands have
    /// nothing to undo). Anything recorded and not yet taken is dropped.
    ///
    /// The recording triggers are made by the first write, not here: making them
    /// takes about 3 ms, which the cockpit's first frame need not wait for.
    pub fn record_changes(&mut self, on: bool) -> Result<()> {
        self.recorded.clear();
        if self.read_only().is_some() {
            return Ok(());
        }
        self.journal_wanted = on;
        if !on && self.journal.is_some() {
            let mut sql = String::new();
            for t in self.journal.take().unwrap_or_default() {
                for op in ["i", "u", "d"] {
                    sql.push_str(&format!(
                        "DROP TRIGGER IF EXISTS temp.{};",
                        quote(&format!("runway_journal_{op}_{}", t.name))
                    ));
                }
            }
            self.conn.execute_batch(&sql)?;
        }
        Ok(())
    }

    /// Makes the recording triggers when recording is wanted and they are not made
    /// yet; called by `write` before it begins.
    pub(super) fn prepare_journal(&mut self) -> Result<()> {
        if !self.journal_wanted || self.journal.is_some() {
            return Ok(());
        }
        let mut tables = Vec::new();
        for name in JOURNALED.iter().map(|n| n.to_string()) {
            let cols: Vec<String> = self
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([&name], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            tables.push(Table { name, cols });
        }
        let mut sql = String::from(
            "CREATE TEMP TABLE IF NOT EXISTS runway_journal (
                seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL,
                rid INTEGER NOT NULL, before TEXT, after TEXT);",
        );
        for t in &tables {
            let (name, tq) = (&t.name, quote(&t.name));
            let lit = name.replace('\'', "''");
            let (new, old) = (row_json(t, "NEW"), row_json(t, "OLD"));
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS {ti} AFTER INSERT ON main.{tq} BEGIN
                   INSERT INTO runway_journal (tbl, op, rid, before, after) VALUES ('{lit}', 'I', NEW.rowid, NULL, {new}); END;
                 CREATE TEMP TRIGGER IF NOT EXISTS {tu} AFTER UPDATE ON main.{tq} BEGIN
                   INSERT INTO runway_journal (tbl, op, rid, before, after) VALUES ('{lit}', 'U', NEW.rowid, {old}, {new}); END;
                 CREATE TEMP TRIGGER IF NOT EXISTS {td} AFTER DELETE ON main.{tq} BEGIN
                   INSERT INTO runway_journal (tbl, op, rid, before, after) VALUES ('{lit}', 'D', OLD.rowid, {old}, NULL); END;",
                ti = quote(&format!("runway_journal_i_{name}")),
                tu = quote(&format!("runway_journal_u_{name}")),
                td = quote(&format!("runway_journal_d_{name}")),
            ));
        }
        // One transaction for all of them: a third faster than one each.
        self.conn.execute_batch(&format!("BEGIN; {sql} COMMIT;"))?;
        self.journal = Some(tables);
        Ok(())
    }

    /// What the writes since the last call changed (empty when nothing did).
    pub fn take_recorded(&mut self) -> Changes {
        Changes {
            rows: std::mem::take(&mut self.recorded),
        }
    }

    /// Reverses `c`, in one transaction. Refused, with nothing changed, when a row it
    /// touches was changed since.
    pub fn undo_changes(&mut self, c: &Changes) -> Result<()> {
        self.apply_changes(c, true)
    }

    /// Applies `c` again after it was undone. Refused like [`Store::undo_changes`].
    pub fn redo_changes(&mut self, c: &Changes) -> Result<()> {
        self.apply_changes(c, false)
    }

    fn apply_changes(&mut self, c: &Changes, undo: bool) -> Result<()> {
        self.writable()?;
        let Some(tables) = self.journal.as_ref() else {
            return Err(StoreError::Invalid("undo is not recording here".into()));
        };
        let r = (|| {
            let tx = super::begin_checked(&mut self.conn, self.seen.get())?;
            // Rows come back in reverse order on undo, so a parent can be restored
            // after its children; the foreign keys are checked once, at commit.
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let steps: Box<dyn Iterator<Item = &RowChange>> = if undo {
                Box::new(c.rows.iter().rev())
            } else {
                Box::new(c.rows.iter())
            };
            for ch in steps {
                let t = tables
                    .iter()
                    .find(|t| t.name == ch.table)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown table {}", ch.table)))?;
                let (expect, want) = if undo {
                    (&ch.after, &ch.before)
                } else {
                    (&ch.before, &ch.after)
                };
                let now: Option<String> = tx
                    .query_row(
                        &format!(
                            "SELECT {} FROM main.{} AS r WHERE rowid = ?1",
                            row_json(t, "r"),
                            quote(&t.name)
                        ),
                        [ch.rowid],
                        |r| r.get(0),
                    )
                    .optional()?;
                if now != *expect {
                    return Err(StoreError::Invalid(format!(
                        "not {}: {} was changed since, maybe by another runway",
                        if undo { "undone" } else { "redone" },
                        describe(&t.name, now.is_none())
                    )));
                }
                restore(&tx, t, ch.rowid, now.is_some(), want.as_deref())?;
            }
            // The restores above fired the recording triggers; they are not a new step.
            tx.execute("DELETE FROM temp.runway_journal", [])?;
            // What the undo put back is searchable again, as after any write.
            super::search_sync::drain(&tx)?;
            tx.commit()?;
            Ok(())
        })();
        self.noted(r)
    }
}

/// Before a recorded write: nothing left over from writes made outside `write`.
pub(super) fn begin(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM temp.runway_journal", [])?;
    Ok(())
}

/// After a recorded write, in its transaction: the rows it changed, oldest first.
pub(super) fn collect(tx: &rusqlite::Transaction<'_>) -> Result<Vec<RowChange>> {
    let rows = tx
        .prepare("SELECT tbl, rid, before, after FROM temp.runway_journal ORDER BY seq")?
        .query_map([], |r| {
            Ok(RowChange {
                table: r.get(0)?,
                rowid: r.get(1)?,
                before: r.get(2)?,
                after: r.get(3)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    tx.execute("DELETE FROM temp.runway_journal", [])?;
    Ok(rows)
}

/// Makes row `rowid` of `t` hold `want` (a JSON object of its columns), or not exist.
fn restore(
    tx: &rusqlite::Transaction<'_>,
    t: &Table,
    rowid: i64,
    exists: bool,
    want: Option<&str>,
) -> Result<()> {
    let tq = quote(&t.name);
    let value = |c: &String| format!("json_extract(?2, '$.\"{}\"')", c.replace('"', "\\\""));
    match (exists, want) {
        (true, None) => {
            tx.execute(&format!("DELETE FROM main.{tq} WHERE rowid = ?1"), [rowid])?;
        }
        (false, Some(json)) => {
            let cols: Vec<String> = t.cols.iter().map(|c| quote(c)).collect();
            let vals: Vec<String> = t.cols.iter().map(value).collect();
            tx.execute(
                &format!(
                    "INSERT INTO main.{tq} (rowid, {}) VALUES (?1, {})",
                    cols.join(", "),
                    vals.join(", ")
                ),
                params![rowid, json],
            )?;
        }
        (true, Some(json)) => {
            let sets: Vec<String> = t
                .cols
                .iter()
                .map(|c| format!("{} = {}", quote(c), value(c)))
                .collect();
            tx.execute(
                &format!("UPDATE main.{tq} SET {} WHERE rowid = ?1", sets.join(", ")),
                params![rowid, json],
            )?;
        }
        (false, None) => {}
    }
    Ok(())
}

/// A changed row in words a CSM recognises.
fn describe(table: &str, gone: bool) -> String {
    let thing = match table {
        "accounts" => "the account",
        "renewals" => "the renewal",
        "stakeholders" => "a stakeholder",
        "signals" => "a risk signal",
        "activities" => "the activity log",
        "milestone_completions" => "a playbook step",
        "save_plans" => "the save plan",
        "save_items" => "a save-plan item",
        "concessions" => "a concession",
        "proposals" | "proposal_tiers" | "proposal_versions" => "the proposal",
        "proposal_approvals" => "an approval",
        "outcomes" => "the renewal's outcome",
        "tasks" => "a task",
        _ => "a row",
    };
    if gone {
        format!("{thing} (since deleted)")
    } else {
        thing.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new table must be placed: journaled (undoable) or deliberately not.
    #[test]
    fn every_table_is_placed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("b.db")).unwrap();
        let names: Vec<String> = store
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for n in names {
            let placed = JOURNALED.contains(&n.as_str())
                || NOT_JOURNALED
                    .iter()
                    .any(|p| n == *p || (p.ends_with('_') && n.starts_with(p)));
            assert!(
                placed,
                "table {n} is neither journaled nor listed as not journaled"
            );
        }
    }
}

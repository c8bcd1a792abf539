//! Indexes built after the rows are in, for an import that mostly adds to the book.
//!
//! Each new renewal goes into the queue's covering index (`renewals_window`) at the
//! place of its renewal date, which is random in a file sorted by account id: into
//! an empty book that index alone was over a third of the import's time, and at a
//! million rows it outgrows the page cache and is written out and read back while
//! the import runs. Built once at the end from the rows in place, it is one sort.
//!
//! Only indexes the import writes and never reads through are deferred (its lookups
//! go by account id and account key, through indexes that stay), so an import runs
//! the same statements with the same plans either way. The drop and the rebuild are
//! inside the import's transaction: a refused, cancelled or failed import rolls them
//! back with its rows, and the book keeps every index it had.

use super::Result;
use super::import::ImportTx;
use rusqlite::OptionalExtension;

/// The deferred indexes: keyed by renewal date, so a file in account order inserts
/// into them at random places; read by the queue, the forecast and the team views,
/// never by the import's own statements. The other indexes an import writes take
/// each row at their end (account key and id order, one due date) or at one of a
/// few places (a health score): inserting into them as the rows arrive is cheaper
/// than sorting them afterwards.
const DEFERRED: &[&str] = &[
    "renewals_window",
    "renewals_closed_by_date",
    "renewals_done_before_import",
];

impl ImportTx<'_> {
    /// Defers the indexes when the file's `rows` will mostly be new accounts: the
    /// book has fewer than a quarter as many accounts as the file has rows, so at
    /// least three rows in four are inserts (each account matches at most one row;
    /// repeated ids are refused before anything is applied). Below that, inserting
    /// into the indexes as the rows arrive costs less than rebuilding them whole, and
    /// a re-import of the book's own file writes nothing to them at all.
    pub fn defer_indexes(&mut self, rows: u64) -> Result<()> {
        let tx = self.tx();
        let limit = i64::try_from(rows / 4).unwrap_or(i64::MAX);
        let book: i64 = tx.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM accounts LIMIT ?1)",
            [limit],
            |r| r.get(0),
        )?;
        if book >= limit {
            return Ok(());
        }
        let mut deferred = Vec::new();
        {
            let mut q =
                tx.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1")?;
            for name in DEFERRED {
                // An index the book lacks is not deferred; any other error stops the
                // import (before anything is dropped) rather than be taken for one.
                if let Some(sql) = q
                    .query_row([name], |r| r.get::<_, Option<String>>(0))
                    .optional()?
                    .flatten()
                {
                    deferred.push((*name, sql));
                }
            }
        }
        for (name, _) in &deferred {
            tx.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
        }
        self.deferred = deferred.into_iter().map(|(_, sql)| sql).collect();
        Ok(())
    }

    /// Builds the deferred indexes again from the rows in place (before the commit).
    ///
    /// Each is one sort of its entries. With temporary storage in memory (how the
    /// book is opened) SQLite sorts them all in memory, at a million rows over
    /// 100 MB beyond the page cache; sorted in runs that spill to a temporary file,
    /// bounded by a smaller cache, the rebuild stays within a few tens of MB and can
    /// use a second thread to sort. The temporary store cannot change while the
    /// connection holds temporary tables (the cockpit's undo journal): then the
    /// indexes are built in memory as before.
    pub(super) fn rebuild_deferred(&mut self) -> Result<()> {
        if self.deferred.is_empty() {
            return Ok(());
        }
        let tx = self.tx();
        let cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let spill = tx.execute_batch("PRAGMA temp_store = FILE").is_ok();
        if spill {
            tx.execute_batch(&format!(
                "PRAGMA cache_size = {REBUILD_CACHE}; PRAGMA threads = 1;"
            ))?;
        }
        let built = std::mem::take(&mut self.deferred)
            .iter()
            .try_for_each(|sql| self.tx().execute_batch(sql));
        if spill {
            self.tx().execute_batch(&format!(
                "PRAGMA threads = 0; PRAGMA cache_size = {cache}; PRAGMA temp_store = MEMORY;"
            ))?;
        }
        Ok(built?)
    }
}

/// The page cache, and so the size of each sorted run, while the indexes are built
/// (KiB, as `PRAGMA cache_size` takes it when negative).
const REBUILD_CACHE: i64 = -16384;

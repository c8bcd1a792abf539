//! The queue for listings and exports that may run to a million rows: each row is
//! scored and handed over as it is read, never collected (`runway queue --json` at
//! 1M); the caller keeps what it needs to put the rows in order.

use super::read::{FACTS_SQL, Interner, facts};
use super::{Result, Store, StoreError, dates};
use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::money::Money;
use crate::domain::playbook;
use crate::domain::queue::{self, QueueRow};
use chrono::Duration;

/// A connection's page cache and map sizes, kept across a one-off pass.
pub(super) struct PassSettings {
    cache: i64,
    mmap: i64,
}

/// Where a queue window ends, and the band past it whose playbook may have begun.
pub(super) fn window_scope(
    cfg: &Config,
    today: Date,
    window_days: Option<i64>,
) -> (Option<Date>, Option<(Date, Money)>) {
    let window_end = window_days.map(|w| today + Duration::days(w));
    let lead = window_days
        .and_then(|w| playbook::lead_band(w, &cfg.segments))
        .map(|(days, floor)| (today + Duration::days(days), floor));
    (window_end, lead)
}

impl Store {
    /// Caps this connection's memory for a one-shot listing or export: a small page
    /// cache and no memory-mapped reads (mapped pages count as the process's own, and
    /// a long scan would map the whole file). Streaming commands call it after opening.
    pub fn for_streaming(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA cache_size = -8192; PRAGMA mmap_size = 0;")?;
        Ok(())
    }

    /// `for_streaming` for one pass over the whole book (the daily snapshot and
    /// backup), returning the connection's settings for [`Store::end_pass`] to put
    /// back: mapped pages and a large page cache count as the process's own memory.
    pub(super) fn begin_pass(&self) -> Result<PassSettings> {
        let was = PassSettings {
            cache: self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?,
            mmap: self.conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?,
        };
        self.for_streaming()?;
        Ok(was)
    }

    /// Puts back the settings `begin_pass` changed.
    pub(super) fn end_pass(&self, was: PassSettings) -> Result<()> {
        self.conn.execute_batch(&format!(
            "PRAGMA cache_size = {}; PRAGMA mmap_size = {};",
            was.cache, was.mmap
        ))?;
        Ok(())
    }

    /// The cockpit's connection, which stays open all day: a 16 MB page cache and no
    /// memory-mapped reads, so reading a million-row book once (the first page, the
    /// health quartile) does not leave the file's pages counted as the cockpit's
    /// memory. Its hot rows stay in the operating system's file cache all the same.
    pub fn for_cockpit(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA cache_size = -16384; PRAGMA mmap_size = 0;")?;
        Ok(())
    }

    /// Every row `load_queue` would return, scored and placed in the window, handed
    /// to `f` one at a time in the order read (the caller orders them: see
    /// `queue::priority_key`). Reads one snapshot of the book.
    pub fn scan_queue<E: From<StoreError>>(
        &self,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
        f: &mut dyn FnMut(&QueueRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let _snapshot = self.read_snapshot()?;
        let cutoff = self.health_quartile_cutoff()?;
        let (window_end, lead) = window_scope(cfg, today, window_days);
        let mut failed = None;
        let scanned = self.each_renewal_fact(window_end, lead, &mut |facts| {
            let mut r = queue::build_row(facts, cfg, today, cutoff);
            if r.place_in_window(window_days)
                && let Err(e) = f(&r)
            {
                // The caller's error (a closed pipe, a full disk) stops the scan.
                failed = Some(e);
                return Err(StoreError::Invalid("the queue's reader stopped".into()));
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(scanned?)
    }

    /// Full rows for the given renewals (the ones on screen), scored as the queue
    /// scores them, in the order asked; a renewal closed since is left out.
    /// `cutoff` is the book's bottom-quartile line the rows were scored with
    /// (`CompactQueue::cutoff`), so a screen's rows cost their own reads only.
    pub fn queue_rows(
        &self,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
        cutoff: Option<u8>,
        renewal_ids: &[i64],
    ) -> Result<Vec<QueueRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{FACTS_SQL} AND r.id = ?1"))?;
        let mut strings = Interner::default();
        let mut out = Vec::with_capacity(renewal_ids.len());
        for id in renewal_ids {
            let mut rows = stmt.query([id])?;
            if let Some(row) = rows.next()? {
                let mut r = queue::build_row(facts(row, &mut strings)?, cfg, today, cutoff);
                r.place_in_window(window_days);
                out.push(r);
            }
        }
        Ok(out)
    }

    /// A page of the window's dated renewals, soonest (most overdue) first, read
    /// through the window index: a first screen in about a millisecond at any book
    /// size, while the priority order (`load_compact_queue`) is made in the background.
    pub fn queue_page_by_date(
        &self,
        cfg: &Config,
        today: Date,
        window_days: Option<i64>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<QueueRow>> {
        let cutoff = self.health_quartile_cutoff()?;
        let end = window_days.map(|w| dates::fmt(today + Duration::days(w)));
        let mut stmt = self.conn.prepare_cached(&format!(
            "{FACTS_SQL} AND r.renewal_date IS NOT NULL AND (?1 IS NULL OR r.renewal_date <= ?1)
             ORDER BY r.renewal_date, r.id LIMIT ?2 OFFSET ?3"
        ))?;
        let mut rows = stmt.query(rusqlite::params![end, limit as i64, offset as i64])?;
        let mut strings = Interner::default();
        let mut out = Vec::with_capacity(limit);
        while let Some(row) = rows.next()? {
            let mut r = queue::build_row(facts(row, &mut strings)?, cfg, today, cutoff);
            r.place_in_window(window_days);
            out.push(r);
        }
        Ok(out)
    }

    /// A read transaction when none is open (two reads see the same book); `None`
    /// inside a caller's transaction, which already gives one.
    pub(super) fn read_snapshot(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        Ok(Some(self.conn.unchecked_transaction()?))
    }
}

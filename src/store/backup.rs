//! `runway backup`: a consistent copy through SQLite's online backup API, safe while
//! the cockpit has the book open, checked before anyone relies on it.

use super::{Result, Store, StoreError};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

impl Store {
    /// Copies the book into `dest`, an empty file the caller created (0600, in the
    /// target folder, to be renamed into place), then runs `PRAGMA quick_check` on
    /// the copy. Pages are copied in steps so a writer in another process is only
    /// paused briefly; the API restarts by itself if the book changes mid-copy.
    pub fn backup_into(&self, dest: &Path) -> Result<()> {
        let mut dst = Connection::open(dest)?;
        {
            let b = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            b.run_to_completion(512, Duration::from_millis(2), None)?;
        }
        let check: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Open {
                path: dest.display().to_string(),
                problem: format!("the copy failed its integrity check: {check}"),
            });
        }
        // Leave a single self-contained file: no -wal beside the copy.
        dst.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        dst.close().map_err(|(_, e)| e)?;
        Ok(())
    }
}

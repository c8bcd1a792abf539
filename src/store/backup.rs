//! Copies of the book: `runway backup` and the daily backup through SQLite's online
//! backup API (safe while the cockpit has the book open, checked before anyone relies
//! on it), and the check a backup must pass before `runway restore` puts it back.

use super::{APPLICATION_ID, Result, SCHEMA_VERSION, Store, StoreError, guard, plain};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

impl Store {
    /// Copies the book into `dest`, an empty file the caller created (0600, in the
    /// target folder, to be renamed into place), then runs `PRAGMA quick_check` on
    /// the copy. Pages are copied in steps so a writer in another process is only
    /// paused briefly; the API restarts by itself if the book changes mid-copy. A copy
    /// that fails its check means the book itself is damaged: it is marked so, and no
    /// write is attempted on it after that.
    pub fn backup_into(&self, dest: &Path) -> Result<()> {
        // The copy reads every page: through a small page cache, not mapped (mapped
        // pages count as the process's memory, 256 MB more on the first import of the
        // day over a book of a million accounts; the full cache another 64 MB).
        let was = self.begin_pass()?;
        let copied = (|| -> Result<()> {
            let mut dst = Connection::open(dest)?;
            {
                let b = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                b.run_to_completion(512, Duration::from_millis(2), None)?;
            }
            if let Err(what) = guard::check(&dst, false)? {
                return Err(StoreError::Damaged(what));
            }
            // Leave a single self-contained file: no -wal beside the copy.
            dst.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
            dst.close().map_err(|(_, e)| e)?;
            Ok(())
        })();
        let restored = self.end_pass(was);
        let copied = copied.and(restored);
        if copied.is_ok() {
            // The copy is page for page the book: it passed, so the book did.
            self.verified.set(true);
        }
        self.noted(copied)
    }
}

/// Whether `path` is a runway book that can be put back: runway's own, not newer
/// than this build, holding only runway's objects, and passing `quick_check`.
/// Returns its schema version (an older one is brought up to date when next opened).
/// Only reads.
pub fn verify_backup(path: &Path) -> Result<i32> {
    let shown = path.display().to_string();
    let fail = |problem: String| StoreError::Open {
        path: shown.clone(),
        problem,
    };
    if let Some(problem) = guard::path_problem(path) {
        return Err(fail(problem));
    }
    if !path.exists() {
        return Err(fail("no such file".into()));
    }
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| fail(format!("cannot open: {}", plain(&e))))?;
    let guard::Probe {
        app,
        version: ver,
        objects: found,
    } = match guard::probe(&c) {
        Ok(p) => p,
        Err(e) if guard::is_damage(&e) => {
            return Err(fail(format!(
                "not a usable runway book ({}); nothing was restored",
                plain(&e)
            )));
        }
        Err(e) => return Err(fail(format!("cannot read: {}", plain(&e)))),
    };
    if app != APPLICATION_ID || ver == 0 {
        return Err(fail(
            "not a runway book (no runway backup looks like this); nothing was restored".into(),
        ));
    }
    if ver > SCHEMA_VERSION {
        return Err(fail(format!(
            "made by a newer runway (schema {ver}; this runway knows {SCHEMA_VERSION}); nothing was restored"
        )));
    }
    if let Some(problem) = guard::schema_problem(&found, &guard::expected_objects(ver)?) {
        return Err(fail(format!("{problem}; nothing was restored")));
    }
    match guard::check(&c, false) {
        Ok(Ok(())) => Ok(ver),
        Ok(Err(what)) => Err(fail(format!(
            "fails SQLite's check ({what}); nothing was restored"
        ))),
        Err(e) => Err(fail(format!(
            "fails SQLite's check ({}); nothing was restored",
            plain(&e)
        ))),
    }
}

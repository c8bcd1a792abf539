//! The only module that speaks SQL. One SQLite file; WAL; every acknowledged edit on
//! disk (`synchronous=FULL`); writes in immediate transactions; migrations by
//! `PRAGMA user_version`. A file that is not ours, or is newer than us, is refused
//! before anything is written to it.

mod account;
mod activity;
mod add;
mod approval;
mod backup;
mod dates;
mod derived;
mod export;
pub mod guard;
mod import;
mod import_begin;
mod import_defer;
mod import_people;
mod journal;
mod proposal;
mod queue_scan;
mod read;
mod save;
mod search;
mod search_sync;
mod signal_history;
mod snapshot;
mod snapshot_pass;
mod triage;
mod winloss;
mod write;

pub use account::StoredTier;
pub use backup::verify_backup;
pub use export::{AccountLine, SignalLine, StakeholderLine};
pub use import::{ImportCtx, ImportTx};
pub use journal::Changes;
pub use proposal::ProposalStatus;
pub use read::BookStats;
pub use save::{Assessment, SaveCounts, StoredPlan};
pub use snapshot::SnapshotReport;
pub use snapshot_pass::SnapshotPass;
pub use triage::{DueTask, RenewalState};
pub use write::Tx;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a Runway book ("RWAY").
pub const APPLICATION_ID: i32 = 0x5257_4159;

/// Append-only: a released step is never edited, a change is a new step.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_proposal_bundle.sql"),
    include_str!("migrations/003_tier_base_units.sql"),
    include_str!("migrations/004_readings.sql"),
    include_str!("migrations/005_approvals_customer_wording.sql"),
    include_str!("migrations/006_alarms.sql"),
    include_str!("migrations/007_portfolio.sql"),
    include_str!("migrations/008_search.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// The file size (rows) from which an import into a book with no accounts is written
/// through a rollback journal (`Store::begin_import`): switching the mode and back
/// costs a few milliseconds of syncs, while the WAL's second copy of every page
/// costs most once the rows outgrow the page cache (64 MB, some 100k accounts); at
/// 10k rows the two are even (83 against 84 ms), at 1k the switch is a third of the
/// import.
pub const NEW_BOOK_JOURNAL_FROM: u64 = 50_000;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {problem}")]
    Open { path: String, problem: String },
    #[error(
        "{path}: made by a newer version of runway (schema {found}; this runway knows {known}). Left untouched — upgrade runway to open it."
    )]
    Newer {
        path: String,
        found: i32,
        known: i32,
    },
    #[error("{path}: not a runway database (another program's SQLite file). Left untouched.")]
    Foreign { path: String },
    #[error("another runway is saving — try again")]
    Busy,
    /// Another runway has the whole book to itself: a large import into a new book
    /// (`Store::begin_import`) keeps even readers out until it is done.
    #[error(
        "{path}: busy: another runway is writing it (an import into a new book has it to itself until it is done); try again when it has finished"
    )]
    Held { path: String },
    /// SQLite found the file damaged; nothing more is written to it.
    #[error("the book is damaged ({0}); nothing was written to it")]
    Damaged(String),
    /// Another runway wrote the book after this one last read it: the edit was
    /// not applied to what the screen showed, which is re-read instead.
    #[error("changed by another runway — reloaded; nothing was saved")]
    Changed,
    /// The book was opened read-only (`--read-only`, or a file this user cannot write).
    #[error("the book is open read-only ({0}); nothing was saved")]
    ReadOnly(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if guard::is_damage(&e) {
            return StoreError::Damaged(plain(&e));
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(plain(&e)),
            _ => StoreError::Sql(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How a book is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read and write; a file this user cannot write falls back to read-only.
    ReadWrite,
    /// Never write (`--read-only`): reads work, every edit is refused.
    ReadOnly,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why the book is read-only, when it is.
    read_only: Option<String>,
    /// What SQLite found wrong, once it has: no write is attempted after that.
    damaged: std::cell::RefCell<Option<String>>,
    /// `PRAGMA data_version` when the caller last read what it shows (`mark_seen`);
    /// while set, a write after another connection's commit is refused.
    seen: std::cell::Cell<Option<i64>>,
    /// This process has seen the whole book pass a check (its own, or the daily
    /// backup's check of a fresh copy): an import need not read it all again.
    verified: std::cell::Cell<bool>,
    /// While recording writes for undo ([`Store::record_changes`]): the journaled
    /// tables and their columns.
    journal: Option<Vec<journal::Table>>,
    /// Recording is on; the triggers are made by the next write (`prepare_journal`).
    journal_wanted: bool,
    /// Rows the writes since the last `take_recorded` changed, oldest first.
    recorded: Vec<journal::RowChange>,
}

impl Store {
    /// Opens (creating, 0600, when missing) the book at `path` and brings its schema up
    /// to date. Refuses, without writing, anything but an ordinary file, a non-SQLite
    /// file, another program's database, one made by a newer runway, and one holding
    /// objects runway did not create. A file this user cannot write opens read-only.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Access::ReadWrite)
    }

    pub fn open_with(path: &Path, access: Access) -> Result<Store> {
        let shown = path.display().to_string();
        let fail = |problem: String| StoreError::Open {
            path: shown.clone(),
            problem,
        };
        if let Some(problem) = guard::path_problem(path) {
            return Err(fail(problem));
        }
        if !path.exists() {
            if access == Access::ReadOnly {
                return Err(fail("no such book".into()));
            }
            create_private(path).map_err(|e| fail(format!("cannot create: {e}")))?;
        }
        let mode = match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        };
        let conn = Connection::open_with_flags(path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| fail(format!("cannot open: {}", plain(&e))))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A book in WAL mode never locks its readers out, so a lock here is a new
        // book that another runway is importing into (`RollbackJournal`); a journal
        // beside the book that cannot be rolled back here is one such import that
        // was interrupted.
        let held = || StoreError::Held {
            path: shown.clone(),
        };
        let journal_left = || Path::new(&format!("{}-journal", path.display())).exists();
        // Read-only checks first: nothing below writes until the file is known to be
        // ours and to hold only what runway put there (a trigger of someone else's
        // would run on our writes; a view could stand in for a table).
        let guard::Probe {
            app,
            version: ver,
            objects: found,
        } = match guard::probe(&conn) {
            Ok(v) => v,
            // An SQLite header over pages SQLite cannot read is a damaged book; a file
            // without one was never a database.
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::NotADatabase)
                    && !guard::has_sqlite_header(path) =>
            {
                return Err(fail(
                    "not a runway database (not an SQLite file at all); left untouched".into(),
                ));
            }
            Err(e) if guard::is_damage(&e) => return Err(StoreError::Damaged(plain(&e))),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => {
                return Err(held());
            }
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::ReadOnly) && journal_left() => {
                return Err(fail(
                    "an import into it was interrupted; open it once with write access (without --read-only) and it is put back as it was before that import"
                        .into(),
                ));
            }
            Err(e) => return Err(fail(format!("cannot read: {}", plain(&e)))),
        };
        let fresh = app == 0 && ver == 0 && found.is_empty();
        if app != APPLICATION_ID && !fresh {
            return Err(StoreError::Foreign { path: shown });
        }
        if ver > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: shown,
                found: ver,
                known: SCHEMA_VERSION,
            });
        }
        let expected = guard::expected_objects(ver)?;
        if let Some(problem) = guard::schema_problem(&found, &expected) {
            return Err(fail(format!("{problem}; not opened, and left untouched")));
        }
        let read_only = if access == Access::ReadOnly {
            Some("opened with --read-only".to_string())
        } else if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            Some("this user cannot write the file".to_string())
        } else {
            None
        };
        if let Some(why) = &read_only
            && ver < SCHEMA_VERSION
        {
            return Err(fail(format!(
                "made by an older runway and needs upgrading, which needs write access ({why})"
            )));
        }
        // rusqlite clears a cached statement's bindings when it goes back to the cache,
        // and SQLite re-prepares, on its next use, any statement whose plan looked at a
        // bound value (any join or ORDER BY with an `x = ?` term does) — so such
        // statements were parsed and planned afresh on every call: a fifth of an
        // import. The stability guarantee plans without bound values, which is how a
        // statement is planned when first prepared anyway (and the book has no
        // ANALYZE statistics that bound values could be weighed against).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let pragmas = if read_only.is_some() {
            // journal_mode writes the file header: a read-only book keeps its own.
            "PRAGMA query_only = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -65536;
             PRAGMA mmap_size = 268435456;"
        } else {
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -65536;
             PRAGMA mmap_size = 268435456;"
        };
        conn.execute_batch(pragmas).map_err(|e| {
            if guard::is_damage(&e) {
                StoreError::Damaged(plain(&e))
            } else if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) {
                held()
            } else {
                fail(format!("cannot prepare the database: {}", plain(&e)))
            }
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            damaged: Default::default(),
            seen: Default::default(),
            verified: Default::default(),
            journal: None,
            journal_wanted: false,
            recorded: Vec::new(),
        };
        store.migrate(ver)?;
        Ok(store)
    }

    /// Why the book cannot be written here, when it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// What SQLite found wrong with the book, once something has.
    pub fn damaged(&self) -> Option<String> {
        self.damaged.borrow().clone()
    }

    /// Records that the book failed a check (found by a read, a check, or another
    /// thread's look at it): no write is attempted from now on.
    pub fn mark_damaged(&self, detail: &str) {
        self.damaged
            .borrow_mut()
            .get_or_insert_with(|| detail.to_string());
    }

    /// `PRAGMA quick_check` (or the slower, fuller `integrity_check`): `Ok(Ok(()))`
    /// for a sound book, `Ok(Err(what))` for a damaged one (which is then marked).
    pub fn check(&self, full: bool) -> Result<std::result::Result<(), String>> {
        let verdict = match guard::check(&self.conn, full) {
            Ok(v) => v,
            Err(e) if guard::is_damage(&e) => Err(plain(&e)),
            Err(e) => return Err(e.into()),
        };
        match &verdict {
            Ok(()) => self.verified.set(true),
            Err(what) => self.mark_damaged(what),
        }
        Ok(verdict)
    }

    /// Changes with every commit made by another connection to the book (this
    /// connection's own writes leave it alone).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The caller is about to read what it shows: writes are checked against this
    /// moment from now on.
    pub fn mark_seen(&self) -> Result<()> {
        self.seen.set(Some(self.data_version()?));
        Ok(())
    }

    /// Another runway has committed since `mark_seen` (false when never marked).
    pub fn changed_since_seen(&self) -> Result<bool> {
        match self.seen.get() {
            Some(v) => Ok(self.data_version()? != v),
            None => Ok(false),
        }
    }

    /// Refuses a write before it starts: on a read-only or damaged book.
    fn writable(&self) -> Result<()> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        if let Some(what) = self.damaged() {
            return Err(StoreError::Damaged(what));
        }
        Ok(())
    }

    /// Checks the book once per process before a long write (`quick_check` reads
    /// every page: about 0.6 s for 100k accounts), unless a check or a backup's check
    /// already passed.
    fn verify_once(&self) -> Result<()> {
        if self.verified.get() {
            return Ok(());
        }
        match self.check(false)? {
            Ok(()) => Ok(()),
            Err(what) => Err(StoreError::Damaged(what)),
        }
    }

    /// Remembers damage that an operation ran into.
    fn noted<T>(&self, r: Result<T>) -> Result<T> {
        if let Err(StoreError::Damaged(what)) = &r {
            self.mark_damaged(what);
        }
        r
    }

    fn migrate(&mut self, from: i32) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let version = i as i32 + 1;
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            if version == 1 {
                tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            }
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Shortens how long a write waits for another runway (tests of contention).
    pub fn set_busy_timeout(&self, d: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(d)?)
    }

    /// Runs `f` in one immediate transaction: all of it is saved, or none of it.
    /// Refused on a read-only or damaged book, and when another runway changed the
    /// book since `mark_seen`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.writable()?;
        self.prepare_journal()?;
        let r = (|| {
            let tx = begin_checked(&mut self.conn, self.seen.get())?;
            let (out, changes) = if self.journal.is_some() {
                journal::begin(&tx)?;
                let out = f(&Tx::new(&tx))?;
                (out, journal::collect(&tx)?)
            } else {
                (f(&Tx::new(&tx))?, Vec::new())
            };
            // What this write changed becomes searchable with it (migration 008).
            search_sync::drain(&tx)?;
            tx.commit()?;
            Ok((out, changes))
        })();
        let (out, changes) = self.noted(r)?;
        self.recorded.extend(changes);
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Is this a book with nothing in it yet?
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM accounts)", [], |r| {
                r.get(0)
            })?)
    }
}

/// Starts a write: an immediate transaction (the write lock held), then refuses
/// with [`StoreError::Changed`] when another runway committed since `seen` — checked
/// under the lock, so nothing can slip in between: an edit (or an undo) is never
/// applied over another runway's newer change.
fn begin_checked(
    conn: &mut rusqlite::Connection,
    seen: Option<i64>,
) -> Result<rusqlite::Transaction<'_>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(seen) = seen {
        let now: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if now != seen {
            return Err(StoreError::Changed);
        }
    }
    Ok(tx)
}

/// Creates an empty file readable by its owner only (the book holds customer data).
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop)
}

/// SQLite's message without rusqlite's decoration.
fn plain(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    }
}

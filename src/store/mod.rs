//! The only module that speaks SQL. One SQLite file; WAL; every acknowledged edit on
//! disk (`synchronous=FULL`); writes in immediate transactions; migrations by
//! `PRAGMA user_version`. A file that is not ours, or is newer than us, is refused
//! before anything is written to it.

mod account;
mod backup;
mod dates;
mod derived;
mod export;
mod import;
mod import_people;
mod proposal;
mod read;
mod save;
mod triage;
mod write;

pub use account::StoredTier;
pub use export::{AccountLine, SignalLine, StakeholderLine};
pub use import::{ImportCtx, ImportTx};
pub use proposal::ProposalStatus;
pub use read::BookStats;
pub use save::{Assessment, SaveCounts, StoredPlan};
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
    // 006: issue 13's step (005 may be taken by a parallel change; renumbered at merge).
    include_str!("migrations/006_alarms.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

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
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sql(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating, 0600, when missing) the book at `path` and brings its schema up
    /// to date. Refuses, without writing, a directory, a non-SQLite file, another
    /// program's database, or one made by a newer runway.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let fail = |problem: String| StoreError::Open {
            path: shown.clone(),
            problem,
        };
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(fail("is a directory, not a database file".into())),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_private(path).map_err(|e| fail(format!("cannot create: {e}")))?
            }
            Err(e) => return Err(fail(format!("cannot read: {e}"))),
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(format!("cannot open: {}", plain(&e))))?;
        // Read-only checks first: nothing below writes until the file is known to be ours.
        let probe = (|| -> rusqlite::Result<(i32, i32, i64)> {
            let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let ver: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let objects: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            Ok((app, ver, objects))
        })();
        let (app, ver, objects) = match probe {
            Ok(v) => v,
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
                return Err(fail(
                    "not a runway database (not an SQLite file at all); left untouched".into(),
                ));
            }
            Err(e) => return Err(fail(format!("cannot read: {}", plain(&e)))),
        };
        if app != APPLICATION_ID && !(app == 0 && objects == 0 && ver == 0) {
            return Err(StoreError::Foreign { path: shown });
        }
        if ver > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: shown,
                found: ver,
                known: SCHEMA_VERSION,
            });
        }
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(fail(
                "is read-only; runway saves every edit as it is made, so it needs write access"
                    .into(),
            ));
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // rusqlite clears a cached statement's bindings when it goes back to the cache,
        // and SQLite re-prepares, on its next use, any statement whose plan looked at a
        // bound value (any join or ORDER BY with an `x = ?` term does) — so such
        // statements were parsed and planned afresh on every call: a fifth of an
        // import. The stability guarantee plans without bound values, which is how a
        // statement is planned when first prepared anyway (and the book has no
        // ANALYZE statistics that bound values could be weighed against).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -65536;
             PRAGMA mmap_size = 268435456;",
        )
        .map_err(|e| fail(format!("cannot prepare the database: {}", plain(&e))))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(ver)?;
        Ok(store)
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
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&Tx::new(&tx))?;
        tx.commit()?;
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

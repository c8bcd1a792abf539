//! How an import's transaction starts: the write lock (waiting for another runway
//! when it has to), the book's integrity check run beside the import, and the
//! connection's memory-mapped reads set aside while the import runs.

use super::import::ImportTx;
use super::{Result, Store, StoreError, guard, plain};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::thread::JoinHandle;

impl Store {
    /// Opens the import's one immediate transaction (other writers wait or are told
    /// the book is busy; readers carry on, WAL).
    ///
    /// An import is a long write into a book that may hold years of work, so the book
    /// is checked (`quick_check`) and nothing is committed into a damaged one: the
    /// check runs on a connection of its own while the rows are applied (on a book of
    /// a million accounts it takes seconds), and `ImportTx::finish` waits for it.
    /// Until then every write is in the transaction, which a failed check rolls back.
    /// When another runway is writing, it calls `on_wait` once and waits up to `wait`
    /// for it to finish, instead of the short wait an interactive edit gets. With
    /// `new_book_journal` (a large file), a book with no accounts is written through a
    /// rollback journal (`RollbackJournal`).
    pub fn begin_import(
        &mut self,
        new_book_journal: bool,
        wait: std::time::Duration,
        on_wait: &mut dyn FnMut(),
    ) -> Result<ImportTx<'_>> {
        self.writable()?;
        let unmapped = Unmapped::new(&self.conn)?;
        let unchecked_keys = KeysUnchecked::new(&self.conn)?;
        let journal = if new_book_journal {
            RollbackJournal::for_new_book(&self.conn, wait)?
        } else {
            None
        };
        let check = if self.verified.get() || journal.is_some() {
            // A new book is checked here and now (it is a few pages): in rollback
            // mode a reader beside the import would keep it from writing pages out
            // of its cache, which would then grow with the file.
            self.verify_once()?;
            None
        } else {
            let check = BesideCheck::start(self);
            if check.is_none() {
                // No second connection or thread to be had: the check here and now.
                self.verify_once()?;
            }
            check
        };
        // Every statement of an import is prepared once and reused from the cache.
        self.conn.set_prepared_statement_cache_capacity(64);
        self.conn
            .busy_timeout(std::time::Duration::from_millis(200))?;
        let busy = |e: &rusqlite::Error| {
            matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        };
        let begin = || Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate);
        let tx = match begin() {
            Err(e) if busy(&e) => {
                on_wait();
                self.conn.busy_timeout(wait)?;
                begin()
            }
            other => other,
        };
        self.conn.busy_timeout(super::BUSY_TIMEOUT)?;
        let tx = tx?;
        // The schema's CHECKs with an IN list build a temporary b-tree of the list on
        // every insert — a quarter of an import's time. Everything an import writes is
        // already valid by type (stages, kinds, roles are enums) or checked by the
        // parser and again by `checked` (money ≥ 0, scores 0–100), so the import's own
        // statements are compiled without them. Flag pragmas are read when a
        // statement is compiled and expire every prepared statement when changed, so
        // nothing prepared during the import runs unchecked afterwards.
        tx.execute_batch("PRAGMA ignore_check_constraints = ON")?;
        Ok(ImportTx {
            tx: Some(tx),
            check,
            _unmapped: unmapped,
            _unchecked_keys: unchecked_keys,
            journal,
            tally: Default::default(),
            last_known: Default::default(),
            deferred: Vec::new(),
        })
    }
}

/// The book's `quick_check` on a read-only connection of its own, in a thread, so
/// that it runs while the import applies its rows. It reads the last committed book
/// (the import's writes are not committed before it ends).
pub(super) struct BesideCheck<'a> {
    store: &'a Store,
    thread: JoinHandle<rusqlite::Result<std::result::Result<(), String>>>,
    interrupt: rusqlite::InterruptHandle,
}

impl<'a> BesideCheck<'a> {
    fn start(store: &'a Store) -> Option<BesideCheck<'a>> {
        let conn = Connection::open_with_flags(
            &store.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        // A small cache and no mapped pages: the check reads the whole file once.
        conn.execute_batch("PRAGMA cache_size = -8192; PRAGMA mmap_size = 0;")
            .ok()?;
        let interrupt = conn.get_interrupt_handle();
        let thread = std::thread::Builder::new()
            .name("import-check".into())
            .spawn(move || guard::check(&conn, false))
            .ok()?;
        Some(BesideCheck {
            store,
            thread,
            interrupt,
        })
    }

    /// Waits for the check: `Err(Damaged)` for a damaged book (which is then marked
    /// so, and never written to afterwards).
    pub(super) fn verdict(self) -> Result<()> {
        let verdict = match self.thread.join() {
            Ok(Ok(v)) => v,
            Ok(Err(e)) if guard::is_damage(&e) => Err(plain(&e)),
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => return Err(StoreError::Invalid("the book's check stopped".into())),
        };
        match verdict {
            Ok(()) => {
                self.store.verified.set(true);
                Ok(())
            }
            Err(what) => {
                self.store.mark_damaged(&what);
                Err(StoreError::Damaged(what))
            }
        }
    }

    /// Stops the check early: the import ended without committing anything.
    pub(super) fn abandon(self) {
        self.interrupt.interrupt();
        let _ = self.thread.join();
    }
}

/// The connection's memory-mapped reads turned off while an import (or the day's
/// backup) runs, and put back as they were when it ends. Mapped pages count as the
/// process's own memory: a re-import reads most of a large book, which mapped would
/// add up to the map's 256 MB to the import's footprint; read through the page
/// cache instead, the import stays within the cache's bound.
pub(super) struct Unmapped<'a> {
    conn: &'a Connection,
    was: i64,
}

impl<'a> Unmapped<'a> {
    pub(super) fn new(conn: &'a Connection) -> Result<Unmapped<'a>> {
        let was = conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA mmap_size = 0")?;
        Ok(Unmapped { conn, was })
    }
}

impl Drop for Unmapped<'_> {
    fn drop(&mut self) {
        let _ = self
            .conn
            .execute_batch(&format!("PRAGMA mmap_size = {}", self.was));
    }
}

/// The connection's foreign-key checks turned off while an import runs, and on again
/// when it ends (the pragma cannot change inside a transaction, so this is made
/// before the import's begins and dropped after it ends). Each of them is one more
/// index probe per row written, a twentieth of an import's work; an import writes only
/// rows of an account it has just found or added, with the key it got for it, and
/// never deletes or re-keys anything, so what they would check holds by
/// construction.
pub(super) struct KeysUnchecked<'a> {
    conn: &'a Connection,
}

impl<'a> KeysUnchecked<'a> {
    pub(super) fn new(conn: &'a Connection) -> Result<KeysUnchecked<'a>> {
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        Ok(KeysUnchecked { conn })
    }
}

impl Drop for KeysUnchecked<'_> {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch("PRAGMA foreign_keys = ON");
    }
}

/// A new book's import written through a rollback journal, and the book put back in
/// WAL mode when it ends (made before the import's transaction begins and dropped
/// after it ends: the journal mode cannot change inside one).
///
/// In WAL mode every page an import writes goes to the WAL first, is read back when
/// the cache spills, and is copied into the book at the checkpoint: a million-account
/// import wrote 2 GB for a 480 MB book, a third of its time in the kernel. A
/// rollback journal keeps only the pages the book had before the import began, and a
/// new book has a handful: the rows are written once, into the book, and a crash or
/// a refused file still leaves the book as it was (the journal puts those pages
/// back and the file is cut to its old length). Only for a book with no accounts,
/// and only when no other connection has the book open (the switch needs the book
/// to itself and is refused otherwise; the import then runs in WAL mode as usual).
///
/// Another runway that opens the book meanwhile waits (a reader in rollback mode keeps
/// the import from writing), so the import waits as long as it would for another
/// writer before it gives up on its commit (`wait`).
pub(super) struct RollbackJournal<'a> {
    conn: &'a Connection,
    pub(super) wait: std::time::Duration,
}

impl<'a> RollbackJournal<'a> {
    pub(super) fn for_new_book(
        conn: &'a Connection,
        wait: std::time::Duration,
    ) -> Result<Option<RollbackJournal<'a>>> {
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM accounts)", [], |r| {
                r.get(0)
            })?;
        if !empty {
            return Ok(None);
        }
        let mode = conn.query_row("PRAGMA main.journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        });
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("delete") => Ok(Some(RollbackJournal { conn, wait })),
            _ => Ok(None),
        }
    }
}

impl Drop for RollbackJournal<'_> {
    fn drop(&mut self) {
        // Should this fail (it needs the book to itself), the next open of the book
        // puts it in WAL mode again.
        let _ = self.conn.busy_timeout(super::BUSY_TIMEOUT);
        let _ = self
            .conn
            .query_row("PRAGMA main.journal_mode = WAL", [], |r| {
                r.get::<_, String>(0)
            });
    }
}

//! Keeping the book recoverable: the automatic daily backup (first run of the day,
//! into the data folder's `backups/`, checked, the last `keep_days` days kept), the
//! search for the newest backup when the book is damaged, `runway check` and
//! `runway restore`.

use crate::domain::Date;
use crate::domain::config::Config;
use crate::store::{Access, Store, StoreError};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// The folder daily backups go to (created 0700): `backups/` in the data folder.
pub fn folder() -> anyhow::Result<PathBuf> {
    let dir = crate::paths::data_dir()?.join("backups");
    crate::paths::create_private_dir(&dir)?;
    Ok(dir)
}

/// What a book's backups are named after: its file name and a short fingerprint of
/// its full path, so two books called `runway.db` in different folders never share
/// (or rotate away) each other's backups. Only safe characters.
pub fn tag(book: &Path) -> String {
    let full = std::fs::canonicalize(book).unwrap_or_else(|_| book.to_path_buf());
    let stem = book.file_stem().and_then(|s| s.to_str()).unwrap_or("book");
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in full.to_string_lossy().bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{}-{h:08x}", crate::io::files::safe_file_stem(stem))
}

/// The daily backup file of `book` for `day` in `dir`.
fn file_for(dir: &Path, book: &Path, day: Date) -> PathBuf {
    dir.join(format!("{}-{day}.db", tag(book)))
}

/// The backups of `book` in `dir`, oldest first, with their days.
pub fn list(dir: &Path, book: &Path) -> Vec<(Date, PathBuf)> {
    let prefix = format!("{}-", tag(book));
    let mut out: Vec<(Date, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let day = name.strip_prefix(&prefix)?.strip_suffix(".db")?;
            Some((day.parse().ok()?, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// The newest daily backup of `book`, if any.
pub fn newest(book: &Path) -> Option<(Date, PathBuf)> {
    list(&folder().ok()?, book).pop()
}

/// What a damaged book's owner should read: what is wrong, the newest backup found,
/// and the command that puts it back.
pub fn damaged_advice(book: &Path, what: &str) -> String {
    let mut out = format!(
        "{}: the book is damaged ({what}); nothing was written to it.",
        book.display()
    );
    match newest(book) {
        Some((day, backup)) => out.push_str(&format!(
            "\n  newest backup: {} (from {day})\n  restore it with: runway restore {} --db {}",
            backup.display(),
            shell_quoted(&backup),
            shell_quoted(book)
        )),
        None => out.push_str(&format!(
            "\n  no daily backup of it was found in {}; `runway check --db {}` lists what SQLite found",
            folder()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| "the data folder".into()),
            shell_quoted(book)
        )),
    }
    out
}

/// A path as it can be pasted into a shell.
fn shell_quoted(p: &Path) -> String {
    let s = crate::domain::text::inert(&p.display().to_string()).into_owned();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The daily backup: on the first run of `today` (no backup of this book for that
/// day yet), copies the book into `backups/` and checks the copy, then removes this
/// book's backups older than `keep_days`. Returns the new backup, or `None` when
/// backups are off or today's already exists. A copy that fails its check marks the
/// store damaged and keeps every older backup.
pub fn daily(store: &Store, cfg: &Config, today: Date) -> anyhow::Result<Option<PathBuf>> {
    if !cfg.backup.enabled {
        return Ok(None);
    }
    let dir = folder()?;
    let book = store.path();
    let dest = file_for(&dir, book, today);
    if dest.exists() {
        return Ok(None);
    }
    crate::io::files::replace_atomic(&dest, |tmp| -> anyhow::Result<()> {
        Ok(store.backup_into(tmp)?)
    })?;
    let keep_from = today - chrono::Days::new(u64::from(cfg.backup.keep_days.max(1)) - 1);
    for (day, old) in list(&dir, book) {
        if day < keep_from {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(Some(dest))
}

/// What the cockpit's background look at its book found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The book failed SQLite's check: no edit may be saved.
    Damaged(String),
    /// Today's backup was written.
    BackedUp(PathBuf),
    /// The backup could not be made (the book itself is fine).
    BackupFailed(String),
}

/// The cockpit never waits for its checks: on its own connection and thread, checks
/// the book (`quick_check`) and makes the daily backup when `backup` is on.
pub fn spawn_watch(book: PathBuf, cfg: Config, today: Date, backup: bool) -> Receiver<Finding> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let store = match Store::open_with(&book, Access::ReadOnly) {
            Ok(s) => s,
            Err(StoreError::Damaged(what)) => {
                let _ = tx.send(Finding::Damaged(what));
                return;
            }
            Err(_) => return,
        };
        // The check reads every page of the book: through a small cache and no
        // mapped reads, or a million-row book's pages would count as the cockpit's
        // memory for as long as the check runs.
        let _ = store.for_streaming();
        match store.check(false) {
            Ok(Err(what)) => {
                let _ = tx.send(Finding::Damaged(what));
                return;
            }
            Err(StoreError::Damaged(what)) => {
                let _ = tx.send(Finding::Damaged(what));
                return;
            }
            _ => {}
        }
        if !backup {
            return;
        }
        let _ = match daily(&store, &cfg, today) {
            Ok(Some(p)) => tx.send(Finding::BackedUp(p)),
            Ok(None) => Ok(()),
            Err(e) => match store.damaged() {
                Some(what) => tx.send(Finding::Damaged(what)),
                None => tx.send(Finding::BackupFailed(format!("{e:#}"))),
            },
        };
    });
    rx
}

/// `runway check`: SQLite's full integrity check. The verdict, and whether it passed.
pub fn check(book: &Path) -> anyhow::Result<(String, bool)> {
    let store = match Store::open_with(book, Access::ReadOnly) {
        Ok(s) => s,
        Err(StoreError::Damaged(what)) => return Ok((damaged_advice(book, &what), false)),
        Err(e) => return Err(e.into()),
    };
    let accounts = store.book_stats().map(|b| b.accounts).unwrap_or(0);
    Ok(match store.check(true)? {
        Ok(()) => (
            format!(
                "{}: ok — passed SQLite's integrity check ({accounts} account{})",
                book.display(),
                if accounts == 1 { "" } else { "s" }
            ),
            true,
        ),
        Err(what) => (damaged_advice(book, &what), false),
    })
}

/// `runway restore BACKUP`: checks the backup, moves the current book (and its
/// `-wal`/`-shm`/`-journal`) aside as `NAME.damaged-YYYYMMDD-HHMMSS` — never deleted — and puts
/// a copy of the backup in its place atomically. Says what it did.
pub fn restore(book: &Path, backup: &Path) -> anyhow::Result<String> {
    crate::store::verify_backup(backup)?;
    let same = std::fs::canonicalize(book).ok() == std::fs::canonicalize(backup).ok();
    if same {
        bail!(
            "{}: is the book itself; name a backup file",
            backup.display()
        );
    }
    if let Some(problem) = crate::store::guard::path_problem(book) {
        bail!("{}: {problem}", book.display());
    }
    let mut said = Vec::new();
    if book.exists() {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let aside = PathBuf::from(format!("{}.damaged-{stamp}", book.display()));
        if aside.exists() {
            bail!("{}: already exists; try again in a second", aside.display());
        }
        std::fs::rename(book, &aside)
            .with_context(|| format!("{}: cannot move the current book aside", book.display()))?;
        // A rollback journal goes with its book: left here, it would be played back
        // into the restored copy (an interrupted import into a new book leaves one).
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = PathBuf::from(format!("{}{suffix}", book.display()));
            if side.exists() {
                let _ = std::fs::rename(&side, format!("{}{suffix}", aside.display()));
            }
        }
        said.push(format!("the previous file is kept as {}", aside.display()));
    }
    crate::io::files::replace_atomic(book, |tmp| -> std::io::Result<()> {
        std::fs::copy(backup, tmp)?;
        std::fs::OpenOptions::new()
            .write(true)
            .open(tmp)?
            .sync_all()
    })
    .with_context(|| format!("{}: cannot write the restored book", book.display()))?;
    // Opening brings an older backup's schema up to date and proves it opens.
    Store::open(book)?;
    said.insert(
        0,
        format!("restored {} from {}", book.display(), backup.display()),
    );
    Ok(said.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_differ_by_folder_and_are_safe() {
        let a = tag(Path::new("/tmp/a/runway.db"));
        let b = tag(Path::new("/tmp/b/runway.db"));
        assert_ne!(a, b);
        assert!(a.starts_with("runway-"));
        let odd = tag(Path::new("/tmp/../x/\u{202e}evil name.db"));
        assert!(
            odd.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn list_reads_only_this_books_dated_files() {
        let d = tempfile::tempdir().unwrap();
        let book = d.path().join("runway.db");
        let t = tag(&book);
        for name in [
            format!("{t}-2026-11-20.db"),
            format!("{t}-2026-11-22.db"),
            format!("{t}-notadate.db"),
            "other-00000000-2026-11-21.db".to_string(),
        ] {
            std::fs::write(d.path().join(name), b"").unwrap();
        }
        let days: Vec<String> = list(d.path(), &book)
            .into_iter()
            .map(|(day, _)| day.to_string())
            .collect();
        assert_eq!(days, ["2026-11-20", "2026-11-22"]);
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quoted(Path::new("/a/b.db")), "/a/b.db");
        assert_eq!(
            shell_quoted(Path::new("/a b/it's.db")),
            r"'/a b/it'\''s.db'"
        );
    }
}

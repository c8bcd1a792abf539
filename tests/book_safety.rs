//! A book is never lost, never silently damaged, never trusted when it should not
//! be: damaged, foreign, hostile and odd files through the binary; read-only books;
//! two runways on one book; daily backups, check and restore.

mod common;

use common::*;
use runway::store::{Access, Store, StoreError};
use std::path::{Path, PathBuf};
use std::process::Output;

/// `runway ARGS --db DB --today DAY` with the config and data folders inside `dir`.
fn run_on(dir: &Path, db: &Path, day: &str, args: &[&str]) -> Output {
    runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--today", day])
        .output()
        .unwrap()
}

fn demo_book(dir: &Path) -> PathBuf {
    let db = dir.join("book.db");
    let o = run_on(dir, &db, TODAY, &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn backups_dir(dir: &Path) -> PathBuf {
    dir.join("data/runway/backups")
}

fn backups(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(backups_dir(dir))
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn accounts_csv(dir: &Path, name: &str, owner: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!(
            "account_id,account_name,arr,renewal_date,owner\nDEMO-001,Quillfeather Stationers,125000,2027-01-06,{owner}\n"
        ),
    )
    .unwrap();
    p
}

fn owner_of(dir: &Path, db: &Path, id: &str) -> serde_json::Value {
    let o = run_on(dir, db, TODAY, &["account", id, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["owner"].clone()
}

/// The config file runway reads with `runway_in(dir)`.
fn write_config(dir: &Path, toml: &str) {
    std::fs::create_dir_all(dir.join("cfg/runway")).unwrap();
    std::fs::write(dir.join("cfg/runway/config.toml"), toml).unwrap();
}

/// Changes the book behind runway's back, as another program could.
fn tamper(db: &Path, sql: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

/// Overwrites the root page of `table` with junk, as a failing disk would.
fn corrupt_table(db: &Path, table: &str) {
    let (root, size): (i64, i64) = {
        let c = rusqlite::Connection::open(db).unwrap();
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        let size = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        (root, size)
    };
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(((root - 1) * size) as u64)).unwrap();
    f.write_all(&vec![0xA5; size as usize]).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_book_is_refused_named_and_restored_from_its_backup() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    // The first command of the day backs the book up.
    let o = run_on(d.path(), &db, TODAY, &["queue"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let taken = backups(d.path());
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert!(taken[0].starts_with("book-") && taken[0].ends_with(&format!("-{TODAY}.db")));

    corrupt_table(&db, "accounts");
    let bytes = std::fs::read(&db).unwrap();
    let file = accounts_csv(d.path(), "a.csv", "Someone");
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("the book is damaged"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(err.contains(&taken[0]), "{err}");
    assert!(err.contains("restore it with: runway restore"), "{err}");
    assert_eq!(err.matches("the book is damaged").count(), 1, "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written");

    let o = run_on(d.path(), &db, TODAY, &["check"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("the book is damaged"), "{}", stderr(&o));

    let backup = backups_dir(d.path()).join(&taken[0]);
    let o = run_on(d.path(), &db, TODAY, &["restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the previous file is kept as"),
        "{}",
        stderr(&o)
    );
    let aside: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with("book.db.damaged-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(d.path().join(&aside[0])).unwrap(), bytes);
    let o = run_on(d.path(), &db, TODAY, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("ok — passed SQLite's integrity check (80 accounts)"));
}

/// The import's integrity check runs beside its rows (issue 16): damage in a table
/// the import never touches is still found, and nothing is committed.
#[test]
fn damage_the_import_does_not_touch_still_stops_it() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    assert!(run_on(d.path(), &db, TODAY, &["queue"]).status.success()); // today's backup
    corrupt_table(&db, "activities");
    let bytes = std::fs::read(&db).unwrap();
    let file = d.path().join("new.csv");
    std::fs::write(
        &file,
        "account_id,account_name,arr,renewal_date,owner\nNEW-1,Newcomer Ltd,5000,2027-03-01,Someone\n",
    )
    .unwrap();
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("the book is damaged"), "{err}");
    assert_eq!(err.matches("the book is damaged").count(), 1, "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written");
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM accounts WHERE id = 'NEW-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "nothing committed");
}

#[test]
fn restore_brings_back_the_day_and_checks_what_it_is_given() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let before = owner_of(d.path(), &db, "DEMO-001"); // also takes today's backup
    let file = accounts_csv(d.path(), "a.csv", "Wrong Person");
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(owner_of(d.path(), &db, "DEMO-001"), "Wrong Person");
    let backup = backups_dir(d.path()).join(&backups(d.path())[0]);
    let o = run_on(d.path(), &db, TODAY, &["restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(owner_of(d.path(), &db, "DEMO-001"), before);

    // Not a backup: refused, and the book stays as it is.
    let junk = d.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just text").unwrap();
    let bytes = std::fs::read(&db).unwrap();
    let o = run_on(d.path(), &db, TODAY, &["restore", junk.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("nothing was restored"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn daily_backups_keep_the_last_seven_days() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    for day in 1..=10 {
        let today = format!("2026-12-{day:02}");
        let o = run_on(d.path(), &db, &today, &["queue", "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        // A second command the same day does not take another.
        assert!(run_on(d.path(), &db, &today, &["saves"]).status.success());
    }
    let days: Vec<String> = backups(d.path())
        .iter()
        .map(|n| n[n.len() - 13..n.len() - 3].to_string())
        .collect();
    let want: Vec<String> = (4..=10).map(|d| format!("2026-12-{d:02}")).collect();
    assert_eq!(days, want);
    // Every kept backup is itself a sound runway book.
    for n in backups(d.path()) {
        runway::store::verify_backup(&backups_dir(d.path()).join(n)).unwrap();
    }
}

#[test]
fn backups_can_be_turned_off() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    write_config(d.path(), "[backup]\nenabled = false\n");
    assert!(run_on(d.path(), &db, TODAY, &["queue"]).status.success());
    assert!(backups(d.path()).is_empty());
}

#[test]
fn a_hostile_trigger_never_fires_and_the_file_is_left_as_it_was() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    tamper(
        &db,
        "PRAGMA journal_mode = DELETE;
         CREATE TRIGGER steal AFTER UPDATE ON renewals BEGIN
           INSERT INTO meta (key, value) VALUES ('pwned', 'yes');
         END;",
    );
    let bytes = std::fs::read(&db).unwrap();
    let file = accounts_csv(d.path(), "a.csv", "Someone");
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("has a trigger 'steal' that runway did not create"),
        "{err}"
    );
    assert!(!err.contains("CREATE"), "no SQL in messages: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // Untouched: same bytes, still in its own journal mode, no WAL beside it.
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert!(!PathBuf::from(format!("{}-wal", db.display())).exists());
    assert!(backups(d.path()).is_empty());
}

#[test]
fn a_view_standing_in_for_a_table_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    tamper(
        &db,
        "PRAGMA foreign_keys = OFF;
         ALTER TABLE signals RENAME TO signals_kept;
         CREATE VIEW signals AS SELECT * FROM signals_kept WHERE 0;",
    );
    let o = run_on(d.path(), &db, TODAY, &["account", "DEMO-001", "--json"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("did not create") && err.contains("left untouched"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn devices_fifos_and_folders_are_refused_by_name() {
    let d = tempfile::tempdir().unwrap();
    let o = run_on(d.path(), Path::new("/dev/null"), TODAY, &["queue"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("/dev/null: is a device"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new("/dev/null-journal").exists());
    assert!(!Path::new("/dev/null-wal").exists());
    let file = accounts_csv(d.path(), "a.csv", "x");
    let o = run_on(
        d.path(),
        Path::new("/dev/null"),
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is a device"), "{}", stderr(&o));

    #[cfg(unix)]
    {
        let fifo = d.path().join("pipe.db");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let o = run_on(d.path(), &fifo, TODAY, &["queue"]);
            assert!(!o.status.success());
            assert!(
                stderr(&o).contains("is a FIFO (named pipe)"),
                "{}",
                stderr(&o)
            );
        }
    }
    let o = run_on(d.path(), d.path(), TODAY, &["queue"]);
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
}

#[test]
fn read_only_books_read_and_refuse_every_edit() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let o = run_on(d.path(), &db, TODAY, &["queue"]); // the day's backup
    assert!(o.status.success());
    let bytes = std::fs::read(&db).unwrap();
    for args in [
        &["queue", "--read-only"][..],
        &["account", "DEMO-001", "--json", "--read-only"],
        &["export", "accounts", "--read-only"],
    ] {
        let o = run_on(d.path(), &db, TODAY, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes);

    // Through the store: reads work, writes are refused with the reason.
    let mut store = Store::open_with(&db, Access::ReadOnly).unwrap();
    assert_eq!(store.read_only(), Some("opened with --read-only"));
    let rid: i64 = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(
            "SELECT r.id FROM renewals r JOIN accounts a ON a.key = r.account_key
             WHERE a.id = 'DEMO-001' AND r.closed_on IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let e = store.write(|tx| tx.set_owner(rid, Some("x"))).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly(_)), "{e}");
    assert!(e.to_string().contains("read-only"), "{e}");

    // The cockpit says so in its header and refuses a triage key.
    let mut app = app_on(store, 120, 40);
    assert!(
        screen(&app, 120, 40)
            .lines()
            .next()
            .unwrap()
            .contains("READ-ONLY")
    );
    key(&mut app, ratatui::crossterm::event::KeyCode::Char('n'));
    assert!(
        app.message.as_deref().unwrap_or("").contains("read-only"),
        "{:?}",
        app.message
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn a_file_this_user_cannot_write_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // root writes anything: the fallback can only be seen as another user.
    if std::fs::OpenOptions::new().write(true).open(&db).is_ok() {
        return;
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.read_only(), Some("this user cannot write the file"));
}

#[test]
fn an_import_waits_for_another_runways_write_instead_of_failing() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    assert!(run_on(d.path(), &db, TODAY, &["queue"]).status.success());
    let file = accounts_csv(d.path(), "a.csv", "Waited For");
    // Another writer holds the book for longer than an edit would ever wait (3 s).
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = runway_in(d.path());
    child
        .args(["import", "accounts", file.to_str().unwrap(), "--db"])
        .arg(&db)
        .args(["--today", TODAY])
        .timeout(std::time::Duration::from_secs(30));
    let handle = std::thread::spawn(move || child.output().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(4_000));
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    let o = handle.join().unwrap();
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("waiting for another runway to finish writing"),
        "{}",
        stderr(&o)
    );
    assert_eq!(owner_of(d.path(), &db, "DEMO-001"), "Waited For");
}

#[test]
fn two_imports_at_once_both_succeed() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    assert!(run_on(d.path(), &db, TODAY, &["queue"]).status.success());
    let mut files = Vec::new();
    for (n, prefix) in [(3000, "A"), (3000, "B")] {
        let p = d.path().join(format!("{prefix}.csv"));
        let mut text = String::from("account_id,account_name,arr,renewal_date\n");
        for i in 0..n {
            text.push_str(&format!(
                "{prefix}-{i},Company {prefix}{i},{},2027-03-01\n",
                5000 + i
            ));
        }
        std::fs::write(&p, text).unwrap();
        files.push(p);
    }
    let handles: Vec<_> = files
        .into_iter()
        .map(|f| {
            let mut c = runway_in(d.path());
            c.args(["import", "accounts"])
                .arg(&f)
                .arg("--db")
                .arg(&db)
                .args(["--today", TODAY]);
            std::thread::spawn(move || c.output().unwrap())
        })
        .collect();
    for h in handles {
        let o = h.join().unwrap();
        assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).ends_with("added 3000, updated 0, unchanged 0, rejected 0\n"));
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.book_stats().unwrap().accounts, 80 + 6000);
}

#[test]
fn a_busy_book_is_said_once() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    assert!(run_on(d.path(), &db, TODAY, &["queue"]).status.success());
    write_config(d.path(), "[store]\nimport_wait_secs = 1\n");
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let file = accounts_csv(d.path(), "a.csv", "x");
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.matches("another runway is saving").count(), 1, "{err}");
}

#[test]
fn another_runways_change_is_picked_up_and_a_stale_edit_refused() {
    let (_d, path) = temp_db();
    {
        let mut s = Store::open(&path).unwrap();
        runway::demo::load_demo(&mut s, today()).unwrap();
    }
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    let i = app.queue.view[app.queue.selected];
    let (rid, stage) = (
        app.queue.full_row(i).unwrap().facts.renewal_id,
        app.queue.full_row(i).unwrap().facts.stage,
    );
    let mut other = Store::open(&path).unwrap();
    other
        .write(|tx| tx.set_owner(rid, Some("Changed Elsewhere")))
        .unwrap();
    // An edit typed over the old screen is refused, not applied to stale data.
    key(&mut app, ratatui::crossterm::event::KeyCode::Char('n'));
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("changed by another runway"),
        "{:?}",
        app.message
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    let stored: String = c
        .query_row("SELECT stage FROM renewals WHERE id = ?1", [rid], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored, stage.as_str());
    // The cockpit re-reads what another runway wrote…
    assert!(app.catch_up());
    let i = app
        .queue
        .view
        .iter()
        .position(|&i| app.queue.full_row(i).unwrap().facts.renewal_id == rid)
        .unwrap();
    assert_eq!(
        app.queue
            .full_row(app.queue.view[i])
            .unwrap()
            .facts
            .owner
            .as_deref(),
        Some("Changed Elsewhere")
    );
    assert_eq!(
        app.message.as_deref(),
        Some("changed by another runway — reloaded")
    );
    // …and nothing more until it writes again.
    assert!(!app.catch_up());
}

#[test]
fn an_export_killed_mid_write_leaves_nothing_behind_next_time() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let left = out.join(".accounts.csv.runway-99999999.tmp");
    let foreign = out.join(".notes.tmp");
    std::fs::write(&left, b"half a file").unwrap();
    std::fs::write(&foreign, b"someone else's").unwrap();
    let target = out.join("accounts.csv");
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["export", "accounts", "-o", target.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(target.exists());
    assert!(!left.exists());
    assert!(foreign.exists());
}

#[cfg(unix)]
#[test]
fn the_config_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let o = runway_in(d.path())
        .args(["config", "init"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&d.path().join("cfg/runway")), 0o700);
    assert_eq!(mode(&d.path().join("cfg/runway/config.toml")), 0o600);
}

#[test]
fn an_import_under_read_only_is_refused_before_reading_the_file() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let bytes = std::fs::read(&db).unwrap();
    let file = accounts_csv(d.path(), "a.csv", "x");
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap(), "--read-only"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn a_damaged_first_page_is_damage_not_a_stranger() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    assert!(run_on(d.path(), &db, TODAY, &["queue"]).status.success());
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.seek(SeekFrom::Start(100)).unwrap();
        f.write_all(&[0xA5; 3996]).unwrap();
    }
    let o = run_on(d.path(), &db, TODAY, &["queue"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("the book is damaged"), "{err}");
    assert!(err.contains("restore it with: runway restore"), "{err}");
}

#[test]
fn a_read_only_book_reads_with_changed_signal_thresholds() {
    // A changed [signals] config recomputes derived signals on open — a write, which
    // a read-only book must skip rather than fail on.
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    write_config(d.path(), "[signals]\nhealth_drop_points = 5\n");
    let bytes = std::fs::read(&db).unwrap();
    let o = run_on(d.path(), &db, TODAY, &["queue", "--read-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn the_books_check_starts_after_the_first_frame_and_its_finding_is_shown() {
    // The check reads every page of the book: it starts on the first tick (which
    // comes after the first frame), not beside it, and what it finds reaches the
    // screen.
    let (_d, store) = demo_store();
    let mut app = app_on(store, 120, 40);
    let started = std::rc::Rc::new(std::cell::Cell::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let started = started.clone();
        app.watch_after_first_frame(move || {
            started.set(true);
            rx
        });
    }
    assert!(!started.get(), "started before the first frame");
    let _ = screen(&app, 120, 40);
    app.tick();
    assert!(started.get(), "not started on the first tick");
    tx.send(runway::backups::Finding::BackupFailed("disk full".into()))
        .unwrap();
    assert!(app.tick());
    let message = app.message.clone().unwrap_or_default();
    assert!(message.contains("daily backup failed") && message.contains("disk full"));
    drop(tx);
    app.tick();
    assert!(!app.tick(), "a finished check keeps asking for frames");
}

#[test]
fn restore_takes_an_interrupted_imports_journal_aside_with_the_book() {
    // A journal left beside the book by an interrupted import belongs to that file:
    // restoring a backup in its place must not play it back into the backup.
    let d = tempfile::tempdir().unwrap();
    let crashed = crashed_mid_import(d.path());
    let backup = demo_book(d.path());
    let said = runway::backups::restore(&crashed, &backup).unwrap();
    let (verdict, sound) = runway::backups::check(&crashed).unwrap();
    assert!(sound, "{verdict}");
    assert!(!Path::new(&format!("{}-journal", crashed.display())).exists());
    // The file moved aside keeps its journal, so it still opens as it was.
    let aside = said
        .split("kept as ")
        .nth(1)
        .expect("the previous file is kept")
        .trim();
    assert!(Path::new(&format!("{aside}-journal")).exists(), "{said}");
    let store = Store::open(Path::new(aside)).unwrap();
    assert_eq!(store.check(true).unwrap(), Ok(()));
    assert_eq!(store.book_stats().unwrap().accounts, 0);
}

#[test]
fn an_import_waits_while_another_runway_has_a_new_book_to_itself() {
    // A large import into a new book keeps even readers out (it goes through a
    // rollback journal): another runway is told so, and an import waits for it.
    let (d, db) = temp_db();
    drop(Store::open(&db).unwrap());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.query_row("PRAGMA main.journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })
    .unwrap();
    c.execute_batch("BEGIN EXCLUSIVE").unwrap();
    match Store::open(&db) {
        Err(e @ StoreError::Held { .. }) => assert!(e.to_string().contains("busy"), "{e}"),
        other => panic!("opened beside a held book: {:?}", other.err()),
    }
    let file = accounts_csv(d.path(), "a.csv", "Pat");
    let held = std::thread::spawn(move || {
        // Longer than one open's own wait for the lock (3 s), so the import says it
        // is waiting.
        std::thread::sleep(std::time::Duration::from_millis(4000));
        c.execute_batch("COMMIT").unwrap();
        drop(c);
    });
    let o = run_on(
        d.path(),
        &db,
        TODAY,
        &["import", "accounts", file.to_str().unwrap()],
    );
    held.join().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("waiting for another runway"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("added"), "{}", stdout(&o));
}

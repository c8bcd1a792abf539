//! `runway import` through the binary, on temp books: refused files and dry runs leave
//! the database byte for byte as it was; re-imports change nothing; a changed row
//! keeps the account's local work.

mod common;

use common::*;
use runway::domain::book::{Activity, SavePlan, Stakeholder};
use runway::domain::stakeholder::{ContactStatus, Sentiment};
use runway::store::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// `runway import KIND FILE EXTRA… --db DB --today TODAY`.
fn import(dir: &Path, db: &Path, kind: &str, file: &Path, extra: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(["import", kind])
        .arg(file)
        .args(extra)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .output()
        .unwrap()
}

/// The database's bytes, and its WAL's if one was left behind.
fn fingerprint(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).unwrap(), std::fs::read(wal).ok())
}

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

#[test]
fn a_first_import_creates_the_book_and_a_second_changes_nothing() {
    let (d, db) = temp_db();
    let o = import(d.path(), &db, "accounts", &fixture("accounts.csv"), &[]);
    ok(&o);
    assert_eq!(
        stdout(&o),
        "Imported accounts.csv (accounts).\nadded 4, updated 0, unchanged 0, rejected 0\n"
    );
    ok(&import(
        d.path(),
        &db,
        "stakeholders",
        &fixture("stakeholders.csv"),
        &[],
    ));
    ok(&import(
        d.path(),
        &db,
        "signals",
        &fixture("signals.csv"),
        &[],
    ));
    let before = fingerprint(&db);
    for (kind, file, n) in [
        ("accounts", "accounts.csv", 4),
        ("stakeholders", "stakeholders.csv", 3),
        ("signals", "signals.csv", 5),
    ] {
        let o = import(d.path(), &db, kind, &fixture(file), &[]);
        ok(&o);
        assert!(
            stdout(&o).ends_with(&format!("added 0, updated 0, unchanged {n}, rejected 0\n")),
            "{}",
            stdout(&o)
        );
    }
    assert_eq!(fingerprint(&db).0, before.0, "a re-import rewrote the book");
}

#[test]
fn refused_files_and_dry_runs_leave_the_book_byte_for_byte() {
    let (d, db) = temp_db();
    ok(&import(
        d.path(),
        &db,
        "accounts",
        &fixture("accounts.csv"),
        &[],
    ));
    let before = fingerprint(&db);
    for bad in [
        "bad_missing_column.csv",
        "bad_ambiguous_dates.csv",
        "bad_date.csv",
        "bad_negative_arr.csv",
        "bad_absurd_arr.csv",
        "bad_currency.csv",
        "bad_duplicate_ids.csv",
        "bad_unterminated_quote.csv",
        "bad_not_utf8.csv",
        "bad_empty.csv",
        "bad_annual_revenue.csv",
        "bad_unknown_enum.csv",
    ] {
        let o = import(d.path(), &db, "accounts", &fixture(bad), &[]);
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", stdout(&o));
        assert!(stdout(&o).starts_with(&format!("Refused {bad}: nothing written.\n")));
        assert!(
            stderr(&o).contains("refused; nothing was written"),
            "{bad}: {}",
            stderr(&o)
        );
        assert_eq!(fingerprint(&db), before, "{bad} changed the book");
    }
    let o = import(
        d.path(),
        &db,
        "accounts",
        &fixture("salesforce_accounts.csv"),
        &["--dry-run"],
    );
    ok(&o);
    assert!(
        stdout(&o).starts_with("Dry run of salesforce_accounts.csv (accounts): nothing written.\n")
    );
    assert!(stdout(&o).ends_with("added 3, updated 0, unchanged 0, rejected 0\n"));
    assert_eq!(fingerprint(&db), before, "a dry run changed the book");
}

#[test]
fn a_refused_first_import_leaves_no_book_behind() {
    let (d, db) = temp_db();
    let o = import(d.path(), &db, "accounts", &fixture("bad_date.csv"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!db.exists());
    let o = import(
        d.path(),
        &db,
        "accounts",
        &d.path().join("no-such.csv"),
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no-such.csv: cannot read"),
        "{}",
        stderr(&o)
    );
    assert!(!db.exists());
}

#[test]
fn flags_encoding_delimiter_date_order_and_json() {
    let (d, db) = temp_db();
    let o = import(
        d.path(),
        &db,
        "accounts",
        &fixture("windows1252_accounts.csv"),
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("--encoding windows-1252"));
    ok(&import(
        d.path(),
        &db,
        "accounts",
        &fixture("windows1252_accounts.csv"),
        &["--encoding", "windows-1252"],
    ));
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.account("W-1").unwrap().unwrap().name,
        "Société Générale"
    );
    drop(store);
    ok(&import(
        d.path(),
        &db,
        "accounts",
        &fixture("european_accounts.csv"),
        &["--delimiter", ";"],
    ));
    let o = import(
        d.path(),
        &db,
        "accounts",
        &fixture("bad_ambiguous_dates.csv"),
        &["--date-order", "mdy", "--json"],
    );
    ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["added"], 2);
    assert_eq!(v["written"], true);
    assert_eq!(v["refused"], false);
    let o = import(
        d.path(),
        &db,
        "accounts",
        &fixture("bad_date.csv"),
        &["--json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["problem_count"], 2);
    assert_eq!(v["refused"], true);
    assert_eq!(
        v["problems"][0],
        "row 2, column renewal_date: no such date ('2027-02-30')"
    );
}

#[test]
fn a_changed_row_updates_and_keeps_local_work() {
    let (d, db) = temp_db();
    ok(&import(
        d.path(),
        &db,
        "accounts",
        &fixture("accounts.csv"),
        &[],
    ));
    // Local work on A-1: a note, a save plan, a person added by hand.
    {
        let mut store = Store::open(&db).unwrap();
        store
            .write(|tx| {
                let rid = tx.open_renewal_id("A-1")?;
                tx.log_activity(&Activity {
                    account_id: "A-1".into(),
                    renewal_id: rid,
                    at: "2026-11-20T10:00:00".into(),
                    kind: "note".into(),
                    summary: "called Maria".into(),
                })?;
                tx.add_save_plan(&SavePlan {
                    account_id: "A-1".into(),
                    renewal_id: rid,
                    opened_on: Some(today()),
                    ..Default::default()
                })?;
                tx.add_stakeholder(
                    &Stakeholder {
                        id: 0,
                        account_id: "A-1".into(),
                        name: "Hand Added".into(),
                        title: None,
                        email: None,
                        phone: None,
                        role: None,
                        sentiment: Sentiment::Neutral,
                        status: ContactStatus::Active,
                        last_contact: None,
                        our_thread: None,
                        our_contact: None,
                    },
                    "manual",
                )
            })
            .unwrap();
    }
    let a1_tasks = |store: &Store| -> Vec<runway::store::DueTask> {
        let all = store.tasks_due(today()).unwrap();
        all.into_iter().filter(|t| t.account_id == "A-1").collect()
    };
    assert!(
        a1_tasks(&Store::open(&db).unwrap()).is_empty(),
        "no review task yet"
    );
    // A-1's ARR and owner change, and its health falls to 30 (red).
    let changed = std::fs::read_to_string(fixture("accounts.csv"))
        .unwrap()
        .replace(
            "A-1,Kestrel Freight Co.,125000,USD,2027-01-15,Dana,82,",
            "A-1,Kestrel Freight Co.,150000,USD,2027-01-15,Robin,30,",
        );
    let file = d.path().join("accounts-changed.csv");
    std::fs::write(&file, changed).unwrap();
    let o = import(d.path(), &db, "accounts", &file, &[]);
    ok(&o);
    assert!(
        stdout(&o).ends_with("added 0, updated 1, unchanged 3, rejected 0\n"),
        "{}",
        stdout(&o)
    );

    let store = Store::open(&db).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let one = |q: &str| -> String { c.query_row(q, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one(
            "SELECT arr_minor || ' ' || owner FROM renewals r JOIN accounts a ON a.key = r.account_key WHERE a.id = 'A-1'"
        ),
        "15000000 Robin"
    );
    assert_eq!(
        one("SELECT summary FROM activities WHERE account_id = 'A-1'"),
        "called Maria"
    );
    assert_eq!(
        one("SELECT status FROM save_plans WHERE account_id = 'A-1'"),
        "open"
    );
    assert!(
        store
            .stakeholders("A-1")
            .unwrap()
            .iter()
            .any(|p| p.name == "Hand Added")
    );
    let tasks = a1_tasks(&store);
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    assert_eq!(tasks[0].kind, "review_meeting");
    assert_eq!(
        tasks[0].title,
        "Review meeting now: health fell to 30 (red)"
    );
}

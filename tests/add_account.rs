//! `runway add account` through the binary, on temp books (issue 14: a CSM without a
//! CRM export can start).

mod common;

use common::*;
use std::path::Path;

fn run(dir: &Path, book: &Path, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(book)
        .args(["--today", TODAY])
        .output()
        .unwrap()
}

fn demo_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, path) = temp_db();
    let out = run(d.path(), &path, &["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    (d, path)
}

const ACME: &[&str] = &[
    "add",
    "account",
    "ACME-1",
    "--name",
    "Acme Rockets",
    "--arr",
    "48,000",
    "--renewal",
    "+2w",
    "--owner",
    "Dana Reyes",
    "--health",
    "72",
    "--stage",
    "engaged",
];

#[test]
fn adds_an_account_and_prints_it_as_account_does() {
    let (d, book) = demo_book();
    let out = run(d.path(), &book, ACME);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = run(d.path(), &book, &["account", "ACME-1"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(stdout(&out), stdout(&shown));
    let text = stdout(&out);
    assert!(text.starts_with("Acme Rockets (ACME-1)\n"), "{text}");
    assert!(
        text.contains("Mid-market · ARR $48,000 · renews 14d · engaged · health 72"),
        "{text}"
    );
    // Stored as typed, with its open renewal, in the queue like any other.
    let store = runway::store::Store::open(&book).unwrap();
    let cfg = runway::domain::config::Config::default();
    let row = store.account_row("ACME-1", &cfg, today()).unwrap().unwrap();
    assert_eq!(row.facts.owner.as_deref(), Some("Dana Reyes"));
    assert_eq!(row.facts.renewal_date, Some("2026-12-06".parse().unwrap()));
    assert!(!row.stalled, "the day it is added counts as movement");
    let queue = store.load_queue(&cfg, today(), Some(90)).unwrap();
    assert!(queue.iter().any(|r| &*r.facts.account_id == "ACME-1"));
}

#[test]
fn starts_a_new_book() {
    let (d, book) = temp_db();
    let out = run(d.path(), &book, ACME);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = runway::store::Store::open(&book).unwrap();
    assert_eq!(store.book_stats().unwrap().accounts, 1);
}

#[test]
fn an_existing_id_is_refused_and_the_book_is_unchanged() {
    let (d, book) = demo_book();
    let before = run(d.path(), &book, &["account", "DEMO-001", "--json"]);
    assert!(before.status.success(), "{}", stderr(&before));
    let mut args = ACME.to_vec();
    args[2] = "DEMO-001";
    let out = run(d.path(), &book, &args);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("an account with the id 'DEMO-001' is already in the book")
            && err.contains("nothing was added"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    let after = run(d.path(), &book, &["account", "DEMO-001", "--json"]);
    assert_eq!(stdout(&before), stdout(&after));
    let store = runway::store::Store::open(&book).unwrap();
    assert_eq!(
        store.book_stats().unwrap().accounts,
        runway::demo::demo_account_count() as i64
    );
}

#[test]
fn the_store_refuses_an_existing_id_whoever_asks() {
    let (_d, book) = demo_book();
    let mut store = runway::store::Store::open(&book).unwrap();
    let cfg = runway::domain::config::Config::default();
    let typed = runway::domain::new_account::NewAccountText {
        id: "DEMO-001",
        name: "Someone else",
        arr: "1",
        renewal: "today",
        ..Default::default()
    };
    let a = runway::domain::new_account::read(&typed, today(), &cfg.book).unwrap();
    let name_before = store.account("DEMO-001").unwrap().unwrap().name;
    let e = store.add_account(&a, &cfg, today(), "t").unwrap_err();
    assert!(e.to_string().contains("already in the book"), "{e}");
    assert_eq!(
        store.account("DEMO-001").unwrap().unwrap().name,
        name_before
    );
}

#[test]
fn bad_fields_are_named_and_nothing_is_written() {
    let (d, book) = temp_db();
    for (flag, value, says) in [
        (
            "--renewal",
            "someday",
            "renewal: 'someday' is not a date: write 2026-12-31",
        ),
        (
            "--renewal",
            "2027-02-29",
            "renewal: '2027-02-29' is not a day of the calendar",
        ),
        ("--health", "150", "health: '150' is over 100"),
        (
            "--health",
            "-3",
            "health: '-3' is not a score from 0 to 100",
        ),
        (
            "--stage",
            "signed",
            "stage: 'signed' is not a stage (use not_started, prep",
        ),
        ("--stage", "won", "stage: 'won' closes a renewal"),
        ("--arr", "-5", "arr: -5 is negative"),
        (
            "--currency",
            "EURO",
            "currency: 'EURO' is not a three-letter ISO code",
        ),
    ] {
        let mut args = ACME.to_vec();
        match args.iter().position(|a| *a == flag) {
            Some(i) => args[i + 1] = value,
            None => args.extend([flag, value]),
        }
        let out = run(d.path(), &book, &args);
        assert!(!out.status.success(), "{flag} {value} was accepted");
        let err = stderr(&out);
        assert!(
            err.contains(says),
            "{flag} {value}: expected {says:?} in {err}"
        );
        assert!(
            !book.exists(),
            "{flag} {value}: a refused add left a book behind"
        );
    }
}

#[test]
fn a_read_only_book_refuses() {
    let (d, book) = demo_book();
    let mut args = ACME.to_vec();
    args.push("--read-only");
    let out = run(d.path(), &book, &args);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    let store = runway::store::Store::open(&book).unwrap();
    assert!(store.account("ACME-1").unwrap().is_none());
    // And a book that does not exist is not created by a read-only run.
    let (d2, missing) = temp_db();
    let out = run(d2.path(), &missing, &args);
    assert!(!out.status.success());
    assert!(!missing.exists());
}

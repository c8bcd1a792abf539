//! An import never clears what the file does not say: a row whose length differs
//! from the header is refused, an empty cell keeps the stored value, and clearing is
//! asked for with `--clear-empty` and counted in the report.

mod common;

use common::*;
use std::path::Path;

/// A demo book in `dir`.
fn demo_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    let o = runway_in(dir)
        .args(["demo", "--db"])
        .arg(&db)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .output()
        .unwrap()
}

fn account_json(dir: &Path, db: &Path, id: &str) -> serde_json::Value {
    let o = run(dir, db, &["account", id, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

const HEADER: &str = "account_id,account_name,arr,currency,renewal_date,owner,health_score,stage\n";

#[test]
fn a_short_row_is_refused_and_the_book_is_untouched() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let before = account_json(d.path(), &db, "DEMO-001");
    let file = write(
        d.path(),
        "short.csv",
        &format!("{HEADER}DEMO-001,Quillfeather Stationers,125000\n"),
    );
    let bytes = std::fs::read(&db).unwrap();
    let o = run(
        d.path(),
        &db,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let out = stdout(&o);
    assert!(out.contains("row 2: expected 8 fields, found 3"), "{out}");
    assert!(
        out.starts_with("Refused short.csv: nothing written."),
        "{out}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    let after = account_json(d.path(), &db, "DEMO-001");
    assert_eq!(after["renewal_date"], before["renewal_date"]);
    assert_eq!(after["owner"], before["owner"]);
}

#[test]
fn a_long_row_is_refused_too() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let file = write(
        d.path(),
        "long.csv",
        &format!(
            "{HEADER}DEMO-001,Quillfeather Stationers,125000,USD,2027-01-06,Sam,70,engaged,\n"
        ),
    );
    let o = run(
        d.path(),
        &db,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(
        stdout(&o).contains("row 2: expected 8 fields, found 9"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn empty_cells_keep_stored_values_and_the_report_counts_them() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let before = account_json(d.path(), &db, "DEMO-001");
    assert!(before["owner"].is_string() && before["renewal_date"].is_string());
    // Same ARR, everything else empty: the file says nothing new.
    let file = write(
        d.path(),
        "empty.csv",
        &format!("{HEADER}DEMO-001,Quillfeather Stationers,125000,,,,,\n"),
    );
    let o = run(
        d.path(),
        &db,
        &["import", "accounts", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stdout(&o));
    let out = stdout(&o);
    // Owner, renewal date, health and stage were stored and kept.
    assert!(
        out.contains("empty cells: 4 stored values kept (use --clear-empty to clear them)"),
        "{out}"
    );
    assert!(
        out.ends_with("added 0, updated 0, unchanged 1, rejected 0\n"),
        "{out}"
    );
    let after = account_json(d.path(), &db, "DEMO-001");
    for field in [
        "renewal_date",
        "owner",
        "health_score",
        "stage",
        "target_arr",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
}

#[test]
fn clear_empty_clears_what_can_be_cleared_and_says_so() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let before = account_json(d.path(), &db, "DEMO-001");
    let file = write(
        d.path(),
        "clear.csv",
        "account_id,account_name,arr,renewal_date,owner,stage\nDEMO-001,Quillfeather Stationers,125000,,,\n",
    );
    let o = run(
        d.path(),
        &db,
        &[
            "import",
            "accounts",
            file.to_str().unwrap(),
            "--clear-empty",
        ],
    );
    assert!(o.status.success(), "{}", stdout(&o));
    let out = stdout(&o);
    // The owner is cleared; a renewal date and a stage cannot be, so they are kept.
    assert!(
        out.contains("empty cells: 1 stored value cleared, 2 stored values kept"),
        "{out}"
    );
    assert!(
        out.ends_with("added 0, updated 1, unchanged 0, rejected 0\n"),
        "{out}"
    );
    let after = account_json(d.path(), &db, "DEMO-001");
    assert!(after["owner"].is_null(), "{}", after["owner"]);
    assert_eq!(after["renewal_date"], before["renewal_date"]);
    assert_eq!(after["stage"], before["stage"]);
}

#[test]
fn the_json_report_carries_the_counts() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let file = write(
        d.path(),
        "empty.csv",
        "account_id,account_name,arr,renewal_date,owner\nDEMO-001,Quillfeather Stationers,125000,,\n",
    );
    let o = run(
        d.path(),
        &db,
        &[
            "import",
            "accounts",
            file.to_str().unwrap(),
            "--json",
            "--dry-run",
        ],
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["empty_kept"], 2);
    assert_eq!(v["empty_cleared"], 0);
}

#[test]
fn stakeholder_and_signal_imports_keep_what_an_empty_cell_does_not_say() {
    let d = tempfile::tempdir().unwrap();
    let db = demo_book(d.path());
    let first = write(
        d.path(),
        "people.csv",
        "account_id,name,title,email,role,sentiment,last_contact\nDEMO-001,Ada Quill,CFO,ada@q.example,economic_buyer,supporter,2026-11-01\n",
    );
    assert!(
        run(
            d.path(),
            &db,
            &["import", "stakeholders", first.to_str().unwrap()]
        )
        .status
        .success()
    );
    let again = write(
        d.path(),
        "people2.csv",
        "account_id,name,title,email,role,sentiment,last_contact\nDEMO-001,Ada Quill,,ada@q.example,,,\n",
    );
    let o = run(
        d.path(),
        &db,
        &["import", "stakeholders", again.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("empty cells: 4 stored values kept"),
        "{}",
        stdout(&o)
    );
    let v = account_json(d.path(), &db, "DEMO-001");
    let ada = v["stakeholders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Ada Quill")
        .unwrap()
        .clone();
    assert_eq!(ada["title"], "CFO");
    assert_eq!(ada["role"], "economic_buyer");
    assert_eq!(ada["last_contact"], "2026-11-01");

    let sig = write(
        d.path(),
        "sig.csv",
        "account_id,date,kind,value,note\nDEMO-001,2026-11-20,nps,30,asked in QBR\n",
    );
    assert!(
        run(d.path(), &db, &["import", "signals", sig.to_str().unwrap()])
            .status
            .success()
    );
    let sig2 = write(
        d.path(),
        "sig2.csv",
        "account_id,date,kind,value,note\nDEMO-001,2026-11-20,nps,30,\n",
    );
    let o = run(
        d.path(),
        &db,
        &["import", "signals", sig2.to_str().unwrap()],
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("empty cells: 1 stored value kept"), "{out}");
    assert!(
        out.ends_with("added 0, updated 0, unchanged 1, rejected 0\n"),
        "{out}"
    );
}

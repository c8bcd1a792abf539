//! Listings and exports stream row by row (issue 16); their bytes stay exactly what
//! the whole-document versions wrote. The fixtures were written by the binary before
//! streaming, on the demo book dated 2026-11-22.

mod common;
use common::*;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/streaming");

fn demo_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    runway_in(dir)
        .args(["--db", db.to_str().unwrap(), "--today", TODAY, "demo"])
        .assert()
        .success();
    db
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> Vec<u8> {
    let out = runway_in(dir)
        .args(["--db", db.to_str().unwrap(), "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out.stdout
}

fn same_as_fixture(name: &str, got: &[u8]) {
    let want = std::fs::read(Path::new(FIXTURES).join(name)).unwrap();
    if got != want.as_slice() {
        let got = String::from_utf8_lossy(got);
        let want = String::from_utf8_lossy(&want);
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "{name}: differs from the fixture at line {} (got {} bytes, want {})\n got: {:?}\nwant: {:?}",
            line + 1,
            got.len(),
            want.len(),
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

#[test]
fn queue_listings_are_byte_for_byte_what_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    for (fixture, args) in [
        ("queue.json", &["queue", "--json"][..]),
        ("queue-all.json", &["queue", "--all", "--json"]),
        (
            "queue-all-at-risk.json",
            &["queue", "--all", "--at-risk", "--json"],
        ),
        (
            "queue-owner.json",
            &["queue", "--owner", "Dana Reyes", "--snoozed", "--json"],
        ),
        ("queue-days0.json", &["queue", "--days", "0", "--json"]),
        (
            "queue-empty.json",
            &["queue", "--owner", "nobody", "--json"],
        ),
        ("queue-all.txt", &["queue", "--all"]),
    ] {
        same_as_fixture(fixture, &run(dir.path(), &db, args));
    }
}

#[test]
fn exports_are_byte_for_byte_what_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    for what in ["accounts", "stakeholders", "signals", "calendar"] {
        let fixture = format!("export-{what}.out");
        same_as_fixture(&fixture, &run(dir.path(), &db, &["export", what]));
        // The same bytes through the atomic file write.
        let file = dir.path().join(format!("out-{what}"));
        run(
            dir.path(),
            &db,
            &["export", what, "-o", file.to_str().unwrap()],
        );
        same_as_fixture(&fixture, &std::fs::read(&file).unwrap());
    }
    same_as_fixture(
        "export-calendar-one.out",
        &run(
            dir.path(),
            &db,
            &["export", "calendar", "--account", "DEMO-002"],
        ),
    );
    same_as_fixture(
        "export-accounts-one.out",
        &run(
            dir.path(),
            &db,
            &["export", "accounts", "--account", "DEMO-005"],
        ),
    );
}

#[test]
fn portfolio_data_is_byte_for_byte_what_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    same_as_fixture(
        "forecast.json",
        &run(dir.path(), &db, &["forecast", "--json"]),
    );
    same_as_fixture("report.md", &run(dir.path(), &db, &["report", "--md"]));
}

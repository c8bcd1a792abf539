//! `runway export` and `runway backup` through the binary, on temp books.

mod common;

use common::*;
use runway::domain::book::{Account, Renewal, Stakeholder};
use runway::domain::money::Money;
use runway::domain::stakeholder::{ContactStatus, Sentiment};
use runway::store::Store;
use std::path::Path;

fn runway(dir: &Path, book: &Path, args: &[&str]) -> std::process::Output {
    runway_in(dir)
        .args(args)
        .args(["--today", TODAY, "--db"])
        .arg(book)
        .output()
        .unwrap()
}

fn ok(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The demo book plus one account whose text is hostile in every way a CRM export
/// can be: formula starters, CSV and iCalendar delimiters, an escape sequence.
fn hostile_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    runway::demo::load_demo(&mut store, today()).unwrap();
    store
        .write(|tx| {
            let a = Account {
                id: "ZZ-9".into(),
                name: "=HYPERLINK(\"http://x\"), Inc; \"West\"\n\u{1b}[31m".into(),
                ..Default::default()
            };
            tx.upsert_account(&a, "manual", "2026-11-22T00:00:00Z")?;
            let mut r = Renewal::open(
                "ZZ-9",
                Some("2027-01-10".parse().unwrap()),
                Money::from_major(12_000),
                "USD",
            );
            r.owner = Some("@owner".into());
            tx.insert_renewal(&r)?;
            tx.add_stakeholder(
                &Stakeholder {
                    id: 0,
                    account_id: "ZZ-9".into(),
                    name: "-Dee".into(),
                    title: None,
                    email: None,
                    phone: Some("+1 555 0100".into()),
                    role: None,
                    sentiment: Sentiment::Neutral,
                    status: ContactStatus::Active,
                    last_contact: None,
                    our_thread: None,
                    our_contact: None,
                },
                "manual",
            )?;
            Ok(())
        })
        .unwrap();
    drop(store);
    (dir, path)
}

#[test]
fn accounts_csv_has_canonical_headers_and_defused_cells() {
    let (dir, book) = hostile_book();
    let out = ok(&runway(dir.path(), &book, &["export", "accounts", "--csv"]));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, runway::io::canonical::ACCOUNT_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 81);
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "ordered by id, so two exports diff cleanly");
    let z = rows.iter().find(|r| &r[0] == "ZZ-9").unwrap();
    assert!(z[1].starts_with("'=HYPERLINK"), "{}", &z[1]);
    assert_eq!(&z[2], "12000");
    assert_eq!(&z[5], "'@owner");

    let people = ok(&runway(
        dir.path(),
        &book,
        &["export", "stakeholders", "--account", "ZZ-9"],
    ));
    assert_eq!(
        people.lines().nth(1).unwrap(),
        "ZZ-9,'-Dee,,,'+1 555 0100,,neutral,,active,,"
    );
}

#[test]
fn exports_to_a_file_are_private_atomic_and_refuse_symlinks() {
    let (dir, book) = hostile_book();
    let file = dir.path().join("signals.csv");
    let o = runway(
        dir.path(),
        &book,
        &["export", "signals", "-o", file.to_str().unwrap()],
    );
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains(" signal lines"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("account_id,date,kind,value,note\r\n"));
    assert!(text.contains(",health_score,"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let o = runway(
            dir.path(),
            &book,
            &["export", "accounts", "-o", link.to_str().unwrap()],
        );
        assert!(!o.status.success());
        assert!(String::from_utf8_lossy(&o.stderr).contains("symbolic link"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn calendar_parses_and_is_repeatable() {
    use icalendar::{Calendar, CalendarComponent, Component};
    let (dir, book) = hostile_book();
    let first = ok(&runway(dir.path(), &book, &["export", "calendar"]));
    let again = ok(&runway(dir.path(), &book, &["export", "calendar"]));
    assert_eq!(first, again, "same book, same day: same bytes");
    for line in first.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line of {} octets", line.len());
        assert!(!line.contains('\n'), "bare LF inside a line");
    }
    assert!(first.ends_with("END:VCALENDAR\r\n"));
    let unfolded = icalendar::parser::unfold(&first);
    let cal: Calendar = unfolded.parse().expect("a calendar parser reads it");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert!(events.len() > 100, "{} events", events.len());
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    let n = uids.len();
    uids.dedup();
    assert_eq!(uids.len(), n, "every UID unique");
    assert!(uids.iter().all(|u| u.ends_with("@runway")));
    let z = events
        .iter()
        .find(|e| e.get_uid() == Some("ZZ-9-t30_proposal@runway"))
        .or_else(|| {
            events
                .iter()
                .find(|e| e.get_uid().is_some_and(|u| u.starts_with("ZZ-9-")))
        })
        .expect("the hostile account's milestones are there");
    let summary = z.get_summary().unwrap();
    assert!(
        summary.contains("HYPERLINK(\"http://x\"), Inc; \"West\""),
        "{summary}"
    );
    assert!(
        !summary.contains('\u{1b}'),
        "no escape sequence reaches a calendar"
    );
    assert!(matches!(
        z.get_start(),
        Some(icalendar::DatePerhapsTime::Date(_))
    ));

    let one = ok(&runway(
        dir.path(),
        &book,
        &["export", "calendar", "--account", "DEMO-001"],
    ));
    assert!(one.contains("UID:DEMO-001-"));
    assert!(!one.contains("UID:DEMO-002-"));
}

#[test]
fn calendar_is_not_csv() {
    let (dir, book) = hostile_book();
    let o = runway(dir.path(), &book, &["export", "calendar", "--csv"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("iCalendar"));
}

#[test]
fn backup_is_a_checked_copy_even_while_the_book_is_open() {
    let (dir, book) = hostile_book();
    // The cockpit holds the book open in another connection.
    let open = Store::open(&book).unwrap();
    let copy = dir.path().join("copy.db");
    let o = runway(dir.path(), &book, &["backup", "-o", copy.to_str().unwrap()]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("integrity check ok"));
    drop(open);
    assert!(
        !Path::new(&format!("{}-wal", copy.display())).exists(),
        "one self-contained file"
    );
    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.account_names().unwrap().len(), 81);
    drop(restored);

    let o = runway(dir.path(), &book, &["backup", "-o", book.to_str().unwrap()]);
    assert!(!o.status.success(), "never over the book itself");

    // Without -o: dated names in the export folder, never replacing an earlier one.
    std::fs::create_dir_all(dir.path().join("data/runway")).unwrap();
    let a = runway(dir.path(), &book, &["backup"]);
    let b = runway(dir.path(), &book, &["backup"]);
    let (a, b) = (
        String::from_utf8_lossy(&a.stderr).into_owned(),
        String::from_utf8_lossy(&b.stderr).into_owned(),
    );
    assert!(a.contains("runway-backup-2026-11-22.db"), "{a}");
    assert!(b.contains("runway-backup-2026-11-22-2.db"), "{b}");
}

#[test]
fn every_export_reimports_to_the_same_book() {
    let (dir, book) = hostile_book();
    let fresh = dir.path().join("fresh.db");
    let kinds = ["accounts", "stakeholders", "signals"];
    let first: Vec<String> = kinds
        .iter()
        .map(|k| {
            let file = dir.path().join(format!("{k}.csv"));
            ok(&runway(
                dir.path(),
                &book,
                &["export", k, "-o", file.to_str().unwrap()],
            ));
            std::fs::read_to_string(&file).unwrap()
        })
        .collect();
    assert!(
        first[0].contains("'=HYPERLINK"),
        "the hostile cell is defused"
    );
    for k in kinds {
        let file = dir.path().join(format!("{k}.csv"));
        let report = ok(&runway(
            dir.path(),
            &fresh,
            &["import", k, file.to_str().unwrap()],
        ));
        assert!(report.contains("rejected 0"), "{k}: {report}");
    }
    for (k, before) in kinds.iter().zip(&first) {
        let again = ok(&runway(dir.path(), &fresh, &["export", k]));
        assert_eq!(&again, before, "{k} changed in the round trip");
    }
    // The hostile name came back exactly as it was, not with the defusing quote.
    let restored = Store::open(&fresh).unwrap();
    assert_eq!(
        restored.account_name("ZZ-9").unwrap().unwrap(),
        "=HYPERLINK(\"http://x\"), Inc; \"West\"\n\u{1b}[31m"
    );
    drop(restored);
    // And importing the same files again changes nothing.
    for k in kinds {
        let file = dir.path().join(format!("{k}.csv"));
        let report = ok(&runway(
            dir.path(),
            &fresh,
            &["import", k, file.to_str().unwrap()],
        ));
        assert!(report.contains("added 0, updated 0,"), "{k}: {report}");
    }
}

//! The store against real temp files.

mod common;

use common::*;
use runway::domain::book::{Account, Activity, Renewal};
use runway::domain::money::Money;
use runway::store::{SCHEMA_VERSION, Store, StoreError};

#[test]
fn fresh_file_is_migrated_and_private() {
    let (_d, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.is_empty().unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    drop(store);
    // Reopening an up-to-date file is a no-op.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_write_survives_reopen() {
    let (_d, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|tx| {
            tx.upsert_account(
                &Account {
                    id: "A-1".into(),
                    name: "Kestrel Freight".into(),
                    ..Default::default()
                },
                "manual",
                "2026-11-22T10:00:00",
            )?;
            let rid = tx.insert_renewal(&Renewal::open(
                "A-1",
                Some(today() + chrono::Duration::days(30)),
                Money::from_major(20_000),
                "USD",
            ))?;
            tx.log_activity(&Activity {
                account_id: "A-1".into(),
                renewal_id: Some(rid),
                at: "2026-11-22T10:00:00".into(),
                kind: "note".into(),
                summary: "hello".into(),
            })?;
            tx.add_health("A-1", today(), 42)
        })
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.account_name("A-1").unwrap().as_deref(),
        Some("Kestrel Freight")
    );
    let rows = store
        .load_queue(&Default::default(), today(), Some(90))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].facts.health, Some(42));
    assert_eq!(rows[0].facts.last_movement, Some(today()));
    assert!(rows[0].at_risk, "red health marks the renewal at risk");
}

#[test]
fn a_failed_write_leaves_nothing() {
    let (_d, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let r = store.write(|tx| {
        tx.upsert_account(
            &Account {
                id: "A-1".into(),
                name: "Half".into(),
                ..Default::default()
            },
            "manual",
            "t",
        )?;
        // Foreign key: no such account.
        tx.insert_renewal(&Renewal::open("NOPE", None, Money(1), "USD"))
    });
    assert!(r.is_err());
    assert!(store.is_empty().unwrap());
}

#[test]
fn newer_schema_is_refused_untouched() {
    let (_d, path) = temp_db();
    drop(Store::open(&path).unwrap());
    forge_newer_schema(&path, SCHEMA_VERSION + 1);
    let before = sha(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Newer { .. }), "{err}");
    assert!(err.to_string().contains("newer version of runway"), "{err}");
    assert_eq!(sha(&path), before, "file must be byte-for-byte unchanged");
}

#[test]
fn foreign_sqlite_file_is_refused_untouched() {
    let (_d, path) = temp_db();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, blob BLOB);")
            .unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert_eq!(sha(&path), before);
}

#[test]
fn garbage_file_and_directory_are_refused() {
    let (dir, path) = temp_db();
    std::fs::write(&path, b"this is not a database at all, just some text that is long enough to look like a header..........").unwrap();
    let before = sha(&path);
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("book.db") && err.contains("not"), "{err}");
    assert_eq!(sha(&path), before);
    let err = Store::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn demo_book_loads_whole_and_only_into_an_empty_book() {
    let (_d, mut store) = demo_store();
    let stats = store.book_stats().unwrap();
    assert_eq!(stats.accounts as usize, runway::demo::demo_account_count());
    assert!(stats.accounts >= 75);
    assert!(runway::demo::load_demo(&mut store, today()).is_err());
    let rows = store
        .load_queue(&Default::default(), today(), Some(90))
        .unwrap();
    use runway::domain::segment::Segment;
    for seg in Segment::ALL {
        assert!(rows.iter().any(|r| r.segment == *seg), "{seg:?} in window");
    }
    assert!(
        rows.iter().any(|r| r.days_left.is_some_and(|d| d < 0)),
        "overdue renewals"
    );
    assert!(
        rows.iter().any(|r| r.days_left.is_none()),
        "undated renewals stay visible"
    );
    assert!(rows.iter().any(|r| r.behind));
    assert!(rows.iter().any(|r| r.at_risk));
    assert!(rows.iter().any(|r| r.facts.segment_override.is_some()));
    // Priority order, highest first.
    assert!(rows.windows(2).all(|w| w[0].priority >= w[1].priority));
}

#[test]
fn a_second_writer_gets_a_clear_busy_error() {
    let (_d, path) = temp_db();
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    b.set_busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    a.write(|_tx| {
        let err = b.write(|tx| tx.set_meta("k", "v")).expect_err("busy");
        assert_eq!(err.to_string(), "another runway is saving — try again");
        Ok(())
    })
    .unwrap();
}

#[test]
fn health_falling_into_red_creates_a_review_task() {
    let (_d, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let rules = runway::domain::config::HealthRules::default();
    let crossed = store
        .write(|tx| {
            tx.upsert_account(
                &Account {
                    id: "A-1".into(),
                    name: "Kestrel".into(),
                    ..Default::default()
                },
                "manual",
                "t",
            )?;
            tx.insert_renewal(&Renewal::open(
                "A-1",
                Some(today() + chrono::Duration::days(40)),
                Money::from_major(20_000),
                "USD",
            ))?;
            let first = tx.record_health("A-1", today() - chrono::Duration::days(7), 62, &rules)?;
            let second = tx.record_health("A-1", today(), 48, &rules)?;
            let third = tx.record_health("A-1", today() + chrono::Duration::days(1), 40, &rules)?;
            Ok((first, second, third))
        })
        .unwrap();
    assert_eq!(
        crossed,
        (false, true, false),
        "only the crossing creates a task"
    );
    drop(store);
    let store = Store::open(&path).unwrap();
    let tasks = store.tasks_due(today()).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].kind, "review_meeting");
    assert!(tasks[0].title.contains("48"));
}

#[test]
fn an_older_book_is_migrated_step_by_step() {
    let (_d, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        // Put the file back to schema 1, as an older runway left it.
        let c = rusqlite::Connection::open(&path).unwrap();
        // Migration 008's search indexes and the triggers that feed them.
        for t in [
            "contact_added",
            "contact_renamed",
            "contact_removed",
            "activity_added",
            "activity_changed",
            "activity_removed",
            "signal_added",
            "signal_changed",
            "signal_removed",
        ] {
            c.execute_batch(&format!("DROP TRIGGER search_{t}"))
                .unwrap();
        }
        c.execute_batch(
            "DROP TABLE search_contacts; DROP TABLE search_notes; DROP TABLE search_pending;",
        )
        .unwrap();
        c.execute_batch("DROP INDEX renewals_forecast_category; DROP INDEX renewals_closed_by_date; DROP INDEX renewals_done_before_import; ALTER TABLE proposals DROP COLUMN bundled; ALTER TABLE proposal_tiers DROP COLUMN base_units; DROP TABLE readings; DROP TABLE proposal_approvals; ALTER TABLE save_items DROP COLUMN customer_wording; ALTER TABLE stakeholders DROP COLUMN our_contact; ALTER TABLE accounts DROP COLUMN derived_kinds; ALTER TABLE renewals DROP COLUMN done_before_import; DROP TABLE snapshot_days; DROP TABLE forecast_snapshots; ALTER TABLE renewals DROP COLUMN forecast_category; ALTER TABLE save_plans DROP COLUMN logged_hours; ALTER TABLE outcomes DROP COLUMN missed_signals; PRAGMA user_version = 1;")
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let c = rusqlite::Connection::open(&path).unwrap();
    let has: i64 = c
        .query_row(
            "SELECT count(*) FROM pragma_table_info('proposals') WHERE name = 'bundled'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(has, 1);
}

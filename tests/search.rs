//! Search beyond names (issue 14): ids, names, contact names and note text, with
//! the match shown; the trigram index kept in step by every write.

mod common;

use common::{demo_store, temp_db, today};
use runway::domain::activity::ActivityKind;
use runway::domain::book::{Account, Renewal, Signal, Stakeholder};
use runway::domain::money::Money;
use runway::domain::risk::SignalKind;
use runway::domain::search::{SearchField, SearchHit};
use runway::domain::stakeholder::{ContactStatus, Sentiment};
use runway::store::Store;

fn person(account: &str, name: &str) -> Stakeholder {
    Stakeholder {
        id: 0,
        account_id: account.into(),
        name: name.into(),
        title: None,
        email: None,
        phone: None,
        role: None,
        sentiment: Sentiment::Neutral,
        status: ContactStatus::Active,
        last_contact: None,
        our_thread: None,
        our_contact: None,
    }
}

fn small_book() -> (tempfile::TempDir, Store) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|tx| {
            for (id, name) in [("ACME-1", "Acme Rockets"), ("ZUR-7", "Bäckerei Zürich AG")] {
                tx.upsert_account(
                    &Account {
                        id: id.into(),
                        name: name.into(),
                        ..Default::default()
                    },
                    "manual",
                    "t",
                )?;
                tx.insert_renewal(&Renewal::open(
                    id,
                    Some(today()),
                    Money::from_major(1_000),
                    "USD",
                ))?;
            }
            tx.add_stakeholder(&person("ACME-1", "Wilhelmina Okonkwo"), "manual")?;
            Ok(())
        })
        .unwrap();
    (dir, store)
}

fn found(store: &Store, q: &str) -> Vec<(String, SearchField, String)> {
    store
        .search(q, 20)
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                h.account_id.clone(),
                h.field,
                h.snippet[h.matched].to_string(),
            )
        })
        .collect()
}

#[test]
fn finds_ids_names_contacts_and_notes_with_the_match_shown() {
    let (_d, store) = demo_store();
    let hits = store.search("rival tool", 10).unwrap();
    let h = hits
        .iter()
        .find(|h| h.field == SearchField::Note)
        .expect("a signal note");
    assert_eq!(&h.snippet[h.matched.clone()], "rival tool");
    assert!(h.snippet.contains("compares with"), "{}", h.snippet);
    assert!(!h.account_name.is_empty());

    let hits = store.search("thea dun", 10).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.field == SearchField::Contact && h.snippet == "Thea Dunmore"),
        "{hits:?}"
    );
    let hits = store.search("demo-001", 10).unwrap();
    assert_eq!(hits[0].field, SearchField::Id);
    assert_eq!(&hits[0].snippet[hits[0].matched.clone()], "DEMO-001");
    let hits = store.search("quillfeather", 10).unwrap();
    assert_eq!(
        (hits[0].field, hits[0].account_name.as_str()),
        (SearchField::Name, "Quillfeather Stationers")
    );
    let hits = store.search("headcount grows", 10).unwrap();
    assert!(hits.iter().all(|h| h.field == SearchField::Note) && !hits.is_empty());
}

#[test]
fn ids_and_names_come_first_then_contacts_then_notes_one_hit_each() {
    let (_d, store) = demo_store();
    let hits = store.search("champion", 200).unwrap();
    let order: Vec<SearchField> = hits.iter().map(|h| h.field).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "listed in field order");
    let mut seen = std::collections::BTreeSet::new();
    for h in &hits {
        assert!(seen.insert((h.account_id.clone(), h.field)), "twice: {h:?}");
    }
    assert_eq!(
        store.search("champion", 3).unwrap().len(),
        3,
        "the limit holds"
    );
}

#[test]
fn case_is_ignored_beyond_ascii_and_short_queries_still_work() {
    let (_d, mut store) = small_book();
    assert_eq!(
        found(&store, "ZÜRICH"),
        vec![("ZUR-7".into(), SearchField::Name, "Zürich".into())]
    );
    assert_eq!(
        found(&store, "okonkwo"),
        vec![("ACME-1".into(), SearchField::Contact, "Okonkwo".into())]
    );
    // Two characters: read without the index, same answers.
    assert_eq!(
        found(&store, "7"),
        vec![("ZUR-7".into(), SearchField::Id, "7".into())]
    );
    assert_eq!(
        found(&store, "AG"),
        vec![("ZUR-7".into(), SearchField::Name, "AG".into())]
    );
    // Every piece of "abcd" is in "Xabcbcd", but not "abcd" itself: the index's
    // candidate is checked against the text.
    store
        .write(|tx| tx.add_stakeholder(&person("ACME-1", "Xabcbcd"), "manual"))
        .unwrap();
    assert!(found(&store, "abcd").is_empty());
    assert_eq!(found(&store, "abcb").len(), 1);
    assert!(found(&store, "").is_empty());
    assert!(found(&store, "zzz").is_empty());
    // Query syntax is taken as text.
    assert!(found(&store, "\"acme OR *").is_empty());
    assert!(found(&store, "100%").is_empty());
}

#[test]
fn the_index_follows_every_write() {
    let (_d, mut store) = small_book();
    let at = today().and_hms_opt(9, 0, 0).unwrap();
    let log = store
        .log_activity(
            "ACME-1",
            ActivityKind::Call,
            "Talked to Quimby about SSO",
            at,
        )
        .unwrap();
    assert_eq!(found(&store, "quimby").len(), 1);
    // Entries the store writes for itself (stage changes...) are not notes.
    store
        .write(|tx| {
            tx.log(
                "ACME-1",
                None,
                "2026-11-22T10:00:00",
                "stage",
                "stage: prep → quimbyish",
            )
        })
        .unwrap();
    assert_eq!(found(&store, "quimby").len(), 1);
    store.write(|tx| tx.delete_activity(log)).unwrap();
    assert!(found(&store, "quimby").is_empty());

    let sig = store
        .write(|tx| {
            tx.add_signal(
                &Signal {
                    id: 0,
                    account_id: "ZUR-7".into(),
                    observed_on: today(),
                    kind: SignalKind::Budget,
                    value: None,
                    note: Some("CFO froze all tooling spend".into()),
                    resolved_on: None,
                },
                "manual",
            )
        })
        .unwrap();
    assert_eq!(
        found(&store, "tooling"),
        vec![("ZUR-7".into(), SearchField::Note, "tooling".into())]
    );
    // A resolved signal's note is history, still found.
    store.resolve_signal(sig, today()).unwrap();
    assert_eq!(found(&store, "tooling").len(), 1);
    store.write(|tx| tx.delete_signal(sig)).unwrap();
    assert!(found(&store, "tooling").is_empty());

    // A renamed contact is found by the new name only.
    let mut p = store.stakeholders("ACME-1").unwrap().remove(0);
    p.name = "Wilhelmina Achebe".into();
    store.write(|tx| tx.update_stakeholder(&p)).unwrap();
    assert!(found(&store, "okonkwo").is_empty());
    assert_eq!(found(&store, "achebe").len(), 1);

    // A renamed account (an import updating it) and an added one.
    store
        .write(|tx| {
            tx.upsert_account(
                &Account {
                    id: "ACME-1".into(),
                    name: "Acme Orbital".into(),
                    ..Default::default()
                },
                "import",
                "t",
            )
        })
        .unwrap();
    assert!(found(&store, "rockets").is_empty());
    assert_eq!(found(&store, "orbital").len(), 1);
}

#[test]
fn an_older_book_is_indexed_when_it_is_upgraded() {
    let (dir, store) = demo_store();
    let before: Vec<SearchHit> = store.search("rival tool", 50).unwrap();
    assert!(!before.is_empty());
    let path = store.path().to_path_buf();
    drop(store);
    // Make it the schema-7 book an older runway wrote: no index, no triggers.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for t in triggers {
            c.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        c.execute_batch(
            "DROP TABLE search_contacts; DROP TABLE search_notes; DROP TABLE search_pending;
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        runway::store::SCHEMA_VERSION
    );
    assert_eq!(store.search("rival tool", 50).unwrap(), before);
    drop(store);
    // A read-only book searches the same.
    let ro = Store::open_with(&path, runway::store::Access::ReadOnly).unwrap();
    assert_eq!(ro.search("rival tool", 50).unwrap(), before);
    drop(dir);
}

#[test]
fn the_index_holds_exactly_the_activity_kinds_a_person_logs() {
    let sql = concat!(
        include_str!("../src/store/migrations/008_search.sql"),
        include_str!("../src/store/search_sync.rs")
    );
    let kinds: Vec<String> = ActivityKind::ALL
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect();
    let list = format!("kind IN ({})", kinds.join(", "));
    assert!(sql.contains(&list), "{list}");
    assert_eq!(
        sql.matches(&list).count(),
        sql.matches("kind IN (").count(),
        "every list of kinds in the migration is {list}"
    );
}

#[test]
fn an_imports_rows_are_found_before_and_after_they_are_indexed() {
    use runway::io::import::{ImportKind, ImportOptions, import_file};
    let (dir, mut store) = demo_store();
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "account_id,name\nDEMO-001,Zebulon Quirke\n").unwrap();
    let opts = ImportOptions::new(&runway::domain::config::Config::default(), today());
    import_file(
        &mut store,
        ImportKind::Stakeholders,
        &csv,
        &opts,
        &mut |_, _| true,
    )
    .unwrap();
    let pending = |path: &std::path::Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))
            .unwrap()
    };
    let path = store.path().to_path_buf();
    // The import left its rows for the next write to index: found all the same.
    assert!(pending(&path) > 0);
    assert_eq!(
        found(&store, "quirke"),
        vec![("DEMO-001".into(), SearchField::Contact, "Quirke".into())]
    );
    store.write(|_| Ok(())).unwrap();
    assert_eq!(pending(&path), 0);
    assert_eq!(
        found(&store, "quirke"),
        vec![("DEMO-001".into(), SearchField::Contact, "Quirke".into())]
    );
}

//! The importer through its library API, on the fixtures in tests/fixtures/import:
//! real exports are read as they are, and every bad file is refused with exactly the
//! report a user sees, writing nothing.

mod common;

use common::*;
use runway::domain::config::Config;
use runway::io::import::{DateOrder, Encoding, ImportKind, ImportOptions, Report, import_file};
use runway::store::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn opts() -> ImportOptions {
    ImportOptions::new(&Config::default(), today())
}

fn run_with(store: &mut Store, kind: ImportKind, path: &Path, o: &ImportOptions) -> Report {
    import_file(store, kind, path, o, &mut |_, _| true).unwrap()
}

fn run(store: &mut Store, kind: ImportKind, name: &str) -> Report {
    run_with(store, kind, &fixture(name), &opts())
}

fn fresh() -> (tempfile::TempDir, Store, PathBuf) {
    let (dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    (dir, store, path)
}

/// A second connection for looking at what was written.
fn sql<T: rusqlite::types::FromSql>(db: &Path, q: &str) -> T {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(q, [], |r| r.get(0))
        .unwrap()
}

fn count(db: &Path, table: &str) -> i64 {
    sql(db, &format!("SELECT count(*) FROM {table}"))
}

#[test]
fn canonical_files_import_and_reimport_unchanged() {
    let (_d, mut store, db) = fresh();
    let r = run(&mut store, ImportKind::Accounts, "accounts.csv");
    assert_eq!(
        r.text(),
        "Imported accounts.csv (accounts).\nadded 4, updated 0, unchanged 0, rejected 0\n"
    );
    assert!(r.written && !r.refused());
    let r = run(&mut store, ImportKind::Stakeholders, "stakeholders.csv");
    assert_eq!((r.added, r.rejected), (3, 0), "{}", r.text());
    let r = run(&mut store, ImportKind::Signals, "signals.csv");
    assert_eq!((r.added, r.rejected), (5, 0), "{}", r.text());

    let a1 = store.account("A-1").unwrap().unwrap();
    assert_eq!(a1.name, "Kestrel Freight Co.");
    assert_eq!(a1.industry.as_deref(), Some("Logistics"));
    assert_eq!(
        sql::<String>(&db, "SELECT source FROM accounts WHERE id = 'A-1'"),
        "import"
    );
    assert_eq!(
        sql::<i64>(&db, "SELECT arr_minor FROM renewals WHERE id = 1"),
        12_500_000
    );
    assert_eq!(
        sql::<i64>(
            &db,
            "SELECT arr_minor FROM renewals r JOIN accounts a ON a.key = r.account_key WHERE a.id = 'A-2'"
        ),
        1_800_050
    );
    // The formula-defusing quote of an export is read back without it.
    assert_eq!(
        store.account("A-4").unwrap().unwrap().name,
        "=Formula Gardens"
    );
    // A closed stage closes the renewal, with its outcome.
    assert_eq!(
        sql::<String>(
            &db,
            "SELECT o.result || ' ' || o.closed_on FROM outcomes o JOIN renewals r ON r.id = o.renewal_id JOIN accounts a ON a.key = r.account_key WHERE a.id = 'A-3'"
        ),
        "won 2026-11-01"
    );
    // Health from accounts.csv is dated the import day; signals.csv adds history.
    assert_eq!(
        store.health_history("A-1", 10).unwrap(),
        vec![
            ("2026-11-01".parse().unwrap(), 78),
            ("2026-11-22".parse().unwrap(), 82)
        ]
    );
    assert_eq!(
        sql::<String>(
            &db,
            "SELECT kind || ' ' || value || ' ' || note FROM readings WHERE account_id = 'A-1'"
        ),
        "nps 40.0 quarterly survey"
    );
    // The account's signal summary moves with its signals, as add_signal keeps it.
    assert_eq!(
        sql::<i64>(&db, "SELECT open_signals FROM accounts WHERE id = 'A-2'"),
        2
    );
    assert_eq!(store.stakeholders("A-1").unwrap().len(), 2);

    // Again: nothing changes.
    let before = (
        count(&db, "health_snapshots"),
        count(&db, "signals"),
        count(&db, "tasks"),
    );
    for (kind, file, n) in [
        (ImportKind::Accounts, "accounts.csv", 4),
        (ImportKind::Stakeholders, "stakeholders.csv", 3),
        (ImportKind::Signals, "signals.csv", 5),
    ] {
        let r = run(&mut store, kind, file);
        assert_eq!(
            r.text().lines().last().unwrap(),
            format!("added 0, updated 0, unchanged {n}, rejected 0"),
            "{file}"
        );
    }
    assert_eq!(
        before,
        (
            count(&db, "health_snapshots"),
            count(&db, "signals"),
            count(&db, "tasks")
        )
    );
}

#[test]
fn salesforce_report_export() {
    let (_d, mut store, db) = fresh();
    let r = run(&mut store, ImportKind::Accounts, "salesforce_accounts.csv");
    assert_eq!(
        r.text(),
        "Imported salesforce_accounts.csv (accounts).
ignored column Annual Revenue: the customer's own turnover, not what they pay; never read as ARR
skipped footer line: row 6 'Grand Totals (3 records)'
skipped footer line: row 8 'Generated By: Dana Whitfield  11/22/2026 9:14 AM'
skipped footer line: row 9 'Runway Demo Inc.'
skipped footer line: row 10 'Copyright (c) 2000-2026 salesforce.com, inc. All rights rese…'
added 3, updated 0, unchanged 0, rejected 0
"
    );
    assert_eq!(
        sql::<String>(
            &db,
            "SELECT renewal_date || ' ' || arr_minor || ' ' || stage || ' ' || owner FROM renewals WHERE id = 1"
        ),
        "2026-11-15 12500000 negotiating Dana Whitfield"
    );
    assert_eq!(
        sql::<String>(
            &db,
            "SELECT renewal_date || ' ' || opportunity_type FROM renewals WHERE id = 2"
        ),
        "2027-01-31 expansion"
    );
    assert_eq!(
        store.account("0015g00000AbCdFAAZ").unwrap().unwrap().name,
        "Contoso, Ltd."
    );
    assert_eq!(
        store.account("0015g00000AbCdGAAZ").unwrap().unwrap().name,
        "Fabrikam \"Labs\""
    );
    assert_eq!(count(&db, "outcomes"), 1);
    let r = run(&mut store, ImportKind::Accounts, "salesforce_accounts.csv");
    assert!(
        r.text()
            .ends_with("added 0, updated 0, unchanged 3, rejected 0\n")
    );
}

#[test]
fn hubspot_companies_and_contacts() {
    let (_d, mut store, db) = fresh();
    let r = run(&mut store, ImportKind::Accounts, "hubspot_companies.csv");
    assert_eq!(
        r.text(),
        "Imported hubspot_companies.csv (accounts).
unknown columns (ignored): Lifecycle Stage, Create Date
ignored column Annual Revenue: the customer's own turnover, not what they pay; never read as ARR
added 2, updated 0, unchanged 0, rejected 0
"
    );
    assert_eq!(
        sql::<String>(
            &db,
            "SELECT renewal_date || ' ' || arr_minor FROM renewals WHERE id = 1"
        ),
        "2027-03-01 4200000"
    );
    let r = run(&mut store, ImportKind::Stakeholders, "hubspot_contacts.csv");
    assert_eq!(
        r.text(),
        "Imported hubspot_contacts.csv (stakeholders).
unknown columns (ignored): Record ID
added 2, updated 0, unchanged 0, rejected 0
"
    );
    let people = store.stakeholders("9001").unwrap();
    assert_eq!(people[0].name, "Hank Scorpio");
    // HubSpot's "Contact owner" is our person on the relationship.
    assert_eq!(people[0].our_contact.as_deref(), Some("Dana Whitfield"));
    assert_eq!(people[0].title.as_deref(), Some("CEO"));
    assert_eq!(people[0].last_contact, Some("2026-11-02".parse().unwrap()));
}

#[test]
fn european_semicolons_and_windows_1252() {
    let (_d, mut store, db) = fresh();
    let r = run(&mut store, ImportKind::Accounts, "european_accounts.csv");
    assert_eq!((r.added, r.problem_count), (2, 0), "{}", r.text());
    assert_eq!(
        sql::<String>(
            &db,
            "SELECT group_concat(renewal_date || ' ' || arr_minor || ' ' || currency, '; ') FROM renewals"
        ),
        "2027-01-15 123456 EUR; 2027-02-28 12500050 EUR"
    );
    assert_eq!(
        store.account("E-1").unwrap().unwrap().name,
        "Müller Maschinenbau GmbH"
    );

    let mut o = opts();
    o.encoding = Encoding::Windows1252;
    let r = run_with(
        &mut store,
        ImportKind::Accounts,
        &fixture("windows1252_accounts.csv"),
        &o,
    );
    assert_eq!((r.added, r.problem_count), (2, 0), "{}", r.text());
    assert_eq!(
        store.account("W-1").unwrap().unwrap().name,
        "Société Générale"
    );
    assert_eq!(store.account("W-2").unwrap().unwrap().name, "Café €uro");
}

/// Each bad file is refused with exactly this report, and nothing is written.
#[test]
fn every_bad_file_is_refused_with_its_report() {
    let cases: &[(&str, &str)] = &[
        (
            "bad_missing_column.csv",
            "missing required column arr (also read from: ARR, Annual Recurring Revenue, Renewal ARR)\nadded 0, updated 0, unchanged 0, rejected 0",
        ),
        (
            "bad_ambiguous_dates.csv",
            "column Renewal Date: dates such as '03/04/2027' (row 2) could be month-first or day-first; import again with --date-order mdy or --date-order dmy (or set book.date_order in the config)\nadded 0, updated 0, unchanged 0, rejected 0",
        ),
        (
            "bad_date.csv",
            "row 2, column renewal_date: no such date ('2027-02-30')\nrow 3, column renewal_date: not a date (write 2026-11-15, 11/15/2026, 15/11/2026 or 15.11.2026) ('Q3')\nadded 0, updated 0, unchanged 0, rejected 2",
        ),
        (
            "bad_negative_arr.csv",
            "row 2, column arr: negative amount ('-5000')\nadded 0, updated 0, unchanged 0, rejected 1",
        ),
        (
            "bad_absurd_arr.csv",
            "row 2, column arr: absurd amount (a trillion or more) ('1000000000000')\nadded 0, updated 0, unchanged 0, rejected 1",
        ),
        (
            "bad_currency.csv",
            "row 2, column arr: written in EUR, but the row's currency is USD ('125.000,50 €')\nadded 0, updated 0, unchanged 0, rejected 1",
        ),
        (
            "bad_duplicate_ids.csv",
            "rows 4 and 9: duplicate account_id 'A-17'\nadded 7, updated 0, unchanged 0, rejected 1",
        ),
        (
            "bad_unterminated_quote.csv",
            "row 3: a quote opened in this row is never closed, so the rest of the file would read as one cell\nadded 0, updated 0, unchanged 0, rejected 0",
        ),
        (
            "bad_not_utf8.csv",
            "not UTF-8 text (first at row 3); if it was saved by Excel on Windows, import it again with --encoding windows-1252\nadded 0, updated 0, unchanged 0, rejected 0",
        ),
        (
            "bad_empty.csv",
            "the file is empty: not even a header row\nadded 0, updated 0, unchanged 0, rejected 0",
        ),
        (
            "bad_annual_revenue.csv",
            "column Annual Revenue is the customer's own turnover, not what they pay you, so it is not read as ARR: add an ARR column (ARR, Annual Recurring Revenue or Renewal ARR)\nadded 0, updated 0, unchanged 0, rejected 0",
        ),
        (
            "bad_unknown_enum.csv",
            "row 2, column stage: unknown stage (expected one of not_started, prep, engaged, proposal, negotiating, verbal, contract_sent, won, churned, downgraded) ('Maybe Later')\nadded 0, updated 0, unchanged 0, rejected 1",
        ),
    ];
    let (_d, mut store, db) = fresh();
    for (file, body) in cases {
        let r = run(&mut store, ImportKind::Accounts, file);
        assert_eq!(
            r.text(),
            format!("Refused {file}: nothing written.\n{body}\n"),
            "{file}"
        );
        assert!(r.refused() && !r.written, "{file}");
        assert_eq!(count(&db, "accounts"), 0, "{file} wrote something");
    }
}

#[test]
fn header_only_is_nothing_to_import_not_an_error() {
    let (_d, mut store, _db) = fresh();
    let r = run(&mut store, ImportKind::Accounts, "bad_header_only.csv");
    assert_eq!(
        r.text(),
        "Nothing imported from bad_header_only.csv (accounts).\nnothing to import: the file has a header row and no data rows\nadded 0, updated 0, unchanged 0, rejected 0\n"
    );
    assert!(!r.refused());
}

#[test]
fn a_ten_megabyte_cell_is_one_short_problem() {
    let (d, mut store, db) = fresh();
    let path = d.path().join("huge.csv");
    let mut data = b"account_id,account_name,arr,renewal_date\nA-1,".to_vec();
    data.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    data.extend(b",100,2027-01-15\n");
    std::fs::write(&path, data).unwrap();
    let r = run_with(&mut store, ImportKind::Accounts, &path, &opts());
    assert_eq!(
        r.text(),
        format!(
            "Refused huge.csv: nothing written.\nrow 2, column account_name: too long (10485760 bytes; at most 10000) ('{}…')\nadded 0, updated 0, unchanged 0, rejected 1\n",
            "x".repeat(60)
        )
    );
    assert_eq!(count(&db, "accounts"), 0);
}

#[test]
fn the_date_order_settles_an_ambiguous_column() {
    let (_d, mut store, db) = fresh();
    let mut o = opts();
    o.date_order = Some(DateOrder::Dmy);
    let r = run_with(
        &mut store,
        ImportKind::Accounts,
        &fixture("bad_ambiguous_dates.csv"),
        &o,
    );
    assert_eq!((r.added, r.problem_count), (2, 0), "{}", r.text());
    assert_eq!(
        sql::<String>(&db, "SELECT renewal_date FROM renewals WHERE id = 1"),
        "2027-04-03"
    );
}

#[test]
fn a_dry_run_counts_exactly_and_writes_nothing() {
    let (_d, mut store, db) = fresh();
    run(&mut store, ImportKind::Accounts, "accounts.csv");
    let changed = std::fs::read_to_string(fixture("accounts.csv"))
        .unwrap()
        .replace("Kestrel Freight Co.,125000", "Kestrel Freight Co.,150000")
        + "A-9,New Co,1000,USD,2027-05-01,,,,,,,,,,\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changed.csv");
    std::fs::write(&path, changed).unwrap();
    let mut o = opts();
    o.dry_run = true;
    let r = run_with(&mut store, ImportKind::Accounts, &path, &o);
    assert_eq!(
        r.text(),
        "Dry run of changed.csv (accounts): nothing written.\nadded 1, updated 1, unchanged 3, rejected 0\n"
    );
    assert_eq!(count(&db, "accounts"), 4);
    assert_eq!(
        sql::<i64>(&db, "SELECT arr_minor FROM renewals WHERE id = 1"),
        12_500_000
    );
}

#[test]
fn cancelling_rolls_everything_back() {
    let (d, mut store, db) = fresh();
    let path = d.path().join("many.csv");
    let mut text = String::from("account_id,account_name,arr,renewal_date\n");
    for i in 0..5000 {
        text.push_str(&format!("C-{i},Company {i},{},2027-01-15\n", 1000 + i));
    }
    std::fs::write(&path, text).unwrap();
    let mut calls = 0;
    let mut last = (0, 0);
    let r = import_file(
        &mut store,
        ImportKind::Accounts,
        &path,
        &opts(),
        &mut |done, total| {
            calls += 1;
            last = (done, total);
            calls < 6 // into the second pass, then cancel
        },
    )
    .unwrap();
    assert!(r.cancelled && !r.written);
    assert!(
        r.text()
            .starts_with("Cancelled importing many.csv: nothing written.")
    );
    assert!(
        r.text().contains("before cancelling (none kept): added "),
        "{}",
        r.text()
    );
    assert!(last.0 > last.1 / 2 && last.0 <= last.1, "{last:?}");
    assert_eq!(count(&db, "accounts"), 0);
    // The book is usable afterwards.
    let r = run_with(&mut store, ImportKind::Accounts, &path, &opts());
    assert_eq!(r.added, 5000);
}

#[test]
fn stakeholders_and_signals_need_their_account() {
    let (d, mut store, db) = fresh();
    run(&mut store, ImportKind::Accounts, "accounts.csv");
    let path = d.path().join("people.csv");
    std::fs::write(
        &path,
        "account_id,name\nA-1,Known Person\nNOPE-1,Lost Person\n",
    )
    .unwrap();
    let r = run_with(&mut store, ImportKind::Stakeholders, &path, &opts());
    assert_eq!(
        r.text(),
        "Refused people.csv: nothing written.\nrow 3, column account_id: no such account ('NOPE-1')\nadded 1, updated 0, unchanged 0, rejected 1\n"
    );
    assert_eq!(count(&db, "stakeholders"), 0);
    let path = d.path().join("sig.csv");
    std::fs::write(
        &path,
        "account_id,date,kind,value,note\nA-1,2026-11-01,nps,140,\nA-1,2026-11-01,health_score,,\nA-1,2026-11-02,churn_vibes,,\n",
    )
    .unwrap();
    let r = run_with(&mut store, ImportKind::Signals, &path, &opts());
    assert_eq!(
        r.problems,
        vec![
            "row 2, column value: nps must be -100–100 ('140')",
            "row 3, column value: health_score needs a value ('')",
            "row 4, column kind: unknown kind (expected health_score, nps, csat, usage, engagement, negative_feedback, competitive, budget, stakeholder_change, business_change, health_drop, usage_decline or engagement_drop) ('churn_vibes')",
        ]
    );
}

#[test]
fn stakeholders_match_by_email_then_name_and_keep_hand_added_people() {
    let (d, mut store, _db) = fresh();
    run(&mut store, ImportKind::Accounts, "accounts.csv");
    store
        .write(|tx| {
            tx.add_stakeholder(
                &runway::domain::book::Stakeholder {
                    id: 0,
                    account_id: "A-1".into(),
                    name: "Tom Reed".into(),
                    title: Some("typed by hand".into()),
                    email: None,
                    phone: Some("555-HAND".into()),
                    role: None,
                    sentiment: runway::domain::stakeholder::Sentiment::Neutral,
                    status: runway::domain::stakeholder::ContactStatus::Active,
                    last_contact: None,
                    our_thread: None,
                    our_contact: None,
                },
                "manual",
            )?;
            tx.add_stakeholder(
                &runway::domain::book::Stakeholder {
                    id: 0,
                    account_id: "A-1".into(),
                    name: "Only Local".into(),
                    title: None,
                    email: None,
                    phone: None,
                    role: None,
                    sentiment: runway::domain::stakeholder::Sentiment::Neutral,
                    status: runway::domain::stakeholder::ContactStatus::Active,
                    last_contact: None,
                    our_thread: None,
                    our_contact: None,
                },
                "manual",
            )
        })
        .unwrap();
    let path = d.path().join("people.csv");
    std::fs::write(
        &path,
        "account_id,name,email,title\nA-1,tom reed,TOM@kestrel.example,Ops Lead\nA-1,Maria Lopez,maria@kestrel.example,VP\n",
    )
    .unwrap();
    let r = run_with(&mut store, ImportKind::Stakeholders, &path, &opts());
    assert_eq!((r.added, r.updated, r.unchanged), (1, 1, 0), "{}", r.text());
    let people = store.stakeholders("A-1").unwrap();
    assert_eq!(people.len(), 3);
    let tom = people
        .iter()
        .find(|p| p.email.is_some() && p.name == "tom reed")
        .unwrap();
    assert_eq!(tom.title.as_deref(), Some("Ops Lead"));
    assert_eq!(
        tom.phone.as_deref(),
        Some("555-HAND"),
        "a column absent from the file is kept"
    );
    assert!(people.iter().any(|p| p.name == "Only Local"));
    let r = run_with(&mut store, ImportKind::Stakeholders, &path, &opts());
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 2));
}

#[test]
fn the_books_checks_are_back_after_an_import() {
    // The import compiles its own statements without the schema's CHECKs (they are
    // checked before writing); every other write must still be refused by them.
    let (_d, mut store, _db) = fresh();
    let r = run(&mut store, ImportKind::Accounts, "accounts.csv");
    assert!(r.written, "{}", r.text());
    let bad = store.write(|tx| tx.add_health("A-1", today(), 150));
    assert!(bad.is_err(), "a score of 150 was written after an import");
    let r = run_with(
        &mut store,
        ImportKind::Accounts,
        &fixture("accounts.csv"),
        &ImportOptions {
            dry_run: true,
            ..opts()
        },
    );
    assert!(!r.written);
    assert!(
        store
            .write(|tx| tx.add_health("A-1", today(), 150))
            .is_err()
    );
    // The foreign keys, unchecked during the import, are checked again after it.
    assert!(
        store
            .write(|tx| tx.add_health("NO-SUCH-ACCOUNT", today(), 50))
            .is_err(),
        "a score of an account not in the book was written after an import"
    );
}

/// The book's indexes as (name, definition), from a second connection.
fn indexes(db: &Path) -> Vec<(String, Option<String>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut q = c
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// An accounts file of `n` rows (ids C-0.., renewal dates out of id order), and
/// `tail` appended after them.
fn many_accounts(dir: &Path, n: usize, tail: &str) -> PathBuf {
    let path = dir.join("many.csv");
    let mut text = String::from("account_id,account_name,arr,renewal_date,health_score,stage\n");
    for i in 0..n {
        text.push_str(&format!(
            "C-{i},Company {i},{},2027-{:02}-{:02},{},{}\n",
            1000 + i,
            1 + (i * 7) % 12,
            1 + (i * 13) % 28,
            (i * 37) % 101,
            ["prep", "proposal", "won", "churned"][i % 4]
        ));
    }
    text.push_str(tail);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_import_into_a_new_book_builds_its_indexes_again() {
    // A file that mostly adds builds the renewal-date indexes after its rows: the
    // book ends with every index it had, matching its rows.
    let (d, mut store, db) = fresh();
    let before = indexes(&db);
    assert!(before.iter().any(|(n, _)| n == "renewals_window"));
    let r = run_with(
        &mut store,
        ImportKind::Accounts,
        &many_accounts(d.path(), 2000, ""),
        &opts(),
    );
    assert_eq!((r.added, r.rejected), (2000, 0), "{}", r.text());
    assert!(r.written);
    assert_eq!(indexes(&db), before);
    assert_eq!(sql::<String>(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(count(&db, "outcomes"), 1000);
}

#[test]
fn a_refused_import_into_a_new_book_leaves_it_as_it_was() {
    // The last row is bad: every other row was applied (and the indexes dropped)
    // before the file was refused, and all of it is rolled back — through the WAL,
    // and through the rollback journal a large file into a new book is written with.
    for o in [opts(), journal_opts()] {
        let (d, mut store, db) = fresh();
        let before = indexes(&db);
        let path = many_accounts(
            d.path(),
            3000,
            "C-bad,Bad Co,not money,2027-01-01,50,prep\n",
        );
        let r = run_with(&mut store, ImportKind::Accounts, &path, &o);
        assert!(r.refused() && !r.written, "{}", r.text());
        assert_eq!(r.added, 3000);
        assert_eq!(indexes(&db), before);
        assert_eq!(count(&db, "accounts"), 0);
        assert_eq!(count(&db, "renewals"), 0);
        assert_eq!(sql::<String>(&db, "PRAGMA integrity_check"), "ok");
        assert!(!side_file(&db, "-journal").exists());
        assert_eq!(sql::<String>(&db, "PRAGMA journal_mode"), "wal");
        // The same holds for a dry run of a good file, and the book takes it afterwards.
        let path = many_accounts(d.path(), 3000, "");
        let dry = ImportOptions {
            dry_run: true,
            ..o.clone()
        };
        let r = run_with(&mut store, ImportKind::Accounts, &path, &dry);
        assert_eq!((r.added, r.written), (3000, false));
        assert_eq!(indexes(&db), before);
        let r = run_with(&mut store, ImportKind::Accounts, &path, &o);
        assert!(r.written && r.added == 3000, "{}", r.text());
        assert_eq!(indexes(&db), before);
    }
}

#[test]
fn a_mostly_new_file_over_a_small_book_updates_what_it_knows() {
    // Four accounts in the book, a file of 40 rows naming two of them: the indexes
    // are built after the rows, and the known accounts are updated, not added.
    let (d, mut store, db) = fresh();
    let before = indexes(&db);
    run(&mut store, ImportKind::Accounts, "accounts.csv");
    let mut tail = String::new();
    for (id, name) in [("A-1", "Kestrel Freight Co."), ("A-2", "Renamed Two")] {
        tail.push_str(&format!("{id},{name},5000,2028-03-01,80,engaged\n"));
    }
    let r = run_with(
        &mut store,
        ImportKind::Accounts,
        &many_accounts(d.path(), 38, &tail),
        &opts(),
    );
    assert_eq!((r.added, r.updated, r.rejected), (38, 2, 0), "{}", r.text());
    assert_eq!(store.account("A-2").unwrap().unwrap().name, "Renamed Two");
    assert_eq!(count(&db, "accounts"), 42);
    assert_eq!(indexes(&db), before);
    assert_eq!(sql::<String>(&db, "PRAGMA integrity_check"), "ok");
}

#[test]
fn rows_read_ahead_are_reported_in_the_files_order() {
    // Pass 2 parses on a thread of its own, batches ahead of the writer: across
    // batch boundaries the report still lists each row's problem in file order.
    let (d, mut store, db) = fresh();
    let path = d.path().join("spread.csv");
    let mut text = String::from("account_id,account_name,arr,renewal_date\n");
    for i in 0..3000 {
        let arr = if i % 500 == 499 {
            "lots".to_string()
        } else {
            (1000 + i).to_string()
        };
        text.push_str(&format!("C-{i},Company {i},{arr},2027-01-15\n"));
    }
    std::fs::write(&path, text).unwrap();
    let r = run_with(&mut store, ImportKind::Accounts, &path, &opts());
    assert!(r.refused() && !r.written);
    assert_eq!(
        (r.rows, r.added, r.rejected),
        (3000, 2994, 6),
        "{}",
        r.text()
    );
    let rows: Vec<u64> = r
        .problems
        .iter()
        .map(|p| p["row ".len()..p.find(',').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(rows, [501, 1001, 1501, 2001, 2501, 3001]);
    assert_eq!(count(&db, "accounts"), 0);
}

/// Options that write a file of 100 rows or more into a new book through a rollback
/// journal (the product does from 50k rows).
fn journal_opts() -> ImportOptions {
    ImportOptions {
        new_book_journal_from: 100,
        ..opts()
    }
}

fn side_file(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

#[test]
fn a_large_file_into_a_new_book_goes_through_a_rollback_journal_and_back_to_wal() {
    let (d, mut store, db) = fresh();
    let before = indexes(&db);
    let path = many_accounts(d.path(), 3000, "");
    // Halfway through the rows: the book is written through a rollback journal, and
    // its WAL is gone (every page goes to the book once).
    let mut seen = None;
    let r = import_file(
        &mut store,
        ImportKind::Accounts,
        &path,
        &journal_opts(),
        &mut |done, total| {
            if seen.is_none() && done > total * 3 / 4 {
                seen = Some((
                    side_file(&db, "-journal").exists(),
                    side_file(&db, "-wal").exists(),
                ));
            }
            true
        },
    )
    .unwrap();
    assert!(r.written && r.added == 3000, "{}", r.text());
    assert_eq!(seen, Some((true, false)), "(journal, wal) during the rows");
    assert!(!side_file(&db, "-journal").exists());
    assert_eq!(sql::<String>(&db, "PRAGMA journal_mode"), "wal");
    assert_eq!(count(&db, "accounts"), 3000);
    assert_eq!(indexes(&db), before);
    assert_eq!(sql::<String>(&db, "PRAGMA integrity_check"), "ok");
    // The book is an ordinary one again: an edit is kept, the next import goes
    // through the WAL (the book has accounts now).
    store.write(|tx| tx.add_health("C-1", today(), 20)).unwrap();
    let r = run_with(&mut store, ImportKind::Accounts, &path, &journal_opts());
    assert!(r.written && r.unchanged == 2999, "{}", r.text());
    assert!(side_file(&db, "-wal").exists());
}

#[test]
fn a_new_book_open_elsewhere_is_imported_through_its_wal() {
    // Another connection on the book (another runway): the journal mode cannot
    // change, and the import runs as it always has, the reader undisturbed.
    let (d, mut store, db) = fresh();
    let other = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = other
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let mut journal = false;
    let r = import_file(
        &mut store,
        ImportKind::Accounts,
        &many_accounts(d.path(), 500, ""),
        &journal_opts(),
        &mut |_, _| {
            journal |= side_file(&db, "-journal").exists();
            true
        },
    )
    .unwrap();
    assert!(r.written && r.added == 500, "{}", r.text());
    assert!(!journal, "the book was switched to a rollback journal");
    let n: i64 = other
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 500);
    assert_eq!(sql::<String>(&db, "PRAGMA journal_mode"), "wal");
}

#[test]
fn a_new_book_left_mid_import_opens_as_it_was() {
    // A crash while rows are written through the rollback journal leaves the book
    // file part-written beside its journal; opening it puts the old pages back.
    let d = tempfile::tempdir().unwrap();
    let crashed = crashed_mid_import(d.path());
    // Read-only, the journal cannot be played back: said so, with what to do.
    let e = Store::open_with(&crashed, runway::store::Access::ReadOnly)
        .err()
        .expect("a hot journal opened read-only");
    assert!(
        e.to_string().contains("interrupted") && e.to_string().contains("without --read-only"),
        "{e}"
    );
    let store = Store::open(&crashed).unwrap();
    assert_eq!(store.check(true).unwrap(), Ok(()));
    drop(store);
    assert_eq!(count(&crashed, "accounts"), 0);
    assert_eq!(sql::<String>(&crashed, "PRAGMA journal_mode"), "wal");
}

//! Alarms a CSM can trust, through the binary on an imported CRM book: coverage from
//! recent contacts and named owners, steps the stage has passed, no "stalled" on the
//! day of import, rows past the window labelled and counted apart, derived risk
//! signals beside logged ones, at risk by kinds, quartile ties, red health counted
//! once in the forecast.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/alarms")
        .join(name)
}

fn run(dir: &Path, args: &[&str], db: &Path) -> std::process::Output {
    let o = runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    o
}

/// The alarms fixture book: accounts, stakeholders and signals imported as a CSM would.
fn imported() -> (tempfile::TempDir, PathBuf) {
    let (d, db) = temp_db();
    for kind in ["accounts", "stakeholders", "signals"] {
        let file = fixture(&format!("{kind}.csv"));
        run(d.path(), &["import", kind, file.to_str().unwrap()], &db);
    }
    (d, db)
}

fn json(dir: &Path, args: &[&str], db: &Path) -> Value {
    serde_json::from_slice(&run(dir, args, db).stdout).unwrap()
}

fn account(dir: &Path, db: &Path, id: &str) -> Value {
    json(dir, &["account", id, "--json"], db)
}

fn row<'a>(q: &'a Value, id: &str) -> Option<&'a Value> {
    q["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["account_id"] == id)
}

#[test]
fn recent_contacts_and_named_owners_are_threads() {
    let (d, db) = imported();
    // Five people reached 4–20 days ago, no owner named in the file.
    let a = account(d.path(), &db, "A-3");
    assert_eq!(a["coverage"]["single_threaded"], false, "{}", a["coverage"]);
    assert_eq!(a["coverage"]["missing_roles"], serde_json::json!([]));
    assert_eq!(a["coverage"]["warnings"], serde_json::json!([]));
    // Acme: the buyer has a named owner ("Contact Owner") but no recent contact and is
    // covered; the decision maker has neither and is not; stale is still stale.
    let a = account(d.path(), &db, "A-1");
    assert_eq!(
        a["coverage"]["missing_roles"],
        serde_json::json!(["decision_maker"])
    );
    assert_eq!(
        a["coverage"]["stale_contacts"],
        serde_json::json!(["Gus Hale", "Hal Ives"])
    );
    let gus = a["stakeholders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Gus Hale")
        .unwrap();
    assert_eq!(gus["our_contact"], "Priya Shah");
}

#[test]
fn an_imported_book_is_not_stalled_and_its_passed_steps_are_done() {
    let (d, db) = imported();
    let q = json(d.path(), &["queue", "--all", "--json"], &db);
    let stalled: Vec<&str> = q["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["stalled"] == true)
        .map(|r| r["account_id"].as_str().unwrap())
        .collect();
    // Only Holly, whose file says its last activity was 52 days ago.
    assert_eq!(stalled, vec!["A-8"]);
    let holly = row(&q, "A-8").unwrap();
    assert_eq!(
        holly["stalled_reason"],
        "no stage change or activity for 52 days (last on 2026-10-01; stalled from 14)"
    );
    assert_eq!(row(&q, "A-4").unwrap()["stalled_reason"], Value::Null);
    // Acme is at proposal: review, kick-off, value review and proposal build happened.
    let a = account(d.path(), &db, "A-1");
    let statuses: Vec<&str> = a["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec!["done", "done", "done", "done", "upcoming", "upcoming"]
    );
    let before: Vec<bool> = a["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["done_before_import"] == true)
        .collect();
    assert_eq!(before, vec![true, true, true, true, false, false]);
    assert_eq!(a["behind"], false);
    assert_eq!(a["behind_reason"], Value::Null);
    let birch = account(d.path(), &db, "A-2");
    assert!(
        birch["behind_reason"]
            .as_str()
            .unwrap()
            .starts_with("T-120 Internal account review was due 2026-11-12 and is not done"),
        "{}",
        birch["behind_reason"]
    );
    // Re-importing the same file changes nothing.
    let o = run(
        d.path(),
        &[
            "import",
            "accounts",
            fixture("accounts.csv").to_str().unwrap(),
        ],
        &db,
    );
    assert!(
        stdout(&o).ends_with("added 0, updated 0, unchanged 8, rejected 0\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rows_past_the_window_are_labelled_and_counted_apart() {
    let (d, db) = imported();
    let q = json(d.path(), &["queue", "--days", "30", "--json"], &db);
    // Birch renews in 110 days; its T-120 review is overdue, so it is shown, and says so.
    let birch = row(&q, "A-2").expect("Birch is shown for its overdue step");
    assert_eq!(birch["beyond_window"], true);
    assert_eq!(birch["window_label"], "T-120 overdue");
    // Acme renews in 100 days with its passed steps done: nothing pulls it in.
    assert!(row(&q, "A-1").is_none());
    let inside = row(&q, "A-5").unwrap();
    assert_eq!(inside["beyond_window"], false);
    assert_eq!(inside["window_label"], Value::Null);
    let text = stdout(&run(d.path(), &["queue", "--days", "30"], &db));
    let line = text.lines().find(|l| l.contains("Birch Labs")).unwrap();
    assert!(line.ends_with("Dana Reyes T-120 overdue BEHIND"), "{line}");
}

#[test]
fn derived_signals_sit_beside_logged_ones_and_count_by_kind() {
    let (d, db) = imported();
    // Dune: NPS fell below zero and usage fell 37.5% in three months.
    let a = account(d.path(), &db, "A-4");
    let signals = a["signals"].as_array().unwrap();
    let derived: Vec<(&str, &str)> = signals
        .iter()
        .map(|s| (s["source"].as_str().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        derived,
        vec![
            ("derived", "negative_feedback"),
            ("derived", "usage_decline")
        ]
    );
    assert_eq!(signals[0]["note"], "NPS -20 is below 0");
    assert_eq!(a["at_risk"], true);
    assert_eq!(
        a["signal_kinds"],
        serde_json::json!(["negative_feedback", "usage_decline"])
    );
    // Elm: three notes of one budget worry are one signal: not at risk.
    let a = account(d.path(), &db, "A-5");
    assert_eq!(a["signals"].as_array().unwrap().len(), 3);
    assert!(a["signals"][0]["source"] == "logged");
    assert_eq!(a["at_risk"], false);
    // Holly: the economic buyer left (imported) + a logged business change.
    let a = account(d.path(), &db, "A-8");
    assert_eq!(a["at_risk_reason"], "several kinds of risk signal together");
    assert_eq!(a["signals"][0]["kind"], "stakeholder_change");
    assert_eq!(a["signals"][0]["source"], "derived");
    // Fir: one competitive signal is save mode at once.
    let a = account(d.path(), &db, "A-6");
    assert_eq!(a["at_risk_reason"], "competitive signal: save mode");
    assert_eq!(a["save_mode"], true);
    // Gale: red health is a derived health drop, and the forecast pays for it once
    // (engaged 70 − 25 red; not another −10 for being at risk for the same score).
    let a = account(d.path(), &db, "A-7");
    assert_eq!(a["signals"][0]["kind"], "health_drop");
    assert_eq!(a["probability"], 45);
}

#[test]
fn a_book_of_equal_scores_flags_nobody() {
    let (d, db) = temp_db();
    let file = fixture("flat_accounts.csv");
    run(
        d.path(),
        &["import", "accounts", file.to_str().unwrap()],
        &db,
    );
    let q = json(d.path(), &["queue", "--all", "--json"], &db);
    for r in q["rows"].as_array().unwrap() {
        assert_eq!(r["bottom_quartile"], false, "{r}");
        assert_eq!(r["at_risk"], false, "{r}");
    }
    // The alarms book: 8 scores, at most 2 in the bottom quartile.
    let (d, db) = imported();
    let q = json(d.path(), &["queue", "--all", "--json"], &db);
    let flagged = q["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["bottom_quartile"] == true)
        .count();
    assert_eq!(flagged, 2);
}

/// The cockpit on the imported book (library import, same files as above).
fn cockpit() -> (tempfile::TempDir, runway::tui::app::App) {
    use runway::io::import::{ImportKind, ImportOptions, import_file};
    let (d, path) = temp_db();
    let mut store = runway::store::Store::open(&path).unwrap();
    let opts = ImportOptions::new(&runway::domain::config::Config::default(), today());
    for (kind, file) in [
        (ImportKind::Accounts, "accounts.csv"),
        (ImportKind::Stakeholders, "stakeholders.csv"),
        (ImportKind::Signals, "signals.csv"),
    ] {
        let r = import_file(&mut store, kind, &fixture(file), &opts, &mut |_, _| true).unwrap();
        assert!(r.written, "{}", r.text());
    }
    (d, app_on(store, 120, 40))
}

#[test]
fn the_window_summary_counts_steps_due_apart_and_d_toggles_them() {
    use ratatui::crossterm::event::KeyCode;
    let (_d, mut app) = cockpit();
    typed(&mut app, "WWWW"); // 90 → 120 → 180 → all → 30
    assert_eq!(app.queue.window, Some(30));
    let s = screen(&app, 120, 40);
    assert!(s.contains(" 5 in 30 days + 2 with steps due "), "{s}");
    let birch = s.lines().find(|l| l.contains("Birch Labs")).unwrap();
    assert!(birch.contains("T-120!"), "{birch}");
    typed(&mut app, "D");
    let s = screen(&app, 120, 40);
    assert!(s.contains(" 5 in 30 days "), "{s}");
    assert!(s.contains("steps due past the window hidden"), "{s}");
    assert!(!s.contains("Birch Labs"), "{s}");
    typed(&mut app, "D");
    assert!(screen(&app, 120, 40).contains("Birch Labs"));
    // w on Birch says why it is here and why it is BEHIND.
    typed(&mut app, "/birch");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "w");
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("Past the window: shown because step T-120 overdue"),
        "{s}"
    );
    assert!(
        s.contains("BEHIND: T-120 Internal account review was due 2026-11-12"),
        "{s}"
    );
    // w on Holly says why STALLED.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    typed(&mut app, "/holly");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "w");
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("STALLED: no stage change or activity for 52 days (last on 2026-10-01"),
        "{s}"
    );
}

#[test]
fn a_competitive_signal_offers_a_save_plan_at_once() {
    use ratatui::crossterm::event::KeyCode;
    let (_d, mut app) = cockpit();
    typed(&mut app, "/elm dental");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter); // open Elm Dental
    assert_eq!(app.acct.detail.as_ref().unwrap().account.id, "A-5");
    typed(&mut app, "s"); // log a risk signal
    typed(&mut app, "c"); // kind: competitive
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "asked how to export their data");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("Competitive signal: save mode"), "{s}");
    assert!(s.contains("Start a save plan now"), "{s}");
    key(&mut app, KeyCode::Enter); // yes
    let plan = app.store.save_plan("A-5").unwrap().expect("a save plan");
    assert_eq!(plan.status, "open");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("save plan started"),
        "{:?}",
        app.message
    );
}

#[test]
fn bundling_follows_every_condition_of_section_9() {
    let (d, db) = imported();
    let proposal =
        |id: &str| -> Value { json(d.path(), &["proposal", id, "--format", "json"], &db) };
    // Cedar: healthy, typed expansion, every buyer reached, no budget worry: bundled.
    assert_eq!(proposal("A-3")["bundled"], true);
    // Elm: healthy and typed expansion too, but three budget notes: budget not ready.
    assert_eq!(proposal("A-5")["bundled"], false);
    // Birch: healthy, but a flat renewal: the expansion is exploratory.
    assert_eq!(proposal("A-2")["bundled"], false);
}

//! Forms people can type into: dates as people say them, percentages with their `%`,
//! a prefilled value replaced by typing, choices shown in words.

mod common;
use runway::domain::queue_fields::QueueFields;

use common::*;
use ratatui::crossterm::event::KeyCode;
use runway::tui::app::{App, Overlay};

fn demo() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    (dir, path, app_on(store, 120, 40))
}

fn renewal(path: &std::path::Path, rid: i64, col: &str) -> Option<String> {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            &format!("SELECT CAST({col} AS TEXT) FROM renewals WHERE id = ?1"),
            [rid],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn snooze_takes_a_relative_date() {
    let (_d, path, mut app) = demo();
    let rid = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .renewal_id;
    typed(&mut app, "z");
    // The field opens prefilled; typing replaces it.
    typed(&mut app, "+2w");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "budget cycle");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    // Today is 2026-11-22 in the tests.
    assert_eq!(
        renewal(&path, rid, "snoozed_until").as_deref(),
        Some("2026-12-06")
    );
}

#[test]
fn a_bad_date_names_the_forms_it_takes() {
    let (_d, _path, mut app) = demo();
    typed(&mut app, "z");
    typed(&mut app, "next blursday");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "x");
    key(&mut app, KeyCode::Enter);
    let Overlay::Form(f, _) = &app.overlay else {
        panic!("form stays open")
    };
    let e = f.error.clone().unwrap();
    assert!(e.contains("Until") && e.contains("+7d"), "{e}");
}

/// Before, "70%" in the probability form was refused as "not a whole number".
#[test]
fn probability_takes_a_percent_sign() {
    let (_d, path, mut app) = demo();
    let rid = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .renewal_id;
    typed(&mut app, "p");
    typed(&mut app, "70%");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    assert_eq!(
        renewal(&path, rid, "probability_override").as_deref(),
        Some("70")
    );
}

#[test]
fn choices_show_words_and_store_codes() {
    let (_d, _path, mut app) = demo();
    app.open_account("DEMO-002".into());
    typed(&mut app, "s"); // log a risk signal
    let s = screen(&app, 120, 40);
    assert!(s.contains("‹ Health drop ›"), "{s}");
    assert!(!s.contains("health_drop"), "{s}");
}

fn accounts(path: &std::path::Path, id: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM accounts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Types into the form's fields in order (Tab between them).
fn fill(app: &mut App, values: &[&str]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            key(app, KeyCode::Tab);
        }
        typed(app, v);
    }
}

#[test]
fn new_account_by_hand_from_the_command_line_and_undo() {
    let (_d, path, mut app) = demo();
    typed(&mut app, ":new");
    key(&mut app, KeyCode::Enter);
    fill(&mut app, &["HAND-1", "Hand Made Ltd", "12,500", "+30d"]);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    assert_eq!(accounts(&path, "HAND-1"), 1);
    let row = app
        .queue
        .rows
        .iter()
        .find(|r| r.account_id() == "HAND-1")
        .expect("in the 90-day queue");
    assert_eq!(
        row.renewal_date().map(|d| d.to_string()).as_deref(),
        Some("2026-12-22")
    );
    typed(&mut app, "u");
    assert_eq!(accounts(&path, "HAND-1"), 0, "undo removes it");
}

#[test]
fn new_account_refuses_an_existing_id_and_keeps_the_form() {
    let (_d, path, mut app) = demo();
    typed(&mut app, "+");
    fill(&mut app, &["DEMO-002", "Clash", "1000", "2027-01-10"]);
    key(&mut app, KeyCode::Enter);
    let Overlay::Form(f, _) = &app.overlay else {
        panic!("the form stays open")
    };
    assert!(
        f.error.as_deref().unwrap().contains("DEMO-002"),
        "{:?}",
        f.error
    );
    assert_eq!(f.fields[1].value, "Clash", "what was typed stays");
    assert_eq!(accounts(&path, "DEMO-002"), 1);
}

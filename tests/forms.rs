//! Forms people can type into: dates as people say them, percentages with their `%`,
//! a prefilled value replaced by typing, choices shown in words.

mod common;

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
    let rid = app.rows[app.view[app.selected]].facts.renewal_id;
    typed(&mut app, "z");
    // The field opens prefilled; typing replaces it.
    typed(&mut app, "+2w");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "budget cycle");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    // Today is 2026-11-22 in the tests.
    assert_eq!(renewal(&path, rid, "snoozed_until").as_deref(), Some("2026-12-06"));
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
    let rid = app.rows[app.view[app.selected]].facts.renewal_id;
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

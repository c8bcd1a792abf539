//! The account pane's panels: Tab reaches each one, j/k scroll the focused one,
//! Enter or z opens it full-screen with long lines wrapped; resolve a risk signal
//! (kept as history, undoable); log a typed activity.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use runway::tui::account::{ACTIVITY, SIGNALS};
use runway::tui::app::{App, Overlay, Pane};

fn open(id: &str, w: u16, h: u16) -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    let mut app = app_on(store, w, h);
    app.open_account(id.into());
    assert_eq!(app.pane, Pane::Account);
    (dir, path, app)
}

#[test]
fn a_long_note_is_reachable_and_readable_in_full_at_80x24() {
    let (_d, _path, mut app) = open("DEMO-002", 80, 24);
    let long = "Spoke with their CFO about the budget freeze; they want a two-year term \
                with a price hold, and procurement needs the security review by January";
    typed(&mut app, "c");
    key(&mut app, KeyCode::Tab); // to the note (type stays "note")
    typed(&mut app, long);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    // Tab to the activity panel: at 80 columns it takes the playbook's place.
    while app.acct.panels.focus != ACTIVITY {
        key(&mut app, KeyCode::Tab);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("Recent activity"), "{s}");
    typed(&mut app, "z");
    let s = screen(&app, 80, 24);
    let flat: String = s
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("security review by January"),
        "zoomed, the whole note shows\n{s}"
    );
    insta::assert_snapshot!("activity_zoomed_80x24", s);
    key(&mut app, KeyCode::Esc);
    assert!(!app.acct.panels.zoom);
    assert_eq!(app.pane, Pane::Account, "Esc leaves zoom first");
}

#[test]
fn tab_and_shift_tab_cycle_the_panels_and_j_scrolls_the_focused_one() {
    let (_d, _path, mut app) = open("DEMO-015", 120, 40);
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.acct.panels.focus, 0, "five panels, back to the first");
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.acct.panels.focus, SIGNALS);
    typed(&mut app, "jj");
    assert_eq!(app.acct.panels.scroll[SIGNALS], 2);
    assert_eq!(app.acct.sel, 0, "the people selection did not move");
    // ] still moves to the next pane.
    typed(&mut app, "]");
    assert_eq!(app.pane, Pane::Save);
}

#[test]
fn resolving_a_signal_keeps_it_as_history_and_undo_reopens_it() {
    let (_d, path, mut app) = open("DEMO-015", 120, 40);
    let open_before = app.acct.detail.as_ref().unwrap().signals.len();
    assert!(open_before > 0, "the demo account has open signals");
    typed(&mut app, "r");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    let d = app.acct.detail.as_ref().unwrap();
    assert_eq!(d.signals.len(), open_before - 1);
    assert_eq!(d.resolved.len(), 1);
    let resolved: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM signals s JOIN accounts a ON a.id = s.account_id WHERE a.id = 'DEMO-015' AND resolved_on IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(resolved, 1);
    assert!(screen(&app, 120, 40).contains("resolved 2026-11-22"));
    typed(&mut app, "u");
    assert_eq!(app.acct.detail.as_ref().unwrap().signals.len(), open_before);
}

#[test]
fn an_activity_is_logged_with_its_type() {
    let (_d, path, mut app) = open("DEMO-002", 120, 40);
    typed(&mut app, "c");
    typed(&mut app, "c"); // the type: call
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Walked through the renewal options");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    let s = runway::store::Store::open(&path).unwrap();
    let (_, kind, summary) = s.recent_activities("DEMO-002", 1).unwrap().remove(0);
    assert_eq!(kind, "call");
    assert_eq!(summary, "Walked through the renewal options");
}

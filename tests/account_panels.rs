//! The account pane's panels: Tab reaches each one, j/k scroll the focused one,
//! Enter or z opens it full-screen with long lines wrapped; resolve a risk signal
//! (kept as history, undoable); log a typed activity.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use runway::tui::account::{ACTIVITY, COVERAGE, PEOPLE, PLAYBOOK, SIGNALS};
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

/// Everything drawn while `panel` is zoomed and scrolled from top to bottom, borders
/// taken out and whitespace folded, so wrapped text reads as one line.
fn read_zoomed(app: &mut App, panel: usize, steps: usize) -> String {
    while app.acct.panels.focus != panel {
        key(app, KeyCode::Tab);
    }
    typed(app, "z");
    assert!(app.acct.panels.zoom);
    key(app, KeyCode::Home);
    let mut seen = String::new();
    for _ in 0..steps {
        seen.push_str(&screen(app, 80, 24));
        seen.push('\n');
        typed(app, "j");
    }
    key(app, KeyCode::Esc);
    seen.replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_panel_is_on_screen_when_focused_and_all_it_counts_can_be_read_at_80x24() {
    // Six people and three coverage warnings: before, the map and coverage took the
    // whole pane and the signals, log and playbook were drawn nowhere.
    let (_d, _path, mut app) = open("DEMO-005", 80, 24);
    let d = app.acct.detail.clone().unwrap();
    for (panel, title) in [
        (PEOPLE, "▸Their people (6)"),
        (COVERAGE, "▸ Coverage: 3 warnings"),
        // At 80 columns the counts are shortened so the call to action is whole.
        (SIGNALS, "▸ Risk 4+2 · COMPETITIVE (3 S)"),
        (ACTIVITY, "▸ Recent activity: 2 entries"),
        (PLAYBOOK, "▸ Playbook"),
    ] {
        while app.acct.panels.focus != panel {
            key(&mut app, KeyCode::Tab);
        }
        let s = screen(&app, 80, 24);
        assert!(s.contains(title), "panel {panel} is not on screen\n{s}");
    }
    assert_eq!((d.stakeholders.len(), d.coverage.warnings.len()), (6, 3));
    assert_eq!(
        (d.signals.len(), d.derived.len(), app.acct.log.len()),
        (4, 2, 2)
    );

    // Zoomed, each panel's items read in full, however narrow their rows were.
    let people = read_zoomed(&mut app, PEOPLE, d.stakeholders.len());
    for p in &d.stakeholders {
        let role = p.role.map_or("no role", |r| r.label());
        for field in [Some(&p.name), p.title.as_ref(), p.email.as_ref()]
            .into_iter()
            .flatten()
        {
            assert!(
                people.contains(field.as_str()),
                "{field} of {}\n{people}",
                p.name
            );
        }
        assert!(
            people.contains(&format!("{} · {role}", p.name)),
            "{role}\n{people}"
        );
    }
    assert!(people.contains("no thread (usually "), "{people}");
    let coverage = read_zoomed(&mut app, COVERAGE, 5);
    for w in &d.coverage.warnings {
        assert!(coverage.contains(&w.text), "{}\n{coverage}", w.text);
        assert!(
            coverage.contains(&w.next_step),
            "{}\n{coverage}",
            w.next_step
        );
    }
    let signals = read_zoomed(&mut app, SIGNALS, 8);
    for s in &d.derived {
        assert!(signals.contains(&s.text), "{}\n{signals}", s.text);
    }
    for s in &d.signals {
        let note = s.note.as_deref().unwrap();
        assert!(signals.contains(note), "{note}\n{signals}");
    }
    let log = read_zoomed(&mut app, ACTIVITY, 3);
    for (_, _, summary) in &app.acct.log {
        assert!(log.contains(summary.as_str()), "{summary}\n{log}");
    }
    let playbook = read_zoomed(&mut app, PLAYBOOK, d.milestones.len());
    for m in &d.milestones {
        assert!(playbook.contains(m.def.name), "{}\n{playbook}", m.def.name);
    }
}

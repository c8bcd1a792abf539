//! Undo and redo across every pane: each kind of change, made with keys, is taken
//! back by `u` to exactly the book it started from (every row of every user table),
//! and put back by Ctrl-R — checked in the file, through a fresh connection.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::store::Store;
use runway::tui::app::{App, Overlay, Pane};

/// Every row of the user's tables, in a stable order: the whole book as a user
/// would judge "is it as it was?".
fn book(path: &std::path::Path) -> String {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut out = String::new();
    for t in [
        "accounts",
        "renewals",
        "stakeholders",
        "signals",
        "activities",
        "milestone_completions",
        "save_plans",
        "save_items",
        "concessions",
        "proposals",
        "proposal_tiers",
        "proposal_versions",
        "proposal_approvals",
        "outcomes",
        "tasks",
    ] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = format!("{t}:");
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!(" {v:?}"));
                }
                Ok(line)
            })
            .unwrap();
        for r in rows {
            out.push_str(&r.unwrap());
            out.push('\n');
        }
    }
    out
}

fn redo(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
}

fn demo() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    (dir, path, app_on(store, 120, 40))
}

/// The first line where two dumps differ (a whole dump is too long to read).
fn first_difference(a: &str, b: &str) -> Option<String> {
    let (mut la, mut lb) = (a.lines(), b.lines());
    loop {
        match (la.next(), lb.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some(format!("{x:?}\n  vs {y:?}")),
            _ => {}
        }
    }
}

/// Makes a change with `change`, then checks that `u` restores the book exactly and
/// Ctrl-R brings the change back exactly, with the step named in the status line.
#[track_caller]
fn round_trip(app: &mut App, path: &std::path::Path, change: impl FnOnce(&mut App)) {
    let before = book(path);
    change(app);
    assert!(
        matches!(app.overlay, Overlay::None),
        "the change finished (no form left open): {:?}",
        app.message
    );
    let after = book(path);
    assert!(
        first_difference(&before, &after).is_some(),
        "the change wrote nothing: {:?}",
        app.message
    );
    typed(app, "u");
    let msg = app.message.clone().unwrap_or_default();
    assert!(msg.starts_with("undone: "), "{msg}");
    if let Some(d) = first_difference(&book(path), &before) {
        panic!("undo left a difference ({msg}): {d}");
    }
    redo(app);
    let msg = app.message.clone().unwrap_or_default();
    assert!(msg.starts_with("redone: "), "{msg}");
    if let Some(d) = first_difference(&book(path), &after) {
        panic!("redo left a difference ({msg}): {d}");
    }
}

#[test]
fn queue_changes_undo_and_redo() {
    let (_d, path, mut app) = demo();
    round_trip(&mut app, &path, |a| typed(a, "n"));
    round_trip(&mut app, &path, |a| {
        typed(a, "c");
        typed(a, "Called their CFO");
        key(a, KeyCode::Enter);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "z");
        a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        typed(a, "2026-12-15");
        key(a, KeyCode::Tab);
        typed(a, "budget cycle");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn account_changes_undo_and_redo() {
    let (_d, path, mut app) = demo();
    app.open_account("DEMO-002".into());
    assert_eq!(app.pane, Pane::Account);
    // Removing a person (the form asks first; Right picks "yes").
    round_trip(&mut app, &path, |a| {
        typed(a, "D");
        key(a, KeyCode::Right);
        key(a, KeyCode::Enter);
    });
    assert_eq!(app.pane, Pane::Account, "undo stays where the user is");
}

#[test]
fn proposal_changes_undo_and_redo() {
    let (_d, path, mut app) = demo();
    app.open_account("DEMO-002".into());
    typed(&mut app, "4");
    assert_eq!(app.pane, Pane::Proposal);
    round_trip(&mut app, &path, |a| typed(a, "r"));
}

#[test]
fn save_plan_changes_undo_and_redo() {
    let (_d, path, mut app) = demo();
    app.open_account("DEMO-015".into());
    typed(&mut app, "3");
    assert_eq!(app.pane, Pane::Save);
    // Cycling an item's status was not undoable before (u said "cannot be undone here").
    round_trip(&mut app, &path, |a| typed(a, "s"));
}

#[test]
fn a_new_change_clears_redo_and_empty_journal_says_so() {
    let (_d, _path, mut app) = demo();
    typed(&mut app, "u");
    assert_eq!(app.message.as_deref(), Some("nothing to undo"));
    typed(&mut app, "n");
    typed(&mut app, "u");
    typed(&mut app, "j");
    typed(&mut app, "n");
    redo(&mut app);
    assert_eq!(app.message.as_deref(), Some("nothing to redo"));
}

#[test]
fn redo_is_refused_when_the_row_changed_since_the_undo() {
    let (_d, path, mut app) = demo();
    let rid = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .facts
        .renewal_id;
    typed(&mut app, "n");
    typed(&mut app, "u");
    let mut other = Store::open(&path).unwrap();
    other
        .write(|tx| tx.set_owner(rid, Some("Someone Else")))
        .unwrap();
    let before = book(&path);
    redo(&mut app);
    assert!(
        app.message.as_deref().unwrap().contains("not redone"),
        "{:?}",
        app.message
    );
    assert_eq!(book(&path), before, "nothing applied");
}

/// Snoozing or reassigning a stalled renewal is bookkeeping, not movement: it stays
/// stalled. (Before, both logged an activity that counted as the renewal moving.)
#[test]
fn snooze_and_assign_leave_stalled_alone() {
    let (_d, path, mut app) = demo();
    let pos = app
        .queue
        .view
        .iter()
        .position(|&i| app.queue.full_row(i).unwrap().stalled)
        .expect("a stalled renewal in the demo");
    app.queue.selected = pos;
    let rid = app
        .queue
        .full_row(app.queue.view[pos])
        .unwrap()
        .facts
        .renewal_id;
    let moved = |p: &std::path::Path| -> Option<String> {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row(
                "SELECT last_activity_on FROM renewals WHERE id = ?1",
                [rid],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = moved(&path);
    typed(&mut app, "a");
    typed(&mut app, "Nobody New");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    assert_eq!(moved(&path), before, "assigning is not movement");
    let row = app.queue.full_row_of(rid).unwrap();
    assert!(row.stalled, "still stalled after assigning");
}

/// Sets form fields by label (panicking with the labels there are, so a renamed
/// field fails loudly), then presses Enter as the user would.
fn fill(app: &mut App, values: &[(&str, &str)]) {
    let Overlay::Form(form, _) = &mut app.overlay else {
        panic!("no form open: {:?}", app.message)
    };
    for (label, v) in values {
        let labels: Vec<String> = form.fields.iter().map(|f| f.label.clone()).collect();
        let f = form
            .fields
            .iter_mut()
            .find(|f| f.label == *label)
            .unwrap_or_else(|| panic!("no field {label} in {labels:?}"));
        f.value = v.to_string();
    }
    key(app, KeyCode::Enter);
}

/// Every other kind of change the cockpit makes, each undone and redone exactly.
#[test]
fn every_kind_of_change_undoes_and_redoes() {
    let (_d, path, mut app) = demo();
    // Queue.
    round_trip(&mut app, &path, |a| {
        typed(a, "a");
        fill(a, &[("Or new name", "Robin Vale")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "p");
        fill(a, &[("Percent", "70%")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "!");
        fill(a, &[("Reason", "budget frozen")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "N");
        key(a, KeyCode::Right);
        key(a, KeyCode::Enter);
    });
    round_trip(&mut app, &path, |a| {
        // A row with a playbook step due.
        a.queue.selected = a
            .queue
            .view
            .iter()
            .position(|&i| a.queue.full_row(i).unwrap().next_milestone.is_some())
            .expect("a row with a next step");
        typed(a, "x");
        key(a, KeyCode::Enter);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "C");
        fill(a, &[("Final ARR", "150000"), ("Reason", "renewed flat")]);
    });
    // Account.
    app.open_account("DEMO-002".into());
    round_trip(&mut app, &path, |a| {
        typed(a, "a");
        fill(a, &[("Name", "Noor Haddad"), ("Title", "COO")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "e");
        fill(a, &[("Title", "Head of Operations")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "s");
        fill(a, &[("Note", "asked about cheaper plans")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "S");
        fill(
            a,
            &[
                ("Run as", "mid_market"),
                ("Reason", "runs like a mid-market team"),
            ],
        );
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "c");
        fill(a, &[("Type", "meeting"), ("Note", "QBR booked")]);
    });
    // Save plan.
    app.open_account("DEMO-015".into());
    typed(&mut app, "3");
    round_trip(&mut app, &path, |a| {
        typed(a, "i");
        fill(a, &[("Problem", "Slow exports"), ("Owner", "ana")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "e");
        fill(a, &[("Fix", "move exports to the nightly job")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "c");
        fill(
            a,
            &[("Discount %", "10"), ("What is given", "a 10% discount")],
        );
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "h");
        fill(a, &[("Hours", "3")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "D");
        fill(a, &[("Delete it", "yes")]);
    });
    // Proposal.
    app.open_account("DEMO-002".into());
    typed(&mut app, "4");
    round_trip(&mut app, &path, |a| typed(a, "B"));
    round_trip(&mut app, &path, |a| {
        typed(a, "e");
        fill(a, &[("Uplift %", "6")]);
    });
    round_trip(&mut app, &path, |a| {
        typed(a, "S");
        fill(a, &[("Status", "sent")]);
    });
}

//! Every triage key, driven as a user would, checked in the database after reopening.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use runway::domain::renewal::Stage;
use runway::store::Store;
use runway::tui::app::{App, Overlay};

/// Clears the focused form field.
fn clear_field(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

fn demo_app() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, store) = demo_store();
    let path = dir.path().join("book.db");
    (dir, path, app_on(store, 120, 40))
}

/// Selects the queue row of `account_id`.
fn select(app: &mut App, account_id: &str) {
    let pos = app
        .queue
        .view
        .iter()
        .position(|&i| app.queue.full_row(i).unwrap().facts.account_id == account_id)
        .expect("account in view");
    app.queue.selected = pos;
}

fn selected_id(app: &App) -> (String, i64) {
    let r = &app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap();
    (r.facts.account_id.clone(), r.facts.renewal_id)
}

fn state(path: &std::path::Path, renewal: i64) -> runway::store::RenewalState {
    Store::open(path)
        .unwrap()
        .renewal_state(renewal)
        .unwrap()
        .unwrap()
}

fn last_activity(path: &std::path::Path, account: &str) -> (String, String) {
    let s = Store::open(path).unwrap();
    let (_, kind, summary) = s.recent_activities(account, 1).unwrap().remove(0);
    (kind, summary)
}

#[test]
fn advance_stage_is_saved_logged_and_undone() {
    let (_d, path, mut app) = demo_app();
    let (acc, rid) = selected_id(&app);
    let before = state(&path, rid);
    typed(&mut app, "n");
    let after = state(&path, rid);
    assert_eq!(
        Stage::parse(&after.stage),
        Stage::parse(&before.stage).unwrap().advanced()
    );
    assert_eq!(after.stage_changed_on.as_deref(), Some(TODAY));
    assert_eq!(last_activity(&path, &acc).0, "stage");
    let logged_before = last_activity(&path, &acc);
    typed(&mut app, "u");
    assert_eq!(state(&path, rid), before);
    // Undo takes the change back whole, its log line too.
    assert_ne!(last_activity(&path, &acc), logged_before);
    assert!(app.message.as_deref().unwrap().starts_with("undone"));
}

#[test]
fn snooze_hides_until_the_date_and_validates() {
    let (_d, path, mut app) = demo_app();
    let (acc, rid) = selected_id(&app);
    typed(&mut app, "z");
    clear_field(&mut app);
    typed(&mut app, "2026-11-22"); // today: refused
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Waiting on their budget cycle");
    key(&mut app, KeyCode::Enter);
    match &app.overlay {
        Overlay::Form(f, _) => assert!(
            f.error.as_deref().unwrap().contains("after today"),
            "{:?}",
            f.error
        ),
        _ => panic!("form stays open on a bad date"),
    }
    // The form moved focus to the field in error.
    clear_field(&mut app);
    typed(&mut app, "2026-12-15");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None));
    let s = state(&path, rid);
    assert_eq!(s.snoozed_until.as_deref(), Some("2026-12-15"));
    assert_eq!(
        s.snooze_reason.as_deref(),
        Some("Waiting on their budget cycle")
    );
    assert!(
        !app.queue
            .view
            .iter()
            .any(|&i| app.queue.full_row(i).unwrap().facts.renewal_id == rid),
        "hidden from the default view"
    );
    typed(&mut app, "Z");
    assert!(
        app.queue
            .view
            .iter()
            .any(|&i| app.queue.full_row(i).unwrap().facts.renewal_id == rid),
        "shown with snoozed"
    );
    assert_eq!(last_activity(&path, &acc).0, "snooze");
}

#[test]
fn escape_cancels_a_form_without_saving() {
    let (_d, path, mut app) = demo_app();
    let (_, rid) = selected_id(&app);
    let before = state(&path, rid);
    typed(&mut app, "c");
    typed(&mut app, "half a thought");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(state(&path, rid), before);
    assert!(app.message.as_deref().unwrap().contains("nothing saved"));
}

#[test]
fn marked_rows_take_owner_and_stage_in_one_go() {
    let (_d, path, mut app) = demo_app();
    let ids: Vec<i64> = (0..3)
        .map(|i| {
            app.queue
                .full_row(app.queue.view[i])
                .unwrap()
                .facts
                .renewal_id
        })
        .collect();
    typed(&mut app, "   "); // space marks and moves down
    assert_eq!(app.queue.marked.len(), 3);
    let s = screen(&app, 120, 40);
    assert_eq!(
        s.matches("✓ ").count(),
        3,
        "marked rows carry a check mark: {s}"
    );
    assert!(s.contains("3 marked"));
    typed(&mut app, "a");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Jordan Vale");
    key(&mut app, KeyCode::Enter);
    for id in &ids {
        assert_eq!(state(&path, *id).owner.as_deref(), Some("Jordan Vale"));
    }
    assert!(
        app.queue.marked.is_empty(),
        "marks clear after a bulk action"
    );
    typed(&mut app, "u");
    for id in &ids {
        assert_ne!(state(&path, *id).owner.as_deref(), Some("Jordan Vale"));
    }
    // Set stage on two marked rows.
    typed(&mut app, "g  N");
    key(&mut app, KeyCode::Char('v')); // jumps to "verbal"
    key(&mut app, KeyCode::Enter);
    for id in &ids[..2] {
        assert_eq!(state(&path, *id).stage, "verbal");
    }
}

#[test]
fn milestone_done_with_note_and_undo() {
    let (_d, path, mut app) = demo_app();
    select(&mut app, "DEMO-003"); // Blue Heron: an overdue formal-proposal step
    let (acc, rid) = selected_id(&app);
    let key_before = app
        .queue
        .full_row(app.queue.view[app.queue.selected])
        .unwrap()
        .next_milestone
        .clone()
        .unwrap();
    typed(&mut app, "x");
    typed(&mut app, "Draft shared with procurement");
    key(&mut app, KeyCode::Enter);
    let bit = runway::domain::playbook::milestone_bit(key_before.key).unwrap() as i64;
    assert_ne!(state(&path, rid).milestones_done & bit, 0);
    let (kind, summary) = last_activity(&path, &acc);
    assert_eq!(kind, "milestone");
    assert!(summary.contains("Draft shared with procurement"));
    typed(&mut app, "u");
    assert_eq!(state(&path, rid).milestones_done & bit, 0);
}

#[test]
fn probability_override_and_back_to_computed() {
    let (_d, path, mut app) = demo_app();
    let (_, rid) = selected_id(&app);
    typed(&mut app, "p");
    clear_field(&mut app);
    typed(&mut app, "101");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::Form(..)), "101 refused");
    clear_field(&mut app);
    typed(&mut app, "85");
    key(&mut app, KeyCode::Enter);
    assert_eq!(state(&path, rid).probability_override, Some(85));
    assert_eq!(app.queue.full_row_of(rid).unwrap().probability, 85);
    typed(&mut app, "p");
    clear_field(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(state(&path, rid).probability_override, None);
}

#[test]
fn note_is_logged_and_undo_removes_it() {
    let (_d, path, mut app) = demo_app();
    let (acc, _) = selected_id(&app);
    typed(&mut app, "c");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Overlay::Form(f, _) if f.error.as_deref() == Some("Note is required"))
    );
    typed(&mut app, "Called the CFO; wants a two-year option");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        last_activity(&path, &acc),
        (
            "note".into(),
            "Called the CFO; wants a two-year option".into()
        )
    );
    typed(&mut app, "u");
    assert_ne!(
        last_activity(&path, &acc).1,
        "Called the CFO; wants a two-year option"
    );
}

#[test]
fn flag_at_risk_records_a_signal() {
    let (_d, path, mut app) = demo_app();
    typed(&mut app, "o"); // sort by days left so a healthy row is easy to find
    select(&mut app, "DEMO-007");
    let (acc, rid) = selected_id(&app);
    typed(&mut app, "!");
    key(&mut app, KeyCode::Char('c')); // jumps to "competitive"
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Asked for a data export");
    key(&mut app, KeyCode::Enter);
    assert!(state(&path, rid).flagged_at_risk);
    assert!(app.message.as_deref().unwrap().contains("save plan"));
    let row = app.queue.full_row_of(rid).unwrap();
    assert!(row.at_risk);
    assert!(row.facts.signal_kinds & runway::domain::risk::SignalKind::Competitive.bit() != 0);
    assert_eq!(last_activity(&path, &acc).0, "risk");
    typed(&mut app, "u");
    assert!(!state(&path, rid).flagged_at_risk);
    let row = app.queue.full_row_of(rid).unwrap();
    assert_eq!(
        row.facts.signal_kinds & runway::domain::risk::SignalKind::Competitive.bit(),
        0
    );
}

#[test]
fn closing_records_the_outcome_and_leaves_the_queue() {
    let (_d, path, mut app) = demo_app();
    let (acc, rid) = selected_id(&app);
    typed(&mut app, "C");
    key(&mut app, KeyCode::Char('c')); // churned
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Overlay::Form(f, _) if f.error.as_deref() == Some("Reason is required"))
    );
    typed(&mut app, "Moved to an all-in-one suite");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "Brightloom");
    key(&mut app, KeyCode::Enter); // final ARR still the old value: refused for churned
    assert!(
        matches!(&app.overlay, Overlay::Form(f, _) if f.error.as_deref().unwrap().contains("renews at 0"))
    );
    clear_field(&mut app);
    typed(&mut app, "0");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.message);
    let s = state(&path, rid);
    assert_eq!(
        (s.stage.as_str(), s.closed_on.as_deref()),
        ("churned", Some(TODAY))
    );
    assert!(app.queue.row_of_renewal(rid).is_none());
    assert_eq!(last_activity(&path, &acc).0, "closed");
    typed(&mut app, "u");
    assert_eq!(state(&path, rid).closed_on, None);
    assert!(app.queue.row_of_renewal(rid).is_some());
}

#[test]
fn undo_never_takes_back_someone_elses_later_edit() {
    let (_d, path, mut app) = demo_app();
    let (_, rid) = selected_id(&app);
    typed(&mut app, "n");
    let mine = state(&path, rid);
    // Another runway changes the same renewal afterwards.
    let mut other = Store::open(&path).unwrap();
    other
        .write(|tx| tx.set_owner(rid, Some("Someone Else")))
        .unwrap();
    typed(&mut app, "u");
    assert!(
        app.message.as_deref().unwrap().contains("not undone"),
        "{:?}",
        app.message
    );
    let now = state(&path, rid);
    assert_eq!(now.stage, mine.stage);
    assert_eq!(now.owner.as_deref(), Some("Someone Else"));
}

#[test]
fn a_busy_database_keeps_the_edit_in_the_form() {
    let (_d, path, mut app) = demo_app();
    app.store
        .set_busy_timeout(std::time::Duration::from_millis(30))
        .unwrap();
    let mut other = Store::open(&path).unwrap();
    typed(&mut app, "c");
    typed(&mut app, "Important note");
    other
        .write(|_tx| {
            key(&mut app, KeyCode::Enter);
            Ok(())
        })
        .unwrap();
    match &app.overlay {
        Overlay::Form(f, _) => {
            assert_eq!(
                f.error.as_deref(),
                Some("another runway is saving — try again")
            );
            let note = f.fields.iter().find(|x| x.label == "Note").unwrap();
            assert_eq!(note.value, "Important note");
        }
        _ => panic!("the form must stay open with the user's text"),
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Overlay::None),
        "saved once the other writer is done"
    );
}

#[test]
fn filters_combine_show_and_clear() {
    let (_d, _path, mut app) = demo_app();
    let all = app.queue.view.len();
    typed(&mut app, "R");
    let risky = app.queue.view.len();
    assert!(
        risky < all
            && app
                .queue
                .view
                .iter()
                .all(|&i| app.queue.full_row(i).unwrap().at_risk)
    );
    typed(&mut app, "E"); // enterprise
    assert!(
        app.queue
            .view
            .iter()
            .all(|&i| app.queue.full_row(i).unwrap().at_risk
                && app.queue.full_row(i).unwrap().segment
                    == runway::domain::segment::Segment::Enterprise)
    );
    let s = screen(&app, 120, 40);
    assert!(s.contains("Filter: segment Enterprise + at risk"), "{s}");
    // The table shows exactly the filtered rows.
    for &i in &app.queue.view {
        let name: String = app
            .queue
            .full_row(i)
            .unwrap()
            .facts
            .account_name
            .chars()
            .take(15)
            .collect();
        assert!(s.contains(&name), "{s}");
    }
    assert!(
        !s.contains("Riverstone Clinics"),
        "a mid-market row must not be drawn: {s}"
    );
    insta::assert_snapshot!("filtered_80x24", screen(&app, 80, 24));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.queue.view.len(), all);
    typed(&mut app, "/heron");
    key(&mut app, KeyCode::Enter);
    // Fuzzy: the Heron accounts are in, and most of the book is out.
    let names: Vec<&str> = app
        .queue
        .view
        .iter()
        .map(|&i| app.queue.full_row(i).unwrap().facts.account_name.as_str())
        .collect();
    assert!(names.contains(&"Blue Heron Bakeries"), "{names:?}");
    assert!(names.len() < all / 2, "{names:?}");
    // Owner names are searched too.
    key(&mut app, KeyCode::Esc);
    typed(&mut app, "/priya");
    assert!(
        app.queue
            .view
            .iter()
            .all(|&i| app.queue.full_row(i).unwrap().facts.owner.as_deref()
                == Some("Priya Natarajan"))
    );
}

#[test]
fn sort_window_agenda_and_why() {
    let (_d, _path, mut app) = demo_app();
    typed(&mut app, "o"); // days left
    let days: Vec<i64> = app
        .queue
        .view
        .iter()
        .filter_map(|&i| app.queue.full_row(i).unwrap().days_left)
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]));
    typed(&mut app, "O");
    let days: Vec<i64> = app
        .queue
        .view
        .iter()
        .filter_map(|&i| app.queue.full_row(i).unwrap().days_left)
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]));
    let in90 = app.queue.rows.len();
    typed(&mut app, "W"); // 120
    assert!(app.queue.rows.len() >= in90);
    typed(&mut app, "WWW"); // 180, all, 30
    assert_eq!(app.queue.window, Some(30));
    assert!(app.queue.rows.len() < in90);
    typed(&mut app, "t");
    assert!(app.queue.agenda && !app.queue.agenda_items.is_empty());
    insta::assert_snapshot!("agenda_120x40", screen(&app, 120, 40));
    insta::assert_snapshot!("agenda_80x24", screen(&app, 80, 24));
    typed(&mut app, "t");
    typed(&mut app, "w");
    match &app.overlay {
        Overlay::Info { lines, .. } => assert!(
            lines.last().unwrap().contains("At risk")
                || lines.iter().any(|l| l.contains("of 100 priority"))
        ),
        _ => panic!("why shows the explanation"),
    }
}
